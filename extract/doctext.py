"""A Doc's text, joined once: spaCy's ``Doc.text`` joins every token on each access (about
80 µs for a 330-token report), and each Threadline component reads it."""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "threadline_text"


def text_of(doc: Doc) -> str:
    """``doc.text``, kept in ``doc.user_data`` after the first call (tokens never change a Doc's text)."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
