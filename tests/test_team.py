"""The human + AI team engine: closed forms, flips, shared errors, simulation, right/wrong model."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.engine.team import (
    Flips,
    TeamSetting,
    describe_fit,
    describe_flips,
    describe_right_wrong,
    describe_team,
    fit_reliance,
    joint_right,
    reliance,
    right_wrong_team,
    setting_from_presets,
    simulate_team,
    team_outcomes,
    team_sensitivity,
    team_specificity,
    trust_sweep,
)

share = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
FIELDS = ("prevalence", "clinician_sensitivity", "clinician_specificity", "ai_sensitivity", "ai_specificity",
          "accept_ai_flag", "accept_ai_clear", "shared_errors")


def gp_with_phq9(**changes):
    """Unaided GP (Mitchell 2009) with the PHQ-9 tool (Levis 2019), prevalence 10%, trust 0.5."""
    base = TeamSetting(0.10, 0.501, 0.813, 0.88, 0.85, 0.5, 0.5)
    return base.with_(**changes)


# -- closed forms ----------------------------------------------------------------------------------

def test_default_scenario_matches_hand_computed_closed_form():
    r = team_outcomes(gp_with_phq9())
    sens = 0.501 * 0.88 + 0.501 * 0.12 * 0.5 + 0.499 * 0.88 * 0.5
    spec = 0.813 * 0.85 + 0.813 * 0.15 * 0.5 + 0.187 * 0.85 * 0.5
    assert r.team.sensitivity.value == pytest.approx(sens) == pytest.approx(0.6905)
    assert r.team.specificity.value == pytest.approx(spec) == pytest.approx(0.8315)
    assert r.team.missed == pytest.approx(100 * (1 - sens))
    assert r.team.false_alarms == pytest.approx(900 * (1 - spec))
    assert r.right_to_wrong_per_1000 == pytest.approx(100 * 0.501 * 0.12 * 0.5 + 900 * 0.813 * 0.15 * 0.5)
    assert r.wrong_to_right_per_1000 == pytest.approx(100 * 0.499 * 0.88 * 0.5 + 900 * 0.187 * 0.85 * 0.5)
    assert r.flips.new_missed == pytest.approx(3.006)
    share = r.team.missed / (r.team.missed + r.team.false_alarms)
    assert r.missed_share_of_errors().value == pytest.approx(share)
    assert f"Of the team's errors, {100 * share:.0f}% are missed people" in describe_team(r)
    assert r.flips.new_false_alarms == pytest.approx(54.8775)


def test_each_party_keeps_its_own_published_operating_point():
    r = team_outcomes(gp_with_phq9(population=10_000))
    assert r.clinician.sensitivity.value == pytest.approx(0.501)
    assert r.clinician.specificity.value == pytest.approx(0.813)
    assert r.ai.sensitivity.value == pytest.approx(0.88)
    assert r.ai.specificity.value == pytest.approx(0.85)
    assert r.team.population == pytest.approx(10_000)
    # per-1,000 figures do not depend on the population size
    assert r.errors_per_1000("team") == pytest.approx(team_outcomes(gp_with_phq9()).errors_per_1000("team"))


@settings(max_examples=80, deadline=None)
@given(sc=share, sa=share, pc=share, pa=share, bf=share, bc=share)
def test_closed_form_is_the_issue_formula_when_errors_are_independent(sc, sa, pc, pa, bf, bc):
    sens = team_sensitivity(sc, sa, bf, bc)
    spec = team_specificity(pc, pa, bf, bc)
    assert sens == pytest.approx(sc * sa + sc * (1 - sa) * (1 - bc) + (1 - sc) * sa * bf, abs=1e-12)
    assert spec == pytest.approx(pc * pa + pc * (1 - pa) * (1 - bf) + (1 - pc) * pa * bc, abs=1e-12)


@settings(max_examples=80, deadline=None)
@given(values=st.tuples(*[share] * 8))
def test_flips_account_for_every_change_from_the_clinician_alone(values):
    r = team_outcomes(TeamSetting(**dict(zip(FIELDS, values))))
    c, t, f = r.clinician, r.team, r.flips
    assert t.tp == pytest.approx(c.tp - f.new_missed + f.misses_caught, abs=1e-9)
    assert t.fp == pytest.approx(c.fp + f.new_false_alarms - f.false_alarms_avoided, abs=1e-9)
    right_alone, right_team = c.tp + c.tn, t.tp + t.tn
    assert right_team - right_alone == pytest.approx(f.net_gain, abs=1e-9)
    assert f.right_to_wrong + f.wrong_to_right <= r.disagreements + 1e-9
    for counts in (r.clinician, r.ai, r.team):
        assert all(math.isfinite(v) and v >= 0 for v in counts.as_dict().values())


def test_trust_zero_is_the_clinician_and_full_trust_is_the_ai():
    zero = team_outcomes(gp_with_phq9().with_trust(0.0))
    full = team_outcomes(gp_with_phq9().with_trust(1.0))
    assert zero.team.as_dict() == pytest.approx(zero.clinician.as_dict())
    assert full.team.as_dict() == pytest.approx(full.ai.as_dict())
    assert zero.flips.right_to_wrong == 0 and zero.flips.wrong_to_right == 0


@settings(max_examples=60, deadline=None)
@given(sc=share, sa=share, pc=share, pa=share, trust=share)
def test_following_only_reassurance_never_catches_anyone_the_clinician_missed(sc, sa, pc, pa, trust):
    """Full alert fatigue: AI all-clears accepted, AI flags ignored -> sensitivity can only fall."""
    r = team_outcomes(TeamSetting(0.2, sc, pc, sa, pa).with_trust(trust, alert_fatigue=1.0))
    assert r.flips.misses_caught == 0
    assert r.team.tp <= r.clinician.tp + 1e-9
    assert r.team.missed >= r.clinician.missed - 1e-9


def test_a_worse_ai_followed_often_makes_the_gp_worse_on_both_errors():
    """An AI worse than the GP on both sensitivity and specificity: trust adds misses and false alarms."""
    r = team_outcomes(TeamSetting(0.1, 0.6, 0.85, 0.4, 0.7).with_trust(0.8))
    assert r.team.missed > r.clinician.missed
    assert r.team.false_alarms > r.clinician.false_alarms
    assert r.flips.net_gain < 0
    assert "fewer right decisions than the clinician alone" in describe_flips(r)


# -- shared errors -------------------------------------------------------------------------------

def test_joint_right_runs_from_independence_to_the_largest_overlap():
    assert joint_right(0.8, 0.9, 0.0) == pytest.approx(0.72)
    assert joint_right(0.8, 0.9, 1.0) == pytest.approx(0.8)
    assert joint_right(0.8, 0.9, 0.5) == pytest.approx(0.76)
    arr = joint_right(np.array([0.8, 0.5]), 0.9, 1.0)
    assert arr.tolist() == pytest.approx([0.8, 0.5])


def test_fully_shared_errors_with_equal_accuracy_leave_nothing_to_disagree_about():
    r = team_outcomes(TeamSetting(0.1, 0.7, 0.8, 0.7, 0.8, 1.0, 1.0, shared_errors=1.0))
    assert r.disagreements == pytest.approx(0.0, abs=1e-9)
    assert r.team.as_dict() == pytest.approx(r.clinician.as_dict())
    assert describe_flips(r) == "The clinician and the AI never disagree here, so the AI changes no decisions."


def test_shared_errors_shrink_what_the_ai_can_add():
    gains = [team_outcomes(gp_with_phq9(shared_errors=s)).flips.wrong_to_right for s in (0.0, 0.5, 1.0)]
    assert gains[0] > gains[1] > gains[2]
    # at full overlap every person the GP gets right is right for the better AI too: no right -> wrong
    # among those in need (AI sensitivity 0.88 > GP 0.501)
    assert team_outcomes(gp_with_phq9(shared_errors=1.0)).flips.new_missed == pytest.approx(0.0, abs=1e-12)


# -- trust sweep ------------------------------------------------------------------------------------

def test_sweep_matches_point_results_and_is_straight():
    sweep = trust_sweep(gp_with_phq9(), alert_fatigue=0.3, points=11)
    for i, trust in enumerate(sweep.trust):
        point = team_outcomes(gp_with_phq9().with_trust(float(trust), 0.3))
        assert sweep.missed[i] == pytest.approx(point.team.missed)
        assert sweep.false_alarms[i] == pytest.approx(point.team.false_alarms)
        assert sweep.right_to_wrong[i] == pytest.approx(point.right_to_wrong_per_1000)
        assert sweep.wrong_to_right[i] == pytest.approx(point.wrong_to_right_per_1000)
    assert np.allclose(np.diff(sweep.missed, 2), 0.0)
    assert sweep.trust[0] == 0.0 and sweep.trust[-1] == 1.0


def test_reliance_dials():
    assert reliance(0.6, 0.5) == pytest.approx((0.3, 0.6))
    assert reliance(0.6) == (0.6, 0.6)
    s = gp_with_phq9().with_trust(0.8, 0.25)
    assert (s.accept_ai_flag, s.accept_ai_clear) == pytest.approx((0.6, 0.8))


# -- simulation ------------------------------------------------------------------------------------

@pytest.mark.parametrize("shared", [0.0, 0.6])
def test_simulation_converges_to_the_closed_form(shared):
    setting = TeamSetting(0.2, 0.501, 0.813, 0.88, 0.85, 0.7, 0.4, shared_errors=shared, population=400_000)
    exact = team_outcomes(setting)
    sim = simulate_team(setting, seed=7).result()
    n = setting.population
    for name in ("clinician", "ai", "team"):
        for cell in ("tp", "fn", "fp", "tn"):
            e, s = getattr(getattr(exact, name), cell), getattr(getattr(sim, name), cell)
            se = math.sqrt(n * (e / n) * (1 - e / n))
            assert abs(s - e) <= 5 * se + 1, (name, cell, s, e)
    for field in ("new_missed", "new_false_alarms", "misses_caught", "false_alarms_avoided"):
        e, s = getattr(exact.flips, field), getattr(sim.flips, field)
        assert abs(s - e) <= 5 * math.sqrt(e) + 1, (field, s, e)
    assert abs(sim.disagreements - exact.disagreements) <= 5 * math.sqrt(exact.disagreements) + 1


def test_simulation_is_deterministic_and_agrees_with_its_own_flips():
    setting = gp_with_phq9(population=5_000)
    a, b = simulate_team(setting, seed=11), simulate_team(setting, seed=11)
    assert np.array_equal(a.team_flag, b.team_flag) and np.array_equal(a.needs_help, b.needs_help)
    assert not np.array_equal(a.team_flag, simulate_team(setting, seed=12).team_flag)
    r = a.result()
    assert r.team.tp == r.clinician.tp - r.flips.new_missed + r.flips.misses_caught
    assert r.team.fp == r.clinician.fp + r.flips.new_false_alarms - r.flips.false_alarms_avoided
    # where the two agree, the team makes their shared call
    agree = a.clinician_flag == a.ai_flag
    assert np.array_equal(a.team_flag[agree], a.clinician_flag[agree])


def test_simulation_at_the_extremes_of_trust():
    s = gp_with_phq9(population=2_000)
    zero = simulate_team(s.with_trust(0.0), seed=3)
    full = simulate_team(s.with_trust(1.0), seed=3)
    assert np.array_equal(zero.team_flag, zero.clinician_flag)
    assert np.array_equal(full.team_flag, full.ai_flag)


# -- right / wrong model, everyday reliance, Goddard 2014 -----------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(c=share, a=share, t=share, prevalence=share)
def test_right_wrong_model_is_the_team_model_with_equal_sensitivity_and_specificity(c, a, t, prevalence):
    rw = right_wrong_team(c, a, t, decisions=1000)
    r = team_outcomes(TeamSetting(prevalence, c, c, a, a, t, t))
    assert rw.right_with_ai == pytest.approx(r.team.tp + r.team.tn, abs=1e-7)
    assert rw.right_to_wrong == pytest.approx(r.flips.right_to_wrong, abs=1e-7)
    assert rw.wrong_to_right == pytest.approx(r.flips.wrong_to_right, abs=1e-7)


def test_goddard_2014_numbers_fit_and_round_trip():
    fit = fit_reliance(0.504, 0.583, 0.052)
    assert fit.wrong_to_right == pytest.approx(0.131)
    assert fit.ai_accuracy == pytest.approx(0.7191, abs=5e-4)
    assert fit.trust == pytest.approx(0.3673, abs=5e-4)
    back = right_wrong_team(0.504, fit.ai_accuracy, fit.trust, decisions=1000)
    assert back.accuracy_with_ai == pytest.approx(0.583)
    assert back.right_to_wrong == pytest.approx(52.0)
    assert "71.9%" in describe_fit(fit) and "not a number the study reported" in describe_fit(fit)


@settings(max_examples=60, deadline=None)
@given(c=st.floats(0.05, 0.95), a=st.floats(0.05, 0.95), t=st.floats(0.05, 1.0))
def test_fit_recovers_the_advice_accuracy_and_trust_that_made_the_numbers(c, a, t):
    rw = right_wrong_team(c, a, t, decisions=1)
    fit = fit_reliance(c, rw.accuracy_with_ai, rw.right_to_wrong)
    assert fit.ai_accuracy == pytest.approx(a, abs=1e-6)
    assert fit.trust == pytest.approx(t, abs=1e-6)


def test_fit_edge_cases_answer_in_words():
    none = fit_reliance(0.5, 0.5, 0.0)
    assert none.ai_accuracy is None and none.trust is None and "No decision changed" in describe_fit(none)
    perfect = fit_reliance(0.5, 0.6, 0.0)
    assert perfect.ai_accuracy == 1.0 and perfect.trust == pytest.approx(0.2)
    all_right = fit_reliance(1.0, 0.9, 0.1)
    assert all_right.ai_accuracy is None and "cannot be separated" in all_right.note
    too_much = fit_reliance(0.5, 0.55, 0.45)   # needs trust above 1
    assert too_much.trust is None and "assumptions do not hold" in describe_fit(too_much)


def test_everyday_reliance_text():
    rw = right_wrong_team(0.8, 0.9, 0.7, decisions=100)
    assert rw.right_with_ai == pytest.approx(80 - 5.6 + 12.6)
    assert describe_right_wrong(rw) == ("Out of 100 decisions you get 80 right alone and 87 with the AI. Following "
                                        "it turns about 13 wrong answers into right ones and about 6 right answers "
                                        "into wrong ones.")
    assert "you never switch" in describe_right_wrong(right_wrong_team(0.8, 0.9, 0.0))


# -- edge cases and bad input ---------------------------------------------------------------------------

def test_nobody_needs_help_gives_words_not_nan():
    r = team_outcomes(gp_with_phq9(prevalence=0.0))
    assert r.team.sensitivity.value is None
    assert "nobody needs help, so nobody is missed" in describe_team(r)
    assert r.flips.new_missed == 0 and r.flips.misses_caught == 0


def test_everybody_needs_help_and_no_errors_are_defined():
    r = team_outcomes(gp_with_phq9(prevalence=1.0))
    assert "everybody needs help, so there are no false alarms" in describe_team(r)
    perfect = team_outcomes(TeamSetting(0.1, 1.0, 1.0, 1.0, 1.0))
    assert str(perfect.missed_share_of_errors()) == "undefined: there are no errors at all"
    assert describe_team(perfect).endswith("The team makes no errors at all.")
    assert perfect.missed_share_of_errors("clinician").value is None


def test_trust_zero_text_says_nothing_changes():
    r = team_outcomes(gp_with_phq9().with_trust(0.0))
    assert describe_flips(r).startswith("The clinician never goes along with the AI")


def test_presets_build_the_default_setting():
    s = setting_from_presets("gp_unaided", "phq9_primary_care", trust=0.5)
    assert s == gp_with_phq9()
    assert setting_from_presets(prevalence=0.3).prevalence == 0.3


@pytest.mark.parametrize("call,message", [
    (lambda: TeamSetting(prevalence=1.5), "prevalence must be from 0 to 1; got 1.5"),
    (lambda: TeamSetting(accept_ai_flag=-0.1), "accept_ai_flag must be from 0 to 1; got -0.1"),
    (lambda: TeamSetting(population=0), "population must be a whole number from 1 to 10,000,000; got 0"),
    (lambda: reliance(1.2), "trust must be from 0 to 1; got 1.2"),
    (lambda: reliance(0.5, 2), "alert_fatigue must be from 0 to 1; got 2.0"),
    (lambda: trust_sweep(TeamSetting(), points=1), "points must be a whole number from 2 to 10,001; got 1"),
    (lambda: simulate_team(TeamSetting(), seed=-1), "seed must be a whole number from 0"),
    (lambda: simulate_team("setting"), "setting must be a TeamSetting; got str"),
    (lambda: team_sensitivity(0.5, 0.5, np.array([0.2, 1.2]), 0.5), "accept_ai_flag must hold numbers from 0 to 1; got 1.2"),
    (lambda: joint_right(0.5, 0.5, 1.5), "shared_errors must be from 0 to 1; got 1.5"),
    (lambda: right_wrong_team(0.8, 0.9, 0.5, decisions=0), "decisions must be a whole number from 1"),
    (lambda: fit_reliance(0.5, 0.6, 0.7), "right_to_wrong must be from 0 to 0.5; got 0.7"),
    (lambda: fit_reliance(0.5, 0.95, 0.1), "accuracy_after must be from 0.4 to 0.9.*got 0.95"),
    (lambda: setting_from_presets("nobody"), "preset must be one of"),
    (lambda: team_outcomes(TeamSetting()).errors_per_1000("nurse"), "party must be one of"),
])
def test_bad_input_names_the_parameter_value_and_range(call, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace("+", r"\+")):
        call()


def test_flips_scale():
    f = Flips(1, 2, 3, 4).scaled(10)
    assert (f.right_to_wrong, f.wrong_to_right, f.net_gain) == (30, 70, 40)


@settings(max_examples=60, deadline=None)
@given(sc=share, sa=share, pc=share, pa=share, trust=share, shared=share)
def test_symmetric_trust_mixes_the_two_operating_points_whatever_the_overlap(sc, sa, pc, pa, trust, shared):
    """One trust for both directions: team = (1 - trust) * clinician + trust * AI; overlap changes only the churn."""
    r = team_outcomes(TeamSetting(0.3, sc, pc, sa, pa, trust, trust, shared))
    assert r.team.tp / 300 == pytest.approx((1 - trust) * sc + trust * sa, abs=1e-9)
    assert r.team.tn / 700 == pytest.approx((1 - trust) * pc + trust * pa, abs=1e-9)
    independent = team_outcomes(TeamSetting(0.3, sc, pc, sa, pa, trust, trust, 0.0))
    assert r.flips.right_to_wrong <= independent.flips.right_to_wrong + 1e-9
