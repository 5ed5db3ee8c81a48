"""Overview: what the case holds (counts by kind and relation), its most connected people, recent reports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.analysis.projection import collapse
from graph.model import NODE_LABELS
from ui.case_reads import CaseReads, case_changed
from ui.context import store
from ui.navigation import RowTarget, linked_table

st.title("Case overview")
case_store = store()
reads = CaseReads(case_store)
stats = reads.stats()

if stats.reports == 0:
    st.info(
        "This case store is empty. Add reports on the **Ingest** page, or load the bundled fictional "
        "sample case (seven reports and a call record) to try the workspace."
    )
    if st.button("Load the sample case", key="load_sample"):
        from samples.loader import SAMPLE_CASE_NAME, load_sample_case

        with st.spinner("Reading and storing the sample reports…"):
            loaded = load_sample_case(case_store.writable_for(SAMPLE_CASE_NAME))
        case_changed(case_store)
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


def most_connected(graph) -> list[dict]:  # noqa: ANN001 - the case's MultiDiGraph
    ties = collapse(graph)
    people = sorted(
        (node for node, kind in ties.nodes(data="kind") if kind == "PERSON"),
        key=lambda n: (-ties.degree(n), -ties.degree(n, weight="weight"), str(ties.nodes[n].get("name"))),
    )[:10]
    return [
        {
            "id": n,
            "Person": ties.nodes[n].get("name", n),
            "Role": ties.nodes[n].get("role", "unknown"),
            "Linked entities": ties.degree(n),
            "Evidence": int(sum(d.get("evidence", 0) for _, _, d in ties.edges(n, data=True))),
        }
        for n in people
    ]


with st.spinner("Ranking the people by their links…"):
    top = reads.cached("most_connected", lambda: most_connected(reads.graph()))
linked_table(
    [{k: v for k, v in row.items() if k != "id"} for row in top],
    [RowTarget(entity_id=row["id"]) for row in top],
    key="overview_people",
    caption="Select a person to open them in Explore.",
)

st.subheader("Recent reports")
recent = sorted(reads.reports(), key=lambda r: (r.reported_at or "", r.ingested_at or "", r.id), reverse=True)[:15]
linked_table(
    [
        {
            "Reported": r.reported_at or "",
            "Title": r.title,
            "Kind": r.kind,
            "Grading": str(r.grading),
            "Source": r.source,
            "Ingested": (r.ingested_at or "")[:16],
        }
        for r in recent
    ],
    [RowTarget(report_id=r.id) for r in recent],
    key="overview_reports",
    caption="Most recently reported first. Select a report to read it.",
)
