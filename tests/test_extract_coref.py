"""Coreference: third-person pronouns and role nouns bound to the person they stand for
(``Doc._.referents``), and relations stated through them attached to the named person."""

from __future__ import annotations

import pytest

from extract.extractor import extract_report
from extract.pipeline import load_pipeline
from extract.referents import referents_of
from graph.model import Report


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def referred(text: str, nlp) -> dict[str, str]:
    """Word (with its position) -> the name it was resolved to."""
    doc = nlp(text)
    return {f"{doc[i].text}@{doc[i].idx}": text[start:end] for i, (start, end) in (doc._.referents or {}).items()}


def links(text: str, nlp) -> set[tuple[str, str, str]]:
    extraction = extract_report(Report.from_text(text), nlp)
    names = {e.id: e.name for e in extraction.entities}
    return {(link.type, names[link.source], names[link.target]) for link in extraction.links}


def test_subject_pronoun_is_the_person_of_the_sentence_before(nlp):
    text = "Ms. Orlena Whyte ran the bar in Negril. She recruited Tamsin Beckford in May."
    found = referred(text, nlp)
    assert found[f"She@{text.index('She')}"] == "Orlena Whyte"


def test_relation_through_a_pronoun_attaches_to_the_named_person(nlp):
    text = "Ms. Orlena Whyte ran the bar in Negril. She recruited Tamsin Beckford in May."
    assert ("RECRUITED", "Orlena Whyte", "Tamsin Beckford") in links(text, nlp)


def test_object_pronoun_is_not_the_subject_of_its_own_verb(nlp):
    text = "Mr. Desmond Pryce met Kerene Wallace at the bus park. He drove her to Negril that night."
    found = referred(text, nlp)
    assert found[f"her@{text.index('her ')}"] == "Kerene Wallace"
    assert found[f"He@{text.index('He ')}"] == "Desmond Pryce"


def test_role_noun_is_bound_where_the_report_introduces_it(nlp):
    text = "The driver, Rohan Tulloch, waited at the square.\nLater the driver took Abigail Senior to Port Antonio."
    found = referred(text, nlp)
    assert found[f"driver@{text.index('driver took')}"] == "Rohan Tulloch"
    assert ("TRANSPORTED", "Rohan Tulloch", "Abigail Senior") in links(text, nlp)


def test_role_noun_introduced_by_naming_words(nlp):
    text = 'She met a recruiter called "Marcia Dell" in Linstead. The recruiter offered Jodian Ellis hotel work.'
    found = referred(text, nlp)
    assert found[f"recruiter@{text.index('recruiter offered')}"] == "Marcia Dell"


def test_a_role_noun_never_introduced_stays_unresolved(nlp):
    text = "Kadeem Rowe was seen in Ocho Rios. The supervisor locked the gate."
    assert not any(word.startswith("supervisor") for word in referred(text, nlp))


def test_coreference_leaves_a_layout_readers_entry_alone(nlp):
    text = "Marcia Dell spoke first. She said nothing more."
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "threadline_coref":
            she = next(t for t in doc if t.text == "She")
            referents_of(doc)[she.i] = (0, 4)  # as if a layout reader had said who this is
        doc = proc(doc)
    assert doc._.referents[next(t.i for t in doc if t.text == "She")] == (0, 4)


def test_they_stands_for_each_person_named_together_before(nlp):
    text = (
        "Neither Kezia Brown nor Tanisha Hall ever reached Nassau. "
        "Instead they were kept at a flat in Portmore by Hortense Blake."
    )
    found = links(text, nlp)
    assert ("HARBOURED", "Hortense Blake", "Kezia Brown") in found
    assert ("HARBOURED", "Hortense Blake", "Tanisha Hall") in found


def test_them_after_people_of_its_own_sentence_is_not_read_from_an_earlier_group(nlp):
    text = (
        "Kezia Brown and Tanisha Hall were seen in May. "
        "Marcus Thorpe met Joy Clarke and two other girls at the gate and locked them in a shed."
    )
    found = links(text, nlp)
    assert ("HARBOURED", "Marcus Thorpe", "Kezia Brown") not in found
