"""What the components keep per Doc (its text, tokens, sentence lines) stays out of the way of serialising it."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from extract.doctext import forget, text_of, tokens_of
from extract.pipeline import load_pipeline

REPORT = "Dwayne Reid drove Keisha to MoBay.\nShe called 876-555-0143 from the Cutlass Bay Sports Bar."


def test_doc_text_is_read_once_and_stays_the_docs_text():
    doc = spacy.blank("en")("Dwayne Reid drove  Keisha\nto MoBay.")
    assert text_of(doc) == doc.text
    assert text_of(doc) is text_of(doc)


def test_tokens_between_two_offsets_are_those_starting_inside():
    doc = spacy.blank("en")("Dwayne Reid drove Keisha to MoBay.")
    assert [t.text for t in tokens_of(doc).between(7, 24)] == ["Reid", "drove", "Keisha"]


def test_forgotten_caches_leave_a_doc_that_serialises():
    doc = spacy.blank("en")(REPORT)
    tokens_of(doc)
    forget(doc)
    assert Doc(doc.vocab).from_bytes(doc.to_bytes()).text == REPORT


def test_a_doc_through_the_exporting_pipeline_serialises_for_other_processes():
    nlp = load_pipeline(export=True)
    doc = nlp(REPORT)
    assert doc._.extraction["relations"]
    assert Doc(nlp.vocab).from_bytes(doc.to_bytes()).text == REPORT
