"""The screening engine against closed forms and published values."""

import math

import numpy as np
import pytest

from lessons import (
    Counts,
    Scenario,
    ScoreModel,
    auc_from_separation,
    empirical_auc,
    expected_counts,
    natural_frequencies,
    natural_frequency_counts,
    separation_from_auc,
    simulate,
)
from lessons.engine.population import counts_from_arrays
from lessons.engine.scenario import normal_cdf


def bayes_ppv(p, sens, spec):
    return p * sens / (p * sens + (1 - p) * (1 - spec))


def bayes_npv(p, sens, spec):
    return (1 - p) * spec / ((1 - p) * spec + p * (1 - sens))


@pytest.mark.parametrize("p,sens,spec", [(0.1, 0.88, 0.85), (0.01, 0.9, 0.9), (0.5, 0.6, 0.7), (0.0063, 0.43, 0.952)])
def test_ppv_and_npv_follow_bayes_rule(p, sens, spec):
    c = expected_counts(Scenario(p, sens, spec, 10_000))
    assert c.ppv.value == pytest.approx(bayes_ppv(p, sens, spec), rel=1e-12)
    assert c.npv.value == pytest.approx(bayes_npv(p, sens, spec), rel=1e-12)
    assert c.sensitivity.value == pytest.approx(sens)
    assert c.specificity.value == pytest.approx(spec)
    assert c.accuracy.value == pytest.approx(p * sens + (1 - p) * spec)
    assert c.undertriage.value == pytest.approx(1 - sens)
    assert c.overtriage.value == pytest.approx(1 - bayes_ppv(p, sens, spec))


def test_mitchell_2009_gp_operating_point_gives_published_ppv_of_42_percent():
    c = expected_counts(Scenario(prevalence=0.219, sensitivity=0.501, specificity=0.813))
    assert c.ppv.value == pytest.approx(0.42, abs=0.01)


def test_at_one_percent_prevalence_a_90_90_screen_flags_mostly_people_who_do_not_need_help():
    c = expected_counts(Scenario(prevalence=0.01, sensitivity=0.9, specificity=0.9, population=1000))
    assert c.fp > 10 * c.tp
    assert c.ppv.value < 0.1


def test_ppv_is_undefined_in_words_when_nobody_is_flagged():
    c = expected_counts(Scenario(prevalence=0.2, sensitivity=0.0, specificity=1.0))
    assert c.flagged == 0
    assert c.ppv.value is None and not c.ppv.defined
    assert str(c.ppv) == "undefined: nobody was flagged"
    assert str(c.overtriage) == "undefined: nobody was flagged"
    assert c.npv.value == pytest.approx(0.8)


def test_prevalence_zero_gives_undefined_sensitivity_not_nan():
    c = expected_counts(Scenario(prevalence=0.0, sensitivity=0.9, specificity=0.9))
    assert c.sensitivity.value is None
    assert "nobody here needs help" in str(c.sensitivity)
    assert "nobody here needs help" in str(c.balanced_accuracy)
    assert c.specificity.value == pytest.approx(0.9)


def test_everybody_flagged_makes_npv_undefined():
    c = Counts(tp=5, fn=0, fp=5, tn=0)
    assert str(c.npv) == "undefined: everybody was flagged"
    assert c.flag_rate.value == 1.0


def test_simulated_counts_converge_to_expected_counts():
    s = Scenario(prevalence=0.1, sensitivity=0.88, specificity=0.85, population=1_000_000, seed=7)
    sim, exp = simulate(s).counts, expected_counts(s)
    for name in ("tp", "fn", "fp", "tn"):
        e = getattr(exp, name)
        # binomial standard deviation of a count is at most sqrt(n/4); allow 5 sd
        assert abs(getattr(sim, name) - e) < 5 * math.sqrt(e + 1)


def test_same_seed_same_people_and_other_seed_other_people():
    s = Scenario(population=5000, seed=11)
    a, b = simulate(s), simulate(s)
    assert np.array_equal(a.needs_help, b.needs_help) and np.array_equal(a.flagged, b.flagged)
    c = simulate(s.with_(seed=12))
    assert not np.array_equal(a.needs_help, c.needs_help)


def test_common_random_numbers_raising_sensitivity_only_adds_flags_among_people_in_need():
    s = Scenario(population=20_000, sensitivity=0.6, seed=3)
    low, high = simulate(s), simulate(s.with_(sensitivity=0.9))
    assert np.array_equal(low.needs_help, high.needs_help)
    assert np.all(high.flagged >= low.flagged)  # nobody loses a flag
    assert np.array_equal(low.flagged[~low.needs_help], high.flagged[~high.needs_help])


def test_natural_frequencies_add_up_in_words():
    c = natural_frequency_counts(Scenario(0.1, 0.88, 0.85, 1000))
    assert (c.tp, c.fn, c.fp, c.tn) == (88, 12, 135, 765)
    pop = natural_frequencies(Scenario(0.1, 0.88, 0.85, 1000))
    assert pop.counts == c
    shuffled = natural_frequencies(Scenario(0.1, 0.88, 0.85, 1000), grouped=False)
    assert shuffled.counts == c


def test_counts_from_arrays_and_outcome_codes():
    needs = np.array([1, 1, 0, 0, 1], bool)
    flag = np.array([1, 0, 1, 0, 1], bool)
    c = counts_from_arrays(needs, flag)
    assert (c.tp, c.fn, c.fp, c.tn) == (2, 1, 1, 1)


# -- binormal score model -------------------------------------------------------

@pytest.mark.parametrize("auc", [0.5, 0.62, 0.75, 0.851, 0.92, 0.99])
def test_auc_and_separation_convert_exactly(auc):
    d = separation_from_auc(auc)
    assert auc_from_separation(d) == pytest.approx(auc, abs=1e-12)
    assert ScoreModel.from_auc(auc).auc == pytest.approx(auc, abs=1e-12)


def test_auc_closed_form_matches_known_values():
    assert auc_from_separation(0) == pytest.approx(0.5)
    assert auc_from_separation(math.sqrt(2)) == pytest.approx(normal_cdf(1.0))
    assert normal_cdf(1.959963984540054) == pytest.approx(0.975, abs=1e-12)


def test_binormal_auc_matches_area_under_simulated_roc():
    model = ScoreModel.from_auc(0.80)
    needs, scores = model.simulate_scores(prevalence=0.3, population=40_000, seed=5)
    assert empirical_auc(needs, scores) == pytest.approx(0.80, abs=0.01)


def test_area_under_the_model_roc_curve_is_the_auc():
    model = ScoreModel(separation=1.3)
    fpr, tpr, _ = model.roc_curve(points=4001, span=9)
    area = np.trapezoid(tpr, fpr) if hasattr(np, "trapezoid") else np.trapz(tpr, fpr)
    assert area == pytest.approx(model.auc, abs=1e-4)


def test_threshold_walks_along_the_roc_curve():
    model = ScoreModel(separation=2.0)
    t = np.linspace(-3, 5, 50)
    sens, spec = model.sensitivity_at(t), model.specificity_at(t)
    assert np.all(np.diff(sens) < 0) and np.all(np.diff(spec) > 0)
    s = model.scenario(threshold=1.0, prevalence=0.1)
    assert s.sensitivity == pytest.approx(1 - normal_cdf(-1.0))
    assert s.specificity == pytest.approx(normal_cdf(1.0))


def test_operating_point_round_trip():
    model = ScoreModel.from_operating_point(0.88, 0.85)
    t = model.threshold_for_specificity(0.85)
    assert float(model.sensitivity_at(t)) == pytest.approx(0.88, abs=1e-9)
    assert model.threshold_for_sensitivity(0.88) == pytest.approx(t, abs=1e-9)


def test_empirical_auc_handles_ties_as_half():
    assert empirical_auc([True, False], [1.0, 1.0]) == pytest.approx(0.5)
    assert empirical_auc([True, False, True, False], [3, 1, 2, 0]) == pytest.approx(1.0)


# -- random streams ------------------------------------------------------------------------------

def test_every_random_component_has_its_own_stream_key():
    from lessons.engine.streams import STREAMS

    keys = list(STREAMS.values())
    assert len(set(keys)) == len(keys)
    assert sum(key == () for key in keys) <= 1  # at most one component on the root stream


@pytest.mark.parametrize("seed", [0, 7, 2024, 2**32 - 1])
def test_streams_of_different_components_never_mirror_each_other(seed):
    from lessons.engine.streams import STREAMS, generator

    draws = {name: generator(name, seed).random(2000) for name in STREAMS}
    names = list(draws)
    for i, a in enumerate(names):
        assert np.array_equal(draws[a], generator(a, seed).random(2000))  # same seed, same numbers
        for b in names[i + 1:]:
            # independent uniforms: correlation about N(0, 1/2000); 0.1 is 4.5 standard errors
            assert abs(np.corrcoef(draws[a], draws[b])[0, 1]) < 0.1, (a, b)


def test_engine_draws_random_numbers_only_through_its_streams():
    """A new random component cannot quietly share a stream: only streams.py makes generators."""
    import pathlib

    import lessons.engine

    folder = pathlib.Path(lessons.engine.__file__).parent
    for path in folder.glob("*.py"):
        if path.name == "streams.py":
            continue
        text = path.read_text()
        for needle in ("default_rng(", "SeedSequence(", "np.random.seed(", "RandomState("):
            assert needle not in text, f"{path.name} calls {needle}"


def test_the_root_stream_is_the_seed_itself():
    from lessons.engine.streams import STREAMS, generator

    root = [name for name, key in STREAMS.items() if key == ()]
    for name in root:
        assert np.array_equal(generator(name, 11).random(50), np.random.default_rng(11).random(50))


def test_stream_generator_refuses_unknown_components_and_bad_seeds():
    from lessons.engine.streams import generator

    with pytest.raises(ValueError, match="component must be one of"):
        generator("dice", 1)
    with pytest.raises(ValueError, match="seed must be a whole number"):
        generator("audits", -1)


# -- operating points, marks, shared statistics ------------------------------------------------------

def test_an_operating_point_beyond_the_largest_separation_is_refused():
    from lessons.engine.scenario import MAX_SEPARATION, ScoreModel

    with pytest.raises(ValueError, match=r"sensitivity and specificity \(0.999999, 0.999999\) need a separation of 9.51"):
        ScoreModel.from_operating_point(0.999999, 0.999999)
    # the edge of the reachable range is accepted, and the model passes through the point
    spec = 0.999
    sens = normal_cdf(MAX_SEPARATION - ScoreModel().threshold_for_specificity(spec)) - 1e-12
    model = ScoreModel.from_operating_point(sens, spec)
    t = model.threshold_for_specificity(spec)
    assert float(model.sensitivity_at(t)) == pytest.approx(sens, abs=1e-9)


def test_counts_in_marks_keeps_its_documented_promise():
    from lessons.engine.population import counts_in_marks

    assert counts_in_marks(Counts(6, 6, 8, 0), 2).as_dict() == {"tp": 1, "fn": 0, "fp": 1, "tn": 0}


@pytest.mark.parametrize("values, marks", [((6, 6, 8, 0), 2), ((1, 1, 1, 997), 100), ((3, 0, 0, 0), 7),
                                           ((12.5, 87.5, 135, 765), 100), ((1, 2, 3, 4), 1), ((5, 5, 5, 5), 3)])
def test_counts_in_marks_rounds_each_share_down_or_up_and_never_gives_an_empty_outcome_a_mark(values, marks):
    from lessons.engine.population import counts_in_marks

    got = counts_in_marks(Counts(*values), marks)
    exact = [v * marks / sum(values) for v in values]
    shown = [got.tp, got.fn, got.fp, got.tn]
    assert sum(shown) == marks
    for e, s, v in zip(exact, shown, values):
        assert math.floor(e) <= s <= math.floor(e) + 1
        assert (s >= 1) if e >= 1 else True
        assert (s == 0) if v == 0 else True


def test_shared_statistics_match_closed_forms_and_published_values():
    from lessons.engine import stats

    assert stats.normal_cdf(1.959963984540054) == pytest.approx(0.975, abs=1e-12)
    assert stats.normal_sf(1.959963984540054) == pytest.approx(0.025, abs=1e-12)
    assert stats.normal_quantile(0.975) == pytest.approx(1.959963984540054, abs=1e-12)
    assert stats.probit(0.0) == stats.normal_quantile(stats.PROBIT_EDGE)
    assert stats.probit(1.0) == pytest.approx(-stats.probit(0.0), rel=1e-8)  # 1 - 1e-9 is not exact
    pmf = stats.binomial_pmf(10, 0.3)
    assert pmf == pytest.approx([math.comb(10, k) * 0.3**k * 0.7 ** (10 - k) for k in range(11)], rel=1e-12)
    assert list(stats.log_factorials(4)) == pytest.approx([0, 0, math.log(2), math.log(6), math.log(24)])
    arr = stats.normal_cdf(np.array([-1.0, 0.0, 1.0]))
    assert arr == pytest.approx([1 - normal_cdf(1.0), 0.5, normal_cdf(1.0)])
    with pytest.raises(ValueError, match="x values must be finite numbers; got nan"):
        stats.normal_cdf(np.array([0.0, np.nan]))


def test_the_engine_keeps_one_copy_of_each_statistics_helper():
    import inspect

    from lessons.engine import audit, faults, scenario, stats, studies, subgroups

    assert audit.binomial_pmf is stats.binomial_pmf and studies.binomial_pmf is stats.binomial_pmf
    assert scenario.normal_cdf is stats.normal_cdf and scenario.normal_quantile is stats.normal_quantile
    from lessons.engine import drift, monitoring
    assert drift.check_threshold is scenario.check_threshold is subgroups.check_threshold
    assert not hasattr(monitoring, "check_threshold") and hasattr(monitoring, "check_alert_points")
    for module in (faults, subgroups, studies):
        source = inspect.getsource(module)
        assert "def _q(" not in source and "def _upper_tail(" not in source and "def _probit(" not in source


def test_subnormal_prevalences_count_as_zero():
    from lessons.checks import flush_subnormal

    assert flush_subnormal(5e-324) == 0.0 and flush_subnormal(-5e-324) == 0.0 and flush_subnormal(2.3e-308) == 2.3e-308
    assert Scenario(prevalence=5e-324).prevalence == 0.0
    assert expected_counts(Scenario(prevalence=5e-324)).sensitivity.defined is False
