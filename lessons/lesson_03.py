"""Lesson 03, "Developing new support techniques with AI": what a detection-accuracy figure hides.

Explorers and self-check questions for ``notebooks/03_detection_accuracy.ipynb``:

* :class:`WhatAccuracyHidesExplorer`: 1,000 people as a people grid, and PPV, NPV
  and accuracy against prevalence (log axis) with the current prevalence marked;
* :class:`AccuracyParadoxExplorer`: the tool against a "tool" that never flags anyone;
* :class:`StudySpreadExplorer`: many validation studies of one tool, and why
  their measured accuracies scatter (the article's 62-92%).

Numbers here are either cited (keys of :mod:`lessons.content.sources`) or labelled illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from .checks import check_choice, check_int, check_probability
from .content.presets import PRESETS
from .engine.describe import describe_counts, percent
from .engine.metrics import Counts, Rate
from .engine.paths import describe_mark
from .engine.population import expected_counts, natural_frequencies
from .engine.scenario import Scenario
from .engine.studies import (
    ARTICLE_HIGH,
    ARTICLE_LOW,
    REVIEW_STUDIES,
    StudyDesign,
    always_no_counts,
    always_no_wins_below,
    chance_to_span,
    chance_words,
    describe_sample,
    histogram,
    largest_spanning_study_size,
    log_prevalence_grid,
    predictive_values,
    sampling_sd,
    simulate_studies,
)
from .ui.controls import PREVALENCE, SENSITIVITY, SPECIFICITY, NumberSlider, dropdown, live_region
from .ui.explorers import Explorer, PresetPicker
from .ui.figures import base_layout, make_figure, update_traces
from .ui.palette import OKABE_ITO
from .ui.people_grid import PeopleGrid
from .ui.quiz import Choice, Numeric, Prediction
from .ui.sources_cell import sources_cell

# -- settings and true models ----------------------------------------------------

ILLUSTRATIVE_TOOL = (0.90, 0.90)
"""Sensitivity and specificity of the "90% accurate" tool used in the lesson (illustrative)."""

RARE_EVENT_PREVALENCE = 0.001
"""A rare crisis event, 1 in 1,000 people screened (illustrative)."""


# The screening sliders in this lesson's words: "the tool" (its first explorer and Chloe's).
TOOL_SENSITIVITY = SENSITIVITY(help="Of the people who need help, the share the tool flags.")
TOOL_SPECIFICITY = SPECIFICITY(help="Of the people who do not need help, the share the tool leaves unflagged.")


# -- meet Chloe (the cast: lessons.content.cast) ------------------------------------------------

def meet_chloe():
    """Chloe, who does not need a clinician: flagged in error at the PHQ-9 operating point."""
    from .content.cast import CAST
    from .engine.paths import path_at_operating_point
    from .ui.people_grid import MeetExplorer

    sensitivity = 0.88  # does not change Chloe's path: she does not need help
    return MeetExplorer(CAST["chloe"], {"specificity": TOOL_SPECIFICITY.make(0.85)},
        lambda specificity: path_at_operating_point(CAST["chloe"], sensitivity, specificity),
        setting="The tool of this lesson's first explorer: sensitivity 88%, specificity 85% (PHQ-9, Levis 2019).")


@dataclass(frozen=True)
class Setting:
    """A place a tool could be used: who is screened and how many of them need help."""

    label: str
    prevalence: float
    status: str
    sources: tuple[str, ...]


SETTINGS = (
    Setting("Primary-care clinic, major depression", 0.10, "sourced, top of the 5-10% range", ("thombs2014",)),
    Setting("Suicide attempt within 90 days of a visit", PRESETS["suicide_ehr_top5"].prevalence,
            "derived", ("simon2018",)),
    Setting("A rare crisis event, 1 in 1,000", RARE_EVENT_PREVALENCE, "illustrative", ()),
)


@dataclass(frozen=True)
class SettingResult:
    """One tool in one setting: the expected counts per ``population`` people."""

    setting: Setting
    counts: Counts

    @property
    def ppv(self) -> Rate:
        return self.counts.ppv

    @property
    def accuracy(self) -> Rate:
        return self.counts.accuracy


def compare_settings(sensitivity: float = ILLUSTRATIVE_TOOL[0], specificity: float = ILLUSTRATIVE_TOOL[1],
                     population: int = 10_000, settings=SETTINGS) -> list[SettingResult]:
    """The same tool in each setting: expected counts among ``population`` people (1 to 10,000,000)."""
    check_probability("sensitivity", sensitivity)
    check_probability("specificity", specificity)
    population = check_int("population", population, low=1, high=10_000_000)
    return [SettingResult(s, expected_counts(Scenario(s.prevalence, sensitivity, specificity, population)))
            for s in settings]


def describe_settings(results: list[SettingResult]) -> str:
    """Plain text: for each setting, the flagged, correctly flagged, PPV and accuracy."""
    lines = []
    for r in results:
        c = r.counts
        lines.append(
            f"{r.setting.label} ({r.setting.status}; prevalence {_prevalence_words(r.setting.prevalence)}): "
            f"on average, of {c.population:,.0f} screened, {c.flagged:,.0f} are flagged and {c.tp:,.0f} of them "
            f"need help. Accuracy {percent(c.accuracy)}, PPV {_small_percent(c.ppv)}."
        )
    return "\n".join(lines)


def describe_paradox(prevalence: float, sensitivity: float, specificity: float) -> str:
    """Plain text: the tool against "always no" on accuracy and balanced accuracy."""
    tool = expected_counts(Scenario(prevalence, sensitivity, specificity, 1000))
    never = always_no_counts(prevalence, 1000)
    tie = always_no_wins_below(sensitivity, specificity)
    parts = [
        f"At a prevalence of {_prevalence_words(prevalence)}, the tool (sensitivity {100 * sensitivity:.1f}%, "
        f"specificity {100 * specificity:.1f}%) is right {percent(tool.accuracy)} of the time. "
        f"A 'tool' that never flags anyone is right {percent(never.accuracy)} of the time: "
        "it misses everyone who needs help.",
        f"Balanced accuracy (the average of sensitivity and specificity): the tool "
        f"{percent(tool.balanced_accuracy)}, 'always no' {percent(never.balanced_accuracy)}.",
    ]
    if not tie.defined:
        parts.append(f"The two have the same accuracy at every prevalence ({tie.undefined_reason}).")
    elif tie.value == 0:
        parts.append("This tool has no false alarms, so 'always no' never beats it on accuracy.")
    else:
        parts.append(f"Whenever fewer than {100 * tie.value:.1f}% need help, 'always no' scores the higher accuracy.")
    return "\n".join(parts)


# -- explorer 1: what accuracy hides ----------------------------------------------

PREVALENCE_RANGE = (0.001, 0.5)
"""Prevalence range of the curves and of the prevalence sliders (0.1% to 50%)."""

PREVALENCE_STEP = 0.0001
"""Prevalence slider step: fine enough to keep the derived suicide-attempt prevalence (0.0063)."""


def predictive_value_traces(prevalence: float, sensitivity: float, specificity: float) -> list[dict]:
    """PPV, NPV and accuracy curves (percent) over 0.1%-50% prevalence, and the current point."""
    grid = log_prevalence_grid(*PREVALENCE_RANGE)
    curve = predictive_values(grid, sensitivity, specificity)
    here = predictive_values(prevalence, sensitivity, specificity)
    pct = _percent_series
    x = (100 * grid).tolist()
    now_y = [_percent_or_none(here.ppv[0]), _percent_or_none(here.npv[0]), 100 * float(here.accuracy[0])]
    labels = [f"PPV {_pct_or_undefined(here.ppv[0])}", f"NPV {_pct_or_undefined(here.npv[0])}",
              f"accuracy {100 * float(here.accuracy[0]):.1f}%"]
    return [
        dict(x=x, y=pct(curve.ppv), name="PPV: of those flagged, share who need help", mode="lines",
             line=dict(color=OKABE_ITO["blue"], dash="solid", width=3)),
        dict(x=x, y=pct(curve.npv), name="NPV: of those not flagged, share who do not", mode="lines",
             line=dict(color=OKABE_ITO["vermillion"], dash="dash", width=3)),
        dict(x=x, y=100 * curve.accuracy, name="Accuracy: share of all calls right", mode="lines",
             line=dict(color=OKABE_ITO["bluish_green"], dash="dot", width=3)),
        dict(x=[100 * prevalence] * 3, y=now_y, name="Current prevalence", mode="markers+text",
             text=labels, textposition=["middle right", "bottom right", "bottom right"],
             marker=dict(color=OKABE_ITO["black"], symbol=["diamond", "square", "circle"], size=12)),
    ]


def describe_predictive_values(prevalence: float, sensitivity: float, specificity: float) -> str:
    """Text twin of the curve figure: the values now and how they move with prevalence."""
    here = predictive_values(prevalence, sensitivity, specificity)
    grid = log_prevalence_grid(*PREVALENCE_RANGE)
    curve = predictive_values(grid, sensitivity, specificity)
    lo, hi = PREVALENCE_RANGE
    now = (f"At a prevalence of {_prevalence_words(prevalence)}: PPV {_pct_or_undefined(here.ppv[0])}, "
           f"NPV {_pct_or_undefined(here.npv[0])}, accuracy {100 * float(here.accuracy[0]):.1f}%.")
    ppv_defined = [v for v in curve.ppv if v is not None]
    if ppv_defined:
        ppv_line = (f"As prevalence rises from {100 * lo:.1f}% to {100 * hi:.0f}%, PPV goes from "
                    f"{_pct_or_undefined(curve.ppv[0])} to {_pct_or_undefined(curve.ppv[-1])}")
    else:
        ppv_line = "This tool flags nobody, so PPV is undefined at every prevalence"
    acc = curve.accuracy
    return (now + "\n\n" + ppv_line + f", while accuracy only moves from {100 * acc[0]:.1f}% to "
            f"{100 * acc[-1]:.1f}%. Accuracy barely shows how many flags are false alarms.")


class WhatAccuracyHidesExplorer(Explorer):
    """Prevalence, sensitivity, specificity -> a people grid of 1,000 people and PPV/NPV/accuracy curves."""

    title = "What accuracy hides: 1,000 people, and the same tool at every prevalence"

    def __init__(self, prevalence: float = 0.10, sensitivity: float = 0.88, specificity: float = 0.85,
                 population: int = 1000):
        super().__init__()
        self.population = check_int("population", population, low=1, high=10_000)
        Scenario(prevalence, sensitivity, specificity, self.population)
        check_probability("prevalence", prevalence, low=PREVALENCE_RANGE[0], high=PREVALENCE_RANGE[1])
        self.add_slider(PREVALENCE(min=PREVALENCE_RANGE[0], max=PREVALENCE_RANGE[1], step=PREVALENCE_STEP,
                                   help="Share of the people screened who truly need help: 0.001 is 1 in 1,000."),
                        prevalence)
        self.add_slider(TOOL_SENSITIVITY, sensitivity)
        self.add_slider(TOOL_SPECIFICITY, specificity)

    def build_figures(self, first) -> list:
        grid = PeopleGrid(first[0].outcome, title=f"{self.population:,} people screened, one mark each",
                          description="People grouped by outcome: correctly flagged, missed, "
                                      "false alarms, correctly cleared.",
                          describe=lambda i, code: describe_mark(code, i))
        layout = base_layout(
            "PPV, NPV and accuracy of this tool at every prevalence",
            "Prevalence: share who need help (%, log scale)", "Percent",
            height=460,
            xaxis=dict(type="log", range=[np.log10(100 * PREVALENCE_RANGE[0]), np.log10(100 * PREVALENCE_RANGE[1])],
                       tickvals=[0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50],
                       ticktext=["0.1", "0.2", "0.5", "1", "2", "5", "10", "20", "50"]),
            yaxis=dict(range=[0, 105]),
            margin=dict(l=70, r=30, t=130, b=60),
        )
        return [grid, make_figure(predictive_value_traces(*first[1]), layout, widget=True)]

    def compute(self, prevalence, sensitivity, specificity):
        scenario = Scenario(prevalence, sensitivity, specificity, self.population)
        return natural_frequencies(scenario), (prevalence, sensitivity, specificity)

    def draw(self, result):
        population, point = result
        icons, curves = self.figures
        icons.set_codes(population.outcome)
        with curves.batch_update():  # the curves keep their prevalence grid; only heights and the marker move
            *lines, marker = predictive_value_traces(*point)
            for trace, new in zip(curves.data[:-1], lines, strict=True):
                trace.y = new["y"]
            curves.data[-1].x, curves.data[-1].y, curves.data[-1].text = marker["x"], marker["y"], marker["text"]
        self.twins[0].value = live_region(describe_counts(population.counts, tool="the tool"))
        note = rounding_note(population.counts, predictive_values(*point).ppv[0])
        self.twins[1].value = live_region(describe_predictive_values(*point) + (f"\n\n{note}" if note else ""))


def rounding_note(counts, exact_ppv) -> str:
    """A sentence for when the whole-people counts and the exact curve show different PPVs.

    The people grid counts whole people (44 of 186 flagged: 23.7%); the curve is exact (23.6%). When the two
    round to different values at one decimal, say why, so a learner who divides the counts is not puzzled.
    Empty when they agree or either is undefined.
    """
    whole = counts.ppv
    if not whole.defined or exact_ppv is None:
        return ""
    if whole.percent() == _pct_or_undefined(exact_ppv):
        return ""
    return (f"The {counts.population:,} people above give {whole.numerator:,.0f} ÷ {whole.denominator:,.0f} = "
            f"{whole.percent()}: they are rounded to whole people, the curve is not.")


# -- explorer 2: the accuracy paradox ---------------------------------------------

PARADOX_METRICS = ("Accuracy", "Balanced accuracy", "Sensitivity", "PPV")


def paradox_values(prevalence: float, sensitivity: float, specificity: float):
    """(tool rates, 'always no' rates) for :data:`PARADOX_METRICS`, each a list of :class:`Rate`."""
    tool = expected_counts(Scenario(prevalence, sensitivity, specificity, 1000))
    never = always_no_counts(prevalence, 1000)
    pick = lambda c: [c.accuracy, c.balanced_accuracy, c.sensitivity, c.ppv]  # noqa: E731
    return pick(tool), pick(never)


def paradox_traces(prevalence: float, sensitivity: float, specificity: float) -> list:
    """Grouped bars (percent): the tool (solid) and 'always no' (hatched); undefined rates say so."""
    tool, never = paradox_values(prevalence, sensitivity, specificity)
    bars = []
    for name, rates, colour, pattern in (("Your tool", tool, OKABE_ITO["blue"], ""),
                                         ("'Always no' (never flags anyone)", never, OKABE_ITO["orange"], "/")):
        bars.append(go.Bar(
            x=list(PARADOX_METRICS), y=[None if r.value is None else 100 * r.value for r in rates],
            name=name, text=[_rate_label(r) for r in rates], textposition="outside",
            marker=dict(color=colour, pattern=dict(shape=pattern, fgcolor="#000000", solidity=0.3)),
        ))
    return bars


class AccuracyParadoxExplorer(Explorer):
    """Prevalence, sensitivity, specificity -> the tool against a tool that never flags anyone."""

    title = "The accuracy paradox: a tool that never flags anyone"

    def __init__(self, prevalence: float = 0.01, sensitivity: float = ILLUSTRATIVE_TOOL[0],
                 specificity: float = ILLUSTRATIVE_TOOL[1]):
        super().__init__()
        Scenario(prevalence, sensitivity, specificity)
        self.add_slider(PREVALENCE(min=PREVALENCE_RANGE[0], max=PREVALENCE_RANGE[1], step=PREVALENCE_STEP,
                                   help="Share of the people screened who truly need help."), prevalence)
        self.add_slider(SENSITIVITY(label="Sensitivity of your tool",
                                    help="Of the people who need help, the share your tool flags."), sensitivity)
        self.add_slider(SPECIFICITY(label="Specificity of your tool",
                                    help="Of the people who do not need help, the share your tool leaves "
                                         "unflagged."), specificity)

    def build_figures(self, first) -> list:
        layout = base_layout("Your tool against 'always no'", "", "Percent", height=440,
                             barmode="group", yaxis=dict(range=[0, 115]))
        return [make_figure(paradox_traces(*first), layout, widget=True)]

    def compute(self, prevalence, sensitivity, specificity):
        Scenario(prevalence, sensitivity, specificity)
        return prevalence, sensitivity, specificity

    def draw(self, point):
        fig = self.figure
        update_traces(fig, paradox_traces(*point), fields=("y", "text"))
        self.text.value = live_region(describe_paradox(*point))


# -- explorer 3: why published accuracies spread -----------------------------------

@dataclass(frozen=True)
class TrueModel:
    """The tool's true operating point that every simulated study measures."""

    key: str
    label: str
    prevalence: float
    sensitivity: float
    specificity: float
    status: str


TRUE_MODELS = {
    m.key: m for m in (
        TrueModel("phq9_primary_care", "PHQ-9 score 10 or more in primary care (sourced)",
                  PRESETS["phq9_primary_care"].prevalence, PRESETS["phq9_primary_care"].sensitivity,
                  PRESETS["phq9_primary_care"].specificity, "sourced"),
        TrueModel("balanced_77", "A tool right 77% of the time, half the sample in need (illustrative)",
                  0.5, 0.77, 0.77, "illustrative"),
        TrueModel("suicide_ehr_top5", "Suicide-attempt flag, top 5% of record-based scores (derived)",
                  PRESETS["suicide_ehr_top5"].prevalence, PRESETS["suicide_ehr_top5"].sensitivity,
                  PRESETS["suicide_ehr_top5"].specificity, "derived"),
    )
}
"""True models a learner can pick; each says whether it is sourced, derived or illustrative."""

DEFAULT_STUDY_SIZE = 100
"""People per simulated study in the explorer's starting view (illustrative)."""

HISTOGRAM_BINS = 101
"""One bin per percentage point of accuracy, centred on 0%, 1%, ..., 100%."""


def study_design(model: str = "phq9_primary_care", study_size: int = DEFAULT_STUDY_SIZE,
                 studies: int = REVIEW_STUDIES, separation_sd: float = 0.0, prevalence_sd: float = 0.0,
                 seed: int = 2024) -> StudyDesign:
    """A :class:`StudyDesign` for one of :data:`TRUE_MODELS` (study_size 1 to 100,000; studies 1 to 20,000)."""
    m = TRUE_MODELS[check_choice("model", model, TRUE_MODELS)]
    return StudyDesign(m.prevalence, m.sensitivity, m.specificity, study_size=int(round(study_size)),
                       studies=int(round(studies)), separation_sd=separation_sd,
                       prevalence_sd=prevalence_sd, seed=seed)


def study_spread_traces(sample) -> list[dict]:
    """Histogram of measured accuracy (percent) and vertical marks at 62%, 92% and the true accuracy."""
    half = 0.5 / (HISTOGRAM_BINS - 1)
    centres, counts = histogram(sample.measured_accuracy, -half, 1.0 + half, HISTOGRAM_BINS)
    top = max(int(counts.max()), 1) * 1.1
    acc = 100 * sample.design.accuracy
    return [
        go.Bar(x=(100 * centres).tolist(), y=counts.tolist(), name="Studies (one bar per percentage point)",
               marker=dict(color=OKABE_ITO["sky_blue"], line=dict(color=OKABE_ITO["blue"], width=1)),
               width=0.9, hovertemplate="accuracy %{x:.1f}%: %{y} studies<extra></extra>"),
        dict(x=[100 * ARTICLE_LOW] * 2, y=[0, top], name="62%: the article's low end", mode="lines",
             line=dict(color=OKABE_ITO["vermillion"], dash="dash", width=3)),
        dict(x=[100 * ARTICLE_HIGH] * 2, y=[0, top], name="92%: the article's high end", mode="lines",
             line=dict(color=OKABE_ITO["reddish_purple"], dash="dashdot", width=3)),
        dict(x=[acc, acc], y=[0, top], name=f"True accuracy {acc:.1f}%", mode="lines",
             line=dict(color=OKABE_ITO["black"], dash="dot", width=3)),
    ]


class StudySpreadExplorer(Explorer):
    """Study size, number of studies and between-study differences -> spread of measured accuracy."""

    title = "Why published accuracies spread: many studies of one tool"

    def __init__(self, model: str = "phq9_primary_care", study_size: int = DEFAULT_STUDY_SIZE,
                 studies: int = REVIEW_STUDIES, separation_sd: float = 0.0, prevalence_sd: float = 0.0,
                 seed: int = 2024):
        super().__init__()
        study_design(model, study_size, studies, separation_sd, prevalence_sd, seed)
        self.seed = seed
        self.add_control("model", dropdown(
            "True model every study measures",
            [(m.label, key) for key, m in TRUE_MODELS.items()], model,
            help="The tool's real operating point; each option says if it is sourced, derived or illustrative."))
        self.add_control("study_size", NumberSlider(
            "People in each study", study_size, 10, 5000, 1,
            help="How many people each validation study tests. Small studies give noisy results."))
        self.add_control("studies", NumberSlider(
            "Number of studies", studies, 1, 2000, 1,
            help="How many separate studies test the tool. The 2019 review covered 28."))
        self.add_control("separation_sd", NumberSlider(
            "Differences between systems (SD of score separation)", separation_sd, 0.0, 2.0, 0.05,
            help="0: every study tests the same system. Higher: systems and training data differ from study to study."))
        self.add_control("prevalence_sd", NumberSlider(
            "Differences between samples (SD of prevalence, log-odds)", prevalence_sd, 0.0, 2.0, 0.05,
            help="0: every study has the same share in need. Higher: studies recruit different mixes of people."))

    def build_figures(self, first) -> list:
        layout = base_layout(
            "Measured accuracy of each study", "Measured accuracy (%)", "Number of studies",
            height=460, bargap=0.0, xaxis=dict(range=[0, 100]), margin=dict(l=70, r=30, t=130, b=60),
        )
        return [make_figure(study_spread_traces(first), layout, widget=True)]

    def compute(self, model, study_size, studies, separation_sd, prevalence_sd):
        return simulate_studies(study_design(model, study_size, studies, separation_sd, prevalence_sd, self.seed))

    def draw(self, sample):
        fig = self.figure
        bars, *marks = study_spread_traces(sample)
        with fig.batch_update():  # the bins stay put; only bar heights and the marks' extent move
            fig.data[0].y = np.asarray(bars.y, dtype=int)
            for trace, new in zip(fig.data[1:], marks, strict=True):
                trace.x, trace.y, trace.name = new["x"], new["y"], new["name"]
        self.text.value = live_region(describe_sample(sample).replace("\n", "\n\n"))


# -- predict-first moments and self-checks ---------------------------------------------

_rare = predictive_values(0.01, *ILLUSTRATIVE_TOOL)

predict_ppv = Prediction(
    "A tool is 90% sensitive and 90% specific (illustrative). Where 1 in 100 people screened need help, "
    "what percentage of the people it flags need help?",
    truth=round(100 * _rare.ppv[0], 1), unit="%",
    explain="Ninety-nine of every hundred people do not need help, so even a 10% false-alarm rate among "
            "them outnumbers the few correctly flagged.",
)

_default_sample = simulate_studies(study_design())

predict_lowest_study = Prediction(
    f"{REVIEW_STUDIES} studies of {DEFAULT_STUDY_SIZE} people each test the same PHQ-9-like tool, whose true "
    f"accuracy is {100 * study_design().accuracy:.1f}%. What will the lowest measured accuracy be?",
    truth=round(100 * float(_default_sample.measured_accuracy.min()), 1), unit="%",
    explain="Chance alone moves a study of 100 people by a few points, not by twenty: the article's 62% needs "
            "more than sampling noise.",
)

q_always_no = Numeric(
    "Where 1 in 100 people need help, what accuracy (in %) does a 'tool' that never flags anyone score?",
    answer=100 * always_no_counts(0.01).accuracy.value, tolerance=0.5, unit="%",
    explanation="It is right about the 99 in 100 who do not need help, and misses every person who does. "
                "High accuracy, no help to anyone.",
    hint="Count the people it gets right: everyone who does not need help.",
)

_settings = compare_settings()
q_rare_ppv = Numeric(
    "The 90%-sensitive, 90%-specific tool screens 10,000 people, of whom 1 in 1,000 face a crisis "
    "(illustrative). What percentage of the people it flags face the crisis? (PPV, in %)",
    answer=100 * _settings[2].ppv.value, tolerance=0.1, unit="%",
    explanation=f"About {_settings[2].counts.tp:.0f} are correctly flagged among about "
                f"{_settings[2].counts.flagged:,.0f} flagged: a PPV under 1%, as Belsher et al. (2019) found "
                "for most models predicting suicide death.",
    hint="Work out the correctly flagged (10 in need x 0.9) and the false alarms (9,990 x 0.1), then divide.",
)

q_sampling_sd = Numeric(
    "A study tests 100 people with a tool whose true accuracy is 80% (illustrative). From chance alone, what "
    "is the standard deviation of its measured accuracy, in percentage points?",
    answer=100 * sampling_sd(0.80, 100), tolerance=0.2, unit="percentage points",
    explanation="sqrt(0.8 x 0.2 / 100) = 0.04: four percentage points. Most such studies land within about "
                "8 points of the truth.",
    hint="Use sqrt(accuracy x (1 - accuracy) / n) and turn the share into percentage points.",
)

_why = "Studies used different systems, training data and people, and many were small."
q_why_range = Choice(
    "Published accuracies of AI tools for detecting mental illness range widely (the article quotes 62% "
    "to 92%). Which explanation fits the simulations in this lesson best?",
    [
        "Every study tested the same tool, and chance alone spread the results.",
        "Studies differed in systems, data and people; many were small.",
        "The tools improved steadily from the worst study to the best.",
        "Accuracy cannot be measured at all for mental illness.",
    ],
    "Studies differed in systems, data and people; many were small.",
    "With one tool and studies of a hundred people, chance moves accuracy by a few points. A 30-point "
    "range needs the studies themselves to differ (systems, data, samples), as the 2019 review describes.",
    hints={
        "Every study tested the same tool, and chance alone spread the results.":
            "Try it in the study-spread explorer: with one tool and studies of 100 people, how wide is "
            "the spread?",
        "The tools improved steadily from the worst study to the best.":
            "The simulation has no trend over time, and the review did not order the studies by date.",
        "Accuracy cannot be measured at all for mental illness.":
            "Each study did measure an accuracy. The question is why the measurements differ so much.",
    },
)

_local = "Sensitivity, and PPV at your own prevalence, measured on local data"
q_which_metric = Choice(
    "A vendor says its crisis-detection tool is 99% accurate. Which figures would you ask for first?",
    [
        "Nothing more: 99% is excellent.",
        _local,
        "Balanced accuracy on the vendor's test set.",
        "The accuracy on a larger test set.",
    ],
    _local,
    "Accuracy rewards saying 'no' when few people need help. Sensitivity tells you how many people in need are "
    "missed; PPV tells you how many flags are false alarms, and it depends on how many people need help where "
    "you are, so it must be worked out at your prevalence, on people like yours.",
    hints={
        "Nothing more: 99% is excellent.":
            "Where 1 in 100 need help, a tool that never flags anyone is also 99% accurate.",
        "Balanced accuracy on the vendor's test set.":
            "Balanced accuracy averages sensitivity and specificity, so it ignores prevalence: it hides how few "
            "flags are right when the condition is rare, the PPV collapse this lesson shows.",
        "The accuracy on a larger test set.":
            "A bigger study pins down the same number more precisely; it still hides who is missed.",
    },
)



# -- exercise helpers ---------------------------------------------------------------

def noise_only_span_chance(accuracy: float, study_size: int, studies: int = REVIEW_STUDIES) -> str:
    """In words: the exact chance that noise alone gives a 62%-92% spread across the studies."""
    chance = chance_to_span(accuracy, study_size, studies)
    return (f"With {studies:,} studies of {study_size:,} people and a true accuracy of {100 * accuracy:.1f}%, "
            f"the chance that sampling noise alone gives one study at 62% or less and another at 92% or more "
            f"is {chance_words(chance)}.")


# -- helpers ------------------------------------------------------------------------

def _prevalence_words(prevalence: float) -> str:
    """A prevalence as a percentage, with two decimals below 1% ("0.63%") and one above ("10.0%")."""
    return f"{100 * prevalence:.2f}%" if prevalence < 0.01 else f"{100 * prevalence:.1f}%"


def _percent_or_none(value):
    return None if value is None else 100 * value


def _percent_series(values):
    """Shares as percentages for a plot: a numpy array (fast to draw), or a list with None gaps if some are \
undefined."""
    if any(v is None for v in values):
        return [_percent_or_none(v) for v in values]
    return 100 * np.asarray(values, dtype=float)


def _small_percent(rate: Rate) -> str:
    """A rate with one decimal, or two below 1% ("0.89%"); "undefined: <reason>" if undefined."""
    if not rate.defined:
        return percent(rate)
    return percent(rate, 2 if rate.value < 0.01 else 1)


def _pct_or_undefined(value) -> str:
    return "undefined" if value is None else f"{100 * value:.1f}%"


def _rate_label(rate: Rate) -> str:
    return "undefined" if not rate.defined else f"{100 * rate.value:.1f}%"


# -- beyond detection: claims that AI can propose new treatments ------------------------------------

q_treatment_claim = Choice(
    "A company reports that its AI, trained on the records of 2,000 past patients, found a new combination of "
    "therapies that 'works for 80% of patients'. What would most strengthen this claim?",
    ["A larger training set drawn from the same clinic's past records.",
     "A prospective trial in new patients, compared with usual care, repeated by an independent team.",
     "A higher accuracy figure for the AI on the 2,000 records it learned from."],
    "A prospective trial in new patients, compared with usual care, repeated by an independent team.",
    "A pattern found in past records can be an accident of that sample (overfitting) or a result of who was "
    "offered which treatment. Only testing the suggestion on new patients, against what they would otherwise "
    "get, and seeing it hold up in another team's hands shows that it helps.",
    hints={
        "A larger training set drawn from the same clinic's past records.":
            "More of the same records can repeat the same biases: who got which treatment was not random.",
        "A higher accuracy figure for the AI on the 2,000 records it learned from.":
            "A model scored on the data it learned from will look good even when it has only memorised noise.",
    },
)
"""Self-check on the article's claim that AI may propose new treatments (numbers illustrative)."""

QUESTIONS = (q_always_no, q_rare_ppv, q_sampling_sd, q_why_range, q_which_metric, q_treatment_claim)


# -- the lesson's contract: the same names in every lesson (tests/test_contracts.py) ----------------

def summary() -> str:
    """The illustrative tool in three settings, in words (the lesson's first checked printout)."""
    return describe_settings(compare_settings())


SOURCE_KEYS = ("article", "graham2019", "belsher2019", "franklin2017", "simon2018", "levis2019", "okabe_ito2008")
"""Every source lesson 03 cites, in the order of its sources list."""

ILLUSTRATIVE = (
    "the tool that is 90% sensitive and 90% specific",
    "the rare crisis event that affects 1 in 1,000",
    "groups of 1,000 and 10,000 people",
    "100 people per study",
    "the tool that is right 77% of the time",
    "the settings for differences between studies",
)
"""The lesson's illustrative numbers (chosen for teaching, not taken from a study). The 62-92% range is the
article's claim."""


def sources():
    """The lesson's sources list and illustrative numbers, as notebook markdown."""
    return sources_cell(SOURCE_KEYS, ILLUSTRATIVE)


__all__ = [
    "ILLUSTRATIVE_TOOL", "RARE_EVENT_PREVALENCE", "SETTINGS", "compare_settings", "describe_settings",
    "describe_paradox", "WhatAccuracyHidesExplorer", "PresetPicker", "AccuracyParadoxExplorer", "TRUE_MODELS",
    "study_design", "StudySpreadExplorer", "describe_sample", "simulate_studies", "noise_only_span_chance",
    "predict_ppv", "predict_lowest_study", "q_always_no", "q_rare_ppv", "q_sampling_sd", "q_why_range",
    "q_which_metric", "q_treatment_claim", "largest_spanning_study_size", "QUESTIONS", "summary", "SOURCE_KEYS",
    "ILLUSTRATIVE", "sources",
    "meet_chloe",
]
