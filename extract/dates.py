"""When things happened: the dates written in a report's sentences, absolute ("on 3 March 2025",
"14/04", "2025-03-03") or relative ("two days later", "the following Thursday", "last Friday",
"the next day"), resolved to ISO dates against the report's own date.

Relative dates count from the last date the text gave before them (a report's narrative moves
on from its own dates), else from the report's date. Numeric dates read day first (``14/04``), as
Caribbean and British reports write them; a date without a year takes the report's year, the
year before when that would put it after the report. Links and mentions take the first date of
their sentence as their ``event_date`` (:func:`date_within`); the analysis orders journeys by it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_COUNTS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a few": 3, "several": 3,
}  # fmt: skip
_COUNT = r"(?:\d{1,3}|a couple of|a few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(?:day|night|week|month|year)s?"

_PATTERNS = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("dmy", re.compile(r"(?<![\d/.-])(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(?![\d/-]|\.\d)")),
    ("dm", re.compile(r"(?<![\d/.:-])(\d{1,2})/(\d{1,2})(?![\d/:-])")),
    ("day-month", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTHS})(?:,?\s+(\d{{4}}))?\b", re.I)),
    ("month-day", re.compile(rf"\b({_MONTHS})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)),
    ("later", re.compile(rf"\b({_COUNT})\s+({_UNIT})\s+(later|after(?:wards)?|before|earlier|ago)\b", re.I)),
    (
        "next-day",
        re.compile(r"\b(?:the\s+)?(next|following|previous)\s+(day|morning|night|evening|week|month)\b", re.I),
    ),
    ("day-words", re.compile(r"\b(yesterday|today|tomorrow|that\s+(?:same\s+)?(?:day|night|morning|evening))\b", re.I)),
    ("weekday", re.compile(rf"\b(?:(the\s+following|the\s+next|next|last|the\s+previous|on)\s+)?({_WEEKDAY})\b", re.I)),
]


_BIRTH = re.compile(r"(?:\bDOB|\bD\.O\.B\.?|\bdate of birth|\bborn(?: on)?|\bb\.)\W{0,3}(?:\w+\W{0,3}){0,3}$", re.I)


@dataclass(frozen=True)
class DateFound:
    """A date written in the text, ``text[start:end]``, resolved to an ISO date."""

    start: int
    end: int
    text: str
    iso: str


def parse_report_date(value: str | None) -> date | None:
    """A report's own date (ISO, or as a header writes it) as a ``date``, or None."""
    if not value:
        return None
    try:
        return date_parser.parse(value, dayfirst=True, default=date_parser.parse("2000-01-01")).date()
    except (ValueError, OverflowError):
        return None


def _year(written: str | None, month: int, day: int, reference: date | None) -> int | None:
    if written:
        year = int(written)
        return year + 2000 if year < 100 else year
    if reference is None:
        return None
    year = reference.year
    try:
        if date(year, month, day) > reference + timedelta(days=31):
            year -= 1  # "14/12" in a January report is last December
    except ValueError:
        return None
    return year


def _absolute(kind: str, groups: tuple, reference: date | None) -> date | None:
    try:
        if kind == "iso":
            return date(int(groups[0]), int(groups[1]), int(groups[2]))
        if kind in ("dmy", "dm"):
            day, month = int(groups[0]), int(groups[1])
            year = _year(groups[2] if kind == "dmy" else None, month, day, reference)
            return date(year, month, day) if year else None
        if kind in ("day-month", "month-day"):
            day_text, month_text, year_text = (
                (groups[0], groups[1], groups[2]) if kind == "day-month" else (groups[1], groups[0], groups[2])
            )
            month = date_parser.parse(f"1 {month_text.rstrip('.')} 2000").month
            day = int(day_text)
            year = _year(year_text, month, day, reference)
            return date(year, month, day) if year else None
    except (ValueError, OverflowError, TypeError):
        return None
    return None


def _relative(kind: str, match: re.Match, anchor: date | None) -> date | None:
    if anchor is None:
        return None
    if kind == "later":
        count = match.group(1).lower()
        n = int(count) if count.isdigit() else _COUNTS.get(count, 1)
        unit = match.group(2).lower().rstrip("s")
        step = {
            "day": relativedelta(days=n), "night": relativedelta(days=n), "week": relativedelta(weeks=n),
            "month": relativedelta(months=n), "year": relativedelta(years=n),
        }[unit]  # fmt: skip
        return anchor - step if match.group(3).lower() in ("before", "earlier", "ago") else anchor + step
    if kind == "next-day":
        direction = -1 if match.group(1).lower() == "previous" else 1
        unit = match.group(2).lower()
        step = {"week": relativedelta(weeks=1), "month": relativedelta(months=1)}.get(unit, relativedelta(days=1))
        return anchor + step if direction > 0 else anchor - step
    if kind == "day-words":
        word = match.group(1).lower()
        return {"yesterday": anchor - timedelta(days=1), "tomorrow": anchor + timedelta(days=1)}.get(word, anchor)
    if kind == "weekday":
        which = (match.group(1) or "").lower().split()
        weekday = _WEEKDAYS.index(match.group(2).lower())
        if which and which[-1] in ("last", "previous"):
            back = (anchor.weekday() - weekday) % 7 or 7
            return anchor - timedelta(days=back)
        ahead = (weekday - anchor.weekday()) % 7
        if which and which[-1] in ("following", "next"):
            return anchor + timedelta(days=ahead or 7)
        # a bare "on Friday": the nearest such day on or before the anchor (reports tell the past)
        return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)
    return None


def find_dates(text: str, report_date: str | date | None = None) -> list[DateFound]:
    """Every date expression of ``text`` that resolves, in text order (overlaps: the first, longest)."""
    reference = report_date if isinstance(report_date, date) else parse_report_date(report_date)
    matches: list[tuple[int, int, str, re.Match]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            matches.append((match.start(), -match.end(), kind, match))
    matches.sort(key=lambda m: (m[0], m[1]))
    found: list[DateFound] = []
    anchor = reference
    taken_until = -1
    for start, neg_end, kind, match in matches:
        end = -neg_end
        if start < taken_until:
            continue
        if _BIRTH.search(text[max(0, start - 30) : start]):
            taken_until = end  # a date of birth says when nobody acted
            continue
        if kind == "weekday" and re.match(r"^,?\s{1,3}(?:the\s+)?\d", text[end : end + 8]):
            continue  # "On Sunday 12/03": the date that follows says which Sunday
        if kind in ("iso", "dmy", "dm", "day-month", "month-day"):
            when = _absolute(kind, match.groups(), reference)
        else:
            when = _relative(kind, match, anchor)
        if when is None:
            continue
        taken_until = end
        found.append(DateFound(start, end, match.group(0), when.isoformat()))
        anchor = when  # later relative dates count from the last date the narrative gave
    return found


def date_within(dates: list[DateFound], start: int, end: int) -> str | None:
    """The ISO date of the first date written inside ``[start, end)`` (a link's sentence), or None."""
    at = bisect_left([d.start for d in dates], start)
    if at < len(dates) and dates[at].end <= end:
        return dates[at].iso
    return None


def date_events(report, extraction) -> None:
    """Give each link and mention of ``extraction`` (a :class:`graph.model.Extraction` of
    ``report``) the ``event_date`` its sentence states, where it states one."""
    dates = find_dates(report.text, report.reported_at)
    if not dates:
        return
    text = report.text
    for link in extraction.links:
        link.event_date = date_within(dates, link.start, link.end)
    for mention in extraction.mentions:
        start = max(text.rfind("\n", 0, mention.start), text.rfind(". ", 0, mention.start) + 1, 0)
        stops = [p for p in (text.find("\n", mention.end), text.find(". ", mention.end)) if p != -1]
        mention.event_date = date_within(dates, start, min(stops) if stops else len(text))
