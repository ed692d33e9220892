"""Lesson 05 (lack of human contact): explorers driven like a learner drives them, and the self-checks."""

import re

import numpy as np
import pytest
from worked import assert_says, notebook_markdown, pct, worked_solutions

from lessons.content.presets import PRESETS
from lessons.engine.capacity import Clinic, compare_routes, describe_route, run_route, stability
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
    backlog_view,
    describe_assumptions,
    describe_breakdown,
    model_wait_days,
    predict_human_first,
    q_missed_count,
    q_queue_after_10_weeks,
    q_stable,
    settling_specificity,
    simulated_summary,
    summary,
    utilisation_curve,
    weekly_consequences,
    weekly_counts,
)

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
    assert "with no slots the utilisation is undefined and nobody is seen" in text
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
    assert "(sourced)" in picker.note.value
    assert picker.note.value.endswith(" Only the sensitivity and specificity were loaded; the prevalence of the "
                                      "referrals is unchanged.</p>")
    assert picker.note.value.count("<p>") == 1
    missed = 60 * 0.5 * (1 - gp.sensitivity) * 26
    assert y(routes.figures[1], 2)[0] == pytest.approx(missed, abs=0.05)
    picker.dropdown.value = ""
    assert picker.note.value == ""
    with pytest.raises(ValueError, match="key must be one of"):
        picker.apply("trauma_field_triage")
    with pytest.raises(ValueError, match="preset must be one of"):
        OperatingPointPicker(routes, keys=("nope",))


# -- the backlog explorer --------------------------------------------------------------------------------

def steady_backlog(spec, slots=30, weeks=26):
    """Closed form: steady arrivals 26.4 + 30 (1 - spec) a week; the queue grows by the excess over the slots."""
    flagged = 26.4 + 30 * (1 - spec)
    return [w * max(0.0, flagged - slots) / slots for w in range(1, weeks + 1)]


def test_backlog_explorer_starts_above_capacity_and_says_so():
    ex = BacklogExplorer()
    steady, random, std6, std18 = ex.figures[0].data
    assert list(steady.x) == WEEKS.tolist()
    assert np.array(steady.y, dtype=float) == pytest.approx(steady_backlog(0.85), abs=1e-3)
    assert list(random.y) == [] and list(std6.y) == [6, 6] and list(std18.y) == [18, 18]
    twin = ex.text.value
    # the old twin called this queue "within the 6-week standard"; it grows for ever
    assert "within the 6-week standard" not in twin
    assert "(utilisation 30.9 ÷ 30 = 1.03): above 1, so the queue grows without limit, by 0.9 people a week" in twin
    assert "passes the 6-week standard in week 201" in twin
    assert "a backlog of 0.8 weeks" in twin and "still growing when the chart ends" in twin
    assert "With no false alarms (specificity 1.00) utilisation would be 0.88 and the queue would settle" in twin
    curve, one, here = ex.figures[1].data
    assert np.array(curve.y, dtype=float) == pytest.approx([(26.4 + 30 * (1 - s)) / 30 for s in curve.x])
    assert list(one.y) == [1, 1] and here.y[0] == pytest.approx(30.9 / 30) and here.x[0] == 0.85
    assert ("utilisation is at or below 1 (the queue settles) for specificity 0.88 and above"
            in ex.twins[1].value)
    assert "Now: specificity 0.85, utilisation 1.03" in ex.twins[1].value


def test_backlog_explorer_grows_below_0_88_and_settles_above():
    ex = BacklogExplorer()
    ex.controls["specificity"].value = 0.65
    assert np.array(ex.figures[0].data[0].y, dtype=float) == pytest.approx(steady_backlog(0.65), abs=1e-3)
    assert "grows without limit, by 6.9 people a week" in ex.text.value
    assert "passes the 6-week standard in week 27" in ex.text.value
    assert "10.5 false alarms" in ex.text.value
    ex.controls["specificity"].value = 0.9
    assert np.all(np.array(ex.figures[0].data[0].y, dtype=float) == 0)
    assert "below 1, so the queue settles" in ex.text.value
    assert "nobody is left waiting at the end of any of the 26 weeks" in ex.text.value


def test_random_arrivals_build_a_queue_below_capacity():
    ex = BacklogExplorer()
    ex.set_values(specificity=0.95, arrivals="random")
    view = backlog_view(BACKLOG_CLINIC.with_(specificity=0.95), "random")
    assert view.stable.case == "settles" and view.stable.utilisation == pytest.approx(27.9 / 30)
    random = np.array(ex.figures[0].data[1].y, dtype=float)
    assert random == pytest.approx(view.random.queue / 30, abs=1e-3)
    assert random.max() > 0  # a queue forms below capacity
    assert np.all(np.array(ex.figures[0].data[0].y, dtype=float) == 0)  # the steady line does not
    worst = int(np.argmax(view.random.queue))
    assert (f"the queue is longest at the end of week {worst + 1}, with {people(view.random.queue[worst])} people"
            in ex.text.value)
    assert "Even below capacity, a busy week leaves people waiting" in ex.text.value
    assert ex.figures[0].data[1].name == "Random arrivals (one run, seed 2024)"
    again = BacklogExplorer()
    again.set_values(specificity=0.95, arrivals="random")
    assert list(again.figures[0].data[1].y) == list(ex.figures[0].data[1].y)  # seeded
    ex.controls["arrivals"].value = "steady"
    assert list(ex.figures[0].data[1].y) == []


def test_backlog_with_no_slots_is_undefined_in_words():
    ex = BacklogExplorer()
    ex.controls["slots_per_week"].value = 0
    assert all(v is None for v in ex.figures[0].data[0].y)
    assert all(v is None for v in ex.figures[1].data[0].y)
    assert list(ex.figures[1].data[2].y) == []
    assert "The backlog in weeks is undefined: the queue never clears" in ex.text.value
    assert "With no clinician slots utilisation is undefined" in ex.twins[1].value
    assert utilisation_curve(Clinic(slots_per_week=0), [0.5, 0.9]) == (None, None)


def test_settling_specificity_and_utilisation_curve():
    assert settling_specificity(26.4, 30, 30) == pytest.approx(0.88)
    assert settling_specificity(26.4, 30, 20) is None
    assert settling_specificity(10, 30, 60) == 0.0
    ex = BacklogExplorer()
    ex.controls["slots_per_week"].value = 20
    assert "utilisation is above 1 at every specificity" in ex.twins[1].value
    values = utilisation_curve(Clinic(slots_per_week=30))
    assert all(a >= b for a, b in zip(values, values[1:]))
    with pytest.raises(ValueError, match="arrivals must be one of"):
        backlog_view(BACKLOG_CLINIC, "bursty")
    with pytest.raises(ValueError, match="clinic must be a Clinic"):
        BacklogExplorer(clinic={"slots": 3})


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
    from lessons.content.sources import SOURCES
    from lessons.lesson_05 import ILLUSTRATIVE, SOURCE_KEYS, sources

    assert all(k in SOURCES for k in SOURCE_KEYS)
    text = sources().data
    assert text.startswith("1. The article")
    assert "Habicht J" in text and "(seen only in secondary reporting)" in text
    assert all(item in text for item in ILLUSTRATIVE)


def test_backlog_view_matches_the_explorer():
    view = backlog_view(BACKLOG_CLINIC.with_(specificity=0.7))
    ex = BacklogExplorer()
    ex.controls["specificity"].value = 0.7
    assert list(ex.figures[1].data[0].y) == pytest.approx(list(view.utilisation))
    assert view.false_alarms_per_week == pytest.approx(9.0)
    assert view.steady.backlog_weeks().weeks == pytest.approx(steady_backlog(0.7)[-1])
    assert view.shown is view.steady and backlog_view(BACKLOG_CLINIC, "random").shown.mode == "poisson"


def test_waiting_twin_says_which_case_each_queue_is_in(routes):
    text = routes.twins[0].value
    assert "AI-first queue: 30.9 people join a week for 40 slots (utilisation 30.9 ÷ 40 = 0.77): below 1" in text
    assert "Human-first queue: 60 people join a week for 40 slots (utilisation 60 ÷ 40 = 1.50): above 1" in text
    assert "passes the 6-week standard in week 13" in text


def test_breakdown_twin_is_built_from_data_not_split_from_the_queue_twin():
    comparison = compare_routes(DEFAULT_CLINIC)
    first = describe_breakdown(comparison).split("\n\n")[0]
    assert first == describe_route(comparison.ai_first, include_queue=False)
    assert "slots a week" not in describe_breakdown(comparison) and "utilisation" not in describe_breakdown(comparison)


def test_consequences_wait_is_labelled_illustrative_beside_the_model_wait():
    result = weekly_consequences()
    text = describe_assumptions(result)
    assert model_wait_days() == 0  # the AI-first queue settles: seen in the week they are flagged
    assert text.splitlines()[0] == (
        "wait from being flagged to a first assessment: 42 days (illustrative: the 6-week standard used as a typical "
        "wait; this clinic's own AI-first queue, utilisation 0.77, sees the flagged in the week they are flagged)")
    assert "sourced" not in text
    assert len(text.splitlines()) == 5
    slow = DEFAULT_CLINIC.with_(slots_per_week=20)
    assert model_wait_days(slow) == pytest.approx(7 * run_route(slow, "ai_first").queue.mean_wait("need").weeks)
    assert "makes the flagged wait" in describe_assumptions(weekly_consequences(slow), slow)
    with pytest.raises(ValueError, match="clinic must see somebody"):
        model_wait_days(DEFAULT_CLINIC.with_(slots_per_week=0))


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
                f"the **backlog** at the end of each of the {BACKLOG_CLINIC.weeks} weeks",
                f"for every specificity from {SPECIFICITY_GRID[0]:.2f} to {SPECIFICITY_GRID[-1]:.2f}",
                f"with flat lines at the {std6}-week and {std18}-week waiting standards",
                f"{c.referrals_per_week} referrals a week, each person needing help or not by chance",
                f"bands at the {std6}- and {std18}-week standards",
                f"The {DEFAULT_PARAMS.assessment_wait_days:g}-day ({DEFAULT_PARAMS.assessment_wait_days / 7:g}-week) "
                f"wait for an assessment is **illustrative** here",
                f"This clinic's own AI-first queue (utilisation "
                f"{run_route(c, 'ai_first').stability().utilisation:.2f}) sees the flagged in the week they are flagged")
    assert model_wait_days(c) == 0


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
                      f"people a week (utilisation {ai.stability().utilisation:.2f}) fit easily",
                f"The human-first queue (utilisation {human.stability().utilisation:.2f}) grows by",
                f"roughly {ai.self_help_need:.0f} people who needed help have been sent to self-help only by week "
                f"{c.weeks}",
                f"grows by {growth[0]:.0f} people every week, {need_growth[0]:.0f} of them in "
                f"need of help (the rising line in the figure counts only those)")


def test_missed_people_paragraph_quotes_the_consequences():
    """132 against 42 days untreated, and the 'about three times' claims, from weekly_consequences()."""
    text = notebook_markdown(STEM)
    result = weekly_consequences()
    flagged, missed = result.pathway("correctly flagged"), result.pathway("missed")
    assert_says(text, f"({missed.days_waiting_each:g} days against {flagged.days_waiting_each:g}, with the "
                      f"illustrative {result.params.represent_days:g}-day return and "
                      f"{result.params.assessment_wait_days:g}-day wait)")
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

    # Exercise 1: 31 slots are "enough" only for steady arrivals
    assert_says(slots_for_all, f"{ai_slots} slots are enough for steady arrivals (utilisation "
                               f"{flagged / ai_slots:.3f}: so close to 1 that random arrivals would often build a queue)")

    # Exercise 2: the lowest specificity at which utilisation is at most 1, and what 0.65 does
    b, std6 = BACKLOG_CLINIC, STANDARD_WEEKS[0]
    b_flows = b.weekly_flows("ai_first")
    tp, b_no_need, slots = b_flows["queue_need"], b.referrals_per_week * (1 - b.prevalence), b.slots_per_week
    spare = slots - tp
    lowest = settling_specificity(tp, b_no_need, slots)
    first_stable = next(x for x in SPECIFICITY_GRID if backlog_view(b.with_(specificity=x)).stable.case != "grows")
    assert round(lowest, 2) == first_stable
    at_lowest = backlog_view(b.with_(specificity=first_stable)).stable
    below = backlog_view(b.with_(specificity=SPECIFICITY_GRID[list(SPECIFICITY_GRID).index(first_stable) - 1]))
    assert below.stable.case == "grows"
    spec = float(re.search(r"Then set the specificity to (0\.\d+)", text)[1])
    grows = backlog_view(b.with_(specificity=spec, weeks=52)).stable
    assert_says(text, f"In Explorer 2 (AI-first, {slots} slots a week)",
                f"in which week does its backlog pass the {std6}-week standard")
    assert_says(false_alarm_budget,
                f"Each week {tp:.1f} correctly flagged people and {b_no_need:g} × (1 − specificity) false alarms "
                f"(out of the {b_no_need:g} people a week who do not need help) join the queue, and the {slots} slots "
                f"see {slots} people",
                f"The utilisation is ({tp:.1f} + {b_no_need:g} × (1 − specificity)) / {slots}",
                f"It is at most 1 when {b_no_need:g} × (1 − specificity) ≤ {spare:.1f}, so specificity ≥ {lowest:.2f}: "
                f"at {lowest:.2f} steady arrivals just keep up (utilisation {at_lowest.utilisation:.2f})",
                f"At {spec:.2f}, {grows.arrivals_per_week:.1f} people join a week for {slots} slots: utilisation "
                f"{grows.utilisation:.2f}, so the queue grows by {grows.growth_per_week:.1f} people a week",
                f"the backlog after *t* weeks is *t* × {grows.growth_per_week:.1f} / {slots} weeks: "
                f"{grows.backlog_after(b.weeks).weeks:.1f} weeks at week {b.weeks}, more than {std6} weeks from week "
                f"{grows.week_passing_standard}, and {grows.backlog_after(52).weeks:.1f} weeks at week 52")
    steady52 = backlog_view(b.with_(specificity=spec, weeks=52)).steady
    assert steady52.queue[25] / slots == pytest.approx(grows.backlog_after(26).weeks)
    assert steady52.queue[grows.week_passing_standard - 1] / slots > std6 >= steady52.queue[
        grows.week_passing_standard - 2] / slots

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
                f"slots (utilisation {w_ai.stability().utilisation:.2f})",
                f"{people(w_ai.human_contact_need)} of the {people(w_ai.referred_need)} people in need are seen, and "
                f"{people(w_ai.self_help_need)} are sent to self-help only "
                f"({pct(w_ai.self_help_need / w_ai.referred_need)} of those in need, as before)",
                f"Human-first: {wider} people a week join a queue that serves {w.slots_per_week} (utilisation "
                f"{w_human.stability().utilisation:.2f}), so it grows by "
                f"{growth[0]:.0f} a week; {people(w_human.human_contact_need)} of the {people(w_human.referred_need)} "
                f"people in need are seen ({w_human.human_contact_share.percent(0)}), against "
                f"{human.human_contact_share.percent(0)} before, and those seen waited "
                f"{w_human.queue.mean_wait('need').weeks:.1f} weeks on average",
                f"(The {rise}% is reported; the clinic is illustrative.)")


def test_utilisation_section_and_explorer_notes_quote_the_engine():
    """The first-idea section and the notes under Explorer 2: every number from the engine."""
    text = notebook_markdown(STEM)
    c, b = DEFAULT_CLINIC, BACKLOG_CLINIC
    ai, human = (r.stability() for r in compare_routes(c).routes)
    assert_says(text, f"the human-first route has {c.referrals_per_week} people joining a week for {c.slots_per_week} "
                      f"slots: utilisation {c.referrals_per_week} ÷ {c.slots_per_week} = {human.utilisation:.2f}, so its "
                      f"queue grows by {human.growth_per_week:g} people a week and its backlog passes the "
                      f"{human.standard_weeks}-week standard in week {human.week_passing_standard}",
                f"about {ai.arrivals_per_week:.1f} a week: utilisation {ai.utilisation:.2f}, so its queue settles",
                f"A backlog that is still short after {c.weeks} weeks only says *when*")
    start = backlog_view(b)
    s = start.stable
    assert_says(text, f"At the start (specificity {b.specificity:.2f}) about {s.arrivals_per_week:.1f} people join a "
                      f"week for {b.slots_per_week} slots: utilisation {s.utilisation:.2f}, just above 1",
                f"The backlog after {b.weeks} weeks is only {start.steady.backlog_weeks().weeks:.1f} weeks, yet the "
                f"queue grows by {s.growth_per_week:.1f} people every week",
                f"passes the {s.standard_weeks}-week standard in week {s.week_passing_standard}",
                f"any specificity below {start.lowest_settling_specificity:.2f} puts the utilisation above 1")
    spec = float(re.search(r"Now set the specificity to (0\.\d+)", text)[1])
    near = backlog_view(b.with_(specificity=spec), "random")
    worst = int(np.argmax(near.random.queue))
    assert near.stable.case == "settles" and np.all(near.steady.queue == 0)
    assert_says(text, f"Now set the specificity to {spec:.2f} (utilisation {near.stable.utilisation:.2f})",
                f"a queue of {people(near.random.queue[worst])} people builds up by week {worst + 1}")
    assert near.random.queue[worst + 1] > 0  # "takes weeks to clear"


def test_stable_question_takes_its_numbers_from_the_engine():
    s = stability(BACKLOG_CLINIC.weekly_flows("ai_first")["queue_need"]
                  + BACKLOG_CLINIC.weekly_flows("ai_first")["queue_no_need"], BACKLOG_CLINIC.slots_per_week)
    assert f"about {s.arrivals_per_week:.1f} people join" in q_stable.prompt
    assert f"the backlog is only {s.backlog_after(BACKLOG_CLINIC.weeks).weeks:.1f} weeks" in q_stable.prompt
    assert f"passes 6 weeks in week {s.week_passing_standard}" in q_stable.explanation
    assert f"= {s.utilisation:.2f}, above 1" in q_stable.explanation


def test_instructor_guide_lesson_05_numbers_come_from_the_engine():
    import pathlib

    guide = (pathlib.Path(__file__).resolve().parents[1] / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    section = re.sub(r"\s+", " ", guide.split("#### 05 Human contact")[1].split("#### 06")[0])
    c, b = DEFAULT_CLINIC, BACKLOG_CLINIC
    ai, human = compare_routes(c).routes
    h, a = human.stability(), ai.stability()
    start = backlog_view(b)
    low = backlog_view(b.with_(specificity=0.65)).stable
    wider = compare_routes(c.with_(referrals_per_week=69))
    for phrase in (
        f"{c.referrals_per_week} ÷ {c.slots_per_week} = **{h.utilisation:.2f}**, growing by {h.growth_per_week:g} a "
        f"week, backlog past 6 weeks in week {h.week_passing_standard}",
        f"{a.arrivals_per_week:.1f} ÷ {c.slots_per_week} = **{a.utilisation:.2f}**, settles",
        f"utilisation {a.arrivals_per_week / 31:.3f}, enough only for steady arrivals",
        f"specificity **{start.lowest_settling_specificity:.2f}** and above",
        f"grows by {start.stable.growth_per_week:.1f} a week (utilisation {start.stable.utilisation:.2f}) and passes 6 "
        f"weeks of backlog in week {start.stable.week_passing_standard}, although it is only "
        f"{start.steady.backlog_weeks().weeks:.1f} weeks after {b.weeks} weeks",
        f"At 0.65 (utilisation **{low.utilisation:.2f}**) it grows by {low.growth_per_week:.1f} a week: "
        f"{low.backlog_after(26).weeks:.1f} weeks at week 26, past the standard in week **{low.week_passing_standard}**, "
        f"{low.backlog_after(52).weeks:.1f} weeks at week 52",
        f"flagged a week, utilisation {wider.ai_first.stability().utilisation:.2f}",
        f"human-first (utilisation {wider.human_first.stability().utilisation:.2f})",
    ):
        assert phrase in section, phrase
