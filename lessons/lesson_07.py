"""Lesson 07, the capstone: design, defend and watch a deployment.

Thin bindings from the engine (:mod:`lessons.engine.drift`, :mod:`lessons.engine.audit`) to the
notebook ``notebooks/07_watching_carefully.ipynb``: the default scenario, two
explorers, the predict-first moments and the self-check questions.

Numbers used here and where they come from:

* launch operating point: sensitivity 0.88, specificity 0.85 at 10% prevalence, the
  PHQ-9 preset (Levis 2019), turned into a binormal score (separation about 2.21,
  threshold about 1.04): *derived*;
* 2,000 people screened a month, drift of 0.05 separation a month from month 7,
  0.5 clinician hours per review, 0.75 per audit, 400 hours a month, group B with
  0.5 less separation: *illustrative*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import check_int, check_real
from .content.presets import preset
from .content.sources import cite
from .engine.audit import (
    AuditDraws,
    AuditRecord,
    ChartResult,
    PChart,
    ReviewPolicy,
    Scorecard,
    alarm_probability,
    deployment_scorecard,
    describe_chart,
    describe_scorecard,
    detection_curve,
)
from .engine.drift import (
    CohortDraws,
    DriftPlan,
    SimulatedTimeline,
    Timeline,
    check_threshold,
    describe_drift,
    expected_timeline,
    launch_operating_point,
)
from .engine.scenario import ScoreModel, auc_from_separation, separation_from_auc
from .engine.scores import split_for_month
from .ui.controls import NumberSlider, live_region
from .ui.explorers import Explorer, PresetPicker
from .ui.figures import base_layout, line_trace, make_figure, update_traces
from .ui.palette import OKABE_ITO, OUTCOME_STYLE
from .ui.quiz import Choice, Numeric, Prediction
from .ui.score_figure import TwoHillsExplorer
from .ui.sources_cell import sources_cell

# -- the default scenario ----------------------------------------------------------------------

LAUNCH_PRESET = preset("phq9_primary_care")
"""The operating point the AI launches at (sourced: Levis 2019)."""

LAUNCH_SEPARATION, LAUNCH_THRESHOLD = launch_operating_point(LAUNCH_PRESET.sensitivity,
                                                             LAUNCH_PRESET.specificity)
"""Binormal score through the PHQ-9 point (derived): separation about 2.21, threshold 1.0364..."""

DEPLOYED_THRESHOLD = round(LAUNCH_THRESHOLD, 2)
"""The threshold the AI runs at: the launch threshold to the sliders' step of 0.01, i.e. 1.04
(sensitivity 87.9%, specificity 85.1%). The summary, tables, predictions and explorers all use it,
so a learner who leaves the sliders alone sees the same numbers as the printed summary."""

PEOPLE_PER_MONTH = 2000
"""People screened each month (illustrative)."""

MONTHS = 24
DEFAULT_LOSS = 0.05
"""Fall in score separation per month once drift starts (illustrative)."""

DEFAULT_ONSET = 6
"""Drift starts after month 6 (illustrative)."""

DEFAULT_POLICY = ReviewPolicy()
"""Every flag reviewed, no second look, 200 audits a month, 0.5 h per review, 0.75 h per audit,
400 clinician hours a month (all illustrative)."""

SEED = 2024
AUDIT_SEED = 7


def default_plan(**changes) -> DriftPlan:
    """The lesson's default deployment: PHQ-9 launch point, drift of 0.05 a month after month 6."""
    values = dict(separation_at_launch=LAUNCH_SEPARATION, separation_loss=DEFAULT_LOSS,
                  prevalence_at_launch=LAUNCH_PRESET.prevalence, prevalence_change=0.0,
                  onset=DEFAULT_ONSET, months=MONTHS)
    values.update(changes)
    return DriftPlan(**values)


def launch_chart(threshold: float = DEPLOYED_THRESHOLD) -> PChart:
    """The p-chart whose centre line is the validated miss rate at launch for this threshold.

    At the deployed threshold that is 1 - 0.879 = 12.1%; a lower threshold misses fewer at launch.
    """
    return PChart(baseline=1.0 - float(ScoreModel(LAUNCH_SEPARATION).sensitivity_at(check_threshold(threshold))))


def detection_delay(curve, onset: int, chance: float = 0.5) -> int | None:
    """Months after the onset until the chance of having been alarmed first reaches ``chance``.

    curve: chance of at least one alarm by each month (from :func:`lessons.engine.audit.detection_curve`).
    Returns None if it never reaches ``chance`` within the deployment.
    """
    curve = np.asarray(curve, dtype=float)
    after = np.nonzero(curve[onset:] >= chance)[0]
    return int(after[0]) + 1 if after.size else None


def detection_within(plan: DriftPlan, threshold: float, sample_size: int, chart: PChart,
                     months_after: int) -> float:
    """Exact chance that the chart has raised an alarm by ``months_after`` months after the onset (0 to 1)."""
    last = min(plan.months, plan.onset + months_after)
    short = DriftPlan(plan.separation_at_launch, plan.separation_loss, plan.prevalence_at_launch,
                      plan.prevalence_change, min(plan.onset, last), last)
    return float(detection_curve(short, threshold, sample_size, chart)[-1])


# -- a printed summary (checked by nbval) -------------------------------------------------------

def summary() -> str:
    """Deterministic text summary of the default scenario: drift, one seeded audit run, the scorecard."""
    plan = default_plan()
    chart = launch_chart(DEPLOYED_THRESHOLD)
    expected = expected_timeline(plan, DEPLOYED_THRESHOLD, PEOPLE_PER_MONTH)
    sim = CohortDraws(plan.months, PEOPLE_PER_MONTH, SEED).realise(plan, DEPLOYED_THRESHOLD)
    record = AuditDraws(plan.months, PEOPLE_PER_MONTH, AUDIT_SEED).audit(sim, DEFAULT_POLICY.audit_sample)
    result = chart.apply(record)
    curve = detection_curve(plan, DEPLOYED_THRESHOLD, DEFAULT_POLICY.audit_sample, chart)
    false_alarm_month = alarm_probability(chart, chart.baseline, plan.prevalence_at_launch, DEFAULT_POLICY.audit_sample)
    card = deployment_scorecard(plan, DEPLOYED_THRESHOLD, DEFAULT_POLICY, PEOPLE_PER_MONTH)
    delay = detection_delay(curve, plan.onset)
    lines = [
        "DRIFT (expected, closed form)",
        describe_drift(expected).replace("\n\n", "\n"),
        "",
        "AUDITS AND CONTROL CHART (one seeded run)",
        describe_chart(result, plan.onset),
        f"Exact chance of a false alarm in a month without drift: {100 * false_alarm_month:.2f}% "
        f"(the normal approximation promises {100 * chart.design_false_alarm_rate:.2f}%).",
        f"Exact chance of at least one alarm by 3 months after the drift began (earlier false alarms count): "
        f"{100 * detection_within(plan, DEPLOYED_THRESHOLD, DEFAULT_POLICY.audit_sample, chart, 3):.1f}%; "
        f"half of all runs alarm within {delay} months." if delay else "",
        "",
        "SCORECARD (expected, 24 months)",
        describe_scorecard(card).replace("\n\n", "\n"),
    ]
    return "\n".join(line for line in lines if line is not None)


# -- drift presets -------------------------------------------------------------------------------

# -- meet Grace (the cast: lessons.content.cast) ------------------------------------------------

def grace_path(threshold: float = DEPLOYED_THRESHOLD, separation_loss: float = DEFAULT_LOSS):
    """Grace's months: her score against the threshold as the tool drifts, and the month audits alarm.

    The alarm month is the one by which half of all runs of this lesson's audits have alarmed
    (:func:`detection_delay` on the exact detection curve).
    """
    from .content.cast import CAST
    from .engine.paths import path_over_months

    plan = default_plan(separation_loss=separation_loss)
    chart = launch_chart(threshold)
    delay = detection_delay(detection_curve(plan, threshold, DEFAULT_POLICY.audit_sample, chart), plan.onset)
    alarm = None if delay is None else min(plan.months, plan.onset + delay)
    return path_over_months(CAST["grace"], plan, threshold, alarm,
                            "half of all runs of the audits have alarmed by then")


def meet_grace():
    """Grace, screened monthly while the tool drifts: missed for months before monitoring catches it."""
    from .content.cast import CAST
    from .ui.controls import NumberSlider
    from .ui.people_grid import MeetExplorer

    return MeetExplorer(CAST["grace"], {
        "threshold": NumberSlider("Threshold", DEPLOYED_THRESHOLD, 0.0, 2.5, 0.01,
                                  help="Scores at or above this are flagged."),
        "separation_loss": NumberSlider("Drift: fall in separation per month", DEFAULT_LOSS, 0.0, 0.2, 0.01,
                                        help="How fast the score stops telling people apart once drift starts.")},
        grace_path,
        setting=f"This lesson's deployment: drift starts after month {DEFAULT_ONSET}; "
                f"{DEFAULT_POLICY.audit_sample} people are audited each month.")


@dataclass(frozen=True)
class DriftPreset:
    """A drift scenario a learner can load: its settings, status and where the numbers come from.

    status: "derived" (computed from a published figure; ``note`` says how) or "illustrative".
    """

    key: str
    label: str
    separation_loss: float
    prevalence_change: float
    onset: int
    status: str
    note: str
    sources: tuple[str, ...] = ()

    def describe(self) -> str:
        cites = "; ".join(cite(k).citation for k in self.sources)
        return f"{self.label} ({self.status}). {self.note}" + (f" Source: {cites}" if cites else "")


WONG_SEPARATION = separation_from_auc(0.63)
"""Separation of a score with AUC 0.63, the AUC Wong et al. (2021) measured at an outside hospital."""

_WONG_LOSS = round((LAUNCH_SEPARATION - WONG_SEPARATION) / (MONTHS - DEFAULT_ONSET), 2)
_WONG_END_AUC = auc_from_separation(max(0.0, LAUNCH_SEPARATION - _WONG_LOSS * (MONTHS - DEFAULT_ONSET)))

DRIFT_PRESETS = {p.key: p for p in (
    DriftPreset("stable", "No drift: the AI stays as validated", 0.0, 0.0, DEFAULT_ONSET, "illustrative",
                "Nothing changes; any alarm is a false alarm of the chart."),
    DriftPreset("slow", "Slow drift after month 6 (the lesson's default)", DEFAULT_LOSS, 0.0, DEFAULT_ONSET,
                "illustrative", "The separation falls by 0.05 a month: AUC about 0.94 at launch, 0.82 by month 24."),
    DriftPreset("wong_auc", "Drift down to the AUC of a model moved to another hospital", _WONG_LOSS, 0.0,
                DEFAULT_ONSET, "derived",
                f"The separation falls by {_WONG_LOSS:g} a month from month 7, so the AUC is {_WONG_END_AUC:.2f} by "
                "month 24, close to the 0.63 Wong et al. measured for a commercial sepsis model outside its "
                "developer's hospital (the drift speed is illustrative).", ("wong2021",)),
    DriftPreset("fewer_in_need", "Fewer people in need, the same AI", 0.0, -0.003, DEFAULT_ONSET, "illustrative",
                "The prevalence falls by 0.3 percentage points a month from month 7; the score does not change."),
)}


def drift_settings(preset: DriftPreset) -> dict:
    """A drift preset's control values, keyed by control name (each explorer uses the ones it has)."""
    return {"separation_loss": preset.separation_loss, "prevalence_change": preset.prevalence_change,
            "onset": preset.onset}


class DriftPresetPicker(PresetPicker):
    """A labelled drop-down of :data:`DRIFT_PRESETS` that sets an explorer's drift controls in one redraw."""

    def __init__(self, explorer: Explorer):
        super().__init__(explorer, presets=DRIFT_PRESETS, label="Drift scenario", settings=drift_settings,
                         placeholder="(choose a drift scenario)",
                         help="Loads a drift speed (and onset or prevalence change); the note says its status.")


# -- explorer 1: drift with a fixed threshold ---------------------------------------------------

RATE_SERIES = (
    ("sensitivity", "Sensitivity", 0),
    ("specificity", "Specificity", 2),
    ("ppv", "PPV (of those flagged, how many need help)", 3),
    ("flag_rate", "Share flagged", 4),
)


@dataclass(frozen=True)
class DriftView:
    expected: Timeline
    simulated: SimulatedTimeline


class DriftExplorer(Explorer):
    """How monthly sensitivity, specificity, PPV, missed people and false alarms move under drift.

    Controls: separation lost per month, prevalence change per month, threshold.
    Figures: (1) monthly rates, exact lines plus one simulated run's sensitivity;
    (2) missed people and false alarms per month (expected counts).
    """

    title = "Drift explorer: the same threshold, month after month"

    def __init__(self, people_per_month: int = PEOPLE_PER_MONTH, seed: int = SEED):
        super().__init__()
        self.draws = CohortDraws(MONTHS, people_per_month, seed)
        self.add_control("separation_loss", NumberSlider(
            "Separation lost per month", DEFAULT_LOSS, 0.0, 0.2, 0.01,
            help="How fast the AI's score loses its power to tell people apart (illustrative)."))
        self.add_control("prevalence_change", NumberSlider(
            "Prevalence change per month", 0.0, -0.004, 0.004, 0.0005,
            help="How fast the share of people who need help changes (e.g. -0.002 = down 0.2 points a month)."))
        self.add_control("threshold", NumberSlider(
            "Threshold (score cut-off)", DEPLOYED_THRESHOLD, -1.0, 3.0, 0.01,
            help="People scoring at or above it are flagged. It stays fixed for the whole deployment."))

    def build_figures(self, first: DriftView) -> list:
        months = list(range(1, MONTHS + 1))
        rates = make_figure(
            [line_trace(months, first.expected.series(key), label, idx) for key, label, idx in RATE_SERIES]
            + [dict(x=months, y=first.simulated.series("sensitivity"), mode="markers",
                    name="Sensitivity, one simulated run", marker=dict(symbol="circle-open", size=8,
                                                                       color=OKABE_ITO["blue"]))],
            base_layout("Monthly rates with a fixed threshold", "Month", "Rate (0 to 1)",
                        yaxis=dict(range=[0, 1.02]), xaxis=dict(range=[0.5, MONTHS + 0.5])),
            widget=True)
        style = OUTCOME_STYLE
        counts = make_figure(
            [line_trace(months, first.expected.missed, "Missed per month", 1,
                        mode="lines+markers", marker=dict(symbol=style["missed"][1], size=8)),
             line_trace(months, first.expected.false_alarms, "False alarms per month", 3,
                        mode="lines+markers", marker=dict(symbol=style["false alarm"][1], size=8))],
            base_layout(f"Missed people and false alarms among {self.draws.people_per_month:,} screened a month",
                        "Month", "People per month (expected)", xaxis=dict(range=[0.5, MONTHS + 0.5]),
                        yaxis=dict(rangemode="tozero")),
            widget=True)
        return [rates, counts]

    def compute(self, separation_loss, prevalence_change, threshold):
        plan = default_plan(separation_loss=separation_loss, prevalence_change=prevalence_change)
        return DriftView(expected_timeline(plan, threshold, self.draws.people_per_month),
                         self.draws.realise(plan, threshold))

    def draw(self, view: DriftView):
        exp, sim = view.expected, view.simulated
        rates, counts = self.figures
        with rates.batch_update():
            for trace, (key, _, _) in zip(rates.data[:-1], RATE_SERIES, strict=True):
                trace.y = exp.series(key)
            rates.data[-1].y = sim.series("sensitivity")
        with counts.batch_update():
            counts.data[0].y = exp.missed.tolist()
            counts.data[1].y = exp.false_alarms.tolist()
        sim_first, sim_last = sim.counts[0].sensitivity, sim.counts[-1].sensitivity
        self.twins[0].value = live_region(
            describe_drift(exp)
            + f"\n\nOne simulated run (open circles) scatters around the exact line: its sensitivity is "
              f"{sim_first} in month 1 and {sim_last} in month {MONTHS}.")
        self.twins[1].value = live_region(describe_drift_counts(exp))


def describe_drift_counts(timeline: Timeline) -> str:
    """Text twin of the missed/false-alarm figure: first and last month, and the totals."""
    total = timeline.total()
    return (f"Expected per month: {round(timeline.missed[0]):,} missed and {round(timeline.false_alarms[0]):,} "
            f"false alarms in month 1; {round(timeline.missed[-1]):,} missed and "
            f"{round(timeline.false_alarms[-1]):,} false alarms in month {timeline.plan.months}. "
            f"Over {timeline.plan.months} months: {round(total.fn):,} missed and {round(total.fp):,} false alarms "
            f"among {round(total.population):,} people screened.")


# -- explorer 2: the capstone deployment ---------------------------------------------------------


@dataclass(frozen=True)
class DeploymentView:
    plan: DriftPlan
    policy: ReviewPolicy
    threshold: float
    expected: Timeline
    record: AuditRecord
    chart: ChartResult
    card: Scorecard
    detect_3: float


class DeploymentExplorer(Explorer):
    """Design a deployment, then watch it drift: audits, a control chart and a scorecard.

    Controls: threshold, second-look share, audit size, clinician-hours budget, drift speed,
    drift onset, months followed. Figures: (1) the control chart of the audited miss rate;
    (2) the scorecard (people found, still missed, false alarms); (3) clinician hours per month
    against the budget.
    people_per_month: people screened a month, 1,000 to 100,000 (at least the largest audit).
    """

    title = "Capstone: design, defend and watch a deployment"
    basic = ("threshold",)  # the rest behind "Show more controls"

    def __init__(self, people_per_month: int = PEOPLE_PER_MONTH, seed: int = SEED, audit_seed: int = AUDIT_SEED):
        super().__init__()
        self.people_per_month = check_int("people_per_month", people_per_month, low=1000, high=100_000)
        self.draws = CohortDraws(MONTHS, people_per_month, seed)
        self.audit_draws = AuditDraws(MONTHS, people_per_month, audit_seed)
        self._monitor_key, self._monitor = None, None
        self._drawn_keys: dict = {}
        p = DEFAULT_POLICY
        self.add_control("threshold", NumberSlider(
            "Threshold (score cut-off)", DEPLOYED_THRESHOLD, -1.0, 3.0, 0.01,
            help="Lower it to flag more people: fewer missed, more false alarms, more reviews."))
        self.add_control("second_look_share", NumberSlider(
            "Share of unflagged people a clinician also reviews", p.second_look_share, 0.0, 0.5, 0.01,
            help="A human second look at a random share of the people the AI cleared."))
        self.add_control("audit_sample", NumberSlider(
            "People audited each month", p.audit_sample, 0, 1000, 10,
            help="Randomly chosen people whose case a clinician re-checks to measure the AI's misses."))
        self.add_control("hours_budget", NumberSlider(
            "Clinician hours available per month", p.hours_budget, 0, 2000, 10,
            help="Illustrative. Audits are done first; reviews share what is left."))
        self.add_control("separation_loss", NumberSlider(
            "Drift: separation lost per month", DEFAULT_LOSS, 0.0, 0.2, 0.01,
            help="How fast the AI's score loses its power once the drift begins (illustrative)."))
        self.add_control("onset", NumberSlider(
            "Drift begins after month", DEFAULT_ONSET, 0, 24, 1,
            help="Months of stable performance before the drift begins."))
        self.add_control("months", NumberSlider(
            "Months followed", MONTHS, 12, 24, 1, help="How long the deployment is watched."))

    def build_figures(self, first: DeploymentView) -> list:
        return [
            make_figure(make_traces(chart_traces(first)), base_layout(
                "Control chart: audited miss rate each month", "Month", "Miss rate (share of people in need missed)",
                yaxis=dict(range=[0, 1.02]), xaxis=dict(range=[0.5, MONTHS + 0.5])), widget=True),
            make_figure(make_traces(scorecard_traces(first.card)), base_layout(
                "Scorecard over the deployment (expected)", "", "People", height=380), widget=True),
            make_figure(make_traces(hours_traces(first)), base_layout(
                "Clinician hours per month", "Month", "Hours", xaxis=dict(range=[0.5, MONTHS + 0.5]),
                yaxis=dict(rangemode="tozero")), widget=True),
        ]

    def compute(self, threshold, second_look_share, audit_sample, hours_budget, separation_loss, onset, months):
        months = int(months)
        plan = default_plan(separation_loss=separation_loss, onset=min(int(onset), months), months=months)
        policy = ReviewPolicy(second_look_share=second_look_share, audit_sample=int(audit_sample),
                              hours_per_review=DEFAULT_POLICY.hours_per_review,
                              hours_per_audit=DEFAULT_POLICY.hours_per_audit, hours_budget=hours_budget)
        expected = expected_timeline(plan, threshold, self.people_per_month)
        record, chart, detect = self._monitoring(plan, float(threshold), policy.audit_sample)
        card = deployment_scorecard(plan, threshold, policy, self.people_per_month)
        return DeploymentView(plan, policy, float(threshold), expected, record, chart, card, detect)

    def _monitoring(self, plan: DriftPlan, threshold: float, audit_sample: int):
        """Audits, chart and detection chance; reused while plan, threshold and audit size stay the same
        (a change of budget or second look does not re-run the audits)."""
        key = (plan, threshold, audit_sample)
        if self._monitor_key != key:
            sim = self.draws.realise(plan, threshold)
            record = self.audit_draws.audit(sim, audit_sample)
            pchart = launch_chart(threshold)
            detect = detection_within(plan, threshold, audit_sample, pchart, 3) if plan.has_drift else 0.0
            self._monitor_key, self._monitor = key, (record, pchart.apply(record), detect)
        return self._monitor

    def draw(self, view: DeploymentView):
        """Redraw each figure and its twin only if what it shows has changed."""
        chart_fig, card_fig, hours_fig = self.figures
        chart_key = (view.plan, view.threshold, view.policy.audit_sample)
        if chart_key != self._drawn_keys.get("chart"):
            with chart_fig.batch_update():
                for trace, new in zip(chart_fig.data, chart_traces(view), strict=True):
                    trace.x, trace.y = new["x"], new["y"]
                chart_fig.data[4].name = f"Alarm months: {len(view.chart.alarms)}"
            self.twins[0].value = live_region(describe_deployment_chart(view))
        card_key = (view.plan, view.threshold, view.policy)
        if card_key != self._drawn_keys.get("card"):
            bars = scorecard_traces(view.card)[0]
            with card_fig.batch_update():
                card_fig.data[0].y, card_fig.data[0].text = bars["y"], bars["text"]
            self.twins[1].value = live_region(describe_scorecard(view.card))
            update_traces(hours_fig, hours_traces(view), fields=("x", "y"))
            self.twins[2].value = live_region(describe_hours(view))
        self._drawn_keys = {"chart": chart_key, "card": card_key}


def chart_traces(view: DeploymentView) -> list[dict]:
    """Control-chart series: audited miss rate, upper limit, launch centre line, true miss rate, alarms, onset."""
    months = view.plan.month_numbers.tolist()
    result = view.chart
    alarms = list(result.alarms)
    alarm_rates = [result.miss_rate[m - 1] for m in alarms]
    onset_x = view.plan.onset + 0.5 if view.plan.onset < view.plan.months else None
    return [
        dict(x=months, y=list(result.miss_rate), mode="markers", name="Audited miss rate",
             marker=dict(symbol="circle", size=9, color=OKABE_ITO["blue"])),
        line_trace(months, [None if v is None else v for v in result.limit], "Upper control limit", 1,
                   line_shape="hv"),
        line_trace(months, [result.baseline] * len(months), "Miss rate at launch (centre line)", 6),
        line_trace(months, view.expected.series("undertriage"), "True miss rate (unknown in practice)", 2),
        dict(x=alarms, y=alarm_rates, mode="markers", name=f"Alarm months: {len(alarms)}",
             marker=dict(symbol="x", size=16, color=OKABE_ITO["vermillion"], line=dict(width=2))),
        dict(x=[onset_x, onset_x] if onset_x else [], y=[0, 1] if onset_x else [], mode="lines",
             name="Drift begins", line=dict(color=OKABE_ITO["grey"], dash="dot", width=2)),
    ]


SCORECARD_BARS = ("Found: correctly flagged", "Found by second look or audit", "Still missed", "False alarms")


def scorecard_traces(card: Scorecard) -> list[dict]:
    """One bar per scorecard count, each with its number as text (colour and pattern both differ)."""
    values = [card.correctly_flagged, card.caught_by_second_look + card.caught_by_audit, card.missed,
              card.false_alarms]
    colours = [OUTCOME_STYLE["correctly flagged"][0], OKABE_ITO["bluish_green"], OUTCOME_STYLE["missed"][0],
               OUTCOME_STYLE["false alarm"][0]]
    return [dict(type="bar", x=list(SCORECARD_BARS), y=[round(v, 1) for v in values], name="People",
                 text=[f"{round(v):,}" for v in values], textposition="outside",
                 marker=dict(color=colours, pattern=dict(shape=["", ".", "x", "/"], fgcolor="#ffffff",
                                                         solidity=0.3)))]


def hours_traces(view: DeploymentView) -> list[dict]:
    """Hours the work needs each month (line with markers) and the budget (dashed line)."""
    months = view.plan.month_numbers.tolist()
    return [
        line_trace(months, list(view.card.hours_by_month), "Hours needed (reviews + audits)", 0,
                   mode="lines+markers", marker=dict(symbol="circle", size=7)),
        line_trace(months, [view.policy.hours_budget] * len(months), "Hours available (budget)", 1),
    ]


def make_traces(spec):
    """Plotly trace objects from dict specs (bars stay bars)."""
    import plotly.graph_objects as go

    return [go.Bar(**{k: v for k, v in t.items() if k != "type"}) if t.get("type") == "bar" else go.Scatter(**t)
            for t in spec]


def describe_deployment_chart(view: DeploymentView) -> str:
    """Text twin of the control chart, with the exact chance of detection within 3 months."""
    text = describe_chart(view.chart, view.plan.onset if view.plan.has_drift else None)
    if view.policy.audit_sample == 0:
        return "No audits: nobody measures the AI's misses, so the chart is empty and drift cannot be seen. " + text
    if view.plan.has_drift:
        text += (f"\n\nWith {view.policy.audit_sample} audits a month, the exact chance of at least one alarm "
                 f"by 3 months after the drift began is {100 * view.detect_3:.0f}%.")
    true_last = view.expected.counts[-1].undertriage
    text += f" The true miss rate in month {view.plan.months} is {true_last}."
    pooled, truth = view.record.pooled(), view.expected.total()
    text += (f"\n\nAll audits together: measured sensitivity {pooled.sensitivity} (true {truth.sensitivity}), "
             f"measured PPV {pooled.ppv} (true {truth.ppv}), from {round(pooled.population):,} audited people.")
    return text


def describe_hours(view: DeploymentView) -> str:
    """Text twin of the hours figure."""
    hours = np.array(view.card.hours_by_month)
    budget = view.policy.hours_budget
    over = int(np.sum(hours > budget + 1e-9))
    text = (f"The work needs {hours.min():,.0f} to {hours.max():,.0f} clinician hours a month "
            f"(reviews at {view.policy.hours_per_review:g} h each, audits at {view.policy.hours_per_audit:g} h each, "
            f"both illustrative); the budget is {budget:,.0f} hours.")
    if over:
        text += f" The need is above the budget in {over} of {len(hours)} months."
    else:
        text += " The need stays within the budget every month."
    return text


# -- predict first -------------------------------------------------------------------------------

_plan = default_plan()
_end = expected_timeline(_plan, DEPLOYED_THRESHOLD, PEOPLE_PER_MONTH).counts[-1]

predict_sensitivity = Prediction(
    "The AI launches at 88% sensitivity. Its score then drifts for 18 months (0.05 a month, illustrative) "
    "while the threshold stays put. What sensitivity do you expect in month 24?",
    truth=round(100 * _end.sensitivity.value, 1), unit="%", low=0, high=100, step=1,
    explain="The threshold was tuned for the launch scores; as the scores of people in need slide down "
            "towards the others, more of them fall below it, while specificity does not change at all.",
)

_curve = detection_curve(_plan, DEPLOYED_THRESHOLD, DEFAULT_POLICY.audit_sample, launch_chart())
_delay = detection_delay(_curve, _plan.onset)

predict_detection = Prediction(
    "Clinicians audit 200 randomly chosen people a month. The drift starts after month 6. After how many "
    "months of drift will half of all such deployments have seen their first alarm?",
    truth=float(_delay), unit=" months", low=0, high=18, step=1,
    explain="Only about 1 in 10 audited people needs help, so each month's miss rate rests on about 20 people "
            "and is noisy: the limit has to sit far above the launch rate.",
)

# -- self-checks ------------------------------------------------------------------------------------

q_fixed_rate = Choice(
    "The AI's scores for people in need drift down, the people not in need are unchanged, and the threshold "
    "stays fixed. Which rate does NOT change?",
    ["Sensitivity", "Specificity", "PPV", "Share flagged"],
    "Specificity",
    "Specificity only depends on the scores of people who do not need help and the threshold; neither moved. "
    "That is why a tool can look stable on false alarms while it misses more and more people.",
    hints={
        "Sensitivity": "Sensitivity is about people in need, whose scores are the ones drifting.",
        "PPV": "PPV mixes both groups: fewer correct flags with the same false alarms lowers it.",
        "Share flagged": "Fewer people in need pass the threshold, so fewer people are flagged overall.",
    },
)

_AUDIT_RIGHT = ("More audited people in need each month, so the measured miss rate is less noisy and the "
                "limit sits closer to the launch rate.")
_AUDIT_HINTS = {
    "A bigger audit makes the AI more accurate.": "Auditing measures the AI; it does not change it.",
    "A bigger audit lowers the chart's centre line.":
        "The centre line is the launch miss rate, whatever the audit size.",
    "Clinicians work faster on bigger audits.":
        "The model charges the same hours per audited case; look at the limit instead.",
}

q_audit_size = Choice(
    "Why does a bigger monthly audit catch drift sooner?",
    [
        "More audited people in need, so the miss rate is less noisy.",
        "A bigger audit makes the AI's own scores more accurate.",
        "A bigger audit lowers the chart's centre line, so alarms come early.",
        "A bigger audit raises the limit, so each alarm is more certain.",
    ],
    "More audited people in need, so the miss rate is less noisy.",
    "The limit is the launch rate plus 3 standard errors, and the standard error shrinks with the square "
    "root of the number of audited people in need: the limit sits closer to the launch rate.",
    hints={
        "A bigger audit makes the AI's own scores more accurate.":
            "The audit only measures the AI; it does not change it.",
        "A bigger audit lowers the chart's centre line, so alarms come early.":
            "The centre line is the launch miss rate, whatever the audit size.",
        "A bigger audit raises the limit, so each alarm is more certain.":
            "The limit is 3 standard errors above the centre line. Does a bigger sample make that gap "
            "wider or narrower?",
    },
)

_chart = launch_chart()
_month_p = alarm_probability(_chart, _chart.baseline, LAUNCH_PRESET.prevalence, DEFAULT_POLICY.audit_sample)
_year2 = 1.0 - (1.0 - _month_p) ** 24

q_false_alarms_two_years = Numeric(
    f"With no drift at all, the chart raises a false alarm in any one month with chance {100 * _month_p:.2f}% "
    "(exact, 200 audits a month). What is the chance, in percent, of at least one false alarm in 24 months?",
    answer=round(100 * _year2, 1), tolerance=0.5, unit="%",
    explanation=f"1 - (1 - {_month_p:.4f})^24 = {100 * _year2:.1f}%. Months are independent cohorts, so the "
                "chances of staying quiet multiply.",
    hint="Work out the chance of a quiet month, raise it to the 24th power, and subtract from 1.",
)

_phq = expected_timeline(default_plan(separation_loss=0.0), LAUNCH_THRESHOLD, PEOPLE_PER_MONTH).counts[0]

q_overtriage = Numeric(
    "The trauma-care benchmark asks for overtriage under 50% (Mohan et al., 2011). The kit measures overtriage "
    "as Rehn et al. (2009) define it: of those flagged, the share who did not need help. "
    "At launch the AI flags with sensitivity 88% and specificity 85% at 10% prevalence. What is its "
    "overtriage, in percent?",
    answer=round(100 * _phq.overtriage.value, 1), tolerance=0.5, unit="%",
    explanation=f"PPV is {_phq.ppv.percent()}, so overtriage is 1 - PPV = {_phq.overtriage.percent()}: "
                "above the 50% target, because most people screened do not need help.",
    hint="Overtriage = 1 - PPV. Count correctly flagged (10% x 88%) and false alarms (90% x 15%) first.",
)

q_prevalence_shift = Choice(
    "The AI's scores do not change, but the share of people who need help falls from 10% to 5%. What does"
    " a control chart of the audited miss rate show?",
    [
        "Nothing unusual: the miss rate holds, though the PPV falls.",
        "An alarm, because the PPV falls when fewer people need help.",
        "An alarm, because fewer people are flagged each month.",
    ],
    "Nothing unusual: the miss rate holds, though the PPV falls.",
    "A miss-rate chart only watches the people in need. Watching PPV (or the flag rate) too catches "
    "changes in who is screened.",
    hints={
        "An alarm, because the PPV falls when fewer people need help.":
            "PPV does fall, but this chart plots the miss rate among audited people in need.",
        "An alarm, because fewer people are flagged each month.":
            "The chart watches the miss rate among people in need, not the number flagged.",
    },
)

q_regulators = Choice(
    "A vendor tells your service that its generative-AI therapy chatbot is 'FDA-authorised, like the "
    "others'. What do the kit's sources suggest you do?",
    [
        "Ask for proof: none was reported authorised in late 2025.",
        "Accept it: the FDA has authorised several such therapy chatbots.",
        "Ignore it: mental-health chatbots are never medical devices.",
    ],
    "Ask for proof: none was reported authorised in late 2025.",
    "News reports of the FDA Digital Health Advisory Committee's meeting of 6 November 2025 on "
    "generative-AI mental-health devices say no such device had been authorised. Ask what was authorised,"
    " for what use, and on what evidence.",
    hints={
        "Accept it: the FDA has authorised several such therapy chatbots.":
            "Check the lesson's regulator section: what had the FDA authorised by its November 2025 "
            "meeting?",
        "Ignore it: mental-health chatbots are never medical devices.":
            "A tool that claims to treat or diagnose can be a medical device; regulators in the US and "
            "the UK say so.",
    },
)

QUESTIONS = (q_fixed_rate, q_audit_size, q_false_alarms_two_years, q_overtriage, q_prevalence_shift, q_regulators)


# -- exercise helpers --------------------------------------------------------------------------------

def audit_size_table(sizes=(50, 100, 200, 400, 800), horizons=(6, 12)) -> str:
    """For each monthly audit size: audit hours a month, exact chance of a false alarm in a month
    without drift, and exact chance of at least one alarm by 6 and 12 months after the default
    drift begins (alarms before the drift count too, as they would in practice)."""
    plan = default_plan()
    chart = launch_chart(DEPLOYED_THRESHOLD)
    head = f"{'audited/month':>14}{'audit hours':>13}{'false alarm/month':>19}"
    head += "".join(f"{'alarm by +' + str(h) + ' mo':>17}" for h in horizons)
    rows = [head]
    for n in sizes:
        quiet = alarm_probability(chart, chart.baseline, plan.prevalence_at_launch, n)
        row = f"{n:>14,}{n * DEFAULT_POLICY.hours_per_audit:>13,.0f}{100 * quiet:>18.2f}%"
        row += "".join(f"{100 * detection_within(plan, DEPLOYED_THRESHOLD, n, chart, h):>16.1f}%" for h in horizons)
        rows.append(row)
    return "\n".join(rows)


def policy_table(thresholds=(DEPLOYED_THRESHOLD, 0.6, 0.2), second_looks=(0.0, 0.1),
                 hours_budget: float = 400.0) -> str:
    """Scorecard lines for a few threshold and second-look choices under the default drift (expected)."""
    plan = default_plan()
    rows = [f"{'threshold':>10}{'2nd look':>10}{'missed':>9}{'undertriage':>13}{'false alarms':>14}"
            f"{'hours/month':>13}{'months over':>13}"]
    for t in thresholds:
        for s in second_looks:
            policy = ReviewPolicy(second_look_share=s, hours_budget=hours_budget)
            card = deployment_scorecard(plan, t, policy, PEOPLE_PER_MONTH)
            rows.append(f"{t:>10.2f}{s:>10.0%}{card.missed:>9,.0f}{card.missed_share.percent():>13}"
                        f"{card.false_alarms:>14,.0f}{card.clinician_hours / plan.months:>13,.0f}"
                        f"{card.months_over_budget:>13}")
    return "\n".join(rows)


# -- the need-help hill, month by month (lesson 00's picture) -----------------------------------------

def month_hills(month: int, separation_loss: float, threshold: float):
    """The two hills in one month of the lesson's deployment (drift after month 6, prevalence fixed).

    Counts come from :func:`lessons.engine.drift.expected_timeline`, as in the drift explorer.
    """
    plan = default_plan(separation_loss=separation_loss)
    return split_for_month(plan, threshold, int(round(check_real("month", month, low=1, high=MONTHS))),
                           PEOPLE_PER_MONTH)


def MonthHillsExplorer(month: int = MONTHS, separation_loss: float = DEFAULT_LOSS,
                       threshold: float = DEPLOYED_THRESHOLD) -> TwoHillsExplorer:
    """Lesson 00's two hills with a month slider: drift slides the need-help hill towards the other one."""
    controls = [
        ("month", NumberSlider("Month of the deployment", month, 1, MONTHS, 1,
                               help="Step through the months with the arrow keys; drift starts after month "
                                    f"{DEFAULT_ONSET}.")),
        ("separation_loss", NumberSlider(
            "Separation lost per month", separation_loss, 0.0, 0.2, 0.01,
            help="How fast the AI's score loses its power to tell people apart (illustrative).")),
        ("threshold", NumberSlider(
            "Threshold (score cut-off)", threshold, -1.0, 3.0, 0.01,
            help="People scoring at or above it are flagged. It stays fixed for the whole deployment.")),
    ]
    return TwoHillsExplorer(
        controls, month_hills, title="Drift, drawn: the hills month by month",
        figure_title=f"Scores of the {PEOPLE_PER_MONTH:,} people screened in one month",
        x_range=(-4.0, 6.0), scale="people")


# -- the lesson's contract: the same names in every lesson (tests/test_contracts.py) ----------------

SOURCE_KEYS = ("article", "levis2019", "thombs2014", "wong2021", "graham2019", "hannan2005", "obermeyer2019",
               "mohan2011", "rehn2009", "newgard2013", "fda2025", "mhra2025")
"""Every source lesson 07 cites, in the order of its sources list."""

ILLUSTRATIVE = (
    "2,000 people screened each month, a fresh group every month",
    "the drift: the separation falls by 0.05 a month after six stable months",
    "0.5 clinician hours per review and 0.75 per audit",
    "a budget of 400 clinician hours a month",
    "200 people audited each month",
    "group B as 30% of people, with a separation 0.5 lower",
)
"""The lesson's illustrative numbers (chosen for teaching, not taken from a study). The launch threshold and
separation are derived from Levis et al. (2019)."""


def sources():
    """The lesson's sources list and illustrative numbers, as notebook markdown."""
    return sources_cell(SOURCE_KEYS, ILLUSTRATIVE)


__all__ = [
    "LAUNCH_PRESET", "DEPLOYED_THRESHOLD", "PEOPLE_PER_MONTH", "MONTHS", "DEFAULT_LOSS", "DEFAULT_ONSET",
    "DEFAULT_POLICY", "default_plan", "launch_chart", "detection_delay", "detection_within", "DRIFT_PRESETS",
    "DriftPreset", "DriftPresetPicker", "DriftExplorer", "DeploymentExplorer", "audit_size_table", "policy_table",
    "MonthHillsExplorer", "month_hills", "predict_sensitivity", "predict_detection", "q_fixed_rate", "q_audit_size",
    "q_false_alarms_two_years",
    "q_overtriage", "q_prevalence_shift", "q_regulators", "QUESTIONS", "summary", "SOURCE_KEYS", "ILLUSTRATIVE",
    "sources",
    "meet_grace",
]
