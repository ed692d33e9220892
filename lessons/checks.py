"""Input checks shared by every public function.

Each check raises ``ValueError`` whose message names the parameter, the value
it received and the range it accepts, so a learner who types a wrong number
into a cell sees at once what to change.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import sys

import numpy as np

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


def _check_name(name) -> None:
    """The parameter name a check reports: a non-empty text."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a text naming the value checked; got {_describe(name)[:60]}")


def _check_bounds(low, high, *, finite: bool) -> None:
    """``low`` and ``high`` of a range: numbers, low <= high; infinite only as an open end (unless ``finite``)."""
    for which, bound in (("low", low), ("high", high)):
        if isinstance(bound, bool) or not isinstance(bound, numbers.Real) or math.isnan(bound):
            raise ValueError(f"{which} must be a number; got {_describe(bound)[:60]}")
        if finite and math.isinf(bound):
            raise ValueError(f"{which} must be a finite number; got {bound!r}")
    if low == math.inf:
        raise ValueError(f"low must be a number below +inf; got {low!r}")
    if high == -math.inf:
        raise ValueError(f"high must be a number above -inf; got {high!r}")
    if low > high:
        raise ValueError(f"high must be at least low ({low:g}); got {high:g}")


def _check_whole_bound(which: str, bound) -> int:
    if isinstance(bound, bool) or not isinstance(bound, numbers.Real) or not math.isfinite(bound) \
            or not float(bound).is_integer():
        raise ValueError(f"{which} must be a whole number; got {_describe(bound)[:60]}")
    return int(bound)


def check_probability(name: str, value, *, low: float = 0.0, high: float = 1.0) -> float:
    """Return ``value`` as a float if it is a real number in [low, high].

    >>> check_probability("prevalence", 0.1)
    0.1
    """
    _check_name(name)
    _check_bounds(low, high, finite=True)
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
    """Return ``value`` as a finite float inside the given (optionally open) range.

    An infinite ``low`` (-inf) or ``high`` (+inf) leaves that end of the range open.
    """
    _check_name(name)
    _check_bounds(low, high, finite=False)
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
    _check_name(name)
    low = _check_whole_bound("low", low)
    if high is not None:
        high = _check_whole_bound("high", high)
        if high < low:
            raise ValueError(f"high must be at least low ({low:,}); got {high:,}")
    allowed = f"from {low:,} to {high:,}" if high is not None else f"of at least {low:,}"
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number {allowed}; got {value!r}")
    if isinstance(value, numbers.Integral) or (isinstance(value, numbers.Real) and float(value).is_integer()):
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
    _check_name(name)
    if isinstance(choices, (str, bytes)) or not isinstance(choices, (list, tuple, set, frozenset, dict)):
        raise ValueError(f"choices must be a list of the allowed values; got {_describe(choices)[:60]}")
    choices = tuple(choices)
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {listed}; got {_describe(value)}")
    return value


def check_instance(name: str, value, kind: type):
    """Return ``value`` if it is a ``kind`` (e.g. a Scenario); otherwise a ValueError naming ``name``."""
    _check_name(name)
    if not isinstance(kind, type):
        raise ValueError(f"kind must be a class; got {_describe(kind)[:60]}")
    if not isinstance(value, kind):
        raise ValueError(f"{name} must be a {kind.__name__}; got {type(value).__name__} {_describe(value)[:60]}")
    return value


def check_array(
    name: str,
    values,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    whole: bool = False,
    allow_inf: bool = False,
    ndim: int | None = None,
    min_size: int = 0,
    scalar: bool = False,
) -> np.ndarray:
    """Return ``values`` as a float array of numbers from ``low`` to ``high``.

    Refuses text, booleans, objects, NaN and (unless ``allow_inf``) infinities, with a
    ValueError naming ``name``, the value and the allowed range. ``whole``: whole numbers
    only. ``ndim``: required number of dimensions (1 for a list). ``scalar``: a single
    number is accepted too (returned as a 0-d array).
    """
    _check_name(name)
    _check_bounds(low, high, finite=False)
    min_size = _check_whole_bound("min_size", min_size)
    if min_size < 0:
        raise ValueError(f"min_size must be a whole number of at least 0; got {min_size}")
    kind = "whole numbers" if whole else "numbers"
    if math.isfinite(low) and math.isfinite(high):
        allowed = f"{kind} from {low:,g} to {high:,g}"
    elif math.isfinite(low):
        allowed = f"{kind} of at least {low:,g}"
    elif math.isfinite(high):
        allowed = f"{kind} of at most {high:,g}"
    else:
        allowed = f"finite {kind}"
    if isinstance(values, (str, bytes, bool)) or values is None:
        raise ValueError(f"{name} must be {'a number or ' if scalar else ''}an array of {allowed}; "
                         f"got {_describe(values)[:60]}")
    try:
        raw = np.asarray(values)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of {allowed}; got {_describe(values)[:60]}") from None
    if raw.dtype.kind not in "iuf" and not (raw.dtype.kind == "O" and raw.size == 0):
        raise ValueError(f"{name} must be an array of {allowed}; got {_describe(values)[:60]}")
    arr = raw.astype(float)
    if arr.ndim == 0 and not scalar:
        raise ValueError(f"{name} must be an array of {allowed}, not a single number; got {_describe(values)[:60]}")
    if ndim is not None and arr.ndim != ndim and not (scalar and arr.ndim == 0):
        raise ValueError(f"{name} must be a {ndim}-dimensional array of {allowed}; got shape {arr.shape}")
    if arr.size < min_size:
        raise ValueError(f"{name} must hold at least {min_size} value{'s' if min_size != 1 else ''}; "
                         f"got {arr.size}")
    flat = arr.ravel()
    bad = np.isnan(flat) | (flat < low) | (flat > high)
    if not allow_inf:
        bad |= np.isinf(flat)
    if whole:
        bad |= np.isfinite(flat) & (flat != np.round(flat))
    if np.any(bad):
        raise ValueError(f"{name} values must be {allowed}; got {float(flat[bad][0])!r}")
    return arr


def check_text(name: str, value) -> str:
    """Return ``value`` if it is a text with something in it besides spaces."""
    _check_name(name)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty text; got {_describe(value)[:60]}")
    return value


def check_bool(name: str, value) -> bool:
    """Return ``value`` if it is True or False (not 0, 1 or a text)."""
    _check_name(name)
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False; got {_describe(value)[:60]}")
    return bool(value)


# -- validated frozen dataclasses ---------------------------------------------------------------

REQUIRED = dataclasses.MISSING
"""The ``default`` of :func:`checked` for a field the caller must give."""

_RULE = "lessons.checks.rule"


@dataclasses.dataclass(frozen=True)
class _Rule:
    """How :class:`Checked` checks one field: ``check(name, value, **options)``.

    optional: None is allowed too (and kept). store: keep what the check returns (e.g. 3 -> 3.0);
    False checks only. after: applied to the checked value before it is stored (e.g. :func:`flush_subnormal`).
    """

    check: object
    options: tuple = ()
    optional: bool = False
    store: bool = True
    after: object = None

    def apply(self, name: str, value):
        if value is None and self.optional:
            return None
        checked_value = self.check(name, value, **dict(self.options))
        return self.after(checked_value) if self.after is not None else checked_value


def checked(default=REQUIRED, check=None, *, optional: bool = False, store: bool = True, after=None,
            **options):
    """A dataclass field of a :class:`Checked` class whose value ``check(name, value, **options)`` validates.

    >>> import dataclasses
    >>> @dataclasses.dataclass(frozen=True)
    ... class Share(Checked):
    ...     prevalence: float = checked(0.1, check_probability)
    >>> Share(1).prevalence
    1.0
    """
    if not callable(check):
        raise ValueError(f"check must be a function such as check_probability; got {_describe(check)[:60]}")
    if after is not None and not callable(after):
        raise ValueError(f"after must be a function or None; got {_describe(after)[:60]}")
    rule = _Rule(check, tuple(options.items()), bool(optional), bool(store), after)
    metadata = {_RULE: rule}
    if default is REQUIRED:
        return dataclasses.field(metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def rules(kind) -> tuple[tuple[str, _Rule], ...]:
    """``(field name, rule)`` for every :func:`checked` field of a dataclass, in field order."""
    if not (isinstance(kind, type) and dataclasses.is_dataclass(kind)):
        raise ValueError(f"kind must be a dataclass class; got {_describe(kind)[:60]}")
    found = kind.__dict__.get("_checked_rules")
    if found is None:
        found = tuple((f.name, f.metadata[_RULE]) for f in dataclasses.fields(kind) if _RULE in f.metadata)
        kind._checked_rules = found  # a class attribute, not a field: pickling, equality and hash are unchanged
    return found


class Checked:
    """Base of frozen dataclasses whose fields check themselves when an object is made.

    Every field made with :func:`checked` is validated (and stored as its check returns it), in field
    order; then :meth:`_check` runs, for rules between fields (for example ``low < high``). :meth:`with_`
    makes a copy with some fields changed, checked the same way.
    """

    def __post_init__(self):
        for name, rule in rules(type(self)):
            value = rule.apply(name, getattr(self, name))
            if rule.store:
                object.__setattr__(self, name, value)
        self._check()

    def _check(self) -> None:
        """Rules between fields; a subclass overrides this (it runs after every field is checked)."""

    def with_(self, **changes):
        """A copy with some fields changed (checked like the original)."""
        names = [f.name for f in dataclasses.fields(self) if f.init]
        unknown = [name for name in changes if name not in names]
        if unknown:
            raise ValueError(f"{type(self).__name__} has no field{'s' if len(unknown) > 1 else ''} "
                             f"{', '.join(unknown)}; its fields are {', '.join(names)}")
        return dataclasses.replace(self, **changes)
