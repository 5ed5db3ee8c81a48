"""Threadline investigation workspace: `streamlit run app.py`. Sign-in and navigation only; each page lives in ui/pages/."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from graph.errors import ThreadlineError
from graph.store import StoreError
from render.text import plain
from ui.context import forget_store, show_store_problem, store, store_picker
from ui.decisions_panel import alerts_badge
from ui.signin import current_session, session_sidebar
from ui.store_choice import store_url
from ui.widgets import reveal_control

st.set_page_config(
    page_title="Threadline", page_icon=str(Path(__file__).parent / "ui" / "static" / "favicon.png"), layout="wide"
)

session = current_session()  # with a users file, nothing below runs before sign-in
user = session.user

PAGES = {
    "Case": [
        st.Page("ui/pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("ui/pages/ingest.py", title="Ingest", icon=":material/upload_file:"),
        st.Page("ui/pages/reports.py", title="Reports", icon=":material/description:"),
    ],
    "Analysis": [
        st.Page("ui/pages/explore.py", title="Explore", icon=":material/travel_explore:"),
        st.Page("ui/pages/paths.py", title="Paths", icon=":material/route:"),
        st.Page("ui/pages/recruitment.py", title="Recruitment & journeys", icon=":material/account_tree:"),
        st.Page("ui/pages/network_analysis.py", title="Network analysis", icon=":material/hub:"),
        st.Page("ui/pages/timeline.py", title="Timeline & map", icon=":material/map:"),
    ],
    "Decisions": [
        st.Page("ui/pages/review.py", title="Review", icon=":material/rule:"),
        st.Page("ui/pages/export.py", title="Export", icon=":material/download:"),
    ],
}
if user.can("purge"):
    PAGES["Decisions"].append(st.Page("ui/pages/retention.py", title="Retention", icon=":material/event_repeat:"))
if user.can("admin"):
    PAGES["Decisions"].append(st.Page("ui/pages/audit.py", title="Audit", icon=":material/policy:"))
if user.can("cypher") and store_url().startswith(("neo4j", "bolt")):
    PAGES["Analysis"].append(st.Page("ui/pages/console.py", title="Cypher console", icon=":material/terminal:"))

page = st.navigation(PAGES)
session_sidebar(session)
store_picker()
try:
    reveal_control(store())
    alerts_badge(store())
    page.run()
except ThreadlineError as error:  # the one handler: a user's error is a message, never a traceback
    if isinstance(error, StoreError):  # raised mid-page, e.g. a Neo4j server that went away
        forget_store()
        show_store_problem(store_url(), error)
    else:
        st.error(plain(str(error)))
