"""The human + AI team: a clinician alone, an AI alone, and a clinician who follows the AI.

Every person screened gets three possible calls: the clinician's own judgement,
the AI's call, and the *team's* call, which is what the clinician decides after
seeing the AI. When the two agree, the team makes that call. When they
disagree, the clinician goes along with the AI with some probability:

* ``accept_ai_flag``: the AI flags a person the clinician would have cleared;
  the clinician flags them after all with this probability (0 to 1);
* ``accept_ai_clear``: the AI clears a person the clinician would have flagged;
  the clinician clears them after all with this probability (0 to 1).

Both are *automation bias* parameters in the sense of Goddard et al. (2012):
the tendency to go along with automated advice, whether it is right or wrong.
One number for both is called **trust** below. A low ``accept_ai_flag`` with a
high ``accept_ai_clear`` is *alert fatigue* (van der Sijs et al., 2006): flags
are waved away while reassurance is taken.

Closed forms (errors conditionally independent given the truth, the default).
With clinician sensitivity ``s_c``, AI sensitivity ``s_a``, ``b_f`` =
``accept_ai_flag`` and ``b_c`` = ``accept_ai_clear``::

    team sensitivity = s_c*s_a + s_c*(1 - s_a)*(1 - b_c) + (1 - s_c)*s_a*b_f
    team specificity = p_c*p_a + p_c*(1 - p_a)*(1 - b_f) + (1 - p_c)*p_a*b_c

where ``p_c`` and ``p_a`` are the specificities. A decision flips from right to
wrong when the clinician was right, the AI wrong, and the clinician went along
with the AI; from wrong to right when the clinician was wrong, the AI right,
and the clinician went along.

Shared errors (optional). ``shared_errors`` = 0 keeps the errors independent.
Larger values make the clinician's and the AI's mistakes fall on the same people
(hard cases are hard for both; an AI trained on clinicians' labels learns their
blind spots). Within each group (need help / do not), the chance that both are
right is::

    P(both right) = s_c*s_a + shared_errors*(min(s_c, s_a) - s_c*s_a)

so each party keeps its own sensitivity and specificity, and ``shared_errors``
= 1 is the largest overlap possible: every person the better party gets wrong,
the other gets wrong too. The simulation builds exactly this: with probability
``shared_errors`` the AI's "is it right?" draw is the clinician's own draw,
otherwise an independent one.

All counts are *expected* counts (fractions of people allowed) among
``population`` people; ``per_1000`` values scale them to 1,000 decisions
(one decision per person screened).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import (
    MAX_POPULATION,
    Checked,
    check_instance,
    check_int,
    check_probability,
    check_real,
    check_seed,
    checked,
)
from ..content.presets import preset
from .describe import people
from .metrics import Counts, Rate
from .population import counts_from_arrays
from .scenario import DEFAULT_SEED
from .streams import generator

PER = 1000
"""Flips and errors are reported per this many decisions."""


# -- settings -----------------------------------------------------------------

@dataclass(frozen=True)
class TeamSetting(Checked):
    """Who is screened, how good each party is, and how far the clinician follows the AI.

    prevalence: share of screened people who need help, 0 to 1.
    clinician_sensitivity, clinician_specificity: the clinician's own accuracy, 0 to 1 each.
    ai_sensitivity, ai_specificity: the AI's accuracy, 0 to 1 each.
    accept_ai_flag: chance the clinician flags a person after all when the AI flags them and
        the clinician would not have, 0 to 1.
    accept_ai_clear: chance the clinician clears a person after all when the AI does not flag
        them and the clinician would have, 0 to 1.
    shared_errors: how far the two parties' errors fall on the same people, 0 (independent
        given the truth) to 1 (largest overlap possible).
    population: number of people screened (one decision each), 1 to 10,000,000.
    """

    prevalence: float = checked(0.10, check_probability)
    clinician_sensitivity: float = checked(0.501, check_probability)
    clinician_specificity: float = checked(0.813, check_probability)
    ai_sensitivity: float = checked(0.88, check_probability)
    ai_specificity: float = checked(0.85, check_probability)
    accept_ai_flag: float = checked(0.5, check_probability)
    accept_ai_clear: float = checked(0.5, check_probability)
    shared_errors: float = checked(0.0, check_probability)
    population: int = checked(PER, check_int, low=1, high=MAX_POPULATION)

    def with_trust(self, trust: float, alert_fatigue: float = 0.0) -> TeamSetting:
        """A copy whose acceptance rates come from :func:`reliance` (trust, alert fatigue)."""
        accept_flag, accept_clear = reliance(trust, alert_fatigue)
        return self.with_(accept_ai_flag=accept_flag, accept_ai_clear=accept_clear)


def reliance(trust: float, alert_fatigue: float = 0.0) -> tuple[float, float]:
    """Acceptance rates ``(accept_ai_flag, accept_ai_clear)`` from two plain-language dials.

    trust: how often the clinician goes along with the AI when they disagree, 0 to 1.
    alert_fatigue: share of that trust lost for the AI's *flags* only, 0 (none) to 1
        (every disagreeing flag waved away), as with over-ridden drug alerts.

    >>> reliance(0.6, 0.5)
    (0.3, 0.6)
    """
    trust = check_probability("trust", trust)
    alert_fatigue = check_probability("alert_fatigue", alert_fatigue)
    return trust * (1.0 - alert_fatigue), trust


def setting_from_presets(clinician: str = "gp_unaided", ai: str = "phq9_primary_care", *,
                         prevalence: float | None = None, trust: float = 0.5, alert_fatigue: float = 0.0,
                         shared_errors: float = 0.0, population: int = PER) -> TeamSetting:
    """A :class:`TeamSetting` whose clinician and AI operating points come from ``lessons.content.presets``.

    prevalence: 0 to 1; ``None`` takes the AI preset's prevalence.
    """
    c, a = preset(clinician), preset(ai)
    base = TeamSetting(
        prevalence=a.prevalence if prevalence is None else prevalence,
        clinician_sensitivity=c.sensitivity, clinician_specificity=c.specificity,
        ai_sensitivity=a.sensitivity, ai_specificity=a.specificity,
        shared_errors=shared_errors, population=population,
    )
    return base.with_trust(trust, alert_fatigue)


# -- results --------------------------------------------------------------------

@dataclass(frozen=True)
class Flips:
    """Decisions the AI changed, as counts of people (expected or simulated).

    new_missed: needs help; the clinician would have flagged them, the AI did not, the
        clinician went along (right -> wrong).
    new_false_alarms: does not need help; the clinician would have cleared them, the AI
        flagged them, the clinician went along (right -> wrong).
    misses_caught: needs help; the clinician would have missed them, the AI flagged them,
        the clinician went along (wrong -> right).
    false_alarms_avoided: does not need help; the clinician would have flagged them, the AI
        cleared them, the clinician went along (wrong -> right).
    """

    new_missed: float
    new_false_alarms: float
    misses_caught: float
    false_alarms_avoided: float

    @property
    def right_to_wrong(self) -> float:
        return self.new_missed + self.new_false_alarms

    @property
    def wrong_to_right(self) -> float:
        return self.misses_caught + self.false_alarms_avoided

    @property
    def net_gain(self) -> float:
        """Right decisions gained by following the AI (negative: lost)."""
        return self.wrong_to_right - self.right_to_wrong

    def scaled(self, factor: float) -> Flips:
        return Flips(self.new_missed * factor, self.new_false_alarms * factor,
                     self.misses_caught * factor, self.false_alarms_avoided * factor)


@dataclass(frozen=True)
class TeamResult:
    """Outcomes of one setting for the clinician alone, the AI alone and the team.

    ``clinician``, ``ai`` and ``team`` are :class:`~lessons.engine.metrics.Counts` among
    ``setting.population`` people; ``flips`` are the team's changed decisions;
    ``disagreements`` is the number of people on whom the clinician and the AI
    disagree (the only people on whom automation bias can act).
    """

    setting: TeamSetting
    clinician: Counts
    ai: Counts
    team: Counts
    flips: Flips
    disagreements: float

    @property
    def per_1000_factor(self) -> float:
        return PER / self.clinician.population

    @property
    def flips_per_1000(self) -> Flips:
        """The flips scaled to 1,000 decisions."""
        return self.flips.scaled(self.per_1000_factor)

    @property
    def right_to_wrong_per_1000(self) -> float:
        return self.flips.right_to_wrong * self.per_1000_factor

    @property
    def wrong_to_right_per_1000(self) -> float:
        return self.flips.wrong_to_right * self.per_1000_factor

    def errors_per_1000(self, party: str = "team") -> dict[str, float]:
        """Missed and false alarms per 1,000 decisions for "clinician", "ai" or "team"."""
        counts = self._party(party)
        return {"missed": counts.missed * self.per_1000_factor,
                "false_alarms": counts.false_alarms * self.per_1000_factor}

    def missed_share_of_errors(self, party: str = "team") -> Rate:
        """Of this party's errors, the share that are missed people (the rest are false alarms)."""
        counts = self._party(party)
        return Rate("missed share of errors", counts.missed, counts.missed + counts.false_alarms,
                    "there are no errors at all")

    def _party(self, party: str) -> Counts:
        if party not in ("clinician", "ai", "team"):
            raise ValueError(f"party must be one of 'clinician', 'ai', 'team'; got {party!r}")
        return getattr(self, party)


# -- closed forms ---------------------------------------------------------------

def _check_shares(name: str, value):
    """``value`` (a number or an array) with every entry from 0 to 1, else ValueError."""
    if np.ndim(value) == 0:
        return check_probability(name, value)
    raw = np.asarray(value)
    if raw.dtype.kind not in "iuf":
        raise ValueError(f"{name} must hold numbers from 0 to 1; got {value!r:.60}")
    arr = raw.astype(float)
    bad = ~np.isfinite(arr) | (arr < 0) | (arr > 1)
    if bad.any():
        raise ValueError(f"{name} must hold numbers from 0 to 1; got {float(arr[bad][0])!r}")
    return arr


def joint_right(clinician_right, ai_right, shared_errors=0.0):
    """Chance that both parties are right on a person, for numbers or numpy arrays.

    clinician_right, ai_right: each party's chance of being right in this group (its
    sensitivity among people who need help, its specificity among the others), 0 to 1.
    shared_errors: 0 (independent) to 1 (largest overlap of errors).
    Returns ``c*a + shared_errors*(min(c, a) - c*a)``.
    """
    c = np.asarray(_check_shares("clinician_right", clinician_right), dtype=float)
    a = np.asarray(_check_shares("ai_right", ai_right), dtype=float)
    shared_errors = check_probability("shared_errors", shared_errors)
    both = c * a + shared_errors * (np.minimum(c, a) - c * a)
    return both if both.ndim else float(both)


def _group(clinician_right, ai_right, shared_errors, accept_ai_when_ai_right, accept_ai_when_ai_wrong):
    """Team outcome within one group (need help, or not): shares of the group, 0 to 1.

    Returns (team right, right -> wrong, wrong -> right, disagreements).
    """
    both = joint_right(clinician_right, ai_right, shared_errors)
    only_clinician = clinician_right - both   # clinician right, AI wrong
    only_ai = ai_right - both                 # clinician wrong, AI right
    right_to_wrong = only_clinician * accept_ai_when_ai_wrong
    wrong_to_right = only_ai * accept_ai_when_ai_right
    team_right = both + only_clinician - right_to_wrong + wrong_to_right
    return team_right, right_to_wrong, wrong_to_right, only_clinician + only_ai


def team_sensitivity(s_c, s_a, accept_ai_flag, accept_ai_clear, shared_errors=0.0):
    """Team sensitivity: s_c*s_a + s_c*(1-s_a)*(1-b_c) + (1-s_c)*s_a*b_f with independent errors.

    Works on numbers or numpy arrays (all 0 to 1). Among people who need help the AI is right
    when it flags, so an accepted AI flag turns a miss into a correct flag, and an accepted AI
    all-clear turns a correct flag into a miss.
    """
    s_c = _check_shares("s_c", s_c)
    s_a = _check_shares("s_a", s_a)
    accept_ai_flag = _check_shares("accept_ai_flag", accept_ai_flag)
    accept_ai_clear = _check_shares("accept_ai_clear", accept_ai_clear)
    return _group(s_c, s_a, shared_errors, accept_ai_flag, accept_ai_clear)[0]


def team_specificity(p_c, p_a, accept_ai_flag, accept_ai_clear, shared_errors=0.0):
    """Team specificity: p_c*p_a + p_c*(1-p_a)*(1-b_f) + (1-p_c)*p_a*b_c with independent errors."""
    p_c = _check_shares("p_c", p_c)
    p_a = _check_shares("p_a", p_a)
    accept_ai_flag = _check_shares("accept_ai_flag", accept_ai_flag)
    accept_ai_clear = _check_shares("accept_ai_clear", accept_ai_clear)
    return _group(p_c, p_a, shared_errors, accept_ai_clear, accept_ai_flag)[0]


def _counts(n_need: float, n_no_need: float, sensitivity: float, specificity: float) -> Counts:
    tp, tn = n_need * sensitivity, n_no_need * specificity
    return Counts(tp=tp, fn=max(n_need - tp, 0.0), fp=max(n_no_need - tn, 0.0), tn=tn)


def team_outcomes(setting: TeamSetting) -> TeamResult:
    """Exact expected outcomes of a setting (no randomness): see the module docstring."""
    if not isinstance(setting, TeamSetting):
        raise ValueError(f"setting must be a TeamSetting; got {type(setting).__name__}")
    s = setting
    n_need = s.population * s.prevalence
    n_no_need = s.population - n_need
    sens, pos_rw, pos_wr, pos_dis = _group(s.clinician_sensitivity, s.ai_sensitivity, s.shared_errors,
                                           s.accept_ai_flag, s.accept_ai_clear)
    spec, neg_rw, neg_wr, neg_dis = _group(s.clinician_specificity, s.ai_specificity, s.shared_errors,
                                           s.accept_ai_clear, s.accept_ai_flag)
    return TeamResult(
        setting=s,
        clinician=_counts(n_need, n_no_need, s.clinician_sensitivity, s.clinician_specificity),
        ai=_counts(n_need, n_no_need, s.ai_sensitivity, s.ai_specificity),
        team=_counts(n_need, n_no_need, sens, spec),
        flips=Flips(new_missed=n_need * pos_rw, new_false_alarms=n_no_need * neg_rw,
                    misses_caught=n_need * pos_wr, false_alarms_avoided=n_no_need * neg_wr),
        disagreements=n_need * pos_dis + n_no_need * neg_dis,
    )


@dataclass(frozen=True)
class TrustSweep:
    """Team errors and flips per 1,000 decisions as trust runs from 0 to 1 (numpy arrays).

    ``alert_fatigue`` is held fixed along the sweep (see :func:`reliance`).
    """

    trust: np.ndarray
    missed: np.ndarray
    false_alarms: np.ndarray
    right_to_wrong: np.ndarray
    wrong_to_right: np.ndarray
    alert_fatigue: float


def trust_sweep(setting: TeamSetting, alert_fatigue: float = 0.0, points: int = 101) -> TrustSweep:
    """Closed-form team errors and flips per 1,000 decisions for ``points`` trust values from 0 to 1.

    The setting's own acceptance rates are ignored: along the sweep they are
    ``reliance(trust, alert_fatigue)``.
    """
    check_instance("setting", setting, TeamSetting)
    points = check_int("points", points, low=2, high=10_001)
    alert_fatigue = check_probability("alert_fatigue", alert_fatigue)
    s = setting
    trust = np.linspace(0.0, 1.0, points)
    accept_flag, accept_clear = trust * (1.0 - alert_fatigue), trust
    sens, pos_rw, pos_wr, _ = _group(s.clinician_sensitivity, s.ai_sensitivity, s.shared_errors,
                                     accept_flag, accept_clear)
    spec, neg_rw, neg_wr, _ = _group(s.clinician_specificity, s.ai_specificity, s.shared_errors,
                                     accept_clear, accept_flag)
    need, no_need = PER * s.prevalence, PER * (1.0 - s.prevalence)
    return TrustSweep(
        trust=trust,
        missed=need * (1.0 - sens),
        false_alarms=no_need * (1.0 - spec),
        right_to_wrong=need * pos_rw + no_need * neg_rw,
        wrong_to_right=need * pos_wr + no_need * neg_wr,
        alert_fatigue=alert_fatigue,
    )


# -- per-case simulation --------------------------------------------------------------

@dataclass(frozen=True)
class TeamSimulation:
    """One simulated screening: per-person boolean arrays for the truth and the three calls."""

    setting: TeamSetting
    seed: int
    needs_help: np.ndarray
    clinician_flag: np.ndarray
    ai_flag: np.ndarray
    team_flag: np.ndarray

    def result(self) -> TeamResult:
        """The simulated outcomes in the same form as :func:`team_outcomes` (whole people)."""
        need, c, a, t = self.needs_help, self.clinician_flag, self.ai_flag, self.team_flag
        return TeamResult(
            setting=self.setting,
            clinician=counts_from_arrays(need, c),
            ai=counts_from_arrays(need, a),
            team=counts_from_arrays(need, t),
            flips=Flips(
                new_missed=int(np.count_nonzero(need & c & ~t)),
                new_false_alarms=int(np.count_nonzero(~need & ~c & t)),
                misses_caught=int(np.count_nonzero(need & ~c & t)),
                false_alarms_avoided=int(np.count_nonzero(~need & c & ~t)),
            ),
            disagreements=int(np.count_nonzero(c != a)),
        )


def simulate_team(setting: TeamSetting, seed: int = DEFAULT_SEED) -> TeamSimulation:
    """Draw ``setting.population`` people and their three calls with a seeded generator.

    Per person, five uniform draws fixed by the seed: who needs help; whether the clinician
    is right; whether the AI shares the clinician's draw (chance ``shared_errors``) and, if
    not, its own draw; and whether the clinician goes along with the AI when they disagree.
    Same seed and setting, same people. The counts converge to :func:`team_outcomes`.
    """
    if not isinstance(setting, TeamSetting):
        raise ValueError(f"setting must be a TeamSetting; got {type(setting).__name__}")
    seed = check_seed(seed)
    s = setting
    rng = generator("team", seed)
    u_need, u_clin, u_share, u_ai, u_accept = rng.random((5, s.population))
    needs_help = u_need < s.prevalence
    u_ai = np.where(u_share < s.shared_errors, u_clin, u_ai)
    clinician_right = u_clin < np.where(needs_help, s.clinician_sensitivity, s.clinician_specificity)
    ai_right = u_ai < np.where(needs_help, s.ai_sensitivity, s.ai_specificity)
    clinician_flag = clinician_right == needs_help
    ai_flag = ai_right == needs_help
    accept = u_accept < np.where(ai_flag, s.accept_ai_flag, s.accept_ai_clear)
    team_flag = np.where(clinician_flag == ai_flag, clinician_flag, np.where(accept, ai_flag, clinician_flag))
    return TeamSimulation(s, seed, needs_help, clinician_flag, ai_flag, team_flag)


# -- right / wrong decisions (no prevalence): everyday reliance and Goddard 2014 ----------------

@dataclass(frozen=True)
class RightWrongResult:
    """A person deciding alone, then with AI advice, on ``decisions`` yes/no questions.

    own_accuracy, ai_accuracy, trust: inputs, 0 to 1. The other fields are expected numbers
    of decisions out of ``decisions``.
    """

    own_accuracy: float
    ai_accuracy: float
    trust: float
    decisions: int
    right_alone: float
    right_with_ai: float
    right_to_wrong: float
    wrong_to_right: float
    changed: float

    @property
    def accuracy_with_ai(self) -> float:
        return self.right_with_ai / self.decisions


def right_wrong_team(own_accuracy: float, ai_accuracy: float, trust: float,
                     decisions: int = 100) -> RightWrongResult:
    """Expected right/wrong decisions when a person follows AI advice in a share ``trust`` of disagreements.

    own_accuracy: share of questions the person gets right alone, 0 to 1.
    ai_accuracy: share of questions the AI gets right, 0 to 1 (errors independent of the person's).
    trust: how often the person switches to the AI's answer when they disagree, 0 to 1.
    decisions: number of questions, 1 to 10,000,000.

    This is the team model with sensitivity = specificity = accuracy: prevalence drops out.
    """
    c = check_probability("own_accuracy", own_accuracy)
    a = check_probability("ai_accuracy", ai_accuracy)
    b = check_probability("trust", trust)
    n = check_int("decisions", decisions, low=1, high=10_000_000)
    right_to_wrong = n * c * (1 - a) * b
    wrong_to_right = n * (1 - c) * a * b
    return RightWrongResult(c, a, b, n, right_alone=n * c,
                            right_with_ai=n * c - right_to_wrong + wrong_to_right,
                            right_to_wrong=right_to_wrong, wrong_to_right=wrong_to_right,
                            changed=right_to_wrong + wrong_to_right)


@dataclass(frozen=True)
class RelianceFit:
    """The advice accuracy and trust that reproduce a before/after study under the right/wrong model.

    ai_accuracy and trust are 0 to 1, or ``None`` when the study's numbers cannot pin them
    down; ``note`` says why in words.
    """

    accuracy_before: float
    accuracy_after: float
    right_to_wrong: float
    wrong_to_right: float
    ai_accuracy: float | None
    trust: float | None
    note: str


def fit_reliance(accuracy_before: float, accuracy_after: float, right_to_wrong: float) -> RelianceFit:
    """Solve the right/wrong model for advice accuracy and trust from three published shares.

    accuracy_before, accuracy_after: shares of decisions right without and with advice, 0 to 1.
    right_to_wrong: share of all decisions switched from right to wrong, 0 to accuracy_before.

    The model says right_to_wrong = c*(1 - a)*t and wrong_to_right = (1 - c)*a*t, with
    wrong_to_right = accuracy_after - accuracy_before + right_to_wrong. Dividing one by the
    other gives the advice accuracy a; either then gives the trust t. Assumes the advice's
    errors are independent of the clinician's and every switch goes to the advice's answer.
    """
    c = check_probability("accuracy_before", accuracy_before)
    after = check_probability("accuracy_after", accuracy_after)
    r = check_probability("right_to_wrong", right_to_wrong, high=c)
    w = after - c + r
    if w < -1e-12 or w > (1 - c) + 1e-12:
        raise ValueError(
            f"accuracy_after must be from {c - r:g} to {1 - r:g} (accuracy_before minus the right "
            f"decisions lost, up to that plus every wrong decision put right); got {after!r}")
    w = min(max(w, 0.0), 1 - c)
    if r == 0 and w == 0:
        return RelianceFit(c, after, r, w, None, None,
                           "No decision changed, so these numbers cannot tell how good the advice was "
                           "or how often it was followed.")
    if c in (0.0, 1.0):
        return RelianceFit(c, after, r, w, None, None,
                           "Everyone was right (or wrong) before the advice, so only one kind of switch "
                           "was possible and the advice accuracy cannot be separated from trust.")
    if r == 0:
        return RelianceFit(c, after, r, w, 1.0, w / (1 - c),
                           "No right decision was switched, so the advice was never wrong when followed.")
    odds = (w * c) / (r * (1 - c))
    a = odds / (1 + odds)
    t = r / (c * (1 - a))
    if t > 1 + 1e-9:
        return RelianceFit(c, after, r, w, a, None,
                           "These numbers need more switching than 'always follow the advice' allows, "
                           "so the model's assumptions do not hold for them.")
    return RelianceFit(c, after, r, w, a, min(t, 1.0),
                       "Derived under the model's assumptions; not a number the study reported.")


# -- text twins -------------------------------------------------------------------------

def _errors_sentence(label: str, counts: Counts, factor: float) -> str:
    need, no_need = counts.need_help * factor, counts.no_need * factor
    if need <= 0:
        missed = "nobody needs help, so nobody is missed"
    else:
        missed = f"misses {people(counts.missed * factor)} of the {people(need)} who need help"
    if no_need <= 0:
        alarms = "everybody needs help, so there are no false alarms"
    else:
        alarms = f"raises {people(counts.false_alarms * factor)} false alarms among the {people(no_need)} who do not"
    return f"{label} {missed} and {alarms}."


def describe_team(result: TeamResult) -> str:
    """Plain-language summary: each party's missed and false alarms per 1,000 decisions."""
    check_instance("result", result, TeamResult)
    f = result.per_1000_factor
    s = result.setting
    lines = [
        _errors_sentence("Per 1,000 people screened, the clinician alone", result.clinician, f),
        _errors_sentence("The AI alone", result.ai, f),
        _errors_sentence(
            f"The clinician with the AI (going along with an AI flag in {100 * s.accept_ai_flag:.0f}% and with an "
            f"AI all-clear in {100 * s.accept_ai_clear:.0f}% of disagreements)", result.team, f),
    ]
    d_missed = (result.team.missed - result.clinician.missed) * f
    d_alarms = (result.team.false_alarms - result.clinician.false_alarms) * f
    lines.append(f"Compared with the clinician alone, the team has {_change(d_missed, 'people missed')} "
                 f"and {_change(d_alarms, 'false alarms')}.")
    share = result.missed_share_of_errors("team")
    if share.defined:
        lines.append(f"Of the team's errors, {share.percent(0)} are missed people and the rest false alarms.")
    else:
        lines.append("The team makes no errors at all.")
    return " ".join(lines)


def _change(delta: float, what: str) -> str:
    if abs(delta) < 0.5:
        return f"about the same number of {what}"
    return f"{people(abs(delta))} {'more' if delta > 0 else 'fewer'} {what}"


def describe_flips(result: TeamResult) -> str:
    """Plain-language summary of the decisions the AI changed, per 1,000 decisions."""
    check_instance("result", result, TeamResult)
    fl = result.flips_per_1000
    if result.flips.right_to_wrong + result.flips.wrong_to_right <= 0:
        if result.disagreements <= 0:
            return "The clinician and the AI never disagree here, so the AI changes no decisions."
        return ("The clinician never goes along with the AI when they disagree, so no decision changes: "
                "the team is the clinician alone.")
    net = fl.net_gain
    verdict = (f"Net: {people(net)} more right decisions than the clinician alone." if net >= 0.5 else
               f"Net: {people(-net)} fewer right decisions than the clinician alone." if net <= -0.5 else
               "Net: about as many right decisions as the clinician alone.")
    return (f"Per 1,000 decisions, {people(fl.right_to_wrong)} flip from right to wrong because the clinician "
            f"followed a wrong AI call ({people(fl.new_missed)} new missed, {people(fl.new_false_alarms)} new false "
            f"alarms), and {people(fl.wrong_to_right)} flip from wrong to right because the clinician followed a right "
            f"AI call ({people(fl.misses_caught)} misses caught, {people(fl.false_alarms_avoided)} false alarms "
            f"avoided). {verdict}")


def describe_sweep(sweep: TrustSweep, clinician: Counts, ai: Counts, factor: float) -> str:
    """How team errors move between trust 0 and trust 1, in words (per 1,000 decisions)."""
    check_instance("sweep", sweep, TrustSweep)
    check_instance("clinician", clinician, Counts)
    check_instance("ai", ai, Counts)
    factor = check_real("factor", factor, low=0)
    fatigue = (f" with alert fatigue {sweep.alert_fatigue:.2f}" if sweep.alert_fatigue > 0 else "")
    return (f"As trust rises from 0 to 1{fatigue}, the number of people the team misses moves in a straight "
            f"line from {people(sweep.missed[0])} to {people(sweep.missed[-1])} per 1,000, and its false alarms "
            f"from {people(sweep.false_alarms[0])} to {people(sweep.false_alarms[-1])}. "
            f"For comparison the clinician alone has {people(clinician.missed * factor)} missed and "
            f"{people(clinician.false_alarms * factor)} false alarms; the AI alone {people(ai.missed * factor)} "
            f"and {people(ai.false_alarms * factor)}.")


def describe_right_wrong(result: RightWrongResult) -> str:
    """Plain-language summary of :func:`right_wrong_team`."""
    check_instance("result", result, RightWrongResult)
    n = result.decisions
    if result.changed <= 0:
        why = ("you never switch to the AI's answer" if result.trust == 0 else
               "you and the AI never disagree")
        return (f"Out of {n:,} decisions you get {people(result.right_alone)} right, with or without the AI: "
                f"{why}, so nothing changes.")
    return (f"Out of {n:,} decisions you get {people(result.right_alone)} right alone and "
            f"{people(result.right_with_ai)} with the AI. Following it turns {people(result.wrong_to_right)} "
            f"wrong answers into right ones and {people(result.right_to_wrong)} right answers into wrong ones.")


def describe_fit(fit: RelianceFit) -> str:
    """Plain-language summary of :func:`fit_reliance`."""
    check_instance("fit", fit, RelianceFit)
    head = (f"Before advice {100 * fit.accuracy_before:.1f}% right, after {100 * fit.accuracy_after:.1f}%; "
            f"{100 * fit.right_to_wrong:.1f}% of decisions switched from right to wrong, so "
            f"{100 * fit.wrong_to_right:.1f}% switched from wrong to right.")
    if fit.ai_accuracy is None or fit.trust is None:
        return f"{head} {fit.note}"
    return (f"{head} The model fits these numbers with advice right in {100 * fit.ai_accuracy:.1f}% of cases "
            f"and the clinician following disagreeing advice {100 * fit.trust:.1f}% of the time. {fit.note}")
