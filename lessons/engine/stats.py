"""The shared statistics helpers: normal tails and quantiles, binomial terms.

Every module of the engine takes its normal distribution and its binomial
probabilities from here, so there is one formula for each and one place to test it.

* :func:`normal_cdf` Phi(x) and :func:`normal_sf` 1 - Phi(x), for a number or an array;
* :func:`normal_quantile` Phi^-1(p) for 0 < p < 1, and :func:`probit`, the same kept
  finite at p = 0 and p = 1;
* :func:`binomial_pmf` exact Binomial(n, p) probabilities and :func:`log_factorials`.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from ..checks import check_int, check_probability, check_real

_STANDARD = NormalDist()
_erf = np.frompyfunc(math.erf, 1, 1)

PROBIT_EDGE = 1e-9
""":func:`probit` treats probabilities closer than this to 0 or 1 as this close (keeps it finite)."""

MAX_BINOMIAL_N = 1_000_000
"""Largest number of trials :func:`binomial_pmf` accepts."""


def _real_or_array(name: str, x):
    """A finite number, or an array of finite numbers (ValueError naming ``name`` otherwise)."""
    if np.ndim(x) == 0:
        return check_real(name, x)
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of finite numbers; got {x!r}") from None
    if not np.all(np.isfinite(a)):
        bad = a[~np.isfinite(a)][0]
        raise ValueError(f"{name} values must be finite numbers; got {float(bad)!r}")
    return a


def normal_cdf(x):
    """Standard normal cumulative distribution Phi(x), for a finite number or an array of them."""
    x = _real_or_array("x", x)
    if np.ndim(x) == 0:
        return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))
    return 0.5 * (1.0 + _erf(x / math.sqrt(2.0)).astype(float))


def normal_sf(x):
    """Upper tail of the standard normal, 1 - Phi(x), for a finite number or an array of them."""
    return 1.0 - normal_cdf(x)


def normal_quantile(p: float) -> float:
    """Inverse of :func:`normal_cdf`: the x with Phi(x) = p, for 0 < p < 1."""
    p = check_real("p", p, low=0.0, high=1.0, low_open=True, high_open=True)
    return _STANDARD.inv_cdf(p)


def probit(probability: float, name: str = "probability") -> float:
    """Phi^-1 of a probability from 0 to 1, kept finite: values within :data:`PROBIT_EDGE` of 0 or 1
    are moved to that distance (so probit(0) is about -6.0 and probit(1) about 6.0)."""
    p = check_probability(name, probability)
    return _STANDARD.inv_cdf(min(max(p, PROBIT_EDGE), 1.0 - PROBIT_EDGE))


def log_factorials(n: int) -> np.ndarray:
    """log(0!), log(1!), ..., log(n!) for n from 0 to 1,000,000."""
    n = check_int("n", n, low=0, high=MAX_BINOMIAL_N)
    return np.concatenate(([0.0], np.cumsum(np.log(np.arange(1, n + 1)))))


def binomial_pmf(n: int, p: float) -> np.ndarray:
    """Exact Binomial(n, p) probabilities of 0, 1, ..., n successes (array of n + 1 shares).

    n: trials, 0 to 1,000,000; p: success chance, 0 to 1. Computed on the log scale, so large n
    does not overflow.
    """
    n = check_int("n", n, low=0, high=MAX_BINOMIAL_N)
    p = check_probability("p", p)
    if p == 0.0 or p == 1.0:
        pmf = np.zeros(n + 1)
        pmf[0 if p == 0.0 else n] = 1.0
        return pmf
    k = np.arange(n + 1)
    log_fact = log_factorials(n)
    log_pmf = log_fact[n] - log_fact - log_fact[n - k] + k * math.log(p) + (n - k) * math.log1p(-p)
    return np.exp(log_pmf)
