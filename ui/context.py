"""What every workspace page shares: the signed-in user, the case store as they may see it,
the audit log, the language model, the store picker.

Pages read the case only through :func:`store`, which returns a :class:`governance.guard.GuardedStore`
for the signed-in user (need-to-know and victim pseudonyms in one place). Who is signed in is
decided by :mod:`ui.signin`. The store URL comes from the sidebar (kept in session state),
else ``THREADLINE_STORE``, else ``sqlite:///threadline.db``. Connections and the spaCy
pipeline are opened once per server process with ``st.cache_resource``. A store that cannot
be reached stops the page with a message saying what to check, never a stack trace.
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st

from governance.audit import AuditLog, StoreAnchor
from governance.guard import GuardedStore, guard
from graph.store import DEFAULT_STORE_URL, GraphStore, StoreError, StoreUnavailable, open_store

STORE_URL_KEY = "store_url"


def configured_store_url() -> str:
    return os.environ.get("THREADLINE_STORE") or DEFAULT_STORE_URL


def store_url() -> str:
    return st.session_state.get(STORE_URL_KEY) or configured_store_url()


@st.cache_resource(show_spinner="Opening the case store…", max_entries=4)
def _open(url: str) -> GraphStore:
    return open_store(url)


def show_store_problem(url: str, error: Exception) -> None:
    """A clear message for a store that cannot be used, with what to do about it."""
    if isinstance(error, StoreUnavailable):
        st.error(
            f"**The case store cannot be reached** ({url}).\n\n{error}\n\n"
            "What to do: check the store URL in the sidebar (or `THREADLINE_STORE`). For Neo4j, check the "
            "server is running and `NEO4J_USER` / `NEO4J_PASSWORD` are set; for a case file, check the "
            "path exists and is writable."
        )
    else:
        st.error(f"**The case store could not be opened** ({url}).\n\n{error}")


def store() -> GuardedStore:
    """The case as the signed-in user may see it: their cases only, hidden victims as pseudonyms.
    Stops the page with a message when the store cannot be opened."""
    from ui.signin import current_session

    session = current_session()
    return guard(raw_store(), session.user, session.audit, since=session.started, logged=session.logged)


@st.cache_resource(max_entries=8)
def open_audit(path: str, url: str | None = None) -> AuditLog:
    """The audit log at ``path`` (its head anchored in the case at ``url``), opened once per server process."""
    return AuditLog(path, anchor=StoreAnchor(url))


def raw_store() -> GraphStore:
    """The store itself, unguarded: only for sign-in and governance plumbing, never for display."""
    url = store_url()
    try:
        return _open(url)
    except StoreError as error:
        show_store_problem(url, error)
        st.stop()
        raise  # unreachable: st.stop() raises


def forget_store(url: str | None = None) -> None:
    """Drop the cached connection (after an outage) so the next page run reconnects."""
    _open.clear()


@st.cache_resource(show_spinner="Loading the language model (first time only)…")
def language_model() -> Any:
    """The spaCy pipeline built by ``extract.pipeline.load_pipeline``."""
    from extract.pipeline import load_pipeline  # imported late: spaCy is slow to import

    return load_pipeline()


def extraction_available() -> bool:
    try:
        import extract.pipeline  # noqa: F401
    except ImportError:
        return False
    return True


def store_picker() -> None:
    """Sidebar: which case store the workspace reads and writes (administrators only when users are configured)."""
    from ui.signin import current_session

    if not current_session().user.can("admin"):
        return
    with st.sidebar:
        st.caption("Case store")
        url = st.text_input(
            "Store URL",
            value=store_url(),
            key="store_url_input",
            help="sqlite:///path/to/case.db (default threadline.db) or neo4j://host:7687",
        )
        if url.strip() and url.strip() != store_url():
            st.session_state[STORE_URL_KEY] = url.strip()
            st.rerun()
