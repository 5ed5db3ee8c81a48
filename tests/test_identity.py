"""graph.identity, the one home of value types: opaque store ids, phones, folds, decoding."""

from __future__ import annotations

import re

import pytest

from extract.resolve import resolve_batch, resolve_for_store
from graph.identity import (
    UndecodableText,
    decode_text,
    fold_name,
    fold_search,
    is_opaque,
    name_words,
    opaque_id,
    phone_entity_id,
    phone_number,
    split_off_id,
    to_e164,
)
from tests.case_builder import build_case

NAMES = ("ricky", "grant", "tanya", "hall", "owen", "blake", "negril", "sunset", "slim")


def _store_resolved(store) -> list[str]:
    items = [(c.report, c.extraction) for c in build_case()]
    result = resolve_for_store(items, store)
    for (report, _), extraction in zip(items, result.extractions, strict=True):
        store.ingest(report, extraction)
    return sorted(e.id for e in store.entities())


def test_stored_entity_ids_carry_no_name_on_either_store(any_store):
    ids = _store_resolved(any_store)
    assert ids
    for entity_id in ids:
        assert not any(name in entity_id.lower() for name in NAMES), entity_id
        assert entity_id.startswith("PH_+") or is_opaque(entity_id), entity_id


def test_ingesting_the_same_reports_again_keeps_the_same_ids(any_store):
    first = _store_resolved(any_store)
    assert _store_resolved(any_store) == first


def test_two_cases_give_the_same_person_unrelated_ids(tmp_path):
    from graph.embedded import EmbeddedStore

    with EmbeddedStore(tmp_path / "a.db") as one, EmbeddedStore(tmp_path / "b.db") as other:
        people = [set(i for i in _store_resolved(s) if i.startswith("P_")) for s in (one, other)]
    assert people[0] and not people[0] & people[1]  # keyed per case: no id can be recomputed from a name


def test_the_evaluation_output_keeps_the_readable_keys():
    result = resolve_batch([(c.report, c.extraction) for c in build_case()])
    assert "P_ricky_grant" in {e.id for e in result.entities}


def test_an_opaque_id_is_its_prefix_and_a_keyed_hash():
    assert re.fullmatch(r"P_[0-9a-f]{16}", opaque_id("P_sasha_lee", b"k1"))
    assert opaque_id("P_sasha_lee", b"k1") != opaque_id("P_sasha_lee", b"k2")
    assert opaque_id(opaque_id("P_sasha_lee", b"k1"), b"k1") == opaque_id("P_sasha_lee", b"k1")


def test_a_phone_keeps_its_e164_id():
    assert opaque_id("PH_+18765550143", b"k") == "PH_+18765550143"
    assert phone_number(phone_entity_id("+18765550143")) == "+18765550143"


def test_a_split_off_id_names_no_one():
    new = split_off_id("P_0123456789abcdef", ["Sasha Lee"], ["r1"])
    assert "sasha" not in new.lower() and new.startswith("P_0123456789abcdef_")


def test_local_seven_digit_number_gets_jamaican_area_code():
    assert to_e164("555-0143") == "+18765550143"


def test_resolution_and_search_folds_are_named_variants():
    assert fold_name("O'Néil-Brown.") == "oneil-brown"
    assert fold_search("  O'Néil  Brown ") == "oneil brown"


def test_name_words_split_file_names_at_underscores_dots_and_hyphens():
    assert name_words("interview_Shanice_Clarke_2024.txt") == ["interview", "shanice", "clarke", "2024", "txt"]


def test_one_decoding_policy_for_reports_and_csvs():
    assert decode_text("Montego Bay – café".encode("cp1252")) == "Montego Bay – café"
    assert decode_text("\ufeffname,phone".encode()) == "name,phone"
    with pytest.raises(UndecodableText):
        decode_text(b"\x00\x01\x02\x03" * 100)
