"""Canonical ids and display names: ``P_marlon_campbell``, ``L_montego_bay``, ``PH_+18765550143``.

Ids are readable and deterministic: a person's from the best full name (first name and
surname), a place's from its canonical name, an identifier's from its normalised value.
The display name of a merged entity is its fullest name as written most often, with
ALL-CAPS words from logs put in title case and quoted nicknames left to the aliases.
"""

from __future__ import annotations

import re

from extract.resolution.names import fold, parse_person_name
from extract.resolution.places import (
    clean_place_text,
    looks_like_acronym,
    model_key,
    org_key,
    place_key,
    plate_key,
    region_of,
)
from extract.resolution.profiles import Profile
from graph.identity import id_prefix, phone_number
from graph.model import Entity
from graph.search import phone_query


def canonical_slug(text: str) -> str:
    """Readable id fragment: ``Marlon Campbell`` -> ``marlon_campbell``."""
    slug = re.sub(r"[^a-z0-9]+", "_", fold(text).replace("'", ""))
    return slug.strip("_")[:60] or "unnamed"


def deterministic_id(entity: Entity) -> str | None:
    """The id an identifier always gets (phones, e-mails, handles, plates), or None for named entities."""
    if entity.kind == "PHONE":
        if entity.id.startswith("PH_+"):
            return entity.id
        return phone_query(entity.name) or phone_query(phone_number(entity.id)) or None
    if entity.kind == "EMAIL":
        return entity.id if entity.id.startswith("EM_") else "EM_" + entity.name.strip().casefold()
    if entity.kind == "HANDLE":
        return entity.id if entity.id.startswith("H_") else "H_" + entity.name.strip().lstrip("@").casefold()
    if entity.kind == "VEHICLE":  # a plate is an identifier; a make/model alone is resolved by name
        return entity.id if entity.id.startswith("V_") else None
    return None


def richness(entity: Entity) -> int:
    return sum(1 for v in entity.properties().values() if v not in (None, "", "unknown", "place"))


def best_names(sources: list[tuple[Entity, bool, int]]) -> list[str]:
    """A group's names, best first: stored names, then the fullest, then the most often written.

    ``sources`` are the group's entities, each with whether it is stored and how many mentions it has.
    """
    kind = sources[0][0].kind
    scored: dict[str, tuple] = {}
    for order, (entity, stored, mentions) in enumerate(sources):
        for position, surface in enumerate([entity.name, *entity.aliases]):
            if not surface:
                continue
            display = display_name(kind, surface)
            if not display:
                continue
            quality = name_quality(kind, surface)
            previous = scored.get(display)
            weight = mentions if position == 0 else 0
            key = (stored, quality, (previous[2] if previous else 0) + weight + 1, -order)
            if previous is None or key > previous:
                scored[display] = key
            else:
                scored[display] = previous[:2] + (previous[2] + weight + 1,) + previous[3:]
    return sorted(scored, key=lambda d: scored[d], reverse=True) or [sources[0][0].name]


def name_quality(kind: str, surface: str) -> tuple:
    if kind == "PERSON":
        name = parse_person_name(surface)
        has_full = bool(name.given and name.surname)
        return (has_full, bool(name.surname or name.given), len(name.middle), len(surface))
    if kind == "LOCATION":
        canonical = clean_place_text(surface) == place_key(surface)  # "Montego Bay", not "MoBay"
        return (canonical, len(surface.split()), len(surface))
    if kind == "ORG":
        return (not _is_acronym(surface), len(surface))
    if kind == "VEHICLE":
        return (plate_key(surface) is None, len(surface))
    return (len(surface),)


def _is_acronym(surface: str) -> bool:
    return looks_like_acronym(surface)


def display_name(kind: str, surface: str) -> str:
    """A surface form tidied for display: no quoted nickname or title, ALL-CAPS words in title case."""
    surface = surface.strip()
    if kind == "PERSON":
        name = parse_person_name(surface)
        if name.given and name.surname:
            parts = [name.given, *name.middle, name.surname]
            words = re.split(r"[\s,]+", surface)
            shown = []
            for part in parts:
                original = next((w for w in words if fold(w) == part), part)
                shown.append(_tidy_word(original))
            return " ".join(shown)
        return " ".join(_tidy_word(w) for w in surface.split())
    if kind in ("LOCATION", "ORG"):
        if surface.isupper() and not _is_acronym(surface):
            return " ".join(_tidy_word(w) for w in surface.split())
        return surface
    return surface


def _tidy_word(word: str) -> str:
    if word.isupper() and len(word) > 1 and not re.fullmatch(r"[A-Z]\.?", word):
        return "-".join(part.capitalize() for part in word.split("-"))
    if word.islower():
        return "-".join(part.capitalize() for part in word.split("-"))
    return word


def base_id(kind: str, names: list[str], profile: Profile) -> str:
    """The id a group would get from its best name (before telling apart namesakes)."""
    prefix = id_prefix(kind)
    best = names[0] if names else ""
    if kind == "PERSON":
        name = parse_person_name(best)
        if name.given and name.surname:
            return f"{prefix}{canonical_slug(name.given)}_{canonical_slug(name.surname)}"
        if name.token:
            return prefix + canonical_slug(name.token)
        if name.nicknames:
            return prefix + canonical_slug(name.nicknames[0])
    if kind == "LOCATION":
        key = place_key(best.partition(",")[0] if region_of(best.partition(",")[2] or "-") else best)
        return prefix + canonical_slug(key)
    if kind == "ORG":
        return prefix + canonical_slug(org_key(best))
    if kind == "VEHICLE":
        plates = sorted(profile.plates)
        if plates:
            return prefix + plates[0].lower()
        return prefix + canonical_slug(model_key(best))
    return prefix + canonical_slug(best)


def qualifier_slug(profile: Profile) -> str:
    for place in profile.places:
        if place.qualifier:
            return canonical_slug(place.qualifier)
    return ""
