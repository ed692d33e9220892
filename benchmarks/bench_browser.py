"""Key press -> figure redraw latency of the ScreeningExplorer (its people grid) in headless Chromium (not a test).

For each app (JupyterLab, Voila) and each population size (10,000 and 1,000,000 simulated people by
default) this writes a two-cell benchmark notebook to a temporary directory (never into notebooks/),
starts the same servers the browser tests use, opens the notebook, then presses PageUp / PageDown
alternately on the prevalence slider, at least 20 times. Each latency is measured on the page's own
clock: performance.now() at the keydown event (capture phase) to the first animation frame after the
people grid has changed its marks (a plotly figure's ``plotly_afterplot`` event, for a plotly figure); \
the kernel round trip (slider -> Python -> engine -> figure update -> browser)
is included. Prints the median and the 95th percentile per case and compares them with the targets
(p95 <= 50 ms at 10,000 people, <= 250 ms at 1,000,000), then where the time went, from the page's
websocket frames.

    .venv/bin/python benchmarks/bench_browser.py [--presses 20] [--sizes 10000 1000000] [--apps lab voila]
    make bench-browser
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import conftest as servers  # noqa: E402  (tests/browser/conftest.py: server start-up shared with the tests)
import kitbrowser as kit  # noqa: E402

TARGET_P95_MS = {10_000: 50.0, 1_000_000: 250.0}
FIRST_RENDER_TIMEOUT_MS = 180_000
PRESS_TIMEOUT_MS = 180_000

INSTALL_JS = """() => {
  const ex = document.querySelector('.kit-explorer');
  const gd = ex.querySelector('.js-plotly-plot'), grid = ex.querySelector('.kit-people-grid');
  window.__bench = {down: null, plots: [], twins: []};
  document.addEventListener('keydown', () => { window.__bench.down = performance.now(); }, true);
  if (gd) {
    gd.on('plotly_afterplot', () => { window.__bench.plots.push(performance.now()); });
  } else {
    // the kit's people grid: it counts its draws in data-draws after changing the marks; the redraw is on screen
    // at the next animation frame, so that frame's time is the end of the press
    new MutationObserver(() => requestAnimationFrame(() => { window.__bench.plots.push(performance.now()); }))
        .observe(grid, {attributes: true, attributeFilter: ['data-draws']});
  }
  // breakdown: when the text twin (an HTML widget updated in the same kernel callback) changes
  new MutationObserver(() => { window.__bench.twins.push(performance.now()); })
      .observe(document.querySelector('.kit-explorer .kit-text-twin'), \
{subtree: true, childList: true, characterData: true});
  return true;
}"""


# Every websocket frame the page sends or receives, on the page clock (installed before the app loads),
# so a press's latency can be split into: key press -> first frame sent (the widget's JavaScript),
# first frame sent -> first frame back (server and kernel: the kernel's "busy"), the largest frame (the
# figure's new data) arriving, and that frame -> redraw (plotly drawing).
WEBSOCKET_SPY_JS = """(() => {
  window.__ws = [];
  const Native = window.WebSocket;
  const size = (d) => typeof d === 'string' ? d.length : (d && (d.byteLength ?? d.size)) || 0;
  class Spy extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => window.__ws.push(['in', performance.now(), size(e.data)]));
    }
    send(data) { window.__ws.push(['out', performance.now(), size(data)]); return super.send(data); }
  }
  window.WebSocket = Spy;
})();"""

BREAKDOWN_JS = """() => {
  const b = window.__bench, down = b.down, plot = b.plots.find(t => t >= down);
  const frames = window.__ws.filter(([, t]) => t >= down && t <= plot);
  const out = frames.find(([d]) => d === 'out'), back = out && frames.find(([d, t]) => d === 'in' && t >= out[1]);
  const incoming = frames.filter(([d]) => d === 'in');
  const big = incoming.reduce((m, f) => (f[2] > m[2] ? f : m), ['in', NaN, -1]);
  return out && back ? {js: out[1] - down, server_kernel: back[1] - out[1], arrive_draw: plot - back[1],
                        figure_frame: big[1] - down, draw_after_figure: plot - big[1],
                        frames_in: incoming.length, bytes_in: incoming.reduce((a, f) => a + f[2], 0)} : null;
}"""


def write_notebook(folder: pathlib.Path, population: int) -> str:
    name = f"bench_screening_{population}.ipynb"
    cells = [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["from lessons.ui.explorers import ScreeningExplorer\n",
                    f"explorer = ScreeningExplorer(population={population}, simulate=True)\n", "explorer"]},
    ]
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    (folder / name).write_text(json.dumps(nb))
    return name


def percentile(values, q):
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def measure(page, presses: int, budget_s: float) -> list[float]:
    page.evaluate(INSTALL_JS)
    index = next(i for i, s in enumerate(kit.state(page)["sliders"]) if s["label"].startswith("Prevalence"))
    rng = kit.slider(page, index).locator("input[type=range]")
    rng.scroll_into_view_if_needed()
    rng.focus()
    out, twin_ms, breakdown = [], [], []
    deadline = time.monotonic() + budget_s
    for i in range(presses + 2):  # the first two are warm-up (JIT, first message round trips)
        if time.monotonic() > deadline:
            break  # reported as fewer presses than asked: the case is far too slow
        before_twin = kit.state(page)["twins"][0]["text"]
        page.evaluate("() => { window.__bench.down = null; window.__bench.plots = []; window.__bench.twins = []; }")
        page.keyboard.press("PageUp" if i % 2 == 0 else "PageDown")
        page.wait_for_function(
            """(old) => window.__bench.down !== null && window.__bench.plots.some(t => t >= window.__bench.down)
                        && document.querySelector('.kit-text-twin').textContent.trim() !== old""",
            arg=before_twin, timeout=PRESS_TIMEOUT_MS, polling="raf")
        parts = page.evaluate(BREAKDOWN_JS)
        ms, tw = page.evaluate(
            "() => [window.__bench.plots.find(t => t >= window.__bench.down) - window.__bench.down,\n"
            "                                         (window.__bench.twins.find(t => t >= window.__bench.down) || NaN)"
            " - window.__bench.down]")
        # settle: let every event of this redraw finish before the next press
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        if i >= 2:
            out.append(ms)
            twin_ms.append(tw)
            if parts:
                breakdown.append(parts)
        clear_frames(page)
    measure.twin_ms = twin_ms
    measure.breakdown = breakdown
    return out


def clear_frames(page) -> None:
    page.evaluate("() => { window.__ws.length = 0; }")


def breakdown_medians(parts: list[dict]) -> dict:
    """Median of each part of a press's latency (see WEBSOCKET_SPY_JS), in ms, frames and bytes."""
    if not parts:
        return {}
    return {k: round(statistics.median(p[k] for p in parts), 1) for k in parts[0]}


def run_case(browser, app: str, server, notebook: str, presses: int, budget_s: float) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(WEBSOCKET_SPY_JS)
    page = context.new_page()
    page.set_default_timeout(FIRST_RENDER_TIMEOUT_MS)
    t0 = time.monotonic()
    try:
        if app == "lab":
            kit.lab_open(page, server, notebook)
            kit.lab_run_all(page)
        else:
            kit.voila_open(page, server, notebook)
        page.wait_for_selector(".kit-explorer .kit-people-svg use", state="attached", timeout=FIRST_RENDER_TIMEOUT_MS)
        kit.wait_rendered(page, timeout_ms=FIRST_RENDER_TIMEOUT_MS)
        first = time.monotonic() - t0
        latencies = measure(page, presses, budget_s)
        if not latencies:
            raise TimeoutError(f"no press measured within the {budget_s:.0f} s budget")
        return {"first_render_s": round(first, 1), "latencies_ms": [round(x, 1) for x in latencies],
                "median_ms": round(statistics.median(latencies), 1), "p95_ms": round(percentile(latencies, 0.95), 1),
                "max_ms": round(max(latencies), 1),
                "twin_median_ms": round(statistics.median([t for t in measure.twin_ms if t == t] or [float("nan")]), 1),
                "breakdown_median": breakdown_medians(measure.breakdown)}
    except Exception as err:  # e.g. 1,000,000 SVG markers never finishing their first render
        return {"error": f"{type(err).__name__}: {str(err).splitlines()[0][:200]}",
                "after_s": round(time.monotonic() - t0, 1)}
    finally:
        if app == "lab":
            try:
                page.evaluate("async () => { await window.jupyterapp.shell.currentWidget.sessionContext.shutdown(); }")
            except Exception:
                pass
        context.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presses", type=int, default=20)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    ap.add_argument("--apps", nargs="+", default=["lab", "voila"], choices=["lab", "voila"])
    ap.add_argument("--budget", type=float, default=300.0,
                    help="seconds of pressing per case at most (a case too slow for 20 presses reports fewer)")
    ap.add_argument("--json", type=pathlib.Path, help="also write the results here")
    args = ap.parse_args(argv)
    if args.presses < 20:
        ap.error("--presses must be at least 20")
    chromium = servers.find_chromium()
    if chromium is None:
        print(servers.INSTALL_HINT.replace("the browser tests are skipped", "cannot benchmark"))
        return 2
    from playwright.sync_api import sync_playwright

    results = {}
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp_name:
        tmp = pathlib.Path(tmp_name)
        nb_dir = tmp / "notebooks"
        nb_dir.mkdir()
        names = {n: write_notebook(nb_dir, n) for n in args.sizes}
        started = {}
        try:
            if "lab" in args.apps:
                started["lab"] = servers.start_lab(tmp, nb_dir)
            if "voila" in args.apps:
                started["voila"] = servers.start_voila(tmp, nb_dir)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=kit.CHROMIUM_ARGS)
                for size in args.sizes:
                    for app in args.apps:
                        print(f"{app:5s} {size:>9,} people ...", end=" ", flush=True)
                        r = run_case(browser, app, started[app], names[size], args.presses, args.budget)
                        results[f"{app}/{size}"] = r
                        if "error" in r:
                            print(f"FAILED after {r['after_s']} s: {r['error']}")
                        else:
                            target = TARGET_P95_MS.get(size)
                            verdict = "" if target is None else ("  meets" if r["p95_ms"] <= target else "  MISSES") + \
                                f" the p95 target of {target:.0f} ms"
                            print(f"first render {r['first_render_s']} s; {len(r['latencies_ms'])} presses"
                                  f"{'' if len(r['latencies_ms']) >= args.presses else ' (budget reached)'}: "
                                  f"median {r['median_ms']} ms, p95 {r['p95_ms']} ms, max {r['max_ms']} ms{verdict} "
                                  f"(text twin updated after {r['twin_median_ms']} ms, median)")
                            b = r["breakdown_median"]
                            if b:
                                print(f"      medians after the key press: frame out {b['js']} ms, first frame back "
                                      f"+{b['server_kernel']} ms later, figure's frame at {b['figure_frame']} ms, "
                                      f"redraw {b['draw_after_figure']} ms after it "
                                      f"({b['frames_in']:.0f} frames, {b['bytes_in'] / 1000:.1f} kB in)")
                browser.close()
        finally:
            for server in started.values():
                server.stop()
    print(f"\n(machine: {os.cpu_count()} CPUs; load average {', '.join(f'{x:.1f}' for x in os.getloadavg())})")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
