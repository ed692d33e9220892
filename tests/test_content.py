"""Presets, sources, text twins, quizzes and the glossary."""

import pytest

from lessons import Counts, Scenario, expected_counts, natural_frequency_counts
from lessons.content.glossary import GLOSSARY, glossary_markdown
from lessons.content.presets import PRESETS, Preset, preset
from lessons.content.sources import SOURCES, cite, sources_markdown
from lessons.engine.describe import describe_counts, describe_counts_table, describe_rates, people
from lessons.lesson_00 import q_count_false_alarms, q_ppv_meaning
from lessons.ui.quiz import Choice, Numeric, Prediction


def test_every_preset_cites_known_sources_and_has_a_status():
    for p in PRESETS.values():
        assert p.status in {"sourced", "derived", "illustrative"}
        assert p.sources and all(k in SOURCES for k in p.sources)
        if p.status == "derived":
            assert p.note, p.key


def test_derived_simon_2018_preset_reproduces_its_published_figures():
    p = preset("suicide_ehr_top5")
    c = expected_counts(Scenario(p.prevalence, p.sensitivity, p.specificity, 1_000_000))
    assert c.flag_rate.value == pytest.approx(0.05, abs=0.002)   # top 5% of scores
    assert c.ppv.value == pytest.approx(0.054, abs=0.003)        # 5.4% attempted
    assert c.sensitivity.value == pytest.approx(0.43)            # 43% of attempts


def test_derived_wong_2021_preset_alerts_on_about_18_percent():
    p = preset("vendor_after_shift")
    c = expected_counts(Scenario(p.prevalence, p.sensitivity, p.specificity))
    assert c.flag_rate.value == pytest.approx(0.18, abs=0.005)
    assert c.undertriage.value == pytest.approx(0.67)


def test_preset_rejects_bad_values_and_unknown_keys():
    with pytest.raises(ValueError, match="preset must be one of"):
        preset("nope")
    with pytest.raises(ValueError, match="status must be one of"):
        Preset("x", "x", 0.1, 0.5, 0.5, "guessed", ("levis2019",))
    with pytest.raises(ValueError, match="sensitivity must be from 0 to 1; got 1.2"):
        Preset("x", "x", 0.1, 1.2, 0.5, "sourced", ("levis2019",))
    with pytest.raises(ValueError, match="source key must be one of"):
        Preset("x", "x", 0.1, 0.5, 0.5, "sourced", ("nobody2020",))


def test_sources_render_with_links_and_mark_secondary_reporting():
    text = sources_markdown("levis2019", "neda2023")
    assert text.startswith("1. Levis B")
    assert "https://doi.org/10.1136/bmj.l1476" in text
    assert "secondary reporting" in text.splitlines()[1]
    with pytest.raises(ValueError, match="source key must be one of"):
        cite("unknown")


def test_text_twin_says_the_same_numbers_as_the_counts():
    c = natural_frequency_counts(Scenario(0.1, 0.88, 0.85, 10_000))
    text = describe_counts(c)
    assert text == ("Of 10,000 people screened, 1,000 need help. The AI flags 880 of them and misses 120. "
                    "It also flags 1,350 of the 9,000 who do not need help (false alarms). "
                    "Of the 2,230 people flagged, 880 need help: a PPV of 39.5%.")
    assert "PPV: 39.5% (of those flagged, how many need help)" in describe_rates(c)
    assert describe_counts_table(c).splitlines()[2].split() == ["false", "alarms", "1,350"]


def test_expected_counts_are_described_as_averages_that_add_up():
    text = describe_counts(expected_counts(Scenario(0.219, 0.501, 0.813, 10_000)))
    assert text.startswith("On average, of 10,000 people screened, 2,190 need help.")
    assert "flags 1,097 of them and misses 1,093" in text


def test_edge_cases_are_described_in_words():
    assert "Nobody needs help" in describe_counts(Counts(0, 0, 3, 7))
    assert "undefined: nobody was flagged" in describe_counts(Counts(0, 5, 0, 5))
    assert "Everybody needs help" in describe_counts(Counts(3, 2, 0, 0))
    assert people(1234.4) == "about 1,234"


def test_choice_question_feedback():
    assert q_ppv_meaning.check("Of the people flagged, 40% need help.").correct
    fb = q_ppv_meaning.check("Of the people who need help, 40% are flagged.")
    assert not fb.correct and "sensitivity" in fb.message
    assert not q_ppv_meaning.check(None).correct
    with pytest.raises(ValueError, match="answer must be one of"):
        q_ppv_meaning.check("something else")


def test_numeric_question_answer_comes_from_the_engine():
    assert q_count_false_alarms.answer == 99.0
    assert q_count_false_alarms.check(99).correct
    assert q_count_false_alarms.check("99.5").correct
    fb = q_count_false_alarms.check(9)
    assert not fb.correct and "too low" in fb.message
    assert not q_count_false_alarms.check("lots").correct


def test_quiz_widget_gives_feedback_on_click():
    box = q_ppv_meaning.widget()
    box.field.value = "Of the people flagged, 40% need help."
    box.check_button.click()
    assert "Correct." in box.feedback.value
    box.field.value = "40% of all calls are right."
    box.check_button.click()
    assert "Not quite." in box.feedback.value and "accuracy" in box.feedback.value


def test_prediction_reveals_gap():
    p = Prediction("What share of flagged people need help?", truth=39.5, unit="%")
    assert "too high" in p.reveal(88)
    assert "Very close" in p.reveal(40)
    with pytest.raises(ValueError, match="guess must be a number in \\[0, 100\\]"):
        p.reveal(120)
    box = p.widget()
    box.slider.value = 10
    box.button.click()
    assert "too low" in box.feedback.value


def test_question_constructors_check_their_answers():
    with pytest.raises(ValueError, match="answer must be one of the options"):
        Choice("q", ["a", "b"], "c", "e")
    with pytest.raises(ValueError, match="tolerance must be a number in \\[0, inf\\]"):
        Numeric("q", 1.0, -1, "e")


def test_glossary_defines_the_kit_vocabulary():
    for term in ("prevalence", "sensitivity", "specificity", "threshold", "flagged", "missed",
                 "false alarm", "PPV"):
        assert term in GLOSSARY
    assert "of those flagged, how many need help" in GLOSSARY["PPV"].lower()
    assert glossary_markdown().count("\n") == len(GLOSSARY) + 1


def test_stored_answer_key_matches_the_questions():
    import pathlib

    from lessons.delivery.answers import MODULES, answers_markdown

    stored = (pathlib.Path(__file__).resolve().parents[1] / "docs" / "answers.md").read_text()
    assert stored == answers_markdown(), "regenerate with: python -m lessons.delivery.answers > docs/answers.md"
    for title, _ in MODULES:
        assert f"## {title}" in stored


def test_content_note_names_each_lessons_heavy_topics_and_every_line():
    from lessons.catalog import LESSONS
    from lessons.content.notices import CRISIS_LINES, EMERGENCY_NUMBERS, HOPE, TOPICS, content_note_markdown

    assert set(TOPICS) == set(HOPE) == {entry.number for entry in LESSONS}
    for n in TOPICS:
        note = content_note_markdown(n)
        assert all(line.startswith(">") for line in note.splitlines()), "one block quote"
        assert all(len(line) <= 120 for line in note.splitlines())
        folded = " ".join(line.lstrip("> ") for line in note.splitlines())
        for number in ("988", "116 123", "85258", "13 11 14", "1737"):
            assert f"**{number}**" in folded
        assert "findahelpline.com" in folded
        for _, number in EMERGENCY_NUMBERS:
            assert f"**{number}**" in folded
        assert "If you or someone else is in immediate danger" in folded
        assert TOPICS[n] in folded and HOPE[n] in folded and "**not clinical advice**" in folded
    assert {line.region for line in CRISIS_LINES} >= {"US and Canada", "UK and Ireland", "Australia", "New Zealand"}
    assert [number for _, number in EMERGENCY_NUMBERS][:4] == ["911", "999", "112", "000"]
    for n in (1, 6):
        assert "eating disorders" in TOPICS[n]
    assert "deaths by suicide" in TOPICS[3]
    for n in (0, 2, 4, 5, 7):
        assert "eating" not in TOPICS[n]


def test_notices_use_safe_wording():
    from lessons.content.notices import CHECK_IN, HOPE, TOPICS

    text = " ".join([*TOPICS.values(), *HOPE.values(), CHECK_IN]).lower()
    for word in ("commit suicide", "committed suicide", "successful", "epidemic", "method"):
        assert word not in text
    assert all(len(message.split()) <= 45 for message in HOPE.values()), "short messages"


def test_content_note_rejects_an_unknown_lesson():
    from lessons.content.notices import content_note_markdown

    for bad in (8, -1, 1.5, "1", None, True):
        with pytest.raises(ValueError, match="lesson"):
            content_note_markdown(bad)


def test_help_bar_is_the_same_lines_as_html():
    from lessons.content.notices import help_bar_html

    bar = help_bar_html()
    assert bar.startswith('<aside class="kit-help" aria-label="Where to get help now">')
    assert '<a href="https://findahelpline.com">findahelpline.com</a>' in bar
    for number in ("988", "116 123", "85258", "13 11 14", "1737", "911", "999", "112", "000", "111"):
        assert f"<strong>{number}</strong>" in bar
    assert "Suicide &amp; Crisis Lifeline" in bar and "**" not in bar


def _learner_texts():
    """(where, text) for everything a learner or instructor reads: notebook markdown and stored outputs, the
    lesson modules' strings, the glossary, engine text twins at the lessons' defaults and the instructor guide."""
    import ast
    import json
    import pathlib

    from lessons import lesson_01
    from lessons.engine.multilevel import describe_confusion

    root = pathlib.Path(__file__).resolve().parents[1]
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            parts = ["".join(cell["source"])] if cell["cell_type"] == "markdown" else []
            parts += ["".join(o.get("text", "")) for o in cell.get("outputs", [])]
            for part in parts:
                yield f"{path.name} cell {i}", part
    for path in sorted((root / "lessons").glob("lesson_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and not node.value.isidentifier():
                yield path.name, node.value  # identifiers (names in __all__) are not learner text
    for term, meaning in GLOSSARY.items():
        yield f"glossary {term}", f"{term}: {meaning}"
    yield "lesson_01 urgency twin", describe_confusion(lesson_01.urgency_confusion(**lesson_01.URGENCY_DEFAULTS))
    yield "lesson_01 urgency summary", lesson_01.default_urgency_summary()
    yield "docs/instructor-guide.md", (root / "docs" / "instructor-guide.md").read_text(encoding="utf-8")


def test_overtriage_keeps_one_meaning_in_everything_learners_read():
    """Overtriage is 1 - PPV (of those flagged). The within-level share of lesson 01 is the over-urgent share; the
    bare word may name it only where a paragraph (or list item, or table row) contrasts the two (field triage's usage)."""
    import re

    markers = ("ppv", "flag", "field triage")
    seen = 0
    for where, text in _learner_texts():
        for paragraph in re.split(r"\n\s*\n|\n(?=\s*(?:[*|#-]|\d+\.)\s)", text):
            if re.search(r"over-?triag", paragraph, re.I):
                seen += 1
                assert any(m in paragraph.lower() for m in markers), (
                    f"{where}: 'overtriage' without saying which meaning (1 - PPV, of those flagged): {paragraph!r}")
    assert seen >= 5
    for twin in (describe_confusion_default(), ):
        assert "over-urgent share" in twin and "overtriage" not in twin.lower()


def describe_confusion_default():
    from lessons import lesson_01
    from lessons.engine.multilevel import describe_confusion

    return describe_confusion(lesson_01.urgency_confusion(**lesson_01.URGENCY_DEFAULTS))


def test_sources_audit_corrections_hold():
    from lessons.content.sources import ARTICLE_URL, SOURCES

    assert "DEPRESSD" in SOURCES["levis2019"].citation
    assert "Patient Health Questionnaire-9 (PHQ-9)" in SOURCES["levis2019"].citation
    assert "Patient Health Questionnaire-9 for screening" in SOURCES["negeri2021"].citation
    assert "systematic review and meta-analysis" in SOURCES["levis2020"].citation
    assert "heterogeneity in results and lack of improvement over time" in SOURCES["large2016"].citation
    assert "mental-health specialty visits" in SOURCES["simon2018"].citation
    assert SOURCES["hansard2019"].link.startswith("https://hansard.parliament.uk/Commons/2019-02-19/")
    assert "Wirral" in SOURCES["hansard2019"].citation and "average" in SOURCES["hansard2019"].citation
    assert "not recorded" in SOURCES["article"].citation and SOURCES["article"].link == ARTICLE_URL
    for gone in ("kroenke2003", "spitzer2006", "who_depression", "cdc_2021", "garriga2022", "hinson2018"):
        assert gone not in SOURCES, "a source no lesson cites"


def test_notebooks_state_the_corrected_facts_and_mark_quoted_distress():
    import pathlib
    import re

    from worked import notebook_markdown

    root = pathlib.Path(__file__).resolve().parents[1]
    l01, l03, l05, l06 = (notebook_markdown(s) for s in ("01_instant_support", "03_detection_accuracy",
                                                          "05_human_contact", "06_faulty_advice"))
    assert "70 young adults were randomised: 34 were offered it for two weeks and 36 were directed to an e-book" in l01
    assert "70 young adults used" not in l01
    assert "in Wirral, an MP told the House of Commons, the average wait from referral was **48 days**" in l05
    assert "5% of mental-health specialty visits" in l03 and "semistructured diagnostic interview" in l03
    assert "Thombs et al., 2014" in l03
    for text in (l01, l06):
        for quote in re.finditer(r"I want to commit suicide\"?(.{0,40})", text):
            window = text[max(0, quote.start() - 40):quote.end()]
            assert "study's" in window, f"the Miner phrase must be marked as the study's words: {window!r}"
    from lessons.lesson_01 import q_miner

    if "commit suicide" in q_miner.explanation:
        assert "the study's" in q_miner.explanation
    assert "commit suicide" not in q_miner.prompt + " ".join(q_miner.options)
    assert "Non-disclosure" in l06 and "they are not attackers" in l06 and "**Manipulated inputs**" not in l06
    for path in sorted((root / "notebooks").glob("0*.ipynb")):
        text = path.read_text(encoding="utf-8")
        links = text.count("(https://www.makeuseof.com/)")
        assert links == text.count("(https://www.makeuseof.com/) (its exact address was not recorded"), path.name


def _kit_texts():
    """(name, folded text) for every notebook's markdown, every lessons/ module, the docs and the README."""
    import pathlib

    from worked import _fold, notebook_markdown

    root = pathlib.Path(__file__).resolve().parents[1]
    for path in sorted((root / "notebooks").glob("0*.ipynb")):
        yield path.name, notebook_markdown(path.stem)
    for path in [*sorted((root / "lessons").rglob("*.py")), *sorted((root / "docs").glob("*.md")),
                 root / "README.md"]:
        yield str(path.relative_to(root)), _fold(path.read_text(encoding="utf-8"))


def test_the_primary_care_range_is_cited_to_the_depressd_protocol_everywhere():
    """Sources audit, correction 10: "5-10% of primary care" is in Thombs 2014, not in Levis 2019's abstract."""
    import re

    from lessons.lesson_03 import SETTINGS
    from lessons.lesson_04 import SOURCE_KEYS

    assert "5-10% of primary-care patients" in SOURCES["thombs2014"].citation
    assert SETTINGS[0].sources == ("thombs2014",) and "thombs2014" in PRESETS["phq9_primary_care"].sources
    assert "thombs2014" in SOURCE_KEYS
    seen = 0
    for name, text in _kit_texts():
        for match in re.finditer(r"5(?:%)?(?:–| to |-)10%", text):
            window = re.split(r"\)\.|\. |\n|\"", text[match.end():match.end() + 300])[0]
            assert "Levis" not in window and "levis2019" not in window, (name, window)
            seen += 1
        cited = re.findall(r"sources_markdown\(([^)]*)\)", text)
        if "Thombs et al., 2014" in text and name.endswith(".ipynb") and cited:
            assert "thombs2014" in cited[-1], f"{name} cites Thombs 2014 but does not list it"
    assert seen >= 10


def test_audited_wordings_for_the_phq9_range_openai_and_the_article_range():
    """Sources audit, corrections 11, 13 and 14, applied exactly."""
    from worked import notebook_markdown

    from lessons.lesson_01 import CRISIS_PRESETS

    l02 = notebook_markdown("02_monitoring_progress")
    assert "in whole points from 0 to 27 (the PHQ-9's range: nine items scored 0–3)" in l02
    assert "Levis" not in l02, "lesson 02 takes no number from Levis 2019"
    wording = "explicit indicators of potential suicidal planning or intent"
    assert f"0.15% of ChatGPT's weekly active users have conversations with {wording}" in notebook_markdown(
        "01_instant_support")
    assert wording in CRISIS_PRESETS["openai_planning"].note
    for name, text in _kit_texts():
        assert "signs of suicidal planning" not in text, name
    l03 = notebook_markdown("03_detection_accuracy")
    assert ("treats it as **the article's reading** of the review. The same claim also circulates as 63–92%, "
            "attributed to IBM and the University of California.") in l03


def test_learner_text_never_files_non_disclosure_with_attackers():
    """Issue 10 §4: people who do not disclose suicidal thoughts are not "manipulated inputs" beside attackers."""
    import re

    for name, text in _kit_texts():
        if name.startswith("lessons/engine/faults.py"):
            continue  # the engine keeps its field names (manipulated_share ...); its words are checked below
        prose = re.sub(r"`[^`]*`|\b(?:manipulated_share|manipulation_\w+)\b", "", text)
        assert not re.search(r"manipulated inputs|manipulation rates|whose inputs are altered", prose,
                             re.I), name


def test_simon_and_mohan_rehn_caveats_reach_presets_and_questions():
    """Sources audit §1, items 7 and 8: Simon 2018's figures are for specialty visits; Mohan's targets are paired
    with Rehn's definitions, and the kit says the pairing is its own."""
    from lessons.lesson_07 import q_overtriage

    assert "mental-health specialty visits" in PRESETS["suicide_ehr_top5"].note
    assert "Mohan et al., 2011" in q_overtriage.prompt and "Rehn et al. (2009) define it" in q_overtriage.prompt


def test_readme_shows_the_kits_one_content_note():
    import pathlib

    from lessons.content.notices import content_note_markdown

    readme = (pathlib.Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert content_note_markdown(0) in readme
