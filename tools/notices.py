"""Write the kit's one content notice into every notebook (authoring only; not used at run time).

    python tools/notices.py          # rewrite the notes and check-ins in place
    python tools/notices.py --check  # exit 1 if any notebook differs from lessons.content.notices

It also writes the Voila template's help bar (``help_bar.html``) from ``help_bar_html()``.

The content note is the block quote right under the title in each notebook's first cell; it is
replaced by ``content_note_markdown(lesson)`` and every other line of that cell is left alone.
Lessons 01, 03 and 06 get the check-in (``check_in_markdown()``) as a cell of its own after their
heaviest section. Every other cell stays byte-identical.
"""

from __future__ import annotations

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from lessons.catalog import LESSONS  # noqa: E402
from lessons.content.notices import (  # noqa: E402
    CHECK_IN_LESSONS,
    check_in_markdown,
    content_note_markdown,
    help_bar_html,
)

VOILA_HELP_BAR = ROOT / "share" / "jupyter" / "voila" / "templates" / "kit" / "help_bar.html"
"""The help bar the Voila template includes at the top of every app page (written from help_bar_html())."""

CHECK_IN_ID = "check-in"
CHECK_IN_AFTER = {
    1: "## Core: What the evidence says",      # suicide, eating-disorder advice, missed crises
    3: "## Core: What the evidence says",      # suicide prediction, attempts and deaths
    6: "## Core: Faulty advice is not hypothetical",  # eating-disorder advice, a missed statement about suicide
}
"""The heading of the cell each check-in follows."""


def source_lines(text: str) -> list[str]:
    """A cell source as the stored JSON list: one string per line, each but the last ending in a newline."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def note_span(source: list[str]) -> tuple[int, int]:
    """(start, end) of the content note in a first cell's stored lines: the first run of lines starting with ">"."""
    start = next((i for i, line in enumerate(source) if line.startswith(">")), None)
    if start is None:
        raise ValueError("the first cell has no content note (a block quote under the title)")
    end = start
    while end < len(source) and source[end].startswith(">"):
        end += 1
    return start, end


def stored_note(nb: dict) -> str:
    """The content note as stored in a notebook's first cell."""
    source = nb["cells"][0]["source"]
    start, end = note_span(source)
    return "".join(source[start:end]).rstrip("\n")


def with_notices(nb: dict, number: int) -> dict:
    """The notebook with its content note and (for lessons 01, 03, 06) its check-in made current.

    Only the note's own lines change; every other stored line of the first cell keeps its exact form.
    """
    source = nb["cells"][0]["source"]
    start, end = note_span(source)
    note = [line + "\n" for line in content_note_markdown(number).split("\n")]
    if end == len(source):
        note[-1] = note[-1].rstrip("\n")
    nb["cells"][0]["source"] = source[:start] + note + source[end:]
    cells = [c for c in nb["cells"] if c.get("id") != CHECK_IN_ID]
    if number in CHECK_IN_LESSONS:
        anchor = next(i for i, c in enumerate(cells)
                      if c["cell_type"] == "markdown" and "".join(c["source"]).startswith(CHECK_IN_AFTER[number]))
        cells.insert(anchor + 1, {"cell_type": "markdown", "id": CHECK_IN_ID, "metadata": {},
                                  "source": source_lines(check_in_markdown())})
    nb["cells"] = cells
    return nb


def dump(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for lesson in LESSONS:
        text = lesson.path.read_text(encoding="utf-8")
        new = dump(with_notices(json.loads(text), lesson.number))
        if new != text:
            stale.append(lesson.notebook)
            if not check:
                lesson.path.write_text(new, encoding="utf-8")
    bar = help_bar_html() + "\n"
    if not VOILA_HELP_BAR.exists() or VOILA_HELP_BAR.read_text(encoding="utf-8") != bar:
        stale.append(str(VOILA_HELP_BAR.relative_to(ROOT)))
        if not check:
            VOILA_HELP_BAR.write_text(bar, encoding="utf-8")
    verb = "differ from lessons.content.notices" if check else "rewritten"
    print(f"{len(stale)} file(s) {verb}: {', '.join(stale) or 'none'}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
