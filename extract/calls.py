"""Call-detail records (CSV) in, :class:`graph.model.Call` rows out, with every bad row reported by line.

Headers are matched loosely (``caller``/``callee``, ``a_number``/``b_number``, ``from``/``to``...;
one start-time column or separate date and time columns; duration in seconds, ``mm:ss`` or
``hh:mm:ss``). Numbers become E.164 with the case's default region, so a local
``555-0143`` in a Jamaican record reads as ``+18765550143``. A bad row never stops the file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from graph.errors import ThreadlineError
from graph.identity import UndecodableText, decode_text
from graph.model import Call
from graph.phones import to_e164

CALLER_HEADERS = (
    "caller",
    "a_number",
    "anumber",
    "a_party",
    "from",
    "from_number",
    "calling_number",
    "calling",
    "originating_number",
    "source_number",
    "msisdn",
)
CALLEE_HEADERS = (
    "callee",
    "b_number",
    "bnumber",
    "b_party",
    "to",
    "to_number",
    "called_number",
    "called",
    "dialled_number",
    "dialed_number",
    "destination_number",
    "target_number",
)
START_HEADERS = (
    "start_time",
    "start",
    "started",
    "call_start",
    "start_datetime",
    "datetime",
    "date_time",
    "timestamp",
    "time_stamp",
    "call_time",
)
DATE_HEADERS = ("date", "call_date", "start_date")
TIME_HEADERS = ("time", "call_time", "start_time_of_day")
DURATION_HEADERS = (
    "duration_s",
    "duration_sec",
    "duration_secs",
    "duration_seconds",
    "duration",
    "seconds",
    "secs",
    "call_duration",
    "length",
    "dur",
)

_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %I:%M:%S %p",
    "%d/%m/%Y %I:%M %p",
    "%d %b %Y %H:%M:%S",
    "%d %b %Y %H:%M",
    "%d-%b-%Y %H:%M:%S",
    "%d-%b-%Y %H:%M",
)


class CallFileError(ThreadlineError, ValueError):
    """The file cannot be read as a call record at all (no caller/callee/start/duration columns...)."""


@dataclass
class BadRow:
    """A row that was skipped, and why."""

    line: int  # 1-based line number in the file (the header is line 1)
    message: str
    text: str = ""


@dataclass
class CallRecord:
    """What one CSV file yields: the calls it holds and the rows that could not be read."""

    source: str
    calls: list[Call] = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # our field -> the file's header


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


def normalise_number(raw: str, region: str = "JM") -> str:
    """A phone number in any written form as E.164 (``+18765550143``); ValueError when it is none.

    A seven-digit local number gets the default region's area code (``JM``: 876).
    """
    if not re.sub(r"\D", "", raw):
        raise ValueError(f"no digits in {raw!r}")
    e164 = to_e164(raw, region)
    if e164 is None:
        raise ValueError(f"{raw!r} is not a possible phone number")
    return e164


def parse_duration(raw: str) -> int:
    """Seconds from ``"147"``, ``"147s"``, ``"2:27"`` (mm:ss) or ``"0:02:27"`` (hh:mm:ss)."""
    text = raw.strip().lower().removesuffix("s").removesuffix("sec").strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return round(float(text))
    parts = text.split(":")
    if 2 <= len(parts) <= 3 and all(re.fullmatch(r"\d+", p) for p in parts):
        values = [int(p) for p in parts]
        if any(v >= 60 for v in values[1:]):
            raise ValueError(f"duration {raw!r} has minutes or seconds over 59")
        seconds = 0
        for value in values:
            seconds = seconds * 60 + value
        return seconds
    raise ValueError(f"duration {raw!r} is not seconds, mm:ss or hh:mm:ss")


def parse_start(raw: str) -> str:
    """An ISO-8601 timestamp from the common ways call records write one (day first when ambiguous)."""
    text = raw.strip()
    if not text:
        raise ValueError("no start time")
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).isoformat()
        except ValueError:
            continue
    raise ValueError(f"start time {raw!r} is not a date and time")


def _find(headers: dict[str, str], names: tuple[str, ...], taken: set[str]) -> str | None:
    for name in names:
        if name in headers and headers[name] not in taken:
            return headers[name]
    return None


def _columns(fieldnames: list[str], source: str) -> dict[str, str]:
    headers = {_key(h): h for h in fieldnames if h is not None}
    taken: set[str] = set()
    columns: dict[str, str] = {}
    for field_name, names in (("caller", CALLER_HEADERS), ("callee", CALLEE_HEADERS), ("duration", DURATION_HEADERS)):
        found = _find(headers, names, taken)
        if found:
            columns[field_name] = found
            taken.add(found)
    date_col = _find(headers, DATE_HEADERS, taken)
    time_col = _find(headers, TIME_HEADERS, taken | ({date_col} if date_col else set()))
    start_col = _find(headers, START_HEADERS, taken)
    if date_col and time_col and (start_col is None or start_col == time_col):
        columns["date"], columns["time"] = date_col, time_col
    elif start_col:
        columns["start"] = start_col
    elif date_col:
        columns["start"] = date_col
    missing = [f for f in ("caller", "callee", "duration") if f not in columns]
    if "start" not in columns and "date" not in columns:
        missing.append("start time")
    if missing:
        raise CallFileError(
            f"{source}: no column for {', '.join(missing)} (found: {', '.join(fieldnames)}). "
            "Expected e.g. caller,callee,start_time,duration_s or a_number,b_number,date,time,duration"
        )
    return columns


def read_call_text(text: str, source: str = "", region: str = "JM") -> CallRecord:
    """Read a call-detail record from CSV text. See :func:`read_calls`."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise CallFileError(f"{source or 'call record'}: the file is empty")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    record = CallRecord(source=source, columns=_columns(list(reader.fieldnames or []), source or "call record"))
    cols = record.columns
    lines = text.splitlines()
    for row in reader:
        line = reader.line_num
        raw_line = lines[line - 1] if 0 < line <= len(lines) else ""
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        try:
            caller = normalise_number(row.get(cols["caller"]) or "", region)
            callee = normalise_number(row.get(cols["callee"]) or "", region)
            if "date" in cols:
                start = parse_start(f"{(row.get(cols['date']) or '').strip()} {(row.get(cols['time']) or '').strip()}")
            else:
                start = parse_start(row.get(cols["start"]) or "")
            duration = parse_duration(row.get(cols["duration"]) or "")
        except ValueError as error:
            record.bad_rows.append(BadRow(line, str(error), raw_line))
            continue
        record.calls.append(Call(caller, callee, start, duration, source))
    return record


def read_calls(path: str | Path, region: str = "JM") -> CallRecord:
    """Read a call-detail record CSV file.

    Parameters
    ----------
    path : str or Path
        The CSV file (comma, semicolon, tab or pipe separated; UTF-8, or Latin-1 as a fallback).
    region : str
        Default region for numbers written without a country code (``JM``: +1 876).

    Returns
    -------
    CallRecord
        The calls read, and every row skipped with its line number and the reason.

    Raises
    ------
    CallFileError
        When the file is missing, empty or has no recognisable caller, callee, start or
        duration column.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CallFileError(f"{path}: cannot read the file ({error.strerror})") from error
    try:
        text = decode_text(data)
    except UndecodableText as error:
        raise CallFileError(f"{path}: {error}") from None
    return read_call_text(text, path.name, region)
