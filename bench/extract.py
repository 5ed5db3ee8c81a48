"""Extraction speed: words/second of the full Threadline pipeline against plain ``nlp.pipe``
of the same spaCy model on the same texts, measured side by side, and how it scales with workers.

``python -m bench.extract [--quick] [--workers 1 2]`` prints the figures and the ratios;
``python -m bench`` runs it through :func:`run`. Results:

- ``extract.pipeline_vs_plain_model.workers{n}``: pipeline words/s over plain model words/s
  with ``n`` processes each (bar 0.9, issue 8): what the rules, the in-report coreference and
  the batch-names pass cost on top of the model. Runs alternate and the best of each is kept.
  With one worker the words/s are per second of this process's CPU time (all of the work is
  in it), so other jobs on a shared machine do not move the ratio; the wall-clock figures and
  their ratio are in the detail. With several, wall clock (the work is in child processes).
- ``extract.workers{n}_vs_1``: our batch extractor with ``n`` workers against 1 on the same
  texts (bar 1.6 for 2 workers); the detail gives the peak resident memory of each worker
  process (``VmHWM``, sampled while they run) and of the parent.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.common import BenchResult, scaled

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "dev_corpus"  # the dev corpus, vendored

#: The full pipeline must keep at least this share of the plain model's speed (issue 8).
BAR = 0.9
#: Two workers must extract at least this many times faster than one (issue 8).
SCALING_BAR = 1.6
#: Alternated runs per measurement; the best of each side is kept (the machine is shared: with 3, one
#: busy spell on the other core could still move a ratio by 0.1).
REPEAT = 5

_FALLBACK = (
    "Report No.: TIPU/WR/2022/014\nDate: 2022-02-03\nOfficer: Det. Sgt. Andrea Whyte\n\n"
    'The Cutlass Bay Sports Bar on Gloucester Avenue, Montego Bay is controlled by Marlon "Bigga" Campbell, '
    "who uses 876-555-0143. Dwayne Reid drives women from Falmouth to MoBay in a silver Toyota Voxy 5678 HJ. "
    "Nadine Lewis collects J$15,000 per week from each woman and reports directly to Campbell.\n"
)


def sample_texts(copies: int) -> list[str]:
    """The dev corpus documents (or a stand-in report), ``copies`` times over."""
    texts = (
        [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))] if CORPUS.exists() else [_FALLBACK] * 24
    )
    return texts * copies


def words_per_second(texts: list[str], seconds: float) -> float:
    return sum(len(t.split()) for t in texts) / seconds if seconds > 0 else 0.0


class WorkerMemory:
    """Peak resident memory (``VmHWM``) of every child process seen while running, sampled from ``/proc``."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            for child in multiprocessing.active_children():
                peak = _peak_rss_mb(child.pid)
                if peak is not None:
                    self.peaks[child.pid] = max(peak, self.peaks.get(child.pid, 0.0))
            self._stop.wait(self.interval)


def _peak_rss_mb(pid: int | None) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except (OSError, ValueError, IndexError):
        return None
    return None


@dataclass
class Timing:
    """Best wall-clock and best CPU seconds (of this process) of one side of an alternated measurement."""

    wall: float
    cpu: float


def _best_alternated(first: Callable[[], object], second: Callable[[], object], repeat: int) -> tuple[Timing, Timing]:
    """Best seconds of ``first`` and of ``second``, run alternately (order swapped each round)."""
    walls: tuple[list[float], list[float]] = ([], [])
    cpus: tuple[list[float], list[float]] = ([], [])
    for round_no in range(max(1, repeat)):
        order = ((0, first), (1, second)) if round_no % 2 == 0 else ((1, second), (0, first))
        for side, fn in order:
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            walls[side].append(time.perf_counter() - start)
            cpus[side].append(time.process_time() - start_cpu)
    return Timing(min(walls[0]), min(cpus[0])), Timing(min(walls[1]), min(cpus[1]))


def measure(texts: list[str], workers: int, repeat: int = REPEAT) -> tuple[Timing, Timing]:
    """Best (pipeline, plain model) timings over ``texts`` with ``workers`` processes."""
    from extract.extractor import extract_reports, extraction_pipeline
    from extract.pipeline import load_plain_model
    from graph.model import Report

    plain = load_plain_model()
    full = extraction_pipeline()
    reports = [Report.from_text(t) for t in texts]
    # warm both up (model loading, caches, compiled patterns) before timing
    list(plain.pipe(texts[:2]))
    list(extract_reports(reports[:2], nlp=full))
    return _best_alternated(
        lambda: list(extract_reports(reports, nlp=full, workers=workers, batch_size=8)),
        lambda: list(plain.pipe(texts, n_process=workers, batch_size=8)),
        repeat,
    )


def measure_scaling(texts: list[str], workers: int, repeat: int = REPEAT) -> tuple[float, float, dict[int, float]]:
    """(seconds with 1 worker, seconds with ``workers``, peak MiB per worker process) of our batch extractor."""
    from extract.extractor import extract_reports, extraction_pipeline
    from graph.model import Report

    full = extraction_pipeline()
    reports = [Report.from_text(t) for t in texts]
    list(extract_reports(reports[:2], nlp=full))
    with WorkerMemory() as memory:
        one, many = _best_alternated(
            lambda: list(extract_reports(reports, nlp=full, workers=1, batch_size=8)),
            lambda: list(extract_reports(reports, nlp=full, workers=workers, batch_size=8)),
            repeat,
        )
    return one.wall, many.wall, memory.peaks


def component_times(texts: list[str], repeat: int = REPEAT) -> dict[str, float]:
    """Milliseconds of CPU time per report spent in each component, best of ``repeat`` rounds:
    every component of the extraction pipeline (the model's, ``threadline_attributes`` and
    ``threadline_lemmas`` standing in for its attribute ruler and lemmatizer, Threadline's rules),
    the second pass (``threadline_mentions#2`` with the batch's names, then the relation and
    indicator steps and the export), and the model's own ``attribute_ruler`` and ``lemmatizer``
    as a user's plain ``nlp.pipe`` runs them (``plain:``)."""
    from extract.extractor import _later_steps, batch_names, extraction_pipeline, finish
    from extract.pipeline import load_plain_model

    full = extraction_pipeline()
    plain = load_plain_model()
    later = _later_steps(full)
    first = [name for name in full.pipe_names if name not in later]
    best: dict[str, float] = {}

    def keep(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, float("inf")), seconds * 1000 / len(texts))

    for _round in range(max(1, repeat)):
        docs = [full.make_doc(text) for text in texts]
        for name in first:
            component = full.get_pipe(name)
            start = time.process_time()
            docs = [component(doc) for doc in docs]
            keep(name, time.process_time() - start)
        known = batch_names([doc._.extraction for doc in docs])
        start = time.process_time()
        for doc in docs:
            finish(full, doc, known, later)
        keep("threadline_mentions#2 + " + " + ".join(later) + " + export", time.process_time() - start)
        plain_docs = list(plain.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))
        for name in ("attribute_ruler", "lemmatizer"):
            component = plain.get_pipe(name)
            start = time.process_time()
            plain_docs = [component(doc) for doc in plain_docs]
            keep("plain:" + name, time.process_time() - start)
    return best


def run(quick: bool = False, workers: tuple[int, ...] = (1, 2)) -> list[BenchResult]:
    from bench.common import peak_rss_mb

    texts = sample_texts(scaled(1 if quick else 4))
    words = sum(len(t.split()) for t in texts)
    results = []
    for n in workers:
        full, plain = measure(texts, n)
        wall_ratio = plain.wall / full.wall if full.wall else 0.0
        if n == 1:
            # one process does all the work: its CPU time is the work, whatever else the machine runs
            ratio = plain.cpu / full.cpu if full.cpu else 0.0
            figures = (
                f"CPU time: pipeline {words_per_second(texts, full.cpu):,.0f} words/s, plain model "
                f"{words_per_second(texts, plain.cpu):,.0f} words/s; wall clock: pipeline "
                f"{words_per_second(texts, full.wall):,.0f}, plain {words_per_second(texts, plain.wall):,.0f} "
                f"words/s (ratio {wall_ratio:.2f})"
            )
        else:
            ratio = wall_ratio
            figures = (
                f"wall clock: pipeline {words_per_second(texts, full.wall):,.0f} words/s, plain model "
                f"{words_per_second(texts, plain.wall):,.0f} words/s"
            )
        results.append(
            BenchResult(
                f"extract.pipeline_vs_plain_model.workers{n}",
                ratio,
                BAR,
                f"{len(texts)} documents, {words:,} words: {figures} (best of {REPEAT}, alternated)",
            )
        )
    for n in (w for w in workers if w > 1):
        one, many, peaks = measure_scaling(texts, n)
        per_worker = (
            f"{min(peaks.values()):,.0f}-{max(peaks.values()):,.0f} MiB ({len(peaks)} worker processes over {REPEAT} runs)"
            if peaks
            else "not seen"
        )
        results.append(
            BenchResult(
                f"extract.workers{n}_vs_1",
                one / many if many else 0.0,
                SCALING_BAR if n == 2 else SCALING_BAR * n / 2,
                f"{len(texts)} documents, {words:,} words on {os.cpu_count()} CPUs: 1 worker {words / one:,.0f} words/s, "
                f"{n} workers {words / many:,.0f} words/s; peak RSS per worker process {per_worker} "
                f"(parent {peak_rss_mb():,.0f} MiB; workers are forked, so model pages are shared)",
            )
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--components", action="store_true", help="CPU ms per report in each component")
    args = parser.parse_args()
    if args.components:
        texts = sample_texts(scaled(1 if args.quick else 4))
        for name, ms in component_times(texts).items():
            print(f"{name:60s} {ms:6.2f} ms/report")
        return
    for result in run(args.quick, tuple(args.workers)):
        verdict = "met" if result.met else "NOT met"
        print(f"{result.name}: ratio {result.ratio:.2f} (bar {result.bar_text}, {verdict}) - {result.detail}")


if __name__ == "__main__":
    main()
