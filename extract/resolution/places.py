"""How place, organisation and vehicle names are read for matching.

Places: other names of real places (``MoBay`` is Montego Bay, from ``data/place_aliases.tsv``),
parish/country qualifiers (``Falmouth, Trelawny`` is not ``Falmouth, Cornwall``), street
abbreviations, street addresses. Organisations: legal suffixes (``Ltd``), ``&``, and acronyms
(``TIPU`` ~ ``Trafficking in Persons Unit``). Vehicles: registration plates and make/model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extract.resolution.names import DATA_DIR, fold

STREET_WORDS = {
    "st": "street",
    "street": "street",
    "ave": "avenue",
    "av": "avenue",
    "avenue": "avenue",
    "rd": "road",
    "road": "road",
    "dr": "drive",
    "drive": "drive",
    "ln": "lane",
    "lane": "lane",
    "blvd": "boulevard",
    "boulevard": "boulevard",
    "hwy": "highway",
    "highway": "highway",
    "cres": "crescent",
    "crescent": "crescent",
    "terr": "terrace",
    "terrace": "terrace",
    "pl": "place",
    "close": "close",
    "way": "way",
}
#: Words that make a name a venue (a place someone runs): a bar, a guest house, a farm...
VENUE_WORDS = frozenset(
    """bar lounge club pub tavern restaurant cafe hotel motel inn guest house guesthouse villa villas resort
    farm farms estate plantation airport aerodrome wharf pier port terminal station plaza mall market shop
    store salon spa church school hospital clinic yard garage warehouse factory apartments apartment
    complex building centre center gym""".split()
)
ORG_SUFFIXES = frozenset("ltd limited inc incorporated llc plc co company corp corporation gmbh sa srl".split())
ACRONYM_SKIP = frozenset("and of the for & de del la in on at to a an".split())
LEADING_ARTICLES = ("the ",)


def clean_place_text(text: str) -> str:
    text = fold(text).replace("&", " and ")
    text = re.sub(r"[,]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    for article in LEADING_ARTICLES:
        if text.startswith(article):
            text = text[len(article) :]
    return text


@cache
def place_aliases() -> dict[str, str]:
    """Other name -> canonical name, from every ``data/place_aliases*.tsv``."""
    table: dict[str, str] = {}
    for path in sorted(DATA_DIR.glob("place_aliases*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#") and "\t" in line:
                other, canonical = line.split("\t", 1)
                table[clean_place_text(other)] = clean_place_text(canonical)
    return table


@cache
def regions() -> dict[str, tuple[str, str]]:
    """Parish/state/county/country name -> (kind, country), from ``data/regions*.tsv``."""
    table: dict[str, tuple[str, str]] = {}
    for path in sorted(DATA_DIR.glob("regions*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#") and line.count("\t") >= 2:
                name, kind, country = line.split("\t")[:3]
                table[_street_words(clean_place_text(name))] = (kind.strip(), clean_place_text(country))
    return table


def _street_words(text: str) -> str:
    words = text.split()
    if len(words) >= 2:
        # "St James" at the start is Saint James; "Barnett St" at the end is a street.
        if words[0] in ("st", "saint"):
            words[0] = "st"
        if words[-1] in STREET_WORDS:
            words[-1] = STREET_WORDS[words[-1]]
    return " ".join(words)


def region_of(name: str) -> tuple[str, str] | None:
    """(kind, country) when ``name`` is a known parish, state, county or country."""
    return regions().get(place_key(name))


def place_key(name: str) -> str:
    """The comparable form of a place name: folded, abbreviations expanded, other names mapped to canonical."""
    text = _street_words(clean_place_text(name))
    aliases = place_aliases()
    mapped = aliases.get(text)
    if mapped is None and " " in text:
        mapped = aliases.get(text.replace(" ", ""))
    return _street_words(mapped) if mapped else text


@dataclass(frozen=True)
class PlaceName:
    """One place name read into parts: its key, a qualifier (parish/country) and address parts."""

    surface: str
    key: str
    qualifier: str = ""  # "trelawny" in "Falmouth, Trelawny"
    house_number: str = ""  # "27" in "27 Barnett Street"
    street: str = ""  # "barnett street" when the name is a street or an address on it
    is_venue: bool = False


def parse_place_name(surface: str, parish: str | None = None, country: str | None = None) -> PlaceName:
    """Read a place name: ``"Falmouth, Trelawny"`` -> key falmouth, qualifier trelawny."""
    qualifier = ""
    head = surface
    if "," in surface:
        first, _, rest = surface.partition(",")
        rest_key = place_key(rest)
        if rest_key in regions():
            head, qualifier = first, rest_key
    if not qualifier:
        for value in (parish, country):
            if value and place_key(value) != place_key(head):
                qualifier = place_key(value)
                break
    key = place_key(head)
    words = key.split()
    number = ""
    if words and re.fullmatch(r"\d+[a-z]?", words[0]) and len(words) >= 2:
        number, words = words[0], words[1:]
        key = " ".join(words)
    street = key if words and words[-1] in STREET_WORDS.values() else ""
    is_venue = bool(words) and any(w in VENUE_WORDS for w in words[1:])
    return PlaceName(surface, key, qualifier, number, street, is_venue)


def qualifiers_conflict(a: str, b: str) -> bool:
    """True when two qualifiers name different regions (Trelawny vs Cornwall), not a region and its country."""
    if not a or not b or a == b:
        return False
    ra, rb = regions().get(a), regions().get(b)
    if ra and rb:
        if ra[0] == "country" and rb[1] == a or rb[0] == "country" and ra[1] == b:
            return False
        if ra[1] != rb[1]:
            return True
        return ra[0] == rb[0]
    return True


# --- organisations -----------------------------------------------------------------------


def org_key(name: str) -> str:
    """Folded organisation name without legal suffixes: ``Bigga Entertainment Ltd.`` -> ``bigga entertainment``."""
    words = clean_place_text(name).replace("-", " ").split()
    while len(words) > 1 and words[-1] in ORG_SUFFIXES:
        words.pop()
    return " ".join(words)


def acronyms(name: str) -> set[str]:
    """Initialisms a long organisation name is known by (with and without its small words)."""
    words = [w for w in org_key(name).split() if w]
    if len(words) < 2:
        return set()
    full = "".join(w[0] for w in words)
    skip_all = "".join(w[0] for w in words if w not in ACRONYM_SKIP)
    skip_and = "".join(w[0] for w in words if w not in ("and", "of", "the", "for"))
    return {a for a in (full, skip_all, skip_and) if len(a) >= 2}


def looks_like_acronym(name: str) -> bool:
    compact = re.sub(r"[.\s&]", "", name)
    return 2 <= len(compact) <= 8 and compact.isupper() and compact.isalpha()


# --- vehicles ----------------------------------------------------------------------------

PLATE = re.compile(r"^(?=.*\d)[A-Z0-9][A-Z0-9 \-]{2,9}[A-Z0-9]$")


def plate_key(text: str) -> str | None:
    """The comparable form of a registration plate (``5678 HJ`` -> ``5678HJ``), or None if ``text`` is no plate."""
    candidate = text.strip().upper()
    if not PLATE.match(candidate) or not re.search(r"[A-Z]", candidate) and len(candidate) < 5:
        return None
    return re.sub(r"[\s\-]", "", candidate)


def model_key(text: str) -> str:
    """Folded make/model: ``white Toyota Land Cruiser`` -> ``toyota land cruiser``."""
    words = clean_place_text(text).split()
    colours = {"white", "black", "silver", "grey", "gray", "red", "blue", "green", "gold", "maroon", "tinted"}
    return " ".join(w for w in words if w not in colours)
