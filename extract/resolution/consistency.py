"""Aliases that cannot belong to the person they were grouped under, so the resolver keeps them apart.

Inside one report the extractor groups surface forms into one provisional entity. When it
groups wrongly (``Keisha Morgan`` with alias ``Leroy Knowles``, ``Sharon McFarlane`` with alias
``Campbell`` from "McFarlane called Campbell"), every later match through that alias would
fuse two people. An alias is taken out of its entity and resolved on its own when

* it is a full name that cannot be the entity's own name (other surname, other first name), or
* it is a lone word that is no part of the entity's name but is the first name, surname or
  street name of a *different* person named elsewhere in the batch or the store.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from extract.resolution.names import (
    PersonName,
    are_diminutives,
    diminutives_of,
    given_names_match,
    initial_matches,
    parse_person_name,
    surnames_match,
)
from graph.model import Entity


def _parts(name: PersonName) -> set[str]:
    return {p for p in (name.given, name.surname, name.token, *name.middle, *name.nicknames) if p}


def names_compatible(a: PersonName, b: PersonName, strict_words: bool = False) -> bool:
    """Whether two surface forms could name one person.

    Only clear contradictions count (other surname, other first name), except that with
    ``strict_words`` a lone word must also be a part (or pet form) of the full name.
    """
    if a.surname and b.surname:
        if surnames_match(a.surname, b.surname) is None:
            return False
        if a.given and b.given:
            return given_names_match(a.given, b.given) is not None
        if a.initial and b.given:
            return initial_matches(a.initial, b.given)
        if b.initial and a.given:
            return initial_matches(b.initial, a.given)
        return True
    if not strict_words:
        return True
    if a.is_full and (b.token or b.nicknames):
        return _word_fits(b, a)
    if b.is_full and (a.token or a.nicknames):
        return _word_fits(a, b)
    return True


def _word_fits(lone: PersonName, full: PersonName) -> bool:
    word = lone.token
    if not word:
        return True  # a pure nickname may be anyone's
    if word in (full.surname, *full.middle) or word in full.nicknames:
        return True
    if full.given and given_names_match(word, full.given):
        return True
    return bool(surnames_match(word, full.surname))


@dataclass
class PeopleIndex:
    """Which people (by owner id) carry a given word as first name, surname or alias."""

    owners: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    mains: dict[str, PersonName] = field(default_factory=dict)

    def add(self, owner: str, entity: Entity) -> None:
        main = parse_person_name(entity.name)
        self.mains[owner] = main
        if not (main.given and main.surname):
            return  # only fully named people make a word "someone else's"
        for surface in [entity.name, *entity.aliases]:
            name = parse_person_name(surface)
            if names_compatible(name, main):
                for part in _parts(name):
                    self.owners[part].add(owner)
                    for pet in diminutives_of(part) if part == name.given else ():
                        self.owners[pet].add(owner)


def split_aliases(owner: str, entity: Entity, index: PeopleIndex) -> list[list[str]]:
    """Groups of the entity's aliases to resolve apart from it (each group one other person at most)."""
    main = parse_person_name(entity.name)
    own_parts = _parts(main)
    groups: list[tuple[PersonName, list[str]]] = []
    for alias in entity.aliases:
        name = parse_person_name(alias)
        if _belongs(name, main, own_parts, owner, index):
            continue
        for head, members in groups:
            if names_compatible(name, head):
                members.append(alias)
                break
        else:
            groups.append((name, [alias]))
    return [members for _, members in groups]


def _belongs(name: PersonName, main: PersonName, own_parts: set[str], owner: str, index: PeopleIndex) -> bool:
    if not names_compatible(name, main):
        return False
    if name.is_full or not name.token:
        return True
    word = name.token
    if word in own_parts or any(are_diminutives(word, p) for p in own_parts):
        return True
    if main.given and given_names_match(word, main.given):
        return True
    for other in index.owners.get(word, ()):
        if other != owner and not names_compatible(index.mains[other], main, strict_words=True):
            return False  # the word names someone else
    return True
