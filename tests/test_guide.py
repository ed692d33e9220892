"""The instructor guide's engine numbers are the engine's numbers today.

docs/instructor-guide.md says its simulation results are the ones the notebooks print. These tests rebuild each
quoted phrase from engine calls (never pasting the number) and check the guide says it, in the same way
``tests/worked.py`` holds the notebooks' prose. When the engine changes, a test fails instead of the guide going
stale (issue 10: lesson 07's numbers had drifted).
"""

from __future__ import annotations

import pathlib
import re

import pytest
from worked import _fold, assert_says, pct

GUIDE = pathlib.Path(__file__).resolve().parents[1] / "docs" / "instructor-guide.md"


def guide() -> str:
    return _fold(GUIDE.read_text(encoding="utf-8"))


def section(heading: str) -> str:
    """The guide's text from a heading line to the next heading of the same or a higher level, folded."""
    text = GUIDE.read_text(encoding="utf-8")
    level = len(heading) - len(heading.lstrip("#"))
    start = text.index(f"\n{heading}\n")
    stop = re.compile(rf"\n#{{1,{level}}} ").search(text, start + len(heading) + 2)
    return _fold(text[start:stop.start() if stop else len(text)])


def test_section_helper_finds_the_lesson_sections():
    assert section("#### 07 Watching carefully").startswith("#### 07 Watching carefully")
    assert "Capstone task" in section("#### 07 Watching carefully")
    assert "#### 03" not in section("#### 07 Watching carefully")


def test_predict_first_table_holds_every_lessons_prediction():
    from lessons import lesson_01, lesson_02, lesson_03, lesson_04, lesson_05, lesson_06, lesson_07

    table = section("### Self-check questions")
    rows = [
        (lesson_01.predict_missed, "01 | people in crisis missed per 10,000 conversations at the starting threshold | {:.1f} |"),
        (lesson_02.prediction, "02 | share of never-deteriorating patients with at least one alert in 26 weeks | {:.1f}% |"),
        (lesson_03.predict_ppv, "03 | PPV of a 90/90 tool when 1 in 100 need help | {:.1f}% |"),
        (lesson_03.predict_lowest_study, "| {:.1f}% |"),
        (lesson_04.predict_team_missed, "the GP-plus-tool team misses (of 100) | {:.0f} |"),
        (lesson_05.predict_human_first, "share of people in need seen on the human-first route | {:.0f}% |"),
        (lesson_06.predict_shift, "same threshold) | {:.1f}% (Wong"),
        (lesson_07.predict_sensitivity, "07 | sensitivity in month 24 after 18 months of drift | {:.1f}% |"),
        (lesson_07.predict_detection, "(200 audits a month) | {:.0f} |"),
    ]
    for prediction, phrase in rows:
        assert_says(table, phrase.format(prediction.truth))


@pytest.fixture(scope="module")
def l07():
    from lessons import lesson_07 as L
    from lessons.engine.drift import expected_timeline

    plan = L.default_plan()
    timeline = expected_timeline(plan, L.DEPLOYED_THRESHOLD, L.PEOPLE_PER_MONTH).counts
    return L, plan, L.launch_chart(), timeline


def test_lesson_07_plan_misconceptions_and_predictions(l07):
    from lessons.engine.audit import alarm_probability

    L, plan, chart, timeline = l07
    end = timeline[-1]
    text = guide()
    assert_says(text, f"Predict first (sensitivity {end.sensitivity.percent()} by month 24)",
                f"sensitivity falls from {pct(timeline[0].sensitivity.value)} to {end.sensitivity.percent()} and "
                f"misses go from {timeline[0].fn:.0f} to {end.fn:.0f} a month")
    month = alarm_probability(chart, chart.baseline, plan.prevalence_at_launch, L.DEFAULT_POLICY.audit_sample)
    assert_says(text, f"The exact false-alarm chance is {pct(month, 2)} a month at "
                      f"{L.DEFAULT_POLICY.audit_sample} audits",
                f"half of deployments only alarm after about {L.predict_detection.truth:.0f} months of drift")
    assert L.predict_sensitivity.truth == pytest.approx(100 * end.sensitivity.value, abs=0.05)


def test_lesson_07_exercises_and_discussion(l07):
    from lessons.engine.audit import deployment_scorecard, false_alarm_chance
    from lessons.engine.drift import expected_timeline

    L, plan, chart, timeline = l07
    text = section("#### 07 Watching carefully")
    by12 = {n: L.detection_within(plan, L.DEPLOYED_THRESHOLD, n, chart, 12) for n in (200, 400)}
    audit_hours = 400 * L.DEFAULT_POLICY.hours_per_audit
    flagged = [c.flagged for c in timeline]
    left = L.DEFAULT_POLICY.hours_budget - audit_hours
    assert_says(text, f"**400** audits a month ({pct(by12[400])}; 200 give {pct(by12[200])})",
                f"costing {audit_hours:.0f} clinician hours a month, which leaves {left:.0f} hours "
                f"({left / L.DEFAULT_POLICY.hours_per_review:.0f} reviews) for the "
                f"{min(flagged):.0f}–{max(flagged):.0f} people flagged each month")

    def card(threshold, second_look):
        return deployment_scorecard(plan, threshold, L.ReviewPolicy(second_look_share=second_look),
                                    L.PEOPLE_PER_MONTH)
    low, low5 = card(0.6, 0.0), card(0.6, 0.05)
    assert_says(text, f"Threshold 0.6 gives {low.missed_share.percent()} ({low5.missed_share.percent()} with a 5% "
                      f"second look) but needs about {low.clinician_hours / 24:.0f}–"
                      f"{round(low5.clinician_hours / 24, -1):.0f} hours a month")

    shifted = expected_timeline(L.default_plan(separation_loss=0.0, prevalence_change=-0.003),
                                L.DEPLOYED_THRESHOLD, L.PEOPLE_PER_MONTH).counts
    assert {round(c.sensitivity.value, 2) for c in shifted} == {0.88}
    assert_says(text, f"sensitivity stays at {pct(shifted[0].sensitivity.value)}",
                f"about a {pct(false_alarm_chance(chart, 0.10, 200, 24))} chance in 24 months); PPV falls from "
                f"{shifted[0].ppv.percent()} to about {pct(shifted[-1].ppv.value)}")

    explorer = L.DeploymentExplorer()
    group_a, group_b = explorer.compute(**explorer.values()).card.group_miss_rates
    assert_says(text, f"group B is missed {group_b.percent()} of the time against {group_a.percent()} for group A")
    assert_says(guide(), f"07's scorecard: {group_b.percent()} of group B missed against {group_a.percent()} of "
                         "group A")


def test_lesson_03_exercises():
    from lessons import Scenario, expected_counts, natural_frequency_counts
    from lessons.content.presets import PRESETS
    from lessons.engine.studies import (
        ARTICLE_HIGH,
        ARTICLE_LOW,
        REVIEW_STUDIES,
        always_no_counts,
        always_no_wins_below,
        chance_to_span,
        largest_spanning_study_size,
        sampling_sd,
    )
    from lessons.lesson_03 import study_design

    text = section("#### 03 Detection accuracy")
    phq9 = PRESETS["phq9_primary_care"]
    lo, hi = (natural_frequency_counts(Scenario(p, phq9.sensitivity, phq9.specificity, 1000)) for p in (0.05, 0.10))
    assert_says(text, f"at 5%, {lo.tp:.0f} correctly flagged, about {lo.fp:.0f} false alarms, {lo.flagged:.0f} "
                      f"flagged, **PPV {lo.ppv.percent()}**; at 10%, {hi.tp:.0f} correctly flagged, {hi.fp:.0f} "
                      f"false alarms, {hi.flagged:.0f} flagged, **PPV {hi.ppv.percent()}**",
                f"({lo.accuracy.percent()} against {hi.accuracy.percent()})")
    tie = always_no_wins_below(phq9.sensitivity, phq9.specificity)
    simon = PRESETS["suicide_ehr_top5"]
    model = expected_counts(Scenario(simon.prevalence, simon.sensitivity, simon.specificity, 1000))
    never = always_no_counts(simon.prevalence)
    assert_says(text, f"below **{tie.percent()}** prevalence",
                f"the model's accuracy is {model.accuracy.percent()} against {never.accuracy.percent(2)} for "
                f"\"always no\"; balanced accuracy {model.balanced_accuracy.percent()} against "
                f"{pct(never.balanced_accuracy.value)}")
    acc = study_design("balanced_77").accuracy
    assert_says(text, f"SD {100 * sampling_sd(acc, 20):.1f} points for 20 people, "
                      f"{100 * sampling_sd(acc, 100):.1f} for 100",
                f"span {100 * ARTICLE_LOW:.0f}–{pct(ARTICLE_HIGH)} is {pct(chance_to_span(acc, 20, REVIEW_STUDIES))}; "
                f"of 50 people, {pct(chance_to_span(acc, 50, REVIEW_STUDIES), 1)}",
                f"**{largest_spanning_study_size(acc, REVIEW_STUDIES)} people**")


@pytest.fixture(scope="module")
def l06():
    """Lesson 06's faults explorer outcomes, computed as the explorer computes them (presets plus changes)."""
    from lessons import lesson_06 as L
    from lessons.engine.faults import Deployment, evaluate

    share_b = L.FaultExplorer().share_b

    def report(key, **changes):
        return evaluate(Deployment(share_b=share_b, **{**L.FAULT_PRESETS[key].values, **changes}))
    return L, report


def test_lesson_06_misconceptions(l06):
    """Every engine number in the guide's lesson 06 rows of the misconceptions table."""
    from lessons.engine.faults import WONG_2021, evaluate, vendor_shift_deployment

    L, report = l06
    table = section("## 4. Common misconceptions")
    validated, shifted = report("validated"), report("vendor_after_shift")
    derived_missed = evaluate(vendor_shift_deployment()).counts.undertriage
    assert_says(table, f"`FaultExplorer` *dataset shift* preset: AUC {L.TRAINING_AUC:.2f} → "
                       f"{L.FAULT_PRESETS['vendor_after_shift'].values['auc']:.2f} with the threshold kept; misses go "
                       f"from {validated.per_10k.missed:,.0f} to {shifted.per_10k.missed:,.0f} per 10,000 (the derived "
                       f"model misses {derived_missed.percent()}; Wong et al. 2021 reported "
                       f"{pct(WONG_2021['missed_share'])})")
    everything = evaluate(L.ILLUSTRATIVE_SITE).groups
    proxy = report("proxy_label").groups
    sens = {name: {g: r.outcome(g).sensitivity.percent() for g in ("Group A", "Group B")}
            for name, r in (("all", everything), ("proxy", proxy))}
    assert_says(table, f"06: with all faults, group B's sensitivity is {sens['all']['Group B']} against "
                       f"{sens['all']['Group A']} for A; with the proxy offset, {sens['proxy']['Group B']} against "
                       f"{sens['proxy']['Group A']}.")
    target = validated.groups.outcome("Group B").sensitivity.value
    needed = report("proxy_label").deployment.groups[1].threshold_for_sensitivity(target)
    lowered = report("proxy_label", threshold=needed).groups
    assert lowered.outcome("Group B").sensitivity.value == pytest.approx(target)
    assert lowered.sensitivity_gap.highest == "Group A"  # "over-flags group A"
    assert_says(table, f"a shared threshold low enough for group B over-flags group A and leaves a "
                       f"{lowered.sensitivity_gap.percentage_points:.1f}-point gap")
    closed = report("outage_closed")
    assert closed.per_10k.false_alarms < validated.per_10k.false_alarms  # "false alarms fall"
    assert closed.per_10k.missed > validated.per_10k.missed  # "while misses rise silently"
    assert_says(table, f"Fail closed: false alarms fall ({validated.per_10k.false_alarms:,.0f} → "
                       f"{closed.per_10k.false_alarms:,.0f}) because nobody is flagged during outages")


def test_lesson_06_exercises_and_discussion(l06):
    """The guide's lesson 06 worked answers are the explorer's numbers (as the notebook's solutions are)."""
    L, report = l06
    text = section("#### 06 Faulty advice")
    v, c, o = (report(k) for k in ("validated", "outage_closed", "outage_open"))
    rate = L.FAULT_PRESETS["outage_closed"].values["outage_rate"]
    assert_says(text, f"**Fail open or closed (down {pct(rate)} of the time):** as validated about "
                      f"{v.per_10k.missed:,.0f} missed and {v.per_10k.false_alarms:,.0f} false alarms per 10,000",
                f"Fail closed: about **{c.per_10k.missed:,.0f}** missed, {c.per_10k.false_alarms:,.0f} false alarms",
                f"Fail open: about **{o.per_10k.missed:,.0f}** missed, **{o.per_10k.false_alarms:,.0f}** false "
                f"alarms, PPV {v.counts.ppv.percent()} → {o.counts.ppv.percent()}")
    proxy_values = L.FAULT_PRESETS["proxy_label"].values
    biased = report("proxy_label")
    a, b = biased.groups.outcome("Group A"), biased.groups.outcome("Group B")
    target = v.groups.outcome("Group B").sensitivity
    needed = biased.deployment.groups[1].threshold_for_sensitivity(target.value)
    lowered = report("proxy_label", threshold=needed)
    offset = f"{proxy_values['offset_b']:.1f}".replace("-", "−")  # the guide writes a true minus sign
    assert_says(text, f"**Can a lower threshold close the group gap (offset {offset})?** "
                      f"At {proxy_values['threshold']:.2f} group B's sensitivity is {b.sensitivity.percent()} against "
                      f"{a.sensitivity.percent()} for A, and B gets {b.share_of_flagged.percent()} of flags while "
                      f"being {pct(b.counts.population / biased.counts.population)} of people",
                f"Moving the threshold to **{needed:.2f}** gives B its {target.percent()} back, but A jumps to "
                f"{lowered.groups.outcome('Group A').sensitivity.percent()}, false alarms rise from about "
                f"{biased.per_10k.false_alarms:,.0f} to {lowered.per_10k.false_alarms:,.0f}, and the gap is still "
                f"{lowered.groups.sensitivity_gap.percentage_points:.1f} points")
    kept = report("vendor_after_shift")
    typed = round(kept.deployment.groups[0].threshold_for_sensitivity(v.counts.sensitivity.value), 2)
    moved = report("vendor_after_shift", threshold=typed)
    assert_says(text, f"**Re-validating at the new site (AUC {kept.deployment.auc:.2f}):** the threshold must drop "
                      f"to about **{typed:.2f}** to get {moved.counts.sensitivity.percent()} back; false alarms rise "
                      f"from about {kept.per_10k.false_alarms:,.0f} to **{moved.per_10k.false_alarms:,.0f}**, "
                      f"{moved.counts.flag_rate.percent(0)} of everyone is flagged and PPV falls from "
                      f"{kept.counts.ppv.percent()} to {moved.counts.ppv.percent()}",
                f"(misses {v.per_10k.missed:,.0f} → {kept.per_10k.missed:,.0f} per 10,000)")
