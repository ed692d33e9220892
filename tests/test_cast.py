"""The cast and their paths: each path is the engine's, and flips exactly where the engine says."""

import math
import re
import statistics

import numpy as np
import pytest

from lessons.content.cast import CAST, FICTION_NOTE, HARMS, OUTCOMES, Person, person
from lessons.engine.capacity import Clinic, queue_expected
from lessons.engine.paths import (
    describe_mark,
    path_at_operating_point,
    path_at_threshold,
    path_over_months,
    person_score,
    queue_wait,
)
from lessons.engine.population import assign
from lessons.engine.scenario import ScoreModel, separation_from_auc

NORMAL = statistics.NormalDist()


def test_seven_people_cover_every_kind_of_outcome_and_harm():
    roles = {p.role for p in CAST.values()}
    assert roles == {"correctly flagged", "missed", "flagged in error", "correctly cleared",
                     "waiting behind false alarms in a queue", "in a group the model serves worse",
                     "caught late by monitoring"}
    assert "made up" in FICTION_NOTE and "None of them is a real person" in FICTION_NOTE
    met = sorted({n for p in CAST.values() for n in p.lessons})
    assert met == [1, 2, 3, 4, 5, 6, 7]


def test_harms_name_more_than_counts():
    missed = " ".join(HARMS["missed"])
    assert "no human contact" in missed and "later crisis" in missed and "disengagement" in missed
    false_alarm = " ".join(HARMS["false alarm"])
    for word in ("worry", "welfare check", "emergency assessment", "record entry", "lost trust"):
        assert word in false_alarm
    assert set(HARMS) == set(OUTCOMES)


UNSAFE = re.compile(r"\b(suicid\w*|overdose|pills?|hang\w*|jump\w*|weapon|kill\w*|die|dying|victim|sufferer|"
                    r"committed|epidemic|tragic|hopeless)\b", re.I)


def test_stories_follow_safe_messaging():
    for p in CAST.values():
        text = " ".join([p.story, p.hope, *HARMS[OUTCOMES[0]]])
        assert not UNSAFE.search(text), (p.key, UNSAFE.search(text))
        assert p.hope  # every story has a way on


@pytest.mark.parametrize("key", sorted(CAST))
def test_score_is_the_group_centre_plus_the_quantile_of_the_percentile(key):
    p = CAST[key]
    model = ScoreModel(2.0)
    s = person_score(p, 2.0)
    share_below = model.specificity_at(s) if not p.needs_help else 1 - model.sensitivity_at(s)
    if p.group == "A":
        assert share_below == pytest.approx(p.percentile)


@pytest.mark.parametrize("key", sorted(CAST))
def test_outcome_flips_exactly_at_the_score(key):
    p = CAST[key]
    d = separation_from_auc(0.9)
    s = person_score(p, d, offset_b=-0.5)
    at = path_at_threshold(p, d, s, offset_b=-0.5)
    above = path_at_threshold(p, d, math.nextafter(s, math.inf), offset_b=-0.5)
    assert at.flagged and not above.flagged
    assert at.flips_at == s
    assert at.outcome == ("correctly flagged" if p.needs_help else "false alarm")
    assert above.outcome == ("missed" if p.needs_help else "correctly cleared")


@pytest.mark.parametrize("key", sorted(CAST))
def test_operating_point_path_is_the_engines_assignment(key):
    """The same person as the engine's common-random-numbers draw v = 1 - percentile, at every setting."""
    p = CAST[key]
    for sens in np.linspace(0, 1, 41):
        for spec in np.linspace(0, 1, 41):
            _needs, flagged = assign(np.array([0.0 if p.needs_help else 1.0]), np.array([1.0 - p.percentile]),
                                    0.5, sens, spec)
            assert path_at_operating_point(p, sens, spec).flagged == bool(flagged[0]), (sens, spec)


def test_queue_wait_against_the_closed_form_when_arrivals_exceed_slots():
    """Constant arrivals a > c: S(t) = (t + 1) c, so the last person of week w is seen in week ceil((w + 1) a / c) - 1."""
    clinic = Clinic(referrals_per_week=60, prevalence=0.5, sensitivity=0.88, specificity=0.65, slots_per_week=30)
    a = 30 * 0.88 + 30 * 0.35
    for week in (0, 5, 20):
        wait = queue_wait(clinic, week, 1.0)
        assert wait.seen_week == math.ceil((week + 1) * a / 30 - 1e-9) - 1
        assert wait.ahead == pytest.approx((week + 1) * a - week * 30)
        assert wait.false_alarms_ahead == pytest.approx(wait.ahead * 30 * 0.35 / a)
    # the fluid queue of the capacity module holds the same backlog
    q = queue_expected(np.full(26, 30 * 0.88), np.full(26, 30 * 0.35), 30)
    assert q.queue[19] == pytest.approx(queue_wait(clinic, 20, 0.0).ahead)


def test_elena_waits_longer_as_specificity_falls():
    import lessons.lesson_05 as l5

    e = l5.meet_elena()
    short = e.path.wait.weeks
    assert e.path.outcome == "correctly flagged" and "flagged in error" in e.text.value
    e.controls["specificity"].value = 0.65
    assert e.path.wait.weeks > short
    assert e.path.wait.weeks == queue_wait(l5.BACKLOG_CLINIC.with_(specificity=0.65), l5.ELENA_WEEK).weeks


def test_each_lesson_meets_its_person_in_their_role_and_the_control_can_change_it():
    import lessons.lesson_01 as l1
    import lessons.lesson_03 as l3
    import lessons.lesson_06 as l6

    ben = l1.meet_ben()
    assert ben.path.outcome == "missed" and "nobody is told about Ben" in ben.text.value
    ben.controls["threshold"].value = round(ben.path.score - 0.005, 2)
    assert ben.path.outcome == "correctly flagged" and ben.redraws == 1

    chloe = l3.meet_chloe()
    assert chloe.path.outcome == "false alarm" and "welfare check" in chloe.text.value
    chloe.controls["specificity"].value = CAST["chloe"].percentile
    assert chloe.path.outcome == "correctly cleared"

    femi = l6.meet_femi()
    assert femi.path.outcome == "missed" and "in group A" in femi.text.value
    femi.controls["offset_b"].value = 0.0
    assert femi.path.outcome == "correctly flagged"


def test_chloe_in_weekly_monitoring_is_the_engines_patient():
    import lessons.lesson_02 as l2
    from lessons.engine.monitoring import apply_rule, score_cohort

    m = l2.meet_chloe()
    path = m.path
    scores = score_cohort(l2.default_cohort(), l2.DEFAULTS["share"], l2.DEFAULTS["noise"], l2.DEFAULTS["window"])
    outcome = apply_rule(scores, l2.DEFAULTS["threshold"])
    assert not scores.deteriorates[path.patient]
    assert path.flagged == bool(outcome.alert_matrix[path.patient].any()) == (path.peak >= path.threshold)
    m.controls["threshold"].value = path.peak + 0.5
    assert m.path.outcome == "correctly cleared"


def test_grace_is_missed_from_the_month_her_score_falls_below_the_threshold():
    import lessons.lesson_07 as l7

    g = l7.grace_path()
    plan = l7.default_plan()
    sens = [ScoreModel(d).sensitivity_at(l7.DEPLOYED_THRESHOLD) for d in plan.separation_by_month()]
    expected = next(m for m, s in enumerate(sens, start=1) if s < 1 - CAST["grace"].percentile)
    assert g.first_missed_month == expected
    assert g.alarm_month is not None and g.alarm_month > g.first_missed_month
    assert g.months_missed_before_alarm == g.alarm_month - g.first_missed_month + 1
    assert f"from month {expected}" in g.describe()
    still = path_over_months(CAST["grace"], plan.__class__(**{**plan.__dict__, "separation_loss": 0.0}),
                             l7.DEPLOYED_THRESHOLD, None)
    assert still.first_missed_month is None


def test_amira_is_flagged_by_the_lessons_ai():
    import lessons.lesson_04 as l4

    a = l4.meet_amira()
    assert a.path.outcome == "correctly flagged"
    a.controls["sensitivity"].value = round(1 - CAST["amira"].percentile - 0.01, 2)
    assert a.path.outcome == "missed"


def test_bad_input_is_refused_with_the_parameter_named():
    with pytest.raises(ValueError, match="key must be one of"):
        person("zoe")
    with pytest.raises(ValueError, match="percentile must be a number in \\(0, 1\\); got 1.0"):
        Person("x", "X", "r", "s", True, 1.0, "h")
    with pytest.raises(ValueError, match="threshold must be a number in \\[-10, 10\\]; got nan"):
        path_at_threshold(CAST["ben"], 2.0, float("nan"))
    with pytest.raises(ValueError, match="separation must be a number in \\[0, 8\\]; got inf"):
        person_score(CAST["ben"], float("inf"))
    with pytest.raises(ValueError, match="person must be a Person"):
        path_at_operating_point("ben", 0.5, 0.5)
    with pytest.raises(ValueError, match="arrival_week must be a whole number from 0 to 25; got 26"):
        queue_wait(Clinic(), 26)
    with pytest.raises(ValueError, match="code must be a whole number from 0 to 3; got 4"):
        describe_mark(4, 0)
