"""The package's layers hold: the engine and the content never load a widget, plotting or notebook library.

The modules are imported one by one in a fresh interpreter, so nothing another test imported can hide a leak,
and each is charged with the packages its own import brought in.
"""

import ast
import functools
import json
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lessons"
FORBIDDEN = ("ipywidgets", "plotly", "anywidget", "IPython", "jupyter_server", "jupyter_client", "ipykernel",
             "nbformat", "nbclient", "traitlets")


def modules_in(layer: str) -> list[str]:
    folder = PACKAGE / layer
    return sorted(f"lessons.{layer}.{p.stem}" if p.stem != "__init__" else f"lessons.{layer}"
                  for p in folder.glob("*.py"))


ENGINE_SIDE = ["lessons", "lessons.checks", "lessons.catalog", *modules_in("engine"), *modules_in("content")]


@functools.cache
def newly_loaded(modules: tuple[str, ...] = tuple(ENGINE_SIDE)) -> dict[str, list[str]]:
    """One fresh interpreter imports ``modules`` one by one; for each, the top-level packages its import loaded
    that were not loaded before it. A forbidden package is charged to the first module that brings it in (one
    interpreter, instead of one per module, saves about 30 interpreter starts)."""
    code = ("import importlib, json, sys\n"
            "top = lambda: {m.split('.')[0] for m in sys.modules}\n"
            "out = {}\n"
            f"for name in {list(modules)!r}:\n"
            "    before = top(); importlib.import_module(name); out[name] = sorted(top() - before)\n"
            "print(json.dumps(out))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("module", ENGINE_SIDE)
def test_engine_and_content_modules_load_no_widget_or_notebook_library(module):
    loaded = newly_loaded()[module]
    assert not [name for name in FORBIDDEN if name in loaded], f"{module} loads {loaded}"


def test_the_import_check_charges_a_widget_library_to_the_module_that_loads_it():
    loaded = newly_loaded(("lessons.checks", "lessons.ui.controls"))
    assert "ipywidgets" in loaded["lessons.ui.controls"] and "ipywidgets" not in loaded["lessons.checks"]


def imports_of(path: pathlib.Path) -> set[str]:
    """The lessons modules one file imports, as absolute names (read from its source)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.add(".".join(base + ([node.module] if node.module else [])))
            elif node.module and node.module.startswith("lessons"):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("lessons"))
    return found


# what each layer may import from the package (checks <- content <- engine <- ui <- lesson_NN; delivery aside)
ALLOWED = {
    "content": ("lessons.checks", "lessons.content"),
    "engine": ("lessons.checks", "lessons.content", "lessons.engine"),
    "ui": ("lessons.checks", "lessons.content", "lessons.engine", "lessons.ui"),
    "delivery": ("lessons.checks", "lessons.catalog", "lessons.content", "lessons.delivery", "lessons.ui.quiz"),
}


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(layer):
    wrong = {f"{p.relative_to(ROOT)}: {m}" for p in (PACKAGE / layer).glob("*.py") for m in imports_of(p)
             if not m.startswith(ALLOWED[layer])}
    assert not wrong, sorted(wrong)


def test_every_module_sits_in_a_layer():
    top = sorted(p.stem for p in PACKAGE.glob("*.py"))
    lessons = [f"lesson_{n:02d}" for n in range(8)]
    assert top == sorted(["__init__", "catalog", "checks", *lessons])
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == [
        "content", "delivery", "engine", "ui"]
