"""Analysis on graphs pulled from a real store (embedded and Neo4j): imports in, figures out."""

from __future__ import annotations

import csv
from collections import Counter

import networkx as nx
import pytest

from extract.calls import read_calls
from extract.link_table import LinkTableSpec, read_link_table, read_link_text
from graph.analysis import (
    betweenness,
    centrality,
    indicators_by_entity,
    key_players,
    network_summary,
    recruitment_chains,
    shortest_paths,
    simulate_removal,
    victim_journey,
)
from tests.case_builder import ingest_case
from tests.conftest import DEV_CORPUS
from tests.test_analysis_projection import NETWORKS


def test_reimporting_a_call_record_adds_nothing(any_store):
    record = read_calls(DEV_CORPUS / "calls.csv")
    assert any_store.add_calls(record.calls) == 146
    assert any_store.add_calls(record.calls) == 0


def test_the_networkx_view_has_one_called_edge_per_pair_with_its_count(any_store):
    any_store.add_calls(read_calls(DEV_CORPUS / "calls.csv").calls)
    with open(DEV_CORPUS / "calls.csv", newline="") as f:
        pairs = Counter((row["caller"], row["callee"]) for row in csv.DictReader(f))
    G = any_store.to_networkx()
    called = {(u, v): d["count"] for u, v, d in G.edges(data=True) if d["type"] == "CALLED"}
    assert called == {("PH_" + a, "PH_" + b): n for (a, b), n in pairs.items()}


def test_campbells_primary_phone_is_the_hub_of_the_call_network(any_store):
    any_store.add_calls(read_calls(DEV_CORPUS / "calls.csv").calls)
    assert betweenness(any_store.to_networkx()).top(1)[0][0] == "PH_+18765550143"


def test_an_imported_marriage_list_gives_padgetts_figures(any_store):
    imported = read_link_table(NETWORKS / "florentine_marriages.csv", LinkTableSpec("family_a", "family_b"))
    any_store.ingest(imported.report, imported.extraction)
    G = any_store.to_networkx()
    summary = network_summary(G)
    assert (summary.nodes, summary.ties, summary.components) == (15, 20, 1)
    assert summary.density == pytest.approx(20 / (15 * 14 / 2))
    (top, score), *_ = betweenness(G).top(3)
    assert top == "P_medici" and score == pytest.approx(0.5220, abs=1e-4)


def test_importing_a_link_list_twice_changes_nothing(any_store):
    imported = read_link_table(NETWORKS / "florentine_marriages.csv", LinkTableSpec("family_a", "family_b"))
    assert any_store.ingest(imported.report, imported.extraction).created
    assert not any_store.ingest(imported.report, imported.extraction).created
    assert any_store.to_networkx().number_of_edges() == 20


def test_repeated_rows_reach_the_analysis_as_link_weight(any_store):
    imported = read_link_text("a,b\nAnn,Bob\nBob,Ann\nAnn,Bob\nBob,Cy\n", LinkTableSpec("a", "b"), "rows.csv")
    any_store.ingest(imported.report, imported.extraction)
    G = any_store.to_networkx()
    weights = {frozenset((u, v)): d.get("weight") for u, v, d in G.edges(data=True)}
    assert weights[frozenset(("P_ann", "P_bob"))] == 3.0
    assert weights[frozenset(("P_bob", "P_cy"))] == 1.0


def test_recruitment_and_journey_from_stored_reports(any_store):
    ingest_case(any_store)
    G = any_store.to_networkx()
    (chain,) = recruitment_chains(G, "P_tanya_hall")
    assert chain.people == ["P_ricky_grant", "P_tanya_hall"]
    dates = {r.id: r.reported_at for r in any_store.reports()}
    stops = victim_journey(G, "P_tanya_hall", dates).stops
    assert [(s.place, s.stages, s.date) for s in stops] == [
        ("L_sunset_guest_house", ["moved"], "2022-01-15"),
        ("L_negril", ["moved"], "2022-01-15"),
        ("L_sunset_guest_house", ["exploited"], "2022-03-02"),
    ]


def test_key_players_of_a_stored_case_carry_its_indicators(any_store):
    ingest_case(any_store)
    G = any_store.to_networkx()
    report = key_players(G, measure="degree", top=1, indicators=indicators_by_entity(G, any_store.indicators()))
    (grant,) = report.players
    assert grant.entity_id == "P_ricky_grant" and grant.indicators == ["deception about the job"]


# --- every measure, a path and the simulator on Zachary's karate club, through each store ---------

KARATE = nx.karate_club_graph()


def _member(node: int) -> str:
    return f"P_member_{node}"


@pytest.fixture
def stored_karate(any_store):
    """Zachary's club imported as a link list into the store and pulled back out for analysis."""
    rows = "a,b\n" + "".join(f"Member {u},Member {v}\n" for u, v in KARATE.edges())
    imported = read_link_text(rows, LinkTableSpec("a", "b"), "karate.csv")
    any_store.ingest(imported.report, imported.extraction)
    return any_store.to_networkx()


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        ("degree", lambda: dict(KARATE.degree())),
        ("betweenness", lambda: nx.betweenness_centrality(KARATE)),
        ("closeness", lambda: nx.closeness_centrality(KARATE)),
        ("eigenvector", lambda: nx.eigenvector_centrality_numpy(KARATE)),
        ("pagerank", lambda: nx.pagerank(KARATE, weight=None)),
        ("kcore", lambda: nx.core_number(KARATE)),
    ],
)
def test_every_measure_of_a_stored_network_matches_networkx_on_the_same_network(stored_karate, measure, expected):
    scores = centrality(stored_karate, measure).scores
    want = {_member(n): float(v) for n, v in expected().items()}
    assert scores.keys() == want.keys()
    assert scores == pytest.approx(want, abs=1e-6)


def test_the_clubs_known_leaders_top_the_stored_rankings(stored_karate):
    # Zachary (1977): the instructor (0) and the administrator (33) are the two poles of the split.
    assert {node for node, _ in centrality(stored_karate, "degree").top(2)} == {_member(0), _member(33)}
    assert centrality(stored_karate, "betweenness").top(1)[0] == (_member(0), pytest.approx(0.4376, abs=1e-4))
    assert centrality(stored_karate, "katz").top(1)[0][0] == _member(33)


def test_shortest_paths_through_a_store_are_networkxs_with_evidence_on_every_hop(stored_karate):
    found = shortest_paths(stored_karate, _member(16), _member(25))
    want = {tuple(_member(n) for n in path) for path in nx.all_shortest_paths(KARATE, 16, 25)}
    assert {tuple(p.nodes) for p in found} == want
    assert all(hop.evidence for path in found for hop in path.hops)


def test_removing_the_two_leaders_from_a_stored_network_breaks_it_as_networkx_says(stored_karate):
    result = simulate_removal(stored_karate, [_member(0), _member(33)])
    rest = KARATE.copy()
    rest.remove_nodes_from([0, 33])
    parts = list(nx.connected_components(rest))
    assert result.after.largest_component == max(len(part) for part in parts)
    assert result.after.components == len(parts)
    assert result.before.largest_component == 34
