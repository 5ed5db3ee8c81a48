"""Maltego graph archive: a zip with Graphs/Graph1.graphml whose nodes are Maltego entities of
the standard types and whose edges are manual links quoting the evidence."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

import networkx as nx
import pytest

from graph.maltego import GRAPH_PATH, MTG, to_mtgx
from graph.model import CallSummary, Link, Person, Phone, Report, Subgraph

NS = {"g": "http://graphml.graphdrawing.org/xmlns", "mtg": MTG}


def small_view():
    report = Report.from_text("Marcia Dunbar uses 876-555-0122.", title="Intel 31", reference="CTIP/WM/2023/031")
    dunbar = Person("P_dunbar", "Marcia Dunbar", ["Miss Pearl"], role="suspect")
    phones = [Phone("PH_+18765550122", "+18765550122"), Phone("PH_+18765550145", "+18765550145")]
    link = Link("USES_PHONE", dunbar.id, phones[0].id, report.id, report.text, 0, len(report.text), 0.9, "rule")
    calls = [CallSummary(phones[0].id, phones[1].id, 5, 600, "2023-05-01", "2023-05-09")]
    return Subgraph([dunbar, *phones], [link], calls), {report.id: report}


def graph_of(data: bytes) -> ET.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == [GRAPH_PATH]
        return ET.fromstring(archive.read(GRAPH_PATH))


@pytest.mark.filterwarnings("ignore:No key type")  # Maltego keys carry XML, not typed values
def test_the_archive_holds_one_graphml_graph_networkx_can_read():
    view, reports = small_view()
    data = to_mtgx(view, reports)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        graph = nx.read_graphml(io.BytesIO(archive.read(GRAPH_PATH)))
    assert graph.number_of_nodes() == 3 and graph.number_of_edges() == 2


def test_entities_are_maltego_types_with_their_names():
    view, reports = small_view()
    root = graph_of(to_mtgx(view, reports))
    entities = {
        e.get("type"): e.find("mtg:Properties/mtg:Property/mtg:Value", NS).text
        for e in root.iterfind(".//mtg:MaltegoEntity", NS)
    }
    assert entities["maltego.Person"] == "Marcia Dunbar"
    assert entities["maltego.PhoneNumber"] in {"+18765550122", "+18765550145"}


def test_links_are_labelled_manual_links_quoting_the_evidence():
    view, reports = small_view()
    root = graph_of(to_mtgx(view, reports))
    links = []
    for link in root.iterfind(".//mtg:MaltegoLink", NS):
        assert link.get("type") == "maltego.link.manual-link"
        props = {p.get("name"): p.find("mtg:Value", NS).text for p in link.iterfind("mtg:Properties/mtg:Property", NS)}
        links.append(props)
    uses = next(p for p in links if p["maltego.link.manual.type"] == "USES_PHONE")
    assert "Marcia Dunbar uses 876-555-0122." in uses["maltego.link.manual.description"]
    assert "CTIP/WM/2023/031" in uses["maltego.link.manual.description"]
    assert any(p["maltego.link.manual.type"] == "CALLED" for p in links)


def test_a_quotation_from_a_many_page_report_cites_the_page():
    text = "Cover page.\fMarcia Dunbar uses 876-555-0122."
    report = Report.from_text(text, title="Statement", reference="ST/9")
    start = text.index("Marcia")
    view, _ = small_view()
    link = Link("USES_PHONE", "P_dunbar", "PH_+18765550122", report.id, text[start:], start, len(text), 0.9, "rule")
    data = to_mtgx(Subgraph(view.entities, [link]), {report.id: report}, {report.id: [text.index("\f")]})
    description = next(
        p.find("mtg:Value", NS).text
        for p in graph_of(data).iterfind(".//mtg:Property", NS)
        if p.get("name") == "maltego.link.manual.description"
    )
    assert "(ST/9, page 2;" in description
