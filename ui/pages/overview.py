"""Overview: what the case holds (counts by kind and relation), its most connected people, recent reports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.analysis.projection import collapse
from graph.model import NODE_LABELS
from ui.context import store

st.title("Case overview")
case_store = store()
stats = case_store.stats()

if stats.reports == 0:
    st.info(
        "This case store is empty. Add reports on the **Ingest** page, or load the bundled fictional "
        "sample case (seven reports and a call record) to try the workspace."
    )
    if st.button("Load the sample case", key="load_sample"):
        from samples.loader import SAMPLE_CASE_NAME, load_sample_case

        with st.spinner("Reading and storing the sample reports…"):
            loaded = load_sample_case(case_store.writable_for(SAMPLE_CASE_NAME))
        st.success(f"Loaded {sum(r.created for r in loaded.reports)} reports and {loaded.calls_added} calls.")
        st.rerun()
    st.stop()

columns = st.columns(4)
columns[0].metric("Reports", stats.reports)
columns[1].metric("Entities", stats.entity_total)
columns[2].metric("Links", stats.link_total)
columns[3].metric("Calls", stats.calls)
if stats.cases:
    st.caption("Cases: " + ", ".join(stats.cases))

left, right = st.columns(2)
with left:
    st.subheader("Entities by kind")
    st.dataframe(
        pd.DataFrame(
            [
                {"Kind": NODE_LABELS.get(k, k), "Count": n}
                for k, n in sorted(stats.entities.items(), key=lambda kv: -kv[1])
            ]
        ),
        hide_index=True,
        width="stretch",
    )
with right:
    st.subheader("Links by relation")
    st.dataframe(
        pd.DataFrame([{"Relation": t, "Count": n} for t, n in sorted(stats.links.items(), key=lambda kv: -kv[1])]),
        hide_index=True,
        width="stretch",
    )

st.subheader("Most connected people")
ties = collapse(case_store.to_networkx())
people = sorted(
    (node for node, kind in ties.nodes(data="kind") if kind == "PERSON"),
    key=lambda n: (-ties.degree(n), -ties.degree(n, weight="weight"), str(ties.nodes[n].get("name"))),
)[:10]
st.dataframe(
    pd.DataFrame(
        [
            {
                "Person": ties.nodes[n].get("name", n),
                "Role": ties.nodes[n].get("role", "unknown"),
                "Linked entities": ties.degree(n),
                "Evidence": int(sum(d.get("evidence", 0) for _, _, d in ties.edges(n, data=True))),
            }
            for n in people
        ]
    ),
    hide_index=True,
    width="stretch",
)

st.subheader("Recent reports")
st.dataframe(
    pd.DataFrame(
        [
            {
                "Title": r.title,
                "Kind": r.kind,
                "Reported": r.reported_at or "",
                "Grading": str(r.grading),
                "Source": r.source,
                "Ingested": (r.ingested_at or "")[:16],
            }
            for r in case_store.reports()[:15]
        ]
    ),
    hide_index=True,
    width="stretch",
)
