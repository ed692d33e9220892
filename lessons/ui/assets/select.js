// Drawn by kitControl (control_channel.js, put in front of this file), which keeps Python's changes
// reaching this control however slowly the page loaded.
function drawSelect({ model, el }) {
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
export default () => kitControl("drop-down", drawSelect);
