"""Accessible controls for the explorers.

:class:`NumberSlider` is one widget holding a labelled native range input and
its numeric-entry twin. Native ``<input type="range">`` and
``<input type="number">`` elements have an accessible name (from their
``<label>``), work with the keyboard (arrows, Page Up/Down, Home/End; typing a
number and pressing Enter) and need no code from the internet: the front end
is a few lines of JavaScript shipped inside this module (an anywidget).
"""

from __future__ import annotations

import math

import anywidget
import ipywidgets as widgets
import traitlets

from .checks import check_real

_ESM = r"""
function render({ model, el }) {
  // ids must be unique in the page: anywidget evaluates this module once per widget, so a module-level
  // counter is 1 for every slider (and Date.now() repeats within a millisecond): count on globalThis.
  globalThis.__kitSliderSeq = (globalThis.__kitSliderSeq || 0) + 1;
  const uid = `kit-slider-${globalThis.__kitSliderSeq}-${Math.random().toString(36).slice(2, 8)}`;
  el.classList.add("kit-number-slider");
  const row = document.createElement("div");
  row.className = "kit-number-slider-row";
  const label = document.createElement("label");
  label.htmlFor = uid + "-range";
  label.className = "kit-number-slider-label";
  const range = document.createElement("input");
  range.type = "range";
  range.id = uid + "-range";
  range.className = "kit-number-slider-range";
  const number = document.createElement("input");
  number.type = "number";
  number.id = uid + "-number";
  number.className = "kit-number-slider-number";
  const help = document.createElement("div");
  help.id = uid + "-help";
  help.className = "kit-number-slider-help";
  // JupyterLab's command mode binds arrows, Enter and letters; this attribute makes Lumino leave
  // those keys to the focused input, so the keyboard moves the slider instead of the cell cursor.
  for (const input of [range, number]) input.setAttribute("data-lm-suppress-shortcuts", "true");
  row.append(label, range, number);
  el.append(row, help);

  const digits = () => {
    const s = String(model.get("step"));
    return s.includes(".") ? s.split(".")[1].length : 0;
  };
  const fmt = (v) => Number(v).toFixed(digits());
  const sync = () => {
    const name = model.get("label");
    label.textContent = name;
    number.setAttribute("aria-label", `${name}: type a value`);
    for (const input of [range, number]) {
      input.min = model.get("min");
      input.max = model.get("max");
      input.step = model.get("step");
      input.disabled = model.get("disabled");
    }
    range.value = model.get("value");
    range.setAttribute("aria-valuetext", `${fmt(model.get("value"))}${model.get("unit")}`);
    if (document.activeElement !== number) number.value = fmt(model.get("value"));
    help.textContent = model.get("help");
    if (model.get("help")) {
      range.setAttribute("aria-describedby", help.id);
      number.setAttribute("aria-describedby", help.id);
    }
  };
  const send = (v) => {
    const lo = Number(model.get("min")), hi = Number(model.get("max"));
    if (!Number.isFinite(v)) { number.value = fmt(model.get("value")); return; }
    v = Math.min(hi, Math.max(lo, v));
    v = Number(v.toFixed(digits()));
    model.set("value", v);
    model.save_changes();
  };
  range.addEventListener("input", () => { number.value = fmt(range.value); send(Number(range.value)); });
  number.addEventListener("change", () => send(Number(number.value)));
  number.addEventListener("keydown", (e) => { if (e.key === "Enter") send(Number(number.value)); });
  for (const key of ["value", "min", "max", "step", "label", "help", "unit", "disabled"]) {
    model.on(`change:${key}`, sync);
  }
  sync();
}
export default { render };
"""

_CSS = r"""
.kit-number-slider { margin: 4px 0; }
.kit-number-slider-row { display: flex; align-items: center; gap: 0.6em; flex-wrap: wrap; }
.kit-number-slider-label { flex: 0 0 20em; font-weight: 600; }
.kit-number-slider-range { width: 16em; accent-color: #0072B2; }
.kit-number-slider-number { width: 6.5em; font-size: 100%; }
.kit-number-slider-help { font-size: 90%; color: #333; margin-left: 0.2em; }
.kit-number-slider input:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
"""


def step_digits(step: float) -> int:
    """Number of decimals of a slider step (0.01 -> 2, 100 -> 0)."""
    text = f"{step:.10f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


class NumberSlider(anywidget.AnyWidget):
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


_SELECT_ESM = r"""
function render({ model, el }) {
  globalThis.__kitSelectSeq = (globalThis.__kitSelectSeq || 0) + 1;
  const uid = `kit-select-${globalThis.__kitSelectSeq}-${Math.random().toString(36).slice(2, 8)}`;
  el.classList.add("kit-select");
  const label = document.createElement("label");
  label.htmlFor = uid;
  label.className = "kit-select-label";
  const select = document.createElement("select");
  select.id = uid;
  // keep ArrowUp/ArrowDown/letters in the drop-down: JupyterLab's command-mode shortcuts skip it
  select.setAttribute("data-lm-suppress-shortcuts", "true");
  const help = document.createElement("div");
  help.id = uid + "-help";
  help.className = "kit-select-help";
  el.append(label, select, help);
  const sync = () => {
    label.textContent = model.get("description");
    const opts = model.get("_options");
    if (select.options.length !== opts.length || opts.some((o, i) => select.options[i].text !== o)) {
      select.replaceChildren(...opts.map((text, i) => new Option(text, String(i))));
    }
    select.value = String(model.get("index"));
    select.disabled = model.get("disabled");
    help.textContent = model.get("help");
    if (model.get("help")) select.setAttribute("aria-describedby", help.id);
    else select.removeAttribute("aria-describedby");
  };
  select.addEventListener("change", () => { model.set("index", Number(select.value)); model.save_changes(); });
  for (const key of ["_options", "index", "description", "help", "disabled"]) model.on(`change:${key}`, sync);
  sync();
}
export default { render };
"""

_SELECT_CSS = r"""
.kit-select { display: flex; align-items: center; gap: 0.6em; flex-wrap: wrap; margin: 4px 0; }
.kit-select-label { font-weight: 600; }
.kit-select select { font-size: 100%; max-width: 100%; }
.kit-select select:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
.kit-select-help { flex-basis: 100%; font-size: 90%; color: #333; }
"""


class Select(anywidget.AnyWidget):
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
