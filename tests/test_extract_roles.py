"""First assessment of roles: victims are protected before an analyst has looked."""

from __future__ import annotations

from collections import Counter

from extract.roles import assess_roles, decide_role
from graph.model import Extraction, Link, Mention, Person, Report


def _case(text: str, names: dict[str, str], links: list[tuple[str, str, str]] = ()) -> tuple[Report, Extraction]:
    report = Report.from_text(text)
    entities = [Person(entity_id, name) for entity_id, name in names.items()]
    mentions = []
    for entity_id, name in names.items():
        start = text.index(name)
        mentions.append(Mention(report.id, entity_id, start, start + len(name), name, "PERSON"))
    return report, Extraction(entities, mentions, [Link(t, a, b, report.id, text) for t, a, b in links])


def test_the_person_recruited_is_a_victim_and_the_recruiter_a_suspect():
    report, extraction = _case(
        "Dez recruited Kim.", {"P_dez": "Dez", "P_kim": "Kim"}, [("RECRUITED", "P_dez", "P_kim")]
    )
    assert assess_roles(report, extraction) == {"P_dez": "suspect", "P_kim": "victim"}


def test_a_victim_who_also_recruits_stays_a_victim():
    report, extraction = _case(
        "Dez recruited Kim and Kim recruited Ann.",
        {"P_dez": "Dez", "P_kim": "Kim", "P_ann": "Ann"},
        [("RECRUITED", "P_dez", "P_kim"), ("RECRUITED", "P_kim", "P_ann")],
    )
    assert assess_roles(report, extraction)["P_kim"] == "victim"


def test_a_name_after_a_police_rank_is_an_officer():
    report, extraction = _case(
        "Officer: Det. Sgt. Andrea Lyn\nSeen by Cpl. Roy Bent.", {"P_a": "Andrea Lyn", "P_r": "Roy Bent"}
    )
    assert assess_roles(report, extraction) == {"P_a": "officer", "P_r": "officer"}


def test_the_interviewee_of_a_header_is_a_victim_and_a_witness_a_witness():
    report, extraction = _case(
        "Interviewee: Mara Dee (F, 19)\nWitness: Joel Pike\n", {"P_m": "Mara Dee", "P_j": "Joel Pike"}
    )
    assert assess_roles(report, extraction) == {"P_m": "victim", "P_j": "witness"}


def test_more_evidence_of_offending_than_of_being_a_victim_makes_a_suspect():
    report, extraction = _case(
        "Cal exploited Tia. Cal received Tia. Dez keeps Cal.",
        {"P_cal": "Cal", "P_tia": "Tia", "P_dez": "Dez"},
        [("EXPLOITED", "P_cal", "P_tia"), ("RECEIVED", "P_cal", "P_tia"), ("HARBOURED", "P_dez", "P_cal")],
    )
    assert assess_roles(report, extraction)["P_cal"] == "suspect"


def test_decide_role_weighs_protection_first():
    assert decide_role(Counter(victim=1.0, suspect=1.0)) == "victim"
    assert decide_role(Counter(victim=0.5, suspect=1.5)) == "suspect"
    assert decide_role(Counter(officer=1.0, suspect=0.5)) == "officer"
    assert decide_role(Counter(witness=1.0)) == "witness"
    assert decide_role(Counter()) == "unknown"


def test_roles_are_weighed_across_the_reports_of_a_batch():
    from extract.resolve import resolve_batch

    first, e1 = _case("Cal Reed exploited Tia Moss.", {"P1": "Cal Reed", "P2": "Tia Moss"}, [("EXPLOITED", "P1", "P2")])
    second, e2 = _case("Cal Reed received Tia Moss.", {"P3": "Cal Reed", "P4": "Tia Moss"}, [("RECEIVED", "P3", "P4")])
    third, e3 = _case("Dez Hart keeps Cal Reed.", {"P5": "Dez Hart", "P6": "Cal Reed"}, [("HARBOURED", "P5", "P6")])
    result = resolve_batch([(first, e1), (second, e2), (third, e3)])
    roles = {e.name: e.role for e in result.entities}
    assert roles == {"Cal Reed": "suspect", "Tia Moss": "victim", "Dez Hart": "suspect"}


def test_a_stored_suspect_assessed_a_victim_later_becomes_a_victim_but_an_analysts_role_stays(embedded_store):
    from extract.resolve import resolve_for_store

    first, e1 = _case(
        "Kim Lee recruited Ann Poe.", {"P_kim": "Kim Lee", "P_ann": "Ann Poe"}, [("RECRUITED", "P_kim", "P_ann")]
    )
    embedded_store.ingest(first, resolve_for_store([(first, e1)], embedded_store).extractions[0])
    kim_id = next(e.id for e in embedded_store.entities() if e.name == "Kim Lee")
    assert embedded_store.get_entity(kim_id).role == "suspect"
    second, e2 = _case(
        "Dez Hart exploited Kim Lee.", {"P_dez": "Dez Hart", "P_kim2": "Kim Lee"}, [("EXPLOITED", "P_dez", "P_kim2")]
    )
    embedded_store.ingest(second, resolve_for_store([(second, e2)], embedded_store).extractions[0])
    assert embedded_store.get_entity(kim_id).role == "victim"
    ann_id = next(e.id for e in embedded_store.entities() if e.name == "Ann Poe")
    embedded_store.set_role(ann_id, "witness", by="analyst1")
    third, e3 = _case(
        "Ann was recruited by Dez.", {"P_ann3": "Ann", "P_dez3": "Dez"}, [("RECRUITED", "P_dez3", "P_ann3")]
    )
    embedded_store.ingest(third, resolve_for_store([(third, e3)], embedded_store).extractions[0])
    assert embedded_store.get_entity(ann_id).role == "witness"
