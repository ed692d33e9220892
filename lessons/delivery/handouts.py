"""Printable one-page handouts: one for the kit and one per lesson, as HTML and as PDF.

    python -m lessons.delivery.handouts [--out handouts]     # or: make handouts

Everything on a handout comes from the package, so it cannot drift from the lessons: the 2x2 table and the key
terms from the glossary, the crisis lines and the disclaimer from the notices, each lesson's objectives, core path,
times and summary from its notebook and from the timing model. The PDFs are printed by the same headless Chromium
the browser tests use (Playwright's ``page.pdf``), on A4 with room for US Letter.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import pathlib
import re
import shutil
import sys

from ..catalog import LESSONS, ROOT, Lesson
from ..content.glossary import GLOSSARY
from ..content.notices import CRISIS_LINES, DISCLAIMER, emergency_sentence, inline_html, line_markdown
from . import timing

OUT_DIR = ROOT / "handouts"

QUESTIONS_TO_ASK = (
    "How many people like ours need help (the prevalence here), and what PPV does that give?",
    "What are the sensitivity and specificity, measured on people like ours, not only the developer's data?",
    "Of every 1,000 people screened here, how many will be missed and how many flagged in error?",
    "What happens next to a person who is flagged, and to a person who is missed?",
    "Do the errors differ between groups (age, language, ethnicity, how people describe distress)?",
    "What does the tool do when it fails: does it fail open (flag everyone) or fail closed (flag nobody)?",
    "Who reviews the flags, and is there time to review them all?",
    "How will we watch it after launch (audits, a control chart, drift), and who can switch it off?",
)
"""What to ask of any triage AI before it is used on patients (the questions the lessons build up)."""

TWO_BY_TWO = (("correctly flagged", "missed"), ("false alarm", "correctly cleared"))
KIT_TERMS = ("prevalence", "sensitivity", "specificity", "PPV", "NPV", "threshold", "accuracy", "AUC",
             "automation bias", "dataset shift")

CSS = """
@page { size: A4; margin: 12mm 13mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 8.8pt; line-height: 1.3;
       color: #111; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
h2 { font-size: 10.5pt; margin: 3mm 0 1mm; border-bottom: 0.4pt solid #555; }
p, ul, ol { margin: 0 0 1.5mm; }
ul, ol { padding-left: 5mm; }
li { margin: 0 0 0.6mm; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5mm; }
th, td { border: 0.6pt solid #444; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; }
th { background: #eee; }
dl { margin: 0; columns: 2; column-gap: 6mm; }
dt { font-weight: bold; break-after: avoid; }
dd { margin: 0 0 1mm; break-inside: avoid; }
.crisis { border: 1pt solid #000; padding: 1.5mm 2.5mm; margin-top: 2mm; break-inside: avoid; }
.small { font-size: 8pt; color: #333; }
"""


def _crisis_html() -> str:
    lines = " · ".join(inline_html(line_markdown(line)) for line in CRISIS_LINES)
    return (f"<div class='crisis' role='note'><strong>If this brings something up for you</strong>, you can stop at "
            f"any time and talk to someone now. {lines}. {inline_html(emergency_sentence())}"
            f"<br><span class='small'>{inline_html(DISCLAIMER)}</span></div>")


def _terms_html(terms) -> str:
    return "<dl>" + "".join(f"<dt>{html.escape(t)}</dt><dd>{html.escape(GLOSSARY[t])}</dd>" for t in terms) + "</dl>"


def _two_by_two_html(explain: bool = True) -> str:
    (tp, fn), (fp, tn) = TWO_BY_TWO

    def cell(term):
        return f"<td><strong>{html.escape(term)}</strong><br>{html.escape(GLOSSARY[term])}</td>"

    return ("<table><tr><th></th><th scope='col'>flagged</th><th scope='col'>not flagged</th></tr>"
            f"<tr><th scope='row'>needs help</th>{cell(tp)}{cell(fn)}</tr>"
            f"<tr><th scope='row'>does not need help</th>{cell(fp)}{cell(tn)}</tr></table>"
            + ("" if not explain else "<p>Sensitivity reads the top row "
            "(of those who need help, how many are flagged); PPV reads the left "
            "column (of those flagged, how many need help). Prevalence decides how full each row is.</p>"))


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{CSS}</style></head><body><main><h1>{html.escape(title)}</h1>{body}{_crisis_html()}"
            "</main></body></html>")


def kit_html() -> str:
    """The kit's handout: the 2x2 table, key terms, questions to ask of any triage AI, crisis lines."""
    order = ", ".join(f"{n:02d}" for n in timing.SELF_STUDY_ORDER)
    body = ("<p>Every triage system, human or AI, misses some people who need help and flags some who do not. What "
            "those errors do to patients depends on more than accuracy: on how rare the need is, on clinician time, "
            "on trust, on who the tool was built for and on whether anyone watches it.</p>"
            "<h2>The four outcomes</h2>" + _two_by_two_html() +
            "<h2>Key terms</h2>" + _terms_html(KIT_TERMS) +
            "<h2>Questions to ask of any triage AI</h2><ol>" +
            "".join(f"<li>{html.escape(q)}</li>" for q in QUESTIONS_TO_ASK) + "</ol>"
            f"<h2>The lessons</h2><p>Recommended order for self-study: {order}. "
            + "; ".join(f"{e.label} (core about {timing.measure(e).core_minutes} min)" for e in LESSONS) + ".</p>")
    return _page("When an AI triage system gets it wrong: the kit on one page", body)


def _markdown_to_text(md: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[*_`]", "", text).strip()


def lesson_parts(entry: Lesson) -> dict:
    """Objectives (the first numbered list of the first cell), summary points, and the glossary terms it uses."""
    cells = json.loads(entry.path.read_text(encoding="utf-8"))["cells"]
    first = "".join(cells[0]["source"])
    objectives, current = [], None
    for line in first.split("\n"):
        m = re.match(r"^\d+\.\s+(.*)", line)
        if m:
            current = m.group(1)
            objectives.append(current)
        elif current is not None and line.startswith("   ") and line.strip():
            objectives[-1] += " " + line.strip()
        elif objectives and not line.strip():
            current = None
            if objectives:
                break
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    summary = []
    m = re.search(r"^## (?:Core: )?(?:Summary|Key points)\s*\n(.*?)(?=^## |\Z)", markdown, flags=re.M | re.S)
    if m:
        for line in m.group(1).split("\n"):
            if re.match(r"^\s*([*-]|\d+\.)\s+", line):
                summary.append(re.sub(r"^\s*([*-]|\d+\.)\s+", "", line))
            elif summary and line.startswith("  ") and line.strip():
                summary[-1] += " " + line.strip()
    lower = markdown.lower()
    terms = [t for t in GLOSSARY if t != "illustrative" and re.search(r"\b" + re.escape(t.lower()) + r"\b", lower)]
    return {"objectives": [_markdown_to_text(o) for o in objectives],
            "summary": [_markdown_to_text(s) for s in summary], "terms": terms[:8]}


def lesson_html(entry: Lesson) -> str:
    parts = lesson_parts(entry)
    t = timing.measure(entry)
    core = [text for marker, text in timing.sections(entry) if marker == timing.CORE]
    body = (f"<p>Core path about {t.core_minutes} minutes; everything about {t.full_minutes} minutes. "
            f"Core sections: {html.escape(' → '.join(core))}.</p>"
            "<h2>You will be able to</h2><ol>" + "".join(f"<li>{html.escape(o)}</li>" for o in parts["objectives"])
            + "</ol>")
    if parts["summary"]:
        body += "<h2>Key points</h2><ul>" + "".join(f"<li>{html.escape(s)}</li>" for s in parts["summary"]) + "</ul>"
    body += "<h2>Words used in this lesson</h2>" + _terms_html(parts["terms"])
    body += "<h2>The four outcomes</h2>" + _two_by_two_html(explain=False)
    return _page(f"Lesson {entry.label}: one-page handout", body)


def handouts() -> dict[str, str]:
    """File stem -> HTML for every handout: "kit" and "lesson_00" ... "lesson_07"."""
    pages = {"kit": kit_html()}
    pages.update({f"lesson_{e.code}": lesson_html(e) for e in LESSONS})
    return pages


def find_chromium() -> str:
    for candidate in (os.environ.get("KIT_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    raise RuntimeError("Chromium not found: install it (apt-get install chromium) or set KIT_CHROMIUM")


def write(out: pathlib.Path = OUT_DIR, pdf: bool = True) -> list[pathlib.Path]:
    """Write every handout as HTML (and PDF, printed by headless Chromium) into ``out``."""
    if not isinstance(out, pathlib.Path):
        raise ValueError(f"out must be a pathlib.Path; got {out!r}")
    out.mkdir(parents=True, exist_ok=True)
    pages = handouts()
    written = []
    for stem, page in pages.items():
        path = out / f"{stem}.html"
        path.write_text(page, encoding="utf-8")
        written.append(path)
    if pdf:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=find_chromium(),
                                        args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            for stem, text in pages.items():
                page.set_content(text, wait_until="load")
                target = out / f"{stem}.pdf"
                page.pdf(path=str(target), format="A4", print_background=True, prefer_css_page_size=True)
                written.append(target)
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(OUT_DIR), help="folder for the handouts (default: handouts/)")
    parser.add_argument("--html-only", action="store_true", help="write HTML only, no PDF")
    args = parser.parse_args(argv)
    for path in write(pathlib.Path(args.out), pdf=not args.html_only):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
