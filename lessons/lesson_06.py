"""Lesson 06, "AI giving faulty advice or solutions": where a validated triage AI goes wrong.

Explorer, presets, predict-first moment and self-check questions for
``notebooks/06_faulty_advice.ipynb``. The engine lives in :mod:`lessons.engine.faults`
(dataset shift, outages, lowered inputs: non-disclosure and adversarial input) and :mod:`lessons.engine.subgroups`
(one threshold, unequal groups); this module only binds it to widgets.

* :class:`FaultExplorer`: controls for the four sources of error; three figures
  (patient outcomes per 10,000 as validated vs at your site; per-group rates;
  per-group sensitivity against the threshold with the current threshold marked),
  each with a text twin kept in step.
* :class:`FaultPresetPicker`: loads sourced, derived or illustrative settings.
* :func:`summary`: the checked, printed summary in the notebook.

Every number is cited (keys of :mod:`lessons.content.sources`) or labelled illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from .checks import check_choice, check_real
from .engine.describe import people
from .engine.faults import (
    MANIPULATION_TARGETS,
    OUTAGE_MODES,
    PER,
    WONG_2021,
    Deployment,
    FaultReport,
    describe_curves,
    describe_ladder,
    describe_outcomes,
    evaluate,
    fault_ladder,
    group_sensitivity,
    sensitivity_curves,
    vendor_shift_deployment,
    vendor_validation,
)
from .engine.scores import describe_splits, split_for_groups
from .engine.subgroups import Group, compare_groups, false_alarm_curves, threshold_grid
from .engine.subgroups import sensitivity_curves as subgroup_sensitivity_curves
from .ui.controls import NumberSlider, dropdown, live_region
from .ui.explorers import Explorer, PresetPicker
from .ui.figures import base_layout, make_figure, update_traces
from .ui.offline import Displayable
from .ui.palette import OKABE_ITO
from .ui.quiz import Choice, Numeric, Prediction
from .ui.score_figure import TwoHillsExplorer
from .ui.sources_cell import sources_cell

# -- the lesson's settings ------------------------------------------------------------------

TRAINING_AUC = 0.80
"""AUC at the training site: an illustrative value inside the vendor-reported range 0.76-0.83 (wong2021)."""

THRESHOLD = round(vendor_shift_deployment().threshold, 2)
"""The threshold of the derived Wong 2021 example (specificity 0.83), rounded to the slider's step: 0.95."""

TRAINING = vendor_validation(TRAINING_AUC).with_(threshold=THRESHOLD, share_b=0.3)
"""The model as validated at the training site: threshold and 7% prevalence from the derived
``vendor_after_shift`` preset (wong2021), AUC 0.80 (illustrative, within the reported range);
30% of people in group B (illustrative); no faults."""

SHIFTED_SITE = vendor_shift_deployment().with_(threshold=THRESHOLD, share_b=0.3)
"""The derived dataset-shift site (AUC 0.63, wong2021) with the explorer's threshold and groups."""

ILLUSTRATIVE_SITE = SHIFTED_SITE.with_(offset_b=-0.5, outage_rate=0.05, manipulated_share=0.2,
                                       manipulation_shift=1.5)
"""A site with all four faults: the published AUC 0.63 after dataset shift (wong2021), and
illustrative values for the rest: group B's scores 0.5 lower, down 5% of the time (failing
closed), 20% of people in need not disclosing risk (non-disclosure), which lowers their score by 1.5."""

INPUT_FAULT_OPTIONS = {
    "people who need help": "non-disclosure (people in need)",
    "everyone": "adversarial input (everyone)",
}
"""What the drop-down shows for each ``manipulation_target``: the fault's name and whose inputs it lowers."""

THRESHOLDS = threshold_grid(-1.5, 3.5, 101)
"""Thresholds along the x axis of the sensitivity figure (score units)."""


# -- meet Femi (the cast: lessons.content.cast) -------------------------------------------------

def meet_femi():
    """Femi, in group B: the same need, a lower score, and one threshold for everyone."""
    from .content.cast import CAST
    from .engine.paths import path_at_threshold
    from .engine.scenario import separation_from_auc
    from .ui.controls import NumberSlider
    from .ui.people_grid import MeetExplorer

    separation = separation_from_auc(TRAINING_AUC)
    return MeetExplorer(CAST["femi"], {
        "threshold": NumberSlider("Shared threshold", THRESHOLD, -1.5, 3.5, 0.01,
                                  help="Everyone at or above this score is flagged, whatever their group."),
        "offset_b": NumberSlider("How much lower group B's scores sit", ILLUSTRATIVE_SITE.offset_b, -1.5, 0.0, 0.05,
                                 help="0 means the score treats both groups alike.")},
        lambda threshold, offset_b: path_at_threshold(CAST["femi"], separation, threshold, offset_b=offset_b),
        setting=f"This lesson's model: AUC {TRAINING_AUC:.2f} in both groups (illustrative), group B's scores "
                "lower by an illustrative offset.")


@dataclass(frozen=True)
class FaultPreset:
    """Settings a learner can load into the explorer, with how far to trust them."""

    key: str
    name: str
    status: str
    values: dict
    note: str

    @property
    def label(self) -> str:
        """The name with its status, as the drop-down shows it."""
        return f"{self.name} ({self.status})"

    def describe(self) -> str:
        return f"{self.label}. {self.note}"


def _values(d: Deployment) -> dict:
    return {name: getattr(d, name) for name in CONTROL_NAMES}


CONTROL_NAMES = ("threshold", "auc", "prevalence", "offset_b", "outage_rate", "outage_mode",
                 "manipulated_share", "manipulation_shift", "manipulation_target")

FAULT_PRESETS = {p.key: p for p in (
    FaultPreset("validated", "As validated: no faults", "derived",
                _values(TRAINING),
                "The training site: AUC 0.80 (illustrative, inside the vendor's reported 0.76-0.83), "
                "7% prevalence and the threshold from the derived Wong 2021 preset."),
    FaultPreset("vendor_after_shift", "Vendor model at an outside hospital (dataset shift)", "derived",
                _values(SHIFTED_SITE),
                "Wong et al. 2021: AUC 0.63 at the outside hospital; the threshold is kept where it gives "
                "specificity 0.83 (the derived preset). The model then misses "
                f"{evaluate(SHIFTED_SITE).counts.undertriage.percent(0)} and alerts on "
                f"{evaluate(SHIFTED_SITE).counts.flag_rate.percent(0)} of people, close to the "
                "reported 67% and 18%."),
    FaultPreset("proxy_label", "Proxy label under-rates group B", "illustrative",
                _values(TRAINING.with_(offset_b=-0.8)),
                "Illustrative: group B's scores sit 0.8 lower at the same need, as when past cost stands in "
                "for need (the mechanism Obermeyer et al. 2019 found; their numbers are not simulated here)."),
    FaultPreset("outage_closed", "Down 10% of the time, failing closed", "illustrative",
                _values(TRAINING.with_(outage_rate=0.10)),
                "Illustrative: during outages nobody is flagged and nobody is told."),
    FaultPreset("outage_open", "Down 10% of the time, failing open", "illustrative",
                _values(TRAINING.with_(outage_rate=0.10, outage_mode="fail open")),
                "Illustrative: during outages everyone is flagged and sent to a clinician."),
    FaultPreset("hidden_words", "Non-disclosure: a third of people in need keep risk to themselves", "illustrative",
                _values(TRAINING.with_(manipulated_share=0.33, manipulation_shift=1.5)),
                "Illustrative: they leave out risk words, often for fear of what a flag leads to; they are not "
                "attackers. Their scores drop by 1.5 score units."),
    FaultPreset("adversarial_input", "Adversarial input: a fifth of all inputs altered on purpose", "illustrative",
                _values(TRAINING.with_(manipulated_share=0.2, manipulation_shift=1.5,
                                       manipulation_target="everyone")),
                "Illustrative: someone lowers the inputs of everyone screened, whether in need or not; their "
                "scores drop by 1.5 score units. Tamper checks answer this fault, not trust."),
    FaultPreset("all_faults", "All four faults together", "illustrative",
                _values(ILLUSTRATIVE_SITE),
                "AUC 0.63 from Wong 2021; the other faults are illustrative."),
)}


def fault_preset(key: str) -> FaultPreset:
    """The preset with this key; ValueError lists the known keys."""
    return FAULT_PRESETS[check_choice("preset", key, tuple(FAULT_PRESETS))]


# -- the explorer -----------------------------------------------------------------------------

@dataclass(frozen=True)
class FaultView:
    """Everything the explorer draws for one set of control values."""

    site: FaultReport
    validated: FaultReport
    curves: dict
    validated_curve: np.ndarray

    @property
    def validated_sensitivity(self) -> float:
        return float(self.validated.counts.sensitivity.value or 0.0)


_BAR_OUTCOMES = ("Missed", "False alarms", "Correctly flagged")
_GROUP_MEASURES = ("Sensitivity", "False-alarm rate", "Share of all flags")


def _outcome_values(report: FaultReport) -> list[float]:
    c = report.per_10k
    return [round(c.missed, 1), round(c.false_alarms, 1), round(c.correctly_flagged, 1)]


def _group_values(report: FaultReport, name: str) -> list[float]:
    o = report.groups.outcome(name)
    return [round(100 * (r.value or 0.0), 2) for r in (o.sensitivity, o.false_alarm_rate, o.share_of_flagged)]


def _bar(name, values, colour, pattern, unit=""):
    return go.Bar(x=list(_BAR_OUTCOMES if unit == "" else _GROUP_MEASURES), y=values, name=name,
                  marker=dict(color=colour, line=dict(color=OKABE_ITO["black"], width=1),
                              pattern=dict(shape=pattern, fgcolor=OKABE_ITO["black"], solidity=0.3)),
                  text=[f"{v:,.0f}{unit}" for v in values], textposition="outside",
                  hovertemplate="%{x}: %{y:,.1f}" + unit + "<extra>" + name + "</extra>")


class FaultExplorer(Explorer):
    """The four sources of error and their effect on patients, per 10,000 screened.

    Controls are the fields of :class:`lessons.engine.faults.Deployment` (``CONTROL_NAMES``).
    The training-site validation (``training``) keeps the same threshold and group share,
    with its own AUC and prevalence and no faults. Everything is closed form, so an update
    costs well under a millisecond of arithmetic.
    """

    title = "Faults explorer: a validated triage AI at a new site"
    basic = ("threshold",)  # the rest behind "Show more controls"
    intro = ("Every number here is illustrative unless a preset says otherwise. The bars compare the model as "
             "validated with the same model at your site; the curves show who is flagged as the threshold moves.")

    def __init__(self, start: Deployment | None = None, training: Deployment = TRAINING):
        super().__init__()
        start = TRAINING if start is None else start
        if not isinstance(start, Deployment) or not isinstance(training, Deployment):
            raise ValueError("start and training must be Deployment objects; got "
                             f"{type(start).__name__} and {type(training).__name__}")
        self.training = training
        self.share_b = start.share_b
        self.add_control("threshold", NumberSlider(
            "Threshold (set at the training site)", start.threshold, -1.5, 3.5, 0.01,
            help="Score at or above which a person is flagged. Scores of people not in need average 0 "
                 "with spread 1. Lower flags more people."))
        self.add_control("auc", NumberSlider(
            "AUC at your site (dataset shift)", start.auc, 0.5, 0.99, 0.01,
            help=f"How well the score separates people in need at your site. Training site: {training.auc:.2f}; "
                 "0.5 is a coin toss."))
        self.add_control("prevalence", NumberSlider(
            "Prevalence at your site", start.prevalence, 0.0, 0.5, 0.005,
            help="Share of the people screened at your site who need help."))
        self.add_control("offset_b", NumberSlider(
            "Score offset for group B (proxy label)", start.offset_b, -2.0, 1.0, 0.05,
            help=f"Added to every score in group B ({100 * self.share_b:.0f}% of people). Negative: the score "
                 "under-rates their need."))
        self.add_control("outage_rate", NumberSlider(
            "Share of time the system is down", start.outage_rate, 0.0, 0.5, 0.01,
            help="Requests made during an outage get no score at all."))
        self.add_control("outage_mode", dropdown(
            "During an outage the system", list(OUTAGE_MODES), start.outage_mode,
            help="fail closed: nobody is flagged; fail open: everyone is flagged and sent to a human."))
        self.add_control("manipulated_share", NumberSlider(
            "Share of people with lowered inputs", start.manipulated_share, 0.0, 1.0, 0.01,
            help="Non-disclosure: the share of people in need who leave out risk words. Adversarial input: the "
                 "share of everyone screened whose inputs someone alters on purpose."))
        self.add_control("manipulation_shift", NumberSlider(
            "How far a lowered input lowers a score", start.manipulation_shift, -2.0, 3.0, 0.1,
            help="In score units. Negative values raise scores instead (an attack that floods the service)."))
        self.add_control("manipulation_target", dropdown(
            "Why inputs are lowered", [(INPUT_FAULT_OPTIONS[t], t) for t in MANIPULATION_TARGETS],
            start.manipulation_target,
            help="Non-disclosure: people in need do not disclose suicidal thoughts, often for fear of what a flag "
                 "leads to; they are not attackers. Adversarial input: someone alters everyone's inputs on "
                 "purpose."))

    def build_figures(self, view: FaultView) -> list:
        return [
            make_figure(
                [_bar("As validated at the training site", _outcome_values(view.validated),
                      OKABE_ITO["sky_blue"], ""),
                 _bar("At your site, with the faults you set", _outcome_values(view.site),
                      OKABE_ITO["vermillion"], "/")],
                base_layout("Patient outcomes per 10,000 people screened", "", "People per 10,000",
                            barmode="group", height=430, yaxis=dict(rangemode="tozero")),
                widget=True),
            make_figure(
                [_bar(f"Group A ({100 * (1 - self.share_b):.0f}% of people)", _group_values(view.site, "Group A"),
                      OKABE_ITO["bluish_green"], "", unit="%"),
                 _bar(f"Group B ({100 * self.share_b:.0f}% of people)", _group_values(view.site, "Group B"),
                      OKABE_ITO["orange"], "x", unit="%")],
                base_layout("Per group at your site: one threshold for everyone", "", "Percent",
                            barmode="group", height=430, yaxis=dict(range=[0, 110])),
                widget=True),
            make_figure(self._curve_traces(view), base_layout(
                "Sensitivity per group as the threshold moves", "Threshold (score units)",
                "Sensitivity (share of people in need flagged)", height=440,
                xaxis=dict(range=[float(THRESHOLDS[0]), float(THRESHOLDS[-1])]), yaxis=dict(range=[0, 1.02])),
                widget=True),
        ]

    # -- engine ------------------------------------------------------------------------------
    def deployment(self, **values) -> Deployment:
        """The :class:`Deployment` these control values describe (validated like any other)."""
        return Deployment(share_b=self.share_b, **values)

    def compute(self, **values) -> FaultView:
        site = self.deployment(**values)
        validated = site.without_faults().with_(auc=self.training.auc, prevalence=self.training.prevalence)
        return FaultView(
            site=evaluate(site),
            validated=evaluate(validated),
            curves=sensitivity_curves(site, THRESHOLDS),
            validated_curve=np.asarray(group_sensitivity(validated.groups[0], validated, THRESHOLDS)),
        )

    # -- figures -------------------------------------------------------------------------------
    @staticmethod
    def _curve_traces(view: FaultView) -> list[dict]:
        site = view.site.deployment
        t = site.threshold
        a, b = site.groups
        sens_now = [float(group_sensitivity(a, site)), float(group_sensitivity(b, site))]
        x = THRESHOLDS.tolist()
        return [
            dict(x=x, y=np.round(view.validated_curve, 4).tolist(), name="As validated (both groups)",
                 mode="lines", line=dict(color=OKABE_ITO["grey"], dash="dot", width=3)),
            dict(x=x, y=np.round(view.curves["Group A"], 4).tolist(), name="Group A at your site",
                 mode="lines", line=dict(color=OKABE_ITO["bluish_green"], dash="solid", width=3)),
            dict(x=x, y=np.round(view.curves["Group B"], 4).tolist(), name="Group B at your site",
                 mode="lines", line=dict(color=OKABE_ITO["orange"], dash="dash", width=3)),
            dict(x=[t, t], y=[0, 1], name=f"Current threshold {t:.2f}", mode="lines",
                 line=dict(color=OKABE_ITO["black"], dash="dashdot", width=2), hoverinfo="skip"),
            dict(x=[t, t], y=sens_now, name="Sensitivity now (A: diamond, B: square)", mode="markers",
                 marker=dict(color=[OKABE_ITO["bluish_green"], OKABE_ITO["orange"]], symbol=["diamond", "square"],
                             size=13, line=dict(color=OKABE_ITO["black"], width=1.5)),
                 hovertemplate="sensitivity %{y:.3f}<extra></extra>"),
        ]

    def draw(self, view: FaultView) -> None:
        outcomes, groups, curves = self.figures
        with outcomes.batch_update():
            for trace, report in zip(outcomes.data, (view.validated, view.site), strict=True):
                values = _outcome_values(report)
                trace.y = values
                trace.text = [f"{v:,.0f}" for v in values]
        with groups.batch_update():
            for trace, name in zip(groups.data, ("Group A", "Group B"), strict=True):
                values = _group_values(view.site, name)
                trace.y = values
                trace.text = [f"{v:,.0f}%" for v in values]
        update_traces(curves, self._curve_traces(view), fields=("x", "y", "name"))
        self.twins[0].value = live_region(describe_outcomes(view.site, view.validated))
        self.twins[1].value = live_region(view.site.groups.describe())
        self.twins[2].value = live_region(describe_curves(view.site.deployment, view.validated_sensitivity))


@dataclass(frozen=True)
class GroupView:
    """What :class:`GroupGapExplorer` draws: the per-group report and the per-group curves."""

    groups: tuple
    report: object
    sensitivity: dict
    false_alarms: dict


_GROUP_BAR_MEASURES = ("Sensitivity", "False-alarm rate", "PPV")


def _group_rates(report, name: str) -> list[float]:
    o = report.outcome(name)
    return [round(100 * (r.value or 0.0), 2) for r in (o.sensitivity, o.false_alarm_rate, o.ppv)]


def describe_group_curves(view: GroupView) -> str:
    """Text twin of the sensitivity and false-alarm curves of :class:`GroupGapExplorer`."""
    a, b = view.groups
    t = view.report.threshold
    sens_a, sens_b = float(a.sensitivity_at(t)), float(b.sensitivity_at(t))
    fa_a, fa_b = float(a.false_alarm_rate_at(t)), float(b.false_alarm_rate_at(t))
    text = (f"At the shared threshold of {t:.2f}, group A's sensitivity is {100 * sens_a:.1f}% and group B's is "
            f"{100 * sens_b:.1f}%; their false-alarm rates are {100 * fa_a:.1f}% and {100 * fa_b:.1f}%.")
    empty = [g.name for g in view.groups if g.prevalence == 0]
    if empty:
        text += (f" Nobody in {' or '.join(empty)} needs help at this prevalence, so the curve shows what the "
                 "score would do, not anyone actually missed.")
    if abs(sens_a - sens_b) < 5e-4:
        return text + " Both groups are flagged equally often when they need help."
    low, high, target = (b, a, sens_a) if sens_b < sens_a else (a, b, sens_b)
    if 0.0 < target < 1.0:
        needed = low.threshold_for_sensitivity(target)
        text += (f" For {low.name} to reach {high.name}'s sensitivity the shared threshold would have to move to "
                 f"{needed:.2f}, which changes {high.name}'s rates too.")
    return text


class GroupGapExplorer(Explorer):
    """Two groups, one threshold: how separation, prevalence and a score offset split the errors.

    Uses :mod:`lessons.engine.subgroups` in closed form; bars show sensitivity, false-alarm rate and PPV
    per group, curves show sensitivity (solid, dashed) and false-alarm rate (dotted, dash-dot) per
    group along the threshold, with the current threshold marked.
    """

    title = "Group gap explorer: one threshold, two groups"
    basic = ("threshold",)  # the rest behind "Show more controls"
    intro = "All values here are illustrative. Group B's score can separate people less well, or sit lower."

    def __init__(self, threshold: float = THRESHOLD, share_b: float = 0.3, prevalence_a: float = 0.07,
                 prevalence_b: float = 0.07, auc_a: float = TRAINING_AUC, auc_b: float = TRAINING_AUC,
                 offset_b: float = 0.0, population: int = PER):
        super().__init__()
        self.population = population
        self.add_control("threshold", NumberSlider(
            "Shared threshold", threshold, -1.5, 3.5, 0.01,
            help="Everyone at or above this score is flagged, whatever their group."))
        self.add_control("share_b", NumberSlider(
            "Share of people in group B", share_b, 0.05, 0.95, 0.01, help="The rest are in group A."))
        self.add_control("prevalence_a", NumberSlider(
            "Prevalence in group A", prevalence_a, 0.0, 0.5, 0.005, help="Share of group A who need help."))
        self.add_control("prevalence_b", NumberSlider(
            "Prevalence in group B", prevalence_b, 0.0, 0.5, 0.005, help="Share of group B who need help."))
        self.add_control("auc_a", NumberSlider(
            "AUC in group A", auc_a, 0.5, 0.99, 0.01, help="How well the score separates people in group A."))
        self.add_control("auc_b", NumberSlider(
            "AUC in group B", auc_b, 0.5, 0.99, 0.01, help="How well the score separates people in group B."))
        self.add_control("offset_b", NumberSlider(
            "Score offset for group B (proxy label)", offset_b, -2.0, 1.0, 0.05,
            help="Added to every score in group B. Negative: the score under-rates their need."))

    def build_figures(self, view: GroupView) -> list:
        bars = [
            go.Bar(x=list(_GROUP_BAR_MEASURES), y=_group_rates(view.report, name), name=name,
                   marker=dict(color=colour, line=dict(color=OKABE_ITO["black"], width=1),
                               pattern=dict(shape=shape, fgcolor=OKABE_ITO["black"], solidity=0.3)),
                   text=[f"{v:.0f}%" for v in _group_rates(view.report, name)], textposition="outside",
                   hovertemplate="%{x}: %{y:.1f}%<extra>" + name + "</extra>")
            for name, colour, shape in (("Group A", OKABE_ITO["bluish_green"], ""),
                                        ("Group B", OKABE_ITO["orange"], "x"))
        ]
        return [
            make_figure(bars, base_layout(
                "Per group: sensitivity, false-alarm rate and PPV", "", "Percent", barmode="group", height=420,
                yaxis=dict(range=[0, 110])), widget=True),
            make_figure(self._curve_traces(view), base_layout(
                "Sensitivity and false-alarm rate per group as the threshold moves", "Threshold (score units)",
                "Share of the group", height=460,
                xaxis=dict(range=[float(THRESHOLDS[0]), float(THRESHOLDS[-1])]), yaxis=dict(range=[0, 1.02])),
                widget=True),
        ]

    def compute(self, threshold, share_b, prevalence_a, prevalence_b, auc_a, auc_b, offset_b) -> GroupView:
        groups = (Group.from_auc("Group A", 1.0 - share_b, prevalence_a, auc_a),
                  Group.from_auc("Group B", share_b, prevalence_b, auc_b, offset_b))
        return GroupView(groups, compare_groups(groups, threshold, self.population),
                         subgroup_sensitivity_curves(groups, THRESHOLDS), false_alarm_curves(groups, THRESHOLDS))

    @staticmethod
    def _curve_traces(view: GroupView) -> list[dict]:
        x = THRESHOLDS.tolist()
        t = view.report.threshold
        a, b = view.groups
        green, orange = OKABE_ITO["bluish_green"], OKABE_ITO["orange"]
        return [
            dict(x=x, y=np.round(view.sensitivity["Group A"], 4).tolist(), name="Sensitivity, group A",
                 mode="lines", line=dict(color=green, dash="solid", width=3)),
            dict(x=x, y=np.round(view.sensitivity["Group B"], 4).tolist(), name="Sensitivity, group B",
                 mode="lines", line=dict(color=orange, dash="dash", width=3)),
            dict(x=x, y=np.round(view.false_alarms["Group A"], 4).tolist(), name="False-alarm rate, group A",
                 mode="lines", line=dict(color=green, dash="dot", width=2)),
            dict(x=x, y=np.round(view.false_alarms["Group B"], 4).tolist(), name="False-alarm rate, group B",
                 mode="lines", line=dict(color=orange, dash="dashdot", width=2)),
            dict(x=[t, t], y=[0, 1], name=f"Current threshold {t:.2f}", mode="lines",
                 line=dict(color=OKABE_ITO["black"], dash="longdash", width=2), hoverinfo="skip"),
            dict(x=[t, t], y=[float(a.sensitivity_at(t)), float(b.sensitivity_at(t))],
                 name="Sensitivity now (A: diamond, B: square)", mode="markers",
                 marker=dict(color=[green, orange], symbol=["diamond", "square"], size=13,
                             line=dict(color=OKABE_ITO["black"], width=1.5)),
                 hovertemplate="sensitivity %{y:.3f}<extra></extra>"),
        ]

    def draw(self, view: GroupView) -> None:
        bars, curves = self.figures
        with bars.batch_update():
            for trace, name in zip(bars.data, ("Group A", "Group B"), strict=True):
                values = _group_rates(view.report, name)
                trace.y = values
                trace.text = [f"{v:.0f}%" for v in values]
        update_traces(curves, self._curve_traces(view), fields=("x", "y", "name"))
        self.twins[0].value = live_region(view.report.describe())
        self.twins[1].value = live_region(describe_group_curves(view))


class FaultPresetPicker(PresetPicker):
    """A drop-down of :data:`FAULT_PRESETS` that sets a :class:`FaultExplorer`'s controls."""

    def __init__(self, explorer: FaultExplorer):
        super().__init__(explorer, presets=FAULT_PRESETS, label="Preset", settings=lambda p: p.values)


# -- printed summaries ----------------------------------------------------------------------

def wong_check() -> str:
    """How the derived dataset-shift model compares with what Wong et al. (2021) reported."""
    site = evaluate(vendor_shift_deployment()).counts
    low = evaluate(vendor_validation(WONG_2021["vendor_auc_low"])).counts.sensitivity
    high = evaluate(vendor_validation(WONG_2021["vendor_auc_high"])).counts.sensitivity
    return (
        f"Dataset shift, the Wong et al. (2021) example (derived): same threshold, AUC {WONG_2021['site_auc']:.2f} "
        f"instead of {WONG_2021['vendor_auc_low']:.2f}-{WONG_2021['vendor_auc_high']:.2f}.\n"
        f"  at the vendor's AUC the threshold would flag {low.percent()} to {high.percent()} of cases\n"
        f"  at the outside hospital the model misses {site.undertriage.percent()} of cases "
        f"(reported: {100 * WONG_2021['missed_share']:.0f}%)\n"
        f"  and alerts on {site.flag_rate.percent()} of patients (reported: {100 * WONG_2021['alert_share']:.0f}%)"
    )


def summary() -> str:
    """The lesson's checked printout: the Wong comparison, then the four faults added one at a time."""
    steps = fault_ladder(ILLUSTRATIVE_SITE, TRAINING)
    last = steps[-1].report.groups
    return "\n".join([
        wong_check(),
        "",
        "Adding the faults one at a time (illustrative site; AUC 0.63 from Wong 2021):",
        describe_ladder(steps),
        "",
        f"With all four faults, gap in sensitivity between groups: {last.sensitivity_gap}",
        f"and in false-alarm rate: {last.false_alarm_gap}",
    ])


# -- predict first ----------------------------------------------------------------------------

_shift_missed = 100 * evaluate(vendor_shift_deployment()).counts.undertriage.value
_validated_sens = 100 * evaluate(TRAINING).counts.sensitivity.value

predict_shift = Prediction(
    f"A vendor reported an AUC of 0.76 to 0.83 for its model. In the kit's version of it (AUC 0.80, "
    f"illustrative), the vendor's threshold flags about {_validated_sens:.0f}% of people with the condition. "
    f"A new hospital keeps that threshold, but there the AUC is 0.63. What share of people with the condition "
    f"do you predict the model misses at the new hospital?",
    truth=round(_shift_missed, 1), unit="%",
    explain="Wong et al. (2021) reported that the sepsis model missed 67% of cases at the outside hospital; "
            "the kit's derived model gives a similar number.",
)


# -- self-check questions -----------------------------------------------------------------------

q_fail_closed = Choice(
    "A crisis-triage chatbot is down for an hour and fails closed. What happens to the people in crisis "
    "who write to it during that hour?",
    [
        "They are all missed: nobody is flagged while the system is down.",
        "They are all flagged, so a clinician sees them.",
        "Nothing changes: the outage only affects people who do not need help.",
    ],
    "They are all missed: nobody is flagged while the system is down.",
    "Failing closed means flagging nobody, so every person in need who writes during the outage is missed, "
    "and nobody is told. Failing open flags everyone instead: no one is missed, but the false alarms flood "
    "the clinicians.",
    hints={
        "They are all flagged, so a clinician sees them.": "That is failing open. Failing closed flags nobody.",
        "Nothing changes: the outage only affects people who do not need help.":
            "An outage hits every request made while the system is down, whoever sends it.",
    },
)

OUTAGE_QUESTION_RATE = 0.10
"""The outage share in the self-check and Exercise 1 (illustrative), applied to the explorer's own start."""

_outage_site = TRAINING.with_(outage_rate=OUTAGE_QUESTION_RATE, outage_mode="fail closed")
_outage_up_sens = float(group_sensitivity(_outage_site.groups[0], _outage_site.without_faults()))
_outage_up_b_sens = float(group_sensitivity(_outage_site.groups[1], _outage_site.without_faults()))
_outage_report = evaluate(_outage_site, 10_000)
_outage_in_need = _outage_report.counts.tp + _outage_report.counts.fn
_outage_missed = _outage_report.counts.missed
_outage_sens = (1 - _outage_site.share_b) * _outage_up_sens + _outage_site.share_b * _outage_up_b_sens

q_outage_missed = Numeric(
    f"Start the faults explorer *As validated*: 10,000 people screened, {people(_outage_in_need)} of them in need "
    f"(prevalence {100 * _outage_site.prevalence:.0f}%). When it is working, the AI flags "
    f"{100 * _outage_sens:.1f}% of people in need. It is down {100 * OUTAGE_QUESTION_RATE:.0f}% of the time "
    f"(illustrative) and fails closed. How many people in need are missed?",
    answer=round(_outage_missed, 1),
    tolerance=3.0,
    unit="people",
    explanation=f"{people(_outage_in_need)} need help. {people(OUTAGE_QUESTION_RATE * _outage_in_need)} of them "
                f"come during an outage and are all missed; of the other "
                f"{people((1 - OUTAGE_QUESTION_RATE) * _outage_in_need)}, {100 * (1 - _outage_sens):.1f}% are "
                f"missed by the score: {people(_outage_missed)} missed in all.",
    hint="Split the people in need into those who arrive during an outage (all missed) and the rest "
         "(missed at 1 - sensitivity).",
)

q_proxy_label = Choice(
    "The score for group B was trained on a proxy (past cost) that under-rates their need, so their "
    "scores sit lower. Everyone shares one threshold. What happens to group B?",
    [
        "Group B: more people in need missed, fewer false alarms.",
        "Group B: more false alarms, and fewer people in need missed.",
        "Nothing: one shared threshold treats both groups the same.",
    ],
    "Group B: more people in need missed, fewer false alarms.",
    "Lower scores mean fewer flags in group B, whether or not they need help: sensitivity falls (more "
    "missed) and the false-alarm rate falls too. Obermeyer et al. (2019) found this pattern for a "
    "cost-based algorithm.",
    hints={
        "Group B: more false alarms, and fewer people in need missed.":
            "Lower scores mean fewer people above the threshold. Does that add or remove flags?",
        "Nothing: one shared threshold treats both groups the same.":
            "The same threshold applied to lower scores flags fewer people. Try it in the group-gap "
            "explorer.",
    },
)

q_vendor_auc = Choice(
    "Why can a model validated with AUC 0.80 miss most people at a new site while keeping the same "
    "threshold?",
    [
        "Its scores separate people less well there, so fewer cross the line.",
        "The threshold drifts by itself whenever the model is installed elsewhere.",
        "A higher prevalence at the new site always lowers the sensitivity.",
    ],
    "Its scores separate people less well there, so fewer cross the line.",
    "This is dataset shift: the people and records differ, the AUC falls (0.63 in Wong et al. 2021), and "
    "with the threshold fixed the sensitivity falls with it.",
    hints={
        "The threshold drifts by itself whenever the model is installed elsewhere.":
            "The threshold stays where the training site put it; that is the problem.",
        "A higher prevalence at the new site always lowers the sensitivity.":
            "Sensitivity only looks at people in need, so prevalence alone does not change it; PPV does "
            "move.",
    },
)

_hidden_site = TRAINING.with_(manipulated_share=0.5, manipulation_shift=1.5)
_hidden_sens = 100 * evaluate(_hidden_site).counts.sensitivity.value

q_hidden_words = Numeric(
    f"Start from the model as validated: it flags {_validated_sens:.1f}% of people in need. Half of the people in "
    f"need now leave out risk words (non-disclosure), which lowers their score by 1.5 (illustrative). What is the "
    f"new sensitivity, in percent? (Use the explorer.)",
    answer=round(_hidden_sens, 1),
    tolerance=1.0,
    unit="%",
    explanation=f"Half keep the validated sensitivity; the other half are flagged far less often. Together: "
                f"{_hidden_sens:.1f}%.",
    hint="Load the 'As validated' preset, then set the share of people with lowered inputs to 0.5 and the shift "
         "to 1.5, with non-disclosure chosen.",
)

QUESTIONS = (q_vendor_auc, q_proxy_label, q_fail_closed, q_outage_missed, q_hidden_words)


# -- the lesson's contract: the same names in every lesson (tests/test_contracts.py) ----------------

SOURCE_KEYS = ("article", "wong2021", "obermeyer2019", "neda2023", "miner2016", "hardt2016", "chouldechova2017",
               "kleinberg2017", "okabe_ito2008")
"""Every source lesson 06 cites, in the order of its sources list."""

ILLUSTRATIVE = (
    "an AUC of 0.80 at the training site (inside the vendor's reported 0.76-0.83)",
    "group B as 30% of the people screened",
    "the outage and altered-input rates (none are published for mental-health triage tools)",
    "the site with all four faults: group B's scores 0.5 lower, down 5% of the time, and 20% of people in need "
    "with inputs that lower their score by 1.5",
    "the starting values of the group explorer, equal for both groups",
)
"""The lesson's illustrative numbers (chosen for teaching, not taken from a study). The dataset-shift preset
is derived from Wong et al. (2021)."""


def sources():
    """The lesson's sources list and illustrative numbers, as notebook markdown."""
    return sources_cell(SOURCE_KEYS, ILLUSTRATIVE)


__all__ = [
    "INPUT_FAULT_OPTIONS", "THRESHOLD", "TRAINING", "SHIFTED_SITE", "ILLUSTRATIVE_SITE", "FAULT_PRESETS", "FaultPreset",
    "fault_preset",
    "FaultExplorer", "FaultPresetPicker", "FaultView", "GroupGapExplorer", "GroupView", "describe_group_curves",
    "wong_check", "CONTROL_NAMES", "predict_shift", "q_vendor_auc", "q_proxy_label", "q_fail_closed",
    "q_outage_missed", "q_hidden_words", "QUESTIONS", "summary", "SOURCE_KEYS", "ILLUSTRATIVE", "sources",
    "GroupHillsExplorer", "meet_femi",
]


# -- the two groups' hills, drawn (lesson 00's picture), and group-specific thresholds ---------------

HILLS_OFFSET_B = -0.8
"""Start offset of group B's scores in the hills explorer (illustrative; the group-gap explorer's Try this 1)."""


def group_hills(threshold: float, offset_b: float, threshold_b: float | None = None, *,
                prevalence_a: float = 0.07, prevalence_b: float = 0.07, auc: float = TRAINING_AUC,
                share_b: float = 0.3, population: int = PER):
    """Both groups' hills at one shared threshold, or with group B's own ``threshold_b``.

    Counts come from :meth:`lessons.engine.subgroups.Group.expected_counts`, as in the group-gap explorer.
    """
    groups = (Group.from_auc("Group A", 1.0 - share_b, prevalence_a, auc),
              Group.from_auc("Group B", share_b, prevalence_b, auc, offset_b))
    own = None if threshold_b is None else {"Group B": check_real("threshold_b", threshold_b, low=-20, high=20)}
    return split_for_groups(groups, threshold, population, thresholds=own)


def GroupHillsExplorer(threshold: float = THRESHOLD, offset_b: float = HILLS_OFFSET_B, *,
                       own_threshold: bool = False, threshold_b: float | None = None) -> TwoHillsExplorer:
    """Lesson 00's two hills, one panel per group. ``own_threshold``: group B gets its own threshold slider."""
    controls = [
        ("threshold", NumberSlider(
            "Group A's threshold" if own_threshold else "Shared threshold", threshold, -1.5, 3.5, 0.01,
            help="Everyone in group A at or above this score is flagged." if own_threshold else
                 "Everyone at or above this score is flagged, whatever their group.")),
        ("offset_b", NumberSlider(
            "Score offset for group B (proxy label)", offset_b, -2.0, 1.0, 0.05,
            help="Added to every score in group B. Negative: the score under-rates their need.")),
    ]
    if own_threshold:
        start = threshold + offset_b if threshold_b is None else threshold_b
        controls.append(("threshold_b", NumberSlider(
            "Group B's own threshold", round(start, 2), -3.5, 3.5, 0.01,
            help="Everyone in group B at or above this score is flagged.")))
    return TwoHillsExplorer(
        controls, group_hills,
        title=("Two groups, two thresholds" if own_threshold else "Two groups, one threshold: the hills"),
        figure_title="Scores in group A (top) and group B (bottom), each hill drawn the same size",
        intro="Illustrative: 7% need help in each group; the score has AUC 0.80 in both.",
        x_range=(-5.0, 6.0), scale="share", describe=describe_fairness)


def describe_fairness(splits) -> str:
    """The two fairness criteria for the group panels, in words: equal opportunity and predictive parity."""
    from .engine.describe import percent

    a, b = splits
    sens = [s.counts.sensitivity for s in splits]
    ppv = [s.counts.ppv for s in splits]
    fa = [1 - s.counts.specificity.value if s.counts.specificity.value is not None else None for s in splits]
    text = (f"Equal opportunity asks for the same sensitivity in both groups: {a.name} {percent(sens[0])}, "
            f"{b.name} {percent(sens[1])}. Predictive parity asks for the same PPV (of those flagged, how many "
            f"need help): {a.name} {percent(ppv[0])}, {b.name} {percent(ppv[1])}. False-alarm rates: "
            f"{a.name} {percent(fa[0])}, {b.name} {percent(fa[1])}.")
    return describe_splits(splits) + "\n\n" + text


# -- rate six chatbot replies against a safe-response rubric -----------------------------------------

from html import escape as _escape  # noqa: E402  (kept with the section it serves)

import ipywidgets as _widgets  # noqa: E402

from .content.replies import (  # noqa: E402
    REPLIES,
    RUBRIC,
    RUBRIC_MEANING,
    ChatReply,
    compare_rating,
)

RATE_FIRST = "Rate all three criteria first, then check."


def rubric_html() -> str:
    """The rubric as an HTML list: each criterion's label and what it asks."""
    items = "".join(f"<li><strong>{_escape(RUBRIC[c])}.</strong> {_escape(RUBRIC_MEANING[c])}</li>"
                    for c in RUBRIC)
    return f"<ul class='kit-rubric' aria-label='Safe-response rubric'>{items}</ul>"


def exchange_html(number: int, r: ChatReply, total: int) -> str:
    """One fictional exchange: the person's message and the chatbot's reply, labelled as fictional."""
    return (f"<h4>Reply {number} of {total} (fictional)</h4>"
            f"<p><strong>A person writes:</strong> {_escape(r.message)}</p>"
            f"<blockquote class='kit-chat-reply'><strong>The chatbot replies:</strong> {_escape(r.reply)}"
            f"</blockquote>")


def model_rating_html(r: ChatReply) -> str:
    """The model rating of one reply with its reasons, as HTML."""
    items = "".join(f"<li><strong>{_escape(RUBRIC[c])}: {'Yes' if r.model[c] else 'No'}.</strong> "
                    f"{_escape(r.reason[c])}</li>" for c in RUBRIC)
    return f"<ul>{items}</ul><p>{_escape(r.summary)}</p>"


def replies_static_html(replies=REPLIES) -> str:
    """The activity for pages without a kernel: each exchange, then its model rating in a collapsed block."""
    from .ui.offline import KERNEL_NOTE

    parts = ["<section class='kit-static-replies'>", rubric_html(),
             f"<p class='kit-static-note' role='note'>{_escape(KERNEL_NOTE)} Rate each reply yourself first "
             "(yes or no on each criterion), then open its model rating.</p>"]
    for i, r in enumerate(replies, 1):
        parts.append(exchange_html(i, r, len(replies)))
        parts.append("<details class='kit-static-answer'><summary>Show the model rating</summary>"
                     f"{model_rating_html(r)}</details>")
    parts.append("</section>")
    return "".join(parts)


class ReplyCard:
    """One exchange with three Yes/No questions, a check button and feedback (a polite live region)."""

    def __init__(self, number: int, r: ChatReply, total: int, on_checked=None):
        self.reply, self.on_checked, self.result = r, on_checked, None
        self.fields = {c: _widgets.RadioButtons(options=["Yes", "No"], value=None, description=RUBRIC[c],
                                                style={"description_width": "initial"},
                                                layout=_widgets.Layout(width="max-content"))
                       for c in RUBRIC}
        self.button = _widgets.Button(description="Check my rating",
                                      tooltip=f"Compare your rating of reply {number} with the model rating")
        self.feedback = _widgets.HTML()
        self.button.on_click(lambda _: self.check())
        self.widget = _widgets.VBox([_widgets.HTML(exchange_html(number, r, total)), *self.fields.values(),
                                     self.button, self.feedback])
        self.widget.add_class("kit-reply-card")

    def answers(self) -> dict:
        return {c: f.value for c, f in self.fields.items()}

    def check(self):
        """Compare the learner's rating with the model rating; ask for all three first."""
        answers = self.answers()
        if any(a is None for a in answers.values()):
            self.feedback.value = f'<p role="status" class="kit-incorrect">{_escape(RATE_FIRST)}</p>'
            return None
        self.result = compare_rating(self.reply.key, answers)
        kind = "kit-correct" if self.result.agreed == len(RUBRIC) else "kit-incorrect"
        paragraphs = "".join(f"<p>{_escape(line)}</p>" for line in self.result.text().split("\n"))
        self.feedback.value = f'<div role="status" class="{kind}">{paragraphs}</div>'
        if self.on_checked is not None:
            self.on_checked()
        return self.result


class ReplyRater(Displayable):
    """Rate six fictional chatbot replies against the safe-response rubric; feedback after each check."""

    def __init__(self, replies=REPLIES):
        replies = tuple(replies)
        if not replies or not all(isinstance(r, ChatReply) for r in replies):
            raise ValueError("replies must be a non-empty sequence of ChatReply")
        self.cards = [ReplyCard(i, r, len(replies), self._update_total) for i, r in enumerate(replies, 1)]
        self.total = _widgets.HTML()
        self._update_total()

    def _update_total(self):
        done = [c.result for c in self.cards if c.result is not None]
        agreed = sum(r.agreed for r in done)
        text = (f"Checked {len(done)} of {len(self.cards)} replies; you agree with the model rating on "
                f"{agreed} of {len(done) * len(RUBRIC)} criteria so far.")
        self.total.value = f'<p role="status" aria-live="polite">{_escape(text)}</p>'

    @property
    def widget(self):
        box = _widgets.VBox([_widgets.HTML(rubric_html()), *[c.widget for c in self.cards], self.total])
        box.add_class("kit-reply-rater")
        return box

    def static_html(self) -> str:
        return replies_static_html(tuple(c.reply for c in self.cards))


__all__ += ["ReplyRater", "ReplyCard", "replies_static_html", "rubric_html", "REPLIES", "RUBRIC"]
