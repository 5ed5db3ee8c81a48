"""Who a pronoun or role noun stands for: ``Doc._.referents`` maps a token's index to the character
span (start, end) of the person mention it refers to. Layout readers fill first-person words inside a
speaker's message; coreference fills third-person pronouns and role nouns; relation rules read it."""

from spacy.tokens import Doc

if not Doc.has_extension("referents"):
    Doc.set_extension("referents", default=None)


def referents_of(doc: Doc) -> dict[int, tuple[int, int]]:
    """The doc's referents map, created empty on first use."""
    if doc._.referents is None:
        doc._.referents = {}
    return doc._.referents
