"""Monitoring patient progress: weekly symptom scores, an alert rule, and who reviews the alerts.

The flow of this module follows the kit's: a cohort (who is monitored) -> weekly
scores -> an alert rule -> detected and missed deterioration, lead time and
false alerts -> the alert load on clinicians against their capacity.

The trajectory model is **illustrative** (chosen for teaching, not fitted to
data). Every number below is a teaching choice:

* Patients report a PHQ-9-like score (whole points, 0 to 27) once a week,
  starting at week 0, which is their **baseline**.
* Baselines are drawn from a normal distribution (mean 14, spread 3 points),
  kept between 8 and 20.
* Patients who do **not** deteriorate improve slowly: 0 to 0.2 points a week
  for the first 12 weeks, then hold steady.
* Patients who **deteriorate** follow the same path until their *onset week*
  (4 to ``weeks - 12``); from then on their score rises by 0.8 to 1.6 points a
  week until it is 6 to 10 points above their baseline, and stays there.
* The deterioration is **clear** in the first week at which the noise-free
  score is at least ``CLEAR_RISE`` (5) points above the noise-free baseline.
* Each reported score adds week-to-week noise (a normal draw times the noise
  level, in points) to the true score, rounded to a whole point and kept in 0..27.

All random draws are made once per (patients, weeks, seed) with a seeded
``numpy`` Generator: *common random numbers*, so changing the share who
deteriorate or the noise level changes only what that setting touches, and the
same seed always gives the same cohort.

The alert rule: each week from week 1 on, average the last ``window`` reported
scores (1 = no smoothing); alert if that average is at least ``threshold``
points above the baseline. A patient whose score stays high alerts every week.
Clinicians can review a fixed number of alerts each week; alerts beyond that are
not reviewed that week (they arrive in random order, so each alert that week has
the same chance of being reviewed).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from ..checks import check_array, check_instance, check_int, check_probability, check_real, check_seed
from .describe import people, percent, person_word
from .metrics import Counts, Rate
from .scenario import DEFAULT_SEED
from .streams import generator

# -- the illustrative trajectory model ------------------------------------------------------

MAX_SCORE = 27
"""Highest possible score (the PHQ-9 range is 0 to 27)."""
CLEAR_RISE = 5
"""Points above baseline at which a deterioration counts as clear (illustrative)."""
BASELINE_MEAN, BASELINE_SD, BASELINE_LOW, BASELINE_HIGH = 14.0, 3.0, 8.0, 20.0
IMPROVEMENT_MAX = 0.2
"""Largest improvement of a patient who does not deteriorate, points per week (illustrative)."""
IMPROVEMENT_WEEKS = 12
"""Weeks over which patients improve before holding steady (illustrative)."""
RISE_LOW, RISE_HIGH = 0.8, 1.6
"""Range of the weekly rise after onset, points per week (illustrative)."""
PEAK_LOW, PEAK_HIGH = 6.0, 10.0
"""Range of how far above baseline a deteriorating score levels off, points (illustrative)."""
FIRST_ONSET = 4
"""Earliest onset week (illustrative); the latest is ``weeks - LAST_ONSET_GAP``."""
LAST_ONSET_GAP = 12

DEFAULT_PATIENTS = 2_000
DEFAULT_WEEKS = 26
MAX_PATIENTS = 20_000
MIN_WEEKS, MAX_WEEKS = 16, 52
MAX_NOISE = 10.0
MAX_WINDOW = 8
MAX_CLINICIANS = 1_000
MAX_REVIEWS = 10_000
_CACHE_SIZE = 24


@dataclass(frozen=True, eq=False)
class Cohort:
    """A simulated cohort: every random draw, made once.

    patients: number of patients monitored, 1 to 20,000.
    weeks: number of weekly scores per patient (week 0 is the baseline), 16 to 52.
    seed: seed of the random generator, 0 to 2**32 - 1.

    ``draw`` (uniform 0..1) decides who deteriorates: patient i deteriorates when
    ``draw[i] < share``. ``baseline`` is the true week-0 score (points),
    ``improvement`` points per week, ``onset`` the week deterioration starts,
    ``rise`` points per week after onset, ``peak`` points above baseline where the
    rise levels off, ``noise_draws`` standard normal draws (patients x weeks)
    scaled by the noise level. ``clear_if_deteriorating`` is the week each patient's
    deterioration would become clear if they deteriorate (see :meth:`clear_week`);
    ``onset_reached`` marks, for weeks 1..weeks-1, the weeks at or after each patient's onset.
    The score arrays are float32 (whole points and tenths need no more) to keep updates fast.
    """

    patients: int
    weeks: int
    seed: int
    draw: np.ndarray = field(repr=False)
    baseline: np.ndarray = field(repr=False)
    improvement: np.ndarray = field(repr=False)
    onset: np.ndarray = field(repr=False)
    rise: np.ndarray = field(repr=False)
    peak: np.ndarray = field(repr=False)
    noise_draws: np.ndarray = field(repr=False)
    true_stable: np.ndarray = field(repr=False)
    true_deteriorating: np.ndarray = field(repr=False)
    clear_if_deteriorating: np.ndarray = field(repr=False)
    onset_reached: np.ndarray = field(repr=False)
    _cache: OrderedDict = field(default_factory=OrderedDict, repr=False, compare=False)

    def deteriorates(self, share: float) -> np.ndarray:
        """Boolean per patient: True for those who deteriorate when ``share`` (0 to 1) of patients do."""
        share = check_probability("share deteriorating", share)
        return self.draw < share

    def true_scores(self, share: float) -> np.ndarray:
        """Noise-free scores (patients x weeks, points 0..27) when ``share`` of patients deteriorate."""
        worse = self.deteriorates(share)
        return np.where(worse[:, None], self.true_deteriorating, self.true_stable)

    def reported_scores(self, share: float, noise: float) -> np.ndarray:
        """Reported weekly scores: whole points 0..27 (patients x weeks, stored as float32).

        noise: spread of the week-to-week noise, in points, 0 to 10.
        """
        noise = check_real("noise", noise, low=0.0, high=MAX_NOISE)
        raw = self.true_scores(share)
        if noise > 0:
            raw += np.float32(noise) * self.noise_draws
        return np.clip(np.rint(raw, out=raw), 0, MAX_SCORE, out=raw)

    def clear_week(self, share: float) -> np.ndarray:
        """Week each deteriorating patient's deterioration becomes clear; -1 for the others.

        Clear means the noise-free score, rounded to whole points, is at least
        ``CLEAR_RISE`` points above the rounded noise-free baseline.
        """
        return np.where(self.deteriorates(share), self.clear_if_deteriorating, -1)

    def scores(self, share: float, noise: float, window: int = 1) -> CohortScores:
        """The rule's view of the cohort for these settings (cached; see :func:`score_cohort`)."""
        key = (check_probability("share deteriorating", share), check_real("noise", noise, low=0.0, high=MAX_NOISE),
               check_int("window", window, low=1, high=MAX_WINDOW))
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        result = score_cohort(self, *key)
        self._cache[key] = result
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return result


def simulate_cohort(patients: int = DEFAULT_PATIENTS, weeks: int = DEFAULT_WEEKS,
                    seed: int = DEFAULT_SEED) -> Cohort:
    """Draw a cohort once: patients (1 to 20,000) followed for ``weeks`` (16 to 52) weekly scores.

    Same seed, same cohort. The model and its parameters are illustrative (see the module notes).
    """
    patients = check_int("patients", patients, low=1, high=MAX_PATIENTS)
    weeks = check_int("weeks", weeks, low=MIN_WEEKS, high=MAX_WEEKS)
    seed = check_seed(seed)
    rng = generator("monitoring cohort", seed)
    draw = rng.random(patients)
    baseline = np.clip(rng.normal(BASELINE_MEAN, BASELINE_SD, patients), BASELINE_LOW, BASELINE_HIGH)
    improvement = rng.uniform(0.0, IMPROVEMENT_MAX, patients)
    onset = rng.integers(FIRST_ONSET, weeks - LAST_ONSET_GAP + 1, patients)
    rise = rng.uniform(RISE_LOW, RISE_HIGH, patients)
    peak = rng.uniform(PEAK_LOW, PEAK_HIGH, patients)
    noise_draws = rng.standard_normal((patients, weeks)).astype(np.float32)

    week = np.arange(weeks)[None, :]
    gain = improvement[:, None] * np.minimum(week, IMPROVEMENT_WEEKS)
    true_stable = np.clip(baseline[:, None] - gain, 0, MAX_SCORE)
    before = improvement[:, None] * np.minimum(np.minimum(week, onset[:, None]), IMPROVEMENT_WEEKS)
    after = rise[:, None] * np.maximum(week - onset[:, None], 0)
    level = np.minimum(baseline[:, None] - before + after, (baseline + peak)[:, None])
    true_deteriorating = np.clip(np.where(week >= onset[:, None], level, baseline[:, None] - before),
                                 0, MAX_SCORE)
    return Cohort(patients, weeks, seed, draw, baseline, improvement, onset, rise, peak, noise_draws,
                  true_stable.astype(np.float32), true_deteriorating.astype(np.float32),
                  first_clear_week(true_deteriorating), np.arange(1, weeks)[None, :] >= onset[:, None])


def _check_weekly(name: str, values, *, allow_minus_inf: bool = False) -> np.ndarray:
    """A patients x weeks array of numbers (at least one week), kept in its own number type.

    NaN and +inf are refused; -inf only where ``allow_minus_inf`` (the mask for "not yet").
    """
    if isinstance(values, (str, bytes, bool)) or values is None:
        raise ValueError(f"{name} must be a patients x weeks array of numbers; got {values!r:.60}")
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a patients x weeks array of numbers; got {values!r:.60}") from None
    if arr.dtype.kind not in "iuf":
        raise ValueError(f"{name} must be a patients x weeks array of numbers; got {values!r:.60}")
    if arr.ndim != 2 or arr.shape[1] < 1:
        raise ValueError(f"{name} must be a patients x weeks array with at least one week; got shape {arr.shape}")
    if arr.dtype.kind == "f":
        bad = np.isnan(arr) | (np.isinf(arr) if not allow_minus_inf else arr == np.inf)
        if bad.any():
            allowed = "numbers or -inf" if allow_minus_inf else "finite numbers"
            raise ValueError(f"{name} values must be {allowed}; got {float(arr[bad][0])!r}")
    return arr


def first_clear_week(true_scores: np.ndarray) -> np.ndarray:
    """First week the rounded noise-free score is ``CLEAR_RISE`` points above its rounded week-0 value.

    true_scores: noise-free scores, patients x weeks. Returns -1 for a patient who never gets there.
    """
    true_scores = _check_weekly("true_scores", true_scores)
    rounded = np.rint(true_scores)
    clear = (rounded - rounded[:, :1]) >= CLEAR_RISE
    return np.where(clear.any(axis=1), clear.argmax(axis=1), -1)


# -- the rule's view of the cohort -----------------------------------------------------------

@dataclass(frozen=True, eq=False)
class CohortScores:
    """Everything the alert rule needs for one (share, noise, window), computed once.

    ``change`` is the smoothed change from baseline in points for weeks 1..weeks-1
    (patients x (weeks - 1)); column j is week j + 1. ``after_onset`` marks the
    weeks at or after a deteriorating patient's onset. ``peak`` is each patient's
    highest change over all weeks; ``peak_after_onset`` the highest change at or after
    onset (-inf for patients who do not deteriorate). ``running_peak_after_onset``
    is its running maximum over weeks, used to find the first alert after onset
    for any threshold in one step.
    """

    cohort: Cohort = field(repr=False)
    share: float
    noise: float
    window: int
    deteriorates: np.ndarray = field(repr=False)
    clear_week: np.ndarray = field(repr=False)
    change: np.ndarray = field(repr=False)
    after_onset: np.ndarray = field(repr=False)
    peak: np.ndarray = field(repr=False)
    peak_after_onset: np.ndarray = field(repr=False)
    running_peak_after_onset: np.ndarray = field(repr=False)
    _roc: list = field(default_factory=list, repr=False, compare=False)

    @property
    def weeks(self) -> np.ndarray:
        """The weeks the rule checks: 1 to weeks - 1."""
        return np.arange(1, self.cohort.weeks)

    def roc(self) -> RocCurve:
        """Sensitivity against false-alert rate over every threshold (computed once, then cached)."""
        if not self._roc:
            self._roc.append(roc_curve(self))
        return self._roc[0]


def smoothed_change(reported: np.ndarray, window: int) -> np.ndarray:
    """Average of the last ``window`` reported scores (weeks 1 on) minus the week-0 score, in points.

    reported: whole-point scores, patients x weeks. Returns patients x (weeks - 1).
    In the first weeks fewer than ``window`` scores exist; the average uses those there are.
    """
    window = check_int("window", window, low=1, high=MAX_WINDOW)
    reported = _check_weekly("reported", reported)
    baseline = reported[:, :1]
    later = reported[:, 1:]
    if window == 1:
        return later - baseline
    total = np.cumsum(later, axis=1)
    mean = np.empty_like(later)
    head = min(window, later.shape[1])
    mean[:, :head] = total[:, :head] / np.arange(1, head + 1)
    if later.shape[1] > window:
        mean[:, window:] = (total[:, window:] - total[:, :-window]) / window
    return mean - baseline


def running_max(values: np.ndarray) -> np.ndarray:
    """Running maximum along each row (patients x weeks), one week at a time.

    Same result as ``np.maximum.accumulate(values, axis=1)``; a loop over the few weeks
    with whole-column operations is several times faster for thousands of patients.
    """
    values = _check_weekly("values", values, allow_minus_inf=True)
    out = np.empty_like(values, order="F")
    out[:, 0] = values[:, 0]
    for j in range(1, values.shape[1]):
        np.maximum(out[:, j - 1], values[:, j], out=out[:, j])
    return out


def score_cohort(cohort: Cohort, share: float, noise: float, window: int = 1) -> CohortScores:
    """The rule's view of ``cohort`` when ``share`` (0 to 1) deteriorate, with ``noise`` points of
    week-to-week noise (0 to 10) and a smoothing ``window`` of 1 to 8 weeks."""
    check_instance("cohort", cohort, Cohort)
    deteriorates = cohort.deteriorates(share)
    change = smoothed_change(cohort.reported_scores(share, noise), window)
    after_onset = deteriorates[:, None] & cohort.onset_reached
    masked = np.where(after_onset, change, np.float32(-np.inf))
    running = running_max(masked)
    return CohortScores(
        cohort=cohort, share=float(share), noise=float(noise), window=int(window),
        deteriorates=deteriorates, clear_week=cohort.clear_week(share), change=change,
        after_onset=after_onset, peak=change.max(axis=1), peak_after_onset=running[:, -1],
        running_peak_after_onset=running,
    )


# -- applying the rule -----------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class RuleOutcome:
    """What an alert rule at one threshold does to the cohort.

    ``counts`` are per patient over the whole follow-up: correctly flagged =
    deteriorating and alerted at or after onset; missed = deteriorating with no
    alert from onset on; false alarm = not deteriorating but alerted at least
    once; correctly cleared = never alerted and not deteriorating.
    ``alert_week`` is the first alert at or after onset (-1 if missed or not
    deteriorating). ``true_alerts`` and ``false_alerts`` count alerts per week
    (weeks 1..weeks-1); an alert before a patient's onset is a false alert.
    """

    threshold: float
    counts: Counts
    onset: np.ndarray = field(repr=False)
    clear_week: np.ndarray = field(repr=False)
    alert_week: np.ndarray = field(repr=False)
    true_alerts: np.ndarray = field(repr=False)
    false_alerts: np.ndarray = field(repr=False)
    alert_matrix: np.ndarray = field(repr=False)
    true_alert_matrix: np.ndarray = field(repr=False)

    @property
    def detected(self) -> np.ndarray:
        """Boolean per patient: deteriorating and alerted at or after onset."""
        return self.alert_week >= 0

    @property
    def alerts(self) -> np.ndarray:
        """All alerts per week."""
        return self.true_alerts + self.false_alerts

    @property
    def weeks_after_onset(self) -> np.ndarray:
        """For each detected patient: weeks from onset to the first alert (0 or more)."""
        d = self.detected
        return self.alert_week[d] - self.onset[d]

    @property
    def lead_time(self) -> np.ndarray:
        """For each detected patient: weeks the first alert came before the deterioration was clear.

        Positive: the alert came early; 0: the same week; negative: after it was already clear.
        """
        d = self.detected
        return self.clear_week[d] - self.alert_week[d]


def check_alert_points(threshold) -> float:
    """An alert threshold: points above baseline, 0 to 27."""
    return check_real("threshold", threshold, low=0.0, high=float(MAX_SCORE))


def apply_rule(scores: CohortScores, threshold: float) -> RuleOutcome:
    """Alert whenever the smoothed change from baseline is at least ``threshold`` points (0 to 27)."""
    check_instance("scores", scores, CohortScores)
    threshold = check_alert_points(threshold)
    worse = scores.deteriorates
    alerts = scores.change >= threshold
    true_matrix = alerts & scores.after_onset
    true_alerts = true_matrix.sum(axis=0)
    false_alerts = alerts.sum(axis=0) - true_alerts
    not_yet = (scores.running_peak_after_onset < threshold).sum(axis=1)
    n_checked = scores.change.shape[1]
    alert_week = np.where(worse & (not_yet < n_checked), not_yet + 1, -1)
    detected = int(np.count_nonzero(alert_week >= 0))
    n_worse = int(np.count_nonzero(worse))
    false_patients = int(np.count_nonzero(~worse & (scores.peak >= threshold)))
    counts = Counts(tp=detected, fn=n_worse - detected, fp=false_patients,
                    tn=worse.size - n_worse - false_patients)
    return RuleOutcome(threshold, counts, scores.cohort.onset, scores.clear_week, alert_week,
                       true_alerts, false_alerts, alerts, true_matrix)


# -- ROC over thresholds ---------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class RocCurve:
    """Per-patient sensitivity and false-alert rate at every distinct threshold, highest first.

    ``thresholds[k]`` gives ``sensitivity[k]`` (share of deteriorating patients alerted
    after onset) and ``false_alert_rate[k]`` (share of the others alerted at least once).
    The first point (threshold +inf) is (0, 0). Rates are ``None``-free arrays; when a
    group is empty its rate is 0 and ``undefined`` says why in words.
    """

    thresholds: np.ndarray
    false_alert_rate: np.ndarray
    sensitivity: np.ndarray
    undefined: str = ""

    def area(self) -> float | None:
        """Area under the curve (trapezoids, joined to (1, 1)); None when a group is empty."""
        if self.undefined:
            return None
        x = np.append(self.false_alert_rate, 1.0)
        y = np.append(self.sensitivity, 1.0)
        return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2.0))


def roc_curve(scores: CohortScores) -> RocCurve:
    """The rule's ROC curve for the cohort: one point per distinct threshold, highest first."""
    check_instance("scores", scores, CohortScores)
    worse = scores.deteriorates
    positives = np.sort(scores.peak_after_onset[worse])
    negatives = np.sort(scores.peak[~worse])
    candidates = np.unique(np.concatenate([positives, negatives]))
    candidates = candidates[np.isfinite(candidates)][::-1]
    thresholds = np.concatenate([[np.inf], candidates])
    reasons = []
    if positives.size == 0:
        reasons.append("nobody deteriorated")
    if negatives.size == 0:
        reasons.append("everybody deteriorated")

    def share_at_or_above(values):
        if values.size == 0:
            return np.zeros(thresholds.size)
        return (values.size - np.searchsorted(values, thresholds, side="left")) / values.size

    return RocCurve(thresholds, share_at_or_above(negatives), share_at_or_above(positives),
                    " and ".join(reasons))


# -- review capacity -----------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class ReviewLoad:
    """Alerts each week against what the clinicians can review.

    ``capacity`` is alerts the whole team can review per week (clinicians x
    reviews per clinician). ``reviewed`` per week = min(alerts, capacity);
    ``share_reviewed`` per week is reviewed / alerts (1 in a week with no alerts).
    """

    clinicians: int
    reviews_per_clinician: int
    alerts: np.ndarray
    reviewed: np.ndarray
    share_reviewed: np.ndarray

    @property
    def capacity(self) -> int:
        """Alerts the whole team can review in a week."""
        return self.clinicians * self.reviews_per_clinician

    @property
    def unreviewed(self) -> np.ndarray:
        """Alerts per week that nobody reviews that week."""
        return self.alerts - self.reviewed

    @property
    def alerts_per_clinician(self) -> np.ndarray:
        """Alerts per clinician each week."""
        return self.alerts / self.clinicians

    @property
    def weeks_over_capacity(self) -> int:
        """Number of weeks with more alerts than the team can review."""
        return int(np.count_nonzero(self.alerts > self.capacity))

    @property
    def unreviewed_rate(self) -> Rate:
        """Share of all alerts not reviewed in their week (undefined when there are no alerts)."""
        return Rate("alerts not reviewed", float(self.unreviewed.sum()), float(self.alerts.sum()),
                    "no alerts were raised")


def review_load(alerts, clinicians: int, reviews_per_clinician: int) -> ReviewLoad:
    """Split each week's alerts into reviewed and not reviewed.

    alerts: alerts per week (whole numbers, 0 or more).
    clinicians: clinicians reviewing alerts, 1 to 1,000.
    reviews_per_clinician: alerts one clinician can review per week, 0 to 10,000.
    """
    clinicians = check_int("clinicians", clinicians, low=1, high=MAX_CLINICIANS)
    reviews = check_int("reviews_per_clinician", reviews_per_clinician, low=0, high=MAX_REVIEWS)
    alerts = check_array("alerts", alerts, low=0, whole=True, ndim=1).astype(int)
    capacity = clinicians * reviews
    reviewed = np.minimum(alerts, capacity)
    share = np.divide(reviewed, alerts, out=np.ones(alerts.size), where=alerts > 0)
    return ReviewLoad(clinicians, reviews, alerts, reviewed, share)


def clinicians_needed(alerts, reviews_per_clinician: int) -> int | None:
    """Fewest clinicians who could review every alert in the busiest week.

    Returns None when ``reviews_per_clinician`` is 0 and there are alerts (no team is big enough).
    """
    reviews = check_int("reviews_per_clinician", reviews_per_clinician, low=0, high=MAX_REVIEWS)
    alerts = check_array("alerts", alerts, low=0, whole=True, ndim=1)
    busiest = int(np.max(alerts)) if alerts.size else 0
    if busiest == 0:
        return 0
    if reviews == 0:
        return None
    return math.ceil(busiest / reviews)


def expected_never_reviewed(outcome: RuleOutcome, load: ReviewLoad) -> float:
    """Expected number of detected deteriorating patients none of whose alerts after onset is reviewed.

    Each alert in week t is reviewed with chance ``load.share_reviewed[t]``, independently.
    """
    check_instance("outcome", outcome, RuleOutcome)
    check_instance("load", load, ReviewLoad)
    with np.errstate(divide="ignore"):
        log_missed = np.log1p(-load.share_reviewed)
    rows = outcome.true_alert_matrix[outcome.detected]
    if rows.size == 0:
        return 0.0
    total = np.where(rows, log_missed[None, :], 0.0).sum(axis=1)
    return float(np.exp(total).sum())


# -- one call for the lesson -----------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class MonitoringResult:
    """A full run: settings, the rule's outcome, the review load and the ROC curve."""

    scores: CohortScores = field(repr=False)
    outcome: RuleOutcome = field(repr=False)
    load: ReviewLoad = field(repr=False)
    never_reviewed: float

    @property
    def counts(self) -> Counts:
        """Per-patient counts: correctly flagged, missed, false alarms, correctly cleared."""
        return self.outcome.counts

    @property
    def roc(self) -> RocCurve:
        """The rule's ROC curve for these scores (cached)."""
        return self.scores.roc()


def run_monitoring(cohort: Cohort, *, share: float = 0.10, noise: float = 2.0, window: int = 1,
                   threshold: float = 5.0, clinicians: int = 5, reviews_per_clinician: int = 25
                   ) -> MonitoringResult:
    """Monitor ``cohort`` with an alert rule and a review team (all defaults illustrative).

    share: share of patients who deteriorate, 0 to 1. noise: week-to-week noise in points, 0 to 10.
    window: weeks averaged by the rule, 1 to 8. threshold: points above baseline, 0 to 27.
    clinicians: 1 to 1,000. reviews_per_clinician: alerts each can review per week, 0 to 10,000.
    """
    check_instance("cohort", cohort, Cohort)
    scores = cohort.scores(share, noise, window)
    outcome = apply_rule(scores, threshold)
    load = review_load(outcome.alerts, clinicians, reviews_per_clinician)
    return MonitoringResult(scores, outcome, load, expected_never_reviewed(outcome, load))


# -- text twins ------------------------------------------------------------------------------

def _weeks(x: float) -> str:
    x = float(x)
    text = f"{x:g}" if x == round(x) else f"{x:.1f}"
    return f"{text} week" + ("" if abs(x) == 1 else "s")


def describe_rule(threshold: float, window: int) -> str:
    """The rule in words."""
    threshold = check_alert_points(threshold)
    window = check_int("window", window, low=1, high=MAX_WINDOW)
    what = "the weekly score" if window == 1 else f"the average of the last {window} weekly scores"
    return f"alert when {what} is at least {threshold:g} points above the patient's starting score"


def describe_detection(result: MonitoringResult) -> str:
    """Detected and missed deterioration, lead time and false alerts, in plain words."""
    check_instance("result", result, MonitoringResult)
    c, o, s = result.counts, result.outcome, result.scores
    n, weeks = s.cohort.patients, s.cohort.weeks
    parts = [f"Of {people(n)} {person_word(n, 'patient', 'patients')} followed for {weeks} weeks, "
             f"{people(c.need_help)} deteriorate. The rule ({describe_rule(o.threshold, s.window)})"]
    if c.need_help > 0:
        parts[-1] += (f" detects {people(c.tp)} of them and misses {people(c.fn)}: "
                      f"a sensitivity of {percent(c.sensitivity)}.")
        if c.tp > 0:
            after = np.median(o.weeks_after_onset)
            lead = o.lead_time
            early = int(np.count_nonzero(lead >= 0))
            parts.append(f"Half of the detected patients had their first alert within {_weeks(after)} of the "
                         f"deterioration starting; for {people(early)} of {people(c.tp)} it came no later than the "
                         f"week the deterioration became clear (a {CLEAR_RISE}-point rise without noise).")
        else:
            parts.append("No deterioration is detected, so there is no lead time to report.")
    else:
        parts[-1] += " has no deterioration to detect, so sensitivity is undefined: nobody deteriorated."
    if c.no_need > 0:
        parts.append(f"It also alerts on {people(c.fp)} of the {people(c.no_need)} patients who do not deteriorate "
                     f"(false alarms), a false-alert rate of {percent(1 - c.specificity.value)}.")
    else:
        parts.append("Every patient deteriorates, so there can be no false alarms.")
    if c.flagged > 0:
        parts.append(f"Of the {people(c.flagged)} {person_word(c.flagged, 'patient', 'patients')} flagged, "
                     f"{people(c.tp)} are deteriorating: a PPV of {percent(c.ppv)}.")
    else:
        parts.append(f"Nobody is flagged, so the PPV is {percent(c.ppv)}.")
    return " ".join(parts)


def describe_load(result: MonitoringResult) -> str:
    """Alerts per week and per clinician against capacity, in plain words."""
    check_instance("result", result, MonitoringResult)
    load, o = result.load, result.outcome
    total = int(load.alerts.sum())
    n_weeks = load.alerts.size
    team = f"{load.clinicians} {person_word(load.clinicians, 'clinician', 'clinicians')}"
    if total == 0:
        return (f"The rule raises no alerts in {n_weeks} weeks, so the {team} have nothing to review "
                f"(and nobody is detected).")
    per_week = total / n_weeks
    busiest = int(load.alerts.max())
    text = [f"Over {n_weeks} weeks the rule raises {people(total)} alerts, {people(int(o.false_alerts.sum()))} "
            f"of them false alerts: on average {per_week:.1f} a week, or {per_week / load.clinicians:.1f} per "
            f"clinician for a team of {team} (busiest week: {people(busiest)})."]
    if load.capacity == 0:
        text.append("The team has no time to review alerts (capacity 0), so no alerts are reviewed "
                    "and every deterioration the rule detects goes unanswered.")
        return " ".join(text)
    text.append(f"Each clinician can review {load.reviews_per_clinician} a week "
                f"({people(load.capacity)} for the team).")
    if load.weeks_over_capacity == 0:
        text.append("Every alert is reviewed: no week exceeds capacity.")
    else:
        text.append(f"In {load.weeks_over_capacity} of {n_weeks} weeks alerts exceed capacity, and "
                    f"{people(int(load.unreviewed.sum()))} alerts ({percent(load.unreviewed_rate)}) are not "
                    f"reviewed in their week.")
        if o.counts.tp > 0:
            text.append(f"About {people(round(result.never_reviewed))} of the {people(o.counts.tp)} detected "
                        f"deteriorating patients are expected never to have an alert reviewed.")
    return " ".join(text)


def describe_roc(result: MonitoringResult) -> str:
    """The ROC curve and the current operating point, in plain words."""
    check_instance("result", result, MonitoringResult)
    roc, c = result.roc, result.counts
    if roc.undefined:
        return (f"The ROC curve needs patients who deteriorate and patients who do not; here "
                f"{roc.undefined}, so it cannot be drawn.")
    fa = 1 - c.specificity.value
    return (f"Each point of the curve is one threshold, from the strictest (bottom left) to the most "
            f"lenient (top right); the area under it is {roc.area():.2f} (0.5 is a coin toss, 1 is perfect). "
            f"At the current threshold of {result.outcome.threshold:g} points the rule detects "
            f"{percent(c.sensitivity)} of deteriorations with a false-alert rate of {percent(fa)}.")


def summary(result: MonitoringResult) -> str:
    """Detection, load and ROC paragraphs together (used in the lesson's checked output)."""
    check_instance("result", result, MonitoringResult)
    return "\n\n".join([describe_detection(result), describe_load(result), describe_roc(result)])


# -- comparing thresholds --------------------------------------------------------------------

@dataclass(frozen=True)
class SweepRow:
    """One threshold's results: per-patient rates, timing and alert load."""

    threshold: float
    counts: Counts
    median_weeks_after_onset: float | None
    alerts_per_week: float
    busiest_week: int


def threshold_sweep(cohort: Cohort, thresholds, *, share: float = 0.10, noise: float = 2.0,
                    window: int = 1) -> list[SweepRow]:
    """Apply the rule at each threshold (points, 0 to 27) to the same scores; one row per threshold."""
    check_instance("cohort", cohort, Cohort)
    thresholds = check_array("thresholds", thresholds, low=0.0, high=float(MAX_SCORE), ndim=1)
    scores = cohort.scores(share, noise, window)
    rows = []
    for threshold in thresholds:
        o = apply_rule(scores, float(threshold))
        after = o.weeks_after_onset
        rows.append(SweepRow(o.threshold, o.counts, float(np.median(after)) if after.size else None,
                             float(o.alerts.mean()), int(o.alerts.max())))
    return rows


def describe_sweep(rows: list[SweepRow]) -> str:
    """The sweep as an aligned plain-text table (for printed, checked outputs)."""
    if not isinstance(rows, (list, tuple)) or not all(isinstance(r, SweepRow) for r in rows):
        raise ValueError(f"rows must be a list of SweepRow (from threshold_sweep); got {rows!r:.60}")
    head = (f"{'threshold':>9} {'detected':>9} {'missed':>7} {'false alarms':>13} {'PPV':>7} "
            f"{'weeks to alert':>15} {'alerts/week':>12}")
    lines = [head]
    for r in rows:
        c = r.counts
        weeks = "undefined" if r.median_weeks_after_onset is None else f"{r.median_weeks_after_onset:g}"
        ppv = f"{100 * c.ppv.value:.1f}%" if c.ppv.defined else "undefined"
        lines.append(f"{r.threshold:>9g} {people(c.tp):>9} {people(c.fn):>7} {people(c.fp):>13} {ppv:>7} "
                     f"{weeks:>15} {r.alerts_per_week:>12.1f}")
    lines.append("(weeks to alert: median weeks from onset to the first alert, among patients detected)")
    return "\n".join(lines)
