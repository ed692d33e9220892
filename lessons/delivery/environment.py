"""The Binder / conda environment (``environment.yml``), generated from ``requirements.txt``.

    python -m lessons.delivery.environment            # rewrite environment.yml
    python -m lessons.delivery.environment --check    # exit 1 if environment.yml is out of date

conda provides only Python and pip; every runtime package comes from a ``pip:`` section holding the
lines of ``requirements.txt`` exactly, so a Binder image installs the versions ``make test`` tests
(conda-forge did not list five of the seven pins when this was written, and a missing conda pin fails
the build). repo2docker installs this file into its own base environment, which already has
``notebook`` 7.4 (it needs JupyterLab below 4.5): :data:`BINDER_ONLY` pins the ``notebook`` release that
goes with the pinned JupyterLab, so pip can install JupyterLab 4.6.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
PYTHON = "3.11"

BINDER_ONLY = {
    "notebook": ("7.6.5", "repo2docker's base environment has notebook 7.4, which caps JupyterLab below 4.5; "
                          "notebook 7.6.5 requires jupyterlab>=4.6.6,<4.7"),
}

_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)$")


def requirement_lines(requirements: pathlib.Path) -> list[str]:
    """The pinned lines of a requirements file, in order ("name==version"); anything else is an error."""
    lines = []
    for raw in requirements.read_text(encoding="utf-8").splitlines():
        line = raw.split("#")[0].strip()
        if not line:
            continue
        if not _PIN.match(line):
            raise ValueError(f"requirements: every line must be name==version; got {raw!r} in {requirements}")
        lines.append(line)
    return lines


def render(requirements: pathlib.Path = ROOT / "requirements.txt") -> str:
    """The text of environment.yml."""
    out = [
        "# Binder / conda environment. GENERATED from requirements.txt by",
        "#   python -m lessons.delivery.environment",
        "# (tests/test_environment.py fails if it is out of date). conda gives Python and pip; the runtime",
        "# packages come from pip at exactly the versions requirements.txt pins.",
        "name: ai-triage-lessons",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={PYTHON}",
        "  - pip",
        "  - pip:",
    ]
    out += [f"      - {line}" for line in requirement_lines(requirements)]
    for name, (version, why) in BINDER_ONLY.items():
        out.append(f"      # Binder only: {why}")
        out.append(f"      - {name}=={version}")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that environment.yml is up to date")
    ap.add_argument("--root", type=pathlib.Path, default=ROOT)
    args = ap.parse_args(argv)
    target = args.root / "environment.yml"
    text = render(args.root / "requirements.txt")
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print(f"{target} is out of date: run python -m lessons.delivery.environment", file=sys.stderr)
            return 1
        print(f"{target} matches requirements.txt")
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
