"""What a report's own words say about identity, read from the text between two mentions.

``Dwayne REID ("Pinchy")``, ``Andre Thompson, alias "Dre"`` and ``"Shotta" (believed Kevin
BAILEY)`` make two person mentions one person; ``Toyota Voxy reg. 5678 HJ`` makes a model and a
plate one vehicle; ``Falmouth, Trelawny`` places Falmouth in Trelawny. Pure functions over
the report text and its mentions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from extract.resolution.names import KINSHIP, TITLES
from extract.resolution.places import place_key, plate_key, region_of
from graph.model import Mention, Report

T = TypeVar("T")


_KNOWN_AS = r"(?:known|referred to)(?:\s+\w+ly)?(?:\s+(?:by|to|among|on)\s+(?:[\w'’]+\s+){1,3}?)?\s*as"
#: A title left outside the name's span ("known as "Miss Pearl"" with only Pearl annotated).
_TITLE = rf"(?:(?:{'|'.join(sorted(TITLES | KINSHIP, key=len, reverse=True))})\.?\s+)?"
_ALIAS_WORDS = (
    rf"(?:alias|a\.?k\.?a\.?|{_KNOWN_AS}|also called|otherwise called|nicknamed|nickname|o/c|street name|goes by)"
)
_COPULA_ONLY = r"(?:called|named)"  # "Ebanks is called Chinna", but "McFarlane called Campbell" is a phone call
_ADVERBS = r"(?:(?:\w+ly|also|often|sometimes|still|now|widely|mostly)\s+)*"
_ALIAS_BETWEEN = re.compile(
    rf"\s*,?\s*[(\[]?\s*(?:(?:who\s+)?(?:is|was|are|were|goes)\s+{_ADVERBS}(?:{_ALIAS_WORDS}|{_COPULA_ONLY})"
    rf"(?:\s+{_ADVERBS})?|{_ADVERBS}{_ALIAS_WORDS})\s*[:\-]?\s*[\"“'‘]?\s*{_TITLE}",
    re.I,
)
_PAREN_BETWEEN = re.compile(
    r"\s*[\"”'’]?\s*[(\[]\s*(?:[\"“'‘]\s*|(?:believed(?: to be)?|possibly|probably|likely|real name|true name|"
    r"identified as|i\.e\.|later identified as|full name)\s*:?\s*[\"“'‘]?\s*)?" + _TITLE,
    re.I,
)
_PAREN_CLOSE = re.compile(r"^\s*[\"”'’]?\s*[)\]]")
_PLATE_WORDS = r"(?:reg(?:istration)?\.?|registration(?: number| no\.?)?|licen[cs]e(?: plate)?|(?:ppv )?plates?(?: number| no\.?)?|bearing|with|number|no\.?|#)"
_VEHICLE_BETWEEN = re.compile(rf"\s*,?\s*[(\[]?\s*(?:{_PLATE_WORDS}\s*)*:?\s*", re.I)
_LIST_GOES_ON = re.compile(r"\s*(?:,|and\b|or\b|&|/)", re.I)
_QUALIFIER_BETWEEN = re.compile(r"\s*(?:district|town|parish|area|community|village|city)?\s*,\s*(?:in\s+)?", re.I)


def alias_links(
    report: Report, mentions: list[Mention], atom_of: Callable[[Mention], T | None]
) -> Iterable[tuple[T, T, str]]:
    """Pairs the report text itself equates (as ``atom_of`` names each mention's entity), with the words that do it."""
    ordered = sorted((m for m in mentions if atom_of(m) is not None), key=lambda m: (m.start, m.end))
    text = report.text
    for first, second in zip(ordered, ordered[1:], strict=False):
        if first.label != second.label or second.start < first.end or second.start - first.end > 40:
            continue
        between = text[first.end : second.start]
        after = text[second.end : second.end + 4]
        quoted = f"{first.text}{between}{second.text}"
        if first.label == "PERSON":
            if _ALIAS_BETWEEN.fullmatch(between) or (_PAREN_BETWEEN.fullmatch(between) and _PAREN_CLOSE.match(after)):
                yield atom_of(first), atom_of(second), f"the report says {quoted.strip()!r}"
        elif first.label == "VEHICLE":
            plates = [plate_key(first.text), plate_key(second.text)]
            if (
                (plates[0] is None) != (plates[1] is None)
                and _VEHICLE_BETWEEN.fullmatch(between)
                and "\n" not in between
            ):
                yield atom_of(first), atom_of(second), f"the report says {quoted.strip()!r}"


def place_qualifiers(report: Report, mentions: list[Mention]) -> dict[str, str]:
    """Provisional place id -> the parish or country the text places it in (``Falmouth, Trelawny``)."""
    ordered = sorted((m for m in mentions if m.label == "LOCATION"), key=lambda m: (m.start, m.end))
    found: dict[str, str] = {}
    for first, second in zip(ordered, ordered[1:], strict=False):
        between = report.text[first.end : second.start]
        if second.start - first.end > 20 or not _QUALIFIER_BETWEEN.fullmatch(between):
            continue
        region = region_of(second.text)
        if not region or place_key(second.text) == place_key(first.text) or region_of(first.text):
            continue
        in_list = _LIST_GOES_ON.match(report.text[second.end : second.end + 6])
        if region[0] == "country" and in_list:  # "jobs in Nassau, Trinidad and Canada" is a list, not an address
            continue
        found.setdefault(first.entity_id, second.text)
    return found
