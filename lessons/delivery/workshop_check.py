"""Workshop-day check: is this machine (or image) ready to run the lessons?

    python -m lessons.delivery.workshop_check [--root PATH] [--skip-notebooks]

Checks, and prints each as "ok" or "PROBLEM" with the fix:
1. the Python version;
2. every runtime package (requirements.txt) installed at a compatible version;
3. the widget, anywidget and plotly front-end extensions registered in JupyterLab;
4. a Python kernel starts and imports the kit;
5. every notebook runs top to bottom without an error (headless).
Exits with status 1 if any item is a problem, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata

MIN_PYTHON = (3, 11)
LAB_EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "anywidget", "jupyterlab-plotly")
FIX_INSTALL = "run `make lab` once (or: python -m pip install -r requirements.txt && python -m pip install --no-deps -e .)"


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
                f"install Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer (ipykernel 7 needs it) and set the kit up again")


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
                    "reinstall ipywidgets, anywidget and plotly in the environment JupyterLab runs from: " + FIX_INSTALL)
    return Item("JupyterLab extensions", True, ", ".join(LAB_EXTENSIONS))


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


def run_checks(root: pathlib.Path, *, notebooks: bool = True, out=print) -> list[Item]:
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
    return items


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lessons.delivery.workshop_check", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=pathlib.Path, default=default_root(), help="the kit's folder")
    parser.add_argument("--skip-notebooks", action="store_true", help="do not run the notebooks (faster)")
    args = parser.parse_args(argv)
    items = run_checks(args.root, notebooks=not args.skip_notebooks)
    problems = [i for i in items if not i.ok]
    print()
    if problems:
        print(f"{len(problems)} problem(s) of {len(items)} checks: fix them before the workshop.")
        return 1
    print(f"All {len(items)} checks ok: this machine is ready for the workshop.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
