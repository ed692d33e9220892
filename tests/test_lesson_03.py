"""Lesson 03's explorers driven as a learner drives them, and its self-check questions."""

import math

import numpy as np
import pytest

from lessons import Scenario, natural_frequency_counts
from lessons.controls import live_region
from lessons.describe import describe_counts
from lessons.explorers import PresetPicker
from lessons.lesson_03 import (
    PARADOX_METRICS,
    QUESTIONS,
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
    q_which_metric,
    q_why_range,
    study_design,
)
from lessons.presets import PRESETS
from lessons.studies import describe_sample, simulate_studies


def bayes_ppv(p, sens, spec):
    return p * sens / (p * sens + (1 - p) * (1 - spec))


def legend_counts(fig):
    return {t.name.split(":")[0]: int(t.name.split(": ")[1].replace(",", "")) for t in fig.data}


# -- explorer 1: what accuracy hides --------------------------------------------------

def test_default_view_shows_1000_people_and_curves_that_follow_bayes_rule():
    e = WhatAccuracyHidesExplorer()
    icons, curves = e.figures
    assert legend_counts(icons) == {"Correctly flagged": 88, "Missed": 12, "False alarm": 135,
                                    "Correctly cleared": 765}
    ppv, npv, acc, marker = curves.data
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


def test_no_op_change_does_nothing_on_the_first_explorer():
    e = WhatAccuracyHidesExplorer()
    e.controls["prevalence"].value = 0.1
    e.controls["sensitivity"].value = 0.88000000000001
    assert e.redraws == 0 and e.update() is False


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
    tool, never, tool_trace, never_trace = bars(e)
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


@pytest.mark.parametrize("question", [q_why_range, q_which_metric])
def test_choice_questions_give_feedback_for_every_option(question):
    assert question.check(question.answer).correct
    for option in question.options:
        if option == question.answer:
            continue
        fb = question.check(option)
        assert not fb.correct
        assert fb.message == question.hints[option]
    assert not question.check(None).correct


def test_every_question_is_listed_and_widgets_give_feedback():
    assert len(QUESTIONS) == 5
    box = q_which_metric.widget()
    box.field.value = q_which_metric.answer
    box.check_button.click()
    assert "Correct." in box.feedback.value


def test_noise_only_span_chance_in_words():
    text = noise_only_span_chance(0.77, 20)
    assert text.startswith("With 28 studies of 20 people and a true accuracy of 77.0%")
    assert text.endswith("is 56.0%.")
    assert noise_only_span_chance(0.77, 100).endswith("is under 0.1%.")
