"""The static fallback (`make html`) opened in a real browser: figures drawn, text twins shown, nothing fetched.

Every lesson is exported once per session (tools/export_html.py, through the ``static_site`` fixture in
tests/conftest.py, which tests/test_static_export.py shares) and each page is opened from disk (file://), as a
reader without a kernel or a network would open it.
"""

from __future__ import annotations

import pathlib

import kitbrowser as kit
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def site(static_site, chromium_path):
    return static_site.pages()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_static_page_shows_figures_and_text_twins_offline(browser, site, notebook):
    page_path = site / f"{notebook.stem}.html"
    assert page_path.exists(), f"make html did not write {page_path.name}"
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(page_path.as_uri())
        figures = page.locator(".plotly-graph-div")
        count = figures.count()
        assert count >= 1, "no figure on the page"
        # plotly draws asynchronously: wait until every figure has its SVG with traces
        page.wait_for_function(
            "n => [...document.querySelectorAll('.plotly-graph-div')]"
            ".filter(d => d.querySelector('.main-svg') && d.getBoundingClientRect().height > 50).length === n",
            arg=count, timeout=120_000)
        twins = page.locator(".kit-text-twin")
        assert twins.count() >= 1 and twins.first.inner_text().strip(), "no text twin on the page"
        assert page.get_by_text("need a running Python kernel").first.is_visible()
        assert not errors, f"page errors: {errors}"
        plain = kit.links_told_by_colour_only(page, "a")
        assert not plain, f"links told apart by colour only: {plain[:5]}"
        off_machine = [u for u in requests if not u.startswith(LOCAL_SCHEMES)]
        assert not off_machine, f"requests left the machine: {off_machine[:5]}"
    finally:
        page.close()


def test_static_index_links_every_page(browser, site):
    page = browser.new_page()
    try:
        page.goto((site / "index.html").as_uri())
        hrefs = page.eval_on_selector_all("main a", "els => els.map(e => e.getAttribute('href'))")
        assert sorted(hrefs) == sorted(f"{p.stem}.html" for p in NOTEBOOKS)
    finally:
        page.close()
