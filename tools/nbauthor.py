"""Tiny helpers for writing lesson notebooks from Python (authoring only; not used at run time).

    from tools.nbauthor import md, code, write
    write("notebooks/00_start_here.ipynb", [md("# Title"), code("print(1)", check=True)])

``check=True`` tags a code cell ``nbval-check-output``: nbval compares its
output and ``tools/refresh_notebooks.py`` keeps that output in the stored file.
"""

from __future__ import annotations

import textwrap

import nbformat

from lessons.catalog import CHECK_TAG


def md(text: str):
    return nbformat.v4.new_markdown_cell(textwrap.dedent(text).strip("\n"))


def code(src: str, *, check: bool = False, tags: list[str] | None = None):
    cell = nbformat.v4.new_code_cell(textwrap.dedent(src).strip("\n"))
    tags = list(tags or [])
    if check:
        tags.append(CHECK_TAG)
        cell.metadata["keep_output"] = True
    if tags:
        cell.metadata["tags"] = tags
    return cell


def write(path: str, cells, title: str = "") -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    if title:
        nb.metadata["title"] = title
    nbformat.validate(nb)
    nbformat.write(nb, path)
