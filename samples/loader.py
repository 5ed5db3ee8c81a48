"""Load the bundled fictional sample case into a store: for demos, the first run, and UI tests.

The reports go through the real readers; their extraction comes from the spaCy pipeline
and resolver (``extract.extractor``, ``extract.resolve``) when installed, else from the hand-made resolved extraction in
``sample_case.gold.json`` (mentions found by the surface forms listed there).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from graph.model import Call, Entity, Extraction, IngestResult, Link, Mention, Report, make_entity
from graph.store import GraphStore

SAMPLES = Path(__file__).resolve().parent
SAMPLE_CASE_DIR = SAMPLES / "sample_case"
SAMPLE_GOLD = SAMPLES / "sample_case.gold.json"
SAMPLE_CASE_NAME = "ACKEE TREE"


@dataclass
class SampleLoad:
    """What loading the sample case did."""

    reports: list[IngestResult]
    calls_added: int
    extracted_by: str  # "pipeline" or "gold"


def sample_report_files() -> list[Path]:
    return sorted(SAMPLE_CASE_DIR.glob("*.txt"))


def read_sample_reports(case: str = SAMPLE_CASE_NAME) -> dict[str, Report]:
    """Each sample file as a Report (file name -> Report), read by the real readers."""
    from extract.readers import read_document

    return {path.name: read_document(path).to_report(case=case) for path in sample_report_files()}


def read_sample_calls() -> list[Call]:
    with (SAMPLE_CASE_DIR / "calls.csv").open(newline="", encoding="utf-8") as handle:
        return [
            Call(row["caller"], row["callee"], row["start_time"], int(row["duration_s"]), source="calls.csv")
            for row in csv.DictReader(handle)
        ]


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence (or log line) holding ``text[start:end]``."""
    left = max(text.rfind(". ", 0, start) + 2 if text.rfind(". ", 0, start) >= 0 else 0, text.rfind("\n", 0, start) + 1)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    return left, right


def find_mentions(report: Report, entities: list[Entity]) -> list[Mention]:
    """Every non-overlapping occurrence of an entity's name or alias, longest forms first."""
    forms = sorted(
        ((form, entity) for entity in entities for form in {entity.name, *entity.aliases} if form),
        key=lambda fe: -len(fe[0]),
    )
    taken: list[tuple[int, int]] = []
    mentions: list[Mention] = []
    for form, entity in forms:
        for match in re.finditer(r"(?<![\w@.])" + re.escape(form) + r"(?![\w@])", report.text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            s, e = sentence_around(report.text, start, end)
            mentions.append(Mention(report.id, entity.id, start, end, form, entity.kind, report.text[s:e].strip()))
    return sorted(mentions, key=lambda m: m.start)


def gold_extractions(reports: dict[str, Report]) -> dict[str, Extraction]:
    """The hand-made extraction of each sample file (file name -> Extraction)."""
    gold = json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))
    entities = [
        make_entity(
            e["kind"],
            e["id"],
            e["name"],
            e.get("aliases"),
            **{k: v for k, v in e.items() if k not in ("kind", "id", "name", "aliases")},
        )
        for e in gold["entities"]
    ]
    extractions: dict[str, Extraction] = {}
    for name, report in reports.items():
        mentions = find_mentions(report, entities)
        named = {m.entity_id for m in mentions}
        links = []
        for row in gold["links"]:
            if row["file"] != name:
                continue
            start = report.text.index(row["evidence"])
            links.append(
                Link(
                    row["type"], row["source"], row["target"], report.id, row["evidence"], start,
                    start + len(row["evidence"]), float(row.get("confidence", 0.8)), row.get("method", "rule"),
                )
            )  # fmt: skip
            named |= {row["source"], row["target"]}
        extractions[name] = Extraction(entities=[e for e in entities if e.id in named], mentions=mentions, links=links)
    return extractions


def pipeline_extractions(store: GraphStore, reports: dict[str, Report]) -> dict[str, Extraction] | None:
    """The real pipeline's resolved extraction of each file, or None when it is not installed."""
    try:
        from extract.extractor import extract_reports
        from extract.resolve import resolve_for_store
    except ImportError:
        return None
    names = list(reports)
    extracted = list(extract_reports([reports[n] for n in names]))
    resolved = resolve_for_store([(reports[n], e) for n, e in zip(names, extracted, strict=True)], store)
    return dict(zip(names, resolved.extractions, strict=True))


def load_sample_case(store: GraphStore, use_pipeline: bool = True, case: str = SAMPLE_CASE_NAME) -> SampleLoad:
    """Ingest the sample reports and calls into ``store`` (idempotent: twice changes nothing)."""
    from ui.ingest_flow import writable_store

    store = writable_store(store, case)
    reports = read_sample_reports(case)
    extractions = pipeline_extractions(store, reports) if use_pipeline else None
    extracted_by = "pipeline"
    if extractions is None:
        extractions, extracted_by = gold_extractions(reports), "gold"
    results = [store.ingest(report, extractions[name]) for name, report in reports.items()]
    return SampleLoad(results, store.add_calls(read_sample_calls()), extracted_by)
