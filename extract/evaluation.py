"""Scoring an extraction against gold annotations (the layout of ``dev_corpus/gold.jsonl``).

Pure functions over plain records: exact-span P/R/F1 per label, phone F1 over E.164 numbers
(with every non-phone read as a phone listed), B-cubed identity scores, and relation
P/R/F1 per type after mapping predicted entity ids onto gold ids through the mentions.
"""

from __future__ import annotations

import dataclasses
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
    missed: list[RelationError] = field(default_factory=list)  # the worst misses, when asked for
    false_links: list[RelationError] = field(default_factory=list)  # the worst false links, when asked for

    def by_type(self) -> list[tuple[str, str, Score]]:
        """(what, name, score) rows: each entity label (exact spans), phones (E.164 per document),
        then each relation type, each part closed by its overall row."""
        rows = [("entity", label, score) for label, score in self.spans.items()]
        rows.append(("phone", "E.164", self.phones))
        rows.extend(("relation", link_type, score) for link_type, score in self.relations.items())
        return rows

    def as_dict(self) -> dict:
        result = {
            "spans": {k: v.as_dict() for k, v in self.spans.items()},
            "phones": {**self.phones.as_dict(), "non_phones_extracted": self.non_phones_as_phones},
            "identity": {k: v.as_dict() for k, v in self.identity.items()},
            "relations": {k: v.as_dict() for k, v in self.relations.items()},
        }
        if self.missed or self.false_links:
            result["errors"] = {
                "missed": [dataclasses.asdict(e) for e in self.missed],
                "false": [dataclasses.asdict(e) for e in self.false_links],
            }
        return result


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


@dataclass
class DocMatch:
    """How one document's predicted relations line up with its gold ones."""

    doc: str
    mapping: dict[str, str]  # predicted entity id -> gold id
    hits: list[tuple[RelationRecord, RelationRecord]] = field(default_factory=list)  # (predicted, gold)
    false: list[RelationRecord] = field(default_factory=list)
    missed: list[RelationRecord] = field(default_factory=list)


def match_relations(gold_doc: DocRecord, pred_doc: DocRecord, text: str) -> DocMatch:
    """A predicted relation matches a gold one of its document when the type matches, head and
    tail map to the gold ids (either order for ASSOCIATE_OF) and the evidence passages overlap in
    the text. Each gold relation is matched at most once; CO_MENTIONED is never scored."""
    mapping = map_predicted_ids(gold_doc, pred_doc)
    match = DocMatch(gold_doc["doc"], mapping)
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
            match.hits.append((rel, hit))
        else:
            match.false.append(rel)
    match.missed = unmatched
    return match


def relation_scores(gold: list[DocRecord], predicted: list[DocRecord], texts: dict[str, str]) -> dict[str, Score]:
    """Relation P/R/F1 per type and overall ("ALL"), matched as :func:`match_relations` says."""
    scores: dict[str, Score] = defaultdict(Score)
    pred_by_doc = {d["doc"]: d for d in predicted}
    for gold_doc in gold:
        pred_doc = pred_by_doc.get(gold_doc["doc"], {"doc": gold_doc["doc"], "entities": [], "relations": []})
        match = match_relations(gold_doc, pred_doc, texts.get(gold_doc["doc"], ""))
        for rel, _gold in match.hits:
            scores[rel["type"]].tp += 1
        for rel in match.false:
            scores[rel["type"]].fp += 1
        for g in match.missed:
            scores[g["type"]].fn += 1
    total = Score()
    for score in scores.values():
        total.tp += score.tp
        total.fp += score.fp
        total.fn += score.fn
    result = dict(sorted(scores.items()))
    result["ALL"] = total
    return result


#: The acts of trafficking and control: their errors are listed first.
ACT_TYPES = ("RECRUITED", "TRANSPORTED", "HARBOURED", "EXPLOITED", "CONTROLS", "TRANSFERRED", "RECEIVED", "PAID")


@dataclass
class RelationError:
    """One gold link the extraction missed, or one link it made that the gold does not have."""

    kind: str  # "missed" or "false"
    doc: str
    type: str
    head: str  # the entity as the report names it
    tail: str
    evidence: str
    why: str  # what went wrong, as far as the records tell
    confidence: float | None = None  # a false link's own confidence, when the record carries it
    rule: str | None = None  # the rule that made a false link, when the record carries it


def relation_errors(
    gold: list[DocRecord], predicted: list[DocRecord], texts: dict[str, str], limit: int = 10
) -> tuple[list[RelationError], list[RelationError]]:
    """The ``limit`` worst misses and the ``limit`` worst false links, with their sentences.

    Worst misses first: those whose two entities were both found (the relation rules' own
    failing, not the recogniser's), acts of trafficking before other links. Worst false links
    first: acts before other links, then the most confident (an investigator acts on those).
    """
    misses: list[tuple[tuple, RelationError]] = []
    falses: list[tuple[tuple, RelationError]] = []
    pred_by_doc = {d["doc"]: d for d in predicted}
    for gold_doc in gold:
        pred_doc = pred_by_doc.get(gold_doc["doc"], {"doc": gold_doc["doc"], "entities": [], "relations": []})
        text = texts.get(gold_doc["doc"], "")
        match = match_relations(gold_doc, pred_doc, text)
        gold_names = _names(gold_doc)
        pred_names = _names(pred_doc)
        found_ids = set(match.mapping.values())

        def name(entity_id: str, mapped: str, gold_names=gold_names, pred_names=pred_names) -> str:
            return gold_names.get(mapped) or pred_names.get(entity_id) or entity_id

        mapped_false = [
            (rel, match.mapping.get(rel["head"], rel["head"]), match.mapping.get(rel["tail"], rel["tail"]))
            for rel in match.false
        ]
        for g in match.missed:
            found = g["head"] in found_ids, g["tail"] in found_ids
            why = _why_missed(g, found, mapped_false, text)
            error = RelationError(
                "missed", gold_doc["doc"], g["type"], name(g["head"], g["head"]), name(g["tail"], g["tail"]),
                g["evidence"], why,
            )  # fmt: skip
            misses.append(((not all(found), _act_rank(g["type"])), error))
        gold_pairs = {(g["head"], g["tail"]): g["type"] for g in gold_doc["relations"]}
        for rel, head, tail in mapped_false:
            why = _why_false(rel, head, tail, gold_pairs, found_ids)
            confidence = rel.get("confidence")
            error = RelationError(
                "false", gold_doc["doc"], rel["type"], name(rel["head"], head), name(rel["tail"], tail),
                rel["evidence"], why, confidence, rel.get("rule"),
            )  # fmt: skip
            falses.append(((_act_rank(rel["type"]), -(confidence or 0.0)), error))
    misses.sort(key=lambda pair: pair[0])
    falses.sort(key=lambda pair: pair[0])
    return [e for _, e in misses[:limit]], [e for _, e in falses[:limit]]


def _act_rank(link_type: str) -> int:
    return ACT_TYPES.index(link_type) if link_type in ACT_TYPES else len(ACT_TYPES)


def _names(record: DocRecord) -> dict[str, str]:
    """Entity id -> its longest written form in the record."""
    names: dict[str, str] = {}
    for e in record["entities"]:
        if len(e["text"]) > len(names.get(e["entity_id"], "")):
            names[e["entity_id"]] = e["text"]
    return names


def _why_missed(g: RelationRecord, found: tuple[bool, bool], mapped_false: list, text: str) -> str:
    if not found[0] and not found[1]:
        return "neither entity found"
    if not found[0]:
        return "source not found"
    if not found[1]:
        return "target not found"
    gold_ranges = _evidence_ranges(text, g["evidence"]) or [(0, 0)]
    for rel, head, tail in mapped_false:
        overlap = any(
            ps < ge and gs < pe
            for ps, pe in _evidence_ranges(text, rel["evidence"]) or [(0, 0)]
            for gs, ge in gold_ranges
        )
        if {head, tail} != {g["head"], g["tail"]}:
            continue
        if rel["type"] != g["type"] and overlap:
            return f"linked as {rel['type']}"
        if rel["type"] == g["type"] and (head, tail) != (g["head"], g["tail"]) and overlap:
            return "linked the wrong way round"
        if rel["type"] == g["type"] and not overlap:
            return "linked from another sentence"
    return "no link"


def _why_false(rel: RelationRecord, head: str, tail: str, gold_pairs: dict, found_ids: set[str]) -> str:
    if head not in found_ids and tail not in found_ids:
        return "neither end is a gold entity"
    if head not in found_ids:
        return "source is not a gold entity"
    if tail not in found_ids:
        return "target is not a gold entity"
    if (head, tail) in gold_pairs and gold_pairs[(head, tail)] != rel["type"]:
        return f"gold says {gold_pairs[(head, tail)]}"
    if (tail, head) in gold_pairs and gold_pairs[(tail, head)] == rel["type"]:
        return "the wrong way round"
    if (head, tail) in gold_pairs:
        return "gold has it from another sentence"
    return "no such link in gold"


def evaluate(
    gold: list[DocRecord], predicted: list[DocRecord], texts: dict[str, str], errors: int = 0
) -> EvaluationReport:
    """All the scores at once (and the ``errors`` worst misses and false links, when asked for)."""
    report = EvaluationReport()
    report.spans = span_scores(gold, predicted)
    report.phones, report.non_phones_as_phones = phone_scores(gold, predicted)
    labels = sorted({e["label"] for d in gold for e in d["entities"]})
    report.identity = {label: bcubed(gold, predicted, label) for label in labels}
    report.identity["ALL"] = bcubed(gold, predicted)
    report.relations = relation_scores(gold, predicted, texts)
    if errors:
        report.missed, report.false_links = relation_errors(gold, predicted, texts, errors)
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
