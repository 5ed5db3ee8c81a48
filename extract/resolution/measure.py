"""Print how well the resolver finds identities on an annotated corpus, against the naive baseline.

    python -m extract.resolution.measure [CORPUS_DIR]

reads ``gold.jsonl`` and the documents in CORPUS_DIR (default: the shared dev corpus), builds
provisional extractions from the gold spans (see :mod:`extract.resolution.gold`), resolves
them in one batch and prints B-cubed precision, recall and F1 per label and overall, for
the resolver and for the "same lower-cased string" baseline.
"""

from __future__ import annotations

import sys
from pathlib import Path

from extract.resolution.evaluate import BCubed, b_cubed, naive_identities
from extract.resolution.gold import load_gold_corpus, predicted_identities
from extract.resolve import ResolverConfig, resolve_batch

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data" / "dev_corpus"


def measure(directory: Path, config: ResolverConfig | None = None) -> tuple[dict[str, BCubed], dict[str, BCubed]]:
    """(resolver scores, naive baseline scores), each per label and under ``"ALL"``."""
    corpus = load_gold_corpus(directory)
    result = resolve_batch(corpus.items, config=config)
    resolved = [(report, extraction) for (report, _), extraction in zip(corpus.items, result.extractions, strict=True)]
    ours = b_cubed(corpus.gold, predicted_identities(resolved), corpus.labels)
    naive = b_cubed(corpus.gold, naive_identities(corpus.surfaces), corpus.labels)
    return ours, naive


def format_table(ours: dict[str, BCubed], naive: dict[str, BCubed]) -> str:
    lines = [f"{'label':9s} {'n':>4s}  {'resolver P':>10s} {'R':>6s} {'F1':>6s}   {'naive P':>7s} {'R':>6s} {'F1':>6s}"]
    for label in ["ALL", *sorted(k for k in ours if k != "ALL")]:
        o, n = ours[label], naive[label]
        lines.append(
            f"{label:9s} {o.mentions:4d}  {o.precision:10.3f} {o.recall:6.3f} {o.f1:6.3f}   "
            f"{n.precision:7.3f} {n.recall:6.3f} {n.f1:6.3f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else DEFAULT_CORPUS
    if not (directory / "gold.jsonl").exists():
        print(f"{directory}: no gold.jsonl here (give the corpus directory as the argument)", file=sys.stderr)
        return 2
    print(format_table(*measure(directory)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
