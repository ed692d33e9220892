"""The predict-first moment and self-check questions for notebooks/00_start_here.ipynb."""

from .content.presets import PRESETS
from .engine.population import natural_frequency_counts
from .ui.quiz import Choice, Numeric, Prediction
from .engine.scenario import Scenario

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
