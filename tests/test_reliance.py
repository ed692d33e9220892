"""Lesson 04's chatbot-instead-of-care model: closed forms, a per-person simulation, the explorer driven from
pytest, the notebook's numbers held to the engine, the self-checks and the Fang et al. (2025) source."""

import math

import numpy as np
import pytest
from worked import assert_says, notebook_markdown, worked_solutions

from lessons import lesson_04
from lessons.content.sources import cite
from lessons.engine.consequences import DEFAULT_PARAMS
from lessons.engine.reliance import (
    RANGES,
    RelianceSetting,
    describe_reliance,
    describe_risk_curve,
    reliance_outcomes,
    risk_curve,
    simulate_reliance,
    swap_sweep,
)
from lessons.ui.controls import live_region

STEM = "04_reliance_on_ai"
NONE_SWAP, SWAP_LINE, NOW = 0, 1, 2
CURVE, AT_ONCE, DELAYED = 0, 1, 2


def weekly_survival(weeks: int, h: float) -> float:
    """Chance of no crisis in ``weeks`` whole weeks, multiplied out week by week (independent of the power)."""
    alive = 1.0
    for _ in range(weeks):
        alive -= alive * h
    return alive


# -- closed forms --------------------------------------------------------------------------------------------

def test_defaults_reuse_the_consequence_models_sourced_wait_and_weekly_risk():
    s = RelianceSetting()
    assert s.wait_weeks == DEFAULT_PARAMS.assessment_wait_days / 7 == 6.0
    assert s.weekly_hazard == DEFAULT_PARAMS.weekly_crisis_hazard
    assert (s.users, s.need_share, s.swap_share, s.signposted, s.delay_weeks) == (10_000, 0.2, 0.3, 0.0, 12.0)


@pytest.mark.parametrize("kw", [{}, dict(signposted=0.5), dict(delay_weeks=26, need_share=0.35),
                                dict(swap_share=1.0, weekly_hazard=0.02, wait_weeks=18, users=1234)])
def test_counts_and_crises_follow_the_closed_forms(kw):
    s = RelianceSetting(**kw)
    r = reliance_outcomes(s)
    need = s.users * s.need_share
    delayed = need * s.swap_share * (1 - s.signposted)
    assert r.need == pytest.approx(need) and r.delayed == pytest.approx(delayed)
    assert r.on_time == pytest.approx(need - delayed)
    w, d, h = int(s.wait_weeks), int(s.delay_weeks), s.weekly_hazard
    assert r.risk_on_time == pytest.approx(1 - weekly_survival(w, h))
    assert r.risk_delayed == pytest.approx(1 - weekly_survival(w + d, h))
    assert r.crises == pytest.approx((need - delayed) * (1 - weekly_survival(w, h))
                                     + delayed * (1 - weekly_survival(w + d, h)))
    assert r.crises_if_none_swap == pytest.approx(need * (1 - weekly_survival(w, h)))
    # the other way round: extra = D (1 - h)^W (1 - (1 - h)^d), all among the delayed
    assert r.extra_crises == pytest.approx(delayed * (1 - h) ** w * (1 - (1 - h) ** d))
    assert r.extra_weeks_untreated == pytest.approx(delayed * d)


def test_default_numbers_by_hand():
    r = reliance_outcomes()
    assert (r.need, r.swapped, r.delayed) == pytest.approx((2000, 600, 600))
    assert r.risk_on_time == pytest.approx(1 - 0.995 ** 6)
    assert r.extra_crises == pytest.approx(600 * (0.995 ** 6 - 0.995 ** 18))


def test_no_extra_harm_without_delay_swapping_or_risk_and_full_signposting_removes_it():
    for kw in (dict(swap_share=0.0), dict(delay_weeks=0.0), dict(weekly_hazard=0.0), dict(signposted=1.0),
               dict(need_share=0.0)):
        assert reliance_outcomes(RelianceSetting(**kw)).extra_crises == pytest.approx(0.0, abs=1e-12), kw
    r = reliance_outcomes(RelianceSetting(weekly_hazard=1.0))
    assert r.crises == pytest.approx(r.need) and r.extra_crises == pytest.approx(0.0)


def test_extra_crises_grow_with_the_share_who_swap_and_with_the_delay():
    shares = [reliance_outcomes(RelianceSetting(swap_share=x)).extra_crises for x in (0.1, 0.3, 0.6)]
    assert shares[0] < shares[1] < shares[2]
    assert shares[1] == pytest.approx(3 * shares[0]) and shares[2] == pytest.approx(6 * shares[0])
    delays = [reliance_outcomes(RelianceSetting(delay_weeks=d)).extra_crises for d in (4, 12, 52)]
    assert delays[0] < delays[1] < delays[2]


def test_sweep_is_the_engine_at_every_share():
    s = RelianceSetting(signposted=0.25, delay_weeks=20)
    sweep = swap_sweep(s, 11)
    assert sweep.swap_share.tolist() == pytest.approx([i / 10 for i in range(11)])
    for x, y in zip(sweep.swap_share, sweep.crises):
        assert y == pytest.approx(reliance_outcomes(s.with_(swap_share=float(x))).crises)
    assert sweep.crises_if_none_swap == pytest.approx(sweep.crises[0])


def test_risk_curve_matches_week_by_week_survival():
    weeks = np.arange(0, 60)
    assert risk_curve(weeks, 0.01).tolist() == pytest.approx([1 - weekly_survival(int(w), 0.01) for w in weeks])


# -- the per-person simulation ----------------------------------------------------------------------------------

def test_simulation_agrees_with_the_closed_form_within_sampling_error():
    s = RelianceSetting(users=400_000, signposted=0.4, weekly_hazard=0.01)
    sim, r = simulate_reliance(s, seed=7), reliance_outcomes(s)
    for got, expected, n, p in ((sim.need, r.need, s.users, s.need_share),
                                (sim.delayed, r.delayed, s.users, r.delayed / s.users),
                                (sim.crises_delayed, r.crises_delayed, s.users, r.crises_delayed / s.users),
                                (sim.crises, r.crises, s.users, r.crises / s.users)):
        assert abs(got - expected) < 5 * math.sqrt(n * p * (1 - p)), (got, expected)


def test_simulation_is_seeded_and_each_component_has_its_own_stream():
    s = RelianceSetting(users=20_000)
    assert simulate_reliance(s, 3) == simulate_reliance(s, 3)
    assert simulate_reliance(s, 3) != simulate_reliance(s, 4)
    a, b = simulate_reliance(s, 3), simulate_reliance(s.with_(swap_share=0.6), 3)
    assert a.need == b.need, "changing who swaps must not change who needs care"
    assert b.swapped > a.swapped and b.crises_on_time < a.crises_on_time
    assert simulate_reliance(s.with_(weekly_hazard=1.0), 3).crises == a.need
    assert simulate_reliance(s.with_(weekly_hazard=0.0), 3).crises == 0


# -- bad input ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(RANGES))
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, "0.2", None, True, -0.01, 1e6])
def test_every_number_rejects_nan_infinities_wrong_types_and_out_of_range(name, bad):
    with pytest.raises(ValueError, match=name):
        RelianceSetting(**{name: bad})


@pytest.mark.parametrize("bad", [0, -5, 2.5, "100", True, 10_000_001])
def test_users_must_be_a_whole_number_of_people(bad):
    with pytest.raises(ValueError, match="users"):
        RelianceSetting(users=bad)


def test_functions_reject_wrong_arguments():
    for fn in (reliance_outcomes, swap_sweep, simulate_reliance):
        with pytest.raises(ValueError, match="setting"):
            fn({"need_share": 0.2})
    for fn in (describe_reliance, describe_risk_curve):
        with pytest.raises(ValueError, match="result"):
            fn(RelianceSetting())
    for bad in (1, 1002, 3.5, math.nan):
        with pytest.raises(ValueError, match="points"):
            swap_sweep(RelianceSetting(), bad)
    for bad in (-1, 2**32, 1.5):
        with pytest.raises(ValueError, match="seed"):
            simulate_reliance(RelianceSetting(users=10), bad)
    with pytest.raises(ValueError, match="weekly_hazard"):
        risk_curve([1, 2], math.nan)


# -- text twins --------------------------------------------------------------------------------------------------

def test_text_twin_states_the_engines_numbers():
    r = reliance_outcomes()
    text = describe_reliance(r)
    assert_says(text, "Of 10,000 chatbot users, 2,000 need care (20.0%, illustrative).",
                "600 of them (30.0%) use the chatbot instead", "600 are delayed by 12 weeks",
                f"{100 * r.risk_on_time:.1f}% for someone who seeks care at once",
                f"{100 * r.risk_delayed:.1f}% for someone delayed",
                f"Expected crises while untreated: {r.crises:.1f}", f"about {r.extra_crises:.1f} more crises")
    curve = describe_risk_curve(r)
    assert_says(curve, f"seen after 18 weeks, {100 * r.risk_delayed:.1f}%",
                f"{r.risk_delayed / r.risk_on_time:.1f} times the risk")


def test_edge_cases_are_said_in_words():
    assert "because nobody is delayed" in describe_reliance(reliance_outcomes(RelianceSetting(swap_share=0)))
    assert "because the weekly risk is zero" in describe_reliance(
        reliance_outcomes(RelianceSetting(weekly_hazard=0)))
    assert "Nobody needs care" in describe_reliance(reliance_outcomes(RelianceSetting(need_share=0)))
    assert "stays at 0%" in describe_risk_curve(reliance_outcomes(RelianceSetting(weekly_hazard=0)))
    assert "With no delay" in describe_risk_curve(reliance_outcomes(RelianceSetting(delay_weeks=0)))
    for text in (describe_reliance(reliance_outcomes(RelianceSetting(wait_weeks=0, weekly_hazard=1.0))),):
        assert "nan" not in text.lower() and "inf" not in text.lower()


# -- the explorer, driven as a learner drives it -----------------------------------------------------------------

def explorer_setting(e) -> RelianceSetting:
    return RelianceSetting(**e.values())


def test_explorer_starts_at_the_default_and_its_figures_show_the_engine():
    e = lesson_04.CareDelayExplorer()
    r = reliance_outcomes()
    swap, risk = e.figures
    assert list(swap.data[NONE_SWAP].y) == pytest.approx([r.crises_if_none_swap] * 2)
    assert list(swap.data[NOW].x) == [0.3] and list(swap.data[NOW].y) == pytest.approx([r.crises])
    assert list(risk.data[AT_ONCE].x) == [6.0] and list(risk.data[AT_ONCE].y) == pytest.approx([100 * r.risk_on_time])
    assert list(risk.data[DELAYED].x) == [18.0] and list(risk.data[DELAYED].y) == pytest.approx([100 * r.risk_delayed])
    assert e.twins[0].value == live_region(describe_reliance(r))
    assert e.twins[1].value == live_region(describe_risk_curve(r))
    labels = [c.label for c in e.controls.values()]
    assert all(labels) and len(set(labels)) == len(labels)


def test_moving_the_sliders_redraws_figures_and_twins_from_the_engine():
    e = lesson_04.CareDelayExplorer()
    e.controls["signposted"].value = 0.5
    e.controls["delay_weeks"].value = 26
    r = reliance_outcomes(explorer_setting(e))
    assert r.setting.signposted == 0.5 and r.setting.delay_weeks == 26
    swap, risk = e.figures
    sweep = swap_sweep(r.setting)
    assert list(swap.data[SWAP_LINE].y) == pytest.approx(sweep.crises.tolist())
    assert list(swap.data[NOW].y) == pytest.approx([r.crises])
    assert list(risk.data[DELAYED].x) == [32.0]
    assert list(risk.data[CURVE].y)[-1] == pytest.approx(100 * (1 - 0.995 ** 52))
    assert f"about {r.extra_crises:.1f} more crises" in e.twins[0].value
    redraws = e.redraws
    assert e.set_values(need_share=0.2) is False and e.redraws == redraws, "no-op change must not redraw"
    assert e.set_values(swap_share=0.0, weekly_hazard=0.01) is True
    assert "because nobody is delayed" in e.twins[0].value
    assert list(e.figures[0].data[NOW].y) == pytest.approx(list(e.figures[0].data[NONE_SWAP].y)[:1])


def test_explorer_rejects_a_wrong_setting():
    with pytest.raises(ValueError, match="setting"):
        lesson_04.CareDelayExplorer(setting={"need_share": 0.2})


def test_every_figure_series_differs_by_more_than_colour():
    e = lesson_04.CareDelayExplorer()
    swap, risk = e.figures
    assert len({(t.line.dash if t.mode != "markers+text" else t.marker.symbol) for t in swap.data}) == 3
    assert len({t.marker.symbol if "markers" in t.mode else t.line.dash for t in risk.data}) == 3
    assert all(t.name for fig in e.figures for t in fig.data)


# -- the notebook's prose, held to the engine --------------------------------------------------------------------

def test_notebook_numbers_come_from_the_engine():
    text = notebook_markdown(STEM)
    base = reliance_outcomes()
    half = reliance_outcomes(RelianceSetting(signposted=0.5))
    late = reliance_outcomes(RelianceSetting(delay_weeks=26))
    pc = lambda x: f"{100 * x:.1f}%"  # noqa: E731
    assert_says(text, "## Going further (optional): Using a chatbot instead of care",
                f"{base.swapped:,.0f} of the {base.need:,.0f} people who need care use the chatbot instead",
                f"a {pc(base.risk_on_time)} chance of a crisis before being seen",
                f"12 weeks with the chatbot has {pc(base.risk_delayed)}",
                f"**about {base.extra_crises:.0f} more crises**",
                f"the extra falls to about {half.extra_crises:.0f}")
    solution = next(s for s in worked_solutions(STEM) if "26-week delay" in s)
    assert_says(solution, f"seen after {26 + 6} weeks, with a {pc(late.risk_delayed)} chance",
                f"about **{late.extra_crises:.0f} more crises**")
    assert late.risk_delayed / base.risk_on_time < (26 + 6) / 6, "the solution says the chance grows more slowly"


def test_notebook_states_the_study_and_its_limits_and_labels_the_rest_illustrative():
    text = notebook_markdown(STEM)
    assert_says(text, "**981**", "**four weeks**", "(Fang et al., 2025)", "MIT Media Lab and OpenAI",
                "more loneliness, more emotional dependence", "**association**", "**preprint**",
                "the model below uses **illustrative** numbers throughout, except the 6-week wait")
    for number in ("**10,000 chatbot users**", "**20%**", "**30%**", "**12 weeks**", "**0.5% a week**"):
        assert number in text


def test_reliance_section_cites_the_preprint():
    fang = cite("fang2025")
    assert "preprint" in fang.citation.lower() and "not peer reviewed" in fang.citation
    assert fang.link == "https://arxiv.org/abs/2503.17473"
    assert {"fang2025", "nhs_tt_standard"} <= set(lesson_04.SOURCE_KEYS)
    assert "arxiv.org/abs/2503.17473" in lesson_04.sources().data


# -- self-checks -------------------------------------------------------------------------------------------------

def test_no_swap_self_check_is_what_the_engine_says():
    q = lesson_04.q_reliance_no_swap
    for delay in (12, 52):
        assert reliance_outcomes(RelianceSetting(swap_share=0, delay_weeks=delay)).extra_crises == 0
    assert q.check(q.answer).correct
    assert all(not q.check(o).correct and q.check(o).message != "Think again, then try another option."
               for o in q.options if o != q.answer)


def test_dependence_self_check_keys_the_association_reading():
    q = lesson_04.q_dependence_study
    assert "either way" in q.answer and q.check(q.answer).correct
    assert "preprint" in q.explanation
    assert all(not q.check(o).correct for o in q.options if o != q.answer)
