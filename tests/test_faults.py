"""The four sources of error: closed forms, published values, simulation and edge cases."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.content.presets import preset
from lessons.engine.faults import (
    LADDER_STEPS,
    WONG_2021,
    Deployment,
    FaultSimulation,
    describe_curves,
    describe_ladder,
    describe_outcomes,
    evaluate,
    fault_ladder,
    group_false_alarm_rate,
    group_sensitivity,
    sensitivity_curves,
    simulate,
    vendor_shift_deployment,
    vendor_validation,
)
from lessons.engine.scenario import separation_from_auc


def q(x):
    """1 - Phi(x)."""
    return 0.5 * math.erfc(x / math.sqrt(2))


def one_group(**kw):
    return Deployment(share_b=0.0, **kw)


def rates(d):
    a = d.groups[0]
    return float(group_sensitivity(a, d)), float(group_false_alarm_rate(a, d))


def test_without_faults_the_binormal_closed_form_holds():
    d = one_group(threshold=1.2, auc=0.85, prevalence=0.1)
    sep = separation_from_auc(0.85)
    sens, fa = rates(d)
    assert sens == pytest.approx(q(1.2 - sep))
    assert fa == pytest.approx(q(1.2))
    c = evaluate(d, 10_000).counts
    assert c.missed == pytest.approx(1_000 * (1 - q(1.2 - sep)))
    assert c.false_alarms == pytest.approx(9_000 * q(1.2))


def test_failing_closed_misses_everyone_who_arrives_during_an_outage():
    base = one_group(threshold=1.0, auc=0.9, prevalence=0.1)
    down = base.with_(outage_rate=0.1)
    s0, f0 = rates(base)
    s1, f1 = rates(down)
    assert s1 == pytest.approx(0.9 * s0)
    assert f1 == pytest.approx(0.9 * f0)
    report = evaluate(down, 10_000)
    assert report.missed_by_cause.outage == pytest.approx(100.0)   # 10% of the 1,000 in need
    assert report.missed_by_cause.total == pytest.approx(report.counts.missed)


def test_failing_open_flags_everyone_who_arrives_during_an_outage():
    base = one_group(threshold=1.0, auc=0.9, prevalence=0.1)
    s0, f0 = rates(base)
    s1, f1 = rates(base.with_(outage_rate=0.2, outage_mode="fail open"))
    assert s1 == pytest.approx(0.8 * s0 + 0.2)
    assert f1 == pytest.approx(0.8 * f0 + 0.2)
    assert evaluate(base.with_(outage_rate=0.2, outage_mode="fail open")).missed_by_cause.outage == 0.0


def test_hidden_risk_words_lower_sensitivity_only_among_the_manipulated():
    base = one_group(threshold=1.0, auc=0.85, prevalence=0.1)
    sep = separation_from_auc(0.85)
    hidden = base.with_(manipulated_share=0.4, manipulation_shift=1.5)
    s, f = rates(hidden)
    assert s == pytest.approx(0.6 * q(1.0 - sep) + 0.4 * q(1.0 - sep + 1.5))
    assert f == pytest.approx(q(1.0))  # people not in need are not targeted
    report = evaluate(hidden, 10_000)
    assert report.missed_by_cause.manipulation == pytest.approx(1_000 * 0.4 * (q(1.0 - sep) - q(2.5 - sep)))
    assert report.missed_by_cause.total == pytest.approx(report.counts.missed)


def test_an_attack_on_everyone_moves_false_alarms_too_and_can_raise_scores():
    base = one_group(threshold=1.0, auc=0.85, prevalence=0.1)
    lowered = base.with_(manipulated_share=1.0, manipulation_shift=1.0, manipulation_target="everyone")
    assert rates(lowered)[1] == pytest.approx(q(2.0))
    raised = lowered.with_(manipulation_shift=-1.0)
    assert rates(raised)[1] == pytest.approx(q(0.0))
    assert evaluate(raised).missed_by_cause.manipulation < 0  # raising scores prevents misses


def test_a_proxy_label_offset_opens_a_gap_between_groups():
    d = Deployment(threshold=1.0, auc=0.85, prevalence=0.1, share_b=0.3, offset_b=-0.8)
    report = evaluate(d)
    sep = separation_from_auc(0.85)
    gap = report.groups.sensitivity_gap
    assert gap.value == pytest.approx(q(1.0 - sep) - q(1.8 - sep))
    assert gap.lowest == "Group B"
    assert report.groups.false_alarm_gap.value == pytest.approx(q(1.0) - q(1.8))
    assert evaluate(d.with_(auc_b=0.7)).groups.sensitivity_gap.value > gap.value


def test_the_derived_dataset_shift_model_matches_wong_2021():
    """AUC 0.63 at the outside hospital, the threshold kept: about 67% missed, 18% alerted."""
    site = evaluate(vendor_shift_deployment()).counts
    assert site.undertriage.value == pytest.approx(WONG_2021["missed_share"], abs=0.03)
    assert site.flag_rate.value == pytest.approx(WONG_2021["alert_share"], abs=0.005)
    assert site.specificity.value == pytest.approx(preset("vendor_after_shift").specificity)
    low = evaluate(vendor_validation(0.76)).counts.sensitivity.value
    high = evaluate(vendor_validation(0.83)).counts.sensitivity.value
    assert 0.5 < low < high < 0.7
    assert site.sensitivity.value < low


def test_simulation_is_seeded_and_converges_to_the_closed_form():
    d = Deployment(threshold=1.0, auc=0.8, prevalence=0.1, share_b=0.3, offset_b=-0.5, outage_rate=0.1,
                   manipulated_share=0.3, manipulation_shift=1.2)
    assert simulate(d, 5_000, seed=4) == simulate(d, 5_000, seed=4)
    assert simulate(d, 5_000, seed=5).counts != simulate(d, 5_000, seed=4).counts
    n = 400_000
    sim, exact = simulate(d, n, seed=9), evaluate(d, n)
    assert sim.missed_by_cause is None
    for s, e in zip(sim.groups.outcomes, exact.groups.outcomes):
        p = e.sensitivity.value
        assert abs(s.sensitivity.value - p) < 4 * math.sqrt(p * (1 - p) / s.counts.need_help)
        f = e.false_alarm_rate.value
        assert abs(s.false_alarm_rate.value - f) < 4 * math.sqrt(f * (1 - f) / s.counts.no_need)


def test_common_random_numbers_a_longer_outage_only_unflags_people():
    sim = FaultSimulation(20_000, seed=2)
    d = Deployment(threshold=1.0, share_b=0.3)
    _, _, flagged_short = sim.people(d.with_(outage_rate=0.05))
    _, _, flagged_long = sim.people(d.with_(outage_rate=0.20))
    assert np.all(flagged_short[flagged_long])
    assert flagged_long.sum() < flagged_short.sum()


def test_everything_down_and_failing_closed_flags_nobody_and_says_so():
    d = one_group(threshold=1.0, outage_rate=1.0)
    report = evaluate(d)
    assert report.counts.flagged == 0
    assert report.counts.ppv.percent() == "undefined: nobody was flagged"
    text = describe_outcomes(report, evaluate(d.without_faults()))
    assert "Nobody is flagged at your site, so the PPV is undefined." in text
    assert "nan" not in text.lower()
    assert "curves never reach 100%" in describe_curves(d, 0.5)


def test_prevalence_zero_is_described_in_words():
    d = one_group(prevalence=0.0)
    report = evaluate(d)
    assert report.counts.need_help == 0
    text = describe_outcomes(report, evaluate(d.with_(prevalence=0.07)))
    assert "Nobody at your site needs help (prevalence 0), so nobody can be missed" in text
    assert not report.groups.sensitivity_gap.defined


def test_per_10k_scales_any_population():
    d = Deployment(threshold=1.0, outage_rate=0.1)
    assert evaluate(d, 1_000).missed_per_10k == pytest.approx(evaluate(d, 10_000).counts.missed)
    assert evaluate(d, 1_000).false_alarms_per_10k == pytest.approx(evaluate(d, 10_000).counts.false_alarms)


def test_fault_ladder_adds_one_kind_of_fault_at_a_time():
    training = Deployment(threshold=1.0, auc=0.8, prevalence=0.07, share_b=0.3)
    site = training.with_(auc=0.63, prevalence=0.1, offset_b=-0.5, outage_rate=0.05, manipulated_share=0.2)
    steps = fault_ladder(site, training)
    assert [s.label for s in steps[:-1]] == [label for label, _ in LADDER_STEPS[:-1]]
    assert steps[-1].label == "+ non-disclosure (people in need keep risk to themselves)"  # not "manipulated"
    attacked = fault_ladder(site.with_(manipulation_target="everyone"), training)
    assert attacked[-1].label == "+ adversarial input (inputs altered on purpose)"
    assert steps[0].report.counts == evaluate(training).counts
    assert steps[1].deployment.auc == 0.63 and steps[1].deployment.offset_b == 0.0
    assert steps[-1].report.counts == evaluate(site).counts
    missed = [s.missed_per_10k for s in steps]
    assert missed == sorted(missed)  # in this example each fault adds misses
    text = describe_ladder(steps)
    assert text.splitlines()[0].split()[-3:] == ["missed", "false", "alarms"]
    assert len(text.splitlines()) == 6


def test_sensitivity_curves_fall_with_the_threshold_and_cap_at_uptime():
    d = Deployment(threshold=1.0, share_b=0.3, offset_b=-0.6, outage_rate=0.25)
    curves = sensitivity_curves(d, np.linspace(-6, 6, 61))
    assert set(curves) == {"Group A", "Group B"}
    assert np.all(np.diff(curves["Group A"]) <= 1e-12)
    assert curves["Group A"].max() <= 0.75 + 1e-9
    assert curves["Group A"][0] == pytest.approx(0.75, abs=1e-4)
    assert np.all(curves["Group B"] <= curves["Group A"] + 1e-12)


@pytest.mark.parametrize("kwargs, message", [
    (dict(auc=0.4), r"auc must be a number in \[0.5, 0.99\]; got 0.4"),
    (dict(prevalence=1.2), "prevalence must be from 0 to 1; got 1.2"),
    (dict(outage_rate=-0.1), "outage_rate must be from 0 to 1; got -0.1"),
    (dict(outage_mode="reboot"), "outage_mode must be one of 'fail closed', 'fail open'; got 'reboot'"),
    (dict(manipulated_share=2), "manipulated_share must be from 0 to 1; got 2.0"),
    (dict(manipulation_shift=9), r"manipulation_shift must be a number in \[-4, 4\]; got 9.0"),
    (dict(manipulation_target="nobody"), "manipulation_target must be one of"),
    (dict(threshold=30), r"threshold must be a number in \[-20, 20\]; got 30.0"),
    (dict(share_b=1.5), "share_b must be from 0 to 1; got 1.5"),
    (dict(offset_b=-7), r"offset_b must be a number in \[-5, 5\]; got -7.0"),
    (dict(auc_b=0.3), r"auc_b must be a number in \[0.5, 0.99\]; got 0.3"),
])
def test_bad_settings_are_rejected_naming_the_value_and_range(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Deployment(**kwargs)


def test_bad_arguments_to_the_engine_are_rejected():
    with pytest.raises(ValueError, match="deployment must be a Deployment"):
        evaluate("site")
    with pytest.raises(ValueError, match="population must be a whole number from 1"):
        evaluate(Deployment(), 0)
    with pytest.raises(ValueError, match="seed must be a whole number"):
        simulate(Deployment(), 100, seed=-3)
    with pytest.raises(ValueError, match="site must be a Deployment"):
        fault_ladder(None, Deployment())
    with pytest.raises(ValueError, match="deployment must be a Deployment"):
        FaultSimulation(100).people({"threshold": 1})


@settings(max_examples=60, deadline=None)
@given(
    t=st.floats(-2, 4), auc=st.floats(0.5, 0.99), o=st.floats(0, 1), m=st.floats(0, 1),
    s=st.floats(0, 4), open_=st.booleans(),
)
def test_rates_stay_between_0_and_1_and_faults_never_help_people_in_need(t, auc, o, m, s, open_):
    base = one_group(threshold=t, auc=auc, prevalence=0.1)
    faulty = base.with_(outage_rate=o, manipulated_share=m, manipulation_shift=s,
                        outage_mode="fail open" if open_ else "fail closed")
    sens, fa = rates(faulty)
    assert 0.0 <= sens <= 1.0 and 0.0 <= fa <= 1.0
    if not open_:
        assert sens <= rates(base)[0] + 1e-12
    report = evaluate(faulty)
    assert report.missed_by_cause.total == pytest.approx(report.counts.missed, abs=1e-6)


@pytest.mark.parametrize("outage", [0.1, 0.3, 0.7, 0.9])
def test_flagging_everyone_never_rounds_into_negative_counts(outage):
    d = Deployment(threshold=-20.0, auc=0.99, share_b=0.3, outage_rate=outage, outage_mode="fail open")
    c = evaluate(d).counts
    assert c.missed == pytest.approx(0.0, abs=1e-9)
    assert c.flag_rate.value == pytest.approx(1.0)
    assert c.ppv.value == pytest.approx(d.prevalence)
