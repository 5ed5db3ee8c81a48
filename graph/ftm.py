"""FollowTheMoney (FtM) export: a view of the case as FtM entities, the data model of OCCRP Aleph,
OpenAleph and OpenSanctions, written as JSON lines (one entity per line) and validated by the
``followthemoney`` library itself.

People become ``Person``, organisations ``Organization``, places ``Address``, vehicles
``Vehicle``, social-media handles ``UserAccount``; phone numbers and e-mail addresses, which
FtM holds as values rather than things, become ``phone`` and ``email`` properties of whoever
uses them. Every link becomes an FtM interval (``Associate``, ``Payment``, ``UnknownLink``
whose ``role`` is our link type) with its sentence as ``description`` and the report behind
it as a ``Document`` in ``proof``; calls become ``Call``. Pure: the view comes already read
through the user's guard (hidden victims as pseudonyms).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from graph.errors import ThreadlineError
from graph.model import Entity, Link, Report, Subgraph
from graph.pages import page_at

#: FtM schema of each entity kind that FtM holds as a thing of its own.
KIND_SCHEMATA: dict[str, str] = {
    "PERSON": "Person",
    "ORG": "Organization",
    "LOCATION": "Address",
    "VEHICLE": "Vehicle",
    "HANDLE": "UserAccount",
}
#: Kinds FtM holds as a property of whoever uses them.
KIND_PROPERTIES: dict[str, str] = {"PHONE": "phone", "EMAIL": "email"}
#: Namespace of the ids this export makes (FtM ids are hashes of it and our id).
ID_NAMESPACE = "threadline"
#: Prefix of the role keyword a Person carries (``role: victim``).
ROLE_KEYWORD = "role: "


class FtmError(ThreadlineError, ValueError):
    """An entity the followthemoney library rejects; the message names it and the problem."""


@dataclass
class FtmExport:
    """The entities of one export and what could not be carried over."""

    entities: list[dict[str, Any]]
    notes: list[str]

    def to_json_lines(self) -> str:
        return "".join(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n" for entity in self.entities)


def ftm_id(*parts: str) -> str:
    """The FtM id of one of our things (a hash: no name shows through)."""
    from followthemoney import model

    proxy = model.make_entity("Thing")
    return proxy.make_id(ID_NAMESPACE, *parts) or ""


def to_ftm(
    view: Subgraph,
    reports: dict[str, Report] | None = None,
    digests: dict[str, str] | None = None,
    page_breaks: dict[str, list[int]] | None = None,
) -> FtmExport:
    """The view as FtM entities (dicts with ``id``, ``schema``, ``properties``), each validated.

    ``digests`` are the SHA-256 of each report's text as stored, written into its Document;
    ``page_breaks`` (where each report's pages break) put the page of a many-page report's
    sentence into its link's summary. Raises FtmError when the library rejects an entity (a bug
    here, not bad input).
    """
    from followthemoney import model

    reports = reports or {}
    digests = digests or {}
    notes: list[str] = []
    proxies: dict[str, Any] = {}
    kinds = {e.id: e.kind for e in view.entities}
    for entity in view.entities:
        schema = KIND_SCHEMATA.get(entity.kind)
        if schema is not None:
            proxies[entity.id] = _thing(model, schema, entity)
    documents: dict[str, Any] = {}

    def document(report_id: str) -> Any:
        if report_id not in documents:
            documents[report_id] = _document(model, report_id, reports.get(report_id), digests.get(report_id))
        return documents[report_id]

    intervals: list[Any] = []
    for link in view.links:
        value_kind = KIND_PROPERTIES.get(kinds.get(link.target, "")) or KIND_PROPERTIES.get(kinds.get(link.source, ""))
        if value_kind is not None:
            _attach_value(view, link, proxies, kinds, notes)
            continue
        if link.source not in proxies or link.target not in proxies:
            notes.append(f"{link.type} link {link.source} -> {link.target}: an end is not in the selection")
            continue
        breaks = (page_breaks or {}).get(link.report_id)
        page = page_at(breaks, link.start) if breaks else None
        intervals.append(_interval(model, link, proxies, document(link.report_id), reports.get(link.report_id), page))
    users = _phone_users(view, kinds)
    for call in view.calls:
        proxy = model.make_entity("Call")
        proxy.id = ftm_id("call", call.caller, call.callee)
        proxy.add("callerNumber", call.caller.removeprefix("PH_"))
        proxy.add("receiverNumber", call.callee.removeprefix("PH_"))
        for prop, phone in (("caller", call.caller), ("receiver", call.callee)):
            user = users.get(phone)
            if user is not None and user in proxies:
                proxy.add(prop, proxies[user].id)
        proxy.add("startDate", call.first[:10] if call.first else None)
        proxy.add("endDate", call.last[:10] if call.last else None)
        proxy.add("duration", str(call.total_s))
        proxy.add("summary", f"{call.count} calls, {call.total_s} s in all, {call.first} to {call.last}")
        intervals.append(proxy)
    entities = [p.to_dict() for p in [*proxies.values(), *documents.values(), *intervals]]
    for entity in entities:
        problem = model.get(entity["schema"]).validate(entity)
        if problem:
            raise FtmError(f"{entity['schema']} {entity['id']}: {problem}")
    return FtmExport(entities, notes)


def _thing(model, schema: str, entity: Entity) -> Any:
    proxy = model.make_entity(schema)
    proxy.id = ftm_id(entity.id)
    proxy.add("name", entity.name)
    proxy.add("alias", [a for a in entity.aliases if a != entity.name])
    props = entity.properties()
    if entity.kind == "PERSON" and props.get("role") and props["role"] != "unknown":
        proxy.add("keywords", ROLE_KEYWORD + props["role"])
    if entity.kind == "LOCATION":
        proxy.add("full", entity.name)
        proxy.add("country", props.get("country"))
        if props.get("lat") is not None and props.get("lon") is not None:
            proxy.add("latitude", str(props["lat"]))
            proxy.add("longitude", str(props["lon"]))
    if entity.kind == "VEHICLE":
        proxy.add("registrationNumber", entity.name)
    if entity.kind == "HANDLE":
        proxy.add("username", entity.name)
        proxy.add("service", props.get("platform"))
    return proxy


def _document(model, report_id: str, report: Report | None, digest: str | None) -> Any:
    proxy = model.make_entity("Document")
    proxy.id = ftm_id("report", report_id)
    proxy.add("title", (report.title if report else "") or report_id)
    if report is not None:
        proxy.add("fileName", report.source or None)
        proxy.add("date", report.reported_at)
        proxy.add("author", report.author)
    parts = [f"Threadline report {report_id}"]
    if report is not None and report.reference:
        parts.append(f"reference {report.reference}")
    if report is not None and (report.source_grading or report.information_grading):
        parts.append(f"grading {report.grading}")
    if digest:
        parts.append(f"SHA-256 of text {digest}")
    proxy.add("summary", "; ".join(parts))
    return proxy


def _interval(
    model, link: Link, proxies: dict[str, Any], proof: Any, report: Report | None, page: int | None = None
) -> Any:
    source, target = proxies[link.source], proxies[link.target]
    if link.type == "ASSOCIATE_OF" and source.schema.name == target.schema.name == "Person":
        proxy = model.make_entity("Associate")
        proxy.add("person", source.id)
        proxy.add("associate", target.id)
        proxy.add("relationship", link.type)
    elif link.type == "PAID" and source.schema.is_a("LegalEntity") and target.schema.is_a("LegalEntity"):
        proxy = model.make_entity("Payment")
        proxy.add("payer", source.id)
        proxy.add("beneficiary", target.id)
        proxy.add("purpose", link.type)
    else:
        proxy = model.make_entity("UnknownLink")
        proxy.add("subject", source.id)
        proxy.add("object", target.id)
        proxy.add("role", link.type)
    proxy.id = ftm_id("link", *link.key)
    proxy.add("description", link.sentence)
    proxy.add("proof", proof.id)
    proxy.add("recordId", link.report_id)
    proxy.add("date", report.reported_at if report else None)
    where = f"; page {page}" if page else ""
    proxy.add("summary", f"method {link.method}; confidence {link.confidence:.2f}{where}")
    return proxy


def _attach_value(view: Subgraph, link: Link, proxies: dict[str, Any], kinds: dict[str, str], notes: list[str]) -> None:
    """A phone someone uses, or an e-mail linked to someone, becomes their ``phone``/``email`` value
    (a mere co-mention does not: FtM would read it as theirs)."""
    if link.type == "CO_MENTIONED" or (
        "PHONE" in (kinds.get(link.source), kinds.get(link.target)) and link.type != "USES_PHONE"
    ):
        notes.append(f"{link.type} link {link.source} -> {link.target}: FtM holds phones and e-mails as values only")
        return
    for holder, value in ((link.source, link.target), (link.target, link.source)):
        prop = KIND_PROPERTIES.get(kinds.get(value, ""))
        proxy = proxies.get(holder)
        if prop is None or proxy is None:
            continue
        if prop not in proxy.schema.properties:
            notes.append(f"{proxy.schema.name} cannot hold a {prop}: {link.type} link left out")
            continue
        entity = view.entity(value)
        proxy.add(prop, entity.name if entity is not None else value.removeprefix("PH_"))
        return


def _phone_users(view: Subgraph, kinds: dict[str, str]) -> dict[str, str]:
    """Phone id -> the entity the case says uses it (USES_PHONE), for calls' caller/receiver."""
    users: dict[str, str] = {}
    for link in view.links:
        if link.type == "USES_PHONE" and kinds.get(link.target) == "PHONE":
            users.setdefault(link.target, link.source)
    return users
