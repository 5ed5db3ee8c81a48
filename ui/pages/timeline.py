"""Timeline & map: the network window by window, when the evidence was reported, calls over time, and where the places are.

The network over time shows, per window (30 days by default), its size, density and
degree centralisation, its top brokers and the brokers who appear in it; it honours the
filters (date window, minimum grading), and each window holds only the calls made in it.

The map is offline: an Altair scatter over the coordinates stored on each place (from the
gazetteer), no tile server.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from casework.analysis import case_network, network_over_time
from graph.analysis import victim_journey
from graph.analysis.journeys import journey_legs
from graph.analysis.windows import parse_window
from graph.model import Location
from render.highlight import plain
from ui.context import store
from ui.widgets import entity_search, link_filter_controls

st.title("Timeline & map")
case_store = store()
reports = case_store.reports()
titles = {r.id: r.title or r.source for r in reports}
dates = {r.id: r.reported_at for r in reports}
filters = link_filter_controls("timeline", cases=case_store.stats().cases)

tab_windows, tab_time, tab_map = st.tabs(["Network over time", "Timeline", "Map"])

with tab_windows:
    choices = st.columns(2)
    window = choices[0].selectbox("Window", ["30d", "14d", "7d", "3m", "1y"], key="timeline_window")
    cumulative = choices[1].checkbox("Everything known up to each window's end", value=False, key="timeline_cumulative")
    periods = network_over_time(case_store, filters, days=parse_window(window), cumulative=cumulative)
    if not periods:
        st.caption("No dated evidence yet.")
    else:
        frame = pd.DataFrame(
            [
                {
                    "Window": p.start,
                    "Entities": p.nodes,
                    "Ties": p.ties,
                    "Density": p.density,
                    "Centralisation": p.centralisation,
                }
                for p in periods
            ]
        )
        frame["Window"] = pd.to_datetime(frame["Window"])
        size = frame.melt("Window", ["Entities", "Ties"], "Figure", "Count")
        shape = frame.melt("Window", ["Density", "Centralisation"], "Figure", "Value")
        st.subheader(f"The network per {window} window")
        st.altair_chart(
            alt.Chart(size).mark_line(point=True).encode(x="Window:T", y="Count:Q", color="Figure:N"),
            width="stretch",
        )
        st.altair_chart(
            alt.Chart(shape).mark_line(point=True).encode(x="Window:T", y="Value:Q", color="Figure:N"),
            width="stretch",
        )
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Window": p.label,
                        "Entities": p.nodes,
                        "Ties": p.ties,
                        "Density": round(p.density, 3),
                        "Centralisation": round(p.centralisation, 3),
                        "Top brokers": ", ".join(f"{name} ({score:.2f})" for _n, name, score in p.top_brokers),
                        "New brokers": ", ".join(name for _n, name in p.new_brokers),
                    }
                    for p in periods
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        st.caption(
            plain(
                "Links are dated by their report; calls one by one. Brokers are cut points of the window's "
                "network; new brokers were no broker in any earlier window."
            )
        )

with tab_time:
    subgraph = case_store.subgraph()
    rows = [
        {"Date": dates.get(link.report_id), "Relation": link.type, "Report": titles.get(link.report_id, "")}
        for link in subgraph.links
        if dates.get(link.report_id)
    ]
    if rows:
        frame = pd.DataFrame(rows)
        frame["Date"] = pd.to_datetime(frame["Date"])
        st.subheader("Links by the date of the report behind them")
        st.altair_chart(
            alt.Chart(frame)
            .mark_circle(size=90, opacity=0.7)
            .encode(
                x="Date:T",
                y=alt.Y("Relation:N", title=None),
                color="Relation:N",
                tooltip=["Date:T", "Relation:N", "Report:N"],
            ),
            width="stretch",
        )
    else:
        st.caption("No dated evidence yet.")
    calls = case_store.calls()
    if calls:
        frame = pd.DataFrame([{"Start": c.start[:10], "Caller": c.caller, "Seconds": c.duration_s} for c in calls])
        frame["Start"] = pd.to_datetime(frame["Start"])
        st.subheader("Calls per week")
        st.altair_chart(
            alt.Chart(frame)
            .mark_bar()
            .encode(x=alt.X("yearweek(Start):T", title="Week"), y=alt.Y("count():Q", title="Calls")),
            width="stretch",
        )
    st.subheader("Reports")
    st.dataframe(
        pd.DataFrame(
            sorted(
                (
                    {"Reported": r.reported_at or "", "Title": r.title, "Kind": r.kind, "Grading": str(r.grading)}
                    for r in reports
                ),
                key=lambda row: row["Reported"],
            )
        ),
        hide_index=True,
        width="stretch",
    )

with tab_map:
    places = [
        e
        for e in case_store.entities(kinds=["LOCATION"])
        if isinstance(e, Location) and e.lat is not None and e.lon is not None
    ]
    if not places:
        st.info("No place in the case has coordinates yet (they come from the gazetteer at extraction).")
        st.stop()
    mentions = {p.id: len(case_store.mentions_of(p.id)) for p in places}
    frame = pd.DataFrame(
        [
            {
                "Place": p.name,
                "Kind": p.place_kind,
                "Parish": p.parish or "",
                "lat": p.lat,
                "lon": p.lon,
                "Mentions": mentions[p.id],
            }
            for p in places
        ]
    )
    victim = entity_search(case_store, "Draw a victim's journey", key="map_victim", kinds=["PERSON"])
    layers = [
        alt.Chart(frame)
        .mark_circle(opacity=0.8, color="#009E73")
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size("Mentions:Q", scale=alt.Scale(range=[60, 600])),
            tooltip=["Place:N", "Kind:N", "Parish:N", "Mentions:Q"],
        ),
        alt.Chart(frame).mark_text(dy=-12, fontSize=11).encode(longitude="lon:Q", latitude="lat:Q", text="Place:N"),
    ]
    if victim is not None:
        journey = victim_journey(case_network(case_store, filters), victim.id, dates)
        legs = journey_legs(journey)
        ordered = [legs[0].origin, *(leg.destination for leg in legs)] if legs else journey.route
        located = {p.id: p for p in places}
        route = [
            {"order": i, "lat": located[p].lat, "lon": located[p].lon, "Place": located[p].name}
            for i, p in enumerate(ordered)
            if p in located
        ]
        if len(route) >= 2:
            layers.append(
                alt.Chart(pd.DataFrame(route))
                .mark_line(color="#B2182B", strokeWidth=3, point=True)
                .encode(longitude="lon:Q", latitude="lat:Q", order="order:Q", tooltip=["order:Q", "Place:N"])
            )
        else:
            st.caption("Fewer than two places of this journey have coordinates.")
    st.altair_chart(alt.layer(*layers).project(type="mercator").properties(height=520), width="stretch")
    st.dataframe(frame, hide_index=True, width="stretch")
