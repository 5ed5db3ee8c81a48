"""Disruption simulator: take entities out of the network and see what breaks.

Remove a chosen set, or the top entities by a measure (as one block ranked once, or one
step at a time with the measure recomputed on what is left), and report the largest
component, the number of components, the victims still reachable from recruiters and the
recruiter-victim connections cut.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from graph.analysis.centrality import MEASURES, centrality
from graph.analysis.common import AnalysisError, name_of, recruiters, victims
from graph.analysis.connectivity import NetworkState, network_state
from graph.analysis.key_players import greedy_key_player_set
from graph.analysis.projection import TieStrength, as_simple

DISRUPTION_MEASURES: tuple[str, ...] = MEASURES + ("fragmentation", "reachability", "random")
REMOVALS: tuple[str, ...] = ("sequential", "block")


@dataclass
class DisruptionResult:
    """The network before and after removing a set of entities, and what was cut."""

    removed: list[str]
    removed_names: list[str]
    before: NetworkState
    after: NetworkState
    victims_cut_off: list[str]  # victims reachable from some recruiter before, from none after
    victims_still_reachable: list[str] = field(default_factory=list)  # from at least one recruiter, after
    pairs_cut: list[tuple[str, str]] = field(default_factory=list)  # (recruiter, victim) no longer connected

    @property
    def largest_fraction(self) -> float:
        """Largest component after, as a fraction of the largest before."""
        return self.after.largest_component / self.before.largest_component if self.before.largest_component else 0.0


@dataclass
class CurvePoint:
    """The network after ``k`` removals."""

    k: int
    removed: list[str]  # removed at this step
    largest_component: int
    fraction: float  # of the starting largest component
    components: int
    recruiter_victim_pairs: int


def _connected_pairs(H: nx.Graph, rs: set[str], vs: set[str]) -> set[tuple[str, str]]:
    pairs = set()
    for component in nx.connected_components(H):
        for r in rs & component:
            for v in vs & component:
                if r != v:
                    pairs.add((r, v))
    return pairs


def simulate_removal(
    G: nx.Graph,
    remove: Iterable[str],
    *,
    recruiter_ids: Iterable[str] | None = None,
    victim_ids: Iterable[str] | None = None,
) -> DisruptionResult:
    """Remove entities and report what breaks.

    Parameters
    ----------
    G : networkx graph
        The case graph or any graph.
    remove : iterable of str
        Entity ids to remove (unknown ids raise :class:`AnalysisError`).
    recruiter_ids, victim_ids : iterables of str, optional
        Whose connections to follow; default: the sources of RECRUITED links, and victims
        (role or target of an act link), see :mod:`graph.analysis.common`.

    Returns
    -------
    DisruptionResult

    Notes
    -----
    Connectivity ignores link direction: a victim is reachable from a recruiter when some
    chain of links joins them. ``O(n + m + r v)``.
    """
    removed = list(dict.fromkeys(remove))
    missing = [n for n in removed if n not in G]
    if missing:
        raise AnalysisError(f"Not in the graph: {', '.join(map(str, missing))}")
    H = as_simple(G)
    rs = set(recruiter_ids) if recruiter_ids is not None else recruiters(G)
    vs = set(victim_ids) if victim_ids is not None else victims(G)
    before_pairs = _connected_pairs(H, rs, vs)
    after_graph = H.copy()
    after_graph.remove_nodes_from(removed)
    rs_after, vs_after = rs - set(removed), vs - set(removed)
    after_pairs = _connected_pairs(after_graph, rs_after, vs_after)
    reachable_before = {v for _r, v in before_pairs}
    reachable_after = {v for _r, v in after_pairs}
    return DisruptionResult(
        removed=removed,
        removed_names=[name_of(G, n) for n in removed],
        before=network_state(H, rs, vs),
        after=network_state(after_graph, rs_after, vs_after),
        victims_cut_off=sorted((reachable_before - reachable_after) & vs_after),
        victims_still_reachable=sorted(reachable_after),
        pairs_cut=sorted(p for p in before_pairs - after_pairs if p[0] in rs_after and p[1] in vs_after),
    )


def simulate_top(
    G: nx.Graph,
    measure: str = "betweenness",
    k: int = 5,
    removal: str = "block",
    *,
    weighted: bool = False,
    seed: int = 0,
    sample: int | None = None,
) -> DisruptionResult:
    """Remove the top ``k`` entities by ``measure`` and report what breaks.

    ``removal="block"`` ranks once on the intact network; ``"sequential"`` removes one at
    a time, recomputing the measure on what is left (see :func:`disruption_curve`, whose
    last point this is). ``sample`` is the betweenness sample size on large graphs.
    """
    curve = disruption_curve(G, measure, removal, 1, k, weighted=weighted, seed=seed, k=sample)
    return simulate_removal(G, [node for point in curve for node in point.removed])


def _ranked(H: nx.Graph, measure: str, count: int, weighted: bool, seed: int, k: int | None, rs, vs) -> list[str]:
    if measure == "random":
        nodes = sorted(H, key=str)
        random.Random(seed).shuffle(nodes)
        return nodes[:count]
    if measure in ("fragmentation", "reachability"):
        return [node for node, _e in greedy_key_player_set(H, count, rs, vs, criterion=measure)]
    ranking = centrality(H, measure, weighted, k=k, seed=seed)
    return [node for node, _score in ranking.top(count)]


def disruption_curve(
    G: nx.Graph,
    measure: str = "betweenness",
    removal: str = "sequential",
    step: int = 1,
    max_k: int = 10,
    *,
    weighted: bool = False,
    seed: int = 0,
    k: int | None = None,
    strength: TieStrength = "evidence",
) -> list[CurvePoint]:
    """How the network falls apart as its top entities by ``measure`` are removed.

    Parameters
    ----------
    G : networkx graph
        The case graph or any graph.
    measure : str
        A centrality (see :data:`graph.analysis.centrality.MEASURES`), ``fragmentation``
        (Borgatti's greedy key-player choice), ``reachability`` (greedy, cutting the most
        recruiter-victim connections) or ``random`` (a seeded baseline to compare against).
    removal : {"sequential", "block"}
        ``block``: rank once on the whole network and remove the top ``k``.
        ``sequential``: remove the top ``step``, recompute the measure on what is left,
        repeat (an adaptive attack; usually breaks the network faster).
    step : int
        Entities removed between two points of the curve.
    max_k : int
        Stop after this many removals (or when nothing is left).
    weighted, seed, k, strength
        As for :func:`graph.analysis.centrality.centrality` (``k``: betweenness sample size).

    Returns
    -------
    list of CurvePoint
        From ``k=0`` (the intact network) to ``max_k``.

    Notes
    -----
    Block: one ranking plus one component count per point, ``O(C + (max_k/step)(n + m))``
    where ``C`` is the cost of the measure. Sequential: the measure is recomputed at every
    point, ``O((max_k/step)(C + n + m))``.

    References
    ----------
    .. [1] Réka Albert, Hawoong Jeong and Albert-László Barabási, "Error and attack
       tolerance of complex networks", Nature 406:378-382, 2000.
    .. [2] Petter Holme, Beom Jun Kim, Chang No Yoon and Seung Kee Han, "Attack
       vulnerability of complex networks", Physical Review E 65:056109, 2002.
    """
    if measure not in DISRUPTION_MEASURES:
        raise AnalysisError(f"Unknown measure {measure!r}: use one of {', '.join(DISRUPTION_MEASURES)}")
    if removal not in REMOVALS:
        raise AnalysisError(f"Unknown removal {removal!r}: use sequential or block")
    if step < 1 or max_k < 0:
        raise AnalysisError("step must be at least 1 and max_k at least 0")
    H = as_simple(G, strength).copy()
    rs, vs = recruiters(G), victims(G)
    start = network_state(H, rs, vs)
    points = [
        CurvePoint(
            0,
            [],
            start.largest_component,
            1.0 if start.largest_component else 0.0,
            start.components,
            start.recruiter_victim_pairs,
        )
    ]
    # a random attack does not look at the network, so its order is drawn once whatever the removal
    by_block = removal == "block" or measure == "random"
    order = _ranked(H, measure, max_k, weighted, seed, k, rs, vs) if by_block else []
    removed = 0
    while removed < max_k and H.number_of_nodes():
        count = min(step, max_k - removed)
        if by_block:
            batch = [n for n in order[removed : removed + count] if n in H]
        else:
            batch = _ranked(H, measure, count, weighted, seed, k, rs, vs)
        if not batch:
            break
        H.remove_nodes_from(batch)
        rs -= set(batch)
        vs -= set(batch)
        removed += len(batch)
        state = network_state(H, rs, vs)
        fraction = state.largest_component / start.largest_component if start.largest_component else 0.0
        points.append(
            CurvePoint(
                removed, batch, state.largest_component, fraction, state.components, state.recruiter_victim_pairs
            )
        )
    return points
