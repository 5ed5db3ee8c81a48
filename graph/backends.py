"""Which store a URL names: the one table of backends by URL scheme, and store-URL parsing.

``sqlite:///path/to/case.db`` is the embedded store (:mod:`graph.embedded`, a SQLite file);
``neo4j://host:port`` (and ``neo4j+s``, ``bolt``... ) is a Neo4j server (:mod:`graph.neo4j_store`)
with credentials from ``NEO4J_USER``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``. With no URL,
``THREADLINE_STORE``, else ``sqlite:///threadline.db``. Every part of Threadline that reads a
store URL (the command line, the workspace, the audit log's default place) asks this module.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph.store import GraphStore, StoreError

DEFAULT_STORE_URL = "sqlite:///threadline.db"


class StoreMissing(StoreError):
    """A read of a case file that does not exist (a mistyped path must not create an empty case)."""


@dataclass(frozen=True)
class StoreURL:
    """A parsed store URL: its scheme, and for a case file, the file's path."""

    url: str
    scheme: str
    path: Path | None = None  # the case file of an embedded store

    @property
    def embedded(self) -> bool:
        return self.path is not None


def configured_store_url(url: str | None = None) -> str:
    """``url``, else ``THREADLINE_STORE``, else the default case file ``./threadline.db``."""
    return url or os.environ.get("THREADLINE_STORE") or DEFAULT_STORE_URL


def parse_store_url(url: str | None = None) -> StoreURL:
    """The parts of a store URL (see the module docstring); StoreError for one no backend reads."""
    url = configured_store_url(url)
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in BACKENDS:
        raise StoreError(f"Unknown store URL {url!r}: use {' or '.join(EXAMPLES)}")
    if scheme == "sqlite":
        if not rest.startswith("/") or rest == "/":
            raise StoreError(f"A case file URL has three slashes and a path: sqlite:///case.db, not {url!r}")
        return StoreURL(url, scheme, Path(rest.removeprefix("/")))
    return StoreURL(url, scheme)


def case_file(url: str | None = None) -> Path | None:
    """The SQLite file an embedded store URL names (None for a server)."""
    return parse_store_url(url).path


def _open_embedded(location: StoreURL, create: bool) -> GraphStore:
    from graph.embedded import EmbeddedStore

    assert location.path is not None
    if not create and not location.path.exists():
        raise StoreMissing(
            f"No case file at {location.path}: check the path (or THREADLINE_STORE), "
            "or create the case by ingesting reports into it"
        )
    return EmbeddedStore(location.path)


def _open_neo4j(location: StoreURL, create: bool) -> GraphStore:
    from graph.neo4j_store import Neo4jStore

    return Neo4jStore(
        location.url,
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=os.environ.get("NEO4J_PASSWORD", ""),
        database=os.environ.get("NEO4J_DATABASE") or None,
    )


#: URL scheme -> how a store of that kind is opened.
BACKENDS: dict[str, Callable[[StoreURL, bool], GraphStore]] = {
    "sqlite": _open_embedded,
    "neo4j": _open_neo4j,
    "neo4j+s": _open_neo4j,
    "neo4j+ssc": _open_neo4j,
    "bolt": _open_neo4j,
    "bolt+s": _open_neo4j,
    "bolt+ssc": _open_neo4j,
}
EXAMPLES = ("sqlite:///path/to/case.db", "neo4j://host:port")


def open_store(url: str | None = None, *, create: bool = True) -> GraphStore:
    """Open the store a URL names (see the module docstring).

    With ``create=False`` a case file that does not exist is refused (:class:`StoreMissing`)
    instead of being made empty: read commands use it so a mistyped path says so.
    """
    location = parse_store_url(url)
    return BACKENDS[location.scheme](location, create)
