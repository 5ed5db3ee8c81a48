"""Network measures on graphs whose answers are known: Padgett's Florentine families, Zachary's karate club, Davis's southern women."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from fractions import Fraction

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
from graph.analysis.centrality import (
    BETWEENNESS_BUDGET_S,
    MIN_BETWEENNESS_SAMPLE,
    PATH_ENGINES,
    SEARCH_RATE,
    betweenness_centrality,
    betweenness_sample_size,
    closeness_centrality,
)
from graph.analysis.projection import as_simple, collapse
from tests.test_analysis_projection import palm_yard_case

# the module, not the ``centrality`` function graph.analysis exports under the same name
centrality_module = importlib.import_module("graph.analysis.centrality")


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


# --- path measures through igraph: networkx's numbers, faster ----------------------------


def _directed_network() -> nx.DiGraph:
    """A seeded directed network with one-way and two-way arcs and a part nobody reaches."""
    D = nx.gnp_random_graph(60, 0.06, seed=3, directed=True)
    D.add_edges_from([(100, 101), (101, 102)])
    return D


CLASSIC_GRAPHS = {
    "karate club": nx.karate_club_graph,
    "Florentine families": nx.florentine_families_graph,
    "Davis southern women": nx.davis_southern_women_graph,
    "les Miserables": nx.les_miserables_graph,
    "directed network": _directed_network,
    "two separate networks": lambda: nx.disjoint_union(nx.path_graph(5), nx.karate_club_graph()),
}


def _largest_difference(got: dict, expected: dict) -> float:
    assert set(got) == set(expected)
    return max(abs(got[node] - expected[node]) for node in expected)


@pytest.mark.parametrize("name", CLASSIC_GRAPHS)
def test_exact_betweenness_through_igraph_is_networkx_betweenness(name):
    G = CLASSIC_GRAPHS[name]()
    got = betweenness_centrality(G, engine="igraph")
    assert _largest_difference(got, nx.betweenness_centrality(G)) < 1e-9


@pytest.mark.parametrize("name", CLASSIC_GRAPHS)
def test_sampled_betweenness_through_igraph_is_networkx_estimate_from_the_same_sources(name):
    G = CLASSIC_GRAPHS[name]()
    got = betweenness_centrality(G, k=9, seed=5, engine="igraph")
    assert _largest_difference(got, nx.betweenness_centrality(G, k=9, seed=5)) < 1e-9


def test_weighted_betweenness_through_igraph_is_networkx_on_les_miserables():
    H = as_simple(nx.les_miserables_graph())  # distance = 1 / co-appearances
    got = betweenness_centrality(H, weight="distance", engine="igraph")
    assert _largest_difference(got, nx.betweenness_centrality(H, weight="distance")) < 1e-9
    sampled = betweenness_centrality(H, k=20, weight="distance", seed=2, engine="igraph")
    assert _largest_difference(sampled, nx.betweenness_centrality(H, k=20, weight="distance", seed=2)) < 1e-9


def test_weighted_karate_betweenness_counts_the_ties_exact_arithmetic_finds():
    # With distances 1/weight, three pairs of members have two shortest paths of equal length
    # (e.g. 1/3 + 1/4 + ... in two orders); networkx's float sums split them, exact fractions don't.
    H = as_simple(nx.karate_club_graph())
    exact_lengths = lambda _u, _v, d: 1 / Fraction(int(d["weight"]))  # noqa: E731
    expected = nx.betweenness_centrality(H, weight=exact_lengths)
    assert _largest_difference(betweenness_centrality(H, weight="distance", engine="igraph"), expected) < 1e-9
    assert _largest_difference(nx.betweenness_centrality(H, weight="distance"), expected) > 1e-3


@pytest.mark.parametrize("name", CLASSIC_GRAPHS)
def test_closeness_through_igraph_is_networkx_closeness(name):
    G = CLASSIC_GRAPHS[name]()
    assert _largest_difference(closeness_centrality(G, engine="igraph"), nx.closeness_centrality(G)) < 1e-9


def test_weighted_closeness_through_igraph_is_networkx_closeness():
    H = as_simple(nx.les_miserables_graph())
    got = closeness_centrality(H, distance="distance", engine="igraph")
    assert _largest_difference(got, nx.closeness_centrality(H, distance="distance")) < 1e-9


def test_case_betweenness_is_that_of_the_collapsed_case_whichever_engine():
    G, _dates = palm_yard_case()
    expected = nx.betweenness_centrality(collapse(G), weight="distance")
    for engine in PATH_ENGINES:
        ranking = betweenness(G, weighted=True, engine=engine)
        assert _largest_difference(ranking.scores, expected) < 1e-9 and ranking.note == "exact"


def test_an_unknown_engine_is_refused_with_the_known_ones():
    with pytest.raises(AnalysisError, match="igraph, networkx"):
        betweenness(nx.path_graph(4), engine="graph-tool")


def test_without_igraph_networkx_computes_the_same_betweenness():
    script = (
        "import sys; sys.modules['igraph'] = None\n"  # as if igraph were not installed
        "import json, networkx as nx\n"
        "from graph.analysis import AnalysisError, betweenness, centrality\n"
        "from graph.analysis.centrality import path_engine\n"
        "K = nx.karate_club_graph()\n"
        "try:\n"
        "    betweenness(K, engine='igraph'); refused = ''\n"
        "except AnalysisError as error:\n"
        "    refused = str(error)\n"
        "print(json.dumps({'engine': path_engine(), 'refused': refused,\n"
        "    'betweenness': {str(n): s for n, s in betweenness(K).scores.items()},\n"
        "    'closeness': {str(n): s for n, s in centrality(K, 'closeness').scores.items()}}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    found = json.loads(done.stdout)
    assert found["engine"] == "networkx" and "igraph is not installed" in found["refused"]
    K = nx.karate_club_graph()
    assert found["betweenness"] == {str(n): s for n, s in nx.betweenness_centrality(K).items()}
    assert found["closeness"] == {str(n): s for n, s in nx.closeness_centrality(K).items()}


# --- exact or sampled: by what it costs ---------------------------------------------------


def test_a_ten_thousand_entity_case_gets_exact_betweenness_through_igraph():
    assert betweenness_sample_size(10_000, 19_000, engine="igraph") is None


def test_cases_too_large_for_the_budget_sample_as_many_sources_as_fit_it():
    k = betweenness_sample_size(100_000, 500_000, engine="igraph")
    assert k == int(BETWEENNESS_BUDGET_S * SEARCH_RATE["igraph"] / 600_000)
    assert betweenness_sample_size(100_000, 500_000, weighted=True, engine="igraph") < k
    assert betweenness_sample_size(100_000, 500_000, engine="networkx") < k


def test_even_a_huge_case_samples_a_useful_number_of_sources():
    assert betweenness_sample_size(10_000_000, 50_000_000, weighted=True) == MIN_BETWEENNESS_SAMPLE


def test_networkx_alone_samples_a_ten_thousand_entity_case_as_before():
    assert 200 <= betweenness_sample_size(10_000, 19_000, engine="networkx") <= 300


def test_over_budget_betweenness_says_how_many_sources_it_sampled(monkeypatch):
    monkeypatch.setattr(centrality_module, "BETWEENNESS_BUDGET_S", 1e-3)
    G = nx.gnm_random_graph(300, 900, seed=7)
    k = betweenness_sample_size(300, 900)
    ranking = betweenness(G, seed=4)
    assert ranking.note == f"estimated from k={k} sampled sources, seed 4"
    assert _largest_difference(ranking.scores, nx.betweenness_centrality(G, k=k, seed=4)) < 1e-9


def test_an_exact_limit_samples_even_what_the_budget_affords():
    ranking = betweenness(nx.gnm_random_graph(300, 900, seed=7), exact_limit=100, seed=1)
    assert ranking.note == f"estimated from k={MIN_BETWEENNESS_SAMPLE} sampled sources, seed 1"
