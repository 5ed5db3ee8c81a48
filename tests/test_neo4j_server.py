"""The local Neo4j of tools/neo4j: it starts, asks for the password, and stops cleanly."""

from __future__ import annotations

import os
import socket
import subprocess

import neo4j
import pytest

from graph.neo4j_store import Neo4jStore
from graph.store import StoreUnavailable
from tests.neo4j_server import SERVER_SCRIPT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_server_accepts_the_configured_password(neo4j_connection):
    with neo4j.GraphDatabase.driver(
        neo4j_connection.url, auth=(neo4j_connection.user, neo4j_connection.password)
    ) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one", database_=neo4j_connection.database)
    assert records[0]["one"] == 1


def test_server_refuses_a_wrong_password(neo4j_connection):
    with neo4j.GraphDatabase.driver(neo4j_connection.url, auth=(neo4j_connection.user, "not-the-password")) as driver:
        with pytest.raises(neo4j.exceptions.AuthError):
            driver.verify_connectivity()


def test_store_with_a_wrong_password_says_which_variables_to_check(neo4j_connection):
    with pytest.raises(StoreUnavailable, match="NEO4J_USER and NEO4J_PASSWORD"):
        Neo4jStore(neo4j_connection.url, neo4j_connection.user, "not-the-password")


def test_store_with_no_server_says_how_to_start_one():
    with pytest.raises(StoreUnavailable, match="tools/neo4j/neo4j-server start"):
        Neo4jStore(f"bolt://127.0.0.1:{_free_port()}", "neo4j", "whatever-password")


def test_store_with_a_malformed_url_says_what_a_url_looks_like():
    with pytest.raises(StoreUnavailable, match="neo4j://host:port"):
        Neo4jStore("mongodb://127.0.0.1:27017", "neo4j", "whatever-password")


def test_server_script_refuses_to_start_without_a_password(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    result = subprocess.run(
        [str(SERVER_SCRIPT), "start", "--run-dir", str(tmp_path), "--port", str(_free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "NEO4J_PASSWORD is not set" in result.stderr


@pytest.mark.slow
def test_server_script_starts_reports_status_and_stops_cleanly(tmp_path, neo4j_connection):
    """A second server (the session's one proves the build works) from start to a clean stop."""
    env = {**os.environ, "NEO4J_PASSWORD": "second-server-password"}
    run = [str(SERVER_SCRIPT)]
    where = ["--run-dir", str(tmp_path), "--listen", f"127.0.0.1:{_free_port()}"]

    def server(command: str) -> subprocess.CompletedProcess:
        return subprocess.run(run + [command, *where], env=env, capture_output=True, text=True, timeout=600)

    started = server("start")
    try:
        assert started.returncode == 0, started.stderr
        assert started.stdout.startswith("Neo4j ready on bolt://127.0.0.1:")
        assert server("status").returncode == 0
        assert (tmp_path / "neo4j.pid").exists()
    finally:
        stopped = server("stop")
    assert stopped.returncode == 0
    assert server("status").returncode == 3
    assert not (tmp_path / "neo4j.pid").exists()
    log = (tmp_path / "neo4j.log").read_text()
    assert "Neo4j stopping" in log and log.rstrip().endswith("Neo4j stopped")
