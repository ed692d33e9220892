"""Teaching kit: what happens to patients when an AI triage system gets it wrong.

Four layers, each importing only the ones before it (``tests/test_layers.py`` holds this):

* :mod:`lessons.checks` and :mod:`lessons.content`: input validation; what the kit says (sources, presets,
  glossary, the content notice). No widgets.
* :mod:`lessons.engine`: plain numpy models with no notebook state. Data flows one way: scenario (who is
  screened, how good the AI is) -> population (simulated people) -> metrics (the four counts and the rates)
  -> consequences, capacity (queues), team, subgroups, faults, drift and audits; ``describe`` writes the text
  twins. No widgets.
* :mod:`lessons.ui`: controls, the explorer base class, figures, quizzes and rendering without a kernel.
* :mod:`lessons.delivery`: running the kit for a class (workshop check, launch links, server setting, answer key).

:mod:`lessons.catalog` lists the lessons. Each ``lessons.lesson_NN`` is one notebook's whole import surface and
ends with the same contract: ``__all__``, ``QUESTIONS``, ``summary()``, ``SOURCE_KEYS``, ``ILLUSTRATIVE`` and
``sources()`` (``tests/test_contracts.py`` checks it). This package itself re-exports the core of the engine for
notebook 00's "look under the hood" cell.

This kit is for education; it is not clinical advice.
"""

from .checks import MAX_POPULATION
from .content.presets import PRESETS, Preset, preset
from .content.sources import SOURCES, cite, sources_markdown
from .engine.describe import describe_counts, describe_rates
from .engine.metrics import Counts, Rate
from .engine.population import (
    Population,
    counts_from_arrays,
    expected_counts,
    natural_frequencies,
    natural_frequency_counts,
    simulate,
)
from .engine.scenario import (
    Scenario,
    ScoreModel,
    auc_from_separation,
    empirical_auc,
    separation_from_auc,
)

__version__ = "0.1.0"

__all__ = [
    "MAX_POPULATION", "Counts", "Rate", "Population", "counts_from_arrays", "expected_counts",
    "natural_frequencies", "natural_frequency_counts", "simulate", "PRESETS", "Preset", "preset",
    "Scenario", "ScoreModel", "auc_from_separation", "empirical_auc", "separation_from_auc",
    "describe_counts", "describe_rates", "SOURCES", "cite", "sources_markdown", "__version__",
]
