"""The monitoring engine: weekly scores, the alert rule, lead time, ROC and review capacity."""

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.engine.monitoring import (
    CLEAR_RISE,
    MAX_SCORE,
    PEAK_HIGH,
    PEAK_LOW,
    apply_rule,
    clinicians_needed,
    describe_detection,
    describe_load,
    describe_roc,
    describe_sweep,
    review_load,
    roc_curve,
    run_monitoring,
    running_max,
    simulate_cohort,
    smoothed_change,
    summary,
    threshold_sweep,
)

NAN = re.compile(r"\bnan\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def cohort():
    return simulate_cohort(1_000, 26, seed=7)


# -- the cohort -------------------------------------------------------------------------------

def test_same_seed_gives_the_same_cohort_and_another_seed_does_not():
    a, b, c = simulate_cohort(300, 20, 11), simulate_cohort(300, 20, 11), simulate_cohort(300, 20, 12)
    for name in ("draw", "baseline", "onset", "rise", "peak", "noise_draws"):
        assert np.array_equal(getattr(a, name), getattr(b, name))
    assert np.array_equal(a.reported_scores(0.2, 2.0), b.reported_scores(0.2, 2.0))
    assert not np.array_equal(a.reported_scores(0.2, 2.0), c.reported_scores(0.2, 2.0))


def test_reported_scores_are_whole_points_from_0_to_27(cohort):
    scores = cohort.reported_scores(0.3, 6.0)
    assert scores.shape == (1_000, 26)
    assert scores.min() >= 0 and scores.max() <= MAX_SCORE
    assert np.array_equal(scores, np.rint(scores))


def test_share_deteriorating_picks_patients_by_their_fixed_draw(cohort):
    small, large = cohort.deteriorates(0.1), cohort.deteriorates(0.3)
    assert np.all(large[small]), "common random numbers: raising the share only adds patients"
    assert abs(small.mean() - 0.1) < 0.03
    assert not cohort.deteriorates(0.0).any() and cohort.deteriorates(1.0).all()


def test_noise_free_trajectories_follow_the_illustrative_model(cohort):
    week = np.arange(cohort.weeks)
    stable = cohort.true_stable
    assert np.all(np.diff(stable, axis=1) <= 1e-6), "patients who do not deteriorate never get worse"
    worse = cohort.true_deteriorating
    before = week[None, :] < cohort.onset[:, None]
    assert np.allclose(np.where(before, worse, 0), np.where(before, stable, 0))
    top = worse.max(axis=1) - cohort.baseline
    assert np.all(top <= cohort.peak + 1e-4), "a deterioration levels off at its peak"
    assert np.all((cohort.peak >= PEAK_LOW) & (cohort.peak <= PEAK_HIGH))
    assert np.all(worse <= MAX_SCORE)


@settings(max_examples=30, deadline=None)
@given(weeks=st.integers(16, 52), seed=st.integers(0, 2**32 - 1))
def test_every_deterioration_becomes_clear_within_follow_up(weeks, seed):
    c = simulate_cohort(200, weeks, seed)
    clear = c.clear_week(1.0)
    assert np.all(clear >= c.onset) and np.all(clear < weeks)
    rounded = np.rint(c.true_deteriorating)
    rows = np.arange(200)
    assert np.all(rounded[rows, clear] - rounded[:, 0] >= CLEAR_RISE)
    assert np.all(rounded[rows, clear - 1] - rounded[:, 0] < CLEAR_RISE)


def test_scores_are_cached_per_setting(cohort):
    assert cohort.scores(0.1, 2.0, 1) is cohort.scores(0.1, 2.0, 1)
    assert cohort.scores(0.1, 2.0, 1) is not cohort.scores(0.1, 2.0, 2)


# -- the rule ---------------------------------------------------------------------------------

def test_smoothed_change_is_the_average_of_the_last_weeks_minus_week_0():
    reported = np.array([[10, 12, 14, 9, 20, 11]], dtype=np.float32)
    assert smoothed_change(reported, 1).tolist() == [[2, 4, -1, 10, 1]]
    expected = [np.mean([12]), np.mean([12, 14]), np.mean([12, 14, 9]), np.mean([14, 9, 20]), np.mean([9, 20, 11])]
    assert smoothed_change(reported, 3)[0] == pytest.approx(np.array(expected) - 10)
    assert smoothed_change(reported, 8)[0] == pytest.approx(np.cumsum([12, 14, 9, 20, 11]) / np.arange(1, 6) - 10)


def test_running_max_matches_numpy(cohort):
    values = cohort.scores(0.2, 3.0, 2).change
    assert np.array_equal(running_max(values), np.maximum.accumulate(values, axis=1))


def test_with_no_noise_a_perfect_rule_detects_every_deterioration_and_nothing_else(cohort):
    scores = cohort.scores(0.25, 0.0, 1)
    for threshold in (0.5, 1.0, 3.0, CLEAR_RISE):
        o = apply_rule(scores, threshold)
        assert o.counts.fn == 0 and o.counts.fp == 0
        assert o.counts.tp == scores.deteriorates.sum() > 0
        assert o.false_alerts.sum() == 0


def test_with_no_noise_a_threshold_at_the_clear_rise_alerts_exactly_when_it_is_clear(cohort):
    o = apply_rule(cohort.scores(0.25, 0.0, 1), CLEAR_RISE)
    worse = cohort.deteriorates(0.25)
    assert np.array_equal(o.alert_week[worse], cohort.clear_week(0.25)[worse])
    assert np.all(o.lead_time == 0)
    early = apply_rule(cohort.scores(0.25, 0.0, 1), 2.0)
    assert np.all(early.lead_time >= 0) and early.lead_time.mean() > 0


@pytest.mark.parametrize("noise,window,threshold", [(2.0, 1, 5.0), (3.5, 2, 4.0), (1.0, 3, 7.5)])
def test_first_alert_after_onset_matches_a_week_by_week_search(cohort, noise, window, threshold):
    scores = cohort.scores(0.3, noise, window)
    o = apply_rule(scores, threshold)
    for p in np.flatnonzero(scores.deteriorates)[:80]:
        onset = cohort.onset[p]
        hits = [w for w in range(onset, cohort.weeks) if scores.change[p, w - 1] >= threshold]
        assert o.alert_week[p] == (hits[0] if hits else -1)
    d = o.detected
    assert np.all(o.alert_week[d] >= cohort.onset[d])
    assert np.array_equal(o.weeks_after_onset, o.alert_week[d] - cohort.onset[d])
    assert np.array_equal(o.lead_time, scores.clear_week[d] - o.alert_week[d])
    assert np.all(o.alert_week[~scores.deteriorates] == -1)


@settings(max_examples=60, deadline=None)
@given(share=st.floats(0, 1), noise=st.floats(0, 10), window=st.integers(1, 8), threshold=st.floats(0, 27))
def test_counts_add_up_and_alerts_never_exceed_patients(share, noise, window, threshold):
    c = simulate_cohort(150, 18, seed=3)
    scores = c.scores(share, noise, window)
    o = apply_rule(scores, threshold)
    worse = int(scores.deteriorates.sum())
    assert o.counts.tp + o.counts.fn == worse
    assert o.counts.fp + o.counts.tn == 150 - worse
    assert np.all(o.alerts <= 150) and np.all(o.alerts >= 0)
    assert np.all(o.true_alerts <= worse)
    assert np.array_equal(o.alerts, o.alert_matrix.sum(axis=0))
    assert o.counts.fp == int(np.count_nonzero(o.alert_matrix[~scores.deteriorates].any(axis=1)))


@settings(max_examples=40, deadline=None)
@given(low=st.floats(0, 27), high=st.floats(0, 27))
def test_raising_the_threshold_never_catches_more(cohort, low, high):
    low, high = min(low, high), max(low, high)
    scores = cohort.scores(0.15, 2.5, 1)
    a, b = apply_rule(scores, low), apply_rule(scores, high)
    assert b.counts.tp <= a.counts.tp and b.counts.fp <= a.counts.fp
    assert np.all(b.alerts <= a.alerts)


def test_smoothing_removes_false_alarms_but_detects_later(cohort):
    one = apply_rule(cohort.scores(0.15, 2.5, 1), 5.0)
    three = apply_rule(cohort.scores(0.15, 2.5, 3), 5.0)
    assert three.counts.fp < one.counts.fp
    assert np.median(three.weeks_after_onset) >= np.median(one.weeks_after_onset)


# -- ROC ----------------------------------------------------------------------------------------

def test_roc_points_equal_the_rule_at_each_threshold(cohort):
    scores = cohort.scores(0.2, 2.0, 1)
    roc = roc_curve(scores)
    assert (roc.false_alert_rate[0], roc.sensitivity[0]) == (0.0, 0.0)
    assert np.all(np.diff(roc.false_alert_rate) >= 0) and np.all(np.diff(roc.sensitivity) >= 0)
    usable = [k for k in range(1, roc.thresholds.size) if 0 <= roc.thresholds[k] <= MAX_SCORE]
    assert len(usable) > 10
    for k in usable:
        c = apply_rule(scores, float(roc.thresholds[k])).counts
        assert roc.sensitivity[k] == pytest.approx(c.sensitivity.value)
        assert roc.false_alert_rate[k] == pytest.approx(1 - c.specificity.value)
    assert 0.5 < roc.area() <= 1.0
    assert scores.roc() is scores.roc()


def test_roc_area_of_a_noise_free_rule_is_one_and_of_pure_noise_near_a_half():
    c = simulate_cohort(2_000, 26, seed=5)
    assert roc_curve(c.scores(0.2, 0.0, 1)).area() == pytest.approx(1.0)
    # With huge noise the rule still sees something, but far less: the area drops well below the noise-free one.
    assert roc_curve(c.scores(0.2, 10.0, 1)).area() < 0.8


def test_roc_is_undefined_in_words_when_a_group_is_empty(cohort):
    roc = roc_curve(cohort.scores(0.0, 2.0, 1))
    assert roc.area() is None and roc.undefined == "nobody deteriorated"
    result = run_monitoring(cohort, share=0.0)
    assert "nobody deteriorated, so it cannot be drawn" in describe_roc(result)
    assert run_monitoring(cohort, share=1.0).roc.undefined == "everybody deteriorated"


# -- review capacity -----------------------------------------------------------------------------

def test_review_load_matches_the_closed_form():
    load = review_load([0, 5, 12, 30], clinicians=2, reviews_per_clinician=6)
    assert load.capacity == 12
    assert load.reviewed.tolist() == [0, 5, 12, 12]
    assert load.unreviewed.tolist() == [0, 0, 0, 18]
    assert load.share_reviewed.tolist() == [1.0, 1.0, 1.0, 0.4]
    assert load.alerts_per_clinician.tolist() == [0, 2.5, 6, 15]
    assert load.weeks_over_capacity == 1
    assert load.unreviewed_rate.value == pytest.approx(18 / 47)


def test_capacity_zero_reviews_nothing_and_says_so(cohort):
    result = run_monitoring(cohort, reviews_per_clinician=0)
    assert result.load.reviewed.sum() == 0
    assert result.never_reviewed == pytest.approx(result.counts.tp)
    text = describe_load(result)
    assert "no alerts are reviewed" in text and not NAN.search(text)


def test_ample_capacity_reviews_everything(cohort):
    result = run_monitoring(cohort, clinicians=1_000, reviews_per_clinician=10_000)
    assert result.load.unreviewed.sum() == 0 and result.never_reviewed == 0.0
    assert "Every alert is reviewed" in describe_load(result)


def test_expected_never_reviewed_is_the_product_of_weekly_misses(cohort):
    result = run_monitoring(cohort, threshold=5.0, clinicians=1, reviews_per_clinician=20)
    o, load = result.outcome, result.load
    by_hand = 0.0
    for p in np.flatnonzero(o.detected):
        weeks = np.flatnonzero(o.true_alert_matrix[p])
        by_hand += math.prod(1 - load.share_reviewed[w] for w in weeks)
    assert result.never_reviewed == pytest.approx(by_hand)
    assert 0 < result.never_reviewed < o.counts.tp


def test_clinicians_needed_is_the_busiest_week_over_capacity():
    assert clinicians_needed([10, 41, 3], 10) == 5
    assert clinicians_needed([0, 0], 0) == 0
    assert clinicians_needed([3], 0) is None


# -- words, edge cases and bad input --------------------------------------------------------------

def test_summary_of_a_run_gives_the_engine_numbers(cohort):
    result = run_monitoring(cohort, share=0.1, noise=2.0, threshold=5.0, clinicians=5, reviews_per_clinician=25)
    c = result.counts
    text = describe_detection(result)
    assert f"detects {int(c.tp)} of them and misses {int(c.fn)}" in text
    assert f"alerts on {int(c.fp)} of the {int(c.no_need)} patients who do not deteriorate" in text
    assert f"PPV of {c.ppv}" in text
    assert describe_load(result) in summary(result)


def test_nobody_flagged_and_nobody_deteriorating_are_described_in_words(cohort):
    quiet = run_monitoring(cohort, share=0.1, noise=0.0, threshold=27.0)
    assert quiet.counts.flagged == 0
    assert "Nobody is flagged, so the PPV is undefined: nobody was flagged" in describe_detection(quiet)
    assert "No deterioration is detected, so there is no lead time to report" in describe_detection(quiet)
    assert "raises no alerts" in describe_load(quiet)
    none = run_monitoring(cohort, share=0.0)
    assert "sensitivity is undefined: nobody deteriorated" in describe_detection(none)
    everyone = run_monitoring(cohort, share=1.0)
    assert "Every patient deteriorates, so there can be no false alarms" in describe_detection(everyone)
    for r in (quiet, none, everyone):
        assert not NAN.search(summary(r))


def test_threshold_sweep_rows_match_the_rule(cohort):
    rows = threshold_sweep(cohort, [3, 6], share=0.1, noise=2.0)
    for row in rows:
        o = apply_rule(cohort.scores(0.1, 2.0, 1), row.threshold)
        assert row.counts.as_dict() == o.counts.as_dict()
        assert row.alerts_per_week == pytest.approx(o.alerts.mean())
    table = describe_sweep(rows)
    assert table.splitlines()[0].split()[:3] == ["threshold", "detected", "missed"]
    assert len(table.splitlines()) == 4 and "median weeks from onset" in table


@pytest.mark.parametrize("call,message", [
    (lambda: simulate_cohort(0), "patients must be a whole number from 1 to 20,000; got 0"),
    (lambda: simulate_cohort(100, 10), "weeks must be a whole number from 16 to 52; got 10"),
    (lambda: simulate_cohort(100, 20, -1), "seed must be a whole number from 0 to 4,294,967,295; got -1"),
    (lambda: simulate_cohort(100, 20).scores(1.5, 2.0), "share deteriorating must be from 0 to 1; got 1.5"),
    (lambda: simulate_cohort(100, 20).scores(0.1, 11), r"noise must be a number in \[0, 10\]; got 11.0"),
    (lambda: simulate_cohort(100, 20).scores(0.1, 2.0, 0), "window must be a whole number from 1 to 8; got 0"),
    (lambda: run_monitoring(simulate_cohort(100, 20), threshold=-1),
     r"threshold must be a number in \[0, 27\]; got -1.0"),
    (lambda: run_monitoring(simulate_cohort(100, 20), clinicians=0),
     "clinicians must be a whole number from 1 to 1,000; got 0"),
    (lambda: review_load([1, 2], 1, -3), "reviews_per_clinician must be a whole number from 0 to 10,000; got -3"),
    (lambda: review_load([1, -2], 1, 3), "alerts values must be whole numbers of at least 0; got -2.0"),
])
def test_bad_input_names_the_parameter_value_and_range(call, message):
    with pytest.raises(ValueError, match=message):
        call()
