"""Analysis of Operation SEAGRAPE's gold annotations (the development corpus): the answers its README states."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from graph.analysis import key_players, recruitment_chains, recruitment_tree, shared_routes, victim_journey
from graph.model import Link, Subgraph, make_entity
from graph.store import subgraph_to_networkx
from tests.conftest import DEV_CORPUS


@pytest.fixture(scope="module")
def seagrape() -> nx.MultiDiGraph:
    """The gold entities and relations as the store's networkx view (report id = document name)."""
    entities = [
        make_entity(
            e["label"],
            e["entity_id"],
            e["canonical_name"],
            e["aliases"],
            **({"role": e["role"]} if e["label"] == "PERSON" else {}),
        )
        for e in json.loads((DEV_CORPUS / "entities.json").read_text())
    ]
    links = []
    for line in (DEV_CORPUS / "gold.jsonl").read_text().splitlines():
        doc = json.loads(line)
        for r in doc["relations"]:
            links.append(Link(r["type"], r["head"], r["tail"], doc["doc"], r["evidence"], 0, 0, 0.9, "analyst"))
    return subgraph_to_networkx(Subgraph(entities, links, []))


def test_keisha_was_recruited_by_auntie_sharon_and_by_her_peer_sophia(seagrape):
    chains = [c.people for c in recruitment_chains(seagrape, "P_keisha_morgan")]
    assert chains == [["P_sharon_mcfarlane", "P_keisha_morgan"], ["P_sophia_bennett", "P_keisha_morgan"]]


def test_mcfarlanes_recruits(seagrape):
    assert recruitment_tree(seagrape, "P_sharon_mcfarlane").at_depth(1) == [
        "P_jodi_ann_palmer",
        "P_keisha_morgan",
        "P_shanice_walker",
        "P_tamika_ellis",
    ]


def test_keishas_journey_runs_from_falmouth_to_nassau(seagrape):
    journey = victim_journey(seagrape, "P_keisha_morgan")
    places = {s.place for s in journey.stops}
    assert {"L_falmouth", "L_barnett_street_yard", "L_ocho_rios", "L_nassau"} <= places
    first = journey.stops[0]  # "On or about 15 January 2022 ... Pinchy collected her ... in Falmouth"
    assert (first.place, first.date, first.date_from) == ("L_falmouth", "2022-01-15", "sentence")
    assert any(s.place == "L_falmouth" and s.stages == ["recruited"] for s in journey.stops)


def test_a_town_named_with_the_venue_inside_it_is_not_a_separate_stop(seagrape):
    # "the Barnett Street yard in Montego Bay": the yard is the stop, not the town around it
    yard_sentences = {
        s.sentence for s in victim_journey(seagrape, "P_jodi_ann_palmer").stops if s.place == "L_barnett_street_yard"
    }
    town_sentences = {
        s.sentence for s in victim_journey(seagrape, "P_jodi_ann_palmer").stops if s.place == "L_montego_bay"
    }
    assert yard_sentences and not (yard_sentences & town_sentences)


def test_the_girls_driven_to_the_yard_share_that_leg(seagrape):
    legs = {(r.origin, r.destination): r.people for r in shared_routes(seagrape)}
    assert legs[("L_falmouth", "L_barnett_street_yard")] == ["P_jodi_ann_palmer", "P_keisha_morgan", "P_shanice_walker"]


def test_the_leader_is_the_first_key_player(seagrape):
    report = key_players(seagrape, top=3)
    assert report.players[0].entity_id == "P_marlon_campbell"
    assert {"P_sharon_mcfarlane", "P_dwayne_reid"} & {p.entity_id for p in report.players[1:]}
