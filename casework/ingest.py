"""The one ingest pipeline: read -> grade -> review date -> extract -> resolve -> store.

``threadline ingest`` (:func:`ingest_paths`), the workspace's Ingest page (:func:`preview_upload`
then :func:`commit_previews`) and the sample case (``samples.loader``) all go through these
steps, so a report gets the same grading, review-by date and resolution whichever way it came
in. Each report is stored on its own (atomic, idempotent): a file that cannot be read, graded
or stored becomes a problem naming it, and the batch goes on. Front ends follow the work
through :class:`IngestProgress` callbacks.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from governance.grading import GradingScheme, apply_grading, parse_header_grading
from governance.guard import GuardedStore
from governance.retention import DEFAULT_REVIEW_YEARS, review_by_on_ingest
from graph.model import Extraction, IngestNotice, IngestResult, Report
from graph.store import GraphStore, StoreError

#: The store a use case is handed: the acting user's guarded view, or a store itself (tests, tools).
CaseStore = GraphStore | GuardedStore

#: Reports written per store transaction (and per progress step) by a batch ingest.
INGEST_CHUNK = 50


@dataclass(frozen=True)
class IngestOptions:
    """What the analyst sets for a batch: the case, a grading and handling code (which win over
    the report header), the deployment's grading scheme, and how long until retention review."""

    case: str = "default"
    grading: str | None = None  # e.g. "B2"
    handling_code: str | None = None
    scheme: GradingScheme | None = None
    review_years: int = DEFAULT_REVIEW_YEARS
    workers: int = 1  # extraction processes for a batch
    ocr_language: str | None = None  # Tesseract codes for scans and photos, e.g. "eng+spa" (default eng)


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
    return read_upload_all(name, data, case, grading)[0][1]


def read_upload_all(
    name: str, data: bytes, case: str, grading: str | None = None, ocr_language: str | None = None
) -> list[tuple[str, Report]]:
    """``(source, Report)`` for an uploaded file and, for an e-mail, each attachment read as a
    report of its own (scans and photos by OCR in ``ocr_language``). Raises
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
        if safe_read_document is not None:
            document = safe_read_document(path, ocr_language=ocr_language)
        else:
            document = read_document(path, ocr_language=ocr_language)
    document.source = safe_name
    return [(part.source, part.to_report(case=case, grading=grading or None)) for part in document.with_attachments()]


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
    store: CaseStore,
    name: str,
    data: bytes,
    nlp: Any,
    case: str | IngestOptions,
    grading: str | None = None,
) -> UploadPreview:
    """Read and extract one file for the analyst to check; every failure becomes a message."""
    return preview_uploads(store, name, data, nlp, case, grading)[0]


def preview_uploads(
    store: GraphStore,
    name: str,
    data: bytes,
    nlp: Any,
    case: str | IngestOptions,
    grading: str | None = None,
) -> list[UploadPreview]:
    """Read and extract one file, and an e-mail's attachments each as a report of its own (named
    ``mail.eml › statement.pdf``), for the analyst to check; every failure becomes a message."""
    options = case if isinstance(case, IngestOptions) else IngestOptions(case=case, grading=grading)
    try:
        reports = read_upload_all(name, data, options.case, ocr_language=options.ocr_language)
    except Exception as error:  # noqa: BLE001 - any reader failure is this file's problem only
        message = str(error) or type(error).__name__
        return [UploadPreview(name, error=message if name in message else f"{name}: {message}")]
    return [_preview_report(store, source if index else name, report, nlp, options)
            for index, (source, report) in enumerate(reports)]  # fmt: skip


def _preview_report(store: GraphStore, name: str, report: Report, nlp: Any, options: IngestOptions) -> UploadPreview:
    from extract.extractor import extract_report

    try:
        report, replaced = govern_report(report, options)
    except Exception as error:  # noqa: BLE001 - a grading the scheme refuses is this report's problem only
        message = str(error) or type(error).__name__
        return UploadPreview(name, error=message if name in message else f"{name}: {message}")
    if not report.text.strip():
        return UploadPreview(name, report=report, error=f"{name}: no text found in the file")
    try:
        extraction = extract_report(report, nlp)
    except Exception as error:  # noqa: BLE001
        return UploadPreview(name, report=report, error=f"{name}: extraction failed ({error})")
    return UploadPreview(name, report, extraction, already_stored=store.has_report(report.id), header_grading=replaced)


def commit_previews(store: CaseStore, previews: list[UploadPreview]) -> CommitOutcome:
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
    name_of = {p.report.id: p.name for p in good}
    for preview, extraction in zip(good, resolution.extractions, strict=True):
        outcome.results += store_reports(
            writable[preview.report.case],
            [(preview.report, extraction)],
            on_error=lambda report, error: outcome.errors.__setitem__(name_of[report.id], str(error)),
        )
    regraded = {p.report.id: (p.header_grading, str(p.report.grading)) for p in good if p.header_grading}
    record_regradings(store, outcome.results, regraded)
    return outcome


def record_regradings(store: CaseStore, results: list[IngestResult], regraded: dict) -> None:
    """Log a grading change for each new report whose header grading the analyst's replaced
    (``regraded``: report id -> (header's grading, grading stored)), as the acting user."""
    if not isinstance(store, GuardedStore):
        return
    for result in results:
        if result.created and result.report_id in regraded:
            header, given = regraded[result.report_id]
            store.note("grading-change", result.report_id, once=False, **{"from": header, "to": given, "on": "ingest"})


def writable_store(store: CaseStore, case: str) -> GraphStore:
    """The store to add reports of ``case`` to: through a guard, once the user may (else as is)."""
    return store.writable_for(case) if isinstance(store, GuardedStore) else store


# --- a batch of files (the command line, the sample case) ------------------------------------------


def _ignore(*_args: object) -> None:
    return None


@dataclass
class IngestProgress:
    """How a front end follows an ingest; every callback may be left out.

    ``stage(name, total)`` starts "reading", "extracting" or "storing" (total None when not
    known yet), ``advance(name, n)`` says ``n`` more are done, ``notice(message)`` passes on the
    store's word while it waits for a server to come back.
    """

    stage: Callable[[str, int | None], None] = _ignore
    advance: Callable[[str, int], None] = _ignore
    notice: Callable[[str], None] = _ignore


@dataclass
class IngestProblem:
    """A file (or report) that was not stored, and why: its name is in the reason."""

    path: str
    reason: str


@dataclass
class IngestOutcome:
    """What an ingest did: one result per report stored (new or already there), the problems,
    and how many uncertain matches wait for an analyst."""

    results: list[IngestResult] = field(default_factory=list)
    failures: list[IngestProblem] = field(default_factory=list)
    review_candidates: int = 0
    warnings: list[IngestProblem] = field(default_factory=list)  # read, but not all: a page OCR could not read

    @property
    def new(self) -> int:
        return sum(1 for r in self.results if r.created)

    @property
    def already(self) -> int:
        return sum(1 for r in self.results if not r.created)

    @property
    def entities(self) -> int:
        return sum(r.entities for r in self.results if r.created)

    @property
    def links(self) -> int:
        return sum(r.links for r in self.results if r.created)


#: Extract and resolve a batch against a store: reports -> (resolved extractions, candidates).
Extractor = Callable[[list[Report], GraphStore, IngestOptions, Callable[[int], None]], tuple[list[Extraction], list]]


def pipeline_extractor(
    reports: list[Report], store: GraphStore, options: IngestOptions, advance: Callable[[int], None]
) -> tuple[list[Extraction], list]:
    """The spaCy pipeline and the resolver (against everything the store holds and its analysts' decisions)."""
    from extract.batch import extract_batch

    extracted = extract_batch(reports, workers=options.workers, store=store, progress=advance)
    return extracted.extractions, list(extracted.candidates)


def store_reports(
    store: GraphStore,
    items: list[tuple[Report, Extraction]],
    on_error: Callable[[Report, StoreError], None],
    on_notice: Callable[[IngestNotice], None] | None = None,
    advance: Callable[[int], None] = _ignore,
    chunk: int = INGEST_CHUNK,
) -> list[IngestResult]:
    """Store each report whole or not at all, ``chunk`` reports per transaction; a refused one
    goes to ``on_error`` and the others are stored."""
    results: list[IngestResult] = []
    for first in range(0, len(items), chunk):
        part = items[first : first + chunk]
        results += store.ingest_many(part, batch_size=chunk, on_error=on_error, on_retry=on_notice)
        advance(len(part))
    return results


def ingest_reports(
    store: CaseStore,
    reports: list[tuple[str, Report]],
    options: IngestOptions,
    progress: IngestProgress | None = None,
    extractor: Extractor = pipeline_extractor,
    slice_size: int = INGEST_CHUNK,
) -> IngestOutcome:
    """Grade, date, extract, resolve and store reports read already (``(source, report)`` pairs).

    The batch goes in slices of ``slice_size`` reports, in the order given: each slice is
    extracted, resolved against the store and stored in one transaction before the next is
    read, so memory is bounded by a slice and a crash loses at most the slice in flight. A
    re-run after a crash skips the slices already stored and resolves the rest against the
    same store a clean run had: it gives the same graph.

    ``store`` is the acting user's store: the reports go where they may add to ``options.case``
    (a :class:`governance.access.PermissionDenied` otherwise, before anything is read).
    """
    progress = progress or IngestProgress()
    writable = writable_store(store, options.case)
    outcome = IngestOutcome()
    governed: list[tuple[str, Report]] = []
    regraded: dict[str, tuple[str, str]] = {}
    for source, report in reports:
        try:
            graded, header = govern_report(replace(report, case=options.case), options)
        except Exception as error:  # noqa: BLE001 - a grading the scheme refuses is this report's problem only
            outcome.failures.append(IngestProblem(source, f"{source}: not stored: {error}"))
            continue
        governed.append((source, graded))
        if header:
            regraded[graded.id] = (header, str(graded.grading))
    if not governed:
        return outcome
    progress.stage("extracting", len(governed))
    progress.stage("storing", len(governed))
    source_of = {report.id: source for source, report in governed}

    def refused(report: Report, error: StoreError) -> None:
        source = source_of[report.id]
        outcome.failures.append(IngestProblem(source, f"{source}: not stored: {error}"))

    for first in range(0, len(governed), slice_size):
        batch = [report for _, report in governed[first : first + slice_size]]
        if all(writable.has_report(report.id) for report in batch):  # stored before a crash: as it was
            outcome.results += [IngestResult(report.id, created=False) for report in batch]
            progress.advance("extracting", len(batch))
            progress.advance("storing", len(batch))
            continue
        extractions, candidates = extractor(
            batch, writable, options, lambda n: progress.advance("extracting", n)
        )
        outcome.review_candidates += sum(1 for c in candidates if getattr(c, "decision", "review") == "review")
        stored = store_reports(
            writable,
            list(zip(batch, extractions, strict=True)),
            on_error=refused,
            on_notice=lambda notice: progress.notice(notice.message),
            advance=lambda n: progress.advance("storing", n),
            chunk=slice_size,
        )
        record_regradings(store, stored, regraded)
        outcome.results += stored
    return outcome


def ingest_paths(
    store: CaseStore,
    paths: Iterable[str | os.PathLike[str]],
    options: IngestOptions,
    progress: IngestProgress | None = None,
    extractor: Extractor = pipeline_extractor,
    slice_size: int = INGEST_CHUNK,
) -> IngestOutcome:
    """Read every report file under ``paths`` (sandboxed readers) and ingest them (see :func:`ingest_reports`)."""
    from extract.batch import read_batch

    progress = progress or IngestProgress()
    writable_store(store, options.case)  # refuse before reading anything
    progress.stage("reading", None)
    batch = read_batch(paths, ocr_language=options.ocr_language)
    progress.stage("reading", 1)
    progress.advance("reading", 1)
    # in file order whatever order the sandboxed readers finished in: slices are the same on every run
    documents = sorted(batch.documents, key=lambda d: (d.source, d.text))
    reports = [(d.source, d.to_report(case=options.case)) for d in documents]
    outcome = ingest_reports(store, reports, options, progress, extractor, slice_size)
    outcome.failures = [IngestProblem(f.path, f.reason) for f in batch.failures] + outcome.failures
    outcome.warnings = [IngestProblem(w.path, w.reason) for w in batch.warnings]
    return outcome
