"""Every lesson in JupyterLab: restart and run all, everything renders, controls respond to the keyboard,
axe-core finds no serious or critical problem in the output areas, and nothing is fetched from the internet."""

from __future__ import annotations

import time

import kitbrowser as kit
import pytest
import walks
from a11y import EXCLUDED_LAB, axe_problems

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]


class Opened:
    def __init__(self, name, page, recorder, cells, seconds, render_error):
        self.name, self.page, self.recorder, self.cells, self.seconds = name, page, recorder, cells, seconds
        self.render_error = render_error


OPENED: set[str] = set()


class LabApp:
    """One JupyterLab page per test worker: each lesson is opened in it as a learner opens the next one, so
    JupyterLab itself loads once (about 5 core-seconds fewer per lesson). A page that broke is replaced."""

    def __init__(self, browser, server):
        self.browser, self.server = browser, server
        self.context = self.page = self.recorder = None

    def open(self, name: str):
        if self.page is not None:
            try:
                kit.lab_close_current(self.page)
            except Exception:
                self.close()
        if self.page is None:
            self.context = self.browser.new_context(viewport={"width": 1400, "height": 1000})
            self.page = self.context.new_page()
            self.page.set_default_timeout(kit.RENDER_TIMEOUT_MS)
            self.recorder = kit.Recorder(self.page)
            kit.lab_open(self.page, self.server, name)
        else:
            self.recorder.clear()
            kit.lab_open_in_app(self.page, name)

    def close(self):
        if self.context is not None:
            try:  # free the last lesson's kernel
                kit.lab_close_current(self.page)
            except Exception:
                pass
            self.context.close()
        self.context = self.page = self.recorder = None


@pytest.fixture(scope="session")
def lab_app(browser, lab_server):
    app = LabApp(browser, lab_server)
    yield app
    app.close()


@pytest.fixture(scope="module", params=kit.notebooks())
def lab(request, lab_app, report):
    name = request.param
    # each lesson runs once per front end: a test order that split a lesson's tests would open it again
    assert name not in OPENED, f"{name} opened a second time in this module: its tests were not kept together"
    OPENED.add(name)
    start = time.monotonic()
    render_error = None
    lab_app.open(name)
    page = lab_app.page
    # The notebook just opened has a kernel that has run nothing, as after "restart and run all"; the first lesson
    # takes that command itself, as learners are told to (the others skip the needless restart).
    cells = kit.lab_run_all(page, restart=name == kit.notebooks()[0])
    if not cells["errors"]:
        try:
            kit.wait_rendered(page)
        except Exception as err:  # the render test reports what is missing
            render_error = f"{type(err).__name__}: {err}"[:300]
    seconds = round(time.monotonic() - start, 1)
    report["lab_seconds"][name] = seconds
    report["plots"].setdefault(name, {})["lab"] = len(kit.state(page)["plots"])
    yield Opened(name, page, lab_app.recorder, cells, seconds, render_error)


def test_lab_cells_run_without_errors(lab):
    cells = lab.cells
    assert not cells["errors"], f"{lab.name}: error outputs in code cells {cells['errors']}"
    assert all(c is not None for c in cells["counts"]), f"{lab.name}: cells not run: {cells['counts']}"


def test_lab_widgets_and_figures_render(lab):
    problems = kit.render_problems(lab.page)
    if lab.render_error:
        problems.insert(0, f"not rendered in time: {lab.render_error}")
    assert not problems, f"{lab.name}:\n" + "\n".join(problems)


# The detailed walks of single explorers (walks.py) run on the page this module already opened for their lesson
# (an indirect parameter reuses the module-scoped fixture), before the generic keyboard checks move its controls.
@pytest.mark.parametrize("lab,walk", walks.cases(kit.notebooks()), indirect=True)
def test_lab_explorer_walk(walk, lab, axe_source):
    walk(lab.page, "lab", axe_source)


def test_lab_controls_respond_to_the_keyboard(lab):
    done, problems = kit.exercise_controls(lab.page, notebook=lab.name)
    assert not problems, f"{lab.name}:\n" + "\n".join(problems) + "\n(done: " + "; ".join(done) + ")"


def test_lab_output_areas_accessible(lab, axe_source):
    violations = kit.run_axe(lab.page, axe_source, include=[".jp-OutputArea-output"])
    problems = axe_problems(violations, EXCLUDED_LAB)
    assert not problems, f"{lab.name}: axe-core (serious/critical) in output areas:\n" + kit.format_violations(problems)


def test_lab_no_console_errors_from_the_kit(lab):
    errors = lab.recorder.kit_errors()
    assert not errors, f"{lab.name}: console errors:\n" + "\n".join(errors)


def test_lab_offline(lab):
    foreign = lab.recorder.foreign_requests()
    assert not foreign, f"{lab.name}: requests to hosts other than localhost:\n" + "\n".join(foreign)


def test_lab_links_in_text_are_underlined(lab):
    plain = kit.links_told_by_colour_only(lab.page, ".jp-Notebook .jp-RenderedHTMLCommon a, .jp-OutputArea-output a")
    assert not plain, f"{lab.name}: links told apart by colour only:\n" + "\n".join(plain[:20])


def test_lab_text_contrast_in_the_light_theme(lab):
    low = kit.contrast_problems(lab.page, ".jp-OutputArea-output *")
    assert not low, f"{lab.name}: text below WCAG AA contrast:\n" + "\n".join(low[:20])


def test_lab_dark_theme_keeps_text_readable(lab, axe_source):
    """JupyterLab Dark: the kit's text (help under sliders, twins, questions) keeps its contrast, and links in
    text stay distinguishable without colour."""
    kit.lab_set_theme(lab.page, "JupyterLab Dark")
    try:
        low = kit.contrast_problems(lab.page, ".jp-OutputArea-output *")
        violations = kit.run_axe(lab.page, axe_source, include=[".jp-OutputArea-output"],
                                 rules=["color-contrast", "link-in-text-block"])
    finally:
        kit.lab_set_theme(lab.page, "JupyterLab Light")
    assert not low, f"{lab.name} (dark theme): text below WCAG AA contrast:\n" + "\n".join(low[:20])
    problems = axe_problems(violations, EXCLUDED_LAB)
    assert not problems, f"{lab.name} (dark theme): axe-core contrast:\n" + kit.format_violations(problems)
