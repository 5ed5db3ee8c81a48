"""Key players: Borgatti's fragmentation ranking, its fast removal effects, and the explanations."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import greedy_key_player_set, indicators_by_entity, key_players, network_state, removal_effects
from graph.analysis.connectivity import fragmentation_of
from graph.model import Indicator
from tests.test_analysis_projection import palm_yard_case


@pytest.mark.parametrize("seed", range(40))
def test_removal_effects_match_removing_each_node_for_real(seed):
    G = nx.gnp_random_graph(18, 0.12, seed=seed)
    recruiters, victims = {0, 1, 2}, {2, 3, 4, 5}
    effects = removal_effects(G, recruiters, victims)
    for node in G:
        H = G.copy()
        H.remove_node(node)
        expected = network_state(H, recruiters - {node}, victims - {node})
        got = effects[node]
        assert (got.components, got.largest_component, got.recruiter_victim_pairs) == (
            expected.components,
            expected.largest_component,
            expected.recruiter_victim_pairs,
        )
        assert got.fragmentation == pytest.approx(expected.fragmentation)


def test_fragmentation_is_zero_when_connected_and_one_when_all_isolated():
    assert fragmentation_of([5]) == 0.0
    assert fragmentation_of([1, 1, 1, 1]) == 1.0


def test_the_medici_are_the_first_florentine_key_player():
    report = key_players(nx.florentine_families_graph(), top=3)
    assert [p.entity_id for p in report.players][:1] == ["Medici"]
    medici = report.players[0]
    assert medici.articulation_point and medici.alone.largest_component == 11
    assert medici.ranks["betweenness"] == 1 and medici.ranks["degree"] == 1


def test_greedy_key_players_break_a_barbell_at_its_bridge():
    G = nx.barbell_graph(5, 1)  # two 5-cliques joined through node 5
    (first, effect), *_rest = greedy_key_player_set(G, 2)
    assert first == 5 and effect.largest_component == 5


def test_reachability_criterion_cuts_recruiters_off_their_victims_first():
    G, _dates = palm_yard_case()
    H = nx.Graph(G.to_undirected())
    (first, effect), *_ = greedy_key_player_set(
        H, 1, recruiters={"P_mona", "P_lisa"}, victims={"P_ava", "P_bree", "P_cara"}, criterion="reachability"
    )
    assert first == "P_lisa" and effect.recruiter_victim_pairs == 2


def test_case_key_players_are_people_with_their_reasons():
    G, _dates = palm_yard_case()
    report = key_players(G, top=2)
    assert [p.entity_id for p in report.players] == ["P_victor", "P_lisa"]
    lisa = report.players[1]
    assert lisa.role == "suspect" and lisa.link_types == {"RECRUITED": 3, "LOCATED_AT": 1}
    assert (lisa.evidence_count, lisa.reports) == (4, 2)
    assert "cuts 4 of 6 recruiter-victim connections" in lisa.explanation
    assert all(p.kind == "PERSON" for p in report.players)


def test_phones_can_be_ranked_when_asked():
    G, _dates = palm_yard_case()
    report = key_players(G, measure="degree", top=12, kinds=["PHONE"])
    assert {p.entity_id for p in report.players} == {"PH_+18765550001", "PH_+18765550002"}


def test_key_player_explanations_include_indicators_of_their_sentences():
    G, _dates = palm_yard_case()
    indicator = Indicator("R4", "act", "recruitment", "Lisa Grant recruited Cara Young from Falmouth.", 0, 46)
    found = indicators_by_entity(G, [indicator])
    assert found == {"P_lisa": ["recruitment"], "P_cara": ["recruitment"]}
    report = key_players(G, top=2, indicators=found)
    assert "indicators: recruitment" in report.players[1].explanation


@pytest.mark.parametrize("measure", ["betweenness", "pagerank", "closeness", "eigenvector", "katz", "kcore"])
def test_measure_rankings_list_the_chosen_score(measure):
    report = key_players(nx.florentine_families_graph(), measure=measure, top=3)
    scores = [p.score for p in report.players]
    assert scores == sorted(scores, reverse=True) and report.players[0].ranks[measure] == 1


def test_reachability_ranking_puts_the_sub_recruiter_first():
    G, _dates = palm_yard_case()
    report = key_players(G, measure="reachability", top=2)
    assert report.players[0].entity_id == "P_lisa" and report.players[0].score == 2.0


def test_key_players_say_betweenness_was_exact_unless_a_sample_was_asked_for():
    G, _dates = palm_yard_case()
    assert "betweenness: exact" in key_players(G, measure="betweenness", top=3).notes
    sampled = key_players(G, measure="betweenness", top=3, k=5, seed=1)
    assert "betweenness: estimated from k=5 sampled sources, seed 1" in sampled.notes


@pytest.mark.parametrize("k", [None, 6])
def test_key_players_by_betweenness_are_the_same_through_igraph_and_networkx(k):
    G, _dates = palm_yard_case()
    fast, plain = (
        key_players(G, measure="betweenness", top=5, k=k, seed=2, engine=engine) for engine in ("igraph", "networkx")
    )
    assert [p.entity_id for p in fast.players] == [p.entity_id for p in plain.players]
    assert [p.score for p in fast.players] == pytest.approx([p.score for p in plain.players], abs=1e-12)
