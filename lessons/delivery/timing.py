"""How long each lesson takes a novice, computed from what the lesson contains.

    python -m lessons.delivery.timing          # a table of every lesson's core and full times

The model is deliberately simple and stated in full, so an instructor can check it by hand:

* reading: every word of markdown and of stored printed output, at :data:`READING_WPM` words a minute
  (the kit's text is dense with numbers, so the pace is slower than for plain prose);
* plus a fixed number of minutes per activity (:data:`MINUTES`): each numbered "Try this" step, each
  predict-first widget, each self-check question, each exercise (a worked-solution block), each explorer
  (finding your way round its controls), each discussion question and each code cell to run.

A lesson is split into sections by its level-2 headings. A heading that starts with :data:`CORE` belongs to the
core path (what a learner must do to meet the objectives); one that starts with :data:`OPTIONAL` is depth for
later. A level-3 heading may carry its own marker; without one it belongs to the section above it. The title cell
is core. The *core* time counts the core sections; the *full* time counts everything. Both are rounded up to the
next :data:`ROUND_TO` minutes, the precision a learner can use.

The first cell of every notebook states these two times (:func:`time_line`); a test holds them to this model,
and the instructor guide's plans are built from the same numbers.
"""

from __future__ import annotations

import ast
import json
import math
import re
import sys
from dataclasses import dataclass, field

from ..catalog import LESSONS, SELF_STUDY_ORDER, Lesson
from ..catalog import lesson as lesson_by_number

READING_WPM = 150
"""Words a minute for number-dense text read with care (a novice reading statistics, not a novel)."""

MINUTES = {
    "try step": 2.0,      # one numbered "Try this" step: set the controls, look, read the twin
    "prediction": 2.0,    # think, commit a guess, read the reveal
    "self-check": 1.5,    # read the question, answer, read the feedback
    "exercise": 6.0,      # work the exercise, then read its worked solution
    "explorer": 3.0,      # find your way round a new explorer's controls and figures
    "discussion": 2.0,    # think through one discussion question (alone; longer in a group)
    "code cell": 0.25,    # run a cell and wait for it
}
"""Minutes per activity, on top of reading time."""

ROUND_TO = 5
"""Stated times are rounded up to this many minutes."""

CORE = "Core: "
OPTIONAL = "Going further (optional): "
MARKERS = (CORE, OPTIONAL)

TIME_LINE_START = "**Estimated time:**"
CORE_PATH_START = "**Core path:**"
NAV_LINE_STARTS = ("*Back to [Start here]", "*Recommended order:")

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_NUMBERED = re.compile(r"^\s{0,3}\d+\.\s")


@dataclass
class Tally:
    """Words read and activities done in one part (core or optional) of a lesson."""

    words: int = 0
    activities: dict = field(default_factory=lambda: {name: 0 for name in MINUTES})

    def add(self, other: Tally) -> Tally:
        out = Tally(self.words + other.words)
        out.activities = {k: self.activities[k] + other.activities[k] for k in MINUTES}
        return out

    @property
    def minutes(self) -> float:
        return self.words / READING_WPM + sum(MINUTES[k] * n for k, n in self.activities.items())


@dataclass
class LessonTime:
    lesson: Lesson
    core: Tally
    optional: Tally

    @property
    def full(self) -> Tally:
        return self.core.add(self.optional)

    @property
    def core_minutes(self) -> int:
        return round_up(self.core.minutes)

    @property
    def full_minutes(self) -> int:
        return round_up(self.full.minutes)


def round_up(minutes: float) -> int:
    """Minutes rounded up to the next multiple of :data:`ROUND_TO` (at least one step)."""
    if not isinstance(minutes, (int, float)) or isinstance(minutes, bool) or not math.isfinite(minutes) \
            or minutes < 0:
        raise ValueError(f"minutes must be a finite number of minutes, 0 or more; got {minutes!r}")
    return max(ROUND_TO, ROUND_TO * math.ceil(minutes / ROUND_TO - 1e-9))


def marker_of(heading: str) -> str | None:
    """CORE or OPTIONAL if the heading text starts with one, else None."""
    for marker in MARKERS:
        if heading.startswith(marker):
            return marker
    return None


def plain_words(markdown: str) -> int:
    """Words a reader reads in a markdown string: link targets, HTML tags and markup left out."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)          # [text](url) -> [text]
    text = re.sub(r"<[^>]+>", " ", text)                  # HTML tags
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"^\s*\d+\.\s", " ", text, flags=re.M)   # list numbers are not words
    return sum(1 for token in text.split() if re.search(r"[A-Za-z0-9]", token))


def _is_meta(line: str) -> bool:
    """The time and navigation lines: about the lesson, not read as part of it."""
    stripped = line.strip()
    return stripped.startswith((TIME_LINE_START, CORE_PATH_START, *NAV_LINE_STARTS))


def displayed_kind(source: str, module) -> str | None:
    """What a code cell shows, judged from its last expression: prediction, self-check, explorer or None."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return None
    node = tree.body[-1].value
    assigned = {}
    for stmt in tree.body[:-1]:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            assigned[stmt.targets[0].id] = stmt.value
    if isinstance(node, ast.Name) and node.id in assigned:
        node = assigned[node.id]
    if isinstance(node, ast.Call):
        node = node.func
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
    if name is None:
        return None
    obj = getattr(module, name, None)
    if obj is None:  # shown from another module of the package (e.g. lessons.ui.explorers)
        obj = _package_object(name)
    return kind_of(obj)


def _package_object(name: str):
    import importlib

    for module_name in ("lessons.ui.explorers", "lessons.ui.quiz"):
        obj = getattr(importlib.import_module(module_name), name, None)
        if obj is not None:
            return obj
    return None


def kind_of(obj) -> str | None:
    from ..ui.quiz import Prediction, Question

    if isinstance(obj, Prediction):
        return "prediction"
    if isinstance(obj, Question):
        return "self-check"
    cls = obj if isinstance(obj, type) else type(obj)
    if any(c.__name__ == "Explorer" for c in cls.__mro__):
        return "explorer"
    return None


def _text_of_outputs(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append("".join(out.get("text", "")))
        elif "data" in out and "text/plain" in out["data"]:
            parts.append("".join(out["data"]["text/plain"]))
    return "\n".join(parts)


def measure(entry: Lesson) -> LessonTime:
    """Core and optional tallies of one lesson, read from its stored notebook."""
    nb = json.loads(entry.path.read_text(encoding="utf-8"))
    core, optional = measure_cells(nb["cells"], entry.module())
    return LessonTime(entry, core, optional)


def measure_cells(cells: list, module) -> tuple[Tally, Tally]:
    """(core, optional) tallies of a list of notebook cells; ``module`` resolves the names code cells show."""
    core, optional = Tally(), Tally()
    h2 = h3 = CORE
    current = CORE
    in_try = in_discussion = False
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            tally = core if current == CORE else optional
            tally.activities["code cell"] += 1
            kind = displayed_kind(source, module)
            if kind:
                tally.activities[kind] += 1
            tally.words += plain_words(_text_of_outputs(cell))
            continue
        if cell["cell_type"] != "markdown":
            continue
        for line in source.split("\n"):
            match = _HEADING.match(line)
            if match:
                level, text = len(match.group(1)), match.group(2).strip()
                if level == 2:
                    h2 = marker_of(text) or CORE
                    h3 = None
                elif level >= 3:
                    h3 = marker_of(text)
                current = h3 or h2
                in_try = False
                in_discussion = "discussion" in text.lower()
            tally = core if current == CORE else optional
            if _is_meta(line):
                continue
            tally.words += plain_words(line)
            if re.search(r"try this|things to try|^\*\*try\b", line.lower()):
                in_try = True
            if _NUMBERED.match(line):
                if in_try:
                    tally.activities["try step"] += 1
                elif in_discussion:
                    tally.activities["discussion"] += 1
        worked = len(re.findall(r"<summary>\s*Worked solution", source))
        if worked:
            # a worked-solution block sits in the section its exercise belongs to
            (core if current == CORE else optional).activities["exercise"] += worked
    return core, optional


def measure_all() -> list[LessonTime]:
    return [measure(entry) for entry in LESSONS]


def time_line(entry: Lesson | int) -> str:
    """The sentence the first cell of a lesson states, e.g. "**Estimated time:** core path about 25 minutes; ..."."""
    t = measure(_entry(entry))
    return (f"{TIME_LINE_START} core path about {t.core_minutes} minutes (the sections headed *Core*); "
            f"with every *Going further (optional)* section, about {t.full_minutes} minutes.")


def _entry(entry) -> Lesson:
    if isinstance(entry, int) and not isinstance(entry, bool):
        return lesson_by_number(entry)
    if not isinstance(entry, Lesson):
        raise ValueError(f"entry must be a Lesson or a lesson number from 0 to {len(LESSONS) - 1}; got {entry!r}")
    return entry


def sections(entry: Lesson | int) -> list[tuple[str, str]]:
    """The lesson's level-2 headings in order, as (marker, heading without its marker)."""
    nb = json.loads(_entry(entry).path.read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).split("\n"):
            if line.startswith("## "):
                text = line[3:].strip()
                marker = marker_of(text)
                found.append((marker, text[len(marker):] if marker else text))
    return found


def core_path_line(entry: Lesson | int) -> str:
    """The first cell's sentence naming the core sections in order."""
    core = [text for marker, text in sections(entry) if marker == CORE]
    return f"{CORE_PATH_START} " + " → ".join(core) + "."


def _link(number: int) -> str:
    target = lesson_by_number(number)
    return f"[{target.label}]({target.notebook})"


def nav_line(entry: Lesson | int) -> str:
    """The first cell's navigation: previous and next lesson in the recommended self-study order."""
    entry = _entry(entry)
    order = list(SELF_STUDY_ORDER)
    at = order.index(entry.number)
    parts = []
    if entry.number == 0:
        parts.append("*Recommended order: " + " → ".join(f"{n:02d}" for n in order))
    else:
        parts.append(f"*Back to [Start here]({lesson_by_number(0).notebook}) · lesson {at + 1} of {len(order)} "
                     "in the recommended order")
        parts.append(f"previous: {_link(order[at - 1])}")
    if at + 1 < len(order):
        parts.append(f"next: {_link(order[at + 1])}")
    return " · ".join(parts) + "*"


def table() -> str:
    lines = [f"Reading at {READING_WPM} words a minute, plus minutes per activity: "
             + ", ".join(f"{k} {v:g}" for k, v in MINUTES.items()) + f"; rounded up to {ROUND_TO} minutes.",
             "",
             f"{'lesson':<24}{'core words':>11}{'core min':>10}{'full words':>12}{'full min':>10}"]
    for t in measure_all():
        lines.append(f"{t.lesson.label:<24}{t.core.words:>11}{t.core_minutes:>10}"
                     f"{t.full.words:>12}{t.full_minutes:>10}")
    return "\n".join(lines)


def main() -> int:
    sys.stdout.write(table() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
