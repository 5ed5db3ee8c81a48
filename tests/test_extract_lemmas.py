"""The partial lemmatizer gives the words the relation rules read the model lemmatizer's lemmas."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from extract.lemmas import partial_lemmatizer
from extract.pipeline import load_pipeline, model_name
from extract.relations import lemma_parts_of_speech

HOLDOUT = Path(__file__).parent / "data" / "holdout"


@pytest.fixture(scope="module")
def model():
    return spacy.load(model_name())


def test_words_the_rules_read_get_the_models_lemmas(model):
    lemmatizer = model.get_pipe("lemmatizer")
    partial = partial_lemmatizer(lemmatizer, lemma_parts_of_speech())
    assert partial is not None
    texts = [p.read_text(encoding="utf-8") for p in sorted(HOLDOUT.glob("*.txt"))]
    compared = 0
    for doc in model.pipe(texts, disable=["lemmatizer"]):
        theirs, ours = lemmatizer(doc.copy()), partial(doc.copy())
        for their, our in zip(theirs, ours, strict=True):
            if our.pos_ in lemma_parts_of_speech():
                assert our.lemma_ == their.lemma_, our.text
                compared += 1
    assert compared > 500


def test_other_words_keep_no_lemma_and_verbs_are_lemmatised(model):
    partial = partial_lemmatizer(model.get_pipe("lemmatizer"), ["VERB"])
    doc = partial(model("Reid drove the women to Negril.", disable=["lemmatizer"]))
    assert [(t.text, t.lemma_) for t in doc if t.text in ("drove", "women")] == [("drove", "drive"), ("women", "")]


def test_the_verb_rules_need_verbs_and_the_trigger_nouns():
    assert {"VERB", "AUX", "NOUN"} <= set(lemma_parts_of_speech())


def test_something_else_than_spacys_lemmatizer_is_left_alone():
    assert partial_lemmatizer(object(), ["VERB"]) is None


def test_the_extraction_pipeline_lemmatises_partially_after_the_attribute_rules():
    nlp = load_pipeline()
    assert "threadline_lemmas" in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names
    assert nlp.pipe_names.index("threadline_attributes") < nlp.pipe_names.index("threadline_lemmas")


def test_a_model_without_spacys_lemmatizer_keeps_its_own_pipeline():
    from extract.pipeline import use_partial_lemmatizer

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    assert not use_partial_lemmatizer(nlp)
    assert nlp.pipe_names == ["sentencizer"]
