"""Browser tests: every lesson in JupyterLab and in Voila, driven by headless Chromium.

Session fixtures start one JupyterLab server and one Voila server (free localhost ports,
random tokens, root directory notebooks/, no browser) and stop them and their kernels at
the end. Settings, workspaces, checkpoints and runtime files go to a temporary directory,
so a test run never writes into the repository (JupyterLab's autosave is off and the
notebooks are never saved).

No Chromium: the tests skip with one line saying how to install it; with CI=true a missing
browser (or a missing axe-core) is a failure instead. See tests/browser/README.md.
"""

from __future__ import annotations

import json
import os
import pathlib
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import kitbrowser as kit
import pytest

from lessons.delivery import present
from lessons.delivery.server import LAB_ARGS, VOILA_ARGS

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
NOTEBOOK_DIR = ROOT / "notebooks"
ARTIFACTS = HERE / "artifacts"
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
AXE_HINT = "axe-core not installed: run `npm ci --prefix tests/browser` (make browser-deps); the accessibility tests are skipped"
SERVER_START_TIMEOUT = 180


INSTALL_HINT = kit.INSTALL_HINT
find_chromium = kit.find_chromium
missing = kit.missing


# -- servers ------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid: int) -> list[int]:
    try:
        import psutil
        return [c.pid for c in psutil.Process(pid).children(recursive=True)]
    except Exception:
        return []


_RUNNING: list[Server] = []


def _stop_all_on_sigterm(signum, frame):
    """pytest runs no teardown on SIGTERM (e.g. a CI timeout): stop our servers and kernels first."""
    for server in list(_RUNNING):
        server.stop()
    raise SystemExit(128 + signum)


class Server:
    """One Jupyter-family server process we started (JupyterLab or Voila)."""

    def __init__(self, name: str, argv: list[str], port: int, token: str, ready_path: str,
                 workdir: pathlib.Path, env: dict):
        self.name, self.port, self.token = name, port, token
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = workdir / f"{name}.log"
        self._log = open(self.log_path, "w")  # noqa: SIM115 (open for the server's lifetime, closed in stop())
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        _RUNNING.append(self)
        if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
            signal.signal(signal.SIGTERM, _stop_all_on_sigterm)
        try:
            self._wait_ready(ready_path)
        except Exception:
            self.stop()
            raise

    def url(self, path: str, **query) -> str:
        query = {"token": self.token, **query}
        qs = "&".join(k if v is None else f"{k}={v}" for k, v in query.items())
        return f"{self.base}{path}?{qs}"

    def _wait_ready(self, path: str):
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url(path), timeout=10) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError) as err:
                last = err
            time.sleep(0.25)
        raise RuntimeError(f"{self.name} did not answer in {SERVER_START_TIMEOUT}s ({last}):\n{self.log_tail()}")

    def wait_for_log(self, needle: str, timeout_s: float) -> float:
        """Seconds until ``needle`` appears in the server's log (an error if the server stops or time runs out)."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout_s:
            if needle in self.log_tail(100_000):
                return time.monotonic() - t0
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited while waiting for {needle!r}:\n{self.log_tail()}")
            time.sleep(0.5)
        raise TimeoutError(f"{self.name}: {needle!r} not in the log after {timeout_s:.0f} s:\n{self.log_tail()}")

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-n:])
        except OSError:
            return ""

    def post(self, path: str) -> int:
        req = urllib.request.Request(self.base + path, data=b"", method="POST",
                                     headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status
        except urllib.error.HTTPError as err:
            return err.code
        except (urllib.error.URLError, OSError):
            return 0

    def kernel_pids(self) -> list[int]:
        """PIDs of this server's kernels (children running ipykernel)."""
        try:
            import psutil
            out = []
            for child in psutil.Process(self.proc.pid).children(recursive=True):
                try:
                    if any("ipykernel" in part for part in child.cmdline()):
                        out.append(child.pid)
                except psutil.Error:
                    pass
            return out
        except Exception:
            return []

    def stop(self):
        """SIGTERM (the server shuts its kernels down), then make sure every child we started is gone."""
        if self in _RUNNING:
            _RUNNING.remove(self)
        children = descendants(self.proc.pid)
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        for pid in children:  # kernels run in their own sessions: end them by id if still alive
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if not self._log.closed:
            self._log.close()


def lab_settings(root: pathlib.Path):
    """JupyterLab user settings for the tests: no restart dialog, no autosave, no news, all cells rendered."""
    settings = {
        "@jupyterlab/apputils-extension/sessionDialogs": {"skipKernelRestartDialog": True},
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    }
    for key, value in settings.items():
        path = root / (key + ".jupyterlab-settings")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


def server_env(tmp: pathlib.Path) -> dict:
    env = present.environment()  # the kit's Voila template is found through JUPYTER_PATH, as `make present` finds it
    env["JUPYTER_RUNTIME_DIR"] = str(tmp / "runtime")
    env["JUPYTER_CONFIG_DIR"] = str(tmp / "config")  # ignore a developer's own ~/.jupyter config
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env.pop("JUPYTER_TOKEN", None)
    return env


def start_lab(tmp: pathlib.Path, root_dir: pathlib.Path = NOTEBOOK_DIR) -> Server:
    port, token = free_port(), secrets.token_hex(16)
    lab_settings(tmp / "lab-settings")
    argv = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
        "--LabApp.expose_app_in_browser=True", "--ServerApp.port_retries=0",
        f"--LabApp.user_settings_dir={tmp / 'lab-settings'}", f"--LabApp.workspaces_dir={tmp / 'lab-workspaces'}",
        f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}",
        "--LabApp.extension_manager=readonly", "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        *LAB_ARGS,  # the kit's no-delay kernel websocket, as `make lab` uses it
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    return Server("jupyterlab", argv, port, token, "/api/status", tmp, server_env(tmp))


def start_voila(tmp: pathlib.Path, root_dir: pathlib.Path = NOTEBOOK_DIR, *, app_mode: bool = False,
                lesson: str | None = None, learners: int = 0, refill_delay_s: float | None = None) -> Server:
    """Voila on loopback with the kit's template and no-delay websocket. ``app_mode``: `make present` itself
    (lessons.delivery.present: code hidden, idle culling), with a warm pool of ``learners`` kernels for ``lesson``."""
    port, token = free_port(), secrets.token_hex(16)
    if app_mode:
        argv = [sys.executable, "-m", "lessons.delivery.present", f"--port={port}", f"--token={token}",
                f"--root={root_dir}"]
        if learners:
            argv += [f"--lesson={lesson}", f"--learners={learners}"]
        if refill_delay_s is not None:
            argv.append(f"--refill-delay={refill_delay_s:g}")
    else:
        argv = [sys.executable, "-m", "voila", "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
                f"--token={token}", "--template=kit", "--Voila.port_retries=0",
                *VOILA_ARGS,  # the kit's no-delay kernel websocket, as `make present` uses it
                str(root_dir)]
    return Server("voila-present" if app_mode else "voila", argv, port, token, "/", tmp, server_env(tmp))


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        missing(INSTALL_HINT)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("Python Playwright not installed: `pip install -r requirements-test.txt`; the browser tests are skipped")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=kit.CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def server_tmp():
    # our own directory, not pytest's basetemp: a concurrent pytest run may prune old basetemps while the
    # servers still use their runtime files
    path = pathlib.Path(tempfile.mkdtemp(prefix="kit-browser-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def lab_server(chromium_path, server_tmp):
    server = start_lab(server_tmp)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila_server(chromium_path, server_tmp):
    server = start_voila(server_tmp)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def walk(request):
    """One detailed walk (walks.py), parametrized indirectly beside the lesson's page: pytest keeps a
    module-scoped page's tests together only when every parametrized argument is a fixture of that scope."""
    return request.param


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_JS.exists():
        missing(AXE_HINT)
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def report():
    """Numbers the session measured (kernel memory, render times); written to artifacts/ at the end."""
    data: dict = {"kernel_rss_mb": {}, "lab_seconds": {}, "voila_seconds": {}, "plots": {}}
    yield data
    ARTIFACTS.mkdir(exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # one report per worker in a parallel run
    name = f"browser_report-{worker}.json" if worker else "browser_report.json"
    (ARTIFACTS / name).write_text(json.dumps(data, indent=2, sort_keys=True))
