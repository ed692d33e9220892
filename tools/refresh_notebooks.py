"""Run notebooks top to bottom and store only the outputs nbval checks.

Usage: python tools/refresh_notebooks.py [notebooks/NN_name.ipynb ...]

A cell whose output nbval checks carries the tag ``nbval-check-output`` and the
metadata ``"keep_output": true``; nbstripout (run by this script) keeps those
outputs and strips every other output, execution counts and widget state.
"""

from __future__ import annotations

import pathlib
import subprocess
import sys

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]
from lessons.catalog import CHECK_TAG  # noqa: E402


def mark_checked_cells(nb) -> None:
    """Give every tagged cell the nbstripout keep_output flag (and nothing else)."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        if CHECK_TAG in tags:
            cell.metadata["keep_output"] = True
        else:
            cell.metadata.pop("keep_output", None)


def refresh(path: pathlib.Path) -> None:
    nb = nbformat.read(path, as_version=4)
    mark_checked_cells(nb)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            store_widget_state=False)
    client.execute()
    nbformat.write(nb, path)
    subprocess.run([sys.executable, "-m", "nbstripout", "--drop-empty-cells", "--keep-id", str(path)], check=True)
    # nbval skips a cell with outputs but no execution count ("unrun reference cell"), so
    # checked cells get a count: their position among the code cells, stable from run to run.
    nb = nbformat.read(path, as_version=4)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for number, cell in enumerate(code_cells, 1):
        kept = bool(cell.get("outputs"))
        cell.execution_count = number if kept else None
        for out in cell.get("outputs", []):
            if "execution_count" in out:
                out["execution_count"] = number
    nbformat.write(nb, path)
    print(f"refreshed {path.relative_to(ROOT)} ({path.stat().st_size / 1000:.1f} kB)")


def main(argv: list[str]) -> int:
    paths = [pathlib.Path(a).resolve() for a in argv] or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    for path in paths:
        refresh(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
