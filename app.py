"""Threadline investigation workspace: `streamlit run app.py`. Navigation only; each page lives in ui/pages/."""

from __future__ import annotations

import streamlit as st

from graph.store import StoreError
from ui.context import forget_store, show_store_problem, store_picker, store_url

st.set_page_config(page_title="Threadline", page_icon="🧵", layout="wide")

PAGES = {
    "Case": [
        st.Page("ui/pages/overview.py", title="Overview", icon="🏠", default=True),
        st.Page("ui/pages/ingest.py", title="Ingest", icon="📥"),
        st.Page("ui/pages/reports.py", title="Reports", icon="📄"),
    ],
    "Analysis": [
        st.Page("ui/pages/explore.py", title="Explore", icon="🔎"),
        st.Page("ui/pages/paths.py", title="Paths", icon="🧭"),
        st.Page("ui/pages/recruitment.py", title="Recruitment & journeys", icon="🪢"),
        st.Page("ui/pages/network_analysis.py", title="Network analysis", icon="🕸️"),
        st.Page("ui/pages/timeline.py", title="Timeline & map", icon="🗺️"),
    ],
    "Decisions": [
        st.Page("ui/pages/review.py", title="Review", icon="✅"),
        st.Page("ui/pages/export.py", title="Export", icon="📦"),
    ],
}

page = st.navigation(PAGES)
store_picker()
try:
    page.run()
except StoreError as error:  # raised mid-page, e.g. a Neo4j server that went away
    forget_store()
    show_store_problem(store_url(), error)
