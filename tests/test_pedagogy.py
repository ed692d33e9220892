"""The lessons fit their stated time, mark a core path, keep predictions unspoiled and test understanding.

Issue 11: every lesson states core and full times that the timing model confirms; the instructor guide's plans add
up; every predict-first moment is a widget whose answer nothing above it gives away; choice items do not reward
picking the longest option; learner text says nothing about the kit's tests or tooling.
"""

from __future__ import annotations

import json
import math
import pathlib
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


# --- predictions that cannot be spoiled ----------------------------------------------------------------------------


def shown_objects(entry):
    """(cell index, name, object) for every code cell whose last expression shows a prediction or question."""
    import ast

    module = entry.module()
    found = []
    for i, cell in enumerate(cells_of(entry)):
        if cell["cell_type"] != "code":
            continue
        last = ast.parse(src(cell)).body[-1]
        if not isinstance(last, ast.Expr):
            continue
        node = last.value
        name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
        obj = getattr(module, name, None) if name else None
        if obj is not None:
            found.append((i, name, obj))
    return found


def learner_text_above(entry, index) -> str:
    """Markdown and stored outputs of every cell above ``index``, whitespace folded."""
    parts = []
    for cell in cells_of(entry)[:index]:
        if cell["cell_type"] == "markdown":
            parts.append(src(cell))
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            parts.append("".join(out.get("data", {}).get("text/plain", "")))
    return re.sub(r"\s+", " ", "\n".join(parts))


def spellings(truth: float, unit: str) -> list[str]:
    """Ways a text could state the truth: 39.5, 40 (rounded), with its unit."""
    numbers = {f"{truth:g}", f"{truth:.1f}", f"{round(truth):d}"}
    unit = unit.strip()
    pattern = r"(?<![\d.]){n}(?![\d])\s*{u}"
    return [pattern.format(n=re.escape(n), u=re.escape(unit) if unit else r"(?![.,]?\d)") for n in numbers]


def predictions():
    from lessons.ui.quiz import Prediction

    for entry in LESSONS:
        for index, name, obj in shown_objects(entry):
            if isinstance(obj, Prediction) or name.startswith("predict"):
                yield pytest.param(entry, index, name, obj, id=f"{entry.code}.{name}")


@pytest.mark.parametrize("entry,index,name,obj", list(predictions()))
def test_nothing_above_a_prediction_gives_its_answer_away(entry, index, name, obj):
    from lessons.ui.quiz import Choice, Prediction

    above = learner_text_above(entry, index)
    if isinstance(obj, Prediction):
        for pattern in spellings(obj.truth, obj.unit):
            hit = re.search(pattern, above)
            assert not hit, f"{name}: '{hit.group(0)}' appears above the prediction: ...{above[max(0, hit.start() - 120):hit.end() + 40]}"
    else:
        assert isinstance(obj, Choice)
        assert obj.answer not in above
        key = obj.answer.split(":")[0]
        assert key not in above, f"{name}: the keyed answer's claim '{key}' appears above it"


def test_every_lesson_has_a_prediction_widget():
    from lessons.ui.quiz import Choice, Prediction

    for entry in LESSONS:
        shown = [obj for _, name, obj in shown_objects(entry) if name.startswith("predict")]
        assert shown and all(isinstance(o, (Prediction, Choice)) for o in shown), entry.label


def test_lesson_00_prediction_is_the_first_explorers_ppv():
    from lessons.engine.population import natural_frequency_counts
    from lessons.engine.scenario import Scenario
    from lessons.lesson_00 import predict_ppv
    from lessons.ui.explorers import ScreeningExplorer

    explorer = ScreeningExplorer()
    counts = natural_frequency_counts(Scenario(**explorer.values(), population=explorer.population))
    assert predict_ppv.truth == round(100 * counts.ppv.value, 1)
    reveal = predict_ppv.reveal(88)
    assert f"the simulation gives {predict_ppv.truth:g}%" in reveal and "too high" in reveal
    assert f"only about {counts.tp:.0f} have depression" in reveal


def test_a_spoiler_would_be_caught():
    """The check itself can fail: a sentence that states an answer is found, a neighbouring number is not."""
    assert re.search(spellings(27.0, "%")[0], "a false-alert rate of 27.0% ") or any(
        re.search(p, "a false-alert rate of 27.0% ") for p in spellings(27.0, "%"))
    assert not any(re.search(p, "about 127% or 2.7%") for p in spellings(27.0, "%"))
    assert any(re.search(p, "the team misses 31 people") for p in spellings(31.0, "people"))


# --- questions that test understanding --------------------------------------------------------------------------


def choice_items():
    from lessons.ui.quiz import Choice

    return [(entry, name, q) for entry in LESSONS for name, q in vars(entry.module()).items()
            if isinstance(q, Choice) and not name.startswith("_")]


def test_the_keyed_answer_is_rarely_the_longest_option():
    items = choice_items()
    longest = [f"{e.code}.{n}" for e, n, q in items if len(q.answer) == max(len(o) for o in q.options)]
    assert len(items) >= 20
    assert len(longest) <= len(items) / 3, f"{len(longest)} of {len(items)} keyed answers are the longest: {longest}"


def test_options_are_of_similar_length():
    """No option is a giveaway by size: the longest is at most twice the shortest (or 30 characters apart)."""
    wide = [f"{e.code}.{n}" for e, n, q in choice_items()
            if max(map(len, q.options)) > max(2 * min(map(len, q.options)), min(map(len, q.options)) + 30)]
    assert len(wide) <= 3, wide


def test_show_answer_appears_after_two_wrong_tries():
    from lessons.lesson_02 import q_threshold
    from lessons.ui.quiz import TRIES_BEFORE_ANSWER

    box = q_threshold.widget()
    wrong = [o for o in q_threshold.options if o != q_threshold.answer]
    assert box.show_button.layout.display == "none"
    for attempt in range(TRIES_BEFORE_ANSWER):
        assert box.show_button.layout.display == "none"
        box.field.value = wrong[attempt % len(wrong)]
        box.check_button.click()
        assert "Not quite." in box.feedback.value
    assert box.show_button.layout.display is None
    box.show_button.click()
    assert q_threshold.answer in box.feedback.value
    assert q_threshold.explanation.split(":")[0] in box.feedback.value


def test_no_answer_yet_is_not_a_wrong_try():
    from lessons.lesson_02 import q_threshold

    box = q_threshold.widget()
    for _ in range(3):
        box.check_button.click()  # nothing picked
    assert box.show_button.layout.display == "none"


def test_numeric_show_answer_gives_number_and_unit():
    from lessons.lesson_00 import q_count_false_alarms as q

    assert q.solution().startswith(f"The answer: {q.answer:g} {q.unit}.")


def test_static_pages_hide_the_answer_in_a_collapsed_block(monkeypatch):
    from lessons.lesson_00 import predict_ppv, q_ppv_meaning
    from lessons.ui import offline

    html = offline.question_html(q_ppv_meaning.prompt, q_ppv_meaning.options, solution=q_ppv_meaning.solution())
    assert html.index("<details") < html.index("The answer: Of the people flagged, 40% need help.")
    shown = []
    monkeypatch.setenv(offline.STATIC_ENV, "1")
    monkeypatch.setattr(offline, "display_static", shown.append)
    predict_ppv._ipython_display_()
    assert "<summary>Reveal the answer</summary>" in shown[0]
    assert shown[0].index("<details") < shown[0].index(f"{predict_ppv.truth:g}%")


# --- no tooling in learner text -----------------------------------------------------------------------------------

TOOLING = re.compile(r"nbval|pytest|test suite|notebook tester|are tested|tested too|tests check|the tests\b", re.I)


@pytest.mark.parametrize("entry", LESSONS, ids=IDS)
def test_learner_cells_do_not_mention_the_kits_tests(entry):
    text = learner_text_above(entry, len(cells_of(entry)))
    hit = TOOLING.search(text)
    assert not hit, f"{entry.label}: ...{text[max(0, hit.start() - 100):hit.end() + 60]}"


@pytest.mark.parametrize("entry", LESSONS, ids=IDS)
def test_lesson_module_strings_do_not_mention_the_kits_tests(entry):
    """Strings a learner can see (prompts, feedback, twins), not docstrings or comments."""
    import ast

    tree = ast.parse(pathlib.Path(entry.module().__file__).read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
               and id(n) not in docstrings]
    assert not [s for s in strings if TOOLING.search(s)]


def test_the_tooling_check_can_fail():
    assert TOOLING.search("nbval, the kit's notebook tester, checks this output")
    assert not TOOLING.search("Every study tested the same tool")


# --- the instructor guide's plans add up --------------------------------------------------------------------------

GUIDE = ROOT / "docs" / "instructor-guide.md"


def plan_rows(heading_start: str) -> list[tuple[int, int, int, str]]:
    """(start, end, minutes, block) of each row of the plan table under the heading that starts so."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index(heading_start):]
    section = section[: section.index("\n### ", 1)]
    rows = []
    for m in re.finditer(r"^\| (\d+):(\d\d)–(\d+):(\d\d) \| (\d+) \| ([^|]+) \|", section, re.M):
        h1, m1, h2, m2, minutes = (int(g) for g in m.groups()[:5])
        rows.append((60 * h1 + m1, 60 * h2 + m2, minutes, m.group(6).strip()))
    return rows


PLANS = {"### 90-minute workshop": (90, 90, 3), "### Half-day workshop": (200, 210, 5),
         "### Full-day workshop": (360, 480, 8)}


@pytest.mark.parametrize("heading", PLANS)
def test_guide_plans_add_up_and_use_the_modelled_core_times(heading):
    low, high, most_lessons = PLANS[heading]
    rows = plan_rows(heading)
    assert rows and rows[0][0] == 0 and rows[0][3].lower().startswith("set-up"), "every plan starts with set-up"
    for (_s1, e1, _m1, _), (s2, *_rest) in zip(rows, rows[1:]):
        assert e1 == s2, "the rows follow on"
    for start, end, minutes, block in rows:
        assert end - start == minutes, block
    assert low <= rows[-1][1] <= high
    lessons = []
    for _start, _end, minutes, block in rows:
        m = re.match(r"\*\*(\d\d) [^*]+\*\* \(core path( \+ (\d+) min capstone)?\)", block)
        if m:
            entry = LESSONS[int(m.group(1))]
            lessons.append(entry.number)
            assert minutes == timing.measure(entry).core_minutes + int(m.group(3) or 0), block
    assert 0 < len(lessons) <= most_lessons
    if heading.startswith("### Full-day"):
        assert sorted(lessons) == list(range(8))


def test_guide_lesson_table_states_the_modelled_times():
    text = GUIDE.read_text(encoding="utf-8")
    for entry in LESSONS:
        t = timing.measure(entry)
        assert re.search(rf"^\| {entry.code} \| .*\| core {t.core_minutes} min; all {t.full_minutes} min \|$", text,
                         re.M), entry.label


# --- explorers reveal their controls step by step ----------------------------------------------------------------


def lesson_explorers():
    import inspect

    from lessons.ui.explorers import Explorer

    for entry in LESSONS:
        module = entry.module()
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, Explorer) and cls.__module__ == module.__name__:
                yield pytest.param(cls, id=f"{entry.code}.{name}")


def widget_controls(box) -> list:
    """Every NumberSlider or Select inside a widget tree, in display order."""
    from lessons.ui.controls import NumberSlider, Select

    found = []
    for child in getattr(box, "children", ()):
        if isinstance(child, (NumberSlider, Select)):
            found.append(child)
        else:
            found.extend(widget_controls(child))
    return found


@pytest.mark.parametrize("cls", list(lesson_explorers()))
def test_explorers_with_many_controls_start_with_the_main_ones(cls):
    from lessons.ui.explorers import MoreControls

    explorer = cls()
    names = list(explorer.controls)
    widget = explorer.widget
    shown = widget_controls(widget)
    assert sorted(map(id, shown)) == sorted(id(c) for c in explorer.controls.values()), "each control once"
    if len(names) <= 5:
        assert cls.basic is None and not any(isinstance(w, MoreControls) for w in widget.children)
        return
    basic = explorer.basic_controls()
    assert 1 <= len(basic) <= 3
    more = explorer.more
    children = list(widget.children)
    assert children.index(more) + 1 == children.index(explorer.more_box)
    # the main controls come first, then the button, then the rest (hidden until the button is pressed)
    assert [id(c) for c in shown[:len(basic)]] == [id(explorer.controls[n]) for n in basic]
    hidden = widget_controls(explorer.more_box)
    assert {id(c) for c in hidden} == {id(explorer.controls[n]) for n in names if n not in basic}
    assert explorer.more_box.layout.display == "none" and not more.expanded
    assert more.label_more == f"Show more controls ({len(hidden)} more)"
    more.expanded = True
    assert explorer.more_box.layout.display is None
    more.expanded = False
    assert explorer.more_box.layout.display == "none"


def test_a_hidden_control_still_drives_the_engine():
    from lessons.lesson_04 import TeamExplorer

    explorer = TeamExplorer()
    _ = explorer.widget
    assert explorer.controls["alert_fatigue"] in widget_controls(explorer.more_box)
    before = explorer.twins[0].value
    explorer.controls["trust"].value = 1.0
    explorer.controls["alert_fatigue"].value = 1.0
    assert explorer.twins[0].value != before
    from lessons.engine.team import team_outcomes
    from lessons.lesson_04 import TeamSetting
    values = explorer.values()
    setting = TeamSetting(**{k: v for k, v in values.items() if k not in ("trust", "alert_fatigue")}).with_trust(1.0, 1.0)
    from lessons.engine.describe import people
    assert people(team_outcomes(setting).team.missed) in explorer.twins[0].value


@pytest.mark.parametrize("bad", [("nope",), (), ("trust", "trust")])
def test_basic_must_name_the_explorers_controls(bad):
    from lessons.lesson_04 import TeamExplorer

    explorer = TeamExplorer()
    explorer.basic = bad
    with pytest.raises(ValueError, match="basic must name"):
        _ = explorer.widget


# --- no code to type on the core path ----------------------------------------------------------------------------

CODE_ASK = re.compile(
    r"new (code |markdown )?cell|in a (new|code) cell|\bedit (the|its) (code|cell|arguments?|call)"
    r"|\bchange the (argument|code|call)|\b(type|run|use|call|edit|enter)\b[^.\n]{0,60}`[^`]*\(", re.I)
"""A learner asked to write or change code: "in a new cell", "edit the arguments", "run `f(...)`", ..."""
CODE_CALL = re.compile(r"`[A-Za-z_][\w.]*\([^`]*\)`")
"""A Python call in backticks: code to type."""
FOR_CODERS = "For readers who code (optional)."


def test_the_code_ask_check_can_fail():
    for text in ("(Hint: run `print_threshold_sweep(range(3, 11))` in a new cell, or move the slider.)",
                 "write your answers in a new markdown cell or on paper",
                 "Use `AccuracyParadoxExplorer()` with these three numbers to check.",
                 "edit the arguments of the cell below"):
        assert CODE_ASK.search(text) or CODE_CALL.search(text), text
    for text in ("You can also type a number in the box and press Enter.", "Run the cell to list the sources.",
                 "Set the trust slider to 0.735."):
        assert not (CODE_ASK.search(text) or CODE_CALL.search(text)), text


@pytest.mark.parametrize("entry", LESSONS, ids=IDS)
def test_no_learner_text_asks_for_code(entry):
    """Outside the optional cells marked for readers who code, no markdown asks a learner to type or edit code."""
    for i, cell in enumerate(cells_of(entry)):
        text = src(cell)
        if cell["cell_type"] != "markdown" or FOR_CODERS in text:
            continue
        hit = CODE_ASK.search(text) or CODE_CALL.search(text)
        assert not hit, f"{entry.label}, cell {i}: ...{text[max(0, hit.start() - 80):hit.end() + 40]}"


@pytest.mark.parametrize("entry", LESSONS, ids=IDS)
def test_code_for_coders_is_optional_and_prefilled(entry):
    """A cell marked for readers who code sits in a "Going further (optional)" section and is followed by a
    code cell that is already filled in (nothing to type) and is not needed by anything after it."""
    cells = cells_of(entry)
    section = None
    for i, cell in enumerate(cells):
        text = src(cell)
        if cell["cell_type"] == "markdown":
            headings = re.findall(r"^## (.*)$", text, re.M)
            if FOR_CODERS in text:
                before = text[:text.index(FOR_CODERS)]
                current = (re.findall(r"^## (.*)$", before, re.M) or [section])[-1]
                assert current and current.startswith(timing.OPTIONAL), f"{entry.label}, cell {i}: under {current!r}"
                nxt = cells[i + 1]
                assert nxt["cell_type"] == "code" and src(nxt).strip(), f"{entry.label}, cell {i + 1}: not pre-filled"
                names = set(re.findall(r"^(\w+)\s*=", src(nxt), re.M))
                later = "\n".join(src(c) for c in cells[i + 2:] if c["cell_type"] == "code")
                assert not any(re.search(rf"\b{n}\b", later) for n in names), "a later cell needs the coders' cell"
            if headings:
                section = headings[-1]


# --- terms defined where they are first used ---------------------------------------------------------------------
# The convention: in the self-study order, the first prose paragraph that uses a glossary term (skipping each
# lesson's opening cell, which only lists objectives, and headings and table rows) marks the term as defined
# there, in bold or italics, and glosses it in the same paragraph: a colon, a bracket, a comma or "is/means/asks"
# follows the marked term. The full glossary stays available as reference at the end of 00.

GLOSS_AFTER = re.compile(r"^\W{0,3}(\s*\(|\s*:|,|\s+(is|are|means|asks|says|measures)\b|\s+when\b)")


def prose_paragraphs():
    """(lesson code, cell index, paragraph) of learner prose in the self-study order."""
    for number in SELF_STUDY_ORDER:
        entry = LESSONS[number]
        for i, cell in enumerate(cells_of(entry)[1:], 1):
            if cell["cell_type"] != "markdown":
                continue
            for para in re.split(r"\n\s*\n", src(cell)):
                kept = "\n".join(line for line in para.splitlines()
                                 if not line.lstrip().startswith(("#", "|", "<")))
                kept = re.sub(r"\[[^\]]*\]\([^)]*\)", "", kept)  # a link's label is navigation, not a use
                if kept.strip():
                    yield entry.code, i, kept


def term_pattern(term: str) -> re.Pattern:
    flags = 0 if term.isupper() else re.I
    return re.compile(r"(?<![\w-])" + re.escape(term) + r"(e?s)?(?![\w-])", flags)


def defined_here(term: str, para: str) -> bool:
    """The term is marked (**term** or *term*, plural allowed) and a gloss follows the mark."""
    word = re.escape(term) + r"(e?s)?"
    flags = 0 if term.isupper() else re.I
    for m in re.finditer(r"(?<!\*)(\*\*|\*)(?:the |a |an )?" + word + r"\1(?!\*)", para, flags):
        if GLOSS_AFTER.search(para[m.end():m.end() + 40]):
            return True
    # a bullet or sentence that starts with the marked term: "**Balanced accuracy**, the average of ..."
    return False


def test_the_term_check_can_fail():
    assert defined_here("PPV", "**PPV** (positive predictive value) asks who needs help")
    assert defined_here("threshold", "at or above a **threshold** (the cut-off on the score) is flagged")
    assert not defined_here("PPV", "the PPV (solid), the NPV (dashed)")
    assert not defined_here("drift", "**The drift.** After six months")
    assert not defined_here("accuracy", "ran from 62% to 92% **accuracy**.")


def glossary_first_uses():
    from lessons.content.glossary import GLOSSARY

    paras = list(prose_paragraphs())
    for term in GLOSSARY:
        pattern = term_pattern(term)
        first = next(((code, i, p) for code, i, p in paras if pattern.search(p)), None)
        yield pytest.param(term, first, id=term)


@pytest.mark.parametrize("term,first", list(glossary_first_uses()))
def test_every_glossary_term_is_defined_where_it_is_first_used(term, first):
    if first is None:
        pytest.skip(f"{term!r} is used in no lesson's prose; the glossary in 00 defines it")
    code, i, para = first
    assert defined_here(term, para), f"{term!r} first used in lesson {code}, cell {i}, without a gloss: {para[:300]}"


def test_start_here_keeps_the_full_glossary_after_the_first_explorer():
    cells = cells_of(LESSONS[0])
    where = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and ("glossary_markdown()" in src(c) or "glossary()" in src(c))]
    explorer = next(i for i, c in enumerate(cells) if c["cell_type"] == "code" and "ScreeningExplorer()" in src(c))
    assert len(where) == 1 and where[0] > explorer
    heading = [h for c in cells[:where[0]] if c["cell_type"] == "markdown" for h in re.findall(r"^## (.*)$", src(c), re.M)]
    assert heading[-1] == timing.OPTIONAL + "The full glossary (reference)"
