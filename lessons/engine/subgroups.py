"""Subgroups: one shared threshold applied to groups whose risk scores differ.

An AI triage score is often tuned on one population and then applied, with a
single threshold, to everyone. If the score separates people less well in one
group (lower *separation*), or sits lower or higher for everyone in that group
(an *offset*, for example when the training label was a proxy such as past
health-care cost rather than need), the same threshold gives that group a
different sensitivity and a different false-alarm rate.

Score model, per group (equal-variance binormal, as in
:class:`lessons.engine.scenario.ScoreModel`):

* people who do not need help score ``N(offset, 1)``;
* people who need help score ``N(offset + separation, 1)``;
* everyone scoring at or above the shared ``threshold`` is flagged.

So, in closed form, for a group with separation d and offset c at threshold t:

* sensitivity = 1 - Phi(t - c - d)
* false-alarm rate (1 - specificity) = 1 - Phi(t - c)

Public API (used by lesson 06 and by the lesson 07 scorecard):

* :class:`Group` - one group: name, share of the screened people, prevalence, separation, offset.
* :func:`compare_groups` - exact expected counts per group -> :class:`SubgroupReport`.
* :func:`simulate_groups` / :class:`GroupSimulation` - the same with seeded simulated people
  (converges to :func:`compare_groups` as the population grows).
* :class:`SubgroupReport` - per-group :class:`GroupOutcome` (counts, sensitivity, specificity,
  PPV, flag rate, false-alarm rate, share of all flags), ``overall`` counts, and the gaps.
* :func:`sensitivity_gap`, :func:`false_alarm_gap` -> :class:`Gap` (max - min across groups;
  *undefined*, with a reason in words, when fewer than two groups have a defined rate).
* :func:`sensitivity_curves`, :func:`false_alarm_curves` - per-group rates along a range of thresholds.
* :func:`describe_report` - the plain-language text twin of a report.
* :func:`two_groups` - a quick two-group setup (illustrative defaults).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import (
    MAX_POPULATION,
    REQUIRED,
    Checked,
    check_instance,
    check_int,
    check_population,
    check_probability,
    check_real,
    check_seed,
    check_text,
    checked,
)
from .describe import people, percent
from .metrics import Counts, Rate
from .scenario import (
    DEFAULT_SEED,
    MAX_SEPARATION,
    THRESHOLD_LIMIT,
    auc_from_separation,
    check_threshold,
    check_threshold_value,
    normal_quantile,
    separation_from_auc,
)
from .stats import normal_sf
from .streams import generator

MAX_OFFSET = 5.0
"""Largest score offset (in score units, the spread of one group's scores) a group may have."""

SHARE_TOLERANCE = 1e-6
"""Group shares must add up to 1 within this tolerance."""


# -- one group -------------------------------------------------------------------------


@dataclass(frozen=True)
class Group(Checked):
    """One group of screened people and how the AI's score behaves in it.

    name: a short label, e.g. "Group A".
    share: share of all screened people who are in this group, 0 to 1.
    prevalence: share of this group who need help, 0 to 1.
    separation: distance between the scores of those who need help and those who do not,
        0 to 8 score units (0: the score is useless in this group, AUC 0.5).
    offset: added to everyone's score in this group, -5 to 5 score units. A negative
        offset models a proxy label that under-rates the group's need (the group is
        flagged less, whether or not they need help).
    """

    name: str = checked(REQUIRED, check_text)
    share: float = checked(REQUIRED, check_probability)
    prevalence: float = checked(REQUIRED, check_probability)
    separation: float = checked(2.0, check_real, low=0.0, high=MAX_SEPARATION)
    offset: float = checked(0.0, check_real, low=-MAX_OFFSET, high=MAX_OFFSET)

    @classmethod
    def from_auc(cls, name: str, share: float, prevalence: float, auc: float,
                 offset: float = 0.0) -> Group:
        """A group whose score has this area under the ROC curve (0.5 to just under 1)."""
        return cls(name, share, prevalence, separation_from_auc(auc), offset)

    @property
    def auc(self) -> float:
        """Area under the ROC curve within the group (the offset does not change it)."""
        return auc_from_separation(self.separation)

    def sensitivity_at(self, threshold):
        """Share of this group's people in need who score at or above ``threshold``."""
        t = check_threshold(threshold)
        return normal_sf(t - self.offset - self.separation)

    def false_alarm_rate_at(self, threshold):
        """Share of this group's people not in need who score at or above ``threshold``."""
        t = check_threshold(threshold)
        return normal_sf(t - self.offset)

    def specificity_at(self, threshold):
        """Share of this group's people not in need who are not flagged: 1 - false-alarm rate."""
        return 1.0 - self.false_alarm_rate_at(threshold)

    def threshold_for_sensitivity(self, sensitivity: float) -> float:
        """The threshold (score units) at which this group's sensitivity equals ``sensitivity``.

        sensitivity: strictly between 0 and 1. Closed form: offset + separation - Phi^-1(sensitivity).
        The result may lie outside the -20 to 20 range accepted elsewhere for extreme targets.
        """
        sens = check_real("sensitivity", sensitivity, low=0.0, high=1.0, low_open=True, high_open=True)
        return self.offset + self.separation - normal_quantile(sens)

    def expected_counts(self, threshold: float, population: float) -> Counts:
        """Expected counts in this group when ``population`` people are screened in all.

        population: the total screened across all groups (the group holds ``share`` of them).
        """
        size = check_real("population", population, low=1.0, high=MAX_POPULATION) * self.share
        pos = size * self.prevalence
        neg = size - pos
        sens = min(max(float(self.sensitivity_at(threshold)), 0.0), 1.0)
        fa = min(max(float(self.false_alarm_rate_at(threshold)), 0.0), 1.0)
        return Counts(tp=pos * sens, fn=pos * (1.0 - sens), fp=neg * fa, tn=neg * (1.0 - fa))


def check_groups(groups) -> tuple[Group, ...]:
    """Validate a collection of groups: at least one, distinct names, shares adding up to 1."""
    try:
        groups = tuple(groups)
    except TypeError:
        raise ValueError(f"groups must be a list of Group; got {groups!r}") from None
    if not groups:
        raise ValueError("groups must hold at least one Group; got none")
    for g in groups:
        if not isinstance(g, Group):
            raise ValueError(f"groups must hold Group objects; got {type(g).__name__}")
    names = [g.name for g in groups]
    if len(set(names)) != len(names):
        raise ValueError(f"group names must be distinct; got {names!r}")
    total = sum(g.share for g in groups)
    if abs(total - 1.0) > SHARE_TOLERANCE:
        raise ValueError(f"group shares must add up to 1 (from {1 - SHARE_TOLERANCE:g} to "
                         f"{1 + SHARE_TOLERANCE:g}); got {total!r}")
    return groups


def two_groups(share_b: float = 0.3, prevalence_a: float = 0.1, prevalence_b: float = 0.1,
               separation_a: float = 2.0, separation_b: float = 2.0,
               offset_b: float = 0.0, names: tuple[str, str] = ("Group A", "Group B")) -> tuple[Group, Group]:
    """Two groups sharing one threshold; group B holds ``share_b`` (0 to 1) of the people.

    The defaults are illustrative (a score with AUC about 0.92 in both groups, 10% prevalence).
    """
    share_b = check_probability("share_b", share_b)
    prevalence_a = check_probability("prevalence_a", prevalence_a)
    prevalence_b = check_probability("prevalence_b", prevalence_b)
    separation_a = check_real("separation_a", separation_a, low=0.0, high=MAX_SEPARATION)
    separation_b = check_real("separation_b", separation_b, low=0.0, high=MAX_SEPARATION)
    offset_b = check_real("offset_b", offset_b, low=-MAX_OFFSET, high=MAX_OFFSET)
    names = _check_names(names, 2)
    return (
        Group(names[0], 1.0 - share_b, prevalence_a, separation_a, 0.0),
        Group(names[1], share_b, prevalence_b, separation_b, offset_b),
    )


def _check_names(names, count: int | None = None) -> tuple[str, ...]:
    """Group names: a list or tuple of texts (``count`` of them when given)."""
    how_many = f"{count} " if count is not None else ""
    if (isinstance(names, (str, bytes)) or not isinstance(names, (list, tuple))
            or not all(isinstance(n, str) for n in names) or (count is not None and len(names) != count)):
        raise ValueError(f"names must be a list of {how_many}texts; got {names!r:.60}")
    return tuple(names)


def _check_outcomes(outcomes) -> tuple[GroupOutcome, ...]:
    """A list or tuple of :class:`GroupOutcome` (one per group)."""
    if not isinstance(outcomes, (list, tuple)) or not all(isinstance(o, GroupOutcome) for o in outcomes):
        raise ValueError(f"outcomes must be a list of GroupOutcome (one per group); got {outcomes!r:.60}")
    return tuple(outcomes)


# -- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupOutcome:
    """What one shared threshold does to one group.

    counts: expected or simulated counts in the group (tp, fn, fp, tn).
    share_of_flagged: of everyone flagged (all groups), the share who are in this group.
    """

    name: str
    counts: Counts
    share_of_flagged: Rate

    @property
    def sensitivity(self) -> Rate:
        return self.counts.sensitivity

    @property
    def specificity(self) -> Rate:
        return self.counts.specificity

    @property
    def ppv(self) -> Rate:
        """Of this group's flagged people, how many need help."""
        return self.counts.ppv

    @property
    def flag_rate(self) -> Rate:
        return self.counts.flag_rate

    @property
    def false_alarm_rate(self) -> Rate:
        """Of this group's people who do not need help, the share flagged (1 - specificity)."""
        c = self.counts
        return Rate("false-alarm rate", c.fp, c.no_need, "nobody in this group is free of need")

    @property
    def missed(self) -> float:
        return self.counts.missed

    @property
    def false_alarms(self) -> float:
        return self.counts.false_alarms


@dataclass(frozen=True)
class Gap:
    """The gap between the best- and worst-served groups on one rate.

    value: highest rate minus lowest rate (0 to 1), or ``None`` when undefined.
    highest / lowest: names of the groups with the highest and lowest rate.
    reason: why the gap is undefined, in words ("" when defined).
    """

    measure: str
    value: float | None
    highest: str | None = None
    lowest: str | None = None
    high_rate: float | None = None
    low_rate: float | None = None
    reason: str = ""

    @property
    def defined(self) -> bool:
        return self.value is not None

    @property
    def percentage_points(self) -> float | None:
        """The gap in percentage points (0 to 100), or None when undefined."""
        return None if self.value is None else 100.0 * self.value

    def __str__(self) -> str:
        if not self.defined:
            return f"undefined: {self.reason}"
        if self.value < 5e-4:
            return f"0.0 percentage points (every group at {100 * self.high_rate:.1f}%)"
        return (f"{self.percentage_points:.1f} percentage points ({self.highest} {100 * self.high_rate:.1f}% "
                f"vs {self.lowest} {100 * self.low_rate:.1f}%)")


def rate_gap(outcomes, measure: str) -> Gap:
    """Max minus min of one rate ("sensitivity" or "false_alarm_rate") across group outcomes.

    Groups where the rate is undefined (nobody in need, or nobody free of need) are left
    out; with fewer than two defined groups the gap is undefined and says why.
    """
    measures = {"sensitivity": "sensitivity", "false_alarm_rate": "false-alarm rate"}
    if measure not in measures:
        raise ValueError(f"measure must be one of 'sensitivity', 'false_alarm_rate'; got {measure!r}")
    label = measures[measure]
    outcomes = _check_outcomes(outcomes)
    defined = [(o.name, getattr(o, measure).value) for o in outcomes if getattr(o, measure).defined]
    if len(defined) < 2:
        who = "need help" if measure == "sensitivity" else "do not need help"
        return Gap(label, None, reason=f"fewer than two groups have people who {who}, so there is nothing to compare")
    ranked = sorted(defined, key=lambda item: item[1])  # stable: ties keep the groups' order
    lo, hi = ranked[0], ranked[-1]
    return Gap(label, hi[1] - lo[1], hi[0], lo[0], hi[1], lo[1])


def sensitivity_gap(outcomes) -> Gap:
    """Highest minus lowest sensitivity across groups (how much more often one group is missed)."""
    return rate_gap(outcomes, "sensitivity")


def false_alarm_gap(outcomes) -> Gap:
    """Highest minus lowest false-alarm rate across groups."""
    return rate_gap(outcomes, "false_alarm_rate")


@dataclass(frozen=True)
class SubgroupReport:
    """Per-group outcomes of one shared threshold, and the gaps between groups.

    threshold: the shared score threshold (score units).
    outcomes: one :class:`GroupOutcome` per group, in the order the groups were given.
    expected: True for exact expected counts, False for a simulation.
    """

    threshold: float
    outcomes: tuple[GroupOutcome, ...]
    expected: bool = True

    @property
    def overall(self) -> Counts:
        """Counts summed over all groups."""
        return Counts(*(sum(getattr(o.counts, k) for o in self.outcomes) for k in ("tp", "fn", "fp", "tn")))

    @property
    def sensitivity_gap(self) -> Gap:
        return sensitivity_gap(self.outcomes)

    @property
    def false_alarm_gap(self) -> Gap:
        return false_alarm_gap(self.outcomes)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.outcomes)

    def outcome(self, name: str) -> GroupOutcome:
        """The outcome of the group with this name."""
        for o in self.outcomes:
            if o.name == name:
                return o
        raise ValueError(f"name must be one of {', '.join(self.names)}; got {name!r}")

    def describe(self) -> str:
        return describe_report(self)


def report_from_counts(threshold: float, names, counts_list, expected: bool = True) -> SubgroupReport:
    """Build a :class:`SubgroupReport` from per-group :class:`Counts` (in the order of ``names``).

    Used by engines that compute their own counts (e.g. :mod:`lessons.engine.faults`); each group's
    ``share_of_flagged`` is its flagged count over the flagged count of all groups.
    """
    threshold = check_threshold_value(threshold)
    names = _check_names(names)
    if not isinstance(counts_list, (list, tuple)) or not all(isinstance(c, Counts) for c in counts_list):
        raise ValueError(f"counts_list must be a list of Counts (one per group); got {counts_list!r:.60}")
    if len(counts_list) != len(names):
        raise ValueError(f"counts_list must hold one Counts per name ({len(names)}); got {len(counts_list)}")
    total_flagged = sum(c.flagged for c in counts_list)
    outcomes = tuple(
        GroupOutcome(name, c, Rate("share of flags", c.flagged, total_flagged, "nobody was flagged"))
        for name, c in zip(names, counts_list)
    )
    return SubgroupReport(float(threshold), outcomes, expected)


def compare_groups(groups, threshold: float, population: float = 10_000) -> SubgroupReport:
    """Exact expected counts per group under one shared threshold.

    groups: :class:`Group` objects whose shares add up to 1.
    threshold: score threshold, -20 to 20 score units; people at or above it are flagged.
    population: total people screened, 1 to 10,000,000 (counts may be fractional).
    """
    groups = check_groups(groups)
    threshold = check_threshold_value(threshold)
    population = check_population(population)
    return report_from_counts(threshold, [g.name for g in groups],
                   [g.expected_counts(threshold, population) for g in groups], True)


# -- simulation ------------------------------------------------------------------------


class GroupSimulation:
    """Seeded simulated people, drawn once and re-thresholded cheaply.

    Each person gets a group (by the shares), whether they need help (by the group's
    prevalence) and a standard-normal score noise, all from
    its own stream (:mod:`~lessons.engine.streams`). :meth:`at` applies a threshold to those same people,
    so moving the threshold changes only the people near it (common random numbers).
    """

    def __init__(self, groups, population: int = 10_000, seed: int = DEFAULT_SEED):
        self.groups = check_groups(groups)
        self.population = check_population(population)
        self.seed = check_seed(seed)
        rng = generator("subgroups", self.seed)
        n = self.population
        cumulative = np.cumsum([g.share for g in self.groups])
        cumulative[-1] = np.inf  # rounding must never leave a person without a group
        self.group_index = np.searchsorted(cumulative, rng.random(n), side="right").astype(np.int16)
        prevalence = np.array([g.prevalence for g in self.groups])
        self.needs_help = rng.random(n) < prevalence[self.group_index]
        noise = rng.standard_normal(n)
        offset = np.array([g.offset for g in self.groups])
        separation = np.array([g.separation for g in self.groups])
        self.scores = noise + offset[self.group_index] + separation[self.group_index] * self.needs_help

    def flagged_at(self, threshold: float) -> np.ndarray:
        """Boolean array: who is flagged at this threshold."""
        return self.scores >= check_threshold(threshold)

    def at(self, threshold: float) -> SubgroupReport:
        """Simulated counts per group at ``threshold`` (score units, -20 to 20)."""
        threshold = check_threshold_value(threshold)
        flagged = self.scores >= threshold
        code = np.where(self.needs_help, np.where(flagged, 0, 1), np.where(flagged, 2, 3))
        k = len(self.groups)
        table = np.bincount(self.group_index.astype(np.int64) * 4 + code, minlength=4 * k).reshape(k, 4)
        counts_list = [Counts(*(int(v) for v in row)) for row in table]
        return report_from_counts(threshold, [g.name for g in self.groups], counts_list, False)


def simulate_groups(groups, threshold: float, population: int = 10_000,
                    seed: int = DEFAULT_SEED) -> SubgroupReport:
    """Simulated counts per group (seeded): same seed, same people, same numbers."""
    return GroupSimulation(groups, population, seed).at(threshold)


# -- curves ----------------------------------------------------------------------------


def threshold_grid(low: float = -2.0, high: float = 5.0, points: int = 141) -> np.ndarray:
    """Evenly spaced thresholds from ``low`` to ``high`` (score units), ``points`` of them (2 to 10,000)."""
    low = check_threshold_value(low, "low")
    high = check_threshold_value(high, "high")
    if high <= low:
        raise ValueError(f"high must be greater than low ({low!r}); got {high!r}")
    points = check_int("points", points, low=2, high=10_000)
    return np.linspace(low, high, points)


def sensitivity_curves(groups, thresholds) -> dict[str, np.ndarray]:
    """Sensitivity of each group at each threshold: {group name: array like ``thresholds``}."""
    groups = check_groups(groups)
    t = np.atleast_1d(check_threshold(thresholds, "thresholds"))
    return {g.name: np.asarray(g.sensitivity_at(t), dtype=float) for g in groups}


def false_alarm_curves(groups, thresholds) -> dict[str, np.ndarray]:
    """False-alarm rate of each group at each threshold: {group name: array like ``thresholds``}."""
    groups = check_groups(groups)
    t = np.atleast_1d(check_threshold(thresholds, "thresholds"))
    return {g.name: np.asarray(g.false_alarm_rate_at(t), dtype=float) for g in groups}


# -- words -----------------------------------------------------------------------------


def describe_report(report: SubgroupReport) -> str:
    """Plain-language summary of a report: one paragraph per group, then the gaps."""
    check_instance("report", report, SubgroupReport)
    lead = "On average, with" if report.expected else "With"
    paras = [f"{lead} one shared threshold of {report.threshold:.2f}:"]
    for o in report.outcomes:
        c = o.counts
        if c.population <= 0:
            paras.append(f"{o.name}: nobody is screened in this group.")
            continue
        size = people(c.population)
        if c.need_help > 0:
            need = (f"{people(c.need_help)} need help; {people(c.tp)} are flagged and {people(c.fn)} are missed "
                    f"(sensitivity {percent(c.sensitivity)}).")
        else:
            need = "nobody needs help, so nobody can be missed."
        if c.no_need > 0:
            other = (f"Of the {people(c.no_need)} who do not need help, {people(c.fp)} are false alarms "
                     f"(false-alarm rate {percent(o.false_alarm_rate)}).")
        else:
            other = "Everybody needs help, so there are no false alarms."
        if c.flagged > 0:
            flags = (f"Of this group's flagged people, {percent(c.ppv)} need help (PPV); the group holds "
                     f"{o.share_of_flagged.percent(1)} of all flags.")
        else:
            flags = "Nobody in this group is flagged, so its PPV is undefined."
        paras.append(f"{o.name} ({size} screened): {need} {other} {flags}")
    paras.append(f"Gap in sensitivity between groups: {report.sensitivity_gap}. "
                 f"Gap in false-alarm rate: {report.false_alarm_gap}.")
    return "\n\n".join(paras)


__all__ = [
    "Group", "GroupOutcome", "Gap", "SubgroupReport", "GroupSimulation",
    "check_groups", "check_threshold", "compare_groups", "report_from_counts", "simulate_groups", "two_groups",
    "rate_gap", "sensitivity_gap", "false_alarm_gap", "threshold_grid",
    "sensitivity_curves", "false_alarm_curves", "describe_report",
    "MAX_OFFSET", "THRESHOLD_LIMIT",
]
