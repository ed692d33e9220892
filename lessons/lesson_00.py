"""Lesson 00, start here: the screening explorer, the glossary and two self-check questions.

The notebook is ``notebooks/00_start_here.ipynb``; it imports only from this module (its "look
under the hood" cell also imports from :mod:`lessons`).
"""

from .content.glossary import glossary_markdown
from .ui.sources_cell import markdown_cell
from .engine.describe import describe_counts, describe_rates
from .engine.population import natural_frequency_counts
from .ui.explorers import PresetPicker, ScreeningExplorer
from .ui.quiz import Choice, Numeric
from .engine.scenario import Scenario
from .ui.sources_cell import sources_cell

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


SOURCE_KEYS = ("article", "levis2019", "mitchell2009", "okabe_ito2008")
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
    "ScreeningExplorer", "PresetPicker", "glossary", "q_ppv_meaning", "q_count_false_alarms",
    "QUESTIONS", "DEFAULT_SCENARIO", "summary", "SOURCE_KEYS", "ILLUSTRATIVE", "sources",
]
