"""Build resolver input from gold annotations, to measure the resolver without the extractor.

The dev corpus (``gold.jsonl``: per document, entity spans with gold ids and relations with
their evidence sentence) is turned into what the extractor would hand the resolver at its
most naive: per report, one provisional entity per distinct (label, exact text), phones with
their E.164 id, e-mails with their folded id, and each gold relation as a link between the
provisional entities named in its evidence. Gold ids are kept aside for scoring only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from extract.resolution.evaluate import MentionKey
from graph.model import Extraction, Link, Mention, Report, make_entity


@dataclass
class GoldCorpus:
    """Resolver input built from gold spans, and the gold identity of every mention."""

    items: list[tuple[Report, Extraction]] = field(default_factory=list)
    gold: dict[MentionKey, str] = field(default_factory=dict)  # (report id, start, end) -> gold entity id
    labels: dict[MentionKey, str] = field(default_factory=dict)
    surfaces: dict[MentionKey, tuple[str, str]] = field(default_factory=dict)  # -> (label, text)


def load_gold_corpus(directory: Path, case: str = "dev") -> GoldCorpus:
    """Read ``gold.jsonl`` and the documents beside it into provisional extractions."""
    corpus = GoldCorpus()
    for line in (directory / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        text = (directory / record["doc"]).read_text(encoding="utf-8")
        report = Report.from_text(text, title=record["doc"], source=record["doc"], case=case)
        extraction = Extraction()
        provisional: dict[tuple[str, str], str] = {}
        spans: list[tuple[int, int, str, str]] = []  # start, end, gold id, provisional id
        for span in sorted(record["entities"], key=lambda s: (s["start"], s["end"])):
            label, surface = span["label"], span["text"]
            key = (label, surface)
            if key not in provisional:
                if label == "PHONE":
                    entity_id = span["entity_id"]  # the extractor gives phones their E.164 id
                elif label == "EMAIL":
                    entity_id = "EM_" + surface.strip().casefold()
                else:
                    entity_id = f"{report.id}#{len(provisional)}"
                provisional[key] = entity_id
                if all(e.id != entity_id for e in extraction.entities):
                    extraction.entities.append(make_entity(label, entity_id, surface))
            entity_id = provisional[key]
            extraction.mentions.append(Mention(report.id, entity_id, span["start"], span["end"], surface, label))
            mention_key = (report.id, span["start"], span["end"])
            corpus.gold[mention_key] = span["entity_id"]
            corpus.labels[mention_key] = label
            corpus.surfaces[mention_key] = (label, surface)
            spans.append((span["start"], span["end"], span["entity_id"], entity_id))
        for relation in record["relations"]:
            start = text.find(relation["evidence"])
            if start < 0:
                continue
            end = start + len(relation["evidence"])

            source = _named_in(spans, relation["head"], start, end)
            target = _named_in(spans, relation["tail"], start, end)
            if source and target and source != target:
                extraction.links.append(
                    Link(relation["type"], source, target, report.id, relation["evidence"], start, end, 0.9, "rule")
                )
        corpus.items.append((report, extraction))
    return corpus


def _named_in(spans: list[tuple[int, int, str, str]], gold_id: str, start: int, end: int) -> str | None:
    """The provisional id of the first mention of ``gold_id`` inside [start, end)."""
    return next((p for s, e, g, p in spans if g == gold_id and s >= start and e <= end), None)


def predicted_identities(items: list[tuple[Report, Extraction]]) -> dict[MentionKey, str]:
    """(report id, start, end) -> entity id, from resolved extractions."""
    return {(m.report_id, m.start, m.end): m.entity_id for _, extraction in items for m in extraction.mentions}
