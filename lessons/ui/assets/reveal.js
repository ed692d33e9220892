// "Show more controls": a native <button> (Tab reaches it; Enter and Space press it) that says whether the
// extra controls are shown with aria-expanded. The Python side hides or shows the controls themselves.
function render({ model, el }) {
  el.classList.add("kit-reveal");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "kit-reveal-button";
  // keep Enter/Space in the button: JupyterLab's command-mode shortcuts skip it
  button.setAttribute("data-lm-suppress-shortcuts", "true");
  el.append(button);
  const sync = () => {
    const open = model.get("expanded");
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.textContent = open ? model.get("label_less") : model.get("label_more");
    button.disabled = model.get("disabled");
  };
  button.addEventListener("click", () => { model.set("expanded", !model.get("expanded")); model.save_changes(); });
  for (const key of ["expanded", "label_more", "label_less", "disabled"]) model.on(`change:${key}`, sync);
  sync();
}
export default { render };
