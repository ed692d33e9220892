"""assets/: the overview figure of the kit's one model (and the README's screenshots).

The figure is drawn by tools/overview_figure.py from the kit's palette; the stored SVG, and the picture notebook 00
carries, must be of what the tool draws, readable by a screen reader, and never rely on colour alone.
"""

from __future__ import annotations

import base64
import importlib.util
import pathlib
import re
import struct
import xml.etree.ElementTree as ET

import pytest
from nbfiles import load_notebook

from lessons.ui.palette import OKABE_ITO, OUTCOME_STYLE

ROOT = pathlib.Path(__file__).resolve().parents[1]
SVG_PATH = ROOT / "assets" / "kit-model.svg"
NS = {"svg": "http://www.w3.org/2000/svg"}


def tool():
    spec = importlib.util.spec_from_file_location("overview_figure", ROOT / "tools" / "overview_figure.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def svg() -> ET.Element:
    return ET.fromstring(SVG_PATH.read_text(encoding="utf-8"))


def all_text(root: ET.Element) -> str:
    return " ".join(" ".join(t.itertext()) for t in root.iter(f"{{{NS['svg']}}}text"))


def test_stored_figure_and_notebook_picture_are_of_what_the_tool_draws():
    figure = tool()
    drawn = figure.draw()
    assert SVG_PATH.read_text(encoding="utf-8") == drawn, "assets/kit-model.svg is stale: run tools/overview_figure.py"
    assert figure.drawn_from(load_notebook("00_start_here")) == figure.svg_hash(drawn), (
        "notebook 00's picture was drawn from another version of the figure: run tools/overview_figure.py")


def test_figure_is_labelled_for_screen_readers(svg):
    assert svg.get("role") == "img"
    title, desc = svg.find("svg:title", NS), svg.find("svg:desc", NS)
    assert title is not None and desc is not None and title.text.strip() and len(desc.text) > 200
    assert svg.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    for step in ("risk score", "threshold", "four outcomes", "care, queues and time", "monitoring"):
        assert step in desc.text.lower(), f"the description leaves out {step!r}"


def test_figure_shows_the_five_steps_in_order_and_every_outcome_in_words(svg):
    text = all_text(svg)
    heads = [text.index(f"{i}. ") for i in range(1, 6)]
    assert heads == sorted(heads)
    for _, _, label in OUTCOME_STYLE.values():
        assert label in text, f"{label!r} is not written in the figure"


def test_colours_are_okabe_ito_and_outcomes_differ_by_shape(svg):
    source = SVG_PATH.read_text(encoding="utf-8")
    allowed = {c.lower() for c in OKABE_ITO.values()} | {"#ffffff", "#000", "#1a1a1a"}
    used = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{3,6}\b", source)}
    assert used <= allowed, f"colours outside the Okabe-Ito palette: {used - allowed}"
    figure = tool()
    shapes = {figure.marker(kind, 0, 0).replace(colour, "") for kind, (colour, _, _) in OUTCOME_STYLE.items()}
    assert len(shapes) == len(OUTCOME_STYLE), "with the colours taken away, two outcomes look the same"


def test_lesson_00_shows_the_figure_with_alt_text():
    cell = next(c for c in load_notebook("00_start_here")["cells"] if c.get("id") == "kit-model")
    assert cell["cell_type"] == "markdown"
    alt = re.search(r"!\[([^\]]+)\]\(attachment:kit-model\.png\)", "".join(cell["source"]))
    assert alt and len(alt.group(1)) > 100, "the image needs alt text that says what the figure shows"
    for step in ("risk score", "threshold", "four outcomes", "monitoring"):
        assert step in alt.group(1)
    png = base64.b64decode(cell["attachments"]["kit-model.png"]["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    figure = tool()
    assert (width, height) == (figure.WIDTH, figure.HEIGHT), "the picture is the whole figure at its own size"


def test_readme_shows_the_figure_and_the_screenshots_it_names_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](assets/kit-model.svg)" in readme
    for path in re.findall(r"\]\((assets/[^)]+)\)", readme):
        assert (ROOT / path).exists(), f"README shows {path}, which is missing"
