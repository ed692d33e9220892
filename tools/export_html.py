"""Export every lesson to a self-contained HTML page that opens offline (``make html``).

    python tools/export_html.py [--out site] [notebooks/NN_name.ipynb ...]

Each page carries its markdown, the figures in their default state (plotly.js
inline, no network), the text twins, and a note that the controls need a
running kernel. Code cells are hidden. ``site/index.html`` lists every page in the folder, so
exporting one notebook again keeps the others listed.
"""

from __future__ import annotations

import argparse
import html
import os
import pathlib
import re
import sys

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from plotly.offline import get_plotlyjs

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from lessons.content.notices import help_bar_html  # noqa: E402
from lessons.ui.offline import KERNEL_NOTE, STATIC_ENV  # noqa: E402

CSS = """
body { font-family: Arial, Helvetica, sans-serif; font-size: 17px; line-height: 1.55; color: #1a1a1a;
       max-width: 60em; margin: 0 auto; padding: 1em 1.5em 4em; }
a { color: #0056a3; text-decoration: underline; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #999; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
blockquote { border-left: 4px solid #0072B2; margin: 1em 0; padding: 0.2em 1em; background: #f3f7fb; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; white-space: pre-wrap; }
.kit-banner { background: #fff4d6; border: 2px solid #E69F00; padding: 0.8em 1em; margin: 1em 0; }
.kit-static-note { font-style: italic; }
.kit-text-twin { background: #f3f7fb; border-left: 4px solid #009E73; padding: 0.3em 1em; margin: 0.5em 0 1.5em; }
.kit-help { border: 2px solid #0072B2; padding: 0.4em 1em; margin: 1em 0; font-size: 0.95em; }
.kit-help ul { margin: 0.3em 0; padding-left: 1.4em; }
.kit-help p { margin: 0.3em 0; }
details { margin: 1em 0; padding: 0.5em 1em; border: 1px solid #bbb; }
summary { cursor: pointer; font-weight: bold; }
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
<script>{plotlyjs}</script>
</head>
<body>
<header><nav aria-label="Lessons"><a href="index.html">All lessons</a></nav>
<p class="kit-banner" role="note">{note}</p>
{help}</header>
<main>
{body}
</main>
</body>
</html>
"""


def execute_static(path: pathlib.Path):
    """Run the notebook in a kernel that renders explorers as static HTML."""
    nb = nbformat.read(path, as_version=4)
    old = os.environ.get(STATIC_ENV)
    os.environ[STATIC_ENV] = "1"
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=False,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        if old is None:
            os.environ.pop(STATIC_ENV, None)
        else:
            os.environ[STATIC_ENV] = old
    return nb


def plotly_outputs_to_html(nb) -> None:
    """Static figures shown with plotly's mimetype (go.Figure) become HTML drawn by the inline plotly.js."""
    import plotly.graph_objects as go
    import plotly.io as pio

    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            spec = data.get("application/vnd.plotly.v1+json")
            if spec is not None:
                fig = go.Figure(spec)
                data["text/html"] = pio.to_html(fig, include_plotlyjs=False, full_html=False,
                                                config={"displaylogo": False, "responsive": True})
                del data["application/vnd.plotly.v1+json"]


def notebook_title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if m:
                return m.group(1).strip()
    return fallback


def export(path: pathlib.Path, out: pathlib.Path, plotlyjs: str) -> pathlib.Path:
    nb = execute_static(path)
    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    nb.metadata.pop("widgets", None)
    plotly_outputs_to_html(nb)
    body, _ = exporter.from_notebook_node(nb)
    body = re.sub(r'href="(\d\d_[a-z_]+)\.ipynb"', r'href="\1.html"', body)  # links between lessons
    title = notebook_title(nb, path.stem)
    page = PAGE.format(title=html.escape(title), css=CSS, plotlyjs=plotlyjs, note=html.escape(KERNEL_NOTE),
                       help=help_bar_html(), body=body)
    target = out / f"{path.stem}.html"
    target.write_text(page, encoding="utf-8")
    return target


def write_index(out: pathlib.Path, pages: list[tuple[str, str]]) -> None:
    items = "".join(f'<li><a href="{html.escape(f)}">{html.escape(t)}</a></li>' for f, t in pages)
    body = f"<h1>When an AI triage system gets it wrong: a Jupyter teaching kit (static copy)</h1><ol>{items}</ol>"
    (out / "index.html").write_text(
        PAGE.format(title="When an AI triage system gets it wrong: lessons", css=CSS, plotlyjs="",
                    note=html.escape(KERNEL_NOTE), help=help_bar_html(), body=body),
        encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "site")
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path)
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    args.out.mkdir(parents=True, exist_ok=True)
    plotlyjs = get_plotlyjs()
    for path in paths:
        target = export(path, args.out, plotlyjs)
        print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB)")
    write_index(args.out, pages_in(args.out))
    return 0


def pages_in(out: pathlib.Path) -> list[tuple[str, str]]:
    """Every lesson page in ``out`` (this run's and earlier ones), with its notebook's title, in lesson order."""
    pages = []
    for page in sorted(out.glob("[0-9][0-9]_*.html")):
        notebook = ROOT / "notebooks" / f"{page.stem}.ipynb"
        if notebook.exists():
            pages.append((page.name, notebook_title(nbformat.read(notebook, as_version=4), page.stem)))
    return pages


if __name__ == "__main__":
    sys.exit(main())
