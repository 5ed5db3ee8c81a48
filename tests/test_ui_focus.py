"""Pure shaping of what the pages draw (ui.focus): the top of the case, neighbours not drawn,
the recruitment diagram, places on the map."""

from __future__ import annotations

import networkx as nx

from graph.analysis import recruitment_chains, recruitment_tree
from graph.model import Location
from ui.focus import neighbour_sets, place_coordinates, recruitment_diagram, top_of_case


def star(leaves: int) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_node("hub", kind="PERSON", name="Hub")
    for i in range(leaves):
        graph.add_node(f"L{i}", kind="PERSON", name=f"Leaf {i}")
        graph.add_edge("hub", f"L{i}", key=f"RECRUITED|R{i}", type="RECRUITED", report_id=f"R{i}", sentence="s")
    return graph


def test_the_top_of_the_case_keeps_the_highest_scores_and_the_ones_asked_for():
    graph = star(10)
    scores = {"hub": 1.0, **{f"L{i}": i / 100 for i in range(10)}}
    view = top_of_case(graph, scores, 3, keep=["L0"])
    assert set(view.nodes) == {"hub", "L9", "L8", "L0"}


def test_neighbour_sets_count_each_neighbour_once_either_direction():
    graph = star(3)
    graph.add_edge("L0", "hub", key="ASSOCIATE_OF|R9", type="ASSOCIATE_OF")
    assert neighbour_sets(graph)["hub"] == {"L0", "L1", "L2"}
    assert neighbour_sets(graph)["L0"] == {"hub"}


def test_the_recruitment_diagram_holds_only_recruitment_links_around_the_person():
    graph = star(2)
    graph.add_node("boss", kind="PERSON", name="Boss")
    graph.add_edge("boss", "hub", key="RECRUITED|R7", type="RECRUITED", report_id="R7", sentence="s")
    graph.add_edge("boss", "hub", key="PAID|R8", type="PAID", report_id="R8")
    diagram = recruitment_diagram(graph, recruitment_chains(graph, "hub"), recruitment_tree(graph, "hub"))
    assert set(diagram.nodes) == {"boss", "hub", "L0", "L1"}
    assert {d["type"] for _, _, d in diagram.edges(data=True)} == {"RECRUITED"}


def test_a_place_without_coordinates_is_placed_from_the_gazetteer():
    assert place_coordinates(Location("L_negril", "Negril")) is not None
    assert place_coordinates(Location("L_x", "Nowhere Special Lounge")) is None
    assert place_coordinates(Location("L_y", "Somewhere", lat=18.0, lon=-77.0)) == (18.0, -77.0)


def test_a_view_one_hop_short_of_its_read_counts_what_each_node_has_beyond_it():
    from graph.model import Link, Person, Subgraph
    from ui.focus import missing_in, within_hops

    people = [Person(f"P{i}", f"Person {i}") for i in range(4)]
    chain = [Link("ASSOCIATE_OF", f"P{i}", f"P{i + 1}", "R", "s", 0, 1, 1.0, "rule") for i in range(3)]
    wider = Subgraph(people, chain, [])
    drawn = within_hops(wider, ["P0"], 2)
    assert {e.id for e in drawn.entities} == {"P0", "P1", "P2"}
    assert missing_in(wider, drawn) == {"P2": 1}
