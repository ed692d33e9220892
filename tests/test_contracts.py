"""One contract for every lesson, checked by walking the catalog (lessons/catalog.py).

* Every lesson module exposes the same names: ``__all__``, ``QUESTIONS`` (a tuple), ``summary()`` (a str, the
  text the notebook's checked cell prints), ``SOURCE_KEYS``, ``ILLUSTRATIVE`` and ``sources()`` (Markdown).
* Every notebook imports only from its own lesson module (notebook 00's "under the hood" cell may also import
  from ``lessons``), only names in that module's ``__all__``, and ends with the one-line sources cell.
* Every explorer (found as an ``Explorer`` subclass in the lesson modules and in ``lessons.ui.explorers``):
  builds with its defaults; every control labelled, with help, its value in range; figures and text twins
  pair up and the twins are non-empty live regions; ``update()`` with nothing changed and re-setting a control
  to its own value redraw nothing; moving any control to another valid value redraws once and changes a text
  twin, and moving it back restores the twins word for word.
* The base class owns every explorer's set-up: no Explorer subclass draws, adds figures or marks values drawn
  in its constructor; after construction the base has drawn once, marked the values drawn and counted no redraw.
* Every preset picker a notebook shows (read from the notebook's code) loads each of its presets in at most one
  redraw, keeps every control in range and says the preset's status.
* Every question is answerable: its keyed answer is accepted with an explanation, every wrong option gets its own
  hint, a numeric answer outside the tolerance is told which way it is off.

A new lesson, explorer, picker or question is covered by adding it to the catalog or its module.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import re

import pytest
from IPython.display import Markdown
from nbfiles import code_cells, load_notebook
from plotly.utils import PlotlyJSONEncoder

from lessons.catalog import CHECK_TAG, LESSONS
from lessons.content.presets import STATUSES
from lessons.content.sources import cite
from lessons.ui import explorers as ui_explorers
from lessons.ui.controls import NumberSlider, Select
from lessons.ui.explorers import Explorer, PresetPicker
from lessons.ui.people_grid import PeopleGrid
from lessons.ui.quiz import Choice, Numeric, Prediction, Question

CONTRACT = ("QUESTIONS", "summary", "SOURCE_KEYS", "ILLUSTRATIVE", "sources")
LESSON_IDS = [entry.code for entry in LESSONS]


def lesson_module(entry):
    return entry.module()


# -- the names every lesson module exposes -----------------------------------------------------------

@pytest.mark.parametrize("entry", LESSONS, ids=LESSON_IDS)
def test_lesson_module_exposes_the_contract(entry):
    module = lesson_module(entry)
    exported = module.__all__
    assert isinstance(exported, (list, tuple)) and all(isinstance(n, str) for n in exported)
    assert len(set(exported)) == len(exported), "a name is listed twice in __all__"
    assert not [n for n in exported if not hasattr(module, n)], "__all__ names something the module lacks"
    assert set(CONTRACT) <= set(exported)

    assert isinstance(module.QUESTIONS, tuple) and module.QUESTIONS
    assert all(isinstance(q, Question) for q in module.QUESTIONS)

    text = module.summary()
    assert isinstance(text, str) and text.strip()
    assert module.summary() == text, "summary() must be deterministic"

    keys = module.SOURCE_KEYS
    assert isinstance(keys, tuple) and keys[0] == "article" and len(set(keys)) == len(keys)
    assert isinstance(module.ILLUSTRATIVE, tuple)
    assert all(isinstance(item, str) and item.strip() for item in module.ILLUSTRATIVE)

    cell = module.sources()
    assert isinstance(cell, Markdown)
    positions = [cell.data.index(cite(key).citation) for key in keys]  # every source, each cited once
    assert positions == sorted(positions), "sources listed in SOURCE_KEYS order"
    for item in module.ILLUSTRATIVE:
        assert f"* {item}" in cell.data


@pytest.mark.parametrize("entry", LESSONS, ids=LESSON_IDS)
def test_questions_tuple_holds_every_self_check_of_the_lesson(entry):
    module = lesson_module(entry)
    public = {name: obj for name, obj in vars(module).items()
              if isinstance(obj, Question) and not name.startswith("_")}
    self_checks = {name for name, obj in public.items() if not name.startswith("predict")}
    listed = {name for name, obj in public.items() if any(obj is q for q in module.QUESTIONS)}
    assert listed == self_checks, "QUESTIONS must list every self-check (predict-first items aside)"
    assert len(module.QUESTIONS) == len(set(map(id, module.QUESTIONS)))


@pytest.mark.parametrize("entry", LESSONS, ids=LESSON_IDS)
def test_summary_is_what_the_notebook_prints_in_a_checked_cell(entry):
    nb = load_notebook(entry.path.stem)
    printed = ["".join(out.get("text", "")) for c in nb["cells"]
               if CHECK_TAG in c.get("metadata", {}).get("tags", []) for out in c.get("outputs", [])]
    assert any(lesson_module(entry).summary().strip() == text.strip() for text in printed)


# -- notebooks import only their own lesson ----------------------------------------------------------

def notebook_imports(stem: str):
    """(cell index, module, names) for every import statement in the notebook's code cells."""
    found = []
    for i, source in enumerate(code_cells(load_notebook(stem))):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom):
                found.append((i, "." * node.level + (node.module or ""), [a.name for a in node.names]))
            elif isinstance(node, ast.Import):
                found.extend((i, a.name, []) for a in node.names)
    return found


@pytest.mark.parametrize("entry", LESSONS, ids=LESSON_IDS)
def test_notebook_imports_only_names_its_own_lesson_exports(entry):
    module = lesson_module(entry)
    imports = notebook_imports(entry.path.stem)
    assert imports, "the notebook imports nothing"
    wrong, unexported = [], []
    for cell, source, names in imports:
        if source == entry.module_name:
            unexported += [n for n in names if n not in module.__all__]
        elif entry.number == 0 and source == "lessons":  # the "look under the hood" cell
            lessons = importlib.import_module("lessons")
            unexported += [n for n in names if n not in lessons.__all__]
        else:
            wrong.append((cell, source))
    assert not wrong, f"imports from outside {entry.module_name}: {wrong}"
    assert not unexported, f"names not in __all__: {unexported}"


@pytest.mark.parametrize("entry", LESSONS, ids=LESSON_IDS)
def test_notebook_ends_with_the_one_line_sources_cell(entry):
    assert code_cells(load_notebook(entry.path.stem))[-1] == f"from {entry.module_name} import sources\nsources()"


@pytest.mark.parametrize("entry", LESSONS, ids=LESSON_IDS)
def test_every_explorer_of_a_lesson_is_shown_in_its_notebook(entry):
    code = "\n".join(code_cells(load_notebook(entry.path.stem)))
    for name, _ in explorer_factories_of(lesson_module(entry)):
        assert f"{name}(" in code, f"{name} is never shown in {entry.notebook}"


# -- explorers -------------------------------------------------------------------------------------

def _is_explorer_class(obj) -> bool:
    return (inspect.isclass(obj) and issubclass(obj, Explorer) and not inspect.isabstract(obj)
            and obj is not Explorer)


def explorer_factories_of(module) -> list[tuple[str, object]]:
    """The explorers a module offers: for a lesson, the explorer classes and the functions named
    ``...Explorer`` that build one (configured reuses of a shared explorer) in its ``__all__``; for
    :mod:`lessons.ui.explorers`, the explorer classes it defines."""
    if hasattr(module, "__all__"):
        names = module.__all__
        return [(n, getattr(module, n)) for n in names
                if _is_explorer_class(getattr(module, n))
                or (inspect.isfunction(getattr(module, n)) and n.endswith("Explorer"))]
    return [(n, obj) for n, obj in vars(module).items()
            if _is_explorer_class(obj) and obj.__module__ == module.__name__]


def all_explorer_classes() -> list[tuple[str, object]]:
    found: dict[str, tuple[str, object]] = {}
    for module in [entry.module() for entry in LESSONS] + [ui_explorers]:
        for name, factory in explorer_factories_of(module):
            found.setdefault(f"{factory.__module__}.{factory.__qualname__}", (name, factory))
    return [found[k] for k in sorted(found)]


EXPLORERS = all_explorer_classes()


@pytest.fixture(scope="module", params=EXPLORERS, ids=[name for name, _ in EXPLORERS])
def explorer(request):
    built = request.param[1]()
    assert isinstance(built, Explorer), f"{request.param[0]}() must build an Explorer"
    built.kit_name = request.param[0]
    return built


def label_of(control) -> str:
    return control.label if isinstance(control, (NumberSlider, Select)) else getattr(control, "description", "")


def option_values(select: Select) -> list:
    return [value for _, value in select.options]


def in_range(control) -> bool:
    if isinstance(control, NumberSlider):
        return control.min <= control.value <= control.max
    if isinstance(control, Select):
        return control.value in option_values(control)
    return True


def twin_texts(explorer) -> list[str]:
    return [t.value for t in explorer.twins]


def figure_data(explorer) -> list[str]:
    out = []
    for fig in explorer.figures:
        if isinstance(fig, PeopleGrid):  # the kit's own grid: its marks and legend counts
            out.append(json.dumps({"runs": fig.runs, "counts": fig.counts}))
        else:
            out.append(json.dumps([t.to_plotly_json() for t in fig.data], cls=PlotlyJSONEncoder, sort_keys=True))
    return out


def other_values(control) -> list:
    """Other valid values for a control, nearest first (a learner's next key presses, then the far ends)."""
    if isinstance(control, Select):
        return [v for v in option_values(control) if v != control.value]
    lo, hi, step, v = control.min, control.max, control.step, control.value
    candidates = [v + step, v - step, v + 10 * step, v - 10 * step, (lo + hi) / 2, hi, lo]
    out = []
    for c in candidates:
        c = round(min(max(c, lo), hi), 10)
        if abs(c - v) > 1e-12 and c not in out:
            out.append(c)
    return out


def test_controls_are_labelled_with_help_and_in_range(explorer):
    assert explorer.controls, "an explorer needs at least one control"
    for name, control in explorer.controls.items():
        assert label_of(control).strip(), f"{name}: no label"
        assert getattr(control, "help", "").strip(), f"{name}: no help text"
        assert in_range(control), f"{name}: {control.value!r} outside its range"


def test_figures_and_text_twins_pair_up_and_the_twins_speak(explorer):
    assert explorer.figures and len(explorer.figures) == len(explorer.twins)
    assert explorer.status.value == "", f"error at the defaults: {explorer.status.value}"
    for twin in explorer.twins:
        assert 'aria-live="polite"' in twin.value and "<p>" in twin.value, "a twin is not a live region"
    box = explorer.widget
    shown = set(map(id, box.children))
    for part in [*explorer.figures, *explorer.twins, explorer.status]:
        assert id(part) in shown, "every figure, twin and the status line are in the explorer's widget"


def test_update_with_nothing_changed_and_same_values_redraw_nothing(explorer):
    before, texts = explorer.redraws, twin_texts(explorer)
    assert explorer.update() is False
    for control in explorer.controls.values():
        control.value = control.value
        if isinstance(control, NumberSlider):  # what a browser slider may send back for the same value
            start = control.value
            control.value = start + 1e-12
            assert control.value == start
    assert explorer.set_values(**explorer.values()) is False
    assert explorer.redraws == before and twin_texts(explorer) == texts


def test_every_control_changes_a_text_twin_and_moving_back_restores_it(explorer):
    kind = getattr(explorer, "kit_name", type(explorer).__name__)
    defaults = explorer.values()
    for name, control in explorer.controls.items():
        needs = NEEDS.get((kind, name), {})
        explorer.set_values(**needs)
        start, texts, data = control.value, twin_texts(explorer), figure_data(explorer)
        moved = None
        for value in other_values(control):
            before = explorer.redraws
            control.value = value
            assert explorer.redraws <= before + 1, f"{name}={value!r}: more than one redraw"
            if twin_texts(explorer) != texts:
                moved = value
                break
        assert moved is not None, f"{name}: no other value changed a text twin"
        assert explorer.status.value == "", f"{name}={moved!r}: {explorer.status.value}"
        assert all(t.strip() for t in twin_texts(explorer))
        changed_figure = figure_data(explorer) != data
        control.value = start
        assert explorer.status.value == ""
        assert twin_texts(explorer) == texts, f"{name}: moving back to {start!r} did not restore the twins"
        assert figure_data(explorer) == data, f"{name}: moving back to {start!r} did not restore the figures"
        assert changed_figure or (kind, name) in TWIN_ONLY, f"{name}={moved!r} changed the words but no figure"
        explorer.set_values(**{k: defaults[k] for k in needs})
    assert explorer.values() == defaults


# -- the base class owns the set-up ---------------------------------------------------------------------

def meet_factories() -> list[tuple[str, object]]:
    """Every lesson's "Meet ..." explorer (a person of the cast; built on an inner Explorer subclass)."""
    return [(f"{entry.code}.{n}", getattr(entry.module(), n)) for entry in LESSONS
            for n in entry.module().__all__ if n.startswith("meet_")]


BUILT = [(name, factory) for name, factory in EXPLORERS] + meet_factories()


def explorer_subclasses() -> list[type]:
    """Every Explorer subclass defined so far (the lessons are imported above; one meet explorer is built so
    the inner class of :class:`lessons.ui.people_grid.MeetExplorer` is among them)."""
    meet_factories()[0][1]()
    found, todo = [], list(Explorer.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls not in found:
            found.append(cls)
            todo.extend(cls.__subclasses__())
    return found


FINISHING = (r"\b_drawn\b", r"\.draw\(", r"\badd_figure\(", r"\.update\(", r"\bredraws\b")
"""What only the base class's set-up (Explorer._finish) or update() may do (``_drawn_keys``, a figure cache of
one explorer, is another name)."""


def test_no_explorer_subclass_runs_the_set_up_itself():
    classes = explorer_subclasses()
    assert {f for _, f in EXPLORERS if inspect.isclass(f)} <= set(classes)
    assert any(cls.__qualname__.startswith("MeetExplorer.") for cls in classes)
    for cls in classes:
        own_init = cls.__dict__.get("__init__")
        if own_init is not None:
            source = inspect.getsource(own_init)
            found = [word for word in FINISHING if re.search(word, source)]
            assert not found, f"{cls.__qualname__}.__init__ uses {found}: the base class draws and marks it"
        for name, member in vars(cls).items():
            if inspect.isfunction(member):
                source = inspect.getsource(member)
                assert not re.search(r"\bself\._drawn\b", source), f"{cls.__qualname__}.{name} writes _drawn"
                assert not re.search(r"\bself\.redraws\b", source), f"{cls.__qualname__}.{name} changes redraws"


@pytest.mark.parametrize("name,factory", BUILT, ids=[name for name, _ in BUILT])
def test_every_explorer_is_drawn_once_and_marked_by_the_base_after_its_constructor(monkeypatch, name, factory):
    finish, seen = Explorer._finish, []

    def spy(self):
        seen.append(dict(figures=len(self.figures), drawn=self._drawn, redraws=self.redraws,
                         controls=dict(self.controls)))
        draws = []
        draw = self.draw
        self.draw = lambda result: (draws.append(result), draw(result))[1]
        try:
            finish(self)
        finally:
            del self.draw
        seen[-1]["draws"] = len(draws)
        seen[-1]["explorer"] = self

    monkeypatch.setattr(Explorer, "_finish", spy)
    built = factory()
    assert len(seen) == 1, f"{name}: the set-up ran {len(seen)} times"
    before = seen[0]
    explorer = before["explorer"]
    assert built is explorer or getattr(built, "_explorer", None) is explorer
    assert before["figures"] == 0 and before["drawn"] is None and before["redraws"] == 0, \
        f"{name}: its constructor added figures or drew before the base's set-up"
    assert before["controls"] and before["controls"] == explorer.controls, "controls come from the constructor"
    assert before["draws"] == 1, f"{name}: the set-up drew {before['draws']} times"
    assert explorer._drawn == tuple(sorted(explorer.values().items())), f"{name}: values not marked drawn"
    assert explorer.redraws == 0, f"{name}: the first drawing counted as a redraw"
    assert explorer.twins and all(t.value for t in explorer.twins), f"{name}: a text twin is empty after set-up"
    assert explorer.update() is False, f"{name}: the values drawn at set-up are not the ones marked"


NEEDS: dict[tuple[str, str], dict] = {
    ("FaultExplorer", "outage_mode"): {"outage_rate": 0.1},  # failing open or closed matters only during outages
    ("FaultExplorer", "manipulation_shift"): {"manipulated_share": 0.2},  # how far altered inputs move scores
    ("FaultExplorer", "manipulation_target"): {"manipulated_share": 0.2},  # ... and whose: only if some are
}
"""Controls whose effect shows only once another control is set: the settings the test makes first."""

TWIN_ONLY: dict[tuple[str, str], str] = {
    ("GroupGapExplorer", "share_b"): "the figures show per-group rates, which do not depend on the groups' sizes; "
                                     "the twin also states the totals, which do",
    ("RouteExplorer", "specificity"): "its figures follow the people who need a clinician; while the AI-first "
                                      "queue settles, a few more false alarms change the arrivals and the "
                                      "utilisation the twin states, not when the people in need are seen",
}
"""Controls whose effect is only in words, with the reason: a figure should show what every other control does."""


# -- preset pickers, as the notebooks show them ---------------------------------------------------

def picker_uses():
    """(lesson, picker class name, explorer class name, keyword arguments) for every picker a notebook shows."""
    uses = []
    for entry in LESSONS:
        bound: dict[str, str] = {}
        for source in code_cells(load_notebook(entry.path.stem)):
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and isinstance(
                        node.value.func, ast.Name):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            bound[target.id] = node.value.func.id
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.endswith(
                        "Picker"):
                    first = node.args[0]
                    target = bound[first.id] if isinstance(first, ast.Name) else first.func.id
                    kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
                    uses.append((entry, node.func.id, target, kwargs))
    return uses


PICKERS = picker_uses()


@pytest.mark.parametrize("entry,picker_name,explorer_name,kwargs", PICKERS,
                         ids=[f"{e.code}-{p}-{x}" for e, p, x, _ in PICKERS])
def test_every_preset_a_notebook_offers_loads_in_one_redraw_and_says_its_status(entry, picker_name,
                                                                                explorer_name, kwargs):
    module = lesson_module(entry)
    explorer = getattr(module, explorer_name)()
    picker = getattr(module, picker_name)(explorer, **kwargs)
    parts = [picker] if isinstance(picker, PresetPicker) else [
        v for v in vars(picker).values() if isinstance(v, PresetPicker)]
    assert parts, f"{picker_name} holds no preset picker"
    for part in parts:
        assert part.dropdown.label.strip() and part.keys
        assert part.apply("") is False and part.note.value == ""
        for key in part.keys:
            before = explorer.redraws
            part.apply(key)
            assert explorer.redraws - before <= 1, f"{key}: more than one redraw"
            assert explorer.status.value == "", f"{key}: {explorer.status.value}"
            assert all(in_range(c) for c in explorer.controls.values()), f"{key}: a control out of range"
            note = part.note.value.lower()
            assert any(status in note for status in STATUSES), f"{key}: the note does not say its status"
            again = explorer.redraws
            assert part.apply(key) is False and explorer.redraws == again, f"{key}: reloading redrew"


# -- questions ---------------------------------------------------------------------------------------

def all_questions():
    found = []
    for entry in LESSONS:
        for name, obj in vars(entry.module()).items():
            if isinstance(obj, (Question, Prediction)) and not name.startswith("_"):
                found.append((f"{entry.code}.{name}", obj))
    return found


QUESTIONS = all_questions()


@pytest.mark.parametrize("question", [q for _, q in QUESTIONS], ids=[n for n, _ in QUESTIONS])
def test_every_question_is_answerable(question):
    assert question.prompt.strip()
    if isinstance(question, Prediction):
        assert question.low <= question.truth <= question.high, "the truth must be reachable on the slider"
        assert "Very close." in question.reveal(question.truth)
        assert question.explain.strip()
        return
    right = question.check(question.answer)
    assert right.correct and question.explanation.strip() and right.message == question.explanation
    assert not question.check(None).correct and not question.check("").correct
    box = question.widget()  # as a learner answers it: the field, then the button
    box.field.value = question.answer
    box.check_button.click()
    assert "Correct." in box.feedback.value
    if isinstance(question, Choice):
        for option in question.options:
            if option == question.answer:
                continue
            feedback = question.check(option)
            assert not feedback.correct
            assert question.hints.get(option, "").strip(), f"no hint for the wrong option {option!r}"
            assert feedback.message == question.hints[option]
    elif isinstance(question, Numeric):
        off = question.tolerance + max(1.0, abs(question.answer))
        assert "too high" in question.check(question.answer + off).message
        assert "too low" in question.check(question.answer - off).message
        assert question.hint.strip(), "a numeric question needs a hint"
    else:
        pytest.fail(f"unknown question type {type(question).__name__}")
