"""Network measures: who is central, who brokers, how centralised the network is, and how that changes over time.

Every measure runs on the case collapsed to one undirected tie per linked pair
(:func:`graph.analysis.projection.collapse`). *Weighted* measures read tie strength as the
tie's weight: degree and PageRank, eigenvector and Katz centrality add strengths; path
measures (betweenness, closeness) use the distance ``1/strength``, so a well-evidenced tie
is a short one. With ``weight_as="distance"`` a weight is read as a length instead (path
measures use it as is, strength measures its inverse). Collective influence (Morone and
Makse) counts degrees on the frontier of a ball of radius ``l`` and ignores weights.
Each measure gives networkx's numbers (see :func:`centrality`); rankings break ties, to
:data:`TIE_DECIMALS` places, by id.

The path measures search shortest paths from every entity, which networkx does in Python
(exact betweenness of a 10,000-entity case: minutes). When ``igraph`` (C core) is installed
they run there instead, giving networkx's numbers (same normalisation, same sample of
sources for a given seed) about 40 times faster, so betweenness is exact whenever its
cost fits :data:`BETWEENNESS_BUDGET_S` and estimated from as many sampled sources as fit
it when not. Without igraph networkx does the same work under the same budget.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from types import ModuleType
from typing import Literal

import networkx as nx

from graph.analysis.common import AnalysisError, name_of
from graph.analysis.projection import TieStrength, WeightAs, as_simple, collapse

MEASURES: tuple[str, ...] = (
    "degree",
    "weighted_degree",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "katz",
    "collective_influence",
    "kcore",
)

#: Katz attenuation when none is given: this share of ``1 / lambda_max`` (the series converges below 1).
KATZ_ALPHA_SHARE = 0.85
#: Radius of the ball collective influence looks at when none is given (Morone and Makse use 2 or 3).
CI_RADIUS = 2
#: Scores closer than this are ties (ranked by id), so that two engines' rounding never reorders them.
TIE_DECIMALS = 9

PathEngine = Literal["igraph", "networkx"]
#: Where shortest-path measures (betweenness, closeness) can run; the first one installed is used.
PATH_ENGINES: tuple[str, ...] = ("igraph", "networkx")

#: Seconds a betweenness may take here: exact when searching from every entity fits, else
#: estimated from as many sampled sources as fit (see :func:`betweenness_sample_size`).
BETWEENNESS_BUDGET_S = 6.0
#: Search work (sources x (entities + ties)) each engine gets through in a second on this
#: machine, measured by ``python -m bench --only analysis`` (2 shared cores).
SEARCH_RATE: dict[str, float] = {"igraph": 5.5e7, "networkx": 1.2e6}
#: A weighted search (Dijkstra) costs this many unweighted ones (breadth-first), as measured
#: (igraph 2.9-4.1, networkx 2.3-6.4 on the bench cases).
WEIGHTED_SEARCH_COST = 4.0
#: Never estimate from fewer sources than this, whatever the budget.
MIN_BETWEENNESS_SAMPLE = 64


@dataclass
class Ranking:
    """Scores of one measure for every node, with how they were computed."""

    measure: str
    scores: dict[str, float]
    weighted: bool = False
    note: str = ""  # e.g. "estimated from k=256 sampled sources, seed 0"

    def top(self, k: int | None = None) -> list[tuple[str, float]]:
        """The ``k`` highest-scoring nodes, best first; scores equal to :data:`TIE_DECIMALS` places tie, broken by id."""
        ordered = sorted(self.scores.items(), key=lambda item: (-round(item[1], TIE_DECIMALS), str(item[0])))
        return ordered if k is None else ordered[:k]

    def ranks(self) -> dict[str, int]:
        """Each node's rank (1 = highest score)."""
        return {node: i for i, (node, _score) in enumerate(self.top(), start=1)}


@dataclass
class NetworkSummary:
    """Whole-network figures: size, density, centralisation, fragmentation into components."""

    nodes: int
    links: int  # evidence edges (links and call summaries) behind the ties
    ties: int  # linked pairs
    density: float
    degree_centralisation: float
    components: int
    largest_component: int
    isolates: int


@dataclass
class Brokers:
    """Entities and ties whose removal disconnects part of the network."""

    articulation_points: list[str]
    bridges: list[tuple[str, str]]


@dataclass
class WindowMeasures:
    """One time window: the network known in it and who was central and who brokered."""

    label: str
    start: str
    end: str
    nodes: int
    ties: int
    ranking: Ranking
    articulation_points: list[str]


@dataclass
class BrokerOnset:
    """When someone first became a broker (articulation point) of the network."""

    person: str
    name: str
    window: str
    start: str
    betweenness_then: float  # betweenness in the window they first brokered


def degree_centralisation(G: nx.Graph) -> float:
    """Freeman's degree centralisation of an undirected graph: 1 for a star, 0 when all degrees are equal.

    Parameters
    ----------
    G : networkx.Graph
        A simple undirected graph (collapse a MultiDiGraph first).

    Returns
    -------
    float
        ``sum(max_degree - degree_i) / ((n - 1)(n - 2))``; 0 for fewer than three nodes.

    References
    ----------
    .. [1] Linton C. Freeman, "Centrality in social networks: conceptual clarification",
       Social Networks 1(3):215-239, 1979.
    """
    n = G.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d for _n, d in G.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def network_summary(G: nx.Graph) -> NetworkSummary:
    """Nodes, links, ties, density, Freeman degree centralisation and components of the case graph.

    Notes
    -----
    Density is that of the undirected collapsed graph: ``2 ties / (n (n - 1))``. ``O(n + m)``.
    """
    H = as_simple(G)
    components = [len(c) for c in nx.connected_components(H)]
    return NetworkSummary(
        nodes=H.number_of_nodes(),
        links=G.number_of_edges(),
        ties=H.number_of_edges(),
        density=float(nx.density(H)),
        degree_centralisation=degree_centralisation(H),
        components=len(components),
        largest_component=max(components, default=0),
        isolates=sum(1 for s in components if s == 1),
    )


def brokers(G: nx.Graph) -> Brokers:
    """Articulation points (entities whose removal disconnects their component) and bridges (such ties).

    Notes
    -----
    Tarjan's depth-first search, ``O(n + m)``.

    References
    ----------
    .. [1] Robert Tarjan, "Depth-first search and linear graph algorithms", SIAM Journal
       on Computing 1(2):146-160, 1972.
    """
    H = as_simple(G)
    if nx.number_of_selfloops(H):
        H = H.copy()
        H.remove_edges_from(list(nx.selfloop_edges(H)))
    return Brokers(
        articulation_points=sorted(nx.articulation_points(H)),
        bridges=sorted(tuple(sorted(b)) for b in nx.bridges(H)),
    )


@cache
def _igraph() -> ModuleType | None:
    """The ``igraph`` module, or None when it is not installed (networkx then does the searches)."""
    try:
        import igraph
    except ImportError:
        return None
    return igraph


def path_engine(engine: str | None = None) -> PathEngine:
    """Which engine runs shortest-path measures: ``engine`` if given, else igraph when installed, else networkx."""
    if engine is None:
        return "igraph" if _igraph() is not None else "networkx"
    if engine not in PATH_ENGINES:
        raise AnalysisError(f"Unknown engine {engine!r}: use one of {', '.join(PATH_ENGINES)}")
    if engine == "igraph" and _igraph() is None:
        raise AnalysisError("igraph is not installed: pip install -r requirements.txt, or use engine='networkx'")
    return engine  # type: ignore[return-value]


def _lengths(H: nx.Graph, weight: str | None) -> tuple[list[Hashable], list[tuple[int, int]], list[float] | None]:
    """``H`` as igraph takes it: the node order, edges as index pairs (self-loops left out) and their lengths."""
    nodes = list(H)
    index = {node: i for i, node in enumerate(nodes)}
    edges: list[tuple[int, int]] = []
    lengths: list[float] | None = None if weight is None else []
    for u, v, data in H.edges(data=True):
        if u == v:  # never on a shortest path between two others
            continue
        edges.append((index[u], index[v]))
        if lengths is not None:
            lengths.append(float(data.get(weight, 1)))
    return nodes, edges, lengths


def _igraph_ready(H: nx.Graph, weight: str | None) -> bool:
    """Whether igraph can take ``H`` as it is: a simple graph whose path lengths are all positive."""
    if H.is_multigraph():
        return False
    return weight is None or all(float(d.get(weight, 1)) > 0 for _u, _v, d in H.edges(data=True))


def betweenness_centrality(
    H: nx.Graph,
    k: int | None = None,
    weight: str | None = None,
    seed: int = 0,
    engine: str | None = None,
) -> dict[Hashable, float]:
    """Normalised betweenness of every node: ``nx.betweenness_centrality(H, k, True, weight, seed=seed)``.

    Parameters
    ----------
    H : networkx.Graph or networkx.DiGraph
        A simple graph, directed or not.
    k : int, optional
        Sample this many source nodes (``random.Random(seed).sample(list(H), k)``, the
        sample networkx draws) and scale as networkx does; ``None``: every node.
    weight : str, optional
        Edge attribute holding each edge's length (default 1 where missing); ``None``: hops.
    seed : int
        Seed of the sample.
    engine : {"igraph", "networkx"}, optional
        Default: igraph when installed (see :func:`path_engine`). Multigraphs and graphs
        with a length that is not positive always go to networkx.

    Returns
    -------
    dict
        The same numbers networkx gives (to rounding): for each node, the share of the
        shortest paths between each ordered pair of other nodes that pass through it, summed
        and divided by ``(n-1)(n-2)`` (an undirected pair counts once each way); a sampled
        estimate sums over pairs from the sampled sources only and divides a sampled node's
        sum by ``(k-1)(n-2)``, any other's by ``k(n-2)``.

    Notes
    -----
    igraph counts a weighted path as shortest when its length is within a relative 1e-10
    of the shortest (networkx needs float equality, so it can miss a tie that rounding
    split). Undirected igraph betweenness counts each pair once, networkx both ways: the
    sum is doubled to match. ``O(k m)`` (``O(k (m + n log n))`` weighted) in C.

    References
    ----------
    .. [1] Ulrik Brandes, "A faster algorithm for betweenness centrality", Journal of
       Mathematical Sociology 25(2):163-177, 2001.
    .. [2] Gábor Csárdi and Tamás Nepusz, "The igraph software package for complex network
       research", InterJournal Complex Systems 1695, 2006.
    """
    n = H.number_of_nodes()
    if k is not None and k == n:
        k = None
    if path_engine(engine) == "networkx" or not _igraph_ready(H, weight):
        return nx.betweenness_centrality(H, k=k, normalized=True, weight=weight, seed=seed)
    nodes, edges, lengths = _lengths(H, weight)
    graph = _igraph().Graph(n=n, edges=edges, directed=H.is_directed())
    sources = None if k is None else random.Random(seed).sample(nodes, k)
    if sources is None:
        raw = graph.betweenness(directed=H.is_directed(), weights=lengths)
    else:
        index = {node: i for i, node in enumerate(nodes)}
        raw = graph.betweenness(directed=H.is_directed(), weights=lengths, sources=[index[s] for s in sources])
    pairs_both_ways = 1.0 if H.is_directed() else 2.0
    if n < 3:
        return {node: pairs_both_ways * b for node, b in zip(nodes, raw, strict=True)}
    if sources is None:
        scale = pairs_both_ways / ((n - 1) * (n - 2))
        return {node: scale * b for node, b in zip(nodes, raw, strict=True)}
    sampled = set(sources)
    as_source = pairs_both_ways / ((k - 1) * (n - 2)) if k > 1 else float("nan")
    otherwise = pairs_both_ways / (k * (n - 2))
    return {node: b * (as_source if node in sampled else otherwise) for node, b in zip(nodes, raw, strict=True)}


def closeness_centrality(H: nx.Graph, distance: str | None = None, engine: str | None = None) -> dict[Hashable, float]:
    """Closeness of every node with Wasserman-Faust scaling: ``nx.closeness_centrality(H, distance=distance)``.

    Parameters
    ----------
    H : networkx.Graph or networkx.DiGraph
        A simple graph; on a directed one closeness counts paths *into* each node, as networkx does.
    distance : str, optional
        Edge attribute holding each edge's length (default 1 where missing); ``None``: hops.
    engine : {"igraph", "networkx"}, optional
        As for :func:`betweenness_centrality`.

    Returns
    -------
    dict
        ``(r - 1) / sum of distances to the r - 1 others it reaches, times (r - 1) / (n - 1)``;
        0 for a node nobody reaches.

    Notes
    -----
    One search per node, ``O(n m)`` (``O(n (m + n log n))`` weighted): 40 s for 10,000
    entities in networkx, 3 s through igraph.

    References
    ----------
    .. [1] Stanley Wasserman and Katherine Faust, "Social Network Analysis: Methods and
       Applications", Cambridge University Press, 1994.
    """
    n = H.number_of_nodes()
    if path_engine(engine) == "networkx" or not _igraph_ready(H, distance) or n < 2:
        return nx.closeness_centrality(H, distance=distance)
    nodes, edges, lengths = _lengths(H, distance)
    graph = _igraph().Graph(n=n, edges=edges, directed=H.is_directed())
    mode = "in" if H.is_directed() else "all"
    inverse_total = graph.closeness(mode=mode, weights=lengths, normalized=False)
    if H.is_directed():
        reached = [size - 1 for size in graph.neighborhood_size(order=n, mode="in")]
    else:
        reached = [0] * n
        for component in graph.connected_components():
            for i in component:
                reached[i] = len(component) - 1
    scores = {}
    for node, inverse, others in zip(nodes, inverse_total, reached, strict=True):
        scores[node] = others * inverse * others / (n - 1) if others and inverse == inverse else 0.0
    return scores


def betweenness_sample_size(nodes: int, ties: int, weighted: bool = False, engine: str | None = None) -> int | None:
    """How many source entities betweenness can search from within :data:`BETWEENNESS_BUDGET_S`; None: all of them.

    One search from a source costs ``nodes + ties`` (times :data:`WEIGHTED_SEARCH_COST`
    when weighted), and the engine gets through :data:`SEARCH_RATE` of that a second.
    Never fewer than :data:`MIN_BETWEENNESS_SAMPLE` sources.
    """
    per_source = (nodes + ties) * (WEIGHTED_SEARCH_COST if weighted else 1.0)
    affordable = int(BETWEENNESS_BUDGET_S * SEARCH_RATE[path_engine(engine)] / max(per_source, 1.0))
    if affordable >= nodes:
        return None
    return max(MIN_BETWEENNESS_SAMPLE, affordable)


def betweenness(
    G: nx.Graph,
    weighted: bool = False,
    k: int | None = None,
    seed: int = 0,
    exact_limit: int | None = None,
    strength: TieStrength = "evidence",
    engine: str | None = None,
    weight_as: WeightAs = "strength",
) -> Ranking:
    """Betweenness centrality: the share of shortest paths between others that pass through each entity.

    Parameters
    ----------
    G : networkx graph
        The case graph, or any graph.
    weighted : bool
        Shortest paths by distance ``1/strength`` instead of hop count.
    k : int, optional
        Estimate from ``k`` sampled source nodes. ``None``: exact when searching from every
        entity fits :data:`BETWEENNESS_BUDGET_S`, else as many sources as fit it
        (:func:`betweenness_sample_size`).
    seed : int
        Seed of the sample, so the estimate is reproducible.
    exact_limit : int, optional
        Sample whenever there are more nodes than this, even when exact betweenness would
        fit the budget (``k`` sources, by default :data:`MIN_BETWEENNESS_SAMPLE`).
    strength : {"evidence", "confidence", "calls"}
        Tie strength (see :mod:`graph.analysis.projection`).
    engine : {"igraph", "networkx"}, optional
        Where the searches run (default: igraph when installed); both give the same scores.
    weight_as : {"strength", "distance"}
        Read weights as strengths (path length ``1/weight``) or as lengths.

    Returns
    -------
    Ranking
        Normalised scores; ``note`` says whether they are exact or sampled, and from how many sources.

    Notes
    -----
    Brandes' algorithm: ``O(n m)`` exact (``O(n m + n^2 log n)`` weighted); ``O(k m)`` sampled,
    scaled as Brandes and Pich do (networkx's estimate).

    References
    ----------
    .. [1] Ulrik Brandes, "A faster algorithm for betweenness centrality", Journal of
       Mathematical Sociology 25(2):163-177, 2001.
    .. [2] Ulrik Brandes and Christian Pich, "Centrality estimation in large networks",
       International Journal of Bifurcation and Chaos 17(7):2303-2318, 2007.
    """
    H = as_simple(G, strength, weight_as)
    n = H.number_of_nodes()
    if k is None:
        k = betweenness_sample_size(n, H.number_of_edges(), weighted, engine)
        if k is None and exact_limit is not None and n > exact_limit:
            k = MIN_BETWEENNESS_SAMPLE
    if k is not None and k >= n:
        k = None
    scores = betweenness_centrality(H, k=k, weight="distance" if weighted else None, seed=seed, engine=engine)
    note = "exact" if k is None else f"estimated from k={k} sampled sources, seed {seed}"
    return Ranking("betweenness", scores, weighted, note)


def _largest_eigenvalue(H: nx.Graph, weight: str | None) -> float:
    if H.number_of_edges() == 0:
        return 0.0
    if H.number_of_nodes() <= 1500:
        import numpy as np

        return float(max(np.linalg.eigvalsh(nx.to_numpy_array(H, weight=weight))))
    from scipy.sparse.linalg import eigsh

    A = nx.to_scipy_sparse_array(H, weight=weight, dtype=float)
    return float(eigsh(A, k=1, which="LA", return_eigenvectors=False)[0])


def katz(
    G: nx.Graph,
    weighted: bool = False,
    alpha: float | None = None,
    strength: TieStrength = "evidence",
    weight_as: WeightAs = "strength",
) -> Ranking:
    """Katz centrality: walks of every length count, each extra step weighted down by ``alpha``.

    Parameters
    ----------
    G : networkx graph
        The case graph, or any graph.
    weighted : bool
        Count a walk by the product of its tie strengths.
    alpha : float, optional
        Attenuation; default ``0.85 / lambda_max`` (:data:`KATZ_ALPHA_SHARE`; it must stay
        below ``1 / lambda_max``, the largest eigenvalue of the adjacency matrix, for the
        sum to converge). The note gives the value used.
    strength, weight_as
        How ties are measured and weights read (see :mod:`graph.analysis.projection`).

    Returns
    -------
    Ranking
        ``nx.katz_centrality_numpy(H, alpha, beta=1)`` (unit-normalised).

    Notes
    -----
    Solved directly up to 2,000 nodes, by power iteration above.

    References
    ----------
    .. [1] Leo Katz, "A new status index derived from sociometric analysis",
       Psychometrika 18(1):39-43, 1953.
    """
    H = as_simple(G, strength, weight_as)
    if H.number_of_nodes() == 0:
        return Ranking("katz", {}, weighted)
    weight = "weight" if weighted else None
    lam = _largest_eigenvalue(H, weight)
    alpha = alpha if alpha is not None else (KATZ_ALPHA_SHARE / lam if lam > 0 else 0.1)
    if alpha <= 0 or (lam > 0 and alpha >= 1 / lam):
        raise AnalysisError(f"Katz alpha must be above 0 and below 1/lambda_max = {1 / lam:.4g} here; got {alpha}")
    if H.number_of_nodes() <= 2000:
        scores = nx.katz_centrality_numpy(H, alpha=alpha, beta=1.0, weight=weight)
    else:
        scores = nx.katz_centrality(H, alpha=alpha, beta=1.0, weight=weight, max_iter=5000, tol=1e-8)
    return Ranking("katz", scores, weighted, f"alpha={alpha:.4g} (lambda_max={lam:.4g})")


def eigenvector(
    G: nx.Graph, weighted: bool = False, strength: TieStrength = "evidence", weight_as: WeightAs = "strength"
) -> Ranking:
    """Eigenvector centrality: central entities are tied to other central entities.

    Notes
    -----
    Power iteration; on a disconnected graph the scores concentrate in the component with
    the largest eigenvalue (others get near zero).

    References
    ----------
    .. [1] Phillip Bonacich, "Power and centrality: a family of measures", American
       Journal of Sociology 92(5):1170-1182, 1987.
    """
    H = as_simple(G, strength, weight_as)
    if H.number_of_edges() == 0:
        return Ranking("eigenvector", dict.fromkeys(H, 0.0), weighted)
    weight = "weight" if weighted else None
    try:
        scores = nx.eigenvector_centrality(H, max_iter=5000, tol=1e-8, weight=weight)
    except nx.PowerIterationFailedConvergence:
        scores = nx.eigenvector_centrality_numpy(H, weight=weight, max_iter=5000)
    return Ranking("eigenvector", scores, weighted)


def collective_influence(G: nx.Graph, radius: int = CI_RADIUS, strength: TieStrength = "evidence") -> Ranking:
    """Collective influence: how much of the network hangs on a node through the nodes ``radius`` hops away.

    Parameters
    ----------
    G : networkx graph
        The case graph, or any graph (ties are unweighted here).
    radius : int
        The radius ``l`` of the ball; 0 reduces to ``(k_i - 1)^2``, a degree ranking.

    Returns
    -------
    Ranking
        ``CI_l(i) = (k_i - 1) * sum over j at exactly l hops from i of (k_j - 1)``.

    Notes
    -----
    One breadth-first search to depth ``l`` per node: ``O(n * ball size)``. The paper's
    attack removes the top node and recomputes (the recalculated attack with step 1).

    References
    ----------
    .. [1] Flaviano Morone and Hernán A. Makse, "Influence maximization in complex networks
       through optimal percolation", Nature 524:65-68, 2015.
    """
    if radius < 0:
        raise AnalysisError(f"Collective influence radius must be 0 or more; got {radius}")
    H = as_simple(G, strength)
    degree = dict(H.degree())
    scores = {}
    for node in H:
        if radius == 0:
            frontier = [node]
        else:
            reached = nx.single_source_shortest_path_length(H, node, cutoff=radius)
            frontier = [j for j, hops in reached.items() if hops == radius]
        scores[node] = float((degree[node] - 1) * sum(degree[j] - 1 for j in frontier)) if degree[node] else 0.0
    return Ranking("collective_influence", scores, False, f"radius l={radius}")


def centrality(
    G: nx.Graph,
    measure: str,
    weighted: bool = False,
    k: int | None = None,
    seed: int = 0,
    strength: TieStrength = "evidence",
    engine: str | None = None,
    *,
    weight_as: WeightAs = "strength",
    alpha: float | None = None,
    radius: int = CI_RADIUS,
) -> Ranking:
    """One named measure (see ``MEASURES``) for every node of ``G``.

    Parameters
    ----------
    G : networkx graph
        The case graph, or any graph.
    measure : str
        ``degree`` (ties), ``weighted_degree`` (sum of tie strengths), ``betweenness``,
        ``closeness``, ``eigenvector``, ``pagerank``, ``katz``, ``collective_influence`` or
        ``kcore`` (core number).
    weighted : bool
        Use tie weights (see ``weight_as``); ignored by ``degree``, ``collective_influence``
        and ``kcore``.
    k, seed
        Betweenness sample size and seed (see :func:`betweenness`); PageRank and the others
        are deterministic.
    strength : {"evidence", "confidence", "calls"}
        How a case's ties are measured (see :mod:`graph.analysis.projection`).
    engine : {"igraph", "networkx"}, optional
        Where betweenness and closeness search paths (see :func:`path_engine`).
    weight_as : {"strength", "distance"}
        ``strength``: a heavier tie is a closer one (path measures use ``1/weight``).
        ``distance``: the weight is the tie's length (strength measures use ``1/weight``).
    alpha : float, optional
        Katz attenuation (default ``0.85 / lambda_max``).
    radius : int
        Collective influence's ball radius ``l`` (default 2).

    Returns
    -------
    Ranking
        The networkx numbers: ``nx.degree_centrality`` times ``n - 1`` (raw degree),
        ``H.degree(weight)``, ``nx.betweenness_centrality``, ``nx.closeness_centrality``,
        ``nx.eigenvector_centrality``, ``nx.pagerank``, ``nx.katz_centrality_numpy``,
        ``nx.core_number``.

    References
    ----------
    .. [1] Linton C. Freeman, "Centrality in social networks: conceptual clarification",
       Social Networks 1(3):215-239, 1979 (degree, closeness, betweenness).
    .. [2] Lawrence Page, Sergey Brin, Rajeev Motwani and Terry Winograd, "The PageRank
       citation ranking: bringing order to the web", Stanford InfoLab, 1999.
    .. [3] Stephen B. Seidman, "Network structure and minimum degree", Social Networks
       5(3):269-287, 1983 (k-cores).
    .. [4] Alex Bavelas, "Communication patterns in task-oriented groups", Journal of the
       Acoustical Society of America 22(6):725-730, 1950 (closeness).
    .. [5] Tore Opsahl, Filip Agneessens and John Skvoretz, "Node centrality in weighted
       networks: generalizing degree and shortest paths", Social Networks 32(3):245-251,
       2010 (weighted degree; weights as strengths or as distances).
    """
    if measure == "betweenness":
        return betweenness(G, weighted, k, seed, strength=strength, engine=engine, weight_as=weight_as)
    if measure == "katz":
        return katz(G, weighted, alpha, strength=strength, weight_as=weight_as)
    if measure == "eigenvector":
        return eigenvector(G, weighted, strength, weight_as)
    if measure == "collective_influence":
        return collective_influence(G, radius, strength)
    H = as_simple(G, strength, weight_as)
    if measure == "degree":
        return Ranking("degree", {n: float(d) for n, d in H.degree()}, False)
    if measure == "weighted_degree":
        return Ranking("weighted_degree", {n: float(d) for n, d in H.degree(weight="weight")}, True)
    if measure == "closeness":
        scores = closeness_centrality(H, distance="distance" if weighted else None, engine=engine)
        return Ranking("closeness", scores, weighted, "Wasserman-Faust scaling for disconnected graphs")
    if measure == "pagerank":
        return Ranking("pagerank", nx.pagerank(H, weight="weight" if weighted else None), weighted, "damping 0.85")
    if measure == "kcore":
        core = H.copy()
        core.remove_edges_from(list(nx.selfloop_edges(core)))
        return Ranking("kcore", {n: float(c) for n, c in nx.core_number(core).items()}, False)
    raise AnalysisError(f"Unknown measure {measure!r}: use one of {', '.join(MEASURES)}")


# --- over time --------------------------------------------------------------------------


def _month_windows(first: date, last: date, months: int) -> list[tuple[str, str, str]]:
    windows = []
    year, month = first.year, first.month - (first.month - 1) % months
    while date(year, month, 1) <= last:
        start = date(year, month, 1)
        next_month = month + months
        next_year = year + (next_month - 1) // 12
        next_month = (next_month - 1) % 12 + 1
        end = date.fromordinal(date(next_year, next_month, 1).toordinal() - 1)
        label = f"{year}-{month:02d}" if months == 1 else f"{year}-{month:02d}..{end.isoformat()[:7]}"
        windows.append((label, start.isoformat(), end.isoformat()))
        year, month = next_year, next_month
    return windows


def _edge_dates(attrs: dict, report_dates: Mapping[str, str | None]) -> tuple[str, str] | None:
    if attrs.get("type") == "CALLED":
        first, last = attrs.get("first"), attrs.get("last")
        return (str(first)[:10], str(last or first)[:10]) if first else None
    when = report_dates.get(attrs.get("report_id", "")) or attrs.get("reported_at")
    return (str(when)[:10], str(when)[:10]) if when else None


def measures_by_window(
    G: nx.Graph,
    report_dates: Mapping[str, str | None],
    measure: str = "betweenness",
    period: str = "month",
    cumulative: bool = True,
    weighted: bool = False,
    windows: list[tuple[str, str, str]] | None = None,
    seed: int = 0,
) -> list[WindowMeasures]:
    """A measure and the brokers of the network in each time window.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The case graph: links dated by their report (``report_dates``), calls by their
        ``first``/``last`` call.
    report_dates : mapping
        ``report_id -> ISO date``. Links of undated reports are left out.
    measure : str
        Any of ``MEASURES``.
    period : {"month", "quarter", "year"}
        Window length when ``windows`` is not given (windows then run from the earliest to
        the latest date).
    cumulative : bool
        True: each window shows everything known up to its end (the network as an analyst
        saw it then). False: only evidence dated inside the window.
    windows : list of (label, start, end), optional
        Explicit windows (ISO dates, inclusive).

    Returns
    -------
    list of WindowMeasures
        In time order.
    """
    dated = []
    for u, v, attrs in G.edges(data=True):
        span = _edge_dates(attrs, report_dates)
        if span:
            dated.append((u, v, attrs, span))
    if windows is None:
        if not dated:
            return []
        months = {"month": 1, "quarter": 3, "year": 12}.get(period)
        if months is None:
            raise AnalysisError(f"Unknown period {period!r}: use month, quarter or year")
        first = date.fromisoformat(min(span[0] for *_rest, span in dated))
        last = date.fromisoformat(max(span[1] for *_rest, span in dated))
        windows = _month_windows(first, last, months)
    results = []
    for label, start, end in windows:
        W = nx.MultiDiGraph() if G.is_multigraph() else nx.DiGraph()
        for u, v, attrs, (first, last) in dated:
            if first <= end and (cumulative or last >= start):
                for node in (u, v):
                    if node not in W:
                        W.add_node(node, **G.nodes[node])
                W.add_edge(u, v, **attrs)
        H = collapse(W)
        ranking = centrality(H, measure, weighted, seed=seed)
        cuts = sorted(nx.articulation_points(H)) if H.number_of_nodes() else []
        results.append(WindowMeasures(label, start, end, H.number_of_nodes(), H.number_of_edges(), ranking, cuts))
    return results


def broker_onsets(G: nx.Graph, windows: list[WindowMeasures]) -> list[BrokerOnset]:
    """Who became a broker (articulation point) and in which window they first were one.

    Parameters
    ----------
    G : networkx graph
        The case graph (for names).
    windows : list of WindowMeasures
        From :func:`measures_by_window`, in time order.

    Returns
    -------
    list of BrokerOnset
        Earliest first.
    """
    seen: dict[str, BrokerOnset] = {}
    for window in windows:
        for node in window.articulation_points:
            if node not in seen:
                score = window.ranking.scores.get(node, 0.0)
                seen[node] = BrokerOnset(node, name_of(G, node), window.label, window.start, score)
    return sorted(seen.values(), key=lambda b: (b.start, -b.betweenness_then, b.name))
