"""The analyst's hand in the workspace: decide about a link under its evidence, add a link from the graph,
show rejected links, notes and a watch button on a profile, and the alerts badge.

Small widget functions the pages call; each one calls :mod:`casework.annotations` or :mod:`casework.watch`
with the signed-in user's session, so the workspace decides exactly as ``threadline link ...`` does.
Text from reports and notes is shown with ``st.text``/dataframes or escaped, never as Markdown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from casework import annotations as hand
from casework import watch as watching
from casework.session import CaseSession
from governance.access import AccessError
from governance.guard import GuardedStore
from graph.decisions import WATCHABLE_KINDS
from graph.model import ENTITY_KINDS, LINK_TYPES, Entity, Subgraph
from graph.store import StoreError
from render.graph_view import RejectedEdge, saved_layout
from render.text import plain

FLASH_KEY = "decision_flash"


def session_of(store: GuardedStore) -> CaseSession:
    """The signed-in user's session over the store they see."""
    return CaseSession(store.user, store, store.audit)


def _attempt(action: Callable[..., Any], *args: Any, done: str = "", **kwargs: Any) -> Any:
    """Run a use case; a refusal is shown as an error, success is said on the next run."""
    try:
        result = action(*args, **kwargs)
    except (StoreError, AccessError) as error:
        st.error(plain(str(error)))
        return None
    if done:
        st.session_state[FLASH_KEY] = done
    st.rerun()
    return result


def flash() -> None:
    """Say what the last decision did (once)."""
    said = st.session_state.pop(FLASH_KEY, None)
    if said:
        st.success(plain(said))


# -- under the evidence of one link ----------------------------------------------------------


def link_decision_controls(store: GuardedStore, link_type: str, source: str, target: str, key: str) -> None:
    """Confirm, reject (with a reason) or correct the link whose evidence is shown above."""
    session = session_of(store)
    live = [
        d
        for d in store.link_decisions()
        if not d.undone and (d.type, d.source, d.target) == (link_type, source, target)
    ]
    if any(d.action == "confirm" for d in live):
        st.caption("✔ Analyst-confirmed")
    notes_panel(store, "link", hand.link_subject(link_type, source, target), key=f"{key}_link")
    if not store.user.can("merge"):
        return
    with st.expander("Confirm, reject or correct this link"):
        action = st.radio("Decision", ["Reject", "Confirm", "Correct"], horizontal=True, key=f"{key}_decide_action")
        reason = st.text_input("Reason", key=f"{key}_decide_reason", help="Kept with the decision and audited")
        new_type, reverse = None, False
        if action == "Correct":
            new_type = st.selectbox(
                "Right link type", LINK_TYPES, index=LINK_TYPES.index(link_type), key=f"{key}_decide_type"
            )
            reverse = st.checkbox("It runs the other way", key=f"{key}_decide_reverse")
        needs_reason = action == "Reject" and not reason.strip()
        if st.button("Record the decision", key=f"{key}_decide_go", disabled=needs_reason):
            if action == "Reject":
                _attempt(
                    hand.reject_link,
                    session,
                    link_type,
                    source,
                    target,
                    reason,
                    done="Link rejected: it is out of analysis.",
                )
            elif action == "Confirm":
                _attempt(hand.confirm_link, session, link_type, source, target, None, reason, done="Link confirmed.")
            else:
                _attempt(
                    hand.correct_link,
                    session,
                    link_type,
                    source,
                    target,
                    new_type=new_type if new_type != link_type else None,
                    reverse=reverse,
                    reason=reason,
                    done="Link corrected.",
                )


def undo_controls(store: GuardedStore, key: str) -> None:
    """Undo one of the live link decisions of the user's cases."""
    live = [d for d in store.link_decisions() if not d.undone]
    if not live or not store.user.can("merge"):
        return
    with st.expander(f"Undo a link decision ({len(live)} live)"):
        pick = st.selectbox(
            "Decision",
            [d.id for d in live],
            format_func=lambda i: next(
                f"{d.action} {d.type} {d.source} → {d.target} ({d.by})" for d in live if d.id == i
            ),
            key=f"{key}_undo_pick",
        )
        if st.button("Undo", key=f"{key}_undo_go"):
            _attempt(hand.undo_link_decision, session_of(store), pick, done="Decision undone.")


# -- from the graph ---------------------------------------------------------------------------


def add_link_form(store: GuardedStore, shown: Subgraph, key: str) -> None:
    """Add a link by hand between two entities in view: a typed relation, a source (a report and its
    sentence, or a free note) and a grading."""
    if not store.user.can("merge") or len(shown.entities) < 2:
        return
    names = {e.id: f"{e.name} ({e.kind.lower()})" for e in shown.entities}
    with st.expander("Add a link by hand"):
        cols = st.columns(3)
        source = cols[0].selectbox("From", list(names), format_func=names.get, key=f"{key}_add_source")
        link_type = cols[1].selectbox("Relation", LINK_TYPES, key=f"{key}_add_type")
        target = cols[2].selectbox("To", list(names), index=1, format_func=names.get, key=f"{key}_add_target")
        kind = st.radio("Source", ["A report", "A free note"], horizontal=True, key=f"{key}_add_source_kind")
        report_id, sentence, note = None, "", ""
        if kind == "A report":
            reports = {r.id: r for e in (source, target) for r in store.reports_mentioning(e)}
            if not reports:
                st.info("Neither entity is named in a report you can see: cite a free note instead.")
            else:
                report_id = st.selectbox(
                    "Report",
                    list(reports),
                    format_func=lambda i: reports[i].title or reports[i].source or i,
                    key=f"{key}_add_report",
                )
                sentence = st.text_input("The sentence that supports it", key=f"{key}_add_sentence")
        else:
            note = st.text_area("Note", key=f"{key}_add_note")
        grading = st.text_input("Your grading (e.g. B2)", key=f"{key}_add_grading")
        ready = source != target and (bool(report_id) or bool(note.strip()))
        if st.button("Add the link", key=f"{key}_add_go", disabled=not ready):
            _attempt(
                hand.add_link,
                session_of(store),
                link_type,
                source,
                target,
                report_id=report_id,
                sentence=sentence,
                note=note,
                grading=grading,
                done="Link added (shown as the analyst's).",
            )


def rejected_links_table(store: GuardedStore, shown: Subgraph, key: str) -> None:
    """With "show rejected" on: the rejected links among the entities in view, and why."""
    if not st.toggle("Show rejected links", key=f"{key}_show_rejected"):
        return
    ids = {e.id for e in shown.entities}
    found = hand.rejected_links(session_of(store), ids)
    if not found:
        st.caption("No rejected links among these entities.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Link": f"{r.link.source} -[{r.link.type}]-> {r.link.target}",
                    "Sentence": r.link.sentence,
                    "Why rejected": r.reason,
                    "By": r.by,
                    "When": r.at,
                }
                for r in found
            ]
        ),
        hide_index=True,
    )


# -- on a profile -------------------------------------------------------------------------------


def notes_panel(store: GuardedStore, subject_kind: str, subject: str, key: str) -> None:
    """The notes on an entity, a link or a report, and a box to add one."""
    found = store.notes(subject)
    with st.expander(f"Notes ({len(found)})"):
        if found:
            st.dataframe(pd.DataFrame([{"Note": n.text, "By": n.by, "When": n.at} for n in found]), hide_index=True)
        text = st.text_area("New note (plain text)", key=f"{key}_note_text")
        if st.button("Add note", key=f"{key}_note_go", disabled=not text.strip()):
            _attempt(hand.add_note, session_of(store), subject_kind, subject, text, done="Note added.")


def watch_button(store: GuardedStore, entity: Entity, key: str) -> None:
    """Watch this entity: later ingests that name it raise an alert for the user."""
    if entity.kind not in WATCHABLE_KINDS:
        return
    if any(w.value == entity.id for w in store.watches()):
        st.caption("👁 You are watching this.")
        return
    if st.button("Watch", key=f"{key}_watch", help="Alert me when a later report or call record names it"):
        _attempt(watching.watch, session_of(store), entity.kind, entity.id, done=f"Watching {entity.name}.")


def alerts_badge(store: GuardedStore) -> None:
    """Sidebar: the user's unseen alerts, and a way to mark them seen."""
    unseen = store.alerts(unseen_only=True)
    if not unseen:
        return
    with st.sidebar.expander(f"🔔 {len(unseen)} new alert(s)"):
        for alert in unseen:
            st.text(f"{alert.at[:16]} · {alert.message}")
        if st.button("Mark all seen", key="alerts_seen"):
            for alert in unseen:
                store.mark_alert_seen(alert.id)
            st.rerun()


def entity_decision_controls(store: GuardedStore, entity: Entity, key: str) -> None:
    """On a profile: mark the entity false (it and its links leave analysis) or correct its kind."""
    if not store.user.can("merge"):
        return
    with st.expander("This entity is wrong"):
        action = st.radio(
            "Decision", ["Mark it false", "Correct its kind"], horizontal=True, key=f"{key}_entity_action"
        )
        reason = st.text_input("Reason", key=f"{key}_entity_reason")
        session = session_of(store)
        if action == "Mark it false":
            if st.button("Mark false", key=f"{key}_entity_false", disabled=not reason.strip()):
                _attempt(hand.reject_entity, session, entity.id, reason, done=f"{entity.name} is out of analysis.")
        else:
            kinds = [k for k in ENTITY_KINDS if k != entity.kind]
            kind = st.selectbox("Right kind", kinds, key=f"{key}_entity_kind")
            if st.button("Correct the kind", key=f"{key}_entity_kind_go"):
                _attempt(hand.correct_kind, session, entity.id, kind, reason, done=f"{entity.name} is now a {kind}.")


def add_entity_form(store: GuardedStore, key: str) -> None:
    """Add an entity by hand (then link it with "Add a link by hand")."""
    if not store.user.can("merge"):
        return
    with st.expander("Add an entity by hand"):
        cols = st.columns([1, 2])
        kind = cols[0].selectbox("Kind", ENTITY_KINDS, key=f"{key}_new_kind")
        name = cols[1].text_input("Name (or number, plate, address, handle)", key=f"{key}_new_name")
        if st.button("Add the entity", key=f"{key}_new_go", disabled=not name.strip()):
            _attempt(hand.add_entity, session_of(store), kind, name, done=f"Added {name}.")


def saved_views_controls(
    store: GuardedStore,
    seeds: list[str],
    hops: int,
    filters: Any,
    shown: Subgraph,
    key: str,
    drawn: Mapping[str, Sequence[float]] | None = None,
) -> list[str] | None:
    """Save what is in view under a name (shared with the case, its layout pinned), or reopen a saved view:
    returns its entities when one is opened (the page shows them, pinned where they were), else None.
    ``drawn`` is where the analyst left the nodes (once one was dragged): saved as they are drawn."""
    with st.expander("Saved views"):
        cols = st.columns([3, 1])
        name = cols[0].text_input("Save this view as", key=f"{key}_view_name")
        if cols[1].button("Save", key=f"{key}_view_save", disabled=not name.strip()):
            layout = saved_layout(shown, drawn)
            _attempt(hand.save_view, session_of(store), name, seeds, hops, filters, layout, done=f"Saved view {name}.")
        saved = store.views()
        if not saved:
            return None
        pick = st.selectbox(
            "Open a saved view",
            [v.name for v in saved],
            format_func=lambda n: next(f"{v.name} ({v.case or '-'}, by {v.by})" for v in saved if v.name == n),
            key=f"{key}_view_pick",
        )
        if st.button("Open", key=f"{key}_view_open"):
            view = next(v for v in saved if v.name == pick)
            st.session_state[f"{key}_pending_hops"] = view.hops  # the page sets its slider before drawing it
            st.session_state[f"{key}_pending_filters"] = dict(view.filters)  # and its filter widgets
            st.session_state[f"{key}_pinned"] = view.layout
            return list(view.entities)
    return None


def notes_search(store: GuardedStore, key: str) -> None:
    """Search every note of the user's cases (on entities, links and reports)."""
    text = st.text_input("Search the notes", key=f"{key}_notes_query")
    if not text.strip():
        return
    found = store.notes(text=text)
    if not found:
        st.caption("No note says that.")
        return
    st.dataframe(
        pd.DataFrame(
            [{"On": f"{n.subject_kind} {n.subject}", "Note": n.text, "By": n.by, "When": n.at} for n in found]
        ),
        hide_index=True,
    )


def decisions_review(store: GuardedStore, key: str) -> None:
    """Every link and entity decision of the user's cases (live, undone, flagged for review), undo, and
    the notes search: the Review page's record of the analyst's hand."""
    flash()
    st.subheader("Link and entity decisions")
    rows = [
        {
            "Decision": d.action,
            "Link": f"{d.source} -[{d.type}]-> {d.target}",
            "By": d.by,
            "When": d.at[:16],
            "Reason": d.reason,
            "State": "undone" if d.undone else (d.review or "live"),
        }
        for d in store.link_decisions()
    ] + [
        {
            "Decision": f"entity {d.action}",
            "Link": f"{d.entity_id} {d.kind}".strip(),
            "By": d.by,
            "When": d.at[:16],
            "Reason": d.reason,
            "State": "undone" if d.undone else "live",
        }
        for d in store.entity_decisions()
    ]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    else:
        st.caption("No link or entity decisions yet: make them under a link's evidence or on a profile (Explore).")
    undo_controls(store, key)
    live = [d for d in store.entity_decisions() if not d.undone]
    if live and store.user.can("merge"):
        pick = st.selectbox(
            "Undo an entity decision",
            [d.id for d in live],
            format_func=lambda i: next(f"{d.action} {d.entity_id} ({d.by})" for d in live if d.id == i),
            key=f"{key}_entity_undo_pick",
        )
        if st.button("Undo", key=f"{key}_entity_undo_go"):
            _attempt(hand.undo_entity_decision, session_of(store), pick, done="Entity decision undone.")
    st.subheader("Notes")
    notes_search(store, key)


def rejected_edges(store: GuardedStore, shown: Subgraph, key: str) -> list[RejectedEdge]:
    """The rejected links to draw in the graph when the page's "Show rejected links" toggle is on."""
    if not st.session_state.get(f"{key}_show_rejected"):
        return []
    ids = {e.id for e in shown.entities}
    return [
        RejectedEdge(r.link.source, r.link.target, r.link.type, r.reason)
        for r in hand.rejected_links(session_of(store), ids)
    ]


def pinned_positions(key: str) -> dict[str, list[float]]:
    """The pinned layout of the saved view last reopened on this page (until another is opened)."""
    return dict(st.session_state.get(f"{key}_pinned") or {})
