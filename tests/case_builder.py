"""A small hand-built case (reports with their resolved extractions) for store and analysis tests.

Three reports about one fictional network: Ricky "Slim" Grant recruits Tanya Hall, driver
Owen Blake takes her to a guest house in Negril, where Grant exploits her. The third report
(graded lower, another case) links Grant to a second phone.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import Extraction, Indicator, Link, Location, Mention, Person, Phone, Report


@dataclass
class CaseReport:
    report: Report
    extraction: Extraction


def _mention(report: Report, entity_id: str, text: str, label: str, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = report.text.index(text, start + 1)
    sentence_start = report.text.rfind(".", 0, start) + 1
    sentence_end = report.text.find(".", start)
    sentence = report.text[sentence_start : sentence_end + 1].strip()
    return Mention(report.id, entity_id, start, start + len(text), text, label, sentence)


def _link(report: Report, type_: str, source: str, target: str, sentence: str, confidence: float) -> Link:
    start = report.text.index(sentence)
    return Link(type_, source, target, report.id, sentence, start, start + len(sentence), confidence, "rule")


def build_case() -> list[CaseReport]:
    grant = Person("P_ricky_grant", "Ricky Grant", ["Slim"], role="suspect")
    tanya = Person("P_tanya_hall", "Tanya Hall", [], role="victim")
    owen = Person("P_owen_blake", "Owen Blake", [], role="suspect")
    negril = Location(
        "L_negril", "Negril", [], place_kind="town", parish="Westmoreland", country="JM", lat=18.27, lon=-78.35
    )
    guest_house = Location("L_sunset_guest_house", "Sunset Guest House", [], place_kind="venue", country="JM")
    phone1 = Phone("PH_+18765550142", "+18765550142", [], region="JM", number_type="FIXED_LINE_OR_MOBILE")
    phone2 = Phone("PH_+18765550199", "+18765550199", [], region="JM", number_type="FIXED_LINE_OR_MOBILE")

    s1 = 'Ricky "Slim" Grant recruited Tanya Hall with a promise of bar work.'
    s2 = "Owen Blake drove Tanya Hall to the Sunset Guest House in Negril."
    s3 = "Grant uses 876-555-0142."
    r1 = Report.from_text(
        f"INTELLIGENCE REPORT\nDate: 2022-01-15\n\n{s1} {s2} {s3}",
        title="Intel 1",
        kind="intel report",
        source="intel1.txt",
        case="ACKEE",
        reported_at="2022-01-15",
        source_grading="B",
        information_grading="2",
    )
    e1 = Extraction(
        entities=[grant, tanya, owen, negril, guest_house, phone1],
        mentions=[
            _mention(r1, grant.id, 'Ricky "Slim" Grant', "PERSON"),
            _mention(r1, tanya.id, "Tanya Hall", "PERSON"),
            _mention(r1, owen.id, "Owen Blake", "PERSON"),
            _mention(r1, tanya.id, "Tanya Hall", "PERSON", 1),
            _mention(r1, guest_house.id, "Sunset Guest House", "LOCATION"),
            _mention(r1, negril.id, "Negril", "LOCATION"),
            _mention(r1, grant.id, "Grant", "PERSON", 1),
            _mention(r1, phone1.id, "876-555-0142", "PHONE"),
        ],
        links=[
            _link(r1, "RECRUITED", grant.id, tanya.id, s1, 0.85),
            _link(r1, "TRANSPORTED", owen.id, tanya.id, s2, 0.8),
            _link(r1, "LOCATED_AT", guest_house.id, negril.id, s2, 0.6),
            _link(r1, "USES_PHONE", grant.id, phone1.id, s3, 0.95),
        ],
        indicators=[
            Indicator(
                r1.id, "means", "deception about the job", s1, r1.text.index(s1), r1.text.index(s1) + len(s1), 0.7
            )
        ],
    )

    s4 = "Tanya Hall said Slim forced her to work at the Sunset Guest House."
    r2 = Report.from_text(
        f"VICTIM INTERVIEW\nDate: 2022-03-02\n\n{s4}",
        title="Interview",
        kind="victim interview",
        source="interview.txt",
        case="ACKEE",
        reported_at="2022-03-02",
        source_grading="A",
        information_grading="1",
    )
    e2 = Extraction(
        entities=[
            Person("P_tanya_hall", "Tanya Hall", [], role="victim"),
            Person("P_ricky_grant", "Slim", [], role="suspect"),
            guest_house,
        ],
        mentions=[
            _mention(r2, tanya.id, "Tanya Hall", "PERSON"),
            _mention(r2, grant.id, "Slim", "PERSON"),
            _mention(r2, guest_house.id, "Sunset Guest House", "LOCATION"),
        ],
        links=[_link(r2, "EXPLOITED", grant.id, tanya.id, s4, 0.75)],
    )

    s5 = "Ricky Grant also uses 876-555-0199."
    r3 = Report.from_text(
        f"TIP LINE\nDate: 2022-05-20\n\n{s5}",
        title="Tip",
        kind="tip-line transcript",
        source="tip.txt",
        case="OTHER",
        reported_at="2022-05-20",
        source_grading="E",
        information_grading="5",
    )
    e3 = Extraction(
        entities=[Person("P_ricky_grant", "Ricky Grant", [], role="suspect"), phone2],
        mentions=[_mention(r3, grant.id, "Ricky Grant", "PERSON"), _mention(r3, phone2.id, "876-555-0199", "PHONE")],
        links=[_link(r3, "USES_PHONE", grant.id, phone2.id, s5, 0.4)],
    )
    return [CaseReport(r1, e1), CaseReport(r2, e2), CaseReport(r3, e3)]


def ingest_case(store) -> list[CaseReport]:
    case = build_case()
    for item in case:
        store.ingest(item.report, item.extraction)
    return case
