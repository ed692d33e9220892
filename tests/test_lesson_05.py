"""Lesson 05 (lack of human contact): explorers driven like a learner drives them, and the self-checks."""

import re

import numpy as np
import pytest

from lessons.engine.capacity import Clinic, compare_routes, run_route
from lessons.engine.consequences import DEFAULT_PARAMS
from lessons.engine.describe import people
from lessons.lesson_05 import (
    BACKLOG_CLINIC,
    DEFAULT_CLINIC,
    LINE_STYLE,
    SPECIFICITY_GRID,
    STANDARD_WEEKS,
    BacklogExplorer,
    OperatingPointPicker,
    RouteExplorer,
    backlog_curve,
    backlog_view,
    summary,
    describe_breakdown,
    predict_human_first,
    q_missed_count,
    q_queue_after_10_weeks,
    simulated_summary,
    weekly_consequences,
    weekly_counts,
)
from lessons.content.presets import PRESETS
from worked import assert_says, notebook_markdown, pct, worked_solutions

STEM = "05_human_contact"
WEEKS = np.arange(1, 27)


def y(fig, i):
    return np.array(fig.data[i].y, dtype=float)


# -- the route explorer ------------------------------------------------------------------------------

@pytest.fixture
def routes():
    return RouteExplorer()


def test_route_explorer_starts_with_the_default_clinic(routes):
    waiting, breakdown = routes.figures
    assert [t.name for t in waiting.data] == [style[0] for style in LINE_STYLE.values()]
    assert list(waiting.data[0].x) == WEEKS.tolist()
    # AI-first: 30.9 flagged a week fit in 40 slots, so nobody waits
    assert np.all(y(waiting, 0) == 0) and np.all(y(waiting, 2) == 0)
    # human-first: 60 a week into 40 slots, the queue grows by 20 a week, half of them in need
    assert y(waiting, 1) == pytest.approx(10 * WEEKS)
    # missed people sent to self-help only: 60 x 0.5 x 0.12 = 3.6 a week
    assert y(waiting, 3) == pytest.approx(3.6 * WEEKS, abs=0.05)
    # breakdown: seen / still waiting / self-help only, for AI-first then human-first
    assert list(breakdown.data[0].x) == ["AI-first", "Human-first"]
    assert y(breakdown, 0) == pytest.approx([686.4, 520])
    assert y(breakdown, 1) == pytest.approx([0, 260])
    assert y(breakdown, 2) == pytest.approx([93.6, 0])
    assert "about 94 missed people to self-help only" in routes.twins[0].value
    assert "human-first queue holds 260 people who need help" in routes.twins[0].value
    assert "about 686 are seen by a clinician (88%)" in routes.twins[1].value
    assert "520 are seen by a clinician (67%)" in routes.twins[1].value


def test_enough_slots_for_everyone_empties_the_human_first_queue(routes):
    before = routes.redraws
    routes.controls["slots_per_week"].value = 60
    assert routes.redraws == before + 1
    waiting, breakdown = routes.figures
    assert np.all(y(waiting, 1) == 0)
    assert y(breakdown, 0) == pytest.approx([686.4, 780])
    assert "everyone in need was seen in the week they joined the queue" in routes.twins[0].value
    assert "780 are seen by a clinician (100%)" in routes.twins[1].value


def test_false_alarms_push_real_cases_back_in_the_ai_first_queue(routes):
    routes.set_values(slots_per_week=28, specificity=0.6)
    waiting = routes.figures[0]
    flagged = 26.4 + 30 * 0.4  # correctly flagged + false alarms a week
    growth = flagged - 28
    assert y(waiting, 0)[-1] == pytest.approx(26 * growth * 26.4 / flagged, abs=0.05)
    assert y(waiting, 2)[-1] == pytest.approx(26 * growth * 12 / flagged, abs=0.05)
    tighter = y(waiting, 0)[-1]
    routes.controls["specificity"].value = 0.95
    assert y(waiting, 0)[-1] < tighter
    assert "the AI-first queue holds" in routes.twins[0].value


def test_text_twins_say_the_numbers_in_the_figures(routes):
    routes.set_values(slots_per_week=25, referrals_per_week=80)
    comparison = compare_routes(DEFAULT_CLINIC.with_(slots_per_week=25, referrals_per_week=80))
    waiting = routes.figures[0]
    assert y(waiting, 1)[-1] == pytest.approx(comparison.human_first.waiting_need, abs=0.05)
    assert f"holds {comparison.human_first.waiting_need:,.0f} people who need help" in routes.twins[0].value
    assert describe_breakdown(comparison).split("\n\n")[0] in routes.twins[1].value


def test_zero_slots_and_zero_prevalence_are_described_in_words(routes):
    routes.controls["slots_per_week"].value = 0
    text = routes.twins[0].value + routes.twins[1].value
    assert "With no clinician slots, both queues only grow" in text
    assert "undefined: no clinician slots, so nobody was seen" in text
    assert "nan" not in text.lower()
    routes.controls["prevalence"].value = 0.0
    assert "nobody referred needs help" in routes.twins[1].value


def test_route_explorer_rejects_bad_input():
    with pytest.raises(ValueError, match="clinic must be a Clinic"):
        RouteExplorer(clinic={"slots": 3})
    with pytest.raises(ValueError, match="control names must be among"):
        RouteExplorer().set_values(capacity=3)


def test_operating_point_picker_loads_only_sensitivity_and_specificity(routes):
    picker = OperatingPointPicker(routes)
    picker.dropdown.value = "gp_unaided"
    gp = PRESETS["gp_unaided"]
    assert routes.controls["sensitivity"].value == gp.sensitivity
    assert routes.controls["specificity"].value == gp.specificity
    assert routes.controls["prevalence"].value == DEFAULT_CLINIC.prevalence
    assert "(sourced)" in picker.note.value and "prevalence of the referrals is unchanged" in picker.note.value
    missed = 60 * 0.5 * (1 - gp.sensitivity) * 26
    assert y(routes.figures[1], 2)[0] == pytest.approx(missed, abs=0.05)
    picker.dropdown.value = ""
    assert picker.note.value == ""
    with pytest.raises(ValueError, match="key must be one of"):
        picker.apply("trauma_field_triage")
    with pytest.raises(ValueError, match="preset must be one of"):
        OperatingPointPicker(routes, keys=("nope",))


# -- the backlog explorer --------------------------------------------------------------------------------

def backlog_closed_form(spec, slots=30, weeks=26):
    flagged = 26.4 + 30 * (1 - spec)
    return weeks * max(0.0, flagged - slots) / slots


def test_backlog_explorer_matches_the_closed_form():
    ex = BacklogExplorer()
    curve, std6, std18, here = ex.figure.data
    assert np.array(curve.y) == pytest.approx([backlog_closed_form(s) for s in curve.x])
    assert list(std6.y) == [6, 6] and list(std18.y) == [18, 18]
    assert here.y[0] == pytest.approx(backlog_closed_form(0.85))
    assert "within the 6-week standard" in ex.text.value
    ex.controls["specificity"].value = 0.6
    assert ex.figure.data[3].y[0] == pytest.approx(backlog_closed_form(0.6))
    assert ex.figure.data[3].x[0] == 0.6
    assert "beyond the 6-week standard" in ex.text.value
    assert "12.0 false alarms" in ex.text.value


def test_backlog_curve_is_cached_per_slot_count_and_redrawn_on_change():
    ex = BacklogExplorer()
    ex.controls["slots_per_week"].value = 20
    assert ex.figure.data[0].name == "Backlog with 20 slots a week"
    assert np.array(ex.figure.data[0].y) == pytest.approx(
        [backlog_closed_form(s, slots=20) for s in ex.figure.data[0].x])
    assert "a backlog of 14.2 weeks" in ex.text.value  # 26 x (30.9 - 20) / 20
    assert "beyond the 6-week standard" in ex.text.value
    ex.controls["specificity"].value = 0.5
    assert "beyond even the 18-week standard" in ex.text.value
    assert set(ex._curves) == {30, 20}
    before = ex.redraws
    ex.controls["slots_per_week"].value = 20
    assert ex.update() is False and ex.redraws == before


def test_backlog_with_no_slots_is_undefined_in_words():
    ex = BacklogExplorer()
    ex.controls["slots_per_week"].value = 0
    assert all(v is None for v in ex.figure.data[0].y)
    assert list(ex.figure.data[3].y) == []
    assert "the backlog is undefined: the queue never clears" in ex.text.value
    assert backlog_curve(Clinic(slots_per_week=0), [0.5, 0.9]) == (None, None)


def test_backlog_curve_falls_as_specificity_rises():
    values = backlog_curve(Clinic(slots_per_week=30))
    assert all(a >= b for a, b in zip(values, values[1:]))


# -- printed summaries ------------------------------------------------------------------------------

def test_default_summary_states_both_routes():
    text = summary()
    assert text.startswith("AI-first: of 780 people who need help")
    assert "Human-first: of 780 people who need help, on average 520 are seen" in text


def test_simulated_summary_is_deterministic_and_adds_up():
    text = simulated_summary()
    assert text == simulated_summary()
    assert text != simulated_summary(seed=1)
    comparison = compare_routes(DEFAULT_CLINIC, "simulated", 2024)
    for r in comparison.routes:
        bands = r.queue.wait_bands()
        assert sum(bands.values()) == r.queue.total_arrived("need")
    assert f"sent {comparison.ai_first.self_help_need:,.0f} of them to self-help only" in text


def test_weekly_consequences_follow_the_ai_first_flows():
    counts = weekly_counts()
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == pytest.approx((26.4, 3.6, 4.5, 25.5))
    result = weekly_consequences()
    assert result.pathway("missed").days_waiting_each == 132
    assert result.unneeded_share.value == pytest.approx(4.5 / 34.5)


def test_breakdown_twin_reports_crises_from_the_engine():
    comparison = compare_routes(DEFAULT_CLINIC)
    crises = comparison.ai_first.expected_crises(0.005, represent_weeks=90 / 7)
    text = describe_breakdown(comparison)
    assert f"{crises['self-help only']:.1f} among people sent to self-help only" in text
    assert "illustrative" in text


# -- predict first and self-checks -----------------------------------------------------------------

def test_prediction_reveals_the_engine_answer():
    assert predict_human_first.truth == 67  # 520 of 780 seen
    assert predict_human_first.reveal(67).endswith(predict_human_first.explain)
    assert "Very close" in predict_human_first.reveal(65)
    assert "too high" in predict_human_first.reveal(95)
    with pytest.raises(ValueError, match="guess must be a number in"):
        predict_human_first.reveal(120)


def test_numeric_answers_come_from_the_engine():
    assert q_missed_count.answer == pytest.approx(60 * 0.5 * (1 - 0.88) * 26)
    assert q_queue_after_10_weeks.answer == pytest.approx((60 - 40) * 10)
    for q in (q_missed_count, q_queue_after_10_weeks):
        assert q.check(q.answer).correct
        assert q.check(q.answer + 0.5).correct
        high, low = q.check(q.answer + 20), q.check(q.answer - 20)
        assert not high.correct and "too high" in high.message and q.hint in high.message
        assert not low.correct and "too low" in low.message


def test_sources_list_every_key_and_the_illustrative_numbers():
    from lessons.lesson_05 import ILLUSTRATIVE, SOURCE_KEYS, sources
    from lessons.content.sources import SOURCES

    assert all(k in SOURCES for k in SOURCE_KEYS)
    text = sources().data
    assert text.startswith("1. The article")
    assert "Habicht J" in text and "(seen only in secondary reporting)" in text
    assert all(item in text for item in ILLUSTRATIVE)


def test_backlog_view_matches_the_explorer():
    from lessons.lesson_05 import BACKLOG_CLINIC, backlog_view

    view = backlog_view(BACKLOG_CLINIC.with_(specificity=0.7))
    ex = BacklogExplorer()
    ex.controls["specificity"].value = 0.7
    assert list(ex.figure.data[0].y) == pytest.approx(list(view.backlog))
    assert view.false_alarms_per_week == pytest.approx(9.0)
    assert view.queue.backlog_weeks().weeks == pytest.approx(backlog_closed_form(0.7))


# -- the numbers the prose quotes ---------------------------------------------------------------------

def fewest_slots_with_no_queue(clinic: Clinic, route: str) -> int:
    """The smallest number of weekly slots at which nobody on ``route`` is left waiting at any week's end."""
    return next(n for n in range(clinic.referrals_per_week + 1)
                if run_route(clinic.with_(slots_per_week=n), route).queue.queue.max() == 0)


def test_prose_states_the_default_clinic_and_the_cited_numbers():
    """Model inputs as DEFAULT_CLINIC, BACKLOG_CLINIC and DEFAULT_PARAMS hold them; cited numbers as the presets."""
    text = notebook_markdown(STEM)
    c, std6, std18 = DEFAULT_CLINIC, *STANDARD_WEEKS
    phq9, gp = PRESETS["phq9_primary_care"], PRESETS["gp_unaided"]
    assert c.prevalence == 0.5 and 2 * c.weeks == 52  # "half of whom", "the half-year we simulate"
    assert (c.sensitivity, c.specificity) == (phq9.sensitivity, phq9.specificity)
    assert DEFAULT_PARAMS.assessment_wait_days == 7 * std6
    assert_says(text, f"within **{std6} weeks** of referral and 95% within **{std18} weeks** (NHS England)",
                f"(sensitivity {pct(gp.sensitivity, 1)}, specificity {pct(gp.specificity, 1)}; Mitchell et al., 2009",
                f"The default clinic is **illustrative**: {c.referrals_per_week} referrals a week, half of whom need "
                f"a clinician, and {c.slots_per_week} slots a week, over {c.weeks} weeks",
                f"(sensitivity {c.sensitivity:g}, specificity {c.specificity:g}; Levis et al., 2019)",
                f"on the **human-first** route, {c.referrals_per_week} people join the queue every week and the "
                f"clinicians can see {c.slots_per_week}. Over {c.weeks} weeks",
                f"what became of everybody who needed help over the {c.weeks} weeks",
                f"with {BACKLOG_CLINIC.slots_per_week} slots a week (illustrative)",
                f"the **backlog** after {BACKLOG_CLINIC.weeks} weeks",
                f"for every specificity from {SPECIFICITY_GRID[0]:.2f} to {SPECIFICITY_GRID[-1]:.2f}",
                f"The flat lines mark the {std6}-week and {std18}-week waiting standards",
                f"{c.referrals_per_week} referrals a week, each person needing help or not by chance",
                f"bands at the {std6}- and {std18}-week standards",
                f"The {DEFAULT_PARAMS.assessment_wait_days / 7:g}-week wait for an assessment is the NHS standard")


def test_what_to_notice_quotes_the_engine():
    """The paragraph under Explorer 1: the AI-first queue never forms, the missed, the human-first growth."""
    text = notebook_markdown(STEM)
    c = DEFAULT_CLINIC
    ai, human = compare_routes(c).routes
    flows = c.weekly_flows("ai_first")
    flagged = flows["queue_need"] + flows["queue_no_need"]
    growth = np.diff(np.concatenate(([0.0], human.queue.queue)))
    need_growth = np.diff(np.concatenate(([0.0], human.queue.queue_need)))
    assert ai.queue.queue.max() == 0 and flagged < c.slots_per_week  # "never forms", "fit easily"
    assert list(RouteExplorer().figures[0].data[1].y) == pytest.approx(list(human.queue.queue_need))
    assert growth == pytest.approx(np.full(c.weeks, growth[0]))
    assert_says(text, f"With {c.slots_per_week} slots, the AI-first queue never forms: {people(flagged)} flagged "
                      f"people a week fit easily",
                f"roughly {ai.self_help_need:.0f} people who needed help have been sent to self-help only by week "
                f"{c.weeks}",
                f"The human-first queue grows by {growth[0]:.0f} people every week, {need_growth[0]:.0f} of them in "
                f"need of help (the rising line in the figure counts only those)")


def test_missed_people_paragraph_quotes_the_consequences():
    """132 against 42 days untreated, and the 'about three times' claims, from weekly_consequences()."""
    text = notebook_markdown(STEM)
    result = weekly_consequences()
    flagged, missed = result.pathway("correctly flagged"), result.pathway("missed")
    assert_says(text, f"({missed.days_waiting_each:g} days against {flagged.days_waiting_each:g}, with the "
                      f"illustrative {result.params.represent_days:g}-day return)")
    assert 2.75 < missed.days_waiting_each / flagged.days_waiting_each < 3.25  # "three times as long"
    risk = {p.outcome: p.expected_crises / p.people for p in (flagged, missed)}
    assert 2.75 < risk["missed"] / risk["correctly flagged"] < 3.25  # "about three times higher"


def test_worked_solutions_quote_the_engine():
    """Each worked solution's numbers, rebuilt from the engine with the same rounding and wording."""
    text = notebook_markdown(STEM)
    slots_for_all, false_alarm_budget, wider_door = worked_solutions(STEM)
    c = DEFAULT_CLINIC
    need, no_need = c.referrals_per_week * c.prevalence, c.referrals_per_week * (1 - c.prevalence)
    ai, human = compare_routes(c).routes

    # Exercise 1: the slots each route needs, and what AI-first still costs
    flows = c.weekly_flows("ai_first")
    flagged = flows["queue_need"] + flows["queue_no_need"]
    human_slots, ai_slots = fewest_slots_with_no_queue(c, "human_first"), fewest_slots_with_no_queue(c, "ai_first")
    everyone = compare_routes(c.with_(slots_per_week=human_slots)).human_first
    assert everyone.human_contact_need == everyone.referred_need
    assert_says(text, f"With the default clinic ({c.referrals_per_week} referrals a week, half in need)")
    assert_says(slots_for_all, f"the slots must cover all {human_slots} referrals a week. Set the slots to "
                               f"{human_slots} in Explorer 1",
                f"the human-first bar shows all {everyone.human_contact_need:.0f} people in need seen",
                f"{need:g} × {c.sensitivity:g} = {flows['queue_need']:.1f} correctly flagged plus {no_need:g} × "
                f"{1 - c.specificity:.2f} = {flows['queue_no_need']:.1f} false alarms, {people(flagged)} a week, so "
                f"{ai_slots} slots are enough",
                f"{need:g} × {1 - c.sensitivity:.2f} = {flows['self_help_need']:.1f} people in need a week, about "
                f"{ai.self_help_need:.0f} in {c.weeks} weeks",
                f"between about {human_slots - ai_slots} more slots a week")

    # Exercise 2: the lowest specificity within the 6-week standard, by formula and by the explorer
    b, std6 = BACKLOG_CLINIC, STANDARD_WEEKS[0]
    b_flows = b.weekly_flows("ai_first")
    tp, b_no_need, slots = b_flows["queue_need"], b.referrals_per_week * (1 - b.prevalence), b.slots_per_week
    budget = std6 * slots / b.weeks + slots - tp  # false alarms a week that fill the backlog to 6 weeks
    curve = backlog_curve(b)
    lowest = next(i for i, weeks in enumerate(curve) if weeks <= std6)
    at, below = SPECIFICITY_GRID[lowest], SPECIFICITY_GRID[lowest - 1]
    assert round(1 - budget / b_no_need, 2) == at
    assert_says(text, f"In Explorer 2 (AI-first, {slots} slots a week)",
                f"the backlog after {b.weeks} weeks within the {std6}-week standard")
    assert_says(false_alarm_budget,
                f"Each week {tp:.1f} correctly flagged people and {b_no_need:g} × (1 − specificity) false alarms "
                f"(out of the {b_no_need:g} people a week who do not need help) join the queue, and the {slots} slots "
                f"see {slots} people",
                f"after {b.weeks} weeks the backlog is {b.weeks} × (arrivals − slots) / slots = "
                f"{b.weeks} × ({tp:.1f} + {b_no_need:g} × (1 − specificity) − "
                f"{slots}) / {slots} weeks",
                f"Setting that to {std6} gives {b_no_need:g} × (1 − specificity) = {budget:.2f}, so specificity ≈ "
                f"{1 - budget / b_no_need:.2f}",
                f"at {at:.2f} the backlog is {backlog_view(b.with_(specificity=at)).queue.backlog_weeks().weeks:.1f} "
                f"weeks, and at {below:.2f} it is "
                f"{backlog_view(b.with_(specificity=below)).queue.backlog_weeks().weeks:.1f}")

    # Exercise 3: Habicht 2024's rise in referrals applied to the default clinic
    rise = int(re.search(r"a \*\*(\d+)%\*\* rise in referrals", text)[1])
    wider = round(c.referrals_per_week * (1 + rise / 100))
    assert_says(text, f"followed by {rise}% more referrals",
                f"set the referrals to {wider} a week ({c.referrals_per_week} plus {rise}%) with {c.slots_per_week} "
                f"slots")
    w = c.with_(referrals_per_week=wider)
    w_ai, w_human = compare_routes(w).routes
    w_flows = w.weekly_flows("ai_first")
    w_flagged = w_flows["queue_need"] + w_flows["queue_no_need"]
    growth = np.diff(np.concatenate(([0.0], w_human.queue.queue)))
    assert growth == pytest.approx(np.full(w.weeks, growth[0]))
    assert w_ai.queue.queue.max() == 0 and w_flagged < w.slots_per_week  # "so no queue forms"
    assert w_ai.self_help_need / w_ai.referred_need == pytest.approx(ai.self_help_need / ai.referred_need)
    assert_says(wider_door,
                f"AI-first: about {w_flagged:.1f} people a week are flagged, still fewer than {w.slots_per_week} "
                f"slots",
                f"{people(w_ai.human_contact_need)} of the {people(w_ai.referred_need)} people in need are seen, and "
                f"{people(w_ai.self_help_need)} are sent to self-help only "
                f"({pct(w_ai.self_help_need / w_ai.referred_need)} of those in need, as before)",
                f"Human-first: {wider} people a week join a queue that serves {w.slots_per_week}, so it grows by "
                f"{growth[0]:.0f} a week; {people(w_human.human_contact_need)} of the {people(w_human.referred_need)} "
                f"people in need are seen ({w_human.human_contact_share.percent(0)}), against "
                f"{human.human_contact_share.percent(0)} before, and those seen waited "
                f"{w_human.queue.mean_wait('need').weeks:.1f} weeks on average",
                f"(The {rise}% is reported; the clinic is illustrative.)")
