"""Extraction of one long report: peak memory and words per second, against plain ``nlp.pipe``.

For reports of 0.1 and 1 MB of text (10 MB with ``--full``; about 30 min on the 2-core
development machine), each side runs in a fresh process so its peak resident memory
(``ru_maxrss``) is its own: Threadline's pipeline (``extract_reports``: long reports read in
windows, see extract/extractor.py) and the plain model over the same text cut into the same
pieces with ``nlp.pipe`` two pieces at a time (its default batch of 1,000 texts would hold the
whole text parsed at once: 3.5 GB at 1 MB). Ratios are Threadline over plain: memory above the loaded model,
and words per second. Flat memory shows as the memory figure not growing with the size.
"""

from __future__ import annotations

import json
import subprocess
import sys

from bench.common import BenchResult, ratio

SIZES_MB = (0.1, 1.0)
FULL_SIZES_MB = (0.1, 1.0, 10.0)
MEMORY_BAR = 3.0  # Threadline's memory above the model at most 3x plain spaCy's, at every size


def long_report_text(size_chars: int) -> str:
    """Synthetic case text (bench.synth) repeated to ``size_chars`` characters."""
    from bench.synth import synth_texts

    texts = synth_texts(500)
    parts, total, i = [], 0, 0
    while total < size_chars:
        parts.append(texts[i % len(texts)])
        total += len(parts[-1]) + 2
        i += 1
    return "\n\n".join(parts)[:size_chars]


def measure(side: str, size_mb: float) -> dict:
    """Run in a child process: load the model, then extract (or plain-parse) the text once."""
    import resource
    import time

    from extract.extractor import extract_reports, extraction_pipeline
    from extract.pipeline import load_plain_model
    from extract.readers import chunk_text
    from graph.model import Report

    text = long_report_text(int(size_mb * 1_000_000))
    nlp = extraction_pipeline() if side == "threadline" else load_plain_model()
    model_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    if side == "threadline":
        list(extract_reports([Report.from_text(text, title="long", case="BENCH")], nlp=nlp))
    else:
        # two pieces at a time: spaCy's default batch (1,000 texts) would hold a whole long report
        for _doc in nlp.pipe((piece for _offset, piece in chunk_text(text, 50_000)), batch_size=2):
            pass
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "words": len(text.split()), "model_mb": model_mb, "peak_mb": peak_mb}


def _child(side: str, size_mb: float) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.ingest_memory", "--child", side, str(size_mb)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(quick: bool = False, full: bool = False) -> list[BenchResult]:
    results = []
    for size_mb in (0.1,) if quick else FULL_SIZES_MB if full else SIZES_MB:
        ours, plain = _child("threadline", size_mb), _child("plain", size_mb)
        ours_mb = ours["peak_mb"] - ours["model_mb"]
        plain_mb = plain["peak_mb"] - plain["model_mb"]
        ours_rate = ours["words"] / ours["seconds"]
        plain_rate = plain["words"] / plain["seconds"]
        detail = (
            f"{size_mb:g} MB ({ours['words']} words): Threadline {ours_mb:.0f} MB above the model, "
            f"{ours_rate:.0f} words/s; plain nlp.pipe {plain_mb:.0f} MB, {plain_rate:.0f} words/s; "
            f"speed ratio {ratio(ours_rate, plain_rate):.2f}"
        )
        results.append(
            BenchResult(f"ingest_memory.{size_mb:g}MB", ratio(ours_mb, plain_mb), MEMORY_BAR, detail, "lower")
        )
        print(detail, file=sys.stderr)
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(measure(sys.argv[2], float(sys.argv[3]))))
    else:
        for result in run(quick="--quick" in sys.argv, full="--full" in sys.argv):
            print(f"{result.name}: memory {result.ratio:.2f}x plain (bar {result.bar_text}) {result.detail}")
