"""Lesson 06: the faults explorer driven like a learner would, presets, predictions and self-checks."""

import pytest
from worked import assert_says, notebook_markdown, pct, worked_solutions

from lessons.content.presets import preset
from lessons.content.sources import SOURCES
from lessons.engine.faults import (
    PER,
    WONG_2021,
    Deployment,
    evaluate,
    fault_ladder,
    group_sensitivity,
    vendor_shift_deployment,
)
from lessons.lesson_06 import (
    FAULT_PRESETS,
    ILLUSTRATIVE_SITE,
    QUESTIONS,
    TRAINING,
    TRAINING_AUC,
    FaultExplorer,
    FaultPresetPicker,
    fault_preset,
    predict_shift,
    q_hidden_words,
    q_outage_missed,
    q_vendor_auc,
    summary,
    wong_check,
)
from lessons.ui.quiz import Numeric


@pytest.fixture
def explorer():
    return FaultExplorer()


def site_of(explorer):
    return Deployment(share_b=explorer.share_b, **explorer.values())


def test_starts_as_validated_with_both_bar_series_equal(explorer):
    validated, site = explorer.figures[0].data
    assert validated.name == "As validated at the training site"
    assert site.name == "At your site, with the faults you set"
    assert tuple(validated.y) == tuple(site.y)
    per = evaluate(site_of(explorer)).per_10k
    assert site.y[0] == pytest.approx(per.missed, abs=0.05)
    assert site.y[1] == pytest.approx(per.false_alarms, abs=0.05)
    assert "Gap in sensitivity between groups: 0.0 percentage points" in explorer.twins[1].value


def test_dataset_shift_raises_missed_at_your_site_only(explorer):
    before_validated = tuple(explorer.figures[0].data[0].y)
    before_missed = explorer.figures[0].data[1].y[0]
    explorer.controls["auc"].value = 0.63
    assert tuple(explorer.figures[0].data[0].y) == before_validated
    missed = explorer.figures[0].data[1].y[0]
    assert missed > before_missed
    expected = evaluate(site_of(explorer)).per_10k.missed
    assert missed == pytest.approx(expected, abs=0.05)
    assert f"At your site with the faults you set: about {round(expected):,} missed" in explorer.twins[0].value


def test_outage_failing_closed_then_open(explorer):
    explorer.controls["outage_rate"].value = 0.2
    closed_missed, closed_fa = explorer.figures[0].data[1].y[:2]
    assert "because the system was down and failed closed" in explorer.twins[0].value
    d = site_of(explorer)
    assert evaluate(d).missed_by_cause.outage == pytest.approx(0.2 * 700)
    explorer.controls["outage_mode"].value = "fail open"
    open_missed, open_fa = explorer.figures[0].data[1].y[:2]
    assert open_missed < closed_missed and open_fa > closed_fa
    assert "0 because the system was down and failed closed" in explorer.twins[0].value
    assert "never reach 100%" not in explorer.twins[2].value


def test_proxy_offset_separates_the_group_bars_and_curves(explorer):
    explorer.controls["offset_b"].value = -1.0
    group_a, group_b = explorer.figures[1].data
    assert list(group_a.x) == ["Sensitivity", "False-alarm rate", "Share of all flags"]
    assert group_b.y[0] < group_a.y[0]        # group B missed more often
    assert group_b.y[1] < group_a.y[1]        # and fewer false alarms
    assert group_b.y[2] < 30                  # less than its 30% share of the people
    report = evaluate(site_of(explorer)).groups
    assert group_b.y[0] == pytest.approx(100 * report.outcome("Group B").sensitivity.value, abs=0.01)
    assert f"Gap in sensitivity between groups: {report.sensitivity_gap}" in explorer.twins[1].value.replace(
        "&#x27;", "'")
    curves = explorer.figures[2].data
    assert curves[2].name == "Group B at your site"
    assert all(b <= a + 1e-9 for a, b in zip(curves[1].y, curves[2].y))


def test_threshold_moves_the_marker_and_the_text(explorer):
    explorer.controls["threshold"].value = 1.5
    line, markers = explorer.figures[2].data[3], explorer.figures[2].data[4]
    assert tuple(line.x) == (1.5, 1.5)
    assert line.name == "Current threshold 1.50"
    d = site_of(explorer)
    assert markers.y[0] == pytest.approx(float(group_sensitivity(d.groups[0], d)))
    assert "At the current threshold of 1.50" in explorer.twins[2].value


def test_hidden_risk_words_lower_sensitivity_and_the_explorer_gives_the_quiz_answer(explorer):
    explorer.set_values(manipulated_share=0.5, manipulation_shift=1.5)
    marker_a = explorer.figures[2].data[4].y[0]
    assert 100 * marker_a == pytest.approx(q_hidden_words.answer, abs=0.05)
    assert q_hidden_words.check(round(100 * marker_a, 1)).correct
    assert "more because people in need did not disclose risk (non-disclosure)" in explorer.twins[0].value
    explorer.controls["manipulation_target"].value = "everyone"
    assert "more because of adversarial input" in explorer.twins[0].value


def test_prevalence_zero_and_everything_down_are_described_not_crashed(explorer):
    explorer.set_values(prevalence=0.0, outage_rate=0.5)
    assert "Nobody at your site needs help (prevalence 0)" in explorer.twins[0].value
    assert "nobody needs help, so nobody can be missed" in explorer.twins[1].value
    assert explorer.figures[0].data[1].y[0] == 0
    for twin in explorer.twins:
        assert "nan" not in twin.value.lower()


def test_series_differ_by_more_than_colour(explorer):
    outcome_patterns = [t.marker.pattern.shape for t in explorer.figures[0].data]
    assert len(set(outcome_patterns)) == 2
    dashes = [t.line.dash for t in explorer.figures[2].data[:4]]
    assert len(set(dashes)) == 4
    assert explorer.widget is explorer.widget


def test_presets_load_into_the_explorer(explorer):
    picker = FaultPresetPicker(explorer)
    assert picker.apply("vendor_after_shift") is True
    assert explorer.controls["auc"].value == 0.63
    assert "(derived)" in picker.note.value
    missed_share = 1 - evaluate(site_of(explorer)).counts.sensitivity.value
    assert missed_share == pytest.approx(0.67, abs=0.03)
    picker.dropdown.value = "outage_open"
    assert explorer.controls["outage_mode"].value == "fail open"
    assert explorer.controls["auc"].value == pytest.approx(TRAINING.auc)
    picker.dropdown.value = ""
    assert picker.note.value == ""


def test_every_preset_has_a_status_and_valid_values():
    for p in FAULT_PRESETS.values():
        assert p.status in {"sourced", "derived", "illustrative"}
        assert p.note
        Deployment(**p.values)
    assert FAULT_PRESETS["vendor_after_shift"].values["auc"] == vendor_shift_deployment().auc
    assert FAULT_PRESETS["validated"].values["threshold"] == pytest.approx(vendor_shift_deployment().threshold,
                                                                          abs=0.005)
    with pytest.raises(ValueError, match="preset must be one of"):
        fault_preset("meltdown")


def test_prediction_reveals_the_engines_number():
    truth = 100 * evaluate(vendor_shift_deployment()).counts.undertriage.value
    assert predict_shift.truth == pytest.approx(truth, abs=0.05)
    assert "Very close" in predict_shift.reveal(67)
    assert "too low" in predict_shift.reveal(20)
    with pytest.raises(ValueError, match="guess must be a number"):
        predict_shift.reveal(150)


@pytest.mark.parametrize("question", [q for q in QUESTIONS if isinstance(q, Numeric)])
def test_numeric_questions_give_direction_and_a_hint(question):
    assert question.check(question.answer).correct
    high = question.check(question.answer + 3 * question.tolerance + 1)
    low = question.check(question.answer - 3 * question.tolerance - 1)
    assert not high.correct and "too high" in high.message and question.hint in high.message
    assert not low.correct and "too low" in low.message
    assert not question.check("lots").correct


def test_checked_summary_is_deterministic_and_quotes_the_published_figures():
    text = summary()
    assert text == summary()
    assert "reported: 67%" in text and "reported: 18%" in text
    assert wong_check() in text
    assert "+ non-disclosure (people in need keep risk to themselves)" in text
    assert "manipulated" not in text and "adversarial" not in text  # the illustrative site's fault is non-disclosure
    assert "gap in sensitivity between groups" in text
    assert {"wong2021", "obermeyer2019", "neda2023", "miner2016"} <= set(SOURCES)


def test_explorer_rejects_a_start_that_is_not_a_deployment():
    with pytest.raises(ValueError, match="start and training must be Deployment objects; got dict"):
        FaultExplorer(start={"auc": 0.7})


def test_explorer_can_start_at_any_deployment():
    e = FaultExplorer(start=Deployment(threshold=1.5, auc=0.7, share_b=0.5, offset_b=-0.5))
    assert e.controls["threshold"].value == 1.5
    assert e.figures[1].data[1].name == "Group B (50% of people)"
    assert "At the current threshold of 1.50" in e.twins[2].value


# -- the group gap explorer -----------------------------------------------------------------

from lessons.engine.subgroups import Group, compare_groups  # noqa: E402
from lessons.lesson_06 import GroupGapExplorer  # noqa: E402


def groups_of(e):
    v = e.values()
    return (Group.from_auc("Group A", 1 - v["share_b"], v["prevalence_a"], v["auc_a"]),
            Group.from_auc("Group B", v["share_b"], v["prevalence_b"], v["auc_b"], v["offset_b"]))


def test_group_explorer_starts_with_no_gap():
    e = GroupGapExplorer()
    a, b = e.figures[0].data
    assert tuple(a.y) == tuple(b.y)
    assert list(a.x) == ["Sensitivity", "False-alarm rate", "PPV"]
    assert "Both groups are flagged equally often" in e.twins[1].value


def test_group_explorer_offset_opens_a_gap_and_names_the_threshold_that_would_close_it():
    e = GroupGapExplorer()
    e.controls["offset_b"].value = -0.8
    report = compare_groups(groups_of(e), e.values()["threshold"])
    a, b = e.figures[0].data
    assert b.y[0] == pytest.approx(100 * report.outcome("Group B").sensitivity.value, abs=0.01)
    assert b.y[0] < a.y[0] and b.y[1] < a.y[1]
    needed = groups_of(e)[1].threshold_for_sensitivity(report.outcome("Group A").sensitivity.value)
    assert needed == pytest.approx(e.values()["threshold"] - 0.8)
    assert f"would have to move to {needed:.2f}" in e.twins[1].value
    assert "Gap in sensitivity between groups: 30.7 percentage points" in e.twins[0].value


def test_group_explorer_lower_auc_in_group_b_flattens_its_curve():
    e = GroupGapExplorer()
    e.controls["auc_b"].value = 0.6
    sens_a, sens_b = e.figures[1].data[0], e.figures[1].data[1]
    assert sens_b.name == "Sensitivity, group B"
    assert all(sb < sa for sa, sb in zip(sens_a.y, sens_b.y) if 0.0001 < sa < 0.9999)  # B flagged less everywhere
    marker = e.figures[1].data[5]
    g = groups_of(e)
    assert marker.y[1] == pytest.approx(float(g[1].sensitivity_at(e.values()["threshold"])))
    fa_b = e.figures[1].data[3]
    assert tuple(fa_b.y) == tuple(e.figures[1].data[2].y)  # same offset: same false-alarm curve


def test_group_explorer_different_prevalence_same_sensitivity_different_ppv():
    e = GroupGapExplorer()
    e.controls["prevalence_b"].value = 0.2
    a, b = e.figures[0].data
    assert a.y[0] == b.y[0] and a.y[1] == b.y[1]
    assert b.y[2] > a.y[2]


def test_group_explorer_threshold_marker_and_no_op():
    e = GroupGapExplorer()
    e.controls["threshold"].value = 2.0
    line = e.figures[1].data[4]
    assert tuple(line.x) == (2.0, 2.0) and line.name == "Current threshold 2.00"
    assert "At the shared threshold of 2.00" in e.twins[1].value
    redraws = e.redraws
    assert e.update() is False
    e.controls["threshold"].value = 2.0
    assert e.redraws == redraws


def test_group_explorer_edge_cases_are_described_in_words():
    e = GroupGapExplorer()
    e.set_values(prevalence_b=0.0, prevalence_a=0.0)
    assert "fewer than two groups have people who need help" in e.twins[0].value
    assert "Nobody in Group A or Group B needs help" in e.twins[1].value
    e.set_values(prevalence_a=0.1, threshold=3.5, auc_a=0.5, auc_b=0.5, offset_b=-2.0)
    for twin in e.twins:
        assert "nan" not in twin.value.lower()
    labels = [c.label for c in e.controls.values()]
    assert all(labels) and len(set(labels)) == len(labels)


# -- the numbers the prose quotes ---------------------------------------------------------------------

NOTEBOOK = "06_faulty_advice"


def preset_report(key, **changes):
    """What the faults explorer shows after loading a preset and changing some controls."""
    values = {**FAULT_PRESETS[key].values, **changes}
    return evaluate(Deployment(share_b=FaultExplorer().share_b, **values))


def test_evidence_and_summary_quote_wong_and_the_derived_model():
    """The published Wong figures, what the derived model gives, and the illustrative training site."""
    text = notebook_markdown(NOTEBOOK)
    w, p = WONG_2021, preset("vendor_after_shift")
    low, high, site = (f"{w[k]:.2f}" for k in ("vendor_auc_low", "vendor_auc_high", "site_auc"))
    derived = evaluate(vendor_shift_deployment()).counts
    assert derived.specificity.value == pytest.approx(p.specificity)
    assert derived.prevalence.value == pytest.approx(p.prevalence)
    assert_says(text, f"reported an AUC of {low} to {high}; at the outside hospital the AUC was {site}",
                f"missed {pct(w['missed_share'])} of sepsis cases while alerting on {pct(w['alert_share'])} of all",
                f"with the published AUC of {site}, {pct(p.prevalence)} prevalence and the threshold set to keep "
                f"specificity at {p.specificity:.2f}, the kit's model misses about {derived.undertriage.percent(0)} "
                f"of cases and flags {derived.flag_rate.percent(0)} of patients",
                f"The training site's AUC of {TRAINING_AUC:.2f} is an **illustrative** value inside the",
                f"group B ({pct(TRAINING.share_b)} of the people screened)",
                f"from the {low}-{high} its developer reported to {site}")
    assert w["vendor_auc_low"] <= TRAINING_AUC <= w["vendor_auc_high"]  # "inside the vendor's reported range"
    assert abs(derived.undertriage.value - w["missed_share"]) < 0.03  # "close to the reported figures"
    assert abs(derived.flag_rate.value - w["alert_share"]) < 0.01
    assert min(w["missed_share"], derived.undertriage.value) > 0.5  # summary: "it missed most cases"
    assert "30 May" in SOURCES["neda2023"].citation and "2023" in SOURCES["neda2023"].citation
    assert "2016" in SOURCES["miner2016"].citation
    assert "2021" in SOURCES["wong2021"].citation and "2019" in SOURCES["obermeyer2019"].citation
    assert_says(text, "Wong et al. (2021) checked", "Obermeyer et al. (2019) studied", "(Wong et al., 2021)",
                "(Obermeyer et al., 2019)")
    assert PER == 10_000  # outcomes are counted "per 10,000 screened" throughout the lesson
    assert_says(text, "In 2023 the US National Eating Disorders", "offline on 30 May", "Miner et al. (2016)")


def test_try_this_settings_are_the_presets_and_their_claims_hold():
    """The "Try this" steps name the preset values, and the effects they ask about happen in the engine."""
    text = notebook_markdown(NOTEBOOK)
    shift, proxy, outage = (FAULT_PRESETS[k].values for k in ("vendor_after_shift", "proxy_label", "outage_closed"))
    assert_says(text, f"Set **AUC at your site** to {shift['auc']:.2f} (the *dataset shift* preset)",
                f"set **Score offset for group B** to {proxy['offset_b']:.1f}. Compare",
                f"their share of the people screened ({pct(FaultExplorer().share_b)})",
                f"Set the outage share to {outage['outage_rate']:.2f} and switch")
    validated = preset_report("validated").per_10k
    shifted = preset_report("validated", auc=shift["auc"]).per_10k
    assert shifted.missed > validated.missed
    assert shifted.false_alarms == pytest.approx(validated.false_alarms)  # "Did the false alarms change? Why not?"
    everyone = preset_report("validated", manipulated_share=0.5, manipulation_target="everyone").per_10k
    assert everyone.false_alarms < validated.false_alarms  # "Why do false alarms now fall as well?"


def test_step_by_step_prose_matches_the_illustrative_site_and_the_ladder():
    """The listed faults are ILLUSTRATIVE_SITE's, and "What this means for patients" holds on the ladder."""
    text = notebook_markdown(NOTEBOOK)
    s = ILLUSTRATIVE_SITE
    assert s.outage_mode == "fail closed" and s.manipulation_target == "people who need help"
    assert_says(text, f"(AUC {s.auc:.2f} from Wong et al.; group B's scores {-s.offset_b:.1f} lower; down "
                      f"{pct(s.outage_rate)} of the time and failing closed; {pct(s.manipulated_share)} of people "
                      f"in need not disclosing risk, which lowers their score by {s.manipulation_shift:.1f})")
    assert f"AUC {s.auc:.2f} from Wong 2021" in summary()
    steps = fault_ladder(ILLUSTRATIVE_SITE, TRAINING)
    missed = [st.missed_per_10k for st in steps]
    false_alarms = [st.false_alarms_per_10k for st in steps]
    assert 1.8 < missed[-1] / missed[0] < 2.0  # "close to twice as many people in need are missed"
    assert (missed[1] - missed[0]) / (missed[-1] - missed[0]) > 0.5  # "most of that comes from the dataset shift"
    offset_adds = missed[2] - missed[1]
    assert offset_adds < (missed[1] - missed[0]) / 4  # "adds only about ..."
    assert_says(text, f"The group offset adds only about {round(offset_adds, -1):.0f} misses to the total")
    for step in steps[2:]:  # "group B ... flagged about half as often as group A's"
        a, b = (step.report.groups.outcome(g).sensitivity.value for g in ("Group A", "Group B"))
        assert 0.4 < b / a < 0.6
    # "Fewer false alarms ... fall because group B is flagged less and nobody is flagged during outages"
    assert false_alarms[1] == pytest.approx(false_alarms[0]) and false_alarms[4] == pytest.approx(false_alarms[3])
    assert false_alarms[3] < false_alarms[2] < false_alarms[1]


def test_worked_solution_fail_open_or_closed_quotes_the_engine():
    """Exercise 1: the outage presets, as validated, failing closed and failing open."""
    ex1 = worked_solutions(NOTEBOOK)[0]
    rate = FAULT_PRESETS["outage_closed"].values["outage_rate"]
    assert FAULT_PRESETS["outage_open"].values["outage_rate"] == rate
    validated, closed, opened = (preset_report(k) for k in ("validated", "outage_closed", "outage_open"))
    v, c, o = validated.per_10k, closed.per_10k, opened.per_10k
    assert_says(notebook_markdown(NOTEBOOK), f"The system is down {pct(rate)} of the time")
    assert_says(ex1, f"As validated: about {round(v.missed):,} missed and {round(v.false_alarms):,} false alarms",
                f"**Fail closed:** about {round(c.missed):,} missed and {round(c.false_alarms):,} false alarms",
                f"The {pct(rate)} of requests made during outages",
                f"(about {round(closed.missed_by_cause.outage * 10_000 / closed.counts.population):,} per 10,000)",
                f"**Fail open:** about {round(o.missed):,} missed and {round(o.false_alarms):,} false alarms",
                f"about {round(rate * v.no_need):,} people per 10,000 who do not need help are flagged during outages",
                f"about {round(o.false_alarms - v.false_alarms, -1):.0f} more false alarms than as validated",
                f"the PPV drops from {v.ppv.percent()} to {o.ppv.percent()}")
    assert c.ppv.value == pytest.approx(v.ppv.value)
    assert opened.missed_by_cause.outage == 0 and o.missed < v.missed  # "Nobody is missed during outages"


def test_worked_solution_lower_threshold_for_group_b_quotes_the_engine():
    """Exercise 2: the proxy-label preset, then the threshold that gives group B its validated sensitivity."""
    ex2 = worked_solutions(NOTEBOOK)[1]
    proxy = FAULT_PRESETS["proxy_label"].values
    target = preset_report("validated").groups.outcome("Group B").sensitivity
    biased = preset_report("proxy_label")
    a, b = biased.groups.outcome("Group A"), biased.groups.outcome("Group B")
    needed = biased.deployment.groups[1].threshold_for_sensitivity(target.value)
    lowered = preset_report("proxy_label", threshold=needed)
    a_low = lowered.groups.outcome("Group A")
    assert lowered.groups.outcome("Group B").sensitivity.value == pytest.approx(target.value)
    assert_says(notebook_markdown(NOTEBOOK),
                f"(group B's scores {-proxy['offset_b']:.1f} lower), or set the offset to {proxy['offset_b']:.1f} in",
                f"the sensitivity it had as validated ({target.percent()})")
    assert_says(ex2, f"at threshold {proxy['threshold']:.2f} group B's sensitivity is {b.sensitivity.percent()} "
                     f"against {a.sensitivity.percent()} for group A: a gap of "
                     f"{biased.groups.sensitivity_gap.percentage_points:.1f} percentage points",
                f"Group B holds {pct(b.counts.population / biased.counts.population)} of the people screened but "
                f"only {b.share_of_flagged.percent()} of the flags",
                f"Group B's scores are {-proxy['offset_b']:.1f} lower, so the threshold must drop by "
                f"{proxy['threshold'] - needed:.1f}, to {needed:.2f}, to give group B its {target.percent()} back",
                f"group A's sensitivity jumps to {a_low.sensitivity.percent()} and its false-alarm rate to "
                f"{a_low.false_alarm_rate.percent()}",
                f"False alarms rise from about {round(biased.per_10k.false_alarms):,} to about "
                f"{round(lowered.per_10k.false_alarms):,} per 10,000",
                f"the sensitivity gap only shrinks to {lowered.groups.sensitivity_gap.percentage_points:.1f} points, "
                "and group A still has both the higher sensitivity and the higher false-alarm rate")
    assert biased.groups.sensitivity_gap.highest == biased.groups.false_alarm_gap.highest == "Group A"  # "still"
    assert lowered.groups.sensitivity_gap.highest == lowered.groups.false_alarm_gap.highest == "Group A"
    gap = GroupGapExplorer()  # "or set the offset to -0.8 in the group gap explorer": the same numbers
    view = gap.compute(**{**gap.values(), "offset_b": proxy["offset_b"]})
    assert view.report.outcome("Group B").sensitivity.value == pytest.approx(b.sensitivity.value)
    assert view.report.outcome("Group A").sensitivity.value == pytest.approx(a.sensitivity.value)


def test_worked_solution_revalidating_at_the_new_site_quotes_the_engine():
    """Exercise 3: the dataset-shift preset and the threshold (as typed, 2 decimals) that restores sensitivity."""
    ex3 = worked_solutions(NOTEBOOK)[2]
    auc = FAULT_PRESETS["vendor_after_shift"].values["auc"]
    validated = preset_report("validated")
    kept = preset_report("vendor_after_shift")
    typed = round(kept.deployment.groups[0].threshold_for_sensitivity(validated.counts.sensitivity.value), 2)
    moved = preset_report("vendor_after_shift", threshold=typed)
    m = moved.counts
    assert_says(notebook_markdown(NOTEBOOK), f"Load the *dataset shift* preset (AUC {auc:.2f}). Find the threshold",
                f"brings sensitivity back to the validated {validated.counts.sensitivity.percent()}")
    assert_says(ex3, f"With AUC {auc:.2f} the threshold has to fall to about {typed:.2f} (try {typed:.2f} in",
                f"Sensitivity returns to about {m.sensitivity.percent()} (about {round(moved.per_10k.missed):,} "
                f"missed per 10,000, as validated)",
                f"false alarms rise from about {round(kept.per_10k.false_alarms):,} to about "
                f"{round(moved.per_10k.false_alarms):,} per 10,000, {m.flag_rate.percent(0)} of everyone is flagged",
                f"the PPV falls from {kept.counts.ppv.percent()} at the kept threshold to {m.ppv.percent()}: of "
                f"those flagged, about 1 in {round(1 / m.ppv.value)} needs help")
    assert round(moved.per_10k.missed) == round(validated.per_10k.missed)  # "as validated"


def test_preset_and_question_texts_state_the_settings_they_use():
    """Numbers typed into the presets' names and notes and the questions' texts match the settings and sources."""
    w, p = WONG_2021, preset("vendor_after_shift")
    vendor = f"{w['vendor_auc_low']:.2f} to {w['vendor_auc_high']:.2f}"
    assert f"AUC {TRAINING_AUC:.2f} (illustrative" in FAULT_PRESETS["validated"].note
    assert f"{pct(p.prevalence)} prevalence" in FAULT_PRESETS["validated"].note
    assert vendor.replace(" to ", "-") in FAULT_PRESETS["validated"].note
    note = FAULT_PRESETS["vendor_after_shift"].note
    assert f"AUC {w['site_auc']:.2f}" in note and f"specificity {p.specificity:.2f}" in note
    assert f"reported {pct(w['missed_share'])} and {pct(w['alert_share'])}" in note
    assert f"sit {-FAULT_PRESETS['proxy_label'].values['offset_b']:.1f} lower" in FAULT_PRESETS["proxy_label"].note
    for key in ("outage_closed", "outage_open"):
        assert f"Down {pct(FAULT_PRESETS[key].values['outage_rate'])} of the time" in FAULT_PRESETS[key].name
    hidden = FAULT_PRESETS["hidden_words"].values
    assert hidden["manipulated_share"] == pytest.approx(1 / 3, abs=0.01)  # "A third of people in need"
    assert f"drop by {hidden['manipulation_shift']:.1f} score units" in FAULT_PRESETS["hidden_words"].note
    assert f"AUC {ILLUSTRATIVE_SITE.auc:.2f} from Wong 2021" in FAULT_PRESETS["all_faults"].note
    assert_says(predict_shift.prompt, f"AUC of {vendor}", f"(AUC {TRAINING_AUC:.2f}, illustrative)",
                f"there the AUC is {w['site_auc']:.2f}")
    assert f"missed {pct(w['missed_share'])} of cases" in predict_shift.explain
    assert f"validated with AUC {TRAINING_AUC:.2f}" in q_vendor_auc.prompt
    assert f"({w['site_auc']:.2f} in Wong et al. 2021)" in q_vendor_auc.explanation


def test_outage_question_uses_the_explorers_own_scenario():
    """The self-check starts from the explorer's start (TRAINING) with the exercise's 10% outage, failing closed."""
    from lessons.lesson_06 import OUTAGE_QUESTION_RATE, TRAINING, FaultExplorer

    site = TRAINING.with_(outage_rate=OUTAGE_QUESTION_RATE, outage_mode="fail closed")
    report = evaluate(site, 10_000)
    assert q_outage_missed.answer == pytest.approx(round(report.counts.missed, 1))
    in_need = 10_000 * TRAINING.prevalence
    working = evaluate(TRAINING, 10_000).counts.sensitivity.value
    # independent: outage people all missed, the rest missed at 1 - working sensitivity
    assert report.counts.missed == pytest.approx(in_need * (OUTAGE_QUESTION_RATE + (1 - OUTAGE_QUESTION_RATE)
                                                            * (1 - working)), rel=1e-9)
    assert f"{100 * working:.1f}%" in q_outage_missed.prompt
    assert f"prevalence {100 * TRAINING.prevalence:.0f}%" in q_outage_missed.prompt
    explorer = FaultExplorer()
    assert explorer.values()["threshold"] == pytest.approx(TRAINING.threshold)
    assert explorer.values()["prevalence"] == pytest.approx(TRAINING.prevalence)


def test_non_disclosure_and_adversarial_input_are_named_apart_everywhere(explorer):
    """Issue 10 §4: people in need who do not disclose risk are not filed with attackers."""
    from lessons.engine.faults import INPUT_FAULTS, MANIPULATION_TARGETS, input_fault
    from lessons.lesson_06 import INPUT_FAULT_OPTIONS

    assert INPUT_FAULTS == {"people who need help": "non-disclosure", "everyone": "adversarial input"}
    assert [input_fault(t) for t in MANIPULATION_TARGETS] == ["non-disclosure", "adversarial input"]
    with pytest.raises(ValueError, match="target must be one of"):
        input_fault("attackers")
    # the drop-down shows each fault's name, and its value is still the engine's target
    dropdown = explorer.controls["manipulation_target"]
    assert dropdown.description == "Why inputs are lowered"
    assert dropdown.options == [(INPUT_FAULT_OPTIONS[t], t) for t in MANIPULATION_TARGETS]
    for target, label in INPUT_FAULT_OPTIONS.items():
        assert label.startswith(INPUT_FAULTS[target] + " (")
    assert dropdown.label.startswith("non-disclosure")
    dropdown.index = 1
    assert explorer.values()["manipulation_target"] == "everyone" and dropdown.label.startswith("adversarial")
    help_text = dropdown.help
    assert "often for fear of what a flag leads to" in help_text and "they are not attackers" in help_text
    # the step-by-step ladder names the site's own fault
    for target, words in (("people who need help", "+ non-disclosure (people in need keep risk to themselves)"),
                          ("everyone", "+ adversarial input (inputs altered on purpose)")):
        steps = fault_ladder(ILLUSTRATIVE_SITE.with_(manipulation_target=target), TRAINING)
        assert steps[-1].label == words
        assert [s.label for s in steps[:-1]] == [s.label for s in fault_ladder(ILLUSTRATIVE_SITE, TRAINING)[:-1]]
    # one preset for each, with words that say which one it is
    hidden, attack = FAULT_PRESETS["hidden_words"], FAULT_PRESETS["adversarial_input"]
    assert hidden.name.startswith("Non-disclosure") and "not attackers" in hidden.note
    assert hidden.values["manipulation_target"] == "people who need help"
    assert attack.name.startswith("Adversarial input") and attack.values["manipulation_target"] == "everyone"
    assert "a fifth of all inputs" in attack.name and attack.values["manipulated_share"] == pytest.approx(0.2)
    assert f"drop by {attack.values['manipulation_shift']:.1f} score units" in attack.note
    validated, attacked = preset_report("validated").per_10k, preset_report("adversarial_input").per_10k
    assert attacked.missed > validated.missed and attacked.false_alarms < validated.false_alarms
    picker = FaultPresetPicker(explorer)
    picker.dropdown.value = "adversarial_input"
    assert explorer.values()["manipulation_target"] == "everyone"
    assert "because of adversarial input" in explorer.twins[0].value
    # the self-check names non-disclosure and points at the controls by their labels
    assert "(non-disclosure)" in q_hidden_words.prompt
    assert "share of people with lowered inputs" in q_hidden_words.hint.lower()
    assert explorer.controls["manipulated_share"].label.lower() == "share of people with lowered inputs"
