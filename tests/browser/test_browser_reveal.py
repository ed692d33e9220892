"""04_reliance_on_ai's team explorer in JupyterLab: it starts with the trust slider only; the "Show more
controls" button is reached with Tab, is a labelled native button with aria-expanded, opens with Enter and
closes with Space; the revealed sliders work from the keyboard and the text twin then equals what the engine
gives for the values in the page; axe finds no serious or critical problem with the controls open."""

from __future__ import annotations

import html
import re

import kitbrowser as kit
import pytest

from lessons.lesson_04 import TeamExplorer

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]
NOTEBOOK = "04_reliance_on_ai.ipynb"
pytestmark.append(pytest.mark.skipif(NOTEBOOK not in kit.notebooks(), reason=f"{NOTEBOOK} not present"))
TITLE = TeamExplorer.title

READ_JS = """(title) => {
  const all = Array.from(document.querySelectorAll('.kit-explorer'));
  const index = all.findIndex(e => (e.querySelector('.kit-explorer-title') || {}).textContent?.startsWith(title));
  const ex = all[index];
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
}"""

LABELS = {c.label: name for name, c in TeamExplorer().controls.items()}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", text))).strip()


def engine_twin(got) -> str:
    """The first twin the kit's explorer draws for the slider values read from the page."""
    explorer = TeamExplorer()
    explorer.set_values(**{LABELS[s["label"]]: s["value"] for s in got["sliders"]})
    return norm(explorer.twins[0].value)


@pytest.fixture
def lab_page(browser, lab_server):
    with kit.lesson_page(browser, lab_server, "lab", NOTEBOOK) as page:
        yield page


def test_more_controls_open_and_close_from_the_keyboard(lab_page, axe_source):
    page = lab_page
    got = page.evaluate(READ_JS, TITLE)
    assert got["index"] >= 0 and got["button"], "the team explorer and its button"
    assert got["button"]["tag"] == "BUTTON" and got["button"]["expanded"] == "false"
    assert got["button"]["text"].startswith("Show more controls (7 more)")
    shown = [s["label"] for s in got["sliders"] if s["visible"]]
    assert [LABELS[label] for label in shown] == ["trust"], shown

    # Tab from the trust slider's number box reaches the button
    explorer = got["index"]
    trust = page.locator(".kit-explorer").nth(explorer).locator(".kit-number-slider").first
    trust.locator("input[type=number]").focus()
    page.keyboard.press("Tab")
    assert page.evaluate(READ_JS, TITLE)["button"]["focused"], "Tab goes from the trust slider to the button"

    page.keyboard.press("Enter")
    page.wait_for_function(f"(t) => ({READ_JS})(t).sliders.every(s => s.visible)", arg=TITLE,
                           timeout=kit.CHANGE_TIMEOUT_MS, polling=100)
    got = page.evaluate(READ_JS, TITLE)
    assert got["button"]["expanded"] == "true" and got["button"]["focused"]
    assert got["button"]["text"].startswith("Hide the 7 extra controls")
    assert norm(got["twin"]) == engine_twin(got)

    # the next Tab stop is the first revealed slider; it moves with the keyboard and the twin follows the engine
    page.keyboard.press("Tab")
    first_hidden = next(s for s in got["sliders"] if LABELS[s["label"]] != "trust")
    assert page.evaluate(READ_JS, TITLE)["active"].startswith(first_hidden["label"])
    before = kit.state(page)
    page.keyboard.press("PageUp")
    kit.wait_changed(page, before, explorer=explorer)
    moved = page.evaluate(READ_JS, TITLE)
    assert next(s for s in moved["sliders"] if s["label"] == first_hidden["label"])["value"] > first_hidden["value"]
    assert norm(moved["twin"]) == engine_twin(moved)

    violations = kit.run_axe(page, axe_source, include=[".kit-explorer"])
    assert not violations, kit.format_violations(violations)

    # Space on the button hides them again
    page.locator(".kit-explorer").nth(explorer).locator(".kit-reveal-button").focus()
    page.keyboard.press("Space")
    page.wait_for_function(f"(t) => ({READ_JS})(t).sliders.filter(s => s.visible).length === 1", arg=TITLE,
                           timeout=kit.CHANGE_TIMEOUT_MS, polling=100)
    assert page.evaluate(READ_JS, TITLE)["button"]["expanded"] == "false"
