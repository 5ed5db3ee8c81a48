"""Louvain communities on Zachary's karate club."""

from __future__ import annotations

import networkx as nx

from graph.analysis import communities
from tests.test_analysis_projection import palm_yard_case


def test_the_karate_club_instructor_and_president_land_in_different_communities():
    result = communities(nx.karate_club_graph(), seed=0)
    assert result.community_of(0) != result.community_of(33)
    assert result.modularity > 0.4  # Zachary's club splits with modularity about 0.42-0.44


def test_the_same_seed_gives_the_same_communities():
    a = communities(nx.karate_club_graph(), seed=11)
    b = communities(nx.karate_club_graph(), seed=11)
    assert [c.members for c in a.communities] == [c.members for c in b.communities]


def test_every_member_is_in_exactly_one_community_largest_first():
    result = communities(nx.karate_club_graph(), seed=0)
    members = [m for c in result.communities for m in c.members]
    assert sorted(members) == list(range(34))
    assert [c.size for c in result.communities] == sorted((c.size for c in result.communities), reverse=True)


def test_two_cliques_joined_by_one_tie_are_two_communities():
    G = nx.barbell_graph(5, 0)
    result = communities(G, weighted=False)
    assert sorted(sorted(c.members) for c in result.communities) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]


def test_case_communities_carry_names_and_a_hub():
    G, _dates = palm_yard_case()
    result = communities(G)
    victor = next(c for c in result.communities if "P_victor" in c.members)
    assert "Victor Hale" in victor.names and victor.hub in victor.members
