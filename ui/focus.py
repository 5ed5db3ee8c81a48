"""Shaping what the pages show: the strongest neighbours, the links in view, the top of the case,
neighbours not drawn, a recruitment diagram, where a place is on the map.

Pure functions over :class:`graph.model.Subgraph` and networkx graphs (no Streamlit, no store).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from graph.analysis.common import LinkEvidence
from graph.analysis.recruitment import RecruitmentChain, RecruitmentTree
from graph.model import Entity, Evidence, Location, Report, Subgraph


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


def neighbour_sets(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Each entity's distinct neighbours in a case graph, either direction."""
    found: dict[str, set[str]] = {node: set() for node in graph.nodes}
    for source, target in graph.edges():
        if source != target:
            found[source].add(target)
            found[target].add(source)
    return found


def recruitment_diagram(
    graph: nx.MultiDiGraph, chains: Iterable[RecruitmentChain], tree: RecruitmentTree | None
) -> nx.MultiDiGraph:
    """The recruitment links of some chains and a tree, as a graph to draw top-down (recruiter above recruit)."""
    pairs = {(step.recruiter, step.recruited) for chain in chains for step in chain.steps}
    if tree is not None:
        pairs |= {(parent, recruit.person) for recruit in tree.recruits for parent in recruit.recruited_by}
    diagram = nx.MultiDiGraph()
    for source, target in pairs:
        for node in (source, target):
            if node in graph and node not in diagram:
                diagram.add_node(node, **graph.nodes[node])
        for key, data in (graph.get_edge_data(source, target) or {}).items():
            if data.get("type") == "RECRUITED":
                diagram.add_edge(source, target, key=key, **data)
    if tree is not None and tree.root in graph and tree.root not in diagram:
        diagram.add_node(tree.root, **graph.nodes[tree.root])
    return diagram


def top_of_case(
    graph: nx.MultiDiGraph, scores: Mapping[str, float], limit: int, keep: Iterable[str] = ()
) -> nx.MultiDiGraph:
    """The ``limit`` entities with the highest ``scores`` (plus ``keep``) and the links among them:
    the whole-case picture cut to what can be read."""
    if graph.number_of_nodes() <= limit:
        return graph
    ranked = sorted(graph.nodes, key=lambda n: (-float(scores.get(n, 0.0)), str(graph.nodes[n].get("name", n))))
    chosen = set(ranked[:limit]) | {k for k in keep if k in graph}
    return graph.subgraph(chosen).copy()


def place_coordinates(place: Location) -> tuple[float, float] | None:
    """(lat, lon) of a place: its own, else the gazetteer's for its name, else for its parish."""
    if place.lat is not None and place.lon is not None:
        return float(place.lat), float(place.lon)
    try:
        from extract.lexicon import lookup_place
    except ImportError:
        return None
    for name in (place.name, *(place.aliases or []), place.parish or ""):
        found = lookup_place(name) if name else None
        if found is not None and found.lat is not None and found.lon is not None:
            return float(found.lat), float(found.lon)
    return None


def within_hops(wider: Subgraph, seeds: Iterable[str], hops: int) -> Subgraph:
    """The part of ``wider`` (a neighbourhood read ``hops + 1`` deep) within ``hops`` of the seeds.

    Reading one hop further than is drawn tells, in the same read, how many neighbours each
    drawn entity has that are not drawn (:func:`missing_in`).
    """
    adjacent: dict[str, set[str]] = defaultdict(set)
    for source, target in [(k.source, k.target) for k in wider.links] + [(c.caller, c.callee) for c in wider.calls]:
        adjacent[source].add(target)
        adjacent[target].add(source)
    present = {e.id for e in wider.entities}
    reached = {s for s in seeds if s in present}
    frontier = set(reached)
    for _ in range(max(hops, 0)):
        frontier = {n for node in frontier for n in adjacent[node] if n not in reached and n in present}
        reached |= frontier
    return Subgraph(
        entities=[e for e in wider.entities if e.id in reached],
        links=[k for k in wider.links if k.source in reached and k.target in reached],
        calls=[c for c in wider.calls if c.caller in reached and c.callee in reached],
    )


def missing_in(wider: Subgraph, drawn: Subgraph) -> dict[str, int]:
    """For each entity drawn, how many of its neighbours in ``wider`` are not drawn."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for source, target in [(k.source, k.target) for k in wider.links] + [(c.caller, c.callee) for c in wider.calls]:
        if source != target:
            neighbours[source].add(target)
            neighbours[target].add(source)
    shown = {e.id for e in drawn.entities}
    return {node: len(neighbours[node] - shown) for node in shown if neighbours[node] - shown}
