"""The model under every threshold slider, as numbers a figure can draw: two hills of scores and a threshold.

The kit's AI gives everyone a risk score. Scores of people who need help and of people who do
not follow two normal "hills" of equal spread (the binormal model of
:class:`lessons.engine.scenario.ScoreModel`); everyone at or above the threshold is flagged.
The threshold cuts each hill in two, so the four outcomes are four areas:

* the in-need hill at or above the threshold: correctly flagged; below it: missed;
* the not-in-need hill at or above the threshold: false alarms; below it: correctly cleared.

:class:`ScoreSplit` holds one picture (one panel): the hills, the threshold and the expected counts.
Its counts always come from the engine function the lesson's other explorers use
(:func:`split_for_model` via :func:`lessons.engine.population.expected_counts`,
:func:`split_for_groups` via :meth:`lessons.engine.subgroups.Group.expected_counts`,
:func:`split_for_month` via :func:`lessons.engine.drift.expected_timeline`), and the hills'
areas agree with them (closed forms: people x upper normal tail).
:func:`describe_split` is the plain-language text twin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..checks import REQUIRED, Checked, check_bool, check_instance, check_int, check_real, check_text, checked
from .describe import people
from .drift import DriftPlan, expected_timeline
from .metrics import Counts
from .population import expected_counts
from .scenario import ScoreModel, auc_from_separation, check_threshold_value, normal_cdf
from .subgroups import Group

BIN = 0.1
"""Hill heights are people (or shares of a group) per 0.1 of score, so a hill's area over BIN is its size."""

SCALES = ("people", "share")
"""``people``: each hill as tall as its group is large (areas are people); ``share``: each hill the
same size (areas are shares of its own group), so a rare group's hill is visible too."""


@dataclass(frozen=True)
class Hill(Checked):
    """The scores of one group of people: normal with spread 1 around ``centre``.

    label: who they are, in words ("people who need help"). needs_help: which outcome pair the
    threshold splits them into. centre: their average score. size: how many people (expected).
    """

    label: str = checked(REQUIRED, check_text)
    needs_help: bool = checked(REQUIRED, check_bool)
    centre: float = checked(REQUIRED, check_real, low=-20.0, high=20.0)
    size: float = checked(REQUIRED, check_real, low=0.0, high=1e9)

    def share_at_or_above(self, threshold: float) -> float:
        """Share of this hill at or above ``threshold``: 1 - Phi(threshold - centre)."""
        t = check_real("threshold", threshold, low=-50.0, high=50.0)
        return 1.0 - normal_cdf(t - self.centre)

    def heights(self, x, scale: str = "people") -> np.ndarray:
        """The hill's height at scores ``x``: people (or a share of the group) per :data:`BIN` of score."""
        if scale not in SCALES:
            raise ValueError(f"scale must be one of {', '.join(SCALES)}; got {scale!r}")
        x = np.asarray(x, dtype=float)
        if x.size == 0 or not np.all(np.isfinite(x)):
            raise ValueError("x must hold finite scores; got an empty array or NaN/infinity")
        density = np.exp(-0.5 * (x - self.centre) ** 2) / math.sqrt(2.0 * math.pi)
        return density * BIN * (self.size if scale == "people" else 1.0)


@dataclass(frozen=True)
class ScoreSplit:
    """One panel: two hills (not in need, in need), a threshold and the expected counts.

    name: the panel's name ("" for a single panel, "Group B", "Month 12"). counts: the four
    expected counts, from the lesson's engine. auc: the chance that a random person in need
    scores above a random person not in need.
    """

    name: str
    threshold: float
    no_need: Hill
    need: Hill
    counts: Counts
    auc: float

    @property
    def hills(self) -> tuple[Hill, Hill]:
        return (self.no_need, self.need)

    def areas(self) -> dict[str, float]:
        """The four shaded areas in people, from the hills (closed forms), keyed by outcome."""
        t = self.threshold
        up_need, up_no = self.need.share_at_or_above(t), self.no_need.share_at_or_above(t)
        return {"correctly flagged": self.need.size * up_need, "missed": self.need.size * (1 - up_need),
                "false alarm": self.no_need.size * up_no, "correctly cleared": self.no_need.size * (1 - up_no)}


def _hills(no_need_centre: float, need_centre: float, counts: Counts, who: str = "") -> tuple[Hill, Hill]:
    suffix = f" in {who}" if who else ""
    return (Hill(f"people{suffix} who do not need help", False, no_need_centre, counts.no_need),
            Hill(f"people{suffix} who need help", True, need_centre, counts.need_help))


def split_for_model(model: ScoreModel, threshold: float, prevalence: float, population: int = 1000,
                    name: str = "") -> ScoreSplit:
    """One score model at one threshold: counts from ``expected_counts(model.scenario(...))``.

    threshold: flagged at or above, -20 to 20. prevalence: 0 to 1. population: 1 to 10,000,000.
    name: the panel's name (text).
    """
    check_instance("model", model, ScoreModel)
    name = _check_text("name", name)
    t = check_threshold_value(threshold)
    counts = expected_counts(model.scenario(t, prevalence, population))
    return ScoreSplit(name, t, *_hills(0.0, model.separation, counts), counts, model.auc)


def split_for_groups(groups, threshold: float, population: float = 10_000,
                     thresholds: dict | None = None) -> tuple[ScoreSplit, ...]:
    """One panel per group: hills at ``offset`` and ``offset + separation``, counts from
    :meth:`Group.expected_counts`. ``thresholds`` may give a group its own threshold (by name)."""
    t0 = check_threshold_value(threshold)
    if isinstance(groups, (str, bytes)) or not hasattr(groups, "__iter__"):
        raise ValueError(f"groups must be a list of Group objects; got {type(groups).__name__}")
    groups = list(groups)
    thresholds = dict(thresholds or {})
    splits = []
    for g in groups:
        if not isinstance(g, Group):
            raise ValueError(f"groups must hold Group objects; got {type(g).__name__}")
        t = check_threshold_value(thresholds.pop(g.name, t0), f"thresholds[{g.name!r}]")
        counts = g.expected_counts(t, population)
        splits.append(ScoreSplit(g.name, t, *_hills(g.offset, g.offset + g.separation, counts, g.name),
                                 counts, g.auc))
    if thresholds:
        raise ValueError(f"thresholds must name groups among {[g.name for g in groups]}; got {sorted(thresholds)}")
    return tuple(splits)


def split_for_month(plan: DriftPlan, threshold: float, month: int, people_per_month: int = 2000) -> ScoreSplit:
    """The hills of one month of a drifting deployment: counts from :func:`expected_timeline`."""
    if not isinstance(plan, DriftPlan):
        raise ValueError(f"plan must be a DriftPlan; got {type(plan).__name__}")
    m = check_int("month", month, low=1, high=plan.months)
    timeline = expected_timeline(plan, threshold, people_per_month)
    counts = timeline.counts[m - 1]
    d = float(timeline.separation[m - 1])
    return ScoreSplit(f"Month {m}", float(threshold), *_hills(0.0, d, counts), counts, auc_from_separation(d))


def _check_text(name: str, value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text (a str); got {value!r:.60}")
    return value


def _in_100(share: float) -> str:
    return f"{100 * share:.0f} times in 100"


def describe_split(split: ScoreSplit, *, screened: str = "people screened") -> str:
    """Text twin of one panel: where each hill sits, what the threshold cuts off, the counts, the AUC."""
    check_instance("split", split, ScoreSplit)
    screened = _check_text("screened", screened)
    c = split.counts
    tp, fn, fp, tn = (round(v) for v in (c.tp, c.fn, c.fp, c.tn))
    need, no_need = tp + fn, fp + tn
    lead = f"{split.name}: " if split.name else ""
    where = (f"the hill of those who do not need help is centred on a score of {split.no_need.centre:.2f}, "
             f"the hill of those who need help on {split.need.centre:.2f}")
    parts = [
        f"{lead}On average, of {people(need + no_need)} {screened}, {people(need)} "
        f"{'needs' if need == 1 else 'need'} help and {people(no_need)} do not; {where}. "
        f"Everyone scoring {split.threshold:.2f} or more is flagged.",
    ]
    if need:
        parts.append(f"Of the {people(need)} who need help, {people(tp)} {'is' if tp == 1 else 'are'} at or above the "
                     f"threshold (correctly flagged) and {people(fn)} below it (missed).")
    else:
        parts.append("Nobody needs help here, so nobody can be missed.")
    if no_need:
        parts.append(f"Of the {people(no_need)} who do not need help, {people(fp)} {'is' if fp == 1 else 'are'} at "
                     f"or above it (false {'alarm' if fp == 1 else 'alarms'}) and {people(tn)} below it "
                     "(correctly cleared).")
    else:
        parts.append("Everybody needs help here, so there can be no false alarms.")
    auc = split.auc
    if auc < 0.5005:
        overlap = ("The two hills lie on top of each other: the AUC is 0.50, so the score is no better than a "
                   "coin toss at telling the two kinds of people apart.")
    else:
        overlap = (f"The AUC is {auc:.2f}: pick one person who needs help and one who does not at random, and "
                   f"about {_in_100(auc)} the person who needs help has the higher score. The more the hills "
                   "overlap, the closer this comes to 50 in 100, a coin toss.")
    parts.append(overlap)
    return " ".join(parts)


def describe_splits(splits, *, screened: str = "people screened") -> str:
    """Text twin of several panels, one paragraph each."""
    if isinstance(splits, (str, bytes)) or not hasattr(splits, "__iter__"):
        raise ValueError(f"splits must be a list of ScoreSplit objects; got {type(splits).__name__}")
    splits = list(splits)
    for s in splits:
        check_instance("splits", s, ScoreSplit)
    return "\n\n".join(describe_split(s, screened=screened) for s in splits)

