"""Graph view benchmark: HTML bytes per node, and build time against pyvis's own ``generate_html``.

For views of 100, 500 and 2,000 entities (a synthetic case: people, phones, places, typed
links with sentences and calls) it measures

* bytes of the page per node, the inlined vis-network library (~690 KB, the same for every
  view) counted separately: bar <= 1 KB per node;
* time to build the page with :func:`render.graph_view.render_network` (collapse, tooltips,
  legend, escaping; a seeded server-side layout above 300 nodes) as a ratio to pyvis 0.3.2
  building the same nodes and edges with ``add_node``/``add_edge`` and ``generate_html``
  (no escaping, no layout, library from a CDN), both timed in the same run.
"""

from __future__ import annotations

import random
import sys

import networkx as nx

from bench.common import BenchResult, best_of, ratio, scaled

SIZES = (100, 500, 2_000)
BYTES_PER_NODE_BAR = 1024.0
#: Small views: same work as pyvis plus escaping, collapse and legend.
SMALL_TIME_BAR = 3.0
#: Big views add the seeded spring layout pyvis leaves to the browser.
LAYOUT_TIME_BAR = 8.0

RELATIONS = ("RECRUITED", "TRANSPORTED", "HARBOURED", "EXPLOITED", "ASSOCIATE_OF", "PAID", "CONTROLS", "CO_MENTIONED")
GIVEN = ("Marcia", "Owen", "Gloria", "Desmond", "Clifton", "Kimone", "Tashana", "Renee", "Joan", "Horace")
FAMILY = ("Dunbar", "Blackwood", "Salmon", "Whitfield", "Ebanks", "Gayle", "Rowe", "Ferguson", "Linton", "Mairs")
PLACES = ("Negril", "Savanna-la-Mar", "Kingston", "Ocho Rios", "Lucea", "Mandeville", "Port Antonio", "Half Way Tree")


def synthetic_view(n_nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """A case-like view: 70 % people, 20 % phones, 10 % places; ~3 links per entity, each with a sentence."""
    rng = random.Random(seed)
    shape = nx.barabasi_albert_graph(n_nodes, 2, seed=seed)
    graph = nx.MultiDiGraph()
    for node in shape.nodes:
        draw = rng.random()
        if draw < 0.7:
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {node}"
            graph.add_node(f"P_{node}", kind="PERSON", name=name, aliases=[name.split()[0]], role="suspect")
        elif draw < 0.9:
            graph.add_node(f"P_{node}", kind="PHONE", name=f"+1876555{node % 10_000:04d}", aliases=[])
        else:
            graph.add_node(f"P_{node}", kind="LOCATION", name=f"{rng.choice(PLACES)} {node}", aliases=[])
    for a, b in shape.edges:
        u, v = f"P_{a}", f"P_{b}"
        link_type = rng.choice(RELATIONS)
        for report in range(rng.choice((1, 1, 2))):
            sentence = (
                f"{graph.nodes[u]['name']} {link_type.lower().replace('_', ' ')} {graph.nodes[v]['name']} "
                f"according to the source, in report {report} of the case."
            )
            graph.add_edge(u, v, key=f"{link_type}|R_{report}", type=link_type, report_id=f"R_{report}",
                           sentence=sentence, confidence=rng.random(), method="rule")  # fmt: skip
        if graph.nodes[u]["kind"] == "PHONE" and graph.nodes[v]["kind"] == "PHONE":
            graph.add_edge(u, v, key="CALLED", type="CALLED", count=rng.randint(1, 40), total_s=rng.randint(10, 9000),
                           first="2023-05-01T10:00:00-05:00", last="2023-07-01T10:00:00-05:00")  # fmt: skip
    return graph


def pyvis_baseline(graph: nx.MultiDiGraph) -> str:
    """pyvis's own way: one node per entity, one edge per link, titles as given, ``generate_html``."""
    from pyvis.network import Network

    net = Network(height="640px", width="100%", directed=True)
    for node, data in graph.nodes(data=True):
        net.add_node(node, label=data["name"], title=f"{data['name']} ({data['kind']})")
    for u, v, data in graph.edges(data=True):
        net.add_edge(u, v, label=data["type"], title=data.get("sentence", ""))
    return net.generate_html()


def run(quick: bool = False) -> list[BenchResult]:
    from render.graph_view import SERVER_LAYOUT_THRESHOLD, library_bytes, render_network

    library = library_bytes()
    results = []
    for size in SIZES[:2] if quick else SIZES:
        n = scaled(size, 20)
        graph = synthetic_view(n)
        html = render_network(graph)
        per_node = (len(html.encode("utf-8")) - library) / n
        baseline_html = pyvis_baseline(graph)
        results.append(
            BenchResult(
                f"view.html_bytes_per_node_{size}",
                ratio(per_node, 1.0),
                BYTES_PER_NODE_BAR,
                f"{n} entities, {graph.number_of_edges()} links: page {len(html):,} bytes, of which vis-network "
                f"{library:,}; {per_node:.0f} bytes per node (pyvis page: {len(baseline_html):,} bytes, "
                "library from a CDN, unescaped)",
                direction="lower",
            )
        )
        ours = best_of(lambda graph=graph: render_network(graph), 3)
        theirs = best_of(lambda graph=graph: pyvis_baseline(graph), 3)
        laid_out = n > SERVER_LAYOUT_THRESHOLD
        results.append(
            BenchResult(
                f"view.build_time_vs_pyvis_{size}",
                ratio(ours, theirs),
                LAYOUT_TIME_BAR if laid_out else SMALL_TIME_BAR,
                f"{n} entities: render_network {ours * 1000:.0f} ms"
                f"{' (includes the seeded server-side layout)' if laid_out else ''}; "
                f"pyvis add_node/add_edge + generate_html {theirs * 1000:.0f} ms",
                direction="lower",
            )
        )
        print(f"bench.view: {size} done", file=sys.stderr)
    return results


if __name__ == "__main__":
    for result in run(quick="--quick" in sys.argv):
        print(f"{result.name:38} {result.ratio:9.3f}  bar {result.bar_text:8}  {'met' if result.met else 'NOT MET'}")
        print(f"    {result.detail}")
