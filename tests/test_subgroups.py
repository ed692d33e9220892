"""Subgroups under one shared threshold: closed forms, simulation, gaps and edge cases."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons import ScoreModel, empirical_auc, expected_counts
from lessons.engine.subgroups import (
    Gap,
    Group,
    GroupSimulation,
    compare_groups,
    describe_report,
    false_alarm_curves,
    false_alarm_gap,
    rate_gap,
    sensitivity_curves,
    sensitivity_gap,
    simulate_groups,
    threshold_grid,
    two_groups,
)


def phi(x):
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def test_group_rates_follow_the_binormal_closed_form():
    g = Group("B", 0.4, 0.1, separation=1.5, offset=-0.7)
    t = 1.1
    assert g.sensitivity_at(t) == pytest.approx(1 - phi(t + 0.7 - 1.5))
    assert g.false_alarm_rate_at(t) == pytest.approx(1 - phi(t + 0.7))
    assert g.specificity_at(t) == pytest.approx(phi(t + 0.7))
    # at the centre of the in-need scores, half of them are flagged
    assert g.sensitivity_at(-0.7 + 1.5) == pytest.approx(0.5)


def test_a_group_without_offset_matches_the_shared_score_model():
    model = ScoreModel(2.0)
    g = Group("all", 1.0, 0.1, separation=2.0)
    t = np.linspace(-1, 4, 11)
    np.testing.assert_allclose(g.sensitivity_at(t), model.sensitivity_at(t))
    np.testing.assert_allclose(g.specificity_at(t), model.specificity_at(t))
    assert g.auc == pytest.approx(model.auc)
    assert Group.from_auc("x", 1.0, 0.1, 0.63).auc == pytest.approx(0.63)


def test_one_group_report_equals_the_scenario_engine():
    g = Group("all", 1.0, 0.07, separation=1.2)
    report = compare_groups([g], 0.9, 10_000)
    scenario = ScoreModel(1.2).scenario(0.9, 0.07, 10_000)
    assert report.overall == expected_counts(scenario)
    assert report.outcome("all").share_of_flagged.value == pytest.approx(1.0)


def test_counts_add_up_per_group_and_overall():
    groups = two_groups(share_b=0.3, prevalence_a=0.1, prevalence_b=0.2, offset_b=-0.5)
    report = compare_groups(groups, 1.5, 10_000)
    a, b = report.outcomes
    assert a.counts.population == pytest.approx(7_000)
    assert b.counts.population == pytest.approx(3_000)
    assert b.counts.need_help == pytest.approx(600)
    assert report.overall.population == pytest.approx(10_000)
    assert a.share_of_flagged.value + b.share_of_flagged.value == pytest.approx(1.0)
    assert report.names == ("Group A", "Group B")


def test_gap_is_max_minus_min_in_closed_form():
    groups = (Group("A", 0.5, 0.1, 2.0), Group("B", 0.3, 0.1, 1.0), Group("C", 0.2, 0.1, 2.0, -1.2))
    t = 1.5
    report = compare_groups(groups, t)
    sens = {"A": 1 - phi(t - 2.0), "B": 1 - phi(t - 1.0), "C": 1 - phi(t + 1.2 - 2.0)}
    gap = report.sensitivity_gap
    assert gap.value == pytest.approx(max(sens.values()) - min(sens.values()))
    assert gap.highest == "A" and gap.lowest == "C"
    assert gap.percentage_points == pytest.approx(100 * gap.value)
    fa = {"A": 1 - phi(t), "B": 1 - phi(t), "C": 1 - phi(t + 1.2)}
    assert report.false_alarm_gap.value == pytest.approx(max(fa.values()) - min(fa.values()))
    assert report.false_alarm_gap.lowest == "C"
    assert "percentage points (A" in str(gap)


def test_a_proxy_label_offset_lowers_a_groups_share_of_flags_and_fixing_it_raises_it():
    """Obermeyer et al. (2019) in miniature: scores that under-rate a group's need."""
    biased = compare_groups(two_groups(share_b=0.3, offset_b=-0.8), 2.0)
    fair = compare_groups(two_groups(share_b=0.3, offset_b=0.0), 2.0)
    assert biased.outcome("Group B").share_of_flagged.value < fair.outcome("Group B").share_of_flagged.value
    assert fair.outcome("Group B").share_of_flagged.value == pytest.approx(0.3)
    assert biased.sensitivity_gap.lowest == "Group B"
    assert fair.sensitivity_gap.value == pytest.approx(0.0, abs=1e-12)
    assert "every group at" in str(fair.sensitivity_gap)


def test_simulation_is_seeded_and_converges_to_the_closed_form():
    groups = two_groups(share_b=0.3, prevalence_b=0.15, separation_b=1.2, offset_b=-0.4)
    a = simulate_groups(groups, 1.4, 20_000, seed=7)
    b = simulate_groups(groups, 1.4, 20_000, seed=7)
    assert a == b
    assert simulate_groups(groups, 1.4, 20_000, seed=8) != a
    big = simulate_groups(groups, 1.4, 400_000, seed=3)
    exact = compare_groups(groups, 1.4, 400_000)
    assert not big.expected and exact.expected
    for sim, ref in zip(big.outcomes, exact.outcomes):
        n_pos = sim.counts.need_help
        p = ref.sensitivity.value
        assert abs(sim.sensitivity.value - p) < 4 * math.sqrt(p * (1 - p) / n_pos)
        n_neg = sim.counts.no_need
        q = ref.false_alarm_rate.value
        assert abs(sim.false_alarm_rate.value - q) < 4 * math.sqrt(q * (1 - q) / n_neg)
        assert sim.counts.population / 400_000 == pytest.approx(ref.counts.population / 400_000, abs=0.005)


def test_simulated_scores_have_the_groups_auc():
    groups = (Group("A", 0.5, 0.2, 2.0), Group("B", 0.5, 0.2, 0.6, -0.5))
    sim = GroupSimulation(groups, 60_000, seed=11)
    for i, g in enumerate(groups):
        mask = sim.group_index == i
        assert empirical_auc(sim.needs_help[mask], sim.scores[mask]) == pytest.approx(g.auc, abs=0.01)


def test_rethresholding_reuses_the_same_people():
    sim = GroupSimulation(two_groups(), 5_000, seed=1)
    low, high = sim.flagged_at(1.0), sim.flagged_at(2.0)
    assert np.all(low[high])  # everyone flagged at the higher threshold is flagged at the lower one
    assert sim.at(1.0).overall.flagged == int(low.sum())


def test_curves_are_per_group_and_match_the_point_values():
    groups = two_groups(offset_b=-0.6)
    t = threshold_grid(-1, 4, 51)
    sens = sensitivity_curves(groups, t)
    fa = false_alarm_curves(groups, t)
    assert set(sens) == {"Group A", "Group B"} and sens["Group A"].shape == (51,)
    assert sens["Group B"][20] == pytest.approx(groups[1].sensitivity_at(t[20]))
    assert fa["Group B"][20] == pytest.approx(groups[1].false_alarm_rate_at(t[20]))
    assert np.all(np.diff(sens["Group A"]) <= 0)
    assert np.all(sens["Group B"] <= sens["Group A"])


def test_nobody_in_need_gives_an_undefined_gap_in_words():
    groups = (Group("A", 0.5, 0.0), Group("B", 0.5, 0.1))
    report = compare_groups(groups, 1.0)
    gap = report.sensitivity_gap
    assert not gap.defined and gap.value is None and gap.percentage_points is None
    assert str(gap).startswith("undefined: fewer than two groups have people who need help")
    assert report.false_alarm_gap.defined
    text = describe_report(report)
    assert "A (5,000 screened): nobody needs help, so nobody can be missed." in text
    assert "nan" not in text.lower()


def test_nobody_flagged_is_described_not_crashed():
    report = compare_groups(two_groups(), 19.0)
    assert report.overall.flagged == pytest.approx(0.0, abs=1e-6)
    text = report.describe()
    assert "Nobody in this group is flagged, so its PPV is undefined." in text
    assert "nan" not in text.lower()
    sim = simulate_groups(two_groups(), 19.0, 1_000)
    assert sim.outcomes[0].share_of_flagged.percent() == "undefined: nobody was flagged"


def test_an_empty_group_is_allowed_and_left_out_of_the_gap():
    groups = (Group("A", 1.0, 0.1), Group("B", 0.0, 0.1, 0.5))
    report = compare_groups(groups, 1.0)
    assert report.outcome("B").counts.population == 0
    assert not report.sensitivity_gap.defined
    assert "B: nobody is screened in this group." in report.describe()


def test_describe_report_states_the_figures_numbers():
    report = compare_groups(two_groups(offset_b=-0.5), 1.5)
    text = describe_report(report)
    b = report.outcome("Group B")
    assert text.startswith("On average, with one shared threshold of 1.50:")
    assert f"sensitivity {b.sensitivity.percent()}" in text
    assert f"Gap in sensitivity between groups: {report.sensitivity_gap}." in text
    assert "With one shared threshold" in simulate_groups(two_groups(), 1.5, 1_000).describe()


@pytest.mark.parametrize("kwargs, message", [
    (dict(name="", share=0.5, prevalence=0.1), "name must be a non-empty text"),
    (dict(name="A", share=1.5, prevalence=0.1), "share must be from 0 to 1; got 1.5"),
    (dict(name="A", share=0.5, prevalence=-0.1), "prevalence must be from 0 to 1; got -0.1"),
    (dict(name="A", share=0.5, prevalence=0.1, separation=9.0), r"separation must be a number in \[0, 8\]; got 9.0"),
    (dict(name="A", share=0.5, prevalence=0.1, offset=-6), r"offset must be a number in \[-5, 5\]; got -6.0"),
])
def test_group_rejects_bad_values_naming_them(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Group(**kwargs)


def test_bad_collections_and_thresholds_are_rejected_with_the_allowed_range():
    with pytest.raises(ValueError, match="group shares must add up to 1"):
        compare_groups((Group("A", 0.5, 0.1), Group("B", 0.4, 0.1)), 1.0)
    with pytest.raises(ValueError, match="group names must be distinct"):
        compare_groups((Group("A", 0.5, 0.1), Group("A", 0.5, 0.1)), 1.0)
    with pytest.raises(ValueError, match="groups must hold at least one Group"):
        compare_groups([], 1.0)
    with pytest.raises(ValueError, match="groups must hold Group objects"):
        compare_groups(["A"], 1.0)
    with pytest.raises(ValueError, match=r"threshold must be a number in \[-20, 20\]; got 25.0"):
        compare_groups(two_groups(), 25.0)
    with pytest.raises(ValueError, match="thresholds values must be from -20 to 20; got nan"):
        sensitivity_curves(two_groups(), [0.0, float("nan")])
    with pytest.raises(ValueError, match="population must be a whole number from 1 to"):
        compare_groups(two_groups(), 1.0, 0)
    with pytest.raises(ValueError, match="seed must be a whole number"):
        simulate_groups(two_groups(), 1.0, 100, seed=-1)
    with pytest.raises(ValueError, match="measure must be one of"):
        rate_gap(compare_groups(two_groups(), 1.0).outcomes, "ppv")
    with pytest.raises(ValueError, match="name must be one of Group A, Group B; got 'C'"):
        compare_groups(two_groups(), 1.0).outcome("C")
    with pytest.raises(ValueError, match=r"high must be greater than low"):
        threshold_grid(2, 1)


def test_gap_functions_accept_outcome_lists():
    outcomes = compare_groups(two_groups(offset_b=-1.0), 1.0).outcomes
    assert isinstance(sensitivity_gap(outcomes), Gap)
    assert false_alarm_gap(outcomes).measure == "false-alarm rate"


@settings(max_examples=60, deadline=None)
@given(
    t=st.floats(-3, 6),
    offset=st.floats(-3, 0),
    sep=st.floats(0, 4),
)
def test_lowering_a_groups_scores_never_raises_its_sensitivity_or_false_alarms(t, offset, sep):
    base = Group("B", 1.0, 0.1, sep, 0.0)
    lowered = Group("B", 1.0, 0.1, sep, offset)
    assert lowered.sensitivity_at(t) <= base.sensitivity_at(t) + 1e-12
    assert lowered.false_alarm_rate_at(t) <= base.false_alarm_rate_at(t) + 1e-12
    report = compare_groups(two_groups(offset_b=offset, separation_b=sep), t)
    gap = report.sensitivity_gap
    assert 0.0 <= gap.value <= 1.0
    assert not math.isnan(gap.value)


def test_threshold_for_sensitivity_inverts_the_closed_form():
    g = Group("B", 1.0, 0.1, separation=1.3, offset=-0.6)
    for target in (0.1, 0.5, 0.9):
        t = g.threshold_for_sensitivity(target)
        assert g.sensitivity_at(t) == pytest.approx(target)
    assert g.threshold_for_sensitivity(0.5) == pytest.approx(-0.6 + 1.3)
    with pytest.raises(ValueError, match=r"sensitivity must be a number in \(0, 1\); got 1.0"):
        g.threshold_for_sensitivity(1.0)
