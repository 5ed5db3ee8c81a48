"""What the resolver knows about one entity (or a group of entities taken to be one) when it compares them.

A :class:`Profile` gathers, for one provisional entity or one already stored, the forms of its
name read into parts, the phones and places it is linked to, the reports that name it and
its role. Groups of entities being merged get the union of their members' profiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.resolution.names import PersonName, diminutives_of, ocr_key, parse_person_name
from extract.resolution.places import (
    PlaceName,
    acronyms,
    looks_like_acronym,
    model_key,
    org_key,
    parse_place_name,
    plate_key,
)
from graph.model import Entity


@dataclass
class Profile:
    """Everything compared when deciding whether two entities are one."""

    kind: str
    surfaces: list[str] = field(default_factory=list)
    # people
    full_names: list[PersonName] = field(default_factory=list)  # given (or initial) and surname known
    lone: set[str] = field(default_factory=set)  # lone words: surname, given name or nickname
    nicknames: set[str] = field(default_factory=set)
    initialled: set[tuple[str, str]] = field(default_factory=set)  # ("john", "d") for "John D."
    # places
    places: list[PlaceName] = field(default_factory=list)
    place_kinds: set[str] = field(default_factory=set)
    # organisations
    org_keys: set[str] = field(default_factory=set)
    org_acronyms: set[str] = field(default_factory=set)  # initialisms of its long names
    org_short: set[str] = field(default_factory=set)  # names written as acronyms
    # vehicles
    plates: set[str] = field(default_factory=set)
    models: set[str] = field(default_factory=set)
    # evidence and context
    phones: set[str] = field(default_factory=set)  # phone ids linked by USES_PHONE
    linked_places: set[str] = field(default_factory=set)  # place ids (provisional until places are resolved)
    reports: set[str] = field(default_factory=set)
    cases: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    known_ids: set[str] = field(default_factory=set)

    @property
    def is_strong(self) -> bool:
        """Named in full: a person with given name and surname; any other kind always."""
        if self.kind == "PERSON":
            return any(n.given and n.surname for n in self.full_names)
        if self.kind == "VEHICLE":
            return bool(self.plates)
        return True

    def absorb(self, other: Profile) -> None:
        self.surfaces += [s for s in other.surfaces if s not in self.surfaces]
        self.full_names += [n for n in other.full_names if n not in self.full_names]
        self.lone |= other.lone
        self.nicknames |= other.nicknames
        self.initialled |= other.initialled
        self.places += [p for p in other.places if p not in self.places]
        self.place_kinds |= other.place_kinds
        self.org_keys |= other.org_keys
        self.org_acronyms |= other.org_acronyms
        self.org_short |= other.org_short
        self.plates |= other.plates
        self.models |= other.models
        self.phones |= other.phones
        self.linked_places |= other.linked_places
        self.reports |= other.reports
        self.cases |= other.cases
        self.roles |= other.roles
        self.known_ids |= other.known_ids

    def given_names(self) -> set[str]:
        return {n.given for n in self.full_names if n.given}

    def surnames(self) -> set[str]:
        return {n.surname for n in self.full_names if n.surname}


def profile_of(entity: Entity, report_id: str | None) -> Profile:
    """The profile of one entity from its name and aliases (links and context are added by the resolver)."""
    surfaces = [s for s in dict.fromkeys([entity.name, *entity.aliases]) if s and s.strip()]
    profile = Profile(kind=entity.kind, surfaces=surfaces)
    if report_id:
        profile.reports.add(report_id)
    else:
        profile.known_ids.add(entity.id)
    role = getattr(entity, "role", None)
    if role and role != "unknown":
        profile.roles.add(role)
    if entity.kind == "PERSON":
        for surface in surfaces:
            name = parse_person_name(surface)
            profile.nicknames.update(name.nicknames)
            if name.is_full:
                profile.full_names.append(name)
            elif name.token:
                profile.lone.add(name.token)
                if name.surname_initial:
                    profile.initialled.add((name.token, name.surname_initial))
    elif entity.kind == "LOCATION":
        parish = getattr(entity, "parish", None)
        country = getattr(entity, "country", None)
        for surface in surfaces:
            profile.places.append(parse_place_name(surface, parish, country))
        place_kind = getattr(entity, "place_kind", None)
        if place_kind and place_kind != "place":
            profile.place_kinds.add(place_kind)
    elif entity.kind == "ORG":
        for surface in surfaces:
            key = org_key(surface)
            if not key:
                continue
            profile.org_keys.add(key)
            if looks_like_acronym(surface):
                profile.org_short.add(key.replace(" ", ""))
            else:
                profile.org_acronyms |= acronyms(surface)
    elif entity.kind == "VEHICLE":
        for surface in surfaces:
            plate = plate_key(surface)
            if plate:
                profile.plates.add(plate)
            else:
                key = model_key(surface)
                if key:
                    profile.models.add(key)
    return profile


# --- blocking: which profiles are worth comparing at all --------------------------------------

_SMALL_WORDS = frozenset("the of and in at on for de la le st".split())


def _word_keys(words: set[str]) -> set[str]:
    keys: set[str] = set()
    for word in words:
        if not word or word in _SMALL_WORDS:
            continue
        keys.add("w:" + word)
        keys.add("o:" + ocr_key(word)[:3])
        keys |= {"w:" + d for d in diminutives_of(word)}
    return keys


def index_keys(profile: Profile) -> set[str]:
    """Keys under which a profile can be found by a partly named one (names, words, phones)."""
    words: set[str] = set()
    if profile.kind == "PERSON":
        for name in profile.full_names:
            words |= {name.given, name.surname, *name.middle}
        words |= profile.lone
        for nickname in profile.nicknames:
            words |= set(nickname.split()) | {nickname}
        keys = _word_keys(words)
        keys |= {"i:" + n.surname[:1] for n in profile.full_names if n.surname}
        return keys | {"ph:" + p for p in profile.phones}
    if profile.kind == "LOCATION":  # a street and its addresses, a venue and its short name: same first word
        return {"f:" + place.key.split()[0] for place in profile.places if place.key}
    if profile.kind == "ORG":  # a short name starts like the long one; an acronym is looked up as such
        firsts = {"f:" + key.split()[0] for key in profile.org_keys if key}
        return firsts | {"a:" + a for a in profile.org_acronyms | profile.org_short}
    elif profile.kind == "VEHICLE":
        for model in profile.models:
            words |= set(model.split())
        return _word_keys(words) | {"p:" + p for p in profile.plates}
    return _word_keys(words)


def lookup_keys(profile: Profile) -> set[str]:
    """Keys to look a partly named profile's candidates up by (see :func:`index_keys`)."""
    keys = index_keys(profile)
    if profile.kind == "PERSON":
        keys |= {"i:" + initial for _, initial in profile.initialled}
        for nickname in profile.nicknames:  # "Mr. K" may be Knowles
            last = nickname.split()[-1]
            if len(last) == 1:
                keys.add("i:" + last)
    return keys
