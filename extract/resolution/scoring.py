"""Scored, explained comparisons: how likely two profiles are one real-world entity, and why.

Each comparison returns a :class:`Match`: a score in [0, 1] built from signed
:class:`MatchReason` weights (name similarity, alias hit, shared phone, different first
names, different parish...). A *partial* match is one where one side is named only in part
(a surname alone, a nickname, a shorter venue name, a model without plate): it only
becomes a merge when the context makes that candidate the clear one (see the resolver).
Two profiles can also be *incompatible* (different first names with one surname, two
plates): then no chain of merges may join them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extract.resolution.names import (
    PersonName,
    are_diminutives,
    given_names_match,
    initial_matches,
    ocr_key,
    surnames_match,
)
from extract.resolution.places import VENUE_WORDS, place_aliases, qualifiers_conflict, regions
from extract.resolution.profiles import Profile

#: How big a kind of place is: a country (0) is not a street (3), a town (2) may be written as its district.
PLACE_LEVELS = {
    "country": 0,
    "parish": 1,
    "state": 1,
    "province": 1,
    "county": 1,
    "region": 1,
    "city": 2,
    "town": 2,
    "district": 2,
    "village": 2,
    "place": 2,
    "street": 3,
    "road": 3,
    "address": 3,
    "venue": 3,
}
TITLE_INITIAL = re.compile(r"(mr|mrs|miss|ms) ([a-z])")


@dataclass
class MatchReason:
    """One thing that raised (weight > 0) or lowered (weight < 0) a match score."""

    feature: str  # name, alias, phone, place, role, parish, ...
    weight: float
    detail: str


@dataclass
class Match:
    """The outcome of comparing two profiles."""

    reasons: list[MatchReason] = field(default_factory=list)
    partial: bool = False  # one side named only in part: merge only when it is the clear candidate
    partial_side: str = ""  # "p", "q" or "pq": which side is named only in part
    tier: int = 0  # for partial matches: 3 alias, 2 surname/street/acronym, 1 given name/prefix, 0 lone word

    @property
    def score(self) -> float:
        return round(min(1.0, max(0.0, sum(r.weight for r in self.reasons))), 4)

    def add(self, feature: str, weight: float, detail: str) -> None:
        self.reasons.append(MatchReason(feature, round(weight, 4), detail))


@dataclass
class Evidence:
    """Identifiers that may serve as evidence: hubs (switchboards, hotlines, front desks) are left out."""

    hub_phones: set[str] = field(default_factory=set)
    hub_places: set[str] = field(default_factory=set)


def _given_forms(name: PersonName) -> list[str]:
    """The given name as written, and joined to the next one ("Jodi Ann" may be "Jodi-Ann")."""
    forms = [name.given]
    if name.given and name.middle:
        forms.append(name.given + name.middle[0])
    return forms


def _given_match(a: PersonName, b: PersonName) -> tuple[float, str] | None:
    best: tuple[float, str] | None = None
    for x in _given_forms(a):
        for y in _given_forms(b):
            found = given_names_match(x, y)
            if found and (best is None or found[0] > best[0]):
                best = found
    return best


def _full_vs_full(a: PersonName, b: PersonName) -> tuple[float, list[MatchReason]] | None:
    surname = surnames_match(a.surname, b.surname)
    if surname is None:
        return None
    s_weight, s_detail = surname
    if a.given and b.given:
        given = _given_match(a, b)
        if given is None:
            return 0.0, [
                MatchReason("name", 0.35, s_detail),
                MatchReason("first name", -0.3, f"different first names {a.given.title()} / {b.given.title()}"),
            ]
        g_weight, g_detail = given
        weight = 0.5 + 0.45 * s_weight * g_weight
        reasons = [MatchReason("name", round(weight, 4), f"{s_detail}, {g_detail}")]
        if a.middle and b.middle and not set(a.middle) & set(b.middle):
            reasons.append(MatchReason("middle name", -0.2, "different middle names"))
        return weight, reasons
    initial, given = (a.initial, b.given) if a.initial else (b.initial, a.given)
    if initial and given and initial_matches(initial, given):
        weight = 0.3 + 0.25 * s_weight
        return weight, [
            MatchReason("name", round(weight, 4), f"{s_detail}, initial {initial.upper()}. fits {given.title()}")
        ]
    if a.initial and b.initial:
        if a.initial == b.initial:
            weight = 0.3 + 0.3 * s_weight
            return weight, [MatchReason("name", round(weight, 4), f"{s_detail}, same initial {a.initial.upper()}.")]
        return 0.0, [MatchReason("first name", -0.3, f"different initials with {s_detail}")]
    if initial and given:
        return 0.0, [MatchReason("first name", -0.3, f"initial {initial.upper()}. does not fit {given.title()}")]
    return None


def people_incompatible(p: Profile, q: Profile) -> str | None:
    """Why two people cannot be one (different first names with one surname, different full names), or None."""
    any_surname_match = False
    for a in p.full_names:
        for b in q.full_names:
            if surnames_match(a.surname, b.surname) is None:
                continue
            any_surname_match = True
            if a.suffix and b.suffix and a.suffix != b.suffix:
                return f"{a.surface} and {b.surface} are different generations"
            if a.given and b.given and _given_match(a, b) is None:
                return f"different first names {a.given.title()} / {b.given.title()} with surname {b.surname.title()}"
            if a.initial and b.given and not initial_matches(a.initial, b.given):
                return f"initial {a.initial.upper()}. does not fit {b.given.title()}"
            if b.initial and a.given and not initial_matches(b.initial, a.given):
                return f"initial {b.initial.upper()}. does not fit {a.given.title()}"
    if p.is_strong and q.is_strong and not any_surname_match:
        return "different surnames"
    return None


def _lone_word_matches(word: str, other: Profile) -> tuple[float, int, str] | None:
    """How a lone word (``Campbell``, ``Keish``, ``Bigga``) fits another profile: weight, tier, why."""
    best: tuple[float, int, str] | None = None

    def consider(weight: float, tier: int, detail: str) -> None:
        nonlocal best
        if best is None or (tier, weight) > (best[1], best[0]):
            best = (weight, tier, detail)

    if word in other.nicknames:
        consider(0.6, 3, f"alias {word.title()}")
    elif other.is_strong and word in other.lone and word not in other.given_names() | other.surnames():
        consider(0.6, 3, f"alias {word.title()}")
    for name in other.full_names:
        if word == name.surname:
            consider(0.55, 2, f"surname {word.title()} alone")
        elif len(word) >= 5 and (close := surnames_match(word, name.surname)):
            # OCR noise (Campbe11) counts as the surname; a spelling variant a little less
            consider(0.55 if close[0] >= 0.95 else 0.5, 2, f"{close[1]}, surname alone")
        if name.given:
            if word == name.given:
                consider(0.5, 1, f"first name {word.title()} alone")
            elif are_diminutives(word, name.given) or (
                len(word) >= 3 and name.given.startswith(word) and len(name.given) - len(word) <= 3
            ):
                consider(0.5, 1, f"first name {word.title()} ~ {name.given.title()} alone")
            elif len(word) >= 4 and ocr_key(word) == ocr_key(name.given):
                consider(0.5, 1, f"first name {word.title()} ~ {name.given.title()} alone (OCR)")
            elif len(word) >= 5 and fuzz.ratio(word, name.given) >= 85:
                consider(0.45, 1, f"first name {word.title()} ~ {name.given.title()} alone (spelling)")
        if word in name.middle:
            consider(0.35, 1, f"middle name {word.title()} alone")
    for lone in other.lone:
        if word == lone:
            consider(0.5, 0, f"same lone name {word.title()}")
        elif are_diminutives(word, lone):
            consider(0.4, 0, f"lone names {word.title()} ~ {lone.title()} (diminutive)")
        elif len(word) >= 5 and fuzz.ratio(ocr_key(word), ocr_key(lone)) >= 85:
            consider(0.35, 0, f"lone name {word.title()} ~ {lone.title()} (spelling)")
    return best


def score_people(p: Profile, q: Profile, evidence: Evidence) -> Match:
    """Compare two people: full names first, then lone words and nicknames, then shared evidence."""
    match = Match()
    best: tuple[float, list[MatchReason]] | None = None
    for a in p.full_names:
        for b in q.full_names:
            found = _full_vs_full(a, b)
            if found is not None and (best is None or found[0] > best[0]):
                best = found
    if best is not None and best[0] >= 0.5:
        match.reasons += best[1]
        match.partial = not (p.is_strong and q.is_strong)
        match.partial_side = ("" if p.is_strong else "p") + ("" if q.is_strong else "q")
        match.tier = 3
        if p.nicknames & q.nicknames:
            shared = sorted(p.nicknames & q.nicknames)[0]
            match.add("alias", 0.05, f"both called {shared.title()}")
    elif best is not None and best[0] <= 0.0 and p.is_strong and q.is_strong:
        match.reasons += best[1]
        return match
    else:
        if p.is_strong and q.is_strong:
            return match
        shared_nick = sorted(p.nicknames & q.nicknames)
        partial: tuple[float, int, str] | None = None
        side = ""
        if shared_nick:
            partial = (0.6, 3, f"alias {shared_nick[0].title()}")
            side = ("" if p.is_strong else "p") + ("" if q.is_strong else "q")
        for given, initial in sorted(p.initialled) if not p.is_strong else []:
            for name in q.full_names:
                fits = given_names_match(given, name.given) if name.given else None
                if fits and name.surname.startswith(initial) and (partial is None or partial[1] <= 2):
                    detail = f"{fits[1]}, initial {initial.upper()}. fits {name.surname.title()}"
                    partial, side = (0.55 if fits[0] >= 0.9 else 0.45, 2, detail), "p"
        for word in sorted(p.lone) if not p.is_strong else []:
            found = _lone_word_matches(word, q)
            if found and (partial is None or (found[1], found[0]) > (partial[1], partial[0])):
                partial, side = found, "p"
        for given, initial in sorted(q.initialled) if not q.is_strong else []:
            for name in p.full_names:
                fits = given_names_match(given, name.given) if name.given else None
                if fits and name.surname.startswith(initial) and (partial is None or partial[1] <= 2):
                    detail = f"{fits[1]}, initial {initial.upper()}. fits {name.surname.title()}"
                    partial, side = (0.55 if fits[0] >= 0.9 else 0.45, 2, detail), "q"
        for word in sorted(q.lone) if not q.is_strong else []:
            found = _lone_word_matches(word, p)
            if found and (partial is None or (found[1], found[0]) > (partial[1], partial[0])):
                partial, side = found, "q"
        for this, that, this_side in ((p, q, "p"), (q, p, "q")):
            if this.is_strong:
                continue
            for nickname in sorted(this.nicknames):
                titled = TITLE_INITIAL.fullmatch(nickname)
                if not titled or (partial is not None and partial[1] >= 1):
                    continue
                for name in that.full_names:
                    if name.given and name.surname.startswith(titled[2]):
                        partial = (0.5, 1, f"{nickname.title()} fits the surname {name.surname.title()}")
                        side = this_side
                        break
        if partial is None and not p.is_strong and (p.phones & q.phones) - evidence.hub_phones:
            # no name in common, only a phone: worth an analyst's look, never a merge on its own
            partial, side = (0.15, -1, "no name in common"), "p"
        if partial is None:
            return match
        if partial[1] == 0:  # two lone words: neither side is named more fully
            side = "pq"
        match.add("name" if partial[1] < 3 else "alias", partial[0], partial[2])
        match.partial, match.tier, match.partial_side = True, partial[1], side
        if best is not None and best[0] <= 0.0:  # e.g. "A. Whyte" and "Paul Whyte"
            match.reasons += best[1]
    _shared_evidence(p, q, evidence, match)
    conflict = p.roles and q.roles and not p.roles & q.roles and {"victim", "suspect"} <= (p.roles | q.roles)
    if conflict:
        match.add("role", -0.1, f"roles differ ({'/'.join(sorted(p.roles))} vs {'/'.join(sorted(q.roles))})")
    return match


def _shared_evidence(p: Profile, q: Profile, evidence: Evidence, match: Match) -> None:
    phones = sorted((p.phones & q.phones) - evidence.hub_phones)
    if phones:
        match.add("phone", 0.3, f"both use {phones[0].removeprefix('PH_')}")
    hubs = sorted((p.phones & q.phones) & evidence.hub_phones)
    if hubs and not phones:
        match.add("phone", 0.0, f"both linked to {hubs[0].removeprefix('PH_')}, a hub number (not evidence)")
    places = sorted((p.linked_places & q.linked_places) - evidence.hub_places)
    if places:
        match.add("place", 0.1, f"both linked to the same place {places[0]}")


def score_places(p: Profile, q: Profile, evidence: Evidence) -> Match:
    """Compare two places: same key (after other names), street of an address, shorter venue name, spelling."""
    match = Match()
    best: tuple[float, int, bool, str] | None = None  # weight, tier, partial, detail
    side = ""
    qualifier_clash = ""
    for a in p.places:
        for b in q.places:
            if a.qualifier and b.qualifier and qualifiers_conflict(a.qualifier, b.qualifier):
                qualifier_clash = f"different parish/country ({a.qualifier.title()} / {b.qualifier.title()})"
            found: tuple[float, int, bool, str] | None = None
            found_side = ""
            if a.key == b.key and a.house_number == b.house_number:
                detail = "same place name" if a.surface.casefold() == b.surface.casefold() else "same place"
                found = (0.95, 3, False, f"{detail}: {a.surface} = {b.surface}")
            elif a.key == b.key and a.street and (bool(a.house_number) != bool(b.house_number)):
                found = (0.5, 2, True, f"{a.surface if not a.house_number else b.surface} is the street of the address")
                found_side = "p" if not a.house_number else "q"
            elif a.key == b.key:
                return Match([MatchReason("address", 0.0, "different house numbers on one street")])
            elif (_venue_prefix(a.key, b.key) and not _settlement(p, a.key)) or (
                _venue_prefix(b.key, a.key) and not _settlement(q, b.key)
            ):
                short, long_ = sorted((a.surface, b.surface), key=len)
                found = (0.5, 1, True, f"{short} is short for {long_}")
                found_side = "p" if _venue_prefix(a.key, b.key) else "q"
            elif min(len(a.key), len(b.key)) >= 6 and fuzz.ratio(a.key, b.key) >= 90:
                found = (0.8, 2, False, f"{a.surface} ~ {b.surface} (spelling)")
            if found and (best is None or (found[2] is False, found[0]) > (best[2] is False, best[0])):
                best, side = found, found_side
    if best is None:
        return match
    match.add("name", best[0], best[3])
    match.tier, match.partial, match.partial_side = best[1], best[2], side
    if qualifier_clash:
        match.add("parish", -0.6, qualifier_clash)
    levels_p = {PLACE_LEVELS.get(k, 2) for k in p.place_kinds}
    levels_q = {PLACE_LEVELS.get(k, 2) for k in q.place_kinds}
    if levels_p and levels_q and min(abs(a - b) for a in levels_p for b in levels_q) >= 2:
        kinds = f"a {'/'.join(sorted(p.place_kinds))} is not a {'/'.join(sorted(q.place_kinds))}"
        match.add("place kind", -0.3, kinds)
    return match


SETTLEMENT_KINDS = frozenset(
    {"country", "parish", "state", "province", "county", "city", "town", "district", "village"}
)


def _settlement(profile: Profile, key: str) -> bool:
    """A town, parish or country in its own right (Montego Bay is not short for Montego Bay Airport)."""
    return bool(profile.place_kinds & SETTLEMENT_KINDS) or key in regions() or key in place_aliases().values()


def _venue_prefix(short: str, long_: str) -> bool:
    """``cutlass bay`` is a shorter name of ``cutlass bay sports bar`` (the longer one names a venue)."""
    if short in regions():
        return False
    s, lw = short.split(), long_.split()
    if len(s) >= len(lw) or lw[: len(s)] != s or len(short) < 4:
        return False
    return any(w in VENUE_WORDS for w in lw[len(s) :]) or len(s) >= 2


def places_incompatible(p: Profile, q: Profile) -> str | None:
    for a in p.places:
        for b in q.places:
            if a.key == b.key and a.qualifier and b.qualifier and qualifiers_conflict(a.qualifier, b.qualifier):
                return f"different parish/country ({a.qualifier.title()} / {b.qualifier.title()})"
            if a.key == b.key and a.house_number and b.house_number and a.house_number != b.house_number:
                return "different house numbers"
    return None


def score_orgs(p: Profile, q: Profile, evidence: Evidence) -> Match:
    """Compare two organisations: same name (without Ltd...), acronym of the other, shorter name, spelling."""
    match = Match()
    shared = sorted(p.org_keys & q.org_keys)
    if shared:
        match.add("name", 0.95, f"same name {shared[0].upper() if len(shared[0]) <= 5 else shared[0].title()}")
        return match
    acronym = sorted((p.org_short & q.org_acronyms) | (q.org_short & p.org_acronyms))
    if acronym:
        long_name = next((k for k in sorted(p.org_keys | q.org_keys) if len(k.split()) > 1), "")
        match.add("acronym", 0.88, f"{acronym[0].upper()} is the acronym of {long_name.title()}")
        return match
    for a in sorted(p.org_keys):
        for b in sorted(q.org_keys):
            short, long_ = sorted((a, b), key=len)
            if len(short) >= 4 and long_.split()[: len(short.split())] == short.split() and short != long_:
                match.add("name", 0.5, f"{short.title()} is short for {long_.title()}")
                match.partial, match.tier, match.partial_side = True, 1, "p" if short == a else "q"
                return match
            if min(len(a), len(b)) >= 8 and fuzz.ratio(a, b) >= 92:
                match.add("name", 0.82, f"{a.title()} ~ {b.title()} (spelling)")
                return match
    return match


def score_vehicles(p: Profile, q: Profile, evidence: Evidence) -> Match:
    """Compare two vehicles: same plate; else the same make/model (a partial match: many cars share one)."""
    match = Match()
    if p.plates & q.plates:
        match.add("plate", 1.0, f"same registration {sorted(p.plates & q.plates)[0]}")
        return match
    for a in sorted(p.models):
        for b in sorted(q.models):
            aw, bw = a.split(), b.split()
            short, long_ = sorted((aw, bw), key=len)
            if short == long_[len(long_) - len(short) :] or short == long_[: len(short)]:
                match.add("model", 0.5, f"same make/model {' '.join(long_).title()}")
                match.partial, match.tier = True, 2 if short == long_ else 1
                match.partial_side = ("" if p.plates else "p") + ("" if q.plates else "q") or "pq"
                if p.plates and q.plates:
                    match.add("plate", -0.6, "different registrations")
                return match
    return match


def vehicles_incompatible(p: Profile, q: Profile) -> str | None:
    if p.plates and q.plates and not p.plates & q.plates:
        return "different registrations"
    return None


def orgs_incompatible(p: Profile, q: Profile) -> str | None:
    return None


SCORERS = {"PERSON": score_people, "LOCATION": score_places, "ORG": score_orgs, "VEHICLE": score_vehicles}
INCOMPATIBLE = {
    "PERSON": people_incompatible,
    "LOCATION": places_incompatible,
    "ORG": orgs_incompatible,
    "VEHICLE": vehicles_incompatible,
}
