"""Lesson 01 explorers driven as a learner drives them, its presets and its self-check questions."""

import html
import math
import re
from statistics import NormalDist

import numpy as np
import pytest
from worked import assert_says, notebook_markdown, pct, worked_solutions

from lessons.content.presets import PRESETS
from lessons.content.sources import cite
from lessons.engine.chatbot import ChatbotWeek, describe_handoffs, describe_waits, expected_arrivals_per_hour
from lessons.engine.multilevel import (
    LEVEL_MIX_PER_10000,
    UK_MHTS_LEVELS,
    OrdinalScoreModel,
    describe_confusion,
    expected_response_hours,
)
from lessons.engine.scenario import ScoreModel, normal_cdf
from lessons.lesson_01 import (
    CRISIS_PRESETS,
    DEFAULTS,
    FALSE_ALARMS_AT_DEFAULT,
    HANDOFF_PPV_AT_DEFAULT,
    MISSED_AT_DEFAULT,
    PER,
    THRESHOLD_GRID,
    URGENCY_DEFAULTS,
    WAIT_GRID,
    CrisisHandoffExplorer,
    CrisisPreset,
    CrisisPresetPicker,
    UrgencyTriageExplorer,
    arrival_profile_figure,
    default_urgency_summary,
    describe_arrival_profile,
    describe_later_weeks,
    handoff_view,
    later_weeks,
    predict_missed,
    q_handoff_ppv,
    q_missed,
    summary,
    urgency_confusion,
)
from lessons.ui.controls import live_region


@pytest.fixture(scope="module")
def shared_week():
    return ChatbotWeek(10_000, seed=2024)


@pytest.fixture
def handoff():
    return CrisisHandoffExplorer()


@pytest.fixture
def urgency():
    return UrgencyTriageExplorer()


def twin_text(widget) -> str:
    return html.unescape(widget.value)


# -- explorer 1: controls, figures, text twins -----------------------------------------------------------

def test_default_figure_draws_the_closed_form_curves(handoff):
    fig = handoff.figures[0]
    missed, missed_now, false_alarms, fa_now = fig.data
    d = ScoreModel.from_auc(0.95).separation
    assert list(missed.x) == pytest.approx(THRESHOLD_GRID.tolist())
    assert list(missed.y) == pytest.approx((15 * normal_cdf(THRESHOLD_GRID - d)).tolist(), abs=1e-9)
    assert list(false_alarms.y) == pytest.approx((9_985 * (1 - normal_cdf(THRESHOLD_GRID))).tolist(), abs=1e-6)
    assert missed_now.x == (1.5,) and missed_now.y[0] == pytest.approx(MISSED_AT_DEFAULT)
    assert fa_now.y[0] == pytest.approx(FALSE_ALARMS_AT_DEFAULT)
    assert missed_now.name == f"Current threshold: {MISSED_AT_DEFAULT:.1f} missed"
    assert missed.line.dash != false_alarms.line.dash  # not colour alone
    assert missed_now.marker.symbol != fa_now.marker.symbol


def test_default_twins_match_the_engine(handoff, shared_week):
    outcome = shared_week.outcome(1.5, 0.0015, 0.95, 10)
    assert handoff.twins[0].value == live_region(describe_handoffs(outcome))
    assert handoff.twins[1].value == live_region(describe_waits(outcome) + " "
                                                 + describe_later_weeks(later_weeks(outcome)))
    assert 'aria-live="polite"' in handoff.twins[0].value


def test_moving_the_threshold_moves_the_point_and_the_words(handoff):
    before = (handoff.twins[0].value, handoff.twins[1].value)
    handoff.controls["threshold"].value = 0.5
    assert handoff.redraws == 1
    missed_now, fa_now = handoff.figures[0].data[1], handoff.figures[0].data[3]
    d = ScoreModel.from_auc(0.95).separation
    assert missed_now.x == (0.5,)
    assert missed_now.y[0] == pytest.approx(15 * normal_cdf(0.5 - d))
    assert fa_now.y[0] == pytest.approx(9_985 * (1 - normal_cdf(0.5)))
    assert fa_now.name == f"Current threshold: {9_985 * (1 - normal_cdf(0.5)):,.0f} false alarms"
    assert "At threshold 0.50" in twin_text(handoff.twins[0])
    assert handoff.twins[0].value != before[0] and handoff.twins[1].value != before[1]


def test_a_lower_threshold_makes_people_in_crisis_wait_longer(handoff):
    """The false alarms join the counsellors' queue: the with-bot curve falls at one hour."""
    one_hour = int(np.searchsorted(WAIT_GRID, 1.0))
    with_bot_before = handoff.figures[1].data[0].y[one_hour]
    handoff.controls["threshold"].value = 0.0
    with_bot_after = handoff.figures[1].data[0].y[one_hour]
    assert with_bot_after < with_bot_before / 5
    ceiling = handoff.figures[1].data[2]
    assert ceiling.y[0] == pytest.approx(100 * (1 - normal_cdf(0.0 - ScoreModel.from_auc(0.95).separation)))
    assert ceiling.name.startswith("Ceiling with the chatbot: sensitivity")


def test_reach_figure_matches_the_outcome(handoff, shared_week):
    handoff.controls["capacity"].value = 4
    outcome = shared_week.outcome(1.5, 0.0015, 0.95, 4)
    with_bot, without_bot, ceiling = handoff.figures[1].data
    assert list(with_bot.x) == pytest.approx(WAIT_GRID.tolist())
    assert list(with_bot.y) == pytest.approx((100 * outcome.crisis_reached_with_bot(WAIT_GRID)).tolist())
    assert list(without_bot.y) == pytest.approx((100 * outcome.crisis_reached_without_bot(WAIT_GRID)).tolist())
    assert max(with_bot.y) <= ceiling.y[0] + 1e-9
    assert "Counsellors start 4 conversations an hour" in twin_text(handoff.twins[1])


def test_capacity_zero_and_nobody_in_crisis_give_words(handoff):
    handoff.set_values(capacity=0, crisis_per_10000=0)
    assert handoff.redraws == 1
    assert max(handoff.figures[1].data[0].y) == 0 and max(handoff.figures[1].data[1].y) == 0
    assert "nobody reaches a human" in twin_text(handoff.twins[1])
    assert "Nobody is in crisis at this prevalence" in twin_text(handoff.twins[0])
    assert max(handoff.figures[0].data[0].y) == 0
    for twin in handoff.twins:
        assert "nan" not in twin.value.lower()


def test_a_sharper_detector_misses_fewer_at_the_same_threshold(handoff):
    before = handoff.figures[0].data[1].y[0]
    handoff.controls["auc"].value = 0.99
    assert handoff.figures[0].data[1].y[0] < before
    assert handoff.figures[0].data[3].y[0] == pytest.approx(FALSE_ALARMS_AT_DEFAULT)  # specificity unchanged


def test_bad_values_raise_with_the_parameter_name(shared_week):
    with pytest.raises(ValueError, match=r"crisis_per_10000 must be a number in \[0, 10000\]; got -3.0"):
        handoff_view(shared_week, 1.0, -3, 0.95, 10)
    with pytest.raises(ValueError, match="auc must be a number"):
        handoff_view(shared_week, 1.0, 15, 1.5, 10)


def test_explorer_shows_an_engine_error_instead_of_raising(handoff):
    handoff.controls["auc"].min = 0.1  # a learner widening a slider by hand
    handoff.controls["auc"].value = 0.2
    assert "auc must be a number" in handoff.status.value
    assert handoff.redraws == 0


# -- presets ---------------------------------------------------------------------------------------------

def test_crisis_presets_are_labelled_and_cited():
    openai = CRISIS_PRESETS["openai_planning"]
    assert openai.crisis_per_10000 == pytest.approx(0.0015 * 10_000)
    assert openai.status == "derived" and openai.sources == ("openai2025",)
    for p in CRISIS_PRESETS.values():
        assert p.status in {"sourced", "derived", "illustrative"} and p.note
    with pytest.raises(ValueError, match="status must be one of"):
        CrisisPreset("x", "x", 1.0, "guessed", (), "note")
    with pytest.raises(ValueError, match=r"crisis_per_10000 must be a number in \[0, 10000\]"):
        CrisisPreset("x", "x", -1.0, "illustrative", (), "note")


def test_preset_picker_sets_the_crisis_share_with_one_redraw(handoff):
    picker = CrisisPresetPicker(handoff)
    picker.dropdown.value = "crisis_service"
    assert handoff.controls["crisis_per_10000"].value == 100
    assert handoff.redraws == 1
    assert "100 of every 10,000 conversations" in twin_text(handoff.twins[0])
    assert "illustrative" in picker.note.value
    picker.dropdown.value = "openai_planning"
    assert handoff.controls["crisis_per_10000"].value == 15
    assert "derived" in picker.note.value and "OpenAI" in picker.note.value
    picker.dropdown.value = ""
    assert picker.note.value == ""


# -- explorer 2: urgency levels ------------------------------------------------------------------------

def test_heatmap_shows_the_closed_form_row_shares(urgency):
    heat = urgency.figures[0].data[0]
    expected = OrdinalScoreModel.evenly_spaced(2.0, 0.0).expected_confusion(LEVEL_MIX_PER_10000)
    assert np.array(heat.z) == pytest.approx(100 * expected.row_shares(), abs=0.01)
    assert heat.text[3][3].startswith(f"{100 * expected.row_shares()[3, 3]:.0f}% right level")
    assert "under" in heat.text[3][2] and "over" in heat.text[0][1]
    assert urgency.twins[0].value == live_region(describe_confusion(expected))
    assert "True level A emergency (at once), 15 people" in twin_text(urgency.twins[0])


def test_a_cautious_shift_redraws_heatmap_bars_and_twins(urgency):
    z_before = np.array(urgency.figures[0].data[0].z)
    bars_before = list(urgency.figures[1].data[1].y)
    urgency.controls["shift"].value = 0.7
    assert urgency.redraws == 1
    expected = urgency_confusion(2.0, 0.7)
    assert np.array(urgency.figures[0].data[0].z) == pytest.approx(100 * expected.row_shares(), abs=0.01)
    assert urgency.figures[0].data[0].z[3][3] > z_before[3][3]        # fewer emergencies sent down
    assert urgency.figures[0].data[0].z[0][1] > z_before[0][1]        # more routine messages sent up
    assert urgency.figures[1].data[1].y[3] < bars_before[3]           # emergencies answered sooner
    assert urgency.twins[0].value == live_region(describe_confusion(expected))
    assert "A emergency (at once): own level at once" in twin_text(urgency.twins[1])


def test_urgency_separation_control_moves_the_heatmap(urgency):
    urgency.controls["separation"].value = 4.0
    assert urgency.redraws == 1
    assert urgency.figures[0].data[0].z[3][3] == pytest.approx(100 * normal_cdf(2.0), abs=0.01)  # Phi(d/2)


def test_bars_differ_by_pattern_not_only_colour(urgency):
    own, after = urgency.figures[1].data
    assert own.marker.pattern.shape != after.marker.pattern.shape
    assert list(own.y) == [72.0, 24.0, 4.0, 0.0]


# -- static figure and checked summaries ------------------------------------------------------------------

def test_arrival_profile_figure_and_twin_agree():
    fig = arrival_profile_figure()
    y = np.array(fig.data[0].y)
    assert len(y) == 168 and y.sum() == pytest.approx(10_000, abs=0.5)
    text = describe_arrival_profile()
    assert f"brings about {y.max():.0f}" in text and "60 an hour on average" in text


def test_checked_summaries_are_deterministic():
    assert summary() == summary()
    assert "15 of every 10,000 conversations" in summary()
    assert default_urgency_summary().startswith("On average, of 10,000 conversations")


# -- predict first and self-checks ---------------------------------------------------------------------

def test_numeric_answers_come_from_the_closed_form():
    d = ScoreModel.from_auc(DEFAULTS["auc"]).separation
    missed = 15 * normal_cdf(DEFAULTS["threshold"] - d)
    false_alarms = 9_985 * (1 - normal_cdf(DEFAULTS["threshold"]))
    assert q_missed.answer == round(missed, 1)
    assert q_handoff_ppv.answer == round(100 * (15 - missed) / (15 - missed + false_alarms), 1)
    assert pytest.approx(100 * (15 - missed) / (15 - missed + false_alarms)) == HANDOFF_PPV_AT_DEFAULT


@pytest.mark.parametrize("question", [q_missed, q_handoff_ppv])
def test_numeric_questions_give_feedback(question):
    assert question.check(question.answer).correct
    assert question.check(str(question.answer + 0.1)).correct
    low = question.check(question.answer - 1)
    assert not low.correct and "too low" in low.message
    high = question.check(question.answer + 1)
    assert not high.correct and "too high" in high.message
    assert not question.check("a few").correct


def test_predict_first_reveals_the_engine_number():
    assert predict_missed.truth == round(MISSED_AT_DEFAULT, 1)
    assert "too high" in predict_missed.reveal(12)
    assert "Very close" in predict_missed.reveal(3)
    with pytest.raises(ValueError, match=r"guess must be a number in \[0, 15\]"):
        predict_missed.reveal(20)


# -- the notebook's shape ---------------------------------------------------------------------------

NOTEBOOKS = __import__("pathlib").Path(__file__).resolve().parents[1] / "notebooks"


def _cells(name):
    import nbformat

    return nbformat.read(NOTEBOOKS / name, as_version=4).cells


def test_sources_list_covers_the_lesson_evidence():
    from lessons.content.sources import SOURCES
    from lessons.lesson_01 import SOURCE_KEYS, sources

    assert set(SOURCE_KEYS) <= set(SOURCES)
    for key in ("article", "fitzpatrick2017", "li2023", "abdalrazaq2020", "habicht2024", "miner2016",
                "neda2023", "mcbain2025", "openai2025", "sands2015"):
        assert key in SOURCE_KEYS
    assert sources().data.count("\n1. ") == 0 and sources().data.startswith("1. ")


def test_notebook_opens_with_the_content_note_and_follows_the_kit_conventions():
    cells = _cells("01_instant_support.ipynb")
    from lessons.content.notices import content_note_markdown

    first = cells[0].source.splitlines()
    assert [line for line in first if line.startswith(">")] == content_note_markdown(1).splitlines()
    text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert text.count("<details><summary>Worked solution</summary>") >= 2
    assert "Discussion questions" in text and "What the evidence says" in text and "Predict first" in text
    assert "(00_start_here.ipynb)" in text and "(02_monitoring_progress.ipynb)" in text
    code_cells = [c for c in cells if c.cell_type == "code"]
    assert all(len(c.source.splitlines()) <= 3 for c in code_cells)  # import, build, show
    assert sum("nbval-check-output" in c.metadata.get("tags", []) for c in code_cells) >= 1
    assert (NOTEBOOKS / "01_instant_support.ipynb").stat().st_size < 150_000


# -- the prose quotes the engine ---------------------------------------------------------------------

STEM = "01_instant_support"


def _minus(text: str) -> str:
    """Numbers as the worked solutions typeset them, with a true minus sign."""
    return text.replace("-", "\u2212")


def _exact_and_slider_threshold() -> tuple[float, float]:
    """Exercise 1's answer: the exact threshold that misses one person in crisis, and the slider value below it."""
    crisis = DEFAULTS["crisis_per_10000"]
    exact = ScoreModel.from_auc(DEFAULTS["auc"]).separation - NormalDist().inv_cdf((crisis - 1) / crisis)
    step = CrisisHandoffExplorer().controls["threshold"].step
    return exact, round(math.floor(exact / step) * step, 2)


def test_prose_states_the_settings_and_cited_figures_the_engine_uses():
    """10,000 conversations, 15 in crisis (OpenAI's 0.15%), AUC 0.95, 10 an hour, the urgency mix and targets."""
    text = notebook_markdown(STEM)
    crisis, auc, capacity = DEFAULTS["crisis_per_10000"], DEFAULTS["auc"], DEFAULTS["capacity"]
    openai = CRISIS_PRESETS["openai_planning"]
    assert openai.crisis_per_10000 == crisis and ChatbotWeek().conversations == PER
    share = pct(crisis / PER, 2)
    assert share in openai.note
    assert_says(text, f"OpenAI stated in October 2025 that {share} of ChatGPT's weekly active users have conversations with "
                      "explicit indicators of potential suicidal planning or intent",
                f"**{crisis:.0f} people in crisis per {PER:,} conversations**",
                f"**When people write.** {PER:,} conversations arrive over one week",
                f"the detection quality is an AUC of {auc:.2f}",
                f"People in crisis** are {crisis:.0f} per {PER:,} conversations "
                f"(derived from OpenAI's reported {share})",
                f"**Counsellors** start {capacity:.0f} conversations an hour",
                f"*Without the chatbot*, all {PER:,} conversations wait",
                f"Lower the **threshold** step by step from {DEFAULTS['threshold']:g} to",
                f"({crisis:.0f} per {PER:,} conversations here, derived)",
                f"{PER:,} conversations a week, detection quality (AUC {auc:.2f})",
                f"Derived: {crisis:.0f} people in crisis (or emergencies) per {PER:,} conversations, from OpenAI's "
                f"reported {share}")
    routine, urgent, very_urgent, emergency = LEVEL_MIX_PER_10000
    hours = {level.key: level.response_hours for level in UK_MHTS_LEVELS}
    assert emergency == crisis
    assert_says(text, f"**B, very urgent** (within {hours['B']:g} hours) and "
                      f"**C, urgent** (within {hours['C']:g} hours)",
                f"a single **routine** level with a {hours['routine']:g}-hour response",
                f"Per {PER:,} conversations, {emergency} are emergencies (derived from OpenAI's {share}, as above) and "
                f"{very_urgent} very urgent, {urgent} urgent and {routine:,} routine",
                f"the routine level and its {hours['routine']:g}-hour response, and the split of "
                f"{very_urgent} / {urgent} / {routine:,} very urgent, urgent and routine messages",
                f"keep the {hours['C']:g}-hour promise")
    standard = re.search(r"\((\d+) and (\d+) weeks\)", cite("nhs_tt_standard").citation)
    assert_says(text, f"start treatment within {standard[1]} weeks and 95% within {standard[2]} weeks")
    trauma = PRESETS["trauma_field_triage"]
    assert "mohan2011" in trauma.sources and "undertriage under 5%" in trauma.note
    assert_says(text, 'Trauma care uses "undertriage below 5%" as a benchmark (Mohan et al., 2011)')


def test_what_the_starting_settings_show_quotes_the_engine():
    """About 3 of 15 missed, about 667 false alarms, about 2 in 100 hand-offs from a crisis, help at once vs days."""
    text = notebook_markdown(STEM)
    crisis = DEFAULTS["crisis_per_10000"]
    assert_says(text, f"the chatbot misses about {MISSED_AT_DEFAULT:.0f} of the {crisis:.0f} people in crisis and "
                      f"sends about {FALSE_ALARMS_AT_DEFAULT:,.0f} false alarms, so of every 100 conversations handed "
                      f"to a counsellor only about {HANDOFF_PPV_AT_DEFAULT:.0f} come from someone in crisis")
    outcome = ChatbotWeek(PER).outcome(DEFAULTS["threshold"], crisis / PER, DEFAULTS["auc"], DEFAULTS["capacity"])
    assert outcome.crisis_reached_with_bot([1.0])[0] == pytest.approx(outcome.sensitivity)  # "almost at once"
    assert outcome.median_handoff_wait() < 1 / 60
    assert outcome.median_wait_without_bot() > 48  # "a waiting list of days"


def test_worked_solution_1_quotes_the_closed_form_and_the_explorer():
    """Threshold for at most one miss, the explorer's reading there, its false alarms and the hand-off PPV."""
    ex1 = worked_solutions(STEM)[0]
    crisis, auc = DEFAULTS["crisis_per_10000"], DEFAULTS["auc"]
    needed = (crisis - 1) / crisis
    d = ScoreModel.from_auc(auc).separation
    exact, slider = _exact_and_slider_threshold()
    explorer = CrisisHandoffExplorer()
    step = explorer.controls["threshold"].step
    explorer.controls["threshold"].value = slider
    view = explorer.compute(**explorer.values())
    higher = handoff_view(explorer.week, slider + step, crisis, auc, DEFAULTS["capacity"])
    assert view.missed_now <= 1 < higher.missed_now  # the slider value is the highest that misses at most one
    shown = explorer.figures[0].data[1].text[0]
    counts = view.outcome.expected.scaled(PER)
    assert_says(ex1, f"Missing at most 1 of {crisis:.0f} needs a sensitivity of at least "
                     f"{crisis - 1:.0f}/{crisis:.0f} = {pct(needed, 1)}",
                f"d = √2 · Φ⁻¹(AUC) = {d:.2f} for AUC {auc:.2f}",
                f"*t* = d − Φ⁻¹({needed:.3f}) = {exact:.2f}",
                f"on the slider (steps of {step:g}) that is **{slider:.2f}**, where the explorer shows {shown} "
                f"({view.missed_now:.2f} before rounding)",
                f"{PER - crisis:,.0f} × (1 − Φ({slider:.2f})) ≈ **{view.false_alarms_now:,.0f}** per {PER:,}",
                f"as at threshold {DEFAULTS['threshold']:g}",
                f"Of roughly {counts.flagged:,.0f} hand-offs, about {counts.tp:.0f} come from people in crisis: "
                f"a PPV of about **{view.outcome.ppv.percent()}**")
    assert 2.5 < view.false_alarms_now / FALSE_ALARMS_AT_DEFAULT < 3.5  # "about three times as many"


def test_worked_solution_2_quotes_the_simulated_week():
    """Share flagged, hand-offs in the busiest hour, reach within 1 and 24 hours, and the capacity that fixes it."""
    ex2 = worked_solutions(STEM)[1]
    crisis, auc, capacity = DEFAULTS["crisis_per_10000"], DEFAULTS["auc"], DEFAULTS["capacity"]
    explorer = CrisisHandoffExplorer()
    threshold = _exact_and_slider_threshold()[1]

    def reach(c, hours=1.0, t=threshold):
        return handoff_view(explorer.week, t, crisis, auc, c).outcome.crisis_reached_with_bot([hours])[0]

    outcome = handoff_view(explorer.week, threshold, crisis, auc, capacity).outcome
    flag_share = outcome.expected.flagged / outcome.expected.population
    busiest = expected_arrivals_per_hour(PER).max()
    enough = next(c for c in range(int(capacity), 61) if reach(c) >= 0.9)
    assert busiest * flag_share > 2 * capacity  # "more than twice what 10 counsellor slots an hour can start"
    assert 1.8 <= enough / capacity <= 2.2  # "about twice the counsellor time"
    assert_says(ex2, f"At threshold {threshold:.2f} the chatbot flags about {pct(flag_share, 1)} of conversations",
                f"The busiest hour brings about {busiest:.0f} conversations",
                f"so about {busiest * flag_share:.0f} hand-offs: more than twice what {capacity:.0f} counsellor slots",
                f"only about **{pct(reach(capacity))}** of people in crisis reach a counsellor within an hour "
                f"(against {pct(reach(capacity, t=DEFAULTS['threshold']))} at threshold {DEFAULTS['threshold']:g}, "
                f"where more are missed) and {pct(reach(capacity, 24.0))} within 24 hours",
                f"Raising capacity to {enough} an hour gives **{pct(reach(enough))}** within an hour, and 25 an hour "
                f"gives {pct(reach(25))}; the ceiling is the sensitivity, {pct(outcome.sensitivity)}")


def test_worked_solution_3_quotes_the_ordinal_model():
    """Smallest caution for under 5% emergency undertriage, and what the routine row and the C queue pay for it."""
    ex3 = worked_solutions(STEM)[2]
    separation = URGENCY_DEFAULTS["separation"]
    model = OrdinalScoreModel.evenly_spaced(separation, 0.0)
    a_centre, a_cut, routine_cut = model.means[-1], model.cuts[-1], model.cuts[0]
    z = NormalDist().inv_cdf(0.05)
    bound = (a_cut - a_centre) - z
    step = UrgencyTriageExplorer().controls["shift"].step
    caution = round(math.ceil(bound / step) * step, 1)
    before, after, short = (urgency_confusion(separation, s) for s in (0.0, caution, caution - step))
    assert after.undertriage(3).value < 0.05 <= short.undertriage(3).value
    emergency_minutes = [60 * expected_response_hours(c)[3] for c in (before, after)]
    routine = LEVEL_MIX_PER_10000[0]
    assert_says(ex3, f"An emergency scores around {len(model.means) - 1} × {separation:.1f} = {a_centre:g}",
                f"the cut point into level A sits at {a_cut:g} − caution",
                _minus(f"with probability Φ({a_cut - a_centre:g} − caution)"),
                _minus(f"Below 5% needs {a_cut - a_centre:g} − caution < {z:.3f}, so caution above {bound:.3f}"),
                f"on the slider that is **{caution:g}**, where emergency undertriage is "
                f"{after.undertriage(3).percent()} (from {before.undertriage(3).percent()} at caution 0)",
                f"(centre {model.means[0]:g}) is sent up when its score is above {routine_cut:g} − caution = "
                f"{routine_cut - caution:g}",
                f"its over-urgent share rises from {before.over_urgent(0).percent()} to **{after.over_urgent(0).percent()}**: "
                f"about {after.over_count(0):,.0f} of {routine:,} routine messages",
                f'The "{after.levels[1].split(" (")[0]}" queue grows to about {after.assigned_sizes[1]:,.0f} '
                f"conversations for about {after.matrix[1, 1]:.0f} that truly belong there",
                f"true emergencies only improves from {emergency_minutes[0]:.0f} to {emergency_minutes[1]:.0f} minutes")
