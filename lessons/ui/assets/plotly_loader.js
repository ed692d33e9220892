const CACHE = "__kitPlotlyWidgetModule";

function plotlyModule(model) {
  // One import per page: every figure waits on the same promise.
  if (!globalThis[CACHE]) {
    globalThis[CACHE] = (async () => {
      const ref = model.get("_kit_bundle");
      const id = typeof ref === "string" ? ref.replace(/^IPY_MODEL_/, "") : ref;
      const holder = await model.widget_manager.get_model(id);
      const url = URL.createObjectURL(new Blob([holder.get("code")], { type: "text/javascript" }));
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
  let inner;
  return {
    async initialize(context) {
      const mod = await plotlyModule(context.model);
      inner = typeof mod.default === "function" ? await mod.default() : mod.default;
      if (inner.initialize) return inner.initialize(context);
    },
    render(context) {
      return inner.render(context);
    },
  };
};
