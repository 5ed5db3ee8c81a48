"""What the layout says, read through the whole pipeline: people and places by column, labels
that are never entities, numbers that are never phones, who "I" is, and links stated by a row."""

from __future__ import annotations

import pytest

from extract.extractor import extract_report
from extract.layouts.links import bracketed_numbers
from extract.pipeline import load_pipeline
from extract.referents import referents_of
from graph.model import Report


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


def mentions(text: str, nlp, label: str) -> list[str]:
    return [m.text for m in extract_report(Report.from_text(text), nlp).mentions if m.label == label]


DISPATCH = """DATE        DRIVER    PICK-UP                  DROP-OFF
----------  --------  -----------------------  ------------------------
02/02/2024  FRASER    Halfway Tree Transport   9 Orchid Cl, Red Hills
03/02/2024  DUNCAN    May Pen                  Mandeville
"""


def test_driver_column_cells_are_people(nlp):
    assert set(mentions(DISPATCH, nlp, "PERSON")) == {"FRASER", "DUNCAN"}


def test_no_reading_runs_across_two_columns(nlp):
    places = mentions(DISPATCH, nlp, "LOCATION")
    assert "9 Orchid Cl" in places
    assert not any("  " in p for p in places)


LEDGER = """| Date       | Sender           | Receiver          | MTCN       |
|------------|------------------|-------------------|------------|
| 01/02/2024 | Andre BECKFORD   | Sonia CAMPBELL    | 5128890341 |
"""


def test_number_in_a_transfer_control_column_is_no_phone(nlp):
    assert mentions(LEDGER, nlp, "PHONE") == []


def test_sender_and_receiver_columns_state_a_payment(nlp):
    extraction = extract_report(Report.from_text(LEDGER), nlp)
    names = {e.id: e.name for e in extraction.entities}
    paid = [(names[link.source], names[link.target]) for link in extraction.links if link.type == "PAID"]
    assert paid == [("Andre Beckford", "Sonia Campbell")]


REGISTER = """| Rm | Guest            | Phone          | Vehicle  |
|----|------------------|----------------|----------|
| 3  | WILLIAMS, Carl   | 876-555-0177   | 7731 GH  |
"""


def test_guest_row_gives_the_guest_the_phone_and_the_car(nlp):
    extraction = extract_report(Report.from_text(REGISTER), nlp)
    names = {e.id: e.name for e in extraction.entities}
    links = {(link.type, names[link.source], names[link.target]) for link in extraction.links}
    assert links == {("USES_PHONE", "Carl Williams", "+18765550177"), ("CONTROLS", "Carl Williams", "7731 GH")}


def test_form_keys_are_never_people(nlp):
    text = "Place Last Seen: Half Way Tree\nSignature of Officer: P. Reid, Cst.\n"
    people = mentions(text, nlp, "PERSON")
    assert "P. Reid" in people
    assert not any("Signature" in p or "Place" in p for p in people)


def test_first_person_in_a_chat_message_is_its_speaker(nlp):
    text = "[04/04/2024, 19:02] Tamara Lewis: I sent the money\n[04/04/2024, 19:05] Kevin Shaw: ok\n"
    doc = nlp(text)
    i_token = next(t for t in doc if t.text == "I")
    start, end = referents_of(doc)[i_token.i]
    assert text[start:end] == "Tamara Lewis"


def test_first_person_in_an_answer_is_the_interviewee(nlp):
    text = "Interviewee: Renee WALTERS\n\nQ: Who had your passport?\nA: The boss keep my passport.\n"
    doc = nlp(text)
    my = next(t for t in doc if t.text == "my")
    assert text[slice(*referents_of(doc)[my.i])] == "Renee WALTERS"
    your = next(t for t in doc if t.text == "your")
    assert your.i not in referents_of(doc)


def _links(text: str, nlp) -> set[tuple[str, str, str]]:
    extraction = extract_report(Report.from_text(text), nlp)
    names = {e.id: e.name for e in extraction.entities}
    return {(link.type, names[link.source], names[link.target]) for link in extraction.links}


def test_phone_field_belongs_to_the_name_field_above_it(nlp):
    text = "--- COMPLAINANT ---\nName: FORBES, Delia Ann        Relationship: Aunt\nTel: (876) 555-0184\n"
    assert ("USES_PHONE", "Delia Ann Forbes", "+18765550184") in _links(text, nlp)


def test_phone_on_a_proprietors_line_is_the_proprietors(nlp):
    text = "Proprietor: Marcia BENT | Shop tel. 876-555-0186\n"
    assert ("USES_PHONE", "Marcia Bent", "+18765550186") in _links(text, nlp)


def test_signature_block_gives_the_signer_the_phone_and_the_company(nlp):
    text = (
        "From: Owen Tait <owen@example.org>\nTo: Lisa Grey <lisa@example.org>\n\nLisa, the men arrive Friday.\n\n"
        "Regards,\nOwen Tait\nManaging Director, Tait Labour Services Ltd\nKingston | +1 876 555 0187\n"
    )
    links = _links(text, nlp)
    assert ("USES_PHONE", "Owen Tait", "+18765550187") in links
    assert ("CONTROLS", "Owen Tait", "Tait Labour Services Ltd") in links


def test_number_in_brackets_after_a_name_is_that_persons(nlp):
    text = "Sponsors: his cousin Devon PRYCE in Leeds, UK\n   (+44 7700 900611) and others.\n"
    assert ("USES_PHONE", "Devon Pryce", "+447700900611") in _links(text, nlp)


def test_number_in_brackets_after_a_company_is_not_read_as_the_persons(nlp):
    text = "Devon PRYCE works at Harbour Freight Services Ltd (876-555-0199) on weekdays.\n"
    assert bracketed_numbers(text, nlp(text)._.mentions) == []
