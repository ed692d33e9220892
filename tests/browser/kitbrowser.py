"""Helpers shared by the browser tests and benchmarks/bench_browser.py.

Everything here talks to a Playwright page: open a lesson in JupyterLab or Voila, wait
until it has run and its widgets have rendered, read the figures (plotly's ``gd.data``)
and text twins from the DOM, press keys on controls as a person would, run axe-core.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"


def notebooks() -> list[str]:
    """Every lesson, found by glob, so the tests grow with the kit."""
    return sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb"))

INSTALL_HINT = ("Chromium not found: install it with `sudo apt-get install chromium` "
                "(or set KIT_CHROMIUM=/path/to/chromium); the browser tests are skipped")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def find_chromium() -> str | None:
    """KIT_CHROMIUM, else chromium / chromium-browser / google-chrome on PATH (Playwright drives it; its
    own browser downloads are never used)."""
    env = os.environ.get("KIT_CHROMIUM")
    if env:
        return env if os.path.isfile(env) and os.access(env, os.X_OK) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def missing(message: str):
    """Skip locally; fail under CI=true (a CI run must never silently skip the browser tests)."""
    import pytest

    if in_ci():
        pytest.fail(message.replace("are skipped", "cannot run") + " [CI=true: this is a failure, not a skip]",
                    pytrace=False)
    pytest.skip(message)


CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']

RUN_TIMEOUT_MS = 300_000      # a whole lesson run (restart + run all), on a loaded 2-core machine
RENDER_TIMEOUT_MS = 120_000   # widgets and figures drawn after the kernel is done
CHANGE_TIMEOUT_MS = 30_000    # one key press -> kernel -> figure and text redrawn

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}

# Console errors that come from JupyterLab itself, not from the kit. Each entry: pattern, why allowed.
# Anything else logged as an error (console.error, console.assert, an uncaught exception or promise
# rejection) fails the lesson's console test. (Voila's "r.setData is not a function" is gone: static
# figures in Voila are drawn by the kit's own widget, see lessons/ui/plotly_widget.py.)
UPSTREAM_CONSOLE_ERRORS = [
    (re.compile(r"Could not restore the debugger state"),
     "JupyterLab's debugger extension logs this on every kernel restart (restart-run-all)"),
    (re.compile(r"Canceled future for (debug_request|kernel_info_request|execute_request|create_subshell_request) message before replies were done"),
     "JupyterLab: pending kernel messages cancelled by the kernel restart"),
    (re.compile(r"Failed to load resource: the server responded with a status of 404 .*(favicon|/api/workspaces|/lab/api/)"),
     "JupyterLab probing optional server endpoints"),
    (re.compile(r"Failed to load resource: net::ERR_UNKNOWN_URL_SCHEME\s+\(?attachment:"),
     "JupyterLab puts a markdown image into the page with its src still 'attachment:NAME' and only then swaps in "
     "the attachment's data, so the browser first fails on the unknown scheme; the image itself is shown "
     "(start_here.overview_figure_is_shown checks it)"),
    (re.compile(r"Comm not found for comm id [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"),
     "ipywidgets' JupyterLab manager asks a (re)started kernel for every widget's state on a control comm it "
     "opens itself (a dashed UUID made in the browser) and gives up after 4 s, falling back to another method; "
     "on a loaded machine the kernel's late answer then finds no comm. The kit's widgets are opened by the "
     "kernel, with undashed ids (uuid4().hex), so a lost kit comm still fails the test"),
]


# -- page state read from the DOM ---------------------------------------------------------------------

# A figure's signature: a hash of its traces' data, shared by the full state and the light change check.
_SIG_JS = r"""
  const hash = (s) => { let h = 5381; for (let i = 0; i < s.length; i++) h = ((h << 5) + h + s.charCodeAt(i)) | 0; return (h >>> 0).toString(16) + ':' + s.length; };
  const sigOf = (gd) => hash(JSON.stringify((gd.data || []).map(t => [t.type || 'scatter', t.name, t.x, t.y, t.z, t.text, t.values, t.labels])));
  const drawnIn = (gd) => gd.querySelectorAll('g.trace, g.hm, .heatmaplayer image, .imagelayer image, g.slice').length;
"""

_STATE_JS = r"""
(root) => {""" + _SIG_JS + r"""
  const scope = root ? document.querySelector(root) : document;
  const explorers = Array.from(document.querySelectorAll('.kit-explorer'));
  const plot = (gd) => {
    const fl = gd._fullLayout || {};
    const axes = {};
    for (const key of Object.keys(fl)) {
      if (/^[xy]axis\d*$/.test(key)) {
        const ax = fl[key];
        const user = (gd.layout || {})[key] || {};
        axes[key] = {range: ax.range ? ax.range.slice() : null, userRange: user.range || null,
                     title: ax.title && ax.title.text || '', visible: ax.visible !== false};
      }
    }
    const box = gd.getBoundingClientRect();
    return {
      explorer: explorers.findIndex(e => e.contains(gd)),
      traces: (gd.data || []).length,
      drawn: drawnIn(gd),
      width: fl.width || 0, height: fl.height || 0, layoutHeight: (gd.layout || {}).height || null,
      boxW: Math.round(box.width), boxH: Math.round(box.height),
      axes, sig: sigOf(gd),
      title: fl.title && fl.title.text || '',
    };
  };
  const twin = (el) => ({explorer: explorers.findIndex(e => e.contains(el)), text: el.textContent.trim()});
  return {
    plots: Array.from(document.querySelectorAll('.js-plotly-plot')).map(plot),
    twins: Array.from(document.querySelectorAll('.kit-text-twin')).map(twin),
    htmls: Array.from(document.querySelectorAll('.widget-html-content')).map(e => e.textContent.trim()),
    sliders: Array.from(document.querySelectorAll('.kit-number-slider')).map(el => ({
      explorer: explorers.findIndex(e => e.contains(el)),
      label: (el.querySelector('label') || {}).textContent || '',
      value: Number(el.querySelector('input[type=range]').value),
      number: el.querySelector('input[type=number]').value,
      min: Number(el.querySelector('input[type=range]').min), max: Number(el.querySelector('input[type=range]').max),
      step: Number(el.querySelector('input[type=range]').step),
    })),
    selects: Array.from(document.querySelectorAll('.jp-OutputArea-output select')).map(el => ({
      explorer: explorers.findIndex(e => e.contains(el)), value: el.value, index: el.selectedIndex, n: el.options.length,
    })),
    explorers: explorers.length,
    errors: Array.from(document.querySelectorAll('.kit-error')).map(e => e.textContent),
  };
}
"""

_RENDERED_JS = r"""
() => {
  const outs = Array.from(document.querySelectorAll('.jp-OutputArea-output'));
  const problems = [];
  for (const o of outs) {
    const t = o.textContent || '';
    if (/Error displaying widget|Error rendering|Loading widget|Failed to load model class|Could not create a view/i.test(t)) problems.push(t.slice(0, 200));
    if (o.querySelector('.widget-error, .jupyter-widgets-error, .jp-RenderedJavaScript')) problems.push('error widget: ' + t.slice(0, 200));
  }
  const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
  const pending = plots.filter(gd => !gd._fullLayout || !(gd.data || []).length ||
      gd.querySelectorAll('g.trace, g.hm, .heatmaplayer image, .imagelayer image, g.slice').length === 0);
  // an explorer whose figure has not appeared yet (figures load plotly's bundle asynchronously);
  // a people grid is a figure too, and a "meet a person" explorer has only its text twin
  const explorersWaiting = Array.from(document.querySelectorAll('.kit-explorer'))
      .filter(el => !el.classList.contains('kit-meet') && !el.querySelector('.js-plotly-plot, .kit-people-svg use')).length;
  // a page served from a warm kernel (make present LEARNERS=...) arrives whole, its outputs still as scripts
  // that Voila turns into "Loading widget..." views once the page has connected to its kernel
  const unrendered = document.querySelectorAll('script[type="application/vnd.voila.cell-output+json"]').length;
  const widgetsPending = unrendered + document.querySelectorAll('.jp-OutputArea-output .widget-loading, .lm-Widget.jp-mod-loading').length +
      outs.filter(o => /Loading widget/.test(o.textContent || '')).length + explorersWaiting;
  return {plots: plots.length, pending: pending.length, widgetsPending, problems};
}
"""


def state(page) -> dict:
    return page.evaluate(_STATE_JS, None)


def rendered(page) -> dict:
    return page.evaluate(_RENDERED_JS)


def wait_rendered(page, expect_plots: int | None = None, timeout_ms: int = RENDER_TIMEOUT_MS) -> dict:
    """Wait until every plotly figure on the page has drawn its traces (and at least ``expect_plots``)."""
    page.wait_for_function(
        """([js, expect]) => { const r = eval(js)(); return r.pending === 0 && r.widgetsPending === 0 &&
                                (expect === null ? true : r.plots >= expect); }""",
        arg=[_RENDERED_JS, expect_plots], timeout=timeout_ms, polling=250)
    return rendered(page)


# -- JupyterLab -----------------------------------------------------------------------------------

_LAB_PANEL = """() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return w && w.content && w.sessionContext ? w : null; }"""

_LAB_READY_JS = """(name) => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!w || !w.sessionContext || !w.context || w.context.path !== name) return false;
  const s = w.sessionContext.session; return !!(s && s.kernel && s.kernel.status === 'idle' && w.content.widgets.length); }"""

_LAB_CELLS_JS = """() => { const w = window.jupyterapp.shell.currentWidget;
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return {kernel: k ? k.status : null,
          counts: cells.map(c => c.model.executionCount),
          running: cells.filter(c => c.promptNode && /\\[\\*\\]/.test(c.promptNode.textContent)).length,
          errors: cells.map((c, i) => [i, c.model.outputs.toJSON().filter(o => o.output_type === 'error')
                                                        .map(o => o.ename + ': ' + o.evalue)]).filter(x => x[1].length),
          stderr: cells.map((c, i) => [i, c.model.outputs.toJSON().filter(o => o.output_type === 'stream' && o.name === 'stderr')
                                                        .map(o => String(o.text).slice(0, 300))]).filter(x => x[1].length),
          widgetViews: cells.reduce((n, c) => n + c.model.outputs.toJSON().filter(o => o.data && o.data['application/vnd.jupyter.widget-view+json']).length, 0),
  }; }"""


def lab_open(page, server, notebook: str):
    page.goto(server.url(f"/lab/tree/{urllib.parse.quote(notebook)}", reset=None), timeout=RUN_TIMEOUT_MS)
    page.wait_for_function(_LAB_READY_JS, arg=notebook, timeout=RUN_TIMEOUT_MS, polling=250)


def lab_open_in_app(page, notebook: str):
    """Open another notebook in a JupyterLab page that is already running (as a learner opens the next lesson
    from the file browser), and wait until its kernel is ready."""
    page.evaluate("async (path) => { await window.jupyterapp.commands.execute('docmanager:open', {path}); }",
                  notebook)
    page.wait_for_function(_LAB_READY_JS, arg=notebook, timeout=RUN_TIMEOUT_MS, polling=250)


def lab_close_current(page):
    """Shut down the open notebook's kernel and close it without the "save changes?" dialog."""
    page.evaluate("""async () => { const w = window.jupyterapp.shell.currentWidget;
        if (!w || !w.sessionContext) return;
        await w.sessionContext.shutdown(); w.context.model.dirty = false; w.dispose(); }""")
    page.wait_for_function("() => !document.querySelector('.jp-NotebookPanel')", timeout=CHANGE_TIMEOUT_MS)


def lab_set_theme(page, theme: str) -> None:
    """Switch JupyterLab's theme ("JupyterLab Light" or "JupyterLab Dark") and wait until it applies."""
    page.evaluate("async (theme) => { await window.jupyterapp.commands.execute('apputils:change-theme', {theme}); }",
                  theme)
    page.wait_for_function("(theme) => document.body.dataset.jpThemeName === theme", arg=theme,
                           timeout=RUN_TIMEOUT_MS, polling=100)


def lab_run_all(page, *, restart: bool = False) -> dict:
    """Clear outputs and run every cell (after restarting the kernel, with ``restart``); wait until all have run
    (or one failed). A page just opened by :func:`lab_open` has a kernel of its own that has run nothing, so it
    needs no restart to start clean."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    # started, not awaited: the command's promise can wait on the kernel's restart for ever on a loaded machine,
    # and page.evaluate has no timeout; the wait below has one
    command = "notebook:restart-run-all" if restart else "notebook:run-all-cells"
    page.evaluate("(command) => { window.jupyterapp.commands.execute(command); }", command)
    page.wait_for_function(
        """(js) => { const s = eval(js)(); return s.kernel === 'idle' && s.running === 0 &&
                     (s.counts.every(c => c !== null) || s.errors.length > 0); }""",
        arg=_LAB_CELLS_JS, timeout=RUN_TIMEOUT_MS, polling=250)
    return page.evaluate(_LAB_CELLS_JS)


def lab_kernel_id(page) -> str | None:
    return page.evaluate("""() => { const w = window.jupyterapp.shell.currentWidget;
        const k = w && w.sessionContext.session && w.sessionContext.session.kernel; return k ? k.id : null; }""")


# -- Voila ------------------------------------------------------------------------------------------

def voila_open(page, server, notebook: str) -> dict:
    """Open a lesson in Voila (runs on load) and wait until every cell has run and rendered."""
    page.goto(server.url(f"/voila/render/{urllib.parse.quote(notebook)}"), timeout=RUN_TIMEOUT_MS)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=RUN_TIMEOUT_MS)
    return page.evaluate("""() => ({
        errors: Array.from(document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'))
                      .map(e => e.textContent.slice(0, 500)),
        kernelId: (JSON.parse((document.getElementById('jupyter-config-data') || {}).textContent || '{}')).kernelId || null,
    })""")


# -- keyboard -------------------------------------------------------------------------------------------

def slider(page, index: int):
    return page.locator(".kit-number-slider").nth(index)


def press_on_range(page, index: int, key: str):
    rng = slider(page, index).locator("input[type=range]")
    rng.scroll_into_view_if_needed()
    rng.focus()
    page.keyboard.press(key)


def type_in_number(page, index: int, text: str):
    box = slider(page, index).locator("input[type=number]")
    box.scroll_into_view_if_needed()
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def select_by_keyboard(page, index: int, key: str = "ArrowDown"):
    sel = page.locator(".jp-OutputArea-output select").nth(index)
    sel.scroll_into_view_if_needed()
    sel.focus()
    page.keyboard.press(key)


def wait_changed(page, before: dict, *, explorer: int | None, need_plot: bool = True, need_twin: bool = True,
                 need_any_text: bool = False, timeout_ms: int = CHANGE_TIMEOUT_MS) -> dict:
    """Wait until a figure (and a text twin) of ``explorer`` (None: anywhere) differ from ``before``."""
    # Polled in the page every 100 ms, so it reads only what it compares: no layout, and only the figures
    # of the explorer in question are hashed (the full state() is read once, after).
    before = {"plots": [p["sig"] for p in before["plots"]], "twins": [t["text"] for t in before["twins"]],
              "htmls": before["htmls"]}
    page.wait_for_function(
        """([before, ex, needPlot, needTwin, needAny]) => {""" + _SIG_JS + """
            const explorers = Array.from(document.querySelectorAll('.kit-explorer'));
            const inEx = (el) => ex === null || explorers.findIndex(e => e.contains(el)) === ex;
            const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
            const plotChanged = plots.some((gd, i) => before.plots[i] !== undefined && inEx(gd) && drawnIn(gd) > 0 &&
                                                      sigOf(gd) !== before.plots[i]);
            const twins = Array.from(document.querySelectorAll('.kit-text-twin'));
            const twinChanged = twins.some((el, i) => before.twins[i] !== undefined && inEx(el) &&
                                                      el.textContent.trim() !== before.twins[i]);
            if (needAny) return plotChanged || twinChanged || Array.from(document.querySelectorAll('.widget-html-content'))
                .some((el, i) => el.textContent.trim() !== before.htmls[i]);
            return (!needPlot || plotChanged) && (!needTwin || twinChanged);
        }""",
        arg=[before, explorer, need_plot, need_twin, need_any_text], timeout=timeout_ms, polling=100)
    # the figure may still be mid-redraw: wait until plotly has drawn every figure again
    wait_rendered(page, timeout_ms=timeout_ms)
    return state(page)


# -- axe-core -----------------------------------------------------------------------------------------

def run_axe(page, axe_source: str, include: list[str] | None = None, exclude: list[str] | None = None,
            rules: list[str] | None = None) -> list[dict]:
    """Run axe-core on the page (or on ``include`` selectors); return serious and critical violations.

    ``rules`` runs only those axe rules (e.g. ``["color-contrast"]``); by default every rule runs.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate(
        """async ([include, exclude, rules]) => {
            const context = include ? {include: include.map(s => [s]), exclude: (exclude || []).map(s => [s])}
                                    : {exclude: (exclude || []).map(s => [s])};
            const options = {resultTypes: ['violations']};
            if (rules) options.runOnly = {type: 'rule', values: rules};
            const r = await window.axe.run(context, options);
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300),
                                          impact: n.impact, summary: (n.failureSummary || '').slice(0, 400)}))}));
        }""", [include, exclude, rules])
    return [v for v in result if v["impact"] in ("serious", "critical")]


_CONTRAST_JS = r"""
(selector) => {
  // WCAG 2 contrast of every element that holds text directly, against the first opaque background behind it.
  const rgba = (s) => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => top.slice(0, 3).map((c, i) => c * top[3] + under[i] * (1 - top[3])).concat([1]);
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const background = (el) => { const layers = []; for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor); if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let bg = [255, 255, 255, 1]; for (const c of layers.reverse()) bg = over(c, bg); return bg; };
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.getClientRects().length) continue;
    if (el.closest('svg, .js-plotly-plot')) continue;  // figures draw on their own white card
    const text = Array.from(el.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (!text) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
    const bg = background(el), fg = over(rgba(style.color), bg);
    const [a, b] = [lum(fg) + 0.05, lum(bg) + 0.05];
    const ratio = Math.max(a, b) / Math.min(a, b);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    if (ratio < need) out.push(`${ratio.toFixed(2)}:1 (needs ${need}:1) ${style.color} on rgb(${bg.slice(0, 3).map(Math.round)}): ` +
                               `${el.tagName.toLowerCase()}.${String(el.className).split(' ').join('.')} "${text.slice(0, 60)}"`);
  }
  return out;
}
"""


def contrast_problems(page, selector: str) -> list[str]:
    """Text under ``selector`` whose contrast with what is behind it is below WCAG AA (4.5:1, 3:1 when large).

    Computed from the styles, so it also covers text scrolled out of view (axe-core skips text hidden by a
    scrolling panel, which is most of a notebook)."""
    return page.evaluate(_CONTRAST_JS, selector)


def links_told_by_colour_only(page, selector: str) -> list[str]:
    """Links under ``selector`` that sit in running text and are not underlined (WCAG 1.4.1: colour alone).

    Computed from styles, so links scrolled out of view count too."""
    return page.evaluate("""(selector) => Array.from(document.querySelectorAll(selector))
        .filter(a => a.getClientRects().length && a.textContent.trim())
        .filter(a => !getComputedStyle(a).textDecorationLine.includes('underline'))
        .filter(a => { const block = a.closest('p, li, td, blockquote, div'); return block &&
                       block.textContent.trim().length > a.textContent.trim().length; })
        .map(a => `${a.textContent.trim().slice(0, 50)} -> ${a.getAttribute('href')}`)""", selector)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']} ({v['help']})")
        for n in v["nodes"][:5]:
            lines.append(f"    {n['target']}: {n['html']}")
            if n["summary"]:
                lines.append("      " + n["summary"].replace("\n", " | "))
    return "\n".join(lines)


# -- recorders --------------------------------------------------------------------------------------

class Recorder:
    """Records every request and every console error of a page."""

    def __init__(self, page):
        self.requests: list[str] = []
        self.console: list[tuple[str, str, str]] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", self._on_console)
        page.on("pageerror", lambda e: self.console.append(("pageerror", str(e), (getattr(e, "stack", "") or "")[:400])))

    def clear(self) -> None:
        """Forget what was recorded so far (a page that goes on to another lesson)."""
        self.requests.clear()
        self.console.clear()

    def _on_console(self, msg):
        if msg.type in ("error", "assert"):
            loc = msg.location or {}
            self.console.append((msg.type, msg.text, loc.get("url", "")))

    def foreign_requests(self) -> list[str]:
        out = []
        for url in self.requests:
            parsed = urllib.parse.urlsplit(url)
            if parsed.scheme in ("data", "blob", "about", "chrome-extension", "attachment"):  # attachment: see above
                continue
            if (parsed.hostname or "") not in LOCAL_HOSTS:
                out.append(url)
        return out

    def kit_errors(self) -> list[str]:
        """Console errors not on the documented list of upstream JupyterLab noise."""
        out = []
        for kind, text, url in self.console:
            if any(p.search(f"{text} {url}") for p, _ in UPSTREAM_CONSOLE_ERRORS):
                continue
            out.append(f"{kind}: {text[:500]} ({url})")
        return out


def until(predicate, timeout_s: float, interval_s: float = 0.1):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval_s)
    return predicate()


def dumps(obj) -> str:
    return json.dumps(obj, indent=1)[:4000]


# -- generic checks shared by the JupyterLab and Voila tests -------------------------------------

def _digits(step: float) -> int:
    text = f"{step:.10f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def layout_kept(before: dict, after: dict, explorer: int) -> list[str]:
    """Figures of an explorer keep their size, axes, axis titles and fixed ranges across an update."""
    problems = []
    for i, (b, a) in enumerate(zip(before["plots"], after["plots"])):
        if b["explorer"] != explorer:
            continue
        if (a["width"], a["height"]) != (b["width"], b["height"]):
            problems.append(f"figure {i}: size {b['width']}x{b['height']} -> {a['width']}x{a['height']}")
        if abs(a["boxH"] - b["boxH"]) > 2:
            problems.append(f"figure {i}: box height {b['boxH']} -> {a['boxH']}")
        if b["layoutHeight"] and a["height"] != b["layoutHeight"]:
            problems.append(f"figure {i}: drawn height {a['height']} differs from its layout height {b['layoutHeight']}")
        if sorted(a["axes"]) != sorted(b["axes"]):
            problems.append(f"figure {i}: axes {sorted(b['axes'])} -> {sorted(a['axes'])}")
        for name, ax in a["axes"].items():
            old = b["axes"].get(name, {})
            if ax["title"] != old.get("title"):
                problems.append(f"figure {i} {name}: title {old.get('title')!r} -> {ax['title']!r}")
            if ax["userRange"] and ax["range"] and any(
                    isinstance(u, (int, float)) and abs(float(r) - float(u)) > 1e-9
                    for r, u in zip(ax["range"], ax["userRange"])):
                problems.append(f"figure {i} {name}: range {ax['range']} is not the layout's {ax['userRange']}")
        if a["drawn"] == 0:
            problems.append(f"figure {i}: no traces drawn after the update")
    return problems


def what_changed(before: dict, now: dict, explorer: int) -> str:
    plots = [i for i, (b, a) in enumerate(zip(before["plots"], now["plots"]))
             if a["explorer"] == explorer and a["sig"] != b["sig"]]
    twins = [i for i, (b, a) in enumerate(zip(before["twins"], now["twins"]))
             if a["explorer"] == explorer and a["text"] != b["text"]]
    return (f"figure changed: {'yes' if plots else 'NO'}, text twin changed: {'yes' if twins else 'NO'}")


# Sliders whose figure does not depend on them by design (checked against the engine): only the text twin
# must change. Key: (notebook, slider label) -> why.
TEXT_ONLY_SLIDERS = {
    ("06_faulty_advice.ipynb", "Share of people in group B"):
        "the figures show each group's rates, which do not depend on the groups' sizes; the text twin gives "
        "the counts, which do (GroupGapExplorer: figures unchanged, twin changed when share_b moves)",
}


def expand_reveals(page) -> int:
    """Press every closed "Show more controls" button with the keyboard (Enter); return how many were opened."""
    buttons = page.locator(".kit-reveal-button[aria-expanded=false]")
    opened = 0
    while buttons.count():
        handle = buttons.first.element_handle()  # held: the locator moves on once this one opens
        handle.scroll_into_view_if_needed()
        handle.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("(b) => b.getAttribute('aria-expanded') === 'true'", arg=handle,
                               timeout=CHANGE_TIMEOUT_MS, polling=100)
        opened += 1
    return opened


def exercise_controls(page, *, notebook: str = "") -> tuple[list[str], list[str]]:
    """Open every "Show more controls" button, move every explorer slider (PageUp/PageDown), type in one number
    box per explorer, and step every drop-down with the keyboard. Return (what was done, problems)."""
    done, problems = [], []
    opened = expand_reveals(page)
    if opened:
        done.append(f"opened {opened} 'Show more controls' button(s) with Enter")
    first = state(page)
    if first["errors"]:
        problems.append(f"explorer errors before any change: {first['errors']}")
    typed_in: set[int] = set()
    plotted = {p["explorer"] for p in first["plots"]}  # explorers with a plotly figure (not only a people grid or a twin)
    for i, sl in enumerate(first["sliders"]):
        ex = sl["explorer"]
        if ex < 0:
            continue  # a quiz's "your prediction" slider: no figure to follow
        before = state(page)
        cur = before["sliders"][i]
        big = (cur["max"] - cur["min"]) / 10
        key = "PageUp" if cur["value"] + big <= cur["max"] + 1e-12 else "PageDown"
        press_on_range(page, i, key)
        text_only = (notebook, cur["label"]) in TEXT_ONLY_SLIDERS or ex not in plotted
        try:
            after = wait_changed(page, before, explorer=ex, need_plot=not text_only)
        except Exception:
            now = state(page)
            problems.append(f"slider {cur['label']!r} ({key} from {cur['value']}) in explorer {ex}: "
                            f"{what_changed(before, now, ex)} within {CHANGE_TIMEOUT_MS // 1000} s; "
                            f"value now {now['sliders'][i]['value']}; errors {now['errors']}")
            continue
        new = after["sliders"][i]
        done.append(f"{key} on {cur['label']!r}: {cur['value']} -> {new['value']}")
        if new["value"] == cur["value"]:
            problems.append(f"slider {cur['label']!r}: value did not move with {key}")
        if abs(float(new["number"] or "nan") - new["value"]) > new["step"] / 2:
            problems.append(f"slider {cur['label']!r}: number box {new['number']} disagrees with range {new['value']}")
        if after["errors"]:
            problems.append(f"slider {cur['label']!r}: explorer shows an error: {after['errors']}")
        problems += [f"slider {cur['label']!r}: {p}" for p in layout_kept(before, after, ex)]

        if ex not in typed_in:  # the numeric-entry twin, once per explorer
            typed_in.add(ex)
            before = after
            cur = before["sliders"][i]
            digits = _digits(cur["step"])
            target = None
            for frac in (0.37, 0.63, 0.21):
                cand = round(cur["min"] + frac * (cur["max"] - cur["min"]), digits)
                cand = round(round((cand - cur["min"]) / cur["step"]) * cur["step"] + cur["min"], digits)
                if abs(cand - cur["value"]) >= cur["step"]:
                    target = cand
                    break
            text = f"{target:.{digits}f}"
            type_in_number(page, i, text)
            try:
                after = wait_changed(page, before, explorer=ex, need_plot=ex in plotted)
            except Exception:
                now = state(page)
                problems.append(f"number box {cur['label']!r} (typed {text} + Enter) in explorer {ex}: "
                                f"{what_changed(before, now, ex)}; value now {now['sliders'][i]['value']}; "
                                f"errors {now['errors']}")
                continue
            new = after["sliders"][i]
            done.append(f"typed {text} in {cur['label']!r}: -> {new['value']}")
            if abs(new["value"] - target) > cur["step"] / 2:
                problems.append(f"number box {cur['label']!r}: typed {text}, range shows {new['value']}")
            problems += [f"number box {cur['label']!r}: {p}" for p in layout_kept(before, after, ex)]

    for j, _sel in enumerate(first["selects"]):
        for attempt in range(2):
            before = state(page)
            cur = before["selects"][j]
            key = "ArrowDown" if cur["index"] < cur["n"] - 1 else "ArrowUp"
            select_by_keyboard(page, j, key)
            try:
                after = wait_changed(page, before, explorer=None, need_any_text=True)
            except Exception:
                if attempt == 1:
                    problems.append(f"drop-down {j} ({key} twice): nothing on the page changed")
                continue
            done.append(f"{key} on drop-down {j}: option {cur['index']} -> {after['selects'][j]['index']}")
            if after["errors"]:
                problems.append(f"drop-down {j}: an explorer shows an error: {after['errors']}")
            if cur["explorer"] >= 0:
                problems += [f"drop-down {j}: {p}" for p in layout_kept(before, after, cur["explorer"])]
            break
    return done, problems


def render_problems(page) -> list[str]:
    r = rendered(page)
    s = state(page)
    problems = list(r["problems"])
    for i, p in enumerate(s["plots"]):
        if p["traces"] == 0 or p["drawn"] == 0:
            problems.append(f"figure {i} ({p['title']!r}) is blank: {p['traces']} traces, {p['drawn']} drawn")
        if p["width"] <= 0 or p["height"] <= 0 or p["boxW"] <= 0 or p["boxH"] <= 0:
            problems.append(f"figure {i} ({p['title']!r}) has no size: {p['width']}x{p['height']}")
    problems += page.evaluate("""() => {
        const out = [];
        for (const o of document.querySelectorAll('.jp-OutputArea-output')) {
            const w = o.querySelector(':scope > .lm-Widget, :scope > .jupyter-widgets, :scope .kit-explorer');
            if (o.classList.contains('lm-Panel') || w) {   // a widget view
                if (o.getBoundingClientRect().height < 2) out.push('empty widget view: ' + o.outerHTML.slice(0, 200));
            }
        }
        for (const el of document.querySelectorAll('.kit-explorer')) {
            if (!el.classList.contains('kit-meet') && !el.querySelector('.js-plotly-plot, .kit-people-svg use'))
                out.push('explorer without a figure: ' + el.textContent.slice(0, 120));
            if (!el.querySelector('.kit-text-twin')) out.push('explorer without a text twin: ' + el.textContent.slice(0, 120));
        }
        for (const t of document.querySelectorAll('.kit-explorer .kit-text-twin'))
            if (!t.textContent.trim()) out.push('empty text twin');
        return out; }""")
    return problems
