"""Threadline's spaCy pipeline components, registered by name (``threadline_*``).

Each component is a small class with ``__call__(doc) -> doc`` that calls the rules of one
module and leaves its results on a ``Doc`` extension:

* ``threadline_phones`` (in :mod:`extract.phones`): ``doc._.phones``
* ``threadline_gazetteer``: places, addresses and venues -> ``doc._.candidates``
* ``threadline_names``: people, organisations (title and office-holder fixes), vehicles, e-mails
* ``threadline_mentions``: settles overlaps, in-report coreference -> ``doc._.mentions``, ``doc._.clusters``
* ``threadline_relations``: typed links -> ``doc._.relations``
* ``threadline_indicators``: trafficking indicators per sentence -> ``doc._.indicators``
* ``threadline_export`` (optional, last): all of it as plain dicts on ``doc._.extraction``
"""

from __future__ import annotations

from dataclasses import fields

from spacy.language import Language
from spacy.tokens import Doc

from extract import phones  # noqa: F401 - registers threadline_phones
from extract.doctext import forget, text_of
from extract.indicators import find_indicators
from extract.layouts import component as _layouts  # noqa: F401 - registers threadline_layouts
from extract.layouts.links import table_links
from extract.mentions import cluster_mentions
from extract.recognise import (
    Found,
    drop_code_names,
    find_addresses_and_venues,
    find_capitalised_names,
    find_emails,
    find_gazetteer_places,
    find_given_name_people,
    find_handles,
    find_header_people,
    find_initialled_people,
    find_listed_people,
    find_lone_given_names,
    find_organisations,
    find_places_in_context,
    find_quoted_aliases,
    find_titled_people,
    find_vehicles,
    from_model,
)
from extract.relations import find_relations

for _name, _default in (
    ("candidates", None),
    ("mentions", None),
    ("clusters", None),
    ("relations", None),
    ("indicators", None),
    ("known_names", None),
    ("extraction", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def _candidates(doc: Doc) -> list[Found]:
    if doc._.candidates is None:
        doc._.candidates = []
    return doc._.candidates


class PlaceFinder:
    """Gazetteer places (parishes, towns, nicknames like MoBay), street addresses and venues."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        found = _candidates(doc)
        text = text_of(doc)
        found.extend(find_gazetteer_places(text))
        found.extend(find_addresses_and_venues(text))
        found.extend(find_places_in_context(text))
        return doc


class NameFinder:
    """People and organisations from the model plus the rules that fix it; vehicles, e-mails, handles."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        found = _candidates(doc)
        found.extend(from_model(doc))
        found.extend(find_titled_people(text))
        found.extend(find_quoted_aliases(text))
        found.extend(find_listed_people(text))
        found.extend(find_initialled_people(text))
        found.extend(find_capitalised_names(text))
        found.extend(find_header_people(text))
        found.extend(find_given_name_people(text))
        found.extend(find_lone_given_names(text))
        found.extend(find_organisations(text))
        found.extend(find_vehicles(text))
        found.extend(find_emails(text))
        found.extend(find_handles(text))
        doc._.candidates = drop_code_names(text, found)
        return doc


class MentionGrouper:
    """One reading per stretch of text, names looked for again, mentions grouped per thing."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        found = list(_candidates(doc))
        for phone in doc._.phones or []:
            found.append(Found(phone.start, phone.end, "PHONE", phone.written, "phone", key=phone.entity_id))
        doc._.mentions, doc._.clusters = cluster_mentions(text_of(doc), found, doc._.known_names)
        return doc


class RelationFinder:
    """Typed links between the mentioned entities, sentence by sentence."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.relations = find_relations(doc, doc._.mentions or [])
        doc._.relations += table_links(doc, doc._.mentions or [], doc._.relations)
        return doc


class IndicatorFinder:
    """Trafficking indicators (act, means, purpose, minor) per sentence."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.indicators = find_indicators(doc)
        return doc


class ExtractionExporter:
    """Last component: turns the results on the Doc into plain dicts on ``doc._.extraction``
    (so they cross process boundaries when ``nlp.pipe`` runs with several processes).

    A mention's record carries its ``props`` and ``alias_of`` too, so a later pass can tell
    whether looking again with a batch's names changed anything (see ``extract.extractor.regroup``).
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        clusters = doc._.clusters or []
        doc._.extraction = {
            "mentions": [mention_record(m) for m in doc._.mentions or []],
            "clusters": [
                {"label": c.label, "key": c.key, "name": c.name, "aliases": c.aliases, "props": _plain(c.props)}
                for c in clusters
            ],
            "relations": [record(r) for r in doc._.relations or []],
            "indicators": [record(i) for i in doc._.indicators or []],
        }
        doc._.extraction["candidates"] = [record(f) for f in doc._.candidates or []]
        doc._.candidates = None
        doc._.mentions = None
        doc._.clusters = None
        doc._.relations = None
        doc._.indicators = None
        if doc.has_extension("layout"):
            doc._.layout = None  # a Layout is not plain data; the link rules read it before this step
        doc._.phones = [record(p) for p in doc._.phones or []]
        forget(doc)  # what the rules kept per doc is not plain data: the Doc may be serialised next
        return doc


def mention_record(mention: Found) -> dict:
    """A mention as the plain dict the export step writes."""
    return {
        "start": mention.start,
        "end": mention.end,
        "label": mention.label,
        "text": mention.text,
        "key": mention.key,
        "rule": mention.rule,
        "props": dict(mention.props),
        "alias_of": mention.alias_of,
    }


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in fields(cls))
    return names


_FIELDS: dict[type, tuple[str, ...]] = {}


def record(obj: object) -> dict:
    """A flat dataclass as a plain dict (``dataclasses.asdict`` without its deep, slow recursion:
    dict and list values are copied one level, which is all these records hold)."""
    out = {}
    for name in _field_names(type(obj)):
        value = getattr(obj, name)
        out[name] = dict(value) if type(value) is dict else list(value) if type(value) is list else value
    return out


def _plain(props: dict) -> dict:
    return {k: v for k, v in props.items() if isinstance(v, str | int | float | bool) or v is None}


@Language.factory("threadline_export")
def make_exporter(nlp: Language, name: str) -> ExtractionExporter:
    return ExtractionExporter(nlp, name)


@Language.factory("threadline_gazetteer")
def make_place_finder(nlp: Language, name: str) -> PlaceFinder:
    return PlaceFinder(nlp, name)


@Language.factory("threadline_names")
def make_name_finder(nlp: Language, name: str) -> NameFinder:
    return NameFinder(nlp, name)


@Language.factory("threadline_mentions")
def make_mention_grouper(nlp: Language, name: str) -> MentionGrouper:
    return MentionGrouper(nlp, name)


@Language.factory("threadline_relations")
def make_relation_finder(nlp: Language, name: str) -> RelationFinder:
    return RelationFinder(nlp, name)


@Language.factory("threadline_indicators")
def make_indicator_finder(nlp: Language, name: str) -> IndicatorFinder:
    return IndicatorFinder(nlp, name)
