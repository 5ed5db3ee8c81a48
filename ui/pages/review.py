"""Review: analyst decisions. Merge candidates (scored, explained), any two entities by hand, roles, merge history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from governance.access import PermissionDenied
from graph.model import ROLES
from graph.store import StoreError
from ui.context import store
from ui.focus import entity_label
from ui.text import plain
from ui.widgets import entity_search

st.title("Review")
case_store = store()
analyst = case_store.user.name  # decisions are recorded (and audited) under the signed-in user
if not case_store.user.can("merge"):
    st.info("Your role can read these decisions but not make them (merges and roles need the merge permission).")

tab_candidates, tab_manual, tab_roles, tab_history = st.tabs(
    ["Merge candidates", "Merge by hand", "Roles", "Merge history"]
)


def do_merge(kept: str, absorbed: str, reason: str) -> None:
    try:
        record = case_store.merge(kept, absorbed, by=analyst or "analyst", reason=reason)
    except (StoreError, PermissionDenied) as error:
        st.error(plain(str(error)))
        return
    st.session_state["last_merge"] = record.id
    st.success(f"Merged: {plain(absorbed)} is now part of {plain(kept)} (undo it from Merge history).")


with tab_candidates:
    try:
        from extract.resolve import find_candidates
    except ImportError:
        find_candidates = None
    if find_candidates is None:
        st.info("The resolver is not installed, so no candidates can be proposed. Merge by hand instead.")
    else:
        candidates = find_candidates(case_store.entities())
        if not candidates:
            st.success("No uncertain matches waiting for review.")
        for i, candidate in enumerate(candidates[:50]):
            with st.container(border=True):
                st.markdown(
                    f"**{plain(candidate.a_name or candidate.a)}** and **{plain(candidate.b_name or candidate.b)}** "
                    f"({candidate.kind}, score {candidate.score:.2f})"
                )
                st.dataframe(
                    pd.DataFrame(
                        [{"Feature": r.feature, "Weight": r.weight, "Why": r.detail} for r in candidate.reasons]
                    ),
                    hide_index=True,
                )
                if st.button("Same entity: merge", key=f"merge_candidate_{i}"):
                    do_merge(
                        candidate.a, candidate.b, "merge candidate: " + "; ".join(r.detail for r in candidate.reasons)
                    )

with tab_manual:
    left, right = st.columns(2)
    with left:
        kept = entity_search(case_store, "Keep this entity", key="merge_kept")
    with right:
        absorbed = entity_search(case_store, "…and merge this one into it", key="merge_absorbed")
    reason = st.text_input("Why are they the same?", key="merge_reason")
    if kept and absorbed:
        if kept.id == absorbed.id:
            st.info("Choose two different entities.")
        elif kept.kind != absorbed.kind:
            st.warning("Only entities of the same kind can be merged.")
        elif st.button("Merge", key="merge_manual", disabled=not reason.strip()):
            do_merge(kept.id, absorbed.id, reason.strip())

with tab_roles:
    person = entity_search(case_store, "Person", key="role_person", kinds=["PERSON"])
    if person is not None:
        current = getattr(person, "role", "unknown") or "unknown"
        role = st.selectbox("Role", ROLES, index=ROLES.index(current) if current in ROLES else 4, key="role_pick")
        if st.button("Set role", key="role_set") and role != current:
            try:
                case_store.set_role(person.id, role, by=analyst, reason="set in Review")
            except (StoreError, PermissionDenied) as error:
                st.error(plain(str(error)))
            else:
                st.success(f"{plain(person.name)} is now recorded as {role}.")

with tab_history:
    records = case_store.merges()
    if not records:
        st.caption("No merges yet.")
    for record in reversed(records):
        kept_entity = case_store.get_entity(record.kept)
        cols = st.columns([4, 1])
        cols[0].markdown(
            f"{'~~' if record.undone else ''}{plain(record.absorbed)} → "
            f"{plain(entity_label(kept_entity) if kept_entity else record.kept)}{'~~' if record.undone else ''}  \n"
            f"by {plain(record.by or '?')} on {record.at[:16]} · {plain(record.reason)}"
        )
        if not record.undone and cols[1].button("Undo", key=f"undo_{record.id}"):
            try:
                case_store.undo_merge(record.id)
            except (StoreError, PermissionDenied) as error:
                st.error(plain(str(error)))
            else:
                st.rerun()
