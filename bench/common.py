"""What every benchmark shares: the result type, the module protocol, timing and memory helpers.

This machine is shared and noisy, so a benchmark never reports an absolute time as its
verdict: it times Threadline's way and a baseline side by side in the same run and reports
the ratio, with the bar it must meet. Absolute figures go in ``detail`` for sizing only.
"""

from __future__ import annotations

import gc
import math
import os
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

T = TypeVar("T")

Direction = Literal["higher", "lower"]


@dataclass
class BenchResult:
    """One measured ratio and the bar it must meet.

    ``direction`` says which way is better: ``"higher"`` (a speed-up, bar is a minimum) or
    ``"lower"`` (a slow-down or a cost, bar is a maximum). ``met`` is worked out from the
    three unless given; a benchmark that could not run has ``skipped`` set and is never met.
    """

    name: str
    ratio: float
    bar: float
    detail: str = ""
    direction: Direction = "higher"
    met: bool | None = None
    skipped: bool = False

    def __post_init__(self) -> None:
        if self.skipped:
            self.met = False
        elif self.met is None:
            self.met = meets_bar(self.ratio, self.bar, self.direction)

    @classmethod
    def skip(cls, name: str, bar: float, reason: str, direction: Direction = "higher") -> BenchResult:
        """A benchmark that could not run here: ratio 0, not met, and the reason in ``detail``."""
        return cls(name, 0.0, bar, f"skipped: {reason}", direction, skipped=True)

    def as_json(self) -> dict[str, float | bool | str]:
        """The harness's JSON form: ``{"ratio", "bar", "met", "detail"}`` (finite numbers only)."""
        ratio = self.ratio if math.isfinite(self.ratio) else 0.0
        return {"ratio": round(ratio, 4), "bar": self.bar, "met": bool(self.met), "detail": self.detail}

    @property
    def bar_text(self) -> str:
        return f"{'>=' if self.direction == 'higher' else '<='} {self.bar:g}"


def meets_bar(ratio: float, bar: float, direction: Direction) -> bool:
    """Whether ``ratio`` is on the right side of ``bar`` (NaN never is)."""
    if not math.isfinite(ratio):
        return False
    return ratio >= bar if direction == "higher" else ratio <= bar


class BenchModule(Protocol):
    """What ``python -m bench`` calls in each ``bench.*`` module."""

    def run(self, quick: bool) -> list[BenchResult]: ...


# --- sizes ---------------------------------------------------------------------------


def scaled(size: int, minimum: int = 1) -> int:
    """A size multiplied by ``THREADLINE_BENCH_SCALE`` (default 1): tests run the harness tiny."""
    factor = float(os.environ.get("THREADLINE_BENCH_SCALE", "1") or 1)
    return max(minimum, int(size * factor))


# --- timing --------------------------------------------------------------------------


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """Seconds one call of ``fn`` takes, and what it returned."""
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` calls, in seconds: the least disturbed by other work on the machine."""
    return min(timed(fn)[0] for _ in range(max(repeat, 1)))


def median_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """The median of ``repeat`` calls, in seconds."""
    return statistics.median(timed(fn)[0] for _ in range(max(repeat, 1)))


def percentile(samples: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of ``samples``, by linear interpolation."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    position = (len(ordered) - 1) * q / 100.0
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Latency:
    """p50 and p95 of many timed calls, in seconds."""

    p50: float
    p95: float
    calls: int

    def __str__(self) -> str:
        return f"p50 {self.p50 * 1e3:.3g} ms, p95 {self.p95 * 1e3:.3g} ms over {self.calls}"


def latency(samples: Sequence[float]) -> Latency:
    return Latency(percentile(samples, 50), percentile(samples, 95), len(samples))


def interleaved(
    ours: Callable[[T], object], baseline: Callable[[T], object], inputs: Sequence[T]
) -> tuple[Latency, Latency]:
    """Time ``ours(x)`` and ``baseline(x)`` for each input, alternating, so noise hits both alike."""
    mine: list[float] = []
    theirs: list[float] = []
    for index, value in enumerate(inputs):
        pair = ((ours, mine), (baseline, theirs)) if index % 2 == 0 else ((baseline, theirs), (ours, mine))
        for fn, samples in pair:
            samples.append(timed(lambda fn=fn, value=value: fn(value))[0])
    return latency(mine), latency(theirs)


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, NaN when the denominator is zero."""
    return numerator / denominator if denominator else math.nan


# --- memory --------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB (``ru_maxrss`` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def current_rss_mb() -> float:
    """This process's resident set size now, in MiB (Linux ``/proc``; peak RSS elsewhere)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        return peak_rss_mb()


def traced_peak_mb(fn: Callable[[], T]) -> tuple[float, T]:
    """Peak Python heap allocated while ``fn`` runs, in MiB (tracemalloc; slows ``fn`` down)."""
    gc.collect()
    tracemalloc.start()
    try:
        value = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20, value


def fmt_rate(count: float, seconds: float, unit: str) -> str:
    """``"12.3k rows/s"`` style rate for details."""
    rate = count / seconds if seconds else math.inf
    for scale, suffix in ((1e6, "M"), (1e3, "k")):
        if rate >= scale:
            return f"{rate / scale:.3g}{suffix} {unit}/s"
    return f"{rate:.3g} {unit}/s"
