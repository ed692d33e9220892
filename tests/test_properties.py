"""Property tests over the whole valid parameter space, and clear errors outside it."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons import MAX_POPULATION, Counts, Scenario, ScoreModel, expected_counts, simulate
from lessons.engine.describe import describe_counts, describe_rates
from lessons.engine.population import natural_frequency_counts
from lessons.engine.scenario import auc_from_separation, separation_from_auc

prob = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
small_pop = st.integers(min_value=1, max_value=20_000)
seed = st.integers(min_value=0, max_value=2**32 - 1)


def assert_rates_valid(counts: Counts):
    for name, rate in counts.rates().items():
        if rate.defined:
            assert 0.0 <= rate.value <= 1.0, name
            assert not math.isnan(rate.value)
        else:
            assert rate.value is None
            assert str(rate).startswith("undefined: "), name


@settings(max_examples=150, deadline=None)
@given(prob, prob, prob, small_pop, seed)
def test_simulated_counts_sum_to_population_and_rates_are_valid(p, sens, spec, n, s):
    pop = simulate(Scenario(p, sens, spec, n, s))
    c = pop.counts
    assert c.tp + c.fn + c.fp + c.tn == n
    assert min(c.tp, c.fn, c.fp, c.tn) >= 0
    assert_rates_valid(c)
    text = describe_counts(c) + describe_rates(c)
    assert "nan" not in text.lower()


@settings(max_examples=150, deadline=None)
@given(prob, prob, prob, st.integers(min_value=1, max_value=MAX_POPULATION))
def test_expected_and_natural_frequency_counts_are_consistent(p, sens, spec, n):
    s = Scenario(p, sens, spec, n)
    e = expected_counts(s)
    assert e.population == pytest.approx(n)
    assert_rates_valid(e)
    nf = natural_frequency_counts(s)
    assert nf.population == n
    assert all(float(v).is_integer() and v >= 0 for v in nf.as_dict().values())
    for name in ("tp", "fn", "fp", "tn"):
        assert abs(getattr(nf, name) - getattr(e, name)) <= 1.0 + 1e-6 * n
    assert "nan" not in describe_counts(e).lower()


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=0.5, max_value=0.999999, allow_nan=False))
def test_auc_separation_round_trip_anywhere(auc):
    assert auc_from_separation(separation_from_auc(auc)) == pytest.approx(auc, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=0, max_value=8), st.floats(min_value=-10, max_value=10))
def test_score_model_rates_stay_in_range(d, t):
    m = ScoreModel(d)
    assert 0.0 <= m.sensitivity_at(t) <= 1.0
    assert 0.0 <= m.specificity_at(t) <= 1.0
    # sensitivity never below the false-alarm rate when d >= 0
    assert m.sensitivity_at(t) >= 1 - m.specificity_at(t) - 1e-12


# -- clear errors for each kind of invalid input ----------------------------------

@pytest.mark.parametrize("field,value,needle", [
    ("prevalence", -0.1, "prevalence must be from 0 to 1; got -0.1"),
    ("prevalence", 1.5, "prevalence must be from 0 to 1; got 1.5"),
    ("prevalence", float("nan"), "prevalence must be from 0 to 1; got nan"),
    ("sensitivity", "high", "sensitivity must be a number from 0 to 1; got 'high'"),
    ("specificity", None, "specificity must be a number from 0 to 1; got None"),
    ("specificity", True, "specificity must be a number from 0 to 1; got True"),
    ("population", 0, "population must be a whole number from 1 to 10,000,000; got 0"),
    ("population", 10_000_001, "population must be a whole number from 1 to 10,000,000; got 10,000,001"),
    ("population", 2.5, "population must be a whole number from 1 to 10,000,000; got 2.5"),
    ("seed", -1, "seed must be a whole number from 0 to 4,294,967,295; got -1"),
])
def test_scenario_rejects_bad_input_naming_parameter_value_and_range(field, value, needle):
    with pytest.raises(ValueError) as err:
        Scenario(**{field: value})
    assert str(err.value) == needle


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=True),
                 st.floats(min_value=1.0 + 1e-9, allow_nan=False, allow_infinity=True)))
def test_any_out_of_range_prevalence_is_a_value_error(p):
    with pytest.raises(ValueError, match="prevalence"):
        Scenario(prevalence=p)


@pytest.mark.parametrize("call,needle", [
    (lambda: ScoreModel(separation=-1), "separation must be a number in [0, 8]; got -1.0"),
    (lambda: ScoreModel.from_auc(0.4), "auc must be a number in [0.5,"),
    (lambda: ScoreModel.from_auc(1.0), "auc must be a number in [0.5,"),
    (lambda: ScoreModel.from_operating_point(0.3, 0.3), "sensitivity + specificity must be at least 1"),
    (lambda: ScoreModel().sensitivity_at(float("inf")), "threshold must be a number in [-20, 20]"),
    (lambda: ScoreModel().roc_curve(points=1), "points must be a whole number from 2 to 100,000; got 1"),
    (lambda: Counts(tp=-1, fn=0, fp=0, tn=0), "tp must be a number in [0, inf]; got -1.0"),
])
def test_engine_functions_reject_bad_input(call, needle):
    with pytest.raises(ValueError) as err:
        call()
    assert needle in str(err.value)


def test_largest_population_simulates():
    pop = simulate(Scenario(population=MAX_POPULATION, seed=1))
    assert pop.counts.population == MAX_POPULATION
    assert pop.needs_help.dtype == np.bool_
