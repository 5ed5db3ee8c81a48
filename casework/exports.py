"""One entry point for every export format, shared by the Export page and `threadline export`.

Exports are read through the user's :class:`governance.guard.GuardedStore` (their cases only, hidden
victims as pseudonyms in names, ids and sentences) and are disseminations: each one needs the
``export`` permission, a recipient and a reason, and is written to the audit log *before* the
files are made. Returns files as ``{file name: text or bytes}`` (the PDF pack and Maltego archive
are bytes) so the page offers them as downloads and the command writes them to disk, byte for
byte the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from casework.exchange import EXCHANGE_FILES, PackDetails, exchange_files
from governance.guard import ExportRefused, GuardedStore
from graph.errors import ThreadlineError
from graph.exports import build_evidence_pack, render_evidence_pack, to_csv, to_gexf, to_graphml
from graph.model import LinkFilter, Subgraph
from render.graph_view import render_network

FORMATS: tuple[str, ...] = ("html", "graphml", "gexf", "csv", "evidence", *EXCHANGE_FILES)
FILE_NAMES: dict[str, tuple[str, ...]] = {
    "html": ("network.html",),
    "graphml": ("network.graphml",),
    "gexf": ("network.gexf",),
    "csv": ("nodes.csv", "links.csv"),
    "evidence": ("evidence-pack.html",),
    **EXCHANGE_FILES,  # pdf (the prosecutor's pack), ftm, anx (i2), mtgx (Maltego): casework.exchange
}


class ExportError(ThreadlineError, ValueError):
    """An export that cannot be made as asked; the message says what to change."""


def export_files(
    store: GuardedStore,
    fmt: str,
    view: Subgraph,
    *,
    recipient: str,
    reason: str,
    targets: Iterable[str] = (),
    filters: LinkFilter | None = None,
    title: str = "Threadline export",
    highlight: Iterable[str] = (),
    details: PackDetails | None = None,
) -> dict[str, str | bytes]:
    """The files of one export of ``view`` (read through ``store``), or for ``evidence``, of ``targets``.

    Raises ExportError, without logging anything, when the format or targets are wrong, and
    when the user may not export or gave no recipient or reason.
    """
    if not isinstance(store, GuardedStore):
        raise TypeError(
            "exports are read through a GuardedStore (governance.guard.guard) so scoping and redaction apply"
        )
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    target_ids = list(dict.fromkeys(targets))
    if fmt == "evidence" and not target_ids:
        raise ExportError("An evidence pack needs at least one target: name an entity (--entity NAME).")
    title = store.redact(title)
    try:
        store.record_export(
            recipient,
            reason,
            fmt,
            FILE_NAMES[fmt],
            title=title,
            targets=[store.inner_id(t) for t in target_ids],
            entities=len(view.entities),
            links=len(view.links),
            min_grading=filters.min_grading if filters else None,
        )
    except ExportRefused as refused:
        raise ExportError(str(refused)) from refused
    if fmt in EXCHANGE_FILES:
        return exchange_files(
            store, fmt, view, recipient=recipient, reason=reason, title=title, filters=filters,
            details=details or PackDetails(),
        )  # fmt: skip
    reports = {r.id: r for r in store.reports()}
    if fmt == "html":
        return {"network.html": render_network(view, heading=title, highlight=highlight, height="85vh")}
    if fmt == "graphml":
        return {"network.graphml": to_graphml(view, reports)}
    if fmt == "gexf":
        return {"network.gexf": to_gexf(view, reports)}
    if fmt == "csv":
        return to_csv(view, reports)
    pack = build_evidence_pack(store, target_ids, filters, title=title)
    return {"evidence-pack.html": render_evidence_pack(pack)}


def view_for(store: GuardedStore, entity_ids: list[str], hops: int = 1, filters: LinkFilter | None = None) -> Subgraph:
    """The part of the case to export: the neighbourhood of some entities, or the whole case."""
    if entity_ids:
        return store.neighbourhood(entity_ids, hops=hops, filters=filters)
    return store.subgraph(filters)
