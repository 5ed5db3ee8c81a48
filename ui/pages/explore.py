"""Explore: search an entity, read its profile, and grow its network hop by hop with filters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.analysis import centrality
from graph.identity import phone_entity_id
from graph.model import NODE_LABELS
from graph.store import subgraph_to_networkx
from ui.context import store
from ui.decisions_panel import (
    add_entity_form,
    add_link_form,
    entity_decision_controls,
    flash,
    link_decision_controls,
    notes_panel,
    pinned_positions,
    rejected_edges,
    rejected_links_table,
    saved_views_controls,
    undo_controls,
    watch_button,
)
from ui.focus import cap_neighbours, entity_label, link_rows, tie_strengths
from ui.widgets import entity_search, evidence_panel, link_filter_controls, show_network

SEEDS_KEY = "explore_seeds"

st.title("Explore")
case_store = store()
flash()

chosen = entity_search(case_store, "Search the case", key="explore")
if chosen is None:
    st.caption("Search a person, place, phone number, organisation, vehicle, e-mail or handle to start.")
    st.stop()

# The searched entity starts the view; expanding adds more seeds until the search changes.
if st.session_state.get("explore_focus") != chosen.id:
    st.session_state["explore_focus"] = chosen.id
    st.session_state[SEEDS_KEY] = [chosen.id]
    st.session_state.pop("explore_pinned", None)  # a reopened view's layout belongs to that view
seeds: list[str] = st.session_state[SEEDS_KEY]

# -- profile ---------------------------------------------------------------------------
case_store.note("profile-view", subject=case_store.inner_id(chosen.id))
st.header(chosen.name)
profile = {"Kind": NODE_LABELS.get(chosen.kind, chosen.kind), "Id": chosen.id}
profile.update({k.replace("_", " ").capitalize(): v for k, v in chosen.properties().items() if v not in (None, "")})
if chosen.aliases:
    profile["Also known as"] = ", ".join(chosen.aliases)
st.dataframe(pd.DataFrame([{"Field": k, "Value": str(v)} for k, v in profile.items()]), hide_index=True)
mentioning = case_store.reports_mentioning(chosen.id)
watch_button(case_store, chosen, key="explore")
notes_panel(case_store, "entity", chosen.id, key="explore_profile")
entity_decision_controls(case_store, chosen, key="explore_profile")
with st.expander(f"Named in {len(mentioning)} report(s)"):
    st.dataframe(
        pd.DataFrame(
            [
                {"Report": r.title or r.source, "Reported": r.reported_at or "", "Grading": str(r.grading)}
                for r in mentioning
            ]
        ),
        hide_index=True,
    )

# -- network ---------------------------------------------------------------------------
st.subheader("Network")
if "explore_pending_hops" in st.session_state:  # a saved view was reopened
    st.session_state["explore_hops"] = min(max(int(st.session_state.pop("explore_pending_hops")), 1), 3)
controls = st.columns([1, 1, 1])
hops = controls[0].slider("Hops", 1, 3, 1, key="explore_hops")
limit = controls[1].number_input("Show at most N neighbours", 5, 500, 40, step=5, key="explore_limit")
size_by = controls[2].selectbox(
    "Size nodes by", ["linked entities", "evidence", "betweenness", "pagerank"], key="explore_size"
)
filters = link_filter_controls("explore", cases=case_store.stats().cases)

view = case_store.neighbourhood(seeds, hops=hops, filters=filters)
capped = cap_neighbours(view, seeds, int(limit))
shown = capped.subgraph
if capped.hidden:
    st.warning(f"{capped.hidden} more not shown: showing the {int(limit)} most strongly linked. Raise N to see them.")
measure = None
if size_by == "evidence":
    measure = {}
    for pair, value in tie_strengths(shown).items():
        for node in pair:
            measure[node] = measure.get(node, 0.0) + value
elif size_by in ("betweenness", "pagerank"):
    measure = centrality(subgraph_to_networkx(shown), size_by).scores  # of the entities in view
st.session_state["explore_view"] = shown
show_network(
    shown,
    highlight=seeds,
    measure=measure,
    alt=f"Network around {chosen.name}",
    rejected=rejected_edges(case_store, shown, key="explore"),
    pinned=pinned_positions("explore"),
)
st.caption(f"{len(shown.entities)} entities · {len(shown.links)} links · {len(shown.calls)} call pairs in view")
add_link_form(case_store, shown, key="explore")
add_entity_form(case_store, key="explore")
reopened = saved_views_controls(case_store, seeds, hops, filters, shown, key="explore")
if reopened:
    st.session_state[SEEDS_KEY] = reopened
    st.rerun()
rejected_links_table(case_store, shown, key="explore")
undo_controls(case_store, key="explore")

# -- expand ----------------------------------------------------------------------------
candidates = sorted((e for e in shown.entities if e.id not in seeds), key=lambda e: e.name.casefold())
if candidates:
    expand_cols = st.columns([3, 1])
    to_expand = expand_cols[0].selectbox(
        "Expand a node's neighbours",
        options=[e.id for e in candidates],
        format_func=lambda i: entity_label(next(e for e in candidates if e.id == i)),
        key="explore_expand_pick",
    )
    if expand_cols[1].button("Expand", key="explore_expand"):
        st.session_state[SEEDS_KEY] = [*seeds, to_expand]
        st.rerun()
if len(seeds) > 1 and st.button("Back to the searched entity only", key="explore_reset"):
    st.session_state[SEEDS_KEY] = [chosen.id]
    st.rerun()

# -- evidence --------------------------------------------------------------------------
rows = link_rows(shown)
if rows:
    st.subheader("Evidence behind a link")
    pick = st.selectbox(
        "Link",
        options=range(len(rows)),
        format_func=lambda i: f"{rows[i].label} ({rows[i].evidence})",
        key="explore_link",
    )
    row = rows[pick]
    if row.type == "CALLED":
        calls = [
            c
            for c in case_store.calls([row.source, row.target])
            if {phone_entity_id(c.caller), phone_entity_id(c.callee)} == {row.source, row.target}
        ]
        st.dataframe(
            pd.DataFrame(
                [{"From": c.caller, "To": c.callee, "Start": c.start, "Seconds": c.duration_s} for c in calls]
            ),
            hide_index=True,
        )
    else:
        evidence_panel(case_store, case_store.evidence(row.source, row.target, row.type))
        link_decision_controls(case_store, row.type, row.source, row.target, key="explore")
