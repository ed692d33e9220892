"""Faults: the ways a triage AI goes wrong after it has been validated, and what they do to patients.

The article names improper training, system malfunctions, software bugs and
malicious attacks. Each is modelled on top of the binormal risk score of
:mod:`lessons.engine.scenario` and the groups of :mod:`lessons.engine.subgroups`:

1. **Dataset shift** (improper training): the score was validated at a training
   site with one AUC and prevalence; the site where it is used has another AUC
   and prevalence, and the threshold stays where the training site put it.
   Scores of people who do not need help follow N(0, 1) at both sites, so a
   fixed threshold keeps the same false-alarm rate while sensitivity falls.
2. **Unequal errors between groups**: group B's scores carry an *offset* (for
   example a proxy label such as past cost that under-rates need) and may have
   a different AUC; the one shared threshold then treats the groups differently.
3. **Malfunction**: the system is down for a share of requests (the *outage
   rate*). During an outage it either **fails closed** (nobody is flagged: the
   default, and the silent, dangerous case) or **fails open** (everyone is
   flagged and sent to a human, which floods the clinicians).
4. **Lowered inputs**, two different things with the same arithmetic, told apart
   by ``manipulation_target`` (see :data:`INPUT_FAULTS`):

   * **non-disclosure** ("people who need help"): a share of people in need do
     not disclose suicidal thoughts or leave out risk words, often for fear of
     what a flag leads to. They are not attackers; the answer is trust and
     proportionate responses.
   * **adversarial input** ("everyone"): someone alters inputs on purpose, for
     everyone screened; the answer is tamper checks.

   The affected share's scores drop by ``manipulation_shift`` score units. A
   negative shift raises scores instead (an attack that floods the service).
   The field names (``manipulated_share`` ...) are kept for compatibility; the
   words learners see come from :data:`INPUT_FAULTS`.

Closed form, per group with separation d, offset c, threshold t, outage rate o,
manipulated share m (m' = m if everyone is targeted, else 0) and shift s,
writing Q(x) = 1 - Phi(x) and F = 1 when failing open, 0 when failing closed:

* sensitivity      = (1 - o) * [(1 - m)  Q(t - c - d) + m  Q(t - c - d + s)] + o * F
* false-alarm rate = (1 - o) * [(1 - m') Q(t - c)     + m' Q(t - c + s)]     + o * F

:func:`evaluate` gives these as expected counts; :class:`FaultSimulation`
draws seeded people once (common random numbers) and applies any
:class:`Deployment` to them, converging to :func:`evaluate`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import (
    Checked,
    check_choice,
    check_instance,
    check_population,
    check_probability,
    check_real,
    check_seed,
    checked,
)
from .describe import people
from .metrics import Counts
from .scenario import DEFAULT_SEED, THRESHOLD_LIMIT, check_threshold, separation_from_auc
from .stats import normal_quantile, normal_sf
from .streams import generator
from .subgroups import (
    Group,
    SubgroupReport,
    report_from_counts,
    threshold_grid,
)

OUTAGE_MODES = ("fail closed", "fail open")
"""What the system does while it is down: flag nobody (closed) or flag everyone (open)."""

MANIPULATION_TARGETS = ("people who need help", "everyone")
"""Whose inputs are lowered: only people in need (non-disclosure) or everyone (adversarial input)."""

INPUT_FAULTS = {"people who need help": "non-disclosure", "everyone": "adversarial input"}
"""The name of the lowered-inputs fault for each ``manipulation_target``: people in need who do not
disclose risk (often for fear of consequences) are not filed with attackers."""


def input_fault(target: str) -> str:
    """"non-disclosure" or "adversarial input": the fault a ``manipulation_target`` stands for."""
    return INPUT_FAULTS[check_choice("target", target, MANIPULATION_TARGETS)]


MAX_AUC = 0.99
MAX_SHIFT = 4.0
PER = 10_000
"""Patient outcomes are reported per 10,000 people screened."""


@dataclass(frozen=True)
class Deployment(Checked):
    """Everything that decides how a triage AI behaves at one site.

    threshold: score threshold fixed at the training site, -20 to 20 score units
        (people not in need score N(0, 1), so threshold 1 flags about 16% of them).
    auc: area under the ROC curve at this site for group A, 0.5 to 0.99.
    prevalence: share of people screened here who need help, 0 to 1.
    share_b: share of the people screened who are in group B, 0 to 1.
    offset_b: offset of every score in group B, -5 to 5 score units (negative: under-rated need).
    auc_b: AUC within group B, 0.5 to 0.99; ``None`` means the same as ``auc``.
    outage_rate: share of requests made while the system is down, 0 to 1.
    outage_mode: "fail closed" (nobody flagged while down) or "fail open" (everyone flagged).
    manipulated_share: share of the targeted people whose inputs are lowered, 0 to 1.
    manipulation_shift: how far a lowered input lowers a score, -4 to 4 score units.
    manipulation_target: "people who need help" (non-disclosure) or "everyone" (adversarial input).
    """

    threshold: float = checked(1.0, check_real, low=-THRESHOLD_LIMIT, high=THRESHOLD_LIMIT)
    auc: float = checked(0.80, check_real, low=0.5, high=MAX_AUC)
    prevalence: float = checked(0.07, check_probability)
    share_b: float = checked(0.3, check_probability)
    offset_b: float = checked(0.0, check_real, low=-5.0, high=5.0)
    auc_b: float | None = checked(None, check_real, optional=True, low=0.5, high=MAX_AUC)
    outage_rate: float = checked(0.0, check_probability)
    outage_mode: str = checked("fail closed", check_choice, choices=OUTAGE_MODES)
    manipulated_share: float = checked(0.0, check_probability)
    manipulation_shift: float = checked(1.0, check_real, low=-MAX_SHIFT, high=MAX_SHIFT)
    manipulation_target: str = checked("people who need help", check_choice, choices=MANIPULATION_TARGETS)

    @property
    def groups(self) -> tuple[Group, Group]:
        """The two groups this deployment screens (group B may hold 0 people)."""
        sep_a = separation_from_auc(self.auc)
        sep_b = sep_a if self.auc_b is None else separation_from_auc(self.auc_b)
        return (
            Group("Group A", 1.0 - self.share_b, self.prevalence, sep_a, 0.0),
            Group("Group B", self.share_b, self.prevalence, sep_b, self.offset_b),
        )

    @property
    def fails_open(self) -> bool:
        return self.outage_mode == "fail open"

    @property
    def manipulates_everyone(self) -> bool:
        return self.manipulation_target == "everyone"

    def without_faults(self) -> Deployment:
        """The same site with no group offset, no outage and no lowered inputs."""
        return self.with_(offset_b=0.0, auc_b=None, outage_rate=0.0, manipulated_share=0.0)


# -- closed forms ---------------------------------------------------------------------------


def group_sensitivity(group: Group, deployment: Deployment, thresholds=None):
    """Sensitivity of one group under the deployment's faults (closed form).

    thresholds: ``None`` for the deployment's own threshold, or an array of thresholds
    (score units, -20 to 20) to trace a curve.
    """
    check_instance("group", group, Group)
    check_instance("deployment", deployment, Deployment)
    t = deployment.threshold if thresholds is None else check_threshold(thresholds, "thresholds")
    d, c, o, m, s = (group.separation, group.offset, deployment.outage_rate,
                     deployment.manipulated_share, deployment.manipulation_shift)
    up = (1.0 - m) * normal_sf(t - c - d) + m * normal_sf(t - c - d + s)
    return (1.0 - o) * up + o * (1.0 if deployment.fails_open else 0.0)


def group_false_alarm_rate(group: Group, deployment: Deployment, thresholds=None):
    """False-alarm rate (1 - specificity) of one group under the deployment's faults (closed form)."""
    check_instance("group", group, Group)
    check_instance("deployment", deployment, Deployment)
    t = deployment.threshold if thresholds is None else check_threshold(thresholds, "thresholds")
    c, o, s = group.offset, deployment.outage_rate, deployment.manipulation_shift
    m = deployment.manipulated_share if deployment.manipulates_everyone else 0.0
    up = (1.0 - m) * normal_sf(t - c) + m * normal_sf(t - c + s)
    return (1.0 - o) * up + o * (1.0 if deployment.fails_open else 0.0)


@dataclass(frozen=True)
class MissedByCause:
    """Expected missed people (in the population evaluated), split by what caused the miss.

    score: missed while the system was up because the (unaltered) score was below the threshold.
    outage: missed because the system was down and failed closed.
    manipulation: extra people missed because their inputs were lowered, by non-disclosure or
        adversarial input (negative when a negative shift raised scores and so prevented misses).
    """

    score: float
    outage: float
    manipulation: float

    @property
    def total(self) -> float:
        return self.score + self.outage + self.manipulation


@dataclass(frozen=True)
class FaultReport:
    """What a deployment does to the people screened.

    deployment: the settings evaluated.
    groups: per-group outcomes and the gaps between groups (a :class:`SubgroupReport`).
    missed_by_cause: the missed people split by cause (expected counts only; ``None`` for a simulation).
    """

    deployment: Deployment
    groups: SubgroupReport
    missed_by_cause: MissedByCause | None = None

    @property
    def counts(self) -> Counts:
        """Counts over everyone screened."""
        return self.groups.overall

    @property
    def per_10k(self) -> Counts:
        """The same outcomes scaled to 10,000 people screened."""
        return self.counts.scaled(PER)

    @property
    def missed_per_10k(self) -> float:
        return self.per_10k.missed

    @property
    def false_alarms_per_10k(self) -> float:
        return self.per_10k.false_alarms


def evaluate(deployment: Deployment, population: int = PER) -> FaultReport:
    """Exact expected outcomes of a deployment among ``population`` people (1 to 10,000,000)."""
    if not isinstance(deployment, Deployment):
        raise ValueError(f"deployment must be a Deployment; got {type(deployment).__name__}")
    n = check_population(population)
    counts, score_missed, outage_missed, manip_missed = [], 0.0, 0.0, 0.0
    o, m = deployment.outage_rate, deployment.manipulated_share
    for g in deployment.groups:
        size = n * g.share
        pos, neg = size * g.prevalence, size * (1.0 - g.prevalence)
        # clip: (1 - o) * 1 + o can round to a hair above 1
        sens = min(max(float(group_sensitivity(g, deployment)), 0.0), 1.0)
        fa = min(max(float(group_false_alarm_rate(g, deployment)), 0.0), 1.0)
        counts.append(Counts(tp=pos * sens, fn=pos * (1.0 - sens), fp=neg * fa, tn=neg * (1.0 - fa)))
        t, c, d, s = deployment.threshold, g.offset, g.separation, deployment.manipulation_shift
        score_missed += pos * (1.0 - o) * (1.0 - normal_sf(t - c - d))
        manip_missed += pos * (1.0 - o) * m * (normal_sf(t - c - d) - normal_sf(t - c - d + s))
        outage_missed += 0.0 if deployment.fails_open else pos * o
    report = report_from_counts(deployment.threshold, [g.name for g in deployment.groups], counts, True)
    return FaultReport(deployment, report, MissedByCause(score_missed, outage_missed, manip_missed))


def sensitivity_curves(deployment: Deployment, thresholds=None) -> dict[str, np.ndarray]:
    """Per-group sensitivity along a range of thresholds, with the deployment's faults.

    thresholds: array of score thresholds; default :func:`lessons.engine.subgroups.threshold_grid`.
    Returns {group name: array}.
    """
    check_instance("deployment", deployment, Deployment)
    t = threshold_grid() if thresholds is None else check_threshold(np.atleast_1d(thresholds), "thresholds")
    return {g.name: np.asarray(group_sensitivity(g, deployment, t), dtype=float) for g in deployment.groups}


# -- simulation -----------------------------------------------------------------------------


class FaultSimulation:
    """Seeded people drawn once; any :class:`Deployment` can then be applied to them.

    Each person keeps five draws from its own stream (:mod:`~lessons.engine.streams`): group, need,
    score noise, whether their request falls in an outage, whether their inputs are
    altered. Changing a setting changes only the people it affects (common random numbers).
    """

    def __init__(self, population: int = PER, seed: int = DEFAULT_SEED):
        self.population = check_population(population)
        self.seed = check_seed(seed)
        rng = generator("faults", self.seed)
        n = self.population
        self._u_group = rng.random(n)
        self._u_need = rng.random(n)
        self._noise = rng.standard_normal(n)
        self._u_down = rng.random(n)
        self._u_altered = rng.random(n)

    def people(self, deployment: Deployment):
        """Per-person arrays (in_group_b, needs_help, flagged) for this deployment."""
        if not isinstance(deployment, Deployment):
            raise ValueError(f"deployment must be a Deployment; got {type(deployment).__name__}")
        a, b = deployment.groups
        in_b = self._u_group < b.share
        needs_help = self._u_need < deployment.prevalence
        separation = np.where(in_b, b.separation, a.separation)
        offset = np.where(in_b, b.offset, 0.0)
        targeted = np.ones_like(needs_help) if deployment.manipulates_everyone else needs_help
        altered = targeted & (self._u_altered < deployment.manipulated_share)
        scores = self._noise + offset + separation * needs_help - deployment.manipulation_shift * altered
        down = self._u_down < deployment.outage_rate
        flagged = np.where(down, deployment.fails_open, scores >= deployment.threshold)
        return in_b, needs_help, flagged

    def run(self, deployment: Deployment) -> FaultReport:
        """Simulated outcomes of the deployment for these people."""
        in_b, needs_help, flagged = self.people(deployment)
        code = np.where(needs_help, np.where(flagged, 0, 1), np.where(flagged, 2, 3))
        table = np.bincount(in_b.astype(np.int64) * 4 + code, minlength=8).reshape(2, 4)
        counts = [Counts(*(int(v) for v in row)) for row in table]
        names = [g.name for g in deployment.groups]
        return FaultReport(deployment, report_from_counts(deployment.threshold, names, counts, False), None)


def simulate(deployment: Deployment, population: int = PER, seed: int = DEFAULT_SEED) -> FaultReport:
    """Seeded simulated outcomes of a deployment: same seed, same numbers."""
    check_instance("deployment", deployment, Deployment)
    return FaultSimulation(population, seed).run(deployment)


# -- the Wong et al. (2021) example --------------------------------------------------------

WONG_2021 = {
    "vendor_auc_low": 0.76,
    "vendor_auc_high": 0.83,
    "site_auc": 0.63,
    "missed_share": 0.67,
    "alert_share": 0.18,
}
"""Published figures for the Epic Sepsis Model (Wong et al., JAMA Intern Med 2021; source key
``wong2021``): vendor-reported AUC 0.76 to 0.83, AUC 0.63 at the outside hospital; it missed 67%
of sepsis cases and alerted on 18% of patients (the last two seen only in secondary reporting)."""


def vendor_shift_deployment() -> Deployment:
    """The derived dataset-shift example behind the ``vendor_after_shift`` preset.

    Prevalence 7% and specificity 0.83 come from that preset (derived from Wong 2021).
    The threshold is the one giving specificity 0.83 (Phi^-1(0.83), about 0.95 score units);
    the site's AUC is the published 0.63. No group offset, outage or manipulation.
    """
    from ..content.presets import preset

    p = preset("vendor_after_shift")
    return Deployment(threshold=normal_quantile(p.specificity), auc=WONG_2021["site_auc"],
                      prevalence=p.prevalence, share_b=0.0)


def vendor_validation(auc: float) -> Deployment:
    """The same threshold and prevalence as :func:`vendor_shift_deployment`, at a training-site AUC."""
    return vendor_shift_deployment().with_(auc=auc)


# -- adding faults one at a time -----------------------------------------------------------

LADDER_STEPS = (
    ("as validated at the training site", ()),
    ("+ dataset shift (new site's AUC and prevalence)", ("auc", "prevalence")),
    ("+ unequal groups (group B's scores)", ("offset_b", "auc_b")),
    ("+ outages", ("outage_rate", "outage_mode")),
    ("+ lowered inputs", ("manipulated_share", "manipulation_shift", "manipulation_target")),
)
"""Labels and fields of the fault ladder. The last label is replaced by the site's own fault:
"+ non-disclosure (...)" or "+ adversarial input (...)" (:func:`_ladder_label`)."""


def _ladder_label(label: str, site: Deployment) -> str:
    """A ladder row's label at ``site``: the lowered-inputs row names non-disclosure or adversarial input."""
    if label != LADDER_STEPS[-1][0]:
        return label
    fault = input_fault(site.manipulation_target)
    detail = "people in need keep risk to themselves" if fault == "non-disclosure" else "inputs altered on purpose"
    return f"+ {fault} ({detail})"


@dataclass(frozen=True)
class LadderStep:
    """One step of :func:`fault_ladder`: the faults added so far and their outcome per 10,000."""

    label: str
    deployment: Deployment
    report: FaultReport

    @property
    def missed_per_10k(self) -> float:
        return self.report.missed_per_10k

    @property
    def false_alarms_per_10k(self) -> float:
        return self.report.false_alarms_per_10k


def fault_ladder(site: Deployment, training: Deployment) -> tuple[LadderStep, ...]:
    """Add the site's faults to the training-site validation one kind at a time.

    training: the deployment as validated (its AUC and prevalence); its faults are ignored.
    site: the deployment in use. The threshold and group share always come from ``site``.
    Returns one :class:`LadderStep` per row of :data:`LADDER_STEPS`, cumulatively.
    """
    check_instance("site", site, Deployment)
    check_instance("training", training, Deployment)
    for name, value in (("site", site), ("training", training)):
        if not isinstance(value, Deployment):
            raise ValueError(f"{name} must be a Deployment; got {type(value).__name__}")
    current = site.without_faults().with_(auc=training.auc, prevalence=training.prevalence)
    steps = []
    for label, names in LADDER_STEPS:
        current = current.with_(**{k: getattr(site, k) for k in names})
        steps.append(LadderStep(_ladder_label(label, site), current, evaluate(current)))
    return tuple(steps)


def describe_ladder(steps) -> str:
    """The ladder as aligned text lines: missed and false alarms per 10,000 after each step."""
    if not isinstance(steps, (list, tuple)) or not steps or not all(isinstance(s, LadderStep) for s in steps):
        raise ValueError(f"steps must be a non-empty list of LadderStep (from fault_ladder); got {steps!r:.60}")
    width = max(len(s.label) for s in steps)
    head = f"{'per 10,000 people screened':<{width}}  {'missed':>8}  {'false alarms':>12}"
    rows = [f"{s.label:<{width}}  {people(s.missed_per_10k, about=False):>8}  "
            f"{people(s.false_alarms_per_10k, about=False):>12}" for s in steps]
    return "\n".join([head] + rows)


# -- words ----------------------------------------------------------------------------------


def describe_outcomes(site: FaultReport, validated: FaultReport) -> str:
    """Text twin of the outcomes figure: per 10,000 screened, validated vs with faults."""
    check_instance("site", site, FaultReport)
    check_instance("validated", validated, FaultReport)
    v, s = validated.per_10k, site.per_10k
    parts = [
        f"Per 10,000 people screened, on average. As validated at the training site: "
        f"{people(v.missed)} missed, {people(v.false_alarms)} false alarms, "
        f"{people(v.correctly_flagged)} correctly flagged.",
        f"At your site with the faults you set: {people(s.missed)} missed, "
        f"{people(s.false_alarms)} false alarms, {people(s.correctly_flagged)} correctly flagged.",
    ]
    cause = site.missed_by_cause
    if cause is not None and s.need_help > 0:
        scale = PER / site.counts.population
        extra = cause.manipulation * scale
        fault = input_fault(site.deployment.manipulation_target)
        why = ("people in need did not disclose risk (non-disclosure)" if fault == "non-disclosure"
               else "of adversarial input")
        manip = (f"{people(extra)} more because {why}" if extra >= 0.5
                 else f"{people(-extra)} fewer because the {fault} setting raised scores" if extra <= -0.5
                 else f"none because of {fault}")
        parts.append(
            f"Of the missed at your site: {people(cause.score * scale)} because their score fell below "
            f"the threshold, {people(cause.outage * scale)} because the system was down and failed closed, "
            f"and {manip}."
        )
    elif s.need_help <= 0:
        parts.append("Nobody at your site needs help (prevalence 0), so nobody can be missed; "
                     "every flag is a false alarm.")
    if s.flagged > 0:
        parts.append(f"Of those flagged at your site, {s.ppv.percent()} need help (PPV).")
    else:
        parts.append("Nobody is flagged at your site, so the PPV is undefined.")
    return "\n\n".join(parts)


def describe_curves(site: Deployment, validated_sensitivity: float) -> str:
    """Text twin of the sensitivity-versus-threshold figure."""
    check_instance("site", site, Deployment)
    validated_sensitivity = check_probability("validated_sensitivity", validated_sensitivity)
    a, b = site.groups
    sens_a = float(group_sensitivity(a, site))
    sens_b = float(group_sensitivity(b, site))
    text = (f"At the current threshold of {site.threshold:.2f}, the AI flags {100 * sens_a:.1f}% of people "
            f"in need in group A")
    text += (f" and {100 * sens_b:.1f}% in group B." if b.share > 0
             else "; group B holds nobody at this site.")
    text += f" As validated at the training site it flagged {100 * validated_sensitivity:.1f}%."
    text += (" Lower thresholds flag more people in need in every group, and more false alarms too; "
             "the curves never reach 100% while the system fails closed during outages."
             if site.outage_rate > 0 and not site.fails_open else
             " Lower thresholds flag more people in need in every group, and more false alarms too.")
    return text


__all__ = [
    "OUTAGE_MODES", "MANIPULATION_TARGETS", "INPUT_FAULTS", "input_fault", "PER", "Deployment", "FaultReport",
    "MissedByCause",
    "FaultSimulation", "LadderStep", "LADDER_STEPS", "WONG_2021", "evaluate", "simulate",
    "group_sensitivity", "group_false_alarm_rate", "sensitivity_curves", "fault_ladder",
    "describe_ladder", "describe_outcomes", "describe_curves", "vendor_shift_deployment",
    "vendor_validation",
]
