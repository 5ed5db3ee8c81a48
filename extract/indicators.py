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


@dataclass(frozen=True)
class _Prefilter:
    """A quick test every sentence with an indicator passes (most sentences have none): one of
    the cue phrases occurs in its lower-cased text, or one of the extra patterns matches."""

    phrases: re.Pattern[str]  # every rule's phrases, lower case, as one case-sensitive trie
    regexes: re.Pattern[str] | None

    def may_match(self, sentence: str) -> bool:
        if not sentence.isascii():  # lower() is exact case-insensitive matching for ASCII only
            return True
        if self.phrases.search(sentence.lower()) is not None:
            return True
        return self.regexes is not None and self.regexes.search(sentence) is not None


@lru_cache(maxsize=1)
def _prefilter() -> _Prefilter | None:
    rules = indicator_rules()
    phrases = [p for rule in rules for p in rule["patterns"]]
    regexes = [r for rule in rules for r in rule.get("regex", [])]
    if not all(p.isascii() for p in phrases):
        return None
    try:
        extra = re.compile("|".join(f"(?:{r})" for r in regexes), re.IGNORECASE) if regexes else None
    except re.error:
        return None
    return _Prefilter(re.compile(literal_alternation(p.lower() for p in phrases)), extra)


def find_indicators(doc: Doc) -> list[IndicatorFound]:
    """One IndicatorFound per (sentence, indicator): confidence grows with the number of cue phrases."""
    from extract.relations import evidence_units

    found: list[IndicatorFound] = []
    prefilter = _prefilter()
    for unit in evidence_units(doc):
        if prefilter is not None and not prefilter.may_match(unit.text):
            continue
        for category, name, pattern in _patterns():
            hits = pattern.findall(unit.text)
            if hits:
                confidence = min(0.9, 0.4 + 0.15 * len(set(h.lower() for h in hits)))
                found.append(IndicatorFound(category, name, unit.text, unit.start, unit.end, round(confidence, 2)))
    return found
