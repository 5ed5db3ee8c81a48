"""The store contract: what every Threadline graph store does, whatever the database.

Two backends implement it: :mod:`graph.embedded` (SQLite + networkx, the default, no
server) and :mod:`graph.neo4j_store` (a Neo4j 5 server through the official driver).
One conformance suite (``tests/test_store_conformance.py``) runs unchanged on both.

Identity and merges
    Entity ids are stable strings (``PH_+18765550143``, ``P_marlon_campbell``...). After
    ``merge(kept, absorbed)`` the absorbed id *redirects* to the kept one: ``get_entity``,
    ``search``, ``neighbourhood``, ``evidence`` and the networkx view all show one entity
    carrying the mentions, links and aliases of both, and a report re-ingested later that
    still names the absorbed id lands on the kept entity. ``undo_merge`` restores the exact
    prior state.

Analysts' decisions (graph/decisions.py)
    ``decide_link`` confirms, rejects, corrects or adds a link; ``decide_entity`` marks an entity false,
    corrects its kind or adds one. Rejected and corrected links are *held* with their decision: out of
    every read (subgraph, neighbourhood, evidence, search, stats) and so out of analysis and exports,
    listed by ``held_links``. Every ingest re-applies the live decisions (a rejected link never comes
    back); a purge drops its report's held links and flags the analysts' links that cited it. Notes,
    saved views, watches and alerts are records kept in the case.

Writes
    ``ingest`` is atomic per report (all of it or none of it) and idempotent (a report id
    is the hash of its text; the same report twice changes nothing). ``purge_report``
    removes exactly what only that report supported.
"""

from __future__ import annotations

import re
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any, NamedTuple

import networkx as nx

from graph.decisions import (
    LINK_ACTIONS,
    Alert,
    CaseOwner,
    EntityDecision,
    HeldLink,
    LinkDecision,
    Note,
    SavedView,
    Watch,
    from_json,
    to_json,
)
from graph.errors import ThreadlineError
from graph.identity import phone_entity_id
from graph.model import (
    LINK_TYPES,
    Call,
    CallSummary,
    Entity,
    Evidence,
    Extraction,
    Indicator,
    IngestNotice,
    IngestResult,
    LinkFilter,
    Mention,
    MergeRecord,
    PurgeResult,
    Rejection,
    Report,
    SearchHit,
    SplitRecord,
    StoreStats,
    Subgraph,
    make_entity,
    now_iso,
)
from graph.search import fold


class StoreError(ThreadlineError):
    """A problem a user can act on (bad URL, unknown entity, conflicting merge...)."""


def decision_to_undo(decisions: Iterable[Any], decision_id: str, what: str) -> Any:
    """The live decision ``decision_id`` among ``decisions`` (link or entity decisions, as ``what``
    names them), or the StoreError both stores answer when it is unknown or already undone."""
    decision = next((d for d in decisions if d.id == decision_id), None)
    if decision is None:
        raise StoreError(f"No {what} decision {decision_id!r}")
    if decision.undone:
        raise StoreError(f"{what.capitalize()} decision {decision_id} was already undone")
    return decision


#: Report fields an analyst may edit after ingest (the text, and so the id, never change).
EDITABLE_REPORT_FIELDS = (
    "title",
    "kind",
    "case",
    "reported_at",
    "source_grading",
    "information_grading",
    "handling_code",
    "review_by",
)


class StoreUnavailable(StoreError):
    """The store cannot be reached: the message says what to check."""


class AuditHead(NamedTuple):
    """The head of a case's audit chain as the case store keeps it (governance.audit)."""

    count: int  # records in the chain
    hash: str  # the last record's HMAC
    record: str = ""  # the last record itself (JSON): restores a record the case committed and the log lost


class GraphStore(ABC):
    """One Threadline case store. Use as a context manager or call :meth:`close`."""

    url: str

    # -- writes ------------------------------------------------------------------------

    @abstractmethod
    def ingest(self, report: Report, extraction: Extraction) -> IngestResult:
        """Store one report with its resolved extraction, atomically and idempotently.

        Entity ids in ``extraction`` that were merged away are written to the entity they
        were merged into. An entity already stored gains the new aliases; its analyst-set
        role is kept.
        """

    def ingest_many(
        self,
        items: Iterable[tuple[Report, Extraction]],
        batch_size: int = 100,
        on_error: Callable[[Report, StoreError], None] | None = None,
        on_retry: Callable[[IngestNotice], None] | None = None,
    ) -> list[IngestResult]:
        """Store many reports: the fast way to load a case (backends batch the writes).

        Each report is still stored whole or not at all, and idempotently. A report that cannot
        be stored goes to ``on_error(report, error)``; without one, the errors are raised
        together once every other report is stored. A server store that waits for the database
        to come back tells ``on_retry`` each wait and recovery. Returns one result per stored report.
        """
        results: list[IngestResult] = []
        failures: list[StoreError] = []
        for report, extraction in items:
            try:
                results.append(self.ingest(report, extraction))
            except StoreError as error:
                if on_error is None:
                    failures.append(error)
                else:
                    on_error(report, error)
        if failures:
            raise StoreError("; ".join(str(f) for f in failures))
        return results

    @abstractmethod
    def add_calls(self, calls: Iterable[Call]) -> int:
        """Store call-detail rows (phones are created as needed); returns how many were new.

        Re-importing the same rows adds nothing.
        """

    @abstractmethod
    def set_role(self, entity_id: str, role: str, by: str = "", reason: str = "") -> None:
        """Set a person's role (suspect, victim, witness, officer, unknown); survives re-ingest."""

    @abstractmethod
    def merge(self, kept: str, absorbed: str, by: str = "", reason: str = "") -> MergeRecord:
        """Make ``absorbed`` one entity with ``kept`` (same kind only). Raises StoreError otherwise."""

    @abstractmethod
    def undo_merge(self, merge_id: str) -> None:
        """Reverse one merge, restoring both entities, their aliases, mentions and links."""

    @abstractmethod
    def merges(self) -> list[MergeRecord]:
        """Every merge decision, oldest first, including undone ones."""

    @abstractmethod
    def reject(self, a: str, b: str, by: str = "", reason: str = "") -> Rejection:
        """Record that two entities are not the same (the resolver will never merge them)."""

    @abstractmethod
    def rejections(self) -> list[Rejection]:
        """Every "not the same" decision, oldest first."""

    @abstractmethod
    def split(
        self, entity_id: str, names: list[str], report_ids: list[str] | None = None, by: str = "", reason: str = ""
    ) -> SplitRecord:
        """Move the mentions of ``entity_id`` written as one of ``names`` (in ``report_ids``, or in
        every report) to a new entity of the same kind, with the links of those reports whose
        sentence names it that way. Raises StoreError when no mention matches."""

    @abstractmethod
    def undo_split(self, split_id: str) -> None:
        """Reverse one split: the moved mentions and links go back to the original entity."""

    @abstractmethod
    def splits(self) -> list[SplitRecord]:
        """Every split decision, oldest first, including undone ones."""

    @abstractmethod
    def update_report(self, report_id: str, **fields: str | None) -> Report:
        """Change a report's editable metadata: title, kind, case, reported_at, source_grading,
        information_grading, handling_code, review_by. Raises StoreError for other fields."""

    @abstractmethod
    def purge_report(self, report_id: str) -> PurgeResult:
        """Remove a report and exactly what only it supported (mentions, links, entities)."""

    def case_secret(self, name: str) -> str:
        """A random secret kept in this store under ``name``, made the first time it is asked for
        (``entity-ids``: the key of the case's opaque entity ids, see graph.identity)."""
        raise NotImplementedError(f"{type(self).__name__} keeps no secrets")

    # -- the audit log's anchor ----------------------------------------------------------

    def audit_head(self) -> AuditHead | None:
        """The head of the case's audit chain kept here (records, last HMAC, the last record
        itself), None before any. The audit log lives in its own file; keeping its head in the
        case store lets a cut tail or a deleted log be seen (governance.audit)."""
        raise NotImplementedError(f"{type(self).__name__} keeps no audit head")

    def anchor_audit_head(self, count: int, digest: str, record: str = "") -> None:
        """Keep ``count`` records, the last record's HMAC ``digest`` and that record (``record``,
        JSON) as the audit chain's head. Inside :meth:`atomically` it commits with the block."""
        raise NotImplementedError(f"{type(self).__name__} keeps no audit head")

    def atomically(self) -> AbstractContextManager[None]:
        """A block whose writes (this thread's, through this store) commit together when it
        ends, or not at all if it raises: an audited write and the audit head it anchors are
        one transaction (governance.audit.AuditLog.writing). Blocks nest; the outermost commits."""
        raise NotImplementedError(f"{type(self).__name__} cannot group writes")

    # -- reads -------------------------------------------------------------------------

    @abstractmethod
    def get_report(self, report_id: str) -> Report | None: ...

    def has_report(self, report_id: str) -> bool:
        return self.get_report(report_id) is not None

    @abstractmethod
    def reports(self, case: str | None = None) -> list[Report]:
        """All reports (of one case), newest ingest first."""

    @abstractmethod
    def get_entity(self, entity_id: str) -> Entity | None:
        """The entity with this id, following merges (an absorbed id gives the kept entity)."""

    @abstractmethod
    def entities(self, kinds: list[str] | None = None, case: str | None = None) -> list[Entity]:
        """Every current entity (of these kinds, named in this case)."""

    @abstractmethod
    def search(self, text: str, kinds: list[str] | None = None, limit: int = 20) -> list[SearchHit]:
        """Entities whose name or an alias matches ``text``: case-insensitive, exact, prefix or fuzzy.

        A query that reads as a phone number (any format) finds the phone by its E.164 id.
        Best matches first (see :func:`graph.search.match_score`).
        """

    @abstractmethod
    def neighbourhood(self, entity_ids: list[str], hops: int = 1, filters: LinkFilter | None = None) -> Subgraph:
        """Entities within ``hops`` links of any of ``entity_ids`` and the links among them.

        Links are followed in both directions; only links (and calls, when the filter
        includes them) that pass ``filters`` are followed or returned; entities of kinds
        the filter leaves out are neither returned nor traversed (the seeds always are).
        """

    @abstractmethod
    def evidence(self, source: str, target: str, link_type: str | None = None) -> list[Evidence]:
        """Every piece of evidence for links between two entities (either direction)."""

    @abstractmethod
    def mentions_of(self, entity_id: str) -> list[Mention]:
        """Every mention of an entity (and of entities merged into it)."""

    def mentions_of_each(self, entity_ids: list[str]) -> dict[str, list[Mention]]:
        """The mentions of each of these entities (as :meth:`mentions_of`), in one read: id asked
        for -> its mentions (ids that name nothing are left out)."""
        return {entity_id: found for entity_id in dict.fromkeys(entity_ids) if (found := self.mentions_of(entity_id))}

    @abstractmethod
    def mentions_in(self, report_id: str) -> list[Mention]:
        """The mentions in one report, in text order (entity ids follow merges)."""

    @abstractmethod
    def indicators(self, report_id: str | None = None) -> list[Indicator]:
        """Trafficking indicators (assessments) of one report, or of all reports."""

    def reports_mentioning(self, entity_id: str) -> list[Report]:
        """Reports that mention an entity, each once."""
        return reports_mentioning(self, entity_id)

    @abstractmethod
    def calls(self, phone_ids: list[str] | None = None) -> list[Call]:
        """Raw call rows (involving these phone ids), in time order."""

    @abstractmethod
    def subgraph(self, filters: LinkFilter | None = None) -> Subgraph:
        """The whole case (or the part ``filters`` admits) as one Subgraph."""

    @abstractmethod
    def stats(self, case: str | None = None) -> StoreStats: ...

    def to_networkx(self, filters: LinkFilter | None = None) -> nx.MultiDiGraph:
        """The case (or its filtered part) as a networkx graph for analysis."""
        return subgraph_to_networkx(self.subgraph(filters))

    # -- the analyst's hand: link and entity decisions (graph/decisions.py) ------------------

    def decide_link(self, decision: LinkDecision) -> LinkDecision:
        """Record a link decision (confirm, reject, correct, add) and carry it out; returns it with its
        id and date. Rejected and corrected links are held (out of every read and analysis), an added or
        corrected link is written with method ``analyst``. Raises StoreError for an unknown entity or
        link type, or when there is no such link to confirm, reject or correct."""
        raise StoreError(f"{type(self).__name__} keeps no link decisions")

    def undo_link_decision(self, decision_id: str, by: str = "") -> LinkDecision:
        """Reverse a link decision: held links come back, an analyst's link goes. Raises StoreError when
        there is no such live decision."""
        raise StoreError(f"{type(self).__name__} keeps no link decisions")

    def link_decisions(self) -> list[LinkDecision]:
        """Every link decision, oldest first, undone ones included."""
        return []

    def held_links(self) -> list[HeldLink]:
        """The extracted links live decisions hold out of analysis (ends are current entity ids)."""
        return []

    def decide_entity(self, decision: EntityDecision) -> EntityDecision:
        """Record an entity decision: ``false`` (it and its links leave analysis), ``kind`` (corrected)
        or ``add`` (a new entity, ``decision.entity_id`` its id). Returns it with its id and date."""
        raise StoreError(f"{type(self).__name__} keeps no entity decisions")

    def undo_entity_decision(self, decision_id: str, by: str = "") -> EntityDecision:
        """Reverse an entity decision (an added entity leaves analysis)."""
        raise StoreError(f"{type(self).__name__} keeps no entity decisions")

    def entity_decisions(self) -> list[EntityDecision]:
        """Every entity decision, oldest first, undone ones included."""
        return []

    def marked_false(self, kinds: list[str] | None = None) -> list[Entity]:
        """The entities analysts marked false (out of every other read), of these kinds: governance still
        needs them, e.g. a victim marked false keeps her name hidden in every sentence that names her."""
        return []

    # -- notes, saved views, watches, alerts: records kept in the case ------------------------

    def _put_record(self, kind: str, key: str, case: str, data: str) -> None:
        """Keep one record (JSON text) of ``kind`` under ``key``, replacing any before it."""
        raise StoreError(f"{type(self).__name__} keeps no notes, views or watches")

    def _records(self, kind: str) -> list[str]:
        """The JSON text of every record of ``kind``, oldest first."""
        return []

    def _delete_record(self, kind: str, key: str) -> bool:
        """Delete one record; whether it was there."""
        return False

    def add_note(self, note: Note) -> Note:
        """Keep a plain-text note on an entity, a link or a report (``note.id`` and ``at`` are set here)."""
        if not note.text.strip():
            raise StoreError("A note needs some text")
        if note.subject_kind not in ("entity", "link", "report"):
            raise StoreError(f"Notes go on an entity, a link or a report, not a {note.subject_kind!r}")
        note = replace(note, id=note.id or "N_" + uuid.uuid4().hex[:12], at=note.at or now_iso())
        self._put_record("note", note.id, note.case, to_json(note))
        return note

    def notes(self, subject: str | None = None, text: str | None = None) -> list[Note]:
        """Notes (on one subject; whose text contains ``text``, case-insensitively), oldest first."""
        found = [from_json(Note, data) for data in self._records("note")]
        if subject is not None:
            found = [n for n in found if n.subject == subject]
        if text:
            wanted = fold(text)
            found = [n for n in found if wanted in fold(n.text)]
        return found

    def save_view(self, view: SavedView) -> SavedView:
        """Save a named view in its case (a view of the same name in that case is replaced)."""
        if not view.name.strip():
            raise StoreError("A saved view needs a name")
        view = replace(view, at=view.at or now_iso())
        self._put_record("view", f"{view.case}|{view.name}", view.case, to_json(view))
        return view

    def views(self, case: str | None = None) -> list[SavedView]:
        found = [from_json(SavedView, data) for data in self._records("view")]
        return [v for v in found if case is None or v.case == case]

    def get_view(self, name: str, case: str | None = None) -> SavedView | None:
        return next((v for v in self.views(case) if v.name == name), None)

    def add_watch(self, watch: Watch) -> Watch:
        watch = replace(watch, id=watch.id or "W_" + uuid.uuid4().hex[:12], at=watch.at or now_iso())
        self._put_record("watch", watch.id, watch.case, to_json(watch))
        return watch

    def watches(self, user: str | None = None) -> list[Watch]:
        found = [from_json(Watch, data) for data in self._records("watch")]
        return [w for w in found if user is None or w.user == user]

    def remove_watch(self, watch_id: str) -> bool:
        return self._delete_record("watch", watch_id)

    def raise_alert(self, alert: Alert) -> Alert:
        alert = replace(alert, id=alert.id or "A_" + uuid.uuid4().hex[:12], at=alert.at or now_iso())
        self._put_record("alert", alert.id, alert.case, to_json(alert))
        return alert

    def alerts(self, user: str | None = None, unseen_only: bool = False) -> list[Alert]:
        found = [from_json(Alert, data) for data in self._records("alert")]
        return [a for a in found if (user is None or a.user == user) and not (unseen_only and a.seen)]

    def mark_alert_seen(self, alert_id: str) -> None:
        for alert in self.alerts():
            if alert.id == alert_id:
                self._put_record("alert", alert.id, alert.case, to_json(replace(alert, seen=True)))

    def set_case_owner(self, case: str, owner: str) -> None:
        """Record who owns a case: the person other cases are told to contact about it."""
        self._put_record("case", case, case, to_json(CaseOwner(case, owner, now_iso())))

    def case_owner(self, case: str) -> str | None:
        """Who owns ``case`` (None when nobody is recorded)."""
        for data in self._records("case"):
            record = from_json(CaseOwner, data)
            if record.case == case:
                return record.owner
        return None

    # -- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:  # noqa: B027 - optional for backends holding nothing
        """Release connections."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def apply_splits(
    extraction: Extraction, report_id: str, splits: list[SplitRecord], canonical: Callable[[str], str]
) -> Extraction:
    """Re-apply live split decisions to a report about to be written, so a split survives re-ingest.

    A mention of a split entity (or of one merged into it) written as one of the split's names,
    in one of its reports (or any report when it names none), goes to the split's new entity,
    and so do that report's links whose sentence names it that way.
    """
    moved: dict[str, str] = {}
    mentions = []
    for mention in extraction.mentions:
        target = _split_target(mention.entity_id, mention.text, report_id, splits, canonical)
        if target is not None:
            moved[mention.entity_id] = target
            mention = replace(mention, entity_id=target)
        mentions.append(mention)
    if not moved:
        return extraction
    links = []
    for link in extraction.links:
        for end in ("source", "target"):
            entity_id = getattr(link, end)
            for split in splits:
                if (
                    not split.undone
                    and canonical(entity_id) == canonical(split.entity_id)
                    and (not split.report_ids or report_id in split.report_ids)
                    and any(name_in_sentence(name, link.sentence) for name in split.names)
                ):
                    link = replace(link, **{end: split.new_id})
                    break
        links.append(link)
    entities = list(extraction.entities)
    known = {e.id for e in entities}
    for original, target in moved.items():
        if target not in known:
            template = next((e for e in entities if e.id == original), None)
            split = next(s for s in splits if s.new_id == target)
            kind = template.kind if template is not None else "PERSON"
            entities.append(make_entity(kind, target, split.names[0]))
            known.add(target)
    return replace(extraction, entities=entities, mentions=mentions, links=links)


def _split_target(
    entity_id: str, text: str, report_id: str, splits: list[SplitRecord], canonical: Callable[[str], str]
) -> str | None:
    for split in splits:
        if split.undone or canonical(entity_id) != canonical(split.entity_id):
            continue
        if split.report_ids and report_id not in split.report_ids:
            continue
        if fold(text) in {fold(name) for name in split.names}:
            return split.new_id
    return None


def name_in_sentence(name: str, sentence: str) -> bool:
    """Whether ``name`` is written in ``sentence`` as a whole word (case-insensitive)."""
    return re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", fold(sentence)) is not None


def summarise_calls(calls: Iterable[Call], phone_id: Callable[[str], str] = phone_entity_id) -> list[CallSummary]:
    """Aggregate raw calls into one CallSummary per (caller, callee) pair."""
    summaries: dict[tuple[str, str], CallSummary] = {}
    for call in calls:
        key = (phone_id(call.caller), phone_id(call.callee))
        s = summaries.get(key)
        if s is None:
            summaries[key] = CallSummary(key[0], key[1], 1, call.duration_s, call.start, call.start)
        else:
            s.count += 1
            s.total_s += call.duration_s
            s.first = min(s.first, call.start)
            s.last = max(s.last, call.start)
    return list(summaries.values())


def reports_mentioning(reader: GraphStore | Any, entity_id: str) -> list[Report]:
    """The reports ``reader`` (a store, or anything answering ``mentions_of`` and ``get_report``,
    such as the guard) gives for the mentions of an entity, each once, in mention order."""
    seen: dict[str, Report] = {}
    for mention in reader.mentions_of(entity_id):
        if mention.report_id not in seen:
            report = reader.get_report(mention.report_id)
            if report is not None:
                seen[report.id] = report
    return list(seen.values())


def subgraph_to_networkx(subgraph: Subgraph) -> nx.MultiDiGraph:
    """A Subgraph as a MultiDiGraph.

    Nodes are entity ids with attributes ``kind``, ``name``, ``aliases`` and the kind's
    own fields (``role``, ``parish``...). Each link is an edge keyed
    ``"TYPE|report_id"`` with its evidence as attributes (``type``, ``report_id``,
    ``sentence``, ``start``, ``end``, ``confidence``, ``method``, ``event_date``); each call summary is an
    edge keyed ``"CALLED"`` with ``type="CALLED"``, ``count``, ``total_s``, ``first``, ``last``.
    """
    graph = nx.MultiDiGraph()
    for entity in subgraph.entities:
        graph.add_node(
            entity.id, kind=entity.kind, name=entity.name, aliases=list(entity.aliases), **entity.properties()
        )
    for link in subgraph.links:
        graph.add_edge(
            link.source,
            link.target,
            key=f"{link.type}|{link.report_id}",
            type=link.type,
            report_id=link.report_id,
            sentence=link.sentence,
            start=link.start,
            end=link.end,
            confidence=link.confidence,
            method=link.method,
            weight=link.weight,
            event_date=link.event_date,
        )
    for call in subgraph.calls:
        add_call_edge(graph, call)
    return graph


def add_call_edge(graph: nx.MultiDiGraph, call: CallSummary) -> None:
    """The calls between two phones as one ``CALLED`` edge (count, seconds, first and last call)."""
    graph.add_edge(
        call.caller,
        call.callee,
        key="CALLED",
        type="CALLED",
        count=call.count,
        total_s=call.total_s,
        first=call.first,
        last=call.last,
    )


def check_link_decision(decision: LinkDecision) -> None:
    """Raise StoreError for a link decision no store can carry out (unknown action or link type)."""
    if decision.action not in LINK_ACTIONS:
        raise StoreError(f"Unknown link decision {decision.action!r}: use one of {', '.join(LINK_ACTIONS)}")
    for link_type in (decision.type, decision.new_type):
        if link_type is not None and link_type not in LINK_TYPES:
            raise StoreError(f"Unknown link type {link_type!r}: use one of {', '.join(LINK_TYPES)}")
    if decision.action == "correct" and decision.corrected() == (decision.type, decision.source, decision.target):
        raise StoreError("A correction must change the link's type, direction or an end")
    if decision.action == "add" and not (decision.report_id or decision.note.strip()):
        raise StoreError("An added link needs a source: a report (and its sentence) or a free note")
