"""Consequences for patients: what each of the four screening outcomes leads to.

Each cell of the confusion table is a care pathway:

=====================  =======================  ==============================================
outcome                pathway                  what it costs
=====================  =======================  ==============================================
correctly flagged      timely assessment        waits for an assessment, then care; a small
                                                risk of crisis while waiting
false alarm            unneeded assessment      a clinician's time, and worry until cleared
missed                 delayed care             days until they come back (re-present) or are
                                                caught another way, then the same wait; risk
                                                of crisis all that time
correctly cleared      no action                nothing
=====================  =======================  ==============================================

:func:`consequences` turns :class:`~lessons.engine.metrics.Counts` into a
:class:`Consequences` result (people, clinician hours, person-days waiting,
person-days of worry and expected crises per pathway) with a plain-language
text twin (:meth:`Consequences.describe`).

Every parameter of :class:`ConsequenceParams` is documented in
:data:`PARAMETERS` with its unit, allowed range and status: *sourced* (a
published figure, with its source key from :mod:`lessons.content.sources`) or
*illustrative* (chosen for teaching). Only the assessment wait is sourced (the
NHS Talking Therapies 6-week standard); the rest are illustrative and the text
twins say so.

Risk while waiting uses a constant weekly hazard ``h``: a person who needs help
and waits ``w`` weeks untreated has a crisis with probability
``1 - (1 - h) ** w`` (:func:`crisis_probability`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from ..checks import REQUIRED, Checked, check_choice, check_instance, check_real, check_text, checked
from ..content.sources import cite
from .describe import capitalised, people
from .metrics import OUTCOMES, Counts, Rate

DAYS_PER_WEEK = 7.0

STATUSES = ("sourced", "illustrative")


@dataclass(frozen=True)
class ParameterInfo(Checked):
    """What one consequence parameter means: unit, allowed range, status and source."""

    name: str = checked(REQUIRED, check_text)
    meaning: str = checked(REQUIRED, check_text)
    unit: str = checked(REQUIRED, check_text)
    low: float = checked(REQUIRED, check_real)
    high: float = checked(REQUIRED, check_real)
    status: str = checked(REQUIRED, check_choice, choices=STATUSES)
    source: str = ""
    """A key of :data:`lessons.content.sources.SOURCES` when ``status == "sourced"``."""

    def _check(self):
        if self.high < self.low:
            raise ValueError(f"high must be at least low ({self.low:g}); got {self.high:g}")
        if self.status == "sourced":
            cite(self.source)

    def describe(self, value: float) -> str:
        """One line: "assessment wait: 42 days (sourced: NHS England ...)"."""
        where = f"sourced: {cite(self.source).citation}" if self.status == "sourced" else "illustrative"
        unit = self.unit[:-1] if value == 1 and self.unit in ("hours", "days") else self.unit
        return f"{self.meaning}: {value:g} {unit} ({where})"


PARAMETERS: dict[str, ParameterInfo] = {
    p.name: p for p in (
        ParameterInfo("assessment_wait_days",
                      "wait from being flagged to a first assessment", "days", 0.0, 730.0, "sourced",
                      "nhs_tt_standard"),
        ParameterInfo("assessment_hours",
                      "clinician time per assessment", "hours", 0.0, 24.0, "illustrative"),
        ParameterInfo("represent_days",
                      "days until a missed person comes back or is caught another way", "days",
                      0.0, 3650.0, "illustrative"),
        ParameterInfo("worry_days",
                      "days of worry for each false alarm", "days", 0.0, 730.0, "illustrative"),
        ParameterInfo("weekly_crisis_hazard",
                      "chance per week that an untreated person who needs help has a crisis", "per week",
                      0.0, 1.0, "illustrative"),
    )
}
"""Unit, range and status of every field of :class:`ConsequenceParams`."""


def _range(name: str) -> dict[str, float]:
    """The allowed range of one consequence parameter, from :data:`PARAMETERS`."""
    return {"low": PARAMETERS[name].low, "high": PARAMETERS[name].high}


@dataclass(frozen=True)
class ConsequenceParams(Checked):
    """The care pathway behind each outcome. See :data:`PARAMETERS` for units, ranges and status.

    assessment_wait_days: days from a flag to the first assessment, 0 to 730. Default 42 days
        (6 weeks): the NHS Talking Therapies standard that 75% of people start within 6 weeks
        (sourced: ``nhs_tt_standard``), used here as the typical wait.
    assessment_hours: clinician hours per assessment, 0 to 24. Default 1 hour (illustrative).
    represent_days: days until a missed person comes back (re-presents) or is caught another way,
        0 to 3650; after that they wait ``assessment_wait_days`` like everyone else. Default 90
        days (illustrative).
    worry_days: days of worry a false alarm causes, 0 to 730. Default 42 days: worried from the
        flag until the assessment clears them (illustrative).
    weekly_crisis_hazard: chance per week, 0 to 1, that a person who needs help and is not yet
        treated has a crisis. Default 0.005 (illustrative; no source gives this number).
    """

    assessment_wait_days: float = checked(42.0, check_real, **_range("assessment_wait_days"))
    assessment_hours: float = checked(1.0, check_real, **_range("assessment_hours"))
    represent_days: float = checked(90.0, check_real, **_range("represent_days"))
    worry_days: float = checked(42.0, check_real, **_range("worry_days"))
    weekly_crisis_hazard: float = checked(0.005, check_real, **_range("weekly_crisis_hazard"))

    def describe(self) -> str:
        """One line per parameter with its value, unit and status (sourced or illustrative)."""
        return "\n".join(PARAMETERS[f.name].describe(getattr(self, f.name)) for f in fields(self))


DEFAULT_PARAMS = ConsequenceParams()


def crisis_probability(weeks_waiting, weekly_hazard: float):
    """Chance of at least one crisis in ``weeks_waiting`` weeks at a constant weekly hazard.

    ``1 - (1 - weekly_hazard) ** weeks_waiting``. weeks_waiting: 0 or more (a number or an
    array, fractions of a week allowed); weekly_hazard: 0 to 1. Returns a float or an array.

    >>> round(crisis_probability(2, 0.5), 3)
    0.75
    """
    h = check_real("weekly_hazard", weekly_hazard, low=0.0, high=1.0)
    if np.ndim(weeks_waiting) == 0:
        w = check_real("weeks_waiting", weeks_waiting, low=0.0)
        return 1.0 - (1.0 - h) ** w
    w = np.asarray(weeks_waiting, dtype=float)
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weeks_waiting values must be finite numbers of at least 0")
    return 1.0 - (1.0 - h) ** w


def expected_crises(people_waiting, weeks_waiting, weekly_hazard: float) -> float:
    """Expected number of crises among people who need help while they wait untreated.

    people_waiting: number of people (0 or more; an array for groups with different waits);
    weeks_waiting: weeks each group waits (same shape); weekly_hazard: 0 to 1.
    Returns ``sum(people * (1 - (1 - h) ** weeks))``.
    """
    if isinstance(people_waiting, (str, bytes, bool)) or people_waiting is None:
        raise ValueError(f"people_waiting must be a number or an array of numbers of at least 0; "
                         f"got {people_waiting!r:.60}")
    try:
        raw = np.asarray(people_waiting)
    except (TypeError, ValueError):
        raw = np.asarray(object())
    if raw.dtype.kind not in "iuf":
        raise ValueError(f"people_waiting must be a number or an array of numbers of at least 0; "
                         f"got {people_waiting!r:.60}")
    n = raw.astype(float)
    if not np.all(np.isfinite(n)) or np.any(n < 0):
        raise ValueError("people_waiting values must be finite numbers of at least 0")
    p = crisis_probability(weeks_waiting, weekly_hazard)
    if np.shape(n) != np.shape(p):
        raise ValueError(
            f"people_waiting and weeks_waiting must have the same shape; got {np.shape(n)} and {np.shape(p)}"
        )
    return float(np.sum(n * p))


@dataclass(frozen=True)
class PathwayOutcome:
    """What one outcome of the screening leads to, for everyone with that outcome.

    people: how many people (expected counts may be fractional).
    clinician_hours: clinician time their assessments take, hours.
    days_waiting_each: days each of them waits for care (0 when no care is needed).
    person_days_waiting: people x days_waiting_each.
    worry_person_days: person-days of worry (false alarms only).
    expected_crises: expected crises while they wait untreated (people who need help only).
    """

    outcome: str
    pathway: str
    people: float
    clinician_hours: float
    days_waiting_each: float
    person_days_waiting: float
    worry_person_days: float
    expected_crises: float


PATHWAYS = {
    "correctly flagged": "timely assessment",
    "missed": "delayed care",
    "false alarm": "unneeded assessment",
    "correctly cleared": "no action",
}
"""The care pathway that follows each outcome."""


@dataclass(frozen=True)
class Consequences:
    """Consequences of one screening, pathway by pathway. Build it with :func:`consequences`."""

    counts: Counts
    params: ConsequenceParams
    pathways: tuple[PathwayOutcome, ...]

    def pathway(self, outcome: str) -> PathwayOutcome:
        """The pathway of one outcome: "correctly flagged", "missed", "false alarm" or "correctly cleared"."""
        check_choice("outcome", outcome, OUTCOMES)
        return next(p for p in self.pathways if p.outcome == outcome)

    # -- totals ---------------------------------------------------------------
    @property
    def clinician_hours(self) -> float:
        """All assessment hours, including the delayed assessments of missed people."""
        return sum(p.clinician_hours for p in self.pathways)

    @property
    def unneeded_hours(self) -> float:
        """Clinician hours spent assessing false alarms."""
        return self.pathway("false alarm").clinician_hours

    @property
    def unneeded_share(self) -> Rate:
        """Of all clinician hours, the share spent on false alarms (undefined if no hours)."""
        return Rate("share of clinician hours on false alarms", self.unneeded_hours, self.clinician_hours,
                    "no clinician time is used")

    @property
    def person_days_waiting(self) -> float:
        """Person-days people who need help wait for care (correctly flagged plus missed)."""
        return (self.pathway("correctly flagged").person_days_waiting
                + self.pathway("missed").person_days_waiting)

    @property
    def expected_crises(self) -> float:
        """Expected crises while waiting, all pathways."""
        return sum(p.expected_crises for p in self.pathways)

    @property
    def crises_among_missed(self) -> Rate:
        """Of the expected crises while waiting, the share among missed people."""
        return Rate("share of crises among missed people", self.pathway("missed").expected_crises,
                    self.expected_crises, "no crises are expected")

    # -- text twins -------------------------------------------------------------
    def describe(self) -> str:
        """Plain-language summary, one paragraph per pathway (the figure's text twin)."""
        return describe_consequences(self)

    def table(self) -> str:
        """Aligned plain-text table: one row per pathway."""
        head = (f"{'outcome':<18}{'pathway':<21}{'people':>8}{'clin. hours':>13}"
                f"{'days wait each':>16}{'person-days':>13}{'crises':>8}")
        rows = [head]
        for p in self.pathways:
            rows.append(
                f"{p.outcome:<18}{p.pathway:<21}{p.people:>8.0f}{p.clinician_hours:>13.0f}"
                f"{p.days_waiting_each:>16.0f}{p.person_days_waiting:>13.0f}{p.expected_crises:>8.1f}"
            )
        return "\n".join(rows)


def consequences(counts: Counts, params: ConsequenceParams = DEFAULT_PARAMS) -> Consequences:
    """Map each outcome of a screening to its care pathway and add up what it costs patients.

    counts: the four outcome counts (:class:`~lessons.engine.metrics.Counts`, expected or simulated).
    params: the care pathway (:class:`ConsequenceParams`); sourced and illustrative values.

    * correctly flagged: assessed after ``assessment_wait_days``; crisis risk while waiting.
    * false alarm: assessed after the same wait (clinician hours spent for nothing) and worried
      for ``worry_days``; no crisis risk (they do not need help).
    * missed: wait ``represent_days`` until they come back, then ``assessment_wait_days``; they
      are assessed then (the hours are delayed, not saved); crisis risk all that time.
    * correctly cleared: no action, no cost.
    """
    if not isinstance(counts, Counts):
        raise ValueError(f"counts must be a Counts (lessons.engine.metrics); got {type(counts).__name__}")
    if not isinstance(params, ConsequenceParams):
        raise ValueError(f"params must be a ConsequenceParams; got {type(params).__name__}")
    wait = params.assessment_wait_days
    missed_wait = params.represent_days + wait
    h = params.weekly_crisis_hazard
    hours = params.assessment_hours

    def pathway(outcome, n, days, assessed, worry_each, at_risk):
        crises = n * crisis_probability(days / DAYS_PER_WEEK, h) if at_risk else 0.0
        return PathwayOutcome(
            outcome=outcome, pathway=PATHWAYS[outcome], people=n,
            clinician_hours=n * hours if assessed else 0.0,
            days_waiting_each=days, person_days_waiting=n * days,
            worry_person_days=n * worry_each, expected_crises=crises,
        )

    return Consequences(counts, params, (
        pathway("correctly flagged", counts.tp, wait, True, 0.0, True),
        pathway("missed", counts.fn, missed_wait, True, 0.0, True),
        pathway("false alarm", counts.fp, wait, True, params.worry_days, False),
        pathway("correctly cleared", counts.tn, 0.0, False, 0.0, False),
    ))


def _standard_note(prm: ConsequenceParams) -> str:
    """" (the 6-week standard)" when the wait is the sourced default, else nothing."""
    if prm.assessment_wait_days == DEFAULT_PARAMS.assessment_wait_days:
        return " (6 weeks, the NHS Talking Therapies standard)"
    return " (a wait you chose)"


def _crises(x: float) -> str:
    """Expected crises in words: "about 1.3" (one decimal; these are averages)."""
    return f"about {x:.1f}"


def describe_consequences(result: Consequences) -> str:
    """Text twin of :class:`Consequences`: what happens to each group, in plain words.

    Paragraphs: the people who need help (flagged and missed), the false alarms, the
    correctly cleared, then clinician time; each illustrative assumption is named as such.
    """
    check_instance("result", result, Consequences)
    c, prm = result.counts, result.params
    if c.population <= 0:
        return "Nobody was screened, so there are no consequences to count."
    tp, fn = result.pathway("correctly flagged"), result.pathway("missed")
    fa, tn = result.pathway("false alarm"), result.pathway("correctly cleared")
    weekly = f"{100 * prm.weekly_crisis_hazard:g}% a week (illustrative)"
    paras = []
    if c.need_help > 0:
        paras.append(
            f"{people(tp.people)} correctly flagged {'person waits' if round(tp.people) == 1 else 'people wait'} "
            f"{tp.days_waiting_each:g} days for an assessment{_standard_note(prm)}. "
            f"{capitalised(people(fn.people))} missed {'person waits' if round(fn.people) == 1 else 'people wait'} "
            f"{fn.days_waiting_each:g} days: {prm.represent_days:g} days (illustrative) until they come back "
            f"or are caught another way, then the same wait. At a crisis risk of {weekly} while untreated, "
            f"{_crises(tp.expected_crises)} crises are expected among the correctly flagged and "
            f"{_crises(fn.expected_crises)} among the missed."
        )
    else:
        paras.append("Nobody screened needs help, so nobody can be missed and no crises are counted.")
    if fa.people > 0:
        paras.append(
            f"{people(fa.people)} false {'alarm gets' if round(fa.people) == 1 else 'alarms get'} an assessment "
            f"they did not need, using {people(fa.clinician_hours)} clinician hours, and "
            f"{people(fa.worry_person_days)} person-days of worry ({prm.worry_days:g} days each, illustrative)."
        )
    else:
        paras.append("There are no false alarms, so no clinician time goes on people who do not need help.")
    paras.append(f"{people(tn.people)} correctly cleared: no action needed.")
    if result.clinician_hours > 0:
        paras.append(
            f"In all, assessments take {people(result.clinician_hours)} clinician hours "
            f"({prm.assessment_hours:g} hour{'s' if prm.assessment_hours != 1 else ''} each, illustrative); "
            f"{percent_words(result.unneeded_share)} of them go on false alarms."
        )
    else:
        paras.append("No clinician time is used: nobody is assessed.")
    return "\n\n".join(capitalised(p) for p in paras)


def percent_words(rate: Rate) -> str:
    """A rate as "38%" (whole percent), or "an undefined share (<reason>)"."""
    check_instance("rate", rate, Rate)
    if not rate.defined:
        return f"an undefined share ({rate.undefined_reason})"
    return f"{100 * rate.value:.0f}%"
