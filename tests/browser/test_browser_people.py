"""The people grid in a real browser (lesson 03), in Voila and in JupyterLab: keyboard and mouse open a
person's path (the engine's words), a slider change redraws only changed marks, axe finds no serious or
critical problem on the grid, and at 390 px the marks never overlap and the legend never covers the title."""

from __future__ import annotations

import re

import kitbrowser as kit
import pytest
from a11y import EXCLUDED_LAB, EXCLUDED_VOILA, axe_problems

from lessons.engine.paths import describe_mark
from lessons.engine.population import natural_frequencies
from lessons.engine.scenario import Scenario

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]
NOTEBOOK = "03_detection_accuracy.ipynb"
pytestmark.append(pytest.mark.skipif(NOTEBOOK not in kit.notebooks(), reason=f"{NOTEBOOK} not present"))

GRID = ".kit-people-grid"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module", params=["voila", "lab"])
def opened(request, browser):
    server = request.getfixturevalue(f"{request.param}_server")
    with kit.lesson_page(browser, server, request.param, NOTEBOOK, viewport=(1280, 900),
                         ready=GRID + " .kit-people-svg use") as page:
        yield request.param, page


def detail(page) -> str:
    return norm(page.locator(".kit-people-detail").first.inner_text())


def test_keyboard_walks_the_grid_and_enter_opens_the_engines_path(opened):
    _kind, page = opened
    grid = page.locator(GRID).first
    assert grid.get_attribute("role") == "grid" and grid.get_attribute("aria-describedby")
    assert page.locator(GRID).first.locator("use").count() == 1000
    grid.focus()
    grid.press("ArrowRight")
    grid.press("ArrowDown")
    cols = int(grid.get_attribute("aria-colcount"))
    active = int(grid.get_attribute("data-active"))
    assert active == 1 + cols
    cell = page.locator(f"#{grid.get_attribute('aria-activedescendant')}")
    assert "row 2, column 2" in cell.inner_text()
    grid.press("End")
    grid.press("Enter")
    index = 2 * cols - 1
    assert kit.until(lambda: detail(page), 30)
    code = 0 if index < 88 else 1 if index < 100 else 2 if index < 235 else 3
    assert detail(page) == norm(describe_mark(code, index).replace("\n\n", " "))
    assert page.locator(".kit-people-detail").first.get_attribute("aria-live") == "polite"


def test_a_click_opens_the_person_under_the_pointer(opened):
    _kind, page = opened
    svg = page.locator(GRID + " .kit-people-svg").first
    box = svg.bounding_box()
    last_row_y = box["y"] + box["height"] - 5  # the last row: correctly cleared people
    svg.click(position={"x": 5, "y": last_row_y - box["y"]})
    assert kit.until(lambda: "correctly cleared" in detail(page), 30)
    assert "not flagged: correctly cleared" in detail(page)


def test_a_slider_change_redraws_only_the_changed_marks(opened):
    _kind, page = opened
    grid = page.locator(GRID).first
    draws = int(grid.get_attribute("data-draws") or 0)
    labels = page.evaluate("() => Array.from(document.querySelectorAll('.kit-number-slider label'), l => l.textContent)")
    index = next(i for i, text in enumerate(labels) if text.startswith("Prevalence"))
    kit.type_in_number(page, index, "0.2")  # prevalence 0.1 -> 0.2 in the explorer above the grid
    assert kit.until(lambda: int(grid.get_attribute("data-draws") or 0) > draws, 60)
    before = natural_frequencies(Scenario(0.1, 0.88, 0.85, 1000)).outcome
    after = natural_frequencies(Scenario(0.2, 0.88, 0.85, 1000)).outcome
    assert int(grid.get_attribute("data-changed")) == int((before != after).sum()) < 1000
    hrefs = page.evaluate("(sel) => Array.from(document.querySelector(sel).querySelectorAll('use'), "
                          "u => Number(u.getAttribute('href').split('-shape-')[1]))", GRID)
    assert hrefs == after.tolist()  # every mark shows the engine's outcome for its person


def test_axe_finds_no_serious_problem_on_the_grid(opened, axe_source):
    kind, page = opened
    found = kit.run_axe(page, axe_source, include=[".kit-people"])
    problems = axe_problems(found, EXCLUDED_VOILA if kind == "voila" else EXCLUDED_LAB)
    assert not problems, kit.format_violations(problems)


def test_at_390_px_marks_never_overlap_and_the_legend_stays_below_the_title(opened):
    _kind, page = opened
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(500)
    boxes = page.evaluate("""(sel) => {
        const root = document.querySelector(sel).closest('.kit-people');
        const r = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
        return {marks: Array.from(root.querySelectorAll('.kit-people-svg use')).map(r),
                title: r(root.querySelector('.kit-people-title')), legend: r(root.querySelector('.kit-people-legend')),
                grid: r(root.querySelector('.kit-people-svg')), width: root.getBoundingClientRect().width};
    }""", GRID)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert boxes["legend"][1] >= boxes["title"][3] - 0.5, "legend overlaps the title"
    assert boxes["grid"][1] >= boxes["legend"][3] - 0.5, "marks overlap the legend"
    assert boxes["grid"][2] <= boxes["title"][0] + boxes["width"] + 1, "marks run past the width"
    import numpy as np

    b = np.array(boxes["marks"])
    assert len(b) == 1000
    eps = 0.01
    overlap = ((b[:, None, 0] < b[None, :, 2] - eps) & (b[None, :, 0] < b[:, None, 2] - eps)
               & (b[:, None, 1] < b[None, :, 3] - eps) & (b[None, :, 1] < b[:, None, 3] - eps))
    np.fill_diagonal(overlap, False)
    assert not overlap.any(), f"{int(overlap.sum()) // 2} pairs of marks overlap"
    assert b[:, 2].max() <= boxes["grid"][2] + eps and b[:, 0].min() >= boxes["grid"][0] - eps
