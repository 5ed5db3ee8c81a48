"""Targets are suspects: victims, witnesses, officers and caseworkers are never proposed; hubs are left out.

The corpus tests ingest each case whole through the real pipeline (reports, then calls)
and check every measure's top ten and every step of both attacks against the people the
case's own annotations call victims, witnesses or officers.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from graph.analysis import communities, key_players
from graph.analysis.disruption import ATTACKS, DISRUPTION_MEASURES, disruption_curve
from graph.analysis.key_players import KEY_PLAYER_MEASURES
from graph.analysis.targets import choose_targets, hubs, without_hubs
from graph.embedded import EmbeddedStore
from samples.loader import SAMPLE_CASE_DIR, SAMPLE_GOLD
from tests.conftest import DEV_CORPUS

CORPORA = Path(__file__).parent / "data" / "corpora"
NEVER = {"victim", "witness", "officer", "caseworker"}


def person(G: nx.Graph, node: str, role: str) -> None:
    G.add_node(node, kind="PERSON", name=node, role=role)


def small_case() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for node, role in [
        ("boss", "suspect"),
        ("driver", "unknown"),
        ("girl", "unknown"),
        ("aunt", "unknown"),
        ("cop", "officer"),
        ("ngo", "caseworker"),
        ("neighbour", "witness"),
        ("kid", "victim"),
    ]:
        person(G, node, role)
    G.add_node("PH_1", kind="PHONE", name="+1876")
    G.add_edge("boss", "girl", type="RECRUITED")
    G.add_edge("driver", "girl", type="TRANSPORTED")
    G.add_edge("boss", "kid", type="EXPLOITED")
    G.add_edge("girl", "aunt", type="ASSOCIATE_OF")
    for other in ("cop", "ngo", "neighbour"):
        G.add_edge(other, "boss", type="CO_MENTIONED")
    G.add_edge("boss", "PH_1", type="USES_PHONE")
    return G


def test_only_suspects_and_people_the_case_shows_acting_are_targets():
    choice = choose_targets(small_case())
    assert choice.eligible == {"boss", "driver"}
    assert choice.protected["girl"] == "victim (acted upon)"
    assert {choice.protected[n] for n in ("cop", "ngo", "neighbour", "kid")} == {
        "officer",
        "caseworker",
        "witness",
        "victim",
    }


def test_a_person_with_nothing_against_them_is_a_target_only_when_roles_alone_are_asked_for():
    assert "aunt" not in choose_targets(small_case())
    assert "aunt" in choose_targets(small_case(), evidence="role")
    assert "girl" not in choose_targets(small_case(), evidence="role")


def test_phones_are_targets_on_request_with_their_owner():
    choice = choose_targets(small_case(), "phones")
    assert choice.eligible == {"PH_1"}
    assert choice.owners["PH_1"] == ["boss"]
    report = key_players(small_case(), "degree", 3, targets="phones", compare=())
    assert [(p.entity_id, p.owner_names) for p in report.players] == [("PH_1", ["boss"])]


def test_victims_stay_in_the_network_the_measure_is_computed_on():
    # the victim is the only bridge between the two suspects; she is never a target, yet
    # her position still counts: both suspects keep the degree she gives them
    G = nx.MultiDiGraph()
    for node, role in [("a", "suspect"), ("b", "suspect"), ("v", "victim")]:
        person(G, node, role)
    G.add_edge("a", "v", type="ASSOCIATE_OF")
    G.add_edge("b", "v", type="ASSOCIATE_OF")
    report = key_players(G, "degree", 3, compare=(), evidence="role")
    assert [(p.entity_id, p.score) for p in report.players] == [("a", 1.0), ("b", 1.0)]
    assert report.before.nodes == 3


def hotline_case() -> nx.MultiDiGraph:
    """Two crews of five, each calling the same NGO hotline."""
    G = nx.MultiDiGraph()
    G.add_node("PH_hotline", kind="PHONE", name="hotline")
    for crew in ("x", "y"):
        members = [f"{crew}{i}" for i in range(5)]
        for m in members:
            person(G, m, "suspect")
            G.add_edge(m, "PH_hotline", type="USES_PHONE")
        for a, b in zip(members, members[1:], strict=False):
            G.add_edge(a, b, type="ASSOCIATE_OF")
    return G


def test_a_number_ten_people_share_is_a_hub():
    assert hubs(hotline_case()) == {"PH_hotline": 10}
    assert "PH_hotline" not in without_hubs(hotline_case())


def test_a_shared_hotline_no_longer_joins_two_crews():
    assert len(communities(hotline_case(), resolution=0.1, with_hubs=True).communities) == 1
    assert len(communities(hotline_case(), resolution=0.1).communities) == 2


def test_hubs_are_left_out_of_key_players_unless_kept():
    report = key_players(hotline_case(), "betweenness", 3, targets="all", compare=(), evidence="role")
    assert "PH_hotline" not in [p.entity_id for p in report.players]
    assert report.hubs_left_out == ["PH_hotline"]
    kept = key_players(hotline_case(), "betweenness", 3, targets="all", compare=(), with_hubs=True, evidence="role")
    assert kept.players[0].entity_id == "PH_hotline"


# --- whole cases, ingested through the real pipeline -------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace('"', "").split())


def annotated_roles(entities: list[dict]) -> dict[str, set[str]]:
    """Every name and alias of an annotated person -> the roles the annotations give it."""
    roles: dict[str, set[str]] = {}
    for e in entities:
        if e.get("label", e.get("kind")) == "PERSON":
            for name in [e.get("canonical_name", e.get("name", "")), *e.get("aliases", [])]:
                roles.setdefault(_fold(name), set()).add(e.get("role", ""))
    return roles


def ingest_whole(folder: Path, tmp_path: Path) -> nx.MultiDiGraph:
    from extract.calls import read_calls
    from extract.extractor import extract_reports
    from extract.readers import read_document
    from extract.resolve import resolve_for_store

    store = EmbeddedStore(tmp_path / "case.db")
    reports = [read_document(path).to_report(case=folder.name) for path in sorted(folder.glob("*.txt"))]
    resolved = resolve_for_store(list(zip(reports, extract_reports(reports), strict=True)), store)
    for report, extraction in zip(reports, resolved.extractions, strict=True):
        store.ingest(report, extraction)
    store.add_calls(read_calls(folder / "calls.csv", "JM").calls)
    G = store.to_networkx()
    store.close()
    return G


CASES = {
    "sample_case": (SAMPLE_CASE_DIR, SAMPLE_GOLD),
    "dev_corpus": (DEV_CORPUS, DEV_CORPUS / "entities.json"),
    **{name: (CORPORA / name, CORPORA / name / "entities.json") for name in ("blue_mahoe", "silk_cotton")},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_no_victim_witness_officer_or_caseworker_is_ever_proposed(case, tmp_path):
    folder, annotations = CASES[case]
    data = json.loads(annotations.read_text(encoding="utf-8"))
    roles = annotated_roles(data["entities"] if isinstance(data, dict) else data)
    G = ingest_whole(folder, tmp_path)

    def never_a_target(node: str) -> bool:
        attrs = G.nodes[node]
        names = [attrs.get("name", ""), *attrs.get("aliases", [])]
        annotated = set().union(*(roles.get(_fold(n), set()) for n in names))
        return attrs.get("role") in NEVER or bool(annotated & NEVER and "suspect" not in annotated)

    proposed = []
    for measure in KEY_PLAYER_MEASURES:
        proposed += [(measure, p.entity_id) for p in key_players(G, measure, 10, compare=()).players]
    for measure in DISRUPTION_MEASURES:
        for attack in ATTACKS:
            for point in disruption_curve(G, measure, attack, 1, 10):
                proposed += [(f"{attack} {measure}", n) for n in point.removed]
    assert proposed
    assert [(where, G.nodes[n].get("name")) for where, n in proposed if never_a_target(n)] == []


def test_a_victims_own_phone_is_no_target():
    G = small_case()
    G.add_node("PH_kid", kind="PHONE", name="+1876 kid")
    G.add_edge("kid", "PH_kid", type="USES_PHONE")
    choice = choose_targets(G, "phones")
    assert "PH_kid" not in choice and choice.protected["PH_kid"] == "held only by victim"
    assert "PH_1" in choice
