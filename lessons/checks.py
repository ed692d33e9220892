"""Input checks shared by every public function.

Each check raises ``ValueError`` whose message names the parameter, the value
it received and the range it accepts, so a learner who types a wrong number
into a cell sees at once what to change.
"""

from __future__ import annotations

import math
import numbers
import sys

MAX_POPULATION = 10_000_000
"""Largest population the simulator accepts (one entry per person in memory)."""

MAX_SEED = 2**32 - 1

SMALLEST_NORMAL = sys.float_info.min
"""About 2.2e-308. Numbers closer to 0 than this (subnormal doubles) keep too few significant
digits for the kit's arithmetic: 1000 x 5e-324 x 0.16 and 1000 x 5e-324 x 0.84 are rounded
to a few bits each, so their ratio is no longer 0.16. Shares that scale expected counts
(prevalences and their changes) are read as 0 there, with :func:`flush_subnormal`."""


def flush_subnormal(value: float) -> float:
    """``value``, or 0.0 if it is a non-zero number closer to 0 than :data:`SMALLEST_NORMAL`."""
    return 0.0 if value != 0.0 and abs(value) < SMALLEST_NORMAL else value


def _describe(value) -> str:
    return repr(value)


def check_probability(name: str, value, *, low: float = 0.0, high: float = 1.0) -> float:
    """Return ``value`` as a float if it is a real number in [low, high].

    >>> check_probability("prevalence", 0.1)
    0.1
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(
            f"{name} must be a number from {low:g} to {high:g}; got {_describe(value)}"
        )
    value = float(value)
    if math.isnan(value) or not (low <= value <= high):
        raise ValueError(f"{name} must be from {low:g} to {high:g}; got {value!r}")
    return value


def check_real(
    name: str,
    value,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a finite float inside the given (optionally open) range."""
    lo_b = "(" if low_open else "["
    hi_b = ")" if high_open else "]"
    allowed = f"in {lo_b}{low:g}, {high:g}{hi_b}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number {allowed}; got {_describe(value)}")
    value = float(value)
    too_low = value <= low if low_open else value < low
    too_high = value >= high if high_open else value > high
    if math.isnan(value) or math.isinf(value) or too_low or too_high:
        raise ValueError(f"{name} must be a number {allowed}; got {value!r}")
    return value


def check_int(name: str, value, *, low: int = 0, high: int | None = None) -> int:
    """Return ``value`` as an int if it is a whole number in [low, high]."""
    allowed = f"from {low:,} to {high:,}" if high is not None else f"of at least {low:,}"
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number {allowed}; got {value!r}")
    if isinstance(value, numbers.Integral):
        value = int(value)
    elif isinstance(value, numbers.Real) and float(value).is_integer():
        value = int(value)
    else:
        raise ValueError(f"{name} must be a whole number {allowed}; got {_describe(value)}")
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be a whole number {allowed}; got {value:,}")
    return value


def check_population(value, name: str = "population") -> int:
    """A number of people: 1 to ``MAX_POPULATION``."""
    return check_int(name, value, low=1, high=MAX_POPULATION)


def check_seed(value, name: str = "seed") -> int:
    """A seed for the random generator: a whole number from 0 to 2**32 - 1."""
    return check_int(name, value, low=0, high=MAX_SEED)


def check_choice(name: str, value, choices) -> str:
    """Return ``value`` if it is one of ``choices``."""
    choices = tuple(choices)
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {listed}; got {_describe(value)}")
    return value
