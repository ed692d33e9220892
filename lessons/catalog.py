"""The one list of the kit's lessons: number, notebook, title and module.

Links, the answer key, the tools and the tests read it, so a new lesson is added in one place.
The list is in the lessons' numbering; :data:`SELF_STUDY_ORDER` is the order the "Next" links
recommend for self-study.
"""

from __future__ import annotations

import importlib
import pathlib
from dataclasses import dataclass

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"

CHECK_TAG = "nbval-check-output"
"""Cell tag: nbval compares this cell's stored output (every other output is left out of the notebook)."""


@dataclass(frozen=True)
class Lesson:
    """One lesson: its two-digit number, notebook file, title and Python module."""

    number: int
    notebook: str
    title: str

    @property
    def code(self) -> str:
        """The two-digit number as text, e.g. "03"."""
        return f"{self.number:02d}"

    @property
    def module_name(self) -> str:
        return f"lessons.lesson_{self.code}"

    @property
    def label(self) -> str:
        """"03 Detection accuracy"."""
        return f"{self.code} {self.title}"

    @property
    def path(self) -> pathlib.Path:
        return NOTEBOOK_DIR / self.notebook

    def module(self):
        """The lesson's module, imported (it imports the widget layer)."""
        return importlib.import_module(self.module_name)


LESSONS: tuple[Lesson, ...] = (
    Lesson(0, "00_start_here.ipynb", "Start here"),
    Lesson(1, "01_instant_support.ipynb", "Instant support"),
    Lesson(2, "02_monitoring_progress.ipynb", "Monitoring progress"),
    Lesson(3, "03_detection_accuracy.ipynb", "Detection accuracy"),
    Lesson(4, "04_reliance_on_ai.ipynb", "Reliance on AI"),
    Lesson(5, "05_human_contact.ipynb", "Human contact"),
    Lesson(6, "06_faulty_advice.ipynb", "Faulty advice"),
    Lesson(7, "07_watching_carefully.ipynb", "Watching carefully"),
)

SELF_STUDY_ORDER: tuple[int, ...] = (0, 3, 1, 2, 4, 5, 6, 7)
"""Start here, then detection accuracy (the 2x2 table at scale), then the chatbot and the rest."""


def lesson(number: int) -> Lesson:
    """The lesson with this number (0 to 7)."""
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number < len(LESSONS):
        raise ValueError(f"number must be a lesson number from 0 to {len(LESSONS) - 1}; got {number!r}")
    return LESSONS[number]


def by_notebook(name: str) -> Lesson:
    """The lesson whose notebook file is ``name`` (e.g. "05_human_contact.ipynb")."""
    for entry in LESSONS:
        if entry.notebook == name:
            return entry
    raise ValueError(f"name must be one of the kit's notebooks {[e.notebook for e in LESSONS]}; got {name!r}")
