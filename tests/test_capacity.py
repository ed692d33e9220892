"""The first-in-first-out clinician queue and the AI-first / human-first routes."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.engine.capacity import (
    Clinic,
    compare_routes,
    cumulative_served,
    queue_expected,
    queue_simulated,
    run_route,
)

GROUPS = ("need", "no_need")


def assert_conserved(q, tol=1e-9):
    """Everybody who arrived was seen or is still in the queue, week by week and in total."""
    for g in GROUPS:
        arrived = np.cumsum(getattr(q, f"arrived_{g}"))
        served = np.cumsum(getattr(q, f"served_{g}"))
        assert np.allclose(arrived, served + getattr(q, f"queue_{g}"), atol=tol)
        assert q.total_arrived(g) == pytest.approx(q.total_served(g) + q.still_waiting(g), abs=tol)
        seen_table = getattr(q, f"seen_{g}")
        assert seen_table.sum() == pytest.approx(q.total_served(g), abs=tol)
        assert getattr(q, f"unserved_{g}").sum() == pytest.approx(q.still_waiting(g), abs=tol)
    assert np.all(q.served <= q.slots_per_week + 1e-9)


def assert_littles_law(q, tol=1e-6):
    """Sum of end-of-week queues = person-weeks waited (finite-horizon Little's law): L = lambda W."""
    for g in GROUPS:
        assert getattr(q, f"queue_{g}").sum() == pytest.approx(q.person_weeks_waiting(g), abs=tol)
    arrived = q.total_arrived("need") + q.total_arrived("no_need")
    if arrived > 0:
        mean_queue = q.queue.sum() / q.weeks
        arrival_rate = arrived / q.weeks
        mean_time_in_queue = (q.person_weeks_waiting("need") + q.person_weeks_waiting("no_need")) / arrived
        assert mean_queue == pytest.approx(arrival_rate * mean_time_in_queue, abs=tol)


# -- the recursion ---------------------------------------------------------------------------------

def test_cumulative_served_recursion():
    assert cumulative_served([5, 5, 0, 0], 3).tolist() == [3, 6, 9, 10]
    assert cumulative_served([1, 1, 1], 10).tolist() == [1, 2, 3]
    assert cumulative_served([4, 4], 0).tolist() == [0, 0]


# -- expected mode -----------------------------------------------------------------------------------

def test_capacity_at_least_arrivals_means_nobody_waits():
    q = queue_expected(np.full(20, 12.0), np.full(20, 8.0), slots_per_week=20)
    assert np.all(q.queue == 0)
    assert q.mean_wait("need").weeks == 0 and q.mean_wait("no_need").weeks == 0
    assert q.total_served("need") == pytest.approx(240)
    assert q.share_seen_within(0).value == 1.0
    assert "nobody is waiting" in q.describe()


def test_double_the_arrivals_closed_form():
    """Arrivals 2c a week into c slots: cohort a is seen half in week 2a (wait a), half in week 2a+1."""
    c, weeks = 10, 12
    q = queue_expected(np.full(weeks, 2.0 * c), np.zeros(weeks), slots_per_week=c)
    assert q.queue_need.tolist() == pytest.approx([c * (t + 1) for t in range(weeks)])
    for a in range(weeks):
        for w in range(weeks):
            seen_week = a + w
            expected = c if (w in (a, a + 1) and seen_week < weeks and 2 * a + (w - a) < weeks) else 0
            assert q.seen_need[a, w] == pytest.approx(expected), (a, w)
    assert q.served_need.tolist() == pytest.approx([c] * weeks)
    # cohorts 0..5 are all seen (weeks 0..11); mean wait of those seen = mean of (a, a + 1) over a = 0..5
    assert q.mean_wait().weeks == pytest.approx(np.mean([a + d for a in range(6) for d in (0, 1)]))
    assert q.longest_wait() == 6
    assert_conserved(q)
    assert_littles_law(q)


def test_false_alarms_push_true_cases_back():
    need = np.full(26, 20.0)
    none = queue_expected(need, np.zeros(26), slots_per_week=22)
    many = queue_expected(need, np.full(26, 10.0), slots_per_week=22)
    assert none.mean_wait().weeks == 0
    assert many.mean_wait().weeks > 2
    assert many.still_waiting("need") > none.still_waiting("need")
    assert many.share_seen_within(6).value < none.share_seen_within(6).value
    # in a first-in-first-out queue each slot holds the week's mix: 2/3 need help
    assert many.served_need[-1] == pytest.approx(22 * 2 / 3)


def test_share_seen_within_counts_only_people_who_had_the_time():
    q = queue_expected(np.full(10, 20.0), np.zeros(10), slots_per_week=10)
    # cohort a is seen after a and a+1 weeks; within 2 weeks: cohorts 0 (all), 1 (all), 2 (half)
    rate = q.share_seen_within(2)
    assert rate.denominator == pytest.approx(8 * 20)
    assert rate.numerator == pytest.approx(20 + 20 + 10)
    assert not q.share_seen_within(10).defined
    assert "nobody arrived 10 or more weeks" in str(q.share_seen_within(10))


def test_zero_capacity_gives_words_not_a_crash():
    q = queue_expected(np.full(5, 3.0), np.full(5, 1.0), slots_per_week=0)
    assert q.total_served("need") == 0 and q.still_waiting("need") == pytest.approx(15)
    wait = q.mean_wait()
    assert wait.weeks is None and str(wait) == "undefined: no clinician slots, so nobody was seen"
    assert q.longest_wait() is None
    assert "With no clinician slots nobody is seen" in q.describe()
    assert_conserved(q)
    assert_littles_law(q)


def test_nobody_arrives():
    q = queue_expected(np.zeros(4), np.zeros(4), slots_per_week=5)
    assert "Nobody joins the queue, so nobody waits." in q.describe()
    assert not q.mean_wait().defined


def test_bad_queue_inputs_name_parameter_value_and_range():
    with pytest.raises(ValueError, match="slots_per_week must be a whole number from 0 to 100,000; got -1"):
        queue_expected([1.0], [1.0], -1)
    with pytest.raises(ValueError, match="slots_per_week must be a whole number .* got 2.5"):
        queue_expected([1.0], [1.0], 2.5)
    with pytest.raises(ValueError, match="need_per_week values must be numbers from 0 to 100,000"):
        queue_expected([-1.0], [1.0], 1)
    with pytest.raises(ValueError, match="same weeks; got 2 and 1"):
        queue_expected([1.0, 1.0], [1.0], 1)
    with pytest.raises(ValueError, match="1 to 520 weekly numbers"):
        queue_expected([], [], 1)
    with pytest.raises(ValueError, match="group must be one of"):
        queue_expected([1.0], [1.0], 1).mean_wait("everyone")
    with pytest.raises(ValueError, match="weeks must be a whole number from 0 to 1; got 2"):
        queue_expected([1.0], [1.0], 1).share_seen_within(2)


@settings(max_examples=60, deadline=None)
@given(
    need=st.lists(st.floats(0, 60), min_size=1, max_size=30),
    extra=st.floats(0, 40),
    slots=st.integers(0, 80),
)
def test_expected_queue_conserves_people_and_obeys_littles_law(need, extra, slots):
    need = np.array(need)
    q = queue_expected(need, np.full(need.size, extra), slots)
    assert_conserved(q, tol=1e-6)
    assert_littles_law(q)


# -- simulated mode ----------------------------------------------------------------------------------

def test_simulated_queue_small_case_by_hand():
    # week 0: A, B, C arrive; week 1: D arrives; 2 slots a week
    q = queue_simulated([0, 0, 0, 1], [True, False, True, True], slots_per_week=2, weeks=3)
    assert q.served_need.tolist() == [1, 2, 0]  # A in week 0; C and D in week 1
    assert q.served_no_need.tolist() == [1, 0, 0]  # B in week 0
    assert q.waits_need.tolist() == [2, 1, 0]  # A and D wait 0, C waits 1
    assert q.queue_need.tolist() == [1, 0, 0]


def test_simulated_queue_leaves_people_waiting_with_time_so_far():
    q = queue_simulated([0, 0, 0, 2], [True, True, True, False], slots_per_week=1, weeks=3)
    assert q.served_need.tolist() == [1, 1, 1]
    assert q.unserved_no_need.tolist() == [0, 1, 0, 0]  # arrived in week 2, waited 1 week so far
    assert_conserved(q)
    assert_littles_law(q)


def test_bad_simulated_inputs():
    with pytest.raises(ValueError, match="non-decreasing"):
        queue_simulated([1, 0], [True, True], 1, 2)
    with pytest.raises(ValueError, match="whole weeks from 0 to 1"):
        queue_simulated([0, 2], [True, True], 1, 2)
    with pytest.raises(ValueError, match="same length"):
        queue_simulated([0, 1], [True], 1, 2)
    with pytest.raises(ValueError, match="weeks must be a whole number from 1 to 520; got 0"):
        queue_simulated([], [], 1, 0)


@settings(max_examples=50, deadline=None)
@given(
    referrals=st.integers(0, 80), prevalence=st.floats(0, 1), sensitivity=st.floats(0, 1),
    specificity=st.floats(0, 1), slots=st.integers(0, 60), weeks=st.integers(1, 30),
    seed=st.integers(0, 2**32 - 1),
)
def test_simulated_routes_conserve_people(referrals, prevalence, sensitivity, specificity, slots, weeks, seed):
    clinic = Clinic(referrals, prevalence, sensitivity, specificity, slots, weeks)
    for r in compare_routes(clinic, "simulated", seed).routes:
        assert_conserved(r.queue)
        assert_littles_law(r.queue)
        total = r.queue.total_arrived("need") + r.queue.total_arrived("no_need") + r.self_help_need \
            + r.self_help_no_need
        assert total == referrals * weeks


def test_same_seed_same_people_different_seed_different_people():
    clinic = Clinic(referrals_per_week=60, slots_per_week=28, weeks=20)
    a = run_route(clinic, "ai_first", "simulated", seed=7)
    b = run_route(clinic, "ai_first", "simulated", seed=7)
    c = run_route(clinic, "ai_first", "simulated", seed=8)
    assert np.array_equal(a.queue.seen_need, b.queue.seen_need)
    assert np.array_equal(a.queue.queue_no_need, b.queue.queue_no_need)
    assert not np.array_equal(a.queue.arrived_need, c.queue.arrived_need)


def test_simulation_agrees_with_expected_mode_for_a_large_clinic():
    clinic = Clinic(referrals_per_week=2000, slots_per_week=1500, weeks=10)
    for route in ("ai_first", "human_first"):
        sim = run_route(clinic, route, "simulated", seed=3)
        exp = run_route(clinic, route, "expected")
        assert sim.human_contact_need == pytest.approx(exp.human_contact_need, rel=0.03)
        # people still waiting are the last arrivals; their number in need is about Binomial(waiting, prevalence)
        waiting = exp.waiting_need + exp.queue.still_waiting("no_need")
        sd = math.sqrt(waiting * clinic.prevalence * (1 - clinic.prevalence))
        assert sim.waiting_need == pytest.approx(exp.waiting_need, abs=4 * sd + 5)
        assert sim.queue.mean_wait().weeks == pytest.approx(exp.queue.mean_wait().weeks, abs=0.15)


# -- routes --------------------------------------------------------------------------------------------

def test_weekly_flows_follow_the_confusion_table():
    clinic = Clinic(referrals_per_week=60, prevalence=0.5, sensitivity=0.88, specificity=0.85)
    ai = clinic.weekly_flows("ai_first")
    assert ai == pytest.approx({"queue_need": 26.4, "queue_no_need": 4.5, "self_help_need": 3.6,
                                "self_help_no_need": 25.5})
    human = clinic.weekly_flows("human_first")
    assert human == pytest.approx({"queue_need": 30, "queue_no_need": 30, "self_help_need": 0,
                                   "self_help_no_need": 0})


def test_ai_first_leaves_the_missed_without_human_contact():
    comparison = compare_routes(Clinic())  # 60 referrals, half need help, 40 slots, 26 weeks
    ai, human = comparison.ai_first, comparison.human_first
    assert ai.self_help_need == pytest.approx(60 * 0.5 * 0.12 * 26)
    assert human.self_help_need == 0
    # AI-first: 30.9 flagged a week fit in 40 slots, so nobody waits
    assert ai.queue.mean_wait().weeks == 0 and ai.waiting_need == 0
    # human-first: 60 a week into 40 slots, the queue grows by 20 a week
    assert human.queue.queue.tolist() == pytest.approx([20 * (t + 1) for t in range(26)])
    assert human.human_contact_need == pytest.approx(40 * 26 / 2)
    assert human.queue.mean_wait().weeks > 4
    assert ai.human_contact_share.value == pytest.approx(0.88)
    assert ai.breakdown() == pytest.approx({"seen by a clinician": 686.4, "still waiting": 0,
                                            "self-help only": 93.6})


def test_human_first_with_enough_slots_sees_everybody_who_needs_help():
    r = run_route(Clinic(slots_per_week=60), "human_first")
    assert r.human_contact_share.value == 1.0
    assert r.queue.mean_wait().weeks == 0


def test_lower_specificity_makes_true_cases_wait_longer_in_ai_first():
    clinic = Clinic(slots_per_week=28)
    good = run_route(clinic.with_(specificity=0.95), "ai_first")
    poor = run_route(clinic.with_(specificity=0.60), "ai_first")
    assert poor.queue.total_arrived("no_need") > good.queue.total_arrived("no_need")
    assert poor.queue.mean_wait().weeks > good.queue.mean_wait().weeks
    assert poor.human_contact_need < good.human_contact_need


def test_crises_while_waiting_closed_form():
    h = 0.01
    ai = run_route(Clinic(weeks=4), "ai_first")
    per_week = 60 * 0.5 * 0.12
    expected = sum(per_week * (1 - (1 - h) ** (4 - a)) for a in range(4))
    assert ai.expected_crises(h)["self-help only"] == pytest.approx(expected)
    capped = sum(per_week * (1 - (1 - h) ** min(2, 4 - a)) for a in range(4))
    assert ai.expected_crises(h, represent_weeks=2)["self-help only"] == pytest.approx(capped)
    assert ai.expected_crises(h)["waiting in the queue"] == 0
    human = run_route(Clinic(weeks=4), "human_first")
    assert human.expected_crises(h)["self-help only"] == 0
    assert human.expected_crises(h)["waiting in the queue"] > 0
    assert human.expected_crises(0.0)["waiting in the queue"] == 0


def test_route_text_twins():
    comparison = compare_routes(Clinic())
    text = comparison.describe()
    assert "AI-first: of 780 people who need help, on average about 686 are seen by a clinician (88%)" in text
    assert "about 94 were missed by the AI and routed to self-help only, with no human contact" in text
    assert "Human-first: of 780 people who need help, on average 520 are seen by a clinician (67%)" in text
    assert "nobody is routed away by an AI" in text
    assert "after 4.3 weeks on average" in text


def test_route_edge_cases_in_words():
    nobody = compare_routes(Clinic(prevalence=0.0))
    assert "nobody referred needs help" in nobody.ai_first.describe()
    assert not nobody.ai_first.human_contact_share.defined
    closed = compare_routes(Clinic(slots_per_week=0))
    assert "With no clinician slots nobody is seen" in closed.human_first.describe()
    assert closed.human_first.human_contact_share.value == 0.0
    empty = compare_routes(Clinic(referrals_per_week=0), "simulated")
    assert "Nobody joins the queue" in empty.human_first.describe()


def test_bad_clinic_and_route_inputs():
    with pytest.raises(ValueError, match="prevalence must be from 0 to 1; got 1.5"):
        Clinic(prevalence=1.5)
    with pytest.raises(ValueError, match="referrals_per_week must be a whole number from 0 to 100,000"):
        Clinic(referrals_per_week=-3)
    with pytest.raises(ValueError, match="weeks must be a whole number from 1 to 520; got 600"):
        Clinic(weeks=600)
    with pytest.raises(ValueError, match="route must be one of 'ai_first', 'human_first'; got 'ai'"):
        run_route(Clinic(), "ai")
    with pytest.raises(ValueError, match="mode must be one of"):
        run_route(Clinic(), "ai_first", "random")
    with pytest.raises(ValueError, match="seed must be a whole number"):
        run_route(Clinic(), "ai_first", "simulated", seed=-1)
    with pytest.raises(ValueError, match="at most 2,000,000 in simulated mode"):
        run_route(Clinic(referrals_per_week=100_000, weeks=100), "ai_first", "simulated")
    with pytest.raises(ValueError, match="clinic must be a Clinic"):
        compare_routes({"slots": 3})


def test_backlog_weeks_is_queue_over_slots():
    q = queue_expected(np.full(10, 15.0), np.full(10, 5.0), slots_per_week=16)
    assert q.queue[-1] == pytest.approx(40)
    assert q.backlog_weeks().weeks == pytest.approx(40 / 16)
    closed = queue_expected(np.full(3, 1.0), np.zeros(3), slots_per_week=0)
    assert str(closed.backlog_weeks()) == "undefined: no clinician slots, so the queue never clears"


def test_wait_bands_split_the_people_seen_and_add_up():
    q = queue_expected(np.full(30, 20.0), np.zeros(30), slots_per_week=10)
    bands = q.wait_bands()
    assert list(bands) == ["within 6 weeks", "after 7 to 18 weeks", "after more than 18 weeks", "still waiting"]
    # cohort a is seen after a and a + 1 weeks, cohorts 0..14 are seen (300 people)
    assert bands["within 6 weeks"] == pytest.approx(10 * 7 + 10 * 6)   # waits 0..6
    assert bands["after 7 to 18 weeks"] == pytest.approx(300 - 130)
    assert bands["after more than 18 weeks"] == 0
    assert bands["still waiting"] == pytest.approx(600 - 300)
    assert sum(bands.values()) == pytest.approx(q.total_arrived())
    with pytest.raises(ValueError, match="second bound must be a whole number from 7"):
        q.wait_bands(bounds=(6, 6))


@settings(max_examples=50, deadline=None)
@given(arrivals=st.floats(0, 200), slots=st.integers(0, 150), weeks=st.integers(1, 60))
def test_constant_arrivals_closed_form_matches_the_queue(arrivals, slots, weeks):
    from lessons.engine.capacity import queue_length_constant_arrivals

    q = queue_expected(np.full(weeks, arrivals), np.zeros(weeks), slots)
    assert queue_length_constant_arrivals(arrivals, slots, weeks) == pytest.approx(q.queue[-1], abs=1e-6)
    grid = queue_length_constant_arrivals([arrivals, arrivals + 10], slots, weeks)
    assert grid[1] >= grid[0]


def test_simulated_queue_with_nobody_in_it():
    q = queue_simulated([], [], slots_per_week=3, weeks=4)
    assert q.queue.tolist() == [0, 0, 0, 0]
    assert not q.mean_wait().defined
    assert "Nobody joins the queue" in q.describe()


def test_nobody_flagged_sends_everyone_to_self_help_in_ai_first():
    r = run_route(Clinic(sensitivity=0.0, specificity=1.0), "ai_first")
    assert r.queue.total_arrived("need") == 0 and r.queue.total_arrived("no_need") == 0
    assert r.self_help_need == pytest.approx(780)
    assert r.human_contact_share.value == 0.0
    text = r.describe()
    assert "0 are seen by a clinician (0%)" in text and "Nobody joins the queue, so nobody waits." in text


# -- utilisation and stability (arrivals / slots) ----------------------------------------------------

from lessons.engine.capacity import (  # noqa: E402
    PATHS,
    Stability,
    describe_route,
    poisson_paths,
    stability,
)


@settings(max_examples=40, deadline=None)
@given(slots=st.integers(1, 200), excess=st.floats(0.05, 60), share=st.floats(0, 1))
def test_above_capacity_steady_queue_grows_by_arrivals_minus_slots_every_week(slots, excess, share):
    """Utilisation > 1: the queue grows by (arrivals - slots) every week, and passes the 6-week standard
    in the week the stability words say."""
    arrivals = slots + excess
    weeks = 80
    q = queue_expected(np.full(weeks, share * arrivals), np.full(weeks, (1 - share) * arrivals), slots)
    growth = np.diff(np.concatenate(([0.0], q.queue)))
    assert growth == pytest.approx(np.full(weeks, excess), rel=1e-9, abs=1e-6)
    s = stability(arrivals, slots)
    assert s.case == "grows" and s.utilisation > 1 and s.growth_per_week == pytest.approx(excess)
    assert s.queue_after(weeks) == pytest.approx(q.queue[-1], rel=1e-9)
    backlog = q.queue / slots
    passing = s.week_passing_standard
    over = np.flatnonzero(backlog > 6 + 1e-9)
    if passing <= weeks:
        assert over[0] + 1 == passing  # week numbers count from 1
    else:
        assert over.size == 0
    g = s.growth_per_week
    said = f"{round(g):,} {'person' if round(g) == 1 else 'people'}" if abs(g - round(g)) < 0.005 else f"{g:,.1f} people"
    assert f"the queue grows without limit, by {said} a week on average" in s.describe()
    assert f"passes the 6-week standard in week {passing:,}" in s.describe()


@settings(max_examples=80, deadline=None)
@given(slots=st.integers(0, 200), spare=st.floats(0, 1), share=st.floats(0, 1))
def test_at_or_below_capacity_steady_queue_settles(slots, spare, share):
    """Utilisation <= 1 with the same arrivals every week: nobody is left waiting at any week's end."""
    arrivals = slots * (1 - spare)
    q = queue_expected(np.full(52, share * arrivals), np.full(52, (1 - share) * arrivals), slots)
    assert np.all(q.queue <= 1e-6)
    s = stability(arrivals, slots)
    assert s.case in ("settles", "at capacity") and s.growth_per_week == 0 and s.week_passing_standard is None
    if slots:
        assert s.utilisation == pytest.approx(1 - spare)


def test_stability_words_for_every_case():
    grows = stability(30.9, 30)
    assert grows.describe() == (
        "30.9 people join a week for 30 slots (utilisation 30.9 ÷ 30 = 1.03): above 1, so the queue grows without "
        "limit, by 0.9 people a week on average. With steady arrivals the backlog (queue ÷ slots) passes the 6-week "
        "standard in week 201.")
    assert pytest.approx(6.0) == 200 * 0.9 / 30  # at week 200 the backlog is exactly 6 weeks, "within"
    assert "below 1, so the queue settles" in stability(26.4, 30).describe()
    assert "3.6 spare slots a week" in stability(26.4, 30).describe()
    assert stability(26.4 + 30 * (1 - 0.88), 30).case == "at capacity"
    assert "exactly at capacity" in stability(30, 30).describe()
    assert "utilisation is undefined" in stability(5, 0).describe() and stability(5, 0).utilisation is None
    assert stability(5, 0).case == "grows" and stability(5, 0).week_passing_standard is None
    assert not stability(5, 0).backlog_after(3).defined
    assert stability(0, 0).describe().endswith("nobody arrives, so nobody waits.")
    assert stability(36.9, 30).week_passing_standard == 27
    assert stability(36.9, 30).backlog_after(52).weeks == pytest.approx(52 * 6.9 / 30)


@pytest.mark.parametrize("kwargs, message", [
    (dict(arrivals_per_week="30", slots_per_week=30), "arrivals_per_week"),
    (dict(arrivals_per_week=float("nan"), slots_per_week=30), "arrivals_per_week"),
    (dict(arrivals_per_week=float("inf"), slots_per_week=30), "arrivals_per_week"),
    (dict(arrivals_per_week=-1, slots_per_week=30), "arrivals_per_week"),
    (dict(arrivals_per_week=1, slots_per_week=2.5), "slots_per_week"),
    (dict(arrivals_per_week=1, slots_per_week=-1), "slots_per_week"),
    (dict(arrivals_per_week=1, slots_per_week=1, standard_weeks=0), "standard_weeks"),
])
def test_bad_stability_inputs_name_the_parameter(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Stability(**kwargs)


def test_route_twins_say_which_case_the_queue_is_in():
    ai, human = compare_routes(Clinic()).routes
    assert "(utilisation 30.9 ÷ 40 = 0.77): below 1, so the queue settles" in ai.describe()
    assert "(utilisation 60 ÷ 40 = 1.50): above 1, so the queue grows without limit, by 20 people a week" \
        in human.describe()
    assert "passes the 6-week standard in week 13" in human.describe()
    # 6 weeks of 40 slots = 240 people = 12 weeks of growth of 20: the backlog is more than 6 weeks from week 13
    assert human.queue.queue[11] / 40 == pytest.approx(6) and human.queue.queue[12] / 40 > 6
    short = describe_route(human, include_queue=False)
    assert human.describe().startswith(short) and "utilisation" not in short and "slots a week" not in short


# -- random (Poisson) arrivals ------------------------------------------------------------------------

def poisson_queue(mean, slots, weeks=520, seed=0):
    """The AI-first queue of a clinic whose flagged people arrive as a Poisson stream with ``mean`` a week."""
    clinic = Clinic(referrals_per_week=slots if mean <= slots else int(np.ceil(mean)), prevalence=1.0,
                    sensitivity=mean / (slots if mean <= slots else int(np.ceil(mean))),
                    specificity=1.0, slots_per_week=slots, weeks=weeks)
    return run_route(clinic, "ai_first", "poisson", seed).queue


def stationary_mean_queue(mean, slots, states=400):
    """Independent oracle: the long-run mean end-of-week queue of Q' = max(0, Q + A - slots), A ~ Poisson,
    from the stationary distribution of the Markov chain (iterated until it stops changing)."""
    from math import lgamma, log

    k = np.arange(states)
    pmf = np.exp(k * log(mean) - mean - np.array([lgamma(i + 1) for i in k])) if mean > 0 else (k == 0) * 1.0
    p = np.zeros(states)
    p[0] = 1.0
    for _ in range(20_000):
        after = np.convolve(p, pmf)[: 2 * states]
        new = np.zeros(states)
        new[0] = after[: slots + 1].sum()
        new[1:] = after[slots + 1: slots + states]
        new /= new.sum()
        if np.abs(new - p).max() < 1e-13:
            break
        p = new
    assert p[-20:].sum() < 1e-9, "truncation too short"
    return float(np.dot(k, p))


def test_oracle_matches_the_closed_form_for_one_slot():
    """For one slot a week the stationary mean queue is lambda^2 / (2 (1 - lambda)) (derived from
    Q' = Q + A - 1 + 1{Q + A = 0} by taking first and second moments)."""
    for lam in (0.3, 0.6, 0.85):
        assert stationary_mean_queue(lam, 1) == pytest.approx(lam ** 2 / (2 * (1 - lam)), rel=1e-6)


@pytest.mark.parametrize("mean, slots", [(0.6, 1), (0.85, 1), (4.0, 5), (8.0, 10), (9.0, 10)])
def test_random_arrivals_below_capacity_settle_at_the_oracle_mean(mean, slots):
    """Utilisation below 1 with Poisson arrivals: a queue forms, but its long-run average is finite and
    matches the stationary distribution (averaged over seeded 520-week runs, after a 40-week warm-up)."""
    runs = [poisson_queue(mean, slots, seed=seed).queue[40:] for seed in range(30)]
    simulated = float(np.mean(runs))
    oracle = stationary_mean_queue(mean, slots)
    assert simulated == pytest.approx(oracle, rel=0.12, abs=0.02)
    assert oracle > 0  # queues form below capacity


def test_random_queue_grows_as_utilisation_nears_one():
    """Mean queue at utilisation rho rises with rho (oracle and seeded runs, 10 slots a week)."""
    rhos = (0.5, 0.7, 0.8, 0.9, 0.95)
    oracle = [stationary_mean_queue(10 * r, 10, states=800) for r in rhos]
    assert all(a < b for a, b in zip(oracle, oracle[1:]))
    simulated = [np.mean([poisson_queue(10 * r, 10, seed=s).queue[40:] for s in range(8)]) for r in rhos]
    assert all(a < b for a, b in zip(simulated, simulated[1:]))


@settings(max_examples=30, deadline=None)
@given(slots=st.integers(1, 60), rho=st.floats(1.2, 3.0), seed=st.integers(0, 2**32 - 1))
def test_random_arrivals_above_capacity_grow_by_about_arrivals_minus_slots(slots, rho, seed):
    """Utilisation > 1 with Poisson arrivals: over the second half of 520 weeks the queue grows by about
    (arrivals - slots) a week (six standard errors of the Poisson count)."""
    mean = rho * slots
    q = poisson_queue(mean, slots, seed=seed).queue
    half = q.size // 2
    growth = (q[-1] - q[half - 1]) / (q.size - half)
    assert growth == pytest.approx(mean - slots, abs=6 * np.sqrt(mean / (q.size - half)))


def test_poisson_paths_are_seeded_with_one_stream_per_path():
    clinic = Clinic(slots_per_week=30, weeks=520)
    a, b = poisson_paths(clinic, 5), poisson_paths(clinic, 5)
    assert all(np.array_equal(a[k], b[k]) for k in PATHS)
    assert not np.array_equal(a["queue_need"], poisson_paths(clinic, 6)["queue_need"])
    other = poisson_paths(clinic.with_(specificity=0.6), 5)
    assert np.array_equal(a["queue_need"], other["queue_need"])  # who needs help does not move
    assert np.array_equal(a["self_help_need"], other["self_help_need"])
    flows = clinic.weekly_flows("ai_first")
    for k in PATHS:  # each path's weekly mean and variance are those of a Poisson count
        assert a[k].mean() == pytest.approx(flows[k], abs=5 * np.sqrt(flows[k] / 520))
    assert not any(np.array_equal(a[x], a[y]) for x in PATHS for y in PATHS if x < y)
    with pytest.raises(ValueError, match="clinic must be a Clinic"):
        poisson_paths({"slots": 3})
    with pytest.raises(ValueError, match="seed"):
        poisson_paths(clinic, -1)


def test_poisson_routes_share_the_people_and_conserve_them():
    comparison = compare_routes(Clinic(), "poisson", 11)
    ai, human = comparison.routes
    assert ai.referred_need == human.referred_need
    assert ai.queue.mode == "poisson" and "On average" not in ai.describe()
    for r in comparison.routes:
        assert_conserved(r.queue, tol=1e-6)
        assert_littles_law(r.queue)
