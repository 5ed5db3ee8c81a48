"""Collapsing the case MultiDiGraph into weighted ties; also loads the hand-built Palm Yard case the analysis tests share."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from graph.analysis.projection import collapse, collapse_directed, edge_strength
from graph.model import CallSummary, Link, Subgraph, make_entity
from graph.store import subgraph_to_networkx

NETWORKS = Path(__file__).parent / "data" / "networks"


def palm_yard_case() -> tuple[nx.MultiDiGraph, dict[str, str]]:
    """The hand-built case of tests/data/networks/palm_yard_case.json as the store's networkx view, and report dates."""
    data = json.loads((NETWORKS / "palm_yard_case.json").read_text())
    entities = [
        make_entity(e["kind"], e["id"], e["name"], e.get("aliases"), **({"role": e["role"]} if "role" in e else {}))
        for e in data["entities"]
    ]
    links = [
        Link(
            x["type"],
            x["source"],
            x["target"],
            x["report"],
            x["sentence"],
            x["start"],
            x["start"] + len(x["sentence"]),
            x.get("confidence", 0.8),
            "rule",
        )
        for x in data["links"]
    ]
    calls = [CallSummary(**c) for c in data["calls"]]
    return subgraph_to_networkx(Subgraph(entities, links, calls)), data["reports"]


def test_two_links_between_a_pair_make_one_tie_of_strength_two():
    G, _dates = palm_yard_case()
    H = collapse(G)
    assert H.edges["P_mona", "P_victor"]["weight"] == 2.0
    assert H.edges["P_mona", "P_victor"]["types"] == ["ASSOCIATE_OF", "PAID"]
    assert H.edges["P_mona", "P_victor"]["distance"] == 0.5


def test_confidence_strength_sums_the_confidences():
    G, _dates = palm_yard_case()
    H = collapse(G, strength="confidence")
    assert H.edges["P_mona", "P_victor"]["weight"] == pytest.approx(1.6)


def test_call_strength_counts_calls():
    G, _dates = palm_yard_case()
    assert collapse(G, strength="calls").edges["PH_+18765550001", "PH_+18765550002"]["weight"] == 5.0
    assert collapse(G, strength="evidence").edges["PH_+18765550001", "PH_+18765550002"]["weight"] == 1.0


def test_imported_link_weight_counts_as_that_many_pieces_of_evidence():
    assert edge_strength({"type": "ASSOCIATE_OF", "weight": 3.0, "confidence": 1.0}) == 3.0


def test_link_types_filter_keeps_only_those_ties():
    G, _dates = palm_yard_case()
    H = collapse(G, link_types=["RECRUITED"])
    assert sorted(tuple(sorted(e)) for e in H.edges()) == [
        ("P_ava", "P_mona"),
        ("P_bree", "P_lisa"),
        ("P_cara", "P_lisa"),
        ("P_lisa", "P_mona"),
    ]
    assert H.number_of_nodes() == G.number_of_nodes()


def test_directed_collapse_keeps_the_direction_of_links():
    G, _dates = palm_yard_case()
    D = collapse_directed(G, link_types=["RECRUITED"])
    assert D.has_edge("P_mona", "P_lisa") and not D.has_edge("P_lisa", "P_mona")


def test_a_plain_weighted_graph_keeps_its_own_weights():
    H = collapse(nx.karate_club_graph())
    assert H.edges[0, 1]["weight"] == nx.karate_club_graph().edges[0, 1]["weight"]


def test_unknown_strength_is_refused():
    with pytest.raises(ValueError, match="tie strength"):
        edge_strength({"type": "PAID"}, "loudness")
