"""The words layouts are read by (``extract/data/layouts.json``): column headers and form keys
grouped by the role of what they hold, and the words that mark speakers and first persons."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "layouts.json"


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def column_roles() -> dict[str, frozenset[str]]:
    return {role: frozenset(words) for role, words in vocabulary()["column_roles"].items()}


@lru_cache(maxsize=1)
def word_list(name: str) -> frozenset[str]:
    return frozenset(vocabulary()[name])


@lru_cache(maxsize=4096)
def folded_key(key: str) -> str:
    """A header or form key as looked up: lower case, punctuation dropped, one space between words
    (``GUEST NAME`` -> ``guest name``, ``ID TYPE / NO.`` -> ``id type / no``, ``Prop.`` -> ``prop``)."""
    key = key.casefold().replace("_", " ")
    key = re.sub(r"[.:()#*]+", " ", key)
    return re.sub(r"\s+", " ", key).strip()


def roles_of(header: str) -> frozenset[str]:
    """The roles a column header names: the whole header, or any word or pair of words in it
    (``DRIVER`` -> person, ``FARE J$`` -> not_phone, ``Receiver / destination`` -> person, payee, place)."""
    key = folded_key(header)
    words = re.findall(r"[a-z][a-z\-/]*", key)
    pieces = {key, *words, *(" ".join(pair) for pair in zip(words, words[1:], strict=False))}
    return frozenset(role for role, names in column_roles().items() if pieces & names)
