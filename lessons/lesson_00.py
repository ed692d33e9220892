"""Lesson 00, start here: the prediction, the screening and score explorers, the glossary and two self-check questions.

The notebook is ``notebooks/00_start_here.ipynb``; it imports only from this module (its "look
under the hood" cell also imports from :mod:`lessons`).
"""

from .checks import check_population
from .content.glossary import glossary_markdown
from .content.presets import PRESETS
from .engine.describe import describe_counts, describe_rates
from .engine.population import natural_frequency_counts
from .engine.scenario import Scenario, ScoreModel
from .engine.scores import split_for_model
from .ui.controls import PREVALENCE, NumberSlider
from .ui.explorers import PresetPicker, ScreeningExplorer
from .ui.quiz import Choice, Numeric, Prediction
from .ui.score_figure import TwoHillsExplorer
from .ui.sources_cell import markdown_cell, sources_cell

_phq9_model = ScoreModel.from_operating_point(0.88, 0.85)

# The first explorer (lessons.ui.explorers.ScreeningExplorer) starts at the PHQ-9 preset with 1,000 people.
_phq9 = PRESETS["phq9_primary_care"]
_start = Scenario(prevalence=_phq9.prevalence, sensitivity=_phq9.sensitivity, specificity=_phq9.specificity,
                  population=1000)
_start_counts = natural_frequency_counts(_start)

predict_ppv = Prediction(
    f"{_start.population:,} people are screened and {_start.prevalence:.0%} of them have depression. The tool is "
    f"{_start.sensitivity:.0%} sensitive and {_start.specificity:.0%} specific. Of the people it flags, what share "
    "do you think actually have depression?",
    truth=round(100 * _start_counts.ppv.value, 1),
    unit="%",
    explain=f"Of roughly {round(_start_counts.flagged, -1):,.0f} people flagged, only about {_start_counts.tp:.0f} "
            f"have depression, far fewer than the {_start.sensitivity:.0%} sensitivity suggests. Most flags are "
            f"false alarms ({_start_counts.fp:.0f} of them), because most people screened do not have depression.",
)

q_ppv_meaning = Choice(
    "A screening tool has a PPV of 40%. What does that mean?",
    [
        "Of the people who need help, 40% are flagged.",
        "Of the people flagged, 40% need help.",
        "40% of all calls are right.",
    ],
    "Of the people flagged, 40% need help.",
    "PPV looks back from the flag: of those flagged, how many need help. "
    "The first option describes sensitivity.",
    hints={
        "Of the people who need help, 40% are flagged.": "That is sensitivity. PPV starts from the flagged people.",
        "40% of all calls are right.": "That is accuracy. PPV only looks at the people who were flagged.",
    },
)

_fa_scenario = Scenario(prevalence=0.01, sensitivity=0.90, specificity=0.90, population=1000)
_fa_counts = natural_frequency_counts(_fa_scenario)

q_count_false_alarms = Numeric(
    f"{_fa_scenario.population:,} people are screened; {_fa_scenario.prevalence:.0%} need help. The tool is "
    f"{_fa_scenario.sensitivity:.0%} sensitive and {_fa_scenario.specificity:.0%} specific. "
    "How many false alarms do you expect?",
    answer=float(_fa_counts.fp),
    tolerance=1.0,
    unit="people",
    explanation=f"{int(_fa_counts.fp + _fa_counts.tn):,} people do not need help and "
                f"{1 - _fa_scenario.specificity:.0%} of them are flagged: {int(_fa_counts.fp)} false alarms, "
                f"against only {int(_fa_counts.tp)} correctly flagged.",
    hint=f"Start from the people who do not need help ({1 - _fa_scenario.prevalence:.0%} of "
         f"{_fa_scenario.population:,}) and take 1 - specificity of them.",
)


# -- the model, drawn: two hills of scores and a threshold ------------------------------------------

SCORE_POPULATION = 1000
"""People scored in the two-hills explorer: the same 1,000 as the first explorer."""

SCORE_DEFAULTS = dict(threshold=round(_phq9_model.threshold_for_specificity(0.85), 2),
                      auc=round(_phq9_model.auc, 2), prevalence=0.10)
"""Start values: the PHQ-9 operating point (sensitivity 88%, specificity 85%; Levis et al., 2019) seen as a
binormal score (derived), rounded to the sliders' steps, at 10% prevalence."""


def score_split(threshold: float, auc: float, prevalence: float, population: int = SCORE_POPULATION):
    """The two hills at these settings: the engine's :func:`lessons.engine.scores.split_for_model`."""
    return split_for_model(ScoreModel.from_auc(auc), threshold, prevalence, population)


class ScoreExplorer(TwoHillsExplorer):
    """The model under every threshold slider: two hills of scores, a threshold, the four outcome areas."""

    def __init__(self, threshold: float = SCORE_DEFAULTS["threshold"], auc: float = SCORE_DEFAULTS["auc"],
                 prevalence: float = SCORE_DEFAULTS["prevalence"], population: int = SCORE_POPULATION):
        population = check_population(population)
        controls = [
            ("threshold", NumberSlider(
                "Threshold (score): flagged at or above", threshold, -3.0, 6.0, 0.01,
                help="Everyone whose score is at or above this line is flagged. Drag it, or use the arrow keys.")),
            ("auc", NumberSlider(
                "How well the score tells people apart (AUC)", auc, 0.5, 0.99, 0.01,
                help="0.5: the two hills lie on top of each other (a coin toss); near 1: they barely overlap.")),
            ("prevalence", PREVALENCE(
                step=0.01, help="Share of the people scored who truly need help: it sets the size of each hill."
            ).make(prevalence)),
        ]
        super().__init__(
            controls, lambda threshold, auc, prevalence: score_split(threshold, auc, prevalence, population),
            title=f"Score explorer: the two hills and the threshold, {population:,} people",
            figure_title=f"Scores of {population:,} people: who needs help, who is flagged",
            x_range=(-4.0, 7.0), scale="people")


def glossary():
    """The kit's vocabulary as a formatted table (the same words in every lesson)."""
    return markdown_cell(glossary_markdown())


# -- the lesson's contract: the same names in every lesson (tests/test_contracts.py) ----------------

QUESTIONS = (q_ppv_meaning, q_count_false_alarms)

DEFAULT_SCENARIO = Scenario(prevalence=0.10, sensitivity=0.88, specificity=0.85, population=1000)
"""The screening explorer's starting point: the PHQ-9's operating point (Levis 2019) among 1,000 people."""


def summary() -> str:
    """The starting screening of 1,000 people in words: the four counts, then the rates."""
    counts = natural_frequency_counts(DEFAULT_SCENARIO)
    return describe_counts(counts) + "\n\n" + describe_rates(counts)


SOURCE_KEYS = ("article", "levis2019", "thombs2014", "mitchell2009", "okabe_ito2008")
"""Every source lesson 00 cites, in the order of its sources list."""

ILLUSTRATIVE = (
    "1,000 people screened in the first explorer",
    "a tool 90% sensitive and 90% specific where 1 in 100 need help, in the false-alarm question",
)
"""The lesson's illustrative numbers (chosen for teaching, not taken from a study)."""


def sources():
    """The lesson's sources list and illustrative numbers, as notebook markdown."""
    return sources_cell(SOURCE_KEYS, ILLUSTRATIVE)


__all__ = [
    "ScreeningExplorer", "PresetPicker", "ScoreExplorer", "SCORE_DEFAULTS", "score_split", "predict_ppv",
    "glossary", "q_ppv_meaning", "q_count_false_alarms",
    "QUESTIONS", "DEFAULT_SCENARIO", "summary", "SOURCE_KEYS", "ILLUSTRATIVE", "sources",
]
