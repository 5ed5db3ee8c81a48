"""The model's lemmatizer, run only on the words whose lemmas the rules read.

The relation rules compare lemmas of verbs (and of the few nouns, adjectives and prepositions
some triggers are: ``extract/data/relations.json``), never of other words. ``threadline_lemmas``
calls the model's own lemmatizer (same tables, same rules, same ``overwrite`` setting) for tokens
with those parts of speech and leaves the others' lemma unset: the same lemma for every word the
rules read, for less than half the work.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.symbols import IDS
from spacy.tokens import Doc


class PartialLemmatizer:
    """Lemmas from ``lemmatizer`` for tokens whose coarse part of speech is one of ``parts_of_speech``."""

    def __init__(self, lemmatizer: Lemmatizer, parts_of_speech: Iterable[str], name: str = "threadline_lemmas") -> None:
        self.name = name
        self.lemmatizer = lemmatizer
        self.parts_of_speech = frozenset(IDS[p] for p in parts_of_speech)
        if not lemmatizer._validated:
            lemmatizer._validate_tables()

    def __call__(self, doc: Doc) -> Doc:
        lemmatize = self.lemmatizer.lemmatize
        overwrite = self.lemmatizer.overwrite
        wanted = self.parts_of_speech
        for token in doc:
            if token.pos in wanted and (overwrite or token.lemma == 0):
                token.lemma_ = lemmatize(token)[0]
        return doc


def partial_lemmatizer(lemmatizer: object, parts_of_speech: Iterable[str], name: str = "threadline_lemmas"):
    """The partial form of a model's lemmatizer, or ``None`` when it is not spaCy's own ``Lemmatizer``."""
    if not isinstance(lemmatizer, Lemmatizer):
        return None
    return PartialLemmatizer(lemmatizer, parts_of_speech, name)


@Language.factory("threadline_lemmas", default_config={"lemmatizer": "lemmatizer", "parts_of_speech": ["VERB"]})
def make_partial_lemmatizer(nlp: Language, name: str, lemmatizer: str, parts_of_speech: list[str]) -> PartialLemmatizer:
    """Built on the pipeline's own lemmatizer (``lemmatizer``, by name), which should then be disabled."""
    partial = partial_lemmatizer(nlp.get_pipe(lemmatizer), parts_of_speech, name)
    if partial is None:
        raise ValueError(f"{lemmatizer!r} is not a spaCy Lemmatizer: threadline_lemmas cannot stand in for it")
    return partial
