"""How a person's name is read for matching: titles, nicknames, "SURNAME, Given" order, diminutives, OCR noise.

Pure functions over strings. :func:`parse_person_name` turns one surface form
(``Marlon "Bigga" Campbell``, ``CAMPBELL, Marlon``, ``Det. Sgt. A. Whyte``, ``Auntie Sharon``)
into a :class:`PersonName`; the comparisons below say whether two given names or two
surnames can belong to one person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from graph.identity import fold_name

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

#: Honorifics and ranks: never part of a name (README of the corpus, and common usage).
TITLES = frozenset(
    """mr mrs ms miss mister madam madame dr doctor det detective sgt sergeant cpl corporal cst constable
    insp inspector supt superintendent asp dsp ssp acp dcp officer pc dc ds di sister brother rev reverend
    pastor father fr don dona senor senora senorita madanm mesye boss prof professor hon sir lady lord
    capt captain lt lieutenant col colonel gen general major sr jr""".split()
)
#: Titles that mean the same in another language ("Mesye F", "Señor F" and "Mr. F" are one alias).
TITLE_SAME = {
    "mister": "mr",
    "mesye": "mr",
    "monsieur": "mr",
    "senor": "mr",
    "sir": "mr",
    "missis": "mrs",
    "madanm": "mrs",
    "madame": "mrs",
    "madam": "mrs",
    "senora": "mrs",
    "dona": "mrs",
    "senorita": "miss",
}
#: Kinship-style street names ("Auntie Sharon", "Mama Simmy"): the whole form is an alias, the
#: word after it is usually the given name.
KINSHIP = frozenset(
    "auntie aunty aunt tanty tantie uncle unc mama mamma mammy papa pappy granny grandma grandpa cousin".split()
)
KINSHIP_SAME = {"aunty": "auntie", "aunt": "auntie", "tantie": "tanty", "mamma": "mama", "unc": "uncle"}
#: Words that make a street name of what follows ("Big Lee", "Lil Dave", "Young Kev").
NICKNAME_PREFIXES = frozenset(
    "big lil little young yung old ol mad baby fat slim tall short bad likkle mr mister".split()
)
SUFFIXES = frozenset("jr jnr junior sr snr senior ii iii iv".split())
GENERATIONS = {"jr": "jr", "sr": "sr", "snr": "sr", "jnr": "jr", "ii": "ii", "iii": "iii", "iv": "iv"}
QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]+)[\"“”«»]|(?<!\w)['‘’]([^'‘’]+)['‘’](?!\w)|\(([^()]+)\)")
ALIAS_MARKER = re.compile(
    r"\b(?:a\.?k\.?a\.?|alias|also known as|known as|called|nicknamed|o/?c|otherwise called)\b", re.I
)


fold = fold_name  # how resolution compares names (graph.identity)


_OCR = str.maketrans({"0": "o", "1": "l", "5": "s", "8": "b", "|": "l", "$": "s", "@": "a"})


@cache
def ocr_key(token: str) -> str:
    """A token with the usual OCR confusions undone (0/O, 1/l/I, rn/m, vv/w), for comparison only."""
    token = token.translate(_OCR).replace("rn", "m").replace("vv", "w").replace("cl", "d")
    return token.replace("i", "l")  # I and l are the commonest confusion; compare them as one


@dataclass(frozen=True)
class PersonName:
    """One surface form of a person's name, read into parts (all folded)."""

    surface: str
    given: str = ""  # first given name, or "" when unknown
    middle: tuple[str, ...] = ()
    surname: str = ""
    initial: str = ""  # "a" for "A. Whyte" (given name known only by its initial)
    nicknames: tuple[str, ...] = ()  # quoted or kinship-style aliases, and title+initial forms
    token: str = ""  # a lone word that may be a given name, a surname or a nickname
    surname_initial: str = ""  # "d" in "John D." (surname known only by its initial)
    suffix: str = ""  # "jr", "sr", "ii"...: a father and son share the rest of the name

    @property
    def is_full(self) -> bool:
        """Given name (or initial) and surname both known."""
        return bool(self.surname and (self.given or self.initial))

    @property
    def display(self) -> str:
        parts = [self.given.title() if self.given else (self.initial.upper() + "." if self.initial else "")]
        parts += [m.title() for m in self.middle]
        parts.append(self.surname.title())
        return " ".join(p for p in parts if p)


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s,]+", text) if t]


@lru_cache(maxsize=65536)
def parse_person_name(surface: str) -> PersonName:
    """Read one surface form of a person's name.

    >>> parse_person_name('CAMPBELL, Marlon').given, parse_person_name('CAMPBELL, Marlon').surname
    ('marlon', 'campbell')
    >>> parse_person_name('Marlon "Bigga" Campbell').nicknames
    ('bigga',)
    """
    nicknames: list[str] = []

    def keep_nickname(match: re.Match[str]) -> str:
        inner = next(g for g in match.groups() if g is not None)
        inner = ALIAS_MARKER.sub(" ", inner)
        folded = fold(inner)
        if folded:
            nicknames.append(folded)
        return " "

    rest = QUOTED.sub(keep_nickname, surface)
    marker = ALIAS_MARKER.search(rest)
    if marker:  # "Andre Thompson aka Dre"
        alias = fold(rest[marker.end() :])
        if alias:
            nicknames.append(alias)
        rest = rest[: marker.start()]
    folded = fold(rest)
    surname_first = "," in folded
    words = _tokens(folded)
    # Titles go; a title followed only by an initial ("Mr. K", "Mesye F") is an alias in its own right.
    stripped = [w for w in words if w not in TITLES]
    if words and words[0] in TITLES and len(stripped) == 1 and words[-1] == stripped[0]:
        # "Mr. K", "Mesye F", "Miss Pearl", "Boss Dez": the title and the word together are an alias
        title = TITLE_SAME.get(words[-2], words[-2])
        if len(stripped[0]) == 1:
            return PersonName(surface, nicknames=tuple(nicknames + [f"{title} {stripped[0]}"]))
        return PersonName(surface, nicknames=tuple(nicknames + [f"{title} {stripped[0]}"]), token=stripped[0])
    if stripped and stripped[0] in KINSHIP:
        whole = " ".join([KINSHIP_SAME.get(stripped[0], stripped[0]), *stripped[1:]])
        nicknames.append(whole)
        given = stripped[1] if len(stripped) > 1 else ""
        return PersonName(surface, given=given if len(stripped) == 2 else "", nicknames=tuple(nicknames), token=given)
    if len(words) == 2 and words[0] in NICKNAME_PREFIXES and words[0] not in TITLES:
        return PersonName(surface, nicknames=tuple(nicknames + [" ".join(words)]), token=words[1])
    generation = next((GENERATIONS[w] for w in words[1:] if w in GENERATIONS), "")
    stripped = [w for w in stripped if w not in SUFFIXES] or stripped
    if not stripped:
        return PersonName(surface, nicknames=tuple(nicknames))
    if len(stripped) == 1:
        return PersonName(surface, nicknames=tuple(nicknames), token=stripped[0])
    if not surname_first and len(stripped) >= 2:
        originals = [w for w in re.split(r"[\s,]+", QUOTED.sub(" ", surface)) if fold(w) and fold(w) not in TITLES]
        if len(originals) == len(stripped) and _shouting(originals[0]) and not any(_shouting(w) for w in originals[1:]):
            # "CAMPBELL Marlon" in a log: the surname written in capitals comes first
            stripped = stripped[1:] + stripped[:1]
    if surname_first:
        head, _, tail = folded.partition(",")
        head_words = [w for w in _tokens(head) if w not in TITLES]
        tail_words = [w for w in _tokens(tail) if w not in TITLES and w not in SUFFIXES]
        if len(head_words) == 1 and tail_words:
            surname, given_words = head_words[0], tail_words
        else:
            surname, given_words = stripped[-1], stripped[:-1]
    else:
        surname, given_words = stripped[-1], stripped[:-1]
    first = given_words[0] if given_words else ""
    if len(surname) == 1 and len(first) > 1 and not surname_first:  # "John D."
        return PersonName(surface, given=first, nicknames=tuple(nicknames), token=first, surname_initial=surname)
    initial = first if len(first) == 1 else ""
    given = "" if initial else first
    middle = tuple(w for w in given_words[1:] if len(w) > 1)
    return PersonName(
        surface,
        given=given,
        middle=middle,
        surname=surname,
        initial=initial,
        nicknames=tuple(nicknames),
        suffix=generation,
    )


def _shouting(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


# --- diminutives --------------------------------------------------------------------------


@cache
def _diminutive_groups() -> dict[str, frozenset[str]]:
    """Each given name -> every name in a diminutive group with it (from data/nicknames*.tsv)."""
    groups: dict[str, set[str]] = {}
    for path in sorted(DATA_DIR.glob("nicknames*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            canonical, _, forms = line.partition("\t")
            names = {fold(canonical)} | {fold(f) for f in forms.split(",") if f.strip()}
            for name in names:
                groups.setdefault(name, set()).update(names)
    return {name: frozenset(group) for name, group in groups.items()}


def diminutives_of(name: str) -> frozenset[str]:
    """Every name listed in a diminutive group with ``name`` (itself included when listed)."""
    return _diminutive_groups().get(name, frozenset())


def are_diminutives(a: str, b: str) -> bool:
    """True when one given name is a listed pet form of the other (Johnny ~ John, Keish ~ Keisha)."""
    return b in _diminutive_groups().get(a, frozenset())


def given_names_match(a: str, b: str) -> tuple[float, str] | None:
    """How strongly two given names can be one person's (1.0 same .. 0.7 fuzzy), with why; None if not."""
    if not a or not b:
        return None
    if a == b or a.replace("-", "") == b.replace("-", ""):
        return 1.0, f"same first name {a.title()}"
    if are_diminutives(a, b):
        return 0.92, f"first name {a.title()} ~ {b.title()} (diminutive)"
    if ocr_key(a) == ocr_key(b):
        return 0.9, f"first name {a.title()} ~ {b.title()} (OCR variant)"
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and long_.startswith(short) and (len(long_) - len(short) <= 3 or long_[len(short)] == "-"):
        return 0.85, f"first name {short.title()} is short for {long_.title()}"
    ratio = fuzz.ratio(ocr_key(a), ocr_key(b))
    if ratio >= 80 and min(len(a), len(b)) >= 4:
        return 0.75, f"first name {a.title()} ~ {b.title()} (spelling, {ratio:.0f}%)"
    return None


def surnames_match(a: str, b: str) -> tuple[float, str] | None:
    """How strongly two surnames can be one person's (1.0 same, lower for misspellings), with why."""
    if not a or not b:
        return None
    if a == b:
        return 1.0, f"same surname {a.title()}"
    if ocr_key(a) == ocr_key(b):
        return 0.95, f"surname {a.title()} ~ {b.title()} (OCR variant)"
    if min(len(a), len(b)) >= 5:
        ratio = fuzz.ratio(ocr_key(a), ocr_key(b))
        if ratio >= 83:
            return 0.85, f"surname {a.title()} ~ {b.title()} (spelling, {ratio:.0f}%)"
    return None


def initial_matches(initial: str, given: str) -> bool:
    return bool(initial and given and given.startswith(initial))
