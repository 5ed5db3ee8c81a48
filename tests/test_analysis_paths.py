"""Paths between entities, each hop with its evidence."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import AnalysisError, connecting_network, k_shortest_paths, paths_up_to, shortest_paths
from tests.test_analysis_projection import palm_yard_case


def test_every_shortest_path_between_a_victim_and_the_boss_is_found():
    G, _dates = palm_yard_case()
    found = shortest_paths(G, "P_cara", "P_victor")
    assert sorted(p.nodes for p in found) == [
        ["P_cara", "P_lisa", "P_bree", "P_victor"],
        ["P_cara", "P_lisa", "P_mona", "P_victor"],
    ]


def test_each_hop_carries_the_sentence_and_report_behind_it():
    G, _dates = palm_yard_case()
    path = shortest_paths(G, "P_cara", "P_lisa")[0]
    (hop,) = path.hops
    (evidence,) = hop.evidence
    assert (evidence.type, evidence.report_id) == ("RECRUITED", "R4")
    assert evidence.sentence == "Lisa Grant recruited Cara Young from Falmouth."
    assert (evidence.source, evidence.target) == ("P_lisa", "P_cara")


def test_weighted_search_prefers_the_better_evidenced_route():
    G, _dates = palm_yard_case()
    (best,) = shortest_paths(G, "P_cara", "P_victor", weighted=True)
    assert best.nodes == ["P_cara", "P_lisa", "P_mona", "P_victor"]
    assert best.cost == pytest.approx(1 + 1 + 0.5)


def test_k_shortest_paths_come_shortest_first():
    G, _dates = palm_yard_case()
    found = k_shortest_paths(G, "P_cara", "P_victor", k=4)
    assert [p.length for p in found] == sorted(p.length for p in found)
    assert len(found) == 4 and found[0].length == 3


def test_directed_search_follows_recruitment_only_downstream():
    G, _dates = palm_yard_case()
    down = shortest_paths(G, "P_mona", "P_cara", link_types=["RECRUITED"], directed=True)
    assert [p.nodes for p in down] == [["P_mona", "P_lisa", "P_cara"]]
    assert shortest_paths(G, "P_cara", "P_mona", link_types=["RECRUITED"], directed=True) == []


def test_paths_up_to_n_hops_never_exceed_n():
    G, _dates = palm_yard_case()
    found = paths_up_to(G, "P_ava", "P_bree", max_hops=3)
    assert found and all(p.length <= 3 for p in found)
    assert ["P_ava", "P_dean", "P_bree"] in [p.nodes for p in found]


def test_unknown_entity_is_a_clear_error():
    G, _dates = palm_yard_case()
    with pytest.raises(AnalysisError, match="P_nobody"):
        shortest_paths(G, "P_nobody", "P_ava")


def test_florentine_path_from_acciaiuoli_to_strozzi_runs_through_the_medici():
    F = nx.florentine_families_graph()
    (path,) = shortest_paths(F, "Acciaiuoli", "Strozzi")
    assert path.nodes == ["Acciaiuoli", "Medici", "Ridolfi", "Strozzi"]


def test_connecting_network_names_the_intermediaries():
    F = nx.florentine_families_graph()
    network = connecting_network(F, ["Acciaiuoli", "Pazzi", "Lamberteschi"])
    assert {"Medici", "Salviati", "Guadagni"} <= set(network.intermediaries)
    assert network.unreachable == []
    assert len(network.hops) == len(network.nodes) - 1  # a tree


def test_pairwise_connecting_network_keeps_each_pair_as_close_as_in_the_whole_network():
    F = nx.florentine_families_graph()
    network = connecting_network(F, ["Acciaiuoli", "Strozzi", "Lamberteschi"], method="pairwise")
    inside = nx.Graph((h.source, h.target) for h in network.hops)
    for a, b in [("Acciaiuoli", "Strozzi"), ("Acciaiuoli", "Lamberteschi"), ("Strozzi", "Lamberteschi")]:
        assert nx.shortest_path_length(inside, a, b) == nx.shortest_path_length(F, a, b)


def test_connecting_network_reports_entities_it_cannot_reach():
    G = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    network = connecting_network(G, ["a", "c", "x"])
    assert network.intermediaries == ["b"] and network.unreachable == ["x"]
