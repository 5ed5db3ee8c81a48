"""Recruitment & journeys: who recruited whom (chains and trees) and where victims were taken, in the order of events.

A journey's stops are dated by the event (the extraction's date, or one written in the
sentence), else by the report, which is flagged; a leg told by several reports is shown once
with all its evidence.
"""

from __future__ import annotations

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
from render.highlight import plain
from ui.context import store
from ui.widgets import entity_search, link_filter_controls

st.title("Recruitment & journeys")
case_store = store()
filters = link_filter_controls("recruitment", cases=case_store.stats().cases)
graph = case_network(case_store, filters)
report_dates = {r.id: r.reported_at for r in case_store.reports()}
titles = {r.id: r.title or r.source for r in case_store.reports()}

tab_recruit, tab_journey, tab_routes = st.tabs(["Recruitment", "Victim journey", "Shared routes"])

with tab_recruit:
    person = entity_search(case_store, "Person", key="recruit_person", kinds=["PERSON"])
    if person is not None and person.id in graph:
        try:
            chains = recruitment_chains(graph, person.id)
            tree = recruitment_tree(graph, person.id)
        except AnalysisError as error:
            st.warning(plain(str(error)))
            chains, tree = [], None
        st.subheader(f"Who recruited {person.name}")
        if not chains:
            st.caption("Nobody in the case is recorded as recruiting this person.")
        for chain in chains:
            st.markdown(" → ".join(f"**{plain(n)}**" for n in chain.names))
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "Recruiter": s.recruiter_name,
                            "Recruited": s.recruited_name,
                            "Evidence": " | ".join(e.sentence for e in s.evidence[:3]),
                            "Reports": ", ".join(sorted({titles.get(e.report_id, e.report_id) for e in s.evidence})),
                        }
                        for s in chain.steps
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
        st.subheader(f"Whom {person.name} recruited")
        if tree is None or not tree.recruits:
            st.caption("No recruits recorded for this person.")
        else:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "Recruit": r.name,
                            "Depth": r.depth,
                            "Recruited by": ", ".join(graph.nodes[p].get("name", p) for p in r.recruited_by),
                            "Evidence": " | ".join(e.sentence for e in r.evidence[:2]),
                        }
                        for r in tree.recruits
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
    rors = recruiters_of_recruiters(graph)
    if rors:
        st.subheader("Recruiters of recruiters")
        st.dataframe(
            pd.DataFrame(
                [
                    {"Person": r.name, "Recruiters recruited": len(r.recruiters_recruited), "Downstream": r.downstream}
                    for r in rors
                ]
            ),
            hide_index=True,
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
            st.dataframe(
                pd.DataFrame(
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
                    ]
                ),
                hide_index=True,
                width="stretch",
            )

with tab_routes:
    routes = shared_routes(graph, report_dates=report_dates)
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
