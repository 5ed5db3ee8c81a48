"""Exchange with the tools investigators already use: the prosecutor's PDF pack, FollowTheMoney,
i2 Analyst's Notebook and Maltego files out, FollowTheMoney entities in.

The export side is called by :func:`casework.exports.export_files` once the dissemination is
logged: it reads what a format needs through the user's :class:`governance.guard.GuardedStore`
(hidden victims as pseudonyms) and hands plain data to the pure writers in ``graph/``. Only
two things are read past the guard, and neither can name anyone: the SHA-256 of each cited
report's text as stored, and where that text's pages break (so a sentence's page is right
even though the redacted copy's offsets differ).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from casework.ingest import writable_store
from governance.guard import GuardedStore
from graph.model import LinkFilter, Report, Subgraph, now_iso
from graph.pages import page_breaks_of
from graph.pdf_pack import PackCover, build_prosecutor_pack, render_pdf, text_digest
from graph.store import GraphStore

#: The file each exchange format writes.
EXCHANGE_FILES: dict[str, tuple[str, ...]] = {
    "pdf": ("prosecutor-pack.pdf",),
    "ftm": ("entities.ftm.json",),
    "anx": ("chart.anx",),
    "mtgx": ("graph.mtgx",),
}


@dataclass(frozen=True)
class PackDetails:
    """What the prosecutor's pack says on its cover beyond the dissemination record, and why
    these entities (a path's or key player's reasoning, from the page it was exported from)."""

    operation: str = ""
    rationale: tuple[str, ...] = ()


def cited_reports(store: GuardedStore, view: Subgraph) -> dict[str, Report]:
    """Each report behind the view's links, with its (redacted) text, as the user may see it."""
    reports: dict[str, Report] = {}
    for report_id in dict.fromkeys(link.report_id for link in view.links):
        report = store.get_report(report_id)
        if report is not None:
            reports[report_id] = report
    return reports


def stored_text_facts(store: GuardedStore, report_ids: Iterable[str]) -> tuple[dict[str, str], dict[str, list[int]]]:
    """The SHA-256 of each report's text as stored and where its pages break: read past the
    redaction (neither names anyone), for reports the user may see only."""
    digests: dict[str, str] = {}
    breaks: dict[str, list[int]] = {}
    for report_id in report_ids:
        if not store.scope.admits_report(report_id):
            continue
        stored = store.inner.get_report(report_id)
        if stored is not None and stored.text:
            digests[report_id] = text_digest(stored.text)
            breaks[report_id] = page_breaks_of(stored.text)
    return digests, breaks


def exchange_files(
    store: GuardedStore,
    fmt: str,
    view: Subgraph,
    *,
    recipient: str,
    reason: str,
    title: str,
    filters: LinkFilter | None = None,
    details: PackDetails = PackDetails(),
) -> dict[str, str | bytes]:
    """The files of one exchange export of ``view`` (the dissemination is already logged)."""
    reports = cited_reports(store, view)
    if fmt == "pdf":
        digests, breaks = stored_text_facts(store, reports)
        handling = sorted({r.handling_code for r in reports.values() if r.handling_code})
        cases = sorted({r.case for r in reports.values() if r.case})
        cover = PackCover(
            title=title,
            recipient=recipient,
            reason=reason,
            produced_by=store.user.name,
            produced_at=now_iso(),
            case=(filters.case if filters and filters.case else ", ".join(cases)),
            operation=store.redact(details.operation),
            handling_code=", ".join(handling),
            selection=_selection(view, filters),
        )
        rationale = [store.redact(line) for line in details.rationale]
        pack = build_prosecutor_pack(view, reports, cover, digests=digests, page_breaks=breaks, rationale=rationale)
        return {"prosecutor-pack.pdf": render_pdf(pack)}
    if fmt == "ftm":
        from graph.ftm import to_ftm

        digests, breaks = stored_text_facts(store, reports)
        return {"entities.ftm.json": to_ftm(view, reports, digests, breaks).to_json_lines()}
    if fmt == "anx":
        from graph.i2 import to_anx

        _, breaks = stored_text_facts(store, reports)
        return {"chart.anx": to_anx(view, reports, title=title, page_breaks=breaks)}
    if fmt == "mtgx":
        from graph.maltego import to_mtgx

        _, breaks = stored_text_facts(store, reports)
        return {"graph.mtgx": to_mtgx(view, reports, breaks)}
    raise ValueError(f"not an exchange format: {fmt!r}")


def _selection(view: Subgraph, filters: LinkFilter | None) -> str:
    parts = [f"{len(view.entities)} entities"]
    if filters is not None:
        if filters.min_grading:
            parts.append(f"evidence graded {filters.min_grading} or better")
        if filters.min_confidence:
            parts.append(f"confidence at least {filters.min_confidence:.2f}")
        if filters.since or filters.until:
            parts.append(f"reported {filters.since or '...'} to {filters.until or '...'}")
    return "; ".join(parts)


# --- FollowTheMoney in -------------------------------------------------------------------------------


@dataclass
class FtmImportOutcome:
    """What `import-ftm` stored: source documents (new of them), entities, links, calls, and what it left out."""

    documents: int = 0
    new: int = 0
    entities: int = 0
    links: int = 0
    calls: int = 0
    skipped: list[str] = field(default_factory=list)


def import_ftm_file(store: GraphStore, path: str | os.PathLike[str], case: str = "default") -> FtmImportOutcome:
    """Store an FtM file's entities, links (each with its source document as a report) and calls
    in ``case`` (``extract.ftm_import.FtmImportError`` for a file that is not FtM; the store's
    own errors, and a permission refusal, pass through)."""
    from extract.ftm_import import import_ftm

    imported = import_ftm(Path(path), case=case)
    writable = writable_store(store, case)
    outcome = FtmImportOutcome(documents=len(imported.items), skipped=list(imported.skipped))
    for report, extraction in imported.items:
        outcome.new += writable.ingest(report, extraction).created
    outcome.calls = writable.add_calls(imported.calls) if imported.calls else 0
    outcome.entities = len({e.id for _, extraction in imported.items for e in extraction.entities})
    outcome.links = sum(len(extraction.links) for _, extraction in imported.items)
    return outcome
