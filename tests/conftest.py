"""Fixtures shared by the kit's tests.

* ``static_site``: one static export (``tools/export_html.py``) per test session, shared by
  ``test_static_export.py`` and ``browser/test_static_pages.py``; each notebook is exported at most once.
* Parallel runs (``make test`` runs pytest-xdist): tests that share a costly fixture run on one worker as one
  unit (:func:`scope`), so each notebook still runs once under nbval, once in JupyterLab and once in Voila, and
  the static pages are exported once; the longest units are handed out first.

The tests folder is put on ``sys.path`` here, so helper modules (``worked``, ``nbfiles``) import the same way
under pytest's default and ``--import-mode=importlib``.
"""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

import pytest

TESTS = pathlib.Path(__file__).resolve().parent
ROOT = TESTS.parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lessons.catalog import LESSONS  # noqa: E402

_LESSON_IN_ID = re.compile(r"\[(?:[^\]]*-)?(\d\d_[a-z_]+\.ipynb)(?:-[^\]]*)?\]")


def scope(nodeid: str) -> str:
    """The unit of work a parallel run keeps on one worker, from a test's id:
    - nbval's cells of one notebook (one kernel runs them in order);
    - a lesson's JupyterLab and Voila tests (one page each, opened once; Voila's checks compare with JupyterLab's);
    - the static export and the tests of its pages;
    - each slow-machine test alone (each opens its own page, slowed or with its windows shut, and mostly waits);
    - otherwise the test's module (its module fixtures are set up once)."""
    path = nodeid.split("::", 1)[0]
    name = path.rsplit("/", 1)[-1]
    if name.endswith(".ipynb"):
        return f"nbval:{name}"
    if name in ("test_static_export.py", "test_static_pages.py"):
        return "static"
    if name in ("test_browser_lab.py", "test_browser_voila.py"):
        found = _LESSON_IN_ID.search(nodeid)
        return f"lesson:{found.group(1)}" if found else path
    if name == "test_browser_slow.py":
        return nodeid.split("[", 1)[0]
    return path


def _first(nodeid: str) -> int:
    """Long units first, so a parallel run does not end waiting for one: the slow-machine tests, then the lessons
    in JupyterLab and Voila, the other browser pages, the notebooks, and the quick tests last."""
    unit = scope(nodeid)
    if "test_browser_slow.py" in unit:
        return 0
    if unit.startswith("lesson:"):
        return 1
    if unit == "static" or "/browser/" in unit:
        return 2
    if unit.startswith("nbval:"):
        return 3
    return 4


@pytest.hookimpl(trylast=True)  # after pytest has grouped tests by their fixtures' parameters: a stable sort keeps that
def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: _first(item.nodeid))


def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist (make test) schedules whole units (:func:`scope`). Its own --dist loadgroup marks do not reach
    the scheduler under pytest 9 (xdist 3.8 renames a test id pytest no longer reads), so the units are read from
    the test ids here."""
    from xdist.scheduler import LoadScopeScheduling

    # Hand units out in the order pytest_collection_modifyitems gave (longest first), not xdist's default of the
    # units with the most tests first, which left the 3-minute slow-machine test for the end of a run.
    config.option.loadscopereorder = False

    class KitScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope(nodeid)

    return KitScheduling(config, log)


class StaticSite:
    """A folder of static lesson pages, exported on demand and at most once per notebook."""

    def __init__(self, out: pathlib.Path):
        self.out = out
        self.exported: set[str] = set()

    workers = 2
    """Export processes run side by side: each notebook runs in its own kernel, so two use both of the
    project machine's cores. Each process rewrites index.html from every page in the folder; the last to
    finish sees them all."""

    def pages(self, *stems: str) -> pathlib.Path:
        """Export the named notebooks (every lesson if none) unless already exported; return the folder."""
        wanted = stems or tuple(entry.path.stem for entry in LESSONS)
        missing = [s for s in wanted if s not in self.exported]
        groups = [missing[i::self.workers] for i in range(self.workers) if missing[i::self.workers]]
        procs = [subprocess.Popen([sys.executable, str(ROOT / "tools" / "export_html.py"), "--out", str(self.out),
                                   *(str(ROOT / "notebooks" / f"{s}.ipynb") for s in group)],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                 for group in groups]
        failures = []
        for proc in procs:
            out, _ = proc.communicate(timeout=900)
            if proc.returncode:
                failures.append(out[-2000:])
        assert not failures, "static export failed:\n" + "\n".join(failures)
        self.exported.update(missing)
        return self.out


@pytest.fixture(scope="session")
def static_site(tmp_path_factory) -> StaticSite:
    return StaticSite(tmp_path_factory.mktemp("site"))
