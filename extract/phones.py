"""Phone numbers in report text, in any written form, as E.164 numbers.

Finds ``555-0143`` (a local number: default region JM gives +1 876), ``(876) 555 0143``,
``+1 876 555 0143``, ``18765550143``, ``011-44-...``, ``07700 900312``, ``wa.me/1876...``,
numbers split across a line, spelled-out digits ("eight seven six ...") and OCR slips
(O/l/I for 0/1), numbers in table cells and on flyers beside other figures, and refuses dates,
times, TRNs, case numbers, money, passports, plates, IMEIs, IMSIs, MMSIs and transfer control
numbers by their shape and the words in front of them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import phonenumbers
from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.doctext import text_of
from graph.identity import phone_entity_id
from graph.phones import LOCAL_AREA_CODES

DATA = Path(__file__).parent / "data"

#: Area code a seven-digit local number gets in each NANP region a case may default to.


@dataclass(frozen=True)
class PhoneMatch:
    """One phone number as written: ``text[start:end] == written``; ``e164`` its international form."""

    start: int
    end: int
    written: str
    e164: str

    @property
    def entity_id(self) -> str:
        return phone_entity_id(self.e164)


@lru_cache(maxsize=1)
def _context() -> dict:
    return json.loads((DATA / "phone_context.json").read_text(encoding="utf-8"))


# A run of digits (or OCR look-alikes) with the separators people write between them.
_SEP = r"[0-9OoIl()\-–‑‒. \t\u00a0]|(?<=[0-9OoIl])\|(?=[0-9OoIl])"  # a pipe is a 1 only between digits
_RUN = re.compile(
    r"(?P<prefix>wa\.me/|\+|\b011[\s.\-]?|\b00(?=\d))?"
    r"(?P<body>\(?(?:[0-9]|(?<![A-Za-z])[lI](?=[\-–. ]?[0-9]))"  # an OCR 1 may open a number: "l-876-..."
    rf"(?:{_SEP})*(?:\n[ \t]*(?:{_SEP})+)?[0-9OoIl]\)?)"
)
#: Where a run of digits may be two things side by side: a column gap, a tab, a table rule.
_GAP = re.compile(r"[ \u00a0]{3,}|\t")
_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$|^\d{2,4}[./-]\d{1,2}[./-]\d{1,2}$")
_TRN_SHAPE = re.compile(r"^\d{3}-\d{3}-\d{3}$")


def find_phones(text: str, region: str = "JM") -> list[PhoneMatch]:
    """Every phone number written in ``text``, in text order, with its E.164 form."""
    found: list[PhoneMatch] = []
    for match in _RUN.finditer(text):
        phone = _judge_run(text, match["prefix"] or "", match.start(), match.start("body"), match["body"], region)
        if phone is None and not match["prefix"]:
            phone_pieces = _judge_pieces(text, match.start("body"), match["body"], region)
            found.extend(phone_pieces)
        elif phone is not None:
            found.append(phone)
    found.extend(_spelled_numbers(text, region, taken=found))
    found.sort(key=lambda p: p.start)
    return found


def _judge_pieces(text: str, body_start: int, body: str, region: str) -> list[PhoneMatch]:
    """A run that is no phone as a whole may be a phone beside other figures in a table or a
    flyer (``876-555-0116    12/03``, ``555-0135   0r   ...``): each stretch between wide gaps
    is judged on its own."""
    pieces = []
    at = 0
    for gap in [*_GAP.finditer(body), None]:
        stop = gap.start() if gap else len(body)
        piece = body[at:stop]
        if piece.strip() and (at or gap):
            lead = len(piece) - len(piece.lstrip())
            phone = _judge_run(text, "", body_start + at + lead, body_start + at + lead, piece.strip(), region)
            if phone is not None:
                pieces.append(phone)
        if gap:
            at = gap.end()
    return pieces


def _judge_run(text: str, prefix: str, start: int, body_start: int, body: str, region: str) -> PhoneMatch | None:
    end = body_start + len(body)
    # an OCR look-alike glued to the next word is that word's first letter ("0122 (off")
    if text[end : end + 1].isalpha() and (tail := re.search(r"[ \t\n(\-.]*[OoIl|]+$", body)):
        end -= len(tail.group())
        body = body[: tail.start()]
    # an OCR look-alike after a space is the start of the next word ("0312 on")
    if tail := re.search(r"[ \t\n]+[OoIl|]+$", body):
        end -= len(tail.group())
        body = body[: tail.start()]
    # trim separators and unbalanced brackets at the edges
    while body and body[-1] in " \t.-–‑‒(\u00a0" or (body.endswith(")") and body.count("(") < body.count(")")):
        body = body[:-1]
        end -= 1
    lead = len(body) - len(body.lstrip(" \t.-)"))
    if body.startswith(")"):
        lead = max(lead, 1)
    body = body[lead:]
    if body.startswith("(") and not re.match(r"\(\d{3}\)", body):
        body = body[1:]
        lead += 1
    if body.endswith(")") and body.count("(") < body.count(")"):
        body = body[:-1]
        end -= 1
    if not body:
        return None
    if not prefix:
        start = body_start + lead
    if "\n\n" in body:
        return None
    before = text[max(0, start - 1) : start]
    after = text[end : end + 1]
    # glued to a word, a money sign, a path or a reference ("A2847561", "$1,500", "CR-2021-0456")
    if not prefix and before and (before.isalnum() or before in "$£€/\\#-_@&:"):
        return None
    if after and (after.isalnum() or after in "$%/_@"):
        return None
    if after == ":" and not text[end + 1 : end + 2].isspace():  # "14:30", but "+1876...: 14 calls" is a number
        return None
    if after == "," and text[end + 1 : end + 2].isdigit():  # money "21,300"
        return None
    ocr = _context()["ocr_digits"]
    real_digits = sum(c.isdigit() for c in body)
    letters = [c for c in body if c in ocr]
    if letters:
        if real_digits < 5 or len(letters) > 3:
            return None
        # a look-alike letter must sit between digits or separators, not start a word
        digits_text = "".join(ocr.get(c, c) for c in body)
    else:
        digits_text = body
    digits = re.sub(r"\D", "", digits_text)
    if len(digits) < 7 or len(digits) > 15:
        return None
    if len(digits) >= 14 and not prefix and not re.search(r"[\s.\-()]", body):
        return None  # fifteen bare digits are a handset (IMEI) or a SIM (IMSI), never a number to dial
    flat = re.sub(r"\s+", " ", body.strip())
    if _DATE_SHAPE.match(flat) or _TRN_SHAPE.match(flat):
        return None
    if re.search(r"\d\.\d{1,2}$", flat) and "." in flat and flat.count(".") == 1:  # 3.4, decimals
        return None
    lowered_before = _line_before(text, start, 32).lower()
    if _is_decoy_context(lowered_before):
        return None
    e164 = _to_e164(prefix, digits, body, region)
    if e164 is None:
        return None
    # bare unformatted runs of 7-9 digits need a phone word nearby
    if not prefix and re.fullmatch(r"\d{7,9}", flat) and not _has_phone_word(text, start, end):
        return None
    return PhoneMatch(start, end, text[start:end], e164)


def _line_before(text: str, start: int, width: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    return text[max(line_start, start - width) : start]


def _is_decoy_context(before: str) -> bool:
    words = _context()["decoy_words"]
    tail = before.rstrip(" :#.-(").lower()
    for word in words:
        w = word.lower()
        if w in ("$",):
            if tail.endswith("$"):
                return True
            continue
        # the decoy word must be the last thing (or nearly) before the number
        index = tail.rfind(w)
        if index == -1:
            continue
        if not (index == 0 or not tail[index - 1].isalnum()):
            continue
        rest = tail[index + len(w) :]
        # "account number 2044...": "number" after a decoy word belongs to it, not to a phone
        phone_words = [p for p in _context()["phone_words"] if len(p) > 2 and p.lower() not in ("number", "no.")]
        if len(rest) <= 14 and not any(p.lower() in rest for p in phone_words):
            if re.fullmatch(r"[\s:#.\-()a-z]*", rest) and len(rest.split()) <= 2:
                return True
    return False


def _has_phone_word(text: str, start: int, end: int) -> bool:
    window = (text[max(0, start - 60) : start] + " " + text[end : end + 30]).lower()
    return any(word.lower() in window for word in _context()["phone_words"])


@lru_cache(maxsize=8192)
def _to_e164(prefix: str, digits: str, body: str, region: str) -> str | None:
    """The E.164 form of a run of digits, or None (pure, and dear: ``phonenumbers`` parses; cached)."""
    candidates: list[tuple[str, str | None]] = []
    if prefix.strip() == "+" or prefix.startswith("wa.me"):
        candidates.append(("+" + digits, None))
    elif prefix.startswith("011") or prefix.startswith("00"):
        candidates.append(("+" + digits, None))
    elif len(digits) == 11 and digits.startswith("1"):
        candidates.append(("+" + digits, None))
    elif len(digits) == 10 and digits[0] in "23456789":
        candidates.append((digits, "US" if region in ("JM", "US", "CA", "BS", "TT") else region))
    elif len(digits) == 7 and digits[0] in "23456789" and region in LOCAL_AREA_CODES:
        candidates.append((LOCAL_AREA_CODES[region] + digits, "US"))
    elif digits.startswith("0") and len(digits) in (10, 11):
        candidates.append((digits, "GB"))
    elif len(digits) >= 11 and not digits.startswith("1"):
        candidates.append(("+" + digits, None))
    for raw, parse_region in candidates:
        try:
            number = phonenumbers.parse(raw, parse_region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            if len(digits) == 10 and number.country_code == 1 and digits[3] not in "23456789":
                continue  # not a NANP shape (exchange codes start 2-9)
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


_SPELLED_WORD = r"(?:zero|oh|o|nought|one|two|three|four|five|six|seven|eight|nine|double|triple)"
_SPELLED = re.compile(
    rf"\b{_SPELLED_WORD}(?:[\s,\-]+{_SPELLED_WORD}){{6,}}\b",
    re.IGNORECASE,
)


def _spelled_numbers(text: str, region: str, taken: list[PhoneMatch]) -> list[PhoneMatch]:
    words = _context()["number_words"]
    multipliers = _context()["multiplier_words"]
    found: list[PhoneMatch] = []
    for match in _SPELLED.finditer(text):
        if any(p.start < match.end() and match.start() < p.end for p in taken):
            continue
        digits = ""
        repeat = 1
        for word in re.findall(r"[A-Za-z]+", match.group()):
            w = word.lower()
            if w in multipliers:
                repeat = multipliers[w]
                continue
            digits += words[w] * repeat
            repeat = 1
        start, end = match.start(), match.end()
        # leading "oh"/"o" words that are not digits of the number ("oh, eight seven six...")
        if len(digits) < 7:
            continue
        e164 = _to_e164("", digits, digits, region)
        if e164 is None and len(digits) == 11 and digits.startswith("1"):
            e164 = _to_e164("+", digits, digits, region)
        if e164 is not None:
            found.append(PhoneMatch(start, end, text[start:end], e164))
    return found


# --- the spaCy component ----------------------------------------------------------------

if not Span.has_extension("e164"):
    Span.set_extension("e164", default=None)
if not Doc.has_extension("phones"):
    Doc.set_extension("phones", default=None)


class PhoneFinder:
    """spaCy component: puts every phone number on ``doc._.phones`` (PhoneMatch, exact offsets)
    and on ``doc.spans["phones"]`` as spans carrying ``span._.e164``."""

    def __init__(self, nlp: Language, name: str, region: str) -> None:
        self.name = name
        self.region = region

    def __call__(self, doc: Doc) -> Doc:
        phones = find_phones(text_of(doc), self.region)
        doc._.phones = phones
        spans = []
        for phone in phones:
            span = doc.char_span(phone.start, phone.end, label="PHONE", alignment_mode="expand")
            if span is not None:
                span._.e164 = phone.e164
                spans.append(span)
        doc.spans["phones"] = spans
        return doc


@Language.factory("threadline_phones", default_config={"region": "JM"})
def make_phone_finder(nlp: Language, name: str, region: str) -> PhoneFinder:
    return PhoneFinder(nlp, name, region)
