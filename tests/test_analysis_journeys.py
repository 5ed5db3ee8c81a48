"""Victim journeys in time order, and routes victims share."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import shared_routes, victim_journey
from graph.analysis.journeys import date_in_sentence, journey_legs, place_names, places_in_sentence
from tests.test_analysis_projection import palm_yard_case


def test_journey_visits_places_in_report_date_order():
    G, dates = palm_yard_case()
    journey = victim_journey(G, "P_ava", dates)
    assert journey.route == ["L_falmouth", "L_palm_yard", "L_blue_bar"]
    assert [s.date for s in journey.stops] == sorted(s.date for s in journey.stops)


def test_each_stop_says_what_happened_there_and_who_did_it():
    G, dates = palm_yard_case()
    stops = victim_journey(G, "P_ava", dates).stops
    assert [(s.place_name, s.stages, s.by) for s in stops] == [
        ("Falmouth", ["recruited"], ["P_mona"]),
        ("Falmouth", ["moved"], ["P_dean"]),
        ("Palm Yard", ["moved"], ["P_dean"]),
        ("Palm Yard", ["harboured"], ["P_victor"]),
        ("Blue Bar", ["exploited"], ["P_victor"]),
    ]
    assert stops[1].preposition == "from" and stops[2].preposition == "to"


def test_recruited_from_is_told_apart_from_recruited_at():
    G, dates = palm_yard_case()
    (stop,) = victim_journey(G, "P_cara", dates).stops
    assert stop.stages == ["recruited from"] and stop.date == "2022-01-05"


def test_without_dates_stops_keep_report_and_text_order():
    G, _dates = palm_yard_case()
    journey = victim_journey(G, "P_ava")
    assert all(s.date is None for s in journey.stops)
    assert {s.place for s in journey.stops} == {"L_falmouth", "L_palm_yard", "L_blue_bar"}


def test_located_at_links_are_stops_too():
    G, dates = palm_yard_case()
    (stop,) = victim_journey(G, "P_lisa", dates).stops
    assert (stop.place, stop.stages) == ("L_falmouth", ["seen at"])


def test_acts_a_person_did_count_only_when_asked():
    G, dates = palm_yard_case()
    stops = victim_journey(G, "P_dean", dates, as_actor=True).stops
    assert [s.place for s in stops] == ["L_falmouth", "L_palm_yard"]
    assert victim_journey(G, "P_dean", dates).stops == []


def test_victims_who_travelled_the_same_leg_are_grouped():
    G, dates = palm_yard_case()
    routes = {(r.origin, r.destination): r.people for r in shared_routes(G, report_dates=dates)}
    assert routes == {
        ("L_falmouth", "L_palm_yard"): ["P_ava", "P_bree"],
        ("L_palm_yard", "L_blue_bar"): ["P_ava", "P_bree"],
    }


def test_a_longer_place_name_wins_over_a_shorter_one_inside_it():
    forms = [("Barnett Street", "L_street"), ("27 Barnett Street", "L_yard")]
    forms.sort(key=lambda f: -len(f[0]))
    assert [p for _at, p, _prep in places_in_sentence("He drove her to 27 Barnett Street.", forms)] == ["L_yard"]


def test_place_aliases_are_recognised():
    G, _dates = palm_yard_case()
    found = places_in_sentence("She was kept at the yard on Palm Lane.", place_names(G))
    assert [p for _at, p, _prep in found] == ["L_palm_yard"]


@pytest.mark.parametrize(
    ("sentence", "report_date", "expected"),
    [
        ("On 14 May 2023 Owen Blackwood drove her to Negril.", None, "2023-05-14"),
        ("Driven from Spanish Town by Dre on 19/02/2022.", None, "2022-02-19"),
        ("Sharon met Tamika at a cookshop on 20 January.", "2022-06-07", "2022-01-20"),
        ("She met Sharon on 20 December.", "2022-03-01", "2021-12-20"),
        ("She may 5 times have asked to leave.", "2022-03-01", None),
        ("Nothing dated here.", "2022-03-01", None),
    ],
)
def test_dates_written_in_a_sentence(sentence, report_date, expected):
    assert date_in_sentence(sentence, report_date) == expected


def test_a_date_in_the_sentence_wins_over_a_later_report_date():
    G = nx.MultiDiGraph()
    G.add_node("P_v", kind="PERSON", name="Val", role="victim")
    G.add_node("P_d", kind="PERSON", name="Dan")
    G.add_node("L_a", kind="LOCATION", name="Ashton", aliases=[])
    G.add_node("L_b", kind="LOCATION", name="Bellevue", aliases=[])
    told_late = "On 2 January 2022 Dan drove Val to Ashton."
    G.add_edge("P_d", "P_v", key="TRANSPORTED|late", type="TRANSPORTED", report_id="late", sentence=told_late)
    G.add_edge(
        "P_d", "P_v", key="HARBOURED|early", type="HARBOURED", report_id="early", sentence="Dan kept Val in Bellevue."
    )
    journey = victim_journey(G, "P_v", {"late": "2022-06-01", "early": "2022-03-01"})
    assert journey.route == ["L_a", "L_b"]
    assert [(s.date, s.date_from) for s in journey.stops] == [("2022-01-02", "sentence"), ("2022-03-01", "report")]


def told_late_case() -> tuple[nx.MultiDiGraph, dict[str, str]]:
    """Recruitment told in a late report; the transport told three times, by three reports."""
    G = nx.MultiDiGraph()
    G.add_node("P_kim", kind="PERSON", name="Kim", role="victim")
    G.add_node("P_marcia", kind="PERSON", name="Marcia", role="suspect")
    G.add_node("P_owen", kind="PERSON", name="Owen", role="suspect")
    G.add_node("L_hwt", kind="LOCATION", name="Half Way Tree")
    G.add_node("L_negril", kind="LOCATION", name="Negril")
    recruited = "Marcia met her at a patty shop in Half Way Tree and promised her spa work."
    moved = "Owen drove her from Half Way Tree to Negril."
    G.add_edge("P_marcia", "P_kim", type="RECRUITED", report_id="r_late", sentence=recruited, event_date="2023-04-20")
    for report in ("r1", "r2", "r3"):
        G.add_edge("P_owen", "P_kim", key=report, type="TRANSPORTED", report_id=report, sentence=moved)
    dates = {"r1": "2023-05-20", "r2": "2023-05-22", "r3": "2023-06-01", "r_late": "2023-09-01"}
    return G, dates


def test_the_events_own_date_wins_over_a_late_report():
    G, dates = told_late_case()
    stops = victim_journey(G, "P_kim", dates).stops
    assert (stops[0].stages, stops[0].date, stops[0].date_from) == (["recruited"], "2023-04-20", "event")
    assert {s.date_from for s in stops[1:]} == {"report"}


def test_a_leg_told_by_three_reports_is_one_leg_with_its_evidence():
    G, dates = told_late_case()
    legs = journey_legs(victim_journey(G, "P_kim", dates))
    assert [(leg.origin_name, leg.destination_name) for leg in legs] == [("Half Way Tree", "Negril")]
    assert (legs[0].times_told, legs[0].date, legs[0].date_from) == (3, "2023-05-20", "report")
    assert {s.report_id for s in legs[0].evidence} == {"r1", "r2", "r3"}


def test_stops_on_one_date_follow_the_stages_of_trafficking():
    G, dates = told_late_case()
    dates = dict.fromkeys(dates, "2023-05-20")
    G.edges["P_marcia", "P_kim", 0].pop("event_date")
    stages = [s.stages[0] for s in victim_journey(G, "P_kim", dates).stops]
    assert stages.index("recruited") < stages.index("moved")


def test_a_recruitment_known_only_by_a_late_report_comes_before_the_dated_transport():
    G, dates = told_late_case()
    G.edges["P_marcia", "P_kim", 0].pop("event_date")
    G.edges["P_owen", "P_kim", "r1"]["sentence"] = "On 14 May 2023 Owen drove her from Half Way Tree to Negril."
    stops = victim_journey(G, "P_kim", dates).stops
    assert stops[0].stages == ["recruited"] and stops[0].date_from == "report"
    assert [leg.destination_name for leg in journey_legs(victim_journey(G, "P_kim", dates))] == ["Negril"]
