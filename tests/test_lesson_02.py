"""Lesson 02: the monitoring explorer driven as a learner drives it, its presets and its self-checks."""

import re

import numpy as np
import pytest
from worked import assert_says, notebook_markdown, pct, worked_solutions

from lessons.engine import monitoring as M
from lessons.engine.monitoring import describe_detection, describe_load, describe_roc, run_monitoring
from lessons.lesson_02 import (
    DEFAULTS,
    MONITORING_PRESETS,
    MonitoringExplorer,
    MonitoringPresetPicker,
    default_cohort,
    default_result,
    describe_examples,
    false_alert_percent,
    monitoring_preset,
    prediction,
    print_threshold_sweep,
    q_evidence,
    q_ppv,
    q_unreviewed,
    summary,
)
from lessons.ui.controls import live_region


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

def test_the_controls_are_the_default_settings(explorer):
    assert set(explorer.controls) == set(DEFAULTS)
    assert explorer.values() == DEFAULTS


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
    out = summary()
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
    # the threshold first; the other controls behind "Show more controls"
    assert list(children[2].children) == [explorer.controls["threshold"]]
    assert children[3] is explorer.more and children[4] is explorer.more_box
    assert set(children[2].children) | set(explorer.more_box.children) == set(explorer.controls.values())


def test_static_export_shows_controls_figures_twins_and_the_preset_list(explorer, monkeypatch):
    import lessons.ui.offline as static

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


# -- the prose quotes the engine ---------------------------------------------------------------------

STEM = "02_monitoring_progress"


def test_prose_states_the_settings_the_engine_uses():
    """The simulation's illustrative settings, as the notebook lists them, are the module's constants."""
    text = notebook_markdown(STEM)
    cohort, d = default_cohort(), DEFAULTS
    assert (cohort.patients, cohort.weeks) == (M.DEFAULT_PATIENTS, M.DEFAULT_WEEKS)
    assert_says(text, f"**{cohort.patients:,} patients** report a symptom score once a week for **{cohort.weeks} "
                      f"weeks** (week 0 to week {cohort.weeks - 1})",
                f"in whole points from 0 to {M.MAX_SCORE}",
                f"Starting scores are around {M.BASELINE_MEAN:g} points (between {M.BASELINE_LOW:g} and "
                f"{M.BASELINE_HIGH:g})",
                f"(up to {M.IMPROVEMENT_MAX:g} points a week for {M.IMPROVEMENT_WEEKS} weeks)",
                f"(**{pct(d['share'])}** at the start) **deteriorate**: from an *onset week* between week "
                f"{M.FIRST_ONSET} and week {cohort.weeks - M.LAST_ONSET_GAP} their score climbs by {M.RISE_LOW:g} to "
                f"{M.RISE_HIGH:g} points a week until it is {M.PEAK_LOW:g} to {M.PEAK_HIGH:g} points above",
                f"the noise-free score is {M.CLEAR_RISE} points above the starting score",
                f"a random error of about {d['noise']:g} points (the *noise*)",
                f"at least the **threshold** ({d['threshold']:g} points at the start) higher",
                f"**{d['clinicians']} clinicians** can each review **{d['reviews_per_clinician']} alerts a week**",
                f"Scores wobble by about {d['noise']:g} points from week to week, and the rule alerts at a rise of "
                f"{d['threshold']:g} points")
    assert cohort.onset.min() == M.FIRST_ONSET and cohort.onset.max() == cohort.weeks - M.LAST_ONSET_GAP
    preset = {key: p.settings for key, p in MONITORING_PRESETS.items()}
    assert_says(text, f"Lower the **threshold** to {preset['hair_trigger']['threshold']:g} points, then raise it "
                      f"to {preset['cautious']['threshold']:g}",
                f"Now set it to {preset['noisy']['noise']:g}",
                f"Set **weeks averaged** to {preset['smoothed']['window']}")


def test_prose_cites_the_same_figures_everywhere():
    """Hannan's 1 of 40 and 85% agree with the self-check; van der Sijs' range agrees where it is quoted twice."""
    text = notebook_markdown(STEM)
    hannan = re.search(r"(\d+) of (\d+)\); the formal method identified (\d+)% of them by the (\w+) session",
                       q_evidence.explanation)
    assert_says(text, f"foresaw only {hannan[1]} of the {hannan[2]} clients who deteriorated",
                f"identified {hannan[3]}% of them by the {hannan[4]} session",
                f"reportedly foresaw only {hannan[1]} of {hannan[2]} deteriorations")
    overrides = re.findall(r"overr(?:idden|ode the alerts) in (\d+% to \d+%) of cases", text)
    assert len(overrides) == 2 and overrides[0] == overrides[1]


def test_default_run_prose_quotes_the_engine():
    """The false-alert share over 25 weeks, the ROC area against the PPV, and the claims built on them."""
    text = notebook_markdown(STEM)
    result = default_result()
    c = result.counts
    area = result.roc.area()
    assert_says(text, f"Small weekly chances add up over {result.load.alerts.size} weeks: "
                      f"{false_alert_percent(result):.1f}% of the patients who are fine still get flagged",
                f"The area under the ROC curve is {area:.2f}, which sounds close to perfect, yet the PPV is "
                f"{c.ppv.percent()}")
    assert c.fp > c.tp  # "those false alarms outnumber the real detections"
    assert c.sensitivity.value > 0.9 and c.ppv.value < 0.5  # "low even though sensitivity is high"
    assert area > 0.95  # "sounds close to perfect"


def test_reading_the_table_matches_the_sweep():
    """False alarms fall, the first alert comes later, misses start past a point, and the top threshold still alerts."""
    text = notebook_markdown(STEM)
    thresholds = print_threshold_sweep.__defaults__[0]
    rows = M.threshold_sweep(default_cohort(), thresholds)
    false_alarms = [r.counts.fp for r in rows]
    weeks = [r.median_weeks_after_onset for r in rows]
    missed = [r.counts.fn for r in rows]
    load = [r.alerts_per_week for r in rows]
    assert false_alarms == sorted(false_alarms, reverse=True) and false_alarms[-1] < false_alarms[0] / 10
    assert weeks == sorted(weeks) and weeks[-1] > weeks[0]
    assert missed[0] == 0 < missed[-1] and missed == sorted(missed)
    assert load == sorted(load, reverse=True) and load[-1] > 0
    assert_says(text, f"but even at {thresholds[-1]:g} points the deteriorating patients keep alerting every week")


def test_worked_solutions_quote_the_engine():
    """Exercise 1's threshold and its costs, exercise 2's two rules, exercise 3's staffing."""
    ex1, ex2, ex3 = worked_solutions(STEM)
    rows = {r.threshold: r for r in M.threshold_sweep(default_cohort(), range(3, 11))}
    best = max(t for t, r in rows.items() if r.counts.sensitivity.value >= 0.95)
    c = rows[best].counts
    assert rows[best + 1].counts.sensitivity.value < 0.95  # "One point higher, sensitivity drops below 95%"
    assert_says(ex1, f"the highest threshold with at least 95% is **{best:g} points**: it detects {c.tp:.0f} of "
                     f"{c.need_help:.0f} deteriorating patients ({c.sensitivity.percent()})",
                f"{c.fp:.0f} false alarms among the {c.no_need:,.0f} patients who are fine (a false-alert rate of "
                f"{pct(c.fp / c.no_need, 1)}) and about {rows[best].alerts_per_week:.0f} alerts a week")

    a = default_result(noise=3, window=1, threshold=5)
    b = default_result(noise=3, window=3, threshold=4)
    smoothed_only = default_result(noise=3, window=3, threshold=5)
    smoothed = MONITORING_PRESETS["smoothed"].settings
    assert (smoothed["window"], smoothed["threshold"]) == (3, 4)

    def rule(r):
        return (f"{r.counts.fp:.0f} false alarms", pct(r.counts.fp / r.counts.no_need, 1),
                f"{r.counts.tp:.0f}", f"median {np.median(r.outcome.weeks_after_onset):g} weeks")

    (fa_a, share_a, tp_a, median_a), (fa_b, share_b, tp_b, median_b) = rule(a), rule(b)
    assert_says(ex2, f"(a) one week, 5 points: {fa_a} ({share_a} of the patients who are fine), {tp_a} of "
                     f"{a.counts.need_help:.0f} deteriorations detected, {median_a} from onset to the first alert",
                f"(b) three weeks, 4 points: {fa_b} ({share_b}), {tp_b} detected, {median_b}.")
    assert b.counts.fp < 0.75 * a.counts.fp  # "cuts the false alarms a lot"
    lost, won_back = a.counts.tp - smoothed_only.counts.tp, b.counts.tp - smoothed_only.counts.tp
    assert won_back > lost / 2  # "the lower threshold wins back most of the sensitivity"
    weeks_a, weeks_b = (np.median(r.outcome.weeks_after_onset) for r in (a, b))
    assert 0 < weeks_b - weeks_a <= 2  # "a slightly later first alert"

    load = default_result().load
    busiest, reviews = int(load.alerts.max()), DEFAULTS["reviews_per_clinician"]
    at_best = default_result(threshold=best)
    assert_says(notebook_markdown(STEM),
                f"(threshold {DEFAULTS['threshold']:g}, each clinician reviews {reviews} alerts a week)")
    assert_says(ex3, f"The busiest week has {busiest} alerts; {reviews} per clinician means {busiest} / {reviews} "
                     f"rounded up = **{M.clinicians_needed(load.alerts, reviews)} clinicians**",
                f"With the default team of {load.clinicians}, alerts exceed capacity in {load.weeks_over_capacity} of "
                f"{load.alerts.size} weeks",
                f"Raising the threshold to {best:g} points would need only "
                f"{M.clinicians_needed(at_best.load.alerts, reviews)} clinicians")
    default_row = rows[DEFAULTS["threshold"]]
    assert rows[best].counts.fn > default_row.counts.fn  # "misses more patients"
    assert rows[best].median_weeks_after_onset > default_row.median_weeks_after_onset  # "and flags them later"
