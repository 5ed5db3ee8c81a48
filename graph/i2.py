"""i2 Analyst's Notebook exchange: a view of the case as an ANX chart (Analyst's Notebook
Exchange XML), the file Analyst's Notebook opens with File > Open.

IBM ships the ANX schema ("Analyst's Notebook 7.xsd") only inside the product; the layout here
follows IBM's support note on the ANX format and public generators that write charts ANB 8.9
and 9 open (see docs/EXCHANGE.md). Every entity is an icon chart item (its type chooses the
icon; role and aliases are attributes); every link between two entities is one link chart
item whose cards hold the evidence, one card per report: the sentence as the card text, the
report as its summary and source reference, the report's date and grading. Calls between
phones are links too, labelled with their count and minutes. Pure: the view comes already
read through the user's guard.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections import defaultdict

import networkx as nx

from graph.model import Entity, Link, Report, Subgraph
from graph.pages import page_at

#: The ANB icon type each entity kind is drawn with (names from ANB's standard icon set).
ICON_TYPES: dict[str, str] = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "LOCATION": "Address",
    "PHONE": "Phone",
    "EMAIL": "Email",
    "VEHICLE": "Car",
    "HANDLE": "Internet",
}
#: Link strengths (ANB's line styles), from how the link was made.
STRENGTHS: dict[str, tuple[str, str]] = {  # method -> (strength name, dot style)
    "analyst": ("Confirmed", "DotStyleSolid"),
    "calls": ("Confirmed", "DotStyleSolid"),
    "rule": ("Unconfirmed", "DotStyleDashed"),
    "import": ("Unconfirmed", "DotStyleDashed"),
    "co-occurrence": ("Tentative", "DotStyleDotted"),
}
#: Link types drawn without an arrow (they have no direction).
UNDIRECTED = ("ASSOCIATE_OF", "CO_MENTIONED")
#: The order of the chart's parts (the schema is a sequence: ANB refuses them out of order).
CHART_PARTS = (
    "StrengthCollection",
    "AttributeClassCollection",
    "EntityTypeCollection",
    "LinkTypeCollection",
    "ChartItemCollection",
    "Summary",
)
ATTRIBUTE_CLASSES = ("Kind", "Role", "Aliases", "Threadline id", "Calls", "Call minutes")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    return _XML_INVALID.sub(" ", "" if value is None else str(value))


def _grading(report: Report | None) -> str:
    if report is None or (report.source_grading is None and report.information_grading is None):
        return "ungraded"
    return str(report.grading)


def to_anx(
    view: Subgraph,
    reports: dict[str, Report] | None = None,
    title: str = "Threadline chart",
    page_breaks: dict[str, list[int]] | None = None,
) -> str:
    """The view as an ANX chart (UTF-8 XML text). ``page_breaks`` (per report, where its pages
    break in the text as stored) add "page N" to the source reference of a many-page report's cards."""
    reports = reports or {}
    page_breaks = page_breaks or {}
    chart = ET.Element("Chart", {"IdReferenceLinking": "false", "Rigorous": "false"})
    strengths = ET.SubElement(chart, "StrengthCollection")
    seen_strengths: dict[str, str] = {}
    for name, dots in dict(STRENGTHS.values()).items():
        seen_strengths[name] = f"S{len(seen_strengths) + 1}"
        ET.SubElement(strengths, "Strength", {"Id": seen_strengths[name], "Name": name, "DotStyle": dots})
    classes = ET.SubElement(chart, "AttributeClassCollection")
    class_ids = {}
    for number, name in enumerate(ATTRIBUTE_CLASSES, start=1):
        class_ids[name] = f"AC{number}"
        kind = "AttNumber" if name in ("Calls", "Call minutes") else "AttText"
        ET.SubElement(
            classes,
            "AttributeClass",
            {"Id": class_ids[name], "Name": name, "Type": kind, "Visible": "true", "ShowValue": "true",
             "ShowIfSet": "true", "UserCanAdd": "true", "UserCanRemove": "true", "IsUser": "false"},
        )  # fmt: skip
    entity_types = ET.SubElement(chart, "EntityTypeCollection")
    type_ids: dict[str, str] = {}
    for kind in dict.fromkeys(e.kind for e in view.entities):
        icon = ICON_TYPES.get(kind, "General")
        if icon not in type_ids:
            type_ids[icon] = f"ET{len(type_ids) + 1}"
            ET.SubElement(
                entity_types,
                "EntityType",
                {"Id": type_ids[icon], "Name": icon, "IconFile": icon, "PreferredRepresentation": "RepresentAsIcon"},
            )
    link_types = ET.SubElement(chart, "LinkTypeCollection")
    link_type_ids: dict[str, str] = {}
    names = [link.type for link in view.links] + (["CALLED"] if view.calls else [])
    for name in dict.fromkeys(names):
        link_type_ids[name] = f"LT{len(link_type_ids) + 1}"
        ET.SubElement(link_types, "LinkType", {"Id": link_type_ids[name], "Name": name, "Colour": "0"})

    items = ET.SubElement(chart, "ChartItemCollection")
    entity_ids: dict[str, str] = {}
    positions = _positions(view)
    for number, entity in enumerate(view.entities, start=1):
        entity_ids[entity.id] = str(number)
        items.append(_entity_item(entity, str(number), positions.get(entity.id, (0, 0)), type_ids, class_ids))
    grouped: dict[tuple[str, str, str], list[Link]] = defaultdict(list)
    for link in view.links:
        if link.source in entity_ids and link.target in entity_ids:
            grouped[(link.type, link.source, link.target)].append(link)
    for (link_type, source, target), evidence in grouped.items():
        ends = (entity_ids[source], entity_ids[target])
        items.append(_link_item(link_type, *ends, evidence, reports, seen_strengths, link_type_ids, page_breaks))
    for call in view.calls:
        if call.caller not in entity_ids or call.callee not in entity_ids:
            continue
        minutes = call.total_s / 60
        item = ET.Element("ChartItem", {"Label": _text(f"{call.count} calls, {minutes:.1f} min")})
        link = ET.SubElement(item, "Link", {"End1Id": entity_ids[call.caller], "End2Id": entity_ids[call.callee]})
        cards = ET.SubElement(link, "CardCollection")
        ET.SubElement(
            cards,
            "Card",
            {"Summary": "Call-detail records", "Text": _text(f"{call.count} calls, {call.total_s} s, {call.first} to "
             f"{call.last}"), "SourceType": "call-detail records"},
        )  # fmt: skip
        ET.SubElement(
            link,
            "LinkStyle",
            {"Strength": "Confirmed", "ArrowStyle": "ArrowOnHead", "Type": "CALLED",
             "LinkTypeReference": link_type_ids["CALLED"]},
        )  # fmt: skip
        attributes = ET.SubElement(item, "AttributeCollection")
        for name, value in (("Calls", call.count), ("Call minutes", round(minutes, 1))):
            ET.SubElement(
                attributes,
                "Attribute",
                {"AttributeClass": name, "AttributeClassReference": class_ids[name], "Value": str(value)},
            )
        items.append(item)
    summary = ET.SubElement(chart, "Summary")
    fields = ET.SubElement(summary, "FieldCollection")
    ET.SubElement(fields, "Field", {"Type": "SummaryFieldTitle", "Field": _text(title)})
    ET.SubElement(fields, "Field", {"Type": "SummaryFieldAuthor", "Field": "Threadline"})
    ET.indent(chart)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(chart, encoding="unicode") + "\n"


def _entity_item(
    entity: Entity, number: str, position: tuple[int, int], type_ids: dict[str, str], class_ids: dict[str, str]
) -> ET.Element:
    icon = ICON_TYPES.get(entity.kind, "General")
    x, y = position
    item = ET.Element("ChartItem", {"Label": _text(entity.name), "XPosition": str(x)})
    end = ET.SubElement(item, "End", {"X": str(x), "Y": str(y), "Z": "0"})
    body = ET.SubElement(end, "Entity", {"EntityId": number, "Identity": _text(entity.id), "LabelIsIdentity": "false"})
    icon_element = ET.SubElement(body, "Icon")
    ET.SubElement(icon_element, "IconStyle", {"Type": icon, "EntityTypeReference": type_ids[icon]})
    attributes = ET.SubElement(item, "AttributeCollection")
    values = [("Kind", entity.kind.title()), ("Threadline id", entity.id)]
    role = getattr(entity, "role", None)
    if role:
        values.append(("Role", role))
    if entity.aliases:
        values.append(("Aliases", "; ".join(entity.aliases)))
    for name, value in values:
        ET.SubElement(
            attributes,
            "Attribute",
            {"AttributeClass": name, "AttributeClassReference": class_ids[name], "Value": _text(value)},
        )
    return item


def _link_item(
    link_type: str,
    end1: str,
    end2: str,
    evidence: list[Link],
    reports: dict[str, Report],
    strengths: dict[str, str],
    link_type_ids: dict[str, str],
    page_breaks: dict[str, list[int]],
) -> ET.Element:
    item = ET.Element("ChartItem", {"Label": link_type})
    link = ET.SubElement(item, "Link", {"End1Id": end1, "End2Id": end2})
    cards = ET.SubElement(link, "CardCollection")
    for piece in evidence:
        report = reports.get(piece.report_id)
        reference = (report.reference if report else None) or piece.report_id
        if page_breaks.get(piece.report_id):
            reference += f", page {page_at(page_breaks[piece.report_id], piece.start)}"
        attributes = {
            "Summary": _text(f"{report.title if report else piece.report_id} ({_grading(report)})"),
            "Text": _text(piece.sentence),
            "SourceReference": _text(reference),
            "SourceType": _text(f"{report.kind if report else 'report'}; {piece.method}; "
                                f"confidence {piece.confidence:.2f}"),
        }  # fmt: skip
        if report is not None and report.reported_at and re.match(r"^\d{4}-\d{2}-\d{2}", report.reported_at):
            attributes.update(DateSet="true", TimeSet="false", DateTime=f"{report.reported_at[:10]}T00:00:00")
        ET.SubElement(cards, "Card", attributes)
    best = min(evidence, key=lambda piece: list(STRENGTHS).index(piece.method) if piece.method in STRENGTHS else 99)
    strength = STRENGTHS.get(best.method, ("Tentative", ""))[0]
    style = {"Strength": strength, "Type": link_type, "LinkTypeReference": link_type_ids[link_type]}
    if link_type not in UNDIRECTED:
        style["ArrowStyle"] = "ArrowOnHead"
    ET.SubElement(link, "LinkStyle", style)
    return item


def _positions(view: Subgraph) -> dict[str, tuple[int, int]]:
    """Where each entity sits on the chart (a spring layout, in ANB's chart units)."""
    graph = nx.Graph()
    graph.add_nodes_from(e.id for e in view.entities)
    graph.add_edges_from((link.source, link.target) for link in view.links)
    if not graph:
        return {}
    spread = 400 * math.sqrt(len(graph))
    layout = nx.spring_layout(graph, seed=7) if len(graph) > 1 else {next(iter(graph)): (0.0, 0.0)}
    return {node: (int(x * spread), int(y * spread)) for node, (x, y) in layout.items()}
