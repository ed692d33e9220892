"""The two hills and the threshold: shaded areas against normal tails, counts against the lessons'
engines, the AUC against simulated people, and the text twin following the threshold."""

import math
from statistics import NormalDist

import numpy as np
import pytest
from worked import assert_says, notebook_markdown, pct

from lessons.engine.drift import DriftPlan, expected_timeline
from lessons.engine.population import expected_counts
from lessons.engine.scenario import ScoreModel, empirical_auc
from lessons.engine.scores import BIN, Hill, describe_split, split_for_groups, split_for_model, split_for_month
from lessons.engine.subgroups import two_groups
from lessons.lesson_00 import SCORE_DEFAULTS, ScoreExplorer, score_split
from lessons.ui.controls import live_region
from lessons.ui.score_figure import TRACES_PER_PANEL, score_traces

OUTCOMES = ("correctly cleared", "false alarm", "missed", "correctly flagged")


def upper_tail(z: float) -> float:
    """1 - Phi(z), written independently of the engine (math.erfc)."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def closed_form(threshold, separation, prevalence, n):
    need, no_need = n * prevalence, n * (1 - prevalence)
    up_need, up_no = upper_tail(threshold - separation), upper_tail(threshold)
    return {"correctly cleared": no_need * (1 - up_no), "false alarm": no_need * up_no,
            "missed": need * (1 - up_need), "correctly flagged": need * up_need}


def shaded_people(trace, scale="people", size=None):
    """The area under one filled trace, in people (trapezoids over its x grid, heights per BIN)."""
    area = float(np.trapezoid(trace.y if hasattr(trace, "y") else trace["y"],
                              trace.x if hasattr(trace, "x") else trace["x"])) / BIN
    return area if scale == "people" else area * size


def areas_of(figure, panel=0):
    data = figure.data[panel * TRACES_PER_PANEL: (panel + 1) * TRACES_PER_PANEL]
    return {outcome: shaded_people(trace) for outcome, trace in zip(OUTCOMES, data[2:6])}


@pytest.mark.parametrize("threshold,auc,prevalence", [(1.04, 0.94, 0.10), (-0.5, 0.75, 0.3), (2.7, 0.99, 0.02)])
def test_shaded_areas_are_the_normal_tails(threshold, auc, prevalence):
    e = ScoreExplorer()
    e.set_values(threshold=threshold, auc=auc, prevalence=prevalence)
    d = math.sqrt(2.0) * NormalDist().inv_cdf(auc)
    expected = closed_form(threshold, d, prevalence, 1000)
    for outcome, people in areas_of(e.figure).items():
        assert people == pytest.approx(expected[outcome], rel=2e-3, abs=0.05), outcome
    assert sum(areas_of(e.figure).values()) == pytest.approx(1000, rel=1e-3)


def test_areas_use_an_independent_separation():
    """d = sqrt(2) * Phi^-1(AUC), Phi^-1 from the standard library, not the engine."""
    d = math.sqrt(2.0) * NormalDist().inv_cdf(0.8)
    split = score_split(0.7, 0.8, 0.25)
    assert split.need.centre == pytest.approx(d, rel=1e-9)
    for outcome, value in split.areas().items():
        assert value == pytest.approx(closed_form(0.7, d, 0.25, 1000)[outcome], rel=1e-9)


def test_counts_pass_through_the_engine_the_other_explorers_use():
    model = ScoreModel.from_auc(SCORE_DEFAULTS["auc"])
    split = score_split(**SCORE_DEFAULTS)
    assert split.counts == expected_counts(model.scenario(SCORE_DEFAULTS["threshold"], 0.10, 1000))
    areas = split.areas()
    assert [areas[k] for k in ("correctly flagged", "missed", "false alarm", "correctly cleared")] == pytest.approx(
        [split.counts.tp, split.counts.fn, split.counts.fp, split.counts.tn], rel=1e-9)


def test_default_starts_near_the_first_explorer_phq9_point():
    model = ScoreModel.from_operating_point(0.88, 0.85)
    assert SCORE_DEFAULTS["threshold"] == round(model.threshold_for_specificity(0.85), 2)
    assert SCORE_DEFAULTS["auc"] == round(model.auc, 2)
    c = ScoreExplorer().counts
    assert abs(c.tp - 88) < 1 and abs(c.fp - 135) < 1.5


def test_auc_is_the_chance_a_person_in_need_scores_higher():
    """The AUC the twin states matches the Mann-Whitney share of simulated pairs."""
    split = score_split(1.0, 0.85, 0.3)
    needs, scores = ScoreModel(split.need.centre).simulate_scores(0.3, 40_000, seed=7)
    assert empirical_auc(needs, scores) == pytest.approx(0.85, abs=0.01)
    assert "about 85 times in 100 the person who needs help has the higher score" in describe_split(split)


def test_text_twin_follows_the_threshold_and_states_the_engine_counts():
    e = ScoreExplorer()
    before = e.text.value
    e.controls["threshold"].value = 2.0
    assert e.redraws == 1 and e.text.value != before
    c = e.counts
    assert e.text.value == live_region(describe_split(score_split(2.0, SCORE_DEFAULTS["auc"], 0.10)))
    assert f"{round(c.tp)} are at or above the threshold (correctly flagged) and {round(c.fn)} below it" in e.text.value
    assert "Everyone scoring 2.00 or more is flagged" in e.text.value
    assert e.figure.data[6].x == (2.0, 2.0)
    names = [t.name for t in e.figure.data]
    assert f"Missed: {round(c.fn)}" in names and f"False alarm: {round(c.fp)}" in names
    e.controls["threshold"].value = 2.0
    assert e.redraws == 1


def test_raising_the_threshold_trades_false_alarms_for_misses():
    e = ScoreExplorer()
    low = e.counts
    e.controls["threshold"].value = 2.5
    high = e.counts
    assert high.fn > low.fn and high.fp < low.fp


def test_coin_toss_and_empty_groups_are_said_in_words():
    assert "no better than a coin toss" in describe_split(score_split(0.0, 0.5, 0.1))
    assert "nobody can be missed" in describe_split(score_split(0.0, 0.9, 0.0))
    assert "there can be no false alarms" in describe_split(score_split(0.0, 0.9, 1.0))


def test_every_area_has_colour_and_a_pattern():
    traces = score_traces([score_split(**SCORE_DEFAULTS)])
    shapes = [t["fillpattern"]["shape"] for t in traces[2:6]]
    assert len(set(shapes)) == 4 and "" not in shapes
    assert len({t["fillpattern"]["fgcolor"] for t in traces[2:6]}) == 4


def test_group_panels_match_group_expected_counts_and_own_thresholds():
    a, b = two_groups(offset_b=-0.8)
    splits = split_for_groups((a, b), 1.5, 10_000, thresholds={"Group B": 0.7})
    assert splits[0].counts == a.expected_counts(1.5, 10_000)
    assert splits[1].counts == b.expected_counts(0.7, 10_000)
    assert splits[1].no_need.centre == -0.8 and splits[1].need.centre == pytest.approx(-0.8 + b.separation)
    for split, t, g in ((splits[0], 1.5, a), (splits[1], 0.7, b)):
        assert split.areas()["correctly flagged"] == pytest.approx(
            10_000 * g.share * g.prevalence * upper_tail(t - g.offset - g.separation), rel=1e-9)


def test_month_panel_matches_the_drift_timeline():
    plan = DriftPlan(separation_loss=0.05, onset=6, months=24)
    split = split_for_month(plan, 1.04, 18, 2000)
    assert split.counts == expected_timeline(plan, 1.04, 2000).counts[17]
    assert split.need.centre == pytest.approx(2.211 - 0.05 * 12)


@pytest.mark.parametrize("call,name", [
    (lambda: score_split(float("nan"), 0.9, 0.1), "threshold"),
    (lambda: score_split(0.0, 1.2, 0.1), "auc"),
    (lambda: score_split(0.0, 0.9, -0.1), "prevalence"),
    (lambda: split_for_model("model", 0.0, 0.1), "model"),
    (lambda: split_for_month(DriftPlan(), 0.0, 25), "month"),
    (lambda: split_for_groups(two_groups(), 0.0, thresholds={"Group C": 1.0}), "thresholds"),
    (lambda: Hill("x", True, float("inf"), 1.0), "centre"),
    (lambda: Hill("x", True, 0.0, 1.0).heights([0.0], "pixels"), "scale"),
    (lambda: describe_split(None), "split"),
    (lambda: score_traces([]), "splits"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()



def test_lesson_00_prose_quotes_the_explorer():
    text = notebook_markdown("00_start_here")
    e = ScoreExplorer()
    model = ScoreModel.from_auc(SCORE_DEFAULTS["auc"])
    t = SCORE_DEFAULTS["threshold"]
    assert_says(text, f"an AUC of {SCORE_DEFAULTS['auc']:.2f} and a threshold of {t:.2f} give a sensitivity of "
                      f"about {pct(float(model.sensitivity_at(t)))} and a specificity of about "
                      f"{pct(float(model.specificity_at(t)))}",
                f"the same {e.counts.population:,.0f} people",
                f"The need-help hill shrinks to {1000 * 0.01:.0f} people")
    e.set_values(prevalence=0.01)
    assert e.counts.fp > 5 * e.counts.tp  # "how small the blue area now is next to the orange one"


# -- reuse in lessons 01, 06 and 07 ------------------------------------------------------------------

def test_lesson_01_crisis_hills_match_the_handoff_explorer():
    from lessons import lesson_01 as L

    e = L.CrisisScoreExplorer()
    handoff = L.CrisisHandoffExplorer()
    assert e.counts.fn == pytest.approx(handoff.compute(**handoff.values()).missed_now)
    assert e.counts.fp == pytest.approx(handoff.compute(**handoff.values()).false_alarms_now)
    assert e.counts.fn == pytest.approx(L.MISSED_AT_DEFAULT)
    before = e.text.value
    e.controls["threshold"].value = 1.0
    handoff.controls["threshold"].value = 1.0
    assert e.text.value != before
    assert e.counts.fp == pytest.approx(handoff.compute(**handoff.values()).false_alarms_now)
    need = e.splits[0].need
    assert need.size == pytest.approx(15) and e.scale == "share"
    areas = areas_of(e.figure)  # share scale: each hill's area is 1, here in units of BIN
    assert areas["correctly flagged"] + areas["missed"] == pytest.approx(1.0, rel=1e-3)
    assert areas["missed"] == pytest.approx(1 - upper_tail(1.0 - need.centre), rel=2e-3)


def test_lesson_06_group_hills_match_the_group_gap_explorer():
    from lessons import lesson_06 as L

    e = L.GroupHillsExplorer()
    gap = L.GroupGapExplorer(offset_b=L.HILLS_OFFSET_B)
    report = gap.compute(**gap.values()).report
    for split, outcome in zip(e.splits, report.outcomes):
        assert split.counts.tp == pytest.approx(outcome.counts.tp)
        assert split.counts.fp == pytest.approx(outcome.counts.fp)
    a, b = e.splits
    assert b.no_need.centre == pytest.approx(a.no_need.centre + L.HILLS_OFFSET_B)
    assert b.counts.sensitivity.value < a.counts.sensitivity.value


def test_lesson_06_own_threshold_moved_by_the_offset_equalises_both_rates():
    """In the offset model, group B's threshold lowered by the offset gives the same sensitivity and
    false-alarm rate (closed forms); with unequal prevalence the PPVs then differ (predictive parity fails)."""
    from lessons import lesson_06 as L

    t, off = L.THRESHOLD, L.HILLS_OFFSET_B
    a, b = L.group_hills(t, off, t + off)
    assert a.counts.sensitivity.value == pytest.approx(b.counts.sensitivity.value, rel=1e-9)
    assert a.counts.specificity.value == pytest.approx(b.counts.specificity.value, rel=1e-9)
    a, b = L.group_hills(t, off, t + off, prevalence_b=0.14)
    assert a.counts.sensitivity.value == pytest.approx(b.counts.sensitivity.value, rel=1e-9)
    assert b.counts.ppv.value > a.counts.ppv.value + 0.1
    e = L.GroupHillsExplorer(own_threshold=True)
    assert e.values()["threshold_b"] == round(t + off, 2)
    assert "Equal opportunity asks for the same sensitivity" in e.text.value


def test_lesson_07_month_hills_match_the_drift_explorer():
    from lessons import lesson_07 as L

    e = L.MonthHillsExplorer()
    drift = L.DriftExplorer()
    timeline = drift.compute(**drift.values()).expected
    assert e.counts == timeline.counts[-1]
    centres = []
    for month in (1, L.DEFAULT_ONSET, L.DEFAULT_ONSET + 1, 18):
        e.controls["month"].value = month
        assert e.counts == timeline.counts[month - 1]
        assert f"Month {month}:" in e.text.value
        centres.append(e.splits[0].need.centre)
    assert centres[0] == centres[1] == pytest.approx(L.LAUNCH_SEPARATION)
    assert centres[2] == pytest.approx(L.LAUNCH_SEPARATION - L.DEFAULT_LOSS)
    assert centres[3] == pytest.approx(L.LAUNCH_SEPARATION - L.DEFAULT_LOSS * (18 - L.DEFAULT_ONSET))
    assert e.splits[0].no_need.centre == 0.0
    assert_says(notebook_markdown("07_watching_carefully"), f"until month {L.DEFAULT_ONSET} the hills stay as validated")
