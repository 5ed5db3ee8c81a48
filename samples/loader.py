"""Load the bundled fictional sample case into a store: for demos, the first run, and UI tests.

The reports go through the real readers; their extraction comes from the spaCy pipeline
and resolver (``extract.extractor``, ``extract.resolve``) when installed, else from the hand-made resolved extraction in
``sample_case.gold.json`` (mentions found by the surface forms listed there).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casework.ingest import IngestOptions, ingest_reports, pipeline_extractor, writable_store
from graph.errors import ThreadlineError
from graph.model import Call, Entity, Extraction, IngestResult, Link, Mention, Report, make_entity
from graph.store import GraphStore

SAMPLES = Path(__file__).resolve().parent
SAMPLE_CASE_DIR = SAMPLES / "sample_case"
SAMPLE_GOLD = SAMPLES / "sample_case.gold.json"
SAMPLE_CASE_NAME = "ACKEE TREE"


class SampleLoadError(ThreadlineError):
    """A sample report that could not be stored (the message names it)."""


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


def gold_extractor(
    reports: list[Report], store: GraphStore, options: IngestOptions, advance: Callable[[int], None]
) -> tuple[list[Extraction], list]:
    """The hand-made extraction of each sample report (for a machine without the spaCy pipeline)."""
    by_id = {report.id: name for name, report in read_sample_reports(options.case).items()}
    gold = gold_extractions(read_sample_reports(options.case))
    advance(len(reports))
    return [gold[by_id[report.id]] for report in reports], []


def pipeline_installed() -> bool:
    try:
        import extract.extractor  # noqa: F401
        import extract.resolve  # noqa: F401
    except ImportError:
        return False
    return True


def load_sample_case(store: GraphStore, use_pipeline: bool = True, case: str = SAMPLE_CASE_NAME) -> SampleLoad:
    """Ingest the sample reports and calls into ``store`` (idempotent: twice changes nothing),
    through the one ingest pipeline (:mod:`casework.ingest`): graded, dated, extracted, resolved."""
    extracted_by = "pipeline" if use_pipeline and pipeline_installed() else "gold"
    extractor = pipeline_extractor if extracted_by == "pipeline" else gold_extractor
    reports = list(read_sample_reports(case).items())
    outcome = ingest_reports(store, reports, IngestOptions(case=case), extractor=extractor)
    if outcome.failures:
        raise SampleLoadError("; ".join(f.reason for f in outcome.failures))
    calls = writable_store(store, case).add_calls(read_sample_calls())
    return SampleLoad(outcome.results, calls, extracted_by)
