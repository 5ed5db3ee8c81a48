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

from typing import Any

import streamlit as st

from casework.session import CaseSession
from governance.guard import GuardedStore, guard
from graph.backends import open_store
from graph.store import GraphStore, StoreError, StoreUnavailable
from ui.signin import current_session
from ui.store_choice import STORE_URL_KEY, store_url


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


def case_session() -> CaseSession:
    """The signed-in user at work on the chosen store (see :mod:`casework.session`).
    Stops the page with a message when the store cannot be opened."""
    signed_in = current_session()
    guarded = guard(raw_store(), signed_in.user, signed_in.audit, since=signed_in.started, logged=signed_in.logged)
    return CaseSession(
        signed_in.user, guarded, signed_in.audit, signed_in.settings, local=signed_in.local, started=signed_in.started
    )


def store() -> GuardedStore:
    """The case as the signed-in user may see it: their cases only, hidden victims as pseudonyms."""
    return case_session().store


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
