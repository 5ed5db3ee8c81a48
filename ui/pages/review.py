"""Review: analyst decisions. Merge candidates (scored, explained), any two entities by hand, roles, merge history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from casework.review import ShownCandidate, entity_context, review_candidates
from governance.access import PermissionDenied
from graph.model import ROLES
from graph.store import StoreError
from ui.case_reads import CaseReads, case_changed
from ui.context import store
from ui.decisions_panel import decisions_review
from ui.focus import entity_label
from ui.text import plain
from ui.widgets import entity_search, keyed

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
    case_changed(case_store)
    st.success(f"Merged: {plain(absorbed)} is now part of {plain(kept)} (undo it from Merge history).")


def context_column(column, entity_id: str, side: str) -> None:  # noqa: ANN001 - a Streamlit column
    context = entity_context(case_store, entity_id)
    if context is None:
        column.caption("No longer in the case.")
        return
    column.markdown(f"**{plain(context.entity.name)}** · {plain(entity_label(context.entity).split(' · ', 1)[-1])}")
    if context.entity.aliases:
        column.caption("Also known as: " + plain(", ".join(context.entity.aliases[:6])))
    rows = [("Named in", r) for r in context.reports]
    rows += [("Phone", p) for p in context.phones] + [("Place", p) for p in context.places]
    rows += [("Named with", p) for p in context.people] + [("Linked to", o) for o in context.other]
    column.dataframe(pd.DataFrame(rows, columns=["", side]), hide_index=True, width="stretch")


def decide(candidate: ShownCandidate, action: str) -> None:
    """Merge, reject ("not the same") or put aside ("not now") one candidate."""
    why = "; ".join(r.detail for r in candidate.reasons)
    try:
        if action == "merge":
            do_merge(candidate.a, candidate.b, "merge candidate: " + why)
        elif action == "reject":
            case_store.reject(candidate.a, candidate.b, by=analyst, reason="reviewed: not the same (" + why + ")")
            st.success("Recorded as not the same: the resolver will never merge them.")
        else:
            st.session_state.setdefault("review_not_now", set()).add(candidate.pair)
    except (StoreError, PermissionDenied) as error:
        st.error(plain(str(error)))
        return
    if action in ("merge", "reject"):
        case_changed(case_store)


with tab_candidates:
    reads = CaseReads(case_store)
    with st.spinner("Comparing the case's entities…"):
        candidates = reads.cached("review_candidates", lambda: review_candidates(case_store))
    aside = st.session_state.get("review_not_now", set())
    waiting = [c for c in candidates if c.pair not in aside]
    if not candidates:
        st.success("No uncertain matches waiting for review.")
    elif not waiting:
        st.info(f"All {len(candidates)} candidate(s) put aside for now.")
        if st.button("Show the ones put aside", key="review_unhide"):
            st.session_state["review_not_now"] = set()
            st.rerun()
    else:
        candidate = waiting[0]
        st.caption(
            f"{len(waiting)} candidate(s) waiting ({len(candidates) - len(waiting)} put aside). "
            "Compared on the real names and evidence; shown as you may see them."
        )
        with st.container(border=True):
            st.markdown(
                f"**{plain(candidate.a_name)}** and **{plain(candidate.b_name)}** "
                f"({plain(candidate.kind)}, score {candidate.score:.2f})"
            )
            st.dataframe(
                pd.DataFrame([{"Feature": r.feature, "Weight": r.weight, "Why": r.detail} for r in candidate.reasons]),
                hide_index=True,
                width="stretch",
            )
            left, right = st.columns(2)
            context_column(left, candidate.a, "First")
            context_column(right, candidate.b, "Second")
            actions = st.columns(3)
            can_decide = case_store.user.can("merge")
            key = keyed("review", candidate.a, candidate.b)
            if actions[0].button("Same entity: merge", key=f"{key}_merge", type="primary", disabled=not can_decide):
                decide(candidate, "merge")
                st.rerun()
            if actions[1].button("Not the same", key=f"{key}_reject", disabled=not can_decide):
                decide(candidate, "reject")
                st.rerun()
            if actions[2].button("Not now", key=f"{key}_later"):
                decide(candidate, "later")
                st.rerun()

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
        role = st.selectbox(
            "Role", ROLES, index=ROLES.index(current) if current in ROLES else 4, key=keyed("role_pick", person.id)
        )
        if st.button("Set role", key="role_set") and role != current:
            try:
                case_store.set_role(person.id, role, by=analyst, reason="set in Review")
            except (StoreError, PermissionDenied) as error:
                st.error(plain(str(error)))
            else:
                case_changed(case_store)
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
                case_changed(case_store)
                st.rerun()

decisions_review(case_store, key="review")
