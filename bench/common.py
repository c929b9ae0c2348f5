"""What the benchmarks share: run a function over items a few times, keep the median."""

import statistics
import time


def timed(func, items, repeats: int = 3) -> float:
    """Median seconds of `repeats` runs of `func` over every item."""
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for item in items:
            func(item)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)
