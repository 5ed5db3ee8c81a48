"""Which case store the workspace is on: the sidebar's choice (kept in session state), else
``THREADLINE_STORE``, else the default case file (:func:`graph.backends.configured_store_url`)."""

from __future__ import annotations

import streamlit as st

from graph.backends import configured_store_url

STORE_URL_KEY = "store_url"


def store_url() -> str:
    return st.session_state.get(STORE_URL_KEY) or configured_store_url()
