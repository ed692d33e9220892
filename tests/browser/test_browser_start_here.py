"""00_start_here's ScreeningExplorer in detail, in JupyterLab and in Voila: each kind of control is used
with the keyboard as a person would, and after each change the people grid (each mark's outcome and the
legend's counts in the page) and the text twin must equal what the lessons engine computes for the new values."""

from __future__ import annotations

import html
import re

import pytest

import kitbrowser as kit
from lessons import PRESETS
from lessons.engine.describe import describe_counts, describe_counts_table
from lessons.engine.population import natural_frequencies
from lessons.engine.scenario import Scenario

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]
NOTEBOOK = "00_start_here.ipynb"
pytestmark.append(pytest.mark.skipif(NOTEBOOK not in kit.notebooks(), reason=f"{NOTEBOOK} not present"))

READ_EXPLORER_JS = """() => {
  const ex = document.querySelector('.kit-explorer');
  const grid = ex.querySelector('.kit-people');
  const sliders = Array.from(ex.querySelectorAll('.kit-number-slider')).map(el => ({
      label: el.querySelector('label').textContent, range: el.querySelector('input[type=range]').value,
      number: el.querySelector('input[type=number]').value,
      valuetext: el.querySelector('input[type=range]').getAttribute('aria-valuetext')}));
  return {
    marks: Array.from(grid.querySelectorAll('.kit-people-svg use'), u => Number(u.getAttribute('href').split('-shape-')[1])),
    legend: Array.from(grid.querySelectorAll('.kit-people-legend li'), li => li.textContent.trim()),
    twin: ex.querySelector('.kit-text-twin').textContent.trim(),
    counts: (ex.parentElement.querySelector('.kit-counts') || document.querySelector('.kit-counts') || {}).textContent || '',
    sliders,
  };
}"""


LABELS = ("Correctly flagged", "Missed", "False alarm", "Correctly cleared")


def expected(prevalence, sensitivity, specificity, population=1000):
    pop = natural_frequencies(Scenario(prevalence, sensitivity, specificity, population))
    c = pop.counts
    return {
        "marks": pop.outcome.tolist(),
        "legend": [f"{label}: {n:,.0f}" for label, n in zip(LABELS, (c.tp, c.fn, c.fp, c.tn))],
        "twin": describe_counts(pop.counts),
        "counts": describe_counts_table(pop.counts),
    }


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def check_explorer(page, prevalence, sensitivity, specificity):
    got = page.evaluate(READ_EXPLORER_JS)
    want = expected(prevalence, sensitivity, specificity)
    assert got["legend"] == want["legend"], "legend (counts)"
    assert got["marks"] == want["marks"], "marks differ from the engine's outcomes"
    assert norm(got["twin"]) == norm(want["twin"]), "text twin"
    assert norm(got["counts"]) == norm(want["counts"]), "counts table"
    for s, value in zip(got["sliders"], (prevalence, sensitivity, specificity)):
        assert abs(float(s["range"]) - value) < 5e-4, f"{s['label']}: range shows {s['range']}, expected {value}"
        assert abs(float(s["number"]) - value) < 5e-4, f"{s['label']}: number box shows {s['number']}"
        assert s["valuetext"] == f"{value:.3f}", f"{s['label']}: aria-valuetext {s['valuetext']}"
    return got


@pytest.fixture(params=["lab", "voila"])
def start_page(request, browser):
    server = request.getfixturevalue(f"{request.param}_server")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(kit.RENDER_TIMEOUT_MS)
    if request.param == "lab":
        kit.lab_open(page, server, NOTEBOOK)
        cells = kit.lab_run_all(page)
        assert not cells["errors"], cells["errors"]
    else:
        info = kit.voila_open(page, server, NOTEBOOK)
    page.wait_for_selector(".kit-explorer .kit-people-svg use", state="attached")
    kit.wait_rendered(page)
    yield request.param, page
    if request.param == "lab":
        try:
            page.evaluate("async () => { await window.jupyterapp.shell.currentWidget.sessionContext.shutdown(); }")
        except Exception:
            pass
    context.close()
    if request.param == "voila" and info["kernelId"]:
        server.post(f"/voila/api/shutdown/{info['kernelId']}")


def slider_index(page, label_start: str) -> int:
    labels = [s["label"] for s in kit.state(page)["sliders"]]
    for i, label in enumerate(labels):
        if label.startswith(label_start):
            return i
    raise AssertionError(f"no slider labelled {label_start!r} among {labels}")


def step(page, action, what: str):
    before = kit.state(page)
    action()
    try:
        return kit.wait_changed(page, before, explorer=0, need_plot=False)
    except Exception as err:
        now = kit.state(page)
        focus = page.evaluate("() => document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : null")
        raise AssertionError(f"{what}: the figure and text twin did not both change ({type(err).__name__}); "
                             f"sliders now {[(s['label'][:12], s['value']) for s in now['sliders']]}; "
                             f"focus on {focus}; errors {now['errors']}") from None


def test_screening_explorer_follows_the_keyboard(start_page):
    app, page = start_page
    check_explorer(page, 0.10, 0.88, 0.85)
    prev, sens, spec = (slider_index(page, w) for w in ("Prevalence", "Sensitivity", "Specificity"))

    step(page, lambda: kit.press_on_range(page, prev, "ArrowRight"), "ArrowRight on prevalence")      # small step: 0.100 -> 0.101
    check_explorer(page, 0.101, 0.88, 0.85)

    step(page, lambda: kit.press_on_range(page, prev, "PageUp"), "PageUp on prevalence")          # big step: +10% of the range
    check_explorer(page, 0.201, 0.88, 0.85)

    step(page, lambda: kit.type_in_number(page, spec, "0.99"), "typing 0.99 + Enter in the specificity box")            # type a number, press Enter
    check_explorer(page, 0.201, 0.88, 0.99)

    step(page, lambda: kit.press_on_range(page, spec, "ArrowDown"), "ArrowDown on specificity")  # 0.990 -> 0.989
    check_explorer(page, 0.201, 0.88, 0.989)

    step(page, lambda: kit.press_on_range(page, sens, "Home"), "Home on sensitivity")          # Home: the minimum
    check_explorer(page, 0.201, 0.0, 0.989)

    step(page, lambda: kit.press_on_range(page, sens, "End"), "End on sensitivity")            # End: the maximum
    check_explorer(page, 0.201, 1.0, 0.989)


def test_preset_dropdown_by_keyboard(start_page):
    app, page = start_page
    select = page.locator(".jp-OutputArea-output select").first
    prev = slider_index(page, "Prevalence")
    step(page, lambda: kit.press_on_range(page, prev, "PageUp"), "PageUp on prevalence")    # leave the start values
    keys = list(PRESETS)
    for index in (1, 2):   # option 0 is "(choose a preset)"
        step(page, lambda: kit.select_by_keyboard(page, 0, "ArrowDown"), f"ArrowDown on the preset drop-down (option {index})")
        p = PRESETS[keys[index - 1]]
        check_explorer(page, p.prevalence, p.sensitivity, p.specificity)
        note = norm(select.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]").text_content())
        assert norm(p.describe()) in note, f"preset note: {note!r}"
