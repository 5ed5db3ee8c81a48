"""Calibrate link confidences: each relation rule's precision measured on a gold corpus.

``python -m extract.calibrate tests/data/dev_corpus`` runs the pipeline over the
corpus, scores every link by the rule that produced it, and writes the measured precision
(add-one smoothed towards the rule's prior) into ``extract/data/relations.json`` under
``"measured"``; :mod:`extract.relations` uses it as the link's confidence.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from extract.evaluation import load_gold, rule_precision
from extract.extractor import batch_names, extraction_pipeline, regroup
from extract.lexicon import DATA


def measure(corpus_dir: str | Path) -> dict[str, tuple[int, int]]:
    """(true positives, false positives) per rule over a gold corpus."""
    gold = load_gold(corpus_dir)
    texts = {g["doc"]: (Path(corpus_dir) / g["doc"]).read_text(encoding="utf-8") for g in gold}
    nlp = extraction_pipeline()
    docs = list(nlp.pipe(texts[g["doc"]] for g in gold))
    known = batch_names([d._.extraction for d in docs])
    predicted, rules = [], {}
    for g, doc in zip(gold, docs, strict=True):
        regroup(nlp, doc, known)
        data = doc._.extraction
        record = {
            "doc": g["doc"],
            "entities": [
                {"start": m["start"], "end": m["end"], "text": m["text"], "label": m["label"], "entity_id": m["key"]}
                for m in data["mentions"]
            ],
            "relations": [],
        }
        for r in data["relations"]:
            if r["type"] == "CO_MENTIONED":
                continue
            rules[(g["doc"], len(record["relations"]))] = r["rule"]
            record["relations"].append(
                {"type": r["type"], "head": r["head"], "tail": r["tail"], "evidence": r["sentence"]}
            )
        predicted.append(record)
    annotated = {r["type"] for g in gold for r in g["relations"]}
    for record in predicted:  # a type the corpus never annotates cannot be measured on it
        kept = [(i, r) for i, r in enumerate(record["relations"]) if r["type"] in annotated]
        for new_index, (old_index, _) in enumerate(kept):
            rules[(record["doc"], new_index)] = rules.pop((record["doc"], old_index))
        record["relations"] = [r for _, r in kept]
    scores = rule_precision(gold, predicted, texts, rules)
    return {rule: (s.tp, s.fp) for rule, s in scores.items()}


def write_measured(counts: dict[str, tuple[int, int]], prior_weight: float = 2.0) -> dict[str, float]:
    """Smoothed precision per rule, written to relations.json; returns what was written."""
    path = DATA / "relations.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    priors = {r["name"]: r.get("prior", 0.5) for r in config["rules"]}
    measured = {}
    for rule, (tp, fp) in sorted(counts.items()):
        base = rule.removesuffix("-passive")
        prior = priors.get(base, config["confidence"].get("USES_PHONE", 0.5) if rule.startswith("phone") else 0.5)
        measured[rule] = round((tp + prior_weight * prior) / (tp + fp + prior_weight), 3)
    config["measured"] = measured  # rules not measured keep their type's default confidence
    path.write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    return measured


if __name__ == "__main__":
    counts = measure(sys.argv[1] if len(sys.argv) > 1 else "tests/data/dev_corpus")
    for rule, (tp, fp) in sorted(counts.items()):
        print(f"{rule:28s} tp={tp:3d} fp={fp:3d}")
    print(json.dumps(write_measured(counts), indent=1))
