"""The graph view: air-gapped, escaped, styled by kind, laid out server-side when big."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from graph.model import Link, Location, Person, Phone, Subgraph
from render.graph_view import (
    KIND_STYLES,
    SERVER_LAYOUT_THRESHOLD,
    pinned_layout,
    render_network,
    saved_layout,
    script_json,
)

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "'; alert(1); '",
    "<!-- comment",
]


def hostile_case() -> Subgraph:
    people = [Person(id=f"P_{i}", name=name, aliases=[name + " alias"]) for i, name in enumerate(HOSTILE)]
    phone = Phone(id="PH_+18765550122", name="+18765550122")
    links = [
        Link("USES_PHONE", person.id, phone.id, "R_1", sentence=f"{person.name} uses the phone href=x", confidence=0.9)
        for person in people
    ]
    return Subgraph(entities=[*people, phone], links=links)


def small_case() -> Subgraph:
    dunbar = Person(id="P_dunbar", name="Marcia Dunbar", role="suspect")
    gayle = Person(id="P_gayle", name="Kimone Gayle", role="victim")
    negril = Location(id="L_negril", name="Negril", parish="Westmoreland")
    phone = Phone(id="PH_+18765550122", name="+18765550122")
    links = [
        Link("RECRUITED", dunbar.id, gayle.id, "R_1", sentence="Marcia Dunbar recruited Kimone Gayle.", confidence=0.6),
        Link(
            "RECRUITED",
            dunbar.id,
            gayle.id,
            "R_2",
            sentence="Miss Pearl recruited Kimone in Half Way Tree.",
            confidence=0.9,
        ),
        Link("USES_PHONE", dunbar.id, phone.id, "R_1", sentence="Dunbar uses 876-555-0122.", confidence=0.8),
        Link("LOCATED_AT", gayle.id, negril.id, "R_2", sentence="Kimone went to Negril.", confidence=0.5),
    ]
    return Subgraph(entities=[dunbar, gayle, negril, phone], links=links)


def dataset(html: str, name: str) -> list[dict]:
    match = re.search(rf"var {name} = new vis\.DataSet\((.*?)\);\n", html)
    assert match, f"no {name} DataSet in the page"
    return json.loads(match.group(1))


def test_page_loads_nothing_from_the_network():
    html = render_network(small_case())
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    for host in ("cdnjs.cloudflare.com", "cdn.jsdelivr.net", "unpkg.com", "bootstrap"):
        assert host not in html.lower()


def test_vis_network_library_is_inlined():
    html = render_network(small_case())
    assert "vis.Network" in html
    assert len(html) > 400_000  # the library itself travels with the page


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_names_never_reach_the_page_unescaped(hostile):
    html = render_network(hostile_case(), heading=hostile, note=hostile, highlight=["P_0"])
    assert hostile not in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<svg onload" not in html


def test_script_json_cannot_close_the_script_element():
    encoded = str(script_json({"name": "</script><!--\u2028\u2029&"}))
    assert "</" not in encoded and "<!--" not in encoded
    assert "\u2028" not in encoded and "\u2029" not in encoded
    assert json.loads(encoded) == {"name": "</script><!--\u2028\u2029&"}


def test_hostile_names_survive_as_data_for_the_canvas():
    html = render_network(hostile_case())
    labels = {node["label"] for node in dataset(html, "nodes")}
    assert set(HOSTILE) <= labels


def test_nodes_are_grouped_and_shaped_by_kind():
    nodes = {n["id"]: n for n in dataset(render_network(small_case()), "nodes")}
    assert nodes["P_dunbar"]["group"] == "PERSON"
    assert nodes["P_dunbar"]["shape"] == KIND_STYLES["PERSON"].shape
    assert nodes["L_negril"]["shape"] == KIND_STYLES["LOCATION"].shape
    assert nodes["PH_+18765550122"]["shape"] == KIND_STYLES["PHONE"].shape


def test_legend_names_each_kind_and_relation_in_view():
    html = render_network(small_case())
    legend = html[html.index('id="threadline-legend"') : html.index('id="threadline-network"')]
    for label in ("Person (2)", "Location (1)", "Phone (1)", "RECRUITED", "USES_PHONE", "LOCATED_AT"):
        assert label in legend
    assert "Vehicle" not in legend


def test_parallel_evidence_becomes_one_wider_edge_with_the_best_sentence():
    edges = dataset(render_network(small_case()), "edges")
    recruited = [e for e in edges if e["label"] == "RECRUITED"]
    assert len(recruited) == 1
    assert recruited[0]["value"] == 2
    assert "Miss Pearl recruited Kimone in Half Way Tree." in recruited[0]["title"]
    assert "2 piece(s) of evidence in 2 report(s)" in recruited[0]["title"]


def test_nodes_are_sized_by_the_chosen_measure():
    nodes = {n["id"]: n for n in dataset(render_network(small_case(), measure={"P_gayle": 0.75}), "nodes")}
    assert nodes["P_gayle"]["value"] == 0.75
    assert nodes["P_dunbar"]["value"] == 0.0


def test_default_size_is_distinct_neighbours():
    nodes = {n["id"]: n for n in dataset(render_network(small_case()), "nodes")}
    assert nodes["P_dunbar"]["value"] == 2.0  # Gayle and the phone


def test_searched_entity_is_highlighted():
    nodes = {n["id"]: n for n in dataset(render_network(small_case(), highlight=["P_gayle"]), "nodes")}
    assert nodes["P_gayle"]["borderWidth"] == 4
    assert "borderWidth" not in nodes["P_dunbar"]


def test_small_views_use_browser_physics():
    html = render_network(small_case())
    assert '"physics":{"enabled":true' in html
    assert all("x" not in node for node in dataset(html, "nodes"))


def test_big_views_are_laid_out_on_the_server_without_physics():
    big = nx.barabasi_albert_graph(SERVER_LAYOUT_THRESHOLD + 50, 2, seed=1)
    graph = nx.MultiDiGraph()
    for node in big.nodes:
        graph.add_node(f"P_{node}", kind="PERSON", name=f"Person {node}")
    for a, b in big.edges:
        graph.add_edge(f"P_{a}", f"P_{b}", type="ASSOCIATE_OF", sentence="", confidence=0.5, report_id="R_1")
    html = render_network(graph)
    assert '"physics":{"enabled":false' in html
    assert all("x" in node and "y" in node for node in dataset(html, "nodes"))


def test_server_layout_is_reproducible():
    big = nx.MultiDiGraph(nx.path_graph(SERVER_LAYOUT_THRESHOLD + 10))
    nx.set_node_attributes(big, "PERSON", "kind")
    assert render_network(big, seed=3) == render_network(big, seed=3)


def test_calls_are_drawn_as_dashed_edges_with_counts():
    graph = nx.MultiDiGraph()
    graph.add_node("PH_+18765550152", kind="PHONE", name="+18765550152")
    graph.add_node("PH_+18765550122", kind="PHONE", name="+18765550122")
    graph.add_edge(
        "PH_+18765550152", "PH_+18765550122", key="CALLED", type="CALLED", count=12, total_s=1800,
        first="2023-05-07T10:52:00-05:00", last="2023-07-01T09:00:00-05:00",
    )  # fmt: skip
    (edge,) = dataset(render_network(graph), "edges")
    assert edge["dashes"] == [10, 4, 2, 4]  # the dash-dot of the calls family
    assert edge["value"] == 12
    assert "12 call(s), 30 min 2023-05-07 to 2023-07-01" in edge["title"]


def test_each_relation_family_has_its_own_line_pattern_and_each_relation_its_own_colour():
    from render.graph_view import LINK_STYLES

    families: dict[str, set[tuple[int, ...]]] = {}
    for style in LINK_STYLES.values():
        families.setdefault(style.family, set()).add(style.dashes)
    assert all(len(patterns) == 1 for patterns in families.values())
    assert len({next(iter(p)) for p in families.values()}) >= 4  # solid, dashed, dotted, dash-dot
    act = [LINK_STYLES[t].colour for t in ("RECRUITED", "TRANSPORTED", "TRANSFERRED", "HARBOURED", "RECEIVED")]
    assert len(set(act)) == 5


def test_a_view_is_saved_where_the_analyst_left_its_entities():
    view = small_case()
    drawn = {"P_dunbar": [10.0, 20.0], "P_gayle": [-40.5, 3.0], "L_negril": [0, 0], "PH_+18765550122": [7, 7]}
    assert saved_layout(view, drawn) == {k: [float(x), float(y)] for k, (x, y) in drawn.items()}


def test_an_undragged_view_is_saved_with_its_seeded_layout():
    view = small_case()
    assert saved_layout(view) == saved_layout(view, {}) == pinned_layout(view)


def test_entities_the_drawing_lacks_take_their_seeded_place_and_strangers_are_dropped():
    view = small_case()
    layout = saved_layout(view, {"P_dunbar": [10.0, 20.0], "P_elsewhere": [1.0, 1.0]})
    assert layout["P_dunbar"] == [10.0, 20.0] and "P_elsewhere" not in layout
    assert layout["P_gayle"] == pinned_layout(view)["P_gayle"]
