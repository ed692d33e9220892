"""00_start_here's ScreeningExplorer in detail: each kind of control is used with the keyboard as a person would,
and after each change the people grid (each mark's outcome and the legend's counts in the page) and the text
twin must equal what the lessons engine computes for the new values.

Not a test module: test_browser_lab.py and test_browser_voila.py run these walks on the page they already opened
for notebook 00 (so the notebook runs once per front end, not three times), before the generic keyboard checks.
"""

from __future__ import annotations

import html
import re

import kitbrowser as kit

from lessons import PRESETS
from lessons.engine.describe import describe_counts, describe_counts_table
from lessons.engine.population import natural_frequencies
from lessons.engine.scenario import Scenario

NOTEBOOK = "00_start_here.ipynb"

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


def screening_explorer_follows_the_keyboard(page):
    """Each kind of key on each slider, then a typed number: the figure, twin and counts follow the engine."""
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


def preset_dropdown_by_keyboard(page):
    """The preset drop-down driven by the keyboard loads each preset and shows its note."""
    select = page.locator(".jp-OutputArea-output select").first
    prev = slider_index(page, "Prevalence")
    step(page, lambda: kit.press_on_range(page, prev, "PageUp"), "PageUp on prevalence")    # leave the start values
    keys = list(PRESETS)
    for index in (1, 2):   # option 0 is "(choose a preset)"
        step(page, lambda: kit.select_by_keyboard(page, 0, "ArrowDown"), f"ArrowDown on the preset drop-down (option {index})")
        p = PRESETS[keys[index - 1]]
        check_explorer(page, p.prevalence, p.sensitivity, p.specificity)
        # The note is a separate widget whose update may reach the page just after the figure's.
        box = select.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]")
        want = norm(p.describe())
        try:
            page.wait_for_function("([box, want]) => box.textContent.replace(/\\s+/g, ' ').includes(want)",
                                   arg=[box.element_handle(), want], timeout=kit.RENDER_TIMEOUT_MS)
        except Exception:
            raise AssertionError(f"preset note: {norm(box.text_content())!r}") from None


def overview_figure_is_shown(page):
    """The picture of the kit's one model (a cell attachment) is drawn at its full size, with its alt text."""
    image = page.locator("img[alt^=\"The kit's one model\"]").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(),
                           timeout=kit.RENDER_TIMEOUT_MS)
    width = image.evaluate("img => img.naturalWidth")
    assert width == 1040, f"the overview figure is {width} px wide, not the figure's 1040"
