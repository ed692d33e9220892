"""Static rendering for readers without a kernel (the ``make html`` pages).

When the environment variable ``LESSONS_STATIC`` is set to 1 (the exporter sets
it for the kernel that runs the notebooks), explorers, quizzes and predictions
display plain HTML instead of live widgets: the figures in their default state
(plotly, drawn by the plotly.js the page carries inline), their text twins, the
controls' starting values, and a note that the controls need a running kernel.
"""

from __future__ import annotations

import html
import os
from abc import ABC, abstractmethod

import plotly.io as pio

STATIC_ENV = "LESSONS_STATIC"
KERNEL_NOTE = (
    "Static copy: the controls below need a running Python kernel. Open this lesson in JupyterLab "
    "(make lab) or on Binder to move them; the figures show their starting state."
)


def is_static() -> bool:
    return os.environ.get(STATIC_ENV, "") == "1"


def figure_html(figure) -> str:
    """A plotly figure as an HTML fragment that relies on plotly.js already on the page.

    A figure of the kit's own (the people grid) gives its own static HTML.
    """
    if hasattr(figure, "static_html"):
        return figure.static_html()
    import plotly.graph_objects as go

    static = go.Figure(figure.to_dict())  # a plain Figure with the same data and layout
    return pio.to_html(static, include_plotlyjs=False, full_html=False,
                       config={"displaylogo": False, "responsive": True})


def controls_html(controls: dict) -> str:
    """The controls' labels and starting values as a definition list."""
    rows = []
    for name, control in controls.items():
        label = getattr(control, "label", None) or getattr(control, "description", None) or name
        value = control.value
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        rows.append(f"<li><strong>{html.escape(str(label))}</strong>: {html.escape(shown)}</li>")
    return "<ul class='kit-static-controls' aria-label='Starting values of the controls'>" + "".join(rows) + "</ul>"


def explorer_html(explorer) -> str:
    parts = ["<section class='kit-static-explorer'>"]
    if explorer.title:
        parts.append(f"<h3>{html.escape(explorer.title)}</h3>")
    parts.append(f"<p class='kit-static-note' role='note'>{html.escape(KERNEL_NOTE)}</p>")
    parts.append(controls_html(explorer.controls))
    for fig, twin in zip(explorer.figures, explorer.twins, strict=True):
        parts.append(figure_html(fig))
        parts.append(f"<div class='kit-text-twin'>{twin.value}</div>")
    extra = getattr(explorer, "counts_text", None)
    if extra is not None:
        parts.append(extra.value)
    parts.append("</section>")
    return "".join(parts)


def question_html(prompt: str, options=None, solution: str = "", summary: str = "Show answer") -> str:
    """A question as static HTML; its ``solution`` (answer and explanation) sits in a collapsed block."""
    items = "".join(f"<li>{html.escape(o)}</li>" for o in (options or []))
    listing = f"<ol type='a'>{items}</ol>" if items else ""
    hidden = (f"<details class='kit-static-answer'><summary>{html.escape(summary)}</summary>"
              f"<p>{html.escape(solution)}</p></details>") if solution else ""
    note = ("Decide on your answer first, then open the block below (or check it in the running notebook)."
            if solution else "Answer and check it in the running notebook.")
    return (f"<section class='kit-static-quiz'><p><strong>{html.escape(prompt)}</strong></p>{listing}"
            f"<p class='kit-static-note' role='note'>{note}</p>{hidden}</section>")


def display_static(fragment: str) -> None:
    from IPython.display import HTML, display

    display(HTML(fragment))


class Displayable(ABC):
    """Shown as live widgets in a notebook with a kernel, and as plain HTML in a static export.

    A subclass gives :meth:`static_html`; :meth:`live_widget` is its ``widget`` unless it says otherwise."""

    @abstractmethod
    def static_html(self) -> str:
        """The HTML shown where there is no kernel."""

    def live_widget(self):
        return self.widget

    def _ipython_display_(self):
        if is_static():
            display_static(self.static_html())
            return
        from IPython.display import display

        display(self.live_widget())
