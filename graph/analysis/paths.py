"""How two (or more) entities are connected: shortest and k-shortest paths with the evidence for every hop.

Paths run over the case graph collapsed to one tie per pair of entities (see
:mod:`graph.analysis.projection`); each hop then carries every link behind its tie (type,
report, sentence, confidence), so an analyst can open the sentence that supports it. A
hop found by a search reads its strength and evidence from the graph when first asked for
(see :class:`Hop`): the search itself costs what networkx's does, plus naming the path.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import networkx as nx
from networkx.algorithms.approximation import steiner_tree

from graph.analysis.common import AnalysisError, LinkEvidence, evidence_between, name_of, require_node
from graph.analysis.projection import (
    TieStrength,
    collapse,
    collapse_directed,
    edge_strength,
    search_view,
    tie_strength,
)


@dataclass
class Hop:
    """One step of a path: from ``source`` to ``target``, with every link that supports the step.

    A hop found by a path search reads its ``strength`` and ``evidence`` from the searched
    graph when they are first asked for, then keeps them: a search answer is the entities
    on the path, and only what an analyst reads is built. Until then the hop keeps a
    reference to that graph, and what it reads describes the graph as it is then: read the
    hops before changing the graph (the stores hand out a new graph for each change, never
    an altered one). Copies and pickles carry the values, not the graph.
    """

    source: str
    target: str
    source_name: str
    target_name: str
    strength: float  # tie strength (see projection); distance = 1/strength
    evidence: list[LinkEvidence] = field(default_factory=list)

    @property
    def types(self) -> list[str]:
        return sorted({e.type for e in self.evidence})

    def __getstate__(self) -> dict:
        state = {name: getattr(self, name) for name in ("strength", "evidence")}
        return {f"_{name}": value for name, value in state.items()} | {
            key: value for key, value in self.__dict__.items() if key != "_searched"
        }


@dataclass
class Path:
    """A chain of entities and the hops between them."""

    nodes: list[str]
    names: list[str]
    hops: list[Hop]
    cost: float  # sum of hop distances (1/strength); equals the hop count on an unweighted search

    @property
    def length(self) -> int:
        return len(self.hops)


class _Searched(NamedTuple):
    """The graph a path was found in and how it was searched, kept by its hops until they are read."""

    graph: nx.Graph
    types: frozenset[str] | None
    both_ways: bool
    multi: bool
    strength: TieStrength


def _on_first_read(name: str, read: Callable[[Any], None], doc: str) -> property:
    """A property standing in for the dataclass field ``name``: the value it was given, else
    what ``read(obj)`` stores under ``_name`` on the first read.

    The dataclass's ``__init__``, ``__eq__``, ``__repr__``, ``asdict`` and ``replace`` all go
    through it, so an object whose field is read late behaves as one built with the value.
    """
    key = f"_{name}"

    def get(obj: Any) -> Any:
        state = obj.__dict__
        if key not in state:
            read(obj)
        return state[key]

    def set_(obj: Any, value: Any) -> None:
        obj.__dict__[key] = value

    return property(get, set_, doc=doc)


def _read_hop(hop: Hop) -> None:
    """Read the hop's strength and evidence from the graph it was found in, in one pass over its links."""
    state = hop.__dict__
    strength, evidence = _hop_reading(state["_searched"], state["source"], state["target"])
    state.setdefault("_strength", strength)
    state.setdefault("_evidence", evidence)


Hop.strength = _on_first_read(  # type: ignore[assignment]
    "strength", _read_hop, "Tie strength between the hop's ends (see projection); its distance is 1/strength."
)
Hop.evidence = _on_first_read(  # type: ignore[assignment]
    "evidence", _read_hop, "Every link behind the hop, strongest first."
)


def _sum_costs(path: Path) -> None:
    path.__dict__["_cost"] = sum(1.0 / hop.strength for hop in path.hops)


Path.cost = _on_first_read(  # type: ignore[assignment]
    "cost", _sum_costs, "Sum of the hop distances (1/strength); the hop count on an unweighted search."
)


@dataclass
class ConnectingNetwork:
    """The smallest network found joining chosen entities, and who sits between them."""

    terminals: list[str]
    nodes: list[str]
    intermediaries: list[str]  # nodes of the network that were not asked for: the go-betweens
    hops: list[Hop]
    unreachable: list[str] = field(default_factory=list)  # chosen entities in no component with the others
    method: str = "steiner"


def traversal_graph(
    G: nx.Graph,
    link_types: Iterable[str] | None = None,
    directed: bool = False,
    strength: TieStrength = "evidence",
) -> nx.Graph:
    """The graph paths are searched on: one tie (or one arc when ``directed``) per linked pair."""
    if directed:
        return collapse_directed(G, strength, link_types)
    return collapse(G, strength, link_types)


def _path(G: nx.Graph, nodes: list[str], link_types, directed: bool, strength: TieStrength) -> Path:
    """The path through ``nodes``, named; each hop's strength and evidence are read when asked for."""
    types = frozenset(link_types) if link_types is not None else None
    # tuple.__new__: the NamedTuple's own __new__ is one more Python call on every search
    searched = tuple.__new__(_Searched, (G, types, not directed and G.is_directed(), G.is_multigraph(), strength))
    node_data = G._node  # noqa: SLF001 - the dicts G.nodes[n] returns, read once per node
    names = [str(n) if (data := node_data.get(n)) is None else str(data.get("name") or n) for n in nodes]
    hops = []
    for i in range(len(nodes) - 1):
        hop = Hop.__new__(Hop)  # the dataclass's fields set directly: strength and evidence come later
        hop.__dict__ = {
            "source": nodes[i],
            "target": nodes[i + 1],
            "source_name": names[i],
            "target_name": names[i + 1],
            "_searched": searched,
        }
        hops.append(hop)
    path = Path.__new__(Path)  # likewise: the cost is summed when read
    path.__dict__ = {"nodes": list(nodes), "names": names, "hops": hops}
    return path


def _hop_reading(searched: _Searched, u: str, v: str) -> tuple[float, list[LinkEvidence]]:
    """The tie strength and the evidence of one hop, in one pass over the links between its ends.

    The same sum as :func:`tie_strength` and the same records, in the same order, as
    :func:`evidence_between` (which admits an edge without a type as ``LINK``).
    """
    graph, types, both_ways, multi, strength = searched
    adjacency = graph._adj  # noqa: SLF001 - G[a] builds a view per call; a hop reads a few dicts
    by_evidence = strength == "evidence"  # the default: edge_strength is then each link's weight but a call's 1
    total = 0.0
    found: list[LinkEvidence] = []
    for a, b in ((u, v), (v, u)) if both_ways else ((u, v),):
        between = adjacency[a].get(b) if a in adjacency else None
        if between is None:
            continue
        for data in between.values() if multi else (between,):
            kind = data.get("type", "LINK")
            if types is not None and kind not in types:
                continue
            weight = float(data.get("weight", 1.0) or 1.0)
            if "type" not in data:  # a plain graph: its own weight is the strength, and only when all types count
                total += weight if types is None else 0.0
            else:
                total += weight if by_evidence and kind != "CALLED" else edge_strength(data, strength)
            found.append(
                LinkEvidence(
                    kind,
                    a,
                    b,
                    data.get("report_id", ""),
                    data.get("sentence", ""),
                    float(data.get("confidence", 1.0) or 0.0),
                    data.get("method", "calls" if kind == "CALLED" else ""),
                    weight,
                    data.get("count"),
                )
            )
    if len(found) > 1:
        found.sort(key=lambda e: (-e.confidence, e.type, e.report_id))
    return total, found


def _check_ends(G: nx.Graph, source: str, target: str) -> None:
    require_node(G, source)
    require_node(G, target)
    if source == target:
        raise AnalysisError("The two ends of a path must be different entities")


def _prepare(G, source, target, link_types, directed, strength):
    _check_ends(G, source, target)
    return traversal_graph(G, link_types, directed, strength)


def shortest_paths(
    G: nx.Graph,
    source: str,
    target: str,
    *,
    link_types: Iterable[str] | None = None,
    directed: bool = False,
    weighted: bool = False,
    strength: TieStrength = "evidence",
    limit: int = 20,
) -> list[Path]:
    """Every shortest path between two entities (up to ``limit``), each hop with its evidence.

    Parameters
    ----------
    G : networkx graph
        The case graph (``store.to_networkx()``) or any networkx graph.
    source, target : str
        Entity ids.
    link_types : iterable of str, optional
        Follow only links of these types (``None``: every link and call).
    directed : bool
        Follow links only from their source to their target (e.g. recruiter to recruited).
    weighted : bool
        When True, the shortest path is the one with the least total distance, a hop's
        distance being ``1/strength``: well-evidenced ties are short. Otherwise, fewest hops.
    strength : {"evidence", "confidence", "calls"}
        How tie strength is measured (see :mod:`graph.analysis.projection`).
    limit : int
        At most this many paths.

    Returns
    -------
    list of Path
        Empty when the two are not connected.

    Notes
    -----
    Searches a view of ``G`` (no copy): bidirectional breadth-first search for one
    unweighted path, breadth-first search for all of them, Dijkstra when weighted
    (``O(m + n log n)``); the cost is what the search visits, not the size of the case.
    """
    if source == target or source not in G._node or target not in G._node:  # noqa: SLF001 - G's own node dict
        _check_ends(G, source, target)
    view = search_view(G, link_types, directed)
    weight = None
    if weighted:

        def weight(u: str, v: str, _attrs: dict) -> float | None:
            tie = tie_strength(G, u, v, strength, link_types, directed)
            return 1.0 / tie if tie > 0 else None

    try:
        if limit == 1 and weight is None:  # what nx.shortest_path runs here, without its dispatch
            found = [nx.bidirectional_shortest_path(view, source, target)]
        elif limit == 1:
            found = [nx.shortest_path(view, source, target, weight=weight)]
        else:
            found = list(itertools.islice(nx.all_shortest_paths(view, source, target, weight=weight), limit))
    except nx.NetworkXNoPath:
        return []
    paths = [_path(G, p, link_types, directed, strength) for p in found]
    if len(paths) > 1:
        paths.sort(key=lambda p: (p.cost, p.names))
    return paths


def k_shortest_paths(
    G: nx.Graph,
    source: str,
    target: str,
    k: int = 3,
    *,
    link_types: Iterable[str] | None = None,
    directed: bool = False,
    weighted: bool = False,
    strength: TieStrength = "evidence",
) -> list[Path]:
    """The ``k`` shortest simple paths from ``source`` to ``target``, shortest first.

    Parameters are those of :func:`shortest_paths`.

    Notes
    -----
    Uses :func:`networkx.shortest_simple_paths`, Yen's algorithm: ``O(k n (m + n log n))``.

    References
    ----------
    .. [1] Jin Y. Yen, "Finding the K Shortest Loopless Paths in a Network",
       Management Science 17(11):712-716, 1971.
    """
    if k < 1:
        raise AnalysisError("k must be at least 1")
    H = _prepare(G, source, target, link_types, directed, strength)
    weight = "distance" if weighted else None
    try:
        found = list(itertools.islice(nx.shortest_simple_paths(H, source, target, weight=weight), k))
    except nx.NetworkXNoPath:
        return []
    return [_path(G, p, link_types, directed, strength) for p in found]


def paths_up_to(
    G: nx.Graph,
    source: str,
    target: str,
    max_hops: int = 3,
    *,
    link_types: Iterable[str] | None = None,
    directed: bool = False,
    strength: TieStrength = "evidence",
    limit: int = 100,
) -> list[Path]:
    """Every simple path of at most ``max_hops`` hops between two entities (fewest hops, then cheapest, first).

    Notes
    -----
    The number of paths can grow exponentially with ``max_hops``; at most ``limit`` are
    collected (in the depth-first order of :func:`networkx.all_simple_paths`) before sorting.
    """
    if max_hops < 1:
        raise AnalysisError("max_hops must be at least 1")
    H = _prepare(G, source, target, link_types, directed, strength)
    found = list(itertools.islice(nx.all_simple_paths(H, source, target, cutoff=max_hops), limit))
    paths = [_path(G, p, link_types, directed, strength) for p in found]
    paths.sort(key=lambda p: (p.length, p.cost, p.names))
    return paths


def connecting_network(
    G: nx.Graph,
    entity_ids: Iterable[str],
    *,
    method: str = "steiner",
    link_types: Iterable[str] | None = None,
    weighted: bool = False,
    strength: TieStrength = "evidence",
) -> ConnectingNetwork:
    """The network that joins several chosen entities, and the intermediaries on it.

    Parameters
    ----------
    G : networkx graph
        The case graph.
    entity_ids : iterable of str
        The chosen entities (at least two).
    method : {"steiner", "pairwise"}
        ``"steiner"``: an approximate minimum Steiner tree (fewest hops, or least distance
        when ``weighted``) spanning the chosen entities. ``"pairwise"``: the union of one
        shortest path between every pair of them (more intermediaries, every direct route).
    link_types, weighted, strength
        As in :func:`shortest_paths` (links are followed in both directions).

    Returns
    -------
    ConnectingNetwork
        Chosen entities in a different component from the first reachable group are listed
        as ``unreachable``.

    Notes
    -----
    The Steiner tree uses Mehlhorn's 2-approximation (:func:`networkx.algorithms.approximation.steiner_tree`),
    ``O(m + n log n)``; pairwise needs one shortest-path search per pair.

    References
    ----------
    .. [1] Kurt Mehlhorn, "A faster approximation algorithm for the Steiner problem in
       graphs", Information Processing Letters 27(3):125-128, 1988.
    """
    terminals = list(dict.fromkeys(entity_ids))
    if len(terminals) < 2:
        raise AnalysisError("Choose at least two entities to connect")
    for node in terminals:
        require_node(G, node)
    H = collapse(G, strength, link_types)
    weight = "distance" if weighted else None
    component = max(
        (c for c in nx.connected_components(H) if any(t in c for t in terminals)),
        key=lambda c: (sum(t in c for t in terminals), len(c)),
    )
    joined = [t for t in terminals if t in component]
    unreachable = [t for t in terminals if t not in component]
    if method == "steiner":
        if len(joined) > 1:
            # an attribute no edge has counts every hop as 1: the unweighted Steiner tree
            tree = steiner_tree(H.subgraph(component), joined, weight=weight or "hop", method="mehlhorn")
            edges = list(tree.edges())
            nodes = set(tree.nodes()) | set(joined)
        else:
            edges, nodes = [], set(joined)
    elif method == "pairwise":
        edges_set: set[tuple[str, str]] = set()
        nodes = set(joined)
        for a, b in itertools.combinations(joined, 2):
            path = nx.shortest_path(H, a, b, weight=weight)
            nodes.update(path)
            edges_set.update(tuple(sorted(pair)) for pair in itertools.pairwise(path))
        edges = sorted(edges_set)
    else:
        raise AnalysisError(f"Unknown method {method!r}: use steiner or pairwise")
    hops = [
        Hop(u, v, name_of(G, u), name_of(G, v), H.edges[u, v]["weight"], evidence_between(G, u, v, link_types))
        for u, v in sorted(edges)
    ]
    return ConnectingNetwork(
        terminals=terminals,
        nodes=sorted(nodes),
        intermediaries=sorted(nodes - set(terminals)),
        hops=hops,
        unreachable=unreachable,
        method=method,
    )
