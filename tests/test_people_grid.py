"""The people grid driven from Python: marks, legend, runs sent, the path a click opens."""

import numpy as np
import pytest

from lessons.engine.paths import describe_mark
from lessons.engine.population import natural_frequency_counts
from lessons.engine.scenario import Scenario
from lessons.ui.explorers import ScreeningExplorer
from lessons.ui.palette import OUTCOME_STYLE
from lessons.ui.people_grid import SHAPES, PeopleGrid, codes_of, runs_of


def test_runs_round_trip_and_are_four_pairs_for_a_grouped_grid():
    rng = np.random.default_rng(3)
    codes = rng.integers(0, 4, 500).astype(np.int8)
    assert np.array_equal(codes_of(runs_of(codes)), codes)
    e = ScreeningExplorer(population=10_000, simulate=True, marks=10_000)
    assert len(e.figure.runs) == 4 and sum(n for _, n in e.figure.runs) == 10_000


def test_every_outcome_has_its_own_colour_and_shape():
    g = ScreeningExplorer().figure
    assert g.colours == [s[0] for s in OUTCOME_STYLE.values()]
    assert g.shapes == [SHAPES[s[1]] for s in OUTCOME_STYLE.values()]
    assert len(set(g.shapes)) == 4  # shape alone tells the outcomes apart


def test_moving_a_slider_sends_new_runs_and_the_engine_counts():
    e = ScreeningExplorer()
    e.controls["specificity"].value = 0.95
    expected = natural_frequency_counts(Scenario(0.1, 0.88, 0.95, 1000))
    assert e.figure.runs == [[0, expected.tp], [1, expected.fn], [2, expected.fp], [3, expected.tn]]
    assert e.figure.legend()["False alarm"] == expected.fp
    assert e.figure.draws == 2
    e.controls["specificity"].value = 0.95  # no change: nothing sent
    assert e.figure.draws == 2


def test_opening_a_mark_writes_that_persons_path_and_it_follows_the_slider():
    e = ScreeningExplorer()
    g = e.figure
    last = g.size - 1
    assert g.open_person(last) == describe_mark(3, last)
    assert "not flagged: correctly cleared" in g.detail
    e.set_values(specificity=0.0)  # everyone not in need is now flagged
    assert g.detail == describe_mark(2, last) and "welfare check" in g.detail
    assert "missed" in g.open_person(int(np.flatnonzero(g.codes == 1)[0]))


def test_marks_standing_for_several_people_say_so():
    e = ScreeningExplorer(population=100_000, simulate=True, seed=9)
    assert "about 100 people" in e.figure.open_person(0)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="codes must be outcome codes 0 to 3; got \\[7\\]"):
        PeopleGrid([0, 7], title="t")
    with pytest.raises(ValueError, match="codes must hold 1 to 10,000 marks"):
        PeopleGrid(np.zeros(10_001, dtype=int), title="t")
    with pytest.raises(ValueError, match="title must be a non-empty text"):
        PeopleGrid([0], title="")
    with pytest.raises(ValueError, match="index must be a whole number from 0 to 1; got 2"):
        PeopleGrid([0, 1], title="t").open_person(2)
    with pytest.raises(ValueError, match="counts must be four numbers"):
        PeopleGrid([0, 1], title="t", counts=[1, 2, float("nan"), 0])
