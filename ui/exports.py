"""One entry point for every export format, shared by the Export page and `threadline export`.

Returns files as ``{file name: text}`` so the page offers them as downloads and the
command writes them to disk, byte for byte the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.exports import build_evidence_pack, render_evidence_pack, to_csv, to_gexf, to_graphml
from graph.model import LinkFilter, Subgraph
from graph.store import GraphStore
from ui.graph_view import render_network

FORMATS: tuple[str, ...] = ("html", "graphml", "gexf", "csv", "evidence")


class ExportError(ValueError):
    """An export that cannot be made as asked; the message says what to change."""


def export_files(
    store: GraphStore,
    fmt: str,
    view: Subgraph,
    *,
    targets: Iterable[str] = (),
    filters: LinkFilter | None = None,
    title: str = "Threadline export",
    highlight: Iterable[str] = (),
) -> dict[str, str]:
    """The files of one export of ``view`` (or, for ``evidence``, of ``targets``)."""
    reports = {r.id: r for r in store.reports()}
    if fmt == "html":
        return {"network.html": render_network(view, heading=title, highlight=highlight, height="85vh")}
    if fmt == "graphml":
        return {"network.graphml": to_graphml(view, reports)}
    if fmt == "gexf":
        return {"network.gexf": to_gexf(view, reports)}
    if fmt == "csv":
        return to_csv(view, reports)
    if fmt == "evidence":
        target_ids = list(targets)
        if not target_ids:
            raise ExportError("An evidence pack needs at least one target: name an entity (--entity NAME).")
        pack = build_evidence_pack(store, target_ids, filters, title=title)
        return {"evidence-pack.html": render_evidence_pack(pack)}
    raise ExportError(f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def view_for(store: GraphStore, entity_ids: list[str], hops: int = 1, filters: LinkFilter | None = None) -> Subgraph:
    """The part of the case to export: the neighbourhood of some entities, or the whole case."""
    if entity_ids:
        return store.neighbourhood(entity_ids, hops=hops, filters=filters)
    return store.subgraph(filters)
