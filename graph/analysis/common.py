"""What every analysis module shares: the user-facing error, evidence records and role look-ups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.errors import ThreadlineError
from graph.model import TRAFFICKING_ACTS, Indicator

#: Links whose target is the person acted upon (the victim) and whose source is the actor.
ACT_LINKS: tuple[str, ...] = TRAFFICKING_ACTS + ("EXPLOITED",)


class AnalysisError(ThreadlineError, ValueError):
    """A question the graph cannot answer as asked (unknown entity, bad parameter): the message says why."""


@dataclass
class LinkEvidence:
    """One link behind a tie, with the report and sentence that support it."""

    type: str
    source: str
    target: str
    report_id: str = ""
    sentence: str = ""
    confidence: float = 1.0
    method: str = ""
    weight: float = 1.0
    count: int | None = None  # for CALLED: how many calls


def require_node(G: nx.Graph, node: str) -> None:
    """Raise :class:`AnalysisError` when ``node`` is not in ``G``."""
    if node not in G:
        raise AnalysisError(f"{node!r} is not in the graph: check the id, or widen the filters")


def name_of(G: nx.Graph, node: str) -> str:
    """The entity's name, or its id when the graph does not carry names."""
    return str(G.nodes[node].get("name") or node) if node in G else str(node)


def evidence_between(
    G: nx.Graph, u: str, v: str, link_types: Iterable[str] | None = None, directed: bool = False
) -> list[LinkEvidence]:
    """Every evidence edge between ``u`` and ``v`` (``u -> v`` only when ``directed``), strongest first."""
    types = set(link_types) if link_types is not None else None
    found: list[LinkEvidence] = []
    pairs = [(u, v)] if directed or not G.is_directed() else [(u, v), (v, u)]
    for a, b in pairs:
        if not G.has_edge(a, b):
            continue
        datas = G[a][b].values() if G.is_multigraph() else [G[a][b]]
        for data in datas:
            kind = data.get("type", "LINK")
            if types is not None and kind not in types:
                continue
            found.append(
                LinkEvidence(
                    type=kind,
                    source=a,
                    target=b,
                    report_id=data.get("report_id", ""),
                    sentence=data.get("sentence", ""),
                    confidence=float(data.get("confidence", 1.0) or 0.0),
                    method=data.get("method", "calls" if kind == "CALLED" else ""),
                    weight=float(data.get("weight", 1.0) or 1.0),
                    count=data.get("count"),
                )
            )
    found.sort(key=lambda e: (-e.confidence, e.type, e.report_id))
    return found


def indicators_behind(G: nx.Graph, indicators: Iterable[Indicator]) -> dict[str, list[Indicator]]:
    """The indicators found in the sentences behind each entity's links: an indicator counts for
    an entity when it lies in a sentence (same report, overlapping offsets) that supports one of
    the entity's links."""
    by_report: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        by_report.setdefault(indicator.report_id, []).append(indicator)
    found: dict[str, list[Indicator]] = {}
    for u, v, attrs in G.edges(data=True):
        for indicator in by_report.get(attrs.get("report_id", ""), []):
            start, end = int(attrs.get("start", 0) or 0), int(attrs.get("end", 0) or 0)
            if indicator.start < end and start < indicator.end:
                for node in (u, v):
                    found.setdefault(node, []).append(indicator)
    return found


def edges_of_type(G: nx.Graph, link_types: Iterable[str]) -> list[tuple[str, str, dict]]:
    """``(source, target, attrs)`` of every evidence edge of these types."""
    types = set(link_types)
    return [(u, v, d) for u, v, d in G.edges(data=True) if d.get("type") in types]


def recruiters(G: nx.Graph) -> set[str]:
    """People who recruited someone (sources of RECRUITED links)."""
    return {u for u, _v, _d in edges_of_type(G, ["RECRUITED"])}


def victims(G: nx.Graph) -> set[str]:
    """People marked ``role="victim"``, and people acted upon (targets of trafficking acts and
    exploitation links) whose role is not set to something else (a suspect recruited as a
    sub-recruiter is not counted as a victim)."""
    marked = {n for n, d in G.nodes(data=True) if d.get("role") == "victim"}
    acted_on = {
        v
        for _u, v, _d in edges_of_type(G, ACT_LINKS)
        if G.nodes[v].get("kind", "PERSON") == "PERSON" and G.nodes[v].get("role") in (None, "", "unknown", "victim")
    }
    return marked | acted_on
