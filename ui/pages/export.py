"""Export: the current view or the whole case as HTML, GraphML, GEXF, CSV, the prosecutor's PDF pack,
FollowTheMoney, an i2 chart or a Maltego graph, and evidence packs for targets.

Every export is a dissemination: it needs the export permission, a recipient and a reason, and is
written to the audit log before the files are made. What leaves is what the user may see (their
cases, victims as pseudonyms unless revealed).
"""

from __future__ import annotations

import streamlit as st

from casework.exchange import PackDetails
from casework.exports import FILE_NAMES, ExportError, export_files, view_for
from graph.model import Subgraph
from ui.case_reads import CaseReads
from ui.context import store
from ui.focus import entity_label
from ui.text import plain
from ui.widgets import entity_search, link_filter_controls

MIME = {
    ".html": "text/html", ".graphml": "application/xml", ".gexf": "application/xml", ".csv": "text/csv",
    ".pdf": "application/pdf", ".json": "application/json", ".anx": "application/xml", ".mtgx": "application/zip",
}  # fmt: skip
#: What each format is for, as the format picker shows it.
FORMAT_LABELS = {
    "html": "html: standalone network view", "graphml": "graphml: Gephi, yEd, Cytoscape", "gexf": "gexf: Gephi",
    "csv": "csv: spreadsheets, ANB import", "pdf": "pdf: the prosecutor's pack", "ftm": "ftm: FollowTheMoney (Aleph)",
    "anx": "anx: i2 Analyst's Notebook chart", "mtgx": "mtgx: Maltego graph",
}  # fmt: skip
PREPARED_KEY = "export_prepared"

st.title("Export")
case_store = store()
if not case_store.user.can("export"):
    st.warning(f"Your role ({plain(case_store.user.role)}) may not export material. Ask an administrator.")
    st.stop()
reads = CaseReads(case_store)
filters = link_filter_controls("export", cases=reads.stats().cases)
st.caption("Exports are logged (dissemination log): say who the material goes to and why.")
who = st.columns(2)
recipient = who[0].text_input("Recipient", key="export_recipient", placeholder="e.g. DPP, Det. Cpl. Reid (TIPU)")
reason = who[1].text_input("Reason", key="export_reason", placeholder="e.g. file for charging decision")


def prepare(fmt: str, view: Subgraph, **options) -> None:
    """Log the export and keep its files for download; a refusal is shown, nothing is made."""
    try:
        files = export_files(case_store, fmt, view, recipient=recipient, reason=reason, **options)
    except ExportError as error:
        st.session_state[PREPARED_KEY] = {}
        st.error(plain(str(error)))
    else:
        st.session_state[PREPARED_KEY] = files


def offer_downloads(prefix: str) -> None:
    for name, content in st.session_state.get(PREPARED_KEY, {}).items():
        if name.startswith(prefix) or prefix == "":
            st.download_button(
                f"Download {name}",
                data=content if isinstance(content, bytes) else content.encode("utf-8"),
                file_name=name,
                mime=MIME.get(name[name.rfind(".") :], "text/plain"),
                key=f"download_{name}",
            )


tab_view, tab_pack = st.tabs(["Network", "Evidence pack"])

with tab_view:
    sources = ["the whole case", "the network around an entity"]
    if isinstance(st.session_state.get("explore_view"), Subgraph):
        sources.insert(0, "the current Explore view")
    source = st.radio("Export", sources, key="export_source")
    view: Subgraph | None = None
    highlight: list[str] = []
    if source == "the current Explore view":
        view = st.session_state["explore_view"]
        highlight = list(st.session_state.get("explore_seeds", []))
    elif source == "the whole case":
        view = reads.subgraph(filters)  # the whole case, read once per case version
    else:
        around = entity_search(case_store, "Entity", key="export_entity")
        hops = st.slider("Hops", 1, 3, 1, key="export_hops")
        if around is not None:
            view = view_for(case_store, [around.id], hops, filters)
            highlight = [around.id]
    fmt = st.selectbox("Format", list(FORMAT_LABELS), format_func=FORMAT_LABELS.get, key="export_format")
    title = st.text_input("Title", "Threadline export", key="export_title")
    details = PackDetails()
    if fmt == "pdf":
        operation = st.text_input("Operation (on the cover)", key="export_operation")
        rationale = st.text_area(
            "Why these entities (a path's or key players' reasoning: filled from those pages)",
            "\n".join(st.session_state.get("export_rationale", [])),
            key="export_rationale_text",
        )
        details = PackDetails(operation, tuple(line for line in rationale.splitlines() if line.strip()))
    if view is not None:
        st.caption(f"{len(view.entities)} entities · {len(view.links)} links · {len(view.calls)} call pairs")
        if st.button("Prepare the export (logged)", key="export_prepare"):
            prepare(fmt, view, title=title, highlight=highlight, filters=filters, details=details)
        offer_downloads("" if fmt == "csv" else FILE_NAMES[fmt][0])

with tab_pack:
    st.caption("Per target: every link, each with its sentences, report references and gradings.")
    target = entity_search(case_store, "Add a target", key="pack_target")
    targets: list[str] = st.session_state.setdefault("pack_targets", [])
    if (
        target is not None
        and st.button(plain(f"Add {entity_label(target)}"), key="pack_add")
        and target.id not in targets
    ):
        targets.append(target.id)
    if st.session_state.get("key_players") and st.button("Add the top 3 key players", key="pack_key_players"):
        for entity_id in st.session_state["key_players"][:3]:
            if entity_id not in targets:
                targets.append(entity_id)
    if targets:
        names = {t: (case_store.get_entity(t).name if case_store.get_entity(t) else t) for t in targets}
        st.markdown("**Targets:** " + ", ".join(plain(names[t]) for t in targets))
        if st.button("Clear targets", key="pack_clear"):
            st.session_state["pack_targets"] = []
            st.rerun()
        with_notes = st.checkbox("Include the analysts' notes", key="pack_notes")
        if st.button("Prepare the evidence pack (logged)", key="pack_prepare"):
            prepare(
                "evidence", Subgraph(), targets=targets, filters=filters, title="Evidence pack", with_notes=with_notes
            )
        pack = st.session_state.get(PREPARED_KEY, {}).get("evidence-pack.html")
        if pack:
            st.download_button(
                "Download evidence-pack.html",
                data=pack.encode("utf-8"),
                file_name="evidence-pack.html",
                mime="text/html",
                key="download_pack",
            )
            with st.expander("Preview"):
                st.iframe(pack, height=600, alt="Evidence pack preview")
