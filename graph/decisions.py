"""The analyst's hand on the graph: link and entity decisions, notes, saved views, watches, alerts.

Plain data shared by both stores and the use cases above them, and the pure rules that say what a
decision does to a link. A *link decision* names a link by (type, source, target) and, optionally,
one report (without one it covers that link in every report, later ones included):

``confirm``  the link stays, shown as analyst-confirmed.
``reject``   the link's rows are *held* (kept with the decision, out of every read and analysis).
``correct``  the link's rows are held and a corrected copy (new type, direction or end; same
             report and sentence, method ``analyst``) takes their place.
``add``      an analyst's link (method ``analyst``) citing a report and sentence, or a free note.

An *entity decision* is ``false`` (the entity and its links leave analysis: its links are held),
``kind`` (its kind corrected) or ``add`` (an entity created by hand). Every decision is reversible
(``undone``), attributed (``by``) and dated (``at``); the stores re-apply live decisions to every
report they ingest, so re-ingesting never resurrects a rejected link or a false entity.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from graph.model import Extraction, Grading, Link, Report, make_entity, now_iso

LINK_ACTIONS = ("confirm", "reject", "correct", "add")
ENTITY_ACTIONS = ("false", "kind", "add")

#: What an analyst may watch, by entity kind (a plate is a VEHICLE).
WATCHABLE_KINDS = ("PERSON", "PHONE", "VEHICLE", "EMAIL", "HANDLE")

#: Report id prefix of the small report a free note becomes when an analyst's link cites only that note.
NOTE_REPORT_PREFIX = "R_note_"

#: The method an analyst's (added or corrected) link is stored with.
ANALYST_METHOD = "analyst"


@dataclass
class LinkDecision:
    """One analyst decision about a link (see the module docstring for what each action does)."""

    id: str
    action: str  # confirm, reject, correct, add
    type: str
    source: str
    target: str
    report_id: str | None = None  # None: the link in every report
    by: str = ""
    at: str = ""
    reason: str = ""
    case: str = ""
    new_type: str | None = None  # correct: what the link is instead
    new_source: str | None = None
    new_target: str | None = None
    sentence: str = ""  # add: the sentence cited
    note: str = ""  # add: a free note instead of (or beside) a sentence
    grading: str = ""  # add: the analyst's grading of the link (e.g. "B2")
    undone: bool = False
    undone_by: str = ""
    undone_at: str = ""
    review: str = ""  # why it needs looking at again (e.g. the report it cites was purged)

    @property
    def holds(self) -> bool:
        """Whether the decision takes the link's extracted rows out of analysis."""
        return self.action in ("reject", "correct") and not self.undone

    def corrected(self) -> tuple[str, str, str]:
        """(type, source, target) the link becomes under a correction."""
        return (self.new_type or self.type, self.new_source or self.source, self.new_target or self.target)


@dataclass
class EntityDecision:
    """One analyst decision about an entity: ``false``, ``kind`` (corrected) or ``add`` (by hand)."""

    id: str
    action: str
    entity_id: str
    by: str = ""
    at: str = ""
    reason: str = ""
    case: str = ""
    kind: str = ""  # kind: the corrected kind; add: the new entity's kind
    before: str = ""  # kind: the kind it had
    name: str = ""  # add: the new entity's name
    undone: bool = False
    undone_by: str = ""
    undone_at: str = ""

    @property
    def hides(self) -> bool:
        """Whether the entity is out of analysis because of this decision (false, or an undone addition)."""
        return (self.action == "false" and not self.undone) or (self.action == "add" and self.undone)


@dataclass
class HeldLink:
    """An extracted link held by a decision: kept with it, out of analysis; shown when "show rejected" is on."""

    decision_id: str
    link: Link


@dataclass
class Note:
    """An analyst's plain-text note on an entity, a link (``TYPE|source|target``) or a report."""

    id: str
    subject_kind: str  # entity, link, report
    subject: str
    text: str
    by: str = ""
    at: str = ""
    case: str = ""


@dataclass
class SavedView:
    """A named selection of the graph, saved in a case and shared with its users."""

    name: str
    case: str
    entities: list[str] = field(default_factory=list)
    hops: int = 1
    filters: dict[str, Any] = field(default_factory=dict)  # LinkFilter fields
    layout: dict[str, list[float]] = field(default_factory=dict)  # entity id -> pinned [x, y]
    by: str = ""
    at: str = ""


@dataclass
class Watch:
    """A user watching an identifier: later ingests that mention it raise an alert for them."""

    id: str
    user: str
    kind: str  # PERSON, PHONE, VEHICLE, EMAIL, HANDLE
    value: str  # the entity id watched
    label: str = ""  # what the user typed
    case: str = ""
    at: str = ""


@dataclass
class Alert:
    """Something a user must know: a watched identifier seen again, or another case holding one."""

    id: str
    user: str
    kind: str  # watch, deconfliction
    subject: str  # the entity id concerned
    message: str
    case: str = ""  # the case the alert is about (the one the user may see)
    report_id: str = ""
    at: str = ""
    seen: bool = False


@dataclass
class CaseOwner:
    """Who owns a case: the person users of other cases are told to contact about it."""

    case: str
    owner: str
    at: str = ""


def to_json(record: Any) -> str:
    """A decision or record as the JSON text the stores keep."""
    return json.dumps(asdict(record), sort_keys=True)


def from_json(cls: type, text: str) -> Any:
    """A decision or record of ``cls`` from its JSON text (fields a later version dropped are ignored)."""
    data = json.loads(text)
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


# -- what a decision does to a link --------------------------------------------------------


def covers(decision: LinkDecision, link: Link, canonical: Callable[[str], str] = lambda i: i) -> bool:
    """Whether ``decision`` is about this (extracted) link: same type and ends, and its report if it names one."""
    return (
        decision.type == link.type
        and canonical(decision.source) == canonical(link.source)
        and canonical(decision.target) == canonical(link.target)
        and (decision.report_id is None or decision.report_id == link.report_id)
        and link.method != ANALYST_METHOD
    )


def holder_of(
    link: Link,
    decisions: Iterable[LinkDecision],
    hidden: dict[str, str],
    canonical: Callable[[str], str] = lambda i: i,
) -> str | None:
    """The id of the live decision that holds this link out of analysis, or None.

    ``hidden`` maps each false entity (canonical id) to its decision: a link touching one is held by it.
    An analyst's own link is held only by a false end.
    """
    for end in (link.source, link.target):
        if canonical(end) in hidden:
            return hidden[canonical(end)]
    for decision in decisions:
        if decision.holds and covers(decision, link, canonical):
            return decision.id
    return None


def corrected_link(link: Link, decision: LinkDecision) -> Link:
    """The analyst's corrected copy of an extracted link: same report and sentence, method ``analyst``."""
    link_type, source, target = decision.corrected()
    if decision.new_source is None and decision.new_target is None:
        source, target = link.source, link.target
    return replace(link, type=link_type, source=source, target=target, method=ANALYST_METHOD, confidence=1.0)


def note_report_id(decision: LinkDecision) -> str:
    """The id of the report an added link's free note becomes."""
    return NOTE_REPORT_PREFIX + decision.id


def note_report(decision: LinkDecision) -> Report:
    """The free note an analyst's link cites, as a small report of the decision's case: the analyst is its
    author and their grading its grading, so case scoping, grading and date filters treat it as any source."""
    grading = Grading.parse(decision.grading)
    return Report(
        id=note_report_id(decision),
        text=decision.note,
        title=f"Analyst's note ({decision.by or 'analyst'})",
        kind="analyst note",
        source="analyst",
        case=decision.case or "default",
        reported_at=(decision.at or now_iso())[:10],
        source_grading=grading.source,
        information_grading=grading.information,
        author=decision.by or None,
    )


def added_link(decision: LinkDecision) -> Link:
    """The link an ``add`` decision puts in the graph: citing its report's sentence, or its note report."""
    if decision.report_id:
        return Link(
            decision.type,
            decision.source,
            decision.target,
            decision.report_id,
            decision.sentence or decision.note,
            0,
            0,
            1.0,
            ANALYST_METHOD,
        )
    text = decision.note
    return Link(
        decision.type,
        decision.source,
        decision.target,
        note_report_id(decision),
        text,
        0,
        len(text),
        1.0,
        ANALYST_METHOD,
    )


def route_links(
    links: list[Link],
    decisions: list[LinkDecision],
    hidden: dict[str, str],
    canonical: Callable[[str], str] = lambda i: i,
) -> tuple[list[Link], list[HeldLink]]:
    """Split links about to be written into those that go in the graph and those live decisions hold.

    A link a correction holds is replaced in the graph by its corrected copy.
    """
    written: list[Link] = []
    held: list[HeldLink] = []
    by_id = {d.id: d for d in decisions}
    for link in links:
        holder = holder_of(link, decisions, hidden, canonical)
        if holder is None:
            written.append(link)
            continue
        held.append(HeldLink(holder, link))
        decision = by_id.get(holder)
        if decision is not None and decision.action == "correct":
            copy = corrected_link(link, decision)
            if holder_of(copy, decisions, hidden, canonical) is None:
                written.append(copy)
    return written, held


def hidden_entities(decisions: Iterable[EntityDecision]) -> dict[str, str]:
    """Entity id -> the decision that takes it out of analysis (the latest one wins)."""
    hidden: dict[str, str] = {}
    for decision in decisions:
        if decision.hides:
            hidden[decision.entity_id] = decision.id
    return hidden


def kind_corrections(decisions: Iterable[EntityDecision]) -> dict[str, str]:
    """Entity id -> its corrected kind, from the live ``kind`` decisions (the latest one wins)."""
    kinds: dict[str, str] = {}
    for decision in decisions:
        if decision.action == "kind" and not decision.undone:
            kinds[decision.entity_id] = decision.kind
    return kinds


def link_status(link: Link, decisions: Iterable[LinkDecision], canonical: Callable[[str], str] = lambda i: i) -> str:
    """How an analyst has judged a link in the graph: "confirmed", "analyst" (added or corrected) or ""."""
    if link.method == ANALYST_METHOD:
        return "analyst"
    for decision in decisions:
        if decision.action == "confirm" and not decision.undone and covers(decision, link, canonical):
            return "confirmed"
    return ""


def apply_kind_corrections(
    extraction: Extraction, kinds: dict[str, str], canonical: Callable[[str], str] = lambda i: i
) -> Extraction:
    """An Extraction whose entities an analyst re-kinded carry their corrected kind (so re-ingest agrees)."""
    if not kinds:
        return extraction
    entities = []
    for entity in extraction.entities:
        kind = kinds.get(canonical(entity.id))
        if kind is not None and kind != entity.kind:
            entity = make_entity(kind, entity.id, entity.name, entity.aliases, **entity.properties())
        entities.append(entity)
    return replace(extraction, entities=entities)


# -- corrections as a yardstick ------------------------------------------------------------


@dataclass
class DecisionVerdict:
    """Whether current extraction agrees with one analyst decision."""

    decision_id: str
    action: str
    link: str  # TYPE source -> target (report)
    agrees: bool
    why: str


@dataclass
class DecisionScore:
    """How current extraction agrees with a case's link decisions (``threadline evaluate --decisions``)."""

    verdicts: list[DecisionVerdict] = field(default_factory=list)

    def count(self, action: str, agrees: bool | None = None) -> int:
        return sum(1 for v in self.verdicts if v.action == action and (agrees is None or v.agrees == agrees))

    @property
    def agreement(self) -> float:
        """Share of decisions the extraction agrees with (1.0 when there are none)."""
        return sum(v.agrees for v in self.verdicts) / len(self.verdicts) if self.verdicts else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "agreement": round(self.agreement, 4),
            **{
                action: {"decisions": self.count(action), "agrees": self.count(action, True)} for action in LINK_ACTIONS
            },
            "disagreements": [asdict(v) for v in self.verdicts if not v.agrees],
        }


def score_against_decisions(
    extracted: Iterable[Link], decisions: Iterable[LinkDecision], canonical: Callable[[str], str] = lambda i: i
) -> DecisionScore:
    """Score links extracted afresh against the analysts' live link decisions.

    A confirmed link agrees when it is extracted; a rejected one when it no longer is; a corrected one
    when its corrected form is extracted and the wrong one is not; an added one (citing a report) when
    extraction now finds it there. Links are compared by type and current ends (and report, when the
    decision names one).
    """
    links = [replace(k, source=canonical(k.source), target=canonical(k.target)) for k in extracted]

    def found(link_type: str, source: str, target: str, report_id: str | None) -> bool:
        probe = LinkDecision("", "confirm", link_type, source, target, report_id)
        return any(covers(probe, k, canonical) for k in links)

    score = DecisionScore()
    for d in decisions:
        if d.undone or (d.action == "add" and not d.report_id):
            continue
        where = f" ({d.report_id})" if d.report_id else ""
        name = f"{d.type} {d.source} -> {d.target}{where}"
        original = found(d.type, d.source, d.target, d.report_id)
        if d.action == "confirm":
            score.verdicts.append(
                DecisionVerdict(d.id, d.action, name, original, "extracted" if original else "missed")
            )
        elif d.action == "reject":
            why = "still extracted" if original else "no longer extracted"
            score.verdicts.append(DecisionVerdict(d.id, d.action, name, not original, why))
        elif d.action == "correct":
            right = found(*d.corrected(), d.report_id)
            why = "corrected form extracted" if right else "corrected form missed"
            if original:
                why += "; wrong form still extracted"
            score.verdicts.append(DecisionVerdict(d.id, d.action, name, right and not original, why))
        else:
            score.verdicts.append(
                DecisionVerdict(d.id, d.action, name, original, "extracted" if original else "missed")
            )
    return score


def shown_confirmed(
    links: Iterable[Link], decisions: Iterable[LinkDecision], canonical: Callable[[str], str] = lambda i: i
) -> list[Link]:
    """Links as reads show them: one a live ``confirm`` decision covers carries method ``analyst`` (shown as
    analyst-confirmed everywhere a method is shown); the stored link keeps its own method."""
    confirms = [d for d in decisions if d.action == "confirm" and not d.undone]
    if not confirms:
        return list(links)
    return [replace(k, method=ANALYST_METHOD) if any(covers(d, k, canonical) for d in confirms) else k for k in links]
