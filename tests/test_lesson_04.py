"""Lesson 04: the team explorer driven as a learner drives it, the preset picker and the self-checks."""

import json
import math
import re

import pytest
from worked import NOTEBOOKS, assert_says, notebook_markdown, pct, worked_solutions

from lessons.content.presets import PRESETS
from lessons.engine.describe import people
from lessons.engine.team import (
    PER,
    TeamSetting,
    describe_flips,
    describe_right_wrong,
    describe_sweep,
    describe_team,
    right_wrong_team,
    team_outcomes,
    team_sensitivity,
    trust_sweep,
)
from lessons.lesson_04 import (
    DEFAULT_TRUST,
    GODDARD_2014,
    RelianceExplorer,
    TeamExplorer,
    TeamPresetPicker,
    default_setting,
    describe_disagreements,
    goddard_explorer,
    goddard_fit,
    predict_team_missed,
    q_alert_fatigue,
    q_full_trust,
    q_goddard_meaning,
    q_reassurance_only,
    q_right_to_wrong,
    summary,
)
from lessons.ui.controls import live_region

STEM = "04_reliance_on_ai"

# trace indices in the errors figure: left panel (missed) 0-3, right panel (false alarms) 4-7
CLIN_MISSED, AI_MISSED, TEAM_MISSED, NOW_MISSED = 0, 1, 2, 3
CLIN_FA, AI_FA, TEAM_FA, NOW_FA = 4, 5, 6, 7
RIGHT_TO_WRONG, WRONG_TO_RIGHT, NOW_FLIPS = 0, 1, 2


def flat_y(fig) -> list[float]:
    return [y for trace in fig.data for y in trace.y]


def setting_of(e: TeamExplorer) -> TeamSetting:
    v = e.values()
    return TeamSetting(v["prevalence"], v["clinician_sensitivity"], v["clinician_specificity"],
                       v["ai_sensitivity"], v["ai_specificity"],
                       shared_errors=v["shared_errors"]).with_trust(v["trust"], v["alert_fatigue"])


def assert_matches_engine(e: TeamExplorer):
    """Every trace and both text twins say what the engine says for the current controls."""
    setting = setting_of(e)
    r = team_outcomes(setting)
    sweep = trust_sweep(setting, e.values()["alert_fatigue"])
    errors, flips = e.figures[0].data, e.figures[1].data
    assert list(errors[CLIN_MISSED].y) == pytest.approx([r.clinician.missed] * 2)
    assert list(errors[AI_MISSED].y) == pytest.approx([r.ai.missed] * 2)
    assert list(errors[TEAM_MISSED].y) == pytest.approx(sweep.missed.tolist())
    assert list(errors[CLIN_FA].y) == pytest.approx([r.clinician.false_alarms] * 2)
    assert list(errors[AI_FA].y) == pytest.approx([r.ai.false_alarms] * 2)
    assert list(errors[TEAM_FA].y) == pytest.approx(sweep.false_alarms.tolist())
    trust = e.values()["trust"]
    assert list(errors[NOW_MISSED].x) == [trust] and list(errors[NOW_FA].x) == [trust]
    assert list(errors[NOW_MISSED].y) == pytest.approx([r.team.missed])
    assert list(errors[NOW_FA].y) == pytest.approx([r.team.false_alarms])
    assert errors[NOW_MISSED].name == f"Current trust {trust:.2f}"
    assert list(flips[RIGHT_TO_WRONG].y) == pytest.approx(sweep.right_to_wrong.tolist())
    assert list(flips[WRONG_TO_RIGHT].y) == pytest.approx(sweep.wrong_to_right.tolist())
    assert list(flips[NOW_FLIPS].y) == pytest.approx([r.right_to_wrong_per_1000, r.wrong_to_right_per_1000])
    assert e.twins[0].value == live_region(describe_team(r) + "\n\n" + describe_sweep(sweep, r.clinician, r.ai, 1.0))
    assert e.twins[1].value == live_region(describe_flips(r) + "\n\n" + describe_disagreements(r))
    for fig in e.figures:
        for trace in fig.data:
            assert all(math.isfinite(y) for y in trace.y)


def test_default_explorer_shows_gp_phq9_team_at_trust_half():
    e = TeamExplorer()
    assert e.values() == {"prevalence": 0.1, "clinician_sensitivity": 0.501, "clinician_specificity": 0.813,
                          "ai_sensitivity": 0.88, "ai_specificity": 0.85, "trust": 0.5, "alert_fatigue": 0.0,
                          "shared_errors": 0.0}
    assert_matches_engine(e)
    assert e.redraws == 0
    assert [t.name for t in e.figures[0].data[:4]] == ["Clinician alone", "AI alone", "Clinician with the AI",
                                                      "Current trust 0.50"]
    assert "misses about 31 of the 100 who need help" in e.twins[0].value
    assert "about 58 flip from right to wrong" in e.twins[1].value
    assert 'aria-live="polite"' in e.twins[0].value and 'aria-live="polite"' in e.twins[1].value
    # every series differs by more than colour: dash or marker symbol, and a name
    styles = {(t.line.dash, t.marker.symbol) for t in e.figures[0].data[:3]}
    assert len(styles) == 3


def test_moving_trust_moves_the_marks_and_the_text_but_not_the_lines():
    e = TeamExplorer()
    team_line = list(e.figures[0].data[TEAM_MISSED].y)
    before = (e.twins[0].value, e.twins[1].value)
    e.controls["trust"].value = 0.9
    assert e.redraws == 1
    assert_matches_engine(e)
    assert list(e.figures[0].data[TEAM_MISSED].y) == team_line
    assert e.twins[0].value != before[0] and e.twins[1].value != before[1]
    assert list(e.figures[1].data[NOW_FLIPS].x) == [0.9, 0.9]
    assert "going along with an AI flag in 90% and with an AI all-clear in 90%" in e.twins[0].value


def test_full_trust_puts_the_team_on_the_ai_line():
    e = TeamExplorer()
    e.controls["trust"].value = 1.0
    errors = e.figures[0].data
    assert errors[NOW_MISSED].y[0] == pytest.approx(errors[AI_MISSED].y[0])
    assert errors[NOW_FA].y[0] == pytest.approx(errors[AI_FA].y[0])
    assert errors[TEAM_MISSED].y[-1] == pytest.approx(errors[AI_MISSED].y[0])


@pytest.mark.parametrize("name,value", [
    ("prevalence", 0.3), ("clinician_sensitivity", 0.7), ("clinician_specificity", 0.6),
    ("ai_sensitivity", 0.4), ("ai_specificity", 0.95), ("alert_fatigue", 0.8),
])
def test_each_control_redraws_to_the_engine_numbers(name, value):
    e = TeamExplorer()
    before = flat_y(e.figures[0])
    e.controls[name].value = value
    assert e.redraws == 1
    assert_matches_engine(e)
    assert flat_y(e.figures[0]) != pytest.approx(before)


def test_shared_errors_move_the_flips_but_not_the_team_totals_when_trust_is_symmetric():
    """team rate = (1 - trust) * clinician + trust * AI whatever the overlap; only the churn changes."""
    e = TeamExplorer()
    errors_before = flat_y(e.figures[0])
    flips_before = [list(t.y) for t in e.figures[1].data]
    e.controls["shared_errors"].value = 1.0
    assert e.redraws == 1
    assert_matches_engine(e)
    assert flat_y(e.figures[0]) == pytest.approx(errors_before)
    assert e.figures[1].data[RIGHT_TO_WRONG].y[-1] == pytest.approx(0.0)
    assert e.figures[1].data[RIGHT_TO_WRONG].y[-1] < flips_before[RIGHT_TO_WRONG][-1]
    # with alert fatigue the overlap does change who is missed
    e.controls["alert_fatigue"].value = 0.5
    missed_shared = e.figures[0].data[NOW_MISSED].y[0]
    e.controls["shared_errors"].value = 0.0
    assert e.figures[0].data[NOW_MISSED].y[0] != pytest.approx(missed_shared)


def test_alert_fatigue_makes_the_team_miss_more_than_the_gp_at_high_trust():
    e = TeamExplorer()
    e.set_values(trust=1.0, alert_fatigue=1.0)
    errors = e.figures[0].data
    assert errors[NOW_MISSED].y[0] > errors[CLIN_MISSED].y[0]
    assert "with alert fatigue 1.00" in e.twins[0].value
    assert "0 misses caught" in e.twins[1].value


def test_edge_cases_give_words_not_nan():
    e = TeamExplorer()
    e.controls["prevalence"].value = 0.0
    assert_matches_engine(e)
    assert "nobody needs help, so nobody is missed" in e.twins[0].value
    e.controls["trust"].value = 0.0
    assert "the team is the clinician alone" in e.twins[1].value
    e.set_values(prevalence=1.0, trust=0.3)
    assert_matches_engine(e)
    assert "everybody needs help, so there are no false alarms" in e.twins[0].value


def test_constructor_rejects_bad_start_values():
    with pytest.raises(ValueError, match="prevalence must be from 0 to 1; got 2.0"):
        TeamExplorer(prevalence=2.0)
    with pytest.raises(ValueError, match="preset must be one of"):
        TeamExplorer(ai="magic_ai")
    with pytest.raises(ValueError, match="trust must be from 0 to 1; got -0.5"):
        TeamExplorer(trust=-0.5)


def test_preset_picker_sets_the_ai_and_clinician_with_one_redraw_each_and_names_the_source():
    e = TeamExplorer()
    picker = TeamPresetPicker(e)
    picker.ai.value = "suicide_ehr_top5"
    p = PRESETS["suicide_ehr_top5"]
    assert (e.values()["prevalence"], e.values()["ai_sensitivity"], e.values()["ai_specificity"]) == (
        p.prevalence, p.sensitivity, p.specificity)
    assert e.redraws == 1
    assert "Simon" in picker.note.value and "derived" in picker.note.value
    picker.clinician.value = "clinician_high_risk"
    q = PRESETS["clinician_high_risk"]
    assert (e.values()["clinician_sensitivity"], e.values()["clinician_specificity"]) == (q.sensitivity, q.specificity)
    assert e.values()["prevalence"] == p.prevalence
    assert e.redraws == 2
    assert "Large" in picker.note.value
    assert_matches_engine(e)
    picker.ai.value = ""   # back to "(choose)": nothing changes
    assert e.redraws == 2
    with pytest.raises(ValueError, match="preset must be one of"):
        TeamPresetPicker(e, ai_keys=("nope",))


# -- predict first, self-checks, checked summary ---------------------------------------------------------

def test_prediction_truth_comes_from_the_engine():
    r = team_outcomes(default_setting())
    assert predict_team_missed.truth == round(r.team.missed) == 31
    assert "the simulation gives 31 people" in predict_team_missed.reveal(50)
    assert "too high" in predict_team_missed.reveal(50)


def test_numeric_question_answer_is_computed_from_the_engine():
    r = team_outcomes(default_setting())
    assert q_right_to_wrong.answer == pytest.approx(r.right_to_wrong_per_1000, abs=0.05)
    assert q_right_to_wrong.check(58).correct
    assert q_right_to_wrong.check(r.right_to_wrong_per_1000).correct
    too_low = q_right_to_wrong.check(3)   # only the new misses
    assert not too_low.correct and "too low" in too_low.message and "900 who do not" in too_low.message
    assert "too high" in q_right_to_wrong.check(150).message
    assert not q_right_to_wrong.check("many").correct


def test_choice_answers_agree_with_the_engine():
    """The claims behind the correct answers hold in the model."""
    full = team_outcomes(default_setting().with_trust(1.0))
    assert q_full_trust.answer == "The AI's alone" and full.team.as_dict() == pytest.approx(full.ai.as_dict())
    fatigued = team_outcomes(default_setting().with_trust(1.0, alert_fatigue=1.0))
    assert q_reassurance_only.answer.startswith("misses more") and fatigued.team.missed > fatigued.clinician.missed
    assert "5.2%" in q_goddard_meaning.prompt and "49-96%" in q_alert_fatigue.prompt


def test_checked_summary_and_the_default_twin_state_the_key_numbers():
    twins = " ".join(t.value for t in TeamExplorer().twins)
    assert "the clinician alone misses about 50 of the 100" in twins
    assert "about 58 flip from right to wrong" in twins
    text = summary()
    assert "advice right in 71.9% of cases" in text and "36.7% of the time" in text
    assert goddard_fit().trust == pytest.approx(0.367, abs=1e-3)


def test_sources_list_every_cited_study():
    from lessons.lesson_04 import SOURCE_KEYS, sources

    text = sources().data
    assert text.startswith("1. The article")
    for name in ("Goddard K", "van der Sijs H", "Mitchell AJ", "Levis B", "Negeri ZF"):
        assert name in text
    numbered = [line for line in text.splitlines() if line[:1].isdigit()]
    assert len(numbered) == len(SOURCE_KEYS)


# -- the numbers the prose quotes ---------------------------------------------------------------------

def test_prose_states_the_cited_operating_points_and_the_model_inputs():
    """Mitchell 2009, Levis 2019, Goddard 2014 and van der Sijs 2006 as the presets, constants and self-checks say."""
    text = notebook_markdown(STEM)
    gp, phq9 = PRESETS["gp_unaided"], PRESETS["phq9_primary_care"]
    s = default_setting()
    assert (s.clinician_sensitivity, s.clinician_specificity) == (gp.sensitivity, gp.specificity)
    assert (s.ai_sensitivity, s.ai_specificity, s.prevalence) == (phq9.sensitivity, phq9.specificity, phq9.prevalence)
    g = GODDARD_2014
    lo, hi = re.search(r"(\d+)-(\d+)%", q_alert_fatigue.prompt).groups()
    assert_says(text, f"(sensitivity **{pct(gp.sensitivity, 1)}**, specificity **{pct(gp.specificity, 1)}**; "
                      f"Mitchell et al., 2009)",
                f"(sensitivity **{pct(phq9.sensitivity)}**, specificity **{pct(phq9.specificity)}**; "
                f"Levis et al., 2019",
                f"from **{pct(g['accuracy_before'], 1)} to {pct(g['accuracy_after'], 1)}**; yet in "
                f"**{pct(g['right_to_wrong'], 1)}** of all decisions",
                f"overridden in **{lo}% to {hi}%** of cases (van der Sijs et al., 2006)",
                f"Picture **{PER:,} patients** (an illustrative number)",
                f"of whom **{pct(s.prevalence)}** have depression",
                f"| sensitivity {pct(gp.sensitivity, 1)}, specificity {pct(gp.specificity, 1)} | "
                f"Mitchell et al., 2009 |",
                f"| sensitivity {pct(phq9.sensitivity)}, specificity {pct(phq9.specificity)} | PHQ-9 ≥ 10, Levis",
                f"We start at trust **{DEFAULT_TRUST:g}**, an *illustrative* value",
                f"(the {PER:,} patients, trust {DEFAULT_TRUST:g}, the alert-fatigue")
    assert_says(text, f"Pick the AI preset *{PRESETS['vendor_after_shift'].label}*",
                f"**missed** per {PER:,} patients (left) and **false alarms** per {PER:,} (right)")
    # the 10% is "the top of the 5-10% range" in the preset's note and in the prose
    low, top = re.search(r"top of the (\d+)-(\d+)% range", phq9.note).groups()
    assert int(top) == round(100 * s.prevalence)
    assert_says(text, f"have depression (the top of the {low}–{top}% range for primary care; Thombs et al., 2014)")
    # "Set AI sensitivity to 0.40 and AI specificity to 0.70, a tool worse than the GP"
    worse = re.search(r"\*\*AI sensitivity\*\* to ([\d.]+) and \*\*AI specificity\*\* to ([\d.]+), a tool worse "
                      r"than the GP", text)
    assert worse, "the 'tool worse than the GP' item is gone"
    assert float(worse[1]) < gp.sensitivity and float(worse[2]) < gp.specificity


def test_what_your_prediction_was_about_quotes_the_engine():
    """The paragraph under the explorer: the default team's missed and both directions of flips, per 1,000."""
    text = notebook_markdown(STEM)
    r = team_outcomes(default_setting())
    assert r.per_1000_factor == 1
    flips = r.flips_per_1000
    assert_says(text, f"With trust {DEFAULT_TRUST:g} the team misses about **{r.team.missed:.0f}** of the "
                      f"{r.team.need_help:.0f} patients with depression: between the clinician alone "
                      f"({r.clinician.missed:.0f}) and the AI alone ({r.ai.missed:.0f})",
                f"about **{r.right_to_wrong_per_1000:.0f}** decisions per {PER:,} went from right to wrong, most of "
                f"them new **false alarms** ({flips.new_false_alarms:.0f}) because {r.team.no_need:.0f} of the "
                f"{PER:,} patients do not have depression",
                f"About **{r.wrong_to_right_per_1000:.0f}** went the other way")
    assert r.clinician.missed > r.team.missed > r.ai.missed  # "between"
    assert flips.new_false_alarms > flips.new_missed  # "most of them new false alarms"


def test_goddard_reading_quotes_the_fit():
    """Goddard 2014's three shares are GODDARD_2014; the derived 13.1% is worked by hand, the fitted advice
    accuracy and trust are printed once (the checked cell) and put on the exercise's sliders."""
    text = notebook_markdown(STEM)
    g, fit = GODDARD_2014, goddard_fit()
    before, after, rw = (100 * g[k] for k in ("accuracy_before", "accuracy_after", "right_to_wrong"))
    assert_says(text, f"right answers before advice ({before:.1f}%), after advice ({after:.1f}%), and decisions "
                      f"switched from right to wrong ({rw:.1f}%)",
                f"must be {after:.1f} − {before:.1f} + {rw:.1f} = **{pct(fit.wrong_to_right, 1)}** of decisions")
    printed = summary()
    assert f"advice right in {pct(fit.ai_accuracy, 1)} of cases" in printed
    assert f"following disagreeing advice {pct(fit.trust, 1)} of the time" in printed
    nb = json.loads((NOTEBOOKS / f"{STEM}.ipynb").read_text(encoding="utf-8"))
    checked = [c for c in nb["cells"] if "nbval-check-output" in c["metadata"].get("tags", [])]
    assert any("print(summary())" in "".join(c["source"]) for c in checked)
    # said once: the reading's paragraph no longer repeats the printed fit in rounded form
    reading = text[text.index("Reading Goddard et al. (2014) through the model"):text.index("Core: Self-check")]
    assert pct(fit.ai_accuracy) not in reading and pct(fit.trust) not in reading


def _reflection_call():
    """The reliance explorer's starting values in the reflection, which the worked example quotes."""
    import inspect

    nb = json.loads((NOTEBOOKS / f"{STEM}.ipynb").read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert any(c.rstrip().endswith("\nRelianceExplorer()") for c in code), "the reflection's explorer is gone"
    d = {k: p.default for k, p in inspect.signature(RelianceExplorer).parameters.items()}
    explorer = RelianceExplorer()
    v = explorer.values()
    assert (v["own_accuracy"], v["ai_accuracy"], v["trust"]) == (d["own_accuracy"], d["ai_accuracy"], d["trust"])
    return d["own_accuracy"], d["ai_accuracy"], d["trust"], explorer.decisions


def test_worked_solutions_quote_the_engine():
    """Each worked solution's numbers, rebuilt from the engine with the same rounding and wording."""
    text = notebook_markdown(STEM)
    by_hand, fatigue, shared, goddard, _chatbot, reflection = worked_solutions(STEM)  # _chatbot: test_reliance.py
    s, r = default_setting(), team_outcomes(default_setting())

    # Exercise 1: the closed form by hand
    sc, sa, bf, bc = s.clinician_sensitivity, s.ai_sensitivity, s.accept_ai_flag, s.accept_ai_clear
    assert bf == bc == DEFAULT_TRUST
    terms = (sc * sa, sc * (1 - sa) * (1 - bc), (1 - sc) * sa * bf)
    sens = team_sensitivity(sc, sa, bf, bc)
    assert sum(terms) == pytest.approx(sens) and sens == pytest.approx(r.team.sensitivity.value)
    assert_says(text, f"(GP sensitivity {sc:g}, PHQ-9 sensitivity {sa:g}, trust {DEFAULT_TRUST:g} both ways, "
                      f"independent errors, {r.team.need_help:.0f} of {PER:,} patients with depression)")
    assert_says(by_hand, f"= {sc:g} × {sa:g} + {sc:g} × {1 - sa:.2f} × (1 − {bc:g}) + {1 - sc:.3f} × {sa:g} "
                         f"× {bf:g} = {terms[0]:.4f} + {terms[1]:.4f} + {terms[2]:.4f} = **{sens:.4f}**",
                f"flags about {r.team.tp:.0f} of the {r.team.need_help:.0f} and **misses about {r.team.missed:.0f}**",
                f"between the GP (about {r.clinician.missed:.0f} missed) and the tool ({r.ai.missed:.0f} missed): "
                f"{1 - DEFAULT_TRUST:g} × {r.clinician.missed:.1f} + {DEFAULT_TRUST:g} × {r.ai.missed:g} = "
                f"{r.team.missed:.2f}")
    assert r.team.missed == pytest.approx((1 - DEFAULT_TRUST) * r.clinician.missed + DEFAULT_TRUST * r.ai.missed)

    # Exercise 2: full trust in the all-clears, full alert fatigue
    trust, alert_fatigue = 1.0, 1.0
    assert_says(text, f"Set trust to {trust:g} and alert fatigue to {alert_fatigue:g}: the GP accepts every "
                      f"all-clear")
    f = team_outcomes(s.with_trust(trust, alert_fatigue))
    ff = f.flips_per_1000
    assert_says(fatigue, f"misses about **{f.team.missed:.0f}** per {PER:,} (the GP alone: {f.clinician.missed:.0f}) "
                         f"but raises only about **{f.team.false_alarms:.0f}** false alarms (the GP alone: "
                         f"{f.clinician.false_alarms:.0f})",
                f"{ff.false_alarms_avoided:.0f} false alarms avoided, but also {ff.new_missed:.0f} patients with "
                f"depression whom the GP would have flagged are now cleared")
    assert ff.misses_caught == 0 and ff.new_false_alarms == 0  # "every decision the tool changes is a flag removed"

    # Exercise 3: fully shared errors
    overlap = 1.0
    assert_says(text, f"Go back to the defaults and set shared errors to {overlap:g}.")
    sh = team_outcomes(s.with_(shared_errors=overlap))
    assert sh.team.as_dict() == pytest.approx(r.team.as_dict())  # "the first figure does not move"
    assert sa > sc and s.ai_specificity > s.clinician_specificity  # "it is better on both measures"
    assert_says(shared, f"stay at about {sh.team.missed:.0f} and {sh.team.false_alarms:.0f}",
                f"(the engine gives {sh.right_to_wrong_per_1000:.0f})",
                f"far fewer flip from wrong to right ({sh.wrong_to_right_per_1000:.0f} instead of "
                f"{r.wrong_to_right_per_1000:.0f})")
    assert sh.right_to_wrong_per_1000 == 0 and sh.wrong_to_right_per_1000 < 0.5 * r.wrong_to_right_per_1000

    # Exercise 4: Goddard 2014 at twice the fitted trust, on the reliance explorer's sliders
    g, fit = GODDARD_2014, goddard_fit()
    before = g["accuracy_before"]
    start = goddard_explorer()
    v = start.values()
    assert (v["own_accuracy"], v["ai_accuracy"], v["trust"]) == (before, round(fit.ai_accuracy, 3),
                                                                 round(fit.trust, 3))
    assert start.decisions == 1000
    assert_says(text, f"starts where the model puts Goddard et al.'s (2014) GPs: right alone {pct(before, 1)} of the "
                      f"time, advice right {pct(v['ai_accuracy'], 1)} of the time, and trust {v['trust']:g}",
                f"set the trust slider to {round(2 * fit.trust, 3):g}.")
    as_fitted = start.compute(**v)
    start.controls["trust"].value = round(2 * fit.trust, 3)
    doubled = right_wrong_team(before, v["ai_accuracy"], start.values()["trust"], decisions=1000)
    assert describe_right_wrong(doubled) in start.text.value  # the slider drives the engine
    assert_says(goddard, f"At twice the fitted trust ({start.values()['trust']:.3f}), out of {doubled.decisions:,} "
                         f"decisions {doubled.right_with_ai:.0f} are right instead of {as_fitted.right_with_ai:.0f}, but "
                         f"**{doubled.right_to_wrong:.0f}** right answers are now switched to wrong ones instead of "
                         f"{as_fitted.right_to_wrong:.0f}")
    exact = right_wrong_team(before, fit.ai_accuracy, 2 * fit.trust, decisions=1000)
    assert round(exact.right_with_ai) == round(doubled.right_with_ai)  # the slider's rounding changes no number
    assert round(exact.right_to_wrong) == round(doubled.right_to_wrong)
    assert doubled.right_with_ai > as_fitted.right_with_ai  # "raises average accuracy"
    assert doubled.right_to_wrong / as_fitted.right_to_wrong == pytest.approx(2, rel=0.01)  # "doubles the harm"

    # Reflection: the example's guesses are the code cell's inputs
    own, ai, follow, n = _reflection_call()
    mine = right_wrong_team(own, ai, follow, decisions=n)
    assert_says(reflection, f"about {pct(own)} of my grammar calls right; the tool maybe {pct(ai)}; I accept its "
                            f"change about {pct(follow)} of the time",
                f"out of {n} decisions they get {people(mine.right_alone)} right alone and "
                f"{people(mine.right_with_ai)} with the tool: it fixes {people(mine.wrong_to_right)} mistakes but "
                f"also talks them out of {people(mine.right_to_wrong)} right answers")
    worse_ai = float(re.search(r"If the tool were only (\d+)% right", reflection)[1]) / 100
    worse = right_wrong_team(own, worse_ai, follow, decisions=n)
    assert_says(reflection, f"accepted {pct(follow)} of its changes, they would fall to {people(worse.right_with_ai)} "
                            f"right: {worse.right_to_wrong:.0f} right answers lost against "
                            f"{worse.wrong_to_right:.0f} fixed")


def test_prose_says_where_the_gp_figures_were_measured_and_what_the_explorer_assumes():
    """Mitchell's GP operating point comes from 21.9% prevalence; the explorer uses it at its own prevalence."""
    gp = PRESETS["gp_unaided"]
    start = TeamExplorer().values()["prevalence"]
    assert start != gp.prevalence
    assert_says(notebook_markdown("04_reliance_on_ai"),
                f"The GP figures were measured where about {pct(gp.prevalence)} of patients had depression; the "
                f"explorer keeps the same sensitivity and specificity at its {pct(start)}")


# -- the reliance explorer (the reflection and exercise 4: sliders instead of typed code) --------------------------

def test_reliance_explorer_sliders_drive_the_right_wrong_model():
    explorer = RelianceExplorer(decisions=1000)
    for own, ai, trust in ((0.6, 0.8, 0.25), (0.9, 0.7, 1.0), (0.5, 0.5, 0.0)):
        explorer.set_values(own_accuracy=own, ai_accuracy=ai, trust=trust)
        r = right_wrong_team(own, ai, trust, decisions=1000)
        # closed form, independently: right with AI = n(c - c(1-a)t + (1-c)a t)
        assert r.right_with_ai == pytest.approx(1000 * (own - own * (1 - ai) * trust + (1 - own) * ai * trust))
        assert explorer.text.value == live_region(describe_right_wrong(r))
        assert list(explorer.figure.data[0].y) == pytest.approx(
            [r.right_alone, r.right_with_ai, r.wrong_to_right, r.right_to_wrong])
    # every bar has its own label and pattern, not only a colour
    bar = explorer.figure.data[0]
    assert len(set(bar.x)) == 4 and len(set(bar.marker.pattern.shape)) == 4


@pytest.mark.parametrize("kwargs,name", [({"decisions": 0}, "decisions"), ({"decisions": 2.5}, "decisions"),
                                          ({"trust": float("nan")}, "How often you follow"),
                                          ({"own_accuracy": 1.5}, "Your accuracy alone"),
                                          ({"ai_accuracy": float("inf")}, "The AI's accuracy")])
def test_reliance_explorer_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        RelianceExplorer(**kwargs)
