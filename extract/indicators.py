"""Trafficking indicators per sentence: acts, means, purposes and signs of a minor.

Phrases (and a few patterns, e.g. ages under 18) come from ``extract/data/indicators.json``. An indicator is an assessment for the
analyst to weigh, never a finding: the sentence that raised it is kept with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from extract.lexicon import indicator_rules
from extract.literals import literal_alternation


@dataclass
class IndicatorFound:
    category: str  # act, means, purpose, minor
    name: str
    sentence: str
    start: int
    end: int
    confidence: float


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, str, re.Pattern[str]]]:
    compiled = []
    for rule in indicator_rules():
        phrases = rule["patterns"]
        if all(p.isascii() for p in phrases):  # case-insensitive: one trie of the lower-case phrases
            alternation = literal_alternation(p.lower() for p in phrases)
        else:
            alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        regexes = "|".join(rule.get("regex", []))
        combined = rf"(?<!\w)(?:{alternation})(?!\w)" + (f"|{regexes}" if regexes else "")
        compiled.append((rule["category"], rule["name"], re.compile(combined, re.IGNORECASE)))
    return compiled


def find_indicators(doc: Doc) -> list[IndicatorFound]:
    """One IndicatorFound per (sentence, indicator): confidence grows with the number of cue phrases."""
    from extract.relations import evidence_units

    found: list[IndicatorFound] = []
    for unit in evidence_units(doc):
        for category, name, pattern in _patterns():
            hits = pattern.findall(unit.text)
            if hits:
                confidence = min(0.9, 0.4 + 0.15 * len(set(h.lower() for h in hits)))
                found.append(IndicatorFound(category, name, unit.text, unit.start, unit.end, round(confidence, 2)))
    return found
