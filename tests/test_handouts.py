"""The printable handouts: built from the package's content, one page each, crisis lines on every one.

The HTML checks run everywhere; the PDF checks print with headless Chromium (as `make handouts` does) and read the
PDFs back: the page count from the page tree, the text through each font's ToUnicode map.
"""

from __future__ import annotations

import html
import pathlib
import re
import subprocess
import sys
import unicodedata
import zlib

import pytest

from lessons.catalog import LESSONS
from lessons.content.glossary import GLOSSARY
from lessons.content.notices import (
    CRISIS_LINES,
    DISCLAIMER,
    EMERGENCY_NUMBERS,
    emergency_sentence,
    inline_html,
    line_markdown,
)
from lessons.delivery import handouts, timing

STEMS = ["kit"] + [f"lesson_{e.code}" for e in LESSONS]


def test_there_is_a_handout_for_the_kit_and_each_lesson():
    assert sorted(handouts.handouts()) == sorted(STEMS)


@pytest.mark.parametrize("stem", STEMS)
def test_every_handout_carries_the_crisis_lines_and_disclaimer(stem):
    page = handouts.handouts()[stem]
    for line in CRISIS_LINES:
        assert inline_html(line_markdown(line)) in page
    for _, number in EMERGENCY_NUMBERS:
        assert f"<strong>{number}</strong>" in page
    assert inline_html(DISCLAIMER) in page


def test_kit_handout_has_the_two_by_two_terms_and_questions():
    page = handouts.kit_html()
    for term in ("correctly flagged", "missed", "false alarm", "correctly cleared"):
        assert f"<strong>{term}</strong><br>{GLOSSARY[term]}" in page
    for question in handouts.QUESTIONS_TO_ASK:
        assert html.escape(question) in page
    for term in handouts.KIT_TERMS:
        assert f"<dt>{term}</dt>" in page


@pytest.mark.parametrize("entry", LESSONS, ids=[e.label for e in LESSONS])
def test_lesson_handout_states_the_modelled_times_and_its_objectives(entry):
    page = handouts.lesson_html(entry)
    t = timing.measure(entry)
    assert f"Core path about {t.core_minutes} minutes; everything about {t.full_minutes} minutes." in page
    parts = handouts.lesson_parts(entry)
    assert 3 <= len(parts["objectives"]) <= 6, parts["objectives"]
    assert parts["terms"], "a lesson handout lists the glossary words the lesson uses"


@pytest.mark.parametrize("bad", ["handouts", None, 3])
def test_write_rejects_a_folder_that_is_not_a_path(bad):
    with pytest.raises(ValueError, match="out must be"):
        handouts.write(bad, pdf=False)


# --- reading the PDFs back --------------------------------------------------------------------------------------

_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)


def pdf_objects(data: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Object number -> (dictionary text, decoded stream or b"")."""
    out = {}
    for m in _OBJ.finditer(data):
        body = m.group(2)
        head, stream = body, b""
        s = re.search(rb"stream\r?\n(.*)endstream", body, re.S)
        if s:
            head, stream = body[: s.start()], s.group(1)
            if b"/FlateDecode" in head:
                stream = zlib.decompress(stream)
        out[int(m.group(1))] = (head, stream)
    return out


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def _cmap(stream: bytes) -> tuple[int, dict[bytes, str]]:
    width = 2
    space = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", stream)
    if space:
        width = len(space.group(1)) // 2
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[bytes.fromhex(src.decode())] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            a, b, start = int(lo, 16), int(hi, 16), int(dst, 16)
            for i, code in enumerate(range(a, b + 1)):
                table[code.to_bytes(width, "big")] = chr(start + i)
    return width, table


def pdf_text(data: bytes) -> str:
    """The text of a Chromium (Skia) PDF, decoded through each font's ToUnicode CMap; whitespace removed."""
    objects = pdf_objects(data)
    fonts = {}
    for number, (head, _) in objects.items():
        tu = re.search(rb"/ToUnicode (\d+) 0 R", head)
        if tu:
            fonts[number] = _cmap(objects[int(tu.group(1))][1])
    names = {}
    for head, _ in objects.values():
        for block in re.findall(rb"/Font\s*<<(.*?)>>", head, re.S):
            for name, number in re.findall(rb"/([\w.+-]+) (\d+) 0 R", block):
                if int(number) in fonts:
                    names[name] = fonts[int(number)]
    text = []
    for _head, stream in objects.values():
        if b"Tf" not in stream:
            continue
        width, table = 2, {}
        for m in re.finditer(rb"/([\w.+-]+) [\d.]+ Tf|<([0-9A-Fa-f]*)>|\(((?:\\.|[^\\)])*)\)", stream):
            if m.group(1) is not None:
                width, table = names.get(m.group(1), (2, {}))
            elif m.group(2) is not None:
                raw = bytes.fromhex(m.group(2).decode())
                text += [table.get(raw[i:i + width], "") for i in range(0, len(raw), width)]
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", "".join(text)))  # NFKC: the "fl" ligature -> "fl"


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    pytest.importorskip("playwright.sync_api")
    try:
        handouts.find_chromium()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    out = tmp_path_factory.mktemp("handouts")
    # as `make handouts` runs it, in its own process: Playwright's sync API cannot start inside a test session
    # whose browser tests already hold one (it refuses to run inside their event loop)
    subprocess.run([sys.executable, "-m", "lessons.delivery.handouts", "--out", str(out)], check=True,
                   capture_output=True, timeout=600, cwd=pathlib.Path(__file__).resolve().parents[1])
    return out


@pytest.mark.browser
@pytest.mark.parametrize("stem", STEMS)
def test_each_pdf_is_one_page_with_the_crisis_lines(printed, stem):
    data = (printed / f"{stem}.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    assert page_count(data) == 1
    text = pdf_text(data)
    plain = lambda md: re.sub(r"\s+|\*\*", "", re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", md))  # noqa: E731
    for line in CRISIS_LINES:
        assert plain(line_markdown(line)) in text, line
    assert plain(emergency_sentence()) in text
    assert plain(DISCLAIMER) in text


def test_the_pdf_readers_can_fail():
    """A made-up two-page PDF with a one-glyph font: two pages counted, its text read, an absent word not found."""
    cmap = zlib.compress(b"begincodespacerange <0000> <FFFF> endcodespacerange\n"
                         b"2 beginbfchar <0001> <0048> <0002> <0069> endbfchar")
    content = zlib.compress(b"BT /F1 12 Tf <00010002> Tj ET")
    pdf = (b"%PDF-1.4\n1 0 obj\n<</Type /Page>>\nendobj\n2 0 obj\n<</Type /Page /Resources <</Font <</F1 4 0 R>>>>>>"
           b"\nendobj\n3 0 obj\n<</Filter /FlateDecode /Length 1>> stream\n" + content + b"endstream\nendobj\n"
           b"4 0 obj\n<</Type /Font /ToUnicode 5 0 R>>\nendobj\n5 0 obj\n<</Filter /FlateDecode>> stream\n"
           + cmap + b"endstream\nendobj\n")
    assert page_count(pdf) == 2
    assert pdf_text(pdf) == "Hi"
