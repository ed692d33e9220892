// The front end of lessons.ui.plotly_widget.KitFigureWidget: plotly's own figure widget, loaded from
// one shared copy of its bundle per page, made safe for slow machines.
//
// Why: anywidget (0.9-0.11) gives each model 2 s to initialise. Past that it keeps drawing the figure
// but drops every later message from Python, so the figure silently stops following its controls.
// Importing plotly's 5 MB bundle takes far longer than 2 s on a slow or busy computer (measured on
// lesson 01 at 20x CPU throttling: about 50 s). So:
//  1. initialize() returns at once; the bundle loads in the background. Figure changes that Python
//     sends meanwhile are recorded and handed to plotly, in order, once it is ready.
//  2. Once plotly is ready, the figure's messages are taken directly from its channel, so a model that
//     anywidget gave up on still answers. If anything was lost before, Python sends the whole figure again.
//  3. The figure's place says in words that it is loading; if loading fails it says so and offers a
//     "Try again" button.
const CACHE = "__kitPlotlyWidgetModule";
const PY2JS = ["_py2js_addTraces", "_py2js_deleteTraces", "_py2js_moveTraces", "_py2js_restyle",
  "_py2js_relayout", "_py2js_update", "_py2js_animate", "_py2js_removeLayoutProps", "_py2js_removeTraceProps"];
const SLOW_MS = 8000;

function plotlyModule(model) {
  // One import per page: every figure waits on the same promise; a failed import is tried again next time.
  if (!globalThis[CACHE]) {
    globalThis[CACHE] = (async () => {
      const ref = model.get("_kit_bundle");
      const id = typeof ref === "string" ? ref.replace(/^IPY_MODEL_/, "") : ref;
      const holder = await model.widget_manager.get_model(id);
      const code = holder.get("code");
      if (!code) throw new Error("the figure library did not arrive");
      const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
      try {
        return await import(/* webpackIgnore: true */ url);
      } finally {
        URL.revokeObjectURL(url);
      }
    })();
    globalThis[CACHE].catch(() => { delete globalThis[CACHE]; });
  }
  return globalThis[CACHE];
}

export default async () => {
  const state = { inner: null, error: null, ready: null, views: new Set(), real: null };
  let model = null;
  let recording = null; // [name, value] changes that arrived before plotly was ready

  function load() {
    state.error = null;
    recording = [];
    state.ready = (async () => {
      const mod = await plotlyModule(model);
      const widget = typeof mod.default === "function" ? await mod.default() : mod.default;
      const handlers = new Map();
      let replaying = null;
      const wrapped = {
        ...model,
        get: (key) => (replaying && key in replaying ? replaying[key] : model.get(key)),
        on: (name, callback) => {
          if (!handlers.has(name)) handlers.set(name, []);
          handlers.get(name).push(callback);
          model.on(name, callback);
        },
        off: (name, callback) => model.off(name, callback),
      };
      const init = widget.initialize ? widget.initialize({ model: wrapped }) : undefined;
      // plotly's handlers are attached (synchronously): hand it what came while it was loading
      const missed = recording;
      recording = null;
      for (const [name, value] of missed) {
        replaying = { [name]: value };
        for (const callback of handlers.get(`change:${name}`) || []) callback();
      }
      replaying = null;
      await init;
      state.inner = widget;
      state.real = (await kitTakeMessages(model)).real;
      model.send({
        kit: "sync", direct: state.real !== null,
        trace_edit_id: model.get("_last_trace_edit_id"), layout_edit_id: model.get("_last_layout_edit_id"),
        traces: (model.get("_widget_data") || []).length,
      });
    })();
    state.ready.catch((err) => {
      state.error = err;
      recording = null;
    });
    return state.ready;
  }

  async function draw(view) {
    // one drawing per view at a time: a newer call (a resync, a retry) supersedes an older one
    const gen = ++view.gen;
    if (!view.cleanup) {
      view.status.hidden = false;
      view.status.replaceChildren("Loading the figure\u2026");
    }
    const slow = setTimeout(() => {
      if (!state.inner && !state.error && gen === view.gen) {
        view.status.replaceChildren("Still loading the figure: this computer is slow or busy. "
          + "It will appear here when it is ready.");
      }
    }, SLOW_MS);
    try {
      await state.ready;
    } catch (err) {
      clearTimeout(slow);
      if (!view.disposed && gen === view.gen) failed(view, err);
      return;
    }
    clearTimeout(slow);
    if (view.disposed || gen !== view.gen) return;
    if (view.cleanup) {
      try { view.cleanup(); } catch (err) { /* the old plot is replaced below either way */ }
      view.cleanup = null;
    }
    // a fresh element: anything plotly still does on the old one happens off the page
    const host = document.createElement("div");
    host.className = "kit-figure-host";
    view.host.replaceWith(host);
    view.host = host;
    view.status.hidden = true;
    view.status.replaceChildren();
    view.cleanup = await state.inner.render({ ...view.context, el: host });
  }

  function failed(view, err) {
    const why = (err && err.message) || String(err);
    const text = document.createElement("span");
    text.textContent = `This figure could not be drawn (${why}). The text beside it still describes it. `;
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "kit-figure-retry jupyter-button";
    retry.textContent = "Try again";
    retry.addEventListener("click", () => {
      load();
      for (const v of state.views) draw(v);
    });
    view.status.hidden = false;
    view.status.replaceChildren(text, retry);
  }

  return {
    initialize(context) {
      model = context.model;
      // record what Python changes before plotly's own handlers exist
      for (const name of PY2JS) {
        model.on(`change:${name}`, () => {
          const value = model.get(name);
          if (recording && value !== null && value !== undefined) recording.push([name, value]);
        });
      }
      model.on("msg:custom", async (content) => {
        if (!content || content.kit !== "synced") return;
        // the figure Python sent just before this message is set on the model asynchronously (a custom
        // message is handled at once, a state update after the ones before it): draw once it is there
        if (state.real && state.real.state_change) {
          try { await state.real.state_change; } catch (err) { /* drawn from what the model holds */ }
        }
        for (const v of state.views) draw(v);
      });
      load();
      // no await: anywidget's 2 s limit applies to this function, and the bundle may take far longer
    },
    render(context) {
      const el = context.el;
      const status = document.createElement("div");
      status.className = "kit-figure-status";
      status.setAttribute("role", "status");
      const host = document.createElement("div");
      host.className = "kit-figure-host";
      el.replaceChildren(status, host);
      const view = { context, status, host, cleanup: null, disposed: false, gen: 0 };
      state.views.add(view);
      draw(view);
      return () => {
        view.disposed = true;
        view.gen += 1;
        state.views.delete(view);
        if (view.cleanup) view.cleanup();
      };
    },
  };
};
