"""Recruitment chains upstream, recruitment trees downstream, recruiters of recruiters."""

from __future__ import annotations

import networkx as nx

from graph.analysis import recruiters_of_recruiters, recruitment_chains, recruitment_tree
from graph.analysis.recruitment import first_recruiters
from tests.test_analysis_projection import palm_yard_case


def test_chain_runs_from_the_first_recruiter_down_to_the_victim():
    G, _dates = palm_yard_case()
    (chain,) = recruitment_chains(G, "P_cara")
    assert chain.people == ["P_mona", "P_lisa", "P_cara"]
    assert chain.names == ["Mona Price", "Lisa Grant", "Cara Young"]
    assert chain.origin == "P_mona"


def test_each_step_of_a_chain_carries_its_evidence():
    G, _dates = palm_yard_case()
    (chain,) = recruitment_chains(G, "P_cara")
    assert [e.sentence for step in chain.steps for e in step.evidence] == [
        "Mona Price brought Lisa Grant in to find more girls.",
        "Lisa Grant recruited Cara Young from Falmouth.",
    ]


def test_someone_recruited_by_nobody_has_no_chain():
    G, _dates = palm_yard_case()
    assert recruitment_chains(G, "P_mona") == []


def test_tree_lists_recruits_level_by_level():
    G, _dates = palm_yard_case()
    tree = recruitment_tree(G, "P_mona")
    assert tree.at_depth(1) == ["P_ava", "P_lisa"]
    assert tree.at_depth(2) == ["P_bree", "P_cara"]
    assert next(r for r in tree.recruits if r.person == "P_cara").recruited_by == ["P_lisa"]


def test_tree_stops_at_max_depth():
    G, _dates = palm_yard_case()
    assert [r.person for r in recruitment_tree(G, "P_mona", max_depth=1).recruits] == ["P_ava", "P_lisa"]


def test_the_recruiter_of_a_recruiter_is_found():
    G, _dates = palm_yard_case()
    (found,) = recruiters_of_recruiters(G)
    assert (found.person, found.recruiters_recruited, found.downstream) == ("P_mona", ["P_lisa"], 4)


def test_two_recruiters_of_one_person_give_two_chains_and_two_origins():
    G = nx.MultiDiGraph()
    for a, b in [("boss", "mid"), ("mid", "victim"), ("cousin", "victim")]:
        G.add_edge(a, b, key="RECRUITED|r", type="RECRUITED", report_id="r", sentence=f"{a} recruited {b}.")
    assert [c.people for c in recruitment_chains(G, "victim")] == [["cousin", "victim"], ["boss", "mid", "victim"]]
    assert first_recruiters(G, "victim") == ["boss", "cousin"]


def test_a_recruitment_loop_does_not_run_forever():
    G = nx.MultiDiGraph()
    for a, b in [("a", "b"), ("b", "c"), ("c", "a")]:
        G.add_edge(a, b, key="RECRUITED|r", type="RECRUITED", report_id="r")
    (chain,) = recruitment_chains(G, "c")
    assert chain.people == ["a", "b", "c"]
