"""Lesson 03's explorers driven as a learner drives them, and its self-check questions."""

import math
import re

import numpy as np
import pytest
from worked import assert_says, notebook_markdown, pct, worked_solutions

from lessons import Scenario, natural_frequency_counts
from lessons.content.presets import PRESETS
from lessons.engine.describe import describe_counts
from lessons.engine.population import expected_counts
from lessons.engine.studies import (
    ARTICLE_HIGH,
    ARTICLE_LOW,
    REVIEW_STUDIES,
    always_no_counts,
    always_no_wins_below,
    chance_to_span,
    describe_sample,
    expected_accuracy,
    largest_spanning_study_size,
    predictive_values,
    sampling_sd,
    simulate_studies,
)
from lessons.lesson_03 import (
    DEFAULT_STUDY_SIZE,
    ILLUSTRATIVE_TOOL,
    PARADOX_METRICS,
    PREVALENCE_RANGE,
    RARE_EVENT_PREVALENCE,
    SETTINGS,
    TRUE_MODELS,
    AccuracyParadoxExplorer,
    StudySpreadExplorer,
    WhatAccuracyHidesExplorer,
    compare_settings,
    describe_paradox,
    describe_settings,
    noise_only_span_chance,
    predict_lowest_study,
    predict_ppv,
    q_always_no,
    q_rare_ppv,
    q_sampling_sd,
    study_design,
)
from lessons.ui.controls import live_region
from lessons.ui.explorers import PresetPicker


def bayes_ppv(p, sens, spec):
    return p * sens / (p * sens + (1 - p) * (1 - spec))


def legend_counts(fig):
    """The people grid's legend (label -> count); each count is also the number of marks of that outcome."""
    counts = {label: int(round(count)) for label, count in fig.legend().items()}
    assert counts == {label: int((fig.codes == k).sum()) for k, label in enumerate(fig.labels)}
    return counts


# -- explorer 1: what accuracy hides --------------------------------------------------

def test_default_view_shows_1000_people_and_curves_that_follow_bayes_rule():
    e = WhatAccuracyHidesExplorer()
    icons, curves = e.figures
    assert legend_counts(icons) == {"Correctly flagged": 88, "Missed": 12, "False alarm": 135,
                                    "Correctly cleared": 765}
    ppv, _npv, acc, marker = curves.data
    x = np.array(ppv.x) / 100
    assert x[0] == pytest.approx(0.001) and x[-1] == pytest.approx(0.5)
    assert np.array(ppv.y) == pytest.approx(100 * bayes_ppv(x, 0.88, 0.85))
    assert np.array(acc.y) == pytest.approx(100 * (x * 0.88 + (1 - x) * 0.85))
    assert list(marker.x) == pytest.approx([10, 10, 10])
    assert marker.y[0] == pytest.approx(100 * bayes_ppv(0.1, 0.88, 0.85))
    assert e.twins[0].value == live_region(describe_counts(natural_frequency_counts(
        Scenario(0.1, 0.88, 0.85, 1000)), tool="the tool"))
    assert "At a prevalence of 10.0%: PPV 39.5%" in e.twins[1].value
    assert curves.layout.xaxis.type == "log"


def test_moving_prevalence_updates_icons_marker_and_both_twins():
    e = WhatAccuracyHidesExplorer()
    before = [t.value for t in e.twins]
    e.controls["prevalence"].value = 0.01
    expected = natural_frequency_counts(Scenario(0.01, 0.88, 0.85, 1000))
    assert legend_counts(e.figures[0]) == {"Correctly flagged": expected.tp, "Missed": expected.fn,
                                           "False alarm": expected.fp, "Correctly cleared": expected.tn}
    marker = e.figures[1].data[3]
    assert list(marker.x) == pytest.approx([1, 1, 1])
    assert marker.y[0] == pytest.approx(100 * bayes_ppv(0.01, 0.88, 0.85))
    assert marker.text[0] == f"PPV {100 * bayes_ppv(0.01, 0.88, 0.85):.1f}%"
    assert all(new != old for new, old in zip((t.value for t in e.twins), before))
    assert "At a prevalence of 1.0%" in e.twins[1].value
    assert e.redraws == 1


def test_changing_specificity_moves_the_whole_ppv_curve():
    e = WhatAccuracyHidesExplorer()
    before = list(e.figures[1].data[0].y)
    e.controls["specificity"].value = 0.99
    after = np.array(e.figures[1].data[0].y)
    x = np.array(e.figures[1].data[0].x) / 100
    assert after == pytest.approx(100 * bayes_ppv(x, 0.88, 0.99))
    assert np.all(after > np.array(before))


def test_a_tool_that_flags_nobody_is_described_in_words():
    e = WhatAccuracyHidesExplorer()
    e.set_values(sensitivity=0.0, specificity=1.0)
    assert list(e.figures[1].data[0].y) == [None] * len(e.figures[1].data[0].x)
    assert "PPV is undefined at every prevalence" in e.twins[1].value
    assert "undefined: nobody was flagged" in e.twins[0].value
    assert "nan" not in e.twins[1].value.lower()


def test_preset_picker_loads_the_derived_suicide_preset():
    e = WhatAccuracyHidesExplorer()
    picker = PresetPicker(e, keys=["phq9_primary_care", "suicide_ehr_top5", "clinician_high_risk"])
    picker.dropdown.value = "suicide_ehr_top5"
    p = PRESETS["suicide_ehr_top5"]
    assert e.values() == {"prevalence": p.prevalence, "sensitivity": p.sensitivity, "specificity": p.specificity}
    assert e.figures[1].data[3].x[0] == pytest.approx(100 * p.prevalence)
    assert "At a prevalence of 0.63%" in e.twins[1].value
    assert e.redraws == 1
    assert "derived" in picker.note.value


def test_explorer_rejects_bad_start_values():
    with pytest.raises(ValueError, match="prevalence must be from 0.001 to 0.5; got 0.9"):
        WhatAccuracyHidesExplorer(prevalence=0.9)
    with pytest.raises(ValueError, match="sensitivity must be from 0 to 1; got 1.5"):
        WhatAccuracyHidesExplorer(sensitivity=1.5)


# -- explorer 2: the accuracy paradox -------------------------------------------------

def bars(e):
    tool, never = e.figure.data
    return dict(zip(PARADOX_METRICS, tool.y)), dict(zip(PARADOX_METRICS, never.y)), tool, never


def test_paradox_default_always_no_beats_the_tool_on_accuracy_not_balanced_accuracy():
    e = AccuracyParadoxExplorer()
    tool, never, _tool_trace, never_trace = bars(e)
    assert tool["Accuracy"] == pytest.approx(90.0) and never["Accuracy"] == pytest.approx(99.0)
    assert tool["Balanced accuracy"] == pytest.approx(90.0) and never["Balanced accuracy"] == pytest.approx(50.0)
    assert never["Sensitivity"] == pytest.approx(0.0)
    assert never["PPV"] is None and never_trace.text[3] == "undefined"
    assert tool["PPV"] == pytest.approx(100 * bayes_ppv(0.01, 0.9, 0.9))
    assert "Whenever fewer than 10.0% need help, &#x27;always no&#x27; scores the higher accuracy" in e.text.value
    assert never_trace.marker.pattern.shape == "/"


def test_paradox_controls_redraw_bars_and_text():
    e = AccuracyParadoxExplorer()
    e.controls["prevalence"].value = 0.2
    tool, never, *_ = bars(e)
    assert never["Accuracy"] == pytest.approx(80.0) and tool["Accuracy"] == pytest.approx(90.0)
    e.controls["specificity"].value = 0.95
    tool, *_ = bars(e)
    assert tool["Accuracy"] == pytest.approx(100 * (0.2 * 0.9 + 0.8 * 0.95))
    tie = 100 * 0.05 / (0.05 + 0.9)
    assert f"Whenever fewer than {tie:.1f}% need help" in e.text.value
    assert e.redraws == 2
    assert e.update() is False and e.redraws == 2


def test_paradox_edge_cases_are_words():
    assert "same accuracy at every prevalence" in describe_paradox(0.05, 0.0, 1.0)
    assert "never beats it on accuracy" in describe_paradox(0.05, 0.6, 1.0)


# -- explorer 3: why published accuracies spread ----------------------------------------

def test_study_explorer_default_draws_28_studies_and_the_articles_marks():
    e = StudySpreadExplorer()
    hist, low, high, true = e.figure.data
    assert sum(hist.y) == 28
    assert list(low.x) == [62, 62] and list(high.x) == [92, 92]
    assert true.x[0] == pytest.approx(100 * (0.1 * 0.88 + 0.9 * 0.85))
    sample = simulate_studies(study_design())
    assert e.text.value == live_region(describe_sample(sample).replace("\n", "\n\n"))
    measured = np.round(100 * sample.measured_accuracy).astype(int)
    heights = dict(zip(np.round(np.array(hist.x)).astype(int), hist.y))
    assert len(hist.x) == 101 and hist.x[0] == pytest.approx(0) and hist.x[-1] == pytest.approx(100)
    for value in set(measured):
        assert heights[value] == int(np.sum(measured == value))


def test_small_studies_and_heterogeneity_widen_the_spread():
    e = StudySpreadExplorer()
    width = lambda: max(x for x, y in zip(e.figure.data[0].x, e.figure.data[0].y) if y) - \
        min(x for x, y in zip(e.figure.data[0].x, e.figure.data[0].y) if y)  # noqa: E731
    base = width()
    e.controls["study_size"].value = 20
    assert width() > base
    assert "28 studies of 20 people" in e.text.value
    e.controls["study_size"].value = 100
    e.controls["separation_sd"].value = 1.0
    e.controls["prevalence_sd"].value = 1.0
    assert width() > base
    assert "their own true accuracies run from" in e.text.value
    assert e.redraws == 4


def test_number_of_studies_and_model_drive_the_histogram_and_true_line():
    e = StudySpreadExplorer()
    e.controls["studies"].value = 500
    assert sum(e.figure.data[0].y) == 500
    e.controls["model"].value = "balanced_77"
    assert e.figure.data[3].x[0] == pytest.approx(77.0)
    assert e.figure.data[3].name == "True accuracy 77.0%"
    assert "true accuracy is 77.0%" in e.text.value
    assert max(e.figure.data[1].y) == pytest.approx(1.1 * max(e.figure.data[0].y))
    assert e.update() is False


def test_study_explorer_same_values_same_picture():
    a, b = StudySpreadExplorer(separation_sd=0.5), StudySpreadExplorer(separation_sd=0.5)
    assert list(a.figure.data[0].y) == list(b.figure.data[0].y)
    assert a.text.value == b.text.value


def test_study_design_rejects_unknown_models_and_bad_sizes():
    with pytest.raises(ValueError, match="model must be one of 'phq9_primary_care'"):
        study_design("magic")
    with pytest.raises(ValueError, match="study_size must be a whole number from 1 to 100,000; got 0"):
        StudySpreadExplorer(study_size=0)


def test_every_true_model_states_its_status():
    for m in TRUE_MODELS.values():
        assert m.status in m.label and m.status in ("sourced", "derived", "illustrative")


# -- settings, summaries, predictions and questions ---------------------------------------

def test_same_tool_in_three_settings_matches_bayes_rule():
    results = compare_settings(0.9, 0.9, 10_000)
    assert [r.setting for r in results] == list(SETTINGS)
    for r in results:
        assert r.ppv.value == pytest.approx(bayes_ppv(r.setting.prevalence, 0.9, 0.9))
        assert r.accuracy.value == pytest.approx(0.9)
    assert results[0].ppv.value == pytest.approx(0.5)
    assert results[2].ppv.value < 0.01  # Belsher 2019: PPV at most 1% for suicide death in most models


def test_settings_are_described_with_status_and_rounded_counts():
    text = describe_settings(compare_settings())
    lines = text.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("Primary-care clinic, major depression (sourced, top of the 5-10% range; "
                               "prevalence 10.0%): on average, of 10,000 screened, 1,800 are flagged and 900")
    assert "(derived; prevalence 0.63%)" in lines[1] and "PPV 5.4%" in lines[1]
    assert "(illustrative; prevalence 0.10%)" in lines[2] and lines[2].endswith("PPV 0.89%.")
    never = describe_settings(compare_settings(0.0, 1.0))
    assert "0 are flagged" in never and "PPV undefined: nobody was flagged" in never


def test_predictions_reveal_engine_answers():
    assert predict_ppv.truth == pytest.approx(round(100 * bayes_ppv(0.01, 0.9, 0.9), 1))
    assert "the simulation gives 8.3%" in predict_ppv.reveal(50)
    lowest = 100 * simulate_studies(study_design()).measured_accuracy.min()
    assert predict_lowest_study.truth == pytest.approx(round(lowest, 1))
    assert "Very close" in predict_lowest_study.reveal(predict_lowest_study.truth)


@pytest.mark.parametrize("question,answer", [
    (q_always_no, 99.0),
    (q_rare_ppv, 100 * bayes_ppv(0.001, 0.9, 0.9)),
    (q_sampling_sd, 100 * math.sqrt(0.8 * 0.2 / 100)),
])
def test_numeric_questions_accept_the_closed_form_and_reject_others_with_a_hint(question, answer):
    assert question.check(answer).correct
    assert question.check(str(answer)).correct
    wrong = question.check(answer + 10)
    assert not wrong.correct and "too high" in wrong.message and len(wrong.message) > 20
    assert not question.check(answer - 10).correct
    assert not question.check("lots").correct


def test_noise_only_span_chance_in_words():
    text = noise_only_span_chance(0.77, 20)
    assert text.startswith("With 28 studies of 20 people and a true accuracy of 77.0%")
    assert text.endswith("is 56.0%.")
    assert noise_only_span_chance(0.77, 100).endswith("is under 0.1%.")


# -- the numbers the prose quotes ---------------------------------------------------------------------

STEM = "03_detection_accuracy"


def primary_care_range():
    """The 5-10% primary-care range as the code states it (SETTINGS[0]); the top end is the PHQ-9 preset's."""
    low, high = re.search(r"(\d+)-(\d+)%", SETTINGS[0].status).groups()
    assert pct(PRESETS["phq9_primary_care"].prevalence) == f"{high}%" == pct(SETTINGS[0].prevalence)
    return int(low) / 100, int(high) / 100, f"{low}–{high}%"


def test_cited_and_input_numbers_match_the_constants_and_presets():
    """The article's range, the review, the PHQ-9 and Simon figures, and the stated inputs match the code."""
    text = notebook_markdown(STEM)
    low, high = pct(ARTICLE_LOW), pct(ARTICLE_HIGH)
    span = round(100 * (ARTICLE_HIGH - ARTICLE_LOW))
    assert_says(text, f"(the article quotes {low} to {high})", f"ran **from {low} to {high}**",
                f"an accuracy of {high} (or {low})", f"disagree by {span} percentage points",
                f'"{low} to {high}" span', f"reviewed **{REVIEW_STUDIES} studies**",
                f"detects depression with {high} accuracy", f"treats {low} as the weak end and {high} as the goal",
                f"The {low[:-1]}–{high} range is the article's claim", f"a {span}-point range")
    # Simon et al. (2018): the derived preset reproduces the top-5% share, the 43% captured and the 5.4% PPV
    simon = PRESETS["suicide_ehr_top5"]
    flagged = expected_counts(Scenario(simon.prevalence, simon.sensitivity, simon.specificity, 1))
    days = re.search(r"within (\d+) days", SETTINGS[1].label).group(1)
    assert SETTINGS[1].prevalence == simon.prevalence
    assert_says(text, f"the {pct(flagged.flag_rate.value)} of mental-health specialty visits with the highest risk scores held "
                      f"{pct(simon.sensitivity)} of the suicide attempts that followed, yet only "
                      f"{flagged.ppv.percent()} of those high-scoring patients made an attempt within {days} days",
                f"where suicide attempts within {days} days are the target")
    assert f"{flagged.ppv.percent()} of them attempted" in simon.note
    # the PHQ-9 (Levis et al., 2019) and the primary-care range
    phq9 = PRESETS["phq9_primary_care"]
    _, top, range_text = primary_care_range()
    sens, spec = f"sensitivity {phq9.sensitivity:.2f}", f"specificity {phq9.specificity:.2f}"
    score = re.search(r"score (\d+) or more", phq9.label).group(1)
    assert_says(text, f"questionnaire at a score of {score} or more has {sens} and {spec} against a semistructured "
                      "diagnostic interview",
                f"present in {range_text} of primary-care patients",
                f"the PHQ-9 numbers ({sens}, {spec}; Levis et al., 2019) at a prevalence of {pct(top)}, the top "
                f"of the {range_text} range for primary care (Thombs et al., 2014)",
                f"Primary-care prevalence of major depression is {range_text} (Thombs et al., 2014)",
                f"the PHQ-9 ({sens}, {spec}), work out", f"the PHQ-9 ({sens}, {spec}). Is primary care "
                f"({range_text}) below or above it?",
                f"(prevalence {100 * simon.prevalence:.2f}%, sensitivity {simon.sensitivity:.2f}, specificity "
                f"{simon.specificity:.3f};")
    # the explorers' starting values and ranges, and the illustrative numbers listed under Sources
    hides = WhatAccuracyHidesExplorer()
    assert hides.values() == {"prevalence": phq9.prevalence, "sensitivity": phq9.sensitivity,
                              "specificity": phq9.specificity}
    settings = compare_settings()
    per = settings[0].counts.population
    sens90, spec90 = (pct(v) for v in ILLUSTRATIVE_TOOL)
    acc77 = study_design("balanced_77").accuracy
    assert_says(text, f"## Core: Explorer 1: {hides.population:,} people, and the same tool",
                f"shows {hides.population:,} people", f"For {hides.population:,} patients",
                f"at every prevalence from {100 * PREVALENCE_RANGE[0]:.1f}% to {pct(PREVALENCE_RANGE[1])}",
                f"Move the prevalence down from {phq9.prevalence:.2f} to 0.01 and then to {PREVALENCE_RANGE[0]}",
                f"Set sensitivity and specificity both to {ILLUSTRATIVE_TOOL[0]:.2f} and prevalence to "
                f"{AccuracyParadoxExplorer().values()['prevalence']:.2f}",
                f"the same {sens90}-sensitive, {spec90}-specific tool (*illustrative*) in three places, per "
                f"{per:,.0f} people screened", f"(prevalence {pct(SETTINGS[0].prevalence)}, Thombs et al., 2014)",
                f"(prevalence {100 * SETTINGS[1].prevalence:.2f}%, derived from Simon et al., 2018)",
                f"a rare crisis event that affects 1 in {1 / RARE_EVENT_PREVALENCE:,.0f} (*illustrative*)",
                f"the {sens90}-sensitive, {spec90}-specific tool; the 1-in-{1 / RARE_EVENT_PREVALENCE:,.0f} crisis "
                f"event; groups of {hides.population:,} and {per:,.0f} people; {DEFAULT_STUDY_SIZE} people per "
                f"study; the {pct(acc77)} tool",
                f"The starting view has {REVIEW_STUDIES} studies, the number in the 2019 review (Graham et al., "
                f"2019), of {DEFAULT_STUDY_SIZE} people each")
    explorer = StudySpreadExplorer()
    assert explorer.values()["studies"] == REVIEW_STUDIES and explorer.values()["study_size"] == DEFAULT_STUDY_SIZE
    assert acc77 == pytest.approx((ARTICLE_LOW + ARTICLE_HIGH) / 2)  # "the middle of the article's range"
    no_differences = f"{explorer.values()['separation_sd']:g}"
    assert explorer.values()["prevalence_sd"] == explorer.values()["separation_sd"] == 0
    assert_says(text, f"With both set to {no_differences}, every study measures the same tool",
                f'With both "differences" sliders at {no_differences}, lower',
                f"dashed lines at the article's {low} and {high}, and a dotted line",
                f"chance alone reaches both {low} and {high}?",
                f"producing a study at {low} or less *and* one at {high} or more",
                f"So a {low[:-1]}–{high} range from studies of typical size",
                f"compare studies of 20 and of {DEFAULT_STUDY_SIZE} people",
                f"right {pct(acc77)} of the time (the middle of the article's range)",
                f"whose true accuracy is {pct(acc77)} and {REVIEW_STUDIES} studies")
    # the optional, pre-filled cell for readers who code asks the engine the same question
    import json

    from worked import NOTEBOOKS
    cells = json.loads((NOTEBOOKS / f"{STEM}.ipynb").read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert f"largest_spanning_study_size({acc77:.2f}, {REVIEW_STUDIES})" in code


def test_prose_quotes_the_engine_for_ppv_settings_and_the_paradox():
    """Predict-first, the three settings, the paradox and the key points state what the engine computes."""
    text = notebook_markdown(STEM)
    sens, spec = ILLUSTRATIVE_TOOL
    prevalence = AccuracyParadoxExplorer().values()["prevalence"]
    people = f"1 in {1 / prevalence:.0f}"
    assert_says(text, f"A tool is {pct(sens)} sensitive and {pct(spec)} specific (an *illustrative* tool: "
                      f'"{pct(expected_accuracy(prevalence, sens, spec))} accurate"',
                f"screens people of whom {people} need help")
    assert f"{pct(sens)} sensitive and {pct(spec)} specific" in predict_ppv.prompt and people in predict_ppv.prompt
    assert predict_ppv.truth == pytest.approx(round(100 * predictive_values(prevalence, sens, spec).ppv[0], 1))
    # the three settings: the same accuracy everywhere, and PPVs of about 1 in 2, 1 in 20 and under 1 in 100
    clinic, visit, rare = compare_settings()
    accuracy = {pct(r.accuracy.value) for r in (clinic, visit, rare)}
    assert len(accuracy) == 1
    assert_says(text, f"Accuracy is {accuracy.pop()} in all three places",
                "about one flag in two is right in the clinic, about one in twenty after a visit, and fewer than "
                "one in a hundred for the rare event",
                "right about one flag in two in a clinic and fewer than one in a hundred for a rare crisis")
    assert round(1 / clinic.ppv.value) == 2
    assert 5 * round(1 / visit.ppv.value / 5) == 20
    assert rare.ppv.value < 0.01
    # the paradox: "always no" against the 90%-accurate tool, and balanced accuracy
    never = always_no_counts(prevalence)
    tool = expected_accuracy(prevalence, sens, spec)
    assert tool < never.accuracy.value
    assert_says(text, f"Where {people} need help, it is right {100 * never.accuracy.value:.0f} times in 100, "
                      f"better than the {pct(tool)}-accurate tool above",
                f'"always no" scores exactly {pct(never.balanced_accuracy.value)}, the same as a coin toss')
    # Try this in Explorer 1: accuracy hardly moves while the PPV drops steeply
    phq9 = PRESETS["phq9_primary_care"]
    curve = predictive_values([phq9.prevalence, 0.01, PREVALENCE_RANGE[0]], phq9.sensitivity, phq9.specificity)
    assert np.ptp(curve.accuracy) < 0.01 and curve.ppv[0] / curve.ppv[-1] > 10
    simon = PRESETS["suicide_ehr_top5"]
    ppv = predictive_values(simon.prevalence, simon.sensitivity, simon.specificity).ppv[0]
    assert_says(text, f"The PPV reads about {pct(ppv)}, which is the {pct(ppv, 1)} the study reported")
    hides = WhatAccuracyHidesExplorer()
    hides.set_values(prevalence=simon.prevalence, sensitivity=simon.sensitivity, specificity=simon.specificity)
    assert f"PPV {pct(ppv, 1)}" in hides.twins[1].value


def test_prose_quotes_the_engine_for_the_study_spread():
    """The sampling-noise paragraph, the predict-first text and the Try-this steps match the simulations."""
    text = notebook_markdown(STEM)
    phq9 = study_design()
    sd = sampling_sd(phq9.accuracy, DEFAULT_STUDY_SIZE)
    span = round(100 * (ARTICLE_HIGH - ARTICLE_LOW))
    assert_says(text, f"truly {pct(phq9.accuracy)} accurate, a study of {DEFAULT_STUDY_SIZE} people",
                f"within a few percentage points of {pct(phq9.accuracy)} most of the time",
                f"stretch a set of studies across {span} points",
                f"{REVIEW_STUDIES} studies of {DEFAULT_STUDY_SIZE} people each test the PHQ-9-like tool from "
                f"Explorer 1 (true accuracy {100 * phq9.accuracy:.1f}%)")
    assert 0.02 < sd < 0.05  # "a few percentage points", and "Chance alone spreads small studies by several points"
    assert_says(text, "Chance alone spreads small studies by several points")
    assert chance_to_span(phq9.accuracy, DEFAULT_STUDY_SIZE, REVIEW_STUDIES) < 0.01  # "does not usually"
    assert f"true accuracy is {100 * phq9.accuracy:.1f}%" in predict_lowest_study.prompt
    # Try this 3: with differences between systems at 1.0 the studies cover 62% to 92% (either model)
    explorer = StudySpreadExplorer()
    for model in ("balanced_77", "phq9_primary_care"):
        explorer.set_values(model=model, study_size=DEFAULT_STUDY_SIZE, separation_sd=1.0)
        assert explorer.compute(**explorer.values()).spans(), model
    assert_says(text, f"Set study size back to {DEFAULT_STUDY_SIZE} and raise *differences between systems* to "
                      "1.0. Now the studies cover the article's range")
    # Try this 4: the suicide-attempt model's measured accuracy clusters near its true accuracy, PPV about 5%
    simon = study_design("suicide_ehr_top5")
    measured = simulate_studies(simon).accuracy.spread()
    ppv = predictive_values(simon.prevalence, simon.sensitivity, simon.specificity).ppv[0]
    # the median of K studies has standard error about 1.2533 x sampling SD / sqrt(K); measured values are
    # whole numbers of people out of the study size, so allow 3 standard errors plus half a step
    median_se = 1.2533 * sampling_sd(simon.accuracy, simon.study_size) / math.sqrt(simon.studies)
    assert abs(measured.median - simon.accuracy) < 3 * median_se + 0.5 / simon.study_size
    assert measured.p95 - measured.p5 < 0.1
    assert_says(text, f"Measured accuracy clusters around {pct(simon.accuracy)}, yet it says nothing about the PPV "
                      f"of about {pct(ppv)} you saw above")


def test_worked_solutions_quote_the_engine():
    """Each worked solution's counts, PPVs, accuracies, SDs, chances and study size come from the engine."""
    ex1, ex2, ex3 = worked_solutions(STEM)
    phq9 = PRESETS["phq9_primary_care"]
    sens, spec = phq9.sensitivity, phq9.specificity
    low_end, high_end, range_text = primary_care_range()
    assert_says(notebook_markdown(STEM), f"the PPV at {pct(low_end)} and at {pct(high_end)} prevalence")
    people = WhatAccuracyHidesExplorer().population  # "Check your answers with Explorer 1"
    lo, hi = (natural_frequency_counts(Scenario(p, sens, spec, people)) for p in (low_end, high_end))
    assert_says(ex1, f"At **{pct(low_end)}**: {lo.need_help:.0f} need help; {sens:.2f} × {lo.need_help:.0f} = "
                     f"{lo.tp:.0f} are correctly flagged and {lo.fn:.0f} are missed. Of the {lo.no_need:.0f} who do "
                     f"not need help, {pct(1 - spec)} are flagged: about {lo.fp:.0f} false alarms. So "
                     f"{lo.flagged:.0f} are flagged and the PPV is {lo.tp:.0f} / {lo.flagged:.0f} = "
                     f"{lo.ppv.percent()}.",
                f"At **{pct(high_end)}**: {hi.need_help:.0f} need help; {hi.tp:.0f} are correctly flagged, "
                f"{hi.fn:.0f} missed; {pct(1 - spec)} of {hi.no_need:.0f} gives {hi.fp:.0f} false alarms; "
                f"{hi.flagged:.0f} flagged; PPV {hi.tp:.0f} / {hi.flagged:.0f} = {hi.ppv.percent()}.",
                f"Accuracy barely changes ({lo.accuracy.percent()} against {hi.accuracy.percent()})")
    assert 2 * low_end == pytest.approx(high_end)  # "when the condition is half as common"
    assert abs(hi.accuracy.value - lo.accuracy.value) < 0.005  # "Accuracy barely changes"
    assert 0.35 < 1 - lo.ppv.value / hi.ppv.value < 0.45  # "drops by about two fifths"
    assert hi.ppv.value < 0.5  # "In both clinics most flags are false alarms"
    assert "drops by about two fifths" in ex1 and "most flags are false alarms" in ex1

    tie = always_no_wins_below(sens, spec).value
    assert_says(ex2, f"PHQ-9: (1 − {spec:.2f}) / (1 − {spec:.2f} + {sens:.2f}) = {1 - spec:.2f} / "
                     f"{1 - spec + sens:.2f} = {pct(tie, 1)}. Primary care ({range_text}) lies **below** it")
    assert high_end < tie
    simon = PRESETS["suicide_ehr_top5"]
    model = expected_counts(Scenario(simon.prevalence, simon.sensitivity, simon.specificity, 1000))
    never = always_no_counts(simon.prevalence)
    assert_says(ex2, f"the model's accuracy is {model.accuracy.percent()} and \"always no\" scores "
                     f"1 − {simon.prevalence:.4f} = {never.accuracy.percent(2)}",
                f"the model {model.balanced_accuracy.percent()}, \"always no\" {pct(never.balanced_accuracy.value)}")
    assert describe_paradox(simon.prevalence, simon.sensitivity, simon.specificity).count(
        model.balanced_accuracy.percent()) == 1

    acc = study_design("balanced_77").accuracy
    sd20, sd100 = sampling_sd(acc, 20), sampling_sd(acc, 100)
    gap = acc - ARTICLE_LOW
    assert gap == pytest.approx(ARTICLE_HIGH - acc)
    assert_says(ex3, f"SD for 20 people: √({acc:.2f} × {1 - acc:.2f} / 20) = {100 * sd20:.1f} percentage points; "
                     f"for 100 people: {100 * sd100:.1f} points",
                f"Both {pct(ARTICLE_LOW)} and {pct(ARTICLE_HIGH)} are {100 * gap:.0f} points from {pct(acc)}: "
                f"{gap / sd20:.1f} SDs for the small studies, but {gap / sd100:.1f} SDs for the larger ones",
                f"The exact chance that {REVIEW_STUDIES} studies of 20 people span the range is "
                f"{pct(chance_to_span(acc, 20, REVIEW_STUDIES))}; with 50 people it is "
                f"{pct(chance_to_span(acc, 50, REVIEW_STUDIES), 1)}",
                f"The largest study size with at least an even chance is "
                f"**{largest_spanning_study_size(acc, REVIEW_STUDIES)} people**")


def test_curve_twin_explains_when_the_whole_people_counts_round_to_another_ppv():
    """At 5% the icon array's 44 of 186 flagged give 23.7%, the exact curve 23.6%: the twin says why."""
    from lessons.lesson_03 import WhatAccuracyHidesExplorer

    e = WhatAccuracyHidesExplorer()
    assert "rounded to whole people" not in e.twins[1].value  # 10%: 39.5% both ways
    e.controls["prevalence"].value = 0.05
    counts = natural_frequency_counts(Scenario(0.05, 0.88, 0.85, 1000))
    exact = 0.05 * 0.88 / (0.05 * 0.88 + 0.95 * 0.15)
    assert f"PPV {100 * exact:.1f}%" in e.twins[1].value
    assert (f"{counts.tp:.0f} ÷ {counts.tp + counts.fp:.0f} = {100 * counts.tp / (counts.tp + counts.fp):.1f}%: "
            "they are rounded to whole people") in e.twins[1].value
    assert f"{100 * exact:.1f}%" != f"{100 * counts.tp / (counts.tp + counts.fp):.1f}%"


def test_which_metric_is_keyed_to_sensitivity_and_ppv_at_your_prevalence_not_balanced_accuracy():
    """Balanced accuracy ignores prevalence: the same tool keeps its balanced accuracy while its PPV collapses."""
    from lessons import Scenario, expected_counts
    from lessons.lesson_03 import q_which_metric

    assert "PPV at your own prevalence" in q_which_metric.answer and "local" in q_which_metric.answer
    assert "Balanced" not in q_which_metric.answer
    wrong = next(o for o in q_which_metric.options if o.startswith("Balanced"))
    assert "ignores prevalence" in q_which_metric.hints[wrong]
    common, rare = (expected_counts(Scenario(p, 0.9, 0.9, 100_000)) for p in (0.1, 0.001))
    assert common.balanced_accuracy.value == pytest.approx(rare.balanced_accuracy.value)
    assert rare.ppv.value < common.ppv.value / 40
