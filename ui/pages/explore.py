"""Explore: search an entity, read its profile, and grow its network hop by hop with filters.

The entity shown and the hops are in the URL (``?entity=…&hops=…``), so a view can be shared
and other pages can open an entity here. Every choice list is keyed to what it lists (the
query, the view), so a new search or a new view never acts on an old selection.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.analysis import centrality
from graph.identity import phone_entity_id
from graph.model import NODE_LABELS
from graph.store import subgraph_to_networkx
from ui.case_reads import CaseReads
from ui.context import store
from ui.decisions_panel import (
    add_entity_form,
    add_link_form,
    entity_decision_controls,
    flash,
    link_decision_controls,
    notes_panel,
    rejected_edges,
    rejected_links_table,
    saved_views_controls,
    undo_controls,
    watch_button,
)
from ui.focus import cap_neighbours, entity_label, link_rows, missing_in, tie_strengths, within_hops
from ui.navigation import RowTarget, keep_in_url, linked_entity, linked_table, url_int
from ui.network_component import network_view
from ui.text import plain
from ui.widgets import entity_search, evidence_panel, keyed, link_filter_controls, restore_filters

st.title("Explore")
case_store = store()
flash()
reads = CaseReads(case_store)

chosen = linked_entity(case_store, entity_search(case_store, "Search the case", key="explore"), "entity")
if chosen is None:
    st.caption("Search a person, place, phone number, organisation, vehicle, e-mail or handle to start.")
    st.stop()

# The entity in focus starts the view; expanding adds more seeds, kept per focus entity.
seeds_by_focus: dict[str, list[str]] = st.session_state.setdefault("explore_seeds_by_focus", {})
seeds: list[str] = seeds_by_focus.setdefault(chosen.id, [chosen.id])
st.session_state["explore_seeds"] = seeds  # the Export page offers "the current Explore view"

# -- profile ---------------------------------------------------------------------------
case_store.note("profile-view", subject=case_store.inner_id(chosen.id))
st.header(plain(chosen.name))


def profile_table(entity) -> None:
    profile = {"Kind": NODE_LABELS.get(entity.kind, entity.kind), "Id": entity.id}
    profile.update({k.replace("_", " ").capitalize(): v for k, v in entity.properties().items() if v not in (None, "")})
    if entity.aliases:
        profile["Also known as"] = ", ".join(entity.aliases)
    st.dataframe(pd.DataFrame([{"Field": k, "Value": str(v)} for k, v in profile.items()]), hide_index=True)


def named_in(entity, key: str) -> None:
    mentioning = case_store.reports_mentioning(entity.id)
    with st.expander(f"Named in {len(mentioning)} report(s)"):
        linked_table(
            [
                {"Report": r.title or r.source, "Reported": r.reported_at or "", "Grading": str(r.grading)}
                for r in mentioning
            ],
            [RowTarget(report_id=r.id) for r in mentioning],
            key=keyed(key, entity.id),
            caption="Select a report to read it.",
        )


profile_table(chosen)
named_in(chosen, "explore_reports")
watch_button(case_store, chosen, key="explore")
notes_panel(case_store, "entity", chosen.id, key="explore_profile")
entity_decision_controls(case_store, chosen, key="explore_profile")

# -- network ---------------------------------------------------------------------------
st.subheader("Network")
controls = st.columns([1, 1, 1])
if "explore_pending_hops" in st.session_state:  # a saved view just reopened: its hops, before the slider is drawn
    st.session_state["explore_hops"] = int(st.session_state.pop("explore_pending_hops"))
hops = controls[0].slider("Hops", 1, 3, url_int("hops", 1, 1, 3), key="explore_hops")
keep_in_url(hops=hops if hops != 1 else None)
limit = controls[1].number_input("Show at most N neighbours", 5, 500, 40, step=5, key="explore_limit")
size_by = controls[2].selectbox(
    "Size nodes by", ["linked entities", "evidence", "betweenness", "pagerank"], key="explore_size"
)
if "explore_pending_filters" in st.session_state:  # ...and its filters, before the filter widgets are drawn
    restore_filters("explore", st.session_state.pop("explore_pending_filters"))
filters = link_filter_controls("explore", cases=reads.stats().cases, in_url=True)

with st.spinner("Gathering the network…"):  # one hop further than drawn: how many more each node has
    wider = case_store.neighbourhood(seeds, hops=hops + 1, filters=filters)
    view = within_hops(wider, seeds, hops)
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
view_key = keyed("explore_network", chosen.id)
events = network_view(
    shown,
    key=view_key,
    highlight=seeds,
    measure=measure,
    more=missing_in(wider, shown),
    rejected=rejected_edges(case_store, shown, key="explore"),
    pinned=st.session_state.get("explore_pinned"),
    status=f"{len(shown.entities)} entities · {len(shown.links)} links · {len(shown.calls)} call pairs in view. "
    "Click a node to open it; double-click to expand it.",
)
if events.expand and events.expand not in seeds:
    seeds.append(events.expand)
    st.rerun()
add_link_form(case_store, shown, key="explore")
add_entity_form(case_store, key="explore")
reopened = saved_views_controls(case_store, seeds, hops, filters, shown, key="explore", drawn=events.positions)
if reopened:
    seeds[:] = reopened
    st.rerun()
rejected_links_table(case_store, shown, key="explore")
undo_controls(case_store, key="explore")

# -- expand ----------------------------------------------------------------------------
candidates = {e.id: e for e in sorted(shown.entities, key=lambda e: e.name.casefold()) if e.id not in seeds}
if candidates:
    expand_cols = st.columns([3, 1])
    to_expand = expand_cols[0].selectbox(
        "Expand a node's neighbours",
        options=list(candidates),
        format_func=lambda i: entity_label(candidates[i]),
        key=keyed("explore_expand_pick", chosen.id, tuple(seeds), hops),
    )
    if expand_cols[1].button("Expand", key="explore_expand") and to_expand in candidates:
        seeds.append(to_expand)
        st.rerun()
if len(seeds) > 1 and st.button("Back to the searched entity only", key="explore_reset"):
    seeds_by_focus[chosen.id] = [chosen.id]
    st.rerun()

# -- the node clicked in the network ---------------------------------------------------


def refocus(entity_id: str) -> None:
    """Make a node of the view the entity in focus (clears the search box: the URL now says which)."""
    st.session_state["explore_query"] = ""
    st.query_params["entity"] = entity_id


in_view = {e.id: e for e in shown.entities}
if events.selected in in_view and events.selected != chosen.id:
    picked = case_store.get_entity(events.selected) or in_view[events.selected]
    with st.container(border=True):
        st.subheader(plain(f"Selected: {entity_label(picked)}"))
        cols = st.columns(2)
        cols[0].button(
            "Make it the focus", key=keyed("explore_refocus", picked.id), on_click=refocus, args=(picked.id,)
        )
        profile_table(picked)
        named_in(picked, "explore_selected_reports")

# -- evidence --------------------------------------------------------------------------
rows = link_rows(shown)
if events.selected in in_view:  # the clicked node's links first
    rows = [r for r in rows if events.selected in (r.source, r.target)] + [
        r for r in rows if events.selected not in (r.source, r.target)
    ]
if rows:
    st.subheader("Evidence behind a link")
    by_link = {f"{r.source}|{r.type}|{r.target}": r for r in rows}
    pick = st.selectbox(
        "Link",
        options=list(by_link),
        format_func=lambda i: f"{by_link[i].label} ({by_link[i].evidence})",
        key=keyed("explore_link", tuple(sorted(by_link)), events.selected),
    )
    row = by_link[pick]
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
