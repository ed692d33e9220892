"""Workshop-day check: is this machine (or image) ready to run the lessons?

    python -m lessons.delivery.workshop_check [--root PATH] [--skip-notebooks] [--learners N]

Checks, and prints each as "ok" or "PROBLEM" with the fix:
1. the Python version;
2. every runtime package (requirements.txt) installed at a compatible version;
3. the widget, anywidget and plotly front-end extensions registered in JupyterLab;
4. a Python kernel starts and imports the kit;
5. every notebook runs top to bottom without an error (headless);
6. with ``--learners N`` (``make check LEARNERS=30``): this machine's cores and memory against the class,
   from the kit's measured per-learner figures (:data:`ROOM`) and the kernel memory this check measures,
   and which route fits: app mode on this machine, a shared JupyterLab on it, or Binder / a JupyterHub.
Exits with status 1 if any item is a problem, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pathlib
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata

from ..checks import check_int, check_real
from .present import spare_kernels

MIN_PYTHON = (3, 11)
LAB_EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "anywidget", "jupyterlab-plotly")
FIX_INSTALL = ("run `make lab` once "
               "(or: python -m pip install -r requirements.txt && python -m pip install --no-deps -e .)")


# Per-learner figures, each measured (not estimated):
# - kernel_mib: peak memory of one lesson's kernel, the largest of the eight lessons (lesson 01), from
#   docs/instructor-guide.md section 6 ("What we measured"); the check also measures a kernel itself and
#   uses the larger of the two.
# - voila_base_mib, voila_view_mib: the Voila server after two page views, and its growth per further view
#   (same section).
# - lab_server_mib: the JupyterLab server idle (same section); lab_lessons_open: lessons a learner keeps
#   open at once in JupyterLab (the guide's planning figure).
# - app_core_s_per_learner: issue 12's room measured on a 2-core machine with `make present` (make bench-class,
#   2026-12-02, with jsonschema 4.24.1 pinned): 20 learners opening lesson 00 at once, the last page was rendered
#   after 20.2 s, so each learner costs about 2.0 core-seconds on arrival; the page should be ready within
#   arrival_wait_s (issue 12's 15 s).
# - warm_learners_per_core: the same room with `make present LEARNERS=20 LESSON=00` (pages rendered in advance):
#   pages in 0.17 s, interactive in 6 s, key-to-redraw p95 <= 39 ms, every target met on 2 cores, so 10 learners
#   per core (the measured point; larger rooms per core were not measured). Warming takes the arrival cost in
#   advance (14 s for the 20 on 2 cores) and keeps spare kernels (lessons.delivery.present.spare_kernels).
# - run_all_core_s: the slowest lesson's Run All, core-seconds (guide: 10.6 s); a shared JupyterLab fits
#   when everyone pressing Run All at once waits at most lab_wait_s.
ROOM = {
    "kernel_mib": 160, "voila_base_mib": 215, "voila_view_mib": 39, "lab_server_mib": 91, "lab_lessons_open": 2,
    "app_core_s_per_learner": 2.0, "arrival_wait_s": 15, "warm_learners_per_core": 10,
    "run_all_core_s": 10.6, "lab_wait_s": 60, "system_mib": 1024,
}


@dataclass(frozen=True)
class Item:
    name: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        if self.ok:
            return f"ok       {self.name}: {self.detail}"
        return f"PROBLEM  {self.name}: {self.detail}\n         fix: {self.fix}"


def default_root() -> pathlib.Path:
    return pathlib.Path(__file__).resolve().parents[2]


def read_pins(requirements: pathlib.Path) -> dict[str, str]:
    """Pinned runtime packages from a requirements file: {name: version}."""
    pins = {}
    for line in requirements.read_text().splitlines():
        line = line.split("#")[0].strip()
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if m:
            pins[m.group(1)] = m.group(2)
    return pins


def check_python(version=sys.version_info) -> Item:
    found = ".".join(map(str, version[:3]))
    if tuple(version[:2]) >= MIN_PYTHON:
        return Item("Python", True, f"{found}")
    return Item("Python", False, f"{found} is older than {MIN_PYTHON[0]}.{MIN_PYTHON[1]}",
                f"install Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer (ipykernel 7 needs it) "
                "and set the kit up again")


def compatible(installed: str, pinned: str) -> bool:
    """Same major version, and for 0.x the same minor version."""
    a, b = installed.split("."), pinned.split(".")
    if a[0] != b[0]:
        return False
    return a[0] != "0" or a[1:2] == b[1:2]


def check_packages(pins: dict[str, str]) -> list[Item]:
    items = []
    for name, pinned in pins.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            items.append(Item(f"package {name}", False, "not installed", FIX_INSTALL))
            continue
        if installed == pinned:
            items.append(Item(f"package {name}", True, installed))
        elif compatible(installed, pinned):
            items.append(Item(f"package {name}", True, f"{installed} (tested with {pinned})"))
        else:
            items.append(Item(f"package {name}", False, f"{installed} installed, the kit needs {pinned}",
                              f"python -m pip install {name}=={pinned}"))
    return items


def lab_extensions() -> set[str]:
    """Names of the prebuilt JupyterLab extensions found on Jupyter's data paths."""
    from jupyter_core.paths import jupyter_path

    names = set()
    for base in map(pathlib.Path, jupyter_path("labextensions")):
        for manifest in base.glob("*/package.json"):
            names.add(json.loads(manifest.read_text()).get("name", manifest.parent.name))
        for manifest in base.glob("@*/*/package.json"):
            names.add(json.loads(manifest.read_text()).get("name", manifest.parent.name))
    return names


def check_extensions(found: set[str] | None = None) -> Item:
    try:
        found = lab_extensions() if found is None else found
    except Exception as err:  # JupyterLab missing or broken
        return Item("JupyterLab extensions", False, f"could not list them ({err})", FIX_INSTALL)
    missing = [n for n in LAB_EXTENSIONS if n not in found]
    if missing:
        return Item("JupyterLab extensions", False, "missing: " + ", ".join(missing),
                    "reinstall ipywidgets, anywidget and plotly in the environment JupyterLab runs from: "
                    + FIX_INSTALL)
    return Item("JupyterLab extensions", True, ", ".join(LAB_EXTENSIONS))


def _rss_mib(pid: int) -> float | None:
    try:
        import psutil
        return psutil.Process(pid).memory_info().rss / 2**20
    except Exception:
        return None


MEASURED: dict[str, float] = {}
"""What this run measured (the kernel's memory after importing the kit and building an explorer)."""


def check_kernel(kernel_name: str = "python3", timeout: float = 60) -> Item:
    from jupyter_client.manager import start_new_kernel

    start = time.perf_counter()
    try:
        km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=timeout, stderr=subprocess.DEVNULL)
    except Exception as err:
        return Item("kernel", False, f"the {kernel_name!r} kernel did not start ({err})",
                    "python -m pip install ipykernel && python -m ipykernel install --user")
    try:
        reply = kc.execute_interactive("import lessons, plotly, ipywidgets", timeout=timeout)
        status = reply["content"]["status"]
        if status == "ok":  # a lesson's explorer built, to measure a kernel in use
            kc.execute_interactive("from lessons import lesson_01 as _L; _e = _L.CrisisHandoffExplorer()",
                                   timeout=timeout)
            pid = getattr(km.provisioner, "pid", None) or getattr(getattr(km.provisioner, "process", None), "pid", None)
            rss = _rss_mib(pid) if pid else None
            if rss:
                MEASURED["kernel_mib"] = round(rss, 1)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    if status != "ok":
        return Item("kernel", False, "the kernel started but cannot import the kit", FIX_INSTALL)
    return Item("kernel", True, f"{kernel_name} started and imported the kit in {time.perf_counter() - start:.1f} s")


def check_notebook(path: pathlib.Path, timeout: int = 600) -> Item:
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    km = KernelManager(kernel_name="python3")
    try:
        km.start_kernel(cwd=str(path.parent), stderr=subprocess.DEVNULL)
        NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    except CellExecutionError as err:
        first = str(err).strip().splitlines()[-1][:200]
        return Item(f"notebook {path.name}", False, f"a cell failed: {first}",
                    "update the kit (git pull) and run the check again; if it persists, report it")
    except Exception as err:
        return Item(f"notebook {path.name}", False, f"could not run ({type(err).__name__}: {err})", FIX_INSTALL)
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    return Item(f"notebook {path.name}", True, f"ran in {time.perf_counter() - start:.1f} s")


def machine() -> tuple[int, float | None]:
    """(cores, available memory in MiB or None if it cannot be read)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        import psutil
        return cores, psutil.virtual_memory().available / 2**20
    except Exception:
        pass
    try:
        for line in pathlib.Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return cores, int(line.split()[1]) / 1024
    except OSError:
        pass
    return cores, None


def room_needs(learners: int, kernel_mib: float | None = None) -> dict:
    """Cores and memory (MiB) each route needs for ``learners`` from :data:`ROOM`: app mode with warm kernels
    (``warm``: make present LEARNERS=...), app mode rendering on arrival (``app``), one shared JupyterLab (``lab``)."""
    if isinstance(learners, bool) or not isinstance(learners, int) or not 1 <= learners <= 10_000:
        raise ValueError(f"learners must be a whole number from 1 to 10000; got {learners!r}")
    kernel = max(ROOM["kernel_mib"], kernel_mib or 0)
    page = ROOM["voila_view_mib"] + kernel
    spare = spare_kernels(learners)
    return {
        "kernel_mib": kernel,
        "warm": {"cores": math.ceil(learners / ROOM["warm_learners_per_core"]),
                 "mib": ROOM["system_mib"] + ROOM["voila_base_mib"] + (learners + spare) * page,
                 "warm_core_s": learners * ROOM["app_core_s_per_learner"]},
        "app": {"cores": math.ceil(learners * ROOM["app_core_s_per_learner"] / ROOM["arrival_wait_s"]),
                "mib": ROOM["system_mib"] + ROOM["voila_base_mib"] + learners * page},
        "lab": {"cores": math.ceil(learners * ROOM["run_all_core_s"] / ROOM["lab_wait_s"]),
                "mib": ROOM["system_mib"] + ROOM["lab_server_mib"] + learners * ROOM["lab_lessons_open"] * kernel},
    }


def check_room(learners: int, cores: int, available_mib: float | None, kernel_mib: float | None = None) -> Item:
    """Which route fits a class of ``learners`` on a machine with ``cores`` and ``available_mib``."""
    needs = room_needs(learners, kernel_mib)
    cores = check_int("cores", cores, low=1)
    if available_mib is not None:
        available_mib = check_real("available_mib", available_mib, low=0)
    mem = "unknown memory" if available_mib is None else f"{available_mib / 1024:.1f} GiB memory available"
    have = f"{cores} cores, {mem}"
    fits = {route: cores >= needs[route]["cores"] and (available_mib is None or available_mib >= needs[route]["mib"])
            for route in ("warm", "app", "lab")}
    warm_s = needs["warm"]["warm_core_s"] / cores
    want = (f"app mode with warm kernels (make present LEARNERS={learners}) needs {needs['warm']['cores']} cores "
            f"and {needs['warm']['mib'] / 1024:.1f} GiB; app mode rendering each page on arrival needs "
            f"{needs['app']['cores']} cores and {needs['app']['mib'] / 1024:.1f} GiB; a shared JupyterLab needs "
            f"{needs['lab']['cores']} cores and {needs['lab']['mib'] / 1024:.1f} GiB "
            f"(per lesson kernel {needs['kernel_mib']:.0f} MiB"
            + (f"; a kernel measured here used {kernel_mib:.0f} MiB" if kernel_mib else "") + ")")
    name = f"room for {learners} learners"
    others = [label for route, label in (("app", "app mode without warming"), ("lab", "a shared JupyterLab"))
              if fits[route]]
    also = f" Also fits {' and '.join(others)}." if others else ""
    if fits["warm"]:
        return Item(name, True, f"{have}: fits app mode with warm kernels: start `make present LEARNERS={learners} "
                                f"LESSON=03 PRESENT_IP=0.0.0.0` (with the lesson you begin with) before the class "
                                f"and wait until it says the warm pool is ready (about {warm_s:.0f} s here).{also} "
                                f"{want}")
    if fits["app"] or fits["lab"]:
        route = "app mode (make present PRESENT_IP=0.0.0.0)" if fits["app"] else "a shared JupyterLab"
        return Item(name, True, f"{have}: fits {route} on this machine, not app mode with warm kernels. {want}")
    return Item(name, False, f"{have}: too small for {learners} learners on one machine. {want}",
                "use Binder (make links: each learner gets their own machine) or a JupyterHub, "
                "or a machine with the cores and memory above")


def run_checks(root: pathlib.Path, *, notebooks: bool = True, out=print, learners: int | None = None) -> list[Item]:
    items = [check_python()]
    requirements = root / "requirements.txt"
    if requirements.exists():
        items += check_packages(read_pins(requirements))
    else:
        items.append(Item("requirements.txt", False, f"not found in {root}",
                          "run the check from the kit's folder or pass --root PATH"))
    for item in items:
        out(item.line())
    later = [check_extensions, check_kernel]
    for fn in later:
        item = fn()
        items.append(item)
        out(item.line())
    if notebooks:
        paths = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        if not paths:
            item = Item("notebooks", False, f"none found in {root / 'notebooks'}",
                        "run the check from the kit's folder or pass --root PATH")
            items.append(item)
            out(item.line())
        for path in paths:
            item = check_notebook(path)
            items.append(item)
            out(item.line())
    if learners is not None:
        cores, available = machine()
        item = check_room(learners, cores, available, MEASURED.get("kernel_mib"))
        items.append(item)
        out(item.line())
    return items


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lessons.delivery.workshop_check",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=pathlib.Path, default=default_root(), help="the kit's folder")
    parser.add_argument("--skip-notebooks", action="store_true", help="do not run the notebooks (faster)")
    parser.add_argument("--learners", type=int, default=None,
                        help="class size: report this machine's cores and memory against it, and which route fits")
    args = parser.parse_args(argv)
    if args.learners is not None and not 1 <= args.learners <= 10_000:
        parser.error(f"--learners must be from 1 to 10000; got {args.learners}")
    items = run_checks(args.root, notebooks=not args.skip_notebooks, learners=args.learners)
    problems = [i for i in items if not i.ok]
    print()
    if problems:
        print(f"{len(problems)} problem(s) of {len(items)} checks: fix them before the workshop.")
        return 1
    print(f"All {len(items)} checks ok: this machine is ready for the workshop.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
