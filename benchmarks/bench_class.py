"""A class opening one lesson at once in the kit's app mode (not a test; run it on a quiet machine).

Starts Voila exactly as ``make present`` does (lessons.delivery.present: the kit template, code and tracebacks
hidden, the no-delay websocket, idle culling) on a free loopback port with a random token, then, at the same moment:
- ``--http`` learners fetch the lesson's page over HTTP: fetching the page makes the server run the
  lesson for that learner, exactly as for a browser (the page's browser work then happens on the
  learners' own machines, so it is not simulated here);
- ``--browsers`` learners open it in headless Chromium (``--throttle`` slows their CPU, e.g. 4 for a
  slower laptop), wait until every figure is drawn (time to interactive), check every explorer answers
  its slider (figure data changes in the DOM), then measure key-press-to-redraw on the first explorer.
Reports server render time per page, time to interactive, key-to-redraw median/p95, errors, and the
peak memory of the server and its kernels (sampled every 0.5 s), then stops everything it started.
Bound: at most 200 learners, loopback only, a hard deadline (``--deadline``).

``--warm`` starts the server as ``make present LEARNERS=N LESSON=...`` does, with one warm kernel per learner,
waits until the pool is full (reported: how early the teacher must start the server), and only then lets the
class arrive.

    .venv/bin/python benchmarks/bench_class.py [--lesson 00_start_here.ipynb] [--http 18] [--browsers 2] [--warm]
    make bench-class [LEARNERS=20] [BROWSERS=2] [LESSON=00_start_here.ipynb]

Targets (issue 12, 2-core machine, 20 learners): every page rendered within 15 s, the browser pages
interactive within 30 s with every explorer answering, key-to-redraw p95 <= 250 ms while the room loads.
The shared-JupyterLab route is measured by ``--lab``: every learner has their own copy of the lessons in one
JupyterLab server (``learner-00/``, ...; a notebook opened twice in one JupyterLab is one document and one
kernel). The browsers open their copy and run all cells; the other learners each start a kernel session for
their copy through the server's REST API and run every code cell over the kernel websocket, as "Run All" does
(their "render" time is the time to run the whole lesson).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_browser  # noqa: E402  (key-to-redraw measurement shared with make bench-browser)
import conftest as servers  # noqa: E402
import kitbrowser as kit  # noqa: E402

from lessons.delivery import present  # noqa: E402

MAX_LEARNERS = 200
TARGETS = {"render_s": 15.0, "interactive_s": 30.0, "p95_ms": 250.0}


def start_present(tmp: pathlib.Path, lesson: str | None = None, learners: int = 0,
                  refill_delay_s: float | None = None) -> servers.Server:
    """`make present` (lessons.delivery.present) on loopback; with ``learners`` above 0, the warm pool
    `make present LEARNERS=... LESSON=...` starts."""
    return servers.start_voila(tmp, app_mode=True, lesson=lesson, learners=learners, refill_delay_s=refill_delay_s)


def lab_copies(tmp: pathlib.Path, learners: int) -> pathlib.Path:
    """A JupyterLab root with one copy of the lessons per learner (learner-00/, learner-01/, ...), as a class
    sharing one server works: a notebook open twice in one JupyterLab is one document with one kernel."""
    root = tmp / "room"
    for i in range(learners):
        shutil.copytree(servers.NOTEBOOK_DIR, root / learner_dir(i), ignore=shutil.ignore_patterns(".*"))
    return root


def learner_dir(i: int) -> str:
    return f"learner-{i:02d}"


class PeakMemory(threading.Thread):
    """Samples the RSS of a server and all its children until stopped; keeps the peak (MiB)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.kernels_peak, self._stop_event = pid, 0.0, 0, threading.Event()

    def run(self):
        import psutil
        while not self._stop_event.is_set():
            try:
                procs = [psutil.Process(self.pid), *psutil.Process(self.pid).children(recursive=True)]
                total = sum(p.memory_info().rss for p in procs if p.is_running()) / 2**20
                self.peak = max(self.peak, total)
                self.kernels_peak = max(self.kernels_peak, len(procs) - 1)
            except psutil.Error:
                pass
            self._stop_event.wait(0.5)

    def stop(self):
        self._stop_event.set()
        self.join(timeout=5)


def http_learner(server, lesson: str, start: threading.Event, out: list, timeout: float):
    start.wait()
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen(server.url(f"/voila/render/{urllib.parse.quote(lesson)}"), timeout=timeout) as r:
            body = r.read().decode("utf-8", "replace")
        seconds = time.monotonic() - t0
        failed = ("There was an error when executing cell" in body
                  or 'data-mime-type="application/vnd.jupyter.stderr"' in body)
        out.append({"render_s": round(seconds, 2), "error": "error output in the page" if failed else None})
    except Exception as err:
        out.append({"render_s": None, "error": f"{type(err).__name__}: {err}"[:200]})


def lab_learner(server, lesson: str, start: threading.Event, out: list, timeout: float, folder: str = ""):
    """A learner in a shared JupyterLab, without a browser: what the server does for one learner who opens the
    lesson and runs all its cells. Starts a kernel session for the notebook through the REST API, then sends
    every code cell over the kernel's websocket (as JupyterLab's "Run All" does) and waits for each reply.
    The widgets' and figures' messages come back as they would to a browser; drawing them is the learner's own
    machine's work, not the server's."""
    import uuid

    import websocket  # websocket-client, a dependency of jupyter_server

    start.wait()
    t0 = time.monotonic()
    headers = {"Authorization": f"token {server.token}", "Content-Type": "application/json"}
    session = None
    try:
        path = f"{folder}/{lesson}" if folder else lesson
        body = json.dumps({"path": path, "type": "notebook", "name": lesson,
                           "kernel": {"name": "python3"}}).encode()
        req = urllib.request.Request(server.base + "/api/sessions", data=body, method="POST", headers=headers)
        with urllib.request.urlopen(req, timeout=timeout) as r:
            session = json.loads(r.read())
        kernel = session["kernel"]["id"]
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels?token={server.token}", timeout=timeout)
        nb = json.loads((servers.NOTEBOOK_DIR / lesson).read_text(encoding="utf-8"))
        errors = []
        for cell in (c for c in nb["cells"] if c["cell_type"] == "code"):
            msg_id = uuid.uuid4().hex
            ws.send(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "learner",
                           "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": "".join(cell["source"]), "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
            while True:
                reply = json.loads(ws.recv())
                if reply.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if reply["msg_type"] == "error":
                    errors.append(reply["content"].get("ename", "error"))
                if reply["msg_type"] == "execute_reply":
                    break
        ws.close()
        out.append({"render_s": round(time.monotonic() - t0, 2),
                    "error": f"cell errors: {errors}" if errors else None})
    except Exception as err:
        out.append({"render_s": None, "error": f"{type(err).__name__}: {err}"[:200]})
    finally:
        if session is not None:
            req = urllib.request.Request(server.base + f"/api/sessions/{session['id']}", method="DELETE",
                                         headers=headers)
            try:
                urllib.request.urlopen(req, timeout=30).close()
            except Exception:
                pass


def browser_learner(chromium: str, app: str, server, lesson: str, throttle: float, start: threading.Event,
                    out: list, presses: int, budget_s: float, folder: str = ""):
    from playwright.sync_api import sync_playwright

    result: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=kit.CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(bench_browser.WEBSOCKET_SPY_JS)
        page = context.new_page()
        page.set_default_timeout(budget_s * 1000)
        recorder = kit.Recorder(page)
        if throttle > 1:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        start.wait()
        t0 = time.monotonic()
        try:
            if app == "lab":
                kit.lab_open(page, server, f"{folder}/{lesson}" if folder else lesson)
                kit.lab_run_all(page)
            else:
                kit.voila_open(page, server, lesson)
            kit.wait_rendered(page, timeout_ms=int(budget_s * 1000))
            result["interactive_s"] = round(time.monotonic() - t0, 1)
            first = kit.state(page)
            silent = []
            for ex in range(first["explorers"]):
                index = next((i for i, s in enumerate(first["sliders"]) if s["explorer"] == ex), None)
                if index is None:
                    continue
                before = kit.state(page)
                # an explorer with a plotly figure must redraw it; one with the people grid or only words must
                # change its text twin (the grid's marks are checked against the engine by the browser tests)
                has_plot = page.evaluate("(i) => !!document.querySelectorAll('.kit-explorer')[i]"
                                         ".querySelector('.js-plotly-plot')", ex)
                kit.press_on_range(page, index,
                                   "PageUp" if before["sliders"][index]["value"] < before["sliders"][index]["max"]
                                   else "PageDown")
                try:
                    kit.wait_changed(page, before, explorer=ex, need_plot=has_plot, timeout_ms=60_000)
                except Exception:
                    silent.append(ex)
            result["explorers"], result["silent_explorers"] = first["explorers"], silent
            if first["explorers"]:
                ms = (bench_browser.measure(page, presses, budget_s) if _has_prevalence(page)
                      else _first_slider_latency(page, presses))
                result["median_ms"] = round(statistics.median(ms), 1) if ms else None
                result["p95_ms"] = round(bench_browser.percentile(ms, 0.95), 1) if ms else None
            result["console_errors"] = recorder.kit_errors()[:5]
        except Exception as err:
            result["error"] = f"{type(err).__name__}: {str(err).splitlines()[0][:200]}"
            result["after_s"] = round(time.monotonic() - t0, 1)
        finally:
            context.close()
            browser.close()
    out.append(result)


def _has_prevalence(page) -> bool:
    return any(s["label"].startswith("Prevalence") for s in kit.state(page)["sliders"])


def _first_slider_latency(page, presses: int) -> list[float]:
    """Key press on the first explorer's first slider -> that explorer's figure redrawn (page clock)."""
    out = []
    page.evaluate("""() => { const gd = document.querySelector('.kit-explorer .js-plotly-plot');
        window.__bc = {down: null, plots: []};
        document.addEventListener('keydown', () => { window.__bc.down = performance.now(); }, true);
        gd.on('plotly_afterplot', () => window.__bc.plots.push(performance.now())); }""")
    s = kit.state(page)
    index = next(i for i, sl in enumerate(s["sliders"]) if sl["explorer"] == 0)
    for i in range(presses + 2):
        page.evaluate("() => { window.__bc.down = null; window.__bc.plots = []; }")
        kit.press_on_range(page, index, "PageUp" if i % 2 == 0 else "PageDown")
        page.wait_for_function("() => window.__bc.down !== null && window.__bc.plots.some(t => t >= window.__bc.down)",
                               timeout=60_000, polling="raf")
        ms = page.evaluate("() => window.__bc.plots.find(t => t >= window.__bc.down) - window.__bc.down")
        if i >= 2:
            out.append(ms)
    return out


def summarise(http: list, browsers: list, memory: PeakMemory, wall_s: float) -> dict:
    renders = [r["render_s"] for r in http if r["render_s"] is not None]
    return {
        "http_learners": len(http), "browser_learners": len(browsers), "wall_s": round(wall_s, 1),
        "render_s": {"max": max(renders, default=None),
                     "median": round(statistics.median(renders), 2) if renders else None},
        "http_errors": [r["error"] for r in http if r["error"]],
        "browsers": browsers,
        "peak_memory_mib": round(memory.peak), "peak_kernels": memory.kernels_peak,
    }


def verdict(summary: dict, lab: bool = False) -> list[str]:
    lines = []
    r = summary["render_s"]["max"]
    if r is not None:
        what = "lessons run by kernel-only learners (every cell)" if lab else "pages rendered"
        lines.append(f"{what}: slowest {r} s ({'meets' if r <= TARGETS['render_s'] else 'MISSES'} "
                     f"the {TARGETS['render_s']:.0f} s target)")
    for i, b in enumerate(summary["browsers"]):
        if "error" in b:
            lines.append(f"browser {i}: FAILED after {b['after_s']} s: {b['error']}")
            continue
        ok_i = b["interactive_s"] <= TARGETS["interactive_s"]
        ok_p = b.get("p95_ms") is not None and b["p95_ms"] <= TARGETS["p95_ms"]
        lines.append(f"browser {i}: interactive after {b['interactive_s']} s ({'meets' if ok_i else 'MISSES'} 30 s); "
                     f"{b['explorers'] - len(b['silent_explorers'])}/{b['explorers']} explorers answered; "
                     "key-to-redraw "
                     f"median {b.get('median_ms')} ms, p95 {b.get('p95_ms')} ms "
                     f"({'meets' if ok_p else 'MISSES'} 250 ms); "
                     f"console errors: {len(b['console_errors'])}")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lesson", default="00_start_here.ipynb", help="notebook name or lesson number (00-07)")
    ap.add_argument("--http", type=int, default=18, help="learners fetching the page over HTTP")
    ap.add_argument("--browsers", type=int, default=2, help="learners in headless Chromium")
    ap.add_argument("--throttle", type=float, default=1.0, help="CPU slow-down of the browser learners (CDP)")
    ap.add_argument("--presses", type=int, default=20)
    ap.add_argument("--lab", action="store_true", help="the shared-JupyterLab route instead of app mode")
    ap.add_argument("--warm", action="store_true",
                    help="app mode with a warm pool of one kernel per learner, full before the class arrives "
                         "(make present LEARNERS=N LESSON=...)")
    ap.add_argument("--deadline", type=float, default=900.0, help="seconds after which every learner gives up")
    ap.add_argument("--refill-delay", type=float, default=None,
                    help="with --warm: seconds before a taken warm kernel is replaced (default: make present's)")
    ap.add_argument("--json", type=pathlib.Path)
    args = ap.parse_args(argv)
    try:  # a notebook name or a lesson number, as make present takes it
        args.lesson = present.resolve_lesson(args.lesson).notebook
    except ValueError as err:
        ap.error(f"--lesson: {err}")
    if args.lesson not in kit.notebooks():
        ap.error(f"--lesson must be one of {kit.notebooks()}; got {args.lesson!r}")
    if not 0 <= args.http <= MAX_LEARNERS or not 0 <= args.browsers <= 16 or args.http + args.browsers == 0:
        ap.error(f"--http must be 0-{MAX_LEARNERS} and --browsers 0-16, not both 0")
    if args.warm and args.lab:
        ap.error("--warm is app mode's pool; a shared JupyterLab (--lab) has none")
    if not 1 <= args.throttle <= 50:
        ap.error(f"--throttle must be from 1 to 50; got {args.throttle}")
    chromium = servers.find_chromium() if args.browsers else None
    if args.browsers and chromium is None:
        print(servers.INSTALL_HINT.replace("the browser tests are skipped", "cannot run the browser learners"))
        return 2
    with tempfile.TemporaryDirectory(prefix="kit-class-") as tmp_name:
        tmp = pathlib.Path(tmp_name)
        learners = args.http + args.browsers
        if args.lab:
            server = servers.start_lab(tmp, root_dir=lab_copies(tmp, learners))
        else:
            server = start_present(tmp, args.lesson if args.warm else None, learners if args.warm else 0,
                                   args.refill_delay)
        memory = PeakMemory(server.proc.pid)
        memory.start()
        warm_s = server.wait_for_log(present.READY, args.deadline) if args.warm else None
        start, http, browsers, threads = threading.Event(), [], [], []
        try:
            folders = [learner_dir(i) if args.lab else "" for i in range(learners)]
            for i in range(args.http):
                threads.append(threading.Thread(target=lab_learner if args.lab else http_learner, daemon=True,
                                                args=(server, args.lesson, start, http, args.deadline),
                                                kwargs={"folder": folders[i]} if args.lab else {}))
            for i in range(args.http, learners):
                threads.append(threading.Thread(target=browser_learner, daemon=True, args=(
                    chromium, "lab" if args.lab else "voila", server, args.lesson, args.throttle, start, browsers,
                    args.presses, args.deadline), kwargs={"folder": folders[i]}))
            for t in threads:
                t.start()
            time.sleep(2)  # every browser launched and waiting
            t0 = time.monotonic()
            start.set()
            for t in threads:
                t.join(timeout=max(1.0, args.deadline + 60 - (time.monotonic() - t0)))
            wall = time.monotonic() - t0
        finally:
            memory.stop()
            server.stop()
    summary = summarise(http, browsers, memory, wall)
    summary["warm_s"] = None if warm_s is None else round(warm_s, 1)
    route = ("shared JupyterLab" if args.lab else
             f"app mode with a warm pool of {learners} (full {summary['warm_s']} s after the server started; "
             f"make present LEARNERS={learners})" if args.warm else "app mode (make present)")
    kind = "without a browser (kernel over the websocket)" if args.lab else "over HTTP"
    print(f"{route}, lesson {args.lesson}: {args.http} {kind} + {args.browsers} in browsers"
          f"{f' at {args.throttle:g}x CPU throttling' if args.throttle > 1 else ''}; all done in {summary['wall_s']} s")
    for line in verdict(summary, lab=args.lab):
        print("  " + line)
    print(f"  errors {kind}: {len(summary['http_errors'])}; peak memory of server + kernels "
          f"{summary['peak_memory_mib']} MiB with up to {summary['peak_kernels']} kernels")
    print(f"(machine: {os.cpu_count()} CPUs; load average {', '.join(f'{x:.1f}' for x in os.getloadavg())})")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
