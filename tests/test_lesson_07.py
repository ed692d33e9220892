"""Lesson 07: explorers driven like a learner drives them, predictions, self-checks and tables."""

import math

import pytest
from worked import assert_says, notebook_markdown, pct, worked_solutions

from lessons import lesson_07 as L
from lessons.engine.audit import alarm_probability, deployment_scorecard, false_alarm_chance
from lessons.engine.drift import expected_timeline


@pytest.fixture(scope="module")
def deployment():
    return L.DeploymentExplorer()


@pytest.fixture(scope="module")
def drift():
    return L.DriftExplorer()


# -- the drift explorer ---------------------------------------------------------------------------

def test_drift_explorer_draws_the_closed_form_and_its_text_twin(drift):
    drift.set_values(separation_loss=0.05, prevalence_change=0.0, threshold=1.04)
    exact = expected_timeline(L.default_plan(), 1.04, L.PEOPLE_PER_MONTH)
    rates = drift.figures[0]
    assert list(rates.data[0].y) == pytest.approx(exact.series("sensitivity"))
    assert list(rates.data[1].y) == pytest.approx(exact.series("specificity"))
    assert rates.data[2].name.startswith("PPV")
    assert list(drift.figures[1].data[0].y) == pytest.approx(list(exact.missed))
    last = exact.counts[-1]
    assert f"Month 24: sensitivity {last.sensitivity}" in drift.twins[0].value
    assert f"{round(exact.total().fn):,} missed" in drift.twins[1].value


def test_drift_explorer_redraws_when_the_threshold_moves(drift):
    drift.set_values(separation_loss=0.05, prevalence_change=0.0, threshold=1.04)
    before_y = list(drift.figures[0].data[0].y)
    before_twin = drift.twins[0].value
    drift.controls["threshold"].value = 0.5
    assert list(drift.figures[0].data[0].y) != before_y
    assert drift.twins[0].value != before_twin and "threshold stays at 0.50" in drift.twins[0].value
    assert list(drift.figures[0].data[1].y) == pytest.approx(
        expected_timeline(L.default_plan(), 0.5, L.PEOPLE_PER_MONTH).series("specificity"))


def test_drift_explorer_without_drift_shows_flat_lines_and_says_so(drift):
    drift.set_values(separation_loss=0.0, prevalence_change=0.0)
    sens = list(drift.figures[0].data[0].y)
    assert max(sens) == pytest.approx(min(sens))
    assert "Nothing drifts" in drift.twins[0].value


def test_drift_explorer_prevalence_shift_lowers_ppv_not_sensitivity(drift):
    drift.set_values(separation_loss=0.0, prevalence_change=-0.003, threshold=1.04)
    sens, ppv = list(drift.figures[0].data[0].y), list(drift.figures[0].data[2].y)
    assert max(sens) == pytest.approx(min(sens))
    assert ppv[-1] < ppv[0] - 0.1
    assert "the prevalence moves from 10.0% in month 1" in drift.twins[0].value


# -- the capstone explorer -------------------------------------------------------------------------

def default_values(explorer):
    explorer.set_values(threshold=1.04, second_look_share=0.0, audit_sample=200, hours_budget=400,
                        separation_loss=0.05, onset=6, months=24)


def test_control_chart_figure_shows_the_audits_limits_and_alarms(deployment):
    default_values(deployment)
    view = deployment.compute(**deployment.values())
    fig = deployment.figures[0]
    assert list(fig.data[0].x) == list(range(1, 25))
    assert list(fig.data[0].y) == [v for v in view.chart.miss_rate]
    assert list(fig.data[1].y) == [v for v in view.chart.limit]
    assert list(fig.data[3].y) == pytest.approx(view.expected.series("undertriage"))
    assert list(fig.data[4].x) == list(view.chart.alarms)
    assert fig.data[4].name == f"Alarm months: {len(view.chart.alarms)}"
    assert list(fig.data[5].x) == [6.5, 6.5]
    text = deployment.twins[0].value
    if view.chart.first_alarm:
        assert f"First alarm in month {view.chart.first_alarm}" in text
    assert "exact chance" in text
    pooled = view.record.pooled()
    assert pooled.population == 200 * 24
    assert f"measured sensitivity {pooled.sensitivity}" in text and f"measured PPV {pooled.ppv}" in text


def test_scorecard_figure_and_twin_match_the_engine(deployment):
    default_values(deployment)
    deployment.controls["second_look_share"].value = 0.1
    card = deployment_scorecard(L.default_plan(), 1.04,
                                L.ReviewPolicy(second_look_share=0.1, audit_sample=200, hours_budget=400),
                                L.PEOPLE_PER_MONTH)
    bars = deployment.figures[1].data[0]
    assert list(bars.x) == list(L.SCORECARD_BARS)
    assert list(bars.y) == pytest.approx([card.correctly_flagged, card.caught_by_second_look + card.caught_by_audit,
                                          card.missed, card.false_alarms], abs=0.06)
    assert f"{round(card.missed):,} are still missed" in deployment.twins[1].value
    hours = deployment.figures[2]
    assert list(hours.data[0].y) == pytest.approx(list(card.hours_by_month))
    assert list(hours.data[1].y) == [400.0] * 24


def test_lowering_the_budget_creates_a_queue_in_the_twins(deployment):
    default_values(deployment)
    deployment.controls["hours_budget"].value = 200
    assert "still waiting" in deployment.twins[1].value
    assert "above the budget in 24 of 24 months" in deployment.twins[2].value


def test_more_audits_change_the_chart(deployment):
    default_values(deployment)
    before = list(deployment.figures[0].data[0].y)
    deployment.controls["audit_sample"].value = 800
    assert list(deployment.figures[0].data[0].y) != before
    assert "With 800 audits a month" in deployment.twins[0].value


def test_no_audits_leave_the_chart_empty_and_say_so(deployment):
    default_values(deployment)
    deployment.controls["audit_sample"].value = 0
    assert all(v is None for v in deployment.figures[0].data[0].y)
    assert deployment.twins[0].value.count("No audits") == 1


def test_no_drift_removes_the_onset_line(deployment):
    default_values(deployment)
    deployment.controls["onset"].value = 24
    assert list(deployment.figures[0].data[5].x) == []
    deployment.controls["months"].value = 12
    assert list(deployment.figures[0].data[0].x) == list(range(1, 13))
    assert len(deployment.figures[2].data[0].y) == 12


def test_lower_threshold_moves_the_chart_centre_to_the_new_launch_miss_rate(deployment):
    default_values(deployment)
    deployment.controls["threshold"].value = 0.5
    centre = deployment.figures[0].data[2].y[0]
    assert centre == pytest.approx(L.launch_chart(0.5).baseline)
    assert centre < 0.05


def test_compute_refuses_bad_values_naming_the_parameter(deployment):
    default_values(deployment)
    with pytest.raises(ValueError, match="threshold must be a number"):
        deployment.compute(threshold=25, second_look_share=0, audit_sample=10, hours_budget=1,
                           separation_loss=0, onset=0, months=12)


# -- predict first, self-checks, tables, summary ----------------------------------------------------

def test_predictions_use_the_engine():
    end = expected_timeline(L.default_plan(), L.DEPLOYED_THRESHOLD, 1000).counts[-1]
    assert L.predict_sensitivity.truth == pytest.approx(round(100 * end.sensitivity.value, 1))
    assert "too high" in L.predict_sensitivity.reveal(88)
    assert L.predict_detection.truth == 10
    assert "Very close" in L.predict_detection.reveal(10)


def test_numeric_answers_come_from_the_engine():
    chart = L.launch_chart()
    a = alarm_probability(chart, chart.baseline, 0.10, 200)
    q = L.q_false_alarms_two_years
    assert q.answer == pytest.approx(round(100 * false_alarm_chance(chart, 0.10, 200, 24), 1))
    assert q.check(q.answer).correct
    assert not q.check(100 * a).correct and "too low" in str(q.check(100 * a))
    assert not q.check(100 * 24 * a + 5).correct
    o = L.q_overtriage
    assert o.answer == pytest.approx(60.5)  # 1 - PPV with PPV 39.5% (PHQ-9 at 10% prevalence)
    assert o.check(60.5).correct
    fb = o.check(12)
    assert not fb.correct and "too low" in fb.message


def test_audit_size_table_shows_cost_and_detection_growing_together():
    rows = L.audit_size_table(sizes=(100, 400)).splitlines()
    assert len(rows) == 3
    small, big = rows[1].split(), rows[2].split()
    assert float(big[1]) == 300 and float(small[1]) == 75
    assert float(big[-1].rstrip("%")) > float(small[-1].rstrip("%"))


def test_policy_table_lists_each_choice():
    rows = L.policy_table(thresholds=(1.04, 0.2), second_looks=(0.0,)).splitlines()
    assert len(rows) == 3
    assert float(rows[2].split()[2].replace(",", "")) < float(rows[1].split()[2].replace(",", ""))


def test_default_summary_is_deterministic_and_states_the_key_numbers():
    text = L.summary()
    assert text == L.summary()
    assert "sensitivity 87.9%" in text and "60.7%" in text
    assert "0.46%" in text and "0.13%" in text
    assert "nan" not in text.lower()
    assert math.isclose(L.LAUNCH_SEPARATION, 2.2114, abs_tol=1e-3)


# -- drift presets -----------------------------------------------------------------------------------

def test_every_drift_preset_has_a_status_and_derived_ones_cite_a_source():
    for p in L.DRIFT_PRESETS.values():
        assert p.status in {"derived", "illustrative"}
        assert p.status in p.describe()
        if p.status == "derived":
            assert p.sources and "Wong" in p.describe()


def test_derived_wong_preset_ends_near_the_published_external_auc():
    p = L.DRIFT_PRESETS["wong_auc"]
    tl = expected_timeline(L.default_plan(separation_loss=p.separation_loss), L.LAUNCH_THRESHOLD, 1000)
    assert tl.auc[-1] == pytest.approx(0.63, abs=0.03)
    assert f"{tl.auc[-1]:.2f}" in p.note


def test_preset_picker_sets_the_explorer_controls_and_redraws(deployment, drift):
    default_values(deployment)
    picker = L.DriftPresetPicker(deployment)
    redraws = deployment.redraws
    picker.dropdown.value = "wong_auc"
    assert deployment.controls["separation_loss"].value == L.DRIFT_PRESETS["wong_auc"].separation_loss
    assert deployment.redraws == redraws + 1
    assert "(derived)" in picker.note.value
    picker.dropdown.value = ""
    assert picker.note.value == ""
    drift_picker = L.DriftPresetPicker(drift)
    drift_picker.dropdown.value = "fewer_in_need"
    assert drift.controls["prevalence_change"].value == -0.003
    assert drift.controls["separation_loss"].value == 0.0
    assert "Fewer people in need" in drift_picker.note.value


def test_capstone_refuses_a_population_smaller_than_the_largest_audit():
    with pytest.raises(ValueError, match="people_per_month must be a whole number from 1,000 to 100,000; got 50"):
        L.DeploymentExplorer(people_per_month=50)


def test_figures_stay_small_even_with_10000_people_a_month():
    big = L.DeploymentExplorer(people_per_month=10_000)
    big.controls["threshold"].value = 0.8
    points = sum(len(t.y) for fig in big.figures for t in fig.data if t.y is not None)
    assert points < 500
    assert big.redraws == 1


# -- the numbers the prose quotes ---------------------------------------------------------------------

def test_prose_quotes_the_engine_for_the_chart_and_the_seeded_run():
    text = notebook_markdown("07_watching_carefully")
    chart = L.launch_chart()
    limit_at_20 = chart.baseline + 3 * math.sqrt(chart.baseline * (1 - chart.baseline) / 20)
    assert_says(text, f"about {pct(chart.baseline)} at the threshold of {L.DEPLOYED_THRESHOLD:.2f}",
                f"roughly {pct(limit_at_20)} in a typical month")
    plan = L.default_plan()
    explorer = L.DeploymentExplorer()
    view = explorer.compute(**explorer.values())
    first = view.chart.first_alarm
    missed_then = 1 - expected_timeline(plan, L.DEPLOYED_THRESHOLD, 1000).counts[first - 1].sensitivity.value
    group_a, group_b = (rate.value for rate in view.card.group_miss_rates)
    assert_says(text, f"first alarm comes {first - plan.onset} months after the drift began",
                f"from {pct(chart.baseline)} to about {pct(missed_then)}",
                f"missed {pct(group_b)} of the time against {pct(group_a)} in group A",
                f"only about a {pct(L.detection_within(plan, L.DEPLOYED_THRESHOLD, 200, chart, 3))} chance")


def test_worked_solutions_quote_the_engine():
    ex1, ex2, ex3 = worked_solutions("07_watching_carefully")
    plan, chart = L.default_plan(), L.launch_chart()
    by12 = {n: L.detection_within(plan, L.DEPLOYED_THRESHOLD, n, chart, 12) for n in (200, 400)}
    assert by12[200] < 0.9 <= by12[400]
    audit_hours = 400 * L.DEFAULT_POLICY.hours_per_audit
    flagged = [c.flagged for c in expected_timeline(plan, L.DEPLOYED_THRESHOLD, L.PEOPLE_PER_MONTH).counts]
    assert_says(ex1, f"200 audits a month give about a {pct(by12[200])} chance by 12 months, 400 give about "
                     f"{pct(by12[400])}", f"that is {audit_hours:.0f} hours a month",
                f"that is {(400 - audit_hours) / L.DEFAULT_POLICY.hours_per_review:.0f} reviews",
                f"for the {min(flagged):.0f} to {max(flagged):.0f} people flagged each month")

    def card(threshold, second_look):
        return deployment_scorecard(plan, threshold, L.ReviewPolicy(second_look_share=second_look),
                                    L.PEOPLE_PER_MONTH)
    launch, low, low5 = card(L.DEPLOYED_THRESHOLD, 0.0), card(0.6, 0.0), card(0.6, 0.05)
    assert_says(ex2, f"({L.DEPLOYED_THRESHOLD:.2f}) with no second look, about {launch.missed_share.percent()}",
                f"to 0.6 brings that to about {low.missed_share.percent()}; with a 5% second look, "
                f"{low5.missed_share.percent()}",
                f"about {low.clinician_hours / 24:.0f} to {round(low5.clinician_hours / 24, -1):.0f} clinician hours")
    assert 1.7 < low.false_alarms / launch.false_alarms < 2.0  # "nearly doubles the false alarms"

    shifted = expected_timeline(L.default_plan(separation_loss=0.0, prevalence_change=-0.003),
                                L.DEPLOYED_THRESHOLD, L.PEOPLE_PER_MONTH).counts
    assert {round(c.sensitivity.value, 2) for c in shifted} == {0.88}
    assert_says(ex3, f"about a {pct(false_alarm_chance(chart, 0.10, 200, 24))} chance of at least one in 24 months",
                f"PPV falls from {shifted[0].ppv.percent()} to about {pct(shifted[-1].ppv.value)}")
    assert 0.75 < 1 - shifted[-1].ppv.value < 0.8  # "nearly four in five flags are false alarms"


def test_summary_and_explorers_start_at_the_same_threshold():
    """The printed summary and the untouched explorers show the same deployment (no 937 vs 941)."""
    assert pytest.approx(1.04) == L.DEPLOYED_THRESHOLD
    explorer = L.DeploymentExplorer()
    assert explorer.controls["threshold"].value == L.DEPLOYED_THRESHOLD
    assert L.DriftExplorer().controls["threshold"].value == L.DEPLOYED_THRESHOLD
    card = explorer.compute(**explorer.values()).card
    assert f"{round(card.missed):,} are still missed" in L.summary()
    assert f"{round(card.missed):,} are still missed" in explorer.twins[1].value


def test_count_charts_start_at_zero_so_changes_are_not_exaggerated():
    hours = L.DeploymentExplorer().figures[2]
    assert hours.layout.yaxis.rangemode == "tozero" and hours.layout.yaxis.title.text == "Hours"
    counts = L.DriftExplorer().figures[1]
    assert counts.layout.yaxis.rangemode == "tozero" and "People per month" in counts.layout.yaxis.title.text
