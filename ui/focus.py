"""Shaping what the Explore page shows: keep the strongest neighbours, list the links in view.

Pure functions over :class:`graph.model.Subgraph` (no Streamlit, no store).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from graph.analysis.common import LinkEvidence
from graph.model import Entity, Evidence, Report, Subgraph


@dataclass
class CappedView:
    """A view cut down to the strongest neighbours; ``hidden`` says how many were left out."""

    subgraph: Subgraph
    hidden: int


def tie_strengths(subgraph: Subgraph) -> dict[frozenset[str], float]:
    """Evidence behind each linked pair: each link counts its confidence, each call summary its count."""
    strength: dict[frozenset[str], float] = defaultdict(float)
    for link in subgraph.links:
        strength[frozenset((link.source, link.target))] += max(link.confidence, 0.05) * getattr(link, "weight", 1.0)
    for call in subgraph.calls:
        strength[frozenset((call.caller, call.callee))] += float(call.count)
    return strength


def cap_neighbours(subgraph: Subgraph, seeds: Iterable[str], limit: int) -> CappedView:
    """Keep the seeds and the ``limit`` other entities most strongly tied to the view.

    An entity's strength is the evidence on its ties to the seeds first, then to anything
    else kept; ties broken by name. Links and calls touching a dropped entity are dropped.
    """
    seed_ids = set(seeds)
    others = [e for e in subgraph.entities if e.id not in seed_ids]
    if len(others) <= limit:
        return CappedView(subgraph, 0)
    strength = tie_strengths(subgraph)
    to_seed: dict[str, float] = defaultdict(float)
    overall: dict[str, float] = defaultdict(float)
    for pair, value in strength.items():
        for node in pair:
            overall[node] += value
            if pair & seed_ids and node not in seed_ids:
                to_seed[node] += value
    ranked = sorted(others, key=lambda e: (-to_seed[e.id], -overall[e.id], e.name.casefold(), e.id))
    keep = seed_ids | {e.id for e in ranked[:limit]}
    return CappedView(
        Subgraph(
            entities=[e for e in subgraph.entities if e.id in keep],
            links=[link for link in subgraph.links if link.source in keep and link.target in keep],
            calls=[c for c in subgraph.calls if c.caller in keep and c.callee in keep],
        ),
        hidden=len(others) - limit,
    )


@dataclass
class LinkRow:
    """One (source, type, target) in view, for the evidence picker."""

    source: str
    target: str
    type: str
    label: str
    evidence: int


def link_rows(subgraph: Subgraph) -> list[LinkRow]:
    """The distinct links in a view, most evidence first: what the analyst can open."""
    names = {e.id: e.name for e in subgraph.entities}
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for link in subgraph.links:
        counts[(link.source, link.type, link.target)] += 1
    for call in subgraph.calls:
        counts[(call.caller, "CALLED", call.callee)] += call.count
    rows = [LinkRow(s, t, ty, f"{names.get(s, s)} —{ty}→ {names.get(t, t)}", n) for (s, ty, t), n in counts.items()]
    return sorted(rows, key=lambda r: (-r.evidence, r.label))


def entity_label(entity: Entity) -> str:
    role = getattr(entity, "role", None)
    suffix = f" ({role})" if role and role != "unknown" else ""
    return f"{entity.name} · {entity.label}{suffix}"


def as_evidence(items: Iterable[LinkEvidence], reports: Mapping[str, Report]) -> list[Evidence]:
    """Analysis evidence (a path hop's, a key player's links) as Evidence with its report's grading,
    so governance can say what it rests on. Call records have no report and count as ungraded."""
    found = []
    for item in items:
        report = reports.get(item.report_id)
        found.append(
            Evidence(
                report_id=item.report_id or f"calls:{item.source}:{item.target}",
                sentence=item.sentence,
                start=0,
                end=0,
                confidence=item.confidence,
                method=item.method or ("calls" if item.type == "CALLED" else ""),
                report_title=report.title if report else "",
                source_grading=report.source_grading if report else None,
                information_grading=report.information_grading if report else None,
                reported_at=report.reported_at if report else None,
            )
        )
    return found


def node_evidence(graph: nx.MultiDiGraph, node: str) -> list[LinkEvidence]:
    """The links touching one entity in an analysis graph, as analysis evidence."""
    found = []
    for source, target, data in [*graph.in_edges(node, data=True), *graph.out_edges(node, data=True)]:
        found.append(
            LinkEvidence(
                type=str(data.get("type", "")),
                source=source,
                target=target,
                report_id=str(data.get("report_id", "")),
                sentence=str(data.get("sentence", "")),
                confidence=float(data.get("confidence", 1.0) or 1.0),
                method=str(data.get("method", "") or ("calls" if data.get("type") == "CALLED" else "")),
                count=data.get("count"),
            )
        )
    return found
