"""Pytest plugin: a real Neo4j server for the tests, and a fresh Neo4j store per test.

``neo4j_connection`` (session): the server to use. ``THREADLINE_TEST_NEO4J_URL`` (with
``NEO4J_USER`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``) when it is set and answers; otherwise
the local server of ``tools/neo4j`` is started on a free loopback port, with a temporary data
directory and a generated password, and stopped when the session ends. When no server can be
had the Neo4j tests are skipped, or fail when ``THREADLINE_REQUIRE_NEO4J=1``.

``neo4j_store`` (function): a :class:`graph.neo4j_store.Neo4jStore` on that server, emptied
before the test and closed after it. The tests empty the database: never point
``THREADLINE_TEST_NEO4J_URL`` at real case data.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SERVER_SCRIPT = REPO_ROOT / "tools" / "neo4j" / "neo4j-server"
#: The first start builds the server from Maven Central, which can take minutes on a clean machine.
START_TIMEOUT_S = 900
NEO4J_FIXTURES = ("neo4j_connection", "neo4j_store")


@dataclass(frozen=True)
class Neo4jConnection:
    """Where the test Neo4j is and how to log in."""

    url: str
    user: str
    password: str
    database: str | None = None


def _required() -> bool:
    return os.environ.get("THREADLINE_REQUIRE_NEO4J") == "1"


def _unavailable(message: str) -> NoReturn:
    if _required():
        pytest.fail(f"Neo4j is required (THREADLINE_REQUIRE_NEO4J=1) but unavailable:\n{message}", pytrace=False)
    pytest.skip(f"Neo4j unavailable: {message.splitlines()[0] if message else ''}")


def _answers(connection: Neo4jConnection) -> str | None:
    """None when the server accepts these credentials, else why not."""
    import neo4j

    try:
        with neo4j.GraphDatabase.driver(
            connection.url, auth=(connection.user, connection.password), connection_timeout=5
        ) as driver:
            driver.verify_connectivity()
    except Exception as error:  # any failure means "not usable"; the message says which
        return f"{type(error).__name__}: {error}"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _log_tail(run_dir: Path, lines: int = 40) -> str:
    log = run_dir / "neo4j.log"
    if not log.exists():
        return ""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def _server(command: str, run_dir: Path, env: dict[str, str], *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SERVER_SCRIPT), command, "--run-dir", str(run_dir), *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
        check=False,
    )


@pytest.fixture(scope="session")
def neo4j_connection(tmp_path_factory) -> Iterator[Neo4jConnection]:
    """A Neo4j server for this test session (see the module docstring)."""
    external_url = os.environ.get("THREADLINE_TEST_NEO4J_URL")
    if external_url:
        external = Neo4jConnection(
            external_url,
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
            os.environ.get("NEO4J_DATABASE") or None,
        )
        if _answers(external) is None:
            yield external
            return

    run_dir = tmp_path_factory.mktemp("neo4j")
    password = secrets.token_urlsafe(18)
    # The user's own server settings must not leak in: the test server gets its own data directory.
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_DATA_DIR", "NEO4J_RUN_DIR", "NEO4J_LISTEN")}
    env["NEO4J_PASSWORD"] = password
    for _attempt in range(2):  # a free port can be taken before the server binds it: try another once
        address = f"127.0.0.1:{_free_port()}"
        try:
            started = _server("start", run_dir, env, "--listen", address)
        except (OSError, subprocess.TimeoutExpired) as error:
            _server("stop", run_dir, env)
            _unavailable(f"{SERVER_SCRIPT} start: {error}\n{_log_tail(run_dir)}")
        if started.returncode == 0 or "Address already in use" not in _log_tail(run_dir):
            break
    if started.returncode != 0:
        _unavailable(
            f"{SERVER_SCRIPT} start exited with {started.returncode}\n{started.stdout}{started.stderr}\n"
            f"{_log_tail(run_dir)}"
        )
    try:
        yield Neo4jConnection(f"bolt://{address}", "neo4j", password)
    finally:
        _server("stop", run_dir, env)


@pytest.fixture
def neo4j_store(neo4j_connection):
    """A Neo4jStore on the session's server, emptied before the test and closed after it."""
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore(
        neo4j_connection.url, neo4j_connection.user, neo4j_connection.password, neo4j_connection.database
    )
    store.clear()
    yield store
    store.close()


def pytest_collection_modifyitems(items) -> None:
    """Mark every test that needs the server ``neo4j``, so ``-m "not neo4j"`` leaves them out."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        uses_server = any(name in getattr(item, "fixturenames", ()) for name in NEO4J_FIXTURES)
        if uses_server or (callspec is not None and callspec.params.get("any_store") == "neo4j"):
            item.add_marker(pytest.mark.neo4j)
