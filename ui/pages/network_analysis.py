"""Network analysis: key players (explained), the combined target score, communities, brokers, connecting networks, disruption.

Targets are suspects: victims, witnesses, officers and caseworkers are never ranked or
offered for removal, though every measure is computed on the whole network. Hubs (numbers
and places many unrelated people share) are left out unless kept.
"""

from __future__ import annotations

from dataclasses import replace

import altair as alt
import pandas as pd
import streamlit as st

from casework.analysis import case_network, confirmed_suspects, reports_by_id
from governance.grading import evidence_support
from graph.analysis import (
    MEASURES,
    AnalysisError,
    brokers,
    centrality,
    communities,
    connecting_network,
    disruption_curve,
    key_players,
    network_summary,
    simulate_removal,
)
from graph.analysis.disruption import ATTACK_NAMES
from graph.analysis.key_players import indicators_by_entity
from graph.analysis.target_score import DEFAULT_WEIGHTS, FACTORS, ranked_targets
from graph.analysis.targets import TARGET_KINDS, choose_targets, hubs, without_hubs
from ui.case_reads import CaseReads
from ui.context import case_session, store
from ui.focus import as_evidence, node_evidence, top_of_case
from ui.navigation import RowTarget, linked_table, open_entity
from ui.network_component import network_view
from ui.text import plain
from ui.widgets import keyed, link_filter_controls, missing_neighbours

#: Key players and targets are ranked this deep once per case version; "How many" shows the top of that ranking.
RANKED = 50
#: The whole-case picture draws at most this many entities (the top by the chosen measure) unless raised.
DRAWN_AT_MOST = 150

st.title("Network analysis")
case_store = store()
reads = CaseReads(case_store)  # whole-case reads and results made once per case version
filters = link_filter_controls("analysis", cases=reads.stats().cases)
# calls cut to the window call by call, not by pair
whole = reads.cached("case_network", lambda: case_network(case_store, filters), filters)
if whole.number_of_nodes() == 0:
    st.info("Nothing to analyse under these filters.")
    st.stop()

settings = st.columns(3)
targets = settings[0].selectbox(
    "Targets",
    TARGET_KINDS,
    key="analysis_targets",
    help="People: suspects and people the case shows acting. Victims, witnesses, officers and caseworkers are "
    "never targets; they stay in the network every measure is computed on.",
)
keep_hubs = settings[1].checkbox(
    "Keep hubs", value=False, key="analysis_hubs", help="Numbers or places many unrelated people share"
)
weight_as = settings[2].selectbox(
    "Read weights as", ["strength", "distance"], key="analysis_weight_as", help="strength: more evidence = closer"
)
found_hubs = reads.cached("hubs", lambda: hubs(whole), filters)
graph = whole if keep_hubs else reads.cached("without_hubs", lambda: without_hubs(whole), filters)
if found_hubs:
    names = ", ".join(f"{whole.nodes[h].get('name', h)} ({n} people)" for h, n in sorted(found_hubs.items()))
    st.caption(plain(("Hubs kept: " if keep_hubs else "Hubs left out of paths, key players and communities: ") + names))

summary = reads.cached("network_summary", lambda: network_summary(graph), filters, keep_hubs)
cols = st.columns(5)
cols[0].metric("Entities", summary.nodes)
cols[1].metric("Linked pairs", summary.ties)
cols[2].metric("Components", summary.components)
cols[3].metric("Largest component", summary.largest_component)
cols[4].metric("Density", f"{summary.density:.3f}")

choice = reads.cached("choose_targets", lambda: choose_targets(graph, targets), filters, keep_hubs, targets)
names = {n: str(graph.nodes[n].get("name", n)) for n in graph.nodes}

tab_players, tab_score, tab_groups, tab_connect, tab_disrupt = st.tabs(
    ["Key players", "Target score", "Communities & brokers", "Connect", "Disruption"]
)

with tab_players:
    options = st.columns(4)
    measure = options[0].selectbox("Rank by", ["fragmentation", *MEASURES], key="kp_measure")
    top = options[1].number_input("How many", 3, 50, 10, key="kp_top")
    alpha = None
    radius = 2
    if measure == "katz":
        picked = options[2].number_input("Katz alpha (0: default 0.85/λmax)", 0.0, 1.0, 0.0, 0.01, key="kp_alpha")
        alpha = picked or None
    if measure == "collective_influence":
        radius = int(options[2].number_input("Radius ℓ", 0, 5, 2, key="kp_radius"))
    weighted = options[3].checkbox("Weighted", value=False, key="kp_weighted")
    try:
        report = reads.cached(
            "key_players",
            lambda: key_players(
                graph,
                measure,
                max(RANKED, int(top)),
                indicators=indicators_by_entity(graph, case_store.indicators()),
                targets=targets,
                with_hubs=True,  # hubs were already left out (or kept) above
                weighted=weighted,
                weight_as=weight_as,
                alpha=alpha,
                radius=radius,
            ),
            filters, keep_hubs, measure, max(RANKED, int(top)), targets, weighted, weight_as, alpha, radius,
        )  # fmt: skip
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
    reports = reads.cached("reports_by_id", lambda: reports_by_id(case_store))
    support = {
        p.entity_id: evidence_support(as_evidence(node_evidence(graph, p.entity_id), reports)) for p in report.players
    }
    linked_table(
        [
            {
                "Rank": p.rank,
                "Entity": p.name,
                "Role": p.role or p.kind.lower(),
                "Held by": ", ".join(p.owner_names),
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
        key=keyed("kp_table", measure, int(top), targets),
        caption="Select a row to open the entity in Explore.",
    )
    for note in report.notes:
        st.caption(plain(note))
    size_measure = "betweenness" if measure in ("fragmentation", "reachability") else measure
    scores = reads.cached(
        "centrality",
        lambda: centrality(graph, size_measure, weight_as=weight_as, alpha=alpha, radius=radius).scores,
        filters, keep_hubs, size_measure, weight_as, alpha, radius,
    )  # fmt: skip
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
        key=keyed("kp_network", size_measure, repr(filters), keep_hubs),
        measure=scores,
        highlight=[p.entity_id for p in report.players[:3]],
        more=missing_neighbours(reads, view, filters),
        status=(f"{left_out} more entities not drawn. " if left_out else "")
        + "Click an entity to open it in Explore; +N on a label counts its neighbours not drawn.",
    ).selected
    if clicked and clicked in view:
        open_entity(clicked)

with tab_score:
    st.caption(
        "score = (w_position × position + w_indicators × indicators + w_evidence × evidence + w_role × role) / "
        "sum of weights; each factor is between 0 and 1 (see docs/ANALYSIS.md). Set all weights but position "
        "to 0 for position alone."
    )
    sliders = st.columns(len(FACTORS))
    weights = {
        f: sliders[i].slider(f"Weight: {f}", 0.0, 1.0, DEFAULT_WEIGHTS[f], 0.05, key=f"score_{f}")
        for i, f in enumerate(FACTORS)
    }
    if not any(weights.values()):
        st.warning("Give at least one factor a weight.")
    else:
        scored = reads.cached(
            "ranked_targets",
            lambda: ranked_targets(
                graph,
                measure,
                max(RANKED, int(top)),
                reports=reports,
                indicators=case_store.indicators(),
                confirmed=confirmed_suspects(case_session().audit, case_store.outer_id),
                weights=weights,
                targets=targets,
                with_hubs=True,
                weighted=weighted,
                weight_as=weight_as,
                alpha=alpha,
                radius=radius,
            ),
            filters, keep_hubs, measure, max(RANKED, int(top)), sorted(weights.items()), targets, weighted, weight_as,
            alpha, radius,
        )[: int(top)]  # fmt: skip
        st.dataframe(
            pd.DataFrame(
                [
                    {"Rank": rank, "Entity": t.name, "Score": round(t.score, 3)}
                    | {f"{f.name} (value × weight)": f"{f.value:.2f} × {f.weight:.2f}" for f in t.factors}
                    | {"Why": "; ".join(f"{f.name}: {f.detail}" for f in t.factors)}
                    for rank, t in enumerate(scored, start=1)
                ]
            ),
            hide_index=True,
            width="stretch",
        )

with tab_groups:
    result = reads.cached("communities", lambda: communities(graph, with_hubs=True), filters, keep_hubs)
    st.caption(f"Louvain communities (modularity {result.modularity:.2f}, seed {result.seed}).")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Group": c.index + 1,
                    "Size": c.size,
                    "Best connected": graph.nodes[c.hub].get("name", c.hub) if c.hub in graph else c.hub,
                    "Density": round(c.density, 2),
                    "Members": ", ".join(c.names[:12]) + (" …" if c.size > 12 else ""),
                }
                for c in result.communities
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    found = reads.cached("brokers", lambda: brokers(graph), filters, keep_hubs)
    st.subheader("Brokers (cut points)")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Entity": graph.nodes[n].get("name", n),
                    "Kind": graph.nodes[n].get("kind", ""),
                    "Role": graph.nodes[n].get("role", ""),
                }
                for n in found.articulation_points
            ]
        ),
        hide_index=True,
    )

with tab_connect:
    chosen = st.multiselect(
        "Entities to connect (two or more)",
        sorted(graph.nodes, key=lambda n: names[n]),
        format_func=lambda n: names[n],
        key="connect_entities",
    )
    if len(chosen) >= 2:
        joined = connecting_network(whole if keep_hubs else without_hubs(whole, keep=chosen), chosen)
        st.write(
            "Go-betweens: "
            + plain(", ".join(names.get(n, n) for n in joined.intermediaries) or "none (they are tied directly)")
        )
        if joined.unreachable:
            st.warning("Not connected to the others: " + plain(", ".join(names.get(n, n) for n in joined.unreachable)))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "From": hop.source_name,
                        "To": hop.target_name,
                        "Links": ", ".join(hop.types),
                        "Evidence": " | ".join(e.sentence for e in hop.evidence[:3] if e.sentence),
                    }
                    for hop in joined.hops
                ]
            ),
            hide_index=True,
            width="stretch",
        )

with tab_disrupt:
    candidates = sorted((n for n in graph.nodes if n in choice), key=lambda n: names[n])
    remove = st.multiselect(
        "Remove these targets (arrest, disrupt)",
        candidates,
        default=[p for p in st.session_state.get("key_players", [])[:2] if p in candidates],
        format_func=lambda n: names[n],
        key="disrupt_remove",
        help="Only targets are offered: never a victim, witness, officer or caseworker.",
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
    attack_options = st.columns(3)
    attack = attack_options[0].radio(
        "Attack", list(ATTACK_NAMES), format_func=ATTACK_NAMES.get, key="disrupt_attack", horizontal=True
    )
    curve_measure = attack_options[1].selectbox("Measure", [*MEASURES, "fragmentation"], index=2, key="disrupt_measure")
    step = int(attack_options[2].number_input("Removed per step", 1, 10, 1, key="disrupt_step"))
    curve = reads.cached(
        "disruption_curve",
        lambda: disruption_curve(
            graph, curve_measure, attack, step, 10, targets=targets, with_hubs=True, weight_as=weight_as
        ),
        filters, keep_hubs, curve_measure, attack, step, targets, weight_as,
    )  # fmt: skip
    if curve:
        frame = pd.DataFrame(
            [
                {
                    "Removed": p.k,
                    "Largest component (share)": p.fraction,
                    "Who": ", ".join(names.get(n, n) for n in p.removed),
                }
                for p in curve
            ]
        )
        st.altair_chart(
            alt.Chart(frame)
            .mark_line(point=True)
            .encode(x="Removed:Q", y="Largest component (share):Q", tooltip=["Removed:Q", "Who:N"])
            .properties(usermeta={"embedOptions": {"actions": False}}),  # no "save as": downloads go through Export
            width="stretch",
        )
        st.caption(
            f"{ATTACK_NAMES[attack]} by {curve_measure}: "
            + (
                "ranked once on the intact network, top targets removed in that order."
                if attack == "initial"
                else f"the top {step} removed, the measure recomputed on what is left, repeated."
            )
        )
        st.dataframe(frame, hide_index=True, width="stretch")
