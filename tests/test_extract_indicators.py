"""The quick test that skips sentences without indicators never skips one that has them."""

from __future__ import annotations

from pathlib import Path

import pytest

import extract.indicators as indicators
from extract.pipeline import load_pipeline

DATA = Path(__file__).parent / "data"

SENTENCES = (
    "She was AGED 15 when Reid took her PASSPORT.\n"
    "Keisha (F, 16) said the “boss” kept her passport and she owed J$80,000.\n"
    "They locked the door; she could not leave.\n"
    "Nothing happened at the bar on Tuesday.\n"
)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _without_prefilter(doc):
    saved = indicators._prefilter
    indicators._prefilter = lambda: None
    try:
        return indicators.find_indicators(doc)
    finally:
        indicators._prefilter = saved


def test_sentences_with_and_without_indicators_read_the_same_with_the_quick_test(nlp):
    texts = [SENTENCES] + [p.read_text(encoding="utf-8") for p in sorted((DATA / "holdout").glob("*.txt"))]
    for doc in nlp.pipe(texts):
        assert indicators.find_indicators(doc) == _without_prefilter(doc)


def test_the_quick_test_passes_a_sentence_with_a_cue_in_capitals_and_skips_a_plain_one():
    prefilter = indicators._prefilter()
    assert prefilter is not None
    assert prefilter.may_match("REID TOOK HER PASSPORT")
    assert prefilter.may_match("She was 15 yrs")
    assert not prefilter.may_match("Nothing happened at the bar on Tuesday.")


def test_the_minor_and_document_indicators_are_found(nlp):
    names = {i.name for i in indicators.find_indicators(nlp(SENTENCES))}
    assert {"child victim", "document confiscation"} <= names
