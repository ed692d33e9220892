"""Widget explorers: controls -> engine -> figures and their text twins.

An explorer owns its controls, its figures (``go.FigureWidget``, built once and
updated in place) and one text twin per figure. A subclass reads as *controls,
figures, compute, draw*: its ``__init__`` adds the controls, ``build_figures``
returns the figures, ``compute`` runs the engine and ``draw`` puts a result into
the figures and twins. The base class owns the set-up: once the constructor
has returned it computes the starting result, adds the figures, draws once and
marks those values drawn (:meth:`Explorer._finish`). ``update()`` is the only
function that redraws after that. It runs when a control changes and does
nothing when the values are the ones already drawn (a browser slider may send
back the value it was given).

Tests drive an explorer exactly as a learner does: set ``control.value`` and
read ``figure.data`` and ``text.value``.
"""

from __future__ import annotations

import html
import inspect
from abc import ABCMeta, abstractmethod

import anywidget
import ipywidgets as widgets
import traitlets

from ..checks import check_int
from ..content.presets import PRESETS
from ..engine.describe import describe_counts, describe_counts_table
from ..engine.metrics import Counts
from ..engine.paths import describe_mark
from ..engine.population import (
    assign,
    counts_from_arrays,
    counts_in_marks,
    draw_uniforms,
    natural_frequency_counts,
    population_from_counts,
)
from ..engine.scenario import DEFAULT_SEED, Scenario
from . import offline
from .assets import asset
from .controls import PREVALENCE, SENSITIVITY, SPECIFICITY, NumberSlider, SliderSpec, dropdown, live_region, text_twin
from .offline import question_html
from .people_grid import PeopleGrid


class MoreControls(anywidget.AnyWidget):
    """A labelled "Show more controls" button (native ``<button>`` with ``aria-expanded``).

    ``expanded`` is True while the extra controls are shown; the explorer hides or shows them.
    """

    _esm = asset("reveal.js")
    _css = asset("reveal.css")
    expanded = traitlets.Bool(False).tag(sync=True)
    label_more = traitlets.Unicode("Show more controls").tag(sync=True)
    label_less = traitlets.Unicode("Show fewer controls").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)


class _Finished(ABCMeta):
    """Metaclass of :class:`Explorer`: after the whole constructor has run (the subclass's ``__init__`` and
    every base's it calls), it runs :meth:`Explorer._finish` once, so no subclass repeats the set-up."""

    def __call__(cls, *args, **kwargs):
        explorer = super().__call__(*args, **kwargs)
        explorer._finish()
        return explorer

    @property
    def __signature__(cls) -> inspect.Signature:
        """The constructor's parameters (what ``help()`` and a notebook's tooltip show), not ``__call__``'s."""
        sig = inspect.signature(cls.__init__)
        return sig.replace(parameters=list(sig.parameters.values())[1:])


class Explorer(offline.Displayable, metaclass=_Finished):
    """Base class of every explorer: controls -> :meth:`compute` -> :meth:`draw` into figures and text twins.

    A subclass's ``__init__`` calls ``super().__init__()``, keeps what ``compute`` needs and adds the
    controls (:meth:`add_control`, or :meth:`add_slider` with a :class:`~lessons.ui.controls.SliderSpec`).
    It implements :meth:`build_figures` (the figures, built from the starting result), :meth:`compute` and
    :meth:`draw`. It never draws itself: when its constructor returns, :meth:`_finish` computes the starting
    result, adds the figures (one text twin each), draws once and marks the values drawn; ``redraws``
    stays 0 until a control changes.
    """

    title: str = ""
    intro: str = ""
    basic: tuple[str, ...] | None = None
    """Names of the controls shown at first (the threshold or the main control). The others sit behind a
    "Show more controls" button. None shows every control at once."""

    def __init__(self):
        self.controls: dict[str, NumberSlider | widgets.ValueWidget] = {}
        self.figures: list = []
        self.twins: list[widgets.HTML] = []
        self.status = widgets.HTML()
        self.status.add_class("kit-explorer-status")
        self.redraws = 0
        self._drawn: tuple | None = None
        self._widget: widgets.Widget | None = None
        self._holding = False

    # -- wiring ---------------------------------------------------------------
    def add_control(self, name: str, control):
        self.controls[name] = control
        control.observe(self._on_change, names="value")
        return control

    def add_slider(self, spec: SliderSpec, value: float) -> NumberSlider:
        """Add the slider ``spec`` describes, starting at ``value``, under the control name ``spec.name``."""
        if not isinstance(spec, SliderSpec):
            raise ValueError(f"spec must be a SliderSpec; got {type(spec).__name__}")
        return self.add_control(spec.name, spec.make(value))

    def add_figure(self, figure) -> widgets.HTML:
        twin = text_twin()
        self.figures.append(figure)
        self.twins.append(twin)
        return twin

    @property
    def figure(self):
        return self.figures[0]

    @property
    def text(self) -> widgets.HTML:
        """The text twin of the first figure."""
        return self.twins[0]

    def values(self) -> dict:
        return {name: c.value for name, c in self.controls.items()}

    def _values_key(self) -> tuple:
        """The control values as one comparable key: what ``_drawn`` records."""
        return tuple(sorted(self.values().items()))

    def _finish(self) -> None:
        """The set-up every explorer shares, run once after its constructor: compute the starting result,
        add the figures :meth:`build_figures` returns (in order, one text twin each), draw once and mark
        these values drawn. Not counted as a redraw."""
        if self._drawn is not None:
            raise RuntimeError(f"{type(self).__name__} is already set up; its values were drawn once")
        first = self.compute(**self.values())
        figures = self.build_figures(first)
        if not isinstance(figures, (list, tuple)):  # a figure alone is iterable too (over its keys)
            raise ValueError(f"build_figures must return a list of figures; got {type(figures).__name__}")
        for figure in figures:
            self.add_figure(figure)
        self.draw(first)
        self._drawn = self._values_key()

    def _on_change(self, change):
        if not self._holding:
            self.update()

    def set_values(self, **values) -> bool:
        """Set several controls at once and redraw once; return True if redrawn."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(
                f"control names must be among {', '.join(self.controls)}; got {', '.join(sorted(unknown))}"
            )
        self._holding = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._holding = False
        return self.update()

    def update(self, force: bool = False) -> bool:
        """Recompute and redraw if the control values changed; return True if redrawn."""
        key = self._values_key()
        if key == self._drawn and not force:
            return False
        try:
            result = self.compute(**self.values())
        except ValueError as err:  # shown, not raised: a learner's typo must not break the page
            self.status.value = f'<p role="alert" class="kit-error">{html.escape(str(err))}</p>'
            return False
        self.status.value = ""
        self.draw(result)
        self._drawn = key
        self.redraws += 1
        return True

    @abstractmethod
    def build_figures(self, first) -> list:
        """The explorer's figures, in order, built from the starting result ``first`` of :meth:`compute`.

        Each gets a text twin; :meth:`draw` then fills figures and twins. Explorers with no figure return []."""

    @abstractmethod
    def compute(self, **values):
        """Run the engine for these control values; raise ValueError on bad input."""

    @abstractmethod
    def draw(self, result) -> None:
        """Put a result of :meth:`compute` into the figures and text twins."""

    # -- display ------------------------------------------------------------------
    @property
    def widget(self) -> widgets.Widget:
        if self._widget is None:
            parts = []
            if self.title:
                heading = widgets.HTML(f"<h3 class='kit-explorer-title'>{html.escape(self.title)}</h3>")
                parts.append(heading)
            if self.intro:
                parts.append(widgets.HTML(f"<p>{html.escape(self.intro)}</p>"))
            parts.extend(self._control_parts())
            parts.append(self.status)
            for fig, twin in zip(self.figures, self.twins, strict=True):
                parts.extend([fig, twin])
            parts.extend(self.extra_parts())
            self._widget = widgets.VBox(parts)
            self._widget.add_class("kit-explorer")
        return self._widget

    def basic_controls(self) -> tuple[str, ...]:
        """The names of the controls shown at first, in the order shown (all of them when ``basic`` is None)."""
        if self.basic is None:
            return tuple(self.controls)
        names = tuple(self.basic)
        unknown = [n for n in names if n not in self.controls]
        if not names or unknown or len(set(names)) != len(names):
            raise ValueError(f"basic must name one or more different controls among {', '.join(self.controls)}; "
                             f"got {names!r}")
        return names

    def _control_parts(self) -> list:
        shown = self.basic_controls()
        extra = [c for name, c in self.controls.items() if name not in shown]
        parts = [widgets.VBox([self.controls[name] for name in shown])]
        if not extra:
            return parts
        n = len(extra)
        self.more = MoreControls(label_more=f"Show more controls ({n} more)",
                                 label_less=f"Hide the {n} extra controls")
        self.more_box = widgets.VBox(extra, layout=widgets.Layout(display="none"))
        self.more_box.add_class("kit-more-controls")

        def reveal(change):
            self.more_box.layout.display = None if change["new"] else "none"

        self.more.observe(reveal, names="expanded")
        return parts + [self.more, self.more_box]

    def extra_parts(self) -> list:
        """Widgets shown after the figures and their text twins (none unless a subclass adds some)."""
        return []

    def static_html(self) -> str:
        return offline.explorer_html(self)


class ScreeningExplorer(Explorer):
    """Prevalence, sensitivity and specificity -> a people grid, the four counts and a text twin.

    population: people screened (1 to 10,000,000). marks: icons drawn (each
    stands for population / marks people when the population is larger).
    simulate: False shows natural frequencies (expected counts rounded to whole
    people); True draws the people once with ``seed`` and re-assigns them on
    every change (common random numbers), so counts wobble as real ones do.
    """

    def __init__(self, prevalence: float = 0.10, sensitivity: float = 0.88, specificity: float = 0.85,
                 population: int = 1000, *, simulate: bool = False, marks: int = 1000,
                 seed: int = DEFAULT_SEED, preset: str | None = None):
        super().__init__()
        if preset is not None:
            p = PRESETS.get(preset)
            if p is None:
                raise ValueError(f"preset must be one of {', '.join(PRESETS)}; got {preset!r}")
            prevalence, sensitivity, specificity = p.prevalence, p.sensitivity, p.specificity
        self.scenario = Scenario(prevalence, sensitivity, specificity, population, seed)  # validates
        self.population = population
        self.marks = check_int("marks", marks, low=1, high=min(population, 10_000))
        self._draws = draw_uniforms(population, seed) if simulate else None
        self.title = f"Screening explorer: {population:,} people"
        self.add_slider(PREVALENCE, prevalence)
        self.add_slider(SENSITIVITY, sensitivity)
        self.add_slider(SPECIFICITY, specificity)
        self.counts_text = widgets.HTML()

    def build_figures(self, first: Counts) -> list:
        population = self.population
        if self.marks == population:
            title = f"{population:,} people screened, one mark each"
        else:
            title = f"{population:,} people screened; each mark stands for {population / self.marks:,.0f}"
        per_mark = population / self.marks
        return [PeopleGrid(self._marks_population(first).outcome, title=title, per_mark=per_mark,
                           counts=[first.tp, first.fn, first.fp, first.tn],
                           description="People grouped by outcome: correctly flagged, missed, false alarms, "
                                       "correctly cleared.",
                           describe=lambda i, code: describe_mark(code, i, per_mark))]

    def compute(self, prevalence, sensitivity, specificity) -> Counts:
        if self._draws is None:
            return natural_frequency_counts(
                Scenario(prevalence, sensitivity, specificity, self.population, self.scenario.seed))
        return counts_from_arrays(*assign(*self._draws, prevalence, sensitivity, specificity))

    def _marks_population(self, counts: Counts):
        shown = counts if self.marks == self.population else counts_in_marks(counts, self.marks)
        return population_from_counts(shown, self.scenario)

    def draw(self, counts: Counts):
        self.figure.set_codes(self._marks_population(counts).outcome, [counts.tp, counts.fn, counts.fp, counts.tn])
        self.counts = counts
        self.text.value = live_region(describe_counts(counts))
        self.counts_text.value = (
            "<pre class='kit-counts' aria-label='The four counts'>"
            + html.escape(describe_counts_table(counts)) + "</pre>"
        )

    def extra_parts(self) -> list:
        return [self.counts_text]


def operating_point(preset) -> dict:
    """A sourced preset's prevalence, sensitivity and specificity, keyed by control name."""
    return {"prevalence": preset.prevalence, "sensitivity": preset.sensitivity,
            "specificity": preset.specificity}


class PresetPicker(offline.Displayable):
    """A labelled drop-down of presets that sets several of an explorer's controls with one redraw.

    presets: mapping key -> preset; each preset has ``.label`` and ``.describe()`` (its numbers,
    whether they are sourced, derived or illustrative, and the source). Defaults to the sourced
    operating points in :data:`lessons.content.presets.PRESETS`; ``keys`` picks some of them.
    settings: preset -> {control name: value}; only names the explorer has are set.
    note: an HTML widget the description is written to (pickers may share one).
    note_prefix / note_suffix: text put before / after the preset's description in the note.
    """

    def __init__(self, explorer: Explorer, keys=None, *, presets=None, label: str = "Preset operating point",
                 settings=operating_point, placeholder: str = "(choose a preset)", note_prefix: str = "",
                 note: widgets.HTML | None = None, help: str = "", note_suffix: str = ""):
        presets = PRESETS if presets is None else presets
        keys = list(presets if keys is None else keys)
        for key in keys:
            if key not in presets:
                raise ValueError(f"preset must be one of {', '.join(presets)}; got {key!r}")
        self.explorer, self.presets, self.keys = explorer, presets, tuple(keys)
        self.settings, self.note_prefix, self.note_suffix = settings, note_prefix, note_suffix
        options = [(placeholder, "")] + [(presets[k].label, k) for k in self.keys]
        self.dropdown = dropdown(label, options, "", help=help)
        self.note = note if note is not None else widgets.HTML()
        self.dropdown.observe(lambda change: self.apply(change["new"]), names="value")

    def apply(self, key: str) -> bool:
        """Load preset ``key`` into the explorer ("" clears the note); return True if it redrew."""
        if not key:
            self.note.value = ""
            return False
        if key not in self.keys:
            raise ValueError(f"key must be one of {', '.join(self.keys)}; got {key!r}")
        preset = self.presets[key]
        values = {k: v for k, v in self.settings(preset).items() if k in self.explorer.controls}
        redrawn = self.explorer.set_values(**values)
        self.note.value = f"<p>{html.escape(self.note_prefix + preset.describe() + self.note_suffix)}</p>"
        return redrawn

    @property
    def widget(self):
        return widgets.VBox([self.dropdown, self.note])

    def static_html(self) -> str:
        return question_html(self.dropdown.description, [label for label, key in self.dropdown.options if key])
