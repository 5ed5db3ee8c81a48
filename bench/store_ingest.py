"""Ingest speed: relationships written per second by Threadline's stores against plain baselines.

Embedded store: ``EmbeddedStore.ingest`` over a synthetic case against plain ``executemany``
of the same rows into the same SQLite schema, one transaction per report in both (the
store's unit of atomicity). Neo4j: Threadline's writes against one MERGE query per row and
against a hand-written ``UNWIND $rows MERGE`` loader (``bench/cypher/``), on a throw-away
server started with ``tools/neo4j/neo4j-server`` (or the one ``THREADLINE_BENCH_NEO4J_URL``
names, which is emptied; ``THREADLINE_BENCH_NEO4J=off`` skips Neo4j). Both baselines write the
graph Threadline writes (same nodes, relationships, properties, constraints and indexes, under
``Bench*`` labels); the benchmark counts what each side stored and says whether they agree.

"Relationships" are, for the embedded store, mentions plus typed links; for Neo4j, every
relationship stored (``MENTIONS``, ``NAMES``, typed links, ``HAS_INDICATOR``), counted in the database.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import socket
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.common import BenchResult, fmt_rate, ratio, scaled, timed
from bench.synth import synth_case
from graph.model import NODE_LABELS, Extraction, Report

REPO_ROOT = Path(__file__).resolve().parent.parent
NEO4J_SERVER = REPO_ROOT / "tools" / "neo4j" / "neo4j-server"
CYPHER_DIR = Path(__file__).resolve().parent / "cypher"

EMBEDDED_BAR = 0.8  # Threadline's ingest vs executemany of the same rows
NEO4J_PER_ROW_BAR = 50.0  # Threadline's batched writes vs one MERGE query per row
NEO4J_UNWIND_BAR = 0.8  # Threadline's batched writes vs a hand-written UNWIND MERGE
UNWIND_BATCH = 1000  # rows per UNWIND transaction in the hand-written baseline
NEO4J_ROUNDS = 3  # alternated runs of Threadline's ingest and the UNWIND baseline; the best of each counts
PER_ROW_ROUNDS = 2  # runs of the per-row baseline (a row a commit: slow, so fewer); the best counts

Case = list[tuple[Report, Extraction]]


def relationships(case: Case) -> int:
    """Edges a case writes: every mention and every typed link."""
    return sum(len(extraction.mentions) + len(extraction.links) for _, extraction in case)


# --- embedded store --------------------------------------------------------------------


def ingest_embedded(path: Path, case: Case) -> None:
    """Threadline's way: one ``EmbeddedStore.ingest`` per report."""
    from graph.embedded import EmbeddedStore

    with EmbeddedStore(path) as store:
        for report, extraction in case:
            store.ingest(report, extraction)


def executemany_baseline(path: Path, case: Case, per_report: bool = True) -> None:
    """The same rows into the same schema with plain ``executemany``: no checks, no upserts.

    Same tables and rows as the store writes (reports, entities with their properties, the
    names entities and mentions give, mentions, links, indicators): only the bookkeeping differs.

    ``per_report`` commits once per report, as the store must; otherwise one transaction for all.
    """
    from graph.embedded import INSERT_REPORT, SCHEMA

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)
    if not per_report:
        db.execute("BEGIN")
    for report, extraction in case:
        if per_report:
            db.execute("BEGIN")
        r = report
        db.execute(
            INSERT_REPORT,
            (r.id, r.case, r.title, r.kind, r.source, r.reported_at, "2026-01-01T00:00:00+00:00", r.source_grading,
             r.information_grading, r.handling_code, r.author, r.reference, None, r.ocr, r.text),
        )  # fmt: skip
        db.executemany(
            "INSERT OR IGNORE INTO entities (id, kind, name, properties) VALUES (?, ?, ?, ?)",
            [(e.id, e.kind, e.name, json.dumps(e.properties())) for e in extraction.entities],
        )
        db.executemany(
            "INSERT OR IGNORE INTO aliases (entity_id, alias, report_id) VALUES (?, ?, ?)",
            [(e.id, a, r.id) for e in extraction.entities for a in {e.name, *e.aliases}]
            + [(m.entity_id, m.text, r.id) for m in extraction.mentions if m.label != "PHONE"],
        )
        db.executemany(
            'INSERT OR IGNORE INTO mentions (report_id, entity_id, start, "end", text, label, sentence) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(r.id, m.entity_id, m.start, m.end, m.text, m.label, m.sentence) for m in extraction.mentions],
        )
        db.executemany(
            'INSERT OR REPLACE INTO links (type, source, target, report_id, sentence, start, "end", confidence, '
            "method, weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (k.type, k.source, k.target, r.id, k.sentence, k.start, k.end, k.confidence, k.method, k.weight)
                for k in extraction.links
            ],
        )
        db.executemany(
            'INSERT OR IGNORE INTO indicators (report_id, category, name, sentence, start, "end", confidence) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(r.id, i.category, i.name, i.sentence, i.start, i.end, i.confidence) for i in extraction.indicators],
        )
        if per_report:
            db.execute("COMMIT")
    if not per_report:
        db.execute("COMMIT")
    db.close()


def bench_embedded(case: Case) -> BenchResult:
    edges = relationships(case)
    with tempfile.TemporaryDirectory(prefix="threadline-bench-") as tmp:
        # Alternate the two so a burst of load from elsewhere hits both; keep the best of each.
        ours, theirs, bulk = [], [], []
        for attempt in range(3):
            ours.append(timed(lambda a=attempt: ingest_embedded(Path(tmp) / f"ours{a}.db", case))[0])
            theirs.append(timed(lambda a=attempt: executemany_baseline(Path(tmp) / f"plain{a}.db", case))[0])
        bulk.append(timed(lambda: executemany_baseline(Path(tmp) / "bulk.db", case, per_report=False))[0])
    best_ours, best_theirs = min(ours), min(theirs)
    return BenchResult(
        "ingest.embedded_vs_executemany",
        ratio(best_theirs, best_ours),
        EMBEDDED_BAR,
        f"{len(case)} reports, {edges} relationships: Threadline {fmt_rate(edges, best_ours, 'rel')}, "
        f"executemany per report {fmt_rate(edges, best_theirs, 'rel')}, "
        f"executemany in one transaction {fmt_rate(edges, bulk[0], 'rel')}",
    )


# --- Neo4j -----------------------------------------------------------------------------


def cypher(name: str) -> str:
    """A benchmark baseline query from ``bench/cypher/NAME.cypher``."""
    return (CYPHER_DIR / f"{name}.cypher").read_text(encoding="utf-8")


def _statements(text: str) -> list[str]:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]


@dataclass
class Neo4jServer:
    url: str
    user: str
    password: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def neo4j_server() -> Iterator[Neo4jServer]:
    """A Neo4j to benchmark against: ``THREADLINE_BENCH_NEO4J_URL``, or a throw-away local server.

    The local server runs on a free port with a temporary data directory and a generated
    password, and is stopped on the way out whatever happens.
    """
    given = os.environ.get("THREADLINE_BENCH_NEO4J_URL")
    if given:
        yield Neo4jServer(given, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
        return
    with tempfile.TemporaryDirectory(prefix="threadline-bench-neo4j-") as run_dir:
        port = _free_port()
        password = secrets.token_urlsafe(18)
        env = {
            **os.environ,
            "NEO4J_PASSWORD": password,
            "NEO4J_HEAP": os.environ.get("NEO4J_HEAP", "2g"),
            "NEO4J_PAGECACHE": os.environ.get("NEO4J_PAGECACHE", "1g"),  # a 1M-node case fits in it
        }
        arguments = ["--port", str(port), "--run-dir", run_dir, "--timeout", "240"]
        started = subprocess.run(
            [str(NEO4J_SERVER), "start", *arguments], env=env, capture_output=True, text=True, check=False
        )
        try:
            if started.returncode != 0:
                raise RuntimeError(f"tools/neo4j/neo4j-server start failed: {started.stderr.strip()[-300:]}")
            yield Neo4jServer(f"bolt://127.0.0.1:{port}", "neo4j", password)
        finally:
            subprocess.run([str(NEO4J_SERVER), "stop", "--run-dir", run_dir], env=env, capture_output=True, check=False)


BASELINE_TABLES = ("reports", "entities", "names", "mentions", "links", "indicators")  # in the order written
REVIEW_BY = "2031-01-01"  # every report's review date in the baselines (Threadline's default is 5 years on)


def baseline_rows(case: Case) -> dict[str, list[dict[str, Any]]]:
    """The rows of the graph Threadline writes for ``case``, for the hand-written loaders.

    The same nodes, relationships and properties as ``Neo4jStore.ingest_many``: each report with all
    its fields; each entity once, with its kind's label, its fields and every name the case gives it;
    one ``NAMES`` per entity a report names or uses (the names that report gives it: the entity's
    name, its aliases, and the text of its mentions, phones aside); ``MENTIONS`` with the id, text
    and label; typed links with the ids written and the evidence; indicators as nodes.
    """
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in BASELINE_TABLES}
    entities: dict[str, dict[str, Any]] = {}
    aliases: dict[str, dict[str, None]] = {}
    for report, extraction in case:
        properties = asdict(report)
        properties["ingested_at"] = report.ingested_at or "2026-01-01T00:00:00+00:00"
        properties["review_by"] = report.review_by or REVIEW_BY
        rows["reports"].append(properties)
        names: dict[str, dict[str, None]] = {}
        for entity in extraction.entities:
            names.setdefault(entity.id, {}).update(dict.fromkeys(a for a in (entity.name, *entity.aliases) if a))
            row = entities.setdefault(
                entity.id,
                {"id": entity.id, "kind": entity.kind, "label": f"Bench{NODE_LABELS[entity.kind]}",
                 "name": entity.name, "properties": {}},
            )  # fmt: skip
            for key, value in entity.properties().items():  # the first value that says something
                if row["properties"].get(key) in (None, "", "unknown"):
                    row["properties"][key] = value
        for mention in extraction.mentions:
            names.setdefault(mention.entity_id, {})
            if mention.label != "PHONE" and mention.text:
                names[mention.entity_id][mention.text] = None
            rows["mentions"].append(
                {"report": report.id, "entity": mention.entity_id, "start": mention.start, "end": mention.end,
                 "text": mention.text, "label": mention.label, "sentence": mention.sentence}
            )  # fmt: skip
        for link in extraction.links:
            names.setdefault(link.source, {})
            names.setdefault(link.target, {})
            rows["links"].append(
                {"type": link.type, "source": link.source, "target": link.target, "report": report.id,
                 "properties": {"source_id": link.source, "target_id": link.target, "sentence": link.sentence,
                                "start": link.start, "end": link.end, "confidence": link.confidence,
                                "method": link.method, "weight": link.weight}}
            )  # fmt: skip
        rows["indicators"] += [{**asdict(i), "report": report.id} for i in extraction.indicators]
        for entity_id, given in names.items():
            rows["names"].append({"report": report.id, "entity": entity_id, "aliases": list(given)})
            aliases.setdefault(entity_id, {}).update(given)
    rows["entities"] = [{**row, "aliases": list(aliases.get(entity_id, {}))} for entity_id, row in entities.items()]
    return rows


def wipe(driver) -> None:
    """Empty the benchmark database in batches of 10,000 (one huge delete would exhaust its memory)."""
    with driver.session() as session:
        session.run(cypher("wipe")).consume()


def baseline_schema(driver) -> None:
    """Create the baselines' constraints and indexes (Threadline's schema, under Bench* labels)."""
    with driver.session() as session:
        for statement in _statements(cypher("baseline_constraints")):
            session.run(statement).consume()


def unwind_baseline(driver, case: Case, batch: int = UNWIND_BATCH) -> None:
    """The hand-written loader: ``UNWIND $rows MERGE`` in transactions of ``batch`` rows."""
    rows = baseline_rows(case)
    with driver.session() as session:
        for table in BASELINE_TABLES:
            query = cypher(f"baseline_{table}")
            for start in range(0, len(rows[table]), batch):
                chunk = rows[table][start : start + batch]
                session.execute_write(lambda tx, q=query, c=chunk: tx.run(q, rows=c).consume())


def per_row_baseline(driver, case: Case) -> None:
    """The same queries one row at a time, each its own auto-commit transaction."""
    rows = baseline_rows(case)
    with driver.session() as session:
        for table in BASELINE_TABLES:
            query = cypher(f"baseline_{table}")
            for row in rows[table]:
                session.run(query, rows=[row]).consume()


@dataclass(frozen=True)
class GraphShape:
    """What a database holds: how many nodes per label and relationships per type, and how many of
    them carry each set of property keys.

    Labels are given without the baselines' ``Bench`` prefix, so Threadline's graph and a
    baseline's compare equal when they hold the same.
    """

    nodes: dict[str, int]
    relationships: dict[str, int]
    node_properties: dict[tuple[str, frozenset[str]], int]  # (label, property keys) -> nodes
    relationship_properties: dict[tuple[str, frozenset[str]], int]  # (type, property keys) -> relationships

    @property
    def relationship_total(self) -> int:
        return sum(self.relationships.values())


def graph_shape(driver) -> GraphShape:
    """Count what the database holds (see :class:`GraphShape`)."""
    shape = GraphShape({}, {}, {}, {})
    records, _, _ = driver.execute_query(cypher("graph_shape"))
    for record in records:
        if record["kind"] == "node":
            name, counts, properties = record["name"].removeprefix("Bench"), shape.nodes, shape.node_properties
        else:
            name, counts, properties = record["name"], shape.relationships, shape.relationship_properties
        counts[name] = counts.get(name, 0) + record["count"]
        keys = (name, frozenset(record["keys"]))
        properties[keys] = properties.get(keys, 0) + record["count"]
    return shape


def ingest_neo4j(server: Neo4jServer, case: Case) -> tuple[float, str]:
    """Threadline's way: seconds the Neo4j store's batch ingest takes, and what it used.

    The store is opened (connection checked, schema created) before the clock starts, as the
    baseline's constraints are created before its clock starts.
    """
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore(server.url, user=server.user, password=server.password, database=None)
    try:
        batch = getattr(store, "ingest_many", None)
        if callable(batch):
            return timed(lambda: batch(case))[0], "Neo4jStore.ingest_many"
        return timed(lambda: [store.ingest(r, e) for r, e in case])[0], "Neo4jStore.ingest per report"
    finally:
        store.close()


def neo4j_available() -> str | None:
    """Why the Neo4j benchmarks cannot run here, or None when they can."""
    if os.environ.get("THREADLINE_BENCH_NEO4J", "").lower() in ("0", "off", "no", "false"):
        return "THREADLINE_BENCH_NEO4J=off"
    if importlib.util.find_spec("graph.neo4j_store") is None:
        return "graph/neo4j_store.py is not available yet"
    if not os.environ.get("THREADLINE_BENCH_NEO4J_URL") and not NEO4J_SERVER.exists():
        return "no THREADLINE_BENCH_NEO4J_URL and no tools/neo4j/neo4j-server"
    return None


def bench_neo4j(case: Case, per_row_case: Case) -> list[BenchResult]:
    names = ("ingest.neo4j_vs_merge_per_row", "ingest.neo4j_vs_unwind")
    bars = (NEO4J_PER_ROW_BAR, NEO4J_UNWIND_BAR)
    reason = neo4j_available()
    if reason:
        return [BenchResult.skip(n, b, reason) for n, b in zip(names, bars, strict=True)]
    import neo4j

    try:
        with neo4j_server() as server:
            driver = neo4j.GraphDatabase.driver(
                server.url, auth=(server.user, server.password), notifications_min_severity="OFF"
            )
            try:
                # A fresh server is slow for its first few loads (JIT, query plans, store files growing):
                # each side loads the case once untimed. Then alternate the two, first one then the
                # other, and keep the best of each.
                baseline_schema(driver)
                for warm_up in (lambda: ingest_neo4j(server, case), lambda: unwind_baseline(driver, case)):
                    wipe(driver)
                    warm_up()
                runs: dict[str, list[float]] = {"ours": [], "unwind": []}
                shapes: dict[str, GraphShape] = {}
                for attempt in range(NEO4J_ROUNDS):
                    for side in ("ours", "unwind") if attempt % 2 == 0 else ("unwind", "ours"):
                        wipe(driver)
                        if side == "ours":
                            seconds, how = ingest_neo4j(server, case)
                        else:
                            seconds = timed(lambda: unwind_baseline(driver, case))[0]
                        runs[side].append(seconds)
                        shapes[side] = graph_shape(driver)
                wipe(driver)
                per_row_baseline(driver, per_row_case[: max(1, len(per_row_case) // 10)])  # warm up, untimed
                wipe(driver)
                per_row_runs = []
                for _attempt in range(PER_ROW_ROUNDS):
                    wipe(driver)
                    per_row_runs.append(timed(lambda: per_row_baseline(driver, per_row_case))[0])
                    shapes["per_row"] = graph_shape(driver)
                wipe(driver)
                per_row = min(per_row_runs)
            finally:
                driver.close()
    except Exception as error:  # the server or the store failing is a finding, not a crash of the harness
        return [BenchResult.skip(n, b, f"Neo4j run failed: {error}") for n, b in zip(names, bars, strict=True)]
    ours, unwind = min(runs["ours"]), min(runs["unwind"])
    edges, unwind_edges = shapes["ours"].relationship_total, shapes["unwind"].relationship_total
    per_row_edges = shapes["per_row"].relationship_total
    our_rate, unwind_rate, per_row_rate = edges / ours, unwind_edges / unwind, per_row_edges / per_row
    same = "the same graph" if shapes["ours"] == shapes["unwind"] else "NOT the same graph as Threadline"
    common = (
        f"{len(case)} reports, {edges} relationships ({_by_type(shapes['ours'])}); "
        f"Threadline ({how}) {fmt_rate(edges, ours, 'rel')}"
    )
    return [
        BenchResult(
            names[0],
            ratio(our_rate, per_row_rate),
            NEO4J_PER_ROW_BAR,
            f"{common}; one MERGE per row {fmt_rate(per_row_edges, per_row, 'rel')} ({len(per_row_case)} reports, "
            f"best of {PER_ROW_ROUNDS}); "
            f"the hand-written UNWIND loader is {ratio(unwind_rate, per_row_rate):.3g}x per-row",
        ),
        BenchResult(
            names[1],
            ratio(our_rate, unwind_rate),
            NEO4J_UNWIND_BAR,
            f"{common}; hand-written UNWIND MERGE ({UNWIND_BATCH} rows/tx, {same}) "
            f"{fmt_rate(unwind_edges, unwind, 'rel')}; best of {NEO4J_ROUNDS} alternated after a warm-up of each",
        ),
    ]


def _by_type(shape: GraphShape) -> str:
    """``"MENTIONS 2100, NAMES 1700, links 900, HAS_INDICATOR 300"``: the relationships counted."""
    named = ("MENTIONS", "NAMES", "HAS_INDICATOR")
    links = sum(n for kind, n in shape.relationships.items() if kind not in named)
    return ", ".join(f"{kind} {shape.relationships.get(kind, 0)}" for kind in named[:2]) + (
        f", links {links}, HAS_INDICATOR {shape.relationships.get('HAS_INDICATOR', 0)}"
    )


def run(quick: bool) -> list[BenchResult]:
    """Embedded ingest vs executemany; Neo4j ingest vs per-row MERGE and vs UNWIND MERGE."""
    n_reports = scaled(1_000 if quick else 10_000, minimum=10)
    case = synth_case(n_reports)
    neo4j_case = case[: scaled(300 if quick else 10_000, minimum=10)]  # a server round trip per report is slow
    per_row_case = case[: scaled(100 if quick else 500, minimum=5)]
    return [bench_embedded(case), *bench_neo4j(neo4j_case, per_row_case)]
