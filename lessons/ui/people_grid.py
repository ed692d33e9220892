"""The people grid: one mark per person, walkable by keyboard, each mark opening that person's path.

:class:`PeopleGrid` is an anywidget (front end: ``assets/people_grid.js`` and ``.css``). Each mark has its
outcome's colour AND shape (:data:`lessons.ui.palette.OUTCOME_STYLE`); the legend names each outcome with
its count above the marks (it never covers the title). The grid is one focusable element (``role="grid"``)
with a screen-reader description: arrow keys move between people, Home/End go to the ends of a row,
Enter or a click opens that person's path, written by the engine into a live region (the grid's own text
twin).

Updates are sent as runs of outcome codes (``[[code, how many], ...]``): a grid grouped by outcome is four
pairs whatever its size, and the front end redraws only the marks whose outcome changed. The marks reflow
to the width they have, in whole cells, so they never overlap.

:class:`MeetExplorer` shows one person of the cast (:mod:`lessons.content.cast`) in a lesson's scenario,
with the lesson's own control, so a slider change can change what happens to them.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import anywidget
import ipywidgets as widgets
import numpy as np
import traitlets

from ..checks import check_int
from ..content.cast import FICTION_NOTE, HELP_LINE, Person
from . import offline
from .assets import asset as _asset
from .controls import live_region
from .palette import OUTCOME_STYLE

_ESM = _asset("people_grid.js")
_CSS = _asset("people_grid.css")

MAX_MARKS = 10_000
"""Most marks one grid draws."""

SHAPES = {"circle": "circle", "x": "cross", "triangle-up": "triangle", "circle-open": "ring"}
"""Plotly marker symbol of :data:`OUTCOME_STYLE` -> the grid's shape name (drawn by people_grid.js)."""

KEYS_HELP = ("Arrow keys move between people, Home and End go to the start and end of a row, "
             "Enter or a click opens that person's path.")


def runs_of(codes) -> list[list[int]]:
    """Run-length code of a sequence of outcome codes: [[code, count], ...] (what the grid sends)."""
    codes = np.asarray(codes, dtype=np.int8).ravel()
    if codes.size == 0:
        return []
    cuts = np.flatnonzero(np.diff(codes)) + 1
    starts = np.concatenate(([0], cuts))
    lengths = np.diff(np.concatenate((starts, [codes.size])))
    return [[int(codes[s]), int(n)] for s, n in zip(starts, lengths)]


def codes_of(runs) -> np.ndarray:
    """Inverse of :func:`runs_of`."""
    if not runs:
        return np.zeros(0, dtype=np.int8)
    return np.repeat(np.array([r[0] for r in runs], dtype=np.int8), [r[1] for r in runs])


class PeopleGrid(anywidget.AnyWidget):
    """A grid of people, one mark each, coloured and shaped by outcome.

    describe: called as ``describe(index, code)`` when a learner opens mark ``index`` (0-based); returns
    that person's path as plain text (paragraphs split by blank lines). counts: the legend's count for
    each outcome (defaults to the marks; pass the people counts when a mark stands for several people).
    """

    _esm = _ESM
    _css = _CSS
    runs = traitlets.List().tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    shapes = traitlets.List(traitlets.Unicode()).tag(sync=True)
    colours = traitlets.List(traitlets.Unicode()).tag(sync=True)
    counts = traitlets.List(traitlets.Float()).tag(sync=True)
    per_mark = traitlets.Float(1.0).tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    selected = traitlets.Int(-1).tag(sync=True)
    detail = traitlets.Unicode("").tag(sync=True)

    def __init__(self, codes, *, title: str, description: str = "",
                 describe: Callable[[int, int], str] | None = None, counts=None, per_mark: float = 1.0,
                 **kwargs):
        if not title:
            raise ValueError("title must be a non-empty text; got ''")
        styles = list(OUTCOME_STYLE.values())
        super().__init__(labels=[s[2] for s in styles], shapes=[SHAPES[s[1]] for s in styles],
                         colours=[s[0] for s in styles], title=title, description=description,
                         per_mark=float(per_mark), **kwargs)
        self._describe = describe
        self.draws = 0
        self.set_codes(codes, counts)

    @property
    def codes(self) -> np.ndarray:
        """Outcome code of each mark (0 correctly flagged, 1 missed, 2 false alarm, 3 correctly cleared)."""
        return self._codes

    @property
    def size(self) -> int:
        return int(self._codes.size)

    def legend(self) -> dict[str, float]:
        """Label -> count, as the legend shows them."""
        return dict(zip(self.labels, self.counts))

    def set_codes(self, codes, counts=None) -> bool:
        """Show these outcome codes; returns True if anything sent to the browser changed."""
        codes = np.asarray(codes)
        if codes.ndim != 1 or not 1 <= codes.size <= MAX_MARKS:
            raise ValueError(f"codes must hold 1 to {MAX_MARKS:,} marks; got shape {codes.shape}")
        if not np.all(np.isin(codes, (0, 1, 2, 3))):
            raise ValueError(f"codes must be outcome codes 0 to 3; got {sorted(set(codes.tolist()) - {0, 1, 2, 3})}")
        codes = codes.astype(np.int8)
        if counts is None:
            counts = np.bincount(codes, minlength=4)
        counts = [float(c) for c in counts]
        if len(counts) != 4 or any(not np.isfinite(c) or c < 0 for c in counts):
            raise ValueError(f"counts must be four numbers of people of 0 or more; got {counts!r}")
        runs = runs_of(codes)
        changed = runs != self.runs or counts != list(self.counts)
        self._codes = codes
        if changed:
            with self.hold_sync():
                self.runs = runs
                self.counts = counts
                if self.selected >= codes.size:
                    self.selected = -1
                self._refresh_detail()
            self.draws += 1
        return changed

    def open_person(self, index: int) -> str:
        """Open mark ``index`` as a click or Enter does; return its path text."""
        self.selected = check_int("index", index, low=0, high=self.size - 1)
        return self.detail

    @traitlets.observe("selected")
    def _on_selected(self, change):
        self._refresh_detail()

    def _refresh_detail(self):
        i = self.selected
        if i < 0 or i >= self.size or self._describe is None:
            self.detail = ""
            return
        self.detail = self._describe(i, int(self._codes[i]))

    # -- static pages -------------------------------------------------------------
    def static_html(self, columns: int = 40) -> str:
        """An inline SVG of the marks with the legend and description (for pages without a kernel)."""
        cell = 12
        n = self.size
        rows = -(-n // columns)
        marks = []
        for i, code in enumerate(self._codes.tolist()):
            x, y = (i % columns) * cell, (i // columns) * cell
            marks.append(_shape_svg(self.shapes[code], self.colours[code], x, y, cell))
        legend = "".join(
            f"<li>{_shape_svg(s, c, 0, 0, 14, standalone=True)} {html.escape(label)}: {count:,.0f}</li>"
            for s, c, label, count in zip(self.shapes, self.colours, self.labels, self.counts))
        return (f"<figure class='kit-people-static'><figcaption><strong>{html.escape(self.title)}</strong>"
                f"</figcaption><ul class='kit-people-legend'>{legend}</ul>"
                f"<svg role='img' aria-label='{html.escape(self.title)}' width='{columns * cell}' "
                f"height='{rows * cell}' viewBox='0 0 {columns * cell} {rows * cell}'>{''.join(marks)}</svg>"
                f"<p>{html.escape(self.description)}</p></figure>")


def _shape_svg(shape: str, colour: str, x: float, y: float, cell: float, standalone: bool = False) -> str:
    """One mark as SVG (the same shapes people_grid.js draws)."""
    c, r = cell / 2, cell * 0.38
    cx, cy = x + c, y + c
    if shape == "circle":
        body = f"<circle cx='{cx}' cy='{cy}' r='{r}' fill='{colour}'/>"
    elif shape == "ring":
        body = f"<circle cx='{cx}' cy='{cy}' r='{r - 1}' fill='none' stroke='{colour}' stroke-width='2'/>"
    elif shape == "cross":
        body = (f"<path d='M{cx - r},{cy - r}L{cx + r},{cy + r}M{cx - r},{cy + r}L{cx + r},{cy - r}' "
                f"stroke='{colour}' stroke-width='2.5'/>")
    else:
        body = f"<path d='M{cx},{cy - r}L{cx + r},{cy + r}L{cx - r},{cy + r}Z' fill='{colour}'/>"
    if standalone:
        return f"<svg width='{cell}' height='{cell}' aria-hidden='true'>{body}</svg>"
    return body


# -- meeting one person --------------------------------------------------------------------

class MeetExplorer(offline.Displayable):
    """One person of the cast in a lesson's scenario: the lesson's control, and their path as a text twin.

    person: a :class:`lessons.content.cast.Person`. controls: {name: NumberSlider} (the lesson's own).
    path: called with the controls' values as keywords; returns an object with ``describe()`` (a path from
    :mod:`lessons.engine.paths`).
    """

    def __init__(self, person: Person, controls: dict, path: Callable, *, setting: str = ""):
        from .explorers import Explorer

        explorer = self

        class _Meet(Explorer):
            """The person's controls and one text twin (their path); no figure."""

            title = f"Meet {person.name}"
            intro = f"{person.story} {FICTION_NOTE}"

            def __init__(self):
                super().__init__()
                for name, control in controls.items():
                    self.add_control(name, control)
                self.twins.append(_twin())

            def build_figures(self, first) -> list:
                return []

            def compute(self, **values):
                return path(**values)

            def draw(self, result):
                explorer.path = result
                self.text.value = live_region(result.describe())

        self.person = person
        self.setting = setting
        self.path = None
        self._explorer = _Meet()

    @property
    def controls(self):
        return self._explorer.controls

    @property
    def text(self):
        return self._explorer.text

    @property
    def redraws(self) -> int:
        return self._explorer.redraws

    def set_values(self, **values) -> bool:
        return self._explorer.set_values(**values)

    @property
    def widget(self):
        if getattr(self, "_widget", None) is None:
            parts = [widgets.HTML(f"<h3 class='kit-explorer-title'>Meet {html.escape(self.person.name)}</h3>"),
                     widgets.HTML(f"<p>{html.escape(self.person.story)}</p>"
                                  + (f"<p>{html.escape(self.setting)}</p>" if self.setting else "")
                                  + f"<p class='kit-fiction-note'><em>{html.escape(FICTION_NOTE)}</em></p>"),
                     widgets.VBox(list(self.controls.values())), self._explorer.status, self.text,
                     widgets.HTML(f"<p>{html.escape(self.person.hope)} {html.escape(HELP_LINE)}</p>")]
            self._widget = widgets.VBox(parts)
            self._widget.add_class("kit-explorer")
            self._widget.add_class("kit-meet")
        return self._widget

    def static_html(self) -> str:
        return (f"<section class='kit-static-explorer'><h3>Meet {html.escape(self.person.name)}</h3>"
                f"<p>{html.escape(self.person.story)}</p><p><em>{html.escape(FICTION_NOTE)}</em></p>"
                f"<p class='kit-static-note' role='note'>{html.escape(offline.KERNEL_NOTE)}</p>"
                + offline.controls_html(self.controls)
                + f"<div class='kit-text-twin'>{self.text.value}</div>"
                f"<p>{html.escape(self.person.hope)} {html.escape(HELP_LINE)}</p></section>")


def _twin():
    from .controls import text_twin

    return text_twin()
