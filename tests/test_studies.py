"""The validation-study sampler and the closed forms a single accuracy figure hides."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons import Scenario, expected_counts
from lessons.engine.studies import (
    ARTICLE_HIGH,
    ARTICLE_LOW,
    StudyDesign,
    always_no_counts,
    always_no_wins_below,
    binomial_pmf,
    chance_outside,
    chance_to_span,
    chance_words,
    describe_sample,
    expected_accuracy,
    expected_accuracy_variance,
    histogram,
    largest_spanning_study_size,
    log_prevalence_grid,
    predictive_values,
    sampling_sd,
    simulate_studies,
    spread_of,
    study_parameters,
)


def bayes_ppv(p, sens, spec):
    return p * sens / (p * sens + (1 - p) * (1 - spec))


# -- closed forms -------------------------------------------------------------------

def test_expected_accuracy_is_the_prevalence_weighted_average():
    assert expected_accuracy(0.1, 0.88, 0.85) == pytest.approx(0.1 * 0.88 + 0.9 * 0.85)
    assert expected_accuracy(0.0, 0.3, 0.9) == pytest.approx(0.9)
    assert expected_accuracy(1.0, 0.3, 0.9) == pytest.approx(0.3)


def test_sampling_sd_closed_form():
    assert sampling_sd(0.8, 100) == pytest.approx(0.04)
    assert sampling_sd(0.5, 25) == pytest.approx(0.1)
    assert sampling_sd(1.0, 10) == 0.0


@pytest.mark.parametrize("n,p", [(0, 0.3), (1, 0.3), (12, 0.37), (40, 0.0), (40, 1.0), (300, 0.853)])
def test_binomial_pmf_matches_math_comb_and_its_moments(n, p):
    pmf = binomial_pmf(n, p)
    direct = [math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n + 1)]
    assert pmf == pytest.approx(direct, abs=1e-12)
    k = np.arange(n + 1)
    assert pmf.sum() == pytest.approx(1.0)
    assert (k * pmf).sum() == pytest.approx(n * p, abs=1e-9)
    assert ((k - n * p) ** 2 * pmf).sum() == pytest.approx(n * p * (1 - p), abs=1e-9)


def test_chance_outside_sums_the_binomial_tails():
    n, acc = 50, 0.77
    low_k = math.floor(ARTICLE_LOW * n)      # 31 of 50 = 62%
    high_k = math.ceil(ARTICLE_HIGH * n)     # 46 of 50 = 92%
    pmf = [math.comb(n, k) * acc**k * (1 - acc) ** (n - k) for k in range(n + 1)]
    a, b = chance_outside(acc, n)
    assert a == pytest.approx(sum(pmf[: low_k + 1]))
    assert b == pytest.approx(sum(pmf[high_k:]))


def test_one_study_cannot_span_and_more_studies_span_more_often():
    assert chance_to_span(0.77, 20, 1) == pytest.approx(0.0, abs=1e-12)
    chances = [chance_to_span(0.77, 20, k) for k in (2, 5, 28, 200)]
    assert chances == sorted(chances)
    a, b = chance_outside(0.77, 20)
    assert chances[0] == pytest.approx(2 * a * b)  # two studies: one low and one high, either order


@pytest.mark.parametrize("accuracy, size, k", [(0.77, 20, 2), (0.77, 20, 28), (0.5, 10, 5), (0.77, 100, 28),
                                                 (0.853, 100, 28)])
def test_span_chance_equals_inclusion_exclusion_where_that_is_well_conditioned(accuracy, size, k):
    a, b = chance_outside(accuracy, size)
    closed = 1 - (1 - a) ** k - (1 - b) ** k + (1 - a - b) ** k
    assert chance_to_span(accuracy, size, k) == pytest.approx(closed, rel=1e-9)


def test_a_tiny_span_chance_stays_positive_instead_of_cancelling_to_zero():
    """Suicide-attempt model (accuracy about 95%): a study at or below 62% has a chance near 1e-23."""
    a, b = chance_outside(0.9487114, 100)
    k = 28
    assert 1 - (1 - a) ** k - (1 - b) ** k + (1 - a - b) ** k == 0.0  # the textbook form loses it all
    leading = k * a * (1 - (1 - b / (1 - a)) ** (k - 1))  # exactly one low study, another one high
    assert chance_to_span(0.9487114, 100, k) == pytest.approx(leading, rel=1e-6)
    assert chance_words(chance_to_span(0.9487114, 100, k)) == "under 0.1%"
    # below double precision: still positive, still "under 0.1%"; impossible cases stay exactly 0
    assert chance_to_span(0.99, 1000, k) > 0 and chance_words(chance_to_span(0.99, 1000, k)) == "under 0.1%"
    assert chance_to_span(0.99, 1000, 1) == 0.0 and chance_to_span(1.0, 100, k) == 0.0
    assert chance_words(0.0) == "0.0%"


def test_simulated_span_frequency_matches_the_exact_chance():
    k, reps = 28, 700
    sample = simulate_studies(StudyDesign(0.5, 0.77, 0.77, study_size=20, studies=k * reps, seed=11))
    acc = sample.measured_accuracy.reshape(reps, k)
    spans = np.mean((acc.min(axis=1) <= ARTICLE_LOW + 1e-12) & (acc.max(axis=1) >= ARTICLE_HIGH - 1e-12))
    exact = chance_to_span(0.77, 20, k)
    se = math.sqrt(exact * (1 - exact) / reps)
    assert abs(spans - exact) < 4 * se + 1e-3


def test_sampling_noise_alone_rarely_spans_62_to_92_unless_studies_are_tiny():
    assert chance_to_span(0.853, 100, 28) < 1e-3   # PHQ-9-like tool, studies of 100
    assert chance_to_span(0.77, 100, 28) < 0.05    # even centred in the range
    assert chance_to_span(0.77, 20, 28) > 0.5      # studies of 20 people do it by chance


def test_largest_spanning_study_size_is_the_largest_size_that_spans():
    n = largest_spanning_study_size(0.77, 28, search_up_to=120)
    assert n is not None and 10 < n < 120
    assert chance_to_span(0.77, n, 28) >= 0.5
    assert all(chance_to_span(0.77, m, 28) < 0.5 for m in range(n + 1, 121))
    assert largest_spanning_study_size(0.99, 3, chance=0.99, search_up_to=50) is None


@pytest.mark.parametrize("p,sens,spec", [(0.1, 0.88, 0.85), (0.01, 0.9, 0.9), (0.0063, 0.43, 0.952)])
def test_predictive_values_follow_bayes_rule_at_every_prevalence(p, sens, spec):
    grid = np.array([0.001, p, 0.3, 0.5])
    pv = predictive_values(grid, sens, spec)
    for i, q in enumerate(grid):
        c = expected_counts(Scenario(float(q), sens, spec, 10_000))
        assert pv.ppv[i] == pytest.approx(bayes_ppv(q, sens, spec))
        assert pv.npv[i] == pytest.approx(c.npv.value)
        assert pv.accuracy[i] == pytest.approx(c.accuracy.value)
    assert pv.balanced_accuracy == pytest.approx((sens + spec) / 2)


def test_at_one_percent_prevalence_a_90_90_tool_flags_mostly_people_who_do_not_need_help():
    pv = predictive_values(0.01, 0.9, 0.9)
    assert pv.ppv[0] == pytest.approx(0.009 / (0.009 + 0.099))
    assert pv.ppv[0] < 0.1 and pv.accuracy[0] == pytest.approx(0.9)


def test_ppv_is_none_not_nan_when_nobody_is_flagged():
    pv = predictive_values([0.001, 0.2], 0.0, 1.0)
    assert pv.ppv == [None, None]
    assert pv.npv[1] == pytest.approx(0.8)
    everyone = predictive_values([0.2], 1.0, 0.0)
    assert everyone.npv == [None] and everyone.ppv[0] == pytest.approx(0.2)


def test_predictive_values_reject_bad_prevalence():
    with pytest.raises(ValueError, match=r"prevalence values must be numbers from 0 to 1; got 1\.5"):
        predictive_values([0.1, 1.5], 0.9, 0.9)
    with pytest.raises(ValueError, match="sensitivity must be from 0 to 1; got 2.0"):
        predictive_values(0.1, 2.0, 0.9)


def test_log_prevalence_grid_is_evenly_spaced_on_a_log_scale():
    g = log_prevalence_grid(0.001, 0.5, 11)
    assert g[0] == pytest.approx(0.001) and g[-1] == pytest.approx(0.5)
    assert np.diff(np.log(g)) == pytest.approx(np.full(10, math.log(500) / 10))
    with pytest.raises(ValueError, match=r"low must be a number in \(0, 1\]; got 0.0"):
        log_prevalence_grid(0.0, 0.5)


def test_always_no_scores_one_minus_prevalence_and_balanced_accuracy_one_half():
    c = always_no_counts(0.01, 1000)
    assert c.accuracy.value == pytest.approx(0.99)
    assert c.balanced_accuracy.value == pytest.approx(0.5)
    assert c.missed == pytest.approx(10) and c.flagged == 0
    assert str(c.ppv) == "undefined: nobody was flagged"


@pytest.mark.parametrize("sens,spec", [(0.9, 0.9), (0.88, 0.85), (0.43, 0.952), (0.5, 0.6)])
def test_always_no_wins_below_the_closed_form_crossover(sens, spec):
    tie = always_no_wins_below(sens, spec).value
    assert tie == pytest.approx((1 - spec) / (1 - spec + sens))
    tool_acc = lambda p: expected_counts(Scenario(p, sens, spec)).accuracy.value  # noqa: E731
    assert tool_acc(tie) == pytest.approx(1 - tie)
    assert tool_acc(tie * 0.9) < 1 - tie * 0.9
    assert tool_acc(min(tie * 1.1, 1.0)) > 1 - min(tie * 1.1, 1.0)


def test_crossover_is_zero_without_false_alarms_and_undefined_for_a_tool_that_never_flags():
    assert always_no_wins_below(0.7, 1.0).value == 0.0
    never = always_no_wins_below(0.0, 1.0)
    assert never.value is None and "never flags anyone" in str(never)


# -- the sampler --------------------------------------------------------------------

def test_without_heterogeneity_every_study_has_the_true_operating_point():
    d = StudyDesign(0.1, 0.88, 0.85, study_size=100, studies=50)
    s = simulate_studies(d)
    assert np.all(s.true_prevalence == 0.1)
    assert np.all(s.true_sensitivity == 0.88) and np.all(s.true_specificity == 0.85)
    assert np.all(s.tp + s.fn + s.fp + s.tn == 100)


def test_measured_accuracy_has_binomial_mean_and_variance():
    d = StudyDesign(0.1, 0.88, 0.85, study_size=100, studies=20_000, seed=3)
    acc = simulate_studies(d).measured_accuracy
    true = d.accuracy
    assert acc.mean() == pytest.approx(true, abs=4 * math.sqrt(true * (1 - true) / 100 / 20_000))
    assert acc.var(ddof=1) == pytest.approx(true * (1 - true) / 100, rel=0.05)


def test_correct_calls_per_study_follow_the_binomial_distribution():
    d = StudyDesign(0.3, 0.7, 0.8, study_size=10, studies=20_000, seed=5)
    correct = simulate_studies(d).correct
    observed = np.bincount(correct, minlength=11) / correct.size
    assert np.max(np.abs(observed - binomial_pmf(10, d.accuracy))) < 0.01


def test_heterogeneity_spread_follows_the_law_of_total_variance():
    d = StudyDesign(0.1, 0.88, 0.85, study_size=100, studies=20_000, separation_sd=0.8, prevalence_sd=0.7, seed=9)
    s = simulate_studies(d)
    assert s.measured_accuracy.var(ddof=1) == pytest.approx(expected_accuracy_variance(s), rel=0.05)
    assert expected_accuracy_variance(s) > 3 * d.sampling_sd**2


def test_study_parameters_at_the_centre_are_the_true_operating_point():
    d = StudyDesign(0.1, 0.88, 0.85, separation_sd=1.0, prevalence_sd=1.0)
    prev, sens, spec = study_parameters(d, [0.0], [0.0])
    assert prev[0] == pytest.approx(0.1) and sens[0] == pytest.approx(0.88) and spec[0] == pytest.approx(0.85)
    prev, sens, spec = study_parameters(d, [1.0, -1.0], [1.0, -1.0])
    assert sens[0] > 0.88 and spec[0] > 0.85 and prev[0] > 0.1   # a better-separating study gains both
    assert sens[1] < 0.88 and spec[1] < 0.85 and prev[1] < 0.1


def test_heterogeneity_spans_the_articles_range_where_noise_alone_does_not():
    quiet = simulate_studies(StudyDesign(0.1, 0.88, 0.85, study_size=100, studies=28))
    varied = simulate_studies(StudyDesign(0.1, 0.88, 0.85, study_size=100, studies=28, separation_sd=1.0,
                                          prevalence_sd=1.0))
    assert not quiet.spans()
    assert varied.spans()
    assert varied.accuracy.spread().width > 2 * quiet.accuracy.spread().width


def test_same_seed_same_studies_other_seed_other_studies():
    d = StudyDesign(0.2, 0.8, 0.8, study_size=50, studies=300, separation_sd=0.5, prevalence_sd=0.5, seed=42)
    a, b = simulate_studies(d), simulate_studies(d)
    c = simulate_studies(StudyDesign(0.2, 0.8, 0.8, study_size=50, studies=300, separation_sd=0.5,
                                     prevalence_sd=0.5, seed=43))
    for name in ("tp", "fn", "fp", "tn", "true_prevalence"):
        assert np.array_equal(getattr(a, name), getattr(b, name))
    assert not np.array_equal(a.tp, c.tp)


def test_undefined_rates_are_counted_and_described_in_words():
    none_in_need = simulate_studies(StudyDesign(0.0, 0.9, 0.9, study_size=30, studies=10))
    assert none_in_need.sensitivity.undefined == 10
    assert none_in_need.sensitivity.spread() is None
    assert none_in_need.sensitivity.describe() == (
        "measured sensitivity: undefined in all 10 studies (nobody in the study needed help).")
    never_flags = simulate_studies(StudyDesign(0.1, 0.0, 1.0, study_size=30, studies=10))
    assert never_flags.ppv.undefined == 10 and never_flags.ppv.values.size == 0
    rare = simulate_studies(StudyDesign(0.01, 0.9, 0.9, study_size=20, studies=100))
    text = rare.sensitivity.describe()
    assert f"undefined in {rare.sensitivity.undefined} of 100 studies (nobody in the study needed help)" in text
    for rate in (rare.sensitivity, rare.specificity, rare.ppv, rare.npv, rare.accuracy):
        assert np.all(np.isfinite(rate.values))


def test_counts_of_one_study_and_shares():
    s = simulate_studies(StudyDesign(study_size=100, studies=28))
    c = s.counts(0)
    assert c.population == 100 and c.accuracy.value == pytest.approx(s.measured_accuracy[0])
    assert s.share_between(0.0, 1.0) == 1.0
    assert s.share_between() == pytest.approx(np.mean((s.measured_accuracy >= 0.62) & (s.measured_accuracy <= 0.92)))
    with pytest.raises(ValueError, match="study must be a whole number from 0 to 27; got 28"):
        s.counts(28)


def test_describe_sample_states_the_same_numbers_as_the_sample():
    s = simulate_studies(StudyDesign(study_size=100, studies=28))
    sp = s.accuracy.spread()
    text = describe_sample(s)
    assert f"runs from {100 * sp.minimum:.1f}% to {100 * sp.maximum:.1f}%" in text
    assert "true accuracy is 85.3%" in text
    assert chance_to_span(0.853, 100, 28) < 0.0005
    assert "exact chance that 28 such studies span 62% to 92% is under 0.1%" in text
    varied = simulate_studies(StudyDesign(study_size=100, studies=28, separation_sd=1.0))
    assert "their own true accuracies run from" in describe_sample(varied)


def test_chance_words():
    assert chance_words(0.0) == "0.0%" and chance_words(1e-5) == "under 0.1%" and chance_words(0.56) == "56.0%"
    with pytest.raises(ValueError, match="chance must be from 0 to 1; got 2"):
        chance_words(2)


def test_spread_and_histogram():
    v = np.arange(101) / 100
    sp = spread_of(v)
    assert (sp.minimum, sp.median, sp.maximum) == (0.0, 0.5, 1.0)
    assert sp.p5 == pytest.approx(0.05) and sp.p95 == pytest.approx(0.95)
    assert sp.width == 1.0 and spread_of([]) is None
    with pytest.raises(ValueError, match="finite"):
        spread_of([0.1, float("nan")])
    centres, counts = histogram([-0.5, 0.0, 0.55, 1.0, 2.0], 0.0, 1.0, 10)
    assert counts.sum() == 5 and counts[0] == 2 and counts[-1] == 2 and counts[5] == 1
    assert centres[0] == pytest.approx(0.05)


@pytest.mark.parametrize("kwargs,message", [
    (dict(study_size=0), "study_size must be a whole number from 1 to 100,000; got 0"),
    (dict(studies=20_001), "studies must be a whole number from 1 to 20,000; got 20,001"),
    (dict(separation_sd=-0.1), r"separation_sd must be a number in \[0, 3\]; got -0.1"),
    (dict(prevalence_sd=5), r"prevalence_sd must be a number in \[0, 3\]; got 5.0"),
    (dict(prevalence=1.5), "prevalence must be from 0 to 1; got 1.5"),
    (dict(sensitivity="high"), "sensitivity must be a number from 0 to 1; got 'high'"),
    (dict(seed=-1), "seed must be a whole number from 0 to 4,294,967,295; got -1"),
])
def test_bad_designs_raise_value_errors_naming_parameter_value_and_range(kwargs, message):
    with pytest.raises(ValueError, match=message):
        StudyDesign(**kwargs)


def test_other_bad_inputs_raise_value_errors():
    with pytest.raises(ValueError, match="design must be a StudyDesign; got dict"):
        simulate_studies({})
    with pytest.raises(ValueError, match=r"high must be from low \(0.9\) to 1; got 0.5"):
        chance_outside(0.8, 10, 0.9, 0.5)
    with pytest.raises(ValueError, match="accuracy must be from 0 to 1; got 1.2"):
        sampling_sd(1.2, 10)
    with pytest.raises(ValueError, match="studies must be a whole number from 1 to 20,000; got 0"):
        chance_to_span(0.8, 10, 0)


@settings(max_examples=60, deadline=None)
@given(
    prevalence=st.floats(0, 1), sensitivity=st.floats(0, 1), specificity=st.floats(0, 1),
    study_size=st.integers(1, 500), studies=st.integers(1, 200),
    separation_sd=st.floats(0, 3), prevalence_sd=st.floats(0, 3), seed=st.integers(0, 2**32 - 1),
)
def test_any_valid_design_gives_whole_counts_and_finite_rates(prevalence, sensitivity, specificity, study_size,
                                                             studies, separation_sd, prevalence_sd, seed):
    d = StudyDesign(prevalence, sensitivity, specificity, study_size, studies, separation_sd, prevalence_sd, seed)
    s = simulate_studies(d)
    for name in ("tp", "fn", "fp", "tn"):
        assert np.all(getattr(s, name) >= 0)
    assert np.all(s.tp + s.fn + s.fp + s.tn == study_size)
    for rate in (s.accuracy, s.sensitivity, s.specificity, s.ppv, s.npv):
        assert np.all((rate.values >= 0) & (rate.values <= 1))
        assert rate.values.size + rate.undefined == studies
        assert "nan" not in rate.describe().lower()
    assert "nan" not in describe_sample(s).lower()
