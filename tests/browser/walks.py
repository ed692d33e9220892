"""Detailed walks through single explorers, run on the lesson pages the lesson tests already opened.

Not a test module: ``test_browser_lab.py`` and ``test_browser_voila.py`` run each walk listed in :data:`WALKS`
on the page they opened for that lesson (so a lesson runs once per front end, not once per explorer checked),
after the render checks and before the generic keyboard checks move the controls. Each walk starts from the
lesson as it was run (every control at its start value) and touches only its own explorer, so the walks of one
lesson can run in any order.

* 00, score explorer: the threshold stepped with the keyboard; plotly's ``gd.data`` in the page and the text twin
  equal what the engine computes after each step; axe finds no serious or critical problem in the explorer.
* 03, people grid: keyboard and mouse open a person's path (the engine's words); a slider change redraws only the
  changed marks, each showing the engine's outcome; axe on the grid; at 390 px the marks never overlap and the
  legend never covers the title.
* 04, chatbot-instead-of-care explorer: steps with the keyboard, its figure data and twin equal the engine's; axe.
  Team explorer: "Show more controls" is reached with Tab, is a native button with ``aria-expanded``, opens with
  Enter and closes with Space; a revealed slider moves with the keyboard and the twin follows the engine; axe.
* 06, reply rater: rated with the keyboard, it shows the model rating and the running total; axe.
* 00, screening explorer, preset drop-down and overview figure: see ``start_here.py``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import kitbrowser as kit
import numpy as np
import pytest
import start_here
from a11y import EXCLUDED_LAB, EXCLUDED_VOILA, axe_problems

from lessons.content.replies import REPLIES, RUBRIC
from lessons.engine.paths import describe_mark
from lessons.engine.population import natural_frequencies
from lessons.engine.reliance import RelianceSetting, describe_reliance, reliance_outcomes
from lessons.engine.scenario import Scenario
from lessons.engine.scores import describe_split
from lessons.lesson_00 import SCORE_DEFAULTS, ScoreExplorer, score_split
from lessons.lesson_04 import TeamExplorer
from lessons.ui.score_figure import score_traces

Walk = Callable[..., None]  # (page, front_end, axe_source)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", text))).strip()


def excluded(front_end: str):
    return EXCLUDED_VOILA if front_end == "voila" else EXCLUDED_LAB


def mark_explorer(page, index: int) -> str:
    """A selector for explorer ``index`` alone (axe is told to look only there)."""
    page.evaluate("(i) => { document.querySelectorAll('.kit-under-test').forEach(e => e.classList.remove('kit-under-test'));"
                  " document.querySelectorAll('.kit-explorer')[i].classList.add('kit-under-test'); }", index)
    return ".kit-under-test"


def explorer_js(body: str) -> str:
    """A page function ``(title) => ...`` that finds the explorer whose title starts with ``title`` (``ex``, at
    ``index`` among the page's explorers), then runs ``body``, which returns what the walk reads."""
    return """(title) => {
  const all = Array.from(document.querySelectorAll('.kit-explorer'));
  const index = all.findIndex(e => (e.querySelector('.kit-explorer-title') || {}).textContent?.startsWith(title));
  const ex = all[index];
""" + body + "}"


# -- 00: the score explorer ----------------------------------------------------------------------------

SCORE_TITLE = "Score explorer"
SCORE_JS = explorer_js("""\
  const gd = ex.querySelector('.js-plotly-plot');
  return {
    index,
    data: gd.data.map(t => ({name: t.name, x: Array.from(t.x, Number), y: Array.from(t.y, Number)})),
    twin: ex.querySelector('.kit-text-twin').textContent.trim(),
  };
""")


def check_scores(page, threshold: float) -> dict:
    got = page.evaluate(SCORE_JS, SCORE_TITLE)
    split = score_split(threshold, SCORE_DEFAULTS["auc"], SCORE_DEFAULTS["prevalence"])
    want = score_traces([split], ScoreExplorer().x_range)
    assert [t["name"] for t in got["data"]] == [t["name"] for t in want], "legend names (counts)"
    for g, w in zip(got["data"], want):
        assert g["x"] == pytest.approx(w["x"], abs=1e-9), f"x of {w['name']!r}"
        assert g["y"] == pytest.approx(w["y"], abs=1e-9), f"heights of {w['name']!r}"
    assert norm(got["twin"]) == norm(describe_split(split)), "text twin"
    return got


def score_threshold_steps_with_the_keyboard(page, front_end, axe_source):
    got = check_scores(page, SCORE_DEFAULTS["threshold"])
    explorer = got["index"]
    index = next(i for i, s in enumerate(kit.state(page)["sliders"])
                 if s["label"].startswith("Threshold (score): flagged"))
    before = kit.state(page)
    kit.press_on_range(page, index, "ArrowRight")  # small step: 1.04 -> 1.05
    kit.wait_changed(page, before, explorer=explorer)
    check_scores(page, 1.05)
    before = kit.state(page)
    kit.press_on_range(page, index, "PageUp")  # big step: a tenth of the range (0.9)
    kit.wait_changed(page, before, explorer=explorer)
    got = check_scores(page, 1.95)
    assert "Everyone scoring 1.95 or more is flagged" in got["twin"]
    violations = kit.run_axe(page, axe_source, include=[mark_explorer(page, explorer)])
    assert not violations, kit.format_violations(violations)


# -- 03: the people grid ---------------------------------------------------------------------------------

GRID = ".kit-people-grid"


def grid_detail(page) -> str:
    return norm(page.locator(".kit-people-detail").first.inner_text())


def grid_keyboard_opens_the_engines_path(page, front_end, axe_source):
    page.wait_for_selector(GRID + " .kit-people-svg use", state="attached")
    grid = page.locator(GRID).first
    assert grid.get_attribute("role") == "grid" and grid.get_attribute("aria-describedby")
    assert grid.locator("use").count() == 1000
    grid.focus()
    grid.press("ArrowRight")
    grid.press("ArrowDown")
    cols = int(grid.get_attribute("aria-colcount"))
    assert int(grid.get_attribute("data-active")) == 1 + cols
    cell = page.locator(f"#{grid.get_attribute('aria-activedescendant')}")
    assert "row 2, column 2" in cell.inner_text()
    grid.press("End")
    grid.press("Enter")
    index = 2 * cols - 1
    assert kit.until(lambda: grid_detail(page), 30)
    code = 0 if index < 88 else 1 if index < 100 else 2 if index < 235 else 3
    assert grid_detail(page) == norm(describe_mark(code, index).replace("\n\n", " "))
    assert page.locator(".kit-people-detail").first.get_attribute("aria-live") == "polite"


def grid_click_opens_the_person_under_the_pointer(page, front_end, axe_source):
    svg = page.locator(GRID + " .kit-people-svg").first
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    svg.click(position={"x": 5, "y": box["height"] - 5})  # the last row: correctly cleared people
    assert kit.until(lambda: "correctly cleared" in grid_detail(page), 30)
    assert "not flagged: correctly cleared" in grid_detail(page)


def grid_redraws_only_the_changed_marks(page, front_end, axe_source):
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


def grid_has_no_serious_axe_problem(page, front_end, axe_source):
    problems = axe_problems(kit.run_axe(page, axe_source, include=[".kit-people"]), excluded(front_end))
    assert not problems, kit.format_violations(problems)


def grid_at_390_px_keeps_marks_apart_and_the_legend_below_the_title(page, front_end, axe_source):
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.wait_for_timeout(500)  # the grid lays itself out again on resize
        boxes = page.evaluate("""(sel) => {
            const root = document.querySelector(sel).closest('.kit-people');
            const r = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
            return {marks: Array.from(root.querySelectorAll('.kit-people-svg use')).map(r),
                    title: r(root.querySelector('.kit-people-title')), legend: r(root.querySelector('.kit-people-legend')),
                    grid: r(root.querySelector('.kit-people-svg')), width: root.getBoundingClientRect().width};
        }""", GRID)
    finally:
        page.set_viewport_size(size)
    assert boxes["legend"][1] >= boxes["title"][3] - 0.5, "legend overlaps the title"
    assert boxes["grid"][1] >= boxes["legend"][3] - 0.5, "marks overlap the legend"
    assert boxes["grid"][2] <= boxes["title"][0] + boxes["width"] + 1, "marks run past the width"
    b = np.array(boxes["marks"])
    assert len(b) == 1000
    eps = 0.01
    overlap = ((b[:, None, 0] < b[None, :, 2] - eps) & (b[None, :, 0] < b[:, None, 2] - eps)
               & (b[:, None, 1] < b[None, :, 3] - eps) & (b[None, :, 1] < b[:, None, 3] - eps))
    np.fill_diagonal(overlap, False)
    assert not overlap.any(), f"{int(overlap.sum()) // 2} pairs of marks overlap"
    assert b[:, 2].max() <= boxes["grid"][2] + eps and b[:, 0].min() >= boxes["grid"][0] - eps


# -- 04: the chatbot-instead-of-care explorer and the team explorer ---------------------------------------

RELIANCE_TITLE = "Using a chatbot instead of care"
SWAP_LABEL = "Share of those in need who use the chatbot instead"
RELIANCE_JS = explorer_js("""\
  const gd = ex.querySelector('.js-plotly-plot');
  return {
    index,
    now: {x: Array.from(gd.data[2].x, Number), y: Array.from(gd.data[2].y, Number)},
    twin: ex.querySelector('.kit-text-twin').textContent.trim(),
  };
""")


def check_reliance(page, swap_share: float) -> dict:
    got = page.evaluate(RELIANCE_JS, RELIANCE_TITLE)
    r = reliance_outcomes(RelianceSetting(swap_share=swap_share))
    assert got["now"]["x"] == pytest.approx([swap_share]) and got["now"]["y"] == pytest.approx([r.crises])
    squash = lambda t: re.sub(r"\s+", "", html.unescape(t))  # noqa: E731  (paragraphs are <p>s in the page)
    assert squash(got["twin"]) == squash(describe_reliance(r))
    return got


def reliance_steps_with_the_keyboard_and_matches_the_engine(page, front_end, axe_source):
    got = check_reliance(page, 0.3)
    index = next(i for i, s in enumerate(kit.state(page)["sliders"]) if s["label"].startswith(SWAP_LABEL))
    before = kit.state(page)
    kit.press_on_range(page, index, "ArrowRight")
    kit.wait_changed(page, before, explorer=got["index"])
    check_reliance(page, 0.31)
    before = kit.state(page)
    kit.press_on_range(page, index, "PageUp")  # a tenth of the range
    kit.wait_changed(page, before, explorer=got["index"])
    check_reliance(page, 0.41)
    violations = kit.run_axe(page, axe_source, include=[mark_explorer(page, got["index"])])
    assert not violations, kit.format_violations(violations)


TEAM_JS = explorer_js("""\
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const button = ex.querySelector('.kit-reveal-button');
  return {
    index,
    button: button ? {text: button.textContent, expanded: button.getAttribute('aria-expanded'),
                      tag: button.tagName, focused: document.activeElement === button} : null,
    sliders: Array.from(ex.querySelectorAll('.kit-number-slider')).map(el => ({
      label: el.querySelector('label').textContent, visible: visible(el),
      value: Number(el.querySelector('input[type=range]').value)})),
    twin: ex.querySelector('.kit-text-twin').textContent.trim(),
    active: document.activeElement ? (document.activeElement.closest('.kit-number-slider') || {}).textContent || '' : '',
  };
""")


def team_twin(got) -> str:
    """The first twin the kit's team explorer draws for the slider values read from the page."""
    explorer = TeamExplorer()
    labels = {c.label: name for name, c in explorer.controls.items()}
    explorer.set_values(**{labels[s["label"]]: s["value"] for s in got["sliders"]})
    return norm(explorer.twins[0].value)


def team_more_controls_open_and_close_from_the_keyboard(page, front_end, axe_source):
    title = TeamExplorer.title
    labels = {c.label: name for name, c in TeamExplorer().controls.items()}
    got = page.evaluate(TEAM_JS, title)
    assert got["index"] >= 0 and got["button"], "the team explorer and its button"
    assert got["button"]["tag"] == "BUTTON" and got["button"]["expanded"] == "false"
    assert got["button"]["text"].startswith("Show more controls (7 more)")
    shown = [s["label"] for s in got["sliders"] if s["visible"]]
    assert [labels[label] for label in shown] == ["trust"], shown

    # Tab from the trust slider's number box reaches the button
    explorer = got["index"]
    trust = page.locator(".kit-explorer").nth(explorer).locator(".kit-number-slider").first
    trust.locator("input[type=number]").focus()
    page.keyboard.press("Tab")
    assert page.evaluate(TEAM_JS, title)["button"]["focused"], "Tab goes from the trust slider to the button"

    page.keyboard.press("Enter")
    page.wait_for_function(f"(t) => ({TEAM_JS})(t).sliders.every(s => s.visible)", arg=title,
                           timeout=kit.CHANGE_TIMEOUT_MS, polling=100)
    got = page.evaluate(TEAM_JS, title)
    assert got["button"]["expanded"] == "true" and got["button"]["focused"]
    assert got["button"]["text"].startswith("Hide the 7 extra controls")
    assert norm(got["twin"]) == team_twin(got)

    # the next Tab stop is the first revealed slider; it moves with the keyboard and the twin follows the engine
    page.keyboard.press("Tab")
    first_hidden = next(s for s in got["sliders"] if labels[s["label"]] != "trust")
    assert page.evaluate(TEAM_JS, title)["active"].startswith(first_hidden["label"])
    before = kit.state(page)
    page.keyboard.press("PageUp")
    kit.wait_changed(page, before, explorer=explorer)
    moved = page.evaluate(TEAM_JS, title)
    assert next(s for s in moved["sliders"] if s["label"] == first_hidden["label"])["value"] > first_hidden["value"]
    assert norm(moved["twin"]) == team_twin(moved)

    violations = kit.run_axe(page, axe_source, include=[mark_explorer(page, explorer)])
    assert not violations, kit.format_violations(violations)

    # Space on the button hides them again
    page.locator(".kit-explorer").nth(explorer).locator(".kit-reveal-button").focus()
    page.keyboard.press("Space")
    page.wait_for_function(f"(t) => ({TEAM_JS})(t).sliders.filter(s => s.visible).length === 1", arg=title,
                           timeout=kit.CHANGE_TIMEOUT_MS, polling=100)
    assert page.evaluate(TEAM_JS, title)["button"]["expanded"] == "false"


# -- 06: the reply rater --------------------------------------------------------------------------------

def reply_rater_is_rated_with_the_keyboard_and_gives_the_model_rating(page, front_end, axe_source):
    page.wait_for_selector(".kit-reply-rater", state="visible")
    card = page.locator(".kit-reply-card").nth(2)  # the diet-advice reply
    model = REPLIES[2].model
    card.scroll_into_view_if_needed()
    groups = card.locator(".widget-radio-box")
    assert groups.count() == len(RUBRIC)
    for i, c in enumerate(RUBRIC):
        wanted = "Yes" if model[c] else "No"
        radio = groups.nth(i).locator("label", has_text=wanted).locator("input[type=radio]")
        radio.focus()
        page.keyboard.press("Space")
        assert radio.is_checked(), (c, wanted)
    button = card.locator("button", has_text="Check my rating")
    button.focus()
    page.keyboard.press("Enter")
    feedback = card.locator("[role=status]")
    feedback.wait_for(state="visible")
    page.wait_for_function("(el) => /3 of 3 criteria/.test(el.textContent)", arg=feedback.element_handle())
    text = norm(feedback.text_content())
    assert "You agree with the model rating on 3 of 3 criteria." in text
    assert norm(REPLIES[2].reason["safe"]) in text and norm(REPLIES[2].summary) in text
    total = page.locator(".kit-reply-rater > .widget-html [role=status]").last
    page.wait_for_function("(el) => /Checked 1 of 6/.test(el.textContent)", arg=total.element_handle())
    violations = kit.run_axe(page, axe_source, include=[".kit-reply-rater"])
    assert not violations, kit.format_violations(violations)


# -- 00: the screening explorer, the preset drop-down, the overview figure (start_here.py) ----------------

def screening_explorer_follows_the_keyboard(page, front_end, axe_source):
    start_here.screening_explorer_follows_the_keyboard(page)


def preset_dropdown_by_keyboard(page, front_end, axe_source):
    start_here.preset_dropdown_by_keyboard(page)


def overview_figure_is_shown(page, front_end, axe_source):
    start_here.overview_figure_is_shown(page)


WALKS: dict[str, tuple[Walk, ...]] = {
    "00_start_here.ipynb": (screening_explorer_follows_the_keyboard, preset_dropdown_by_keyboard,
                            overview_figure_is_shown, score_threshold_steps_with_the_keyboard),
    "03_detection_accuracy.ipynb": (grid_keyboard_opens_the_engines_path, grid_click_opens_the_person_under_the_pointer,
                                    grid_redraws_only_the_changed_marks, grid_has_no_serious_axe_problem,
                                    grid_at_390_px_keeps_marks_apart_and_the_legend_below_the_title),
    "04_reliance_on_ai.ipynb": (reliance_steps_with_the_keyboard_and_matches_the_engine,
                                team_more_controls_open_and_close_from_the_keyboard),
    "06_faulty_advice.ipynb": (reply_rater_is_rated_with_the_keyboard_and_gives_the_model_rating,),
}


def cases(notebooks: list[str]) -> list:
    """One pytest parameter per (lesson, walk) for the lessons present, with ids like
    ``03_detection_accuracy.ipynb-grid_click_opens_the_person_under_the_pointer``."""
    return [pytest.param(name, walk, id=f"{name}-{walk.__name__}")
            for name in notebooks for walk in WALKS.get(name, ())]
