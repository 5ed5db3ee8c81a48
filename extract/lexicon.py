"""The word lists and the gazetteer the extraction rules read, loaded once from ``extract/data/``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: a public place name with where it is."""

    name: str
    kind: str
    parish: str | None
    country: str | None
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """Titles, organisation and venue suffixes, vehicle makes/models, words that are never names..."""
    return json.loads((DATA / "lexicon.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def gazetteer() -> tuple[Place, ...]:
    places = []
    for line in (DATA / "gazetteer.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            places.append(
                Place(
                    name=row["name"],
                    kind=row.get("kind", "place"),
                    parish=row.get("parish"),
                    country=row.get("country"),
                    lat=row.get("lat"),
                    lon=row.get("lon"),
                    aliases=tuple(row.get("aliases", [])),
                )
            )
    return tuple(places)


@lru_cache(maxsize=1)
def place_forms() -> dict[str, Place]:
    """Every written form of every gazetteer place (as written, UPPER and folded) -> the place."""
    forms: dict[str, Place] = {}
    for place in gazetteer():
        for form in (place.name, *place.aliases):
            for variant in (form, form.upper()):
                forms.setdefault(variant, place)
            if _lower_ok(form, place):  # "mobay", "some cayman man" in chats and transcripts
                forms.setdefault(form.lower(), place)
    return forms


#: Lower-case forms that are ordinary English words, never read as places.
_COMMON_WORDS = frozenset(
    {"march", "may", "portland", "rock", "bay", "town", "junction", "discovery", "hope", "union", "porus"}
)


def _lower_ok(form: str, place: Place) -> bool:
    """Whether the all-lower-case spelling of a place name is safe to read as the place."""
    lowered = form.lower()
    if lowered in _COMMON_WORDS or len(form) < 4:
        return False
    if any(c.isupper() for c in form[1:]):  # MoBay, OHB
        return True
    return place.kind in ("country", "town", "parish", "region") and len(form) >= 5


def lookup_place(text: str) -> Place | None:
    """The gazetteer place a surface form names, if any."""
    forms = place_forms()
    return forms.get(text) or forms.get(text.strip().removeprefix("the ").removeprefix("The "))


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common given names (English, Caribbean, Haitian, Latin American, Indo-Caribbean)."""
    return frozenset(json.loads((DATA / "given_names.json").read_text(encoding="utf-8")))


@cache
def word_set(key: str) -> frozenset[str]:
    return frozenset(lexicon()[key])


@lru_cache(maxsize=1)
def relation_rules() -> dict:
    return json.loads((DATA / "relations.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def indicator_rules() -> list[dict]:
    return json.loads((DATA / "indicators.json").read_text(encoding="utf-8"))
