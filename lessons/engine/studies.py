"""Validation studies: why published "accuracy" figures spread so widely, and what one figure hides.

A *validation study* tests a detection tool on ``study_size`` people and reports
the share of calls it got right (its measured accuracy). This module draws many
such studies from one true model and shows how far their accuracies scatter.

Two sources of spread:

* **Sampling noise.** With people independent, the number of correct calls in a
  study is Binomial(n, acc), where ``acc = p*sens + (1 - p)*spec``. Measured
  accuracy then has mean ``acc`` and variance ``acc*(1 - acc)/n``.
* **Between-study heterogeneity.** Real studies differ in the system, the
  training data and the people tested. Here each study gets its own score
  separation (how well the tool separates people who need help from the others,
  on the binormal scale of :class:`lessons.engine.scenario.ScoreModel`) and its own
  prevalence (its case mix), each varying with a standard deviation.

The heterogeneity model: the true operating point (sensitivity, specificity)
fixes a separation ``d = Phi^-1(spec) + Phi^-1(sens)`` and a threshold placed
``c = Phi^-1(spec) - d/2`` above the midpoint of the two groups' centres.
Study k has separation ``d_k = max(d + separation_sd * z_k, 0)`` (no published
system is worse than a coin toss) with the threshold at the same place relative
to the midpoint, so
``spec_k = Phi(c + d_k/2)`` and ``sens_k = Phi(d_k/2 - c)``: a better-separating
study gains both sensitivity and specificity. Its prevalence is
``logit(p_k) = logit(p) + prevalence_sd * w_k``. With both SDs at 0 every study
has the true model.

The module also holds the closed forms a single accuracy figure hides: PPV, NPV
and accuracy against prevalence, and the "accuracy paradox" of a tool that never
flags anyone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..checks import (
    MAX_SEED,
    Checked,
    check_array,
    check_instance,
    check_int,
    check_probability,
    check_real,
    checked,
)
from .metrics import Counts, Rate
from .scenario import DEFAULT_SEED
from .stats import binomial_pmf, normal_cdf, probit
from .streams import generator

MAX_STUDY_SIZE = 100_000
"""Largest number of people in one simulated study."""

MAX_STUDIES = 20_000
"""Largest number of simulated studies in one sample."""

MAX_SD = 3.0
"""Largest between-study SD accepted (separation on the binormal scale; prevalence on the log-odds scale)."""

ARTICLE_LOW, ARTICLE_HIGH = 0.62, 0.92
"""The article's claimed range of detection accuracy (its reading of Graham et al. 2019)."""

REVIEW_STUDIES = 28
"""Number of studies in the review by Graham et al. (2019)."""

# -- closed forms ---------------------------------------------------------------

def expected_accuracy(prevalence: float, sensitivity: float, specificity: float) -> float:
    """Share of calls that are right: ``p*sens + (1 - p)*spec`` (all inputs 0 to 1)."""
    p = check_probability("prevalence", prevalence)
    sens = check_probability("sensitivity", sensitivity)
    spec = check_probability("specificity", specificity)
    return p * sens + (1.0 - p) * spec


def sampling_sd(accuracy: float, study_size: int) -> float:
    """Standard deviation of measured accuracy from sampling alone: ``sqrt(acc*(1 - acc)/n)``.

    accuracy: true share of right calls, 0 to 1; study_size: people per study, 1 to 100,000.
    Returns a share (0 to 0.5), not percentage points.
    """
    acc = check_probability("accuracy", accuracy)
    n = check_int("study_size", study_size, low=1, high=MAX_STUDY_SIZE)
    return math.sqrt(acc * (1.0 - acc) / n)


def chance_outside(accuracy: float, study_size: int, low: float = ARTICLE_LOW,
                   high: float = ARTICLE_HIGH) -> tuple[float, float]:
    """Exact chances that one study measures accuracy at or below ``low`` and at or above ``high``.

    Sampling noise only (no heterogeneity): correct calls ~ Binomial(n, accuracy).
    Returns (chance at or below low, chance at or above high), each 0 to 1.
    """
    accuracy = check_probability("accuracy", accuracy)
    study_size = check_int("study_size", study_size, low=0, high=MAX_STUDY_SIZE)
    low, high = _check_band(low, high)
    pmf = binomial_pmf(study_size, accuracy)
    measured = np.arange(pmf.size) / (pmf.size - 1) if pmf.size > 1 else np.zeros(1)
    tol = 1e-12
    return float(pmf[measured <= low + tol].sum()), float(pmf[measured >= high - tol].sum())


def chance_to_span(accuracy: float, study_size: int, studies: int, low: float = ARTICLE_LOW,
                   high: float = ARTICLE_HIGH) -> float:
    """Exact chance that ``studies`` independent studies include one at or below ``low`` and one at or above ``high``.

    Sampling noise only. With a = P(one study <= low) and b = P(one study >= high), this equals
    ``1 - (1 - a)^K - (1 - b)^K + (1 - a - b)^K``, but that form cancels to 0 in floating point
    when a or b is tiny. So it is summed over the number i >= 1 of studies at or below ``low``:
    P(i such studies) x P(at least one of the other K - i at or above ``high`` | not at or below),
    a sum of positive terms. The event is possible whenever K >= 2 and 0 < accuracy < 1, so then
    the answer is never 0: a chance below double precision comes back as the smallest positive float.
    """
    k = check_int("studies", studies, low=1, high=MAX_STUDIES)
    accuracy = check_probability("accuracy", accuracy)
    a, b = chance_outside(accuracy, study_size, low, high)
    if k < 2 or study_size == 0 or accuracy in (0.0, 1.0):
        return 0.0  # impossible: one study cannot be both, or every study measures the same
    chance = 0.0
    if 0.0 < a < 1.0 and b > 0.0:  # otherwise a or b underflowed: possible, but below double precision
        lows = binomial_pmf(k, a)[1:]  # P(i studies at or below low), i = 1 ... K
        rest = k - np.arange(1, k + 1)
        q = min(b / (1.0 - a), 1.0)
        some_high = -np.expm1(rest * math.log1p(-q)) if q < 1.0 else (rest > 0).astype(float)
        chance = float(np.sum(lows * some_high))
    return min(max(chance, _TINY), 1.0)


_TINY = float(np.nextafter(0.0, 1.0))


def largest_spanning_study_size(accuracy: float, studies: int, chance: float = 0.5,
                                low: float = ARTICLE_LOW, high: float = ARTICLE_HIGH,
                                search_up_to: int = 2_000) -> int | None:
    """Largest study size n (1 to ``search_up_to``) at which sampling noise alone spans low..high
    with at least the given chance; None if no size in that range does.

    Small studies are noisy, so the answer says how small studies must be before
    chance alone produces a range as wide as the article's.
    """
    chance = check_probability("chance", chance)
    top = check_int("search_up_to", search_up_to, low=1, high=10_000)
    found = None
    for n in range(1, top + 1):
        if chance_to_span(accuracy, n, studies, low, high) >= chance:
            found = n
    return found


@dataclass(frozen=True)
class PredictiveValues:
    """PPV, NPV and accuracy of one tool over a range of prevalences (arrays of shares 0 to 1).

    ``ppv`` is None where nobody is flagged and ``npv`` is None where everybody is
    flagged (lists, so a plot shows a gap and no NaN appears).
    """

    prevalence: np.ndarray
    sensitivity: float
    specificity: float
    ppv: list
    npv: list
    accuracy: np.ndarray
    balanced_accuracy: float


def predictive_values(prevalence, sensitivity: float, specificity: float) -> PredictiveValues:
    """PPV = p*sens / (p*sens + (1 - p)*(1 - spec)), NPV and accuracy at each prevalence.

    prevalence: a number or an array of shares from 0 to 1.
    """
    sens = check_probability("sensitivity", sensitivity)
    spec = check_probability("specificity", specificity)
    p = np.atleast_1d(check_array("prevalence", prevalence, low=0.0, high=1.0, scalar=True, min_size=1))
    flagged = p * sens + (1 - p) * (1 - spec)
    cleared = p * (1 - sens) + (1 - p) * spec
    ppv = [float(p_i * sens / f) if f > 0 else None for p_i, f in zip(p, flagged)]
    npv = [float((1 - p_i) * spec / c) if c > 0 else None for p_i, c in zip(p, cleared)]
    return PredictiveValues(p, sens, spec, ppv, npv, p * sens + (1 - p) * spec, (sens + spec) / 2)


def log_prevalence_grid(low: float = 0.001, high: float = 0.5, points: int = 121) -> np.ndarray:
    """Prevalences evenly spaced on a log scale from ``low`` to ``high`` (0 < low < high <= 1)."""
    low = check_real("low", low, low=0.0, high=1.0, low_open=True)
    high = check_real("high", high, low=low, high=1.0, low_open=True)
    points = check_int("points", points, low=2, high=10_000)
    return np.geomspace(low, high, points)


def always_no_counts(prevalence: float, population: int = 1000) -> Counts:
    """Expected counts for a "tool" that never flags anyone: every person in need is missed."""
    p = check_probability("prevalence", prevalence)
    n = check_int("population", population, low=1, high=10_000_000)
    return Counts(tp=0.0, fn=n * p, fp=0.0, tn=n * (1 - p))


def always_no_wins_below(sensitivity: float, specificity: float) -> Rate:
    """Prevalence below which a tool that never flags anyone has *higher accuracy* than this tool.

    Solving ``p*sens + (1 - p)*spec = 1 - p`` gives ``p* = (1 - spec) / (1 - spec + sens)``.
    Returned as a :class:`Rate`: undefined (in words) when the tool never flags anyone
    (sensitivity 0, specificity 1), because then the two tools are the same.
    """
    sens = check_probability("sensitivity", sensitivity)
    spec = check_probability("specificity", specificity)
    return Rate("prevalence where the tool and 'always no' tie", 1.0 - spec, 1.0 - spec + sens,
                "this tool never flags anyone, so it is the 'always no' tool")


# -- the validation-study sampler -------------------------------------------------

@dataclass(frozen=True)
class StudyDesign(Checked):
    """Many validation studies of one tool.

    prevalence: share who need help in the true model, 0 to 1.
    sensitivity, specificity: the tool's true operating point, 0 to 1 each.
    study_size: people in each study, 1 to 100,000.
    studies: number of studies, 1 to 20,000.
    separation_sd: between-study SD of the score separation (binormal scale), 0 to 3.
    prevalence_sd: between-study SD of the prevalence on the log-odds scale, 0 to 3.
    seed: seed of the random generator, 0 to 2**32 - 1.
    """

    prevalence: float = checked(0.10, check_probability)
    sensitivity: float = checked(0.88, check_probability)
    specificity: float = checked(0.85, check_probability)
    study_size: int = checked(100, check_int, low=1, high=MAX_STUDY_SIZE)
    studies: int = checked(REVIEW_STUDIES, check_int, low=1, high=MAX_STUDIES)
    separation_sd: float = checked(0.0, check_real, low=0.0, high=MAX_SD)
    prevalence_sd: float = checked(0.0, check_real, low=0.0, high=MAX_SD)
    seed: int = checked(DEFAULT_SEED, check_int, low=0, high=MAX_SEED)

    @property
    def accuracy(self) -> float:
        """True accuracy of the tool in the true model."""
        return expected_accuracy(self.prevalence, self.sensitivity, self.specificity)

    @property
    def heterogeneous(self) -> bool:
        return self.separation_sd > 0 or self.prevalence_sd > 0

    @property
    def sampling_sd(self) -> float:
        """SD of measured accuracy from sampling alone (share, 0 to 0.5)."""
        return sampling_sd(self.accuracy, self.study_size)


@dataclass(frozen=True)
class Spread:
    """Summary of measured values over the studies where they are defined (shares 0 to 1)."""

    count: int
    minimum: float
    p5: float
    p25: float
    median: float
    p75: float
    p95: float
    maximum: float
    mean: float
    sd: float

    @property
    def width(self) -> float:
        """Maximum minus minimum (share)."""
        return self.maximum - self.minimum


def spread_of(values) -> Spread | None:
    """Minimum, percentiles (5, 25, 50, 75, 95), maximum, mean and SD; None for no values."""
    v = check_array("values", values, allow_inf=True)
    if v.size == 0:
        return None
    if not np.all(np.isfinite(v)):
        raise ValueError("values must be finite numbers; got a NaN or infinite value")
    q = np.percentile(v, [5, 25, 50, 75, 95])
    sd = float(v.std(ddof=1)) if v.size > 1 else 0.0
    return Spread(int(v.size), float(v.min()), *map(float, q), float(v.max()), float(v.mean()), sd)


@dataclass(frozen=True)
class StudyRate:
    """One measured rate across many studies: ``numerator / denominator`` per study.

    A study whose denominator is zero (PPV when nobody was flagged) has no value;
    ``values`` holds only the defined ones and ``undefined`` counts the others.
    """

    name: str
    numerator: np.ndarray
    denominator: np.ndarray
    undefined_reason: str

    @property
    def defined(self) -> np.ndarray:
        return self.denominator > 0

    @property
    def values(self) -> np.ndarray:
        mask = self.defined
        return self.numerator[mask] / self.denominator[mask]

    @property
    def undefined(self) -> int:
        return int(self.denominator.size - np.count_nonzero(self.defined))

    def spread(self) -> Spread | None:
        return spread_of(self.values)

    def describe(self) -> str:
        """One sentence: the range of the rate, and how many studies could not measure it."""
        total = self.denominator.size
        s = self.spread()
        if s is None:
            return (f"{self.name}: undefined in all {total:,} studies ({self.undefined_reason}).")
        text = (f"{self.name}: from {100 * s.minimum:.1f}% to {100 * s.maximum:.1f}% "
                f"(middle 90% of studies: {100 * s.p5:.1f}% to {100 * s.p95:.1f}%)")
        if self.undefined:
            text += (f"; undefined in {self.undefined:,} of {total:,} "
                     f"{'study' if total == 1 else 'studies'} ({self.undefined_reason})")
        return text + "."


@dataclass(frozen=True)
class StudySample:
    """The results of every simulated study (arrays with one entry per study)."""

    design: StudyDesign
    true_prevalence: np.ndarray
    true_sensitivity: np.ndarray
    true_specificity: np.ndarray
    tp: np.ndarray
    fn: np.ndarray
    fp: np.ndarray
    tn: np.ndarray

    @property
    def true_accuracy(self) -> np.ndarray:
        """Each study's own true accuracy (differs between studies only with heterogeneity)."""
        p = self.true_prevalence
        return p * self.true_sensitivity + (1 - p) * self.true_specificity

    @property
    def correct(self) -> np.ndarray:
        return self.tp + self.tn

    @property
    def accuracy(self) -> StudyRate:
        return StudyRate("measured accuracy", self.correct, self.tp + self.fn + self.fp + self.tn,
                         "nobody was studied")

    @property
    def sensitivity(self) -> StudyRate:
        return StudyRate("measured sensitivity", self.tp, self.tp + self.fn, "nobody in the study needed help")

    @property
    def specificity(self) -> StudyRate:
        return StudyRate("measured specificity", self.tn, self.tn + self.fp,
                         "everybody in the study needed help")

    @property
    def ppv(self) -> StudyRate:
        return StudyRate("measured PPV", self.tp, self.tp + self.fp, "nobody was flagged")

    @property
    def npv(self) -> StudyRate:
        return StudyRate("measured NPV", self.tn, self.tn + self.fn, "everybody was flagged")

    @property
    def measured_accuracy(self) -> np.ndarray:
        """Measured accuracy of every study (always defined: each study has at least one person)."""
        return self.accuracy.values

    def counts(self, study: int) -> Counts:
        """The four outcome counts of one study (0-based index)."""
        i = check_int("study", study, low=0, high=self.design.studies - 1)
        return Counts(int(self.tp[i]), int(self.fn[i]), int(self.fp[i]), int(self.tn[i]))

    def share_between(self, low: float = ARTICLE_LOW, high: float = ARTICLE_HIGH) -> float:
        """Share of studies whose measured accuracy is from ``low`` to ``high`` inclusive."""
        low, high = _check_band(low, high)
        acc = self.measured_accuracy
        return float(np.mean((acc >= low - 1e-12) & (acc <= high + 1e-12)))

    def spans(self, low: float = ARTICLE_LOW, high: float = ARTICLE_HIGH) -> bool:
        """True if some study measured at or below ``low`` and some at or above ``high``."""
        low, high = _check_band(low, high)
        acc = self.measured_accuracy
        return bool(acc.min() <= low + 1e-12 and acc.max() >= high - 1e-12)


def study_parameters(design: StudyDesign, z_separation, z_prevalence):
    """Each study's true (prevalence, sensitivity, specificity) from standard-normal draws.

    Implements the heterogeneity model in the module docstring; with both SDs 0
    every study gets the design's operating point exactly.
    """
    check_instance("design", design, StudyDesign)
    z_sep = check_array("z_separation", z_separation, ndim=1)
    z_prev = check_array("z_prevalence", z_prevalence, ndim=1)
    if z_prev.size != z_sep.size:
        raise ValueError(f"z_prevalence must hold one draw per study ({z_sep.size}); got {z_prev.size}")
    k = z_sep.size
    if design.separation_sd > 0:
        probit_spec = probit(design.specificity)
        probit_sens = probit(design.sensitivity)
        d = probit_spec + probit_sens
        c = probit_spec - d / 2
        d_k = np.maximum(d + design.separation_sd * z_sep, 0.0)
        spec_k = normal_cdf(c + d_k / 2)
        sens_k = normal_cdf(d_k / 2 - c)
    else:
        spec_k = np.full(k, design.specificity)
        sens_k = np.full(k, design.sensitivity)
    p = design.prevalence
    if design.prevalence_sd > 0 and 0.0 < p < 1.0:
        logit = math.log(p / (1 - p)) + design.prevalence_sd * z_prev
        prev_k = np.exp(-np.logaddexp(0.0, -logit))  # the logistic function, without overflow
    else:
        prev_k = np.full(k, p)
    return prev_k, sens_k, spec_k


def simulate_studies(design: StudyDesign) -> StudySample:
    """Draw ``design.studies`` validation studies of ``design.study_size`` people each.

    Per study: people who need help ~ Binomial(n, p_k); correctly flagged ~
    Binomial(those, sens_k); correctly cleared ~ Binomial(the others, spec_k).
    Vectorised over studies; the same seed gives the same studies.
    """
    if not isinstance(design, StudyDesign):
        raise ValueError(f"design must be a StudyDesign; got {type(design).__name__}")
    rng = generator("studies", design.seed)
    k, n = design.studies, design.study_size
    z_sep = rng.standard_normal(k)
    z_prev = rng.standard_normal(k)
    prev_k, sens_k, spec_k = study_parameters(design, z_sep, z_prev)
    need_help = rng.binomial(n, prev_k)
    tp = rng.binomial(need_help, sens_k)
    tn = rng.binomial(n - need_help, spec_k)
    return StudySample(design, prev_k, sens_k, spec_k,
                       tp=tp, fn=need_help - tp, fp=n - need_help - tn, tn=tn)


def expected_accuracy_variance(sample: StudySample) -> float:
    """Variance of measured accuracy predicted by the law of total variance.

    ``Var = mean(acc_k*(1 - acc_k))/n + var(acc_k)``, over the studies' own true
    accuracies acc_k: sampling noise plus between-study heterogeneity.
    """
    check_instance("sample", sample, StudySample)
    acc_k = sample.true_accuracy
    n = sample.design.study_size
    return float(np.mean(acc_k * (1 - acc_k)) / n + np.var(acc_k))


def histogram(values, low: float = 0.0, high: float = 1.0, bins: int = 50):
    """Counts of values in ``bins`` equal bins from low to high: (bin centres, counts).

    Values outside [low, high] are put in the end bins.
    """
    bins = check_int("bins", bins, low=1, high=1000)
    low = check_real("low", low)
    high = check_real("high", high, low=low, low_open=True)
    v = np.clip(check_array("values", values), low, high)
    counts, edges = np.histogram(v, bins=bins, range=(low, high))
    return (edges[:-1] + edges[1:]) / 2, counts


def describe_sample(sample: StudySample) -> str:
    """Plain-language summary of a study sample (the text twin of the histogram)."""
    check_instance("sample", sample, StudySample)
    d = sample.design
    s = sample.accuracy.spread()
    below = int(np.count_nonzero(sample.measured_accuracy <= ARTICLE_LOW + 1e-12))
    above = int(np.count_nonzero(sample.measured_accuracy >= ARTICLE_HIGH - 1e-12))
    lines = [
        f"{d.studies:,} {'study' if d.studies == 1 else 'studies'} of {d.study_size:,} "
        f"{'person' if d.study_size == 1 else 'people'} each test a tool whose true accuracy is "
        f"{100 * d.accuracy:.1f}% (prevalence {100 * d.prevalence:.1f}%, sensitivity "
        f"{100 * d.sensitivity:.1f}%, specificity {100 * d.specificity:.1f}%).",
        f"Measured accuracy runs from {100 * s.minimum:.1f}% to {100 * s.maximum:.1f}%; "
        f"the middle 90% of studies lie between {100 * s.p5:.1f}% and {100 * s.p95:.1f}%.",
        f"{_how_many(below).capitalize()} of them measured 62% or less and {_how_many(above)} "
        "measured 92% or more.",
        f"Sampling noise alone gives a spread (SD) of {100 * d.sampling_sd:.1f} percentage points; "
        f"the simulated studies have an SD of {100 * s.sd:.1f} points.",
    ]
    if d.heterogeneous:
        lines.append(
            "The studies also differ from one another (separation SD "
            f"{d.separation_sd:g}, prevalence SD {d.prevalence_sd:g} on the log-odds scale): their own true "
            f"accuracies run from {100 * float(sample.true_accuracy.min()):.1f}% to "
            f"{100 * float(sample.true_accuracy.max()):.1f}%."
        )
    else:
        chance = chance_to_span(d.accuracy, d.study_size, d.studies)
        lines.append(
            "Every study tests the same tool on the same kind of people, so all the spread is chance. "
            f"The exact chance that {d.studies:,} such studies span 62% to 92% is {chance_words(chance)}."
        )
    return "\n".join(lines)


def chance_words(chance: float) -> str:
    """A chance (0 to 1) as a percentage with one decimal; "under 0.1%" for tiny non-zero chances."""
    chance = check_probability("chance", chance)
    if 0 < chance < 0.0005:
        return "under 0.1%"
    return f"{100 * chance:.1f}%"


# -- helpers ---------------------------------------------------------------------

def _how_many(count: int) -> str:
    return "none" if count == 0 else f"{count:,}"


def _check_band(low, high) -> tuple[float, float]:
    low = check_probability("low", low)
    high = check_probability("high", high)
    if high < low:
        raise ValueError(f"high must be from low ({low!r}) to 1; got {high!r}")
    return low, high
