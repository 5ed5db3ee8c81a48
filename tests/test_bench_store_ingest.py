"""The Neo4j ingest benchmark's baselines write the graph Threadline writes (never its timings).

Run against the real Neo4j of ``tests/neo4j_server.py``: Threadline's ``ingest_many`` and the
hand-written loaders of ``bench/store_ingest.py`` over the same small synthetic case must leave
the same nodes per label and relationships per type, with the same property keys.
"""

from __future__ import annotations

import neo4j
import pytest

from bench.store_ingest import GraphShape, baseline_schema, graph_shape, per_row_baseline, unwind_baseline, wipe
from bench.synth import synth_case

CASE = synth_case(24)


@pytest.fixture
def driver(neo4j_store, neo4j_connection):
    """A driver on the test server, emptied (by ``neo4j_store``) and with the baselines' schema."""
    with neo4j.GraphDatabase.driver(
        neo4j_connection.url, auth=(neo4j_connection.user, neo4j_connection.password)
    ) as bench_driver:
        baseline_schema(bench_driver)
        yield bench_driver
        wipe(bench_driver)


def threadline_shape(store, driver) -> GraphShape:
    store.ingest_many(CASE)
    shape = graph_shape(driver)
    wipe(driver)
    return shape


def test_the_synthetic_case_has_every_kind_of_relationship_threadline_writes(neo4j_store, driver):
    shape = threadline_shape(neo4j_store, driver)
    assert {"MENTIONS", "NAMES", "HAS_INDICATOR", "RECRUITED", "USES_PHONE"} <= set(shape.relationships)
    assert {"Report", "Entity", "Person", "Phone", "Location", "Indicator"} <= set(shape.nodes)


def test_the_unwind_baseline_stores_the_graph_threadline_stores(neo4j_store, driver):
    ours = threadline_shape(neo4j_store, driver)
    unwind_baseline(driver, CASE, batch=50)  # several transactions per table, as at full size
    assert graph_shape(driver) == ours


def test_the_per_row_baseline_stores_the_graph_threadline_stores(neo4j_store, driver):
    ours = threadline_shape(neo4j_store, driver)
    per_row_baseline(driver, CASE)
    assert graph_shape(driver) == ours


def test_loading_the_baseline_twice_stores_nothing_more(driver):
    unwind_baseline(driver, CASE)
    once = graph_shape(driver)
    unwind_baseline(driver, CASE)
    assert graph_shape(driver) == once


# --- the embedded store's baseline --------------------------------------------------------

EMBEDDED_TABLES = {
    "reports": "id, case_name, title, text",
    "entities": "id, kind, name, properties",
    "aliases": "entity_id, alias, report_id",
    "mentions": 'report_id, entity_id, start, "end", text, label, sentence',
    "links": 'type, source, target, report_id, sentence, start, "end", confidence, method, weight',
    "indicators": 'report_id, category, name, sentence, start, "end", confidence',
}


def _rows(path, table: str) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(path) as db:
        return sorted(db.execute(f"SELECT {EMBEDDED_TABLES[table]} FROM {table}"), key=repr)  # noqa: S608 - fixed names


@pytest.mark.parametrize("table", sorted(EMBEDDED_TABLES))
def test_the_executemany_baseline_writes_the_rows_the_embedded_store_writes(tmp_path, table):
    from bench.store_ingest import executemany_baseline, ingest_embedded

    ingest_embedded(tmp_path / "store.db", CASE)
    executemany_baseline(tmp_path / "plain.db", CASE)
    ours, plain = _rows(tmp_path / "store.db", table), _rows(tmp_path / "plain.db", table)
    assert ours and ours == plain
