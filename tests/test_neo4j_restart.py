"""Neo4j restarting in the middle of a load: every report ends up stored once and whole, and the user is told.

A server of its own (free loopback port, its own data directory) is started with
``tools/neo4j/neo4j-server``; a batch ingest runs in a thread; once part of the case is written
the server is stopped (a clean shutdown, as an admin restarting it would) and started again on
the same data. The load must finish by itself, leave the same case as the embedded store holds
for the same reports (nothing doubled, nothing partial), and have said what happened.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterator

import pytest

from bench.synth import synth_case
from graph.embedded import EmbeddedStore
from graph.model import Extraction, Report
from tests.neo4j_server import _free_port, _log_tail, _server, _unavailable

REPORTS = 240
BATCH = 8  # small batches: many commits, so the stop lands inside a load that is under way
STOP_AFTER = 80  # reports handed to the store before the server is stopped


@pytest.fixture
def own_server(tmp_path) -> Iterator[dict[str, str]]:
    """A local Neo4j nobody else uses (so stopping it disturbs no other test); stopped afterwards."""
    run_dir = tmp_path / "neo4j"
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_DATA_DIR", "NEO4J_RUN_DIR", "NEO4J_LISTEN")}
    env["NEO4J_PASSWORD"] = secrets.token_urlsafe(18)
    address = f"127.0.0.1:{_free_port()}"
    started = _server("start", run_dir, env, "--listen", address)
    if started.returncode != 0:
        _server("stop", run_dir, env)
        _unavailable(f"neo4j-server start: {started.stderr}\n{_log_tail(run_dir)}")
    try:
        yield {"url": f"bolt://{address}", "password": env["NEO4J_PASSWORD"], "run_dir": str(run_dir), **env}
    finally:
        _server("stop", run_dir, env)


def _counting(case: list[tuple[Report, Extraction]], handed: threading.Event) -> Iterator[tuple[Report, Extraction]]:
    """The case, setting ``handed`` once STOP_AFTER reports have gone to the store."""
    for number, item in enumerate(case, start=1):
        if number == STOP_AFTER:
            handed.set()
        yield item


@pytest.mark.neo4j
@pytest.mark.timeout(90, func_only=True)  # the restart and the load; the first start is setup
def test_a_load_survives_a_server_restart_with_every_report_stored_once_and_whole(own_server, tmp_path):
    from graph.neo4j_store import IngestNotice, Neo4jStore

    env = {k: v for k, v in own_server.items() if k not in ("url", "password", "run_dir")}
    case = synth_case(REPORTS)
    store = Neo4jStore(own_server["url"], "neo4j", own_server["password"])
    notices: list[IngestNotice] = []
    outcome: dict[str, object] = {}
    handed = threading.Event()

    def load() -> None:
        try:
            outcome["results"] = store.ingest_many(_counting(case, handed), batch_size=BATCH, on_retry=notices.append)
        except Exception as error:  # the assertion below shows it
            outcome["error"] = error

    loader = threading.Thread(target=load, daemon=True)
    loader.start()
    try:
        assert handed.wait(120), "the load never got going"
        stopped = _server("stop", tmp_path / "neo4j", env)
        assert stopped.returncode == 0, stopped.stderr
        restarted = _server("start", tmp_path / "neo4j", env, "--listen", own_server["url"].removeprefix("bolt://"))
        assert restarted.returncode == 0, restarted.stderr
        loader.join(200)
        assert not loader.is_alive(), "the load did not finish after the server came back"
        assert "error" not in outcome, outcome.get("error")

        reference = EmbeddedStore(tmp_path / "reference.db")
        reference.ingest_many(case)
        assert {r.id for r in store.reports()} == {report.id for report, _ in case}
        assert store.stats() == reference.stats()  # reports, entities, links and mentions: none doubled or lost
        for report, _ in case[STOP_AFTER - 2 * BATCH : STOP_AFTER + 2 * BATCH]:  # around the stop
            assert len(store.mentions_in(report.id)) == len(reference.mentions_in(report.id))
        assert {n.kind for n in notices} >= {"waiting", "recovered"}
        assert all(n.message for n in notices)
        reference.close()
    finally:
        loader.join(5)
        store.close()
