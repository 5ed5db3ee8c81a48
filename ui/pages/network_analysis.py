"""Network analysis: key players (explained), communities, brokers, and a disruption simulator."""

from __future__ import annotations

from dataclasses import replace

import altair as alt
import pandas as pd
import streamlit as st

from governance.grading import evidence_support
from graph.analysis import (
    MEASURES,
    AnalysisError,
    brokers,
    centrality,
    communities,
    disruption_curve,
    key_players,
    network_summary,
    simulate_removal,
)
from graph.analysis.key_players import indicators_by_entity
from ui.case_reads import CaseReads
from ui.context import store
from ui.focus import as_evidence, node_evidence, top_of_case
from ui.navigation import RowTarget, linked_table, open_entity
from ui.network_component import network_view
from ui.text import plain
from ui.widgets import keyed, link_filter_controls, missing_neighbours

#: Key players are ranked this deep once per case version; "How many" shows the top of that ranking.
RANKED = 50
#: The whole-case picture draws at most this many entities (the top by the chosen measure) unless raised.
DRAWN_AT_MOST = 150

st.title("Network analysis")
case_store = store()
reads = CaseReads(case_store)
filters = link_filter_controls("analysis", cases=reads.stats().cases)
graph = reads.graph(filters)
if graph.number_of_nodes() == 0:
    st.info("Nothing to analyse under these filters.")
    st.stop()

summary = reads.cached("network_summary", lambda: network_summary(graph), filters)
cols = st.columns(5)
cols[0].metric("Entities", summary.nodes)
cols[1].metric("Linked pairs", summary.ties)
cols[2].metric("Components", summary.components)
cols[3].metric("Largest component", summary.largest_component)
cols[4].metric("Density", f"{summary.density:.3f}")

tab_players, tab_groups, tab_disrupt = st.tabs(["Key players", "Communities & brokers", "Disruption"])

with tab_players:
    options = st.columns(3)
    measure = options[0].selectbox("Rank by", ["fragmentation", *MEASURES], key="kp_measure")
    top = options[1].number_input("How many", 3, 50, 10, key="kp_top")
    people_only = options[2].checkbox("People only", value=True, key="kp_people")
    try:
        report = reads.cached(
            "key_players",
            lambda: key_players(
                graph,
                measure,
                RANKED,
                kinds=("PERSON",) if people_only else None,
                indicators=indicators_by_entity(graph, case_store.indicators()),
            ),
            filters,
            measure,
            RANKED,
            people_only,
        )
        report = replace(report, players=report.players[: int(top)])  # "How many" only cuts the ranking
    except AnalysisError as error:
        st.warning(plain(str(error)))
        st.stop()
    st.session_state["key_players"] = [p.entity_id for p in report.players]
    st.session_state["export_rationale"] = [  # for the prosecutor's pack made next on the Export page
        f"Key players ranked by {measure}: "
        + "; ".join(f"{p.rank}. {p.name} (score {p.score:.3f}, {p.ties} ties)" for p in report.players),
        *report.notes,
    ]
    reports_by_id = {r.id: r for r in reads.reports()}
    support = {
        p.entity_id: evidence_support(as_evidence(node_evidence(graph, p.entity_id), reports_by_id))
        for p in report.players
    }
    linked_table(
        [
            {
                "Rank": p.rank,
                "Entity": p.name,
                "Role": p.role,
                "Score": round(p.score, 4),
                "Ties": p.ties,
                "Evidence": p.evidence_count,
                "Reports": p.reports,
                "Cut point": "yes" if p.articulation_point else "",
                "Why": p.explanation,
                "Rests on": support[p.entity_id].describe(),
            }
            for p in report.players
        ],
        [RowTarget(entity_id=p.entity_id) for p in report.players],
        key=keyed("kp_table", measure, int(top), people_only),
        caption="Select a row to open the entity in Explore.",
    )
    for note in report.notes:
        st.caption(plain(note))
    size_measure = "betweenness" if measure == "fragmentation" else measure
    scores = reads.cached("centrality", lambda: centrality(graph, size_measure).scores, filters, size_measure)
    st.subheader(f"The case, nodes sized by {size_measure}")
    at_most = st.number_input(
        "Draw at most N entities (the top by this measure; the rest are counted on their neighbours)",
        20,
        max(20, graph.number_of_nodes()),
        min(DRAWN_AT_MOST, max(20, graph.number_of_nodes())),
        step=50,
        key="kp_drawn",
    )
    view = top_of_case(graph, scores, int(at_most), keep=[p.entity_id for p in report.players])
    left_out = graph.number_of_nodes() - view.number_of_nodes()
    clicked = network_view(
        view,
        key=keyed("kp_network", size_measure, repr(filters)),
        measure=scores,
        highlight=[p.entity_id for p in report.players[:3]],
        more=missing_neighbours(reads, view, filters),
        status=(f"{left_out} more entities not drawn. " if left_out else "")
        + "Click an entity to open it in Explore; +N on a label counts its neighbours not drawn.",
    ).selected
    if clicked and clicked in view:
        open_entity(clicked)

with tab_groups:
    result = reads.cached("communities", lambda: communities(graph), filters)
    st.caption(f"Louvain communities (modularity {result.modularity:.2f}, seed {result.seed}).")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Group": c.index + 1,
                    "Size": c.size,
                    "Hub": graph.nodes[c.hub].get("name", c.hub) if c.hub in graph else c.hub,
                    "Density": round(c.density, 2),
                    "Members": ", ".join(c.names[:12]) + (" …" if c.size > 12 else ""),
                }
                for c in result.communities
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    found = reads.cached("brokers", lambda: brokers(graph), filters)
    st.subheader("Brokers (cut points)")
    st.dataframe(
        pd.DataFrame(
            [
                {"Entity": graph.nodes[n].get("name", n), "Kind": graph.nodes[n].get("kind", "")}
                for n in found.articulation_points
            ]
        ),
        hide_index=True,
    )

with tab_disrupt:
    names = {n: str(graph.nodes[n].get("name", n)) for n in graph.nodes}
    people = sorted((n for n in graph.nodes if graph.nodes[n].get("kind") == "PERSON"), key=lambda n: names[n])
    remove = st.multiselect(
        "Remove these entities (arrest, disrupt)",
        people,
        default=[p for p in st.session_state.get("key_players", [])[:2] if p in people],
        format_func=lambda n: names[n],
        key="disrupt_remove",
    )
    if remove:
        outcome = simulate_removal(graph, remove)
        cols = st.columns(3)
        cols[0].metric(
            "Largest component",
            outcome.after.largest_component,
            outcome.after.largest_component - outcome.before.largest_component,
        )
        cols[1].metric("Components", outcome.after.components, outcome.after.components - outcome.before.components)
        cols[2].metric(
            "Recruiter–victim pairs connected",
            outcome.after.recruiter_victim_pairs,
            outcome.after.recruiter_victim_pairs - outcome.before.recruiter_victim_pairs,
        )
        if outcome.victims_cut_off:
            st.success(
                "Victims cut off from every recruiter: "
                + plain(", ".join(names.get(v, v) for v in outcome.victims_cut_off))
            )
    curve = reads.cached("disruption_curve", lambda: disruption_curve(graph, measure="betweenness", max_k=10), filters)
    if curve:
        frame = pd.DataFrame([{"Removed": p.k, "Largest component (share)": p.fraction} for p in curve])
        st.altair_chart(
            alt.Chart(frame).mark_line(point=True).encode(x="Removed:Q", y="Largest component (share):Q"),
            width="stretch",
        )
        st.caption("Removing the top entities by betweenness one at a time (recomputed after each removal).")
