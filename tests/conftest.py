"""Shared fixtures: a fresh store of each backend, so one test runs unchanged on both.

``any_store`` is parametrised over the embedded store and the real Neo4j server that
``tests/neo4j_server.py`` starts (see tools/neo4j). When THREADLINE_REQUIRE_NEO4J=1 (the
test command sets it) a Neo4j that cannot start fails the run instead of skipping.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore

if importlib.util.find_spec("tests.neo4j_server") is not None:
    pytest_plugins = ["tests.neo4j_server"]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEV_CORPUS = REPO_ROOT.parent / "shared" / "data" / "dev_corpus"


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
