"""The explorer framework: the base class owns the set-up, shared slider specs, and live figures that refuse a
builder returning the wrong number of traces.

Every lesson's explorers are walked through the same checks in tests/test_contracts.py; here the framework is
driven with small explorers of its own, so each rule is seen failing where it should.
"""

import inspect
import math

import plotly.graph_objects as go
import pytest

from lessons import lesson_03
from lessons.lesson_03 import AccuracyParadoxExplorer, WhatAccuracyHidesExplorer
from lessons.lesson_04 import TeamExplorer
from lessons.lesson_05 import BacklogExplorer, RouteExplorer
from lessons.ui.controls import (
    AI_SENSITIVITY,
    AI_SPECIFICITY,
    PREVALENCE,
    SENSITIVITY,
    SPECIFICITY,
    NumberSlider,
    SliderSpec,
)
from lessons.ui.explorers import Explorer, ScreeningExplorer
from lessons.ui.figures import make_figure, update_traces
from lessons.ui.plotly_widget import KitFigureWidget


class Doubler(Explorer):
    """x -> two figures (x and 2x as one-point bars); logs every hook call in order."""

    def __init__(self, x: float = 0.5, extra: bool = False):
        super().__init__()
        self.log = []
        self.add_slider(SliderSpec("x", "A number", 0.0, 1.0, 0.1, help="Any number from 0 to 1."), x)

    def build_figures(self, first):
        self.log.append(("build_figures", first))
        return [make_figure([dict(x=["x"], y=[first])], {}, widget=True),
                make_figure([dict(x=["2x"], y=[2 * first])], {}, widget=True)]

    def compute(self, x):
        self.log.append(("compute", x))
        if x > 0.85:
            raise ValueError(f"x must be at most 0.85; got {x}")
        return x

    def draw(self, x):
        self.log.append(("draw", x))
        update_traces(self.figures[0], [dict(y=[x])], fields=("y",))
        update_traces(self.figures[1], [dict(y=[2 * x])], fields=("y",))
        self.twins[0].value = f"<p>x is {x:g}</p>"
        self.twins[1].value = f"<p>twice x is {2 * x:g}</p>"


class WithMore(Doubler):
    """A subclass that adds a control after its base's constructor: the set-up still sees it."""

    def __init__(self):
        super().__init__(0.2)
        self.add_slider(SliderSpec("y", "Another number", 0.0, 1.0, 0.1, help="Unused by the figures."), 0.3)

    def compute(self, x, y):
        return super().compute(x)


# -- the base class owns the set-up -----------------------------------------------------------------------

def test_the_base_computes_builds_draws_once_and_marks_the_values_after_the_constructor():
    e = Doubler(0.3)
    assert e.log == [("compute", 0.3), ("build_figures", 0.3), ("draw", 0.3)]
    assert len(e.figures) == len(e.twins) == 2
    assert [f.data[0].y for f in e.figures] == [(0.3,), (0.6,)]
    assert e.twins[1].value == "<p>twice x is 0.6</p>"
    assert e._drawn == (("x", 0.3),) and e.redraws == 0
    assert e.update() is False and e.log[-1] == ("draw", 0.3)

    e.controls["x"].value = 0.7
    assert e.redraws == 1 and e.log[-2:] == [("compute", 0.7), ("draw", 0.7)]
    assert e.figures[1].data[0].y == (1.4,) and e._drawn == (("x", 0.7),)


def test_the_set_up_runs_once_after_the_outermost_constructor():
    e = WithMore()
    assert [step for step, _ in e.log] == ["compute", "build_figures", "draw"]
    assert e._drawn == (("x", 0.2), ("y", 0.3)) and e.redraws == 0


def test_an_explorer_class_still_shows_its_constructors_parameters():
    assert list(inspect.signature(Doubler).parameters) == ["x", "extra"]
    assert list(inspect.signature(WithMore).parameters) == []
    assert str(inspect.signature(TeamExplorer)).startswith("(prevalence: 'float' = 0.1, clinician: 'str' = ")


def test_a_start_value_the_engine_rejects_fails_the_constructor_with_the_engines_message():
    with pytest.raises(ValueError, match="x must be at most 0.85; got 0.9"):
        Doubler(0.9)


def test_an_explorer_without_build_figures_cannot_be_made():
    class NoFigures(Explorer):
        def compute(self, **values):
            return values

        def draw(self, result):
            pass

    with pytest.raises(TypeError, match="build_figures"):
        NoFigures()


def test_build_figures_must_return_a_list_and_the_set_up_runs_only_once():
    class OneFigure(Doubler):
        def build_figures(self, first):
            return make_figure([dict(x=["x"], y=[first])], {}, widget=True)

    with pytest.raises(ValueError, match="build_figures must return a list of figures; got KitFigureWidget"):
        OneFigure()
    e = Doubler()
    with pytest.raises(RuntimeError, match="Doubler is already set up"):
        e._finish()


# -- shared slider specs --------------------------------------------------------------------------------

def test_a_spec_makes_its_slider_and_a_call_overrides_only_the_fields_named():
    slider = PREVALENCE.make(0.1)
    assert isinstance(slider, NumberSlider)
    assert (slider.label, slider.help, slider.min, slider.max, slider.step, slider.value) == (
        PREVALENCE.label, PREVALENCE.help, 0.0, 1.0, 0.001, 0.1)
    mine = SENSITIVITY(label="Sensitivity of your tool")
    assert mine.label == "Sensitivity of your tool"
    assert (mine.name, mine.help, mine.min, mine.max, mine.step) == (
        SENSITIVITY.name, SENSITIVITY.help, SENSITIVITY.min, SENSITIVITY.max, SENSITIVITY.step)
    assert SENSITIVITY.label == "Sensitivity (share of those in need flagged)", "a call must not change the spec"


@pytest.mark.parametrize("changes,message", [
    (dict(label=""), "label must be a non-empty text; got ''"),
    (dict(name=3), "name must be a non-empty text; got 3"),
    (dict(help=None), "help must be a text; got None"),
    (dict(min=math.nan), "min must be a number in \\[-inf, inf\\]; got nan"),
    (dict(max=math.inf), "max must be a number in \\[-inf, inf\\]; got inf"),
    (dict(max=0.0), "max must be greater than min \\(0.0\\); got 0.0"),
    (dict(step=0.0), "step must be a number in \\(0, 1\\]; got 0.0"),
    (dict(step="0.1"), "step must be a number in \\(0, 1\\]; got '0.1'"),
    (dict(colour="red"), "changes must name fields among name, label, min, max, step, help, unit; got colour"),
])
def test_a_wrong_spec_fails_where_it_is_written(changes, message):
    with pytest.raises(ValueError, match=message):
        SPECIFICITY(**changes)


def test_a_start_value_outside_the_spec_is_refused_by_name_and_range():
    with pytest.raises(ValueError, match=r"Specificity \(share of the others not flagged\) must be a number in "
                                         r"\[0, 1\]; got 1.5"):
        SPECIFICITY.make(1.5)
    with pytest.raises(ValueError, match="spec must be a SliderSpec; got NumberSlider"):
        Doubler().add_slider(PREVALENCE.make(0.1), 0.1)


def shown(explorer, name):
    c = explorer.controls[name]
    return c.label, c.help, c.min, c.max, c.step


def test_the_screening_trio_shows_the_shared_words_wherever_an_explorer_keeps_them():
    screening = ScreeningExplorer()
    for spec in (PREVALENCE, SENSITIVITY, SPECIFICITY):
        assert shown(screening, spec.name) == (spec.label, spec.help, spec.min, spec.max, spec.step)
    hides, paradox = WhatAccuracyHidesExplorer(), AccuracyParadoxExplorer()
    assert shown(hides, "prevalence")[0] == shown(paradox, "prevalence")[0] == PREVALENCE.label
    assert shown(hides, "sensitivity")[0] == SENSITIVITY.label
    assert shown(hides, "specificity")[0] == SPECIFICITY.label
    assert shown(paradox, "sensitivity")[0] == "Sensitivity of your tool"
    route, backlog, team = RouteExplorer(), BacklogExplorer(), TeamExplorer()
    assert shown(route, "sensitivity")[0] == AI_SENSITIVITY.label
    assert shown(route, "specificity")[0] == shown(backlog, "specificity")[0] == AI_SPECIFICITY.label
    assert shown(team, "ai_sensitivity")[1] == SENSITIVITY.help
    assert shown(team, "ai_specificity")[1] == SPECIFICITY.help


# -- live figures refuse a wrong number of traces ---------------------------------------------------------

def two_lines():
    return make_figure([dict(x=[0, 1], y=[0, 1], name="a"), dict(x=[0, 1], y=[1, 0], name="b")], {}, widget=True)


@pytest.mark.parametrize("count", [1, 3])
def test_update_traces_refuses_more_or_fewer_traces_and_changes_nothing(count):
    fig = two_lines()
    assert isinstance(fig, KitFigureWidget)
    new = [dict(y=[5, 5], name=f"new {i}") for i in range(count)]
    with pytest.raises(ValueError, match=f"traces must hold one entry per trace of the figure \\(2\\); got {count}"):
        update_traces(fig, new)
    assert [t.name for t in fig.data] == ["a", "b"] and fig.data[0].y == (0, 1)


def test_update_traces_sets_only_the_fields_named():
    fig = two_lines()
    update_traces(fig, [dict(y=[2, 3], name="c"), dict(y=[4, 5], name="d")], fields=("y",))
    assert [t.y for t in fig.data] == [(2, 3), (4, 5)] and [t.name for t in fig.data] == ["a", "b"]


def test_an_explorer_whose_builder_loses_a_trace_fails_loudly(monkeypatch):
    e = AccuracyParadoxExplorer()
    build = lesson_03.paradox_traces
    monkeypatch.setattr(lesson_03, "paradox_traces", lambda *point: build(*point)[:1])
    with pytest.raises(ValueError, match=r"traces must hold one entry per trace of the figure \(2\); got 1"):
        e.controls["prevalence"].value = 0.05
    assert isinstance(e.figure.data[1], go.Bar)
