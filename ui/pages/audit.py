"""Audit (administrators): read and filter the audit log, check its hash chain, export it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from governance.audit import ACTIONS, AuditError
from ui.context import store
from ui.text import plain

st.title("Audit log")
case_store = store()
if not case_store.user.can("admin"):
    st.error("The audit log is for administrators only.")
    st.stop()
audit = case_store.audit

check = audit.verify_chain()
if check.ok:
    st.success(f"The chain verifies: {check.records} records, none changed, removed or inserted.")
else:
    st.error(f"The chain is broken at record {check.first_bad_seq}: {plain(check.problem)}")

filters = st.columns(3)
action = filters[0].selectbox("Action", ["any", *ACTIONS], key="audit_action")
who = filters[1].text_input("Who", key="audit_who")
since = filters[2].date_input("From", value=None, key="audit_since")
chosen = {
    "action": None if action == "any" else action,
    "who": who.strip() or None,
    "since": since.isoformat() if since else None,
}
records = audit.records(**chosen)
st.caption(f"{len(records)} record(s)")
st.dataframe(
    pd.DataFrame(
        [
            {
                "#": r.seq,
                "At": r.at[:19],
                "Who": r.who,
                "Action": r.action,
                "Subject": r.subject,
                "Recipient": r.recipient,
                "Reason": r.reason,
                "Detail": ", ".join(f"{k}={v}" for k, v in r.detail.items()),
            }
            for r in reversed(records)
        ]
    ),
    hide_index=True,
    width="stretch",
)

st.subheader("Export the log")
fmt = st.radio("Format", ["csv", "jsonl"], horizontal=True, key="audit_fmt")
reason = st.text_input("Reason for exporting the log", key="audit_reason")
if st.button("Prepare the export", key="audit_export", disabled=not reason.strip()):
    try:
        audit.record(case_store.user.name, "audit-export", reason=reason, detail={"format": fmt, **chosen})
    except AuditError as error:
        st.error(plain(str(error)))
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"audit.{fmt}"
            audit.export(path, fmt, **chosen)
            st.session_state["audit_file"] = (path.name, path.read_bytes())
if st.session_state.get("audit_file"):
    name, data = st.session_state["audit_file"]
    st.download_button(f"Download {name}", data=data, file_name=name, key="audit_download")
