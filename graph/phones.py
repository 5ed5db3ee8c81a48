"""Phone identity: every written form of a number becomes one E.164 id (``PH_+18765550143``).

Used wherever a number enters the case (report text, call records, link lists, searches),
so that ``555-0143``, ``(876) 555 0143`` and ``+1 876 555 0143`` are always one phone.
"""

from __future__ import annotations

import re

import phonenumbers

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
    return "PH_" + e164
