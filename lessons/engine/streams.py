"""Independent random streams: one per random component of the engine.

Two components that drew from ``np.random.default_rng(seed)`` with the same seed
would see the *same* numbers: an audit that picks "random" people with the numbers
that decided who needs help would pick the people in need first. So every random
component draws from its own stream, a child of ``numpy.random.SeedSequence(seed)``
with the component's own spawn key (the scheme of ``SeedSequence.spawn``: child ``i``
is ``SeedSequence(seed, spawn_key=(i,))``). Streams of different components never
mirror each other, whatever the two seeds, equal seeds included.

The progress-monitoring cohort keeps the root stream (``spawn_key=()``, the same numbers as
``default_rng(seed)``); no other component uses it. Keys are never reused: a new
component takes a new number, so existing results do not move.
"""

from __future__ import annotations

import numpy as np

from ..checks import check_choice, check_seed

STREAMS: dict[str, tuple[int, ...]] = {
    "monitoring cohort": (),
    "audits": (1,),
    "population": (2,),
    "population order": (3,),
    "scores": (4,),
    "clinic referrals": (5,),
    "chatbot week": (6,),
    "faults": (7,),
    "drift cohorts": (8,),
    "urgency levels": (9,),
    "studies": (10,),
    "subgroups": (11,),
    "team": (12,),
    "poisson arrivals": (13,),
    "reliance": (14,),
}
"""Spawn key of each random component (each key used once)."""


def generator(component: str, seed: int) -> np.random.Generator:
    """The random generator of ``component`` (a key of :data:`STREAMS`) for ``seed`` (0 to 2**32 - 1).

    Same component and seed, same numbers; different components, independent numbers.
    """
    component = check_choice("component", component, STREAMS)
    seed = check_seed(seed)
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=STREAMS[component]))


def generators(component: str, seed: int, count: int) -> list[np.random.Generator]:
    """``count`` independent generators inside ``component``'s stream (its children, as ``SeedSequence.spawn``),
    for a component made of several random parts, e.g. one arrival stream per path through a clinic."""
    component = check_choice("component", component, STREAMS)
    seed = check_seed(seed)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 64:
        raise ValueError(f"count must be a whole number from 1 to 64; got {count!r}")
    parent = np.random.SeedSequence(seed, spawn_key=STREAMS[component])
    return [np.random.default_rng(child) for child in parent.spawn(count)]
