"""Notebook 00 (start here): the numbers its prose quotes are the explorer's, the presets' and the sources'."""

import re

from worked import assert_says, notebook_markdown, pct

from lessons.content.presets import PRESETS
from lessons.engine.population import natural_frequency_counts
from lessons.engine.scenario import Scenario
from lessons.engine.studies import ARTICLE_HIGH, ARTICLE_LOW
from lessons.ui.explorers import ScreeningExplorer

STEM = "00_start_here"


def test_first_explorer_starts_at_the_sourced_phq9_preset():
    """1,000 people, sensitivity 88%, specificity 85% (Levis 2019), prevalence 10% (top of the 5-10% the DEPRESSD
    group's protocol gives, Thombs 2014): preset and explorer."""
    text = notebook_markdown(STEM)
    explorer = ScreeningExplorer()
    phq9 = PRESETS["phq9_primary_care"]
    start = explorer.values()
    assert start == {"prevalence": phq9.prevalence, "sensitivity": phq9.sensitivity,
                     "specificity": phq9.specificity}
    assert "levis2019" in phq9.sources and "thombs2014" in phq9.sources
    low, high = re.search(r"(\d+)-(\d+)% range", phq9.note).groups()
    assert int(high) / 100 == phq9.prevalence
    n = explorer.population
    assert_says(text, f"watch what happens to {n:,} people",
                f"## Core: Your first explorer: {n:,} people screened",
                f"Imagine {n:,} adults visiting their family doctor",
                f"(sensitivity {pct(phq9.sensitivity)}, specificity {pct(phq9.specificity)}; Levis et al., 2019)",
                f"assumes that {pct(phq9.prevalence)} of the people screened have major depression "
                f"(primary-care estimates are {low}–{high}%; Thombs et al., 2014)",
                f"if the tool is {pct(phq9.sensitivity)} sensitive and {pct(phq9.specificity)} specific",
                f"an icon array of {n:,} people")


def test_the_answer_to_the_prediction_quotes_the_explorer():
    """Roughly 220 flagged, about 88 with depression, a PPV of 39.5%: what the untouched explorer shows, in the reveal."""
    from lessons.lesson_00 import predict_ppv

    explorer = ScreeningExplorer()
    counts = explorer.counts
    assert counts == natural_frequency_counts(Scenario(**explorer.values(), population=explorer.population))
    assert predict_ppv.truth == round(100 * counts.ppv.value, 1)
    assert_says(predict_ppv.explain, f"Of roughly {round(counts.flagged, -1):,.0f} people flagged, only about "
                                     f"{counts.tp:.0f} have depression, far fewer than the "
                                     f"{pct(explorer.values()['sensitivity'])} sensitivity suggests",
                f"false alarms ({counts.fp:.0f} of them)")
    assert counts.fp > counts.tp  # "Most flags are false alarms"


def test_named_preset_and_article_range_match_the_code():
    """The preset the text asks for exists with its source; the lesson table quotes the article's 62-92%."""
    text = notebook_markdown(STEM)
    gp = PRESETS["gp_unaided"]
    assert gp.sources == ("mitchell2009",)
    assert_says(text, f"*{gp.label}*: how does an unaided family doctor (Mitchell et al., 2009)",
                f"({pct(ARTICLE_LOW)[:-1]}–{pct(ARTICLE_HIGH)} detection accuracy)")
