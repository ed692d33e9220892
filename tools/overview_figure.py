"""Draw the kit's one model as an accessible SVG: score -> threshold -> four outcomes -> care, queues and time
-> monitoring (and back).

    python tools/overview_figure.py            # writes assets/kit-model.svg and its picture in notebook 00
    python tools/overview_figure.py --check    # exit 1 if either stored copy is not of what this draws

Notebook 00 carries the figure as a PNG cell attachment (cell id ``kit-model``), so it shows in JupyterLab, Voila
and the static pages, whose servers see only the notebooks folder (JupyterLab renders PNG attachments, not SVG
ones). The PNG is the SVG drawn by headless Chromium; the cell's metadata records the SHA-256 of the SVG it was
drawn from, so a test can tell a stale picture without a browser.

The outcome colours, marker shapes and labels come from :data:`lessons.ui.palette.OUTCOME_STYLE`, so the figure
matches the explorers. Every colour carries a shape and a word too; the SVG has a <title> and a <desc> for
screen readers, and a white background so it reads the same in light and dark themes.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import pathlib
import sys
import textwrap

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from lessons.ui.palette import OKABE_ITO, OUTCOME_STYLE  # noqa: E402

TARGET = ROOT / "assets" / "kit-model.svg"
NOTEBOOK = ROOT / "notebooks" / "00_start_here.ipynb"
CELL_ID = "kit-model"

TITLE = "The kit's one model, in five steps"
DESC = (
    "A flow from left to right. 1, a risk score: the AI gives each person a score. "
    "2, a threshold: people at or above it are flagged, the others are not. "
    "3, four outcomes: correctly flagged (needs help and is flagged), missed (needs help, not flagged), "
    "false alarm (flagged, does not need help) and correctly cleared (neither). "
    "4, care, queues and time: flagged people wait for limited clinician time, false alarms take slots, "
    "missed people get no human contact until they come back. "
    "5, monitoring: audits and control charts watch the errors month by month, for every group. "
    "An arrow runs back from monitoring to the threshold: what monitoring finds should change the threshold, "
    "the tool or the service."
)

STAGES = (
    ("1. A risk score", "The AI gives each person a score from what it reads: answers, messages, records."),
    ("2. A threshold", "At or above it: flagged. Below it: not flagged. Moving it trades misses for false alarms."),
    ("3. Four outcomes", ""),
    ("4. Care, queues and time", "Flagged people wait for limited clinician time; false alarms take slots; "
                                 "missed people wait until they come back."),
    ("5. Monitoring", "Audits and control charts watch the errors month by month, for every group."),
)

OUTCOME_WORDS = {
    "correctly flagged": "needs help, flagged",
    "missed": "needs help, not flagged",
    "false alarm": "flagged, no need",
    "correctly cleared": "no need, not flagged",
}

WIDTH, HEIGHT = 1040, 330
BOX_W, BOX_H, GAP, TOP = 176, 220, 30, 30
FONT = "Arial, Helvetica, sans-serif"
INK = "#1a1a1a"


def marker(kind: str, x: float, y: float) -> str:
    """The outcome's shape, as the explorers draw it (plotly symbols circle, x, triangle-up, circle-open)."""
    colour, symbol, _ = OUTCOME_STYLE[kind]
    r = 7
    if symbol == "circle":
        return f'<circle cx="{x}" cy="{y}" r="{r}" fill="{colour}" stroke="#000" stroke-width="1"/>'
    if symbol == "circle-open":
        return f'<circle cx="{x}" cy="{y}" r="{r - 1}" fill="none" stroke="{colour}" stroke-width="3"/>'
    if symbol == "x":
        return (f'<path d="M{x - r} {y - r} L{x + r} {y + r} M{x - r} {y + r} L{x + r} {y - r}" '
                f'stroke="{colour}" stroke-width="4" stroke-linecap="round"/>')
    if symbol == "triangle-up":
        return (f'<path d="M{x} {y - r - 1} L{x + r + 1} {y + r} L{x - r - 1} {y + r} Z" fill="{colour}" '
                f'stroke="#000" stroke-width="1"/>')
    raise ValueError(f"symbol must be one of circle, circle-open, x, triangle-up; got {symbol!r}")


def text_lines(lines, x, y, size=14, weight="normal", line_height=18) -> str:
    spans = "".join(f'<tspan x="{x}" dy="{0 if i == 0 else line_height}">{html.escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text x="{x}" y="{y}" font-family="{FONT}" font-size="{size}" font-weight="{weight}" '
            f'fill="{INK}">{spans}</text>')


def draw() -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        'role="img" aria-labelledby="kit-model-title kit-model-desc">',
        f'<title id="kit-model-title">{html.escape(TITLE)}</title>',
        f'<desc id="kit-model-desc">{html.escape(DESC)}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        '<defs><marker id="kit-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        f'orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 Z" fill="{INK}"/></marker></defs>',
    ]
    xs = [20 + i * (BOX_W + GAP) for i in range(len(STAGES))]
    for i, ((head, body), x) in enumerate(zip(STAGES, xs)):
        edge = OKABE_ITO["blue"] if i != 4 else OKABE_ITO["bluish_green"]
        parts.append(f'<rect x="{x}" y="{TOP}" width="{BOX_W}" height="{BOX_H}" rx="10" fill="#ffffff" '
                     f'stroke="{edge}" stroke-width="2.5"/>')
        parts.append(text_lines(textwrap.wrap(head, 20), x + 12, TOP + 26, size=16, weight="bold"))
        if body:
            parts.append(text_lines(textwrap.wrap(body, 22), x + 12, TOP + 62 + (18 if len(head) > 20 else 0)))
        else:
            for j, kind in enumerate(OUTCOME_STYLE):
                y = TOP + 66 + j * 38
                parts.append(marker(kind, x + 22, y))
                label = OUTCOME_STYLE[kind][2]
                parts.append(text_lines([label], x + 38, y + 5, size=14, weight="bold"))
                parts.append(text_lines([OUTCOME_WORDS[kind]], x + 38, y + 22, size=12))
        if i < len(STAGES) - 1:
            y = TOP + BOX_H / 2
            parts.append(f'<line x1="{x + BOX_W + 2}" y1="{y}" x2="{x + BOX_W + GAP - 3}" y2="{y}" stroke="{INK}" '
                         'stroke-width="2.5" marker-end="url(#kit-arrow)"/>')
    # monitoring feeds back to the threshold
    back_y = TOP + BOX_H + 40
    x_from, x_to = xs[4] + BOX_W / 2, xs[1] + BOX_W / 2
    parts.append(f'<path d="M{x_from} {TOP + BOX_H + 2} L{x_from} {back_y} L{x_to} {back_y} L{x_to} {TOP + BOX_H + 4}" '
                 f'fill="none" stroke="{INK}" stroke-width="2.5" stroke-dasharray="8 5" marker-end="url(#kit-arrow)"/>')
    parts.append(text_lines(["What monitoring finds changes the threshold, the tool or the service"],
                            xs[1] + BOX_W / 2 + 20, back_y - 8, size=14))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def svg_hash(svg: str) -> str:
    return hashlib.sha256(svg.encode("utf-8")).hexdigest()


def figure_cell(nb: dict) -> dict:
    for cell in nb["cells"]:
        if cell.get("id") == CELL_ID:
            return cell
    raise ValueError(f"notebook must have a markdown cell with id {CELL_ID!r}; {NOTEBOOK.name} has none")


def drawn_from(nb: dict) -> str | None:
    """The SHA-256 of the SVG that notebook 00's picture was drawn from (None if not recorded)."""
    return figure_cell(nb).get("metadata", {}).get("kit", {}).get("svg_sha256")


def render_png(svg: str) -> bytes:
    """The SVG as a PNG at its own size, drawn by headless Chromium (the browser tests' one)."""
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    import kitbrowser as kit
    from playwright.sync_api import sync_playwright

    chromium = kit.find_chromium()
    if chromium is None:
        raise RuntimeError(kit.INSTALL_HINT)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=kit.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
        page.set_content(f"<!DOCTYPE html><html><body style='margin:0'>{svg}</body></html>")
        png = page.locator("svg").screenshot(animations="disabled")
        browser.close()
    return png


def embed(nb: dict, svg: str, png: bytes) -> None:
    """Put the picture into notebook 00's figure cell (attachment and hash; the cell's text is left as written)."""
    cell = figure_cell(nb)
    cell["attachments"] = {"kit-model.png": {"image/png": base64.b64encode(png).decode()}}
    cell.setdefault("metadata", {})["kit"] = {"svg_sha256": svg_hash(svg)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare the stored copies instead of writing them")
    args = parser.parse_args(argv)
    svg = draw()
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    if args.check:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == svg and drawn_from(nb) == svg_hash(svg)
        print("the overview figure is " + ("up to date" if same else "stale: run python tools/overview_figure.py"))
        return 0 if same else 1
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(svg, encoding="utf-8")
    embed(nb, svg, render_png(svg))
    NOTEBOOK.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} and its copy in {NOTEBOOK.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
