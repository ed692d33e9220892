"""Screening scenarios: who is screened and how good the AI is.

Two ways to describe the AI:

* :class:`Scenario` fixes an *operating point* directly: sensitivity and
  specificity, with the prevalence and the size of the screened population.
* :class:`ScoreModel` describes the AI's *risk score* instead. People who need
  help get scores from one normal distribution, the others from another
  (the "binormal" model, equal spread). The distance between the two centres,
  the *separation* d, fixes the area under the ROC curve:
  ``AUC = Phi(d / sqrt(2))``. Choosing a threshold picks a point on that ROC
  curve, so a threshold slider walks along a real ROC curve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from ..checks import (
    MAX_POPULATION,
    MAX_SEED,
    Checked,
    check_array,
    check_int,
    check_population,
    check_probability,
    check_real,
    check_seed,
    checked,
    flush_subnormal,
)
from .stats import normal_cdf, normal_quantile  # noqa: F401  (re-exported)
from .streams import generator

_STANDARD = NormalDist()

MAX_SEPARATION = 8.0
"""Largest separation accepted (AUC about 0.99999999)."""

DEFAULT_SEED = 2024


THRESHOLD_LIMIT = 20.0
"""Score thresholds are accepted from -20 to 20 score units (everywhere in the kit)."""


def check_threshold_value(threshold, name: str = "threshold") -> float:
    """One score threshold (a single number, not an array), from -20 to 20 score units."""
    return check_real(name, threshold, low=-THRESHOLD_LIMIT, high=THRESHOLD_LIMIT)


def check_threshold(threshold, name: str = "threshold"):
    """A score threshold (a number, or an array of them), finite and from -20 to 20 score units.

    People scoring at or above the threshold are flagged.
    """
    if np.ndim(threshold) == 0:
        return check_real(name, threshold, low=-THRESHOLD_LIMIT, high=THRESHOLD_LIMIT)
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a text naming the threshold; got {name!r:.60}")
    try:
        t = np.asarray(threshold, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers from {-THRESHOLD_LIMIT:g} to "
                         f"{THRESHOLD_LIMIT:g}; got {threshold!r}") from None
    if t.size == 0:
        raise ValueError(f"{name} must hold at least one value from {-THRESHOLD_LIMIT:g} to "
                         f"{THRESHOLD_LIMIT:g}; got an empty array")
    if not np.all(np.isfinite(t)) or np.any(np.abs(t) > THRESHOLD_LIMIT):
        bad = t[~np.isfinite(t) | (np.abs(t) > THRESHOLD_LIMIT)][0]
        raise ValueError(f"{name} values must be from {-THRESHOLD_LIMIT:g} to {THRESHOLD_LIMIT:g}; "
                         f"got {float(bad)!r}")
    return t


def auc_from_separation(separation: float) -> float:
    """Area under the ROC curve of an equal-variance binormal score: Phi(d / sqrt 2).

    >>> round(auc_from_separation(0.0), 3)
    0.5
    """
    d = check_real("separation", separation, low=0.0, high=MAX_SEPARATION)
    return normal_cdf(d / math.sqrt(2.0))


def separation_from_auc(auc: float) -> float:
    """The separation d that gives this AUC: d = sqrt(2) * Phi^-1(AUC)."""
    top = auc_from_separation(MAX_SEPARATION)
    auc = check_real("auc", auc, low=0.5, high=top)
    if auc == 0.5:
        return 0.0
    return min(math.sqrt(2.0) * _STANDARD.inv_cdf(auc), MAX_SEPARATION)


@dataclass(frozen=True)
class Scenario(Checked):
    """A screening: who is screened and how well the AI sorts them.

    prevalence: share of screened people who need help, 0 to 1.
    sensitivity: share of those who need help whom the AI flags, 0 to 1.
    specificity: share of those who do not need help whom the AI does not flag, 0 to 1.
    population: number of people screened, 1 to 10,000,000.
    seed: seed of the random generator (0 to 2**32 - 1); same seed, same people.
    """

    # a subnormal prevalence counts as 0 (see lessons.checks.SMALLEST_NORMAL)
    prevalence: float = checked(0.1, check_probability, after=flush_subnormal)
    sensitivity: float = checked(0.88, check_probability)
    specificity: float = checked(0.85, check_probability)
    population: int = checked(10_000, check_int, low=1, high=MAX_POPULATION)
    seed: int = checked(DEFAULT_SEED, check_int, low=0, high=MAX_SEED)

    @property
    def accuracy(self) -> float:
        """Expected share of correct calls: prevalence*sens + (1 - prevalence)*spec."""
        p = self.prevalence
        return p * self.sensitivity + (1 - p) * self.specificity


@dataclass(frozen=True)
class ScoreModel(Checked):
    """An AI risk score under the equal-variance binormal model.

    Scores of people who do not need help follow N(0, 1); scores of people who
    need help follow N(separation, 1). A person is flagged when the score is at
    or above the threshold.

    separation: distance between the two centres, 0 to 8 (0 means the score is
    useless, AUC 0.5).
    """

    separation: float = checked(2.0, check_real, low=0.0, high=MAX_SEPARATION)

    # -- construction --------------------------------------------------------
    @classmethod
    def from_auc(cls, auc: float) -> ScoreModel:
        """The score model with this area under the ROC curve (0.5 to just under 1)."""
        return cls(separation_from_auc(auc))

    @classmethod
    def from_operating_point(cls, sensitivity: float, specificity: float) -> ScoreModel:
        """The binormal score whose ROC curve passes through (1 - specificity, sensitivity).

        Returns the model; :meth:`threshold_for_specificity` gives the matching threshold.
        The operating point must lie above the chance line (sensitivity + specificity >= 1),
        strictly inside (0, 1) on both axes, and within reach of the largest separation
        (Phi^-1(sensitivity) + Phi^-1(specificity) <= 8); otherwise ValueError.
        """
        sens = check_real("sensitivity", sensitivity, low=0.0, high=1.0, low_open=True, high_open=True)
        spec = check_real("specificity", specificity, low=0.0, high=1.0, low_open=True, high_open=True)
        if sens + spec < 1.0:
            raise ValueError(
                "sensitivity + specificity must be at least 1 (a score no better than chance "
                f"cannot be binormal with d >= 0); got {sens!r} + {spec!r} = {sens + spec!r}"
            )
        d = _STANDARD.inv_cdf(spec) + _STANDARD.inv_cdf(sens)
        if d > MAX_SEPARATION:
            # the reachable points: Phi^-1(sens) + Phi^-1(spec) <= 8, i.e. sens <= Phi(8 - Phi^-1(spec))
            top = normal_cdf(MAX_SEPARATION - _STANDARD.inv_cdf(spec))
            raise ValueError(
                f"sensitivity and specificity ({sens!r}, {spec!r}) need a separation of {d:.3g}, above the "
                f"largest the kit models ({MAX_SEPARATION:g}); at specificity {spec!r} the sensitivity must be "
                f"at most {top!r} (Phi^-1(sensitivity) + Phi^-1(specificity) from 0 to {MAX_SEPARATION:g})"
            )
        return cls(max(d, 0.0))

    # -- properties ------------------------------------------------------------
    @property
    def auc(self) -> float:
        return auc_from_separation(self.separation)

    def sensitivity_at(self, threshold):
        """Share of people who need help with score >= threshold (number or array)."""
        t = self._threshold(threshold)
        return 1.0 - normal_cdf(t - self.separation)

    def specificity_at(self, threshold):
        """Share of people who do not need help with score < threshold (number or array)."""
        t = self._threshold(threshold)
        return normal_cdf(t)

    def threshold_for_specificity(self, specificity: float) -> float:
        spec = check_real("specificity", specificity, low=0.0, high=1.0, low_open=True, high_open=True)
        return _STANDARD.inv_cdf(spec)

    def threshold_for_sensitivity(self, sensitivity: float) -> float:
        sens = check_real("sensitivity", sensitivity, low=0.0, high=1.0, low_open=True, high_open=True)
        return self.separation - _STANDARD.inv_cdf(sens)

    def roc_curve(self, points: int = 201, span: float = 5.0):
        """The ROC curve: arrays (false-alarm rate, sensitivity, threshold).

        Thresholds run from high to low, so both rates rise from (0, 0) to (1, 1).
        points: 2 to 100,000. span: how far past the two centres the thresholds reach, above 0 and up to 20.
        """
        from ..checks import check_int

        points = check_int("points", points, low=2, high=100_000)
        span = check_real("span", span, low=0.0, high=THRESHOLD_LIMIT, low_open=True)
        thresholds = np.linspace(self.separation + span, -span, points)
        fpr = 1.0 - normal_cdf(thresholds)
        tpr = 1.0 - normal_cdf(thresholds - self.separation)
        fpr = np.concatenate(([0.0], fpr, [1.0]))
        tpr = np.concatenate(([0.0], tpr, [1.0]))
        thresholds = np.concatenate(([np.inf], thresholds, [-np.inf]))
        return fpr, tpr, thresholds

    def scenario(self, threshold: float, prevalence: float, population: int = 10_000,
                 seed: int = DEFAULT_SEED) -> Scenario:
        """The operating point this score gives at ``threshold``, as a :class:`Scenario`."""
        return Scenario(
            prevalence=prevalence,
            sensitivity=float(self.sensitivity_at(threshold)),
            specificity=float(self.specificity_at(threshold)),
            population=population,
            seed=seed,
        )

    def simulate_scores(self, prevalence: float, population: int = 10_000, seed: int = DEFAULT_SEED):
        """Draw people and their scores: arrays (needs_help, score)."""
        prevalence = check_probability("prevalence", prevalence)
        n = check_population(population)
        rng = generator("scores", check_seed(seed))
        needs_help = rng.random(n) < prevalence
        scores = rng.standard_normal(n) + self.separation * needs_help
        return needs_help, scores

    @staticmethod
    def _threshold(threshold):
        return check_threshold(threshold)


def _check_flags(name: str, values) -> np.ndarray:
    """A one-dimensional array of True/False (or 0/1) values."""
    raw = np.asarray(values) if not isinstance(values, (str, bytes)) and values is not None else None
    if raw is None or raw.ndim != 1 or not (raw.dtype.kind == "b" or (raw.dtype.kind in "iu" and
                                                                     np.all((raw == 0) | (raw == 1)))):
        raise ValueError(f"{name} must be a one-dimensional array of True/False values; got {values!r:.60}")
    return raw.astype(bool)


def empirical_auc(needs_help, scores) -> float:
    """Area under the empirical ROC curve (the Mann-Whitney statistic), ties counted half.

    Returns a float; raises ValueError if either group is empty.
    """
    needs_help = _check_flags("needs_help", needs_help)
    scores = check_array("scores", scores, ndim=1)
    if needs_help.shape != scores.shape:
        raise ValueError(f"needs_help and scores must have the same shape; got {needs_help.shape} and {scores.shape}")
    n_pos = int(needs_help.sum())
    n_neg = needs_help.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError(
            f"needs_help must contain both groups; got {n_pos} who need help and {n_neg} who do not"
        )
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(scores.size, dtype=float)
    sorted_scores = scores[order]
    # average ranks for ties
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    avg = first + (counts - 1) / 2.0 + 1.0
    ranks[order] = np.repeat(avg, counts)
    rank_sum = ranks[needs_help].sum()
    return float((rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))
