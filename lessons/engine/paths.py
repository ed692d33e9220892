"""Each person's path, computed from a lesson's scenario: flagged or not, when they reach a human, what it costs them.

A person of the cast (:mod:`lessons.content.cast`) is fixed by whether they need help and where their score
sits among people like them (``percentile``). Everything else is computed here from the scenario, so a
slider that moves the threshold or the service can change what happens to them:

* :func:`person_score`: their score under the binormal model (people not in need score N(0, 1), people in
  need N(separation, 1); group B's scores may sit lower by ``offset_b``): the group centre plus the normal
  quantile of their percentile.
* :func:`path_at_threshold`: flagged when the score is at or above the threshold (the rule of
  :class:`lessons.engine.scenario.ScoreModel`); the outcome flips exactly at ``threshold == score``.
* :func:`path_at_operating_point`: the same person under a tool known only by its sensitivity and
  specificity. A tool that flags a share ``s`` of a group flags its top ``s``: the person is the engine's
  draw ``v = 1 - percentile`` of :func:`lessons.engine.population.assign`, flagged when ``v < sensitivity``
  (in need) or ``v < 1 - specificity`` (not in need), i.e. when the percentile is above the cut.
* :func:`queue_wait`: when a flagged person reaches a clinician in the first-in-first-out queue of
  :mod:`lessons.engine.capacity` (``S(t) = min(A(t), S(t - 1) + slots)``, people of a week's cohort mixed
  evenly), and how many people who do not need help are ahead of them.
* :func:`path_over_months`: a person screened every month while the score drifts
  (:class:`lessons.engine.drift.DriftPlan`), and the month monitoring raises the alarm.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import check_int, check_real
from ..content.cast import HARMS, OUTCOMES, Person
from .capacity import MAX_WEEKS, Clinic, cumulative_served
from .drift import DriftPlan
from .scenario import MAX_SEPARATION, normal_quantile

_SAME = 1e-9
"""Fluid amounts within this many people count as equal (floating-point rounding)."""


def _check_person(person) -> Person:
    if not isinstance(person, Person):
        raise ValueError(f"person must be a Person of lessons.content.cast.CAST; got {type(person).__name__}")
    return person


def outcome_of(needs_help: bool, flagged: bool) -> str:
    """One of :data:`lessons.content.cast.OUTCOMES`."""
    return OUTCOMES[(0 if flagged else 1) if needs_help else (2 if flagged else 3)]


def person_score(person: Person, separation: float, offset_b: float = 0.0) -> float:
    """The person's score: (separation if in need) + (offset_b if in group B) + the normal quantile of their percentile.

    separation: 0 to 8 (score units). offset_b: -5 to 5, added to group B's scores only.
    """
    person = _check_person(person)
    d = check_real("separation", separation, low=0.0, high=MAX_SEPARATION)
    off = check_real("offset_b", offset_b, low=-5.0, high=5.0)
    return ((d if person.needs_help else 0.0) + (off if person.group == "B" else 0.0)
            + normal_quantile(person.percentile))


@dataclass(frozen=True)
class Wait:
    """A flagged person's place in the clinic's queue (expected flows, first in, first out).

    arrival_week: the week they join (0-based). seen_week: the week of their first assessment, or None if
    they are still waiting at the end of the horizon. ahead: people still waiting ahead of them when they
    join. false_alarms_ahead: of those, the people who do not need help. horizon: weeks simulated.
    """

    arrival_week: int
    seen_week: int | None
    ahead: float
    false_alarms_ahead: float
    horizon: int

    @property
    def weeks(self) -> int | None:
        """Whole weeks waited (0: seen the week they joined), or None if not seen within the horizon."""
        return None if self.seen_week is None else self.seen_week - self.arrival_week

    def describe(self, name: str) -> str:
        ahead = (f"{self.ahead:,.0f} people are waiting ahead of {name}, {self.false_alarms_ahead:,.0f} of them "
                 "flagged in error" if self.ahead >= 0.5 else f"Nobody is waiting ahead of {name}")
        if self.weeks is None:
            when = (f"{name} is still waiting when the {self.horizon} weeks end "
                    f"({self.horizon - self.arrival_week} weeks after joining the queue)")
        elif self.weeks == 0:
            when = f"{name} is seen the week the flag arrives"
        else:
            when = f"{name} waits {self.weeks} week{'s' if self.weeks != 1 else ''} for a first assessment"
        return f"{ahead}. {when}."


def queue_wait(clinic: Clinic, arrival_week: int, place_in_week: float = 1.0) -> Wait:
    """When a flagged person who joins in ``arrival_week`` is first assessed (AI-first route, expected flows).

    place_in_week: 0 (first) to 1 (last) of that week's flagged cohort. Every week the flagged
    (``clinic.weekly_flows("ai_first")``: queue_need + queue_no_need) join the back of one queue; the
    clinic sees ``slots_per_week`` a week in order.
    """
    if not isinstance(clinic, Clinic):
        raise ValueError(f"clinic must be a Clinic; got {type(clinic).__name__}")
    a = check_int("arrival_week", arrival_week, low=0, high=clinic.weeks - 1)
    place = check_real("place_in_week", place_in_week, low=0.0, high=1.0)
    flows = clinic.weekly_flows("ai_first")
    per_week = flows["queue_need"] + flows["queue_no_need"]
    arrivals = np.full(clinic.weeks, per_week)
    served = cumulative_served(arrivals, clinic.slots_per_week)
    before = a * per_week  # A(a - 1)
    position = before + place * per_week
    seen_before = served[a - 1] if a > 0 else 0.0
    ahead = max(0.0, position - seen_before)
    share_no_need = flows["queue_no_need"] / per_week if per_week > 0 else 0.0
    reached = np.nonzero(served[a:] >= position - _SAME)[0]
    seen = int(a + reached[0]) if reached.size else None
    return Wait(a, seen, ahead, ahead * share_no_need, clinic.weeks)


@dataclass(frozen=True)
class Path:
    """What happens to one person in one scenario.

    score, threshold: on the score scale (``scale == "score"``), or as percentiles of the person's own group
    (``scale == "percentile"``: the tool flags people at or above ``threshold``). flips_at: the value of the
    lesson's control at which the outcome flips (the score itself for a threshold slider). wait: their place
    in the queue if flagged and a clinic is modelled.
    """

    person: Person
    score: float
    threshold: float
    flagged: bool
    scale: str
    flips_at: float | None
    wait: Wait | None = None
    offset_b: float = 0.0

    @property
    def outcome(self) -> str:
        return outcome_of(self.person.needs_help, self.flagged)

    @property
    def harms(self) -> tuple[str, ...]:
        return HARMS[self.outcome]

    @property
    def reaches_human(self) -> str:
        """When they reach a human, in words."""
        name = self.person.name
        if not self.flagged:
            return f"Not from this tool: nobody is told about {name}."
        if self.wait is None:
            return f"A clinician is told about {name}."
        return self.wait.describe(name)

    def describe(self) -> str:
        p, name = self.person, self.person.name
        group = " (group B)" if p.group == "B" else ""
        if self.scale == "score":
            where = (f"{name}{group} scores {self.score:.2f}; the threshold is {self.threshold:.2f}, so "
                     f"{name} is {'flagged' if self.flagged else 'not flagged'}.")
        else:
            kind = "people in need" if p.needs_help else "people who do not need help"
            share = 1.0 - self.threshold
            where = (f"{name} scores higher than {100 * p.percentile:.0f}% of {kind}; the tool flags the top "
                     f"{100 * share:.1f}% of them, so {name} is {'flagged' if self.flagged else 'not flagged'}.")
        if p.group == "B" and self.scale == "score" and self.offset_b != 0.0:
            other = self.score - self.offset_b
            where += (f" With the same need in group A (no offset of {self.offset_b:+.2f}), {name} would score "
                      f"{other:.2f} and be {'flagged' if other >= self.threshold else 'not flagged'}.")
        need = "needs help" if p.needs_help else "does not need a clinician"
        lines = [where, f"{name} {need}: {self.outcome}.", f"Reaching a human: {self.reaches_human}",
                 "What this means for " + name + ": " + "; ".join(self.harms) + "."]
        return "\n\n".join(lines)


def _check_arrival(clinic, arrival_week, place_in_week) -> None:
    """The queue position arguments, checked even when no clinic is given (they are then unused)."""
    if clinic is not None and not isinstance(clinic, Clinic):
        raise ValueError(f"clinic must be a Clinic or None; got {type(clinic).__name__}")
    check_int("arrival_week", arrival_week, low=0, high=(clinic.weeks - 1) if clinic is not None else MAX_WEEKS)
    check_real("place_in_week", place_in_week, low=0.0, high=1.0)


def path_at_threshold(person: Person, separation: float, threshold: float, *, offset_b: float = 0.0,
                      clinic: Clinic | None = None, arrival_week: int = 0, place_in_week: float = 1.0) -> Path:
    """The person's path when everyone scoring at or above ``threshold`` (-10 to 10) is flagged.

    With a ``clinic``, a flagged person joins its queue in ``arrival_week`` (see :func:`queue_wait`).
    """
    t = check_real("threshold", threshold, low=-10.0, high=10.0)
    _check_arrival(clinic, arrival_week, place_in_week)
    s = person_score(person, separation, offset_b)
    flagged = s >= t
    wait = queue_wait(clinic, arrival_week, place_in_week) if (flagged and clinic is not None) else None
    return Path(person, s, t, flagged, "score", s, wait, offset_b if person.group == "B" else 0.0)


def path_at_operating_point(person: Person, sensitivity: float, specificity: float, *,
                            clinic: Clinic | None = None, arrival_week: int = 0,
                            place_in_week: float = 1.0) -> Path:
    """The person's path under a tool with this sensitivity and specificity (each 0 to 1).

    flips_at is the sensitivity (person in need) or specificity (person not in need) at which the outcome
    flips: ``1 - percentile`` or ``percentile``.
    """
    person = _check_person(person)
    sens = check_real("sensitivity", sensitivity, low=0.0, high=1.0)
    spec = check_real("specificity", specificity, low=0.0, high=1.0)
    _check_arrival(clinic, arrival_week, place_in_week)
    cut = 1.0 - sens if person.needs_help else spec
    v = 1.0 - person.percentile  # the engine's draw for this person (lessons.engine.population.assign)
    flagged = v < sens if person.needs_help else v < 1.0 - spec
    flips = 1.0 - person.percentile if person.needs_help else person.percentile
    wait = queue_wait(clinic, arrival_week, place_in_week) if (flagged and clinic is not None) else None
    return Path(person, person.percentile, cut, flagged, "percentile", flips, wait)


@dataclass(frozen=True)
class MonthlyPath:
    """A person screened every month of a drifting deployment.

    scores: their score each month (months 1 .. N). flagged: whether they are flagged each month.
    alarm_month: the month monitoring raises the alarm (None: not within the deployment).
    """

    person: Person
    threshold: float
    scores: np.ndarray
    flagged: np.ndarray
    alarm_month: int | None
    alarm_basis: str = ""

    @property
    def first_missed_month(self) -> int | None:
        """The first month (1-based) they are not flagged, or None."""
        idx = np.nonzero(~self.flagged)[0]
        return int(idx[0]) + 1 if idx.size else None

    @property
    def months_missed_before_alarm(self) -> int:
        """Months they were missed up to and including the alarm month (or to the end without an alarm)."""
        last = self.flagged.size if self.alarm_month is None else self.alarm_month
        return int(np.count_nonzero(~self.flagged[:last]))

    def describe(self) -> str:
        name, n = self.person.name, self.flagged.size
        first = self.first_missed_month
        start = (f"At launch {name} scores {self.scores[0]:.2f} against a threshold of {self.threshold:.2f}: "
                 f"{'flagged' if self.flagged[0] else 'not flagged'}.")
        if first is None:
            drift = f"{name} is flagged in every one of the {n} months."
        else:
            drift = (f"As the tool drifts, {name}'s score falls; from month {first} it is below the threshold "
                     f"and {name} is missed.")
        if self.alarm_month is None:
            alarm = "Monitoring raises no alarm within the deployment."
        else:
            basis = f" ({self.alarm_basis})" if self.alarm_basis else ""
            alarm = f"Monitoring raises the alarm in month {self.alarm_month}{basis}."
        missed = self.months_missed_before_alarm
        cost = (f"{name} was missed in {missed} monthly screening{'s' if missed != 1 else ''} before that: "
                + "; ".join(HARMS["missed"]) + "." if missed else
                f"{name} was not missed before the alarm.")
        return "\n\n".join([start, drift, alarm, cost])


def path_over_months(person: Person, plan: DriftPlan, threshold: float, alarm_month: int | None,
                     alarm_basis: str = "") -> MonthlyPath:
    """The person's score each month of ``plan`` (separation drifting) against a fixed ``threshold``.

    alarm_month: the month (1 to plan.months) monitoring raises the alarm, or None. alarm_basis: how that
    month was found, said in the description (e.g. "half of all runs have alarmed by then").
    """
    person = _check_person(person)
    if not isinstance(plan, DriftPlan):
        raise ValueError(f"plan must be a DriftPlan; got {type(plan).__name__}")
    t = check_real("threshold", threshold, low=-10.0, high=10.0)
    if not isinstance(alarm_basis, str):
        raise ValueError(f"alarm_basis must be text (a str); got {alarm_basis!r:.60}")
    if alarm_month is not None:
        alarm_month = check_int("alarm_month", alarm_month, low=1, high=plan.months)
    sep = plan.separation_by_month()
    z = normal_quantile(person.percentile)
    scores = (sep if person.needs_help else np.zeros_like(sep)) + z
    return MonthlyPath(person, t, scores, scores >= t, alarm_month, str(alarm_basis))


def describe_mark(code: int, index: int, per_mark: float = 1.0) -> str:
    """The path of the person (or the people) behind one mark of a people grid, from their outcome alone.

    code: outcome code 0 to 3 (correctly flagged, missed, false alarm, correctly cleared).
    index: the mark's position (0-based). per_mark: people the mark stands for (1 or more).
    """
    code = check_int("code", code, low=0, high=3)
    index = check_int("index", index, low=0, high=100_000_000)
    per = check_real("per_mark", per_mark, low=1.0, high=1e7)
    outcome = OUTCOMES[code]
    needs_help = code <= 1
    flagged = code in (0, 2)
    who = f"Person {index + 1:,}" if per == 1 else f"Mark {index + 1:,} (about {per:,.0f} people)"
    need = "needs help" if needs_help else "does not need a clinician"
    if flagged:
        human = ("A clinician is told and an assessment follows, if the service has room."
                 if needs_help else
                 "A clinician is told and contacts them, though they do not need it.")
    else:
        human = "Not from this tool: nobody is told."
    return "\n\n".join([
        f"{who} {need} and is {'flagged' if flagged else 'not flagged'}: {outcome}.",
        f"Reaching a human: {human}",
        "What this means for them: " + "; ".join(HARMS[outcome]) + ".",
    ])


@dataclass(frozen=True)
class MonitoredPath:
    """A person followed by weekly symptom reports (:mod:`lessons.engine.monitoring`).

    patient: the cohort patient who stands for them (the one at their percentile of the highest rise,
    among patients who deteriorate if they need help, among the others if not). peak: that patient's
    highest smoothed rise over the starting score (points). threshold: the alert rule's rise.
    first_alert_week: the first week the rule alerts for them (None: never).
    """

    person: Person
    patient: int
    peak: float
    threshold: float
    first_alert_week: int | None

    @property
    def flagged(self) -> bool:
        return self.first_alert_week is not None

    @property
    def outcome(self) -> str:
        return outcome_of(self.person.needs_help, self.flagged)

    def describe(self) -> str:
        name = self.person.name
        where = (f"{name}'s weekly score rises at most {self.peak:g} points above the starting score; the rule "
                 f"alerts at a rise of {self.threshold:g} points, so ")
        where += (f"{name} is flagged in week {self.first_alert_week}." if self.flagged
                  else f"{name} is never flagged.")
        need = "needs help" if self.person.needs_help else "is not getting worse"
        human = (f"A clinician reviews the alert about {name}, if the team has room that week."
                 if self.flagged else f"Not from the alerts: nobody is told about {name}.")
        return "\n\n".join([where, f"{name} {need}: {self.outcome}.", f"Reaching a human: {human}",
                            f"What this means for {name}: " + "; ".join(HARMS[self.outcome]) + "."])


def path_in_monitoring(person: Person, scores, threshold: float) -> MonitoredPath:
    """The person's path under a weekly alert rule at ``threshold`` points (0 to 27).

    scores: a :class:`lessons.engine.monitoring.CohortScores` (the lesson's cohort at its share, noise and
    window). People who need help are matched to patients who deteriorate (highest rise after onset).
    """
    from .monitoring import CohortScores, check_alert_points

    person = _check_person(person)
    if not isinstance(scores, CohortScores):
        raise ValueError(f"scores must be a CohortScores; got {type(scores).__name__}")
    t = check_alert_points(threshold)
    group = np.flatnonzero(scores.deteriorates if person.needs_help else ~scores.deteriorates)
    if group.size == 0:
        raise ValueError("scores must hold at least one patient like this person "
                         f"({'deteriorating' if person.needs_help else 'not deteriorating'}); got none")
    peaks = scores.peak_after_onset if person.needs_help else scores.peak
    order = group[np.argsort(peaks[group], kind="stable")]
    patient = int(order[int(person.percentile * (order.size - 1))])
    mask = scores.change[patient] >= t
    if person.needs_help:
        mask = mask & scores.after_onset[patient]
    weeks = np.flatnonzero(mask)
    first = int(weeks[0]) + 1 if weeks.size else None
    return MonitoredPath(person, patient, float(peaks[patient]), t, first)
