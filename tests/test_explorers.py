"""The first explorer driven as a learner drives it: set a control, read the figure and its text twin."""

import pytest

from lessons import Scenario, natural_frequency_counts
from lessons.content.presets import PRESETS
from lessons.engine.describe import describe_counts
from lessons.ui.controls import NumberSlider, live_region
from lessons.ui.explorers import PresetPicker, ScreeningExplorer


def legend_counts(explorer):
    return {label: int(round(count)) for label, count in explorer.figure.legend().items()}


def marks(explorer):
    codes = explorer.figure.codes
    return {label: int((codes == k).sum()) for k, label in enumerate(explorer.figure.labels)}


def test_default_explorer_draws_1000_people_with_phq9_numbers():
    e = ScreeningExplorer()
    assert sum(marks(e).values()) == 1000
    assert legend_counts(e) == {"Correctly flagged": 88, "Missed": 12, "False alarm": 135, "Correctly cleared": 765}
    assert marks(e) == legend_counts(e)
    assert "Of 1,000 people screened, 100 need help" in e.text.value
    assert 'aria-live="polite"' in e.text.value
    assert "false alarms" in e.counts_text.value


def test_moving_prevalence_changes_figure_and_text_to_the_engine_numbers():
    e = ScreeningExplorer()
    before_text = e.text.value
    e.controls["prevalence"].value = 0.01
    expected = natural_frequency_counts(Scenario(0.01, 0.88, 0.85, 1000))
    assert legend_counts(e) == {"Correctly flagged": expected.tp, "Missed": expected.fn,
                                "False alarm": expected.fp, "Correctly cleared": expected.tn}
    assert marks(e)["False alarm"] == expected.fp
    assert e.text.value != before_text
    assert e.text.value == live_region(describe_counts(expected))
    assert e.redraws == 1


@pytest.mark.parametrize("name,value", [("sensitivity", 0.5), ("specificity", 0.99)])
def test_each_control_redraws(name, value):
    e = ScreeningExplorer()
    e.controls[name].value = value
    kwargs = {"prevalence": 0.1, "sensitivity": 0.88, "specificity": 0.85, name: value}
    expected = natural_frequency_counts(Scenario(population=1000, **kwargs))
    assert legend_counts(e)["Correctly flagged"] == expected.tp
    assert legend_counts(e)["False alarm"] == expected.fp
    assert f"PPV of {expected.ppv}" in e.text.value


def test_nobody_flagged_gives_defined_words_in_text_twin():
    e = ScreeningExplorer()
    e.set_values(sensitivity=0.0, specificity=1.0)
    assert e.redraws == 1
    assert "undefined: nobody was flagged" in e.text.value
    assert legend_counts(e)["Correctly flagged"] == 0


def test_preset_picker_sets_all_three_controls_with_one_redraw_and_names_its_source():
    e = ScreeningExplorer()
    picker = PresetPicker(e)
    picker.dropdown.value = "gp_unaided"
    p = PRESETS["gp_unaided"]
    assert [e.controls[k].value for k in ("prevalence", "sensitivity", "specificity")] == [
        p.prevalence, p.sensitivity, p.specificity]
    assert e.redraws == 1
    assert "Mitchell" in picker.note.value and "sourced" in picker.note.value
    expected = natural_frequency_counts(Scenario(p.prevalence, p.sensitivity, p.specificity, 1000))
    assert legend_counts(e)["Missed"] == expected.fn


def test_figure_is_updated_in_place_and_keeps_its_title():
    e = ScreeningExplorer()
    grid, title = e.figure, e.figure.title
    e.controls["prevalence"].value = 0.5
    assert e.figure is grid and e.figure.title == title
    assert grid.draws == 2 and len(grid.runs) == 4  # grouped by outcome: four runs whatever the size


def test_explorer_rejects_unknown_preset_and_bad_start_values():
    with pytest.raises(ValueError, match="preset must be one of"):
        ScreeningExplorer(preset="nope")
    with pytest.raises(ValueError, match="prevalence must be from 0 to 1; got 2"):
        ScreeningExplorer(prevalence=2)


def test_set_values_rejects_unknown_control_names():
    with pytest.raises(ValueError, match="control names must be among"):
        ScreeningExplorer().set_values(speed=1)


def test_number_slider_clips_and_rounds_and_validates():
    s = NumberSlider("Threshold", 0.5, 0, 1, 0.05)
    s.value = 0.30000000000000004
    assert s.value == 0.3
    s.value = 7
    assert s.value == 1.0
    with pytest.raises(ValueError, match="max must be greater than min"):
        NumberSlider("x", 0, 1, 0, 0.1)
    with pytest.raises(ValueError, match="label must be a non-empty text"):
        NumberSlider("", 0, 0, 1, 0.1)
    with pytest.raises(ValueError, match="Threshold must be a number in \\[0, 1\\]; got 3.0"):
        NumberSlider("Threshold", 3, 0, 1, 0.1)


def test_explorer_widget_holds_every_control_figure_and_twin():
    e = ScreeningExplorer()
    kids = e.widget.children
    flat = []
    for k in kids:
        flat.extend(getattr(k, "children", ()) or [k])
    for c in e.controls.values():
        assert c in flat
    assert e.figure in kids and e.text in kids


def test_simulated_explorer_counts_every_person_and_scales_marks():
    from lessons import Scenario, simulate

    e = ScreeningExplorer(population=100_000, simulate=True, seed=9)
    assert sum(marks(e).values()) == 1000  # 1,000 marks, each for 100 people
    direct = simulate(Scenario(0.1, 0.88, 0.85, 100_000, 9)).counts
    assert e.counts == direct
    assert legend_counts(e)["False alarm"] == direct.fp
    assert "each mark stands for 100" in e.figure.title and e.figure.per_mark == 100
    e.controls["specificity"].value = 0.99
    after = simulate(Scenario(0.1, 0.88, 0.99, 100_000, 9)).counts
    assert e.counts == after and legend_counts(e)["False alarm"] == after.fp
    assert abs(marks(e)["False alarm"] - after.fp / 100) <= 1


def test_counts_in_marks_add_up_and_keep_rare_outcomes_visible():
    from lessons import Counts
    from lessons.engine.population import counts_in_marks

    m = counts_in_marks(Counts(tp=600, fn=400, fp=99_000, tn=900_000), 1000)
    assert m.population == 1000
    assert m.tp == 1 and m.fn == 0  # 0.6 of a mark rounds up, 0.4 does not
    with pytest.raises(ValueError, match="marks must be a whole number from 1 to 100,000; got 0"):
        counts_in_marks(Counts(1, 0, 0, 0), 0)
