"""Recruitment & journeys: who recruited whom (chains and trees, drawn top-down) and where victims were taken, in the order of events.

A journey's stops are dated by the event (the extraction's date, or one written in the
sentence), else by the report, which is flagged; a leg told by several reports is shown once
with all its evidence.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from casework.analysis import case_network
from graph.analysis import (
    AnalysisError,
    recruiters_of_recruiters,
    recruitment_chains,
    recruitment_tree,
    shared_routes,
    victim_journey,
)
from graph.analysis.journeys import journey_legs
from ui.case_reads import CaseReads
from ui.context import store
from ui.focus import recruitment_diagram
from ui.navigation import RowTarget, linked_table
from ui.network_component import network_view
from ui.text import plain
from ui.widgets import entity_search, keyed, link_filter_controls

st.title("Recruitment & journeys")
case_store = store()
reads = CaseReads(case_store)  # whole-case reads made once per case version
filters = link_filter_controls("recruitment", cases=reads.stats().cases)
graph = reads.cached("case_network", lambda: case_network(case_store, filters), filters)
report_dates = reads.report_dates()
titles = reads.report_titles()

tab_recruit, tab_journey, tab_routes = st.tabs(["Recruitment", "Victim journey", "Shared routes"])


def journey_strip(stops) -> alt.Chart | None:  # noqa: ANN001 - JourneyStop list
    """The journey as an ordered strip: one point per stop in event-date order, joined in that order."""
    dated = [(i, s) for i, s in enumerate(stops) if s.date]
    if len(dated) < 1:
        return None
    frame = pd.DataFrame(
        [{"Order": i + 1, "Date": s.date[:10], "Place": s.place_name, "Stage": ", ".join(s.stages)} for i, s in dated]
    )
    frame["Date"] = pd.to_datetime(frame["Date"], errors="coerce")
    base = alt.Chart(frame).encode(
        x=alt.X("Date:T", title="Event date"),
        y=alt.Y("Place:N", sort=alt.SortField("Order"), title=None),
        order="Order:Q",
        tooltip=["Order:Q", "Date:T", "Place:N", "Stage:N"],
    )
    chart = (
        base.mark_line(color="#B2182B", strokeWidth=2)
        + base.mark_circle(size=120, color="#B2182B")
        + base.mark_text(dy=-12, fontSize=11).encode(text="Order:Q")
    )
    return chart.properties(
        height=max(120, 40 * frame["Place"].nunique()), usermeta={"embedOptions": {"actions": False}}
    )


with tab_recruit:
    person = entity_search(case_store, "Person", key="recruit_person", kinds=["PERSON"])
    if person is not None and person.id in graph:
        try:
            chains = recruitment_chains(graph, person.id)
            tree = recruitment_tree(graph, person.id)
        except AnalysisError as error:
            st.warning(plain(str(error)))
            chains, tree = [], None
        diagram = recruitment_diagram(graph, chains, tree)
        if diagram.number_of_nodes() > 1:
            st.subheader(plain(f"Recruitment around {person.name}"))
            clicked = network_view(
                diagram,
                key=keyed("recruit_diagram", person.id),
                highlight=[person.id],
                hierarchical=True,
                height=420,
                status="Recruiter above recruit. Click a person to list the evidence of their recruitment links.",
            ).selected
            if clicked in diagram:
                steps = [(u, v, d) for u, v, d in diagram.edges(data=True) if clicked in (u, v)]
                linked_table(
                    [
                        {
                            "Recruiter": graph.nodes[u].get("name", u),
                            "Recruited": graph.nodes[v].get("name", v),
                            "Sentence": d.get("sentence", ""),
                            "Report": titles.get(d.get("report_id", ""), ""),
                        }  # fmt: skip
                        for u, v, d in steps
                    ],
                    [RowTarget(report_id=d.get("report_id"), sentence=d.get("sentence", "")) for _, _, d in steps],
                    key=keyed("recruit_diagram_evidence", clicked),
                    caption="Select a row to read the report at its sentence.",
                )
        st.subheader(plain(f"Who recruited {person.name}"))
        if not chains:
            st.caption("Nobody in the case is recorded as recruiting this person.")
        for chain in chains:
            st.markdown(" → ".join(f"**{plain(n)}**" for n in chain.names))
            linked_table(
                [
                    {
                        "Recruiter": s.recruiter_name,
                        "Recruited": s.recruited_name,
                        "Evidence": " | ".join(e.sentence for e in s.evidence[:3]),
                        "Reports": ", ".join(sorted({titles.get(e.report_id, e.report_id) for e in s.evidence})),
                    }
                    for s in chain.steps
                ],
                [RowTarget(entity_id=s.recruiter) for s in chain.steps],
                key=keyed("recruit_chain", tuple(chain.people)),
                caption="Select a row to open the recruiter in Explore.",
            )
        st.subheader(plain(f"Whom {person.name} recruited"))
        if tree is None or not tree.recruits:
            st.caption("No recruits recorded for this person.")
        else:
            linked_table(
                [
                    {
                        "Recruit": r.name,
                        "Depth": r.depth,
                        "Recruited by": ", ".join(graph.nodes[p].get("name", p) for p in r.recruited_by),
                        "Evidence": " | ".join(e.sentence for e in r.evidence[:2]),
                    }
                    for r in tree.recruits
                ],
                [RowTarget(entity_id=r.person) for r in tree.recruits],
                key=keyed("recruit_tree", person.id),
                caption="Select a row to open the recruit in Explore.",
            )
    rors = reads.cached("recruiters_of_recruiters", lambda: recruiters_of_recruiters(graph), filters)
    if rors:
        st.subheader("Recruiters of recruiters")
        linked_table(
            [
                {"Person": r.name, "Recruiters recruited": len(r.recruiters_recruited), "Downstream": r.downstream}
                for r in rors
            ],
            [RowTarget(entity_id=r.person) for r in rors],
            key="recruit_rors",
            caption="Select a row to open the person in Explore.",
        )

with tab_journey:
    victim = entity_search(case_store, "Victim", key="journey_person", kinds=["PERSON"])
    if victim is not None and victim.id in graph:
        journey = victim_journey(graph, victim.id, report_dates)
        if not journey.stops:
            st.caption("No places recorded for this person's journey.")
        else:
            legs = journey_legs(journey)
            route = (
                [legs[0].origin_name, *(leg.destination_name for leg in legs)]
                if legs
                else [journey.stops[0].place_name]
            )
            st.markdown("**Route:** " + " → ".join(plain(r) for r in route))
            st.session_state["journey_route"] = (
                [legs[0].origin, *(leg.destination for leg in legs)] if legs else journey.route
            )
            dated_by = {"event": "event", "sentence": "the sentence", "report": "report date (no later than)", "": ""}
            st.subheader("Legs")
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "Leg": number,
                            "From": leg.origin_name,
                            "To": leg.destination_name,
                            "Date": leg.date or "",
                            "Dated by": dated_by.get(leg.date_from, leg.date_from),
                            "Told": leg.times_told,
                            "Evidence": " | ".join(dict.fromkeys(s.sentence for s in leg.evidence)),
                            "Reports": ", ".join(sorted({titles.get(s.report_id, s.report_id) for s in leg.evidence})),
                        }
                        for number, leg in enumerate(legs, start=1)
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
            st.subheader("Stops")
            strip = journey_strip(journey.stops)
            if strip is not None:
                st.altair_chart(strip, width="stretch")
            linked_table(
                [
                    {
                        "Date": s.date or "",
                        "Dated by": dated_by.get(s.date_from, s.date_from),
                        "Place": s.place_name,
                        "Stages": ", ".join(s.stages),
                        "With": ", ".join(graph.nodes[b].get("name", b) for b in s.by if b in graph),
                        "Sentence": s.sentence,
                        "Report": titles.get(s.report_id, s.report_id),
                    }
                    for s in journey.stops
                ],
                [RowTarget(report_id=s.report_id, sentence=s.sentence) for s in journey.stops],
                key=keyed("journey_stops", victim.id),
                caption="Select a stop to read the report at its sentence.",
            )

with tab_routes:
    routes = reads.cached("shared_routes", lambda: shared_routes(graph, report_dates=report_dates), filters)
    if not routes:
        st.caption("No leg of a journey is shared by two or more people yet.")
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "From": r.origin_name,
                        "To": r.destination_name,
                        "People": len(r.people),
                        "Who": ", ".join(r.names),
                    }
                    for r in routes
                ]
            ),
            hide_index=True,
            width="stretch",
        )
