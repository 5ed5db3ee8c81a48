"""Network measures on graphs whose answers are known: Padgett's Florentine families, Zachary's karate club, Davis's southern women."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import (
    AnalysisError,
    betweenness,
    broker_onsets,
    brokers,
    centrality,
    degree_centralisation,
    measures_by_window,
    network_summary,
)
from tests.test_analysis_projection import palm_yard_case


def test_medici_have_the_highest_betweenness_of_the_florentine_families():
    ranking = betweenness(nx.florentine_families_graph())
    (top, score), (second, _s) = ranking.top(2)
    assert (top, second) == ("Medici", "Guadagni")
    assert score == pytest.approx(0.5220, abs=1e-4)  # Padgett & Ansell's marriage network, normalised
    assert ranking.note == "exact"


@pytest.mark.parametrize("measure", ["degree", "closeness", "eigenvector", "pagerank", "katz"])
def test_medici_lead_every_centrality_of_the_florentine_families(measure):
    assert centrality(nx.florentine_families_graph(), measure).top(1)[0][0] == "Medici"


def test_large_graphs_get_a_seeded_sampled_betweenness_that_says_so():
    G = nx.gnm_random_graph(300, 900, seed=7)
    first = betweenness(G, exact_limit=100, k=50, seed=3)
    again = betweenness(G, exact_limit=100, k=50, seed=3)
    assert first.scores == again.scores
    assert first.note == "estimated from k=50 sampled sources, seed 3"


def test_weighted_betweenness_routes_along_strong_ties():
    # a-b-d is two strong ties, a-c-d two weak ones: only b lies on the weighted shortest path
    G = nx.Graph()
    G.add_edge("a", "b", weight=5.0)
    G.add_edge("b", "d", weight=5.0)
    G.add_edge("a", "c", weight=1.0)
    G.add_edge("c", "d", weight=1.0)
    weighted = betweenness(G, weighted=True).scores
    assert weighted["b"] > 0 and weighted["c"] == 0
    unweighted = betweenness(G).scores
    assert unweighted["b"] == unweighted["c"]


def test_weighted_degree_adds_tie_strengths_of_the_karate_club():
    K = nx.karate_club_graph()
    scores = centrality(K, "weighted_degree").scores
    assert scores[33] == sum(d["weight"] for _u, _v, d in K.edges(33, data=True))


def test_the_karate_club_core_is_four_deep():
    assert max(centrality(nx.karate_club_graph(), "kcore").scores.values()) == 4


def test_the_karate_club_has_one_cut_point_and_one_bridge():
    found = brokers(nx.karate_club_graph())
    assert found.articulation_points == [0]
    assert found.bridges == [(0, 11)]


def test_florentine_brokers_are_the_medici_guadagni_albizzi_and_salviati():
    assert brokers(nx.florentine_families_graph()).articulation_points == ["Albizzi", "Guadagni", "Medici", "Salviati"]


def test_a_star_is_fully_centralised_and_a_ring_not_at_all():
    assert degree_centralisation(nx.star_graph(6)) == 1.0
    assert degree_centralisation(nx.cycle_graph(7)) == 0.0


def test_davis_southern_women_figures():
    summary = network_summary(nx.davis_southern_women_graph())
    assert (summary.nodes, summary.ties, summary.components) == (32, 89, 1)
    assert summary.density == pytest.approx(89 / (32 * 31 / 2))
    assert centrality(nx.davis_southern_women_graph(), "degree").top(1) == [("E8", 14.0)]


def test_summary_of_the_case_counts_evidence_links_and_ties_apart():
    G, _dates = palm_yard_case()
    summary = network_summary(G)
    assert summary.nodes == 12 and summary.links == 18  # 17 links and one call summary
    assert summary.ties == 16  # Dean-Ava, Mona-Victor... each pair once
    assert (summary.components, summary.largest_component) == (1, 12)


def test_an_unknown_measure_is_refused_with_the_known_ones():
    with pytest.raises(AnalysisError, match="betweenness"):
        centrality(nx.path_graph(3), "fame")


def test_who_became_a_broker_and_when():
    G, dates = palm_yard_case()
    windows = measures_by_window(G, dates, period="month")
    assert [w.label for w in windows] == ["2022-01", "2022-02", "2022-03"]
    onsets = {b.person: b.window for b in broker_onsets(G, windows)}
    assert onsets == {"P_lisa": "2022-01", "P_mona": "2022-01", "P_victor": "2022-03"}


def test_windows_that_are_not_cumulative_show_only_their_own_evidence():
    G, dates = palm_yard_case()
    february = measures_by_window(G, dates, cumulative=False)[1]
    assert february.nodes == 4  # Dean, Ava, Bree, Victor from the one February report
