"""The pip pins and environment.yml agree; test-only tools stay out of the Binder image."""

import pathlib
import re
import subprocess
import sys

import pytest
import yaml

from lessons.delivery import environment as environment_module

ROOT = pathlib.Path(__file__).resolve().parents[1]
TEST_ONLY = {"pytest", "pytest-timeout", "hypothesis", "nbval", "playwright", "nbclient", "nbconvert", "nbstripout", "ruff"}


def pip_pins(path):
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-r"):
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        assert m, f"{path.name}: '{line}' is not pinned with =="
        pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def environment():
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def conda_pins():
    """Every pin in environment.yml, conda's (name=version) and its pip section's (name==version)."""
    pins = {}
    for dep in environment()["dependencies"]:
        if isinstance(dep, dict):
            for line in dep["pip"]:
                name, version = line.split("==")
                pins[name.lower().replace("_", "-")] = version
        else:
            name, _, version = dep.partition("=")
            pins[name.lower()] = version
    return pins


def test_environment_yml_is_generated_from_requirements_txt():
    assert (ROOT / "environment.yml").read_text() == environment_module.render(ROOT / "requirements.txt"), \
        "environment.yml is out of date: run python -m lessons.delivery.environment"
    assert environment_module.main(["--check"]) == 0


def test_conda_gives_only_python_and_pip_and_pip_installs_exactly_the_runtime_pins():
    deps = environment()["dependencies"]
    conda = [d for d in deps if isinstance(d, str)]
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    assert conda == [f"python={environment_module.PYTHON}", "pip"]
    required = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    required = [line for line in required if line]
    extra = [f"{name}=={version}" for name, (version, _) in environment_module.BINDER_ONLY.items()]
    assert pip == required + extra


def test_binder_only_notebook_pin_goes_with_the_pinned_jupyterlab():
    """notebook 7.6.5 declares jupyterlab>=4.6.6,<4.7 (its wheel's metadata); repo2docker's base notebook 7.4
    would hold JupyterLab below 4.5."""
    lab = tuple(int(x) for x in pip_pins(ROOT / "requirements.txt")["jupyterlab"].split("."))
    assert (4, 6, 6) <= lab < (4, 7)
    assert set(environment_module.BINDER_ONLY) == {"notebook"}


def test_check_mode_flags_a_stale_environment_yml(tmp_path, capsys):
    (tmp_path / "requirements.txt").write_text("numpy==2.2.6\n")
    (tmp_path / "environment.yml").write_text("name: old\n")
    assert environment_module.main(["--check", "--root", str(tmp_path)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert environment_module.main(["--root", str(tmp_path)]) == 0
    assert environment_module.main(["--check", "--root", str(tmp_path)]) == 0
    (tmp_path / "requirements.txt").write_text("numpy>=2\n")
    with pytest.raises(ValueError, match="requirements: every line must be name==version"):
        environment_module.render(tmp_path / "requirements.txt")


def test_every_runtime_pin_is_in_environment_yml_at_the_same_version():
    runtime = pip_pins(ROOT / "requirements.txt")
    conda = conda_pins()
    for name, version in runtime.items():
        assert name in conda, f"environment.yml lacks {name}"
        assert conda[name] == version, f"{name}: requirements.txt has {version}, environment.yml has {conda[name]}"
    extra = set(conda) - set(runtime) - {"python", "pip"} - set(environment_module.BINDER_ONLY)
    assert not extra, f"environment.yml has packages requirements.txt lacks: {sorted(extra)}"


def test_test_only_tools_stay_out_of_environment_yml_and_requirements():
    conda = conda_pins()
    runtime = pip_pins(ROOT / "requirements.txt")
    assert not TEST_ONLY & set(conda)
    assert not TEST_ONLY & set(runtime)
    tests = pip_pins(ROOT / "requirements-test.txt")
    assert {"pytest", "hypothesis", "nbval", "playwright"} <= set(tests)


def test_pyproject_runtime_dependencies_are_covered_by_the_pins():
    text = (ROOT / "pyproject.toml").read_text()
    deps = re.search(r"dependencies = \[(.*?)\]", text, re.S).group(1)
    names = {re.match(r'\s*"([A-Za-z0-9_\-]+)', d).group(1).lower() for d in deps.split(",") if d.strip()}
    assert names <= set(pip_pins(ROOT / "requirements.txt"))


# -- the Python the kit needs ---------------------------------------------------------------------

def fake_python(tmp_path, version: str):
    path = tmp_path / f"python{version}"
    path.write_text(f"#!/bin/sh\necho {version}\n")
    path.chmod(0o755)
    return path


@pytest.mark.parametrize("version", ["3.9", "3.10"])
def test_make_stops_early_with_a_clear_message_on_an_older_python(tmp_path, version):
    out = subprocess.run(["make", "-s", "python-version", f"PYTHON={fake_python(tmp_path, version)}"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode != 0
    assert f"Python {version}" in out.stdout and "3.11 or newer" in out.stdout


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13"])
def test_make_accepts_python_311_and_newer(tmp_path, version):
    out = subprocess.run(["make", "-s", "python-version", f"PYTHON={fake_python(tmp_path, version)}"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_place_states_the_same_minimum_python():
    from lessons.delivery.workshop_check import MIN_PYTHON
    wanted = f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]}"
    assert f'requires-python = ">={wanted}"' in (ROOT / "pyproject.toml").read_text()
    assert f"MIN_PYTHON := {wanted}" in (ROOT / "Makefile").read_text()
    assert f"({wanted} or newer" in (ROOT / "README.md").read_text()
    assert f"({wanted} or newer" in (ROOT / "docs" / "instructor-guide.md").read_text()
    for text in [(ROOT / f).read_text() for f in ("README.md", "Makefile", "pyproject.toml")]:
        assert "3.10+" not in text and "3.10 or newer" not in text


def test_a_lesson_kernel_does_not_import_the_slow_iri_parser():
    """A lesson's imports (numpy, plotly, ipywidgets, and through plotly nbformat and jsonschema) must not load
    rfc3987_syntax, which jsonschema 4.25+ imports and which builds its parsers on import (2.8 s of CPU per
    kernel and server start on the 2-core machine). requirements.txt pins a jsonschema without it."""
    code = ("import sys, lessons.lesson_03, nbformat, jsonschema._format; "
            "print('rfc3987_syntax' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False", "a lesson's kernel imports rfc3987_syntax (see requirements.txt)"
