"""Structured link lists (CSV) in, a Report and its Extraction out, ready for ``store.ingest``.

Modelled on the i2 Analyst's Notebook import specification: the analyst names the column
holding each end of a link (``source``, ``target``), optionally a weight column and either
a column holding each row's link type or one type for the whole file, the kind of entity
both ends are, and whether links have a direction. Rows become entities and links; a row
repeated (or the same pair again) adds to that link's weight. The whole file becomes one
report (``kind="link-import"``), so importing it twice changes nothing and purging it
removes what it alone brought.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from extract.calls import normalise_number
from graph.errors import ThreadlineError
from graph.identity import UndecodableText, decode_text, phone_entity_id
from graph.model import LINK_TYPES, Entity, Extraction, Link, Mention, Report, make_entity
from graph.search import fold

#: Id prefix of the entities an import creates, per kind (as in the rest of the case).
ID_PREFIXES: dict[str, str] = {
    "PERSON": "P",
    "LOCATION": "L",
    "PHONE": "PH",
    "ORG": "ORG",
    "EMAIL": "E",
    "VEHICLE": "V",
    "HANDLE": "H",
    "EVENT": "EV",
}

#: Words an imported type column may use for our link types.
TYPE_SYNONYMS: dict[str, str] = {
    "ASSOCIATE": "ASSOCIATE_OF",
    "ASSOCIATES": "ASSOCIATE_OF",
    "ASSOCIATION": "ASSOCIATE_OF",
    "KNOWS": "ASSOCIATE_OF",
    "LINK": "ASSOCIATE_OF",
    "RECRUIT": "RECRUITED",
    "RECRUITS": "RECRUITED",
    "TRANSPORT": "TRANSPORTED",
    "TRANSFER": "TRANSFERRED",
    "HARBOUR": "HARBOURED",
    "HARBORED": "HARBOURED",
    "HARBOR": "HARBOURED",
    "RECEIVE": "RECEIVED",
    "EXPLOIT": "EXPLOITED",
    "CONTROL": "CONTROLS",
    "PAYS": "PAID",
    "PAYMENT": "PAID",
    "USES": "USES_PHONE",
    "PHONE": "USES_PHONE",
    "LOCATED": "LOCATED_AT",
    "CO_MENTION": "CO_MENTIONED",
    "ATTEND": "ATTENDED",
    "ATTENDS": "ATTENDED",
}


class LinkTableError(ThreadlineError, ValueError):
    """The file cannot be imported as asked (missing column, unknown kind or type): the message says what to change."""


@dataclass
class BadRow:
    """A row that was skipped, and why."""

    line: int
    message: str
    text: str = ""


@dataclass
class LinkImport:
    """What one link-list file yields: the report to store, its extraction, and skipped rows."""

    report: Report
    extraction: Extraction
    rows: int = 0  # rows turned into links
    bad_rows: list[BadRow] = field(default_factory=list)


@dataclass
class LinkTableSpec:
    """How to read a link list: which columns hold what (i2 import specification, in short)."""

    source: str
    target: str
    weight: str | None = None
    type_column: str | None = None
    rel_type: str = "ASSOCIATE_OF"
    kind: str = "PERSON"
    target_kind: str | None = None  # when the two ends differ (e.g. PERSON -> PHONE)
    directed: bool = False
    region: str = "JM"  # for PHONE ends written without a country code
    case: str = "default"


def link_type_of(value: str) -> str:
    """Our link type for a type column's value (``"recruited"``, ``"Associate of"``...); ValueError if none."""
    key = re.sub(r"[^A-Z0-9]+", "_", value.strip().upper()).strip("_")
    key = TYPE_SYNONYMS.get(key, key)
    if key not in LINK_TYPES:
        raise ValueError(f"link type {value!r} is not one of {', '.join(LINK_TYPES)}")
    return key


def entity_id_for(kind: str, name: str, region: str = "JM") -> tuple[str, str]:
    """``(id, display name)`` of the entity a cell names: ``P_marlon_campbell``, ``PH_+18765550143``..."""
    if kind == "PHONE":
        number = normalise_number(name, region)
        return phone_entity_id(number), number
    slug = re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")
    if not slug:
        raise ValueError(f"{name!r} has no letters or digits to name an entity by")
    return f"{ID_PREFIXES[kind]}_{slug}", " ".join(name.split())


def _column(headers: list[str], wanted: str, role: str, source: str) -> str:
    for header in headers:
        if header == wanted:
            return header
    for header in headers:
        if header.strip().casefold() == wanted.strip().casefold():
            return header
    raise LinkTableError(f"{source}: no column {wanted!r} for the {role} (columns: {', '.join(headers)})")


def read_link_text(text: str, spec: LinkTableSpec, source: str = "links.csv") -> LinkImport:
    """Read a link list from CSV text. See :func:`read_link_table`."""
    for kind in (spec.kind, spec.target_kind or spec.kind):
        if kind not in ID_PREFIXES:
            raise LinkTableError(f"Unknown entity kind {kind!r}: use one of {', '.join(ID_PREFIXES)}")
    if spec.type_column is None:
        try:
            fixed_type = link_type_of(spec.rel_type)
        except ValueError as error:
            raise LinkTableError(str(error)) from error
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise LinkTableError(f"{source}: the file is empty")
    report = Report.from_text(text, title=source, kind="link-import", source=source, case=spec.case)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    headers = [h for h in (reader.fieldnames or []) if h is not None]
    source_col = _column(headers, spec.source, "source", source)
    target_col = _column(headers, spec.target, "target", source)
    weight_col = _column(headers, spec.weight, "weight", source) if spec.weight else None
    type_col = _column(headers, spec.type_column, "link type", source) if spec.type_column else None

    line_starts = [0]
    for line in text.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))

    entities: dict[str, Entity] = {}
    mentions: dict[str, Mention] = {}
    links: dict[tuple[str, str, str], Link] = {}
    result = LinkImport(report, Extraction())
    first_line = 2
    for row in reader:
        last_line = reader.line_num
        row_start = line_starts[first_line - 1]
        row_end = line_starts[last_line] if last_line < len(line_starts) else len(text)
        row_text = text[row_start:row_end].rstrip("\r\n")
        row_end = row_start + len(row_text)
        line, first_line = first_line, last_line + 1
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        try:
            ends = []
            for column, kind in ((source_col, spec.kind), (target_col, spec.target_kind or spec.kind)):
                cell = (row.get(column) or "").strip()
                if not cell:
                    raise ValueError(f"empty {column!r}")
                entity_id, name = entity_id_for(kind, cell, spec.region)
                ends.append((entity_id, name, kind, cell))
            link_type = link_type_of(row.get(type_col) or "") if type_col else fixed_type
            weight = 1.0
            if weight_col and (row.get(weight_col) or "").strip():
                weight = float((row.get(weight_col) or "").replace(",", ""))
                if weight <= 0:
                    raise ValueError(f"weight {weight:g} is not positive")
        except ValueError as error:
            result.bad_rows.append(BadRow(line, str(error), row_text))
            continue
        for entity_id, name, kind, cell in ends:
            entity = entities.get(entity_id)
            if entity is None:
                entities[entity_id] = make_entity(kind, entity_id, name)
            elif cell != entity.name and cell not in entity.aliases and kind != "PHONE":
                entity.aliases.append(cell)
            if entity_id not in mentions:
                at = text.find(cell, row_start, row_end)
                if at >= 0:
                    mentions[entity_id] = Mention(report.id, entity_id, at, at + len(cell), cell, kind, row_text)
                else:  # a quoted cell whose written form differs: point at the whole row
                    mentions[entity_id] = Mention(report.id, entity_id, row_start, row_end, row_text, kind, row_text)
        (a, *_), (b, *_) = ends
        if a == b:
            result.bad_rows.append(BadRow(line, "source and target are the same entity", row_text))
            continue
        if not spec.directed:
            a, b = sorted((a, b))
        key = (link_type, a, b)
        if key in links:
            links[key].weight += weight
        else:
            links[key] = Link(link_type, a, b, report.id, row_text, row_start, row_end, 1.0, "import", weight)
        result.rows += 1
    result.extraction = Extraction(
        entities=list(entities.values()), mentions=list(mentions.values()), links=list(links.values())
    )
    return result


def read_link_table(path: str | Path, spec: LinkTableSpec) -> LinkImport:
    """Read a CSV link list into one report and its extraction.

    Parameters
    ----------
    path : str or Path
        The CSV file (comma, semicolon, tab or pipe separated, with a header row).
    spec : LinkTableSpec
        Which columns hold the ends, weight and type; the entity kind; direction.

    Returns
    -------
    LinkImport
        ``report`` (text = the file, ``kind="link-import"``, title = file name) and an
        ``extraction`` with one entity per distinct name, one mention per entity (the first
        cell naming it), and one link per (type, source, target) with ``method="import"``,
        ``confidence=1.0``, ``sentence`` = the first row behind it and ``weight`` = the sum
        of its rows' weights. Undirected links are stored with their ends in id order, so
        ``A,B`` and ``B,A`` are one link. Skipped rows are listed with line numbers.

    Raises
    ------
    LinkTableError
        When the file cannot be read or a named column, the kind or the type is unknown.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LinkTableError(f"{path}: cannot read the file ({error.strerror})") from error
    try:
        text = decode_text(data)
    except UndecodableText as error:
        raise LinkTableError(f"{path}: {error}") from None
    return read_link_text(text.replace("\r\n", "\n"), spec, path.name)
