// Drawn by kitControl (control_channel.js, put in front of this file), which keeps Python's changes
// reaching this control however slowly the page loaded.
function drawSlider({ model, el }) {
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
export default () => kitControl("slider", drawSlider);
