"""``python -m bench [--quick] [--json] [--only NAME...]``: run every benchmark, print ratios and bars.

Runs each module of :data:`MODULES` that exists (``bench.extract``, ``bench.analysis`` and
``bench.view`` are written alongside the stores' and queries' ones) through its
``run(quick) -> list[BenchResult]``. Prints a table, or with ``--json`` exactly one JSON
object on stdout: ``{name: {"ratio", "bar", "met", "detail"}}``; progress goes to stderr.
A module that fails is reported as an unmet result naming the error; the others still run.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import inspect
import json
import sys
import time
import traceback
from collections.abc import Sequence

from bench.common import BenchResult

#: Benchmark modules in the order they run (``bench.NAME``).
MODULES: tuple[str, ...] = ("store_ingest", "queries", "extract", "analysis", "view", "redaction", "ui")


def available_modules() -> list[str]:
    """The benchmark modules present in this checkout."""
    return [name for name in MODULES if importlib.util.find_spec(f"bench.{name}") is not None]


def as_bench_result(value: object, module: str) -> BenchResult:
    """A result from any module as a :class:`BenchResult` (their own dataclass or a dict of the same fields)."""
    if isinstance(value, BenchResult):
        return value
    fields = value if isinstance(value, dict) else vars(value)
    direction = fields.get("direction", "higher")
    result = BenchResult(
        name=str(fields.get("name") or module),
        ratio=float(fields.get("ratio", 0.0)),
        bar=float(fields.get("bar", 0.0)),
        detail=str(fields.get("detail", "")),
        direction="lower" if direction == "lower" else "higher",
        skipped=bool(fields.get("skipped", False)),
    )
    if "met" in fields and fields["met"] is not None and not result.skipped:
        result.met = bool(fields["met"])
    return result


def run_module(name: str, quick: bool) -> list[BenchResult]:
    """Run ``bench.NAME`` through the protocol; its failure becomes one unmet result."""
    try:
        module = importlib.import_module(f"bench.{name}")
        run = getattr(module, "run", None)
        if not callable(run):
            return [BenchResult.skip(f"{name}.protocol", 0.0, f"bench.{name} has no run(quick) -> list[BenchResult]")]
        parameters = inspect.signature(run).parameters
        results = run(quick=quick) if "quick" in parameters else run(quick)
        return [as_bench_result(r, name) for r in results]
    except Exception as error:  # one broken benchmark must not hide the others' figures
        traceback.print_exc(file=sys.stderr)
        return [BenchResult.skip(f"{name}.error", 0.0, f"bench.{name} failed: {type(error).__name__}: {error}")]


def run_all(quick: bool, only: Sequence[str] | None = None) -> list[BenchResult]:
    """Every available benchmark (or the ones named in ``only``), results in run order, names unique."""
    chosen = [m for m in available_modules() if not only or m in only]
    results: list[BenchResult] = []
    seen: set[str] = set()
    for name in chosen:
        print(f"bench: running {name}{' (quick)' if quick else ''}...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        for result in run_module(name, quick):
            base, number = result.name, 2
            while result.name in seen:
                result.name, number = f"{base}#{number}", number + 1
            seen.add(result.name)
            results.append(result)
        print(f"bench: {name} done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return results


def as_json(results: Sequence[BenchResult]) -> str:
    """The one JSON object the harness prints: ``{name: {"ratio", "bar", "met", "detail"}}``."""
    return json.dumps({r.name: r.as_json() for r in results}, indent=2)


def as_table(results: Sequence[BenchResult]) -> str:
    """A plain-text table: name, ratio, bar, met, detail."""
    rows = [("name", "ratio", "bar", "met", "detail")]
    for r in results:
        met = "skipped" if r.skipped else "yes" if r.met else "NO"
        rows.append((r.name, "-" if r.skipped else f"{r.ratio:.3g}", r.bar_text, met, r.detail))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)) + "  " + row[4]
        for row in rows
    ]
    lines.insert(1, "-" * min(160, max(len(line) for line in lines)))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Threadline benchmarks: ratios against baselines measured in the same run.",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: every benchmark in a few minutes")
    parser.add_argument("--json", action="store_true", help="print one JSON object {name: {ratio, bar, met, detail}}")
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=MODULES, help="run only these modules")
    args = parser.parse_args(argv)
    with contextlib.redirect_stdout(sys.stderr) if args.json else contextlib.nullcontext():
        results = run_all(args.quick, args.only)
    print(as_json(results) if args.json else as_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
