"""Analyst decisions kept by the store are honoured when new reports are resolved against it."""

from __future__ import annotations

from extract.resolve import decisions_from_records, resolve_for_store
from graph.model import Extraction, Mention, Person, Report
from tests.case_builder import ingest_case


def _report_naming(name: str, sentence: str) -> tuple[Report, Extraction]:
    report = Report.from_text(sentence, title="new", case="ACKEE")
    start = sentence.index(name)
    person = Person(f"{report.id}#0", name)
    mention = Mention(report.id, person.id, start, start + len(name), name, "PERSON", sentence)
    return report, Extraction(entities=[person], mentions=[mention])


def test_a_new_report_joins_a_stored_person_by_name(embedded_store):
    ingest_case(embedded_store)
    report, extraction = _report_naming("Ricky Grant", "Ricky Grant was seen in Negril.")
    resolved = resolve_for_store([(report, extraction)], embedded_store).extractions[0]
    assert [m.entity_id for m in resolved.mentions] == ["P_ricky_grant"]


def test_a_split_name_no_longer_joins_the_person_it_was_split_from(embedded_store):
    ingest_case(embedded_store)
    report, extraction = _report_naming("Slim", "Slim was seen in Negril.")
    before = resolve_for_store([(report, extraction)], embedded_store).extractions[0]
    assert [m.entity_id for m in before.mentions] == ["P_ricky_grant"]
    embedded_store.split("P_ricky_grant", ["Slim"], by="analyst1", reason="Slim is another man")
    after = resolve_for_store([(report, extraction)], embedded_store).extractions[0]
    assert after.mentions[0].entity_id != "P_ricky_grant"


def test_undone_decisions_are_not_honoured(embedded_store):
    ingest_case(embedded_store)
    record = embedded_store.split("P_ricky_grant", ["Slim"])
    embedded_store.undo_split(record.id)
    merge = embedded_store.merge("P_owen_blake", "P_tanya_hall")
    embedded_store.undo_merge(merge.id)
    embedded_store.reject("P_owen_blake", "P_ricky_grant", reason="two men")
    decisions = decisions_from_records(embedded_store.merges(), embedded_store.rejections(), embedded_store.splits())
    assert decisions.splits == [] and decisions.merges == []
    assert decisions.rejected == [("P_owen_blake", "P_ricky_grant")]
