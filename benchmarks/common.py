"""Timing helpers shared by the benchmark scripts: samples, medians, percentiles, ratios, memory.

The machine is shared and noisy, so every figure is a median over several runs and compared
with a reference measured in the same run (`ratio`), as `shared/design/performance.md` asks.
"""

from __future__ import annotations

import math
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Samples:
    """Durations in seconds of repeated runs of one measure."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        """The median duration."""
        return statistics.median(self.values)

    def percentile(self, fraction: float) -> float:
        """The `fraction` percentile (0.95 for p95), by the nearest-rank method."""
        return percentile(self.values, fraction)

    def ms(self) -> str:
        """The median in milliseconds, for a table cell."""
        return f"{self.median * 1000:.1f} ms"


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of `values` (`fraction` between 0 and 1)."""
    if not values:
        raise ValueError("no samples")
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must be between 0 and 1")
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def measure(action: Callable[[], object], runs: int, warmup: int = 1) -> Samples:
    """Run `action` `warmup` times unmeasured, then `runs` times measured."""
    for _ in range(warmup):
        action()
    values = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        values.append(time.perf_counter() - began)
    return Samples(tuple(values))


def ratio(measured: float, reference: float) -> str:
    """`measured / reference` as a table cell (`1.23 ×`)."""
    return f"{measured / reference:.2f} ×" if reference > 0 else "n/a"


def peak_rss_mb(children: bool = False) -> float:
    """Peak resident memory of this process (or of its finished children) in MB."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    peak = resource.getrusage(who).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / 1_000_000 if sys.platform == "darwin" else peak / 1024


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table, ready to paste into docs/."""
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
