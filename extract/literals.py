"""Regular-expression alternations of many literal words (gazetteer forms, suffixes, known
names), written as a trie so the regex engine reads each character once instead of trying
every word at every position.

``literal_alternation(words)`` matches exactly what ``"|".join(re.escape(w) for w in
sorted(words, key=len, reverse=True))`` matches, and in the same order of preference: at any
position the words that can match are prefixes of one another, and both forms try the longest
first, then shorter ones as the rest of the pattern backtracks. Only for case-sensitive use: with
``re.IGNORECASE`` pass the words lower-cased (``literal_alternation(w.lower() for w in words)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_END = ""  # trie key marking that a word ends at this node


def literal_alternation(words: Iterable[str]) -> str:
    """A regex (no outer group) matching any of ``words``, longest first, built as a trie."""
    return _alternation(tuple(sorted(set(words))))


@lru_cache(maxsize=256)
def _alternation(words: tuple[str, ...]) -> str:
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    if "" in words:
        trie[_END] = {}
    return _render(trie)


def _render(node: dict) -> str:
    """The regex of a trie node: its branches (longer ones first), optional when a word ends here."""
    branches = []
    for char in sorted(k for k in node if k != _END):
        child = node[char]
        branches.append(re.escape(char) + _render(child))
    ends_here = _END in node
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if not ends_here:
        return body
    if len(branches) == 1 and len(branches[0]) == 1:
        return body + "?"
    return ("(?:" + body + ")" if len(branches) == 1 else body) + "?"
