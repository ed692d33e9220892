"""Triage into several urgency levels (lessons.engine.multilevel)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.content.sources import cite
from lessons.engine.multilevel import (
    LEVEL_MIX_PER_10000,
    UK_MHTS_LEVELS,
    MisclassificationModel,
    OrdinalScoreModel,
    TriageConfusion,
    confusion_from_levels,
    describe_confusion,
    expected_response_hours,
)
from lessons.engine.scenario import ScoreModel, normal_cdf


def test_default_levels_follow_the_uk_mental_health_triage_scale():
    assert [lvl.key for lvl in UK_MHTS_LEVELS] == ["routine", "C", "B", "A"]
    assert [lvl.response_hours for lvl in UK_MHTS_LEVELS][1:] == [24.0, 4.0, 0.0]
    assert [lvl.status for lvl in UK_MHTS_LEVELS] == ["illustrative", "sourced", "sourced", "sourced"]
    assert "Mental Health Triage Scale" in cite("sands2015").citation
    assert sum(LEVEL_MIX_PER_10000) == 10_000


@settings(max_examples=60, deadline=None)
@given(st.floats(0.05, 8.0), st.floats(-4.0, 4.0),
       st.lists(st.floats(0.0, 1e5), min_size=4, max_size=4).filter(lambda s: sum(s) > 1))
def test_rows_sum_to_the_level_sizes(separation, shift, sizes):
    model = OrdinalScoreModel.evenly_spaced(separation, shift)
    probs = model.assignment_probabilities()
    assert np.all(probs >= -1e-12)
    assert probs.sum(axis=1) == pytest.approx(np.ones(4))
    confusion = model.expected_confusion(sizes)
    assert confusion.level_sizes == pytest.approx(np.array(sizes), abs=1e-6)
    assert confusion.assigned_sizes.sum() == pytest.approx(sum(sizes))


def test_huge_separation_gives_a_diagonal_matrix():
    confusion = OrdinalScoreModel.evenly_spaced(8.0).expected_confusion(LEVEL_MIX_PER_10000)
    shares = confusion.row_shares()
    # neighbouring levels 8 SDs apart: a person crosses a cut 4 SDs away with chance Phi(-4) ~ 3e-5
    assert shares - np.diag(np.diag(shares)) == pytest.approx(np.zeros((4, 4)), abs=2 * normal_cdf(-4.0))
    assert np.diag(shares) == pytest.approx(np.ones(4), abs=4 * normal_cdf(-4.0))
    assert confusion.total_undertriage.value < 1e-4


def test_closed_form_cell_values():
    d, s = 2.0, 0.3
    probs = OrdinalScoreModel.evenly_spaced(d, s).assignment_probabilities()
    # an emergency (centre 3d) reaches level A when its score is at or above 2.5d - s
    assert probs[3, 3] == pytest.approx(normal_cdf(d / 2 + s))
    # a routine message (centre 0) is sent up to C or higher when its score is above d/2 - s
    assert probs[0, 1:].sum() == pytest.approx(1 - normal_cdf(d / 2 - s))
    # a B message lands in C when its score falls between 1.5d - s and 2.5d - s... shifted by its centre 2d
    assert probs[2, 1] == pytest.approx(normal_cdf(-d / 2 - s) - normal_cdf(-1.5 * d - s))


def test_two_levels_reduce_to_the_binary_score_model():
    d, cut = 1.7, 1.1
    ordinal = OrdinalScoreModel((0.0, d), (cut,), ("no crisis", "crisis"))
    binary = ScoreModel(d)
    probs = ordinal.assignment_probabilities()
    assert probs[1, 1] == pytest.approx(binary.sensitivity_at(cut))
    assert probs[0, 0] == pytest.approx(binary.specificity_at(cut))
    c = ordinal.expected_confusion([900, 100])
    assert c.undertriage(1).value == pytest.approx(1 - binary.sensitivity_at(cut))


def test_simulation_converges_to_the_expected_matrix():
    model = OrdinalScoreModel.evenly_spaced(1.5, 0.2)
    sizes = [60_000, 20_000, 12_000, 8_000]
    simulated = model.simulate(sizes, seed=9)
    expected = model.expected_confusion(sizes)
    assert simulated.level_sizes.tolist() == sizes
    assert not simulated.expected and expected.expected
    assert simulated.row_shares() == pytest.approx(expected.row_shares(), abs=0.012)


def test_simulation_is_seeded():
    model = OrdinalScoreModel.evenly_spaced(2.0)
    a = model.simulate(LEVEL_MIX_PER_10000, seed=1)
    b = model.simulate(LEVEL_MIX_PER_10000, seed=1)
    c = model.simulate(LEVEL_MIX_PER_10000, seed=2)
    assert np.array_equal(a.matrix, b.matrix)
    assert not np.array_equal(a.matrix, c.matrix)


def test_misclassification_matrix_model_closed_form_and_simulation():
    probs = [[0.9, 0.1, 0.0], [0.2, 0.7, 0.1], [0.05, 0.25, 0.7]]
    model = MisclassificationModel(probs, ("low", "mid", "high"))
    c = model.expected_confusion([1000, 200, 100])
    assert c.matrix.tolist() == pytest.approx(np.array([[900, 100, 0], [40, 140, 20], [5, 25, 70]]))
    assert c.under_count(2) == pytest.approx(30) and c.over_count(2) == 0
    assert c.undertriage(1).value == pytest.approx(0.2)
    assert c.over_urgent(1).value == pytest.approx(0.1)
    assert c.over_urgent(0).value == pytest.approx(0.1)
    assert c.total_undertriage.value == pytest.approx(70 / 1300)
    assert c.total_over_urgent.value == pytest.approx(120 / 1300)
    sim = model.simulate([40_000, 20_000, 20_000], seed=4)
    assert sim.row_shares() == pytest.approx(np.array(probs), abs=0.012)


def test_a_cautious_shift_trades_undertriage_for_a_larger_over_urgent_share():
    lenient = OrdinalScoreModel.evenly_spaced(2.0, -0.5).expected_confusion(LEVEL_MIX_PER_10000)
    cautious = OrdinalScoreModel.evenly_spaced(2.0, 0.5).expected_confusion(LEVEL_MIX_PER_10000)
    assert cautious.undertriage(3).value < lenient.undertriage(3).value
    assert cautious.over_urgent(0).value > lenient.over_urgent(0).value
    assert cautious.assigned_sizes[1] > lenient.assigned_sizes[1]


def test_confusion_from_levels_counts_pairs():
    c = confusion_from_levels([0, 0, 1, 2, 2], [0, 1, 1, 0, 2], ("a", "b", "c"))
    assert c.matrix.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 1]]
    assert c.correct == 3 and c.under_count(2) == 1 and c.over_count(0) == 1


def test_an_empty_level_has_undefined_rates_in_words():
    c = OrdinalScoreModel.evenly_spaced(2.0).expected_confusion([100, 0, 10, 5])
    assert not c.undertriage(1).defined
    assert c.undertriage(1).percent() == "undefined: nobody's true level is C urgent (24 h)"
    assert c.row_shares()[1].tolist() == [0, 0, 0, 0]
    text = describe_confusion(c)
    assert "Nobody's true level is C urgent (24 h)" in text and "nan" not in text.lower()


def test_response_hours_follow_the_assigned_level():
    perfect = OrdinalScoreModel.evenly_spaced(8.0).expected_confusion(LEVEL_MIX_PER_10000)
    assert expected_response_hours(perfect) == pytest.approx([72, 24, 4, 0], abs=0.01)
    all_routine = TriageConfusion(np.array([[5, 0, 0, 0], [3, 0, 0, 0], [2, 0, 0, 0], [1, 0, 0, 0]]),
                                  tuple(lvl.label for lvl in UK_MHTS_LEVELS))
    assert expected_response_hours(all_routine).tolist() == [72, 72, 72, 72]
    default = OrdinalScoreModel.evenly_spaced(2.0).expected_confusion(LEVEL_MIX_PER_10000)
    a_row = default.row_shares()[3]
    assert expected_response_hours(default)[3] == pytest.approx(a_row @ np.array([72, 24, 4, 0]))


def test_text_twin_names_every_level_and_the_undertriage_and_over_urgent_share():
    c = OrdinalScoreModel.evenly_spaced(2.0).expected_confusion(LEVEL_MIX_PER_10000)
    text = describe_confusion(c)
    assert text.startswith("On average, of 10,000 conversations triaged into 4 urgency levels")
    assert f"True level A emergency (at once), 15 people: {100 * c.row_shares()[3, 3]:.0f}% to A emergency" in text
    assert f"Undertriage {c.undertriage(3)}" in text
    assert "Assigned C urgent (24 h): about 1,650" in text


def test_bad_inputs_name_the_parameter():
    with pytest.raises(ValueError, match=r"separation must be a number in \(0, 8\]; got 0.0"):
        OrdinalScoreModel.evenly_spaced(0.0)
    with pytest.raises(ValueError, match=r"shift must be a number in \[-4, 4\]; got 5.0"):
        OrdinalScoreModel.evenly_spaced(2.0, 5.0)
    with pytest.raises(ValueError, match="cuts must be strictly increasing"):
        OrdinalScoreModel((0, 1, 2), (1.5, 0.5), ("a", "b", "c"))
    with pytest.raises(ValueError, match="3 levels need 3 means and 2 cuts"):
        OrdinalScoreModel((0, 1, 2), (0.5,), ("a", "b", "c"))
    with pytest.raises(ValueError, match="each row of probabilities must sum to 1"):
        MisclassificationModel([[0.5, 0.4], [0.0, 1.0]], ("a", "b"))
    with pytest.raises(ValueError, match="level_sizes must have 4 values"):
        OrdinalScoreModel.evenly_spaced(2.0).expected_confusion([1, 2, 3])
    with pytest.raises(ValueError, match="level_sizes must be numbers of 0 or more, not all 0"):
        OrdinalScoreModel.evenly_spaced(2.0).expected_confusion([0, 0, 0, 0])
    with pytest.raises(ValueError, match="level_sizes must be whole numbers of people to simulate"):
        OrdinalScoreModel.evenly_spaced(2.0).simulate([1.5, 2, 3, 4])
    with pytest.raises(ValueError, match="level must be a whole number from 0 to 3; got 4"):
        OrdinalScoreModel.evenly_spaced(2.0).expected_confusion([1, 1, 1, 1]).undertriage(4)
    with pytest.raises(ValueError, match="assigned level values must be from 0 to 1"):
        confusion_from_levels([0, 1], [0, 2], ("a", "b"))


def test_over_urgent_share_is_one_minus_specificity_for_two_levels_not_overtriage():
    """Two meanings, two names: the within-level share (field triage) is 1 - specificity; the kit's overtriage
    (Rehn 2009) is 1 - PPV. With two levels both can be computed from the same people and they differ."""
    from lessons.engine.metrics import Counts

    tn, fp, fn, tp = 900.0, 100.0, 20.0, 80.0   # rows: not in need, in need; columns: routine, urgent
    c = TriageConfusion(np.array([[tn, fp], [fn, tp]]), ("routine", "urgent"))
    binary = Counts(tp=tp, fn=fn, fp=fp, tn=tn)
    assert c.over_urgent(0).value == pytest.approx(1 - binary.specificity.value) == pytest.approx(0.1)
    assert binary.overtriage.value == pytest.approx(1 - binary.ppv.value) == pytest.approx(100 / 180)
    assert c.undertriage(1).value == pytest.approx(binary.undertriage.value)   # undertriage agrees
    assert c.over_urgent(0).name == "over-urgent share" and binary.overtriage.name == "overtriage"
    text = describe_confusion(OrdinalScoreModel.evenly_spaced(2.0).expected_confusion(LEVEL_MIX_PER_10000))
    assert "over-urgent share" in text and "overtriage" not in text.lower()
    assert not hasattr(TriageConfusion, "overtriage")
