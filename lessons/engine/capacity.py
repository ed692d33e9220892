"""Capacity and time: a first-in-first-out queue for a fixed number of clinician slots.

Each week a cohort of people arrives and joins the back of one queue; the
clinic has ``slots_per_week`` first assessments a week and sees people strictly
in order of arrival (first in, first out). People beyond capacity wait. The
queue does not know who needs help, so every false alarm in the queue takes a
slot that could have gone to somebody who does: false alarms push true cases
back.

Time runs in whole weeks ``0 .. weeks - 1``. People arriving in week ``a`` can be
seen in the same week; somebody seen in week ``s`` waited ``s - a`` whole weeks
(0 = seen the week they arrived). The queue is counted at the end of each week,
so a person who waits ``w`` weeks is counted in ``w`` end-of-week queues: the
sum of the weekly queue lengths equals the total person-weeks of waiting (a
finite-horizon Little's law, checked in the tests).

Two modes give the same :class:`QueueResult`:

* :func:`queue_expected` (deterministic): expected arrivals per week, possibly
  fractional, flow through the queue like a fluid; people of each class are
  mixed evenly within a week's cohort.
* :func:`queue_simulated`: one entry per person, in queue order;
  :func:`run_route` and :func:`compare_routes` (``mode="simulated"``) draw who
  needs help, who is flagged and each week's order with
  the seeded stream of :mod:`~lessons.engine.streams`: same seed, same people.

Both rest on one recursion: with ``A(t)`` the cumulative arrivals and ``S(t)``
the cumulative number seen by the end of week ``t``,
``S(t) = min(A(t), S(t - 1) + slots_per_week)``.

On top of the queue, :func:`run_route` compares two ways into the clinic
(:data:`ROUTES`):

* ``"ai_first"``: an AI screens every referral; only the flagged join the
  human queue (correctly flagged and false alarms). Missed people and the
  correctly cleared are routed to self-help only and get no human contact.
* ``"human_first"``: every referral joins the human queue; nobody is routed
  away by the AI, but the queue is longer.

:func:`compare_routes` runs both on the same referrals.

Public API: :func:`queue_expected`, :func:`queue_simulated`, :func:`cumulative_served`,
:func:`queue_length_constant_arrivals` (closed form), :class:`QueueResult` (with
``mean_wait``, ``longest_wait``, ``wait_bands``, ``share_seen_within``,
``backlog_weeks``, ``person_weeks_waiting``, ``expected_crises``, ``describe``),
:class:`MeanWait`, :class:`Clinic`, :func:`run_route`, :func:`compare_routes`,
:class:`RouteResult`, :class:`RouteComparison`, :func:`describe_queue`,
:func:`describe_route`, :func:`describe_comparison`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..checks import (
    REQUIRED,
    Checked,
    check_array,
    check_choice,
    check_instance,
    check_int,
    check_probability,
    check_real,
    check_seed,
    checked,
)
from .consequences import crisis_probability
from .describe import capitalised, people
from .metrics import Rate
from .scenario import DEFAULT_SEED
from .streams import generator, generators

MAX_WEEKS = 520
"""Longest horizon accepted (10 years of weeks)."""

MAX_PER_WEEK = 100_000
"""Largest number of referrals or clinician slots per week accepted."""

MAX_PEOPLE = 2_000_000
"""Largest number of simulated people (referrals per week x weeks) in simulation mode."""

ROUTES = ("ai_first", "human_first")
ROUTE_LABELS = {"ai_first": "AI-first", "human_first": "Human-first"}
MODES = ("expected", "simulated", "poisson")
"""expected: deterministic, fractional people; simulated: seeded people, a fixed number of referrals a
week; poisson: seeded, the number on each path varies from week to week (Poisson counts)."""
GROUPS = ("need", "no_need")

STANDARD_WEEKS = 6
"""The waiting standard the stability words refer to: the NHS Talking Therapies 6-week standard."""

_ROUNDING = 1e-9
"""Expected-mode amounts below this many people are floating-point rounding and are set to 0."""


@dataclass(frozen=True)
class MeanWait:
    """An average wait in weeks that knows when it is undefined (nobody to average over).

    ``weeks`` is ``person_weeks / people`` or ``None`` when ``people`` is 0;
    ``str()`` gives "3.2 weeks" or "undefined: <reason>".
    """

    person_weeks: float
    people: float
    undefined_reason: str = "nobody was seen"

    @property
    def defined(self) -> bool:
        return self.people > 1e-12

    @property
    def weeks(self) -> float | None:
        return self.person_weeks / self.people if self.defined else None

    def __str__(self) -> str:
        if not self.defined:
            return f"undefined: {self.undefined_reason}"
        return f"{self.weeks:.1f} weeks"


@dataclass(frozen=True)
class QueueResult:
    """Week-by-week state of one first-in-first-out queue. All arrays have one entry per week
    (index 0 .. weeks - 1) unless stated; counts are people (fractional in expected mode).

    arrived_need / arrived_no_need: people joining the queue that week, who need help / who do not
        (in the AI-first route the latter are the false alarms).
    served_need / served_no_need: people given their first assessment that week.
    queue_need / queue_no_need: people still waiting at the end of the week.
    seen_need / seen_no_need: a ``weeks x weeks`` table; entry ``[a, w]`` = people who arrived in
        week ``a`` and were seen after waiting ``w`` whole weeks (so in week ``a + w``).
    unserved_need / unserved_no_need: index ``w`` = people still waiting at the end, who have
        waited ``w`` weeks so far, i.e. arrived in week ``weeks - w`` (length ``weeks + 1``; index 0
        is always 0).
    """

    slots_per_week: int
    mode: str
    arrived_need: np.ndarray
    arrived_no_need: np.ndarray
    served_need: np.ndarray
    served_no_need: np.ndarray
    queue_need: np.ndarray
    queue_no_need: np.ndarray
    seen_need: np.ndarray
    seen_no_need: np.ndarray
    unserved_need: np.ndarray
    unserved_no_need: np.ndarray

    @property
    def weeks(self) -> int:
        return int(self.arrived_need.size)

    @property
    def week_numbers(self) -> np.ndarray:
        """Weeks counted from 1 for figures and text (week index + 1)."""
        return np.arange(1, self.weeks + 1)

    @property
    def waits_need(self) -> np.ndarray:
        """Index ``w``: people who need help seen after waiting ``w`` whole weeks (length ``weeks``)."""
        return self.seen_need.sum(axis=0)

    @property
    def waits_no_need(self) -> np.ndarray:
        """Index ``w``: people who do not need help seen after waiting ``w`` whole weeks."""
        return self.seen_no_need.sum(axis=0)

    @property
    def queue(self) -> np.ndarray:
        """Everybody waiting at the end of each week."""
        return self.queue_need + self.queue_no_need

    @property
    def served(self) -> np.ndarray:
        """Everybody seen each week (never more than ``slots_per_week``)."""
        return self.served_need + self.served_no_need

    def _group(self, group: str, what: str) -> np.ndarray:
        check_choice("group", group, GROUPS)
        return getattr(self, f"{what}_{group}")

    def total_arrived(self, group: str = "need") -> float:
        """People of ``group`` ("need" or "no_need") who joined the queue over the horizon."""
        return float(self._group(group, "arrived").sum())

    def total_served(self, group: str = "need") -> float:
        """People of ``group`` seen over the horizon."""
        return float(self._group(group, "served").sum())

    def still_waiting(self, group: str = "need") -> float:
        """People of ``group`` still in the queue at the end of the last week."""
        return float(self._group(group, "queue")[-1])

    def mean_wait(self, group: str = "need") -> MeanWait:
        """Average wait in weeks of the people of ``group`` who were seen."""
        waits = self._group(group, "waits")
        reason = ("no clinician slots, so nobody was seen" if self.slots_per_week == 0
                  else "nobody in this group was seen")
        return MeanWait(float(np.dot(np.arange(waits.size), waits)), float(waits.sum()), reason)

    def longest_wait(self, group: str = "need") -> int | None:
        """Longest wait (whole weeks) of anybody of ``group`` who was seen; None if nobody was seen."""
        waits = self._group(group, "waits")
        seen = np.flatnonzero(waits > 1e-9)
        return int(seen[-1]) if seen.size else None

    def backlog_weeks(self) -> MeanWait:
        """Weeks of slots needed to clear the queue left at the end: end-of-horizon queue / slots.

        In a first-in-first-out queue this is about how long somebody joining after the horizon
        would wait. Undefined (in words) when there are no slots.
        """
        return MeanWait(float(self.queue[-1]), float(self.slots_per_week),
                        "no clinician slots, so the queue never clears")

    def person_weeks_waiting(self, group: str = "need") -> float:
        """Person-weeks spent in the queue by ``group``: seen people's waits plus time so far of those
        still waiting. Equals the sum of the end-of-week queue lengths (Little's law)."""
        waits = self._group(group, "waits")
        unserved = self._group(group, "unserved")
        return float(np.dot(np.arange(waits.size), waits) + np.dot(np.arange(unserved.size), unserved))

    def expected_crises(self, weekly_hazard: float, group: str = "need") -> float:
        """Expected crises among ``group`` while in the queue, at a constant weekly hazard (0 to 1).

        A person who waits ``w`` weeks (seen, or still waiting at the end) has a crisis with chance
        ``1 - (1 - weekly_hazard) ** w`` (:func:`lessons.engine.consequences.crisis_probability`).
        """
        waits = self._group(group, "waits")
        unserved = self._group(group, "unserved")
        p_seen = crisis_probability(np.arange(waits.size), weekly_hazard)
        p_left = crisis_probability(np.arange(unserved.size), weekly_hazard)
        return float(np.dot(waits, p_seen) + np.dot(unserved, p_left))

    def wait_bands(self, group: str = "need", bounds: tuple[int, int] = (6, 18)) -> dict[str, float]:
        """Who waited and how long: people of ``group`` by band of wait, plus those still waiting.

        bounds: two whole numbers of weeks, ``0 <= first < second`` (default 6 and 18, the NHS
        Talking Therapies standards). A wait of ``w`` whole weeks is "within" a bound ``k`` when
        ``w <= k``. Keys: "within 6 weeks", "after 7 to 18 weeks", "after more than 18 weeks", "still waiting".
        """
        first = check_int("first bound", bounds[0], low=0, high=MAX_WEEKS)
        second = check_int("second bound", bounds[1], low=first + 1, high=MAX_WEEKS)
        waits = self._group(group, "waits")
        return {
            f"within {first} weeks": float(waits[: first + 1].sum()),
            f"after {first + 1} to {second} weeks": float(waits[first + 1: second + 1].sum()),
            f"after more than {second} weeks": float(waits[second + 1:].sum()),
            "still waiting": self.still_waiting(group),
        }

    def share_seen_within(self, weeks: int, group: str = "need") -> Rate:
        """Of the people of ``group`` who arrived early enough to have waited ``weeks`` weeks inside
        the horizon, the share seen after a wait of at most ``weeks`` whole weeks.

        weeks: 0 to the horizon. Undefined when nobody arrived early enough.
        """
        k = check_int("weeks", weeks, low=0, high=self.weeks)
        arrived = self._group(group, "arrived")
        eligible = float(arrived[: self.weeks - k].sum())
        seen_in_time = float(self._group(group, "seen")[: self.weeks - k, : k + 1].sum())
        return Rate(f"seen within {k} weeks", seen_in_time, eligible,
                    f"nobody arrived {k} or more weeks before the end")

    def stability(self, standard_weeks: int = STANDARD_WEEKS) -> Stability:
        """Utilisation and stability at the average arrivals over the horizon (:class:`Stability`)."""
        arrivals = (self.total_arrived("need") + self.total_arrived("no_need")) / self.weeks
        return Stability(arrivals, self.slots_per_week, standard_weeks)

    def describe(self, *, other_label: str = "people who do not need help") -> str:
        """Text twin: arrivals, the queue at the end, who was seen and how long they waited."""
        return describe_queue(self, other_label=other_label)


# -- the recursion shared by both modes ---------------------------------------------------------

def cumulative_served(arrivals_per_week, slots_per_week: int) -> np.ndarray:
    """Cumulative people seen by the end of each week: ``S(t) = min(A(t), S(t-1) + slots)``.

    arrivals_per_week: people joining the queue each week (0 or more, fractions allowed).
    slots_per_week: first assessments a week, 0 to 100,000.
    """
    arrivals = _check_arrivals("arrivals_per_week", arrivals_per_week)
    slots = check_int("slots_per_week", slots_per_week, low=0, high=MAX_PER_WEEK)
    total = np.cumsum(arrivals)
    served = np.empty_like(total)
    so_far = 0.0
    for t, a in enumerate(total):
        so_far = min(a, so_far + slots)
        served[t] = so_far
    return served


def queue_length_constant_arrivals(arrivals_per_week, slots_per_week: int, weeks: int):
    """Closed form: the queue at the end of week ``weeks`` when the same number arrives every week.

    Starting empty, ``S(t) = min(A(t), S(t - 1) + c)`` gives ``S(t) = (t + 1) min(arrivals, c)``, so
    the queue after ``weeks`` weeks is ``weeks * max(0, arrivals - c)``.
    arrivals_per_week: people a week (0 to 100,000; a number or an array, e.g. one per specificity).
    slots_per_week: whole number from 0 to 100,000. weeks: 1 to 520. Returns a float or an array.
    """
    slots = check_int("slots_per_week", slots_per_week, low=0, high=MAX_PER_WEEK)
    weeks = check_int("weeks", weeks, low=1, high=MAX_WEEKS)
    arr = check_array("arrivals_per_week", arrivals_per_week, low=0.0, high=MAX_PER_WEEK, scalar=True)
    length = weeks * np.maximum(0.0, arr - slots)
    return float(length) if length.ndim == 0 else length


# -- utilisation and stability --------------------------------------------------------------------

@dataclass(frozen=True)
class Stability(Checked):
    """Whether a queue with steady arrivals settles or grows for ever: utilisation = arrivals / slots.

    arrivals_per_week: people joining a week on average (0 to 100,000). slots_per_week: whole
    number from 0 to 100,000. standard_weeks: a backlog standard in weeks (default 6).

    Below 1 the slots keep up: with the same number arriving every week nobody waits beyond the
    week they arrive, and any queue is worked off. Above 1 the queue grows every week for ever, by
    ``arrivals - slots`` people, and its backlog (queue / slots, in weeks) passes the standard in
    :attr:`week_passing_standard`. At exactly 1 steady arrivals just keep up; random ones do not.
    """

    arrivals_per_week: float = checked(REQUIRED, check_real, low=0.0, high=MAX_PER_WEEK)
    slots_per_week: int = checked(REQUIRED, check_int, low=0, high=MAX_PER_WEEK)
    standard_weeks: int = checked(STANDARD_WEEKS, check_int, low=1, high=MAX_WEEKS)

    @property
    def utilisation(self) -> float | None:
        """arrivals / slots; None (undefined) when there are no slots."""
        return self.arrivals_per_week / self.slots_per_week if self.slots_per_week else None

    @property
    def case(self) -> str:
        """"settles" (utilisation below 1), "at capacity" (exactly 1) or "grows" (above 1, or no slots
        while people arrive). Arrivals within 1e-9 of the slots count as exactly at capacity."""
        gap = self.arrivals_per_week - self.slots_per_week
        if abs(gap) <= 1e-9 * max(1.0, self.slots_per_week):
            return "at capacity" if self.slots_per_week else "settles"
        return "grows" if gap > 0 else "settles"

    @property
    def growth_per_week(self) -> float:
        """People the queue grows by each week with steady arrivals (0 unless it grows)."""
        return self.arrivals_per_week - self.slots_per_week if self.case == "grows" else 0.0

    def queue_after(self, weeks: int) -> float:
        """People waiting at the end of week ``weeks`` (1 to 520) with steady arrivals, starting empty."""
        weeks = check_int("weeks", weeks, low=1, high=MAX_WEEKS)
        return weeks * self.growth_per_week

    def backlog_after(self, weeks: int) -> MeanWait:
        """Backlog in weeks of slots (queue / slots) at the end of week ``weeks``; undefined with no slots."""
        return MeanWait(self.queue_after(weeks), float(self.slots_per_week),
                        "no clinician slots, so the queue never clears")

    @property
    def week_passing_standard(self) -> int | None:
        """First week at whose end the backlog is more than :attr:`standard_weeks`, with steady arrivals
        from an empty start; None when the queue does not grow or there are no slots (undefined)."""
        if self.case != "grows" or not self.slots_per_week:
            return None
        weeks_to_fill = self.standard_weeks * self.slots_per_week / self.growth_per_week
        return int(np.floor(weeks_to_fill + 1e-9)) + 1

    def describe(self, *, arrivals_label: str = "people join") -> str:
        """Which case the queue is in, in words: utilisation, and if growing, by how much and when it
        passes the standard."""
        a, c = self.arrivals_per_week, self.slots_per_week
        label = arrivals_label.replace("people", "person", 1) if _amount(a) == "1" else arrivals_label
        head = (f"{_sentence(_amount(a))} {label.replace('join', 'joins', 1) if _amount(a) == '1' else label} "
                f"a week for {c:,} slot{'s' if c != 1 else ''}")
        if c == 0:
            if a <= 0:
                return head + ": nobody arrives, so nobody waits."
            return (head + ": with no slots the utilisation is undefined and nobody is seen; the queue grows "
                    f"by {_amount(a)} a week for ever.")
        rho = f"utilisation {_amount(a)} ÷ {c:,} = {self.utilisation:.2f}"
        if self.case == "settles":
            return (head + f" ({rho}): below 1, so the queue settles. With the same number every week nobody "
                    f"waits beyond the week they arrive, and {_amount(c - a)} spare slots a week work off any "
                    "queue.")
        if self.case == "at capacity":
            return (head + f" ({rho}): exactly at capacity. Steady arrivals are just seen each week, but with random "
                    "arrivals there are no spare slots to work off a busy week, so the queue drifts ever higher.")
        return (head + f" ({rho}): above 1, so the queue grows without limit, by {_amount(self.growth_per_week)} "
                f"{'person' if _amount(self.growth_per_week) == '1' else 'people'} a week on average. "
                "With steady arrivals the backlog (queue ÷ slots) passes the "
                f"{self.standard_weeks}-week standard in week {self.week_passing_standard:,}.")


def _amount(x: float) -> str:
    """A weekly amount as the lessons say it: "60", "30.9", "0.9" (whole numbers without a decimal)."""
    return f"{round(x):,}" if abs(x - round(x)) < 0.005 else f"{x:,.1f}"


MAX_STEPS = 10_000
"""Longest repeated pattern :func:`repeated_pattern_queue` accepts (e.g. the 168 hours of a week)."""


def repeated_pattern_queue(arrivals_per_step, capacity_per_step, repeats: int) -> np.ndarray:
    """A first-in-first-out fluid queue fed by the same pattern of arrivals again and again.

    arrivals_per_step: expected arrivals in each step of one period (e.g. each hour of a week; 1 to
    10,000 finite numbers, 0 or more). capacity_per_step: people the servers start in a step (0 to
    100,000). repeats: periods in a row, 1 to 520, starting with nobody waiting.

    Each step ``Q = max(0, Q + arrivals - capacity)`` (the recursion of :func:`cumulative_served`).
    Returns the queue at the end of each period (length ``repeats``). When a period brings more than
    its capacity, the queue left at the end grows period after period: a simulation of the first
    period alone, starting empty, shows the best case.
    """
    try:
        a = None if isinstance(arrivals_per_step, str) else np.asarray(arrivals_per_step, dtype=float)
    except (TypeError, ValueError):
        a = None
    if a is None or a.ndim != 1 or not 1 <= a.size <= MAX_STEPS or not np.all(np.isfinite(a)) or np.any(a < 0):
        raise ValueError(f"arrivals_per_step must be a list of 1 to {MAX_STEPS:,} finite numbers of at least 0; "
                         f"got {arrivals_per_step!r:.80}")
    c = check_real("capacity_per_step", capacity_per_step, low=0.0, high=MAX_PER_WEEK)
    repeats = check_int("repeats", repeats, low=1, high=MAX_WEEKS)
    ends = np.empty(repeats)
    q = 0.0
    for r in range(repeats):
        for x in a:
            q = max(0.0, q + x - c)
        ends[r] = q
    return ends


def stability(arrivals_per_week, slots_per_week: int, standard_weeks: int = STANDARD_WEEKS) -> Stability:
    """The :class:`Stability` of a queue with ``arrivals_per_week`` arriving for ``slots_per_week`` slots."""
    return Stability(arrivals_per_week, slots_per_week, standard_weeks)


def _check_arrivals(name: str, values) -> np.ndarray:
    arr = check_array(name, values, low=0.0, high=MAX_PER_WEEK, ndim=1)
    if not 1 <= arr.size <= MAX_WEEKS:
        raise ValueError(f"{name} must be a list of 1 to {MAX_WEEKS} weekly numbers; got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr > MAX_PER_WEEK):
        raise ValueError(f"{name} values must be numbers from 0 to {MAX_PER_WEEK:,}; got {arr.tolist()[:10]}")
    return arr


# -- expected (deterministic) mode ---------------------------------------------------------------

def queue_expected(need_per_week, no_need_per_week, slots_per_week: int) -> QueueResult:
    """Deterministic first-in-first-out queue with expected (possibly fractional) arrivals.

    need_per_week: people who need help joining the queue each week (0 to 100,000 each; 1 to 520
        weeks). no_need_per_week: people who do not need help joining each week (same length).
    slots_per_week: first assessments a week, a whole number from 0 to 100,000.

    Within a week's cohort the two groups are mixed evenly, so each slot holds the cohort's mix.
    """
    need = _check_arrivals("need_per_week", need_per_week)
    other = _check_arrivals("no_need_per_week", no_need_per_week)
    if need.size != other.size:
        raise ValueError(
            f"need_per_week and no_need_per_week must cover the same weeks; got {need.size} and {other.size}"
        )
    slots = check_int("slots_per_week", slots_per_week, low=0, high=MAX_PER_WEEK)
    weeks = need.size
    arrivals = need + other
    cum_a = np.cumsum(arrivals)
    cum_a_prev = cum_a - arrivals
    cum_s = cumulative_served(arrivals, slots)
    cum_s_prev = np.concatenate(([0.0], cum_s[:-1]))
    # overlap[a, t]: people of cohort a seen in week t (positions on the cumulative-arrival axis)
    overlap = np.minimum(cum_a[:, None], cum_s[None, :]) - np.maximum(cum_a_prev[:, None], cum_s_prev[None, :])
    overlap = np.clip(overlap, 0.0, None)
    with np.errstate(invalid="ignore", divide="ignore"):
        share_need = np.where(arrivals > 0, need / np.where(arrivals > 0, arrivals, 1.0), 0.0)
    by_group = (overlap * share_need[:, None], overlap * (1.0 - share_need)[:, None])
    served = [m.sum(axis=0) for m in by_group]
    arrived = (need, other)
    queues = [np.cumsum(arrived[g]) - np.cumsum(served[g]) for g in (0, 1)]
    for q in queues:
        q[q < _ROUNDING] = 0.0
    a_idx, t_idx = np.indices((weeks, weeks))
    later = t_idx >= a_idx
    seen, unserved = [], []
    for g, m in enumerate(by_group):
        table = np.zeros((weeks, weeks))  # [arrival week, wait]
        table[a_idx[later], (t_idx - a_idx)[later]] = m[later]
        table[table < _ROUNDING] = 0.0
        seen.append(table)
        left = arrived[g] - m.sum(axis=1)
        left[left < _ROUNDING] = 0.0
        so_far = np.zeros(weeks + 1)
        so_far[weeks - np.arange(weeks)] = left
        unserved.append(so_far)
    return QueueResult(slots, "expected", need, other, served[0], served[1], queues[0], queues[1],
                       seen[0], seen[1], unserved[0], unserved[1])


# -- simulated (seeded) mode ---------------------------------------------------------------------

def queue_simulated(arrival_week, needs_help, slots_per_week: int, weeks: int) -> QueueResult:
    """First-in-first-out queue of individual people, in the order given.

    arrival_week: week each person joins (whole numbers 0 .. weeks - 1, in non-decreasing order:
        the order of the array is the order of the queue). needs_help: True for people who need
        help (same length). slots_per_week: whole number from 0 to 100,000. weeks: 1 to 520.
    """
    weeks = check_int("weeks", weeks, low=1, high=MAX_WEEKS)
    slots = check_int("slots_per_week", slots_per_week, low=0, high=MAX_PER_WEEK)
    arrival = np.asarray(arrival_week)
    need = np.asarray(needs_help, dtype=bool)
    if arrival.ndim != 1 or arrival.shape != need.shape:
        raise ValueError(
            f"arrival_week and needs_help must be lists of the same length; got {arrival.shape} and {need.shape}"
        )
    if arrival.size == 0:
        arrival = arrival.astype(np.int64)
    if arrival.size and (not np.issubdtype(arrival.dtype, np.integer) or arrival.min() < 0
                         or arrival.max() >= weeks):
        raise ValueError(f"arrival_week values must be whole weeks from 0 to {weeks - 1}")
    if arrival.size and np.any(np.diff(arrival) < 0):
        raise ValueError("arrival_week must be in non-decreasing order (the order of the queue)")
    arrivals = np.bincount(arrival, minlength=weeks).astype(float)
    cum_s = cumulative_served(arrivals, slots) if arrivals.size else np.zeros(weeks)
    position = np.arange(arrival.size)
    seen_week = np.searchsorted(cum_s, position, side="right")  # == weeks when never seen
    seen = seen_week < weeks
    wait = seen_week - arrival
    groups = (need, ~need)
    arrived, served, queues, tables, unserved = [], [], [], [], []
    for members in groups:
        a = np.bincount(arrival[members], minlength=weeks).astype(float)
        s = np.bincount(seen_week[members & seen], minlength=weeks).astype(float)
        arrived.append(a)
        served.append(s)
        queues.append(np.cumsum(a) - np.cumsum(s))
        done = members & seen
        cell = arrival[done] * weeks + wait[done]  # [arrival week, wait] as one flat index
        tables.append(np.bincount(cell, minlength=weeks * weeks).astype(float).reshape(weeks, weeks))
        left = members & ~seen
        unserved.append(np.bincount(weeks - arrival[left], minlength=weeks + 1).astype(float))
    return QueueResult(slots, "simulated", arrived[0], arrived[1], served[0], served[1], queues[0],
                       queues[1], tables[0], tables[1], unserved[0], unserved[1])


_sentence = capitalised


def describe_queue(result: QueueResult, *, other_label: str = "people who do not need help",
                   stable: Stability | None = None) -> str:
    """Text twin of a queue: arrivals, capacity, which case it is in (utilisation), who was seen, waits
    and who is still waiting.

    stable: the :class:`Stability` to state (e.g. at a route's expected arrivals); by default the one at
    the average arrivals of ``result``.
    """
    check_instance("result", result, QueueResult)
    if not isinstance(other_label, str):
        raise ValueError(f"other_label must be a text naming the other people in the queue; got {other_label!r:.60}")
    if stable is not None:
        check_instance("stable", stable, Stability)
    n_weeks = result.weeks
    lead = "On average, over" if result.mode == "expected" else "Over"
    need_in, other_in = result.total_arrived("need"), result.total_arrived("no_need")
    parts = [
        f"{lead} {n_weeks} weeks, {people(need_in)} people who need help and {people(other_in)} "
        f"{other_label} join the queue; the clinic has {result.slots_per_week:,} assessment "
        f"slot{'s' if result.slots_per_week != 1 else ''} a week."
    ]
    stable = result.stability() if stable is None else stable
    if need_in + other_in > 0 and result.slots_per_week > 0:
        parts.append(stable.describe(arrivals_label="people join" if result.mode == "expected"
                                     else "people join on average"))
    if result.slots_per_week == 0:
        parts.append("With no clinician slots nobody is seen: everybody who joins the queue is still "
                     "waiting at the end, so no wait can be averaged.")
    elif need_in + other_in <= 0:
        parts.append("Nobody joins the queue, so nobody waits.")
    else:
        wait = result.mean_wait("need")
        if wait.defined:
            longest = result.longest_wait("need")
            if longest == 0:
                timing = "all in the week they join the queue"
            else:
                timing = (f"after {wait.weeks:.1f} weeks on average (longest "
                          f"{longest} week{'s' if longest != 1 else ''})")
            parts.append(_sentence(f"{people(result.total_served('need'))} people who need help are seen, {timing}."))
        elif need_in > 0:
            parts.append("None of the people who need help are seen within the horizon.")
        else:
            parts.append("Nobody who joins the queue needs help.")
        still = result.still_waiting("need")
        other_still = result.still_waiting("no_need")
        if still + other_still > 1e-9:
            parts.append(
                f"At the end, {people(still)} people who need help and {people(other_still)} {other_label} "
                f"are still waiting."
            )
        elif stable.case == "settles":
            parts.append("At the end nobody is waiting: the slots keep up with arrivals.")
        else:
            parts.append("At the end nobody is waiting, but with no spare slots that cannot last.")
    return " ".join(parts)


# -- routes into the clinic ---------------------------------------------------------------------

@dataclass(frozen=True)
class Clinic(Checked):
    """A service that receives referrals every week and has a fixed number of assessment slots.

    referrals_per_week: people asking for help each week, a whole number from 0 to 100,000.
    prevalence: share of referrals who need a clinician, 0 to 1.
    sensitivity: share of those who need a clinician whom the AI flags, 0 to 1.
    specificity: share of the others whom the AI does not flag, 0 to 1.
    slots_per_week: clinician first-assessment slots per week, a whole number from 0 to 100,000.
    weeks: horizon, 1 to 520 weeks.

    No source gives these numbers for a real service: the defaults (60 referrals a week, half of
    whom need a clinician, 40 slots a week, 26 weeks) are illustrative. The default sensitivity and
    specificity (0.88, 0.85) are the PHQ-9 operating point (sourced: Levis et al. 2019).
    """

    referrals_per_week: int = checked(60, check_int, low=0, high=MAX_PER_WEEK)
    prevalence: float = checked(0.5, check_probability)
    sensitivity: float = checked(0.88, check_probability)
    specificity: float = checked(0.85, check_probability)
    slots_per_week: int = checked(40, check_int, low=0, high=MAX_PER_WEEK)
    weeks: int = checked(26, check_int, low=1, high=MAX_WEEKS)

    def weekly_flows(self, route: str) -> dict[str, float]:
        """Expected people per week on each path of ``route``.

        Keys: "queue_need" and "queue_no_need" (join the human queue), "self_help_need" (need help,
        routed to self-help only: the missed) and "self_help_no_need" (correctly cleared).
        """
        check_choice("route", route, ROUTES)
        pos = self.referrals_per_week * self.prevalence
        neg = self.referrals_per_week - pos
        if route == "human_first":
            return {"queue_need": pos, "queue_no_need": neg, "self_help_need": 0.0, "self_help_no_need": 0.0}
        return {
            "queue_need": pos * self.sensitivity,
            "queue_no_need": neg * (1.0 - self.specificity),
            "self_help_need": pos * (1.0 - self.sensitivity),
            "self_help_no_need": neg * self.specificity,
        }


@dataclass(frozen=True)
class RouteResult:
    """One route through one clinic over the horizon.

    queue: the human queue (:class:`QueueResult`); its "no_need" group are false alarms in the
        AI-first route and everyone without need in the human-first route.
    self_help_need_per_week: people who need help routed to self-help only each week (missed by
        the AI): no human contact within the horizon. All zeros in the human-first route.
    self_help_no_need_per_week: people without need routed to self-help only each week (correctly
        cleared).
    """

    route: str
    clinic: Clinic
    mode: str
    queue: QueueResult
    self_help_need_per_week: np.ndarray
    self_help_no_need_per_week: np.ndarray

    @property
    def self_help_need(self) -> float:
        """People who need help routed to self-help only over the horizon (the missed)."""
        return float(self.self_help_need_per_week.sum())

    @property
    def self_help_no_need(self) -> float:
        """People without need routed to self-help only over the horizon (correctly cleared)."""
        return float(self.self_help_no_need_per_week.sum())

    def expected_crises(self, weekly_hazard: float, represent_weeks: float | None = None) -> dict[str, float]:
        """Expected crises among people who need help before a clinician sees them, within the horizon.

        weekly_hazard: chance per week of a crisis while untreated, 0 to 1 (illustrative in the kit).
        represent_weeks: weeks until a person routed to self-help only comes back or is caught another
            way, 0 or more; ``None`` means they do not come back within the horizon. Their time at risk
            is counted until then or until the end of the horizon, whichever is first.

        Returns {"waiting in the queue": ..., "self-help only": ...}.
        """
        at_risk = self.clinic.weeks - np.arange(self.clinic.weeks, dtype=float)
        if represent_weeks is not None:
            at_risk = np.minimum(at_risk, check_real("represent_weeks", represent_weeks, low=0.0))
        self_help = float(np.dot(self.self_help_need_per_week, crisis_probability(at_risk, weekly_hazard)))
        return {"waiting in the queue": self.queue.expected_crises(weekly_hazard), "self-help only": self_help}

    @property
    def label(self) -> str:
        return ROUTE_LABELS[self.route]

    @property
    def referred_need(self) -> float:
        """Everybody who needs help among the referrals over the horizon."""
        return self.queue.total_arrived("need") + self.self_help_need

    @property
    def human_contact_need(self) -> float:
        """People who need help who were seen by a clinician within the horizon."""
        return self.queue.total_served("need")

    @property
    def waiting_need(self) -> float:
        """People who need help still in the human queue at the end."""
        return self.queue.still_waiting("need")

    @property
    def human_contact_share(self) -> Rate:
        """Of everybody who needs help, the share seen by a clinician within the horizon."""
        return Rate("share of people in need seen by a clinician", self.human_contact_need, self.referred_need,
                    "nobody referred needs help")

    def breakdown(self) -> dict[str, float]:
        """What became of the people who need help: seen, still waiting, self-help only."""
        return {
            "seen by a clinician": self.human_contact_need,
            "still waiting": self.waiting_need,
            "self-help only": self.self_help_need,
        }

    def stability(self, standard_weeks: int = STANDARD_WEEKS) -> Stability:
        """Utilisation and stability of the route's human queue at its expected weekly arrivals."""
        flows = self.clinic.weekly_flows(self.route)
        return Stability(flows["queue_need"] + flows["queue_no_need"], self.clinic.slots_per_week, standard_weeks)

    def describe(self) -> str:
        """Text twin of the route: the people who need help, then the queue."""
        return describe_route(self)


def run_route(clinic: Clinic, route: str, mode: str = "expected", seed: int = DEFAULT_SEED) -> RouteResult:
    """Run one route ("ai_first" or "human_first") through ``clinic``.

    mode: "expected" (deterministic, fractional people) or "simulated" (seeded; each referral is a
    person who needs help with chance ``prevalence`` and, in the AI-first route, is flagged with
    chance ``sensitivity`` or ``1 - specificity``). seed: 0 to 2**32 - 1 (simulated mode only).
    """
    check_instance("clinic", clinic, Clinic)
    check_seed(seed)
    return _runs(clinic, (route,), mode, seed)[0]


@dataclass(frozen=True)
class RouteComparison:
    """The AI-first and human-first routes through the same clinic, with the same referrals."""

    ai_first: RouteResult
    human_first: RouteResult

    @property
    def routes(self) -> tuple[RouteResult, RouteResult]:
        return (self.ai_first, self.human_first)

    def describe(self) -> str:
        return describe_comparison(self)


def compare_routes(clinic: Clinic, mode: str = "expected", seed: int = DEFAULT_SEED) -> RouteComparison:
    """Both routes through ``clinic``; in simulated mode the same people are referred in both."""
    check_instance("clinic", clinic, Clinic)
    seed = check_seed(seed)
    return RouteComparison(*_runs(clinic, ROUTES, mode, seed))


def _runs(clinic: Clinic, routes, mode: str, seed: int) -> list[RouteResult]:
    if not isinstance(clinic, Clinic):
        raise ValueError(f"clinic must be a Clinic; got {type(clinic).__name__}")
    for route in routes:
        check_choice("route", route, ROUTES)
    check_choice("mode", mode, MODES)
    if mode == "expected":
        out = []
        for route in routes:
            flows = clinic.weekly_flows(route)
            q = queue_expected(np.full(clinic.weeks, flows["queue_need"]),
                               np.full(clinic.weeks, flows["queue_no_need"]), clinic.slots_per_week)
            out.append(RouteResult(route, clinic, mode, q, np.full(clinic.weeks, flows["self_help_need"]),
                                   np.full(clinic.weeks, flows["self_help_no_need"])))
        return out
    seed = check_seed(seed)
    if mode == "poisson":
        return _poisson_runs(clinic, routes, seed)
    n = clinic.referrals_per_week * clinic.weeks
    if n > MAX_PEOPLE:
        raise ValueError(
            f"referrals_per_week x weeks must be at most {MAX_PEOPLE:,} in simulated mode; got {n:,}"
        )
    rng = generator("clinic referrals", seed)
    arrival = np.repeat(np.arange(clinic.weeks), clinic.referrals_per_week)
    u, v = rng.random(n), rng.random(n)
    # a random order within each week: sort by (week, random key); keys fixed by the seed
    order = np.lexsort((rng.random(n), arrival))
    arrival, u, v = arrival[order], u[order], v[order]
    need = u < clinic.prevalence
    flagged = np.where(need, v < clinic.sensitivity, v < 1.0 - clinic.specificity)
    out = []
    for route in routes:
        joins = flagged if route == "ai_first" else np.ones(n, dtype=bool)
        q = queue_simulated(arrival[joins], need[joins], clinic.slots_per_week, clinic.weeks)
        per_week = [np.bincount(arrival[group & ~joins], minlength=clinic.weeks).astype(float)
                    for group in (need, ~need)]
        out.append(RouteResult(route, clinic, mode, q, per_week[0], per_week[1]))
    return out


PATHS = ("queue_need", "self_help_need", "queue_no_need", "self_help_no_need")
"""The four paths of the AI-first route (correctly flagged, missed, false alarm, correctly cleared)."""


def poisson_paths(clinic: Clinic, seed: int = DEFAULT_SEED) -> dict[str, np.ndarray]:
    """Random weekly counts on each AI-first path of ``clinic`` (keys :data:`PATHS`), seeded.

    Referrals arrive as a Poisson stream with mean ``referrals_per_week`` a week, so the people on each
    path form independent Poisson streams with the means of :meth:`Clinic.weekly_flows` ("ai_first").
    Each path draws from its own stream (children of the "poisson arrivals" stream, :mod:`.streams`): changing the
    specificity changes the false alarms, not who needs help. seed: 0 to 2**32 - 1.
    """
    if not isinstance(clinic, Clinic):
        raise ValueError(f"clinic must be a Clinic; got {type(clinic).__name__}")
    rngs = generators("poisson arrivals", check_seed(seed), len(PATHS))
    flows = clinic.weekly_flows("ai_first")
    return {path: rng.poisson(flows[path], clinic.weeks).astype(float) for path, rng in zip(PATHS, rngs, strict=True)}


def _poisson_runs(clinic: Clinic, routes, seed: int) -> list[RouteResult]:
    counts = poisson_paths(clinic, seed)
    out = []
    for route in routes:
        if route == "ai_first":
            need, other = counts["queue_need"], counts["queue_no_need"]
            away = (counts["self_help_need"], counts["self_help_no_need"])
        else:
            need = counts["queue_need"] + counts["self_help_need"]
            other = counts["queue_no_need"] + counts["self_help_no_need"]
            away = (np.zeros(clinic.weeks), np.zeros(clinic.weeks))
        q = replace(queue_expected(need, other, clinic.slots_per_week), mode="poisson")
        out.append(RouteResult(route, clinic, "poisson", q, *away))
    return out


def describe_route(result: RouteResult, *, include_queue: bool = True) -> str:
    """Text twin of one route: who among the people in need got human contact, and (unless
    ``include_queue`` is False) the queue: its utilisation at the route's expected arrivals, and the waits."""
    check_instance("result", result, RouteResult)
    other = "false alarms" if result.route == "ai_first" else "people who do not need help"
    total = result.referred_need
    lead = "on average " if result.mode == "expected" else ""
    head = f"{result.label}: "
    if total <= 1e-9:
        text = head + "nobody referred needs help."
    else:
        waiting = (f"{people(result.waiting_need)} are still waiting at the end" if result.waiting_need >= 0.5
                   else "nobody is still waiting at the end")
        text = (
            head + f"of {people(total)} people who need help, {lead}{people(result.human_contact_need)} are seen "
            f"by a clinician ({result.human_contact_share.percent(0)}), {waiting}"
        )
        if result.route == "ai_first":
            text += (f" and {people(result.self_help_need)} were missed by the AI and routed to self-help only, "
                     f"with no human contact.")
        else:
            text += "; nobody is routed away by an AI."
    if not include_queue:
        return text
    return text + " " + describe_queue(result.queue, other_label=other, stable=result.stability())


def describe_comparison(comparison: RouteComparison) -> str:
    """Text twin comparing both routes, one paragraph each."""
    check_instance("comparison", comparison, RouteComparison)
    return "\n\n".join(describe_route(r) for r in comparison.routes)
