"""FollowTheMoney in: FtM entities (JSON lines, as Aleph, OpenAleph, OpenSanctions and
``threadline export --format ftm`` write them) become reports, entities, links and calls.

Provenance is kept: every FtM ``Document`` that an interval cites as ``proof`` becomes a report
of its own whose text quotes each statement it supports (the interval's ``description``, or
one written from its ends and role), and the file itself is the report of everything without
a proof. So each imported link points at a sentence, in a report named after where it came
from, like any extracted one; purging that report removes what it alone brought.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.calls import normalise_number
from extract.link_table import entity_id_for, link_type_of
from graph.errors import ThreadlineError
from graph.model import Call, Entity, Extraction, Link, Mention, Report, make_entity

#: Our kind for each FtM schema (checked in this order, with ``is_a``, so subtypes follow).
SCHEMA_KINDS: tuple[tuple[str, str], ...] = (
    ("Person", "PERSON"),
    ("Address", "LOCATION"),
    ("Vehicle", "VEHICLE"),
    ("UserAccount", "HANDLE"),
    ("LegalEntity", "ORG"),  # Organization, Company, PublicBody...
)
#: Our link type for each FtM interval schema (UnknownLink reads its ``role``).
SCHEMA_LINKS: dict[str, str] = {
    "Associate": "ASSOCIATE_OF",
    "Family": "ASSOCIATE_OF",
    "Membership": "ASSOCIATE_OF",
    "Employment": "ASSOCIATE_OF",
    "Representation": "ASSOCIATE_OF",
    "Succession": "ASSOCIATE_OF",
    "Payment": "PAID",
    "Ownership": "CONTROLS",
    "Directorship": "CONTROLS",
    "Occupancy": "LOCATED_AT",
}
#: The property of each interval that may hold our link type word (as our export writes it).
ROLE_PROPERTIES = ("role", "relationship", "purpose")
_GRADING = re.compile(r"\bgrading ([A-F][1-6]?)\b")
_CONFIDENCE = re.compile(r"\bconfidence (0(?:\.\d+)?|1(?:\.0+)?)\b")


class FtmImportError(ThreadlineError, ValueError):
    """A file that is not FollowTheMoney entities; the message names the file and the line."""


@dataclass
class FtmImport:
    """What one FtM file brings: reports with their extractions, calls, and lines skipped."""

    items: list[tuple[Report, Extraction]] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def read_ftm_entities(path: str | Path) -> list[Any]:
    """The FtM entity proxies in a JSON-lines file (a JSON list of entities works too)."""
    from followthemoney import model

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise FtmImportError(f"{path.name}: cannot read the file ({error})") from None
    stripped = text.strip()
    if not stripped:
        raise FtmImportError(f"{path.name}: the file is empty")
    try:
        rows = json.loads(stripped) if stripped.startswith("[") else None
    except json.JSONDecodeError as error:
        raise FtmImportError(f"{path.name}: not JSON ({error})") from None
    if rows is None:
        rows = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise FtmImportError(f"{path.name} line {number}: not JSON ({error.msg})") from None
    proxies = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or "schema" not in row or model.get(row.get("schema", "")) is None:
            raise FtmImportError(f"{path.name} entity {number}: not a FollowTheMoney entity (no known 'schema')")
        proxies.append(model.get_proxy(row))
    return proxies


def import_ftm(path: str | Path, case: str = "default", region: str = "JM") -> FtmImport:
    """Read an FtM file into reports (one per proof document, one for the file) and their extractions."""
    path = Path(path)
    proxies = read_ftm_entities(path)
    by_id = {p.id: p for p in proxies if p.id}
    result = FtmImport()
    entities: dict[str, Entity] = {}  # FtM id -> ours
    for proxy in proxies:
        kind = _kind(proxy)
        if kind is None:
            continue
        name = _name(proxy, kind)
        if not name:
            result.skipped.append(f"{proxy.schema.name} {proxy.id}: no name")
            continue
        try:
            entity_id, display = entity_id_for(kind, name, region)
        except ValueError as error:
            result.skipped.append(f"{proxy.schema.name} {proxy.id}: {error}")
            continue
        role = next(
            (k.removeprefix("role: ") for k in proxy.get("keywords", quiet=True) if k.startswith("role: ")), None
        )
        properties: dict[str, Any] = {"role": role} if role else {}
        if kind == "LOCATION":
            properties.update(country=(proxy.first("country") or None), lat=_number(proxy.first("latitude")))
            properties["lon"] = _number(proxy.first("longitude"))
        if kind == "HANDLE":
            properties["platform"] = proxy.first("service")
        aliases = [a for a in [*proxy.get("name", quiet=True), *proxy.get("alias", quiet=True)] if a != display]
        entities[proxy.id] = make_entity(kind, entity_id, display, list(dict.fromkeys(aliases)), **properties)

    statements: dict[str, list[tuple[str, Link]]] = {}  # proof id ("" = the file) -> sentences
    for proxy in proxies:
        if proxy.schema.name == "Call":
            call = _call(proxy, path.name, region)
            if call is not None:
                result.calls.append(call)
            continue
        if not proxy.schema.edge:
            continue
        link_type = _link_type(proxy)
        ends = [entities.get(v) for v in (proxy.first(proxy.schema.edge_source), proxy.first(proxy.schema.edge_target))]
        if link_type is None or None in ends:
            result.skipped.append(f"{proxy.schema.name} {proxy.id}: its ends or type are not ones Threadline holds")
            continue
        source, target = ends
        sentence = proxy.first("description") or f"{source.name} {link_type.replace('_', ' ').lower()} {target.name}."
        summary = " ".join(proxy.get("summary"))
        confidence = float(m[1]) if (m := _CONFIDENCE.search(summary)) else 1.0
        proof = proxy.first("proof") or ""
        if proof not in by_id:
            proof = ""
        link = Link(link_type, source.id, target.id, "", sentence, confidence=confidence, method="import")
        statements.setdefault(proof, []).append((sentence, link))
    for proxy in proxies:  # values FtM keeps on an entity: phones, e-mail addresses
        holder = entities.get(proxy.id)
        if holder is None:
            continue
        for prop, kind, link_type in (("phone", "PHONE", "USES_PHONE"), ("email", "EMAIL", "ASSOCIATE_OF")):
            for value in proxy.get(prop, quiet=True):
                try:
                    value_id, display = entity_id_for(kind, value, region)
                except ValueError:
                    continue
                entities.setdefault(f"{prop}:{value_id}", make_entity(kind, value_id, display))
                sentence = f"{holder.name} {'uses phone' if kind == 'PHONE' else 'uses e-mail'} {display}."
                statements.setdefault("", []).append(
                    (sentence, Link(link_type, holder.id, value_id, "", sentence, confidence=1.0, method="import"))
                )
    named = {e.id: e for e in entities.values()}
    linked = {end for said in statements.values() for _, link in said for end in (link.source, link.target)}
    rest = [e for e in named.values() if e.id not in linked]  # named by no statement: the file's report lists them
    groups = sorted(statements.items())
    if rest and "" not in statements:
        groups.append(("", []))
    for proof, said in groups:
        document = by_id.get(proof) if proof else None
        result.items.append(_report(path, case, document, said, named, rest if not proof else []))
    return result


def _report(
    path: Path,
    case: str,
    document: Any | None,
    said: list[tuple[str, Link]],
    named: dict[str, Entity],
    also: list[Entity],
) -> tuple[Report, Extraction]:
    """One report quoting each statement on a line of its own, and a roster naming each entity."""
    title = (document.first("title") or document.caption) if document is not None else path.name
    lines = [f"FollowTheMoney import: {path.name}", f"Document: {title}"]
    grading = None
    if document is not None:
        for label, prop in (("File", "fileName"), ("Date", "date"), ("Author", "author"), ("Summary", "summary")):
            if document.first(prop):
                lines.append(f"{label}: {document.first(prop)}")
        if m := _GRADING.search(" ".join(document.get("summary"))):
            grading = m[1]
    text = "\n".join(lines) + "\n\nStatements:\n"
    links: list[Link] = []
    placed: dict[str, int] = {}
    for sentence, link in said:  # quoted as written, one paragraph each
        if sentence not in placed:
            placed[sentence] = len(text)
            text += sentence + "\n\n"
        start = placed[sentence]
        links.append(Link(link.type, link.source, link.target, "", sentence, start, start + len(sentence),
                          link.confidence, link.method))  # fmt: skip
    in_report = {e for link in links for e in (link.source, link.target)} | {e.id for e in also}
    text += "\nNamed:\n"
    mentions: list[Mention] = []
    for entity_id in sorted(in_report):
        entity = named[entity_id]
        start = len(text)
        text += entity.name + "\n"
        mentions.append(Mention("", entity.id, start, start + len(entity.name), entity.name, entity.kind))
    report = Report.from_text(
        text,
        title=title,
        kind="ftm-import",
        source=path.name + (f" › {document.first('fileName') or title}" if document is not None else ""),
        case=case,
        reported_at=(document.first("date") or None) if document is not None else None,
        source_grading=grading[0] if grading else None,
        information_grading=grading[1:] or None if grading else None,
        author=(document.first("author") or None) if document is not None else None,
    )
    for item in (*links, *mentions):
        item.report_id = report.id
    for mention in mentions:
        mention.sentence = mention.text
    entities = [named[e] for e in sorted(in_report)]
    return report, Extraction(entities=entities, mentions=mentions, links=links)


def _kind(proxy: Any) -> str | None:
    if proxy.schema.edge or proxy.schema.name in ("Document", "Call") or proxy.schema.is_a("Document"):
        return None
    for schema, kind in SCHEMA_KINDS:
        if proxy.schema.is_a(schema):
            return kind
    return None


def _name(proxy: Any, kind: str) -> str:
    if kind == "LOCATION":
        return proxy.first("name") or proxy.first("full") or ""
    if kind == "VEHICLE":
        return proxy.first("registrationNumber") or proxy.first("name") or ""
    if kind == "HANDLE":
        return proxy.first("username") or proxy.first("name") or ""
    return proxy.first("name") or ""


def _link_type(proxy: Any) -> str | None:
    for prop in ROLE_PROPERTIES:
        if prop in proxy.schema.properties:
            for value in proxy.get(prop):
                try:
                    return link_type_of(value)
                except ValueError:
                    continue
    if proxy.schema.name in SCHEMA_LINKS:
        return SCHEMA_LINKS[proxy.schema.name]
    if proxy.schema.name == "UnknownLink":
        return "ASSOCIATE_OF"
    return None


def _call(proxy: Any, source: str, region: str) -> Call | None:
    caller, callee = proxy.first("callerNumber"), proxy.first("receiverNumber")
    if not caller or not callee:
        return None
    try:
        caller, callee = normalise_number(caller, region), normalise_number(callee, region)
    except ValueError:
        return None
    start = proxy.first("startDate") or proxy.first("date") or ""
    duration = _number(proxy.first("duration")) or 0
    return Call(caller, callee, start, int(duration), source=source)


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None
