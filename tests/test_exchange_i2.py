"""i2 Analyst's Notebook exchange: the ANX chart is checked against the documented layout
(docs/EXCHANGE.md): the chart's parts in the schema's order, every link's ends are entities of
the chart, every icon, link type, strength and attribute class used is declared, and each
link's cards hold its evidence sentences."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from graph.embedded import EmbeddedStore
from graph.i2 import CHART_PARTS, ICON_TYPES, to_anx
from graph.model import CallSummary, Link, Person, Phone, Report, Subgraph
from samples.loader import load_sample_case

#: What each chart item, link and card may carry (attribute names from the documented layout).
ITEM_ATTRIBUTES = {"Label", "XPosition", "Description", "DateSet", "TimeSet", "DateTime", "SourceReference",
                   "SourceType"}  # fmt: skip
CARD_ATTRIBUTES = {"Summary", "Text", "SourceReference", "SourceType", "DateSet", "TimeSet", "DateTime"}


def check_anx_layout(xml: str) -> ET.Element:
    """Raise AssertionError where the chart departs from the documented ANX layout."""
    chart = ET.fromstring(xml)
    assert chart.tag == "Chart"
    assert chart.get("IdReferenceLinking") == "false"
    parts = [child.tag for child in chart]
    assert parts == [p for p in CHART_PARTS if p in parts], f"chart parts out of order: {parts}"
    strengths = {s.get("Name") for s in chart.iter("Strength")}
    classes = {c.get("Name"): c.get("Id") for c in chart.iter("AttributeClass")}
    entity_types = {t.get("Name"): t.get("Id") for t in chart.iter("EntityType")}
    link_types = {t.get("Name"): t.get("Id") for t in chart.iter("LinkType")}
    entity_ids = set()
    for item in chart.find("ChartItemCollection"):
        assert item.tag == "ChartItem" and set(item.attrib) <= ITEM_ATTRIBUTES and item.get("Label") is not None
        children = [c.tag for c in item]
        assert children[0] in ("End", "Link"), children
        assert children[1:] in ([], ["AttributeCollection"]), children  # End|Link, then attributes
        for attribute in item.iter("Attribute"):
            assert classes[attribute.get("AttributeClass")] == attribute.get("AttributeClassReference")
        if children[0] == "End":
            entity = item.find("End/Entity")
            assert entity.get("EntityId") not in entity_ids and entity.get("Identity")
            entity_ids.add(entity.get("EntityId"))
            style = entity.find("Icon/IconStyle")
            assert entity_types[style.get("Type")] == style.get("EntityTypeReference")
    for link in chart.iter("Link"):
        assert {link.get("End1Id"), link.get("End2Id")} <= entity_ids
        assert [c.tag for c in link] == ["CardCollection", "LinkStyle"]
        style = link.find("LinkStyle")
        assert style.get("Strength") in strengths
        assert link_types[style.get("Type")] == style.get("LinkTypeReference")
        assert style.get("ArrowStyle", "ArrowNone") in ("ArrowNone", "ArrowOnHead", "ArrowOnTail", "ArrowOnBoth")
        for card in link.iter("Card"):
            assert set(card.attrib) <= CARD_ATTRIBUTES
            if card.get("DateSet") == "true":
                assert len(card.get("DateTime")) == 19  # yyyy-mm-ddThh:mm:ss
    return chart


@pytest.fixture(scope="module")
def sample_chart(tmp_path_factory):
    path = tmp_path_factory.mktemp("i2") / "case.db"
    with EmbeddedStore(path) as store:
        load_sample_case(store, use_pipeline=False)
        view, reports = store.subgraph(), {r.id: r for r in store.reports()}
    return view, to_anx(view, reports, title="Ackee Tree")


def test_the_sample_case_chart_follows_the_anx_layout(sample_chart):
    view, xml = sample_chart
    chart = check_anx_layout(xml)
    assert len(chart.findall("ChartItemCollection/ChartItem/End")) == len(view.entities)


def test_every_link_sentence_is_on_a_card(sample_chart):
    view, xml = sample_chart
    texts = {card.get("Text") for card in ET.fromstring(xml).iter("Card")}
    assert {link.sentence for link in view.links} <= texts


def test_people_are_person_icons_with_their_role_and_aliases():
    dunbar = Person("P_dunbar", "Marcia Dunbar", ["Miss Pearl"], role="suspect")
    chart = check_anx_layout(to_anx(Subgraph([dunbar])))
    item = chart.find("ChartItemCollection/ChartItem")
    assert item.get("Label") == "Marcia Dunbar"
    assert item.find("End/Entity/Icon/IconStyle").get("Type") == ICON_TYPES["PERSON"]
    values = {a.get("AttributeClass"): a.get("Value") for a in item.iter("Attribute")}
    assert values["Role"] == "suspect" and values["Aliases"] == "Miss Pearl"


def test_report_text_cannot_break_the_xml():
    hostile = '<Chart attr="x"> & \x07 ]]>'
    report = Report.from_text(f"{hostile} met Ann.", title=hostile, reported_at="2023-06-12")
    people = [Person("P_h", hostile), Person("P_a", "Ann")]
    link = Link("ASSOCIATE_OF", "P_h", "P_a", report.id, report.text, 0, len(report.text), 0.5, "co-occurrence")
    phones = [Phone("PH_+18765550101", "+18765550101"), Phone("PH_+18765550102", "+18765550102")]
    calls = [CallSummary(phones[0].id, phones[1].id, 3, 120, "2023-05-01T10:00", "2023-05-02T10:00")]
    chart = check_anx_layout(to_anx(Subgraph([*people, *phones], [link], calls), {report.id: report}))
    assert chart.find(".//Card").get("Text") == hostile.replace("\x07", " ") + " met Ann."
    assert chart.find(".//LinkStyle").get("Strength") == "Tentative"


def test_a_card_from_a_many_page_report_cites_the_page():
    text = "Cover page.\fMarcia Dunbar met Ann Reid in Negril."
    report = Report.from_text(text, title="Statement", reference="ST/9")
    start = text.index("Marcia")
    link = Link("ASSOCIATE_OF", "P_d", "P_r", report.id, text[start:], start, len(text), 0.7, "rule")
    view = Subgraph([Person("P_d", "Marcia Dunbar"), Person("P_r", "Ann Reid")], [link])
    chart = check_anx_layout(to_anx(view, {report.id: report}, page_breaks={report.id: [text.index("\f")]}))
    assert chart.find(".//Card").get("SourceReference") == "ST/9, page 2"
