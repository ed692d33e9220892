"""Lesson 02: the monitoring explorer driven as a learner drives it, its presets and its self-checks."""

import numpy as np
import pytest

from lessons.controls import NumberSlider, live_region
from lessons.lesson_02 import (
    DEFAULTS,
    MONITORING_PRESETS,
    MonitoringExplorer,
    MonitoringPresetPicker,
    default_result,
    describe_examples,
    false_alert_percent,
    monitoring_preset,
    prediction,
    print_default_summary,
    print_threshold_sweep,
    q_evidence,
    q_ppv,
    q_smoothing,
    q_threshold,
    q_unreviewed,
)
from lessons.monitoring import describe_detection, describe_load, describe_roc, run_monitoring


@pytest.fixture
def explorer():
    return MonitoringExplorer(patients=600, weeks=26, seed=3)


def engine(explorer, **changes):
    """What the engine says for the explorer's cohort at its current settings plus ``changes``."""
    values = {**explorer.values(), **changes}
    return run_monitoring(explorer.cohort, share=values["share"], noise=values["noise"],
                          window=round(values["window"]), threshold=values["threshold"],
                          clinicians=round(values["clinicians"]),
                          reviews_per_clinician=round(values["reviews_per_clinician"]))


def names(fig):
    return [t.name for t in fig.data]


# -- the explorer ---------------------------------------------------------------------------------

def test_every_control_is_a_labelled_number_slider(explorer):
    assert set(explorer.controls) == set(DEFAULTS)
    for control in explorer.controls.values():
        assert isinstance(control, NumberSlider) and control.label and control.help


def test_default_figures_and_twins_say_what_the_engine_says(explorer):
    result = engine(explorer)
    trajectory, load, roc = explorer.figures
    assert len(trajectory.data) == 9 and len(load.data) == 3 and len(roc.data) == 3
    assert explorer.twins[1].value == live_region(describe_load(result))
    assert explorer.twins[2].value == live_region(describe_roc(result))
    assert explorer.twins[0].value == live_region(describe_examples(result, explorer.examples) + "\n\n"
                                                  + describe_detection(result))
    assert list(load.data[0].y) == pytest.approx((result.outcome.true_alerts / DEFAULTS["clinicians"]).tolist())
    assert list(load.data[2].y) == [DEFAULTS["reviews_per_clinician"]] * 2
    assert explorer.redraws == 0


def test_moving_the_threshold_moves_the_line_the_alert_marks_and_the_roc_point(explorer):
    before = explorer.twins[0].value
    explorer.controls["threshold"].value = 3.0
    result = engine(explorer)
    trajectory, load, roc = explorer.figures
    assert list(trajectory.data[6].y) == [3.0, 3.0] and trajectory.data[6].name == "Threshold: 3 points"
    expected_marks = sum(int(result.outcome.alert_matrix[p].sum()) for p in explorer.examples)
    assert len(trajectory.data[7].x) == expected_marks
    assert all(y >= 3.0 for y in trajectory.data[7].y)
    c = result.counts
    assert roc.data[2].x[0] == pytest.approx(1 - c.specificity.value)
    assert roc.data[2].y[0] == pytest.approx(c.sensitivity.value)
    assert list(load.data[1].y) == pytest.approx((result.outcome.false_alerts / DEFAULTS["clinicians"]).tolist())
    assert explorer.twins[0].value != before and "threshold at 3 points" in explorer.twins[0].value
    assert explorer.redraws == 1


def test_example_lines_are_the_engine_scores(explorer):
    explorer.controls["noise"].value = 4.0
    scores = explorer.cohort.scores(DEFAULTS["share"], 4.0, 1)
    for trace, p in zip(explorer.figures[0].data[:6], explorer.examples):
        assert list(trace.y) == pytest.approx(scores.change[p].tolist())
        assert list(trace.x) == list(range(1, 26))
    assert explorer.figures[0].data[0].name.startswith("Patient A (deteriorates from week ")
    assert explorer.figures[0].data[5].name == "Patient F (does not deteriorate)"


def test_noise_window_and_share_redraw_the_roc_curve(explorer):
    roc = explorer.figures[2]
    first = list(roc.data[1].x)
    explorer.controls["noise"].value = 5.0
    assert list(roc.data[1].x) != first
    explorer.controls["window"].value = 3
    curve = engine(explorer).roc
    assert list(roc.data[1].x) == pytest.approx(curve.false_alert_rate.tolist())
    assert list(roc.data[1].y) == pytest.approx(curve.sensitivity.tolist())
    assert "average of the last 3 weekly scores" in explorer.twins[0].value
    assert explorer.redraws == 2


def test_capacity_controls_change_the_load_figure_and_its_twin(explorer):
    load = explorer.figures[1]
    explorer.controls["clinicians"].value = 2
    result = engine(explorer)
    assert list(load.data[0].y) == pytest.approx((result.outcome.true_alerts / 2).tolist())
    assert "team of 2 clinicians" in explorer.twins[1].value
    explorer.controls["reviews_per_clinician"].value = 40
    assert list(load.data[2].y) == [40, 40]
    assert "Each clinician can review 40 a week (80 for the team)" in explorer.twins[1].value


def test_capacity_zero_says_no_alerts_are_reviewed(explorer):
    explorer.controls["reviews_per_clinician"].value = 0
    assert "no alerts are reviewed" in explorer.twins[1].value
    assert list(explorer.figures[1].data[2].y) == [0, 0]


def test_nobody_deteriorating_is_shown_in_words_not_a_crash(explorer):
    explorer.controls["share"].value = 0.0
    assert "nobody deteriorated" in explorer.twins[2].value
    assert "sensitivity is undefined" in explorer.twins[0].value
    assert all("does not deteriorate" in name for name in names(explorer.figures[0])[:6])
    assert list(explorer.figures[0].data[8].x) == []
    assert explorer.figures[2].data[2].y[0] == 0.0


def test_no_op_change_does_nothing(explorer):
    explorer.controls["threshold"].value = DEFAULTS["threshold"]
    assert explorer.redraws == 0
    assert explorer.update() is False
    explorer.controls["share"].value = 0.1 + 1e-12  # what a browser slider may send back
    assert explorer.redraws == 0


def test_bad_settings_raise_with_the_parameter_named(explorer):
    with pytest.raises(ValueError, match="threshold must be a number in"):
        explorer.compute(**{**explorer.values(), "threshold": 40})
    with pytest.raises(ValueError, match="settings must be among"):
        MonitoringExplorer(patients=100, speed=3)


def test_explorer_handles_10000_patients():
    e = MonitoringExplorer(patients=10_000)
    e.controls["threshold"].value = 6.5
    assert e.result.counts.population == 10_000
    assert max(len(t.x) for t in e.figures[2].data) < 2_000, "figure data stays small"


# -- presets -----------------------------------------------------------------------------------

def test_presets_are_illustrative_and_set_the_controls_in_one_redraw(explorer):
    assert all(p.status == "illustrative" for p in MONITORING_PRESETS.values())
    picker = MonitoringPresetPicker(explorer)
    picker.dropdown.value = "smoothed"
    assert explorer.values()["window"] == 3 and explorer.values()["threshold"] == 4.0
    assert explorer.redraws == 1
    assert "illustrative" in picker.note.value
    picker.dropdown.value = ""
    assert picker.note.value == ""
    with pytest.raises(ValueError, match="preset must be one of"):
        monitoring_preset("magic")


# -- the lesson's numbers ------------------------------------------------------------------------

def test_default_summary_and_sweep_print_engine_numbers(capsys):
    print_default_summary()
    out = capsys.readouterr().out
    c = default_result().counts
    assert out.startswith(f"Of 2,000 patients followed for 26 weeks, {int(c.need_help)} deteriorate.")
    print_threshold_sweep((4, 6))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and lines[1].split()[0] == "4"
    with pytest.raises(ValueError, match="settings must be among"):
        default_result(speed=2)


def test_prediction_truth_is_the_engine_false_alert_share():
    result = default_result()
    c = result.counts
    assert prediction.truth == false_alert_percent(result) == round(100 * c.fp / c.no_need, 1)
    assert "too low" in prediction.reveal(2)


# -- self-checks ---------------------------------------------------------------------------------

@pytest.mark.parametrize("question", [q_threshold, q_smoothing, q_evidence], ids=["threshold", "smoothing", "evidence"])
def test_choice_questions_accept_the_answer_and_hint_every_wrong_option(question):
    assert question.check(question.answer).correct
    for option in question.options:
        if option != question.answer:
            fb = question.check(option)
            assert not fb.correct and fb.message == question.hints[option]


def test_unreviewed_question_answer_comes_from_the_engine():
    load = default_result().load
    week = int(np.argmax(load.alerts))
    expected = max(0, int(load.alerts[week]) - load.capacity)
    assert q_unreviewed.answer == expected > 0
    assert f"raises {int(load.alerts[week])} alerts" in q_unreviewed.prompt
    assert q_unreviewed.check(expected).correct
    fb = q_unreviewed.check(int(load.alerts[week]))
    assert not fb.correct and "too high" in fb.message and "capacity" in fb.message


def test_ppv_question_answer_comes_from_the_engine():
    c = default_result().counts
    assert q_ppv.answer == pytest.approx(round(100 * c.tp / c.flagged, 1))
    assert q_ppv.check(q_ppv.answer).correct
    fb = q_ppv.check(100 * c.sensitivity.value)
    assert not fb.correct and "flagged" in fb.message


def test_widget_shows_controls_then_each_figure_with_its_twin(explorer):
    box = explorer.widget
    children = list(box.children)
    for fig, twin in zip(explorer.figures, explorer.twins):
        i = children.index(fig)
        assert children[i + 1] is twin
    assert set(children[2].children) == set(explorer.controls.values())


def test_static_export_shows_controls_figures_twins_and_the_preset_list(explorer, monkeypatch):
    import lessons.static as static

    explorer.controls["threshold"].value = 6.0  # figures hold numpy arrays after an update
    page = static.explorer_html(explorer)
    assert "Alerts one clinician can review per week" in page
    for twin in explorer.twins:
        assert twin.value in page
    assert page.count("Plotly.newPlot") == 3
    shown = []
    monkeypatch.setenv(static.STATIC_ENV, "1")
    monkeypatch.setattr(static, "display_static", shown.append)
    MonitoringPresetPicker(explorer)._ipython_display_()
    assert len(shown) == 1 and "Smoothed rule" in shown[0] and "Preset settings (illustrative)" in shown[0]
