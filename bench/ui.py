"""Workspace benchmark: each page's load and one widget change on a synthetic case, against the raw store read.

For a case written by :func:`bench.synth.synth_case` (1,000 reports, or 200 with ``--quick``)
it drives ``app.py`` through Streamlit's AppTest, as the single local analyst (victims
pseudonymised: the victim-protection layer is on the path), and times

* **first load** of each page with every Streamlit cache cleared (a fresh server),
* **load** of each page again (what an analyst pays for every visit after the first),
* **widget change**: one control changed on the page (e.g. "How many" 10 -> 11 on Network
  analysis) and the rerun it causes,

each as a ratio to the **raw store read** measured in the same run: opening the case
file and reading the whole case (``subgraph()`` and ``reports()``) from the unguarded
embedded store. Bars: a page visit and a widget change within 30 raw reads (about 3 s and
1 s on this machine for the 1,000-report case, the issue's targets, raw read ~0.1 s),
the very first load within 100.

``python -m bench.ui [--quick] [--reports N]`` prints one line per page with seconds, so
the figures can be quoted as they are.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.common import BenchResult

APP = str(Path(__file__).resolve().parent.parent / "app.py")
VISIT_BAR = 30.0
FIRST_LOAD_BAR = 100.0


@dataclass(frozen=True)
class PageCase:
    """One page to time and the widget change made on it (None: the page has no control worth timing)."""

    page: str
    change: Callable[[object], object] | None = None
    what: str = ""


def _set(kind: str, key: str, value: object) -> Callable[[object], object]:
    def change(at: object) -> object:
        return getattr(at, kind)(key=key).set_value(value).run()

    return change


def _search(key: str, text: str) -> Callable[[object], object]:
    def change(at: object) -> object:
        return at.text_input(key=f"{key}_query").input(text).run()

    return change


PAGES: tuple[PageCase, ...] = (
    PageCase("overview"),
    PageCase("reports"),
    PageCase("explore", _search("explore", "876"), "search a phone"),
    PageCase("paths", _search("paths_from", "876"), "search the From entity"),
    PageCase("recruitment", _search("recruit_person", "a"), "search a person"),
    PageCase("network_analysis", _set("number_input", "kp_top", 11), "How many 10 -> 11"),
    PageCase("timeline"),
    PageCase("review"),
    PageCase("export", _set("selectbox", "export_format", "csv"), "format html -> csv"),
)


def build_case(path: Path, reports: int) -> None:
    from bench.synth import synth_calls, synth_case
    from graph.embedded import EmbeddedStore

    with EmbeddedStore(path) as store:
        for report, extraction in synth_case(reports, 7):
            store.ingest(report, extraction)
        store.add_calls(synth_calls(reports, 7))


def raw_read(path: Path) -> float:
    """Seconds to open the case file and read the whole case, unguarded (best of 3)."""
    from graph.embedded import EmbeddedStore

    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        with EmbeddedStore(path) as store:
            store.subgraph()
            store.reports()
        best = min(best, time.perf_counter() - started)
    return best


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def _timed(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def time_page(case: PageCase) -> dict[str, float]:
    """Seconds for the page's first load (caches cleared), a second visit, and its widget change."""
    from streamlit.testing.v1 import AppTest

    _clear_caches()
    at = AppTest.from_file(APP, default_timeout=900)
    figures = {"first": _timed(lambda: at.switch_page(f"ui/pages/{case.page}.py").run())}
    _raise(at, case.page)
    figures["visit"] = _timed(at.run)
    _raise(at, case.page)
    if case.change is not None:
        figures["change"] = _timed(lambda: case.change(at))
        _raise(at, case.page)
    return figures


def _raise(at: object, page: str) -> None:
    if at.exception:  # type: ignore[attr-defined]
        raise RuntimeError(f"page {page} failed: {at.exception[0].message}")  # type: ignore[attr-defined]


def measure(reports: int, pages: tuple[PageCase, ...] = PAGES) -> tuple[float, dict[str, dict[str, float]]]:
    with tempfile.TemporaryDirectory(prefix="threadline-bench-ui-") as folder:
        path = Path(folder) / "case.db"
        build_case(path, reports)
        previous = os.environ.get("THREADLINE_STORE")
        os.environ["THREADLINE_STORE"] = f"sqlite:///{path}"
        try:
            baseline = raw_read(path)
            figures = {}
            for case in pages:
                print(f"bench.ui: {case.page}...", file=sys.stderr, flush=True)
                figures[case.page] = time_page(case)
                print(
                    f"bench.ui: {case.page} {figures[case.page]} (raw read {baseline:.3f} s)",
                    file=sys.stderr,
                    flush=True,
                )
        finally:
            if previous is None:
                os.environ.pop("THREADLINE_STORE", None)
            else:
                os.environ["THREADLINE_STORE"] = previous
    return baseline, figures


def run(quick: bool = False, reports: int | None = None, pages: list[str] | None = None) -> list[BenchResult]:
    count = reports or (200 if quick else 1000)
    chosen = tuple(case for case in PAGES if not pages or case.page in pages)
    baseline, figures = measure(count, chosen)
    results = []
    for case in chosen:
        page = figures[case.page]
        for step, bar in (("first", FIRST_LOAD_BAR), ("visit", VISIT_BAR), ("change", VISIT_BAR)):
            if step not in page:
                continue
            what = f" ({case.what})" if step == "change" else ""
            results.append(
                BenchResult(
                    f"ui.{case.page}.{step}",
                    page[step] / baseline,
                    bar,
                    f"{page[step]:.2f} s{what}; raw read {baseline:.3f} s; {count} reports",
                    direction="lower",
                )
            )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ui", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 reports instead of 1,000")
    parser.add_argument("--reports", type=int, help="how many reports the synthetic case has")
    parser.add_argument("--pages", nargs="+", choices=[case.page for case in PAGES], help="time only these pages")
    args = parser.parse_args(argv)
    from bench.__main__ import as_table

    print(as_table(run(args.quick, args.reports, args.pages)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
