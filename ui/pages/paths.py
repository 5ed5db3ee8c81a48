"""Paths: how two entities are connected, each hop with the evidence behind it."""

from __future__ import annotations

import streamlit as st

from governance.grading import assessment_label, path_support
from graph.analysis import AnalysisError, k_shortest_paths, paths_up_to, shortest_paths
from graph.analysis.targets import hubs, without_hubs
from ui.case_reads import CaseReads
from ui.context import store
from ui.focus import as_evidence
from ui.navigation import RowTarget, linked_entity, linked_table, open_entity
from ui.network_component import network_view
from ui.text import plain
from ui.widgets import entity_search, keyed, link_filter_controls

st.title("Paths")
case_store = store()
reads = CaseReads(case_store)

left, right = st.columns(2)  # the two ends are kept in the URL (?from=…&to=…): a shared link opens the same paths
with left:
    source = linked_entity(case_store, entity_search(case_store, "From", key="paths_from"), "from")
with right:
    target = linked_entity(case_store, entity_search(case_store, "To", key="paths_to"), "to")

options = st.columns(3)
mode = options[0].radio("Find", ["shortest paths", "k shortest paths", "all paths up to N hops"], key="paths_mode")
number = options[1].number_input("k or N", 1, 8, 3, key="paths_n")
weighted = options[2].checkbox(
    "Prefer well-evidenced links",
    key="paths_weighted",
    help="A hop's length is 1 / its evidence, so strong ties are short.",
)
directed = options[2].checkbox("Follow link direction", key="paths_directed")
keep_hubs = options[2].checkbox(
    "Keep hubs", key="paths_hubs", help="Numbers or places many unrelated people share (hotlines, hotels)"
)
filters = link_filter_controls("paths", cases=reads.stats().cases)

if source is None or target is None:
    st.caption("Choose two entities to see how they connect.")
    st.stop()
if source.id == target.id:
    st.info("Choose two different entities.")
    st.stop()

graph = reads.graph(filters)
if not keep_hubs:  # a shared hotline or hotel joins people who never met: left out unless asked for, as in the CLI
    whole = graph
    found_hubs = reads.cached("hubs", lambda: hubs(whole), filters)
    graph = without_hubs(whole, keep=(source.id, target.id))
    if found_hubs:
        left_out = ", ".join(str(whole.nodes[h].get("name", h)) for h in sorted(found_hubs))
        st.caption(plain(f"Hubs left out of the paths ({len(found_hubs)}):") + " " + plain(left_out))
try:
    if mode == "shortest paths":
        found = shortest_paths(graph, source.id, target.id, weighted=weighted, directed=directed)
    elif mode == "k shortest paths":
        found = k_shortest_paths(graph, source.id, target.id, k=int(number), weighted=weighted, directed=directed)
    else:
        found = paths_up_to(graph, source.id, target.id, max_hops=int(number), directed=directed)
except AnalysisError as error:
    st.warning(plain(str(error)))
    st.stop()

if not found:
    st.warning(f"No path joins {plain(source.name)} and {plain(target.name)} under these filters.")
    st.stop()

reports = {r.id: r for r in reads.reports()}
st.success(f"{len(found)} path(s) found; the shortest has {min(p.length for p in found)} hop(s).")
chosen = st.selectbox(
    "Path",
    options=range(len(found)),
    format_func=lambda i: f"{i + 1}. " + " → ".join(found[i].names) + f" ({found[i].length} hops)",
    key=keyed("paths_pick", source.id, target.id, mode, int(number), weighted, directed, keep_hubs, repr(filters)),
)
path = found[chosen]
support = path_support([as_evidence(hop.evidence, reports) for hop in path.hops])
st.info("This path rests on: " + plain(support.describe()))
st.session_state["export_rationale"] = [  # for the prosecutor's pack made next on the Export page
    f"Path from {source.name} to {target.name} ({path.length} hops): " + " → ".join(path.names),
    f"This path rests on: {support.describe()}",
]
st.session_state["paths_view"] = graph.subgraph(path.nodes).copy()
clicked = network_view(
    st.session_state["paths_view"],
    key=keyed("paths_network", tuple(path.nodes)),
    highlight=[source.id, target.id],
    height=420,
    status="Click an entity to open it in Explore.",
).selected
if clicked and clicked in path.nodes:
    open_entity(clicked)

for number_, hop in enumerate(path.hops, start=1):
    st.markdown(f"**Hop {number_}:** {plain(hop.source_name)} → {plain(hop.target_name)} · {', '.join(hop.types)}")
    linked_table(
        [
            {
                "Relation": e.type,
                "Basis": assessment_label(e.method or ("calls" if e.type == "CALLED" else "")),
                "Sentence": e.sentence if e.type != "CALLED" else f"{e.count or 0} call(s)",
                "Report": reports[e.report_id].title if e.report_id in reports else e.report_id,
                "Grading": str(reports[e.report_id].grading) if e.report_id in reports else "",
                "Confidence": round(e.confidence, 2),
            }
            for e in hop.evidence
        ],
        [
            RowTarget(report_id=e.report_id, sentence=e.sentence) if e.report_id in reports else RowTarget()
            for e in hop.evidence
        ],
        key=keyed("paths_hop", tuple(path.nodes), number_),
        caption="Select a row to read the report at its sentence.",
    )
