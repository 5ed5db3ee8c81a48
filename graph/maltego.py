"""Maltego graph archive (``.mtgx``): a view of the case as a zip holding
``Graphs/Graph1.graphml``, GraphML whose nodes carry ``mtg:MaltegoEntity`` elements and whose
edges carry ``mtg:MaltegoLink`` (namespace ``http://maltego.paterva.com/xml/mtgx``).

Paterva does not publish a schema for it; the layout follows public writers whose files
Maltego opens (see docs/EXCHANGE.md). Entities use Maltego's standard types (Person,
PhoneNumber, EmailAddress, Location, Organization, Alias; vehicles as Phrase); each link is a
manual link labelled with our link type whose description quotes the evidence sentences with
their reports. Pure: the view comes already read through the user's guard.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict

import networkx as nx

from graph.model import Report, Subgraph
from graph.pages import page_at

MTG = "http://maltego.paterva.com/xml/mtgx"
GRAPHML = "http://graphml.graphdrawing.org/xmlns"
GRAPH_PATH = "Graphs/Graph1.graphml"
#: Maltego entity type and its main property, per entity kind.
ENTITY_TYPES: dict[str, tuple[str, str]] = {
    "PERSON": ("maltego.Person", "person.fullname"),
    "PHONE": ("maltego.PhoneNumber", "phonenumber"),
    "EMAIL": ("maltego.EmailAddress", "email"),
    "LOCATION": ("maltego.Location", "location.name"),
    "ORG": ("maltego.Organization", "title"),
    "HANDLE": ("maltego.Alias", "alias"),
    "VEHICLE": ("maltego.Phrase", "text"),
}
LINK_TYPE = "maltego.link.manual-link"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    return _XML_INVALID.sub(" ", "" if value is None else str(value))


def _property(parent: ET.Element, name: str, value: object, display: str, kind: str = "string") -> None:
    element = ET.SubElement(
        parent,
        f"{{{MTG}}}Property",
        {"name": name, "displayName": display, "type": kind, "hidden": "false", "nullable": "true",
         "readonly": "false"},
    )  # fmt: skip
    ET.SubElement(element, f"{{{MTG}}}Value").text = _text(value)


def to_mtgx(
    view: Subgraph, reports: dict[str, Report] | None = None, page_breaks: dict[str, list[int]] | None = None
) -> bytes:
    """The view as a Maltego graph archive (zip bytes); ``page_breaks`` (where each report's pages
    break) add the page of a many-page report's sentence to the quotation."""
    reports = reports or {}
    page_breaks = page_breaks or {}
    ET.register_namespace("", GRAPHML)
    ET.register_namespace("mtg", MTG)
    root = ET.Element(f"{{{GRAPHML}}}graphml")
    ET.SubElement(root, f"{{{GRAPHML}}}key", {"id": "d0", "for": "node", "attr.name": "MaltegoEntity"})
    ET.SubElement(root, f"{{{GRAPHML}}}key", {"id": "d1", "for": "node", "attr.name": "EntityRenderer"})
    ET.SubElement(root, f"{{{GRAPHML}}}key", {"id": "d2", "for": "edge", "attr.name": "MaltegoLink"})
    graph = ET.SubElement(root, f"{{{GRAPHML}}}graph", {"id": "G", "edgedefault": "directed"})
    node_ids: dict[str, str] = {}
    positions = _positions(view)
    for number, entity in enumerate(view.entities):
        node_ids[entity.id] = f"n{number}"
        node = ET.SubElement(graph, f"{{{GRAPHML}}}node", {"id": node_ids[entity.id]})
        data = ET.SubElement(node, f"{{{GRAPHML}}}data", {"key": "d0"})
        entity_type, main = ENTITY_TYPES.get(entity.kind, ("maltego.Phrase", "text"))
        element = ET.SubElement(data, f"{{{MTG}}}MaltegoEntity", {"type": entity_type})
        properties = ET.SubElement(element, f"{{{MTG}}}Properties")
        _property(properties, main, entity.name, "Name")
        _property(properties, "threadline.id", entity.id, "Threadline id")
        role = getattr(entity, "role", None)
        if role:
            _property(properties, "threadline.role", role, "Role")
        if entity.aliases:
            _property(properties, "threadline.aliases", "; ".join(entity.aliases), "Also known as")
        renderer = ET.SubElement(ET.SubElement(node, f"{{{GRAPHML}}}data", {"key": "d1"}), f"{{{MTG}}}EntityRenderer")
        x, y = positions.get(entity.id, (0, 0))
        ET.SubElement(renderer, f"{{{MTG}}}Position", {"x": str(x), "y": str(y)})
    grouped: dict[tuple[str, str, str], list] = defaultdict(list)
    for link in view.links:
        if link.source in node_ids and link.target in node_ids:
            grouped[(link.type, link.source, link.target)].append(link)
    edges = [(key, pieces) for key, pieces in grouped.items()]
    for number, ((link_type, source, target), pieces) in enumerate(edges):
        quotes = []
        for piece in pieces:
            report = reports.get(piece.report_id)
            where = (report.reference or report.title) if report else piece.report_id
            if page_breaks.get(piece.report_id):
                where += f", page {page_at(page_breaks[piece.report_id], piece.start)}"
            when = f", {report.reported_at}" if report and report.reported_at else ""
            quotes.append(f"“{piece.sentence}” ({where}{when}; {piece.method})")
        _edge(graph, f"e{number}", node_ids[source], node_ids[target], link_type, "\n".join(quotes))
    for number, call in enumerate(view.calls, start=len(edges)):
        if call.caller in node_ids and call.callee in node_ids:
            description = f"{call.count} calls, {call.total_s} s in all, {call.first} to {call.last}"
            _edge(graph, f"e{number}", node_ids[call.caller], node_ids[call.callee], "CALLED", description)
    xml = ET.tostring(root, encoding="unicode", xml_declaration=False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(GRAPH_PATH, '<?xml version="1.0" encoding="UTF-8"?>\n' + xml)
    return buffer.getvalue()


def _edge(graph: ET.Element, edge_id: str, source: str, target: str, label: str, description: str) -> None:
    edge = ET.SubElement(graph, f"{{{GRAPHML}}}edge", {"id": edge_id, "source": source, "target": target})
    data = ET.SubElement(edge, f"{{{GRAPHML}}}data", {"key": "d2"})
    link = ET.SubElement(data, f"{{{MTG}}}MaltegoLink", {"type": LINK_TYPE})
    properties = ET.SubElement(link, f"{{{MTG}}}Properties")
    _property(properties, "maltego.link.manual.type", label, "Label")
    _property(properties, "maltego.link.manual.description", description, "Description")
    _property(properties, "maltego.link.show-label", "1", "Show Label", "int")


def _positions(view: Subgraph) -> dict[str, tuple[int, int]]:
    graph = nx.Graph()
    graph.add_nodes_from(e.id for e in view.entities)
    graph.add_edges_from((link.source, link.target) for link in view.links)
    if len(graph) < 2:
        return {node: (0, 0) for node in graph}
    spread = 150 * len(graph) ** 0.5
    return {n: (int(x * spread), int(y * spread)) for n, (x, y) in nx.spring_layout(graph, seed=7).items()}
