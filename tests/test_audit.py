"""Monitoring a deployment: audits, the p-chart and its exact alarm chances, the scorecard."""

import math

import numpy as np
import pytest

from lessons.engine.audit import (
    AuditDraws,
    GroupSplit,
    PChart,
    ReviewPolicy,
    alarm_probability,
    binomial_pmf,
    deployment_scorecard,
    describe_chart,
    describe_scorecard,
    detection_curve,
    false_alarm_chance,
    monthly_hours,
    review_slots,
    run_audits,
)
from lessons.engine.drift import CohortDraws, DriftPlan, expected_timeline, launch_operating_point, simulate_timeline
from lessons.engine.subgroups import compare_groups

D0, T0 = launch_operating_point(0.88, 0.85)
CHART = PChart(baseline=0.12)


def plan(loss=0.0, onset=0, months=24, change=0.0):
    return DriftPlan(D0, loss, 0.10, change, onset, months)


# -- audits -----------------------------------------------------------------------------------

def test_audit_counts_add_up_to_the_sample_each_month():
    sim = simulate_timeline(plan(0.05, 6), T0, 2000, seed=1)
    record = run_audits(sim, 250, seed=2)
    assert record.sample_size == 250
    assert all(c.population == 250 for c in record.counts)
    assert list(record.months) == list(range(1, 25))
    assert record.pooled().population == 250 * 24


def test_auditing_everyone_measures_the_cohort_exactly():
    sim = simulate_timeline(plan(0.05, 6), T0, 500, seed=1)
    record = run_audits(sim, 500, seed=9)
    assert record.counts == sim.counts


def test_a_bigger_audit_keeps_the_people_of_a_smaller_one():
    sim = simulate_timeline(plan(), T0, 2000, seed=4)
    draws = AuditDraws(24, 2000, seed=5)
    small, big = draws.audit(sim, 100), draws.audit(sim, 300)
    for s, b in zip(small.counts, big.counts):
        assert b.tp >= s.tp and b.fn >= s.fn and b.fp >= s.fp and b.tn >= s.tn


def test_audits_are_seeded():
    sim = simulate_timeline(plan(), T0, 1000, seed=4)
    assert run_audits(sim, 100, seed=3).counts == run_audits(sim, 100, seed=3).counts
    assert run_audits(sim, 100, seed=3).counts != run_audits(sim, 100, seed=4).counts


def test_audit_estimates_are_unbiased_over_seeds():
    """Mean of the monthly measured sensitivity and PPV over many seeds equals the closed form."""
    p = plan()
    exact = expected_timeline(p, T0, 1000).counts[0]
    sens, ppv = [], []
    for seed in range(150):
        sim = CohortDraws(24, 1000, seed).realise(p, T0)
        record = AuditDraws(24, 1000, 10_000 + seed).audit(sim, 200)
        sens += [r.value for r in record.sensitivity if r.defined]
        ppv += [r.value for r in record.ppv if r.defined]
    for values, truth in ((sens, exact.sensitivity.value), (ppv, exact.ppv.value)):
        values = np.array(values)
        se = values.std(ddof=1) / math.sqrt(values.size)
        assert abs(values.mean() - truth) < 4 * se, (values.mean(), truth, se)
    # the monthly estimate is noisy: about 20 audited people in need a month
    assert np.std(sens) > 0.05


def _hypergeometric_z(timeline, record):
    """(observed - expected) / SD of the number in need among audited people, summed over months.

    Given month m's cohort of N people with K in need, a random sample of k holds a
    Hypergeometric(N, K, k) number in need: mean kK/N, variance k (K/N)(1 - K/N)(N - k)/(N - 1).
    Months are independent, so the sums of means and variances give one z-score.
    """
    n = timeline.people_per_month
    k = record.sample_size
    in_need = timeline.who_needs_help.sum(axis=1)
    share = in_need / n
    mean = (k * share).sum()
    var = (k * share * (1 - share) * (n - k) / (n - 1)).sum()
    return (record.audited_in_need.sum() - mean) / math.sqrt(var)


@pytest.mark.parametrize("cohort_seed, audit_seed", [(7, 7), (0, 0), (1, 1), (2024, 2024), (3, 4), (4, 3),
                                                     (2**32 - 1, 2**32 - 1), (0, 2**32 - 1)])
def test_audits_are_random_samples_for_every_seed_pairing(cohort_seed, audit_seed):
    """Equal seeds included: the audit's stream is not the cohort's, so who is audited is independent of need."""
    sim = simulate_timeline(plan(0.05, 6), T0, 2000, seed=cohort_seed)
    record = run_audits(sim, 250, seed=audit_seed)
    assert abs(_hypergeometric_z(sim, record)) < 4.5  # about 1 chance in 150,000 per pairing


def test_audits_with_equal_seeds_are_hypergeometric_in_distribution():
    """Over 40 equal-seed pairings the monthly z-scores of audited people in need are standard normal."""
    sim_z = []
    for seed in range(40):
        sim = simulate_timeline(plan(), T0, 500, seed=seed)
        record = run_audits(sim, 100, seed=seed)
        sim_z.append(_hypergeometric_z(sim, record))
    z = np.array(sim_z)
    # mean of 40 standard normals has SD 1/sqrt(40); their sum of squares is chi-square with 40 df
    assert abs(z.mean()) < 4 / math.sqrt(40)
    assert 15 < float((z ** 2).sum()) < 75  # chi-square(40): both tails below 0.001


def test_no_audit_measures_nothing_and_says_so():
    sim = simulate_timeline(plan(0.05, 6), T0, 1000, seed=1)
    result = CHART.apply(run_audits(sim, 0))
    assert result.first_alarm is None
    assert all(r is None for r in result.miss_rate) and all(v is None for v in result.limit)
    assert "nothing was measured" in describe_chart(result, 6)


# -- the p-chart ---------------------------------------------------------------------------------

def test_control_limit_is_baseline_plus_three_standard_errors():
    assert CHART.limit(20) == pytest.approx(0.12 + 3 * math.sqrt(0.12 * 0.88 / 20))
    assert CHART.limit(0) is None
    assert CHART.limit(1) == 1.0  # capped: one audited person can never raise an alarm
    assert CHART.limits([20, 50]) == pytest.approx([CHART.limit(20), CHART.limit(50)])
    assert PChart(0.0).limit(10) == 0.0
    assert CHART.design_false_alarm_rate == pytest.approx(0.00135, abs=1e-5)


def test_chart_flags_months_above_the_limit():
    sim = simulate_timeline(plan(0.3, 6), T0, 2000, seed=8)
    result = CHART.apply(run_audits(sim, 300, seed=1))
    for month, rate, lim in zip(result.months, result.miss_rate, result.limit):
        assert (month in result.alarms) == (rate is not None and rate > lim)
    assert result.first_alarm == result.alarms[0]


def test_binomial_pmf_is_a_distribution_with_the_right_mean():
    pmf = binomial_pmf(40, 0.3)
    assert pmf.sum() == pytest.approx(1.0)
    assert np.dot(np.arange(41), pmf) == pytest.approx(12.0)
    assert pmf[3] == pytest.approx(math.comb(40, 3) * 0.3**3 * 0.7**37)
    assert list(binomial_pmf(3, 0.0)) == [1, 0, 0, 0] and list(binomial_pmf(3, 1.0)) == [0, 0, 0, 1]


def brute_force_alarm_probability(chart, q, p, n):
    total = 0.0
    for k in range(1, n + 1):
        pk = math.comb(n, k) * p**k * (1 - p) ** (n - k)
        lim = chart.limit(k)
        for x in range(k + 1):
            if x / k > lim + 1e-12:
                total += pk * math.comb(k, x) * q**x * (1 - q) ** (k - x)
    return total


@pytest.mark.parametrize("q,p,n", [(0.12, 0.1, 30), (0.3, 0.2, 25), (0.12, 0.5, 12), (0.0, 0.1, 20), (1.0, 0.1, 20)])
def test_exact_alarm_probability_matches_brute_force_enumeration(q, p, n):
    assert alarm_probability(CHART, q, p, n) == pytest.approx(brute_force_alarm_probability(CHART, q, p, n),
                                                              abs=1e-12)


def test_without_drift_false_alarms_occur_at_the_exact_design_rate():
    """Over many seeded runs without drift, the share of months with an alarm matches the exact rate."""
    p = plan()
    rate = alarm_probability(CHART, 0.12, 0.10, 200)
    alarms = months = 0
    for seed in range(300):
        sim = CohortDraws(24, 1000, seed).realise(p, T0)
        result = CHART.apply(AuditDraws(24, 1000, 50_000 + seed).audit(sim, 200))
        alarms += len(result.alarms)
        months += 24
    expected = rate * months
    assert abs(alarms - expected) < 4 * math.sqrt(expected), (alarms, expected)
    # in expectation no alarm: well under 1% of months, though above the normal approximation's 0.135%
    assert CHART.design_false_alarm_rate < rate < 0.01
    assert false_alarm_chance(CHART, 0.10, 200, 24) == pytest.approx(1 - (1 - rate) ** 24)
    assert detection_curve(p, T0, 200, CHART)[-1] == pytest.approx(1 - (1 - rate) ** 24)


def test_strong_drift_is_detected_within_a_few_months():
    p = plan(loss=0.3, onset=6)
    delays = []
    for seed in range(60):
        sim = CohortDraws(24, 2000, seed).realise(p, T0)
        first = CHART.apply(AuditDraws(24, 2000, 70_000 + seed).audit(sim, 300)).first_alarm
        delays.append(99 if first is None else first - 6)
    assert np.median(delays) <= 3
    assert np.mean(np.array(delays) <= 5) > 0.9
    curve = detection_curve(p, T0, 300, CHART)
    assert curve[6 + 3 - 1] > 0.5  # closed form agrees: more likely than not by 3 months
    # the simulated share detected within 3 months matches the closed form
    within = np.mean([0 < d <= 3 for d in delays]) + np.mean([d <= 0 for d in delays])
    exact = curve[8]
    assert abs(within - exact) < 4 * math.sqrt(exact * (1 - exact) / 60) + 0.02


def test_bigger_audits_detect_slow_drift_sooner_in_closed_form():
    p = plan(loss=0.05, onset=6)
    by_month_18 = [detection_curve(p, T0, n, CHART)[17] for n in (100, 200, 400, 800)]
    assert by_month_18 == sorted(by_month_18)
    assert by_month_18[-1] > 0.99 and by_month_18[0] < 0.6


def test_a_prevalence_shift_alone_does_not_move_the_miss_rate_chart():
    p = plan(change=-0.002, onset=0)
    curve = detection_curve(p, T0, 200, CHART)
    tl = expected_timeline(p, T0, 1000)
    assert tl.series("undertriage") == pytest.approx([0.12] * 24)
    assert tl.series("ppv")[-1] < tl.series("ppv")[0] - 0.1
    assert curve[-1] < 0.15  # only the chart's own false alarms


def test_chart_text_twin_names_the_first_alarm_and_the_delay():
    sim = simulate_timeline(plan(0.3, 6), T0, 2000, seed=8)
    result = CHART.apply(run_audits(sim, 300, seed=1))
    text = describe_chart(result, 6)
    assert f"First alarm in month {result.first_alarm}" in text
    assert f"{result.first_alarm - 6} month" in text


def test_bad_chart_input_is_refused():
    with pytest.raises(ValueError, match=r"sigmas must be a number in \[1, 6\]; got 0.5"):
        PChart(0.1, 0.5)
    with pytest.raises(ValueError, match="baseline must be from 0 to 1; got 1.5"):
        PChart(1.5)
    with pytest.raises(ValueError, match="sample_size must be a whole number from 0 to 1,000"):
        run_audits(simulate_timeline(plan(), T0, 1000, seed=1), 1001)
    with pytest.raises(ValueError, match="miss_rate must be from 0 to 1"):
        alarm_probability(CHART, 2.0, 0.1, 10)
    with pytest.raises(ValueError, match="timeline must be a SimulatedTimeline"):
        run_audits(expected_timeline(plan(), T0), 10)


# -- scorecard ------------------------------------------------------------------------------------

def test_scorecard_numbers_add_up_and_match_closed_forms():
    p = plan(0.05, 6)
    policy = ReviewPolicy(second_look_share=0.1, audit_sample=200, hours_per_review=0.5, hours_per_audit=0.75,
                          hours_budget=450)
    card = deployment_scorecard(p, T0, policy, 2000)
    tl = expected_timeline(p, T0, 2000)
    total = tl.total()
    assert card.people_screened == pytest.approx(48_000)
    assert card.need_help == pytest.approx(4_800)
    assert card.helped + card.missed == pytest.approx(card.need_help)
    assert card.correctly_flagged == pytest.approx(total.tp)
    assert card.caught_by_second_look == pytest.approx(0.1 * total.fn)
    assert card.caught_by_audit == pytest.approx(0.9 * total.fn * 0.1)  # 200 of 2,000 audited
    assert card.missed == pytest.approx(total.fn * 0.9 * 0.9)
    assert card.false_alarms == pytest.approx(48_000 * 0.9 * 0.15)
    assert card.reviews == pytest.approx(card.flagged + card.second_looks)
    assert card.second_looks == pytest.approx(0.1 * (total.fn + total.tn))
    assert card.clinician_hours == pytest.approx(card.review_hours + card.audit_hours)
    assert card.review_hours == pytest.approx(0.5 * card.reviews)
    assert card.audit_hours == pytest.approx(0.75 * 200 * 24)
    assert sum(card.hours_by_month) == pytest.approx(card.clinician_hours)
    assert list(card.hours_by_month) == pytest.approx(list(monthly_hours(tl, policy)))


def test_reviewing_everyone_or_auditing_everyone_leaves_nobody_missed():
    p = plan(0.05, 6)
    assert deployment_scorecard(p, T0, ReviewPolicy(second_look_share=1.0), 2000).missed == pytest.approx(0)
    assert deployment_scorecard(p, T0, ReviewPolicy(audit_sample=2000), 2000).missed == pytest.approx(0)


def test_over_budget_months_build_a_queue_and_within_budget_nobody_waits():
    p = plan(0.05, 6)
    rich = deployment_scorecard(p, T0, ReviewPolicy(hours_budget=10_000), 2000)
    assert rich.months_over_budget == 0 and rich.waiting_in_need == pytest.approx(0)
    assert "nobody waits" in describe_scorecard(rich)
    poor = deployment_scorecard(p, T0, ReviewPolicy(hours_budget=250), 2000)
    assert poor.months_over_budget == 24
    assert poor.waiting_in_need > 0 and poor.mean_wait_months > 0
    assert "still waiting" in describe_scorecard(poor)
    assert review_slots(ReviewPolicy(hours_budget=250, audit_sample=200)) == 200  # (250 - 150) / 0.5
    assert review_slots(ReviewPolicy(hours_budget=100, audit_sample=200)) == 0
    nothing = deployment_scorecard(p, T0, ReviewPolicy(hours_budget=0, audit_sample=0), 2000)
    assert nothing.waiting_in_need == pytest.approx(nothing.correctly_flagged)
    assert nothing.mean_wait_months is None


def test_group_gap_matches_the_subgroups_engine_month_by_month():
    p = plan(0.05, 6)
    split = GroupSplit(share_b=0.3, separation_shortfall=0.5)
    card = deployment_scorecard(p, T0, ReviewPolicy(), 2000, split)
    sums = {"Group A": [0.0, 0.0], "Group B": [0.0, 0.0]}
    for d, prev in zip(p.separation_by_month(), p.prevalence_by_month()):
        report = compare_groups(split.groups_in_month(float(d), float(prev)), T0, 2000)
        for o in report.outcomes:
            sums[o.name][0] += o.counts.fn
            sums[o.name][1] += o.counts.need_help
    a, b = card.group_miss_rates
    assert a.value == pytest.approx(sums["Group A"][0] / sums["Group A"][1])
    assert b.value == pytest.approx(sums["Group B"][0] / sums["Group B"][1])
    assert card.group_miss_gap == pytest.approx(b.value - a.value)
    assert card.group_gap.value == pytest.approx(card.group_miss_gap)
    assert card.group_gap.lowest == "Group B"


def test_group_gap_edge_cases_are_defined_in_words():
    p = plan(0.05, 6)
    equal = deployment_scorecard(p, T0, ReviewPolicy(), 2000, GroupSplit(0.3, 0.0))
    assert equal.group_miss_gap == pytest.approx(0.0)
    alone = deployment_scorecard(p, T0, ReviewPolicy(), 2000, GroupSplit(0.0, 0.5))
    assert alone.group_miss_gap is None and not alone.group_gap.defined
    assert "undefined" in describe_scorecard(alone)


def test_prevalence_zero_gives_defined_words_not_nan():
    card = deployment_scorecard(DriftPlan(D0, 0.05, 0.0, 0.0, 6, 12), T0, ReviewPolicy(), 1000)
    assert card.need_help == 0 and card.missed_share.value is None
    text = describe_scorecard(card)
    assert "undefined: nobody needed help" in text and "nan" not in text.lower()


def test_trauma_benchmark_check():
    p = plan()
    default = deployment_scorecard(p, T0, ReviewPolicy(), 2000)
    assert default.meets_trauma_benchmark() == (False, False)  # 12% missed, 60.5% overtriage
    assert default.overtriage.value == pytest.approx(0.605, abs=0.001)
    wide = deployment_scorecard(p, -0.5, ReviewPolicy(), 2000)
    assert wide.meets_trauma_benchmark()[0] is True


def test_bad_policy_is_refused_with_the_parameter_and_range():
    with pytest.raises(ValueError, match="second_look_share must be from 0 to 1; got 1.5"):
        ReviewPolicy(second_look_share=1.5)
    with pytest.raises(ValueError, match=r"hours_per_review must be a number in \[0, 10\]"):
        ReviewPolicy(hours_per_review=-1)
    with pytest.raises(ValueError, match="audit_sample must be from 0 to 1,000"):
        deployment_scorecard(plan(), T0, ReviewPolicy(audit_sample=1500), 1000)
    with pytest.raises(ValueError, match="policy must be a ReviewPolicy"):
        deployment_scorecard(plan(), T0, "all flags", 1000)
    with pytest.raises(ValueError, match=r"separation_shortfall must be a number in \[0, 8\]"):
        GroupSplit(0.3, -1)
