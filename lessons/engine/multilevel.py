"""Triage into several urgency levels: who is sent to which level, and who waits too long.

Binary screening has two kinds of mistake (missed, false alarm). Triage with
several urgency levels has two directions of mistake for every level:

* **undertriage**: a person is assigned a *less* urgent level than they need
  (an emergency message graded routine waits hours or days);
* **over-urgent grading**: a person is assigned a *more* urgent level than they
  need (they take an urgent slot somebody else needed). Its rate, the
  **over-urgent share** of a true level, is what field triage counts as
  overtriage within a level (for two levels, 1 - specificity). The kit keeps the
  word *overtriage* for 1 - PPV (Rehn et al. 2009), so the two meanings never share
  one word.

Levels are numbered from least urgent (0) to most urgent (K-1). The default
levels follow the UK Mental Health Triage Scale (Sands, Elsom & Colgate 2015;
source key ``sands2015``): A emergency (respond at once), B very urgent (within
4 hours), C urgent (within 24 hours). The scale's lower codes were not verified
for this kit, so below C the kit uses one *routine* level whose response time
(72 hours) is *illustrative*.

Two models give the chance that a person of true level k is assigned level j:

* :class:`OrdinalScoreModel`: an ordinal binormal score. A person of true level
  k has score ~ N(mu_k, 1); cut points c_1 < ... < c_(K-1) assign the level
  (score at or above c_j means level j or higher), so
  P(j | k) = Phi(c_(j+1) - mu_k) - Phi(c_j - mu_k), with c_0 = -inf, c_K = +inf.
* :class:`MisclassificationModel`: any row-stochastic matrix of these chances.

Both give a :class:`TriageConfusion` (true level x assigned level) in closed
form (expected counts) or from a seeded simulation.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

from ..checks import (
    REQUIRED,
    Checked,
    check_array,
    check_bool,
    check_instance,
    check_int,
    check_population,
    check_real,
    check_seed,
    checked,
)
from .describe import people, response_time
from .metrics import Rate
from .scenario import DEFAULT_SEED, MAX_SEPARATION, normal_cdf
from .streams import generator


@dataclass(frozen=True)
class UrgencyLevel:
    """One urgency level: a short key, a label and the target response time in hours."""

    key: str
    label: str
    response_hours: float
    status: str
    """'sourced' (response time from sands2015) or 'illustrative'."""


UK_MHTS_LEVELS = (
    UrgencyLevel("routine", "Routine (below C)", 72.0, "illustrative"),
    UrgencyLevel("C", "C urgent (24 h)", 24.0, "sourced"),
    UrgencyLevel("B", "B very urgent (4 h)", 4.0, "sourced"),
    UrgencyLevel("A", "A emergency (at once)", 0.0, "sourced"),
)
"""Levels from least to most urgent. A, B and C with their response times follow Sands, Elsom &
Colgate 2015; the single routine level and its 72-hour response are illustrative."""

LEVEL_MIX_PER_10000 = (9_800, 150, 35, 15)
"""Illustrative number of conversations at each true level per 10,000 (routine, C, B, A).
The 15 emergencies are derived from OpenAI's reported 0.15% of weekly active users with explicit
indicators of potential suicidal planning or intent (openai2025); the other three numbers are illustrative."""

MAX_LEVELS = 10


def _check_increasing(name: str, values) -> np.ndarray:
    arr = check_array(name, values, ndim=1)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be a list of finite numbers; got {list(np.ravel(arr))}")
    if arr.size > 1 and np.any(np.diff(arr) <= 0):
        raise ValueError(f"{name} must be strictly increasing; got {arr.tolist()}")
    return arr


def _check_labels(levels) -> tuple[str, ...]:
    """Level labels: a list or tuple of 2 to MAX_LEVELS texts, least urgent first."""
    if (not isinstance(levels, (list, tuple)) or not all(isinstance(x, str) for x in levels)
            or not 2 <= len(levels) <= MAX_LEVELS):
        raise ValueError(f"levels must be a list of 2 to {MAX_LEVELS} level labels (texts); got {levels!r:.60}")
    return tuple(levels)


def _labels(name: str, levels) -> tuple[str, ...]:
    """:func:`_check_labels` as a :func:`lessons.checks.checked` field check."""
    return _check_labels(levels)


def _increasing_tuple(name: str, values) -> tuple[float, ...]:
    """:func:`_check_increasing`, kept as a tuple of floats (a field of a frozen dataclass)."""
    return tuple(_check_increasing(name, values).tolist())


def _probability_rows(name: str, values) -> tuple[tuple[float, ...], ...]:
    """A matrix of probabilities (0 to 1), kept as a tuple of row tuples."""
    return tuple(map(tuple, check_array(name, values, low=0.0, high=1.0, ndim=2).tolist()))


def _check_urgency_levels(levels, n_levels: int) -> tuple[UrgencyLevel, ...]:
    """``n_levels`` :class:`UrgencyLevel` objects, least urgent first."""
    if not isinstance(levels, (list, tuple)) or not all(isinstance(x, UrgencyLevel) for x in levels):
        raise ValueError(f"levels must be a list of UrgencyLevel (such as UK_MHTS_LEVELS); got {levels!r:.60}")
    if len(levels) != n_levels:
        raise ValueError(f"levels must have {n_levels} entries; got {len(levels)}")
    return tuple(levels)


def check_level_sizes(level_sizes, n_levels: int) -> np.ndarray:
    """Number of people at each true level: ``n_levels`` non-negative numbers, not all 0."""
    n_levels = check_int("n_levels", n_levels, low=2, high=MAX_LEVELS)
    sizes = check_array("level_sizes", level_sizes, low=0.0, ndim=1)
    if sizes.shape != (n_levels,):
        raise ValueError(f"level_sizes must have {n_levels} values (one per level); got {sizes.size}")
    if not np.all(np.isfinite(sizes)) or np.any(sizes < 0) or sizes.sum() <= 0:
        raise ValueError(f"level_sizes must be numbers of 0 or more, not all 0; got {sizes.tolist()}")
    return sizes


@dataclass(frozen=True)
class TriageConfusion(Checked):
    """People by true level (rows) and assigned level (columns), least urgent first.

    matrix: K x K array of counts (whole people if simulated, fractions if expected).
    levels: the K level labels.
    expected: True for closed-form expected counts, False for a simulation.
    """

    matrix: np.ndarray = checked(REQUIRED, check_array, low=0.0)
    levels: tuple[str, ...] = checked(REQUIRED, _labels)
    expected: bool = checked(True, check_bool)

    def _check(self):
        k = len(self.levels)
        if self.matrix.shape != (k, k):
            raise ValueError(f"matrix must be {k} x {k} (one row and column per level); "
                             f"got shape {self.matrix.shape}")

    @property
    def n_levels(self) -> int:
        return len(self.levels)

    @property
    def population(self) -> float:
        return float(self.matrix.sum())

    @property
    def level_sizes(self) -> np.ndarray:
        """People at each true level (row sums)."""
        return self.matrix.sum(axis=1)

    @property
    def assigned_sizes(self) -> np.ndarray:
        """People assigned to each level (column sums)."""
        return self.matrix.sum(axis=0)

    @property
    def correct(self) -> float:
        """People assigned their true level (the diagonal)."""
        return float(np.trace(self.matrix))

    def under_count(self, level: int) -> float:
        """People of true ``level`` assigned a less urgent level (left of the diagonal)."""
        k = self._level(level)
        return float(self.matrix[k, :k].sum())

    def over_count(self, level: int) -> float:
        """People of true ``level`` assigned a more urgent level (right of the diagonal)."""
        k = self._level(level)
        return float(self.matrix[k, k + 1:].sum())

    def undertriage(self, level: int) -> Rate:
        """Of the people whose true level is ``level``, the share assigned a less urgent level."""
        k = self._level(level)
        return Rate("undertriage", self.under_count(k), float(self.level_sizes[k]),
                    f"nobody's true level is {self.levels[k]}")

    def over_urgent(self, level: int) -> Rate:
        """The over-urgent share: of the people whose true level is ``level``, the share assigned a more urgent
        level (field triage's within-level overtriage; not the kit's overtriage, which is 1 - PPV)."""
        k = self._level(level)
        return Rate("over-urgent share", self.over_count(k), float(self.level_sizes[k]),
                    f"nobody's true level is {self.levels[k]}")

    def row_shares(self) -> np.ndarray:
        """Each row as shares of its true level (rows sum to 1; an empty row stays 0)."""
        sizes = self.level_sizes[:, None]
        return np.divide(self.matrix, sizes, out=np.zeros_like(self.matrix), where=sizes > 0)

    @property
    def total_undertriage(self) -> Rate:
        """Share of everyone assigned a less urgent level than their true one."""
        return Rate("undertriage", float(np.tril(self.matrix, -1).sum()), self.population, "nobody was triaged")

    @property
    def total_over_urgent(self) -> Rate:
        """Share of everyone assigned a more urgent level than their true one."""
        return Rate("over-urgent share", float(np.triu(self.matrix, 1).sum()), self.population, "nobody was triaged")

    def _level(self, level) -> int:
        return check_int("level", level, low=0, high=self.n_levels - 1)


class _AssignmentModel(ABC):
    """Shared behaviour: closed-form and simulated confusion matrices from P(assigned | true)."""

    levels: tuple[str, ...]

    @abstractmethod
    def assignment_probabilities(self) -> np.ndarray:
        """K x K matrix of P(assigned level j | true level k); each row sums to 1."""

    def expected_confusion(self, level_sizes) -> TriageConfusion:
        """Expected counts: row k is level_sizes[k] times P(assigned | true level k)."""
        sizes = check_level_sizes(level_sizes, len(self.levels))
        return TriageConfusion(sizes[:, None] * self.assignment_probabilities(), self.levels, expected=True)

    def _assign(self, true_levels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        probs = self.assignment_probabilities()
        cumulative = np.cumsum(probs, axis=1)
        u = rng.random(true_levels.size)
        assigned = (u[:, None] >= cumulative[true_levels]).sum(axis=1)
        return np.minimum(assigned, len(self.levels) - 1)

    def simulate(self, level_sizes, seed: int = DEFAULT_SEED) -> TriageConfusion:
        """Triage the given whole numbers of people per true level with a seeded generator."""
        sizes = check_level_sizes(level_sizes, len(self.levels))
        if np.any(sizes != np.round(sizes)):
            raise ValueError(f"level_sizes must be whole numbers of people to simulate; got {sizes.tolist()}")
        check_population(int(sizes.sum()), "total of level_sizes")
        rng = generator("urgency levels", check_seed(seed))
        true_levels = np.repeat(np.arange(len(self.levels)), sizes.astype(int))
        assigned = self._assign(true_levels, rng)
        return confusion_from_levels(true_levels, assigned, self.levels)


@dataclass(frozen=True)
class OrdinalScoreModel(Checked, _AssignmentModel):
    """Ordinal binormal urgency score.

    means: score centre of each true level, least urgent first, strictly increasing.
    cuts: K-1 strictly increasing cut points; a score at or above cuts[j-1] is assigned level j or higher.
    levels: K labels (default: the four levels of :data:`UK_MHTS_LEVELS`).
    """

    means: tuple[float, ...] = checked(REQUIRED, _increasing_tuple)
    cuts: tuple[float, ...] = checked(REQUIRED, _increasing_tuple)
    levels: tuple[str, ...] = checked(tuple(level.label for level in UK_MHTS_LEVELS), _labels)

    def _check(self):
        k = len(self.levels)
        if len(self.means) != k or len(self.cuts) != k - 1:
            raise ValueError(f"{k} levels need {k} means and {k - 1} cuts; got {len(self.means)} means and "
                             f"{len(self.cuts)} cuts")

    @classmethod
    def evenly_spaced(cls, separation: float = 2.0, shift: float = 0.0,
                      levels=tuple(level.label for level in UK_MHTS_LEVELS)) -> OrdinalScoreModel:
        """Level k centred at k * separation; cut points halfway between neighbours, minus ``shift``.

        separation: distance between neighbouring level centres, above 0 and up to 8 (score SDs).
        shift: how far every cut point moves *down*, -4 to 4 score SDs. A positive shift is cautious:
            more people are sent up a level (less undertriage, a larger over-urgent share).
        """
        d = check_real("separation", separation, low=0.0, high=MAX_SEPARATION, low_open=True)
        s = check_real("shift", shift, low=-4.0, high=4.0)
        k = len(_check_labels(levels))
        means = tuple(d * i for i in range(k))
        cuts = tuple(d * (i + 0.5) - s for i in range(k - 1))
        return cls(means, cuts, tuple(levels))

    def assignment_probabilities(self) -> np.ndarray:
        """K x K matrix of P(assigned j | true k); rows sum to 1 (closed form)."""
        mu = np.asarray(self.means)[:, None]
        inner = normal_cdf(np.asarray(self.cuts, dtype=float)[None, :] - mu)
        k = mu.shape[0]
        return np.diff(np.hstack([np.zeros((k, 1)), inner, np.ones((k, 1))]), axis=1)

    def scores(self, true_levels, rng: np.random.Generator) -> np.ndarray:
        """Draw one score per person: means[true level] plus a standard normal number."""
        true_levels = np.asarray(true_levels, dtype=int)
        return np.asarray(self.means)[true_levels] + rng.standard_normal(true_levels.size)

    def assign(self, scores) -> np.ndarray:
        """Assigned level for each score: the number of cut points at or below it."""
        return np.searchsorted(np.asarray(self.cuts), np.asarray(scores, dtype=float), side="right")

    def _assign(self, true_levels, rng):
        return self.assign(self.scores(true_levels, rng))


@dataclass(frozen=True)
class MisclassificationModel(Checked, _AssignmentModel):
    """Triage described directly by P(assigned j | true k): a K x K matrix whose rows sum to 1."""

    probabilities: tuple[tuple[float, ...], ...] = checked(REQUIRED, _probability_rows)
    levels: tuple[str, ...] = checked(tuple(level.label for level in UK_MHTS_LEVELS), _labels)

    def _check(self):
        k = len(self.levels)
        p = np.asarray(self.probabilities, dtype=float)
        if p.shape != (k, k):
            raise ValueError(f"probabilities must be a {k} x {k} matrix; got shape {p.shape}")
        sums = p.sum(axis=1)
        if not np.allclose(sums, 1.0, atol=1e-9):
            raise ValueError(f"each row of probabilities must sum to 1; got row sums {np.round(sums, 6).tolist()}")

    def assignment_probabilities(self) -> np.ndarray:
        return np.asarray(self.probabilities, dtype=float)


def confusion_from_levels(true_levels, assigned_levels, levels) -> TriageConfusion:
    """Count people by (true level, assigned level) from two per-person arrays of level numbers."""
    k = len(_check_labels(levels))
    true_levels = check_array("true_levels", true_levels, whole=True, ndim=1).astype(int)
    assigned_levels = check_array("assigned_levels", assigned_levels, whole=True, ndim=1).astype(int)
    if true_levels.shape != assigned_levels.shape:
        raise ValueError(f"true and assigned levels must have the same shape; got {true_levels.shape} and "
                         f"{assigned_levels.shape}")
    for param, name, arr in (("true_levels", "true level", true_levels),
                             ("assigned_levels", "assigned level", assigned_levels)):
        if arr.size and (arr.min() < 0 or arr.max() >= k):
            raise ValueError(f"{param} holds each person's {name}: {name} values must be from 0 to {k - 1}; "
                             f"got {arr.min()} to {arr.max()}")
    matrix = np.bincount(true_levels * k + assigned_levels, minlength=k * k).reshape(k, k)
    return TriageConfusion(matrix.astype(float), tuple(levels), expected=False)


def expected_response_hours(confusion: TriageConfusion, levels=UK_MHTS_LEVELS) -> np.ndarray:
    """Average target response time (hours) for each true level, given the levels people were assigned.

    A person waits the response time of the level they are *assigned*; a true level with nobody in it gets 0.
    """
    check_instance("confusion", confusion, TriageConfusion)
    levels = _check_urgency_levels(levels, confusion.n_levels)
    hours = np.asarray([lvl.response_hours for lvl in levels], dtype=float)
    return confusion.row_shares() @ hours


def describe_confusion(confusion: TriageConfusion, levels=UK_MHTS_LEVELS) -> str:
    """Text twin of a confusion matrix: for each true level, most urgent first, where people go."""
    check_instance("confusion", confusion, TriageConfusion)
    levels = _check_urgency_levels(levels, confusion.n_levels)
    shares = confusion.row_shares()
    sizes = confusion.level_sizes
    waits = expected_response_hours(confusion, levels)
    lead = "On average, of" if confusion.expected else "Of"
    total = confusion.population
    lines = [f"{lead} {_n(total)} conversations triaged into {confusion.n_levels} urgency levels, "
             f"{_n(confusion.correct)} get their true level."]
    for k in reversed(range(confusion.n_levels)):
        name = levels[k].label
        if sizes[k] <= 0:
            lines.append(f"Nobody's true level is {name}, so nobody there can be mis-triaged.")
            continue
        parts = [f"{100 * shares[k, j]:.0f}% to {levels[j].label}" for j in reversed(range(confusion.n_levels))
                 if shares[k, j] >= 0.005]
        lines.append(
            f"True level {name}, {_n(sizes[k])} {'person' if round(sizes[k]) == 1 else 'people'}: " + ", ".join(parts)
            + f". Undertriage {confusion.undertriage(k)}, "
            f"over-urgent share {confusion.over_urgent(k)}; target response on average {_hours(waits[k])} "
            f"(their own level: {_hours(levels[k].response_hours)}).")
    assigned = confusion.assigned_sizes
    for j in reversed(range(1, confusion.n_levels)):
        if assigned[j] > 0:
            lines.append(f"Assigned {levels[j].label}: {_n(assigned[j])}, of whom {_n(confusion.matrix[j, j])} "
                         f"truly belong there ({100 * confusion.matrix[j, j] / assigned[j]:.0f}%).")
    return "\n".join(lines)


_hours = response_time
_n = people
