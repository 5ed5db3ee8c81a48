"""Disruption simulator: take entities out of the network and see what breaks.

Remove a chosen set, or the top entities by a measure, and report the largest component,
the number of components, the victims still reachable from recruiters and the
recruiter-victim connections cut. The two attacks of the literature (Holme et al. 2002):

- the **initial-ranking attack** ranks once, on the intact network, and removes the top
  ``k`` in that order;
- the **recalculated attack** removes the top ``S`` (the step), recomputes the measure on
  what is left, and repeats.

Only targets are removed (suspects and people of unknown role by default, see
:mod:`graph.analysis.targets`): victims, witnesses, officers and caseworkers are never
removed, though they stay in the network and count in every measure.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from graph.analysis.centrality import CI_RADIUS, MEASURES, centrality
from graph.analysis.common import AnalysisError, name_of, recruiters, victims
from graph.analysis.connectivity import NetworkState, network_state
from graph.analysis.key_players import greedy_key_player_set
from graph.analysis.projection import TieStrength, WeightAs, as_simple
from graph.analysis.targets import choose_targets, without_hubs

DISRUPTION_MEASURES: tuple[str, ...] = MEASURES + ("fragmentation", "reachability", "random")
#: The attacks by their names in the literature.
ATTACKS: tuple[str, ...] = ("initial", "recalculated")
#: Older names still accepted: block = initial-ranking, sequential = recalculated.
ATTACK_ALIASES: dict[str, str] = {"block": "initial", "sequential": "recalculated"}
REMOVALS: tuple[str, ...] = ATTACKS + tuple(ATTACK_ALIASES)
ATTACK_NAMES: dict[str, str] = {"initial": "initial-ranking attack", "recalculated": "recalculated attack"}


def attack_of(removal: str) -> str:
    """``initial`` or ``recalculated`` for an attack name or its older alias (block, sequential)."""
    attack = ATTACK_ALIASES.get(removal, removal)
    if attack not in ATTACKS:
        raise AnalysisError(f"Unknown attack {removal!r}: use initial (rank once) or recalculated (re-rank each step)")
    return attack


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
    removal: str = "initial",
    *,
    weighted: bool = False,
    seed: int = 0,
    sample: int | None = None,
    targets: str = "people",
    with_hubs: bool = False,
    evidence: str = "acting",
    weight_as: WeightAs = "strength",
    alpha: float | None = None,
    radius: int = CI_RADIUS,
) -> DisruptionResult:
    """Remove the top ``k`` targets by ``measure`` and report what breaks.

    ``removal="initial"`` (initial-ranking attack) ranks once on the intact network;
    ``"recalculated"`` removes one at a time, recomputing the measure on what is left (see
    :func:`disruption_curve`, whose last point this is). ``sample`` is the betweenness
    sample size on large graphs; the other options are :func:`disruption_curve`'s.
    """
    curve = disruption_curve(
        G,
        measure,
        removal,
        1,
        k,
        weighted=weighted,
        seed=seed,
        k=sample,
        targets=targets,
        with_hubs=with_hubs,
        evidence=evidence,
        weight_as=weight_as,
        alpha=alpha,
        radius=radius,
    )
    return simulate_removal(G, [node for point in curve for node in point.removed])


def _ranked(H: nx.Graph, measure: str, count: int, rs, vs, eligible: set, options: dict) -> list[str]:
    """The top ``count`` eligible entities of ``H`` by ``measure``, computed on all of ``H``."""
    if measure == "random":
        nodes = sorted((n for n in H if n in eligible), key=str)
        random.Random(options["seed"]).shuffle(nodes)
        return nodes[:count]
    if measure in ("fragmentation", "reachability"):
        picked = greedy_key_player_set(H, count, rs, vs, criterion=measure, eligible=eligible.__contains__)
        return [node for node, _e in picked]
    ranking = centrality(H, measure, **options)
    return [node for node, _score in ranking.top() if node in eligible][:count]


def disruption_curve(
    G: nx.Graph,
    measure: str = "betweenness",
    removal: str = "recalculated",
    step: int = 1,
    max_k: int = 10,
    *,
    weighted: bool = False,
    seed: int = 0,
    k: int | None = None,
    strength: TieStrength = "evidence",
    targets: str = "people",
    with_hubs: bool = False,
    evidence: str = "acting",
    weight_as: WeightAs = "strength",
    alpha: float | None = None,
    radius: int = CI_RADIUS,
) -> list[CurvePoint]:
    """How the network falls apart as its top entities by ``measure`` are removed.

    Parameters
    ----------
    G : networkx graph
        The case graph or any graph.
    measure : str
        A centrality (see :data:`graph.analysis.centrality.MEASURES`: degree, weighted
        degree, betweenness, closeness, eigenvector, PageRank, Katz, collective influence,
        k-core), ``fragmentation`` (Borgatti's greedy key-player choice), ``reachability``
        (greedy, cutting the most recruiter-victim connections) or ``random`` (a seeded
        baseline to compare against).
    removal : {"initial", "recalculated"}
        ``initial`` (initial-ranking attack): rank once on the whole network and remove the
        top ``k`` in that order. ``recalculated`` (recalculated attack): remove the top
        ``step``, recompute the measure on what is left, repeat (usually breaks the network
        faster). ``block`` and ``sequential`` are accepted as older names.
    step : int
        Entities removed between two points of the curve (``S``).
    max_k : int
        Stop after this many removals (or when no target is left).
    weighted, seed, k, strength, weight_as, alpha, radius
        As for :func:`graph.analysis.centrality.centrality` (``k``: betweenness sample size;
        ``alpha``: Katz attenuation; ``radius``: collective influence's ``l``).
    targets : {"people", "phones", "places", "all"}
        Which entities may be removed (see :mod:`graph.analysis.targets`); victims,
        witnesses, officers and caseworkers never are. The measure is still computed on
        the whole network.
    evidence : {"acting", "role"}
        What makes a suspect or unknown person a target (see
        :func:`graph.analysis.targets.choose_targets`).
    with_hubs : bool
        Keep hubs (shared hotlines, hotels) in the network; by default they are left out.

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
       vulnerability of complex networks", Physical Review E 65:056109, 2002 (initial
       and recalculated attacks).
    .. [3] Carlo Morselli, "Inside Criminal Networks", Springer, 2009, and David Bright,
       Caitlin Greenhill, Michael Reynolds, Arnold Ritter and Carlo Morselli, "The use of
       actor-level attributes and centrality measures to identify key actors: a case study
       of an Australian drug trafficking network", Journal of Contemporary Criminal Justice
       31(3):262-278, 2015 (attacks on criminal networks).
    .. [4] Flaviano Morone and Hernán A. Makse, "Influence maximization in complex networks
       through optimal percolation", Nature 524:65-68, 2015 (collective influence).
    """
    if measure not in DISRUPTION_MEASURES:
        raise AnalysisError(f"Unknown measure {measure!r}: use one of {', '.join(DISRUPTION_MEASURES)}")
    attack = attack_of(removal)
    if step < 1 or max_k < 0:
        raise AnalysisError("step must be at least 1 and max_k at least 0")
    if not with_hubs:
        G = without_hubs(G)
    eligible = choose_targets(G, targets, evidence=evidence).eligible
    options = {
        "weighted": weighted,
        "k": k,
        "seed": seed,
        "strength": strength,
        "weight_as": weight_as,
        "alpha": alpha,
        "radius": radius,
    }
    H = as_simple(G, strength, weight_as).copy()
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
    by_block = attack == "initial" or measure == "random"
    order = _ranked(H, measure, max_k, rs, vs, eligible, options) if by_block else []
    removed = 0
    while removed < max_k and H.number_of_nodes():
        count = min(step, max_k - removed)
        if by_block:
            batch = [n for n in order[removed : removed + count] if n in H]
        else:
            batch = _ranked(H, measure, count, rs, vs, eligible, options)
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
