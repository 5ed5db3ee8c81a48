"""Query speed on a large case: Threadline's calls against the bare networkx / rapidfuzz calls they wrap.

A :class:`bench.synth.SynthGraph` (1,000,000 entities and links in full mode, 50,000 with
``--quick``) is written straight into an embedded store's SQLite file and, as the same
links, into an edge list. Measured, p50 and p95 over many random starts, Threadline's call
against the bare library call on the same graph:

- 2-hop neighbourhood: ``store.neighbourhood([id], hops=2)`` vs a breadth-first search
  (``single_source_shortest_path_length(cutoff=2)``) and the induced subgraph's edges;
- shortest path: ``graph.analysis.paths.shortest_paths`` on ``store.to_networkx()`` vs
  ``nx.shortest_path`` on the same graph;
- search: ``store.search`` vs ``rapidfuzz.process.extract`` over the folded names;
- opening the case: ``EmbeddedStore`` up to its first answer vs ``nx.read_edgelist`` of the
  same edge list, each in a fresh interpreter that also reports its peak memory.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from bench.common import BenchResult, current_rss_mb, interleaved, ratio, scaled, timed
from bench.synth import SynthGraph, write_embedded
from graph.model import Entity, Extraction, Link, Report, make_entity

QUERY_BAR = 2.0  # Threadline's call at most this many times the bare call it wraps
OPEN_BAR = 3.0  # opening the embedded store at most this many times nx.read_edgelist
EDGE_DATA = [("type", str), ("report_id", str)]


def build_large_case(directory: Path, n_nodes: int, n_edges: int, seed: int = 7) -> tuple[SynthGraph, Path, Path]:
    """The synthetic case as an embedded store file and as an edge list, in ``directory``."""
    graph = SynthGraph(n_nodes, n_edges, seed)
    db_path, edgelist_path = directory / "large.db", directory / "large.edgelist"
    write_embedded(db_path, graph)
    graph.write_edgelist(edgelist_path)
    return graph, db_path, edgelist_path


# --- opening the case, in a fresh interpreter ------------------------------------------------


def _open_in_this_process(what: str, path: str) -> dict[str, float]:
    """Load the case one way and report seconds and memory (run by :func:`measure_open`)."""
    before = current_rss_mb()
    start = time.perf_counter()
    if what == "store":
        from graph.embedded import EmbeddedStore

        store = EmbeddedStore(path)
        store.get_entity("P_0000000")  # the first read builds the case view
        nodes = len(store._case_view().graph)  # noqa: SLF001 - size check only
    else:
        graph = nx.read_edgelist(path, create_using=nx.MultiDiGraph, data=EDGE_DATA)
        nodes = len(graph)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rss_mb": current_rss_mb() - before, "nodes": nodes}


def measure_open(what: str, path: Path) -> dict[str, float]:
    """Seconds and resident memory (MiB, above a bare interpreter with the imports) to load the case."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench.queries", "--open", what, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def bench_open(db_path: Path, edgelist_path: Path, n_edges: int, repeat: int) -> BenchResult:
    ours = [measure_open("store", db_path) for _ in range(repeat)]
    theirs = [measure_open("edgelist", edgelist_path) for _ in range(repeat)]
    best_ours = min(ours, key=lambda m: m["seconds"])
    best_theirs = min(theirs, key=lambda m: m["seconds"])
    return BenchResult(
        "query.open_store_vs_read_edgelist",
        ratio(best_ours["seconds"], best_theirs["seconds"]),
        OPEN_BAR,
        f"{n_edges} links: embedded store {best_ours['seconds']:.2f} s, {best_ours['rss_mb']:.0f} MiB; "
        f"nx.read_edgelist {best_theirs['seconds']:.2f} s, {best_theirs['rss_mb']:.0f} MiB",
        direction="lower",
    )


# --- queries on the open case ----------------------------------------------------------------


def _people(graph: SynthGraph, rng: random.Random, count: int) -> list[str]:
    nodes = []
    while len(nodes) < count:
        node = rng.randrange(graph.n_nodes)
        if graph.kind_of(node) == "PERSON":
            nodes.append(graph.node_id(node))
    return nodes


def bare_neighbourhood(G: nx.MultiDiGraph, U: nx.MultiGraph, entity_id: str, hops: int = 2) -> list:
    """What ``neighbourhood`` wraps: a bounded breadth-first search over ``U`` (``G`` as an
    undirected view, made once) and the links of the subgraph it reaches."""
    reached = nx.single_source_shortest_path_length(U, entity_id, cutoff=hops)
    return list(G.subgraph(reached).edges(keys=True, data=True))


def bench_neighbourhood(store, G: nx.MultiDiGraph, starts: list[str]) -> BenchResult:
    U = G.to_undirected(as_view=True)
    ours, bare = interleaved(lambda e: store.neighbourhood([e], hops=2), lambda e: bare_neighbourhood(G, U, e), starts)
    sizes = [len(store.neighbourhood([e], hops=2).entities) for e in starts[:20]]
    return BenchResult(
        "query.neighbourhood_2hop_vs_networkx",
        ratio(ours.p50, bare.p50),
        QUERY_BAR,
        f"{len(G)} nodes, {sum(sizes) / len(sizes):.0f} entities per answer: Threadline {ours}; "
        f"networkx BFS + subgraph {bare}",
        direction="lower",
    )


def _pairs(G: nx.MultiDiGraph, starts: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """Pairs of connected entities a few hops apart (a random walk of 3 to 6 steps from each start)."""
    U = G.to_undirected(as_view=True)
    pairs = []
    for start in starts:
        node = start
        for _ in range(rng.randint(3, 6)):
            neighbours = list(U[node])
            if not neighbours:
                break
            node = rng.choice(neighbours)
        if node != start:
            pairs.append((start, node))
    return pairs


def _read_every_hop(paths: list) -> list:
    """What the Paths page does with an answer: read each hop's strength and evidence."""
    return [(hop.strength, hop.evidence) for path in paths for hop in path.hops]


def bench_shortest_path(G: nx.MultiDiGraph, pairs: list[tuple[str, str]], seconds_to_networkx: float) -> BenchResult:
    """One shortest path per pair, unweighted, on the same undirected view of the same graph.

    ``shortest_paths`` answers with the entities and names on the path; each hop reads its
    strength and evidence when asked (``Hop``). The detail also times the answer with every
    hop read, and the bare search against ``nx.bidirectional_shortest_path``, the BFS that
    ``nx.shortest_path`` dispatches to here.
    """
    from graph.analysis.paths import shortest_paths

    U = G.to_undirected(as_view=True)
    same = sum(shortest_paths(G, a, b, limit=1)[0].nodes == nx.shortest_path(U, a, b) for a, b in pairs)
    ours, bare = interleaved(
        lambda p: shortest_paths(G, p[0], p[1], limit=1), lambda p: nx.shortest_path(U, p[0], p[1]), pairs
    )
    read, bare_read = interleaved(
        lambda p: _read_every_hop(shortest_paths(G, p[0], p[1], limit=1)),
        lambda p: nx.shortest_path(U, p[0], p[1]),
        pairs,
    )
    ours_bfs, bfs = interleaved(
        lambda p: shortest_paths(G, p[0], p[1], limit=1), lambda p: nx.bidirectional_shortest_path(U, p[0], p[1]), pairs
    )
    return BenchResult(
        "query.shortest_path_vs_networkx",
        ratio(ours.p50, bare.p50),
        QUERY_BAR,
        f"{len(G)} nodes, {len(pairs)} pairs ({same} answered with the same entities by both): "
        f"graph.analysis.paths.shortest_paths {ours}; nx.shortest_path {bare}. With every hop's evidence read: "
        f"{ratio(read.p50, bare_read.p50):.2f}x ({read}). Against nx.bidirectional_shortest_path: "
        f"{ratio(ours_bfs.p50, bfs.p50):.2f}x. store.to_networkx() took {seconds_to_networkx:.1f} s once",
        direction="lower",
    )


def _search_queries(store, starts: list[str], rng: random.Random) -> list[str]:
    return _typos([store.get_entity(entity_id).name for entity_id in starts], rng)


def _typos(names: list[str], rng: random.Random) -> list[str]:
    """Exact names, prefixes of a surname, and names with two letters swapped (typos), in turn."""
    queries = []
    for number, name in enumerate(names):
        if number % 3 == 0:
            queries.append(name)
        elif number % 3 == 1:
            queries.append(name.split()[-1][:5])
        else:
            i = rng.randrange(1, len(name) - 2)
            queries.append(name[:i] + name[i + 1] + name[i] + name[i + 2 :])
    return queries


def bench_search(store, queries: list[str]) -> BenchResult:
    from rapidfuzz import fuzz, process

    from graph.search import FUZZY_THRESHOLD, fold

    names = [fold(n) for e in store.entities() for n in (e.name, *e.aliases)]
    # the first search builds the name index, once per case view (as the baseline's name list is made untimed)
    build_seconds, _ = timed(lambda: store.search("warm up"))
    ours, bare = interleaved(
        lambda q: store.search(q, limit=20),
        lambda q: process.extract(fold(q), names, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=20),
        queries,
    )
    return BenchResult(
        "query.search_vs_rapidfuzz",
        ratio(ours.p50, bare.p50),
        QUERY_BAR,
        f"{len(names)} names ({len(set(names))} distinct): store.search {ours}; rapidfuzz.process.extract {bare}; "
        f"the first search, building the name index, took {build_seconds:.2f} s",
        direction="lower",
    )


# --- the same questions asked of Neo4j ----------------------------------------------------

NEO4J_NAMES = ("query.neo4j_neighbourhood_2hop_vs_cypher", "query.neo4j_search_vs_fulltext")


def graph_as_reports(graph: SynthGraph) -> list[tuple[Report, Extraction]]:
    """The synthetic graph as reports of ``links_per_report`` links each, for a store's own ``ingest``."""
    entities: dict[str, Entity] = {}
    for entity_id, kind, name, properties in graph.entity_rows():
        entities[entity_id] = make_entity(kind, entity_id, name, **json.loads(properties))
    case: list[tuple[Report, Extraction]] = []
    rows = list(graph.link_rows())
    for number in range(graph.n_reports):
        chunk = rows[number * graph.links_per_report : (number + 1) * graph.links_per_report]
        report = Report.from_text(f"Synthetic link list {graph.seed}/{number}.", title=f"Link list {number}")
        links = [Link(row[0], row[1], row[2], report.id, *row[4:]) for row in chunk]
        named = {end: entities[end] for link in links for end in (link.source, link.target)}
        case.append((report, Extraction(entities=list(named.values()), links=links)))
    return case


def bench_neo4j_queries(quick: bool, rng: random.Random) -> list[BenchResult]:
    """2-hop neighbourhood and search through ``Neo4jStore`` against the bare Cypher on the same server."""
    from bench.store_ingest import cypher, neo4j_available, neo4j_server, wipe

    reason = neo4j_available()
    if reason:
        return [BenchResult.skip(name, QUERY_BAR, reason, "lower") for name in NEO4J_NAMES]
    import neo4j

    from graph.neo4j_store import Neo4jStore, fulltext_query

    try:
        from graph.neo4j_store import SEARCH_CANDIDATES as candidates
    except ImportError:
        candidates = 200
    n_nodes = scaled(5_000 if quick else 1_000_000, minimum=200)
    graph = SynthGraph(n_nodes, n_nodes)
    case = graph_as_reports(graph)
    starts = [s for s in _people(graph, rng, scaled(100 if quick else 300, minimum=10))]
    try:
        with neo4j_server() as server:
            store = Neo4jStore(server.url, user=server.user, password=server.password)
            driver = neo4j.GraphDatabase.driver(
                server.url, auth=(server.user, server.password), notifications_min_severity="OFF"
            )
            try:
                wipe(driver)
                started = time.perf_counter()
                batch = getattr(store, "ingest_many", None)
                if callable(batch):
                    batch(case)
                else:
                    for report, extraction in case:
                        store.ingest(report, extraction)
                load_seconds = time.perf_counter() - started
                starts = [s for s in starts if store.get_entity(s) is not None]
                hood = cypher("bare_neighbourhood")
                ours, bare = interleaved(
                    lambda e: store.neighbourhood([e], hops=2),
                    lambda e: driver.execute_query(hood, id=e, routing_=neo4j.RoutingControl.READ),
                    starts,
                )
                names = [store.get_entity(e).name for e in starts[: scaled(30, minimum=3)]]
                queries = _typos(names, rng)
                find = cypher("bare_search")
                ours_search, bare_search = interleaved(
                    lambda q: store.search(q, limit=20),
                    lambda q: driver.execute_query(
                        find, query=fulltext_query(q), limit=candidates, routing_=neo4j.RoutingControl.READ
                    ),
                    queries,
                )
            finally:
                driver.close()
                store.close()
    except Exception as error:  # a server that will not start is reported, not raised
        return [BenchResult.skip(name, QUERY_BAR, f"Neo4j run failed: {error}", "lower") for name in NEO4J_NAMES]
    loaded = f"{len(case)} reports, {graph.n_edges} links loaded through the store in {load_seconds:.0f} s"
    return [
        BenchResult(
            NEO4J_NAMES[0],
            ratio(ours.p50, bare.p50),
            QUERY_BAR,
            f"{loaded}: Neo4jStore.neighbourhood {ours}; one bare Cypher query {bare}",
            direction="lower",
        ),
        BenchResult(
            NEO4J_NAMES[1],
            ratio(ours_search.p50, bare_search.p50),
            QUERY_BAR,
            f"Neo4jStore.search {ours_search}; bare full-text query ({candidates} candidates) {bare_search}",
            direction="lower",
        ),
    ]


def run(quick: bool) -> list[BenchResult]:
    """Open, 2-hop neighbourhood, shortest path and search on a 1M-node case (50k with quick)."""
    from graph.embedded import EmbeddedStore

    n_nodes = scaled(50_000 if quick else 1_000_000, minimum=200)
    n_starts = scaled(200 if quick else 500, minimum=10)
    rng = random.Random(11)
    results = []
    with tempfile.TemporaryDirectory(prefix="threadline-bench-queries-") as tmp:
        graph, db_path, edgelist_path = build_large_case(Path(tmp), n_nodes, n_nodes)
        results.append(bench_open(db_path, edgelist_path, graph.n_edges, repeat=2 if quick else 1))
        with EmbeddedStore(db_path) as store:
            G = store._case_view().graph  # noqa: SLF001 - the very graph the store traverses
            starts = _people(graph, rng, n_starts)
            results.append(bench_neighbourhood(store, G, starts))
            queries = _search_queries(store, starts[: scaled(30 if quick else 10, minimum=3)], rng)
            results.append(bench_search(store, queries))
            started = time.perf_counter()
            case_graph = store.to_networkx()
            seconds_to_networkx = time.perf_counter() - started
        del G
        pairs = _pairs(case_graph, starts[: scaled(100 if quick else 50, minimum=5)], rng)
        results.append(bench_shortest_path(case_graph, pairs, seconds_to_networkx))
        del case_graph
    results += bench_neo4j_queries(quick, rng)
    return results


if __name__ == "__main__":  # used by measure_open: python -m bench.queries --open store|edgelist PATH
    if len(sys.argv) == 4 and sys.argv[1] == "--open":
        print(json.dumps(_open_in_this_process(sys.argv[2], sys.argv[3])))
    else:
        sys.exit("usage: python -m bench.queries --open store|edgelist PATH (or run: python -m bench --only queries)")
