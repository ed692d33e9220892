"""Lesson 01, week 2 and after: the one-week, start-empty simulation repeated, held to the engine."""

import numpy as np
import pytest
from worked import assert_says, worked_solutions

from lessons.engine.capacity import repeated_pattern_queue
from lessons.engine.chatbot import HOURS_PER_WEEK, ChatbotWeek, expected_arrivals_per_hour
from lessons.lesson_01 import (
    DEFAULTS,
    PER,
    CrisisHandoffExplorer,
    LaterWeeks,
    describe_later_weeks,
    later_weeks,
    summary,
)

STEM = "01_instant_support"


def outcome_at(threshold, capacity=DEFAULTS["capacity"]):
    return ChatbotWeek(PER).outcome(threshold, DEFAULTS["crisis_per_10000"] / PER, DEFAULTS["auc"], capacity)


def test_repeated_pattern_queue_by_hand_and_its_bad_inputs():
    # 3, 0, 0 arriving, 1 served a step: ends 2, 1, 0 -> 0 after the first period; then again
    assert repeated_pattern_queue([3, 0, 0], 1, 2).tolist() == [0, 0]
    assert repeated_pattern_queue([3, 0], 1, 3).tolist() == [1, 2, 3]  # 3 in, 2 out a period: +1 a period
    assert repeated_pattern_queue([0.5], 0, 4).tolist() == [0.5, 1.0, 1.5, 2.0]
    for bad, name in (("12", "arrivals_per_step"), ([1, float("nan")], "arrivals_per_step"), ([], "arrivals_per_step"),
                      ([-1], "arrivals_per_step")):
        with pytest.raises(ValueError, match=name):
            repeated_pattern_queue(bad, 1, 1)
    for cap in (-1, float("inf"), "1"):
        with pytest.raises(ValueError, match="capacity_per_step"):
            repeated_pattern_queue([1], cap, 1)
    with pytest.raises(ValueError, match="repeats"):
        repeated_pattern_queue([1], 1, 0)


def test_above_capacity_the_list_grows_by_handoffs_minus_capacity_each_week():
    outcome = outcome_at(0.80)
    later = later_weeks(outcome)
    assert later.handoffs_per_week == pytest.approx(outcome.expected.flagged)  # same expected week
    assert later.capacity_per_week == 10 * HOURS_PER_WEEK
    assert later.utilisation > 1
    # once the list never empties, every week adds exactly (hand-offs - capacity)
    assert np.diff(later.waiting_at_end) == pytest.approx(later.handoffs_per_week - later.capacity_per_week)
    # week 1 ends with at least that excess (counsellors idle in quiet hours while the list is short)
    assert later.waiting_at_end[0] >= later.handoffs_per_week - later.capacity_per_week
    text = describe_later_weeks(later)
    assert f"utilisation {later.utilisation:.2f}, above 1" in text
    assert f"about {later.waiting_at_end[0]:,.0f} are still waiting when week 1 ends" in text
    assert "Week 2 and after are worse than the week shown." in text


def test_below_capacity_the_list_empties_every_week():
    later = later_weeks(outcome_at(DEFAULTS["threshold"]))
    assert later.utilisation < 1 and np.all(later.waiting_at_end == 0)
    assert "below 1, so the list empties by the end of every week" in describe_later_weeks(later)
    assert summary().endswith(describe_later_weeks(later))
    none = later_weeks(outcome_at(0.8, capacity=0))
    assert none.utilisation is None and "nobody is reached" in describe_later_weeks(none)
    with pytest.raises(ValueError, match="outcome must be a SupportOutcome"):
        later_weeks("week")


def test_explorer_twin_says_what_week_2_brings():
    ex = CrisisHandoffExplorer()
    ex.controls["threshold"].value = 0.8
    assert describe_later_weeks(later_weeks(ex.compute(**ex.values()).outcome)) in ex.twins[1].value
    assert "the list grows by about" in ex.twins[1].value


def test_exercise_2_states_week_2_from_the_engine():
    solution = worked_solutions(STEM)[1]
    later = later_weeks(outcome_at(0.80))
    doubled = later_weeks(outcome_at(0.80, capacity=20))
    ends = later.waiting_at_end
    hours = ends[-1] / later.capacity_per_hour
    assert_says(solution,
                f"At threshold 0.80 about {later.handoffs_per_week:,.0f} hand-offs a week meet "
                f"{later.capacity_per_week:,.0f} counsellor starts (10 an hour × {HOURS_PER_WEEK} hours): utilisation "
                f"{later.utilisation:.2f}, above 1",
                f"about {ends[0]:,.0f} are still waiting when week 1 ends and the list grows by about "
                f"{later.growth_per_week:,.0f} a week, so by the end of week {ends.size} a hand-off, in crisis or not, "
                f"waits about {hours / 24:.1f} days before a counsellor starts",
                f"At 20 an hour (utilisation {doubled.utilisation:.2f}) the list stops growing: about "
                f"{doubled.waiting_at_end[-1]:,.0f} are left at the end of each week, no more")
    assert doubled.growth_per_week == pytest.approx(0, abs=1e-9)
    assert f"about {doubled.waiting_at_end[-1]:,.0f} are left on the list at the end of every week" in \
        describe_later_weeks(doubled)
    assert isinstance(later, LaterWeeks)
    assert expected_arrivals_per_hour(PER).sum() == pytest.approx(PER)
