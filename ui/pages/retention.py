"""Retention: reports due for review (their review-by date has passed), kept for a stated reason or purged."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from governance import retention
from governance.access import PermissionDenied, visible_cases
from ui.case_reads import case_changed
from ui.context import store
from ui.signin import current_session
from ui.text import plain

st.title("Retention review")
case_store = store()
session = current_session()
if not case_store.user.can("purge"):
    st.error("Retention decisions need the purge permission: ask an administrator.")
    st.stop()
years = session.settings.review_years
on = st.date_input("Reports due on or before", value=date.today(), max_value=date(2100, 12, 31), key="retention_on")
due = retention.reports_due(
    case_store.inner, on=on, audit=case_store.audit, cases=visible_cases(case_store.user), years=years
)
shown = {r.id: r for r in case_store.reports()}  # titles as this user may read them
due = [d for d in due if d.report.id in shown]
if not due:
    st.success("No report is due for review.")
    st.stop()

st.dataframe(
    pd.DataFrame(
        [
            {
                "Report": shown[d.report.id].title or shown[d.report.id].source,
                "Case": d.report.case,
                "Review by": d.review_by.isoformat(),
                "Days overdue": d.overdue_days,
                "Last validated": f"{d.last_validation.reviewer} {d.last_validation.at[:10]}"
                if d.last_validation
                else "",
            }
            for d in due
        ]
    ),
    hide_index=True,
    width="stretch",
)
pick = st.selectbox(
    "Decide on",
    [d.report.id for d in due],
    format_func=lambda i: shown[i].title or shown[i].source,
    key="retention_pick",
)
reason = st.text_input("Reason (recorded with your name)", key="retention_reason")
keep, drop = st.columns(2)
if keep.button(f"Still needed: keep {years} more years", key="retention_validate", disabled=not reason.strip()):
    try:
        validation = retention.validate(case_store.inner, pick, case_store.user, reason, case_store.audit, years=years)
    except (retention.RetentionError, PermissionDenied) as error:
        st.error(plain(str(error)))
    else:
        st.success(f"Kept; next review by {validation.review_by}.")
confirm = drop.checkbox("Yes, purge this report", key="retention_confirm")
if drop.button("Purge", key="retention_purge", disabled=not (reason.strip() and confirm)):
    try:
        result = case_store.purge(pick, reason)
        case_changed(case_store)
    except (retention.RetentionError, PermissionDenied) as error:
        st.error(plain(str(error)))
    else:
        st.success(
            f"Purged: {result.links_removed} links, {result.mentions_removed} mentions and "
            f"{len(result.entities_removed)} entities removed."
        )
