"""The steps of the Ingest page without Streamlit: read an upload, extract it for preview, commit a batch.

Each uploaded file is read by the real readers (in a worker process with size and
zip-bomb limits when ``extract.safe_read`` is available), extracted by the spaCy pipeline,
and only written when the analyst commits: the batch is resolved against the entities
already stored, then each report is ingested on its own (atomic, idempotent), so one bad
file never stops the others.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from governance.grading import GradingScheme, apply_grading, parse_header_grading
from governance.retention import DEFAULT_REVIEW_YEARS, review_by_on_ingest
from graph.model import Extraction, IngestResult, Report
from graph.store import GraphStore


@dataclass(frozen=True)
class IngestOptions:
    """What the analyst sets for a batch: the case, a grading and handling code (which win over
    the report header), the deployment's grading scheme, and how long until retention review."""

    case: str = "default"
    grading: str | None = None  # e.g. "B2"
    handling_code: str | None = None
    scheme: GradingScheme | None = None
    review_years: int = DEFAULT_REVIEW_YEARS


@dataclass
class UploadPreview:
    """One file read and extracted, not yet stored; or the reason it could not be."""

    name: str
    report: Report | None = None
    extraction: Extraction | None = None
    error: str = ""
    already_stored: bool = False
    header_grading: str = ""  # what the report header said, when the analyst's grading replaced it

    @property
    def ok(self) -> bool:
        return self.report is not None and self.extraction is not None and not self.error


@dataclass
class CommitOutcome:
    results: list[IngestResult] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # file name -> problem
    review_candidates: int = 0


def read_upload(name: str, data: bytes, case: str, grading: str | None = None) -> Report:
    """The Report an uploaded file becomes (grading only for a file without one). Raises
    ``extract.readers.ReadError`` naming the file."""
    from extract.readers import read_document

    try:
        from extract.safe_read import safe_read_document
    except ImportError:  # pragma: no cover - the safe reader is optional
        safe_read_document = None
    safe_name = Path(name).name or "upload.txt"
    with tempfile.TemporaryDirectory(prefix="threadline-upload-") as folder:
        path = Path(folder) / safe_name
        path.write_bytes(data)
        document = safe_read_document(path) if safe_read_document is not None else read_document(path)
    document.source = safe_name
    return document.to_report(case=case, grading=grading or None)


def govern_report(report: Report, options: IngestOptions) -> tuple[Report, str]:
    """The report with the analyst's grading and handling code applied (checked against the
    scheme; GradingError says what it allows) and its retention review-by date set. Also
    returns the header's own grading when the analyst's differs from it ("" otherwise)."""
    header = parse_header_grading(report.text, options.scheme)
    graded = apply_grading(report, grading=options.grading, handling_code=options.handling_code, scheme=options.scheme)
    graded = replace(graded, review_by=graded.review_by or review_by_on_ingest(years=options.review_years))
    replaced = ""
    if options.grading and header is not None and str(header.grading) != "--" and header.grading != graded.grading:
        replaced = str(header.grading)
    return graded, replaced


def preview_upload(
    store: GraphStore,
    name: str,
    data: bytes,
    nlp: Any,
    case: str | IngestOptions,
    grading: str | None = None,
) -> UploadPreview:
    """Read and extract one file for the analyst to check; every failure becomes a message."""
    from extract.extractor import extract_report

    options = case if isinstance(case, IngestOptions) else IngestOptions(case=case, grading=grading)
    try:
        report = read_upload(name, data, options.case)
        report, replaced = govern_report(report, options)
    except Exception as error:  # noqa: BLE001 - any reader or grading failure is this file's problem only
        message = str(error) or type(error).__name__
        return UploadPreview(name, error=message if name in message else f"{name}: {message}")
    if not report.text.strip():
        return UploadPreview(name, report=report, error=f"{name}: no text found in the file")
    try:
        extraction = extract_report(report, nlp)
    except Exception as error:  # noqa: BLE001
        return UploadPreview(name, report=report, error=f"{name}: extraction failed ({error})")
    return UploadPreview(name, report, extraction, already_stored=store.has_report(report.id), header_grading=replaced)


def commit_previews(store: GraphStore, previews: list[UploadPreview]) -> CommitOutcome:
    """Resolve the good previews against the stored entities and ingest each report."""
    from extract.resolve import resolve_for_store

    good = [p for p in previews if p.ok and not p.already_stored]
    outcome = CommitOutcome()
    if not good:
        return outcome
    try:
        writable = {case: writable_store(store, case) for case in {p.report.case for p in good}}
    except Exception as error:  # noqa: BLE001 - not allowed to add to this case: say so per file
        outcome.errors.update({p.name: str(error) for p in good})
        return outcome
    # Resolution compares real names (never shown): against the store the user may write to.
    resolution = resolve_for_store([(p.report, p.extraction) for p in good], next(iter(writable.values())))
    outcome.review_candidates = sum(1 for c in resolution.candidates if c.decision == "review")
    for preview, extraction in zip(good, resolution.extractions, strict=True):
        try:
            outcome.results.append(writable[preview.report.case].ingest(preview.report, extraction))
        except Exception as error:  # noqa: BLE001 - one report's failure leaves the others
            outcome.errors[preview.name] = str(error)
    return outcome


def writable_store(store: GraphStore, case: str) -> GraphStore:
    """The store to add reports of ``case`` to: through a guard, once the user may (else as is)."""
    writable_for = getattr(store, "writable_for", None)
    return writable_for(case) if writable_for is not None else store
