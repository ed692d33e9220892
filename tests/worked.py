"""Read a lesson notebook's prose so tests can hold its numbers to the engine.

The worked solutions, "what this means" paragraphs and exercise texts quote numbers
the engine produces. These helpers give a test the text, with line breaks folded to
single spaces, so a test can assert that the sentence a learner reads states the
number the engine computes today (and fails when one of them changes).
"""

from __future__ import annotations

import json
import pathlib
import re

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[1] / "notebooks"


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def notebook_markdown(stem: str) -> str:
    """All markdown of ``notebooks/<stem>.ipynb`` as one string, whitespace folded."""
    nb = json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))
    return _fold("\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"))


def worked_solutions(stem: str) -> list[str]:
    """The text inside each ``<details>`` block (the worked solutions), in order, whitespace folded."""
    return [_fold(m) for m in re.findall(r"<details>(.*?)</details>", notebook_markdown(stem), flags=re.S)]


def pct(share: float, digits: int = 0) -> str:
    """A share (0 to 1) as the lesson prints it: ``pct(0.7234) == "72%"``, ``pct(0.396, 1) == "39.6%"``."""
    return f"{100 * share:.{digits}f}%"


def assert_says(text: str, *phrases: str) -> None:
    """Fail with the missing phrase and the text around where it was expected."""
    for phrase in phrases:
        assert _fold(phrase) in text, f"the lesson text does not say {phrase!r}:\n{text[:600]}"
