"""Stored notebooks: small, clean, and carrying the content every lesson needs.

nbval (``make test`` runs ``pytest --nbval-lax notebooks``) executes them; these
tests check what is stored and what the reader sees before running anything.
"""

import hashlib
import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if re.match(r"0[1-9]_", p.name)]
from lessons.catalog import CHECK_TAG  # noqa: E402
MAX_BYTES = 150_000


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def markdown_text(nb):
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def ids(paths):
    return [p.name for p in paths]


def test_there_is_a_start_notebook():
    assert (ROOT / "notebooks" / "00_start_here.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_stored_notebook_is_small_and_holds_only_checked_outputs(path):
    assert path.stat().st_size <= MAX_BYTES, f"{path.name} is {path.stat().st_size:,} bytes"
    nb = load(path)
    assert "widgets" not in nb["metadata"], "stored widget state"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        checked = CHECK_TAG in cell.get("metadata", {}).get("tags", [])
        outputs = cell.get("outputs", [])
        if not checked:
            assert outputs == [], f"cell {i} stores outputs nbval does not check"
            assert cell.get("execution_count") is None, f"cell {i} has a stray execution count"
        for out in outputs:
            assert out["output_type"] != "error", f"cell {i} stores an error"
            data = out.get("data", {})
            assert "application/vnd.plotly.v1+json" not in data, f"cell {i} stores plotly JSON"
            assert "application/vnd.jupyter.widget-view+json" not in data, f"cell {i} stores a widget view"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_notebook_has_a_checked_deterministic_text_output(path):
    nb = load(path)
    checked = [c for c in nb["cells"] if CHECK_TAG in c.get("metadata", {}).get("tags", [])]
    assert checked, "no cell's output is checked by nbval"
    assert all(c.get("outputs") for c in checked), "a checked cell has no stored output to compare"
    assert all(c.get("execution_count") for c in checked), "nbval skips checked cells without a count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_notebook_opens_with_content_note_crisis_lines_and_disclaimer(path):
    nb = load(path)
    first_md = "".join(next(c for c in nb["cells"] if c["cell_type"] == "markdown")["source"])
    for needle in ("Content note", "988", "116 123", "findahelpline.com", "not clinical advice"):
        assert needle in first_md, f"{path.name}: first markdown cell lacks {needle!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_no_markdown_cell_copies_ten_words_from_the_article(path):
    hashes = {
        line.strip() for line in (ROOT / "tests" / "data" / "article_10gram_hashes.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for i, cell in enumerate(load(path)["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        words = re.findall(r"[a-z']+", "".join(cell["source"]).lower())
        for j in range(len(words) - 9):
            run = " ".join(words[j:j + 10])
            assert hashlib.sha1(run.encode()).hexdigest()[:16] not in hashes, (
                f"{path.name} cell {i} copies the article: '{run}'")


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_lesson_has_every_required_part(path):
    nb = load(path)
    text = markdown_text(nb)
    lower = text.lower()
    assert "learning objectives" in lower or "you will" in lower
    assert "predict" in lower
    assert lower.count("<details") >= 2, "two or more exercises with hidden worked solutions"
    assert "discussion" in lower
    assert "## going further (optional): sources" in lower
    assert "makeuseof.com" in text, "links to the article"
    codes = [c for c in nb["cells"] if c["cell_type"] == "code"]
    long_cells = ["".join(c["source"]) for c in codes if len("".join(c["source"]).strip().splitlines()) > 4]
    assert not long_cells, f"notebook code cells should be short calls into lessons: {long_cells[:1]}"


def test_start_here_links_every_lesson():
    text = markdown_text(load(ROOT / "notebooks" / "00_start_here.ipynb"))
    for path in LESSONS:
        assert f"({path.name})" in text, f"00_start_here does not link {path.name}"


def test_readme_lesson_map_lists_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert path.name in readme, f"README does not list {path.name}"
