"""Issue 13 section 4, part 2, in JupyterLab and Voila: lesson 04's chatbot-instead-of-care explorer steps with the
keyboard and its figure data and text twin in the page equal the engine's; lesson 06's reply rater is rated with
the keyboard and shows the model rating; axe finds no serious or critical problem in either."""

from __future__ import annotations

import html
import re

import kitbrowser as kit
import pytest

from lessons.content.replies import REPLIES, RUBRIC
from lessons.engine.reliance import RelianceSetting, describe_reliance, reliance_outcomes

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]
RELIANCE_NB, REPLIES_NB = "04_reliance_on_ai.ipynb", "06_faulty_advice.ipynb"
TITLE = "Using a chatbot instead of care"
SWAP_LABEL = "Share of those in need who use the chatbot instead"

READ_JS = """(title) => {
  const all = Array.from(document.querySelectorAll('.kit-explorer'));
  const index = all.findIndex(e => (e.querySelector('.kit-explorer-title') || {}).textContent?.startsWith(title));
  const ex = all[index];
  const gd = ex.querySelector('.js-plotly-plot');
  return {
    index,
    now: {x: Array.from(gd.data[2].x, Number), y: Array.from(gd.data[2].y, Number)},
    twin: ex.querySelector('.kit-text-twin').textContent.trim(),
  };
}"""


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


@pytest.fixture(scope="module", params=["lab", "voila"])  # one page per front end; the keyboard test runs first
def reliance_page(request, browser):
    server = request.getfixturevalue(f"{request.param}_server")
    with kit.lesson_page(browser, server, request.param, RELIANCE_NB, expect_plots=2) as page:
        yield request.param, page


@pytest.fixture(scope="module", params=["lab", "voila"])  # one page per front end; the keyboard test runs first
def replies_page(request, browser):
    server = request.getfixturevalue(f"{request.param}_server")
    with kit.lesson_page(browser, server, request.param, REPLIES_NB) as page:
        page.wait_for_selector(".kit-reply-rater", state="visible")
        yield request.param, page


def check_reliance(page, swap_share: float) -> dict:
    got = page.evaluate(READ_JS, TITLE)
    r = reliance_outcomes(RelianceSetting(swap_share=swap_share))
    assert got["now"]["x"] == pytest.approx([swap_share]) and got["now"]["y"] == pytest.approx([r.crises])
    squash = lambda t: re.sub(r"\s+", "", html.unescape(t))  # noqa: E731  (paragraphs are <p>s in the page)
    assert squash(got["twin"]) == squash(describe_reliance(r))
    return got


def test_reliance_explorer_steps_with_the_keyboard_and_matches_the_engine(reliance_page):
    _app, page = reliance_page
    got = check_reliance(page, 0.3)
    sliders = kit.state(page)["sliders"]
    index = next(i for i, s in enumerate(sliders) if s["label"].startswith(SWAP_LABEL))
    before = kit.state(page)
    kit.press_on_range(page, index, "ArrowRight")
    kit.wait_changed(page, before, explorer=got["index"])
    check_reliance(page, 0.31)
    before = kit.state(page)
    kit.press_on_range(page, index, "PageUp")  # a tenth of the range
    kit.wait_changed(page, before, explorer=got["index"])
    check_reliance(page, 0.41)


def test_reliance_explorer_has_no_serious_axe_violations(reliance_page, axe_source):
    _app, page = reliance_page
    index = page.evaluate(READ_JS, TITLE)["index"]
    assert index >= 0
    page.evaluate("(i) => document.querySelectorAll('.kit-explorer')[i].classList.add('kit-under-test')", index)
    violations = kit.run_axe(page, axe_source, include=[".kit-under-test"])
    assert not violations, kit.format_violations(violations)


def test_reply_rater_is_rated_with_the_keyboard_and_gives_the_model_rating(replies_page):
    _app, page = replies_page
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


def test_reply_rater_has_no_serious_axe_violations(replies_page, axe_source):
    _app, page = replies_page
    violations = kit.run_axe(page, axe_source, include=[".kit-reply-rater"])
    assert not violations, kit.format_violations(violations)
