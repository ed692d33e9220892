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


def notices_tool():
    """tools/notices.py, loaded by path (tools/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("kit_notices_tool", ROOT / "tools" / "notices.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
def test_notebook_opens_with_the_one_content_note_for_its_lesson(path):
    from lessons.catalog import by_notebook
    from lessons.content.notices import content_note_markdown
    stored_note = notices_tool().stored_note
    nb = load(path)
    assert nb["cells"][0]["cell_type"] == "markdown"
    assert "".join(nb["cells"][0]["source"]).startswith("# "), "the note sits under the title"
    assert stored_note(nb) == content_note_markdown(by_notebook(path.name).number), (
        f"{path.name}: rewrite the note with: python tools/notices.py")
    for needle in ("Content note", "988", "116 123", "85258", "1737", "13 11 14", "findahelpline.com",
                   "immediate danger", "911", "999", "112", "000", "Help works.", "not clinical advice"):
        assert needle in stored_note(nb), f"{path.name}: the content note lacks {needle!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_check_in_follows_the_heaviest_section_of_lessons_01_03_06(path):
    from lessons.catalog import by_notebook
    from lessons.content.notices import CHECK_IN_LESSONS, check_in_markdown
    CHECK_IN_AFTER = notices_tool().CHECK_IN_AFTER
    cells = load(path)["cells"]
    number = by_notebook(path.name).number
    at = [i for i, c in enumerate(cells) if "".join(c["source"]) == check_in_markdown()]
    if number not in CHECK_IN_LESSONS:
        assert at == []
        return
    assert len(at) == 1, f"{path.name} needs exactly one check-in"
    assert "".join(cells[at[0] - 1]["source"]).startswith(CHECK_IN_AFTER[number])
    assert "top" in check_in_markdown() and "break" in check_in_markdown()


def test_notices_tool_finds_every_notebook_current():
    assert notices_tool().main(["--check"]) == 0


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
