"""Value types, owned in one place: entity ids, phone numbers, name folding and text decoding.

Like followthemoney's ``types/``, every other module asks this one rather than spelling a
prefix or a rule itself:

- **Entity ids** are opaque in the store: a kind prefix and a keyed hash of the resolver's
  readable key (``P_3f9c0a1b2c4d5e6f``), under a random key kept in each case store, so an id
  that escapes names no one and cannot be recomputed from a guessed name. The readable keys
  (``P_sasha_lee``) exist only inside resolution and its evaluation output. A phone's id is
  its E.164 number (a number is not a name): ``PH_+18765550143``.
- **Phones**: :func:`to_e164` reads any written form with the case's default region.
- **Folding**: :func:`fold_name` is how resolution compares names (dots and inner apostrophes
  dropped, hyphens kept); :func:`fold_search` is how search compares a query with a name
  (quotes dropped, everything else kept so substrings still match).
- **Decoding**: :func:`decode_text` is the one policy for report text and CSV files.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

import phonenumbers

from graph.errors import ThreadlineError

# --- entity ids --------------------------------------------------------------------------------

PHONE_PREFIX = "PH_"
#: The id prefix of each entity kind (phones: PHONE_PREFIX and the E.164 number).
ID_PREFIX: dict[str, str] = {
    "PERSON": "P_",
    "LOCATION": "L_",
    "ORG": "ORG_",
    "VEHICLE": "V_",
    "EMAIL": "EM_",
    "HANDLE": "H_",
    "PHONE": PHONE_PREFIX,
}
_OPAQUE = re.compile(r"^(?:P|L|ORG|V|EM|H)_[0-9a-f]{16}(?:_[0-9a-f]{8})?$")


def id_prefix(kind: str) -> str:
    return ID_PREFIX.get(kind, kind[:2] + "_")


def opaque_id(readable: str, key: bytes) -> str:
    """The store id of the entity the resolver calls ``readable`` (``P_sasha_lee``): its prefix
    and 16 hex digits of HMAC-SHA256 under the case's id ``key``. Phone ids and ids already
    opaque are returned unchanged, so the mapping can be applied twice."""
    if readable.startswith(PHONE_PREFIX) or is_opaque(readable):
        return readable
    prefix, _, rest = readable.partition("_")
    digest = hmac.new(key, readable.encode("utf-8"), hashlib.sha256).hexdigest()[:16]
    return f"{prefix}_{digest}" if rest else f"X_{digest}"


def is_opaque(entity_id: str) -> bool:
    return bool(_OPAQUE.match(entity_id))


def split_off_id(holder: str, names: list[str], report_ids: list[str]) -> str:
    """The id of the entity a split creates out of ``holder``: no name in it, stable for the
    same decision (the same names and reports)."""
    payload = "\x00".join([holder, *sorted(names), "\x1f", *sorted(report_ids)])
    return f"{holder}_{hashlib.sha256(payload.encode('utf-8')).hexdigest()[:8]}"


# --- phones ------------------------------------------------------------------------------------

#: Area codes of single-code NANP countries: a seven-digit local number there gets this code.
LOCAL_AREA_CODES = {"JM": "876", "BS": "242", "TT": "868", "BB": "246", "KY": "345", "TC": "649", "AG": "268"}
NANP_REGIONS = {"US", "CA", *LOCAL_AREA_CODES}


def to_e164(written: str, region: str = "JM") -> str | None:
    """The E.164 form of a number as written (``+18765550143``), or None when it is not one.

    ``region`` is the case's default: a seven-digit number gets its area code, a ten-digit
    one is read as NANP, ``011``/``00`` start an international number.
    """
    text = written.strip()
    digits = re.sub(r"\D", "", text)
    if not digits:
        return None
    if text.startswith("+"):
        candidate, parse_region = "+" + digits, None
    elif digits.startswith("011"):
        candidate, parse_region = "+" + digits[3:], None
    elif digits.startswith("00"):
        candidate, parse_region = "+" + digits[2:], None
    elif len(digits) == 7 and region in LOCAL_AREA_CODES:
        candidate, parse_region = LOCAL_AREA_CODES[region] + digits, "US"
    elif len(digits) == 11 and digits.startswith("1"):
        candidate, parse_region = "+" + digits, None
    elif len(digits) == 10 and region in NANP_REGIONS:
        candidate, parse_region = digits, "US"
    else:
        candidate, parse_region = text, region
    try:
        number = phonenumbers.parse(candidate, parse_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_entity_id(e164: str) -> str:
    """The entity id of a phone: ``PH_`` and its E.164 form."""
    return PHONE_PREFIX + e164


def phone_number(entity_id: str) -> str:
    """The E.164 number of a phone's entity id (``PH_+1876...`` -> ``+1876...``)."""
    return entity_id.removeprefix(PHONE_PREFIX)


def is_phone_id(entity_id: str) -> bool:
    return entity_id.startswith(PHONE_PREFIX)


def phone_search_id(text: str, region: str = "JM") -> str | None:
    """The phone entity id a search names, when it reads as a phone number in any format."""
    digits = re.sub(r"\D", "", text)
    if len(digits) < 7 or re.search(r"[A-Za-z]", text):
        return None
    e164 = to_e164(text, region)
    return None if e164 is None else phone_entity_id(e164)


# --- folding names -----------------------------------------------------------------------------


def _strip_marks(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """How resolution compares names: lower case without diacritics, quotes or dots; hyphens
    kept, inner apostrophes dropped (O'Neil -> oneil), spaces collapsed."""
    text = _strip_marks(text).casefold().replace("’", "'")
    text = re.sub(r"[\"“”«»]", " ", text)
    text = re.sub(r"(?<=\w)'(?=\w)", "", text)
    text = re.sub(r"[^\w\s,-]", " ", text)
    text = text.replace("_", " ")
    return re.sub(r"\s+", " ", text).strip(" ,-")


def fold_search(text: str) -> str:
    """How search compares a query with a name: lower case without diacritics and quotes,
    spaces collapsed, all other characters kept (so ``+1876`` and ``j.brown@`` still match)."""
    if not text.isascii():  # ASCII has no decompositions and no combining marks
        text = _strip_marks(text)
    text = re.sub(r"[\"'“”‘’`]", "", text.casefold())
    return re.sub(r"\s+", " ", text).strip()


def name_words(text: str) -> list[str]:
    """The words of a written name, split at spaces and at ``_ . -`` too
    (``interview_Shanice_Clarke_2024`` -> interview, shanice, clarke), folded."""
    return [w for w in re.split(r"[\W_]+", fold_name(text.replace("_", " ").replace(".", " "))) if w]


# --- decoding text -----------------------------------------------------------------------------


class UndecodableText(ThreadlineError, ValueError):
    """Bytes that are not text in any encoding the policy accepts; the message says why."""


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_text(data: bytes) -> str:
    """The one decoding policy for reports and CSV files: a BOM decides (UTF-8/16/32), else
    UTF-16 recognised by its zero bytes, else UTF-8, else a detected encoding
    (charset_normalizer), else cp1252. Raises UndecodableText for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise UndecodableText(
                    f"wrong encoding: starts like {encoding} but does not decode ({error.reason})"
                ) from None
    if b"\x00" in data[:4096]:
        zeros_even = data[0:4096:2].count(0)
        zeros_odd = data[1:4096:2].count(0)
        if max(zeros_even, zeros_odd) > len(data[:4096]) // 4:
            encoding = "utf-16-be" if zeros_even > zeros_odd else "utf-16-le"
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
        raise UndecodableText("wrong encoding: this looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding not in ("utf_8", "ascii"):
            text = str(best)
            if looks_like_text(text):
                return text
    except Exception:  # noqa: BLE001 - detection is a best effort; cp1252 is the fallback
        pass
    text = data.decode("cp1252", errors="replace")
    if not looks_like_text(text):
        raise UndecodableText("wrong encoding: this looks like a binary file, not text")
    return text


def looks_like_text(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    return bad / len(text) < 0.02
