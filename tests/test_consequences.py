"""Consequences for patients: each outcome's care pathway, against closed forms."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.content.sources import SOURCES
from lessons.engine.consequences import (
    DEFAULT_PARAMS,
    PARAMETERS,
    PATHWAYS,
    ConsequenceParams,
    consequences,
    crisis_probability,
    expected_crises,
)
from lessons.engine.metrics import OUTCOMES, Counts
from lessons.engine.population import expected_counts
from lessons.engine.scenario import Scenario

PHQ9 = Counts(tp=880, fn=120, fp=1350, tn=7650)  # PHQ-9 operating point, 10,000 people, 10% prevalence


def test_crisis_probability_closed_form():
    assert crisis_probability(2, 0.5) == pytest.approx(0.75)
    assert crisis_probability(0, 0.3) == 0.0
    assert crisis_probability(10, 0.0) == 0.0
    assert crisis_probability(1, 1.0) == 1.0
    weeks = [0, 1, 6, 18]
    assert list(crisis_probability(weeks, 0.01)) == pytest.approx([1 - 0.99**w for w in weeks])


def test_expected_crises_sums_groups():
    assert expected_crises([100, 50], [6, 18], 0.01) == pytest.approx(100 * (1 - 0.99**6) + 50 * (1 - 0.99**18))


def test_each_pathway_matches_its_closed_form():
    prm = ConsequenceParams(assessment_wait_days=42, assessment_hours=1.5, represent_days=91,
                            worry_days=30, weekly_crisis_hazard=0.01)
    r = consequences(PHQ9, prm)
    flagged, missed = r.pathway("correctly flagged"), r.pathway("missed")
    false_alarm, cleared = r.pathway("false alarm"), r.pathway("correctly cleared")
    assert flagged.pathway == "timely assessment" and flagged.days_waiting_each == 42
    assert flagged.clinician_hours == pytest.approx(880 * 1.5)
    assert flagged.person_days_waiting == pytest.approx(880 * 42)
    assert flagged.expected_crises == pytest.approx(880 * (1 - 0.99 ** 6))
    # missed: 91 days (13 weeks) until they come back, then the 42-day wait: 19 weeks untreated
    assert missed.pathway == "delayed care" and missed.days_waiting_each == 133
    assert missed.expected_crises == pytest.approx(120 * (1 - 0.99 ** 19))
    assert missed.clinician_hours == pytest.approx(120 * 1.5)
    # false alarms: clinician time and worry, no crisis risk (they do not need help)
    assert false_alarm.pathway == "unneeded assessment"
    assert false_alarm.clinician_hours == pytest.approx(1350 * 1.5)
    assert false_alarm.worry_person_days == pytest.approx(1350 * 30)
    assert false_alarm.expected_crises == 0
    # correctly cleared: no action, no cost
    assert cleared.pathway == "no action"
    assert (cleared.clinician_hours, cleared.person_days_waiting, cleared.expected_crises) == (0, 0, 0)
    assert r.clinician_hours == pytest.approx((880 + 120 + 1350) * 1.5)
    assert r.unneeded_share.value == pytest.approx(1350 / 2350)
    assert r.person_days_waiting == pytest.approx(880 * 42 + 120 * 133)


def test_a_missed_person_is_more_likely_to_have_a_crisis_than_a_flagged_one():
    r = consequences(PHQ9)
    per_missed = r.pathway("missed").expected_crises / 120
    per_flagged = r.pathway("correctly flagged").expected_crises / 880
    assert per_missed > 2 * per_flagged


def test_pathways_cover_the_four_outcomes_in_order():
    r = consequences(PHQ9)
    assert tuple(p.outcome for p in r.pathways) == OUTCOMES
    assert sum(p.people for p in r.pathways) == PHQ9.population
    assert set(PATHWAYS) == set(OUTCOMES)


def test_parameters_are_documented_with_unit_range_and_status():
    assert set(PARAMETERS) == {"assessment_wait_days", "assessment_hours", "represent_days", "worry_days",
                               "weekly_crisis_hazard"}
    assert PARAMETERS["assessment_wait_days"].status == "sourced"
    assert PARAMETERS["assessment_wait_days"].source == "nhs_tt_standard" in SOURCES
    for name in ("assessment_hours", "represent_days", "worry_days", "weekly_crisis_hazard"):
        assert PARAMETERS[name].status == "illustrative"
    text = DEFAULT_PARAMS.describe()
    assert text.count("illustrative") == 4 and "NHS Talking Therapies" in text
    assert DEFAULT_PARAMS.assessment_wait_days == 6 * 7  # the 6-week standard


@pytest.mark.parametrize("name, bad", [
    ("assessment_wait_days", -1), ("assessment_hours", 25), ("represent_days", float("nan")),
    ("worry_days", "a week"), ("weekly_crisis_hazard", 1.5),
])
def test_bad_parameters_name_the_parameter_value_and_range(name, bad):
    with pytest.raises(ValueError) as err:
        ConsequenceParams(**{name: bad})
    msg = str(err.value)
    assert name in msg and "got" in msg
    info = PARAMETERS[name]
    assert f"{info.low:g}" in msg and f"{info.high:g}" in msg


def test_bad_inputs_raise_value_error():
    with pytest.raises(ValueError, match="counts must be a Counts"):
        consequences((1, 2, 3, 4))
    with pytest.raises(ValueError, match="params must be a ConsequenceParams"):
        consequences(PHQ9, {"assessment_hours": 1})
    with pytest.raises(ValueError, match="weekly_hazard must be a number in \\[0, 1\\]"):
        crisis_probability(3, 2.0)
    with pytest.raises(ValueError, match="weeks_waiting"):
        crisis_probability([-1, 2], 0.1)
    with pytest.raises(ValueError, match="outcome must be one of"):
        consequences(PHQ9).pathway("lost")


def test_text_twin_says_what_happens_to_each_group():
    text = consequences(PHQ9).describe()
    assert "880 correctly flagged people wait 42 days" in text
    assert "120 missed people wait 132 days" in text
    assert "1,350 false alarms get an assessment they did not need" in text
    assert "7,650 correctly cleared: no action needed" in text
    assert "57% of them go on false alarms" in text
    assert text.count("illustrative") >= 3


def test_nobody_screened_gives_words_not_nan():
    r = consequences(Counts(0, 0, 0, 0))
    assert r.describe() == "Nobody was screened, so there are no consequences to count."
    assert not r.unneeded_share.defined and r.unneeded_share.value is None
    assert "undefined" in str(r.crises_among_missed)


def test_prevalence_zero_and_nobody_flagged_are_defined():
    nobody_needs = consequences(expected_counts(Scenario(prevalence=0.0, population=1000)))
    assert nobody_needs.expected_crises == 0
    assert "Nobody screened needs help" in nobody_needs.describe()
    nobody_flagged = consequences(Counts(tp=0, fn=100, fp=0, tn=900))
    text = nobody_flagged.describe()
    assert "There are no false alarms" in text
    assert nobody_flagged.unneeded_share.value == 0.0
    assert nobody_flagged.crises_among_missed.value == 1.0
    no_hours = consequences(Counts(0, 0, 0, 50))
    assert "No clinician time is used" in no_hours.describe()


@settings(max_examples=60, deadline=None)
@given(
    tp=st.floats(0, 1e5), fn=st.floats(0, 1e5), fp=st.floats(0, 1e5), tn=st.floats(0, 1e5),
    hazard=st.floats(0, 1), wait=st.floats(0, 730), represent=st.floats(0, 3650),
)
def test_totals_are_finite_and_missed_wait_longest(tp, fn, fp, tn, hazard, wait, represent):
    prm = ConsequenceParams(assessment_wait_days=wait, represent_days=represent, weekly_crisis_hazard=hazard)
    r = consequences(Counts(tp, fn, fp, tn), prm)
    for p in r.pathways:
        for value in (p.people, p.clinician_hours, p.person_days_waiting, p.expected_crises):
            assert math.isfinite(value) and value >= 0
        assert p.expected_crises <= p.people + 1e-9
    assert r.pathway("missed").days_waiting_each >= r.pathway("correctly flagged").days_waiting_each
    assert "nan" not in r.describe().lower()


def test_parameter_lines_use_the_right_unit():
    lines = ConsequenceParams(assessment_hours=1, represent_days=2).describe().splitlines()
    assert lines[1] == "clinician time per assessment: 1 hour (illustrative)"
    assert lines[2] == "days until a missed person comes back or is caught another way: 2 days (illustrative)"
