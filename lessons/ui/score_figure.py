"""The two hills and the threshold, drawn: the figure under every threshold slider, and its explorer.

:func:`score_traces` turns one or more :class:`lessons.engine.scores.ScoreSplit` panels into plotly
traces: per panel, each hill's outline and its two halves (below / at or above the threshold) filled
in the outcome's colour *and* pattern, plus one threshold line across the whole figure. The trace
list has the same length and order for any threshold, so an explorer only resends x and y.

`TwoHillsExplorer` is the configurable explorer: a lesson gives it its controls and a function
from control values to panels (``compute``); lesson 00 uses it for one score, lessons 01, 06 and 07
for the chatbot's crisis score, two groups and a drifting month.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from ..checks import check_int, check_real
from ..engine.scores import BIN, SCALES, ScoreSplit, describe_splits
from .controls import live_region
from .explorers import Explorer
from .figures import base_layout, make_figure
from .palette import OKABE_ITO, OUTCOME_STYLE

FILL_PATTERN = {
    # outcome: plotly fill-pattern shape (colour is never the only signal)
    "correctly flagged": "+",
    "missed": "x",
    "false alarm": "/",
    "correctly cleared": ".",
}

TRACES_PER_PANEL = 7
"""Per panel: outline not in need, outline in need, the four outcome areas, the threshold line."""


def _grid(x_range, threshold: float, points: int):
    lo, hi = x_range
    x = np.linspace(lo, hi, points)
    t = min(max(threshold, lo), hi)
    left = np.concatenate((x[x < t], [t]))
    right = np.concatenate(([t], x[x > t]))
    return x, left, right


def _area_name(outcome: str, count: float, show_counts: bool) -> str:
    label = OUTCOME_STYLE[outcome][2]
    return f"{label}: {round(count):,}" if show_counts else label


def score_traces(splits, x_range=(-4.0, 7.0), *, scale: str = "people", points: int = 241,
                 show_counts: bool = True) -> list[dict]:
    """Traces for ``splits`` (one panel each, stacked top to bottom), each with its threshold line.

    x_range: the scores drawn (the figure's x axis). scale: ``people`` (areas are people) or
    ``share`` (each hill the same size). Heights are per :data:`lessons.engine.scores.BIN` of score.
    """
    splits = tuple(splits)
    if not splits or not all(isinstance(s, ScoreSplit) for s in splits):
        raise ValueError("splits must hold at least one ScoreSplit")
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(SCALES)}; got {scale!r}")
    lo = check_real("x_range[0]", x_range[0], low=-20.0, high=20.0)
    hi = check_real("x_range[1]", x_range[1], low=lo, high=20.0, low_open=True)
    points = check_int("points", points, low=11, high=10_000)
    unit = "people" if scale == "people" else "share of the group"
    traces = []
    for i, split in enumerate(splits):
        axis = "y" if i == 0 else f"y{i + 1}"
        first = i == 0
        x, left, right = _grid((lo, hi), split.threshold, points)
        areas = split.areas()
        where = f" ({split.name})" if split.name else ""
        for hill, dash, colour in ((split.no_need, "dash", OKABE_ITO["black"]),
                                   (split.need, "solid", OKABE_ITO["black"])):
            traces.append(dict(
                x=x.tolist(), y=np.round(hill.heights(x, scale), 6).tolist(), mode="lines", yaxis=axis,
                name="Scores of people who need help" if hill.needs_help else
                     "Scores of people who do not need help",
                legendgroup=hill.label, showlegend=first,
                line=dict(color=colour, dash=dash, width=2),
                hovertemplate=f"score %{{x:.2f}}<br>%{{y:.3g}} {unit} per {BIN:g} of score"
                              f"<extra>{html.escape(hill.label)}</extra>"))
        for outcome, hill, part in (("correctly cleared", split.no_need, left),
                                    ("false alarm", split.no_need, right),
                                    ("missed", split.need, left),
                                    ("correctly flagged", split.need, right)):
            colour = OUTCOME_STYLE[outcome][0]
            traces.append(dict(
                x=part.tolist(), y=np.round(hill.heights(part, scale), 6).tolist(), mode="lines", yaxis=axis,
                fill="tozeroy", fillcolor="rgba(0,0,0,0)",
                fillpattern=dict(shape=FILL_PATTERN[outcome], fgcolor=colour, bgcolor=_tint(colour),
                                 size=8, solidity=0.35),
                line=dict(color=colour, width=0.5),
                name=_area_name(outcome, areas[outcome], show_counts and len(splits) == 1),
                legendgroup=outcome, showlegend=first,
                hovertemplate=f"{OUTCOME_STYLE[outcome][2]}{where}: {round(areas[outcome]):,} people"
                              "<extra></extra>"))
        top = 1.08 * max(float(np.max(h.heights(x, scale))) for h in split.hills)
        t = split.threshold
        traces.append(dict(
            x=[t, t], y=[0.0, round(top, 6)], mode="lines", yaxis=axis, legendgroup="threshold",
            showlegend=first, name=(f"Threshold: {t:.2f} (flagged at or above)" if len(splits) == 1
                                    or len({s.threshold for s in splits}) == 1 else "Threshold (flagged at or above)"),
            line=dict(color=OKABE_ITO["black"], width=3, dash="dot"),
            hovertemplate=f"threshold %{{x:.2f}}<extra>{html.escape(split.name)}</extra>"))
    return traces


def _tint(colour: str, alpha: float = 0.35) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def score_layout(splits, x_range=(-4.0, 7.0), *, title: str, scale: str = "people",
                 x_title: str = "Risk score (illustrative scale): higher means the AI rates the need higher") -> dict:
    """Panels stacked top to bottom, a shared score axis and hill heights autoscaled."""
    splits = tuple(splits)
    n = len(splits)
    gap = 0.08 if n > 1 else 0.0
    height = (1.0 - gap * (n - 1)) / n
    unit = "People" if scale == "people" else "Share of the group"
    layout = base_layout(title, x_title, height=300 + 170 * n, margin=dict(t=130),
                         legend=dict(y=1.02),
                         xaxis=dict(range=list(x_range), zeroline=False, anchor="y" if n == 1 else f"y{n}"))
    for i, split in enumerate(splits):
        top = 1.0 - i * (height + gap)
        key = "yaxis" if i == 0 else f"yaxis{i + 1}"
        layout[key] = dict(domain=[max(top - height, 0.0), top], rangemode="tozero", autorange=True,
                           title=dict(text=f"{split.name}<br>{unit.lower()} per {BIN:g}" if split.name
                                      else f"{unit} per {BIN:g}"), fixedrange=True)
    return layout


def score_figure(splits, x_range=(-4.0, 7.0), *, title: str, scale: str = "people", widget: bool = False,
                 show_counts: bool = True):
    """The two-hills figure (a live widget for explorers, or a static ``go.Figure``)."""
    return make_figure(score_traces(splits, x_range, scale=scale, show_counts=show_counts),
                       score_layout(splits, x_range, title=title, scale=scale), widget)


class TwoHillsExplorer(Explorer):
    """Controls -> score panels (the two hills, the threshold, the four areas), counts and a text twin.

    controls: (name, control) pairs. compute: a function of the control values returning one
    :class:`ScoreSplit` or a tuple of them (one panel each; the same number every time).
    scale: ``people`` or ``share`` (see :data:`lessons.engine.scores.SCALES`). screened: the words
    for who is scored in the text twin ("people screened", "conversations"). describe: a function of the
    panels returning the text twin (default: :func:`lessons.engine.scores.describe_splits`).
    """

    def __init__(self, controls, compute, *, title: str, figure_title: str, intro: str = "",
                 x_range=(-4.0, 7.0), scale: str = "people", screened: str = "people screened",
                 describe=None):
        super().__init__()
        self.title, self.intro = title, intro
        self._compute, self.x_range, self.scale, self.screened = compute, tuple(x_range), scale, screened
        self._describe = describe or (lambda splits: describe_splits(splits, screened=screened))
        self.figure_title = figure_title
        for name, control in controls:
            self.add_control(name, control)

    def build_figures(self, first) -> list:
        self.panels = len(first)
        return [score_figure(first, self.x_range, title=self.figure_title, scale=self.scale, widget=True)]

    def compute(self, **values) -> tuple[ScoreSplit, ...]:
        result = self._compute(**values)
        splits = (result,) if isinstance(result, ScoreSplit) else tuple(result)
        if self.figures and len(splits) != self.panels:
            raise ValueError(f"compute must return {self.panels} panels; got {len(splits)}")
        return splits

    def draw(self, splits) -> None:
        self.splits = splits
        traces = score_traces(splits, self.x_range, scale=self.scale)
        with self.figure.batch_update():
            for trace, new in zip(self.figure.data, traces, strict=True):
                trace.x, trace.y, trace.name = new["x"], new["y"], new["name"]
                if "hovertemplate" in new:
                    trace.hovertemplate = new["hovertemplate"]
        self.text.value = live_region(self._describe(splits))

    @property
    def counts(self):
        """The counts of the first panel."""
        return self.splits[0].counts

    @property
    def widget(self):
        if self._widget is None:
            _ = super().widget  # builds the base layout into self._widget
            children = list(self._widget.children)
            children.insert(children.index(self.figure) + 1, scale_note(self.scale))
            self._widget.children = tuple(children)
        return self._widget


def scale_text(scale: str) -> str:
    """One sentence saying what the hills' heights mean."""
    return ("Each hill is as large as its group: the area of a coloured part is the number of people in it."
            if scale == "people" else
            "Each hill is drawn the same size, so a small group stays visible: the area of a coloured part is "
            "the share of its own group; the text below gives the numbers of people.")


def scale_note(scale: str) -> widgets.HTML:
    """:func:`scale_text` as a paragraph under the figure."""
    return widgets.HTML(f"<p class='kit-figure-note'>{html.escape(scale_text(scale))}</p>")
