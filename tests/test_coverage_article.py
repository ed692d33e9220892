"""Issue 13 section 4: the parts of the article the kit now covers, held to the engine and to the sources.

Lesson 03: what evidence a claim that AI found a new treatment needs (paragraph and self-check).
Lesson 06: the fairness criteria and group-specific thresholds (every number from the engine).
Lessons 01 and 02: what scoring every message or weekly report means for privacy and consent.
"""

import pytest
from worked import assert_says, notebook_markdown, pct

from lessons import lesson_03, lesson_06
from lessons.content.sources import cite


def test_lesson_03_names_the_evidence_a_treatment_claim_needs():
    text = notebook_markdown("03_detection_accuracy")
    assert_says(text, "## Core: Beyond detection: can AI propose new treatments?", "**overfitting**",
                "**prospective trial**", "**replication**")
    q = lesson_03.q_treatment_claim
    assert "prospective trial" in q.answer and "independent team" in q.answer
    assert q.check(q.answer).correct
    for wrong in q.options:
        if wrong != q.answer:
            feedback = q.check(wrong)
            assert not feedback.correct and feedback.message != "Think again, then try another option."


def test_lesson_06_fairness_numbers_come_from_the_engine():
    text = notebook_markdown("06_faulty_advice")
    t, off = lesson_06.THRESHOLD, lesson_06.HILLS_OFFSET_B
    a, b = lesson_06.group_hills(t, off)
    assert_says(text, f"with group B's scores {abs(off):.2f} lower and one shared threshold of {t:.2f}, group B's "
                      f"sensitivity is {pct(b.counts.sensitivity.value, 1)} against group A's "
                      f"{pct(a.counts.sensitivity.value, 1)}",
                f"group B's PPV is higher ({pct(b.counts.ppv.value, 1)} against {pct(a.counts.ppv.value, 1)})")
    assert b.counts.ppv.value > a.counts.ppv.value
    a2, b2 = lesson_06.group_hills(t, off, t + off)
    assert abs(a2.counts.sensitivity.value - b2.counts.sensitivity.value) < 1e-9
    assert_says(text, f"lowering group B's threshold by the same {abs(off):.2f}, to {t + off:.2f}, gives both groups "
                      f"a sensitivity of {pct(b2.counts.sensitivity.value, 1)} and the same false-alarm rate")
    a3, b3 = lesson_06.group_hills(t, off, t + off, prevalence_b=0.14)
    assert a3.counts.sensitivity.value == pytest.approx(b3.counts.sensitivity.value)
    assert_says(text, f"raising group B's prevalence from {pct(0.07)} to {pct(0.14)} lifts its PPV to "
                      f"{pct(b3.counts.ppv.value, 1)} while group A's stays at {pct(a3.counts.ppv.value, 1)}")


def test_lesson_06_fairness_part_cites_its_sources():
    text = notebook_markdown("06_faulty_advice")
    assert_says(text, "**Equal opportunity**", "**Predictive parity**", "Hardt et al., 2016",
                "Chouldechova, 2017", "Kleinberg et al., 2017")
    for key in ("hardt2016", "chouldechova2017", "kleinberg2017"):
        assert cite(key).link.startswith("https://")


@pytest.mark.parametrize("stem,words", [
    ("01_instant_support", ("privacy and consent", "score **every** message", "can they say no")),
    ("02_monitoring_progress", ("privacy and consent", "who sees an alert", "they can stop")),
])
def test_lessons_01_and_02_say_what_scoring_means_for_privacy(stem, words):
    assert_says(notebook_markdown(stem), *words)
