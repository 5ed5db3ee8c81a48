"""The network as it stood in a time window: calls cut to the window, and size, density, centralisation and brokers per window.

The stores' networkx view filters links by their report's date and grading
(:class:`graph.model.LinkFilter`) but sums all of a pair's calls into one ``CALLED``
edge. :func:`calls_in_window` rebuilds those edges from the call rows dated inside the
window, so a call made outside it is left out of every analysis. :func:`metrics_by_window`
then gives, window by window, what :func:`graph.analysis.centrality.network_summary` gives
for the whole case, with the top brokers and the brokers new in that window.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import networkx as nx

from graph.analysis.centrality import betweenness, degree_centralisation
from graph.analysis.common import AnalysisError, name_of
from graph.analysis.projection import as_simple
from graph.model import Call
from graph.store import add_call_edge, summarise_calls

_WINDOW = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)
_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


def parse_window(text: str) -> int:
    """Days in a window written ``30d``, ``2w``, ``3m`` (30-day months) or ``1y``."""
    found = _WINDOW.match(text or "")
    if not found or int(found.group(1)) < 1:
        raise AnalysisError(f"Window {text!r} not understood: write a number of days, weeks, months or years, e.g. 30d")
    return int(found.group(1)) * _DAYS[found.group(2).lower()]


def within(when: str | None, since: str | None, until: str | None) -> bool:
    """Whether an ISO date or timestamp falls in ``[since, until]`` (dates inclusive; None: open)."""
    if not when:
        return since is None and until is None
    day = str(when)[:10]
    return (since is None or day >= since[:10]) and (until is None or day <= until[:10])


def calls_in_window(
    G: nx.Graph, calls: Iterable[Call], since: str | None = None, until: str | None = None
) -> nx.MultiDiGraph:
    """``G`` with its call edges rebuilt from the calls made in ``[since, until]`` only.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The case graph (``store.to_networkx(filters)``), whose ``CALLED`` edges sum every call.
    calls : iterable of Call
        The call rows (``store.calls()``).
    since, until : str, optional
        ISO dates, inclusive.

    Returns
    -------
    networkx.MultiDiGraph
        A copy: the same entities and links, and one ``CALLED`` edge per pair of phones
        that called inside the window (``count``, ``total_s``, ``first``, ``last`` of those
        calls only). Phones are kept even when none of their calls is.
    """
    H = nx.MultiDiGraph(G)
    H.remove_edges_from([(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if d.get("type") == "CALLED"])
    kept = [c for c in calls if within(c.start, since, until)]
    for summary in summarise_calls(kept):
        if summary.caller in H and summary.callee in H:
            add_call_edge(H, summary)
    return H


@dataclass
class WindowMetrics:
    """The network known in one window: its size and shape, and who brokered it."""

    label: str
    start: str
    end: str
    nodes: int
    ties: int
    density: float
    centralisation: float  # Freeman degree centralisation
    top_brokers: list[tuple[str, str, float]] = field(default_factory=list)  # (id, name, betweenness)
    new_brokers: list[tuple[str, str]] = field(default_factory=list)  # cut points not brokers in any earlier window


def windows_between(first: str, last: str, days: int) -> list[tuple[str, str, str]]:
    """Consecutive windows of ``days`` days from ``first`` until ``last`` is covered: ``(label, start, end)``."""
    start, stop = date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
    windows = []
    while start <= stop:
        end = start + timedelta(days=days - 1)
        windows.append((f"{start.isoformat()}..{end.isoformat()}", start.isoformat(), end.isoformat()))
        start = end + timedelta(days=1)
    return windows


def _dated_edges(G: nx.Graph, report_dates: Mapping[str, str | None]):
    for u, v, attrs in G.edges(data=True):
        if attrs.get("type") == "CALLED":
            continue
        when = report_dates.get(attrs.get("report_id", "")) or attrs.get("reported_at")
        if when:
            yield u, v, attrs, str(when)[:10]


def metrics_by_window(
    G: nx.Graph,
    report_dates: Mapping[str, str | None],
    calls: Iterable[Call] = (),
    *,
    days: int | None = None,
    since: str | None = None,
    until: str | None = None,
    top: int = 3,
    cumulative: bool = False,
) -> list[WindowMetrics]:
    """Size, density, centralisation and brokers of the network window by window.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The case graph; links are dated by their report (``report_dates``). Its own
        ``CALLED`` edges are ignored: calls come from ``calls``, dated one by one.
    report_dates : mapping
        ``report_id -> ISO date``; links of undated reports are left out.
    calls : iterable of Call
        Call rows; each window keeps the calls made in it.
    days : int, optional
        Window length (see :func:`parse_window`); ``None``: one window from ``since`` to ``until``.
    since, until : str, optional
        The period looked at (default: the earliest and latest date in the case).
    top : int
        Top brokers (betweenness) listed per window.
    cumulative : bool
        False (default): each window holds only what is dated inside it. True: everything
        known up to the window's end.

    Returns
    -------
    list of WindowMetrics
        In time order. A broker is an articulation point of the window's network; a new
        broker is one that was not a broker in any earlier window.

    Notes
    -----
    One exact betweenness per window: ``O(w n m)`` for ``w`` windows.

    References
    ----------
    .. [1] Linton C. Freeman, "Centrality in social networks: conceptual clarification",
       Social Networks 1(3):215-239, 1979.
    .. [2] Carlo Morselli, "Assessing vulnerable and strategic positions in a criminal
       network", Journal of Contemporary Criminal Justice 26(4):382-392, 2010 (brokers
       over time).
    """
    links = list(_dated_edges(G, report_dates))
    call_rows = [c for c in calls if c.start]
    dates = [d for *_rest, d in links] + [c.start[:10] for c in call_rows]
    if not dates and (since is None or until is None):
        return []
    first, last = since or min(dates), until or max(dates)
    windows = windows_between(first, last, days) if days else [(f"{first[:10]}..{last[:10]}", first[:10], last[:10])]
    seen_brokers: set[str] = set()
    results = []
    for label, start, end in windows:
        lower = None if cumulative else start
        W = nx.MultiDiGraph()
        for u, v, attrs, when in links:
            if within(when, lower, end):
                for node in (u, v):
                    W.add_node(node, **G.nodes[node])
                W.add_edge(u, v, **attrs)
        in_window = [c for c in call_rows if within(c.start, lower, end)]
        for summary in summarise_calls(in_window):
            if summary.caller in G and summary.callee in G:
                for node in (summary.caller, summary.callee):
                    W.add_node(node, **G.nodes[node])
                W.add_edge(summary.caller, summary.callee, type="CALLED", count=summary.count, first=summary.first)
        H = as_simple(W)
        ranking = betweenness(H, k=None) if H.number_of_nodes() else None
        cut_points = set(nx.articulation_points(H)) if H.number_of_nodes() else set()
        ordered = [(n, s) for n, s in (ranking.top() if ranking else []) if s > 0][:top]
        new = sorted(cut_points - seen_brokers, key=str)
        seen_brokers |= cut_points
        results.append(
            WindowMetrics(
                label,
                start,
                end,
                H.number_of_nodes(),
                H.number_of_edges(),
                float(nx.density(H)) if H.number_of_nodes() > 1 else 0.0,
                degree_centralisation(H),
                [(n, name_of(G, n), s) for n, s in ordered],
                [(n, name_of(G, n)) for n in new],
            )
        )
    return results
