"""The closing cell of every lesson: its numbered sources and the numbers it chose for teaching.

Each lesson module calls :func:`sources_cell` from its ``sources()`` with its ``SOURCE_KEYS`` and
``ILLUSTRATIVE``, so every notebook ends with the same one-line cell, ``sources()``.
"""

from __future__ import annotations

from ..content.sources import sources_markdown

ILLUSTRATIVE_HEADING = "**Illustrative numbers** (chosen for teaching, not taken from a study):"


def sources_text(keys, illustrative=()) -> str:
    """The sources list as markdown, then the illustrative numbers as a bulleted list (if any)."""
    keys = tuple(keys)
    if not keys:
        raise ValueError("keys must name at least one source; got an empty list")
    text = sources_markdown(*keys)
    items = tuple(illustrative)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"illustrative must hold non-empty texts; got {item!r}")
    if items:
        text += "\n\n" + ILLUSTRATIVE_HEADING + "\n\n" + "\n".join(f"* {item}" for item in items)
    return text


def markdown_cell(text: str):
    """Markdown text as an IPython ``Markdown`` object: a notebook cell displays it as formatted text."""
    from IPython.display import Markdown

    if not isinstance(text, str):
        raise ValueError(f"text must be a str; got {type(text).__name__}")
    return Markdown(text)


def sources_cell(keys, illustrative=()):
    """:func:`sources_text` as a displayable ``Markdown`` object (a lesson's closing cell)."""
    return markdown_cell(sources_text(keys, illustrative))
