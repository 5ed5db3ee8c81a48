"""The disruption simulator: removing sets and the curve of the largest component."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import AnalysisError, disruption_curve, simulate_removal, simulate_top
from tests.test_analysis_projection import palm_yard_case


def test_removing_the_sub_recruiter_cuts_her_victim_off():
    G, _dates = palm_yard_case()
    result = simulate_removal(G, ["P_lisa"])
    assert result.victims_cut_off == ["P_cara"]
    assert result.pairs_cut == [("P_mona", "P_cara")]
    assert (result.before.components, result.after.components) == (1, 3)
    assert result.after.largest_component == 9 and result.largest_fraction == pytest.approx(9 / 12)


def test_removing_a_bystander_breaks_nothing():
    G, _dates = palm_yard_case()
    result = simulate_removal(G, ["L_blue_bar"])
    assert result.victims_cut_off == [] and result.pairs_cut == []
    assert result.after.components == 1


def test_removing_an_unknown_entity_is_refused():
    G, _dates = palm_yard_case()
    with pytest.raises(AnalysisError, match="P_ghost"):
        simulate_removal(G, ["P_ghost"])


def test_florentine_curve_by_betweenness_matches_removing_medici_then_guadagni():
    curve = disruption_curve(nx.florentine_families_graph(), "betweenness", "sequential", step=1, max_k=3)
    assert [p.k for p in curve] == [0, 1, 2, 3]
    assert [p.removed for p in curve] == [[], ["Medici"], ["Guadagni"], ["Strozzi"]]
    assert [p.largest_component for p in curve] == [15, 11, 7, 4]
    assert curve[1].fraction == pytest.approx(11 / 15)


def test_block_removal_ranks_once_and_can_do_worse_than_sequential():
    F = nx.florentine_families_graph()
    block = disruption_curve(F, "betweenness", "block", step=1, max_k=3)
    sequential = disruption_curve(F, "betweenness", "sequential", step=1, max_k=3)
    assert [p.removed for p in block] == [[], ["Medici"], ["Guadagni"], ["Albizzi"]]  # the top 3 of the intact network
    assert block[-1].largest_component == 7 > sequential[-1].largest_component


def test_steps_remove_several_at_once_and_stop_at_max():
    curve = disruption_curve(nx.florentine_families_graph(), "degree", "block", step=2, max_k=5)
    assert [p.k for p in curve] == [0, 2, 4, 5]
    assert [len(p.removed) for p in curve] == [0, 2, 2, 1]


def test_curve_counts_recruiter_victim_connections_left():
    G, _dates = palm_yard_case()
    curve = disruption_curve(G, "fragmentation", "sequential", step=1, max_k=2)
    assert curve[0].recruiter_victim_pairs == 6
    assert curve[2].removed == ["P_lisa"] and curve[2].recruiter_victim_pairs < 6


def test_random_baseline_is_reproducible_with_its_seed():
    F = nx.karate_club_graph()
    assert disruption_curve(F, "random", max_k=5, seed=4) == disruption_curve(F, "random", max_k=5, seed=4)


def test_targeted_removal_breaks_the_karate_club_faster_than_random():
    K = nx.karate_club_graph()
    targeted = disruption_curve(K, "betweenness", "sequential", max_k=6)
    random_ = disruption_curve(K, "random", max_k=6, seed=1)
    assert targeted[-1].largest_component < random_[-1].largest_component


def test_unknown_removal_mode_is_refused():
    with pytest.raises(AnalysisError, match="initial .rank once. or recalculated"):
        disruption_curve(nx.path_graph(4), "degree", "haphazard")


def test_removing_the_top_players_by_reachability_leaves_no_victim_reachable():
    G, _dates = palm_yard_case()
    result = simulate_top(G, "reachability", k=2, removal="sequential")
    assert result.removed == ["P_lisa", "P_mona"]  # the recruiters themselves
    assert result.victims_still_reachable == [] and result.after.recruiter_victim_pairs == 0


def test_victims_still_reachable_after_a_removal_are_listed():
    G, _dates = palm_yard_case()
    assert simulate_removal(G, ["P_lisa"]).victims_still_reachable == ["P_ava", "P_bree"]
