"""Lesson 02, monitoring patient progress: the explorer, presets and self-check questions.

Thin bindings to :mod:`lessons.engine.monitoring`. Every default setting here is
**illustrative** (chosen for teaching); the studies the lesson cites are about
real monitoring and alerts, not about these numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import plotly.graph_objects as go

from .checks import check_choice
from .engine.monitoring import (
    DEFAULT_PATIENTS,
    DEFAULT_WEEKS,
    MonitoringResult,
    describe_detection,
    describe_load,
    describe_roc,
    describe_sweep,
    run_monitoring,
    simulate_cohort,
    threshold_sweep,
)
from .engine.monitoring import (
    summary as describe_monitoring,
)
from .engine.scenario import DEFAULT_SEED
from .ui.controls import NumberSlider, live_region
from .ui.explorers import Explorer, PresetPicker
from .ui.figures import base_layout, make_figure, roc_figure
from .ui.palette import DASHES, OKABE_ITO, SERIES
from .ui.quiz import Choice, Numeric, Prediction
from .ui.sources_cell import sources_cell

DEFAULTS = dict(share=0.10, noise=2.0, window=1, threshold=5.0, clinicians=5, reviews_per_clinician=25)
"""The lesson's starting point. All illustrative: 10% of patients deteriorate, 2 points of week-to-week
noise, alert at a 5-point rise, 5 clinicians who can each review 25 alerts a week."""

EXAMPLES_EACH = 3
"""Example patients drawn in the trajectory figure: this many who may deteriorate and this many who do not."""
EXAMPLE_NAMES = "ABCDEF"


@lru_cache(maxsize=4)
def default_cohort(patients: int = DEFAULT_PATIENTS, weeks: int = DEFAULT_WEEKS, seed: int = DEFAULT_SEED):
    """The lesson's cohort (2,000 patients, 26 weekly scores, the kit's seed), simulated once."""
    return simulate_cohort(patients, weeks, seed)


def default_result(**changes) -> MonitoringResult:
    """The default scenario of the lesson, with any settings changed (names as in :data:`DEFAULTS`)."""
    unknown = set(changes) - set(DEFAULTS)
    if unknown:
        raise ValueError(f"settings must be among {', '.join(DEFAULTS)}; got {', '.join(sorted(unknown))}")
    return run_monitoring(default_cohort(), **{**DEFAULTS, **changes})


def summary() -> str:
    """The default scenario's detection, load and ROC paragraphs (the lesson's checked summary)."""
    return describe_monitoring(default_result())


def print_threshold_sweep(thresholds=(3, 4, 5, 6, 7, 8), **settings) -> None:
    """Print how detection, false alarms, timing and load change with the threshold (default cohort)."""
    settings = {k: v for k, v in {**DEFAULTS, **settings}.items() if k in ("share", "noise", "window")}
    print(describe_sweep(threshold_sweep(default_cohort(), thresholds, **settings)))


# -- example patients ------------------------------------------------------------------------

def example_patients(cohort) -> np.ndarray:
    """Indices of the example patients: the three most likely to deteriorate, then the three least likely.

    With common random numbers a patient deteriorates when their draw is below the share, so the
    patients with the smallest draws deteriorate at any share above those draws.
    """
    order = np.argsort(cohort.draw, kind="stable")
    return np.concatenate([order[:EXAMPLES_EACH], order[::-1][:EXAMPLES_EACH]])


def example_label(result: MonitoringResult, k: int, patient: int) -> str:
    """Legend name of example patient ``k``: a letter and whether and when they deteriorate."""
    s = result.scores
    if s.deteriorates[patient]:
        return f"Patient {EXAMPLE_NAMES[k]} (deteriorates from week {int(s.cohort.onset[patient])})"
    return f"Patient {EXAMPLE_NAMES[k]} (does not deteriorate)"


def trajectory_data(result: MonitoringResult, patients) -> dict:
    """Lines, alert marks and onset marks of the example patients, ready for the figure."""
    s, o = result.scores, result.outcome
    weeks = s.weeks
    lines = [(weeks, s.change[p].astype(float), example_label(result, k, p)) for k, p in enumerate(patients)]
    alert_x, alert_y, onset_x, onset_y = [], [], [], []
    for p in patients:
        hit = o.alert_matrix[p]
        alert_x.extend(weeks[hit].tolist())
        alert_y.extend(s.change[p][hit].tolist())
        if s.deteriorates[p]:
            col = int(s.cohort.onset[p]) - 1
            onset_x.append(int(s.cohort.onset[p]))
            onset_y.append(float(s.change[p][col]))
    return dict(lines=lines, alerts=(alert_x, alert_y), onsets=(onset_x, onset_y))


def describe_examples(result: MonitoringResult, patients) -> str:
    """Text twin of the trajectory figure: for each example patient, what happens and when they alert."""
    s, o = result.scores, result.outcome
    parts = [f"The figure shows {len(patients)} example patients' change from their starting score, week by week, "
             f"with the threshold at {o.threshold:g} points."]
    for k, p in enumerate(patients):
        alert_weeks = s.weeks[o.alert_matrix[p]]
        name = f"Patient {EXAMPLE_NAMES[k]}"
        if alert_weeks.size:
            shown = ", ".join(str(w) for w in alert_weeks[:6]) + (" and later" if alert_weeks.size > 6 else "")
            alerts = f"alerts in {alert_weeks.size} {'week' if alert_weeks.size == 1 else 'weeks'} (weeks {shown})"
        else:
            alerts = "never alerts"
        if s.deteriorates[p]:
            onset, clear = int(s.cohort.onset[p]), int(s.clear_week[p])
            first = int(o.alert_week[p])
            verdict = (f"first alert after onset in week {first}" if first >= 0
                       else "missed: no alert after onset")
            parts.append(f"{name} deteriorates from week {onset} (clear by week {clear}); {alerts}; {verdict}.")
        else:
            parts.append(f"{name} does not deteriorate and {alerts}"
                         + ("; every one is a false alert." if alert_weeks.size else "."))
    return " ".join(parts)


# -- the explorer ----------------------------------------------------------------------------

# -- meet Chloe again (the cast: lessons.content.cast) ------------------------------------------

def meet_chloe():
    """Chloe, followed by weekly reports: whether the alert rule flags her although she is not getting worse."""
    from .content.cast import CAST
    from .engine.monitoring import score_cohort
    from .engine.paths import path_in_monitoring
    from .ui.controls import NumberSlider
    from .ui.people_grid import MeetExplorer

    scores = score_cohort(default_cohort(), DEFAULTS["share"], DEFAULTS["noise"], DEFAULTS["window"])
    return MeetExplorer(CAST["chloe"], {"threshold": NumberSlider(
        "Alert threshold (points above the starting score)", DEFAULTS["threshold"], 0.0, 15.0, 0.5,
        help="The rule alerts when the score is at least this many points above week 0.")},
        lambda threshold: path_in_monitoring(CAST["chloe"], scores, threshold),
        setting="This lesson's weekly reports: Chloe stands for one patient of the simulated cohort who is "
                "not getting worse, but whose reported score wobbles.")


class MonitoringExplorer(Explorer):
    """Threshold, smoothing, noise, share deteriorating and review capacity -> three figures.

    Figures: (0) example patients' trajectories with alerts marked; (1) alerts per
    clinician each week against what one clinician can review; (2) the ROC curve of the
    rule over all thresholds with the current operating point. The cohort is simulated
    once; scores for each (share, noise, window) are cached, so moving the threshold or the
    capacity only re-applies the rule.
    """

    title = "Monitoring explorer: weekly scores, alerts and the people who review them"
    basic = ("threshold",)  # the rest behind "Show more controls"
    intro = ("Each patient reports a symptom score every week. The rule alerts when a score rises far enough above "
             "the patient's starting score. All settings are illustrative.")

    def __init__(self, patients: int = DEFAULT_PATIENTS, weeks: int = DEFAULT_WEEKS, seed: int = DEFAULT_SEED,
                 **settings):
        super().__init__()
        start = {**DEFAULTS, **settings}
        unknown = set(start) - set(DEFAULTS)
        if unknown:
            raise ValueError(f"settings must be among {', '.join(DEFAULTS)}; got {', '.join(sorted(unknown))}")
        self.cohort = simulate_cohort(patients, weeks, seed)
        self.examples = example_patients(self.cohort)
        run_monitoring(self.cohort, **start)  # validates the starting settings, naming each one
        self.add_control("threshold", NumberSlider(
            "Alert threshold (points above the starting score)", start["threshold"], 0.0, 15.0, 0.5,
            help="The rule alerts when the score is at least this many points above week 0."))
        self.add_control("window", NumberSlider(
            "Weeks averaged by the rule", start["window"], 1, 4, 1,
            help="1 uses each week's score alone; 3 averages the last three weeks (smoother, slower)."))
        self.add_control("noise", NumberSlider(
            "Week-to-week noise in reported scores (points)", start["noise"], 0.0, 6.0, 0.5,
            help="How much a patient's reported score wobbles from week to week without any real change."))
        self.add_control("share", NumberSlider(
            "Share of patients who deteriorate", start["share"], 0.0, 0.5, 0.01,
            help="The share of patients whose symptoms get worse during follow-up."))
        self.add_control("clinicians", NumberSlider(
            "Clinicians reviewing alerts", start["clinicians"], 1, 20, 1,
            help="How many clinicians share the alerts each week."))
        self.add_control("reviews_per_clinician", NumberSlider(
            "Alerts one clinician can review per week", start["reviews_per_clinician"], 0, 60, 1,
            help="Alerts beyond the team's capacity are not reviewed that week."))

    # -- figures built once ---------------------------------------------------------------
    def build_figures(self, first: MonitoringResult) -> list:
        roc = first.roc
        return [self._trajectory_figure(first), self._load_figure(first),
                roc_figure(roc.false_alert_rate, roc.sensitivity, *operating_point(first),
                           title="ROC curve of the rule: every threshold at once", widget=True)]

    def _trajectory_figure(self, result):
        data = trajectory_data(result, self.examples)
        traces = []
        for k, (x, y, name) in enumerate(data["lines"]):
            traces.append(dict(x=x.tolist(), y=y.tolist(), name=name, mode="lines",
                               line=dict(color=SERIES[k % len(SERIES)], dash=DASHES[k % len(DASHES)], width=2.5),
                               hovertemplate=f"{name}<br>week %{{x}}: %{{y:+.1f}} points<extra></extra>"))
        weeks = result.scores.weeks
        traces.append(dict(x=[int(weeks[0]), int(weeks[-1])], y=[result.outcome.threshold] * 2, mode="lines",
                           name=f"Threshold: {result.outcome.threshold:g} points",
                           line=dict(color=OKABE_ITO["black"], dash="dash", width=2), hoverinfo="skip"))
        traces.append(dict(x=data["alerts"][0], y=data["alerts"][1], mode="markers", name="Alert raised (cross)",
                           marker=dict(symbol="x", size=11, color=OKABE_ITO["black"],
                                       line=dict(width=1, color=OKABE_ITO["black"])),
                           hovertemplate="alert in week %{x}<extra></extra>"))
        traces.append(dict(x=data["onsets"][0], y=data["onsets"][1], mode="markers",
                           name="Deterioration starts (open triangle)",
                           marker=dict(symbol="triangle-up-open", size=16, color=OKABE_ITO["black"],
                                       line=dict(width=2.5)),
                           hovertemplate="deterioration starts in week %{x}<extra></extra>"))
        layout = base_layout("Six example patients: change from their starting score",
                             "Week", "Change from week 0 (points)", height=480,
                             legend=dict(orientation="v", y=1.0, yanchor="top", x=1.02, xanchor="left"),
                             margin=dict(r=330))
        return make_figure(traces, layout, widget=True)

    def _load_figure(self, result):
        load, o = result.load, result.outcome
        weeks = result.scores.weeks.tolist()
        traces = [
            go.Bar(x=weeks, y=(o.true_alerts / load.clinicians).tolist(),
                   name="Alerts for deteriorating patients (striped)",
                   marker=dict(color=OKABE_ITO["blue"], pattern=dict(shape="/", fgcolor="#ffffff", solidity=0.3)),
                   hovertemplate="week %{x}: %{y:.1f} per clinician<extra></extra>"),
            go.Bar(x=weeks, y=(o.false_alerts / load.clinicians).tolist(), name="False alerts (dotted)",
                   marker=dict(color=OKABE_ITO["orange"], pattern=dict(shape=".", fgcolor="#000000", solidity=0.3)),
                   hovertemplate="week %{x}: %{y:.1f} per clinician<extra></extra>"),
            go.Scatter(x=[weeks[0] - 0.5, weeks[-1] + 0.5], y=[load.reviews_per_clinician] * 2, mode="lines",
                       name="What one clinician can review (dashed line)",
                       line=dict(color=OKABE_ITO["black"], dash="dash", width=3), hoverinfo="skip"),
        ]
        layout = base_layout("Alerts per clinician each week, against what one clinician can review",
                             "Week", "Alerts per clinician", height=440, barmode="stack")
        return make_figure(traces, layout, widget=True)

    # -- engine and redraw ----------------------------------------------------------------
    def compute(self, threshold, window, noise, share, clinicians, reviews_per_clinician) -> MonitoringResult:
        """Run the engine on the explorer's cohort for the slider values (whole-number sliders rounded)."""
        return run_monitoring(self.cohort, share=share, noise=noise, window=round(window), threshold=threshold,
                              clinicians=round(clinicians), reviews_per_clinician=round(reviews_per_clinician))

    def draw(self, result: MonitoringResult) -> None:
        """Put the result into the three figures (inside batch updates) and their text twins."""
        self.result = result
        trajectory, load_fig, roc_fig = self.figures
        data = trajectory_data(result, self.examples)
        threshold = result.outcome.threshold
        with trajectory.batch_update():
            for trace, (x, y, name) in zip(trajectory.data[:-3], data["lines"], strict=True):
                trace.x, trace.y, trace.name = x, y, name
            trajectory.data[-3].y = [threshold, threshold]
            trajectory.data[-3].name = f"Threshold: {threshold:g} points"
            trajectory.data[-2].x, trajectory.data[-2].y = data["alerts"]
            trajectory.data[-1].x, trajectory.data[-1].y = data["onsets"]
        load, o = result.load, result.outcome
        with load_fig.batch_update():
            load_fig.data[0].y = o.true_alerts / load.clinicians
            load_fig.data[1].y = o.false_alerts / load.clinicians
            load_fig.data[2].y = [load.reviews_per_clinician] * 2
        roc = result.roc
        point = operating_point(result)
        with roc_fig.batch_update():
            roc_fig.data[1].x = roc.false_alert_rate
            roc_fig.data[1].y = roc.sensitivity
            roc_fig.data[2].x, roc_fig.data[2].y = [point[0]], [point[1]]
        self.twins[0].value = live_region(describe_examples(result, self.examples) + "\n\n"
                                          + describe_detection(result))
        self.twins[1].value = live_region(describe_load(result))
        self.twins[2].value = live_region(describe_roc(result))


def operating_point(result: MonitoringResult) -> tuple[float, float]:
    """(false-alert rate, sensitivity) of the current rule; 0 for a rate whose group is empty."""
    c = result.counts
    fa = 1.0 - c.specificity.value if c.specificity.defined else 0.0
    sens = c.sensitivity.value if c.sensitivity.defined else 0.0
    return fa, sens


# -- illustrative presets ------------------------------------------------------------------------

@dataclass(frozen=True)
class MonitoringPreset:
    """A named group of settings for the explorer. ``status`` is always "illustrative" here:
    no study gives these numbers; they show the trade-offs."""

    key: str
    label: str
    settings: dict
    note: str
    status: str = "illustrative"

    def describe(self) -> str:
        shown = ", ".join(f"{k.replace('_', ' ')} {v:g}" for k, v in self.settings.items())
        return f"{self.label} ({self.status}): {shown}. {self.note}"


MONITORING_PRESETS = {p.key: p for p in [
    MonitoringPreset("default", "The lesson's starting point", dict(DEFAULTS),
                     "Alert at a 5-point rise over a noisy weekly score."),
    MonitoringPreset("hair_trigger", "Hair-trigger rule", {**DEFAULTS, "threshold": 3.0},
                     "Catches deterioration early, at the cost of many false alerts."),
    MonitoringPreset("cautious", "Cautious rule", {**DEFAULTS, "threshold": 8.0},
                     "Few false alerts, but deterioration is found late or missed."),
    MonitoringPreset("smoothed", "Smoothed rule", {**DEFAULTS, "threshold": 4.0, "window": 3},
                     "Averages three weeks, so a single bad week rarely triggers an alert."),
    MonitoringPreset("noisy", "Noisy reports", {**DEFAULTS, "noise": 4.0},
                     "The same rule when weekly scores wobble twice as much."),
    MonitoringPreset("small_team", "Small team", {**DEFAULTS, "clinicians": 2},
                     "Two clinicians face the same alerts: many go unreviewed."),
]}


def monitoring_preset(key: str) -> MonitoringPreset:
    """The preset with this key; ValueError lists the known keys."""
    return MONITORING_PRESETS[check_choice("preset", key, MONITORING_PRESETS)]


class MonitoringPresetPicker(PresetPicker):
    """A labelled drop-down of illustrative settings that sets the explorer's controls in one redraw."""

    def __init__(self, explorer: MonitoringExplorer):
        super().__init__(explorer, presets=MONITORING_PRESETS, label="Preset settings (illustrative)",
                         settings=lambda p: p.settings)


# -- predict first and self-checks -----------------------------------------------------------------

def false_alert_percent(result: MonitoringResult) -> float:
    """Percent (0 to 100, one decimal) of patients who do not deteriorate but get at least one alert."""
    c = result.counts
    return round(100.0 * c.fp / c.no_need, 1) if c.no_need else 0.0


def make_prediction() -> Prediction:
    """Predict first: how many of the patients who never deteriorate get a false alert?"""
    truth = false_alert_percent(default_result())
    return Prediction(
        "The rule alerts when a weekly score is at least 5 points above the patient's starting score. Scores wobble "
        "by about 2 points from week to week (illustrative). Over 26 weeks, what percent of the patients who never "
        "deteriorate will get at least one alert?",
        truth, unit="%", low=0.0, high=100.0, step=1.0,
        explain="Every week is a new chance for noise to cross the threshold, and a low first score "
                "makes every later week look worse. Small weekly chances add up over 25 weeks.",
    )


prediction = make_prediction()

q_threshold = Choice(
    "You lower the alert threshold from 6 points to 3 points. What happens?",
    [
        "Earlier, fuller detection, but more false alarms to review.",
        "Fewer false alarms, because the rule becomes more careful.",
        "More deterioration is missed, because small rises are ignored.",
        "Only the alert count changes; patients are not affected.",
    ],
    "Earlier, fuller detection, but more false alarms to review.",
    "A lower threshold is crossed sooner by real deterioration and more often by noise: sensitivity and "
    "lead time go up, and so do false alarms and the review load.",
    hints={
        "Fewer false alarms, because the rule becomes more careful.":
            "A lower threshold is easier to cross. Does noise cross it more or less often?",
        "More deterioration is missed, because small rises are ignored.":
            "At 3 points, smaller rises are caught, not ignored. Which way do the misses go?",
        "Only the alert count changes; patients are not affected.":
            "More alerts compete for the same review time, and the timing of real alerts changes too.",
    },
)

q_smoothing = Choice(
    "The rule now averages the last three weekly scores instead of using one week. What is the main "
    "trade-off?",
    [
        "Fewer false alerts from one noisy week, but later detection.",
        "More false alerts from noise, but earlier detection of a rise.",
        "No trade-off: averaging improves every number at once.",
    ],
    "Fewer false alerts from one noisy week, but later detection.",
    "Averaging damps one-off wobbles, but the average also lags behind a real rise.",
    hints={
        "More false alerts from noise, but earlier detection of a rise.":
            "An average of three weeks wobbles less than one week. Does that add or remove false alerts?",
        "No trade-off: averaging improves every number at once.":
            "Set weeks averaged to 3 in the explorer and look at how soon patients A to C are flagged.",
    },
)


def make_unreviewed_question() -> Numeric:
    """How many alerts go unreviewed in the busiest week of the default run (answer from the engine)."""
    result = default_result()
    load = result.load
    busiest = int(np.argmax(load.alerts))
    alerts, capacity = int(load.alerts[busiest]), load.capacity
    return Numeric(
        f"In the busiest week of the default run the rule raises {alerts} alerts. {load.clinicians} clinicians can "
        f"each review {load.reviews_per_clinician} alerts a week. How many alerts are not reviewed that week?",
        answer=float(load.unreviewed[busiest]), tolerance=0.0, unit="alerts",
        explanation=f"The team can review {load.clinicians} x {load.reviews_per_clinician} = {capacity} alerts, so "
                    f"{alerts} - {capacity} = {int(load.unreviewed[busiest])} wait, some of them about patients "
                    "who are getting worse.",
        hint="Work out the team's capacity first (clinicians times reviews each), then subtract it from the alerts.",
    )


q_unreviewed = make_unreviewed_question()


def make_ppv_question() -> Numeric:
    """PPV of the default run in percent, from the printed counts (answer from the engine)."""
    c = default_result().counts
    return Numeric(
        "Use the printed summary of the default run: of the patients flagged at least once, what percent were "
        "really deteriorating (the PPV)? Give one decimal.",
        answer=round(100.0 * c.ppv.value, 1), tolerance=0.2, unit="%",
        explanation=f"PPV = correctly flagged / all flagged = {int(c.tp)} / {int(c.flagged)}. Most patients never "
                    "deteriorate, so even a modest false-alert rate among them fills the list.",
        hint="Divide the deteriorating patients who were flagged by everyone flagged "
             "(deteriorating plus false alarms).",
    )


q_ppv = make_ppv_question()

q_evidence = Choice(
    "Therapists in your service say they always notice when a client is getting worse, so weekly "
    "questionnaires add nothing. What does the evidence in this lesson suggest?",
    [
        "They are right: therapists spotted decline as well as a rule.",
        "They may not be: a simple score rule caught most decline early.",
        "Weekly scores help only if an AI, not a simple rule, reads them.",
    ],
    "They may not be: a simple score rule caught most decline early.",
    "In Hannan and colleagues' study (2005), therapists foresaw very few of the clients who got worse "
    "(reportedly 1 of 40); the formal method identified 85% of them by the third session. That method was"
    " a questionnaire with statistical cut-offs, not an AI, and a flag still needs a clinician to act on "
    "it.",
    hints={
        "They are right: therapists spotted decline as well as a rule.":
            "Look at the evidence section: how many of the clients who got worse did the therapists "
            "foresee?",
        "Weekly scores help only if an AI, not a simple rule, reads them.":
            "The method in that study was not an AI: a questionnaire and statistical cut-offs.",
    },
)

# -- the lesson's contract: the same names in every lesson (tests/test_contracts.py) ----------------

QUESTIONS = (q_threshold, q_smoothing, q_unreviewed, q_ppv, q_evidence)

SOURCE_KEYS = ("article", "hannan2005", "vandersijs2006", "goddard2012", "okabe_ito2008")
"""Every source lesson 02 cites, in the order of its sources list."""

ILLUSTRATIVE = (
    "2,000 patients reporting a symptom score once a week for 26 weeks, starting around 14 points",
    "slow improvement of up to 0.2 points a week for 12 weeks",
    "10% of patients deteriorating from a week between 4 and 14, by 0.8 to 1.6 points a week, to 6 to 10 "
    "points above their start",
    "a deterioration counted as clear 5 points above the starting score",
    "week-to-week noise of about 2 points in reported scores",
    "an alert threshold of 5 points above the week-0 score",
    "5 clinicians who can each review 25 alerts a week",
    "the preset settings",
)
"""The lesson's illustrative numbers (chosen for teaching, not taken from a study)."""


def sources():
    """The lesson's sources list and illustrative numbers, as notebook markdown."""
    return sources_cell(SOURCE_KEYS, ILLUSTRATIVE)


__all__ = [
    "DEFAULTS", "default_cohort", "default_result", "print_threshold_sweep", "example_patients",
    "MonitoringExplorer", "MonitoringPreset", "MONITORING_PRESETS", "monitoring_preset",
    "MonitoringPresetPicker", "prediction", "q_threshold", "q_smoothing", "q_unreviewed", "q_ppv", "q_evidence",
    "QUESTIONS", "summary", "SOURCE_KEYS", "ILLUSTRATIVE", "sources",
    "meet_chloe",
]
