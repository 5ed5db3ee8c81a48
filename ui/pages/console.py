"""Cypher console (Neo4j store, users with the console permission): read-only queries, audited, redacted."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from governance.access import PermissionDenied
from governance.cypher_console import ConsoleRefused, run_console_query
from ui.context import store
from ui.text import plain

st.title("Cypher console")
case_store = store()
driver = getattr(case_store.inner, "_driver", None)
if driver is None:
    st.info("The console works on a Neo4j store only.")
    st.stop()
st.caption(
    "Read-only: every query is planned first and refused if it could write; it runs in a transaction "
    "that is rolled back, with a time and row limit. Every query is written to the audit log."
)
query = st.text_area("Query", "MATCH (p:Person) RETURN p.name AS name, p.role AS role LIMIT 25", key="console_query")
if st.button("Run", key="console_run"):
    try:
        result = run_console_query(
            driver,
            query,
            case_store.user,
            case_store.audit,
            database=getattr(case_store.inner, "database", None),
            redact=case_store.redact,
        )
    except (ConsoleRefused, PermissionDenied) as error:
        st.error(plain(str(error)))
    else:
        st.dataframe(pd.DataFrame(result.rows, columns=result.columns), hide_index=True, width="stretch")
        if result.truncated:
            st.caption("More rows matched: only the first ones are shown.")
