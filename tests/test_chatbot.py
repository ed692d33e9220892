"""The crisis-detecting chatbot and the counsellor queue behind it (lessons.engine.chatbot)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.engine.chatbot import (
    HOURLY_SHAPE,
    HOURS_PER_WEEK,
    ChatbotWeek,
    describe_handoffs,
    describe_waits,
    duration,
    expected_arrivals_per_hour,
    first_contact_times,
    handoff_curves,
    hours_label,
    share_within,
    simulate_week,
    waits_for_contact,
    weekly_arrival_profile,
)
from lessons.engine.scenario import ScoreModel, normal_cdf

# -- arrivals -------------------------------------------------------------------------------------

def test_arrival_profile_covers_the_week_and_peaks_in_the_evening():
    profile = weekly_arrival_profile()
    assert profile.shape == (HOURS_PER_WEEK,)
    assert profile.sum() == pytest.approx(1.0)
    assert np.all(profile > 0)
    hour_of_day = int(np.argmax(profile)) % 24
    assert hour_of_day == int(np.argmax(HOURLY_SHAPE)) == 21
    per_hour = expected_arrivals_per_hour(10_000)
    assert per_hour.sum() == pytest.approx(10_000)
    assert per_hour.mean() == pytest.approx(10_000 / 168)


def test_arrival_profile_rejects_bad_shapes():
    with pytest.raises(ValueError, match="hourly_shape must have 24 values"):
        weekly_arrival_profile(hourly_shape=[1.0] * 23)
    with pytest.raises(ValueError, match="weekday_factor must hold non-negative numbers"):
        weekly_arrival_profile(weekday_factor=[1, 1, 1, -1, 1, 1, 1])
    with pytest.raises(ValueError, match="conversations must be a whole number from 1 to 10,000,000; got 0"):
        expected_arrivals_per_hour(0)


def test_same_seed_same_week_and_another_seed_another_week():
    a, b, c = simulate_week(2_000, seed=7), simulate_week(2_000, seed=7), simulate_week(2_000, seed=8)
    assert np.array_equal(a.arrival_hours, b.arrival_hours)
    assert np.array_equal(a.score_noise, b.score_noise)
    assert not np.array_equal(a.arrival_hours, c.arrival_hours)
    assert np.all(np.diff(a.arrival_hours) >= 0)
    assert a.arrival_hours.min() >= 0 and a.arrival_hours.max() < HOURS_PER_WEEK


def test_simulated_arrivals_follow_the_profile():
    week = simulate_week(200_000, seed=3)
    per_day = np.bincount((week.arrival_hours // 24).astype(int), minlength=7) / week.size
    expected = weekly_arrival_profile().reshape(7, 24).sum(axis=1)
    assert per_day == pytest.approx(expected, abs=0.004)


def test_simulate_week_checks_its_inputs():
    with pytest.raises(ValueError, match="conversations must be a whole number from 1 to 1,000,000; got 0"):
        simulate_week(0)
    with pytest.raises(ValueError, match="seed must be a whole number"):
        simulate_week(10, seed=-1)
    with pytest.raises(ValueError, match="profile must hold 168"):
        simulate_week(10, profile=np.ones(168))


# -- the queue ---------------------------------------------------------------------------------------

def lindley_loop(arrivals, capacity):
    """The first-come-first-served recursion written out one person at a time."""
    starts, previous = [], -math.inf
    for t in arrivals:
        previous = max(t, previous + 1.0 / capacity)
        starts.append(previous)
    return np.array(starts)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 168), min_size=1, max_size=60), st.floats(0.1, 100))
def test_closed_form_queue_matches_the_person_by_person_recursion(arrivals, capacity):
    arrivals = np.sort(np.array(arrivals))
    starts = first_contact_times(arrivals, capacity)
    assert starts == pytest.approx(lindley_loop(arrivals, capacity), abs=1e-9)
    assert np.all(starts >= arrivals - 1e-12)


def test_a_burst_waits_in_line_one_slot_each():
    waits = waits_for_contact(np.zeros(5), capacity_per_hour=2)
    assert waits.tolist() == [0.0, 0.5, 1.0, 1.5, 2.0]


def test_nobody_waits_when_arrivals_are_further_apart_than_a_slot():
    arrivals = np.arange(10) * 0.5  # one every 30 minutes
    assert np.all(waits_for_contact(arrivals, capacity_per_hour=4) == 0)


def test_capacity_zero_means_nobody_is_reached():
    waits = waits_for_contact(np.array([1.0, 2.0]), 0)
    assert np.all(np.isinf(waits))
    assert share_within(waits, [1, 1000]).tolist() == [0.0, 0.0]


def test_queue_rejects_bad_capacity_and_unsorted_arrivals():
    with pytest.raises(ValueError, match=r"capacity_per_hour must be a number in \[0, 10000\]; got -1.0"):
        waits_for_contact(np.array([0.0]), -1)
    with pytest.raises(ValueError, match="arrival_hours must be a one-dimensional array sorted"):
        waits_for_contact(np.array([2.0, 1.0]), 1)


def test_share_within_counts_waits_at_or_below_each_checkpoint():
    assert share_within([0.0, 1.0, 2.0, 4.0], [0, 1, 3, 10]).tolist() == [0.25, 0.5, 0.75, 1.0]
    assert share_within([], [1, 2]).tolist() == [0.0, 0.0]


# -- hand-offs in closed form ---------------------------------------------------------------------------

def test_handoff_curves_match_the_binormal_closed_form():
    model = ScoreModel.from_auc(0.95)
    t = np.array([-1.0, 0.0, 1.5, 3.0])
    curves = handoff_curves(model, 0.0015, t, per=10_000)
    d = model.separation
    assert curves.missed == pytest.approx(15 * normal_cdf(t - d))
    assert curves.false_alarms == pytest.approx(9_985 * (1 - normal_cdf(t)))
    assert curves.missed + curves.correctly_flagged == pytest.approx(np.full(4, 15.0))
    assert np.all(np.diff(curves.missed) > 0) and np.all(np.diff(curves.false_alarms) < 0)


# -- one week with the chatbot ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def week():
    return ChatbotWeek(10_000, seed=2024)


def test_simulated_counts_converge_to_the_expected_counts():
    big = ChatbotWeek(200_000, seed=11)
    out = big.outcome(threshold=1.0, prevalence=0.05, auc=0.9, capacity_per_hour=100)
    sim, exp = out.simulated, out.expected
    for name in ("tp", "fn", "fp", "tn"):
        mean = getattr(exp, name)
        sd = math.sqrt(mean * (1 - mean / 200_000))
        assert abs(getattr(sim, name) - mean) < 4 * sd, name


def test_lowering_the_threshold_only_adds_hand_offs(week):
    high = week.outcome(2.0, 0.0015, 0.95, 10)
    low = week.outcome(1.0, 0.0015, 0.95, 10)
    assert low.handoffs > high.handoffs
    assert low.simulated.fn <= high.simulated.fn
    assert low.expected.fp > high.expected.fp


def test_false_alarms_slow_down_people_in_crisis(week):
    """The lesson's claim: at a low threshold the extra false alarms swamp the counsellors."""
    careful = week.outcome(1.5, 0.0015, 0.95, 10)
    flood = week.outcome(0.0, 0.0015, 0.95, 10)
    assert flood.sensitivity > careful.sensitivity
    assert flood.median_handoff_wait() > 24 > careful.median_handoff_wait()
    assert flood.crisis_reached_with_bot(1.0) < careful.crisis_reached_with_bot(1.0)


def test_with_the_chatbot_reach_stops_at_the_sensitivity(week):
    out = week.outcome(1.5, 0.0015, 0.95, 10)
    assert out.crisis_reached_with_bot(10_000.0) == pytest.approx(out.sensitivity)
    assert out.crisis_reached_without_bot(10_000.0) == pytest.approx(1.0)


def test_without_the_chatbot_everyone_queues_in_one_list(week):
    out = week.outcome(1.5, 0.0015, 0.95, 10)
    again = week.outcome(0.5, 0.0015, 0.95, 10)
    assert np.array_equal(out.waits_without_bot, waits_for_contact(week.week.arrival_hours, 10))
    assert out.waits_without_bot is again.waits_without_bot  # cached, not recomputed
    # 10,000 arrivals at 10 an hour: the last person starts about 1,000 hours after Monday 00:00
    assert out.waits_without_bot.size == 10_000
    assert week.week.arrival_hours[-1] + out.waits_without_bot[-1] == pytest.approx(
        first_contact_times(week.week.arrival_hours, 10)[-1])


def test_same_seed_same_outcome():
    a = ChatbotWeek(3_000, seed=5).outcome(1.2, 0.01, 0.9, 5)
    b = ChatbotWeek(3_000, seed=5).outcome(1.2, 0.01, 0.9, 5)
    assert a.simulated == b.simulated
    assert np.array_equal(a.handoff_waits, b.handoff_waits)


def test_outcome_checks_every_input(week):
    with pytest.raises(ValueError, match="prevalence must be from 0 to 1; got 1.5"):
        week.outcome(1.0, 1.5, 0.9, 10)
    with pytest.raises(ValueError, match=r"auc must be a number in \[0.5, "):
        week.outcome(1.0, 0.01, 0.3, 10)
    with pytest.raises(ValueError, match=r"threshold must be a number in \[-20, 20\]; got 99.0"):
        week.outcome(99, 0.01, 0.9, 10)
    with pytest.raises(ValueError, match=r"capacity_per_hour must be a number in \[0, 10000\]"):
        week.outcome(1.0, 0.01, 0.9, 20_000)
    with pytest.raises(ValueError, match="conversations must be a whole number from 1 to 1,000,000"):
        ChatbotWeek(0)


# -- words -------------------------------------------------------------------------------------------------

def test_hand_off_text_states_the_expected_counts(week):
    out = week.outcome(1.5, 0.0015, 0.95, 10)
    text = describe_handoffs(out)
    assert "15 of every 10,000 conversations come from people in crisis" in text
    assert f"misses about {round(out.expected.fn)}" in text
    assert f"about {round(out.expected.fp):,} false alarms" in text
    assert f"a PPV of {out.expected.ppv}" in text


def test_wait_text_compares_with_and_without_the_chatbot(week):
    out = week.outcome(1.5, 0.0015, 0.95, 10)
    text = describe_waits(out)
    assert "all 10,000 conversations get a reply at once" in text
    share = 100 * float(out.crisis_reached_with_bot(1.0))
    assert f"{share:.0f}% within 1 hour" in text
    assert "Without the chatbot, every conversation waits in one list" in text


def test_edge_cases_give_words_not_nan(week):
    nobody_in_crisis = week.outcome(1.5, 0.0, 0.95, 10)
    assert "Nobody is in crisis at this prevalence, so nobody can be missed" in describe_handoffs(nobody_in_crisis)
    assert "what would happen to a person in crisis" in describe_waits(nobody_in_crisis)
    nobody_flagged = week.outcome(20, 0.0015, 0.95, 10)
    assert "Nobody is handed over, so the PPV is undefined: nobody was flagged" in describe_handoffs(nobody_flagged)
    assert "hands nobody to a counsellor" in describe_waits(nobody_flagged)
    assert nobody_flagged.median_handoff_wait() is None
    no_counsellors = week.outcome(1.5, 0.0015, 0.95, 0)
    assert "nobody reaches a human" in describe_waits(no_counsellors)
    for out in (nobody_in_crisis, nobody_flagged, no_counsellors):
        assert "nan" not in (describe_handoffs(out) + describe_waits(out)).lower()


def test_durations_in_words():
    assert duration(0) == "no wait"
    assert duration(0.2) == "12 minutes"
    assert duration(1 / 60) == "1 minute"
    assert duration(3.5) == "3.5 hours"
    assert duration(24 * 4.2) == "4.2 days"
    assert duration(math.inf) == "never" and duration(None) == "never"
    assert hours_label(1) == "1 hour" and hours_label(24) == "24 hours" and hours_label(0.5) == "30 minutes"
    with pytest.raises(ValueError, match="hours must be a number"):
        duration(-1)
