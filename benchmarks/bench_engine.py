"""Engine and explorer timings (a script that prints figures, not a test).

    python benchmarks/bench_engine.py            # or: make bench

Prints the median (and the fastest and slowest) over repeats of:
* simulating 10,000, 100,000 and 1,000,000 people (per-person arrays and counts);
* one explorer update, Python side: from a control's change to the figure's data
  being set, at 10,000 and 1,000,000 simulated people;
* peak memory of the process (resident set size).

Targets on a 2-core machine: 1,000,000 people in at most 100 ms; an explorer
update at 10,000 people in at most 20 ms.
"""

from __future__ import annotations

import platform
import resource
import statistics
import sys
import time

import numpy as np

from lessons import Scenario, simulate
from lessons.ui.explorers import ScreeningExplorer

TARGETS_MS = {"simulate 1,000,000 people": 100.0, "explorer update, 10,000 people": 20.0}


def timed(fn, repeats: int) -> list[float]:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times: list[float]) -> float:
    med = statistics.median(times)
    target = TARGETS_MS.get(name)
    verdict = "" if target is None else (f"  target <= {target:.0f} ms: " + ("met" if med <= target else "MISSED"))
    print(f"{name:<36} median {med:8.2f} ms   (min {min(times):7.2f}, max {max(times):7.2f}, n={len(times)}){verdict}")
    return med


def bench_simulation(n: int, repeats: int) -> float:
    def run(i):
        return simulate(Scenario(prevalence=0.1, sensitivity=0.88, specificity=0.85, population=n, seed=i)).counts
    run(0)  # warm-up
    return report(f"simulate {n:,} people", timed(run, repeats))


def bench_explorer(n: int, repeats: int) -> float:
    explorer = ScreeningExplorer(population=n, simulate=True, seed=1)
    values = np.round(np.linspace(0.05, 0.30, repeats + 1), 3)
    slider = explorer.controls["prevalence"]

    def run(i):
        slider.value = float(values[i + 1])  # the observer runs update() synchronously
    times = timed(run, repeats)
    assert explorer.redraws == repeats, "every change must redraw once"
    return report(f"explorer update, {n:,} people", times)


def peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def main() -> int:
    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
          f"{__import__('os').cpu_count()} cores")
    for n, r in ((10_000, 50), (100_000, 30), (1_000_000, 15)):
        bench_simulation(n, r)
    bench_explorer(10_000, 40)
    bench_explorer(1_000_000, 15)
    print(f"{'peak memory (resident set)':<36} {peak_rss_mb():8.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
