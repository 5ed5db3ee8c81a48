"""Telegraphic messages and signals in capitals (``REF YOUR MSG``, ``SUBJ``, ``FM``/``TO`` lines,
``STOP``), where every word is upper case and names cannot be told from other words by case.

:func:`find_telegram` says whether a text is such a message and where its header ends;
:func:`capitalised_names` offers, in the body, the words of UPPERCASE runs shaped like a name
after the words that introduce people in signals (``SUBJ``, ``SUBJECT``, ``NAMED``, ``ONE``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADER_WORDS = re.compile(r"(?m)^[ \t]*(?:FM|FROM|TO|INFO|REF|SUBJ|SUBJECT|DTG|PRIORITY|CLASS|MSG)\b[ \t:/]")


@dataclass(frozen=True)
class Telegram:
    """An all-capitals message; ``body_start`` is where its text follows the header lines."""

    body_start: int


def find_telegram(text: str) -> Telegram | None:
    """A telegraphic message: mostly capitals (letters), two or more header words, ``STOP`` or ``REF``."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 40 or sum(c.isupper() for c in letters) < 0.85 * len(letters):
        return None
    headers = list(_HEADER_WORDS.finditer(text))
    if len(headers) < 2 and " STOP" not in text:
        return None
    body_start = 0
    if headers:
        end = text.find("\n", headers[-1].end())
        body_start = len(text) if end == -1 else end + 1
    return Telegram(body_start)


_INTRO = re.compile(r"\b(?:SUBJ|SUBJECT|NAMED|ONE|MALE|FEMALE|SUSPECT|VICTIM|DRIVER|OWNER|ALIAS|AKA)[ \t:]+")

#: Words of a signal that end a name: its own vocabulary and participles (SEEN, ARRESTED, GOING).
_SIGNAL_WORDS = frozenset("STOP SEEN REF MSG SUBJ FM TO INFO ENDS WITH AT AND OF IN ON FOR FROM BY ALIAS AKA".split())


def capitalised_names(text: str, telegram: Telegram) -> list[tuple[int, int]]:  # noqa: ARG001 - a telegram's text
    """Spans of two or three capitalised words right after a word that introduces a person
    (the SUBJ line of the header included), cut before a signal word or a participle."""
    spans = []
    for intro in _INTRO.finditer(text):
        m = re.match(r"[A-Z][A-Z'\-]+(?:[ \t][A-Z][A-Z'\-]+){0,3}\b", text[intro.end() :])
        if m is None:
            continue
        words = []
        for word in m.group().split():
            if word in _SIGNAL_WORDS or re.search(r"(?:ED|ING)$", word) or len(words) == 3:
                break
            words.append(word)
        if len(words) >= 2:
            spans.append((intro.end(), intro.end() + len(" ".join(words))))
    return spans
