"""Shared fixtures: a fresh store of each backend, so one test runs unchanged on both; and the
guard that keeps the test run away from the user's own files.

``any_store`` is parametrised over the embedded store and the real Neo4j server that
``tests/neo4j_server.py`` starts (see tools/neo4j). When THREADLINE_REQUIRE_NEO4J=1 (the
test command sets it) a Neo4j that cannot start fails the run instead of skipping.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore

if importlib.util.find_spec("tests.neo4j_server") is not None:
    pytest_plugins = ["tests.neo4j_server"]

#: Multi-user and Neo4j sessions refuse the public development pseudonym key: the tests (and the
#: servers they start) run under a key of their own; tests of the refusal unset it.
os.environ.setdefault("THREADLINE_PSEUDONYM_SECRET", "the test suite's pseudonym key")

REPO_ROOT = Path(__file__).resolve().parent.parent
DEV_CORPUS = REPO_ROOT / "tests" / "data" / "dev_corpus"  # vendored: the tests never read outside the repo


#: What a test must never touch: the case, demo case and audit log of whoever runs the tests.
USERS_FILES = ("audit.db", "threadline.db", "sample_case.db", "config/users.toml")
#: Settings of the person running the tests that must not reach them.
USER_SETTINGS = ("THREADLINE_STORE", "THREADLINE_AUDIT", "THREADLINE_USERS", "THREADLINE_USER", "THREADLINE_PASSWORD")


def users_files() -> dict[str, tuple[int, int] | None]:
    """Size and modification time of each of the user's files in the checkout (None: absent)."""
    found = {}
    for name in (*USERS_FILES, *(p.name for p in REPO_ROOT.glob("*.db*"))):
        path = REPO_ROOT / name
        found[name] = (path.stat().st_size, path.stat().st_mtime_ns) if path.exists() else None
    return found


@pytest.fixture(scope="session", autouse=True)
def away_from_the_users_files(tmp_path_factory):
    """The whole run works in a temporary directory with none of the user's THREADLINE_* settings,
    so a default store (./threadline.db) or audit log (./audit.db) is never the user's own."""
    patch = pytest.MonkeyPatch()
    for name in USER_SETTINGS:
        patch.delenv(name, raising=False)
    patch.chdir(tmp_path_factory.mktemp("working-directory"))
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def leaves_the_users_files_alone():
    """Fail the test that wrote to the checkout's case or audit files, naming them."""
    before = users_files()
    yield
    changed = sorted(name for name, state in users_files().items() if before.get(name) != state)
    if changed:
        pytest.fail(f"this test touched the user's files in the checkout: {', '.join(changed)}")


@pytest.fixture(autouse=True)
def audit_log_in_the_tests_folder(tmp_path, monkeypatch):
    """Every test's audit log is its own (``tmp_path/audit.db``, where a case file in tmp_path
    keeps it anyway) unless the test sets THREADLINE_AUDIT itself: none writes ./audit.db, whose
    records (users added) would make another test's case refuse single-user mode."""
    monkeypatch.setenv("THREADLINE_AUDIT", str(tmp_path / "audit.db"))


@pytest.fixture
def embedded_store(tmp_path):
    store = EmbeddedStore(tmp_path / "case.db")
    yield store
    store.close()


@pytest.fixture(params=["embedded", "neo4j"])
def any_store(request, tmp_path):
    """A fresh, empty store of each backend in turn."""
    if request.param == "embedded":
        store = EmbeddedStore(tmp_path / "case.db")
        yield store
        store.close()
    else:
        yield request.getfixturevalue("neo4j_store")


def pytest_terminal_summary(terminalreporter):
    """Say how many conformance tests ran on each backend, so a skipped Neo4j is visible."""
    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            if "test_store_conformance.py" not in nodeid or getattr(report, "when", "call") not in ("call", "setup"):
                continue
            if outcome == "passed" and report.when != "call":
                continue
            backend = "neo4j" if "[neo4j" in nodeid else "embedded" if "[embedded" in nodeid else None
            if backend:
                counts.setdefault(backend, {}).setdefault(outcome, 0)
                counts[backend][outcome] += 1
    if counts:
        terminalreporter.write_sep("-", "store conformance by backend")
        for backend, by_outcome in sorted(counts.items()):
            terminalreporter.write_line(f"{backend}: " + ", ".join(f"{n} {o}" for o, n in sorted(by_outcome.items())))
