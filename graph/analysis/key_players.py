"""Key players: the people whose removal would most fragment the network, with why each one matters.

Ranked by Borgatti's key-player criterion (KPP-Neg): pick, one at a time, the entity whose
removal most raises the network's fragmentation (the share of pairs of entities that can
no longer reach each other), recomputing after each pick. Beside that ranking sit the
measure-based ones (degree, betweenness, PageRank...), and each key player comes with an
explanation: network position, role, link types, amount of evidence and indicators.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from graph.analysis.centrality import CI_RADIUS, MEASURES, centrality
from graph.analysis.common import AnalysisError, indicators_behind, name_of, recruiters, victims
from graph.analysis.connectivity import NetworkState, RemovalEffect, network_state, removal_effects
from graph.analysis.projection import TieStrength, WeightAs, as_simple
from graph.analysis.targets import KINDS_OF_TARGETS, choose_targets, without_hubs
from graph.model import Indicator

KEY_PLAYER_MEASURES: tuple[str, ...] = MEASURES + ("fragmentation", "reachability")

#: The rankings shown beside the chosen one; cheap enough for large cases.
DEFAULT_COMPARE: tuple[str, ...] = ("fragmentation", "degree", "betweenness", "pagerank")


@dataclass
class KeyPlayer:
    """One ranked entity and the reasons it ranks there."""

    entity_id: str
    name: str
    kind: str
    role: str
    rank: int
    score: float  # the chosen measure's score (for fragmentation: fragmentation after the greedy pick)
    alone: RemovalEffect  # what removing only this entity from the whole network does
    ranks: dict[str, int] = field(default_factory=dict)  # rank under each compared measure
    articulation_point: bool = False
    core_number: int = 0
    ties: int = 0
    link_types: dict[str, int] = field(default_factory=dict)
    evidence_count: int = 0  # evidence edges (links, call summaries) touching the entity
    reports: int = 0  # distinct reports behind those links
    indicators: list[str] = field(default_factory=list)
    explanation: str = ""
    owners: list[str] = field(default_factory=list)  # for a phone or place: the people holding it
    owner_names: list[str] = field(default_factory=list)


@dataclass
class KeyPlayerReport:
    """The ranking, the network it was computed on, and the notes on how."""

    measure: str
    weighted: bool
    before: NetworkState
    players: list[KeyPlayer]
    notes: list[str] = field(default_factory=list)
    targets: str = "people"
    protected: dict[str, str] = field(default_factory=dict)  # never ranked: id -> role (victim, witness...)
    hubs_left_out: list[str] = field(default_factory=list)


def greedy_key_player_set(
    H: nx.Graph,
    k: int,
    recruiters: Iterable[str] = (),
    victims: Iterable[str] = (),
    criterion: str = "fragmentation",
    eligible: Callable[[str], bool] | None = None,
) -> list[tuple[str, RemovalEffect]]:
    """Choose ``k`` entities whose joint removal fragments the network most, greedily.

    Parameters
    ----------
    H : networkx.Graph
        An undirected graph.
    k : int
        How many to choose.
    recruiters, victims : iterables of node ids
        Used when ``criterion="reachability"``.
    criterion : {"fragmentation", "reachability"}
        ``fragmentation``: Borgatti's F (largest shrinkage of the connected pairs).
        ``reachability``: fewest (recruiter, victim) pairs left connected, then F.
    eligible : callable, optional
        Only nodes for which it returns True are picked (all nodes still carry connections).

    Returns
    -------
    list of (node, RemovalEffect)
        In the order picked; each effect is the state after removing it and all before it.

    Notes
    -----
    Each pick costs one ``O(n + m)`` search (:func:`graph.analysis.connectivity.removal_effects`),
    so ``O(k (n + m))``. Ties go to the higher degree, then the smaller id. Greedy selection
    is Borgatti's starting point; his swap-improvement step is not applied.

    References
    ----------
    .. [1] Stephen P. Borgatti, "Identifying sets of key players in a social network",
       Computational and Mathematical Organization Theory 12(1):21-34, 2006.
    """
    if criterion not in ("fragmentation", "reachability"):
        raise AnalysisError(f"Unknown criterion {criterion!r}: use fragmentation or reachability")
    work = nx.Graph(H)
    rs, vs = set(recruiters), set(victims)
    picked = []
    for _ in range(k):
        pool = [n for n in work if eligible is None or eligible(n)]
        if not pool:
            break
        effects = removal_effects(work, rs, vs)
        degree = dict(work.degree())

        def order(node: str, effects=effects, degree=degree) -> tuple:
            e = effects[node]
            if criterion == "reachability":
                return (e.recruiter_victim_pairs, -e.fragmentation, e.largest_component, -degree[node], str(node))
            return (-e.fragmentation, e.largest_component, -degree[node], str(node))

        best = min(pool, key=order)
        picked.append((best, effects[best]))
        work.remove_node(best)
        rs.discard(best)
        vs.discard(best)
    return picked


def indicators_by_entity(G: nx.Graph, indicators: Iterable[Indicator]) -> dict[str, list[str]]:
    """Indicator names found in the sentences behind each entity's links (see
    :func:`graph.analysis.common.indicators_behind`)."""
    return {node: sorted({i.name for i in found}) for node, found in indicators_behind(G, indicators).items()}


def _explain(player: KeyPlayer, before: NetworkState) -> str:
    label = player.role or player.kind.lower()
    parts = [f"{player.name} ({label})" if label else player.name]
    if player.owner_names:
        parts.append("held by " + ", ".join(player.owner_names))
    if player.articulation_point:
        parts.append(
            f"is a broker: removing them alone splits their part of the network into "
            f"{player.alone.components - before.components + 1} pieces "
            f"(largest {player.alone.largest_component} of {before.largest_component})"
        )
    else:
        parts.append("is not a cut point on their own")
    if before.recruiter_victim_pairs:
        cut = before.recruiter_victim_pairs - player.alone.recruiter_victim_pairs
        parts.append(f"removal cuts {cut} of {before.recruiter_victim_pairs} recruiter-victim connections")
    parts.append(f"{player.ties} ties in core {player.core_number}")
    if player.link_types:
        parts.append("links: " + ", ".join(f"{t} x{c}" for t, c in sorted(player.link_types.items())))
    parts.append(f"{player.evidence_count} pieces of evidence from {player.reports} reports")
    if player.indicators:
        parts.append("indicators: " + ", ".join(player.indicators))
    ranked = ", ".join(f"{m} #{r}" for m, r in player.ranks.items())
    if ranked:
        parts.append(f"ranks: {ranked}")
    return "; ".join(parts)


def key_players(
    G: nx.Graph,
    measure: str = "fragmentation",
    top: int = 10,
    *,
    weighted: bool = False,
    kinds: Sequence[str] | None = None,
    compare: Sequence[str] = DEFAULT_COMPARE,
    indicators: Mapping[str, list[str]] | None = None,
    k: int | None = None,
    seed: int = 0,
    strength: TieStrength = "evidence",
    engine: str | None = None,
    targets: str = "people",
    with_hubs: bool = False,
    evidence: str = "acting",
    weight_as: WeightAs = "strength",
    alpha: float | None = None,
    radius: int = CI_RADIUS,
) -> KeyPlayerReport:
    """The ``top`` key players of the network under one measure, each explained.

    Parameters
    ----------
    G : networkx graph
        The case graph (``store.to_networkx()``) or any networkx graph.
    measure : str
        ``fragmentation`` (Borgatti's key-player set, greedy), ``reachability`` (the same
        greedy choice, cutting the most recruiter-victim connections) or a centrality measure
        (``degree``, ``weighted_degree``, ``betweenness``, ``closeness``, ``eigenvector``,
        ``pagerank``, ``katz``, ``kcore``).
    top : int
        How many players to return.
    weighted : bool
        Centralities use tie strength (fragmentation is about connectivity and ignores it).
    kinds : sequence of str, optional
        Which entity kinds may be ranked, overriding ``targets``' kinds (people are still
        ranked only when they may be targets). Default: ``targets``' kinds, or every entity
        when the graph has none of them (e.g. a phone-only call network).
    targets : {"people", "phones", "places", "all"}
        Who may be proposed (see :mod:`graph.analysis.targets`): victims, witnesses,
        officers and caseworkers never are. Every measure is still computed on the whole
        network; phones and places come with their owners.
    evidence : {"acting", "role"}
        What makes a suspect or unknown person a target: the case shows them acting
        (default) or their role alone (see :func:`graph.analysis.targets.choose_targets`).
    with_hubs : bool
        Keep hubs (shared hotlines, hotels, bus parks) in the network; by default they are
        left out before anything is measured.
    weight_as, alpha, radius
        As for :func:`graph.analysis.centrality.centrality`.
    compare : sequence of str
        Measures whose ranks are shown beside the chosen one for every player.
    indicators : mapping, optional
        ``entity_id -> indicator names`` (see :func:`indicators_by_entity`).
    k, seed : int
        Betweenness sample size and seed. Without ``k`` betweenness is exact whenever it fits
        the time budget (10,000 entities and 19,000 ties: 5-8 s through igraph here), else
        sampled from as many sources as fit; the notes say which (see
        :func:`graph.analysis.centrality.betweenness`).
    engine : {"igraph", "networkx"}, optional
        Where betweenness and closeness search paths (default: igraph when installed).

    Returns
    -------
    KeyPlayerReport

    Notes
    -----
    Fragmentation ranks are greedy picks restricted to ``kinds``: ``O(top (n + m))``.
    Recruiter-victim connections count pairs (recruiter, victim) joined by any path,
    ignoring link direction.

    References
    ----------
    .. [1] Stephen P. Borgatti, "Identifying sets of key players in a social network",
       Computational and Mathematical Organization Theory 12(1):21-34, 2006.
    """
    if measure not in KEY_PLAYER_MEASURES:
        raise AnalysisError(f"Unknown measure {measure!r}: use one of {', '.join(KEY_PLAYER_MEASURES)}")
    hubs_left_out: list[str] = []
    whole = G
    if not with_hubs:
        G = without_hubs(G)
        hubs_left_out = list(G.graph.get("hubs_left_out", []))
    choice = choose_targets(G, "all" if kinds is not None else targets, evidence=evidence)
    H = as_simple(G, strength, weight_as)
    kind_set = set(kinds) if kinds is not None else set(KINDS_OF_TARGETS[targets])
    if not any(d.get("kind") in kind_set for _n, d in H.nodes(data=True)):
        kind_set = None  # e.g. a phone-only call network asked for people: rank what there is

    def eligible(node: str) -> bool:
        if node not in choice:
            return False
        return kind_set is None or "kind" not in H.nodes[node] or H.nodes[node]["kind"] in kind_set

    rs, vs = recruiters(G), victims(G)
    before = network_state(H, rs, vs)
    alone = removal_effects(H, rs, vs)
    notes = []

    rankings: dict[str, list[str]] = {}
    scores: dict[str, float] = {}
    for name in dict.fromkeys([measure, *compare]):
        if name in ("fragmentation", "reachability"):
            # every entity carries connections; only eligible ones are picked
            picked = greedy_key_player_set(
                H, top if name == measure else max(top, 10), rs, vs, criterion=name, eligible=eligible
            )
            rankings[name] = [node for node, _effect in picked]
            if name == measure:
                scores = {
                    node: float(effect.recruiter_victim_pairs if name == "reachability" else effect.fragmentation)
                    for node, effect in picked
                }
        else:
            ranking = centrality(
                H,
                name,
                weighted,
                k=k,
                seed=seed,
                strength=strength,
                engine=engine,
                weight_as=weight_as,
                alpha=alpha,
                radius=radius,
            )
            if ranking.note and name in ("betweenness", "katz", "collective_influence"):
                notes.append(f"{name}: {ranking.note}")
            ordered = [node for node, _score in ranking.top() if eligible(node)]
            rankings[name] = ordered
            if name == measure:
                scores = ranking.scores
    cut_points = set(nx.articulation_points(H)) if H.number_of_nodes() else set()
    core = nx.core_number(H) if H.number_of_nodes() else {}
    players = []
    for rank, node in enumerate(rankings[measure][:top], start=1):
        incident = _incident(G, node)
        types = Counter(attrs.get("type", "LINK") for attrs in incident)
        player = KeyPlayer(
            entity_id=node,
            name=name_of(G, node),
            kind=str(G.nodes[node].get("kind", "")) if node in G else "",
            role=str(G.nodes[node].get("role", "") or "") if node in G else "",
            rank=rank,
            score=float(scores.get(node, 0.0)),
            alone=alone[node],
            ranks={m: order.index(node) + 1 for m, order in rankings.items() if node in order},
            articulation_point=node in cut_points,
            core_number=int(core.get(node, 0)),
            ties=H.degree(node),
            link_types=dict(types),
            evidence_count=len(incident),
            reports=len({a.get("report_id") for a in incident if a.get("report_id")}),
            indicators=list((indicators or {}).get(node, [])),
            owners=list(choice.owners.get(node, [])),
            owner_names=[name_of(G, o) for o in choice.owners.get(node, [])],
        )
        player.explanation = _explain(player, before)
        players.append(player)
    if measure == "reachability":
        notes.append(
            "reachability: greedy choice cutting the most recruiter-victim connections; "
            "score = connections left after removing the players ranked so far"
        )
    if measure == "fragmentation":
        notes.append(
            "fragmentation: greedy key-player set (Borgatti 2006); score = fragmentation after removing the players ranked so far"
        )
    notes.append(
        f"targets: {targets}; measures computed on the whole network, "
        f"{len(choice.protected)} people never ranked (victims, witnesses, officers, caseworkers, "
        f"and people with nothing on record against them)"
    )
    if hubs_left_out:
        named = ", ".join(name_of(whole, h) for h in hubs_left_out[:10])
        more = f" and {len(hubs_left_out) - 10} more" if len(hubs_left_out) > 10 else ""
        notes.append(f"hubs left out (numbers or places many people share): {named}{more}; with_hubs keeps them")
    return KeyPlayerReport(measure, weighted, before, players, notes, targets, choice.protected, hubs_left_out)


def _incident(G: nx.Graph, node: str) -> list[dict]:
    if node not in G:
        return []
    if G.is_directed():
        return [a for _u, _v, a in G.out_edges(node, data=True)] + [a for _u, _v, a in G.in_edges(node, data=True)]
    return [a for _u, _v, a in G.edges(node, data=True)]
