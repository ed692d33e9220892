"""Figure builders. Each returns a plotly figure; explorers update them in place.

Layouts are passed to the constructor (never applied later), so a figure keeps
its size, axes and titles in JupyterLab, in Voila and in stored state.
Every builder has a matching ``*_traces`` function returning only the data,
which is what an explorer sets inside ``fig.batch_update()``.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .palette import DASHES, OKABE_ITO, SERIES
from .plotly_widget import KitFigureWidget

FONT = dict(family="Arial, Helvetica, sans-serif", size=14, color="#222222")


def base_layout(title: str, x_title: str = "", y_title: str = "", *, height: int = 420,
                **extra) -> dict:
    """The kit's common layout: white background, readable font, legend on top."""
    layout = dict(
        title=dict(text=title, x=0.0, xanchor="left"),
        template="simple_white",
        font=FONT,
        height=height,
        margin=dict(l=70, r=30, t=90, b=60),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0.0),
        xaxis=dict(title=dict(text=x_title)),
        yaxis=dict(title=dict(text=y_title)),
        hovermode="closest",
    )
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def make_figure(traces, layout: dict, widget: bool = False):
    """A live figure widget (for explorers; plotly's FigureWidget, see :mod:`lessons.ui.plotly_widget`)
    or a static ``go.Figure``."""
    cls = KitFigureWidget if widget else go.Figure
    return cls(data=[go.Scatter(**t) if isinstance(t, dict) else t for t in traces], layout=layout)


def update_traces(figure, traces, fields=("x", "y", "name", "text")) -> None:
    """Put new trace data into a live figure in one message: for each trace, set the listed
    fields that the new dict has (layout untouched, so size and axes stay as built).

    ``traces`` must hold one entry per trace of the figure, in order: a builder that returns more or fewer
    raises ValueError before any trace changes, instead of leaving traces out silently."""
    traces = list(traces)
    if len(traces) != len(figure.data):
        raise ValueError(f"traces must hold one entry per trace of the figure ({len(figure.data)}); "
                         f"got {len(traces)}")
    with figure.batch_update():
        for trace, new in zip(figure.data, traces, strict=True):
            for field in fields:
                if field in new:
                    setattr(trace, field, new[field])


def line_trace(x, y, name: str, index: int = 0, **extra) -> dict:
    """A line series styled by position: Okabe-Ito colour plus a distinct dash."""
    style = dict(
        x=list(np.asarray(x).tolist()), y=list(np.asarray(y).tolist()), name=name, mode="lines",
        line=dict(color=SERIES[index % len(SERIES)], dash=DASHES[index % len(DASHES)], width=3),
    )
    style.update(extra)
    return style


# -- ROC curve ----------------------------------------------------------------

def roc_traces(fpr, tpr, point_fpr: float, point_tpr: float, *, curve_name: str = "ROC curve",
               point_name: str = "Current threshold") -> list[dict]:
    """The ROC curve, the chance line and the current operating point."""
    return [
        dict(x=[0, 1], y=[0, 1], mode="lines", name="Chance (coin toss)",
             line=dict(color=OKABE_ITO["grey"], dash="dot", width=2), hoverinfo="skip"),
        dict(x=np.asarray(fpr).tolist(), y=np.asarray(tpr).tolist(), mode="lines", name=curve_name,
             line=dict(color=OKABE_ITO["blue"], width=3),
             hovertemplate="false-alarm rate %{x:.2f}<br>sensitivity %{y:.2f}<extra></extra>"),
        dict(x=[point_fpr], y=[point_tpr], mode="markers", name=point_name,
             marker=dict(color=OKABE_ITO["vermillion"], symbol="diamond", size=14,
                         line=dict(width=2, color=OKABE_ITO["black"])),
             hovertemplate="false-alarm rate %{x:.3f}<br>sensitivity %{y:.3f}<extra></extra>"),
    ]


def roc_figure(fpr, tpr, point_fpr: float, point_tpr: float, *, title: str = "ROC curve",
               widget: bool = False):
    layout = base_layout(
        title, "False-alarm rate (1 - specificity)", "Sensitivity",
        height=440,
        xaxis=dict(range=[0, 1], constrain="domain"),
        yaxis=dict(range=[0, 1.02], scaleanchor="x", scaleratio=1),
    )
    return make_figure(roc_traces(fpr, tpr, point_fpr, point_tpr), layout, widget)


def bar_traces(labels, values, *, name: str = "", colours=None, patterns=None, text=None) -> list[dict]:
    """One bar trace; colours default to the outcome palette order, patterns add texture."""
    colours = colours or [SERIES[i % len(SERIES)] for i in range(len(labels))]
    shapes = patterns or ["", "/", "x", ".", "\\", "+", "-"][: len(labels)]
    return [go.Bar(
        x=list(labels), y=list(values), name=name,
        marker=dict(color=colours, pattern=dict(shape=shapes, fgcolor="#ffffff", solidity=0.25)),
        text=text, textposition="outside",
    )]
