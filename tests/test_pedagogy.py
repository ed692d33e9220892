"""The lessons fit their stated time, mark a core path, keep predictions unspoiled and test understanding.

Issue 11: every lesson states core and full times that the timing model confirms; the instructor guide's plans add
up; every predict-first moment is a widget whose answer nothing above it gives away; choice items do not reward
picking the longest option; learner text says nothing about the kit's tests or tooling.
"""

from __future__ import annotations

import json
import math
import re

import pytest

from lessons.catalog import LESSONS, ROOT, SELF_STUDY_ORDER
from lessons.delivery import timing

IDS = [entry.label for entry in LESSONS]


def cells_of(entry):
    return json.loads(entry.path.read_text(encoding="utf-8"))["cells"]


def src(cell) -> str:
    return "".join(cell["source"])


# --- the timing model -------------------------------------------------------------------------------------------


def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": [text]}


def code(text, outputs=()):
    return {"cell_type": "code", "metadata": {}, "source": [text], "outputs": list(outputs)}


class _Module:
    from lessons.ui.quiz import Choice, Prediction

    q_one = Choice("Which?", ["a", "b"], "a", "Because.")
    guess = Prediction("How many?", 5.0)


def test_the_model_adds_reading_and_activities_as_stated():
    """A made-up lesson whose words and activities are known: the minutes follow from the stated constants."""
    cells = [
        md("# Title words here\n\n## Core: Part one\n\n" + "word " * 146),          # 3 + 3 + 146 = 152 words
        code("guess"),
        md("**Try this:**\n\n1. Move a slider.\n2. Move another."),                 # 2 + 3 + 2 = 7 words, 2 steps
        code("q_one", outputs=[{"output_type": "stream", "name": "stdout", "text": ["ten printed words " * 3 + "x"]}]),
        md("## Going further (optional): Exercises\n\n<details><summary>Worked solution</summary>\n\nsix words "
           "in the solution here ok\n</details>\n\n## Going further (optional): Discussion questions\n\n"
           "1. One?\n2. Two?"),
    ]
    core, optional = timing.measure_cells(cells, _Module)
    assert core.words == 152 + 7 + 10
    assert core.activities["prediction"] == 1 and core.activities["self-check"] == 1
    assert core.activities["try step"] == 2 and core.activities["code cell"] == 2
    expected_core = 169 / timing.READING_WPM + sum(timing.MINUTES[k] for k in ("prediction", "self-check",
                                                                                 "code cell", "code cell")) \
        + 2 * timing.MINUTES["try step"]
    assert math.isclose(core.minutes, expected_core)
    assert optional.activities["exercise"] == 1 and optional.activities["discussion"] == 2
    assert optional.activities["prediction"] == 0
    # heading words count: "Going further (optional): Exercises" etc.
    assert optional.words == timing.plain_words(src(cells[4]))


def test_plain_words_skip_links_tags_and_markup():
    assert timing.plain_words("See [the article](https://example.org/a/b) <b>now</b> — **twice**.") == 5
    assert timing.plain_words("| a | b |\n| --- | --- |") == 2


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1, "5", None, True])
def test_round_up_rejects_bad_minutes(bad):
    with pytest.raises(ValueError, match="minutes"):
        timing.round_up(bad)


def test_round_up_to_the_next_five_minutes():
    assert [timing.round_up(m) for m in (0, 0.1, 5, 5.01, 24.9, 25, 25.2)] == [5, 5, 5, 10, 25, 25, 30]


@pytest.mark.parametrize("bad", [8, -1, "03", 2.0, None])
def test_lesson_lines_reject_an_unknown_lesson(bad):
    with pytest.raises(ValueError, match="lesson number"):
        timing.time_line(bad)


# --- what the lessons state ------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", LESSONS, ids=IDS)
def test_first_cell_states_the_modelled_times_core_path_and_order(entry):
    first = src(cells_of(entry)[0]).split("\n")
    assert timing.time_line(entry) in first
    assert timing.core_path_line(entry) in first
    assert timing.nav_line(entry) in first
    t = timing.measure(entry)
    assert t.core_minutes < t.full_minutes or entry.number == 0
    # no other time estimate in the first cell (a stale "about 25 minutes" would contradict the model)
    others = [line for line in first if re.search(r"\d+\s*(–\d+\s*)?min", line) and not line.startswith(
        timing.TIME_LINE_START)]
    assert not others, others


@pytest.mark.parametrize("entry", LESSONS, ids=IDS)
def test_every_section_is_marked_core_or_optional(entry):
    found = timing.sections(entry)
    assert found, "a lesson has sections"
    unmarked = [text for marker, text in found if marker is None]
    assert not unmarked, f"level-2 headings without 'Core: ' or 'Going further (optional): ': {unmarked}"
    markers = {marker for marker, _ in found}
    assert timing.CORE in markers
    if entry.number:
        assert timing.OPTIONAL in markers, "lessons 01-07 have optional depth"


def test_next_links_follow_the_self_study_order():
    order = list(SELF_STUDY_ORDER)
    assert sorted(order) == [e.number for e in LESSONS]
    for here, there in zip(order, order[1:]):
        entry = LESSONS[here]
        target = LESSONS[there].notebook
        assert f"next: [{LESSONS[there].label}]({target})" in timing.nav_line(entry)
        # the "Next" line at the end of the lesson (if any) points the same way
        text = "\n".join(src(c) for c in cells_of(entry) if c["cell_type"] == "markdown")
        for m in re.finditer(r"\*\*Next:\*\*\s*\[[^\]]*\]\(([^)]+)\)|^Next:\s*\[[^\]]*\]\(([^)]+)\)", text, re.M):
            assert (m.group(1) or m.group(2)) == target, (entry.label, m.group(0))
    assert "next:" not in timing.nav_line(LESSONS[order[-1]])
