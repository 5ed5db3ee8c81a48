"""The analysis use cases both interfaces share: the case network under the analyst's filters, and what is read beside it.

``threadline`` commands and the workspace pages take the network from here, so the date
window and the minimum grading mean the same thing in both, calls included: links are
filtered by their report's date and grading, and calls are cut to the window call by call
(:func:`graph.analysis.windows.calls_in_window`). The analysis itself is
:mod:`graph.analysis` (pure functions of the graph).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import networkx as nx

from governance.audit import AuditLog
from graph.analysis.windows import WindowMetrics, calls_in_window, metrics_by_window
from graph.model import LinkFilter, Report
from graph.store import GraphStore


def case_network(store: GraphStore, filters: LinkFilter | None = None) -> nx.MultiDiGraph:
    """The case as a networkx graph under ``filters``: links by report date and grading, calls cut to the window."""
    filters = filters or LinkFilter()
    G = store.to_networkx(filters)
    if (filters.since or filters.until) and filters.include_calls:
        G = calls_in_window(G, store.calls(), filters.since, filters.until)
    return G


def report_dates(store: GraphStore) -> dict[str, str | None]:
    """``report id -> ISO date`` of every report the acting user may see."""
    return {r.id: r.reported_at for r in store.reports()}


def reports_by_id(store: GraphStore) -> dict[str, Report]:
    """Every report the acting user may see, by id (grading, author, source for the target score)."""
    return {r.id: r for r in store.reports()}


def network_over_time(
    store: GraphStore, filters: LinkFilter | None = None, *, days: int, cumulative: bool = False
) -> list[WindowMetrics]:
    """The network window by window (see :func:`graph.analysis.windows.metrics_by_window`) under ``filters``.

    The filters' dates bound the period; each window then holds only the links reported and
    the calls made in it (or, ``cumulative``, everything known up to its end).
    """
    filters = filters or LinkFilter()
    links = store.to_networkx(replace(filters, since=None, until=None, include_calls=False))
    calls = store.calls() if filters.include_calls else []
    return metrics_by_window(
        links, report_dates(store), calls, days=days, since=filters.since, until=filters.until, cumulative=cumulative
    )


def confirmed_suspects(audit: AuditLog, outer_id: Callable[[str], str] = str) -> set[str]:
    """People an analyst last set to ``suspect`` (the audit log's set-role records), for the target score's role factor.

    ``outer_id`` maps a stored id to the one the acting user sees (``GuardedStore.outer_id``).
    """
    latest: dict[str, str] = {}
    for record in audit.records(action="set-role"):
        latest[record.subject] = str(record.detail.get("role", ""))
    return {outer_id(person) for person, role in latest.items() if role == "suspect"}
