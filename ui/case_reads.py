"""Whole-case reads for the pages, made once per case version and kept between reruns.

Streamlit runs a page's script again on every click. A page that reads the whole case
(every link, every report) through the user's :class:`governance.guard.GuardedStore` pays
for need-to-know scoping and victim pseudonyms on each of those reads; done on every rerun
that is seconds at case scale. Here each such read is cached (``st.cache_data``) under a
:class:`ReadKey`: the store, what the user may see (name, role, cases, revealed victims) and
the **case version**, a fingerprint that changes on ingest, purge, merge, split, rejection
or role change, from this workspace or from the command line, and on any write made on a
page (:func:`case_changed`). A new version is a new key, so nothing stale is ever shown;
old entries age out (``max_entries``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import networkx as nx
import streamlit as st

from governance.guard import GuardedStore
from graph.model import Entity, LinkFilter, Report, StoreStats, Subgraph

T = TypeVar("T")
#: Distinct (version, user, filter) answers kept per read: enough for a few analysts' filters.
KEPT = 16


@dataclass(frozen=True)
class ReadKey:
    """What a cached read depends on: the store, the viewer and the case version."""

    url: str
    viewer: tuple[str, str, tuple[str, ...], tuple[str, ...]]
    version: str


@st.cache_resource
def _write_epochs() -> dict[str, int]:
    """Writes made on the workspace's pages, per store URL (one dict per server process)."""
    return {}


def case_changed(store: GuardedStore) -> None:
    """Call after a page writes to the case (merge, role, purge, ingest, reveal): every cached read is stale."""
    epochs = _write_epochs()
    epochs[store.url] = epochs.get(store.url, 0) + 1


def case_version(store: GuardedStore) -> str:
    """A fingerprint of the case as stored: counts, merges, splits, rejections and people's roles.

    Cheap on both backends (the embedded store answers from its in-memory view) and
    different after any write that changes what a page shows, including writes made by
    `threadline` in another process. Uses the store's own ``case_version()`` when it has one.
    """
    inner = store.inner
    own = getattr(inner, "case_version", None)
    if callable(own):
        return f"{own()}:{_write_epochs().get(store.url, 0)}"
    stats = inner.stats()
    parts: list[Any] = [
        _write_epochs().get(store.url, 0),
        stats.reports,
        sorted(stats.entities.items()),
        sorted(stats.links.items()),
        stats.calls,
        [(m.id, m.undone) for m in inner.merges()],
        [(s.id, getattr(s, "undone", False)) for s in inner.splits()],
        len(inner.rejections()),
        sorted((e.id, str(getattr(e, "role", ""))) for e in inner.entities(["PERSON"])),
    ]
    return hashlib.blake2s(repr(parts).encode("utf-8"), digest_size=12).hexdigest()


def read_key(store: GuardedStore) -> ReadKey:
    """The key of this user's view of the case now (computed once per rerun)."""
    user = store.user
    revealed = tuple(sorted(getattr(store.redactor, "revealed", ()) or ()))
    return ReadKey(store.url, (user.name, user.role, tuple(sorted(user.cases)), revealed), case_version(store))


@dataclass
class CaseReads:
    """The whole-case reads a page needs, each made at most once per case version.

    ``CaseReads(store)`` at the top of a page; then ``reads.reports()``, ``reads.graph(filters)``
    and so on return the same answers as the store's methods, from the cache when the case
    has not changed. ``reads.cached(name, compute, *params)`` caches a page's own derived
    result (key players, communities) under the same key.
    """

    store: GuardedStore
    key: ReadKey = field(init=False)

    def __post_init__(self) -> None:
        self.key = read_key(self.store)

    def reports(self) -> list[Report]:
        return _reports(self.key, self.store)

    def report_titles(self) -> dict[str, str]:
        return {r.id: r.title or r.source for r in self.reports()}

    def report_dates(self) -> dict[str, str | None]:
        return {r.id: r.reported_at for r in self.reports()}

    def stats(self):  # noqa: ANN201 - StoreStats, as the store returns it
        return _stats(self.key, self.store)

    def entities(self, kinds: list[str] | None = None) -> list[Entity]:
        return _entities(self.key, tuple(kinds or ()), self.store)

    def subgraph(self, filters: LinkFilter | None = None) -> Subgraph:
        filters = unrestricted(filters)
        return _subgraph(self.key, repr(filters), self.store, filters)

    def graph(self, filters: LinkFilter | None = None) -> nx.MultiDiGraph:
        filters = unrestricted(filters)
        return _graph(self.key, repr(filters), self.store, filters)

    def cached(self, name: str, compute: Callable[[], T], *params: object) -> T:
        """``compute()`` once per case version and ``params`` (which must describe everything it depends on)."""
        return _derived(
            self.key, name, repr(tuple(unrestricted(p) if isinstance(p, LinkFilter) else p for p in params)), compute
        )


def unrestricted(filters: LinkFilter | None) -> LinkFilter | None:
    """None for a filter that lets everything through, so every page shares one cached whole-case read."""
    return None if filters is None or filters == LinkFilter() else filters


@st.cache_data(show_spinner="Reading the case's reports…", max_entries=KEPT)
def _reports(key: ReadKey, _store: GuardedStore) -> list[Report]:
    return _store.reports()


@st.cache_data(show_spinner=False, max_entries=KEPT)
def _stats(key: ReadKey, _store: GuardedStore) -> StoreStats:
    return _store.stats()


@st.cache_data(show_spinner="Reading the case's entities…", max_entries=KEPT)
def _entities(key: ReadKey, kinds: tuple[str, ...], _store: GuardedStore) -> list[Entity]:
    return _store.entities(list(kinds) or None)


@st.cache_data(show_spinner="Reading the whole case (first time for this version only)…", max_entries=KEPT)
def _subgraph(key: ReadKey, filters_key: str, _store: GuardedStore, _filters: LinkFilter | None) -> Subgraph:
    return _store.subgraph(_filters)


@st.cache_data(show_spinner="Reading the whole case (first time for this version only)…", max_entries=KEPT)
def _graph(key: ReadKey, filters_key: str, _store: GuardedStore, _filters: LinkFilter | None) -> nx.MultiDiGraph:
    return _store.to_networkx(_filters)


@st.cache_data(show_spinner="Working it out (first time for this version only)…", max_entries=4 * KEPT)
def _derived(key: ReadKey, name: str, params_key: str, _compute: Callable[[], Any]) -> Any:
    return _compute()
