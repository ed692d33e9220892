"""A screened population: one entry per person, who needs help and who is flagged.

* :func:`expected_counts` gives the exact expected counts (no randomness).
* :func:`simulate` draws a population with a seeded generator. It uses
  *common random numbers*: each person keeps the same two random draws whatever
  the settings, so moving a slider changes only the people the change affects.
* :func:`natural_frequencies` builds a population whose counts are the expected
  counts rounded to whole people (the icon arrays in the lessons use it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..checks import check_array, check_instance, check_population, check_probability, check_real
from .metrics import Counts
from .scenario import Scenario
from .streams import generator

OUTCOME_CODES = {"correctly flagged": 0, "missed": 1, "false alarm": 2, "correctly cleared": 3}


@dataclass(frozen=True)
class Population:
    """People of a screening: ``needs_help`` and ``flagged`` are boolean arrays."""

    scenario: Scenario
    needs_help: np.ndarray
    flagged: np.ndarray

    @property
    def size(self) -> int:
        return int(self.needs_help.size)

    @property
    def counts(self) -> Counts:
        return counts_from_arrays(self.needs_help, self.flagged)

    @property
    def outcome(self) -> np.ndarray:
        """Outcome code per person: 0 correctly flagged, 1 missed, 2 false alarm, 3 correctly cleared."""
        return outcome_codes(self.needs_help, self.flagged)


def counts_from_arrays(needs_help, flagged) -> Counts:
    """Count the four outcomes from per-person boolean arrays."""
    needs_help = np.asarray(needs_help, dtype=bool)
    flagged = np.asarray(flagged, dtype=bool)
    if needs_help.shape != flagged.shape:
        raise ValueError(
            f"needs_help and flagged must have the same shape; got {needs_help.shape} and {flagged.shape}"
        )
    n = needs_help.size
    pos = int(np.count_nonzero(needs_help))
    flag = int(np.count_nonzero(flagged))
    tp = int(np.count_nonzero(needs_help & flagged))
    return Counts(tp=tp, fn=pos - tp, fp=flag - tp, tn=n - pos - flag + tp)


def _check_flags(name: str, values) -> np.ndarray:
    """A per-person yes/no array: booleans, or the numbers 0 and 1."""
    raw = np.asarray(values) if not isinstance(values, (str, bytes)) else np.asarray(object())
    if raw.dtype.kind == "b":
        return raw
    if raw.dtype.kind in "iuf" and raw.ndim > 0 and np.all((raw == 0) | (raw == 1)):
        return raw.astype(bool)
    raise ValueError(f"{name} must be an array of True/False (or 0/1) per person; got {values!r:.60}")


def outcome_codes(needs_help, flagged) -> np.ndarray:
    """Per-person outcome code: 0 correctly flagged, 1 missed, 2 false alarm, 3 correctly cleared."""
    needs_help = _check_flags("needs_help", needs_help)
    flagged = _check_flags("flagged", flagged)
    if needs_help.shape != flagged.shape:
        raise ValueError(f"flagged must have the shape of needs_help {needs_help.shape}; got {flagged.shape}")
    code = np.where(needs_help, np.where(flagged, 0, 1), np.where(flagged, 2, 3))
    return code.astype(np.int8)


def expected_counts(scenario: Scenario) -> Counts:
    """Exact expected counts of the four outcomes (fractions of people allowed)."""
    check_instance("scenario", scenario, Scenario)
    n, p = scenario.population, scenario.prevalence
    sens, spec = scenario.sensitivity, scenario.specificity
    pos, neg = n * p, n * (1.0 - p)
    return Counts(tp=pos * sens, fn=pos * (1.0 - sens), fp=neg * (1.0 - spec), tn=neg * spec)


def draw_uniforms(population: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The two uniform draws per person that fix who needs help and who is flagged.

    Explorers draw them once and call :func:`assign` on every change, so a
    slider never re-rolls the dice (common random numbers).
    """
    from ..checks import check_seed

    n = check_population(population)
    rng = generator("population", check_seed(seed))
    return rng.random(n), rng.random(n)


def assign(u: np.ndarray, v: np.ndarray, prevalence: float, sensitivity: float,
           specificity: float) -> tuple[np.ndarray, np.ndarray]:
    """Who needs help (u < prevalence) and who is flagged (v < sensitivity, or v < 1 - specificity).

    u, v: arrays of the same shape of uniform draws from 0 to 1 (:func:`draw_uniforms`);
    prevalence, sensitivity, specificity: 0 to 1.
    """
    u = check_array("u", u, low=0.0, high=1.0)
    v = check_array("v", v, low=0.0, high=1.0)
    if u.shape != v.shape:
        raise ValueError(f"u and v must have the same shape; got {u.shape} and {v.shape}")
    prevalence = check_probability("prevalence", prevalence)
    sensitivity = check_probability("sensitivity", sensitivity)
    specificity = check_probability("specificity", specificity)
    needs_help = u < prevalence
    flagged = np.where(needs_help, v < sensitivity, v < 1.0 - specificity)
    return needs_help, flagged


def simulate(scenario: Scenario) -> Population:
    """Draw a population of ``scenario.population`` people with the scenario's seed.

    Person i needs help when u_i < prevalence, and is flagged when
    v_i < sensitivity (if they need help) or v_i < 1 - specificity (if not),
    with u, v uniform draws fixed by the seed.
    """
    check_instance("scenario", scenario, Scenario)
    u, v = draw_uniforms(scenario.population, scenario.seed)
    needs_help, flagged = assign(u, v, scenario.prevalence, scenario.sensitivity, scenario.specificity)
    return Population(scenario, needs_help, flagged)


def round_half_up(x: float) -> int:
    """``x`` rounded to the nearest whole number, halves rounded up (2.5 -> 3, -2.5 -> -2)."""
    x = check_real("x", x)
    return int(math.floor(x + 0.5))


def natural_frequency_counts(scenario: Scenario) -> Counts:
    """Expected counts rounded to whole people, as a teacher would say them.

    The number who need help is rounded first, then the flagged among each
    group, so the words "100 need help; 88 of them are flagged" always add up.
    """
    check_instance("scenario", scenario, Scenario)
    n = scenario.population
    pos = round_half_up(n * scenario.prevalence)
    neg = n - pos
    tp = round_half_up(pos * scenario.sensitivity)
    tn = round_half_up(neg * scenario.specificity)
    return Counts(tp=tp, fn=pos - tp, fp=neg - tn, tn=tn)


def natural_frequencies(scenario: Scenario, *, grouped: bool = True) -> Population:
    """A population whose counts equal :func:`natural_frequency_counts`.

    With ``grouped=True`` people are ordered by outcome (correctly flagged,
    missed, false alarms, correctly cleared), as in an icon array; otherwise
    they are shuffled with the scenario's seed.
    """
    check_instance("scenario", scenario, Scenario)
    return population_from_counts(natural_frequency_counts(scenario), scenario, grouped=grouped)


def population_from_counts(counts: Counts, scenario: Scenario, *, grouped: bool = True) -> Population:
    """People laid out to match whole-number ``counts`` (grouped by outcome, or shuffled by the seed)."""
    check_instance("counts", counts, Counts)
    check_instance("scenario", scenario, Scenario)
    sizes = [int(round(x)) for x in (counts.tp, counts.fn, counts.fp, counts.tn)]
    codes = np.repeat(np.arange(4, dtype=np.int8), sizes)
    if not grouped:
        generator("population order", scenario.seed).shuffle(codes)
    needs_help = codes <= 1
    flagged = (codes == 0) | (codes == 2)
    return Population(scenario, needs_help, flagged)


def counts_in_marks(counts: Counts, marks: int) -> Counts:
    """Share ``marks`` icons among the four outcomes in proportion to ``counts``.

    Largest-remainder (Hamilton) rounding: the marks always add up to ``marks``,
    each outcome gets its exact share rounded down or up (never further off than
    one mark), an outcome with at least one mark's worth of people always gets a
    mark, and an outcome with no people gets none. An outcome with between half a
    mark and one mark's worth may get none when the marks run out: counts
    (6, 6, 8, 0) in 2 marks give (1, 0, 1, 0), because the exact shares
    (0.6, 0.6, 0.8, 0) have only two marks between them.
    """
    check_instance("counts", counts, Counts)
    from ..checks import check_int

    marks = check_int("marks", marks, low=1, high=100_000)
    values = np.array([counts.tp, counts.fn, counts.fp, counts.tn], dtype=float)
    total = values.sum()
    if total <= 0:
        raise ValueError(f"counts must include at least one person; got {total!r}")
    exact = values * marks / total
    whole = np.floor(exact).astype(int)
    short = marks - int(whole.sum())
    order = np.argsort(-(exact - whole), kind="stable")
    whole[order[:short]] += 1
    return Counts(*map(int, whole))
