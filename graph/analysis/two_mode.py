"""Two-mode data: people tied through the events, addresses, phones or organisations they share.

A person-event list (who was at which meeting, party, trip or payment), a person-address
list or a person-phone list is a two-mode network. Most measures are defined on one-mode
networks, so the usual step is to *project* it: two people are tied when they share an
event (co-attendance), an address or a phone, and the tie's weight says how much they
share. Each tie keeps the shared events as its evidence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Literal

import networkx as nx

from graph.analysis.common import AnalysisError, name_of
from graph.analysis.targets import ANALYST_METHODS, acting, hubs

Weighting = Literal["count", "newman"]
WEIGHTINGS: tuple[str, ...] = ("count", "newman")
#: Kinds of entity people can be tied through.
SHARED_KINDS: tuple[str, ...] = ("EVENT", "LOCATION", "PHONE", "ORG", "EMAIL", "VEHICLE", "HANDLE")


@dataclass
class SharedTie:
    """Two people and what they share."""

    a: str
    b: str
    a_name: str
    b_name: str
    weight: float
    shared: list[str] = field(default_factory=list)  # event / address / phone ids
    shared_names: list[str] = field(default_factory=list)


def project_people(
    G: nx.Graph,
    via: Iterable[str] = ("EVENT",),
    weighting: Weighting = "count",
    people_kind: str = "PERSON",
    with_hubs: bool = False,
) -> nx.Graph:
    """The person-person network of people who share an event (address, phone...).

    Parameters
    ----------
    G : networkx graph
        The case graph (any link between a person and a ``via`` entity counts), or any
        two-mode graph whose nodes carry ``kind``.
    via : iterable of str
        Kinds of entity people are tied through (``EVENT``, ``LOCATION``, ``PHONE``,
        ``ORG``...).
    weighting : {"count", "newman"}
        ``count``: how many ``via`` entities the two share
        (``networkx.bipartite.weighted_projected_graph``). ``newman``: each shared entity
        with ``d`` people adds ``1 / (d - 1)``, so a small meeting ties more than a crowd
        (``networkx.bipartite.collaboration_weighted_projected_graph``).
    people_kind : str
        The kind of the nodes projected onto.
    with_hubs : bool
        Keep hubs (a phone or address many unrelated people share, see
        :mod:`graph.analysis.targets`); by default they make no ties.

    Returns
    -------
    networkx.Graph
        Every person of ``G`` (with their attributes; ``acts=True`` on people the case shows
        acting or who came from an analyst's data, so target rules still apply) and one
        edge per pair sharing something: ``weight``, ``distance`` (``1/weight``), ``shared``
        (sorted ids) and ``type="SHARED"``.

    Notes
    -----
    ``O(sum over via entities of d^2)``.

    References
    ----------
    .. [1] Ronald L. Breiger, "The duality of persons and groups", Social Forces
       53(2):181-190, 1974.
    .. [2] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths,
       weighted networks, and centrality", Physical Review E 64:016132, 2001.
    .. [3] Stephen P. Borgatti and Daniel S. Halgin, "Analyzing affiliation networks", in
       The SAGE Handbook of Social Network Analysis, 2011.
    """
    if weighting not in WEIGHTINGS:
        raise AnalysisError(f"Unknown weighting {weighting!r}: use count or newman")
    kinds = {k.upper() for k in via}
    unknown = kinds - set(SHARED_KINDS)
    if unknown:
        raise AnalysisError(f"Cannot tie people through {', '.join(sorted(unknown))}: use {', '.join(SHARED_KINDS)}")
    skip = set() if with_hubs else set(hubs(G))
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    vouched = acting(G) | {n for u, v, d in G.edges(data=True) if d.get("method") in ANALYST_METHODS for n in (u, v)}
    P = nx.Graph()
    P.graph["projected_via"] = sorted(kinds)
    for node, data in G.nodes(data=True):
        if data.get("kind") == people_kind:
            P.add_node(node, **data, acts=node in vouched or bool(data.get("acts")))
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for node, data in G.nodes(data=True):
        if data.get("kind") not in kinds or node in skip:
            continue
        people = sorted({n for n in U[node] if n in P}, key=str)
        if len(people) < 2:
            continue
        add = 1.0 if weighting == "count" else 1.0 / (len(people) - 1)
        for a, b in combinations(people, 2):
            shared[(a, b)].append(node)
            weights[(a, b)] += add
    for (a, b), things in shared.items():
        w = weights[(a, b)]
        P.add_edge(
            a, b, weight=w, distance=1.0 / w, shared=sorted(things, key=str), type="SHARED", evidence=len(things)
        )
    return P


def shared_ties(P: nx.Graph, G: nx.Graph | None = None) -> list[SharedTie]:
    """The projection's ties, heaviest first, each with what the two share (named from ``G`` when given)."""
    names = G if G is not None else P
    ties = [
        SharedTie(
            a,
            b,
            name_of(names, a),
            name_of(names, b),
            float(d["weight"]),
            list(d["shared"]),
            [name_of(names, s) for s in d["shared"]],
        )
        for a, b, d in P.edges(data=True)
    ]
    return sorted(ties, key=lambda t: (-t.weight, t.a_name, t.b_name))
