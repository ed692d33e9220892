// Shared front end of the kit's controls (lessons.ui.controls: NumberSlider, Select), put in front of
// each control's own drawing code. It makes sure that what Python changes (a preset setting several
// sliders, a reset) reaches the control however slowly the page loaded.
//
// Why: anywidget (0.9-0.11) gives each model 2 s from its creation to load its module and run
// initialize(). A model that misses the limit is still drawn and still sends the learner's changes to
// Python, but every later message FROM Python is dropped: a preset would leave its sliders showing the
// old values. On a slow computer (Chromium at 20x CPU throttling) many of a lesson's controls miss it.
// So, for every control:
//  1. initialize() takes the model's messages straight from its channel, past anywidget's gate (which
//     stays shut for good once it has timed out), then says "hello" to Python;
//  2. Python answers with the control's whole state (whatever was lost) and "synced";
//  3. if no answer has come after KIT_SLOW_MS the control says so in words, after KIT_FAIL_MS it says it
//     could not connect and offers a "Try again" button; the notice goes when the answer comes.
// Each control adds a line to globalThis.__kitControlLog (when it started, whether anywidget's gate had
// already shut, when Python answered): the browser tests read it to measure the cause.
// (a page may set globalThis.__kitControlLimitsMs = [slow, fail] before the controls load; the browser
// tests do, to reach the "could not connect" notice without waiting a minute)
const [KIT_SLOW_MS, KIT_FAIL_MS] = limits(globalThis.__kitControlLimitsMs);

function limits(given) {
  const ok = Array.isArray(given) && given.length === 2 && given.every((x) => Number.isFinite(x) && x > 0)
    && given[0] < given[1];
  return ok ? given : [10000, 60000];
}

// The anywidget module of a control whose drawing is draw({model, el}).
function kitControl(kind, draw) {
  let model = null;
  let synced = false;
  let notice = null; // [text, offer a retry] while the control is not connected
  let timers = [];
  const views = new Set();
  const log = { kind, id: "", started_ms: 0, gate: "", direct: null, synced_ms: null };

  function say(text, retry) {
    notice = text ? [text, retry] : null;
    for (const view of views) view.show();
  }

  async function connect() {
    synced = false;
    for (const t of timers) clearTimeout(t);
    timers = [
      setTimeout(() => synced || say("This control is still connecting to the lesson: this computer is slow "
        + "or busy. You can use it already; changes made elsewhere on the page, such as a preset, will "
        + "show here once it has connected.", false), KIT_SLOW_MS),
      setTimeout(() => synced || say("This control could not connect to the lesson, so changes made "
        + "elsewhere on the page (such as a preset) may not show here. If trying again does not help, "
        + "reload the page.", true), KIT_FAIL_MS),
    ];
    try {
      const { direct, gate } = await kitTakeMessages(model);
      Object.assign(log, { direct, gate });
    } catch (err) {
      log.direct = false;
    }
    model.send({ kit: "hello" });
  }

  return {
    initialize(context) {
      model = context.model;
      log.id = model.get("_kit_model_id");
      log.started_ms = Math.round(performance.now());
      (globalThis.__kitControlLog = globalThis.__kitControlLog || []).push(log);
      model.on("msg:custom", (content) => {
        if (!content || content.kit !== "synced") return;
        synced = true;
        log.synced_ms = Math.round(performance.now());
        for (const t of timers) clearTimeout(t);
        say(null);
      });
      connect(); // no await: anywidget's 2 s limit applies to initialize itself
    },
    render(context) {
      draw(context);
      const status = document.createElement("div");
      status.className = "kit-control-status";
      status.setAttribute("role", "status");
      status.hidden = true;
      context.el.append(status);
      const view = {
        show() {
          status.hidden = !notice;
          if (!notice) { status.replaceChildren(); return; }
          const text = document.createElement("span");
          text.textContent = notice[0] + " ";
          status.replaceChildren(text);
          if (notice[1]) {
            const retry = document.createElement("button");
            retry.type = "button";
            retry.className = "kit-control-retry jupyter-button";
            retry.textContent = "Try again";
            retry.addEventListener("click", () => { say(null); connect(); });
            status.append(retry);
          }
        },
      };
      views.add(view);
      view.show();
      return () => views.delete(view);
    },
  };
}
