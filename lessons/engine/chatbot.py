"""A support chatbot that must hand crisis messages to a human, and the queue behind it.

The flow of lesson 01, in plain numpy:

1. **Arrivals.** Help-seeking conversations arrive day and night over one week
   (168 hours). :data:`HOURLY_SHAPE` and :data:`WEEKDAY_FACTOR` give an
   *illustrative* arrival profile: quiet before dawn, busiest late in the evening.
2. **Crisis detection.** Each conversation has a crisis-detection score from the
   binormal :class:`~lessons.engine.scenario.ScoreModel`. A conversation scoring at or
   above the threshold is *flagged* and handed to a counsellor; a person in
   crisis below the threshold is *missed* and talks only to the chatbot.
3. **The human queue.** Counsellors start a fixed number of conversations per
   hour (an *illustrative* capacity) in order of arrival. Without the chatbot,
   every conversation waits in that one list. With the chatbot, everyone gets
   an instant reply and only the hand-offs (correctly flagged crises *and* false
   alarms) join the list, so every false alarm slows the people behind it.

Numbers per 10,000 conversations come from closed forms (expected counts);
waiting times come from one seeded simulated week that is reused when a
control moves (common random numbers: each conversation keeps its arrival time
and score noise whatever the settings).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..checks import (
    MAX_SEED,
    Checked,
    check_array,
    check_instance,
    check_int,
    check_population,
    check_probability,
    check_real,
    check_seed,
    checked,
)
from .describe import duration, hours_label, people, percent
from .metrics import Counts, Rate
from .population import counts_from_arrays, expected_counts
from .scenario import DEFAULT_SEED, ScoreModel, check_threshold
from .streams import generator

HOURS_PER_WEEK = 168
"""Length of the simulated week in hours (Monday 00:00 to Sunday 24:00)."""

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

HOURLY_SHAPE = (
    0.9, 0.7, 0.5, 0.35, 0.3, 0.3,   # 00:00-05:59: late night, quiet before dawn
    0.4, 0.6, 0.8, 0.9, 1.0, 1.0,    # 06:00-11:59: morning
    1.0, 1.0, 0.95, 0.95, 1.0, 1.1,  # 12:00-17:59: afternoon
    1.2, 1.35, 1.5, 1.6, 1.5, 1.2,   # 18:00-23:59: evening peak
)
"""Illustrative relative arrival rate for each hour of the day (no source; a teaching choice)."""

WEEKDAY_FACTOR = (1.1, 1.05, 1.0, 1.0, 0.9, 0.9, 1.05)
"""Illustrative relative arrival rate for each day, Monday first (no source; a teaching choice)."""

MAX_CAPACITY = 10_000.0
"""Largest counsellor capacity accepted, in conversations started per hour."""

MAX_CONVERSATIONS = 1_000_000
"""Largest number of conversations in a simulated week."""


# -- arrivals -----------------------------------------------------------------------------

def weekly_arrival_profile(hourly_shape=HOURLY_SHAPE, weekday_factor=WEEKDAY_FACTOR) -> np.ndarray:
    """Share of the week's conversations arriving in each of the 168 hours (sums to 1).

    hourly_shape: 24 non-negative relative rates, one per hour of the day.
    weekday_factor: 7 non-negative relative rates, Monday first.
    """
    hourly = check_array("hourly_shape", hourly_shape)
    daily = check_array("weekday_factor", weekday_factor)
    if hourly.shape != (24,):
        raise ValueError(f"hourly_shape must have 24 values (one per hour); got {hourly.size}")
    if daily.shape != (7,):
        raise ValueError(f"weekday_factor must have 7 values (one per day); got {daily.size}")
    for name, values in (("hourly_shape", hourly), ("weekday_factor", daily)):
        if not np.all(np.isfinite(values)) or np.any(values < 0) or values.sum() <= 0:
            raise ValueError(f"{name} must hold non-negative numbers, not all 0; got {values.tolist()}")
    profile = np.outer(daily, hourly).ravel()
    return profile / profile.sum()


def expected_arrivals_per_hour(conversations: int = 10_000, profile=None) -> np.ndarray:
    """Expected conversations arriving in each of the 168 hours of the week."""
    n = check_population(conversations, "conversations")
    profile = weekly_arrival_profile() if profile is None else np.asarray(profile, dtype=float)
    return n * profile


@dataclass(frozen=True)
class ConversationWeek:
    """One simulated week of conversations, drawn once and reused.

    arrival_hours: sorted arrival times in hours since Monday 00:00, in [0, 168).
    crisis_draw: one uniform number per conversation; the person is in crisis when it is below the prevalence.
    score_noise: one standard normal number per conversation; score = noise + separation if in crisis.
    """

    arrival_hours: np.ndarray
    crisis_draw: np.ndarray
    score_noise: np.ndarray
    seed: int

    @property
    def size(self) -> int:
        return int(self.arrival_hours.size)

    def in_crisis(self, prevalence: float) -> np.ndarray:
        """Boolean array: who is in crisis at this prevalence (share of conversations, 0 to 1)."""
        return self.crisis_draw < check_probability("prevalence", prevalence)

    def scores(self, model: ScoreModel, prevalence: float) -> np.ndarray:
        """Crisis-detection scores under ``model`` at this prevalence."""
        return self.score_noise + model.separation * self.in_crisis(prevalence)


def simulate_week(conversations: int = 10_000, seed: int = DEFAULT_SEED, profile=None) -> ConversationWeek:
    """Draw a week of conversations with a seeded generator (same seed, same week).

    conversations: number of conversations in the week, 1 to 1,000,000.
    profile: 168 hourly shares (default :func:`weekly_arrival_profile`).
    The number arriving in each hour is multinomial over the profile; times are uniform within the hour.
    """
    n = check_int("conversations", conversations, low=1, high=MAX_CONVERSATIONS)
    rng = generator("chatbot week", check_seed(seed))
    profile = weekly_arrival_profile() if profile is None else np.asarray(profile, dtype=float)
    if profile.shape != (HOURS_PER_WEEK,) or np.any(profile < 0) or not math.isclose(profile.sum(), 1.0):
        raise ValueError("profile must hold 168 non-negative shares that sum to 1")
    per_hour = rng.multinomial(n, profile)
    hours = np.repeat(np.arange(HOURS_PER_WEEK), per_hour)
    arrival = np.sort(hours + rng.random(n))
    return ConversationWeek(arrival, rng.random(n), rng.standard_normal(n), seed)


# -- the human queue --------------------------------------------------------------------------

def check_capacity(capacity_per_hour) -> float:
    """Counsellor capacity: conversations started per hour, 0 to 10,000."""
    return check_real("capacity_per_hour", capacity_per_hour, low=0.0, high=MAX_CAPACITY)


def first_contact_times(arrival_hours, capacity_per_hour: float) -> np.ndarray:
    """When each queued conversation reaches a counsellor, in hours since Monday 00:00.

    The counsellors start ``capacity_per_hour`` conversations an hour, one every
    1/capacity hours, in order of arrival (first come, first served). With sorted
    arrival times t_0 <= t_1 <= ..., start s_0 = t_0 and s_n = max(t_n, s_(n-1) + 1/c),
    which unrolls to the closed form s_n = n/c + max over m <= n of (t_m - m/c).
    With capacity 0 nobody is reached: every start time is infinite.
    """
    c = check_capacity(capacity_per_hour)
    t = check_array("arrival_hours", arrival_hours, low=0.0, ndim=1)
    if t.size > 1 and np.any(np.diff(t) < 0):
        raise ValueError("arrival_hours must be a one-dimensional array sorted from earliest to latest")
    if c == 0.0:
        return np.full(t.shape, np.inf)
    slot = np.arange(t.size) / c
    return slot + np.maximum.accumulate(t - slot)


def waits_for_contact(arrival_hours, capacity_per_hour: float) -> np.ndarray:
    """Hours each queued conversation waits for a counsellor (0 or more; infinite at capacity 0)."""
    t = check_array("arrival_hours", arrival_hours, low=0.0, ndim=1)
    # a start time can fall a rounding error before its arrival; a wait is never negative
    return np.maximum(first_contact_times(t, capacity_per_hour) - t, 0.0)


def share_within(waits, hours) -> np.ndarray:
    """Share of the given waits that are at most each value in ``hours`` (0 if there are no waits).

    waits: hours, 0 or more (infinite for a conversation never reached); hours: a number or an array of
    finite hours, 0 or more.
    """
    hours = check_array("hours", hours, low=0.0, scalar=True)
    waits = np.sort(check_array("waits", waits, low=0.0, allow_inf=True, ndim=1))
    if waits.size == 0:
        return np.zeros(hours.shape)
    return np.searchsorted(waits, hours, side="right") / waits.size


# -- results -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class HandoffCurves:
    """Expected missed crises and false alarms per ``per`` conversations across thresholds."""

    thresholds: np.ndarray
    missed: np.ndarray
    false_alarms: np.ndarray
    correctly_flagged: np.ndarray
    per: int


def handoff_curves(model: ScoreModel, prevalence: float, thresholds, per: int = 10_000) -> HandoffCurves:
    """Closed-form expected counts per ``per`` conversations at each threshold.

    missed = per * prevalence * (1 - sensitivity(t)); false alarms = per * (1 - prevalence) * (1 - specificity(t)).
    """
    check_instance("model", model, ScoreModel)
    p = check_probability("prevalence", prevalence)
    per = check_population(per, "per")
    t = check_threshold(thresholds, "thresholds")
    sens = np.asarray(model.sensitivity_at(t), dtype=float)
    spec = np.asarray(model.specificity_at(t), dtype=float)
    return HandoffCurves(
        thresholds=t,
        missed=per * p * (1.0 - sens),
        false_alarms=per * (1.0 - p) * (1.0 - spec),
        correctly_flagged=per * p * sens,
        per=per,
    )


@dataclass(frozen=True)
class SupportOutcome:
    """What one setting of the chatbot does to one simulated week.

    expected: closed-form expected counts for the week (tp = people in crisis handed over,
        fn = people in crisis missed, fp = false alarms, tn = correctly left with the chatbot).
    simulated: the same four counts in the simulated week.
    handoff_waits: hours each hand-off waited for a counsellor (simulated week, with the chatbot).
    waits_without_bot: hours each conversation waited when everyone queues for a human.
    """

    threshold: float
    prevalence: float
    sensitivity: float
    specificity: float
    capacity_per_hour: float
    expected: Counts
    simulated: Counts
    handoff_waits: np.ndarray
    waits_without_bot: np.ndarray

    @property
    def conversations(self) -> int:
        return int(round(self.expected.population))

    @property
    def handoffs(self) -> int:
        """Conversations handed to counsellors in the simulated week."""
        return int(self.handoff_waits.size)

    @property
    def ppv(self) -> Rate:
        """Of the hand-offs, the share from people in crisis (expected)."""
        return self.expected.ppv

    def crisis_reached_with_bot(self, hours) -> np.ndarray:
        """Share of people in crisis who have talked to a counsellor within ``hours`` (with the chatbot).

        A person in crisis is handed over with probability = sensitivity, then waits like any hand-off
        (people in crisis write at the same times as everyone else, so their waits follow the waits of
        all hand-offs). Missed people
        never reach a counsellor through the chatbot, so the share never rises above the sensitivity.
        """
        return self.sensitivity * share_within(self.handoff_waits, hours)

    def crisis_reached_without_bot(self, hours) -> np.ndarray:
        """Share of people in crisis who have talked to a counsellor within ``hours`` (one waiting list)."""
        return share_within(self.waits_without_bot, hours)

    def median_handoff_wait(self) -> float | None:
        """Median hours a hand-off waits for a counsellor; None when nobody is handed over."""
        if self.handoff_waits.size == 0:
            return None
        return float(np.median(self.handoff_waits))

    def median_wait_without_bot(self) -> float:
        return float(np.median(self.waits_without_bot))


@dataclass
class ChatbotWeek(Checked):
    """A simulated week plus the chatbot's settings; recomputing a setting reuses the same people.

    conversations: conversations in the week, 1 to 1,000,000.
    seed: seed of the random generator.
    """

    conversations: int = checked(10_000, check_int, low=1, high=MAX_CONVERSATIONS)
    seed: int = checked(DEFAULT_SEED, check_int, low=0, high=MAX_SEED)

    def __post_init__(self):
        super().__post_init__()
        self._no_bot_waits: dict[float, np.ndarray] = {}

    @cached_property
    def week(self) -> ConversationWeek:
        return simulate_week(self.conversations, self.seed)

    def waits_without_bot(self, capacity_per_hour: float) -> np.ndarray:
        """Waits when every conversation queues for a human (cached per capacity)."""
        c = check_capacity(capacity_per_hour)
        if c not in self._no_bot_waits:
            self._no_bot_waits[c] = waits_for_contact(self.week.arrival_hours, c)
        return self._no_bot_waits[c]

    def outcome(self, threshold: float, prevalence: float, auc: float,
                capacity_per_hour: float) -> SupportOutcome:
        """Run the week at these settings.

        threshold: crisis-detection score at or above which a conversation is handed over (-20 to 20).
        prevalence: share of conversations from people in crisis, 0 to 1.
        auc: how well the score separates crisis from other conversations, 0.5 to just under 1.
        capacity_per_hour: conversations counsellors start per hour, 0 to 10,000.
        """
        p = check_probability("prevalence", prevalence)
        model = ScoreModel.from_auc(auc)
        t = check_threshold(threshold)
        c = check_capacity(capacity_per_hour)
        week = self.week
        crisis = week.in_crisis(p)
        flagged = week.score_noise + model.separation * crisis >= t
        expected = expected_counts(model.scenario(t, p, self.conversations, self.seed))
        return SupportOutcome(
            threshold=t,
            prevalence=p,
            sensitivity=float(model.sensitivity_at(t)),
            specificity=float(model.specificity_at(t)),
            capacity_per_hour=c,
            expected=expected,
            simulated=counts_from_arrays(crisis, flagged),
            handoff_waits=waits_for_contact(week.arrival_hours[flagged], c),
            waits_without_bot=self.waits_without_bot(c),
        )


# -- words ----------------------------------------------------------------------------------

def describe_handoffs(outcome: SupportOutcome, per: int = 10_000) -> str:
    """Text twin of the missed / false-alarm figure: expected counts per ``per`` conversations."""
    check_instance("outcome", outcome, SupportOutcome)
    per = check_population(per, "per")
    c = outcome.expected.scaled(per) if outcome.expected.population else outcome.expected
    crisis = c.need_help
    lines = [f"At threshold {outcome.threshold:.2f}, on average, {people(crisis)} of every {per:,} "
             f"conversations come from people in crisis."]
    if crisis > 0:
        lines.append(f"The chatbot hands {people(c.tp)} of them to a counsellor (correctly flagged) and misses "
                     f"{people(c.fn)}, who talk only to the chatbot (sensitivity {percent(outcome.sensitivity)}).")
    else:
        lines.append("Nobody is in crisis at this prevalence, so nobody can be missed.")
    lines.append(f"It also hands over {people(c.fp)} false alarms from the {people(c.no_need)} conversations that are "
                 f"not crises (specificity {percent(outcome.specificity)}).")
    if c.flagged >= 0.5:
        lines.append(f"Of {people(c.flagged)} hand-offs, {people(c.tp)} come from people in crisis: "
                     f"a PPV of {outcome.ppv}.")
    elif c.flagged > 0:
        lines.append(f"Fewer than one conversation in {per:,} is handed over (PPV {outcome.ppv}).")
    else:
        lines.append(f"Nobody is handed over, so the PPV is {outcome.ppv}.")
    lines.append("Moving the threshold down misses fewer people in crisis and sends more false alarms; "
                 "moving it up does the opposite.")
    return " ".join(lines)


def describe_waits(outcome: SupportOutcome, checkpoints=(1.0, 24.0)) -> str:
    """Text twin of the time-to-first-human-contact figure (simulated week)."""
    check_instance("outcome", outcome, SupportOutcome)
    checkpoints = tuple(float(h) for h in check_array("checkpoints", checkpoints, low=0.0, ndim=1, min_size=1))
    c = outcome.capacity_per_hour
    sim = outcome.simulated
    with_bot = outcome.crisis_reached_with_bot(checkpoints)
    without = outcome.crisis_reached_without_bot(checkpoints)
    reach = lambda shares: ", ".join(  # noqa: E731
        f"{100 * s:.0f}% within {hours_label(h)}" for s, h in zip(shares, checkpoints))
    parts = [f"With the chatbot, all {outcome.conversations:,} conversations get a reply at once."]
    if outcome.prevalence == 0:
        parts.append("Nobody is in crisis at this prevalence; the shares below are what would happen to a "
                     "person in crisis if there were one.")
    if c == 0:
        parts.append("With no counsellor time, nobody reaches a human, with or without the chatbot.")
        return " ".join(parts)
    if outcome.handoffs == 0:
        parts.append("At this threshold the chatbot hands nobody to a counsellor, so no person in crisis "
                     "reaches a human through it.")
    else:
        median = outcome.median_handoff_wait()
        half = ("half of them reach a counsellor at once" if median < 1 / 120
                else f"half of them wait {duration(median)} or less")
        parts.append(
            f"Counsellors start {c:g} conversations an hour (illustrative). In the simulated week the chatbot "
            f"hands over {sim.flagged:,} conversations, on average {people(outcome.expected.tp)} of them from people "
            f"in crisis and the rest false alarms; {half}.")
        parts.append(f"People in crisis who reach a human with the chatbot: {reach(with_bot)}. "
                     f"The {percent(1 - outcome.sensitivity)} who are missed never do: the curve stops at the "
                     f"sensitivity, {percent(outcome.sensitivity)}.")
    parts.append(f"Without the chatbot, every conversation waits in one list for a human (half wait "
                 f"{duration(outcome.median_wait_without_bot())} or less): {reach(without)}.")
    return " ".join(parts)


def summary(outcome: SupportOutcome) -> str:
    """A plain-text summary of one setting (used in the lesson's checked output)."""
    check_instance("outcome", outcome, SupportOutcome)
    return describe_handoffs(outcome) + "\n\n" + describe_waits(outcome, (1.0, 24.0, 48.0))


__all__ = [
    "HOURS_PER_WEEK", "DAYS", "HOURLY_SHAPE", "WEEKDAY_FACTOR", "weekly_arrival_profile",
    "expected_arrivals_per_hour", "ConversationWeek", "simulate_week", "first_contact_times",
    "waits_for_contact", "share_within", "HandoffCurves", "handoff_curves", "SupportOutcome",
    "ChatbotWeek", "check_capacity", "duration", "hours_label", "describe_handoffs", "describe_waits", "summary",
]
