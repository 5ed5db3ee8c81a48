"""The fast attribute ruler gives every token the annotations spaCy's own ruler gives it."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from extract.attributes import fast_attribute_ruler
from extract.pipeline import load_pipeline, model_name

DATA = Path(__file__).parent / "data"

#: Phrasings the model's multi-token and regex patterns are about ("ain't", "gonna", "y'all", "there is").
TRICKY = [
    "Y'all gonna see. He ain't here and they aint comin'. Let's go, c'mon, we got ta leave.",
    "There is a man at the bar. There's  two  spaces\n\n and a blank line. She gets paid; he got paid.",
    "Campbell (876) 555-0143 — “Bigga” — drove Keisha to MoBay on 3/2/22 ... !!",
]


@pytest.fixture(scope="module")
def model():
    return spacy.load(model_name())


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def _texts() -> list[str]:
    files = sorted((DATA / "holdout").glob("*.txt")) + sorted((DATA / "sample_case_gold").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in files] + TRICKY


def test_fast_ruler_annotates_every_token_as_spacys_ruler_does(model):
    ruler = model.get_pipe("attribute_ruler")
    fast = fast_attribute_ruler(ruler)
    assert fast is not None
    lemmatizer = model.get_pipe("lemmatizer")
    for doc in model.pipe(_texts(), disable=["attribute_ruler", "lemmatizer", "ner"]):
        theirs, ours = doc.copy(), doc.copy()
        assert _annotations(lemmatizer(fast(ours))) == _annotations(lemmatizer(ruler(theirs)))


def test_later_rules_win_where_two_rules_set_one_token(model):
    vocab = model.vocab
    ruler = AttributeRuler(vocab)
    ruler.add([[{"LOWER": "paid"}]], {"POS": "ADJ"})
    ruler.add([[{"TAG": {"IN": ["VBD", "VBN"]}}]], {"POS": "VERB"})
    doc = model("She got paid.", disable=["attribute_ruler", "lemmatizer", "ner"])
    fast = fast_attribute_ruler(ruler)
    assert fast is not None
    assert [t.pos_ for t in fast(doc.copy())] == [t.pos_ for t in ruler(doc.copy())]
    assert doc[2].tag_ == "VBN" and fast(doc)[2].pos_ == "VERB"


def test_a_ruler_with_a_pattern_it_cannot_reproduce_is_left_to_spacy(model):
    ruler = AttributeRuler(model.vocab)
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})
    assert fast_attribute_ruler(ruler) is None
    assert fast_attribute_ruler(object()) is None


def test_the_extraction_pipeline_runs_the_fast_ruler_in_place_of_the_models():
    nlp = load_pipeline()
    assert "threadline_attributes" in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names
    assert nlp.pipe_names.index("threadline_attributes") == nlp.pipe_names.index("parser") + 1


def test_a_model_without_an_attribute_ruler_keeps_its_own_pipeline():
    from extract.pipeline import use_fast_attribute_ruler

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    assert not use_fast_attribute_ruler(nlp)
    assert nlp.pipe_names == ["sentencizer"]
