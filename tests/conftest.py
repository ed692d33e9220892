"""Fixtures shared by the kit's tests.

* ``static_site``: one static export (``tools/export_html.py``) per test session, shared by
  ``test_static_export.py`` and ``browser/test_static_pages.py``; each notebook is exported at most once.

The tests folder is put on ``sys.path`` here, so helper modules (``worked``, ``nbfiles``) import the same way
under pytest's default and ``--import-mode=importlib``.
"""

from __future__ import annotations

import pathlib
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
