"""Performance over time: an AI whose scores drift while its threshold stays fixed.

A triage model is validated once, then used month after month. The people it
sees change (new services, new referral routes, a pandemic, a new form), and
its risk score slowly loses its power to tell apart the people who need help
from the others. This module follows that drift with the kit's binormal
:class:`~lessons.engine.scenario.ScoreModel`:

* :class:`DriftPlan` says how the score *separation* (and, optionally, the
  *prevalence*) changes month by month after an *onset* month;
* :func:`expected_timeline` gives the exact expected monthly counts (closed
  forms: sensitivity ``1 - Phi(t - d_m)``, specificity ``Phi(t)``);
* :class:`CohortDraws` simulates one fresh cohort of people per month with a
  seeded generator, drawn once and reused for any plan and threshold (common
  random numbers), so an explorer can redraw in a millisecond.

Months are numbered 1, 2, ... ``plan.months``. Month ``m`` has drifted for
``max(0, m - onset)`` months.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..checks import (
    SMALLEST_NORMAL,
    Checked,
    check_instance,
    check_int,
    check_population,
    check_probability,
    check_real,
    check_seed,
    checked,
    flush_subnormal,
)
from .metrics import Counts, Rate
from .scenario import MAX_SEPARATION, ScoreModel, auc_from_separation, check_threshold_value
from .scenario import check_threshold as check_threshold  # re-exported: lesson_07 imports it from here
from .stats import normal_cdf
from .streams import generator

MAX_MONTHS = 60
"""Longest deployment the module follows (five years of monthly cohorts)."""


@dataclass(frozen=True)
class DriftPlan(Checked):
    """How a deployed AI and its population change, month by month.

    separation_at_launch: distance between the score centres of people who need
        help and the others at go-live, 0 to 8 (AUC = Phi(d / sqrt 2)).
    separation_loss: fall in separation per month once drift has started, 0 to 1.
        The separation never falls below 0 (a useless score, AUC 0.5).
    prevalence_at_launch: share of people screened who need help at go-live, 0 to 1.
    prevalence_change: change in prevalence per month once drift has started,
        -0.05 to 0.05 (a share per month; the prevalence is kept within 0 to 1).
    onset: the last month that still performs as at launch, 0 to ``months``
        (0: drift starts in month 1; ``months``: no drift at all).
    months: length of the deployment in months, 1 to 60.

    The default launch separation, 2.211, is the PHQ-9 operating point (sensitivity 0.88,
    specificity 0.85; Levis 2019) seen as a binormal score (derived; see :func:`launch_operating_point`).
    """

    separation_at_launch: float = checked(2.211, check_real, low=0.0, high=MAX_SEPARATION)
    separation_loss: float = checked(0.0, check_real, low=0.0, high=1.0)
    # subnormal shares count as 0 (see lessons.checks.SMALLEST_NORMAL)
    prevalence_at_launch: float = checked(0.10, check_probability, after=flush_subnormal)
    prevalence_change: float = checked(0.0, check_real, low=-0.05, high=0.05, after=flush_subnormal)
    onset: int = checked(0, check_int, low=0, high=MAX_MONTHS)
    months: int = checked(24, check_int, low=1, high=MAX_MONTHS)

    def _check(self):
        check_int("onset", self.onset, low=0, high=self.months)

    @property
    def month_numbers(self) -> np.ndarray:
        """Month numbers 1 to ``months`` (ints)."""
        return np.arange(1, self.months + 1)

    @property
    def months_drifted(self) -> np.ndarray:
        """For each month, how many months of drift it has seen: max(0, m - onset)."""
        return np.maximum(0, self.month_numbers - self.onset)

    def separation_by_month(self) -> np.ndarray:
        """Score separation in each month, never below 0 (array of length ``months``)."""
        return np.maximum(0.0, self.separation_at_launch - self.separation_loss * self.months_drifted)

    def prevalence_by_month(self) -> np.ndarray:
        """Prevalence in each month, kept within 0 to 1 (array of length ``months``).

        A prevalence closer to 0 than about 2.2e-308 (a subnormal double, from cancellation) counts as 0,
        as in :func:`lessons.checks.flush_subnormal`: expected counts built on it would lose their digits.
        """
        p = np.clip(self.prevalence_at_launch + self.prevalence_change * self.months_drifted, 0.0, 1.0)
        return np.where(p < SMALLEST_NORMAL, 0.0, p)

    @property
    def has_drift(self) -> bool:
        """True if anything changes during the deployment."""
        return self.onset < self.months and (self.separation_loss > 0 or self.prevalence_change != 0)


@dataclass(frozen=True)
class Timeline:
    """Monthly outcome counts of a deployment, expected or simulated.

    ``counts[i]`` holds month ``months[i]``'s correctly flagged, missed, false
    alarms and correctly cleared (fractions of people when ``expected``).
    ``separation`` and ``prevalence`` are the plan's true values per month.
    """

    plan: DriftPlan
    threshold: float
    people_per_month: int
    counts: tuple[Counts, ...]
    expected: bool

    @property
    def months(self) -> np.ndarray:
        return self.plan.month_numbers

    @property
    def separation(self) -> np.ndarray:
        return self.plan.separation_by_month()

    @property
    def auc(self) -> np.ndarray:
        return np.array([auc_from_separation(d) for d in self.separation])

    @property
    def prevalence(self) -> np.ndarray:
        return self.plan.prevalence_by_month()

    def rates(self, name: str) -> list[Rate]:
        """One :class:`Rate` per month: "sensitivity", "specificity", "ppv", "flag_rate", "undertriage", ..."""
        allowed = tuple(Counts(0, 0, 0, 0).rates())
        if name not in allowed:
            raise ValueError(f"name must be one of {', '.join(allowed)}; got {name!r}")
        return [getattr(c, name) for c in self.counts]

    def series(self, name: str) -> list[float | None]:
        """Monthly values of a rate, 0 to 1; ``None`` (a gap in a plot) where undefined."""
        return [r.value for r in self.rates(name)]

    def _column(self, field: str) -> np.ndarray:
        return np.array([getattr(c, field) for c in self.counts], dtype=float)

    @property
    def correctly_flagged(self) -> np.ndarray:
        return self._column("tp")

    @property
    def missed(self) -> np.ndarray:
        return self._column("fn")

    @property
    def false_alarms(self) -> np.ndarray:
        return self._column("fp")

    @property
    def correctly_cleared(self) -> np.ndarray:
        return self._column("tn")

    @property
    def flagged(self) -> np.ndarray:
        return self.correctly_flagged + self.false_alarms

    def total(self) -> Counts:
        """The four counts summed over every month."""
        return Counts(*(float(self._column(f).sum()) for f in ("tp", "fn", "fp", "tn")))


def expected_timeline(plan: DriftPlan, threshold: float, people_per_month: int = 2000) -> Timeline:
    """Exact expected monthly counts (closed forms) for a fixed ``threshold``.

    threshold: score cut-off (score units, -20 to 20); flagged when score >= threshold.
    people_per_month: people screened each month, 1 to 10,000,000.
    """
    if not isinstance(plan, DriftPlan):
        raise ValueError(f"plan must be a DriftPlan; got {type(plan).__name__}")
    return _expected_timeline(plan, check_threshold_value(threshold),
                              check_population(people_per_month, "people_per_month"))


@lru_cache(maxsize=256)
def _expected_timeline(plan: DriftPlan, t: float, n: int) -> Timeline:
    """:func:`expected_timeline` after its checks; cached, since a timeline is immutable and an
    explorer asks for the same one several times per redraw."""
    spec = float(normal_cdf(t))
    sens = 1.0 - normal_cdf(t - plan.separation_by_month())  # ScoreModel(d).sensitivity_at(t), every month
    prevalence = plan.prevalence_by_month()
    pos, neg = n * prevalence, n * (1.0 - prevalence)
    counts = tuple(Counts(tp=float(a * s), fn=float(a * (1 - s)), fp=float(b * (1 - spec)), tn=float(b * spec))
                   for a, b, s in zip(pos, neg, sens))
    return Timeline(plan, t, n, counts, expected=True)


@dataclass(frozen=True, eq=False)
class SimulatedTimeline(Timeline):
    """A :class:`Timeline` from simulated people, keeping who they are.

    ``who_needs_help``, ``scores`` and ``who_is_flagged`` have shape
    (months, people_per_month): row ``i`` is the cohort screened in month ``i + 1``.
    Compared by identity (the arrays have no single truth value); compare ``counts`` instead.
    """

    who_needs_help: np.ndarray | None = None
    scores: np.ndarray | None = None
    who_is_flagged: np.ndarray | None = None


class CohortDraws:
    """The random numbers behind a deployment's monthly cohorts, drawn once from a seed.

    Person ``j`` of month ``m`` gets a uniform draw ``u`` (needs help when
    ``u < prevalence``) and a standard-normal draw ``z`` (score ``z + d_m`` if in
    need, else ``z``). The draws do not depend on the plan or the threshold, so
    :meth:`realise` can re-use them for any setting: moving a slider changes
    only the people the change affects.

    months: number of monthly cohorts, 1 to 60. people_per_month: 1 to 1,000,000.
    seed: 0 to 2**32 - 1; same seed, same people.
    """

    def __init__(self, months: int, people_per_month: int, seed: int):
        self.months = check_int("months", months, low=1, high=MAX_MONTHS)
        self.people_per_month = check_int("people_per_month", people_per_month, low=1, high=1_000_000)
        self.seed = check_seed(seed)
        rng = generator("drift cohorts", self.seed)
        self.need_draw = rng.random((self.months, self.people_per_month))
        self.noise = rng.standard_normal((self.months, self.people_per_month))

    def realise(self, plan: DriftPlan, threshold: float) -> SimulatedTimeline:
        """The simulated deployment for this plan and threshold (monthly counts and people)."""
        if not isinstance(plan, DriftPlan):
            raise ValueError(f"plan must be a DriftPlan; got {type(plan).__name__}")
        if plan.months > self.months:
            raise ValueError(f"plan.months must be from 1 to {self.months} (the months drawn); got {plan.months}")
        t = check_threshold_value(threshold)
        m = plan.months
        prevalence = plan.prevalence_by_month()[:, None]
        separation = plan.separation_by_month()[:, None]
        needs_help = self.need_draw[:m] < prevalence
        scores = self.noise[:m] + separation * needs_help
        flagged = scores >= t
        counts = monthly_counts(needs_help, flagged)
        return SimulatedTimeline(plan, t, self.people_per_month, counts, False,
                                 who_needs_help=needs_help, scores=scores, who_is_flagged=flagged)


def monthly_counts(needs_help: np.ndarray, flagged: np.ndarray) -> tuple[Counts, ...]:
    """Counts per row of two (months, people) boolean arrays."""
    needs_help = np.asarray(needs_help, dtype=bool)
    flagged = np.asarray(flagged, dtype=bool)
    if needs_help.shape != flagged.shape or needs_help.ndim != 2:
        raise ValueError(
            f"needs_help and flagged must be 2-D arrays of the same shape; got {needs_help.shape} and {flagged.shape}"
        )
    n = needs_help.shape[1]
    pos = needs_help.sum(axis=1)
    flag = flagged.sum(axis=1)
    tp = (needs_help & flagged).sum(axis=1)
    return tuple(Counts(tp=int(a), fn=int(p - a), fp=int(f - a), tn=int(n - p - f + a))
                 for a, p, f in zip(tp, pos, flag))


def simulate_timeline(plan: DriftPlan, threshold: float, people_per_month: int = 2000,
                      seed: int = 2024) -> SimulatedTimeline:
    """One seeded simulated deployment: a fresh cohort of ``people_per_month`` people each month."""
    if not isinstance(plan, DriftPlan):
        raise ValueError(f"plan must be a DriftPlan; got {type(plan).__name__}")
    return CohortDraws(plan.months, people_per_month, seed).realise(plan, threshold)


def launch_operating_point(sensitivity: float, specificity: float) -> tuple[float, float]:
    """Separation and threshold of a binormal score that launches at this operating point.

    Returns (separation, threshold): e.g. the PHQ-9 point (0.88, 0.85) gives about (2.211, 1.036).
    """
    model = ScoreModel.from_operating_point(sensitivity, specificity)
    return model.separation, model.threshold_for_specificity(specificity)


def describe_drift(timeline: Timeline) -> str:
    """Plain-language summary of how sensitivity, PPV, missed people and false alarms move."""
    check_instance("timeline", timeline, Timeline)
    first, last = timeline.counts[0], timeline.counts[-1]
    months = timeline.plan.months
    kind = "On average" if timeline.expected else "In this simulated run"
    plan = timeline.plan
    prevalence = timeline.prevalence
    if not plan.has_drift:
        change = "Nothing drifts: the AI and the people screened stay as they were at launch."
    else:
        start = "from month 1" if plan.onset == 0 else f"after month {plan.onset}"
        if plan.separation_loss > 0:
            score = (f"the score separation falls by {plan.separation_loss:g} a month (AUC "
                     f"{timeline.auc[0]:.2f} in month 1, {timeline.auc[-1]:.2f} in month {months})")
        else:
            score = f"the score keeps its launch separation (AUC {timeline.auc[0]:.2f})"
        if plan.prevalence_change != 0:
            prev = (f"the prevalence moves from {100 * prevalence[0]:.1f}% in month 1 to "
                    f"{100 * prevalence[-1]:.1f}% in month {months}")
        else:
            prev = f"the prevalence stays at {100 * prevalence[0]:.1f}%"
        change = f"Drift starts {start}: {score}, and {prev}."
    return (
        f"{change} The threshold stays at {timeline.threshold:.2f}.\n\n"
        f"{kind}, month 1: sensitivity {first.sensitivity}, specificity {first.specificity}, "
        f"PPV {first.ppv}, {first.flag_rate} flagged; {round(first.fn):,} missed and "
        f"{round(first.fp):,} false alarms among {timeline.people_per_month:,} people.\n\n"
        f"Month {months}: sensitivity {last.sensitivity}, specificity {last.specificity}, "
        f"PPV {last.ppv}, {last.flag_rate} flagged; {round(last.fn):,} missed and "
        f"{round(last.fp):,} false alarms."
    )
