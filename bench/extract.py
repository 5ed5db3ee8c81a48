"""Extraction speed: words/second of the full Threadline pipeline against plain ``nlp.pipe``
of the same spaCy model on the same texts, measured side by side, with 1 and 2 workers.

``python -m bench.extract [--quick] [--workers 1 2]`` prints the figures and the ratios;
``python -m bench`` runs it through :func:`run`. The ratio (pipeline / plain model) says
what the rules, the in-report coreference and the batch pass cost on top of the model.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.common import BenchResult, scaled

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "dev_corpus"

#: The full pipeline must keep at least this share of the plain model's speed.
BAR = 0.5

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


def measure(texts: list[str], workers: int) -> tuple[float, float]:
    """(pipeline words/s, plain model words/s) over ``texts`` with ``workers`` processes."""
    from extract.extractor import extract_reports, extraction_pipeline
    from extract.pipeline import load_plain_model
    from graph.model import Report

    plain = load_plain_model()
    full = extraction_pipeline()
    reports = [Report.from_text(t) for t in texts]
    # warm both up (model loading, caches, compiled patterns) before timing
    list(plain.pipe(texts[:2]))
    list(extract_reports(reports[:2], nlp=full))
    start = time.perf_counter()
    list(plain.pipe(texts, n_process=workers, batch_size=8))
    plain_seconds = time.perf_counter() - start
    start = time.perf_counter()
    list(extract_reports(reports, nlp=full, workers=workers, batch_size=8))
    full_seconds = time.perf_counter() - start
    return words_per_second(texts, full_seconds), words_per_second(texts, plain_seconds)


def run(quick: bool = False, workers: tuple[int, ...] = (1, 2)) -> list[BenchResult]:
    texts = sample_texts(scaled(1 if quick else 4))
    results = []
    for n in workers:
        full, plain = measure(texts, n)
        ratio = full / plain if plain else 0.0
        results.append(
            BenchResult(
                f"extract.pipeline_vs_plain_model.workers{n}",
                ratio,
                BAR,
                f"{len(texts)} documents, {sum(len(t.split()) for t in texts):,} words: "
                f"pipeline {full:,.0f} words/s, plain model {plain:,.0f} words/s",
            )
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    for result in run(args.quick, tuple(args.workers)):
        verdict = "met" if result.met else "NOT met"
        print(f"{result.name}: ratio {result.ratio:.2f} (bar {result.bar_text}, {verdict}) - {result.detail}")


if __name__ == "__main__":
    main()
