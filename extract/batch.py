"""Batch work the commands share: read many files, extract, resolve across the batch, evaluate.

Thin glue over :mod:`extract.readers`, :mod:`extract.extractor`, the resolver
(``extract/resolve.py``) and :mod:`extract.evaluation`, so the CLI and the UI call one API.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extract.evaluation import EvaluationReport, evaluate, load_gold
from extract.extractor import as_record, extract_reports, extraction_pipeline
from extract.readers import Document, ReadError, find_report_files, links_leaving, read_document
from graph.identity import phone_entity_id
from graph.model import Entity, Extraction, Report


@dataclass
class ReadFailure:
    """A file that could not be read, and why (for the summary table)."""

    path: str
    reason: str


@dataclass
class ReadBatch:
    documents: list[Document] = field(default_factory=list)  # e-mail attachments follow their e-mail
    failures: list[ReadFailure] = field(default_factory=list)
    warnings: list[ReadFailure] = field(default_factory=list)  # read, but not all of it (a page OCR could not read)

    def add(self, document: Document) -> None:
        """Keep a document read, its attachments as documents of their own, and what it warned of."""
        for part in document.with_attachments():
            self.documents.append(part)
            self.warnings.extend(ReadFailure(part.source, f"{part.source}: {w}") for w in part.warnings)


def read_batch(
    paths: Iterable[str | os.PathLike[str]], sandboxed: bool = True, ocr_language: str | None = None
) -> ReadBatch:
    """Read every report file under ``paths``; unreadable files become failures, never exceptions.

    With ``sandboxed`` each file is parsed in a worker process with time and memory limits
    (:mod:`extract.safe_read`), so a hostile file costs a message, not the batch. Scans and
    photos are read by OCR in ``ocr_language`` (Tesseract codes, e.g. ``eng+spa``; check it
    first with :func:`extract.ocr.check_language`).
    """
    batch = ReadBatch()
    paths = list(paths)
    for link in links_leaving(paths):
        batch.failures.append(ReadFailure(str(link), f"{link.name}: refused: a link leading outside the input folder"))
    files = find_report_files(paths)
    for path in files:
        if not Path(path).exists():
            batch.failures.append(ReadFailure(str(path), f"{Path(path).name}: file not found"))
    files = [p for p in files if Path(p).exists()]
    if sandboxed:
        try:
            from extract.safe_read import SafeReader
        except ImportError:
            sandboxed = False
    if sandboxed:
        with SafeReader(ocr_language=ocr_language) as reader:
            for result in reader.read_all(files):
                if result.error is not None:
                    batch.failures.append(ReadFailure(str(result.path), str(result.error)))
                elif result.document is not None:
                    batch.add(result.document)
        return batch
    for path in files:
        try:
            batch.add(read_document(path, ocr_language=ocr_language))
        except ReadError as error:
            batch.failures.append(ReadFailure(str(path), str(error)))
    return batch


@dataclass
class ExtractedBatch:
    """Reports of a batch with their resolved extractions (same order) and the resolver's doubts."""

    reports: list[Report]
    extractions: list[Extraction]
    candidates: list = field(default_factory=list)  # resolver MatchCandidates for an analyst
    resolved: bool = False  # False when no resolver is installed (ids stay provisional)


def extract_batch(
    reports: list[Report],
    workers: int = 1,
    known: list[Entity] | None = None,
    model: str | None = None,
    progress: Callable[[int], None] | None = None,
    store=None,
) -> ExtractedBatch:
    """Extract every report (``workers`` processes) and resolve identities across the batch
    (and against ``known`` entities, or against everything ``store`` holds: its entities and
    the analysts' merge, reject and split decisions)."""
    nlp = extraction_pipeline(model)
    extractions: list[Extraction] = []
    for extraction in extract_reports(reports, nlp=nlp, workers=workers):
        extractions.append(extraction)
        if progress:
            progress(1)
    from extract.resolve import resolve_batch, resolve_for_store

    items = list(zip(reports, extractions, strict=True))
    result = resolve_for_store(items, store) if store is not None else resolve_batch(items, known=known)
    return ExtractedBatch(reports, result.extractions, list(result.candidates), resolved=True)


# --- evaluation --------------------------------------------------------------------------------


def evaluate_corpus(
    corpus_dir: str | os.PathLike[str],
    baseline: bool = False,
    workers: int = 1,
    docs: list[str] | None = None,
    errors: int = 0,
) -> EvaluationReport:
    """Run extraction (or the baseline) over a gold corpus folder and score it.

    ``docs`` keeps only the documents whose file names match one of these shell patterns
    (``["01[3-9]_*", "02*"]``), to score a held-out part of a corpus; names are resolved
    within that part only. ``errors`` asks for that many of the worst missed and false links.
    """
    from fnmatch import fnmatch

    gold = load_gold(corpus_dir)
    if docs:
        gold = [g for g in gold if any(fnmatch(g["doc"], pattern) for pattern in docs)]
    documents = [read_document(Path(corpus_dir) / g["doc"]) for g in gold]
    texts = {d.source: d.text for d in documents}
    if baseline:
        predicted = [baseline_record(d.source, d.text) for d in documents]
    else:
        reports = [d.to_report() for d in documents]
        extracted = extract_batch(reports, workers=workers)
        predicted = [as_record(d.source, e) for d, e in zip(documents, extracted.extractions, strict=True)]
    return evaluate(gold, predicted, texts, errors=errors)


def baseline_record(document_name: str, text: str, model: str | None = None) -> dict:
    """The naive extraction the pipeline is measured against: the model's own NER, the
    ``phonenumbers`` matcher (region JM), identity = lower-cased string, and an ASSOCIATE_OF
    link for every two people named in one sentence."""
    import phonenumbers

    from extract.pipeline import load_plain_model

    nlp = load_plain_model(model)
    doc = nlp(text)
    labels = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION"}
    entities = []
    for ent in doc.ents:
        if ent.label_ in labels:
            label = labels[ent.label_]
            entities.append(
                {
                    "start": ent.start_char,
                    "end": ent.end_char,
                    "text": ent.text,
                    "label": label,
                    "entity_id": f"{label}:{ent.text.lower()}",
                }
            )
    for match in phonenumbers.PhoneNumberMatcher(text, "JM"):
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        entities.append(
            {
                "start": match.start,
                "end": match.end,
                "text": match.raw_string,
                "label": "PHONE",
                "entity_id": phone_entity_id(e164),
            }
        )
    relations = []
    for sent in doc.sents:
        people = [e for e in entities if e["label"] == "PERSON" and sent.start_char <= e["start"] < sent.end_char]
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                if a["entity_id"] != b["entity_id"]:
                    relations.append(
                        {"type": "ASSOCIATE_OF", "head": a["entity_id"], "tail": b["entity_id"], "evidence": sent.text}
                    )
    return {"doc": document_name, "entities": entities, "relations": relations}
