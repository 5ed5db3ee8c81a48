"""Entity recognition rules: people, places, organisations, vehicles, e-mails and handles.

The small spaCy model finds candidates; the rules here fix what it gets wrong in case
files (titles glued to names, office holders glued to ministries, acronyms read as people,
surnames in capitals, quoted street names) and add what it never finds (gazetteer places,
addresses, venues, plates). Each rule yields :class:`Found` spans with exact offsets;
:func:`settle` keeps one reading per stretch of text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from extract.doctext import text_of
from extract.lexicon import _lower_ok, gazetteer, given_names, lexicon, lookup_place, word_set
from extract.literals import literal_alternation

#: Which reading wins when two rules claim overlapping text (higher first, then longer).
PRIORITY = {"PHONE": 100, "EMAIL": 95, "HANDLE": 90, "VEHICLE": 60, "ORG": 50, "LOCATION": 50, "PERSON": 50}

QUOTES = "\"'“”‘’"
_CAP = r"[A-Z][\w'’\-]*"  # a capitalised word (letters, digits, apostrophes, hyphens)
_NAME_WORD = r"(?:Mc|Mac|O')?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:['’][a-zß-öø-ÿ]{2,})?(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?"
_UPPER_WORD = r"(?:Mc|Mac)?[A-Z][A-Z'’\-]*[A-Z]"  # ends in a letter: "FULLER's" is FULLER


@dataclass
class Found:
    """One entity mention a rule found: ``text[start:end]`` is labelled ``label``.

    ``key`` groups mentions of one thing inside the report (a place's gazetteer name, a
    phone's E.164, a person's cluster); ``alias_of`` points a nickname at the name it belongs to.
    """

    start: int
    end: int
    label: str
    text: str
    rule: str
    key: str = ""
    props: dict = field(default_factory=dict)
    alias_of: tuple[int, int] | None = None  # (start, end) of the mention this one is another name for

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def found_at(text: str, start: int, end: int, label: str, rule: str, **kwargs) -> Found | None:
    """A Found for ``text[start:end]`` trimmed of spaces, quotes and edge punctuation, or None if empty."""
    while start < end and (text[start].isspace() or text[start] in QUOTES + "(,.;:-@*"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in QUOTES + "),;:-*"):
        end -= 1
    if end > start and text[end - 1] == "." and label != "ORG":
        word = text[start:end].rsplit(None, 1)[-1]
        if word not in ("St.", "Ave.", "Rd.", "Ltd.", "Inc.", "Co.", "Jr.", "Sr.") and len(word) > 2:
            end -= 1
    if end <= start:
        return None
    return Found(start, end, label, text[start:end], rule, **kwargs)


# --- e-mails, handles, vehicles --------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?<!\.)")
_HANDLE = re.compile(r"(?<![\w@.])@(?P<name>[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)")


def find_emails(text: str) -> Iterator[Found]:
    for m in _EMAIL.finditer(text):
        yield Found(m.start(), m.end(), "EMAIL", m.group(), "email", key="EM_" + m.group().casefold())


def find_handles(text: str) -> Iterator[Found]:
    """``@account`` handles that are not a person's name typed after an @ (those are people)."""
    for m in _HANDLE.finditer(text):
        name = m["name"]
        if re.fullmatch(r"[A-Z][a-z]+", name) and re.match(r" [A-Z][a-z]+", text[m.end() : m.end() + 20]):
            continue  # "@Keisha Morgan" tags a person
        if any(c.isdigit() or c in "_." for c in name) or name.islower():
            yield Found(m.start(), m.end(), "HANDLE", m.group(), "handle", key="H_" + name.casefold())


_PLATE_PRIVATE = re.compile(r"\b(\d{4})\s?([A-Z]{2})\b")
_PLATE_PREFIXED = re.compile(r"\b(?!TRN|DOB|REF|NIS|TIP|SURV|IDP|TTPS)(P[A-Z]|[A-Z]{2,3})\s?(\d{3,4})\b(?![-/]\d)")


def find_vehicles(text: str) -> Iterator[Found]:
    """Plates (``5678 HJ``, ``PD 1234``) and make/model strings (``Toyota Voxy``, ``Hiace``)."""
    lex = lexicon()
    make_re = literal_alternation(lex["vehicle_makes"])
    model_re = literal_alternation(lex["vehicle_models"])
    pattern = re.compile(rf"\b(?:(?:{make_re})\s+)?(?:{model_re})\b|\b(?:{make_re})\s+[A-Z][\w-]+\b")
    for m in pattern.finditer(text):
        words = m.group().split()
        if len(words) == 2 and words[1] not in lex["vehicle_models"] and not re.match(r"[A-Z][a-z]+$", words[1]):
            continue
        if len(words) == 1 and words[0] in ("Note", "Stream", "Wish", "Fit", "Crown", "Escape", "Accord", "Legacy"):
            continue  # common words: a model only after its make
        model = words[-1] if words[-1] in lex["vehicle_models"] else " ".join(words[1:])
        if len(words) >= 2 and " ".join(words[-2:]) in lex["vehicle_models"]:
            model = " ".join(words[-2:])
        yield Found(
            m.start(), m.end(), "VEHICLE", m.group(), "vehicle-model", key="V_" + model.lower().replace(" ", "_")
        )
    lower_models = _suffix_alternation(m.lower() for m in lex["vehicle_models_lowercase_ok"])
    for m in re.finditer(rf"(?<![\w@#/.])(?:{lower_models})(?![\w@])", text):
        yield Found(m.start(), m.end(), "VEHICLE", m.group(), "vehicle-model", key="V_" + m.group().replace(" ", "_"))
    for m in re.finditer(
        r"\breg(?:istration|\.)?(?:[ \t]+no\.?)?[ \t]*:?[ \t]*(?P<code>[A-Z]{2,3}-\d{3,5})\b", text, re.I
    ):
        code = m["code"]  # a boat's or car's registration written with a hyphen: "reg. CL-2291"
        yield Found(m.start("code"), m.end("code"), "VEHICLE", code, "plate", key="V_" + code.replace("-", "").lower())
    boats = r"canoe|boat|vessel|ship|launch|skiff|sloop|yacht|trawler|go-fast"
    for m in re.finditer(
        rf"\b(?:{boats})[ \t]+(?:called[ \t]+|named[ \t]+)?(?P<name>(?:Miss|Lady|Sea|Queen|King|Captain|Big|Little)[ \t]+[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)",
        text,
    ):
        yield Found(m.start("name"), m.end("name"), "VEHICLE", m["name"], "vessel", key="V_" + _slug(m["name"]))
    vessels = _suffix_alternation(lex["vessel_prefixes"])
    for m in re.finditer(
        rf"(?<![\w])(?:{vessels})\s+[\"“](?P<name>[A-Z][\w' ]{{1,30}}?)[\"”]|\b(?:MV|M/V|FV|F/V)\s+(?P<bare>[A-Z][\w']+(?:\s+[A-Z][\w']+){{0,2}})",
        text,
    ):
        group = "name" if m["name"] else "bare"
        yield Found(m.start(group), m.end(group), "VEHICLE", m[group], "vessel", key="V_" + _slug(m[group]))
    for m in _PLATE_PRIVATE.finditer(text):
        if m[2].lower() in STOP_WORDS or m[2] in ("AM", "PM"):
            continue  # "2023 AT 8:14 PM": a year and a word, not a plate
        yield Found(m.start(), m.end(), "VEHICLE", m.group(), "plate", key="V_" + (m[1] + m[2]).lower())
    car_words = {w.lower() for w in lex["vehicle_models"] + lex["vehicle_makes"]}
    for m in _PLATE_PREFIXED.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()].lower()
        after_car = bool(
            car_words & set(re.findall(r"[a-z][a-z\-]+", text[max(0, m.start() - 25) : m.start()].lower()))
        )
        if _PLATE_PRIVATE.match(text, m.start(2)) or m[1].lower() in car_words:
            continue  # "GLE 8826 JN": a model, then a private plate
        if not after_car and not re.search(r"plate|reg\b|reg\.|registration|ppv|taxi|bus|vehicle|licen[cs]e", before):
            continue  # a plate is named as one, or follows the car it is on ("Toyota Coaster PE 5823")
        yield Found(m.start(), m.end(), "VEHICLE", m.group(), "plate", key="V_" + (m[1] + m[2]).lower())


# --- places ------------------------------------------------------------------------------------


def _place_pattern() -> re.Pattern[str]:
    forms: set[str] = set()
    for place in gazetteer():
        for form in (place.name, *place.aliases):
            forms.update({form, form.upper()})
            if _lower_ok(form, place):
                forms.add(form.lower())
    return re.compile(rf"(?<![\w@#/])(?:{literal_alternation(forms)})(?![\w@])")


_PLACE_RE: re.Pattern[str] | None = None


def find_gazetteer_places(text: str) -> Iterator[Found]:
    global _PLACE_RE
    if _PLACE_RE is None:
        _PLACE_RE = _place_pattern()
    for m in _PLACE_RE.finditer(text):
        surface = m.group()
        if surface in ("US", "USA", "UK", "DR") and text[m.end() : m.end() + 1] == "$":
            continue
        if surface == "US" and not re.search(r"\b(the|in|to|from)\s+$", text[max(0, m.start() - 6) : m.start()]):
            continue
        place = lookup_place(surface)
        if place is None:
            continue
        yield Found(
            m.start(),
            m.end(),
            "LOCATION",
            surface,
            "gazetteer",
            key="L_" + _slug(place.name),
            props=_place_props(place),
        )


def _place_props(place) -> dict:
    return {
        "place_kind": place.kind,
        "parish": place.parish,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "canonical": place.name,
    }


def _suffix_alternation(words: Iterable[str]) -> str:
    """Any of ``words``, longest first (a trie: :mod:`extract.literals`)."""
    return literal_alternation(words)


def find_addresses_and_venues(text: str) -> Iterator[Found]:
    """``27 Barnett Street``, ``Gloucester Ave``, ``Mahogany Heights Guest House``, ``Riverside Citrus Farm``."""
    lex = lexicon()
    streets = _suffix_alternation(lex["street_suffixes"])
    venues = _suffix_alternation(lex["venue_suffixes"])
    upper_venues = _suffix_alternation(v.upper() for v in lex["venue_suffixes"] if len(v) > 3)
    # a name never runs over a line break or a column gap: words are joined by one or two spaces
    address = re.compile(
        rf"\b(?:(?:Lot|Apt\.?|Unit|Shop)[ \t]+\d{{1,4}}[A-Za-z]?,?[ \t]+)?(?:\d{{1,5}}[A-Za-z]?[ \t]{{1,2}})?(?:{_CAP}[ \t]{{1,2}}){{1,3}}(?:{streets})(?![\w])"
    )
    venue = re.compile(
        rf"\b(?:{_CAP}[ \t]{{1,2}}){{1,4}}(?:{venues})\b|\b(?:[A-Z]{{2,}}[ \t]){{1,4}}(?:{upper_venues})\b(?![ \t]+[A-Z])"
    )
    for rule, pattern, kind in (("address", address, "address"), ("venue", venue, "venue")):
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            words = list(re.finditer(r"\S+", m.group()))
            # drop leading function words and sentence openers ("At", "The", "Reid")
            while words and (
                words[0].group().lower() in _FUNCTION_WORDS or words[0].group().rstrip(".") in word_set("titles")
            ):
                words.pop(0)
            # a possessive before a place names its owner, not the place ("RATTRAY's Top Hill Farm")
            owner = next((n for n, w in enumerate(words) if re.search(r"['’]s$", w.group())), None)
            if owner is not None:
                words = words[owner + 1 :]
            if len(words) < 2:
                continue
            start = m.start() + words[0].start()
            surface = text[start:end]
            if "\n" in surface:
                continue
            if rule == "address" and not re.match(r"\d", surface) and len(words) == 2 and words[1].group() == "St":
                if re.match(r"\s*[A-Z]", text[end : end + 3]):
                    continue  # "Bay St Ann": a saint's name, not a street
            if rule == "address" and words[-1].group() in ("St.", "St"):
                following = re.match(r"\s*([A-Z][a-z]+)", text[end : end + 20])
                if following and lookup_place("St. " + following.group(1)):
                    continue  # "Barnett St. James" is not a street
            if rule == "address" and surface.endswith("."):
                surface = surface[:-1]
                end -= 1
            if rule == "address" and re.match(rf"[ \t]+(?:{_BODY_WORDS})\b", text[end : end + 30]):
                continue  # "Hampton Ridge High School": the name of a body goes on past the street word
            if rule == "venue" and len(words) == 2 and lookup_place(words[0].group()):
                continue  # "Canada Farm (Work Programme)": a place and a word, not a venue
            yield Found(
                start,
                end,
                "LOCATION",
                surface,
                rule,
                key="L_" + _slug(_street_key(surface)),
                props={"place_kind": kind},
            )


#: Words that carry a street-like name on into the name of a body ("Hampton Ridge High School").
_BODY_WORDS = (
    "High|Primary|Preparatory|Basic|Junior|School|College|Academy|University|Church|Chapel|Hospital|Clinic|"
    "Police|Court|Centre|Center|Ltd|Limited|Company"
)

#: Words that open a stretch of capitalised words without belonging to the place it names.
_FUNCTION_WORDS = frozenset(
    "the a an at in on from to of by near and or with for into onto via his her their our my your its this that "
    "these those both all some any each every no not but if as is was were be been".split()
)


def find_places_in_context(text: str) -> Iterator[Found]:
    """Places a gazetteer name or a layout word pins down:

    * a Kingston postal district (``Kingston 10``) is one place with its number;
    * a known place followed by a street word in lower case (``Old Harbour square``) is a street;
    * the name before a venue noun in lower case (``the Sapphire Nights club``) is a venue;
    * a known place spelled with OCR digits (``Mandevi11e``, ``St. E1izabeth``) is that place.
    """
    for m in re.finditer(r"\b(Kingston)[ \t](\d{1,2})(?=[,;.)\n]|$)", text):
        yield Found(
            m.start(),
            m.end(),
            "LOCATION",
            m.group(),
            "gazetteer",
            key="L_kingston_" + m[2],
            props={"place_kind": "district", "parish": "Kingston", "country": "Jamaica"},
        )
    for m in re.finditer(r"\b((?:[A-Z][a-z]+[ \t]){0,2}[A-Z][a-z]+)[ \t](square|road|street|lane|avenue)\b", text):
        place = lookup_place(m[1])
        if re.search(r"\bthe[ \t]+$", text[max(0, m.start() - 5) : m.start()], re.IGNORECASE):
            continue  # "the Falmouth square": the town's square, named by the town
        if place is not None and place.kind not in ("country", "parish", "region"):
            yield Found(
                m.start(),
                m.end(),
                "LOCATION",
                m.group(),
                "address",
                key="L_" + _slug(m.group()),
                props={"place_kind": "address"},
            )
    for m in re.finditer(rf"\b(?P<name>{_CAP}(?:[ \t]{_CAP})?)[ \t]+(?:district|community|village)\b", text):
        name = m["name"]
        if name.split()[0].lower() in STOP_WORDS or name in word_set("not_persons"):
            continue  # "Pepper district": the district's name is the place
        place = lookup_place(name)
        yield Found(
            m.start("name"),
            m.end("name"),
            "LOCATION",
            name,
            "gazetteer" if place else "venue",
            key="L_" + _slug(place.name if place else name),
            props=_place_props(place) if place else {"place_kind": "district"},
        )
    for m in re.finditer(
        r"\b(?:Lot|Apt\.?|Unit)[ \t]+\d{1,4}[A-Za-z]?,?[ \t]+(?P<place>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){0,2})", text
    ):
        if lookup_place(m["place"]):
            yield Found(
                m.start(),
                m.end(),
                "LOCATION",
                m.group(),
                "address",
                key="L_" + _slug(m.group()),
                props={"place_kind": "address"},
            )
    nouns = "club|bar|lounge|nightclub|go-go club|guest house|guesthouse|hotel|motel|farm|quarry|plantation|bunkhouse|shop|restaurant|salon|spa"
    for m in re.finditer(rf"\b[Tt]he[ \t]+(?P<name>(?:{_CAP}[ \t]){{1,3}}?)(?:{nouns})\b", text):
        name = m["name"].strip()
        words = name.split()
        if any(w.lower() in STOP_WORDS or w in word_set("not_persons") for w in words) or lookup_place(name):
            continue
        if words[0] in given_names() and len(words) == 2:
            continue  # "the Marlon Brown farm": a person's farm, the person is named
        yield Found(
            m.start("name"),
            m.start("name") + len(name),
            "LOCATION",
            name,
            "venue",
            key="L_" + _slug(name),
            props={"place_kind": "venue"},
        )
    for m in re.finditer(r"\b(?:St\.?[ \t])?[A-Z0][A-Za-z01]*[01][A-Za-z01]*\b", text):
        word = m.group()
        if not re.search(r"[A-Za-z]{2}", word):
            continue
        fixed = re.sub(r"(?<=[A-Za-z])1|1(?=[a-z])", "l", word)
        fixed = re.sub(r"(?<=[A-Za-z])0|^0(?=[a-z])|(?<=St\. )0", "o", fixed).replace("St. o", "St. O")
        if fixed != word and (place := lookup_place(fixed)) is not None:
            yield Found(
                m.start(),
                m.end(),
                "LOCATION",
                word,
                "gazetteer",
                key="L_" + _slug(place.name),
                props=_place_props(place),
            )


def _street_key(surface: str) -> str:
    """Addresses on one street share a key: ``27 Barnett Street`` and ``Barnett St`` are one place."""
    words = re.sub(r"^\d+[A-Za-z]?\s+", "", surface).split()
    suffix = {"St": "Street", "St.": "Street", "Ave": "Avenue", "Ave.": "Avenue", "Rd": "Road", "Rd.": "Road"}
    if words and words[-1] in suffix:
        words[-1] = suffix[words[-1]]
    return " ".join(words)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")


# --- people ----------------------------------------------------------------------------------


def title_pattern() -> str:
    alternation = literal_alternation(lexicon()["titles"])
    return rf"(?:(?:{alternation})(?![\w])\.?\s+)+"


def find_titled_people(text: str) -> Iterator[Found]:
    """Names after titles (``Det. Sgt. Andrea Whyte`` -> ``Andrea Whyte``), title + initial
    aliases kept whole (``Mr. K``) and kinship street names kept whole (``Auntie Sharon``)."""
    titles = title_pattern()
    name = rf"(?:[A-Z]\.\s?)?(?:{_NAME_WORD}|{_UPPER_WORD})(?:[ \t]+(?:{_NAME_WORD}|{_UPPER_WORD}|[A-Z]\.)){{0,3}}"
    for m in re.finditer(rf"(?<![\w])(?P<title>{titles})(?P<name>{name})", text):
        title_words = m["title"].split()
        start, end = m.start("name"), m.end("name")
        surface = m["name"]
        # stop a name at the end of a line and before a following title
        if "\n" in surface:
            end = start + surface.index("\n")
        words = list(re.finditer(r"\S+", text[start:end]))
        # drop trailing words that are not part of the name ("Señora Yulimar Pérez US$500")
        while len(words) > 1 and (
            words[-1].group().lower() in STOP_WORDS
            or lookup_place(words[-1].group())
            or words[-1].group() in word_set("not_persons")
        ):
            words.pop()
        if not words:
            continue
        end = start + words[-1].end()
        surface = text[start:end]
        first = words[0].group()
        if first in word_set("not_persons") or first.rstrip(".") in word_set("titles"):
            continue
        if re.fullmatch(r"[IVX]+", surface):
            continue  # "Officer III": a grade after a title, not a name
        if any(w.group().lower() in STOP_WORDS for w in words):
            continue  # "Mesye F. Him number ..." is a title + initial, then a pronoun
        if lookup_place(surface) or lookup_place(first):
            continue
        found = found_at(text, start, end, "PERSON", "title", props={"title": " ".join(title_words)})
        if found:
            yield found
    initial_titles = _suffix_alternation(lexicon()["title_initial_titles"])
    for m in re.finditer(rf"(?<![\w])(?:{initial_titles})\.?\s+[A-Z](?![\w.])", text):
        found = found_at(text, m.start(), m.end(), "PERSON", "title-initial")
        if found:
            if found.text.endswith(".") and not re.search(r"\s[A-Z]\.$", found.text):
                pass
            yield found
    kin = _suffix_alternation(lexicon()["kinship_titles"])
    for m in re.finditer(rf"(?<![\w])(?:{kin})\s+{_NAME_WORD}", text):
        word = m.group().split()[0]
        if word in ("Big", "Lil", "Little", "Cousin", "Uncle") and not re.search(r"[\"“]\s*$", text[: m.start()]):
            # "Big Lee" is a street name when it is quoted; "Little London" is a place
            if lookup_place(m.group()) or word in ("Little", "Cousin", "Uncle"):
                continue
        if lookup_place(m.group()):
            continue
        yield Found(m.start(), m.end(), "PERSON", m.group(), "kinship-name")


def _strip_title(start: int, nick: str) -> tuple[int, str]:
    """``Miss Nadine`` -> ``Nadine``: titles are never part of a name (title + initial aside)."""
    words = nick.split()
    if len(words) >= 2 and words[0].rstrip(".") in word_set("titles") | {w.rstrip(".") for w in word_set("titles")}:
        if words[0] in lexicon()["title_initial_titles"] and len(words[1]) == 1:
            return start, nick
        if words[0] in lexicon()["kinship_titles"]:
            return start, nick
        rest = nick[len(words[0]) :].lstrip()
        return start + len(nick) - len(rest), rest
    return start, nick


#: Words before "called"/"name" that make it a naming ("a man called Pinchy", "she calls him Dre").
_NAMING_BEFORE = re.compile(
    r"\b(?:man|woman|lady|girl|boy|youth|guy|person|someone|somebody|friend|one|female|male|driver|foreman|"
    r"him|her|them|himself|herself|dem|di|de|a|mi|wi|everybody|they|people)\s*[,]?\s*$",
    re.IGNORECASE,
)


def find_quoted_aliases(text: str) -> Iterator[Found]:
    """Nicknames: ``Marlon "Bigga" Campbell`` (one span), ``known as "Pinchy"``, ``("Shotta")``,
    ``alias "Dre"``, ``aka Bigga``, ``a man name Pinchy``."""
    # Given "Nick" Surname: one span
    for m in re.finditer(
        rf"\b(?P<given>{_NAME_WORD}(?:\s+{_NAME_WORD})?)\s+[\"“](?P<nick>[^\"”\n]{{2,25}})[\"”]\s+(?P<surname>{_NAME_WORD}|{_UPPER_WORD})\b",
        text,
    ):
        if m["given"].split()[0] in word_set("not_persons") or m["given"].split()[0].lower() in STOP_WORDS:
            continue
        yield Found(m.start(), m.end(), "PERSON", m.group(), "name-with-nickname", props={"nickname": m["nick"]})
    cues = _suffix_alternation(lexicon()["nickname_cues"])
    pattern = re.compile(
        rf"(?<![\w])(?P<cue>{cues})\s*[:,]?\s*(?P<q>[\"“'‘])?(?P<nick>(?:{_CAP})(?:\s+{_CAP}){{0,2}})(?(q)[\"”'’])"
    )
    naming_cues = {"called", "name", "named", "calls", "call"}
    for m in pattern.finditer(text):
        nick = m["nick"]
        if (
            not m["q"]
            and m["cue"].lower() in naming_cues
            and not _NAMING_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        ):
            continue  # "McFarlane called Campbell 11 times": a phone call, not a name
        if not m["q"]:
            # unquoted: only the first capitalised word or two that look like a name
            words = nick.split()
            keep = []
            for word in words:
                if word in word_set("not_persons") or word.lower() in STOP_WORDS:
                    break
                keep.append(word)
            nick = " ".join(keep[:2])
        if not nick or nick in word_set("not_persons") or nick.split()[0].lower() in STOP_WORDS:
            continue
        if lookup_place(nick) or nick in word_set("demonyms"):
            continue
        if nick.isupper() and len(nick) <= 5 and not m["q"]:
            continue  # an acronym, not a street name
        start, nick = _strip_title(m.start("nick"), nick)
        words = nick.split()
        if (
            not m["q"]
            and len(words) == 2
            and words[0] not in lexicon()["kinship_titles"]
            and words[0] not in ("Big", "Lil")
        ):
            # "a man called Wesner Augustin": a given name and a surname are a name, not a street name
            yield Found(start, start + len(nick), "PERSON", nick, "given-name")
            continue
        yield Found(start, start + len(nick), "PERSON", nick, "nickname-cue", props={"nickname": nick, "cue": m["cue"]})
    # a quoted name with an age or an identification after it: ("Moya" 14), "Sweets" = Jane Doe
    for m in re.finditer(rf"[\"“](?P<nick>{_NAME_WORD})[\"”](?=[ \t]*(?:\d{{1,2}}\b|=|\((?:[A-Z]|\d)))", text):
        if m["nick"] in word_set("not_persons") or lookup_place(m["nick"]):
            continue
        yield Found(
            m.start("nick"), m.end("nick"), "PERSON", m["nick"], "nickname-brackets", props={"nickname": m["nick"]}
        )
    # Name ("Nick") and NAME (Nick)
    for m in re.finditer(r"\(\s*(?:alias\s+|aka\s+)?[\"“](?P<nick>[A-Z][^\"”\n]{1,25})[\"”]\s*[,)]", text):
        nick = m["nick"]
        if nick in word_set("not_persons") or lookup_place(nick):
            continue
        start, nick = _strip_title(m.start("nick"), nick)
        yield Found(start, start + len(nick), "PERSON", nick, "nickname-brackets", props={"nickname": nick})
    for m in re.finditer(rf"(?<=[A-Z]{{2}} )\((?P<nick>{_NAME_WORD})\)", text):
        if m["nick"] in word_set("not_persons") or lookup_place(m["nick"]):
            continue
        start = m.start("nick")
        yield Found(
            start, start + len(m["nick"]), "PERSON", m["nick"], "nickname-brackets", props={"nickname": m["nick"]}
        )


def find_header_people(text: str) -> Iterator[Found]:
    """Names in header lines: ``Interviewee: Jodi-Ann Palmer (F, 20)``, ``Caseworker: Claudette Barrett``."""
    roles = _suffix_alternation(lexicon()["header_roles"])
    titles = title_pattern()
    pattern = re.compile(
        rf"(?m)^[ \t]*(?:{roles})[ \t]*:[ \t]*(?:{titles})?(?P<name>{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|{_UPPER_WORD})){{1,3}})"
    )
    for m in pattern.finditer(text):
        name = m["name"]
        words = name.split()
        if words[0] in word_set("not_persons") or lookup_place(name) or lookup_place(words[0]):
            continue
        if words[-1] in lexicon()["org_suffixes"] or name in lexicon()["known_orgs"]:
            continue
        yield Found(m.start("name"), m.end("name"), "PERSON", name, "header-role")


def find_given_name_people(text: str) -> Iterator[Found]:
    """A common given name followed by a capitalised surname (``Nadine Lewis``, ``Winston EDWARDS``),
    whatever the model thought it was."""
    given = given_names()
    lex = lexicon()
    not_surnames = (
        word_set("not_persons") | set(lex["org_suffixes"]) | set(lex["venue_suffixes"]) | set(lex["street_suffixes"])
    )
    pattern = re.compile(
        rf"\b(?P<given>{_NAME_WORD})(?:[ \t]+(?:[A-Z]\.|{_NAME_WORD}))?[ \t]+(?P<surname>{_NAME_WORD}|{_UPPER_WORD})\b"
    )
    for start in (w.start() for w in re.finditer(r"\b[A-Z]", text)):
        m = pattern.match(text, start)
        if m is None or m["given"] not in given:
            continue
        surname = m["surname"]
        if (
            surname in not_surnames
            or surname.lower() in STOP_WORDS
            or lookup_place(surname)
            or lookup_place(surname.title())
        ):
            continue
        middle = m.group()[len(m["given"]) : m.start("surname") - m.start()].strip()
        if middle and (middle in not_surnames or lookup_place(middle)):
            continue
        yield Found(m.start(), m.end(), "PERSON", m.group(), "given-name")


#: Given names that are also ordinary words or places: never a person on their own.
_AMBIGUOUS_GIVEN = frozenset(
    {
        "Jordan",
        "Victoria",
        "Georgia",
        "Florence",
        "Mark",
        "Bill",
        "Frank",
        "Bob",
        "Will",
        "Sandy",
        "Ray",
        "Dean",
        "Dale",
        "Glen",
        "Rick",
        "Lance",
        "Neil",
        "Guy",
        "Major",
        "Sterling",
        "Carol",
        "Chase",
        "Wade",
        "Faith",
        "Paris",
    }
)


def find_lone_given_names(text: str) -> Iterator[Found]:
    """A common given name on its own inside a sentence (``mi niece Wislande``)."""
    given = given_names()
    for m in re.finditer(rf"(?<=[a-z,;] )(?P<name>{_NAME_WORD})\b", text):
        name = m["name"]
        if name not in given or name in _AMBIGUOUS_GIVEN or lookup_place(name):
            continue
        yield Found(m.start("name"), m.end("name"), "PERSON", name, "lone-given-name")


_NOT_PERSON_INITIALS = frozenset(
    {
        "U.S.",
        "U.K.",
        "P.O.",
        "A.M.",
        "P.M.",
        "N.B.",
        "I.D.",
        "D.O.B.",
        "T.R.N.",
        "J.P.",
        "E.C.",
        "U.N.",
        "S.A.",
        "Q.C.",
        "K.C.",
        "C.C.",
        "B.A.",
        "M.A.",
    }
)


def find_initialled_people(text: str) -> Iterator[Found]:
    """``T. RECKORD``, ``W. Desrosiers``, ``R. K. Blair``: initials before a surname are part of the
    name; ``T.A.F. (Tyesha Abigail Fairclough)``: initials glossed by a full name are that person,
    as is a sign-off ``- O.R.`` closing a log line."""
    titles = {t.rstrip(".") for t in word_set("titles")}
    for m in re.finditer(
        rf"(?<![\w.])(?P<initials>(?:[A-Z]\.[ \t]?){{1,2}})(?P<surname>{_NAME_WORD}|{_UPPER_WORD})\b", text
    ):
        surname = m["surname"]
        before = text[max(0, m.start() - 20) : m.start()]
        if surname.lower() in STOP_WORDS or surname in word_set("not_persons") or surname.rstrip(".") in titles:
            continue
        if lookup_place(surname) or lookup_place(surname.title()) or len(surname) < 3:
            continue
        if re.search(
            r"\b(?:[A-Z][a-z]+|No|Unit|Plan|Team|Block|Section|Grade|Class|Form|Room|Rm)[ \t]+$", before
        ) and not re.search(rf"(?:{title_pattern()})$", before):
            continue  # "Team B. Officers": a label letter ending a sentence
        if surname in given_names():
            continue  # "J. Paul" is too often the end of one thing and the start of another
        yield Found(m.start(), m.end(), "PERSON", m.group(), "initial-surname")
    for m in re.finditer(r"(?<![\w.])(?P<initials>(?:[A-Z]\.){2,4})(?![\w])", text):
        initials = m["initials"]
        if initials in _NOT_PERSON_INITIALS:
            continue
        gloss = re.match(
            rf"[ \t\n]*\((?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,3}})\)", text[m.end() : m.end() + 60]
        )
        letters = initials.replace(".", "")
        if gloss and "".join(w[0] for w in gloss["name"].split()) == letters:
            yield Found(m.start(), m.end(), "PERSON", initials, "initials")
            start = m.end() + gloss.start("name")
            yield Found(start, start + len(gloss["name"]), "PERSON", gloss["name"], "initials-gloss")
            continue
        line_end = text.find("\n", m.end())
        rest = text[m.end() : len(text) if line_end == -1 else line_end]
        if re.search(r"(?:^|[ \t])-[ \t]*$", text[max(0, m.start() - 3) : m.start()]) and not rest.strip():
            yield Found(m.start(), m.end(), "PERSON", initials, "initials")  # a log line signed "- O.R."
        elif re.match(r"[ \t]+(?:arrived|said|says|told|called|came|left|brought|took|paid|was|is|and)\b", rest):
            yield Found(m.start(), m.end(), "PERSON", initials, "initials")


def find_capitalised_names(text: str) -> Iterator[Found]:
    """Names written all in capitals (``DENNIS WEDDERBURN``, ``MARVA TOMLINSON``) in captions,
    indictments and signals: two to four capitalised words opening with a known given name, and
    the other names of the same comma-separated list."""
    given = {g.upper() for g in given_names()}
    blocked = {w.upper() for w in word_set("not_persons")} | {w.upper() for w in lexicon()["org_suffixes"]}
    word = r"(?:MC|MAC|O')?[A-Z][A-Z'’\-]+"
    for line in re.finditer(r"[^\n]+", text):
        items = list(re.finditer(rf"(?<![\w])(?:{word})(?:[ \t]+{word}){{1,3}}(?![\w])", line.group()))
        named = []
        for item in items:
            words = item.group().split()
            if any(w in blocked or w.lower() in STOP_WORDS or lookup_place(w.title()) for w in words):
                continue
            if lookup_place(item.group().title()) or item.group().title() in lexicon()["known_orgs"]:
                continue
            named.append((item, words[0] in given))
        if not any(known for _item, known in named):
            continue
        for item, known in named:
            gap = line.group()[: item.start()]
            in_list = re.search(r"(?:,|\band|\bv\.?|:)[ \t]*$", gap) or known
            if in_list:
                start = line.start() + item.start()
                yield Found(start, start + len(item.group()), "PERSON", item.group(), "capitalised-name")


def find_listed_people(text: str) -> Iterator[Found]:
    """``REID, Dwayne Fitzroy`` (one span), ``Marlon CAMPBELL``, chat speakers (``Tamika Ellis:``)
    and people tagged in comments (``@Keisha Morgan``)."""
    for m in re.finditer(
        rf"\b{_UPPER_WORD},[ \t]+(?:{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?(?:[ \t]+[A-Z]\.(?!\w))?|[A-Z]\.(?!\w))",
        text,
    ):
        surname, given = m.group().split(",", 1)
        given = given.strip()
        if len(surname) < 3 or surname in word_set("not_persons") or lookup_place(surname.title()):
            continue
        if given.split()[0].rstrip(".") in {t.rstrip(".") for t in word_set("titles")} and len(given) > 2:
            continue  # "LINDSAY, Cst. SALMON": two officers, not a surname and a given name
        if re.match(r"[ \t]+(?:Mc|Mac)?[A-Z]{2,}\b", text[m.end() : m.end() + 20]):
            continue  # "Rushell BARTLEY, Kimone WINT": a list of Given SURNAME names
        if re.search(rf"{_NAME_WORD}[ \t]+$", text[max(0, m.start() - 30) : m.start()]) and not re.search(
            r"(?:^|\n|:|\|)[ \t]*$", text[max(0, m.start() - 3) : m.start()]
        ):
            before = re.search(rf"({_NAME_WORD})[ \t]+$", text[max(0, m.start() - 30) : m.start()])
            if before and before.group(1) in given_names():
                continue  # "Courtney Everald GALLIMORE, Kerry-Ann": the surname closes the name before it
        if (
            lookup_place(given)
            or lookup_place(given.split()[0])
            or given.split()[0] in ("St", "Saint", "Port", "Mount")
        ):
            continue
        if surname in lexicon()["known_orgs"]:
            continue
        yield Found(m.start(), m.end(), "PERSON", m.group(), "surname-first")
    for m in re.finditer(
        rf"\b{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?[ \t]+(?:Mc|Mac)?[A-Z]{{2,}}(?:[A-Z'’\-]*[A-Z])?\b", text
    ):
        words = m.group().split()
        if words[0] in word_set("not_persons") or words[0].lower() in STOP_WORDS or words[0] in word_set("titles"):
            continue
        if lookup_place(words[0]) or lookup_place(words[-1].title()) or len(words[-1]) < 3:
            continue
        if words[-1] in word_set("not_persons") or words[-1] in lexicon()["known_orgs"]:
            continue
        if re.fullmatch(r"[IVX]+", words[-1]):
            continue  # "Labour Officer III": a grade
        if re.match(r"-?[\d/]", text[m.end() : m.end() + 2]) or re.fullmatch(r"[A-Z]{1,3}(?:-[A-Z]{1,3})+", words[-1]):
            continue  # "Production Order PO-SC-2023-041": a reference code, not a surname
        yield Found(m.start(), m.end(), "PERSON", m.group(), "given-SURNAME")
    for m in re.finditer(rf"(?m)^(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}):", text):
        name = m["name"]
        if name.split()[0] in word_set("not_persons") or lookup_place(name):
            continue
        if name.split()[-1] in lexicon()["org_suffixes"]:
            continue  # "Island Dreams Staffing: @Tamika ..." is the page answering, an organisation
        yield Found(m.start("name"), m.end("name"), "PERSON", name, "speaker")
    for m in re.finditer(rf"@(?P<name>{_NAME_WORD}\s+{_NAME_WORD})", text):
        yield Found(m.start("name"), m.end("name"), "PERSON", m["name"], "tagged")


# --- organisations -------------------------------------------------------------------------


def _hyphen_prefix_start(text: str, start: int) -> int:
    """Where a name starts when a capitalised word is hyphenated onto it: ``Counter-Trafficking in
    Persons Unit`` is one body, not ``Trafficking in Persons Unit``."""
    m = re.search(r"(?<![\w-])[A-Z][A-Za-z]+-$", text[max(0, start - 20) : start])
    return start - len(m.group()) if m else start


def find_organisations(text: str) -> Iterator[Found]:
    """Known bodies, ``Name ... Ltd/Agency/Staffing/Unit``, ``Ministry of ...`` and acronyms defined in brackets."""
    lex = lexicon()
    known = sorted(set(lex["known_orgs"]), key=len, reverse=True)
    known_re = re.compile(
        rf"(?<![\w@])(?:{_suffix_alternation(known + [k.upper() for k in known if len(k) > 6])})(?![\w])"
    )
    for m in known_re.finditer(text):
        start = _hyphen_prefix_start(text, m.start())
        yield Found(start, m.end(), "ORG", text[start : m.end()], "known-org")
    suffixes = _suffix_alternation(lex["org_suffixes"] + [s.upper() for s in lex["org_suffixes"]])
    org_name = rf"\b(?:St\.[ \t]+)?(?:{_CAP}[ \t]+(?:(?:and|of|&|in|for)[ \t]+)?){{1,5}}(?:[A-Z][A-Za-z]*-)?(?:{suffixes})(?![\w])\.?"
    for m in re.finditer(org_name, text):
        words = m.group().split()
        while words and (
            words[0].lower() in STOP_WORDS
            or words[0] in word_set("not_persons")
            or words[0].rstrip(".") in word_set("titles")
        ):
            words.pop(0)
        if len(words) < 2:
            continue
        surface = " ".join(words)
        start = m.end() - len(m.group()) + m.group().index(words[0]) if False else m.start() + m.group().find(words[0])
        end = m.end()
        if text[start:end] != surface and "\n" in text[start:end]:
            continue
        if words[-1] == "Jamaica" and len(words) == 2 and lookup_place(words[0]):
            continue
        if text[end - 1] == "." and words[-1] not in ("Ltd.", "Inc.", "Co.", "Corp.", "Dept."):
            end -= 1
        start = _hyphen_prefix_start(text, start)
        yield Found(start, end, "ORG", text[start:end], "org-suffix")
    countries = "|".join(re.escape(c) for c in ("Jamaica", "JAMAICA", "Bahamas", "Trinidad", "Haiti", "Caribbean"))
    for m in re.finditer(
        rf"\b(?P<head>(?:{_NAME_WORD}|[A-Z]{{3,}})(?:[ \t]+(?:{_NAME_WORD}|[A-Z]{{3,}})){{1,3}})[ \t]+(?:{countries})\b",
        text,
    ):
        head = m["head"].split()
        if (
            lookup_place(m["head"].title())
            or any(lookup_place(w.title()) or w.title() in given_names() for w in head)
            or head[0] in word_set("not_persons")
            or head[0].lower() in STOP_WORDS
            or head[0].rstrip(".") in word_set("titles")
        ):
            continue  # "Montego Bay Jamaica" is a place; "Marlon Campbell Jamaica" is no body
        yield Found(m.start(), m.end(), "ORG", m.group(), "org-country")
    for m in re.finditer(
        r"\b(?:Ministry|Department|Bureau|Office|Embassy|High Commission|Consulate)\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][\w'’-]+)(?:\s+(?:and|&|of|the)?\s*[A-Z][\w'’-]+)*",
        text,
    ):
        words = m.group().split()
        # office-holder names glued on: "Ministry of Tourism Jane Doe" -> stop before two capitalised name words
        cut = len(words)
        for i in range(3, len(words) - 1):
            if re.fullmatch(_NAME_WORD, words[i]) and re.fullmatch(_NAME_WORD, words[i + 1]) and i + 2 == len(words):
                if words[i - 1] not in ("and", "of", "&", "the"):
                    cut = i
                    break
        surface = " ".join(words[:cut])
        yield Found(m.start(), m.start() + len(surface), "ORG", surface, "org-head")
        if cut < len(words):
            rest_start = m.start() + len(surface) + 1
            yield Found(rest_start, m.end(), "PERSON", text[rest_start : m.end()], "office-holder")
    # acronyms defined in brackets after an organisation name
    for m in re.finditer(r"\((?P<acr>[A-Z][A-Z&]{0,7}(?:-[A-Z]{1,6})?)\)", text):
        if len(m["acr"]) < 2:
            continue
        yield Found(m.start("acr"), m.end("acr"), "ORG", m["acr"], "acronym-defined")


def acronym_of(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


# --- spaCy's own entities, cleaned -----------------------------------------------------------


def from_model(doc: Doc) -> Iterator[Found]:
    """spaCy's PERSON / ORG / GPE / LOC / FAC entities, with titles, quotes and junk removed."""
    text = text_of(doc)
    titles = word_set("titles")
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "LOC", "FAC"):
            continue
        tokens = list(ent)
        while tokens and (
            tokens[0].text.rstrip(".") in titles
            or tokens[0].text in titles
            or tokens[0].lower_ in STOP_WORDS
            or tokens[0].is_punct
            or tokens[0].text in QUOTES
        ):
            tokens.pop(0)
        while tokens and (
            tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].text in QUOTES or tokens[-1].lower_ in ("'s", "’s")
        ):
            tokens.pop()
        if not tokens:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        surface = text[start:end]
        if "\n" in surface:
            surface = surface.split("\n")[0]
            end = start + len(surface)
        if not surface or any(c.isdigit() for c in surface) or "@" in surface:
            continue
        if (
            surface in word_set("not_persons")
            or surface in word_set("demonyms")
            or surface.split()[0] in word_set("not_persons")
        ):
            continue
        if not surface[0].isupper():
            continue
        label = ent.label_
        if label in ("GPE", "LOC", "FAC"):
            label = "LOCATION"
        if " - " in surface or " / " in surface or ("," in surface and ent.label_ in ("ORG", "PERSON")):
            continue
        words = surface.split()
        connectors = {"of", "and", "&", "the", "in", "for", "de", "la", "du"}
        if any(w[0].islower() and w not in connectors for w in words):
            continue
        if label == "ORG" and len(words) == 1 and surface not in lexicon()["known_orgs"]:
            continue  # a lone capitalised word is too often a name or a heading
        if label == "PERSON" and len(words) > 1 and surface.isupper():
            continue  # headings in capitals
        if label == "PERSON" and (re.fullmatch(r"[IVX]+", surface) or re.match(r"\.?[ \t]*No\b", text[end : end + 6])):
            continue  # "Officer II", "Reg. No. 10462": a grade or a number's label
        if label == "PERSON" and any(w.lower().strip(",") in _vehicle_words() for w in words):
            continue  # "Black Mercedes-Benz GLE": a car the model took for a person
        if label == "PERSON" and (surface.endswith("-") or re.match(r"-?\d", text[end : end + 2])):
            continue  # "Exhibit IP-1", "Form MP-1": a reference number's prefix
        if label == "PERSON" and len(words) == 1 and _opens_line_or_sentence(text, start):
            if surface not in given_names() and not re.match(r"\s*:", text[end : end + 2]):
                continue  # "Foreman refused", "Info from", "Abd soft": a word opening a sentence
        if (
            label == "PERSON"
            and len(words) == 1
            and surface.isupper()
            and (
                re.match(r"[ \t]+[A-Z]{2,}", text[end : end + 4])
                or re.search(r"[A-Z]{2,}[ \t]+$", text[max(0, start - 4) : start])
            )
        ):
            continue  # one word of a heading in capitals ("DISPATCHER LOG", "EXHIBIT IP-3")
        if label == "PERSON" and len(tokens) > 1 and tokens[0].tag_ == "VB" and tokens[0].idx == start:
            start = tokens[1].idx  # "Tell Glo": an order, then the name
            surface = text[start:end]
            words = surface.split()
        if any(w in word_set("not_persons") for w in words) and label == "PERSON":
            continue
        if label == "PERSON":
            if any(t.text in QUOTES for t in tokens) and not re.search(r"\s[\"“][^\"”]+[\"”]\s", surface):
                continue
            if surface.isupper() and len(surface) <= 6 and text[start - 1 : start] == "(":
                label = "ORG"  # "(JCF)" read as a person: an acronym in brackets is the organisation
        found = found_at(text, start, end, label, "model")
        if found:
            found.props["model_label"] = ent.label_
            yield found


@lru_cache(maxsize=1)
def _vehicle_words() -> frozenset[str]:
    lex = lexicon()
    return frozenset(w.lower() for w in lex["vehicle_makes"] + lex["vehicle_models"] if len(w) > 3)


def _opens_line_or_sentence(text: str, start: int) -> bool:
    """Whether ``start`` opens a line or a sentence (after a bullet, a number or a full stop)."""
    before = text[max(0, start - 12) : start]
    return (
        bool(re.search(r"(?:^|\n)[ \t]*(?:[-•*>]|\(?\w{1,2}[.)]|\d+\.)?[ \t]*$|[.!?:;][ \t]+$", before)) or start == 0
    )


def drop_code_names(text: str, found: list[Found]) -> list[Found]:
    """Operation code names (``Operation SEAGRAPE``, ``Op DRIFTWOOD``) are never entities."""
    return [
        f
        for f in found
        if f.label in ("PHONE", "EMAIL")
        or not re.search(
            r"\b(?:Operation|OPERATION|Op\.?|OP|[Cc]ode[ -]?name:?|CODE[ -]?NAME:?)\s+$",
            text[max(0, f.start - 14) : f.start],
        )
    ]


# --- settling overlaps -----------------------------------------------------------------------

RULE_BONUS = {
    "gazetteer": 8,
    "address": 9,
    "venue": 10,
    "known-org": 9,
    "org-suffix": 6,
    "org-head": 9,
    "org-country": 6,
    "acronym-defined": 7,
    "title": 9,
    "title-initial": 10,
    "kinship-name": 10,
    "name-with-nickname": 12,
    "surname-first": 11,
    "given-SURNAME": 7,
    "speaker": 6,
    "header-role": 9,
    "given-name": 6,
    "lone-given-name": 1,
    "tagged": 8,
    "nickname-cue": 5,
    "nickname-brackets": 6,
    "office-holder": 9,
    "model": 0,
    "propagated": -5,
    "plate": 10,
    "vessel": 9,
    "vehicle-model": 8,
    "initial-surname": 10,
    "initials": 10,
    "initials-gloss": 12,
    "capitalised-name": 8,
    "table-cell": 12,  # a column says what its cells are (extract/layouts)
    "form-value": 11,
    "chat-speaker": 8,
    "telegram-name": 7,
}


def strength(found: Found) -> int:
    """How much a reading is trusted: its kind, its rule, and (for names) how many words it has."""
    words = min(len(found.text.split()), 4) - 1
    return PRIORITY.get(found.label, 0) + RULE_BONUS.get(found.rule, 0) + (3 * words if found.label != "PHONE" else 0)


def settle(found: list[Found]) -> list[Found]:
    """One reading per stretch of text: the strongest (kind priority, rule, then length) wins;
    overlapping weaker readings are dropped."""
    ranked = sorted(found, key=lambda f: (-strength(f), -(f.end - f.start), f.start))
    if any(f.end <= f.start for f in found):
        return _settle_slowly(ranked)
    kept: list[Found] = []
    first_kept: dict[tuple[int, int, str], Found] = {}
    # kept readings never overlap, so sorted by start their ends are sorted too: a candidate
    # overlaps one of them iff the last one starting before the candidate ends reaches into it
    starts: list[int] = []
    ends: list[int] = []
    for candidate in ranked:
        same = first_kept.get((candidate.start, candidate.end, candidate.label))
        if same is not None:
            for key, value in candidate.props.items():  # a nickname cue seen by a weaker rule still counts
                same.props.setdefault(key, value)
            continue
        before = bisect_left(starts, candidate.end)
        if before and ends[before - 1] > candidate.start:
            continue
        kept.append(candidate)
        first_kept[(candidate.start, candidate.end, candidate.label)] = candidate
        at = bisect_left(starts, candidate.start)
        starts.insert(at, candidate.start)
        ends.insert(at, candidate.end)
    kept.sort(key=lambda f: f.start)
    return kept


def _settle_slowly(ranked: list[Found]) -> list[Found]:
    """:func:`settle` for readings that include empty ones (whose overlaps do not nest)."""
    kept: list[Found] = []
    for candidate in ranked:
        same = next((k for k in kept if k.span == candidate.span and k.label == candidate.label), None)
        if same is not None:
            for key, value in candidate.props.items():
                same.props.setdefault(key, value)
            continue
        if any(candidate.start < k.end and k.start < candidate.end for k in kept):
            continue
        kept.append(candidate)
    kept.sort(key=lambda f: f.start)
    return kept
