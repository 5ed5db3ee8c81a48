"""What the Threadline components read of a Doc again and again, worked out once per Doc.

spaCy's ``Doc.text`` joins every token on each access (about 80 µs for a 330-token report)
and ``list(doc)`` makes a new Python object per token; each component used to do both. The
values are kept in ``doc.user_data``; :func:`forget` drops the ones that are not plain data
before a Doc leaves the process (``Doc.to_bytes`` serialises ``user_data``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import TypeVar

from spacy.tokens import Doc, Token

_TEXT = "threadline:text"
_PREFIX = "threadline:cache:"

T = TypeVar("T")


def text_of(doc: Doc) -> str:
    """``doc.text``, joined once (tokens never change a Doc's text)."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def per_doc(doc: Doc, name: str, make: Callable[[Doc], T]) -> T:
    """``make(doc)``, worked out once per Doc (until :func:`forget`)."""
    key = _PREFIX + name
    value = doc.user_data.get(key)
    if value is None:
        value = doc.user_data[key] = make(doc)
    return value


def forget(doc: Doc) -> None:
    """Drop the values :func:`per_doc` kept (they are Python objects ``Doc.to_bytes`` cannot write)."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith(_PREFIX)]:
        del doc.user_data[key]


class DocTokens:
    """The tokens of a Doc as one list, with their character offsets for range look-ups."""

    def __init__(self, doc: Doc) -> None:
        self.tokens: list[Token] = list(doc)
        self.starts: list[int] = [t.idx for t in self.tokens]

    def between(self, start: int, end: int) -> list[Token]:
        """Tokens starting at ``start`` or after, and before ``end`` (character offsets)."""
        return self.tokens[bisect_left(self.starts, start) : bisect_left(self.starts, end)]


def tokens_of(doc: Doc) -> DocTokens:
    return per_doc(doc, "tokens", DocTokens)
