// Shared by the kit's controls (control_channel.js) and figures (plotly_loader.js), put in front of
// their code: anywidget (0.9-0.11) gives each model 2 s to load and initialise, and a model that misses
// that limit drops every later message from Python for good. kitTakeMessages reads a model's messages
// straight from its channel instead, so Python can still reach it.

// Route the model's messages past anywidget's gate. Returns {real, direct, gate}: the widget model that
// now takes them (null if it could not), whether it could, and whether the gate had already shut
// ("shut") or not ("open") when this was called.
async function kitTakeMessages(model) {
  const unknown = { real: null, direct: false, gate: "unknown" };
  const id = model.get("_kit_model_id");
  const manager = model.widget_manager;
  if (!id || !manager || typeof manager.get_model !== "function") return unknown;
  const real = await manager.get_model(id);
  if (!real || !real.comm || typeof real.comm.on_msg !== "function") return unknown;
  // measure: the gated handler rejects at once when the limit has passed (a probe nobody listens for)
  const probe = { content: { data: { method: "custom", content: { kit: "probe" } } }, buffers: [] };
  const gate = await Promise.race([
    Promise.resolve(real._handle_comm_msg(probe)).then(() => "open", () => "shut"),
    new Promise((resolve) => setTimeout(() => resolve("open"), 0)),
  ]);
  let proto = Object.getPrototypeOf(real);
  const gated = proto && proto._handle_comm_msg;
  while (proto && proto._handle_comm_msg === gated) proto = Object.getPrototypeOf(proto);
  if (!proto || typeof proto._handle_comm_msg !== "function") return { real: null, direct: false, gate };
  real.comm.on_msg(proto._handle_comm_msg.bind(real));
  return { real, direct: true, gate };
}
