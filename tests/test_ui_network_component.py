"""The workable network's data (ui.network_component.view_data): short labels, "+N more", hidden nodes, layouts."""

from __future__ import annotations

import networkx as nx

from render.graph_view import REJECTED_COLOUR, RejectedEdge
from ui.network_component import LABEL_CHARS, drawn_positions, short_label, view_data


def ring(n: int, long_name: str = "") -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for i in range(n):
        graph.add_node(f"P_{i}", kind="PERSON", name=long_name if (long_name and i == 0) else f"Person {i}")
    for i in range(n):
        graph.add_edge(f"P_{i}", f"P_{(i + 1) % n}", key=f"ASSOCIATE_OF|R{i}", type="ASSOCIATE_OF", report_id=f"R{i}")
    return graph


def test_a_two_thousand_character_name_is_cut_on_the_label_and_kept_whole_in_the_tooltip():
    name = "Desmond " * 250
    node = next(n for n in view_data(ring(4, name))["nodes"] if n["id"] == "P_0")
    assert len(node["label"]) == LABEL_CHARS and node["label"].endswith("…")
    assert node["title"].startswith(" ".join(name.split()))


def test_a_node_with_neighbours_not_drawn_says_how_many():
    node = next(n for n in view_data(ring(4), more={"P_1": 7})["nodes"] if n["id"] == "P_1")
    assert node["label"] == "Person 1 +7"
    assert "7 more linked entities not drawn" in node["title"]


def test_hidden_nodes_and_their_links_are_left_out():
    data = view_data(ring(4), hidden=["P_2"])
    assert {n["id"] for n in data["nodes"]} == {"P_0", "P_1", "P_3"}
    assert all("P_2" not in (e["from"], e["to"]) for e in data["edges"])
    assert data["hidden"] == ["P_2"]


def test_past_a_few_hundred_nodes_positions_are_precomputed_and_physics_is_off():
    data = view_data(ring(400))
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])


def test_recruitment_is_drawn_top_down():
    data = view_data(ring(5), hierarchical=True)
    assert data["options"]["layout"]["hierarchical"]["direction"] == "UD"
    assert all("x" not in n for n in data["nodes"])


def test_the_same_view_has_the_same_signature_and_a_changed_one_another():
    assert view_data(ring(5))["signature"] == view_data(ring(5))["signature"]
    assert view_data(ring(5))["signature"] != view_data(ring(6))["signature"]


def test_short_labels_fold_whitespace():
    assert short_label("Marcia\n  Dunbar") == "Marcia Dunbar"


def test_a_crowded_view_labels_only_its_biggest_nodes_and_keeps_every_tooltip():
    data = view_data(ring(100), measure={f"P_{i}": float(i) for i in range(100)}, highlight=["P_0"])
    labelled = {n["id"] for n in data["nodes"] if n["label"]}
    assert labelled == {f"P_{i}" for i in range(60, 100)} | {"P_0"}
    assert all(n["title"] for n in data["nodes"])


def test_a_rejected_link_is_drawn_grey_and_dashed_only_when_asked_for():
    rejected = [RejectedEdge("P_0", "P_2", "HARBOURED", "misread")]
    assert not [e for e in view_data(ring(4))["edges"] if "rejected" in str(e.get("label", ""))]
    (edge,) = [e for e in view_data(ring(4), rejected=rejected)["edges"] if e.get("label") == "rejected HARBOURED"]
    assert (edge["from"], edge["to"], edge["color"], edge["dashes"]) == ("P_0", "P_2", REJECTED_COLOUR, True)
    assert "misread" in edge["title"]


def test_drawn_positions_keep_the_views_entities_and_two_finite_numbers_only():
    raw = {
        "P_0": [12.34, -5],
        "P_1": [float("nan"), 1.0],
        "P_2": ["1", 2],
        "P_3": [True, 2],
        "P_4": [1.0, 2.0, 3.0],
        "P_5": [1e12, 0],
        "P_elsewhere": [1.0, 1.0],
        "<img src=x>": [1.0, 1.0],
    }
    shown = ["P_0", "P_1", "P_2", "P_3", "P_4", "P_5"]
    assert drawn_positions(raw, shown) == {"P_0": [12.3, -5.0]}


def test_drawn_positions_of_something_else_are_none():
    assert drawn_positions(None, ["P_0"]) == {} and drawn_positions([[1, 2]], ["P_0"]) == {}
