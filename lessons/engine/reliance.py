"""Leaning on a chatbot instead of care: delayed care for the users who need it.

The article worries that people may come to depend on AI. Its patient-side risk is
simple to state: someone who needs care talks to a chatbot *instead of* seeking it,
and reaches care later. This module counts what that delay costs, with every
number illustrative except the wait for an assessment (the NHS Talking Therapies
6-week standard, the default of :mod:`lessons.engine.consequences`).

Among ``users`` chatbot users:

* a share ``need_share`` need care;
* of those, a share ``swap_share`` use the chatbot instead of seeking care;
* of those who swap, a share ``signposted`` are pointed back to care by the chatbot
  and seek it at once (as if they had not swapped); the rest are *delayed*: they seek
  help ``delay_weeks`` later;
* everyone who seeks care then waits ``wait_weeks`` to be seen;
* while untreated, a person who needs care has a crisis with a constant weekly
  chance ``weekly_hazard`` (illustrative; :func:`lessons.engine.consequences.crisis_probability`).

Closed forms. With ``N`` people in need, ``D`` delayed people, ``W`` the wait,
``d`` the delay and ``q(w) = 1 - (1 - h) ** w`` the chance of a crisis within
``w`` weeks untreated::

    D                     = users * need_share * swap_share * (1 - signposted)
    crises                = (N - D) * q(W) + D * q(W + d)
    crises if none swap   = N * q(W)
    extra crises          = D * (q(W + d) - q(W)) = D * (1 - h) ** W * (1 - (1 - h) ** d)
    extra weeks untreated = D * d

Counts are *expected* counts among ``users`` people (fractions allowed). A
per-person simulation (:func:`simulate_reliance`, seeded, one random stream per
component) checks them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import MAX_POPULATION, Checked, check_array, check_int, check_real, check_seed, checked
from .consequences import DAYS_PER_WEEK, DEFAULT_PARAMS, crisis_probability
from .describe import people
from .scenario import DEFAULT_SEED
from .streams import generators

USERS = 10_000
"""Chatbot users in the lesson's illustrative population."""

RANGES = {
    "need_share": (0.0, 1.0),
    "swap_share": (0.0, 1.0),
    "signposted": (0.0, 1.0),
    "delay_weeks": (0.0, 520.0),
    "wait_weeks": (0.0, 104.0),
    "weekly_hazard": (0.0, 1.0),
}
"""Allowed range of every number of :class:`RelianceSetting` (users: 1 to 10,000,000)."""


@dataclass(frozen=True)
class RelianceSetting(Checked):
    """Who uses the chatbot, who swaps care for it, and what the delay is.

    users: chatbot users, 1 to 10,000,000 (default 10,000, illustrative).
    need_share: share of users who need care, 0 to 1 (default 0.2, illustrative).
    swap_share: of those in need, the share who use the chatbot instead of seeking care, 0 to 1
        (default 0.3, illustrative).
    signposted: of those who swap, the share the chatbot points back to care at once, 0 to 1
        (default 0, illustrative).
    delay_weeks: extra weeks before a delayed person seeks help, 0 to 520 (default 12, illustrative).
    wait_weeks: weeks from seeking care to being seen, 0 to 104 (default 6: the NHS Talking
        Therapies standard, sourced ``nhs_tt_standard``, as in :mod:`lessons.engine.consequences`).
    weekly_hazard: chance per week that an untreated person who needs care has a crisis, 0 to 1
        (default 0.005, illustrative, as in :mod:`lessons.engine.consequences`).
    """

    users: int = checked(USERS, check_int, low=1, high=MAX_POPULATION)
    need_share: float = checked(0.20, check_real, low=RANGES["need_share"][0], high=RANGES["need_share"][1])
    swap_share: float = checked(0.30, check_real, low=RANGES["swap_share"][0], high=RANGES["swap_share"][1])
    signposted: float = checked(0.0, check_real, low=RANGES["signposted"][0], high=RANGES["signposted"][1])
    delay_weeks: float = checked(12.0, check_real, low=RANGES["delay_weeks"][0], high=RANGES["delay_weeks"][1])
    wait_weeks: float = checked(DEFAULT_PARAMS.assessment_wait_days / DAYS_PER_WEEK, check_real,
                                low=RANGES["wait_weeks"][0], high=RANGES["wait_weeks"][1])
    weekly_hazard: float = checked(DEFAULT_PARAMS.weekly_crisis_hazard, check_real,
                                   low=RANGES["weekly_hazard"][0], high=RANGES["weekly_hazard"][1])


@dataclass(frozen=True)
class RelianceResult:
    """Expected counts for one setting. Build it with :func:`reliance_outcomes`.

    need: users who need care; swapped: of them, who use the chatbot instead; delayed: of
    those, who are not pointed back to care; on_time: need - delayed.
    risk_on_time, risk_delayed: chance of a crisis before being seen, for one person.
    crises_on_time, crises_delayed: expected crises while untreated in each group.
    crises_if_none_swap: expected crises if everyone in need sought care at once.
    """

    setting: RelianceSetting
    need: float
    swapped: float
    delayed: float
    on_time: float
    risk_on_time: float
    risk_delayed: float
    crises_on_time: float
    crises_delayed: float
    crises_if_none_swap: float

    @property
    def crises(self) -> float:
        """Expected crises while untreated, everyone in need."""
        return self.crises_on_time + self.crises_delayed

    @property
    def extra_crises(self) -> float:
        """Crises the swapping adds: all of them among the delayed."""
        return self.crises - self.crises_if_none_swap

    @property
    def extra_weeks_untreated(self) -> float:
        """Person-weeks untreated that the swapping adds (delayed x delay)."""
        return self.delayed * self.setting.delay_weeks


def reliance_outcomes(setting: RelianceSetting = RelianceSetting()) -> RelianceResult:
    """Expected counts of :class:`RelianceResult` from the closed forms in the module docstring."""
    if not isinstance(setting, RelianceSetting):
        raise ValueError(f"setting must be a RelianceSetting; got {type(setting).__name__}")
    s = setting
    need = s.users * s.need_share
    swapped = need * s.swap_share
    delayed = swapped * (1.0 - s.signposted)
    on_time = need - delayed
    q_on_time = crisis_probability(s.wait_weeks, s.weekly_hazard)
    q_delayed = crisis_probability(s.wait_weeks + s.delay_weeks, s.weekly_hazard)
    return RelianceResult(
        setting=s, need=need, swapped=swapped, delayed=delayed, on_time=on_time,
        risk_on_time=q_on_time, risk_delayed=q_delayed,
        crises_on_time=on_time * q_on_time, crises_delayed=delayed * q_delayed,
        crises_if_none_swap=need * q_on_time,
    )


@dataclass(frozen=True)
class SwapSweep:
    """Expected crises as the share who swap runs from 0 to 1 (other numbers as set)."""

    swap_share: np.ndarray
    crises: np.ndarray
    crises_if_none_swap: float


def swap_sweep(setting: RelianceSetting = RelianceSetting(), points: int = 101) -> SwapSweep:
    """Expected crises for ``points`` evenly spaced swap shares from 0 to 1 (2 to 1,001 points)."""
    if not isinstance(setting, RelianceSetting):
        raise ValueError(f"setting must be a RelianceSetting; got {type(setting).__name__}")
    n = check_int("points", points, low=2, high=1001)
    share = np.linspace(0.0, 1.0, n)
    base = reliance_outcomes(setting.with_(swap_share=0.0))
    need = base.need
    delayed = need * share * (1.0 - setting.signposted)
    q_wait, q_late = base.risk_on_time, crisis_probability(setting.wait_weeks + setting.delay_weeks,
                                                          setting.weekly_hazard)
    crises = (need - delayed) * q_wait + delayed * q_late
    return SwapSweep(share, crises, base.crises_if_none_swap)


def risk_curve(weeks, weekly_hazard: float):
    """Chance of a crisis within each number of ``weeks`` untreated (an array): ``1 - (1 - h) ** weeks``."""
    w = check_array("weeks", weeks, low=0.0, ndim=1, min_size=1)
    return crisis_probability(w, weekly_hazard)


@dataclass(frozen=True)
class SimulatedReliance:
    """Counts from one simulated population of users (whole people)."""

    need: int
    swapped: int
    delayed: int
    crises_on_time: int
    crises_delayed: int

    @property
    def crises(self) -> int:
        return self.crises_on_time + self.crises_delayed


STREAMS = ("need", "swap", "signposted", "crisis")
"""The independent random streams of :func:`simulate_reliance`, one per component."""


def simulate_reliance(setting: RelianceSetting = RelianceSetting(), seed: int = DEFAULT_SEED) -> SimulatedReliance:
    """Simulate each user once: in need or not, swaps or not, pointed back or not, crisis time.

    Each component draws from its own stream (children of the "reliance" stream, :mod:`.streams`), so changing
    one share leaves the other draws unchanged. The time to a first crisis is exponential with rate
    ``-log(1 - h)`` per week, so ``P(crisis within w weeks) = 1 - (1 - h) ** w``; a person has a crisis
    while untreated when that time falls before they are seen.
    """
    if not isinstance(setting, RelianceSetting):
        raise ValueError(f"setting must be a RelianceSetting; got {type(setting).__name__}")
    s = setting
    rngs = generators("reliance", check_seed(seed), len(STREAMS))
    u_need, u_swap, u_sign = (rng.random(s.users) for rng in rngs[:3])
    need = u_need < s.need_share
    swapped = need & (u_swap < s.swap_share)
    delayed = swapped & ~(u_sign < s.signposted)
    if s.weekly_hazard >= 1.0:
        first_crisis = np.zeros(s.users)
    elif s.weekly_hazard <= 0.0:
        first_crisis = np.full(s.users, np.inf)
    else:
        first_crisis = rngs[3].exponential(1.0 / -np.log1p(-s.weekly_hazard), s.users)
    untreated = np.where(delayed, s.wait_weeks + s.delay_weeks, s.wait_weeks)
    crisis = need & (first_crisis < untreated)
    return SimulatedReliance(int(need.sum()), int(swapped.sum()), int(delayed.sum()),
                             int((crisis & ~delayed).sum()), int((crisis & delayed).sum()))


# -- text twins ----------------------------------------------------------------------------------

def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _weeks(x: float) -> str:
    return f"{x:g} week" + ("" if x == 1 else "s")


def describe_reliance(result: RelianceResult) -> str:
    """Text twin of the swap figure: who swaps, who is delayed, and the crises that follow."""
    if not isinstance(result, RelianceResult):
        raise ValueError(f"result must be a RelianceResult; got {type(result).__name__}")
    s = result.setting
    head = (f"Of {s.users:,} chatbot users, {people(result.need)} need care "
            f"({_pct(s.need_share)}, illustrative).")
    if result.need <= 0:
        return head + " Nobody needs care, so nobody's care can be delayed and no crises are counted."
    paras = [head + (
        f" {people(result.swapped)} of them ({_pct(s.swap_share)}) use the chatbot instead of seeking care; "
        f"the chatbot points {_pct(s.signposted)} of those back to care, so {people(result.delayed)} "
        f"{'is' if round(result.delayed) == 1 else 'are'} delayed by {_weeks(s.delay_weeks)} before they seek help."
    )]
    paras.append(
        f"Everyone who seeks care then waits {_weeks(s.wait_weeks)} to be seen. At a crisis risk of "
        f"{100 * s.weekly_hazard:g}% a week while untreated (illustrative), the chance of a crisis before being "
        f"seen is {_pct(result.risk_on_time)} for someone who seeks care at once and "
        f"{_pct(result.risk_delayed)} for someone delayed."
    )
    if result.delayed <= 0 or s.delay_weeks == 0 or s.weekly_hazard == 0:
        why = ("nobody is delayed" if result.delayed <= 0 else
               "the delay is zero weeks" if s.delay_weeks == 0 else "the weekly risk is zero")
        paras.append(f"Expected crises while untreated: {result.crises:.1f}, the same as if nobody swapped, "
                     f"because {why}.")
    else:
        paras.append(
            f"Expected crises while untreated: {result.crises:.1f} (about {result.crises_delayed:.1f} among the "
            f"delayed), against {result.crises_if_none_swap:.1f} if everyone in need had sought care at once: "
            f"about {result.extra_crises:.1f} more crises, all among the people who were delayed, and "
            f"{people(result.extra_weeks_untreated)} more weeks untreated in all."
        )
    return "\n\n".join(paras)


def describe_risk_curve(result: RelianceResult) -> str:
    """Text twin of the risk-over-time figure: one person's chance of a crisis before being seen."""
    if not isinstance(result, RelianceResult):
        raise ValueError(f"result must be a RelianceResult; got {type(result).__name__}")
    s = result.setting
    start = (f"For one person who needs care, the chance of a crisis before being seen grows with every week "
             f"untreated ({100 * s.weekly_hazard:g}% a week, illustrative). ")
    if s.weekly_hazard == 0:
        return start + "At a weekly risk of zero it stays at 0%, however long the wait."
    if s.delay_weeks == 0:
        return start + (f"With no delay, everyone is seen after {_weeks(s.wait_weeks)}: "
                        f"{_pct(result.risk_on_time)}.")
    ratio = "" if result.risk_on_time == 0 else (
        f", {result.risk_delayed / result.risk_on_time:.1f} times the risk")
    return start + (f"Seeking care at once: seen after {_weeks(s.wait_weeks)}, {_pct(result.risk_on_time)}. "
                    f"Using the chatbot instead first: seen after {_weeks(s.wait_weeks + s.delay_weeks)}, "
                    f"{_pct(result.risk_delayed)}{ratio}.")
