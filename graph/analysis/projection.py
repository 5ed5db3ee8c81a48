"""Collapse the case's MultiDiGraph into the simple graphs that network measures run on.

The store's networkx view keeps every piece of evidence as its own edge (one per link
type and report, plus one aggregated ``CALLED`` edge per pair of phones). Most measures
need one tie per pair of entities with a *strength*; shortest-path measures need a
*distance*. Here tie strength is one of:

``"evidence"``
    how many pieces of evidence support the tie: each link counts its ``weight`` (1 for a
    link found in a report, the row count for an imported link list); a call summary
    counts once.
``"confidence"``
    the sum of the links' confidences (times their weight); a call summary counts 1.0.
``"calls"``
    the number of calls between the two phones; every other link counts 1.

and the distance of a tie is ``1 / strength``: a strongly evidenced tie is a short one.

``weight_as`` says how to read a weight: ``"strength"`` (the default: more calls, more
evidence = closer; path measures use ``1 / weight``) or ``"distance"`` (the weight is the
length of the tie, as in a road or cost network; path measures use it as is and
strength measures such as weighted degree or PageRank use ``1 / weight``).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import Literal

import networkx as nx

TieStrength = Literal["evidence", "confidence", "calls"]
TIE_STRENGTHS: tuple[str, ...] = ("evidence", "confidence", "calls")
WeightAs = Literal["strength", "distance"]
WEIGHT_READINGS: tuple[str, ...] = ("strength", "distance")


def edge_strength(attrs: dict, strength: TieStrength = "evidence") -> float:
    """The strength one evidence edge of the MultiDiGraph adds to its tie.

    Parameters
    ----------
    attrs : dict
        The edge attributes (``type``, ``confidence``, ``weight``, ``count``...).
    strength : {"evidence", "confidence", "calls"}
        How ties are measured (see the module docstring).

    Returns
    -------
    float
        A positive number.
    """
    if strength not in TIE_STRENGTHS:
        raise ValueError(f"Unknown tie strength {strength!r}: use one of {', '.join(TIE_STRENGTHS)}")
    if attrs.get("type") == "CALLED":
        return float(attrs.get("count", 1) or 1) if strength == "calls" else 1.0
    weight = float(attrs.get("weight", 1.0) or 1.0)
    if strength == "confidence":
        return weight * float(attrs.get("confidence", 1.0) or 0.0) or 1e-9
    return weight


def _admitted(attrs: dict, link_types: Iterable[str] | None) -> bool:
    return link_types is None or attrs.get("type") in link_types


def collapse(
    G: nx.Graph,
    strength: TieStrength = "evidence",
    link_types: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    weight_as: WeightAs = "strength",
) -> nx.Graph:
    """One undirected tie per pair of linked entities, weighted by tie strength.

    Parameters
    ----------
    G : networkx graph
        Usually the store's MultiDiGraph (``store.to_networkx()``); any networkx graph works.
        A simple undirected graph without ``type`` attributes (e.g. a classic social
        network) is read with each edge's own ``weight`` (default 1) as its strength.
    strength : {"evidence", "confidence", "calls"}
        How ties are measured.
    link_types : iterable of str, optional
        Only these link types make ties (``None``: all, calls included).
    kinds : iterable of str, optional
        Only entities of these kinds are kept (``None``: all).
    weight_as : {"strength", "distance"}
        How the summed weight reads (see the module docstring).

    Returns
    -------
    networkx.Graph
        Same nodes and node attributes; each edge has ``weight`` (tie strength),
        ``distance`` (``1/weight``; with ``weight_as="distance"`` the summed weight, and
        ``weight`` its inverse), ``evidence`` (number of evidence edges behind it) and
        ``types`` (sorted link types).

    Notes
    -----
    Linear in the number of evidence edges. Self-links are dropped: they carry no
    structure for any measure here.
    """
    types = set(link_types) if link_types is not None else None
    kind_set = set(kinds) if kinds is not None else None
    H = nx.Graph()
    H.graph["strength"] = strength
    for node, data in G.nodes(data=True):
        if kind_set is None or data.get("kind") in kind_set:
            H.add_node(node, **data)
    edges = G.edges(data=True, keys=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, _key, data in edges:
        if u == v or u not in H or v not in H or not _admitted(data, types):
            continue
        if "type" in data:
            add = edge_strength(data, strength)
            kind = data["type"]
        else:  # a plain graph: its own weight is the tie strength
            add = float(data.get("weight", 1.0) or 1.0)
            kind = "LINK"
        _add_tie(H, u, v, add, kind)
    return _with_distances(H, weight_as)


def _add_tie(H: nx.Graph, u: str, v: str, add: float, kind: str) -> None:
    """Add one link's strength to the tie ``u``-``v`` (creating it), counting it as evidence."""
    if H.has_edge(u, v):
        tie = H.edges[u, v]
        tie["weight"] += add
        tie["evidence"] += 1
        tie["types"] = sorted(set(tie["types"]) | {kind})
    else:
        H.add_edge(u, v, weight=add, evidence=1, types=[kind])


def _with_distances(H: nx.Graph, weight_as: WeightAs = "strength") -> nx.Graph:
    """Set each tie's path length (1 / strength, or the weight itself read as a distance) and return the graph."""
    if weight_as not in WEIGHT_READINGS:
        raise ValueError(f"Unknown weight reading {weight_as!r}: use strength or distance")
    H.graph["weight_as"] = weight_as
    for _u, _v, tie in H.edges(data=True):
        if weight_as == "distance":
            tie["distance"] = tie["weight"]
            tie["weight"] = 1.0 / tie["weight"]
        else:
            tie["distance"] = 1.0 / tie["weight"]
    return H


def collapse_directed(
    G: nx.Graph,
    strength: TieStrength = "evidence",
    link_types: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
) -> nx.DiGraph:
    """Like :func:`collapse` but keeping direction: one arc ``u -> v`` per linked ordered pair."""
    types = set(link_types) if link_types is not None else None
    kind_set = set(kinds) if kinds is not None else None
    H = nx.DiGraph()
    H.graph["strength"] = strength
    for node, data in G.nodes(data=True):
        if kind_set is None or data.get("kind") in kind_set:
            H.add_node(node, **data)
    edges = G.edges(data=True, keys=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    arcs = []
    for u, v, _key, data in edges:
        if u == v or u not in H or v not in H or not _admitted(data, types):
            continue
        add = edge_strength(data, strength) if "type" in data else float(data.get("weight", 1.0) or 1.0)
        kind = data.get("type", "LINK")
        arcs.append((u, v, add, kind))
        if not G.is_directed():
            arcs.append((v, u, add, kind))
    for u, v, add, kind in arcs:
        _add_tie(H, u, v, add, kind)
    return _with_distances(H)


def tie_strength(
    G: nx.Graph,
    u: str,
    v: str,
    strength: TieStrength = "evidence",
    link_types: Iterable[str] | None = None,
    directed: bool = False,
) -> float:
    """The strength of the tie between ``u`` and ``v`` (links both ways unless ``directed``), 0 when none.

    The same sum :func:`collapse` puts on an edge, for one pair, without collapsing the graph.
    """
    types = set(link_types) if link_types is not None else None
    pairs = [(u, v)] if directed or not G.is_directed() else [(u, v), (v, u)]
    total = 0.0
    for a, b in pairs:
        if a not in G or b not in G[a]:
            continue
        for data in G[a][b].values() if G.is_multigraph() else [G[a][b]]:
            if not _admitted(data, types):
                continue
            total += edge_strength(data, strength) if "type" in data else float(data.get("weight", 1.0) or 1.0)
    return total


#: Undirected views of directed case graphs, made once per graph (see :func:`search_view`).
_UNDIRECTED_VIEWS: weakref.WeakKeyDictionary[nx.Graph, nx.Graph] = weakref.WeakKeyDictionary()


def undirected_view(G: nx.Graph) -> nx.Graph:
    """``G.to_undirected(as_view=True)``, made once per graph and kept while ``G`` lives.

    Making the view checks that every node has both adjacency dicts (``O(n)``): 30 ms at
    50,000 nodes and most of a shortest-path search's time when made per search. The kept
    view refers to ``G``'s own dicts, not to ``G``, so it goes when ``G`` does; it stays
    live (a node or link added to ``G`` is in it).
    """
    if not G.is_directed():
        return G
    view = _UNDIRECTED_VIEWS.get(G)
    if view is None:
        view = G.to_undirected(as_view=True)
        del view._graph  # the back reference would keep G alive through the cache; searches never use it
        _UNDIRECTED_VIEWS[G] = view
    return view


def search_view(G: nx.Graph, link_types: Iterable[str] | None = None, directed: bool = False) -> nx.Graph:
    """A read-only view of ``G`` for path searches: only ``link_types`` edges, undirected unless ``directed``.

    No copy is made, so a single search on a large case costs only what it visits; the
    unfiltered undirected view is made once per graph (:func:`undirected_view`), a filtered
    one per call.
    """
    if link_types is None:
        return G if directed else undirected_view(G)
    view = G
    if link_types is not None:
        types = set(link_types)
        if G.is_multigraph():
            view = nx.subgraph_view(G, filter_edge=lambda a, b, k: G[a][b][k].get("type") in types)
        else:
            view = nx.subgraph_view(G, filter_edge=lambda a, b: G[a][b].get("type") in types)
    if view.is_directed() and not directed:
        view = view.to_undirected(as_view=True)
    return view


def as_simple(G: nx.Graph, strength: TieStrength = "evidence", weight_as: WeightAs = "strength") -> nx.Graph:
    """``G`` itself when it is already a simple undirected graph with tie weights read as asked, else :func:`collapse` of it.

    A simple graph without a ``distance`` on its edges gets one (``1/weight``, or the
    weight itself with ``weight_as="distance"``) on a copy.
    """
    if not G.is_multigraph() and not G.is_directed() and G.graph.get("weight_as", "strength") == weight_as:
        if all("distance" in d for _u, _v, d in G.edges(data=True)):
            return G
    return collapse(G, strength, weight_as=weight_as)
