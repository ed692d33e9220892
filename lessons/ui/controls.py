"""Accessible controls for the explorers.

:class:`NumberSlider` is one widget holding a labelled native range input and
its numeric-entry twin. Native ``<input type="range">`` and
``<input type="number">`` elements have an accessible name (from their
``<label>``), work with the keyboard (arrows, Page Up/Down, Home/End; typing a
number and pressing Enter) and need no code from the internet: the front end
is a few lines of JavaScript shipped with the package (``assets/number_slider.js``, an anywidget).

Slow machines. anywidget (0.9-0.11) gives each model 2 seconds from its creation to load its module;
a model that misses the limit is still drawn and still sends the learner's changes to Python, but drops
every later change FROM Python, so a preset or a reset would leave its sliders showing old values.
Measured with tests/browser/test_browser_slow.py's timeline (lesson 01 at 20x CPU throttling): the
controls start several seconds after their models are created, and whether anywidget's own 2 s timer,
which runs on the same slowed page, fires first is a race that a busy machine loses; that test therefore
also shuts every model's window on purpose. Every control here is a
:class:`KitControl`: its front end (``assets/control_channel.js``, put in front of the control's own
code) reads the model's messages straight from its channel, past anywidget's gate, then says "hello";
Python answers with the control's whole state and "synced". A control that gets no answer says so in
words on the page and offers a "Try again" button.
"""

from __future__ import annotations

import dataclasses
import math
import uuid

import anywidget
import ipywidgets as widgets
import traitlets

from ..checks import check_real
from .assets import asset as _asset

_CHANNEL_ESM = _asset("direct_messages.js") + "\n" + _asset("control_channel.js")
_CHANNEL_CSS = _asset("control_channel.css")

_ESM = _CHANNEL_ESM + "\n" + _asset("number_slider.js")

_CSS = _CHANNEL_CSS + "\n" + _asset("number_slider.css")


def step_digits(step: float) -> int:
    """Number of decimals of a slider step (0.01 -> 2, 100 -> 0)."""
    text = f"{step:.10f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


class KitControl(anywidget.AnyWidget):
    """An anywidget whose Python-side changes reach the browser however slowly the page loaded.

    Subclasses list in ``_kit_state`` the traits the browser shows; when the front end says "hello"
    (it has taken its messages past anywidget's gate), :meth:`_kit_hello` sends those again and "synced".
    Each control carries its own model id (``_kit_model_id``) so the front end can find its model.
    """

    _kit_model_id = traitlets.Unicode("").tag(sync=True)
    _kit_state: tuple[str, ...] = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_msg(self._kit_on_msg)

    def open(self):
        """Open the comm with an id chosen here, so the front end can look its own model up."""
        if self.comm is None:
            if self._model_id is None:
                self._model_id = uuid.uuid4().hex
            self._kit_model_id = self._model_id
        super().open()

    def _kit_on_msg(self, _widget, content, _buffers=None):
        if isinstance(content, dict) and content.get("kit") == "hello":
            self._kit_hello()

    def _kit_hello(self) -> None:
        """The front end now hears every message: send what it shows again (some may have been lost)."""
        self.send_state(list(self._kit_state))
        self.send({"kit": "synced"})


class NumberSlider(KitControl):
    """A labelled slider with a numeric-entry twin, as one accessible widget.

    ``value`` is clipped to [min, max] and rounded to the step's decimals, so a
    browser that sends back 0.09999999999999999 for 0.1 gives 0.1 here.
    """

    _esm = _ESM
    _css = _CSS
    value = traitlets.Float(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(1.0).tag(sync=True)
    step = traitlets.Float(0.01).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    help = traitlets.Unicode("").tag(sync=True)
    unit = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    _kit_state = ("value", "min", "max", "step", "label", "help", "unit", "disabled")

    def __init__(self, label: str, value: float, min: float, max: float, step: float,
                 help: str = "", unit: str = "", name: str | None = None, **kwargs):
        if not label:
            raise ValueError("label must be a non-empty text; got ''")
        lo = check_real("min", min)
        hi = check_real("max", max)
        if hi <= lo:
            raise ValueError(f"max must be greater than min ({lo!r}); got {hi!r}")
        st = check_real("step", step, low=0.0, high=hi - lo, low_open=True)
        check_real(label, value, low=lo, high=hi)
        super().__init__(label=label, min=lo, max=hi, step=st, help=help, unit=unit, **kwargs)
        self.name = name or label
        self.value = value

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        v = proposal["value"]
        if math.isnan(v):
            return self.value
        v = min(max(v, self.min), self.max)
        return round(v, step_digits(self.step))


@dataclasses.dataclass(frozen=True)
class SliderSpec:
    """What a :class:`NumberSlider` shows, without its starting value: control name, label, range, step, help.

    An explorer adds one with ``self.add_slider(spec, value)``. Calling a spec with keywords gives a copy with
    those fields changed, so an explorer keeps a shared spec's words and overrides only what differs:
    ``SENSITIVITY(label="Sensitivity of your tool", help=...)``. The fields are checked here, so a wrong
    spec fails where it is written; the starting value is checked by :meth:`make`.
    """

    name: str
    label: str
    min: float
    max: float
    step: float
    help: str = ""
    unit: str = ""

    def __post_init__(self):
        for field in ("name", "label"):
            value = getattr(self, field)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{field} must be a non-empty text; got {value!r}")
        for field in ("help", "unit"):
            if not isinstance(getattr(self, field), str):
                raise ValueError(f"{field} must be a text; got {getattr(self, field)!r}")
        lo = check_real("min", self.min)
        hi = check_real("max", self.max)
        if hi <= lo:
            raise ValueError(f"max must be greater than min ({lo!r}); got {hi!r}")
        check_real("step", self.step, low=0.0, high=hi - lo, low_open=True)

    def __call__(self, **changes) -> SliderSpec:
        """A copy with ``changes`` (any of name, label, min, max, step, help, unit)."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ValueError(f"changes must name fields among {', '.join(f.name for f in dataclasses.fields(self))}; "
                             f"got {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **changes)

    def make(self, value: float) -> NumberSlider:
        """The slider, starting at ``value`` (within [min, max])."""
        return NumberSlider(self.label, value, self.min, self.max, self.step, help=self.help, unit=self.unit)


# The screening trio: prevalence, sensitivity, specificity (shares from 0 to 1). Explorers override the words
# where their setting differs ("the tool", "your tool", referrals who need a clinician).
PREVALENCE = SliderSpec(
    "prevalence", "Prevalence (share who need help)", 0.0, 1.0, 0.001,
    help="Share of the screened people who truly need help.")
SENSITIVITY = SliderSpec(
    "sensitivity", "Sensitivity (share of those in need flagged)", 0.0, 1.0, 0.001,
    help="Of the people who need help, the share the AI flags.")
SPECIFICITY = SliderSpec(
    "specificity", "Specificity (share of the others not flagged)", 0.0, 1.0, 0.001,
    help="Of the people who do not need help, the share the AI leaves unflagged.")
AI_SENSITIVITY = SENSITIVITY(label="AI sensitivity (share of those in need flagged)")
AI_SPECIFICITY = SPECIFICITY(label="AI specificity (share of the others not flagged)")
"""The same two sliders named for the AI, where a lesson also has a clinician or a route."""


_SELECT_ESM = _CHANNEL_ESM + "\n" + _asset("select.js")

_SELECT_CSS = _CHANNEL_CSS + "\n" + _asset("select.css")


class Select(KitControl):
    """A labelled native ``<select>``: the keyboard (arrows, letters) stays in it in JupyterLab too.

    Same Python surface as the ipywidgets Dropdown the kit used: ``options`` (labels, or
    (label, value) pairs), ``value``, ``description``, ``observe(..., names="value")``.
    """

    _esm = _SELECT_ESM
    _css = _SELECT_CSS
    _options = traitlets.List(traitlets.Unicode()).tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    help = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    value = traitlets.Any(None)
    _kit_state = ("_options", "index", "description", "help", "disabled")

    def __init__(self, options, value=None, description: str = "", help: str = "", **kwargs):
        pairs = [(o, o) if isinstance(o, str) else (str(o[0]), o[1]) for o in options]
        if not pairs:
            raise ValueError("options must hold at least one option; got []")
        self.options = pairs
        super().__init__(_options=[label for label, _ in pairs], description=description, help=help, **kwargs)
        self.value = pairs[0][1] if value is None else value

    @property
    def label(self) -> str:
        return self.options[self.index][0]

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        values = [v for _, v in self.options]
        if proposal["value"] not in values:
            raise traitlets.TraitError(f"value must be one of {values!r}; got {proposal['value']!r}")
        return proposal["value"]

    @traitlets.observe("value")
    def _value_to_index(self, change):
        index = [v for _, v in self.options].index(change["new"])
        if index != self.index:
            self.index = index

    @traitlets.observe("index")
    def _index_to_value(self, change):
        value = self.options[change["new"]][1]
        if value != self.value:
            self.value = value


def dropdown(label: str, options, value=None, help: str = "") -> Select:
    """A labelled drop-down (native ``<select>``; keyboard: arrows, letters), keyboard-safe in JupyterLab."""
    return Select(options, value=value, description=label, help=help)


def text_twin(html: str = "") -> widgets.HTML:
    """An HTML widget for a figure's text twin (a polite live region for screen readers)."""
    w = widgets.HTML(value=html)
    w.add_class("kit-text-twin")
    return w


def live_region(text: str) -> str:
    """Wrap plain text (paragraphs split on blank lines) in an ARIA live region."""
    import html as _html

    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    body = "".join(f"<p>{_html.escape(p).replace(chr(10), '<br>')}</p>" for p in paras)
    return f'<div role="status" aria-live="polite" class="kit-text-twin-body">{body}</div>'
