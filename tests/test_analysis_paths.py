"""Paths between entities, each hop with its evidence."""

from __future__ import annotations

import copy
import gc
import json
import pickle
from dataclasses import asdict

import networkx as nx
import pytest

from graph.analysis import AnalysisError, connecting_network, k_shortest_paths, paths_up_to, shortest_paths
from graph.analysis.common import evidence_between
from graph.analysis.projection import tie_strength
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


@pytest.mark.parametrize(
    "search",
    [
        {},
        {"strength": "confidence", "weighted": True},
        {"strength": "calls"},
        {"link_types": ["RECRUITED", "TRANSPORTED", "HARBOURED", "USES_PHONE", "CALLED"]},
        {"link_types": ["RECRUITED"], "directed": True},
    ],
)
def test_every_hop_carries_the_evidence_and_strength_of_its_tie(search):
    G, _dates = palm_yard_case()
    directed = search.get("directed", False)
    types = search.get("link_types")
    checked = 0
    for source in G:
        for target in G:
            if source == target:
                continue
            for path in shortest_paths(G, source, target, limit=5, **search):
                for hop in path.hops:
                    assert hop.evidence == evidence_between(G, hop.source, hop.target, types, directed)
                    assert hop.strength == tie_strength(
                        G, hop.source, hop.target, search.get("strength", "evidence"), types, directed
                    )
                    checked += 1
                assert path.cost == pytest.approx(sum(1 / hop.strength for hop in path.hops))
    assert checked


def test_a_path_reads_its_evidence_from_the_graph_it_was_found_in_even_when_the_caller_let_go():
    G, _dates = palm_yard_case()
    (path,) = shortest_paths(G, "P_cara", "P_lisa")
    del G
    gc.collect()
    assert path.hops[0].evidence[0].sentence == "Lisa Grant recruited Cara Young from Falmouth."


def test_a_change_to_the_graph_before_the_evidence_is_read_shows_in_it():
    G, _dates = palm_yard_case()
    (path,) = shortest_paths(G, "P_cara", "P_lisa")
    G.add_edge("P_cara", "P_lisa", type="ASSOCIATE_OF", report_id="R9", sentence="Cara and Lisa share a flat.")
    assert sorted(e.report_id for e in path.hops[0].evidence) == ["R4", "R9"]


def test_evidence_once_read_stays_as_read():
    G, _dates = palm_yard_case()
    (path,) = shortest_paths(G, "P_cara", "P_lisa")
    before = list(path.hops[0].evidence)
    G.remove_edges_from(list(G.edges("P_lisa")))
    assert path.hops[0].evidence == before


def test_copies_and_pickles_of_a_path_carry_its_evidence_not_its_graph():
    G, _dates = palm_yard_case()
    (path,) = shortest_paths(G, "P_cara", "P_lisa")
    graph_size = len(pickle.dumps(G))
    for twin in (copy.deepcopy(path), pickle.loads(pickle.dumps(path))):
        assert twin == path
        assert len(pickle.dumps(twin)) < graph_size / 4


def test_a_path_as_json_lists_each_hop_with_its_evidence():
    G, _dates = palm_yard_case()
    (path,) = shortest_paths(G, "P_cara", "P_lisa")
    (hop,) = json.loads(json.dumps(asdict(path)))["hops"]
    assert set(hop) == {"source", "target", "source_name", "target_name", "strength", "evidence"}
    assert hop["evidence"][0]["sentence"] == "Lisa Grant recruited Cara Young from Falmouth."
