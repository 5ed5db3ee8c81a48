"""The Threadline data model: reports, entities, mentions, typed links with evidence, calls.

One schema for both stores (see DESIGN.md). Every class here is plain data that crosses
module lines; nothing here touches a database, spaCy or Streamlit.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any, ClassVar, Literal

# --- vocabularies --------------------------------------------------------------------

EntityKind = Literal["PERSON", "LOCATION", "PHONE", "ORG", "EMAIL", "VEHICLE", "HANDLE"]
ENTITY_KINDS: tuple[str, ...] = ("PERSON", "LOCATION", "PHONE", "ORG", "EMAIL", "VEHICLE", "HANDLE", "EVENT")

#: Neo4j node label for each entity kind.
NODE_LABELS: dict[str, str] = {
    "PERSON": "Person",
    "LOCATION": "Location",
    "PHONE": "Phone",
    "ORG": "Organization",
    "EMAIL": "Email",
    "VEHICLE": "Vehicle",
    "HANDLE": "Handle",
    "EVENT": "Event",  # a meeting, party, trip or payment people took part in (two-mode data)
}

ROLES: tuple[str, ...] = ("suspect", "victim", "witness", "officer", "unknown")

#: The acts of the legal definition of trafficking (recruitment, transportation, transfer,
#: harbouring, receipt of persons).
TRAFFICKING_ACTS: tuple[str, ...] = ("RECRUITED", "TRANSPORTED", "TRANSFERRED", "HARBOURED", "RECEIVED")

#: Every typed link between entities. CO_MENTIONED is the low-confidence "named in the same
#: sentence" link: never dressed up as a typed one.
LINK_TYPES: tuple[str, ...] = TRAFFICKING_ACTS + (
    "EXPLOITED",
    "USES_PHONE",
    "LOCATED_AT",
    "ASSOCIATE_OF",
    "CONTROLS",
    "PAID",
    "CO_MENTIONED",
    "ATTENDED",  # person -> event, from two-mode (person-event) lists
)

LINK_METHODS: tuple[str, ...] = ("rule", "co-occurrence", "analyst", "calls", "import")

SOURCE_GRADES: tuple[str, ...] = ("A", "B", "C", "D", "E", "F")
INFORMATION_GRADES: tuple[str, ...] = ("1", "2", "3", "4", "5", "6")


# --- grading -------------------------------------------------------------------------


@dataclass(frozen=True)
class Grading:
    """Admiralty grading of a report: source reliability A–F and information credibility 1–6.

    ``A1`` is the best grade; ``F6`` means "cannot be judged". Missing grades compare as
    the worst (F, 6) so an ungraded report never passes a minimum-grading filter it
    should not.
    """

    source: str | None = None
    information: str | None = None

    @classmethod
    def parse(cls, text: str | None) -> Grading:
        """Read ``"B2"``, ``"b 2"``, ``"B"`` or ``"2"``; anything else gives an ungraded Grading."""
        if not text:
            return cls()
        text = text.strip().upper().replace(" ", "")
        source = text[0] if text[:1] in SOURCE_GRADES else None
        rest = text[1:] if source else text
        information = rest[0] if rest[:1] in INFORMATION_GRADES else None
        return cls(source, information)

    def meets(self, minimum: Grading) -> bool:
        """True when this grading is at least as good as ``minimum`` on both axes it sets."""
        if minimum.source and SOURCE_GRADES.index(self.source or "F") > SOURCE_GRADES.index(minimum.source):
            return False
        if minimum.information and INFORMATION_GRADES.index(self.information or "6") > INFORMATION_GRADES.index(
            minimum.information
        ):
            return False
        return True

    def __str__(self) -> str:
        return f"{self.source or '-'}{self.information or '-'}"


# --- reports -------------------------------------------------------------------------


def report_id_for(text: str) -> str:
    """The content-hash id of a report: the same text always gets the same id."""
    return "R_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@dataclass
class Report:
    """One ingested document. ``id`` is the hash of its text, so re-ingesting is a no-op."""

    id: str
    text: str
    title: str = ""
    kind: str = "report"  # intel report, interview, surveillance log, tip-line, advert, ...
    source: str = ""  # file name or origin
    case: str = "default"
    reported_at: str | None = None  # ISO date from the report header, when known
    ingested_at: str | None = None  # ISO timestamp set by the store
    source_grading: str | None = None  # A–F
    information_grading: str | None = None  # 1–6
    handling_code: str | None = None
    author: str | None = None  # reporting officer
    reference: str | None = None  # report number as written
    review_by: str | None = None  # ISO date the report must be reviewed by
    ocr: str | None = None  # how OCR read each page ("page 1 71% (3 words marked [?]); ..."), None if not OCRed

    @classmethod
    def from_text(cls, text: str, **metadata: Any) -> Report:
        return cls(id=report_id_for(text), text=text, **metadata)

    @property
    def grading(self) -> Grading:
        return Grading(self.source_grading, self.information_grading)


# --- entities ------------------------------------------------------------------------


@dataclass
class Entity:
    """A real-world thing named in reports. Subclasses add the fields of one kind.

    ``id`` is stable: a phone's is its E.164 number (``PH_+18765550143``), other kinds get
    ids from the resolver. ``aliases`` are other surface forms seen for it.
    """

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)

    kind: ClassVar[str] = ""

    @property
    def label(self) -> str:
        return NODE_LABELS[self.kind]

    def properties(self) -> dict[str, Any]:
        """The kind-specific fields (everything but id, name and aliases)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("id", "name", "aliases")}

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **asdict(self)}


@dataclass
class Person(Entity):
    kind: ClassVar[str] = "PERSON"
    role: str = "unknown"


@dataclass
class Location(Entity):
    kind: ClassVar[str] = "LOCATION"
    place_kind: str = "place"  # country, parish, town, venue, address, place
    parish: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class Phone(Entity):
    kind: ClassVar[str] = "PHONE"
    region: str | None = None
    number_type: str | None = None
    carrier: str | None = None


@dataclass
class Organization(Entity):
    kind: ClassVar[str] = "ORG"


@dataclass
class Email(Entity):
    kind: ClassVar[str] = "EMAIL"


@dataclass
class Vehicle(Entity):
    kind: ClassVar[str] = "VEHICLE"


@dataclass
class Handle(Entity):
    kind: ClassVar[str] = "HANDLE"
    platform: str | None = None


@dataclass
class Event(Entity):
    kind: ClassVar[str] = "EVENT"
    date: str | None = None  # ISO date, when known


ENTITY_CLASSES: dict[str, type[Entity]] = {
    cls.kind: cls for cls in (Person, Location, Phone, Organization, Email, Vehicle, Handle, Event)
}


def make_entity(kind: str, id: str, name: str, aliases: list[str] | None = None, **properties: Any) -> Entity:
    """Build the entity dataclass for ``kind``, ignoring properties that kind does not have."""
    cls = ENTITY_CLASSES[kind]
    known = {f.name for f in fields(cls)}
    return cls(id=id, name=name, aliases=list(aliases or []), **{k: v for k, v in properties.items() if k in known})


# --- mentions, links, indicators -------------------------------------------------------


@dataclass
class Mention:
    """One place in a report's text that names an entity: ``report.text[start:end] == text``."""

    report_id: str
    entity_id: str
    start: int
    end: int
    text: str
    label: str  # the entity kind as extracted
    sentence: str = ""
    event_date: str | None = None  # ISO date its sentence states (extract/dates.py), when it states one


@dataclass
class Evidence:
    """Where a link comes from: the report and the sentence (with offsets) behind it."""

    report_id: str
    sentence: str
    start: int  # offsets of the sentence in the report text
    end: int
    confidence: float
    method: str
    report_title: str = ""
    source_grading: str | None = None
    information_grading: str | None = None
    reported_at: str | None = None
    event_date: str | None = None  # ISO date the sentence states, when it states one

    @property
    def grading(self) -> Grading:
        return Grading(self.source_grading, self.information_grading)

    @classmethod
    def of(cls, link: Link, report: Report | None) -> Evidence:
        """The evidence of one link, with the title, grading and date of the report behind it."""
        return cls(
            report_id=link.report_id,
            sentence=link.sentence,
            start=link.start,
            end=link.end,
            confidence=link.confidence,
            method=link.method,
            report_title=report.title if report else "",
            source_grading=report.source_grading if report else None,
            information_grading=report.information_grading if report else None,
            reported_at=report.reported_at if report else None,
            event_date=link.event_date,
        )


@dataclass
class Link:
    """A typed link ``source -[type]-> target`` supported by one report's sentence.

    The store keeps one link per (type, source, target, report); the same pair found in
    several reports is several links, so no evidence is ever lost.
    """

    type: str
    source: str
    target: str
    report_id: str
    sentence: str = ""
    start: int = 0
    end: int = 0
    confidence: float = 0.5
    method: str = "rule"
    weight: float = 1.0  # how many times an imported link list repeats this link (or its weight column)
    event_date: str | None = None  # ISO date the evidence sentence states (extract/dates.py), when it states one

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.type, self.source, self.target, self.report_id)


def strongest_links(links: list[Link]) -> list[Link]:
    """One link per (type, source, target) of a report: its most confident piece of evidence.

    The stores keep one link per (type, source, target, report), so this is what they write.
    """
    best: dict[tuple[str, str, str], Link] = {}
    for link in links:
        key = (link.type, link.source, link.target)
        if key not in best or link.confidence > best[key].confidence:
            best[key] = link
    return list(best.values())


@dataclass
class Indicator:
    """A trafficking indicator found in a sentence: an assessment, not a fact.

    ``category`` is act, means, purpose or minor; ``name`` says which (e.g. "debt bondage").
    """

    report_id: str
    category: str
    name: str
    sentence: str
    start: int
    end: int
    confidence: float = 0.5


@dataclass
class Extraction:
    """What one report yields once resolved: the entities it names, where, and how they link."""

    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)


# --- calls ---------------------------------------------------------------------------


@dataclass
class Call:
    """One row of a call-detail record, numbers in E.164."""

    caller: str
    callee: str
    start: str  # ISO-8601 timestamp
    duration_s: int
    source: str = ""  # file the row came from

    @property
    def id(self) -> str:
        return hashlib.sha256(f"{self.caller}|{self.callee}|{self.start}|{self.duration_s}".encode()).hexdigest()[:24]


@dataclass
class CallSummary:
    """All calls from one phone to another: ``(Phone)-[:CALLED {count, total_s, first, last}]->(Phone)``."""

    caller: str  # phone entity id (PH_+1876...)
    callee: str
    count: int
    total_s: int
    first: str
    last: str


# --- query results -------------------------------------------------------------------


@dataclass
class LinkFilter:
    """Which part of the case a query looks at. ``None`` means "no restriction"."""

    kinds: list[str] | None = None  # entity kinds to keep
    link_types: list[str] | None = None
    since: str | None = None  # ISO date: evidence reported on or after
    until: str | None = None
    min_confidence: float = 0.0
    min_grading: str | None = None  # e.g. "B2"
    case: str | None = None
    include_calls: bool = True

    def admits_link(self, link: Link, report: Report | None) -> bool:
        """Whether one link, with the report behind it, passes this filter."""
        if self.link_types is not None and link.type not in self.link_types:
            return False
        if link.confidence < self.min_confidence:
            return False
        if report is None:
            return self.case is None and self.min_grading is None and self.since is None and self.until is None
        if self.case is not None and report.case != self.case:
            return False
        if self.min_grading and not report.grading.meets(Grading.parse(self.min_grading)):
            return False
        when = report.reported_at or ""
        if self.since and (not when or when[:10] < self.since[:10]):
            return False
        if self.until and (not when or when[:10] > self.until[:10]):
            return False
        return True


@dataclass
class Subgraph:
    """A piece of the case: entities, the links among them (each with evidence) and calls."""

    entities: list[Entity] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    calls: list[CallSummary] = field(default_factory=list)

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)


@dataclass
class SearchHit:
    entity: Entity
    score: float  # 1.0 exact, lower for prefix and fuzzy matches
    matched: str  # the name or alias that matched


@dataclass
class MergeRecord:
    """An analyst's (or the resolver's) decision that two entities are one."""

    id: str
    kept: str
    absorbed: str
    by: str
    reason: str
    at: str
    undone: bool = False


@dataclass
class Rejection:
    """An analyst's decision that two entities are NOT the same: the resolver never merges them."""

    a: str
    b: str
    by: str
    reason: str
    at: str


@dataclass
class SplitRecord:
    """An analyst's decision that the mentions written ``names`` (in ``report_ids``, or everywhere
    when empty) are not ``entity_id`` but another entity, ``new_id``."""

    id: str
    entity_id: str
    new_id: str
    names: list[str]
    report_ids: list[str]
    by: str
    reason: str
    at: str
    undone: bool = False


@dataclass
class IngestResult:
    report_id: str
    created: bool  # False when the report was already stored (idempotent no-op)
    entities: int = 0
    mentions: int = 0
    links: int = 0


@dataclass(frozen=True)
class IngestNotice:
    """What ``Neo4jStore.ingest_many`` tells the user while Neo4j is away: a wait, or a recovery.

    ``kind`` is "waiting" (the batch will be tried again in ``wait_s`` seconds) or "recovered"
    (the batch is stored; ``already_stored`` of its reports were found stored before it was written,
    e.g. by a commit whose answer was lost, and were not written again). ``outcome_unknown``: the
    connection dropped while a commit was under way. ``message`` is the line to show.
    """

    kind: str
    reports: int
    tries: int
    message: str
    wait_s: float = 0.0
    reason: str = ""
    already_stored: int = 0
    outcome_unknown: bool = False

    @classmethod
    def waiting(cls, reports: int, tries: int, wait_s: float, reason: str, outcome_unknown: bool) -> IngestNotice:
        doubt = " while it was committing (checking what was stored before writing again)" if outcome_unknown else ""
        return cls(
            "waiting",
            reports,
            tries,
            f"Neo4j is not answering{doubt}: {reason}. Trying the batch of {reports} reports again in "
            f"{wait_s:.0f} s (try {tries + 1}).",
            wait_s=wait_s,
            reason=reason,
            outcome_unknown=outcome_unknown,
        )

    @classmethod
    def recovered(cls, reports: int, tries: int, already_stored: int, outcome_unknown: bool) -> IngestNotice:
        return cls(
            "recovered",
            reports,
            tries,
            f"Neo4j is back: the batch of {reports} reports is stored after {tries} failed "
            f"{'try' if tries == 1 else 'tries'}; {already_stored} of them were already stored and were not "
            "written again.",
            already_stored=already_stored,
            outcome_unknown=outcome_unknown,
        )


@dataclass
class PurgeResult:
    report_id: str
    found: bool
    entities_removed: list[str] = field(default_factory=list)
    links_removed: int = 0
    mentions_removed: int = 0


@dataclass
class StoreStats:
    reports: int = 0
    entities: dict[str, int] = field(default_factory=dict)  # per kind
    links: dict[str, int] = field(default_factory=dict)  # per type
    mentions: int = 0
    calls: int = 0
    cases: list[str] = field(default_factory=list)

    @property
    def entity_total(self) -> int:
        return sum(self.entities.values())

    @property
    def link_total(self) -> int:
        return sum(self.links.values())


def today_iso() -> str:
    return date.today().isoformat()


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
