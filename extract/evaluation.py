"""Scoring an extraction against gold annotations (the layout of ``dev_corpus/gold.jsonl``).

Pure functions over plain records: exact-span P/R/F1 per label, phone F1 over E.164 numbers
(with every non-phone read as a phone listed), B-cubed identity scores, and relation
P/R/F1 per type after mapping predicted entity ids onto gold ids through the mentions.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict


class SpanRecord(TypedDict):
    start: int
    end: int
    text: str
    label: str
    entity_id: str


class RelationRecord(TypedDict):
    type: str
    head: str
    tail: str
    evidence: str


class DocRecord(TypedDict):
    doc: str
    entities: list[SpanRecord]
    relations: list[RelationRecord]


@dataclass
class Score:
    """Precision, recall and F1 from counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class BCubed:
    precision: float = 0.0
    recall: float = 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class EvaluationReport:
    """Every figure ``threadline evaluate`` prints."""

    spans: dict[str, Score] = field(default_factory=dict)  # per label and "ALL"
    phones: Score = field(default_factory=Score)
    non_phones_as_phones: list[str] = field(default_factory=list)
    identity: dict[str, BCubed] = field(default_factory=dict)  # per label and "ALL"
    relations: dict[str, Score] = field(default_factory=dict)  # per type and "ALL"

    def as_dict(self) -> dict:
        return {
            "spans": {k: v.as_dict() for k, v in self.spans.items()},
            "phones": {**self.phones.as_dict(), "non_phones_extracted": self.non_phones_as_phones},
            "identity": {k: v.as_dict() for k, v in self.identity.items()},
            "relations": {k: v.as_dict() for k, v in self.relations.items()},
        }


def load_gold(corpus_dir: str | Path) -> list[DocRecord]:
    """The gold records of a corpus folder (``gold.jsonl`` inside it)."""
    path = Path(corpus_dir) / "gold.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def span_scores(gold: list[DocRecord], predicted: list[DocRecord]) -> dict[str, Score]:
    """Exact-span (start, end, label) precision/recall/F1 per label and overall ("ALL")."""
    scores: dict[str, Score] = defaultdict(Score)
    pred_by_doc = {d["doc"]: d for d in predicted}
    for gold_doc in gold:
        pred_doc = pred_by_doc.get(gold_doc["doc"], {"entities": []})
        g = {(e["start"], e["end"], e["label"]) for e in gold_doc["entities"]}
        p = {(e["start"], e["end"], e["label"]) for e in pred_doc["entities"]}
        for label in {x[2] for x in g | p}:
            gl = {x for x in g if x[2] == label}
            pl = {x for x in p if x[2] == label}
            scores[label].tp += len(gl & pl)
            scores[label].fp += len(pl - gl)
            scores[label].fn += len(gl - pl)
    total = Score()
    for score in scores.values():
        total.tp += score.tp
        total.fp += score.fp
        total.fn += score.fn
    result = dict(sorted(scores.items()))
    result["ALL"] = total
    return result


def phone_scores(gold: list[DocRecord], predicted: list[DocRecord]) -> tuple[Score, list[str]]:
    """F1 over the E.164 numbers (phone entity ids) each document names, and the written forms
    of every predicted phone that matches no gold phone span (decoys read as phones)."""
    score = Score()
    wrong: list[str] = []
    pred_by_doc = {d["doc"]: d for d in predicted}
    for gold_doc in gold:
        pred_doc = pred_by_doc.get(gold_doc["doc"], {"entities": []})
        g = {e["entity_id"] for e in gold_doc["entities"] if e["label"] == "PHONE"}
        p = {e["entity_id"] for e in pred_doc["entities"] if e["label"] == "PHONE"}
        score.tp += len(g & p)
        score.fp += len(p - g)
        score.fn += len(g - p)
        gold_spans = [(e["start"], e["end"]) for e in gold_doc["entities"] if e["label"] == "PHONE"]
        for e in pred_doc["entities"]:
            if e["label"] == "PHONE" and not any(e["start"] < ge and gs < e["end"] for gs, ge in gold_spans):
                wrong.append(f"{gold_doc['doc']}: {e['text']!r}")
    return score, wrong


def bcubed(gold: list[DocRecord], predicted: list[DocRecord], label: str | None = None) -> BCubed:
    """B-cubed precision/recall of identities over the mentions both sides found (exact spans).

    Each matched mention has a gold cluster (gold entity id) and a predicted one; precision
    averages, per mention, the share of its predicted cluster that is in its gold cluster
    (Bagga & Baldwin 1998, "Algorithms for scoring coreference chains").
    """
    pairs: list[tuple[str, str]] = []  # (gold id, predicted id) per matched mention
    pred_by_doc = {d["doc"]: d for d in predicted}
    for gold_doc in gold:
        pred_doc = pred_by_doc.get(gold_doc["doc"], {"entities": []})
        pred_spans = {(e["start"], e["end"], e["label"]): e["entity_id"] for e in pred_doc["entities"]}
        for e in gold_doc["entities"]:
            if label and e["label"] != label:
                continue
            key = (e["start"], e["end"], e["label"])
            if key in pred_spans:
                pairs.append((e["label"] + ":" + e["entity_id"], e["label"] + ":" + pred_spans[key]))
    if not pairs:
        return BCubed()
    gold_sizes = Counter(g for g, _ in pairs)
    pred_sizes = Counter(p for _, p in pairs)
    both = Counter(pairs)
    precision = sum(both[(g, p)] / pred_sizes[p] for g, p in pairs) / len(pairs)
    recall = sum(both[(g, p)] / gold_sizes[g] for g, p in pairs) / len(pairs)
    return BCubed(precision, recall)


def map_predicted_ids(gold_doc: DocRecord, pred_doc: DocRecord) -> dict[str, str]:
    """Each predicted entity id -> the gold id most of its mentions carry (by overlapping spans)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for p in pred_doc["entities"]:
        for g in gold_doc["entities"]:
            if p["start"] < g["end"] and g["start"] < p["end"]:
                votes[p["entity_id"]][g["entity_id"]] += 1
    return {pid: counter.most_common(1)[0][0] for pid, counter in votes.items()}


def _evidence_ranges(text: str, evidence: str) -> list[tuple[int, int]]:
    ranges = []
    start = text.find(evidence)
    while start != -1:
        ranges.append((start, start + len(evidence)))
        start = text.find(evidence, start + 1)
    return ranges


def relation_scores(gold: list[DocRecord], predicted: list[DocRecord], texts: dict[str, str]) -> dict[str, Score]:
    """Relation P/R/F1 per type: a predicted relation matches a gold one of its document when the
    type matches, head and tail map to the gold ids (either order for ASSOCIATE_OF) and the
    evidence passages overlap in the text. Each gold relation is matched at most once."""
    scores: dict[str, Score] = defaultdict(Score)
    pred_by_doc = {d["doc"]: d for d in predicted}
    for gold_doc in gold:
        pred_doc = pred_by_doc.get(gold_doc["doc"], {"entities": [], "relations": []})
        text = texts.get(gold_doc["doc"], "")
        mapping = map_predicted_ids(gold_doc, pred_doc)
        unmatched = list(gold_doc["relations"])
        for rel in pred_doc["relations"]:
            if rel["type"] == "CO_MENTIONED":
                continue
            head, tail = mapping.get(rel["head"], rel["head"]), mapping.get(rel["tail"], rel["tail"])
            pred_ranges = _evidence_ranges(text, rel["evidence"]) or [(0, 0)]
            hit = None
            for g in unmatched:
                if g["type"] != rel["type"]:
                    continue
                same = (g["head"], g["tail"]) == (head, tail) or (
                    g["type"] == "ASSOCIATE_OF" and (g["tail"], g["head"]) == (head, tail)
                )
                if not same:
                    continue
                gold_ranges = _evidence_ranges(text, g["evidence"]) or [(0, 0)]
                if any(ps < ge and gs < pe for ps, pe in pred_ranges for gs, ge in gold_ranges):
                    hit = g
                    break
            if hit is not None:
                unmatched.remove(hit)
                scores[rel["type"]].tp += 1
            else:
                scores[rel["type"]].fp += 1
        for g in unmatched:
            scores[g["type"]].fn += 1
    total = Score()
    for score in scores.values():
        total.tp += score.tp
        total.fp += score.fp
        total.fn += score.fn
    result = dict(sorted(scores.items()))
    result["ALL"] = total
    return result


def evaluate(gold: list[DocRecord], predicted: list[DocRecord], texts: dict[str, str]) -> EvaluationReport:
    """All the scores at once."""
    report = EvaluationReport()
    report.spans = span_scores(gold, predicted)
    report.phones, report.non_phones_as_phones = phone_scores(gold, predicted)
    labels = sorted({e["label"] for d in gold for e in d["entities"]})
    report.identity = {label: bcubed(gold, predicted, label) for label in labels}
    report.identity["ALL"] = bcubed(gold, predicted)
    report.relations = relation_scores(gold, predicted, texts)
    return report


def rule_precision(
    gold: list[DocRecord], predicted: list[DocRecord], texts: dict[str, str], rules: dict[tuple[str, int], str]
) -> dict[str, Score]:
    """Precision of each relation rule: ``rules`` maps (doc, index of the relation in the
    predicted doc) to the rule that produced it. Used to calibrate link confidences."""
    per_rule: dict[str, Score] = defaultdict(Score)
    for pred_doc in predicted:
        gold_doc = next((g for g in gold if g["doc"] == pred_doc["doc"]), None)
        if gold_doc is None:
            continue
        for index, rel in enumerate(pred_doc["relations"]):
            rule = rules.get((pred_doc["doc"], index))
            if rule is None:
                continue
            single = {**pred_doc, "relations": [rel]}
            hit = relation_scores([gold_doc], [single], texts).get(rel["type"], Score()).tp
            if hit:
                per_rule[rule].tp += 1
            else:
                per_rule[rule].fp += 1
    return dict(per_rule)
