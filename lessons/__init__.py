"""Teaching kit: what happens to patients when an AI triage system gets it wrong.

The package follows one flow, visible in its module names:

scenario (who is screened, how good the AI is) -> population (simulated people)
-> metrics (counts and rates) -> consequences, capacity, team, subgroups
(what the errors do to patients) -> describe / figures / explorers (text twins,
plots and widgets on top). quiz and presets stand apart.

Everything here is plain Python and numpy: no state lives in a notebook.
This kit is for education; it is not clinical advice.
"""

from .checks import MAX_POPULATION
from .engine.metrics import Counts, Rate
from .engine.population import (
    Population,
    counts_from_arrays,
    expected_counts,
    natural_frequencies,
    natural_frequency_counts,
    simulate,
)
from .content.presets import PRESETS, Preset, preset
from .engine.scenario import (
    Scenario,
    ScoreModel,
    auc_from_separation,
    empirical_auc,
    separation_from_auc,
)
from .engine.describe import describe_counts, describe_rates
from .content.sources import SOURCES, cite, sources_markdown

__version__ = "0.1.0"

__all__ = [
    "MAX_POPULATION", "Counts", "Rate", "Population", "counts_from_arrays", "expected_counts",
    "natural_frequencies", "natural_frequency_counts", "simulate", "PRESETS", "Preset", "preset",
    "Scenario", "ScoreModel", "auc_from_separation", "empirical_auc", "separation_from_auc",
    "describe_counts", "describe_rates", "SOURCES", "cite", "sources_markdown", "__version__",
]
