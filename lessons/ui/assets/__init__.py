"""The widgets' JavaScript and CSS, kept as real files and shipped as package data."""

from __future__ import annotations

import functools
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


@functools.cache
def asset(name: str) -> str:
    """The text of one asset file beside this module, e.g. ``asset("number_slider.js")``."""
    path = HERE / name
    if path.parent != HERE or not path.is_file():
        raise ValueError(f"name must be one of the kit's asset files {sorted(p.name for p in HERE.glob('*.[jc]s*'))}; "
                         f"got {name!r}")
    return path.read_text(encoding="utf-8")
