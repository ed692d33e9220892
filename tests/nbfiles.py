"""Stored notebooks as the tests read them: by stem, loaded once per session."""

from __future__ import annotations

import functools
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]


@functools.cache
def load_notebook(stem: str) -> dict:
    """The stored notebook ``notebooks/<stem>.ipynb`` as JSON (read once per session; do not modify)."""
    return json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[str]:
    """The sources of the notebook's code cells, in order."""
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
