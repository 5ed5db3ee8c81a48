"""Ingest: upload or paste reports, watch each file being read, check the extraction, then commit."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from casework.ingest import IngestOptions, UploadPreview, commit_previews, preview_uploads
from casework.watch import after_calls
from extract.readers import SUPPORTED_SUFFIXES
from governance.access import PermissionDenied
from governance.grading import scheme_named
from render.highlight import highlight_mentions
from ui.case_reads import case_changed
from ui.context import language_model, store
from ui.decisions_panel import session_of
from ui.signin import current_session
from ui.text import plain

PREVIEWS_KEY = "ingest_previews"

st.title("Ingest")
case_store = store()
cases = case_store.stats().cases

if not case_store.user.can("merge"):
    st.warning(f"Your role ({plain(case_store.user.role)}) can read the case but not add reports to it.")
    st.stop()
deployment = current_session().settings
scheme = scheme_named(deployment.grading_scheme)
settings = st.columns(4)
case = settings[0].text_input("Case", value=cases[0] if cases else "default", key="ingest_case")
source_grade = settings[1].selectbox(
    "Source grading",
    ["from the report", *scheme.sources],
    format_func=lambda g: g if len(g) > 1 else f"{g}: {dict(scheme.source_grades)[g]}",
    key="ingest_source_grading",
    help=f"{scheme.title}. Leave 'from the report' to use the grading in the report header.",
)
information_grade = settings[2].selectbox(
    "Information grading",
    ["from the report", *scheme.informations],
    format_func=lambda g: g if len(g) > 1 else f"{g}: {dict(scheme.information_grades)[g]}",
    key="ingest_information_grading",
)
if scheme.handling_codes:
    handling = settings[3].selectbox(
        "Handling code",
        ["from the report", *scheme.handlings],
        format_func=lambda c: c if len(c) > 1 else f"{c}: {dict(scheme.handling_codes)[c]}",
        key="ingest_handling",
    )
    handling = None if handling == "from the report" else handling
else:
    handling = settings[3].text_input("Handling code", key="ingest_handling", help="As your agency writes it") or None
grading = "".join(g for g in (source_grade, information_grade) if g != "from the report")
st.caption(f"Reports stored now are due for retention review in {deployment.review_years} years.")

tab_files, tab_paste, tab_calls = st.tabs(["Upload files", "Paste text", "Call records (CSV)"])
with tab_files:
    uploads = st.file_uploader(
        "Reports (txt, md, html, pdf, docx, eml with its attachments; scans and photos read by OCR)",
        accept_multiple_files=True,
        type=[suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES],
        key="ingest_files",
    )
    ocr_language = st.text_input(
        "OCR languages (Tesseract codes)", "eng", key="ingest_ocr_lang", help="e.g. eng+spa+fra, where installed"
    )
with tab_paste:
    pasted_name = st.text_input("Name for the pasted report", value="pasted-report.txt", key="ingest_paste_name")
    pasted = st.text_area("Report text", height=220, key="ingest_paste")
with tab_calls:
    calls_file = st.file_uploader("Call-detail record (CSV)", type=["csv"], key="ingest_calls")
    if calls_file is not None and st.button("Import calls", key="ingest_calls_go"):
        from extract.calls import CallFileError, read_call_text

        try:
            record = read_call_text(calls_file.getvalue().decode("utf-8-sig", errors="replace"), source=calls_file.name)
        except CallFileError as error:
            st.error(f"{plain(calls_file.name)}: {plain(str(error))}")
        else:
            added = case_store.add_calls(record.calls)
            st.success(
                f"{plain(calls_file.name)}: {added} new calls stored ({len(record.calls) - added} already there)."
            )
            for told in after_calls(session_of(case_store), record.calls, case.strip() or "default"):
                st.warning(plain(told.message))
            for bad in record.bad_rows[:20]:
                st.warning(f"line {bad.line}: {plain(bad.message)}")

batch: list[tuple[str, bytes]] = [(f.name, f.getvalue()) for f in uploads or []]
if pasted.strip():
    batch.append((pasted_name.strip() or "pasted-report.txt", pasted.encode("utf-8")))

if st.button(f"Read and extract {len(batch)} file(s)", disabled=not batch, key="ingest_extract"):
    nlp = language_model()
    progress = st.progress(0.0, text="Starting…")
    previews: list[UploadPreview] = []
    for number, (name, data) in enumerate(batch, start=1):
        progress.progress((number - 1) / len(batch), text=f"Reading {name} ({number} of {len(batch)})")
        options = IngestOptions(
            case=case.strip() or "default",
            grading=grading or None,
            handling_code=handling.strip() if handling else None,
            scheme=scheme,
            review_years=deployment.review_years,
            ocr_language=ocr_language.strip() or None,
        )
        file_bar = st.progress(0.0, text=f"{plain(name)}: reading and extracting…")
        for preview in preview_uploads(case_store, name, data, nlp, options):  # an e-mail: then its attachments
            if preview.error:
                file_bar.progress(1.0, text=f"{plain(preview.name)}: not read ({plain(preview.error)})")
            else:
                found = len(preview.extraction.entities)
                file_bar.progress(1.0, text=f"{plain(preview.name)}: {found} entities found")
            previews.append(preview)
    progress.progress(1.0, text=f"Done: {len(batch)} file(s) read")
    st.session_state[PREVIEWS_KEY] = previews

previews: list[UploadPreview] = st.session_state.get(PREVIEWS_KEY, [])
if previews:
    st.subheader("Check before storing")
    for preview in previews:
        if preview.error:
            st.error(plain(preview.error))
            continue
        report, extraction = preview.report, preview.extraction
        names = {e.id: case_store.redact(e.name) for e in extraction.entities}
        label = f"{preview.name} · {report.kind} · {report.reported_at or 'undated'} · grading {report.grading}"
        if preview.header_grading:
            label += f" (header said {preview.header_grading})"
        if preview.already_stored:
            label += " · already stored (will be skipped)"
        with st.expander(label, expanded=len(previews) == 1):
            st.caption(
                f"{len(extraction.entities)} entities · {len(extraction.mentions)} mentions · "
                f"{len(extraction.links)} relations · {len(extraction.indicators)} indicators"
            )
            st.html(  # st.html: no markdown or math interpretation; all report text escaped by highlight_mentions
                '<div class="threadline-preview" style="line-height:1.6;max-height:24rem;overflow:auto">'
                + highlight_mentions(report.text, extraction.mentions, redact=case_store.redact)
                + "</div>"
            )
            if extraction.links:
                st.dataframe(
                    pd.DataFrame(
                        [
                            {
                                "From": names.get(link.source, link.source),
                                "Relation": link.type,
                                "To": names.get(link.target, link.target),
                                "Confidence": round(link.confidence, 2),
                                "Sentence": case_store.redact(link.sentence),
                            }
                            for link in extraction.links
                        ]
                    ),
                    hide_index=True,
                    width="stretch",
                )
    ready = [p for p in previews if p.ok and not p.already_stored]
    if st.button(f"Store {len(ready)} report(s)", disabled=not ready, type="primary", key="ingest_commit"):
        try:
            case_store.writable_for(case.strip() or "default")  # refused here, before anything is resolved
        except PermissionDenied as error:
            st.error(plain(str(error)))
            st.stop()
        with st.spinner("Resolving entities against the case and storing…"):
            outcome = commit_previews(case_store, previews)  # regradings are logged by casework.ingest
        case_changed(case_store)
        created = sum(r.created for r in outcome.results)
        st.success(f"Stored {created} report(s): {sum(r.links for r in outcome.results)} links.")
        if outcome.review_candidates:
            st.info(f"{outcome.review_candidates} uncertain match(es) wait for you on the Review page.")
        for message in outcome.other_cases:
            st.warning(plain(message))
        for name, problem in outcome.errors.items():
            st.error(f"{plain(name)}: {plain(problem)} (nothing of this report was stored)")
        st.session_state[PREVIEWS_KEY] = []
