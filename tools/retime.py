"""Write the modelled lesson times into the notebooks' first cells and the instructor guide's lesson table.

    python tools/retime.py          # rewrite what is stale
    python tools/retime.py --check  # exit 1 if anything is stale

The times come from :mod:`lessons.delivery.timing` (reading speed plus minutes per activity); a test holds the
notebooks and the guide to the same model, so after a content change run this and review the diff. The workshop
plans in the guide are not rewritten: their blocks are a teacher's choice, and the test says which row is off.
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lessons.catalog import LESSONS  # noqa: E402
from lessons.delivery import timing  # noqa: E402

GUIDE = ROOT / "docs" / "instructor-guide.md"


def first_cell_lines(entry) -> dict[str, str]:
    return {timing.TIME_LINE_START: timing.time_line(entry), timing.CORE_PATH_START: timing.core_path_line(entry),
            "nav": timing.nav_line(entry)}


def retime_notebook(entry) -> bool:
    nb = json.loads(entry.path.read_text(encoding="utf-8"))
    cell = nb["cells"][0]
    lines = "".join(cell["source"]).split("\n")
    want = first_cell_lines(entry)
    out = []
    for line in lines:
        if line.startswith(timing.TIME_LINE_START):
            line = want[timing.TIME_LINE_START]
        elif line.startswith(timing.CORE_PATH_START):
            line = want[timing.CORE_PATH_START]
        elif line.startswith(timing.NAV_LINE_STARTS):
            line = want["nav"]
        out.append(line)
    if out == lines:
        return False
    text = "\n".join(out)
    cell["source"] = text.splitlines(keepends=True)
    entry.path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return True


def retime_guide() -> bool:
    text = GUIDE.read_text(encoding="utf-8")
    new = text
    for entry in LESSONS:
        t = timing.measure(entry)
        new = re.sub(rf"^(\| {entry.code} \| .*\| )core \d+ min; all \d+ min \|$",
                     rf"\g<1>core {t.core_minutes} min; all {t.full_minutes} min |", new, flags=re.M)
    if new == text:
        return False
    GUIDE.write_text(new, encoding="utf-8")
    return True


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for entry in LESSONS:
        if check:
            first = "".join(json.loads(entry.path.read_text(encoding="utf-8"))["cells"][0]["source"]).split("\n")
            if any(line not in first for line in first_cell_lines(entry).values()):
                stale.append(entry.notebook)
        elif retime_notebook(entry):
            stale.append(entry.notebook)
    if not check and retime_guide():
        stale.append("docs/instructor-guide.md")
    print(("stale: " if check else "rewritten: ") + (", ".join(stale) or "none"))
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
