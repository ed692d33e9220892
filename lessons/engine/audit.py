"""Watching a deployment: monthly audits, a control chart and a scorecard.

Once an AI triage tool is live, nobody sees its mistakes unless someone looks.
This module models the looking:

* **Audits.** Each month clinicians review a random sample of ``sample_size``
  people screened that month and find out who really needed help. From the
  sample they *measure* the miss rate (undertriage, 1 - sensitivity) and the
  PPV, with sampling noise (:class:`AuditDraws`, :func:`run_audits`).
* **A control chart.** A p-chart of the audited miss rate: the centre line is
  the miss rate at launch (from the validation study), the upper limit is
  ``p0 + sigmas * sqrt(p0 (1 - p0) / k)`` for ``k`` audited people in need.
  A month above the limit raises an alarm (:class:`PChart`).
  :func:`alarm_probability` gives the exact chance of an alarm in a month
  (binomial sums, no approximation), hence the false-alarm rate with no drift
  and the chance of having detected drift by each month (:func:`detection_curve`).
* **A scorecard** of a deployment under a review policy and a clinician-hours
  budget: people helped, missed, false alarms, clinician hours (reviews and
  audits), backlog, and the gap between groups (:func:`deployment_scorecard`).

Numbers such as hours per review are illustrative: the kit's authors chose them
for teaching; no source gives them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from ..checks import (
    REQUIRED,
    Checked,
    check_array,
    check_instance,
    check_int,
    check_probability,
    check_real,
    check_seed,
    checked,
)
from .capacity import MAX_PER_WEEK, QueueResult, queue_expected
from .describe import months_text
from .drift import DriftPlan, SimulatedTimeline, Timeline, expected_timeline
from .metrics import Counts, Rate
from .stats import binomial_pmf, log_factorials, normal_sf
from .streams import generator
from .subgroups import Gap, Group, GroupOutcome, sensitivity_gap

# -- audits -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditRecord:
    """What the monthly audits found.

    counts[i]: outcomes among the people audited in month i + 1 (the AI's call
    against the clinician's finding). sample_size: people audited each month.
    """

    sample_size: int
    counts: tuple[Counts, ...]

    @property
    def months(self) -> np.ndarray:
        return np.arange(1, len(self.counts) + 1)

    @property
    def miss_rate(self) -> list[Rate]:
        """Measured undertriage per month: of audited people in need, the share the AI missed."""
        return [c.undertriage for c in self.counts]

    @property
    def sensitivity(self) -> list[Rate]:
        """Measured sensitivity per month."""
        return [c.sensitivity for c in self.counts]

    @property
    def ppv(self) -> list[Rate]:
        """Measured PPV per month: of audited people flagged, the share in need."""
        return [c.ppv for c in self.counts]

    @property
    def audited_in_need(self) -> np.ndarray:
        """Audited people who needed help, per month (the chart's subgroup sizes)."""
        return np.array([c.need_help for c in self.counts], dtype=int)

    def pooled(self) -> Counts:
        """All audits added together."""
        return Counts(*(sum(getattr(c, f) for c in self.counts) for f in ("tp", "fn", "fp", "tn")))


class AuditDraws:
    """A random audit order per month, drawn once from a seed.

    The audit of ``k`` people in month ``m`` takes the first ``k`` people of
    that month's random order, so a larger audit keeps the people of a smaller
    one (common random numbers: moving the sample-size slider adds people).

    months: 1 to 60. people_per_month: 1 to 1,000,000. seed: 0 to 2**32 - 1.
    """

    def __init__(self, months: int, people_per_month: int, seed: int):
        self.months = check_int("months", months, low=1, high=60)
        self.people_per_month = check_int("people_per_month", people_per_month, low=1, high=1_000_000)
        self.seed = check_seed(seed)
        rng = generator("audits", self.seed)
        self.order = np.argsort(rng.random((self.months, self.people_per_month)), axis=1)

    def audit(self, timeline: SimulatedTimeline, sample_size: int) -> AuditRecord:
        """Audit ``sample_size`` people (0 to people per month) in each month of a simulated timeline."""
        if not isinstance(timeline, SimulatedTimeline):
            raise ValueError(f"timeline must be a SimulatedTimeline; got {type(timeline).__name__}")
        months, n = timeline.who_needs_help.shape
        if months > self.months or n != self.people_per_month:
            raise ValueError(f"timeline must have at most {self.months} months of {self.people_per_month:,} "
                             f"people; got {months} months of {n:,}")
        k = check_int("sample_size", sample_size, low=0, high=n)
        chosen = self.order[:months, :k]
        need = np.take_along_axis(timeline.who_needs_help, chosen, axis=1)
        flag = np.take_along_axis(timeline.who_is_flagged, chosen, axis=1)
        pos = need.sum(axis=1)
        flagged = flag.sum(axis=1)
        tp = (need & flag).sum(axis=1)
        counts = tuple(Counts(tp=int(a), fn=int(p - a), fp=int(f - a), tn=int(k - p - f + a))
                       for a, p, f in zip(tp, pos, flagged))
        return AuditRecord(k, counts)


def run_audits(timeline: SimulatedTimeline, sample_size: int, seed: int = 7) -> AuditRecord:
    """Seeded monthly audits of ``sample_size`` randomly chosen people from each month's cohort."""
    if not isinstance(timeline, SimulatedTimeline):
        raise ValueError(f"timeline must be a SimulatedTimeline; got {type(timeline).__name__}")
    months, n = timeline.who_needs_help.shape
    return AuditDraws(months, n, seed).audit(timeline, sample_size)


# -- control chart --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartResult:
    """A p-chart applied to audits.

    miss_rate[i], limit[i]: measured miss rate and upper control limit in month i + 1,
    ``None`` when no audited person needed help that month (nothing to measure).
    alarms: months (1-based) whose miss rate was above the limit.
    """

    baseline: float
    sigmas: float
    months: np.ndarray
    miss_rate: tuple[float | None, ...]
    limit: tuple[float | None, ...]
    alarms: tuple[int, ...]

    @property
    def first_alarm(self) -> int | None:
        """The first month the chart raised an alarm, or ``None`` if it never did."""
        return self.alarms[0] if self.alarms else None

    @property
    def unmeasured_months(self) -> tuple[int, ...]:
        """Months with no audited person in need, so no miss rate."""
        return tuple(int(m) for m, r in zip(self.months, self.miss_rate) if r is None)


@dataclass(frozen=True)
class PChart(Checked):
    """A one-sided p-chart on the audited miss rate.

    baseline: the miss rate at launch (1 - validated sensitivity), 0 to 1: the centre line.
    sigmas: width of the limit in standard errors, 1 to 6 (3 is the textbook choice).
    """

    baseline: float = checked(REQUIRED, check_probability)
    sigmas: float = checked(3.0, check_real, low=1.0, high=6.0)

    def limit(self, in_need: int) -> float | None:
        """Upper control limit for a month with ``in_need`` audited people in need (None if 0)."""
        k = check_int("in_need", in_need, low=0)
        if k == 0:
            return None
        p0 = self.baseline
        return min(1.0, p0 + self.sigmas * math.sqrt(p0 * (1.0 - p0) / k))

    def limits(self, in_need) -> np.ndarray:
        """:meth:`limit` for an array of positive numbers of audited people in need (same formula)."""
        k = check_array("in_need", in_need, low=1, whole=True, scalar=True)
        p0 = self.baseline
        return np.minimum(1.0, p0 + self.sigmas * np.sqrt(p0 * (1.0 - p0) / k))

    @property
    def design_false_alarm_rate(self) -> float:
        """The monthly false-alarm rate the normal approximation promises: 1 - Phi(sigmas)."""
        return float(normal_sf(self.sigmas))

    def apply(self, record: AuditRecord) -> ChartResult:
        """Plot each month's audited miss rate against its limit; list the alarm months."""
        if not isinstance(record, AuditRecord):
            raise ValueError(f"record must be an AuditRecord; got {type(record).__name__}")
        rates, limits, alarms = [], [], []
        for month, counts in zip(record.months, record.counts):
            k = int(counts.need_help)
            lim = self.limit(k)
            rate = counts.fn / k if k else None
            rates.append(rate)
            limits.append(lim)
            if rate is not None and is_alarm(rate, lim):
                alarms.append(int(month))
        return ChartResult(self.baseline, self.sigmas, record.months, tuple(rates), tuple(limits), tuple(alarms))


def is_alarm(miss_rate: float, limit: float) -> bool:
    """True if a month's measured miss rate lies above its upper control limit.

    A limit of 1 can never be exceeded: with so few audited people in need, the chart stays silent.
    miss_rate and limit: shares from 0 to 1.
    """
    miss_rate = check_probability("miss_rate", miss_rate)
    limit = check_probability("limit", limit)
    return miss_rate > limit + 1e-12


def alarm_probability(chart: PChart, miss_rate: float, prevalence: float, sample_size: int) -> float:
    """Exact chance that one month's audit raises an alarm.

    The audit samples ``sample_size`` people at random: ``k`` of them need help
    (binomial with the month's ``prevalence``), and each of those was missed with
    chance ``miss_rate`` (1 - the month's true sensitivity). The alarm chance is
    the sum over k of P(k) x P(missed / k > limit(k)).
    """
    if not isinstance(chart, PChart):
        raise ValueError(f"chart must be a PChart; got {type(chart).__name__}")
    q = check_probability("miss_rate", miss_rate)
    p = check_probability("prevalence", prevalence)
    n = check_int("sample_size", sample_size, low=0, high=1_000_000)
    return _alarm_probability(chart, q, p, n)


@lru_cache(maxsize=4096)
def _alarm_probability(chart: PChart, q: float, p: float, n: int) -> float:
    """:func:`alarm_probability` after its checks (cached: the same month is often asked again)."""
    outer = binomial_pmf(n, p)
    ks = np.nonzero(outer > 1e-15)[0]
    ks = ks[ks > 0]
    if ks.size == 0:
        return 0.0
    kmax = int(ks.max())
    xs = np.arange(kmax + 1)
    limits = chart.limits(ks)
    rate = xs[None, :] / ks[:, None]
    alarm = (rate > limits[:, None] + 1e-12) & (xs[None, :] <= ks[:, None])
    if q == 0.0 or q == 1.0:
        inner = np.zeros((ks.size, kmax + 1))
        inner[np.arange(ks.size), 0 if q == 0.0 else ks] = 1.0
    else:
        lf = log_factorials(kmax)
        valid = xs[None, :] <= ks[:, None]
        km = np.where(valid, ks[:, None] - xs[None, :], 0)
        log_inner = (lf[ks][:, None] - lf[xs][None, :] - lf[km]
                     + xs[None, :] * math.log(q) + km * math.log1p(-q))
        inner = np.where(valid, np.exp(log_inner), 0.0)
    total = float((outer[ks] * (inner * alarm).sum(axis=1)).sum())
    return min(total, 1.0)


def detection_curve(plan: DriftPlan, threshold: float, sample_size: int, chart: PChart) -> np.ndarray:
    """Chance that the chart has raised at least one alarm by the end of each month (closed form).

    Months are independent cohorts, so P(alarm by month m) = 1 - prod over j <= m of (1 - a_j),
    with a_j = :func:`alarm_probability` for month j's true miss rate and prevalence.
    """
    check_instance("plan", plan, DriftPlan)
    check_instance("chart", chart, PChart)
    timeline = expected_timeline(plan, threshold, 1000)
    quiet = 1.0
    curve = []
    for counts, prevalence in zip(timeline.counts, timeline.prevalence):
        q = counts.undertriage.value if counts.undertriage.defined else 0.0
        quiet *= 1.0 - alarm_probability(chart, q, float(prevalence), sample_size)
        curve.append(1.0 - quiet)
    return np.array(curve)


def false_alarm_chance(chart: PChart, prevalence: float, sample_size: int, months: int) -> float:
    """Exact chance of at least one alarm in ``months`` months (1 to 600) when nothing drifts.

    Each month alarms with chance a = :func:`alarm_probability` at the launch miss rate, so the
    answer is 1 - (1 - a) ** months.
    """
    check_instance("chart", chart, PChart)
    months = check_int("months", months, low=1, high=600)
    a = alarm_probability(chart, chart.baseline, prevalence, sample_size)
    return 1.0 - (1.0 - a) ** months


def describe_chart(result: ChartResult, onset: int | None = None) -> str:
    """Plain-language text twin of a control chart: when it first alarmed and what that means."""
    check_instance("result", result, ChartResult)
    months = len(result.months)
    lead = (f"The chart's centre line is the miss rate at launch, {100 * result.baseline:.1f}%. "
            f"A month whose audited miss rate is above the upper limit ({result.sigmas:g} standard errors "
            f"above the centre) raises an alarm.")
    measured = [r for r in result.miss_rate if r is not None]
    if not measured:
        return lead + f" In none of the {months} months did the audit include anybody in need, so nothing was measured."
    span = (f" Audited miss rates ranged from {100 * min(measured):.1f}% to {100 * max(measured):.1f}%.")
    gaps = result.unmeasured_months
    gap_text = (f" In {months_text(len(gaps))} no audited person needed help, so there was no miss rate to plot."
                if gaps else "")
    if result.first_alarm is None:
        verdict = f" No alarm in {months} months."
        if onset is not None and onset < months:
            verdict += f" The drift that began after month {onset} went undetected."
    else:
        verdict = (f" First alarm in month {result.first_alarm} "
                   f"({months_text(len(result.alarms))} with an alarm in all).")
        if onset is not None:
            if result.first_alarm <= onset:
                verdict += " That alarm came before any drift: a false alarm of the chart itself."
            else:
                verdict += f" That is {months_text(result.first_alarm - onset)} after the drift began."
    return lead + span + gap_text + verdict


# -- review policy and scorecard --------------------------------------------------------------


@dataclass(frozen=True)
class ReviewPolicy(Checked):
    """Who a clinician sees, and what it costs.

    Every flagged person gets a clinician review (that is how they reach care).
    second_look_share: share of the unflagged people a clinician also reviews, 0 to 1
        (catches that share of the missed).
    audit_sample: people audited each month for monitoring, 0 to 100,000 (an audit that
        finds a missed person refers them, so audits catch a few people too).
    hours_per_review: clinician hours per review, 0 to 10 (illustrative default 0.5).
    hours_per_audit: clinician hours per audited case, 0 to 10 (illustrative default 0.75).
    hours_budget: clinician hours available each month, 0 to 1,000,000 (illustrative).
    """

    second_look_share: float = checked(0.0, check_probability)
    audit_sample: int = checked(200, check_int, low=0, high=100_000)
    hours_per_review: float = checked(0.5, check_real, low=0.0, high=10.0)
    hours_per_audit: float = checked(0.75, check_real, low=0.0, high=10.0)
    hours_budget: float = checked(400.0, check_real, low=0.0, high=1_000_000.0)


@dataclass(frozen=True)
class GroupSplit(Checked):
    """Two groups of screened people for the scorecard's gap (illustrative by default).

    share_b: share of people in group B, 0 to 1.
    separation_shortfall: how much lower the score separation is in group B than in
        group A, 0 to 8 (0: the AI works equally well in both).
    """

    share_b: float = checked(0.3, check_probability)
    separation_shortfall: float = checked(0.5, check_real, low=0.0, high=8.0)

    def groups_in_month(self, separation: float, prevalence: float) -> tuple[Group, Group]:
        """The two groups in a month (for :func:`lessons.engine.subgroups.compare_groups`): group A keeps
        the month's separation; group B has ``separation_shortfall`` less (not below 0)."""
        return (Group("Group A", 1.0 - self.share_b, prevalence, separation),
                Group("Group B", self.share_b, prevalence, max(0.0, separation - self.separation_shortfall)))

    def totals(self, plan: DriftPlan, threshold: float, people_per_month: int) -> tuple[GroupOutcome, GroupOutcome]:
        """Each group's expected counts summed over the deployment (closed forms).

        Group B's separation in month m is max(0, d_m - shortfall), which is the separation of
        the same drift launched ``shortfall`` lower, so each group is one expected timeline.
        """
        plan_b = replace(plan, separation_at_launch=max(0.0, plan.separation_at_launch - self.separation_shortfall))
        totals = []
        for _name, share, group_plan in (("Group A", 1.0 - self.share_b, plan), ("Group B", self.share_b, plan_b)):
            c = expected_timeline(group_plan, threshold, people_per_month).total()
            totals.append(Counts(c.tp * share, c.fn * share, c.fp * share, c.tn * share))
        flagged = sum(c.flagged for c in totals)
        return tuple(GroupOutcome(name, c, Rate("share of flags", c.flagged, flagged, "nobody was flagged"))
                     for name, c in zip(("Group A", "Group B"), totals))


@dataclass(frozen=True)
class Scorecard:
    """Expected results of a deployment over all its months (closed forms; people may be fractional).

    need_help = helped + missed, where helped (found and referred) = correctly_flagged
    + caught_by_second_look + caught_by_audit; reviews = flagged + second_looks;
    clinician_hours = review_hours + audit_hours (the hours the work needs).
    queue: the review queue (first in, first out, one period = one month) when each month
    has the budget's hours left after audits (:func:`lessons.engine.capacity.queue_expected`).
    group_miss_rates: the AI's miss rate (undertriage) in group A and in group B.
    group_gap: the gap in sensitivity between the groups (:func:`lessons.engine.subgroups.sensitivity_gap`),
    the same size as the gap in miss rates.
    """

    months: int
    people_screened: float
    need_help: float
    correctly_flagged: float
    caught_by_second_look: float
    caught_by_audit: float
    missed: float
    false_alarms: float
    flagged: float
    second_looks: float
    audits: float
    review_hours: float
    audit_hours: float
    hours_budget_total: float
    hours_by_month: tuple[float, ...]
    queue: QueueResult
    group_miss_rates: tuple[Rate, Rate]
    group_gap: Gap
    ai_counts: Counts

    @property
    def helped(self) -> float:
        return self.correctly_flagged + self.caught_by_second_look + self.caught_by_audit

    @property
    def reviews(self) -> float:
        return self.flagged + self.second_looks

    @property
    def clinician_hours(self) -> float:
        return self.review_hours + self.audit_hours

    @property
    def months_over_budget(self) -> int:
        """Months whose work needs more clinician hours than the budget."""
        per_month = self.hours_budget_total / self.months
        return int(sum(h > per_month + 1e-9 for h in self.hours_by_month))

    @property
    def waiting_in_need(self) -> float:
        """People in need found by a review but still waiting for it at the end (no clinician time)."""
        return self.queue.still_waiting("need")

    @property
    def mean_wait_months(self) -> float | None:
        """Average wait, in months, of people in need whose review took place (None if nobody's did)."""
        return self.queue.mean_wait("need").weeks

    @property
    def missed_share(self) -> Rate:
        """Of the people in need, the share still missed after reviews and audits (undertriage)."""
        return Rate("missed after review", self.missed, self.need_help, "nobody needed help")

    @property
    def overtriage(self) -> Rate:
        """Of the people the AI flagged, the share who did not need help (1 - PPV)."""
        return self.ai_counts.overtriage

    @property
    def group_miss_gap(self) -> float | None:
        """Group B's miss rate minus group A's, -1 to 1 (None if either is undefined)."""
        a, b = self.group_miss_rates
        return None if not (a.defined and b.defined) else b.value - a.value

    def meets_trauma_benchmark(self) -> tuple[bool | None, bool | None]:
        """(undertriage under 5%, overtriage under 50%): the trauma-care targets of Mohan 2011, measured
        with Rehn 2009's definitions (undertriage = 1 - sensitivity, overtriage = 1 - PPV); the pairing is the kit's.

        Undertriage is measured after reviews; None where a rate is undefined.
        """
        under, over = self.missed_share, self.overtriage
        return (under.value < 0.05 if under.defined else None, over.value < 0.50 if over.defined else None)


def monthly_hours(timeline: Timeline, policy: ReviewPolicy) -> np.ndarray:
    """Clinician hours each month's work needs: reviews (flagged + second looks) and audits."""
    check_instance("timeline", timeline, Timeline)
    if not isinstance(policy, ReviewPolicy):
        raise ValueError(f"policy must be a ReviewPolicy; got {type(policy).__name__}")
    reviews = timeline.flagged + (timeline.missed + timeline.correctly_cleared) * policy.second_look_share
    return reviews * policy.hours_per_review + policy.audit_sample * policy.hours_per_audit


def review_slots(policy: ReviewPolicy) -> int:
    """Reviews clinicians can do each month: the budget left after audits, in whole reviews.

    0 to 100,000 (no limit is modelled as 100,000 when reviews take no time).
    """
    check_instance("policy", policy, ReviewPolicy)
    left = max(0.0, policy.hours_budget - policy.audit_sample * policy.hours_per_audit)
    if policy.hours_per_review == 0:
        return MAX_PER_WEEK
    return int(min(MAX_PER_WEEK, math.floor(left / policy.hours_per_review + 1e-9)))


def deployment_scorecard(plan: DriftPlan, threshold: float, policy: ReviewPolicy,
                         people_per_month: int = 2000, groups: GroupSplit | None = None) -> Scorecard:
    """Expected scorecard of a deployment: closed forms month by month, added up.

    Each month: the AI flags people at ``threshold`` (score units); every flagged
    person is queued for a review; a clinician also reviews ``second_look_share`` of
    the unflagged; ``audit_sample`` people drawn at random are audited. A missed
    person is caught if the second look or the audit reaches them (independent
    choices): chance 1 - (1 - s)(1 - a), with a = audit_sample / people_per_month.
    Audits are done first; reviews share what is left of the monthly hours budget,
    first come first served, and the rest wait (:func:`lessons.engine.capacity.queue_expected`).
    """
    check_instance("plan", plan, DriftPlan)
    if not isinstance(policy, ReviewPolicy):
        raise ValueError(f"policy must be a ReviewPolicy; got {type(policy).__name__}")
    groups = GroupSplit() if groups is None else groups
    if not isinstance(groups, GroupSplit):
        raise ValueError(f"groups must be a GroupSplit; got {type(groups).__name__}")
    timeline = expected_timeline(plan, threshold, people_per_month)
    n = timeline.people_per_month
    if policy.audit_sample > n:
        raise ValueError(f"audit_sample must be from 0 to {n:,} (the people screened each month); "
                         f"got {policy.audit_sample:,}")
    s = policy.second_look_share
    a = policy.audit_sample / n
    total = timeline.total()
    caught_second = total.fn * s
    caught_audit = total.fn * (1 - s) * a
    second_looks = (total.fn + total.tn) * s
    audits = policy.audit_sample * plan.months
    hours = monthly_hours(timeline, policy)
    queue = queue_expected(timeline.correctly_flagged + timeline.missed * s,
                           timeline.false_alarms + timeline.correctly_cleared * s,
                           review_slots(policy))
    group_a, group_b = groups.totals(plan, timeline.threshold, n)
    return Scorecard(
        months=plan.months, people_screened=total.population, need_help=total.need_help,
        correctly_flagged=total.tp, caught_by_second_look=caught_second, caught_by_audit=caught_audit,
        missed=total.fn - caught_second - caught_audit, false_alarms=total.fp, flagged=total.flagged,
        second_looks=second_looks, audits=float(audits), review_hours=(total.flagged + second_looks) *
        policy.hours_per_review, audit_hours=audits * policy.hours_per_audit,
        hours_budget_total=policy.hours_budget * plan.months, hours_by_month=tuple(hours.tolist()),
        queue=queue, group_miss_rates=(group_a.counts.undertriage, group_b.counts.undertriage),
        group_gap=sensitivity_gap((group_a, group_b)),
        ai_counts=total,
    )


def describe_scorecard(card: Scorecard) -> str:
    """The scorecard in plain words (the text twin of the scorecard figure)."""
    check_instance("card", card, Scorecard)
    def whole(x: float) -> str:
        return f"{round(x):,}"

    under_ok, over_ok = card.meets_trauma_benchmark()
    bench = {True: "meets", False: "falls short of", None: "cannot be judged against"}
    gap = card.group_miss_gap
    a, b = card.group_miss_rates
    gap_text = ("The gap between groups is undefined: one group has nobody in need."
                if gap is None else
                f"The AI misses {a.percent()} of group A's people in need and {b.percent()} of group B's: "
                f"a gap of {100 * gap:.1f} percentage points.")
    hours_text = (f"The work needs about {whole(card.clinician_hours)} clinician hours ({whole(card.review_hours)} "
                  f"for reviews, {whole(card.audit_hours)} for audits) against a budget of "
                  f"{whole(card.hours_budget_total)} hours.")
    if card.months_over_budget:
        wait = card.mean_wait_months
        wait_text = ("" if wait is None else
                     f" People in need whose review happened waited {wait:.1f} months on average.")
        hours_text += (f" It is over budget in {card.months_over_budget} of {card.months} months, so a queue "
                       f"builds: at the end {whole(card.waiting_in_need)} people in need are still waiting "
                       f"for their review.{wait_text}")
    else:
        hours_text += " Every month stays within budget, so nobody waits for lack of clinician time."
    return (
        f"On average over {card.months} months, {whole(card.people_screened)} people are screened and "
        f"{whole(card.need_help)} need help. {whole(card.helped)} of them are found: {whole(card.correctly_flagged)} "
        f"correctly flagged by the AI, {whole(card.caught_by_second_look)} caught by the second look and "
        f"{whole(card.caught_by_audit)} by the audits. {whole(card.missed)} are still missed "
        f"({card.missed_share.percent()} undertriage, which {bench[under_ok]} the trauma-care target of under 5%).\n\n"
        f"The AI raises {whole(card.false_alarms)} false alarms ({card.overtriage.percent()} of its flags, which "
        f"{bench[over_ok]} the trauma-care target of under 50% overtriage).\n\n"
        f"{hours_text}\n\n{gap_text}"
    )
