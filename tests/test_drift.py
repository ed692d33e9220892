"""Performance over time: closed forms, the seeded monthly cohorts, and bad input."""

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.engine.drift import (
    CohortDraws,
    DriftPlan,
    SimulatedTimeline,
    describe_drift,
    expected_timeline,
    launch_operating_point,
    monthly_counts,
    simulate_timeline,
)

PHI = NormalDist().cdf


def bayes_ppv(p, sens, spec):
    return p * sens / (p * sens + (1 - p) * (1 - spec))


def test_the_phq9_launch_point_is_reproduced_in_month_one():
    d, t = launch_operating_point(0.88, 0.85)
    assert d == pytest.approx(NormalDist().inv_cdf(0.88) + NormalDist().inv_cdf(0.85))
    assert t == pytest.approx(NormalDist().inv_cdf(0.85))
    first = expected_timeline(DriftPlan(d, 0.05, 0.10, 0.0, 6, 24), t, 10_000).counts[0]
    assert first.sensitivity.value == pytest.approx(0.88)
    assert first.specificity.value == pytest.approx(0.85)
    assert first.ppv.value == pytest.approx(0.395, abs=0.001)  # 880 / 2,230, as in lesson 00


def test_monthly_rates_follow_the_binormal_closed_forms():
    plan = DriftPlan(separation_at_launch=2.2, separation_loss=0.07, prevalence_at_launch=0.12,
                     prevalence_change=-0.002, onset=4, months=18)
    t = 0.9
    tl = expected_timeline(plan, t, 5000)
    for month, counts in zip(tl.months, tl.counts):
        drifted = max(0, month - 4)
        d = max(0.0, 2.2 - 0.07 * drifted)
        p = 0.12 - 0.002 * drifted
        sens, spec = 1 - PHI(t - d), PHI(t)
        assert counts.sensitivity.value == pytest.approx(sens, rel=1e-9)
        assert counts.specificity.value == pytest.approx(spec, rel=1e-9)
        assert counts.prevalence.value == pytest.approx(p, rel=1e-9)
        assert counts.ppv.value == pytest.approx(bayes_ppv(p, sens, spec), rel=1e-9)
        assert counts.flag_rate.value == pytest.approx(p * sens + (1 - p) * (1 - spec), rel=1e-9)
        assert counts.population == pytest.approx(5000)
    assert tl.auc[0] == pytest.approx(PHI(2.2 / math.sqrt(2)))


def test_with_a_fixed_threshold_drift_lowers_sensitivity_and_ppv_but_not_specificity():
    d, t = launch_operating_point(0.88, 0.85)
    tl = expected_timeline(DriftPlan(d, 0.05, 0.10, 0.0, 6, 24), t, 2000)
    sens = tl.series("sensitivity")
    assert sens[:6] == pytest.approx([0.88] * 6)
    assert all(a > b for a, b in zip(sens[6:], sens[7:]))
    assert tl.series("specificity") == pytest.approx([0.85] * 24)
    assert tl.series("ppv")[-1] < tl.series("ppv")[0]
    assert tl.missed[-1] > 3 * tl.missed[0]
    assert tl.false_alarms == pytest.approx([270.0] * 24)


def test_no_drift_means_every_month_is_the_same_and_is_described_as_such():
    plan = DriftPlan(2.0, 0.3, 0.1, 0.01, onset=12, months=12)
    assert not plan.has_drift
    tl = expected_timeline(plan, 1.0, 1000)
    assert len(set(tl.counts)) == 1
    assert "Nothing drifts" in describe_drift(tl)


def test_separation_and_prevalence_stay_within_their_ranges():
    plan = DriftPlan(1.0, 0.5, 0.02, -0.01, onset=0, months=10)
    assert plan.separation_by_month().min() == 0.0
    assert plan.prevalence_by_month().min() == 0.0
    tl = expected_timeline(plan, 0.5, 1000)
    last = tl.counts[-1]
    # a useless score flags people in need exactly as often as the others
    assert tl.auc[-1] == pytest.approx(0.5)
    assert last.sensitivity.value is None and str(last.sensitivity) == "undefined: nobody here needs help"
    assert last.ppv.value == 0.0
    assert "undefined: nobody here needs help" in describe_drift(tl)


def test_nobody_flagged_gives_an_undefined_ppv_in_words_not_nan():
    tl = simulate_timeline(DriftPlan(2.0, 0.0, 0.1, 0.0, 0, 3), 10.0, 1000, seed=1)
    assert tl.flagged.sum() == 0
    text = describe_drift(tl)
    assert "PPV undefined: nobody was flagged" in text
    assert all(v is None for v in tl.series("ppv"))
    assert "nan" not in text.lower()


def test_totals_add_up_over_the_months():
    tl = expected_timeline(DriftPlan(2.2, 0.04, 0.1, 0.001, 3, 20), 1.0, 3000)
    total = tl.total()
    assert total.population == pytest.approx(20 * 3000)
    assert total.fn == pytest.approx(tl.missed.sum())
    assert total.fp == pytest.approx(tl.false_alarms.sum())
    assert tl.flagged == pytest.approx(tl.correctly_flagged + tl.false_alarms)


def test_simulation_is_seeded_and_reproducible():
    plan = DriftPlan(2.2, 0.05, 0.1, 0.0, 6, 24)
    a = simulate_timeline(plan, 1.04, 2000, seed=11)
    b = simulate_timeline(plan, 1.04, 2000, seed=11)
    c = simulate_timeline(plan, 1.04, 2000, seed=12)
    assert isinstance(a, SimulatedTimeline)
    assert a.counts == b.counts
    assert a.counts != c.counts
    assert np.array_equal(a.who_is_flagged, b.who_is_flagged)
    assert all(x.population == 2000 for x in a.counts)


def test_simulated_months_scatter_around_the_closed_form():
    plan = DriftPlan(2.2, 0.05, 0.1, 0.0, 6, 24)
    sim = simulate_timeline(plan, 1.04, 50_000, seed=3)
    exact = expected_timeline(plan, 1.04, 50_000)
    for s, e in zip(sim.counts, exact.counts):
        sens = e.sensitivity.value
        se = math.sqrt(sens * (1 - sens) / e.need_help)
        assert abs(s.sensitivity.value - sens) < 5 * se
        spec = e.specificity.value
        assert abs(s.specificity.value - spec) < 5 * math.sqrt(spec * (1 - spec) / e.no_need)
    # pooled over the 24 months the simulated miss count matches the expectation closely
    assert sim.total().fn == pytest.approx(exact.total().fn, rel=0.03)


def test_common_random_numbers_a_lower_threshold_only_adds_flags():
    draws = CohortDraws(12, 3000, seed=5)
    plan = DriftPlan(2.0, 0.05, 0.1, 0.0, 0, 12)
    high, low = draws.realise(plan, 1.2), draws.realise(plan, 0.8)
    assert np.array_equal(high.who_needs_help, low.who_needs_help)
    assert np.all(low.who_is_flagged >= high.who_is_flagged)
    shorter = draws.realise(DriftPlan(2.0, 0.05, 0.1, 0.0, 0, 6), 1.2)
    assert shorter.counts == high.counts[:6]


def test_monthly_counts_counts_each_row():
    need = np.array([[True, True, False, False], [False, False, False, False]])
    flag = np.array([[True, False, True, False], [True, False, False, False]])
    first, second = monthly_counts(need, flag)
    assert (first.tp, first.fn, first.fp, first.tn) == (1, 1, 1, 1)
    assert (second.tp, second.fn, second.fp, second.tn) == (0, 0, 1, 3)
    with pytest.raises(ValueError, match="same shape"):
        monthly_counts(need, flag[:, :3])


@pytest.mark.parametrize("kwargs,message", [
    (dict(separation_loss=1.5), r"separation_loss must be a number in \[0, 1\]; got 1.5"),
    (dict(separation_at_launch=-1), r"separation_at_launch must be a number in \[0, 8\]; got -1.0"),
    (dict(prevalence_at_launch=1.2), "prevalence_at_launch must be from 0 to 1; got 1.2"),
    (dict(prevalence_change=0.2), r"prevalence_change must be a number in \[-0.05, 0.05\]; got 0.2"),
    (dict(months=0), "months must be a whole number from 1 to 60; got 0"),
    (dict(months=12, onset=13), "onset must be a whole number from 0 to 12; got 13"),
])
def test_bad_plans_are_refused_with_the_parameter_value_and_range(kwargs, message):
    with pytest.raises(ValueError, match=message):
        DriftPlan(**kwargs)


def test_other_bad_input_names_the_parameter():
    plan = DriftPlan()
    with pytest.raises(ValueError, match=r"threshold must be a number in \[-20, 20\]; got 25.0"):
        expected_timeline(plan, 25.0)
    with pytest.raises(ValueError, match="people_per_month must be a whole number from 1"):
        expected_timeline(plan, 1.0, 0)
    with pytest.raises(ValueError, match="plan must be a DriftPlan"):
        expected_timeline("plan", 1.0)
    with pytest.raises(ValueError, match="plan.months must be from 1 to 6"):
        CohortDraws(6, 100, 1).realise(DriftPlan(months=12), 1.0)
    with pytest.raises(ValueError, match="name must be one of"):
        expected_timeline(plan, 1.0).rates("recall")
    with pytest.raises(ValueError, match="seed must be a whole number"):
        CohortDraws(6, 100, -1)


@settings(max_examples=60, deadline=None)
@given(d0=st.floats(0, 4), loss=st.floats(0, 0.3), p0=st.floats(0, 1), change=st.floats(-0.02, 0.02),
       onset=st.integers(0, 12), t=st.floats(-3, 4))
def test_any_plan_gives_counts_that_add_up_and_never_nan(d0, loss, p0, change, onset, t):
    plan = DriftPlan(d0, loss, p0, change, onset, 12)
    tl = expected_timeline(plan, t, 1000)
    for c in tl.counts:
        assert c.population == pytest.approx(1000)
        for rate in c.rates().values():
            assert rate.value is None or 0.0 <= rate.value <= 1.0
    sens = [v for v in tl.series("sensitivity") if v is not None]
    assert all(a >= b - 1e-12 for a, b in zip(sens, sens[1:]))  # drift never improves the score
    assert "nan" not in describe_drift(tl).lower()


def test_expected_timeline_agrees_with_the_score_model_month_by_month():
    from lessons.engine.scenario import ScoreModel

    plan = DriftPlan(2.5, 0.08, 0.1, 0.0, 2, 12)
    tl = expected_timeline(plan, 1.3, 1000)
    for d, c in zip(plan.separation_by_month(), tl.counts):
        model = ScoreModel(float(d))
        assert c.sensitivity.value == pytest.approx(float(model.sensitivity_at(1.3)), rel=1e-12)
        assert c.specificity.value == pytest.approx(float(model.specificity_at(1.3)), rel=1e-12)


def test_a_subnormal_prevalence_change_is_read_as_no_change():
    """Regression (hypothesis found it): change 5e-324 from prevalence 0 gave expected counts of a few
    subnormal bits, whose ratio (sensitivity) went 15.9%, 15.8%, 15.9% month to month."""
    plan = DriftPlan(0.0, 0.0, 0.0, 5e-324, 0, 12)
    assert plan.prevalence_change == 0.0 and not plan.has_drift
    tl = expected_timeline(plan, 1.0, 1000)
    assert all(c.sensitivity.value is None for c in tl.counts)
    # a subnormal prevalence reached by cancellation counts as 0 too
    cancelled = DriftPlan(0.0, 0.0, 3e-308, -2.5e-308, 0, 2).prevalence_by_month()
    assert cancelled[0] == 0.0 and cancelled[1] == 0.0
