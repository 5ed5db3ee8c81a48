"""Key players and the two attacks reproduce networkx on the classic networks, for every measure and weight reading.

Zachary's karate club (weighted: the number of contexts two members met in) and Padgett's
Florentine marriages (unweighted) come with networkx. Each reference below is written
with networkx alone, the way a reader of the literature would compute it: rank by the
measure (ties by id), remove, measure the largest component.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from graph.analysis import key_players
from graph.analysis.disruption import disruption_curve

MEASURES = (
    "degree",
    "weighted_degree",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "katz",
    "collective_influence",
)
NETWORKS = {"karate": nx.karate_club_graph, "florentine": nx.florentine_families_graph}


def reading(G: nx.Graph, weight_as: str) -> nx.Graph:
    """``G`` with ``s`` (strength) and ``d`` (length) on every edge, the weight read as ``weight_as``."""
    R = nx.Graph(G)
    for _u, _v, data in R.edges(data=True):
        w = float(data.get("weight", 1))
        data["s"], data["d"] = (w, 1 / w) if weight_as == "strength" else (1 / w, w)
    return R


def katz_alpha(G: nx.Graph, weight_as: str) -> float:
    """Half the largest alpha for which Katz's series converges on ``G`` as read."""
    A = nx.to_numpy_array(reading(G, weight_as), weight="s")
    return 0.5 / max(np.linalg.eigvalsh(A))


def collective_influence(R: nx.Graph, radius: int) -> dict:
    k = dict(R.degree())
    scores = {}
    for i in R:
        ball = nx.single_source_shortest_path_length(R, i, cutoff=radius)
        scores[i] = (k[i] - 1) * sum(k[j] - 1 for j, hops in ball.items() if hops == radius) if k[i] else 0
    return scores


def networkx_scores(R: nx.Graph, measure: str, alpha: float) -> dict:
    if measure == "degree":
        return nx.degree_centrality(R)
    if measure == "weighted_degree":
        return dict(R.degree(weight="s"))
    if measure == "betweenness":
        return nx.betweenness_centrality(R, weight="d")
    if measure == "closeness":
        return nx.closeness_centrality(R, distance="d")
    if measure == "eigenvector":
        if R.number_of_edges() == 0:
            return dict.fromkeys(R, 0.0)
        return nx.eigenvector_centrality(R, weight="s", max_iter=5000, tol=1e-8)
    if measure == "pagerank":
        return nx.pagerank(R, weight="s")
    if measure == "katz":
        return nx.katz_centrality_numpy(R, alpha=alpha, beta=1.0, weight="s")
    return collective_influence(R, 2)


def ranked(scores: dict) -> list:
    return [n for n, _s in sorted(scores.items(), key=lambda item: (-round(item[1], 9), str(item[0])))]


def networkx_attack(G, measure, attack, step, max_k, weight_as, alpha):
    """The removal order and the largest component after each step, by networkx alone."""
    R = reading(G, weight_as)
    order = ranked(networkx_scores(R, measure, alpha))
    removed, largest = [], []
    while len(removed) < max_k and R.number_of_nodes():
        if attack == "initial":
            batch = [n for n in order[len(removed) : len(removed) + step] if n in R]
        else:
            batch = ranked(networkx_scores(R, measure, alpha))[:step]
        batch = batch[: max_k - len(removed)]
        R.remove_nodes_from(batch)
        removed += batch
        largest.append(max((len(c) for c in nx.connected_components(R)), default=0))
    return removed, largest


@pytest.mark.parametrize("network", sorted(NETWORKS))
@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("weight_as", ["strength", "distance"])
def test_key_players_rank_as_networkx_does(network, measure, weight_as):
    G = NETWORKS[network]()
    alpha = katz_alpha(G, weight_as)
    expected = ranked(networkx_scores(reading(G, weight_as), measure, alpha))[:10]
    report = key_players(G, measure, 10, weighted=True, weight_as=weight_as, alpha=alpha, compare=())
    assert [p.entity_id for p in report.players] == expected


@pytest.mark.parametrize("network", sorted(NETWORKS))
@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("weight_as", ["strength", "distance"])
@pytest.mark.parametrize(("attack", "step"), [("initial", 1), ("recalculated", 1), ("recalculated", 2)])
def test_attacks_remove_and_break_as_networkx_does(network, measure, weight_as, attack, step):
    G = NETWORKS[network]()
    alpha = katz_alpha(G, weight_as)
    removed, largest = networkx_attack(G, measure, attack, step, 6, weight_as, alpha)
    curve = disruption_curve(G, measure, attack, step, 6, weighted=True, weight_as=weight_as, alpha=alpha)
    assert [n for point in curve for n in point.removed] == removed
    assert [point.largest_component for point in curve[1:]] == largest


def test_weight_read_as_distance_reverses_what_strength_says_of_a_path():
    # a-b is heavy: as a strength it is the short way round, as a distance the long way
    G = nx.Graph()
    G.add_edge("a", "b", weight=10)
    G.add_edge("a", "c", weight=1)
    G.add_edge("c", "b", weight=1)
    as_strength = key_players(G, "betweenness", 1, weighted=True, weight_as="strength", compare=())
    as_distance = key_players(G, "betweenness", 1, weighted=True, weight_as="distance", compare=())
    assert as_strength.players[0].entity_id != "c"
    assert as_distance.players[0].entity_id == "c"
