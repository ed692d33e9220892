"""axe-core rules excluded because the violation comes from upstream code we cannot change from the kit.

Each exclusion names the rule, the CSS-selector fragment of the offending nodes (only those nodes are
excused; the same rule still fails anywhere else), and why. Keep this list short and documented.
"""

from __future__ import annotations

# (rule id, substring of the node's target selector or html, reason)
EXCLUDED_LAB: list[tuple[str, str, str]] = []
EXCLUDED_VOILA: list[tuple[str, str, str]] = []


def axe_problems(violations: list[dict], excluded: list[tuple[str, str, str]]) -> list[dict]:
    out = []
    for v in violations:
        nodes = [n for n in v["nodes"]
                 if not any(v["id"] == rule and (frag in n["target"] or frag in n["html"]) for rule, frag, _ in excluded)]
        if nodes:
            out.append({**v, "nodes": nodes})
    return out
