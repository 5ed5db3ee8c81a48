"""The ``threadline_layouts`` spaCy component: reads the report's layout once, after the name
finders and before mentions are settled, and leaves what it says on the Doc:

* people, places and plates from table cells, form values and message speakers join ``doc._.candidates``;
* readings inside form keys or table headers, or running across table cells, leave them;
* numbers in MTCN, account and ID columns leave ``doc._.phones``;
* first-person words in a speaker's message point at the speaker in ``doc._.referents``;
* the layout itself stays on ``doc._.layout`` for the link rules (:mod:`extract.layouts.links`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extract.doctext import text_of, tokens_of
from extract.layouts.detect import read_layout
from extract.layouts.reading import (
    cell_mentions,
    field_mentions,
    first_person_referents,
    keep_candidate,
    key_spans,
    not_phone_cells,
    speaker_mentions,
)
from extract.referents import referents_of

if not Doc.has_extension("layout"):
    Doc.set_extension("layout", default=None)


class LayoutReader:
    """Tables, forms, messages and telegraphic headers, read as layouts (see the module docstring)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        layout = read_layout(text)
        doc._.layout = layout
        keys = key_spans(layout)
        cells = [(c.start, c.end) for t in layout.tables for c in t.cells]
        candidates = [f for f in doc._.candidates or [] if keep_candidate(f, keys, cells)]
        candidates += cell_mentions(text, layout) + field_mentions(text, layout) + speaker_mentions(text, layout)
        doc._.candidates = candidates
        if blocked := not_phone_cells(layout):
            doc._.phones = [p for p in doc._.phones or [] if not any(s <= p.start and p.end <= e for s, e in blocked)]
            doc.spans["phones"] = [
                span for span in doc.spans.get("phones", []) if not any(s <= span.start_char < e for s, e in blocked)
            ]
        if layout.messages:
            referents = referents_of(doc)
            for index, span in first_person_referents(tokens_of(doc).tokens, layout).items():
                referents.setdefault(index, span)
        return doc


@Language.factory("threadline_layouts")
def make_layout_reader(nlp: Language, name: str) -> LayoutReader:
    return LayoutReader(nlp, name)
