"""00_start_here's score explorer (the two hills and the threshold) in JupyterLab and Voila: the threshold is
stepped with the keyboard, and after each step the figure's data in the page (plotly's gd.data) and the text
twin must equal what the engine computes; axe finds no serious or critical problem in the explorer."""

from __future__ import annotations

import html
import re

import kitbrowser as kit
import pytest

from lessons.engine.scores import describe_split
from lessons.lesson_00 import SCORE_DEFAULTS, ScoreExplorer, score_split
from lessons.ui.score_figure import score_traces

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]
NOTEBOOK = "00_start_here.ipynb"
pytestmark.append(pytest.mark.skipif(NOTEBOOK not in kit.notebooks(), reason=f"{NOTEBOOK} not present"))
TITLE = "Score explorer"

READ_JS = """(title) => {
  const all = Array.from(document.querySelectorAll('.kit-explorer'));
  const index = all.findIndex(e => (e.querySelector('.kit-explorer-title') || {}).textContent?.startsWith(title));
  const ex = all[index];
  const gd = ex.querySelector('.js-plotly-plot');
  return {
    index,
    data: gd.data.map(t => ({name: t.name, x: Array.from(t.x, Number), y: Array.from(t.y, Number)})),
    twin: ex.querySelector('.kit-text-twin').textContent.trim(),
    labels: Array.from(ex.querySelectorAll('.kit-number-slider label')).map(l => l.textContent),
  };
}"""


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def check(page, threshold: float) -> dict:
    got = page.evaluate(READ_JS, TITLE)
    split = score_split(threshold, SCORE_DEFAULTS["auc"], SCORE_DEFAULTS["prevalence"])
    want = score_traces([split], ScoreExplorer().x_range)
    assert [t["name"] for t in got["data"]] == [t["name"] for t in want], "legend names (counts)"
    for g, w in zip(got["data"], want):
        assert g["x"] == pytest.approx(w["x"], abs=1e-9), f"x of {w['name']!r}"
        assert g["y"] == pytest.approx(w["y"], abs=1e-9), f"heights of {w['name']!r}"
    assert norm(got["twin"]) == norm(describe_split(split)), "text twin"
    return got


def threshold_slider(page) -> int:
    labels = [s["label"] for s in kit.state(page)["sliders"]]
    return next(i for i, label in enumerate(labels) if label.startswith("Threshold (score): flagged"))


@pytest.fixture(scope="module", params=["lab", "voila"])  # one page per front end; the keyboard test runs first
def score_page(request, browser):
    server = request.getfixturevalue(f"{request.param}_server")
    # expect_plots=1: the score figure (the screening explorer draws a people grid)
    with kit.lesson_page(browser, server, request.param, NOTEBOOK, expect_plots=1) as page:
        yield request.param, page


def test_threshold_steps_with_the_keyboard_and_the_hills_follow(score_page):
    _app, page = score_page
    got = check(page, SCORE_DEFAULTS["threshold"])
    explorer, index = got["index"], threshold_slider(page)

    before = kit.state(page)
    kit.press_on_range(page, index, "ArrowRight")  # small step: 1.04 -> 1.05
    kit.wait_changed(page, before, explorer=explorer)
    check(page, 1.05)

    before = kit.state(page)
    kit.press_on_range(page, index, "PageUp")  # big step: a tenth of the range (0.9)
    kit.wait_changed(page, before, explorer=explorer)
    got = check(page, 1.95)
    assert "Everyone scoring 1.95 or more is flagged" in got["twin"]


def test_score_explorer_has_no_serious_axe_violations(score_page, axe_source):
    _app, page = score_page
    assert page.evaluate(READ_JS, TITLE)["index"] >= 0
    violations = kit.run_axe(page, axe_source, include=[".kit-explorer"])
    assert not violations, kit.format_violations(violations)
