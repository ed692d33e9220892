"""Lesson 04: the team explorer driven as a learner drives it, the preset picker and the self-checks."""

import math

import pytest

from lessons.controls import live_region
from lessons.lesson_04 import (
    QUESTIONS,
    TeamExplorer,
    TeamPresetPicker,
    default_setting,
    default_summary,
    describe_disagreements,
    goddard_fit,
    predict_team_missed,
    q_alert_fatigue,
    q_full_trust,
    q_goddard_meaning,
    q_reassurance_only,
    q_right_to_wrong,
)
from lessons.presets import PRESETS
from lessons.team import (
    TeamSetting,
    describe_flips,
    describe_sweep,
    describe_team,
    team_outcomes,
    trust_sweep,
)

# trace indices in the errors figure: left panel (missed) 0-3, right panel (false alarms) 4-7
CLIN_MISSED, AI_MISSED, TEAM_MISSED, NOW_MISSED = 0, 1, 2, 3
CLIN_FA, AI_FA, TEAM_FA, NOW_FA = 4, 5, 6, 7
RIGHT_TO_WRONG, WRONG_TO_RIGHT, NOW_FLIPS = 0, 1, 2


def flat_y(fig) -> list[float]:
    return [y for trace in fig.data for y in trace.y]


def setting_of(e: TeamExplorer) -> TeamSetting:
    v = e.values()
    return TeamSetting(v["prevalence"], v["clinician_sensitivity"], v["clinician_specificity"],
                       v["ai_sensitivity"], v["ai_specificity"],
                       shared_errors=v["shared_errors"]).with_trust(v["trust"], v["alert_fatigue"])


def assert_matches_engine(e: TeamExplorer):
    """Every trace and both text twins say what the engine says for the current controls."""
    setting = setting_of(e)
    r = team_outcomes(setting)
    sweep = trust_sweep(setting, e.values()["alert_fatigue"])
    errors, flips = e.figures[0].data, e.figures[1].data
    assert list(errors[CLIN_MISSED].y) == pytest.approx([r.clinician.missed] * 2)
    assert list(errors[AI_MISSED].y) == pytest.approx([r.ai.missed] * 2)
    assert list(errors[TEAM_MISSED].y) == pytest.approx(sweep.missed.tolist())
    assert list(errors[CLIN_FA].y) == pytest.approx([r.clinician.false_alarms] * 2)
    assert list(errors[AI_FA].y) == pytest.approx([r.ai.false_alarms] * 2)
    assert list(errors[TEAM_FA].y) == pytest.approx(sweep.false_alarms.tolist())
    trust = e.values()["trust"]
    assert list(errors[NOW_MISSED].x) == [trust] and list(errors[NOW_FA].x) == [trust]
    assert list(errors[NOW_MISSED].y) == pytest.approx([r.team.missed])
    assert list(errors[NOW_FA].y) == pytest.approx([r.team.false_alarms])
    assert errors[NOW_MISSED].name == f"Current trust {trust:.2f}"
    assert list(flips[RIGHT_TO_WRONG].y) == pytest.approx(sweep.right_to_wrong.tolist())
    assert list(flips[WRONG_TO_RIGHT].y) == pytest.approx(sweep.wrong_to_right.tolist())
    assert list(flips[NOW_FLIPS].y) == pytest.approx([r.right_to_wrong_per_1000, r.wrong_to_right_per_1000])
    assert e.twins[0].value == live_region(describe_team(r) + "\n\n" + describe_sweep(sweep, r.clinician, r.ai, 1.0))
    assert e.twins[1].value == live_region(describe_flips(r) + "\n\n" + describe_disagreements(r))
    for fig in e.figures:
        for trace in fig.data:
            assert all(math.isfinite(y) for y in trace.y)


def test_default_explorer_shows_gp_phq9_team_at_trust_half():
    e = TeamExplorer()
    assert e.values() == {"prevalence": 0.1, "clinician_sensitivity": 0.501, "clinician_specificity": 0.813,
                          "ai_sensitivity": 0.88, "ai_specificity": 0.85, "trust": 0.5, "alert_fatigue": 0.0,
                          "shared_errors": 0.0}
    assert_matches_engine(e)
    assert e.redraws == 0
    assert [t.name for t in e.figures[0].data[:4]] == ["Clinician alone", "AI alone", "Clinician with the AI",
                                                      "Current trust 0.50"]
    assert "misses about 31 of the 100 who need help" in e.twins[0].value
    assert "about 58 flip from right to wrong" in e.twins[1].value
    assert 'aria-live="polite"' in e.twins[0].value and 'aria-live="polite"' in e.twins[1].value
    # every series differs by more than colour: dash or marker symbol, and a name
    styles = {(t.line.dash, t.marker.symbol) for t in e.figures[0].data[:3]}
    assert len(styles) == 3


def test_moving_trust_moves_the_marks_and_the_text_but_not_the_lines():
    e = TeamExplorer()
    team_line = list(e.figures[0].data[TEAM_MISSED].y)
    before = (e.twins[0].value, e.twins[1].value)
    e.controls["trust"].value = 0.9
    assert e.redraws == 1
    assert_matches_engine(e)
    assert list(e.figures[0].data[TEAM_MISSED].y) == team_line
    assert e.twins[0].value != before[0] and e.twins[1].value != before[1]
    assert list(e.figures[1].data[NOW_FLIPS].x) == [0.9, 0.9]
    assert "going along with an AI flag in 90% and with an AI all-clear in 90%" in e.twins[0].value


def test_full_trust_puts_the_team_on_the_ai_line():
    e = TeamExplorer()
    e.controls["trust"].value = 1.0
    errors = e.figures[0].data
    assert errors[NOW_MISSED].y[0] == pytest.approx(errors[AI_MISSED].y[0])
    assert errors[NOW_FA].y[0] == pytest.approx(errors[AI_FA].y[0])
    assert errors[TEAM_MISSED].y[-1] == pytest.approx(errors[AI_MISSED].y[0])


@pytest.mark.parametrize("name,value", [
    ("prevalence", 0.3), ("clinician_sensitivity", 0.7), ("clinician_specificity", 0.6),
    ("ai_sensitivity", 0.4), ("ai_specificity", 0.95), ("alert_fatigue", 0.8),
])
def test_each_control_redraws_to_the_engine_numbers(name, value):
    e = TeamExplorer()
    before = flat_y(e.figures[0])
    e.controls[name].value = value
    assert e.redraws == 1
    assert_matches_engine(e)
    assert flat_y(e.figures[0]) != pytest.approx(before)


def test_shared_errors_move_the_flips_but_not_the_team_totals_when_trust_is_symmetric():
    """team rate = (1 - trust) * clinician + trust * AI whatever the overlap; only the churn changes."""
    e = TeamExplorer()
    errors_before = flat_y(e.figures[0])
    flips_before = [list(t.y) for t in e.figures[1].data]
    e.controls["shared_errors"].value = 1.0
    assert e.redraws == 1
    assert_matches_engine(e)
    assert flat_y(e.figures[0]) == pytest.approx(errors_before)
    assert e.figures[1].data[RIGHT_TO_WRONG].y[-1] == pytest.approx(0.0)
    assert e.figures[1].data[RIGHT_TO_WRONG].y[-1] < flips_before[RIGHT_TO_WRONG][-1]
    # with alert fatigue the overlap does change who is missed
    e.controls["alert_fatigue"].value = 0.5
    missed_shared = e.figures[0].data[NOW_MISSED].y[0]
    e.controls["shared_errors"].value = 0.0
    assert e.figures[0].data[NOW_MISSED].y[0] != pytest.approx(missed_shared)


def test_alert_fatigue_makes_the_team_miss_more_than_the_gp_at_high_trust():
    e = TeamExplorer()
    e.set_values(trust=1.0, alert_fatigue=1.0)
    errors = e.figures[0].data
    assert errors[NOW_MISSED].y[0] > errors[CLIN_MISSED].y[0]
    assert "with alert fatigue 1.00" in e.twins[0].value
    assert "0 misses caught" in e.twins[1].value


def test_no_op_change_does_nothing():
    e = TeamExplorer()
    e.controls["trust"].value = 0.5
    e.controls["ai_sensitivity"].value = 0.8800000000000001  # what a browser may send back
    assert e.redraws == 0
    assert e.update() is False
    e.set_values(trust=0.5, prevalence=0.1)
    assert e.redraws == 0


def test_edge_cases_give_words_not_nan():
    e = TeamExplorer()
    e.controls["prevalence"].value = 0.0
    assert_matches_engine(e)
    assert "nobody needs help, so nobody is missed" in e.twins[0].value
    e.controls["trust"].value = 0.0
    assert "the team is the clinician alone" in e.twins[1].value
    e.set_values(prevalence=1.0, trust=0.3)
    assert_matches_engine(e)
    assert "everybody needs help, so there are no false alarms" in e.twins[0].value


def test_constructor_rejects_bad_start_values():
    with pytest.raises(ValueError, match="prevalence must be from 0 to 1; got 2.0"):
        TeamExplorer(prevalence=2.0)
    with pytest.raises(ValueError, match="preset must be one of"):
        TeamExplorer(ai="magic_ai")
    with pytest.raises(ValueError, match="trust must be from 0 to 1; got -0.5"):
        TeamExplorer(trust=-0.5)


def test_preset_picker_sets_the_ai_and_clinician_with_one_redraw_each_and_names_the_source():
    e = TeamExplorer()
    picker = TeamPresetPicker(e)
    picker.ai.value = "suicide_ehr_top5"
    p = PRESETS["suicide_ehr_top5"]
    assert (e.values()["prevalence"], e.values()["ai_sensitivity"], e.values()["ai_specificity"]) == (
        p.prevalence, p.sensitivity, p.specificity)
    assert e.redraws == 1
    assert "Simon" in picker.note.value and "derived" in picker.note.value
    picker.clinician.value = "clinician_high_risk"
    q = PRESETS["clinician_high_risk"]
    assert (e.values()["clinician_sensitivity"], e.values()["clinician_specificity"]) == (q.sensitivity, q.specificity)
    assert e.values()["prevalence"] == p.prevalence
    assert e.redraws == 2
    assert "Large" in picker.note.value
    assert_matches_engine(e)
    picker.ai.value = ""   # back to "(choose)": nothing changes
    assert e.redraws == 2
    with pytest.raises(ValueError, match="preset must be one of"):
        TeamPresetPicker(e, ai_keys=("nope",))


# -- predict first, self-checks, checked summary ---------------------------------------------------------

def test_prediction_truth_comes_from_the_engine():
    r = team_outcomes(default_setting())
    assert predict_team_missed.truth == round(r.team.missed) == 31
    assert "the simulation gives 31 people" in predict_team_missed.reveal(50)
    assert "too high" in predict_team_missed.reveal(50)


def test_numeric_question_answer_is_computed_from_the_engine():
    r = team_outcomes(default_setting())
    assert q_right_to_wrong.answer == pytest.approx(r.right_to_wrong_per_1000, abs=0.05)
    assert q_right_to_wrong.check(58).correct
    assert q_right_to_wrong.check(r.right_to_wrong_per_1000).correct
    too_low = q_right_to_wrong.check(3)   # only the new misses
    assert not too_low.correct and "too low" in too_low.message and "900 who do not" in too_low.message
    assert "too high" in q_right_to_wrong.check(150).message
    assert not q_right_to_wrong.check("many").correct


@pytest.mark.parametrize("question", QUESTIONS[:1] + QUESTIONS[2:])
def test_choice_questions_correct_answer_and_every_wrong_answer_has_its_own_hint(question):
    assert question.check(question.answer).correct
    for option in question.options:
        if option == question.answer:
            continue
        fb = question.check(option)
        assert not fb.correct
        assert fb.message == question.hints[option] and fb.message
    assert not question.check("").correct


def test_choice_answers_agree_with_the_engine():
    """The claims behind the correct answers hold in the model."""
    full = team_outcomes(default_setting().with_trust(1.0))
    assert q_full_trust.answer == "The AI's alone" and full.team.as_dict() == pytest.approx(full.ai.as_dict())
    fatigued = team_outcomes(default_setting().with_trust(1.0, alert_fatigue=1.0))
    assert q_reassurance_only.answer.startswith("misses more") and fatigued.team.missed > fatigued.clinician.missed
    assert "5.2%" in q_goddard_meaning.prompt and "49-96%" in q_alert_fatigue.prompt


def test_checked_summary_of_the_default_scenario():
    text = default_summary()
    assert text.startswith("Per 1,000 people screened, the clinician alone misses about 50 of the 100")
    assert "about 58 flip from right to wrong" in text
    assert "advice right in 71.9% of cases" in text and "36.7% of the time" in text
    assert goddard_fit().trust == pytest.approx(0.367, abs=1e-3)


def test_sources_list_every_cited_study():
    from lessons.lesson_04 import SOURCE_KEYS, lesson_sources

    text = lesson_sources().data
    assert text.startswith("1. The article")
    for name in ("Goddard K", "van der Sijs H", "Mitchell AJ", "Levis B", "Negeri ZF"):
        assert name in text
    assert len(text.splitlines()) == len(SOURCE_KEYS)
