"""The static fallback: lessons exported to self-contained HTML pages that open offline."""

import pathlib
import re

import pytest

from lessons.ui import offline as static
from lessons.ui.explorers import ScreeningExplorer

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def exported(static_site):
    """Lesson 00's static page, from the session's one export (tests/conftest.py)."""
    return static_site.pages("00_start_here")


def test_page_and_index_exist_and_link_each_other(exported):
    page = (exported / "00_start_here.html").read_text()
    index = (exported / "index.html").read_text()
    assert 'href="00_start_here.html"' in index
    assert 'href="index.html"' in page
    assert 'href="01_instant_support.html"' in page  # lesson links point at the pages, not .ipynb


def test_page_shows_figures_text_twins_and_the_kernel_note(exported):
    page = (exported / "00_start_here.html").read_text()
    assert page.count('class="plotly-graph-div"') + page.count("kit-people-static") >= 1
    assert "Of 1,000 people screened, 100 need help" in page  # the text twin
    assert "need a running Python kernel" in page
    assert "Content note" in page and "988" in page
    from lessons.content.notices import help_bar_html

    index = (exported / "index.html").read_text()
    assert help_bar_html() in page and help_bar_html() in index  # the one notice, before the lesson
    assert page.index(help_bar_html()) < page.index("<main>")
    assert "from lessons" not in page  # code cells hidden
    assert re.search(r'<img[^>]+src="data:image/png;base64,[^"]+"[^>]+alt="The kit', page) or re.search(
        r'<img[^>]+alt="The kit[^>]+src="data:image/png;base64,', page), "the overview figure, embedded"


def test_page_requests_nothing_from_the_network(exported):
    page = (exported / "00_start_here.html").read_text()
    assert not re.findall(r"<script[^>]+src=", page)
    assert not re.findall(r"<link[^>]+href=\"https?:", page)
    assert not re.findall(r"<img[^>]+src=\"https?:", page)
    assert "widget-state+json" not in page
    assert 4_000_000 < len(page.encode()) < 7_000_000  # plotly.js inline (4.8 MB), nothing else large


def test_explorer_static_html_has_figure_twin_and_starting_values(monkeypatch):
    monkeypatch.setenv(static.STATIC_ENV, "1")
    assert static.is_static()
    fragment = static.explorer_html(ScreeningExplorer())
    assert "Prevalence (share who need help)</strong>: 0.1" in fragment
    assert "kit-people-static" in fragment and "aria-live" in fragment
    assert fragment.count("<circle") + fragment.count("<path") >= 1000  # one mark per person, drawn inline


def test_static_plotly_figures_become_html_for_the_page():
    import importlib.util

    import nbformat
    import plotly.graph_objects as go

    spec = importlib.util.spec_from_file_location("export_html", ROOT / "tools" / "export_html.py")
    export_html = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(export_html)
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]), layout={"title": {"text": "t"}})
    out = nbformat.v4.new_output("display_data", data={"application/vnd.plotly.v1+json": fig.to_plotly_json()})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("fig", outputs=[out])])
    export_html.plotly_outputs_to_html(nb)
    data = nb.cells[0].outputs[0]["data"]
    assert "application/vnd.plotly.v1+json" not in data
    assert "plotly-graph-div" in data["text/html"] and "<script src" not in data["text/html"]
