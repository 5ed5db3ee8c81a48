"""Reports: read a report of your cases with its entity mentions highlighted (escaped, victims as
pseudonyms), and purge one (purge permission, a stated reason; audited)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.model import NODE_LABELS
from render.highlight import highlight_sentence, mark_colour, report_html
from ui.case_reads import CaseReads, case_changed
from ui.context import store
from ui.decisions_panel import flash, notes_panel
from ui.navigation import RowTarget, keep_in_url, linked_table, url_int, url_value
from ui.text import plain

st.title("Reports")
case_store = store()
flash()
reads = CaseReads(case_store)
reports = sorted(reads.reports(), key=lambda r: (r.reported_at or "", r.id), reverse=True)
if not reports:
    st.info("No reports yet: add some on the Ingest page.")
    st.stop()

by_id = {r.id: r for r in reports}
asked = url_value("report")
report_id = st.selectbox(
    "Report",
    options=list(by_id),
    format_func=lambda i: (
        f"{by_id[i].reported_at or 'undated'} · {by_id[i].title or by_id[i].source} ({by_id[i].kind})"
    ),
    index=list(by_id).index(asked) if asked in by_id else 0,
    key="reports_pick",
)
if url_value("report") and url_value("report") != report_id:
    keep_in_url(at=None)  # another report was picked: the sentence offset was for the old one
keep_in_url(report=report_id)
report = case_store.get_report(report_id) or by_id[report_id]
mentions = case_store.mentions_in(report.id)
case_store.note("report-view", subject=report.id)

meta = {
    "Reference": report.reference,
    "Kind": report.kind,
    "Reported": report.reported_at,
    "Officer": report.author,
    "Grading": str(report.grading),
    "Handling code": report.handling_code,
    "Case": report.case,
    "Source file": report.source,
    "Ingested": report.ingested_at,
    "Review by": report.review_by,
    "Read by OCR": report.ocr,
}
st.dataframe(
    pd.DataFrame([{"Field": k, "Value": str(v)} for k, v in meta.items() if v]), hide_index=True, width="stretch"
)

opened_at = url_int("at", -1, -1, len(report.text))
if 0 <= opened_at < len(report.text):
    end = min((i for i in (report.text.find(". ", opened_at), report.text.find("\n", opened_at)) if i >= 0), default=-1)
    end = len(report.text) if end < 0 else end + 1
    st.caption("The sentence you opened, in its place in the report:")
    context = highlight_sentence(report.text, opened_at, end)  # escaped
    st.html(f'<div class="threadline-opened" style="border-left:4px solid #B2182B;padding-left:0.6rem">{context}</div>')

kinds_present = sorted({m.label for m in mentions})
st.html(" ".join(f'<mark style="background:{mark_colour(k)}">{NODE_LABELS.get(k, k)}</mark>' for k in kinds_present))
# st.html, not st.markdown: "J$40,000 ... J$150,000" must not become maths, nor "*" emphasis.
st.html(
    '<div class="threadline-report" style="line-height:1.6">'
    + report_html(case_store.readable_report(report.id))
    + "</div>"
)

notes_panel(case_store, "report", report.id, key="reports")

st.subheader("Entities named")
names = {}
for m in mentions:
    entity = case_store.get_entity(m.entity_id)
    names.setdefault(m.entity_id, [entity.name if entity else m.entity_id, NODE_LABELS.get(m.label, m.label), 0])
    names[m.entity_id][2] += 1
linked_table(
    [{"Entity": n, "Kind": k, "Mentions": c} for n, k, c in names.values()],
    [RowTarget(entity_id=entity_id) for entity_id in names],
    key=f"reports_entities_{report.id}",
    caption="Select an entity to open it in Explore.",
)
indicators = case_store.indicators(report.id)
if indicators:
    st.subheader("Trafficking indicators (assessments, not facts)")
    st.dataframe(
        pd.DataFrame(
            [
                {"Category": i.category, "Indicator": i.name, "Sentence": i.sentence, "Confidence": i.confidence}
                for i in indicators
            ]
        ),
        hide_index=True,
    )

if case_store.user.can("purge"):
    with st.expander("Purge this report"):
        st.write(
            "Removes the report and exactly what only it supports (its mentions, links and entities named nowhere else)."
        )
        purge_reason = st.text_input("Reason (recorded in the audit log)", key="purge_reason")
        confirm = st.checkbox(f"Yes, purge “{plain(report.title or report.source)}”", key="purge_confirm")
        if st.button("Purge report", disabled=not (confirm and purge_reason.strip()), key="purge"):
            result = case_store.purge(report.id, purge_reason)
            case_changed(case_store)
            st.success(
                f"Purged: {result.links_removed} links, {result.mentions_removed} mentions and "
                f"{len(result.entities_removed)} entities removed."
            )
