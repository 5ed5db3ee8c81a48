"""The one gate between a signed-in user and the case store: need-to-know and victim protection.

:class:`GuardedStore` wraps any :class:`graph.store.GraphStore` for one user. Every read is
cut to the user's cases (:func:`governance.access.case_scope`, ``filter_subgraph``,
``filter_reports``, ``filter_hits``) and then redacted (:class:`governance.redaction.Redactor`):
a victim the user has not revealed appears as her pseudonym in names, aliases, sentences,
report text and titles. Entity ids are written from names (``P_kimone_gayle``), so a hidden
victim's id is replaced too (``VICTIM_V-017``) and translated back on the way in. What names
her without being her (governance.ties) is hidden the same way: a nickname the reports write
beside her name is one more form of her in every text, and the entities tied to her (the
person the resolver made of that nickname, an e-mail address or handle that spells one of her
names or that a link ties to her) are shown as what they are to her (``Email of Victim V-017``,
``Nickname of Victim V-017``), under ids of their own.

Every workspace page and every export (the Export page and ``threadline export``) reads
through this class; writes check the user's permission and are written to the audit log.
No Streamlit here, so the CLI uses it unchanged.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, MutableSet
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import networkx as nx

from governance import retention
from governance.access import (
    ALL_CASES,
    PERMISSIONS,
    CaseScope,
    PermissionDenied,
    User,
    case_scope,
    filter_hits,
    filter_reports,
    filter_subgraph,
    require_case,
)
from governance.audit import AuditLog, AuditRecord, PendingRecord
from governance.decision_guard import GuardedDecisions
from governance.operations import OPERATIONS, authorise
from governance.redaction import (
    PseudonymRegister,
    Redactor,
    RevealError,
    VictimForms,
    find_by_pseudonym,
    is_victim,
    key_scope,
    pseudonym_secret,
    redact_entity,
    redact_hits,
    redact_subgraph,
    redact_text,
    reveal,
    revealed_by,
    victim_forms,
)
from governance.ties import IDENTIFIER_KINDS, nicknames_beside, tied_entities
from graph.identity import fold_name, phone_entity_id
from graph.model import (
    NODE_LABELS,
    Call,
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
    Report,
    SearchHit,
    StoreStats,
    Subgraph,
)
from graph.store import GraphStore, StoreError, reports_mentioning, subgraph_to_networkx

if TYPE_CHECKING:
    from graph.model import Rejection, SplitRecord

#: Report fields whose change is a grading change (audited as such).
GRADING_FIELDS = ("source_grading", "information_grading", "handling_code")

#: The single user of a workspace with no users file: every case, every permission.
LOCAL_ANALYST = User(
    name="local analyst",
    role="admin",
    cases=("*",),
    permissions=frozenset(PERMISSIONS),
    display_name="Local analyst (single-user mode)",
)

_HIDDEN_ID = re.compile(r"^VICTIM_V-\d{3,}$")
_HIDDEN_IDENTIFIER = re.compile(r"^HIDDEN_[0-9a-f]{16}$")
#: Kinds whose names and aliases are shown per case (as the user's own reports write them).
SCOPED_NAME_KINDS = ("PERSON", "ORG")


#: An id that matches no entity: what an id the user may not see is read as.
NOT_VISIBLE = "\x00not-visible"
#: How each store words a missing entity, per operation (graph/embedded.py, graph/neo4j_store.py).
_MISSING_SUFFIX = {"merge": " to merge", "set-role": " to set a role on", "split": " to split"}


_PSEUDONYM_QUERY = re.compile(r"^\s*(?:victim\s*)?v\s*-?\s*\d{1,4}\s*$|^\s*\d{1,4}\s*$", re.IGNORECASE)


class EveryCase:
    """The scope of a user assigned every case ("*"): admits everything without listing the store."""

    cases = None

    def admits_report(self, report_id: str) -> bool:
        return True

    def admits_entity(self, entity_id: str) -> bool:
        return entity_id != NOT_VISIBLE


class NoSuchEntity(StoreError, PermissionDenied):
    """An entity id that names nothing the user may change: missing, or not theirs to see
    (one error for both, so the answer tells nothing)."""


class ExportRefused(PermissionDenied):
    """An export that may not leave: no permission, or no recipient or reason for the dissemination log."""


def hidden_id(pseudonym: str) -> str:
    """The id a hidden victim is shown under: ``Victim V-017`` -> ``VICTIM_V-017``."""
    return "VICTIM_" + pseudonym.removeprefix("Victim ").strip()


@dataclass(frozen=True)
class ReadableText:
    """A stored text as one user may read it: offsets point into ``text``; ``redact`` rewrites
    plain pieces, ``show_mention`` a mention's text, ``show_id`` an entity id (victim protection)."""

    text: str
    mentions: list[Mention]
    focus: list[str]
    redact: Callable[[str], str]
    show_mention: Callable[[Mention, str], str]
    show_id: Callable[[str], str]


@dataclass
class ExportRecord:
    """What the dissemination log says about one export."""

    record: AuditRecord
    files: list[str]


class GuardedStore(GuardedDecisions):
    """The case as one user may see and change it: an explicit case API, not a store.

    Reads answer as the store contract (:class:`graph.store.GraphStore`) does, cut to the
    user's cases and redacted, with hidden victims under their pseudonyms' ids. Writes are the
    user's decisions: each is checked and logged through the operations table
    (:data:`governance.operations.OPERATIONS`), and the ones that must say why take a reason
    (``purge(report_id, reason)``; there is no reasonless ``purge_report`` here).

    ``since`` is the start of the user's session: reveals made before it no longer count.
    ``logged`` remembers what was already written to the audit log this session (searches,
    profile views), so a page redrawn by Streamlit is not logged twice.
    """

    def __init__(
        self,
        inner: GraphStore,
        user: User,
        audit: AuditLog,
        *,
        since: str | None = None,
        secret: str | None = None,
        logged: MutableSet[str] | None = None,
    ) -> None:
        self.inner = inner
        self.url = inner.url
        self.user = user
        self.audit = audit
        self.register = PseudonymRegister(audit, secret, scope=key_scope(secret))
        self._secret = pseudonym_secret(secret)
        self._identifiers: dict[str, str] | None = None
        self._identifier_pattern: re.Pattern[str] | None = None
        self._identifier_shown: dict[str, str] = {}
        self._forms: VictimForms | None = None
        self._written: dict[str, dict[str, str]] = {}
        self._people: list[Entity] = []
        self._identifier_forms: list[tuple[re.Pattern[str], str]] = []
        self._nicknames: dict[str, list[str]] = {}
        self.redactor = Redactor(user, secret, self.register, revealed=set(revealed_by(audit, user, since=since)))
        self._logged: MutableSet[str] = logged if logged is not None else set()
        self._scope: CaseScope | EveryCase | None = None
        self._victim_ids: frozenset[str] | None = None
        self._victims: list[Entity] | None = None
        self._reports: dict[str | None, list[Report]] = {}

    # -- who sees what -----------------------------------------------------------------

    @property
    def scope(self) -> CaseScope | EveryCase:
        if self._scope is None:
            self._scope = EveryCase() if ALL_CASES in self.user.cases else case_scope(self.inner, self.user)
        return self._scope

    @property
    def victims(self) -> list[Entity]:
        """Every victim in the store (any case): their names are hidden from every text."""
        if self._victims is None:
            self._people = self.inner.entities(["PERSON"])
            marked_false = self.inner.marked_false(["PERSON"])  # a victim marked false keeps her name hidden
            self._victims = [e for e in [*self._people, *marked_false] if is_victim(e)]
        return self._victims

    @property
    def forms(self) -> VictimForms:
        """The hidden victims' written forms, built once per case version and user's reveals
        (and shared across Streamlit reruns by content: governance.redaction.victim_forms)."""
        if self._forms is None:
            tied = self.identifiers
            people = [p for p in self._people if p.id not in tied]
            self._forms = victim_forms(self.victims, self.redactor, people, self._nicknames)
        return self._forms

    def _forget(self) -> None:
        self._scope, self._victims, self._victim_ids, self._reports = None, None, None, {}
        self._identifiers, self._forms, self._identifier_pattern = None, None, None
        self._written, self._nicknames = {}, {}

    @property
    def identifiers(self) -> dict[str, str]:
        """Entities that name a hidden victim without being her: real id -> what is shown for it
        (``Email of Victim V-017``; see :meth:`_tie_up`)."""
        if self._identifiers is None:
            self._identifiers = self._tie_up()
        return self._identifiers

    def _tie_up(self) -> dict[str, str]:
        """What names the hidden victims besides their names (governance.ties), found once per
        case version and reveals: the nicknames written beside their names (``_nicknames``, from
        every mention of them in one read), the written forms of their addresses and handles
        (``_identifier_forms``), and the entities tied to them with what is shown for each."""
        shown: dict[str, str] = {}
        self._identifier_forms, self._nicknames = [], {}
        hidden = [v for v in self.victims if self.hidden(v.id)]
        if not hidden:
            return shown
        mentions = self.inner.mentions_of_each([v.id for v in hidden])
        self._nicknames = nicknames_beside(m for found in mentions.values() for m in found)
        identifiers = self.inner.entities(list(IDENTIFIER_KINDS))
        links = self.inner.neighbourhood([i.id for i in identifiers], hops=1).links if identifiers else []
        people = [p for p in self._people if not is_victim(p)]
        ties = tied_entities(hidden, self._nicknames, people, identifiers, links)
        entities = {e.id: e for e in [*people, *identifiers] if e.id in ties}
        for entity_id, tie in ties.items():
            entity, pseudonym = entities[entity_id], self.redactor.pseudonym(tie.victim_id)
            if tie.how == "nickname":  # its text is hers already: one more nickname of her
                shown[entity_id] = f"Nickname of {pseudonym}"
                known = self._nicknames.setdefault(tie.victim_id, [])
                known += [a for a in (entity.name, *entity.aliases) if a and a not in known]
                continue
            label = shown[entity_id] = f"{NODE_LABELS.get(entity.kind, entity.kind)} of {pseudonym}"
            forms = sorted({f for f in (entity.name, *entity.aliases) if f}, key=len, reverse=True)
            self._identifier_forms += [(re.compile(re.escape(form), re.IGNORECASE), label) for form in forms]
        return shown

    def _identifier_id(self, entity_id: str) -> str:
        digest = hashlib.sha256(f"{self._secret}|{entity_id}".encode()).hexdigest()[:16]
        return "HIDDEN_" + digest

    def _hide_identifiers(self, text: str) -> str:
        """``text`` with the written forms of hidden identifiers replaced by what is shown for them."""
        if not text or not self.identifiers:
            return text
        if self._identifier_pattern is None:
            shown = {}
            for pattern, label in self._identifier_forms:
                shown.setdefault(pattern.pattern, label)
            self._identifier_shown = {re.sub(r"\\(.)", r"\1", k).casefold(): v for k, v in shown.items()}
            alternation = "|".join(sorted(shown, key=len, reverse=True))
            self._identifier_pattern = re.compile(alternation, re.IGNORECASE)
        return self._identifier_pattern.sub(lambda m: self._identifier_shown[m.group().casefold()], text)

    def is_victim_id(self, entity_id: str) -> bool:
        if self._victim_ids is None:
            self._victim_ids = frozenset(v.id for v in self.victims)
        return entity_id in self._victim_ids

    def hidden(self, entity_id: str) -> bool:
        """Whether this (real) entity id is a victim whose name this user does not see."""
        return self.is_victim_id(entity_id) and not self.redactor.shows_name(entity_id)

    def outer_id(self, entity_id: str) -> str:
        """The id the user sees for a real entity id."""
        if self.hidden(entity_id):
            return hidden_id(self.redactor.pseudonym(entity_id))
        if entity_id in self.identifiers:
            return self._identifier_id(entity_id)
        return entity_id

    def visible_id(self, given: str) -> str | None:
        """The real id behind an id the user gave, or None when it names nothing they may see.

        A pseudonym id (``VICTIM_V-017``) or hidden identifier id is looked up among the
        user's own cases only; the real id of a hidden victim or identifier (a guess, or one
        seen before the role was set) is not accepted, and neither is an entity outside
        their cases: each answers exactly like an id that does not exist."""
        if _HIDDEN_IDENTIFIER.match(given):
            return next(
                (r for r in self.identifiers if self._identifier_id(r) == given and self.scope.admits_entity(r)), None
            )
        if _HIDDEN_ID.match(given):
            return next(
                (
                    v.id
                    for v in self.victims
                    if self.hidden(v.id)
                    and self.scope.admits_entity(v.id)
                    and hidden_id(self.redactor.pseudonym(v.id)) == given
                ),
                None,
            )
        if self.hidden(given) or given in self.identifiers or not self.scope.admits_entity(given):
            return None
        return given

    def inner_id(self, entity_id: str) -> str:
        """The real id behind an id the user was shown; an id they may not see becomes one that
        matches nothing (and the attempt is logged), so every read answers "no such entity"."""
        real = self.visible_id(entity_id)
        if real is None:
            self.denied(entity_id, "read")
            return NOT_VISIBLE
        return real

    def denied(self, given: str, operation: str) -> None:
        """Log an attempt on an id the user may not see (or that does not exist) with their cases."""
        self.note("denied", subject=given, operation=operation)

    def no_such_entity(self, given: str, operation: str) -> NoSuchEntity:
        """The error for an id the user may not see, or that does not exist: the same for both,
        word for word the store's for a missing one."""
        self.denied(given, operation)
        return NoSuchEntity(f"No entity {given!r}{_MISSING_SUFFIX.get(operation, '')}")

    def redact(self, text: str) -> str:
        """Free text (a sentence, a title, a Cypher result) without hidden victims' names."""
        return redact_text(self._hide_identifiers(text), self.redactor, self.victims, forms=self.forms) if text else text

    def shows_entity(self, entity_id: str) -> bool:
        return self.scope.admits_entity(self.inner_id(entity_id))

    def _entity(self, entity: Entity) -> Entity:
        """An entity as the user sees it: a hidden victim as her pseudonym, an identifier that
        spells her name as a label, each under a hidden id."""
        if self.hidden(entity.id):
            return replace(redact_entity(entity, self.redactor), id=self.outer_id(entity.id))
        label = self.identifiers.get(entity.id)
        if label is not None:
            return replace(entity, id=self.outer_id(entity.id), name=label, aliases=[])
        return self._in_my_cases(entity)

    def written_in_my_cases(self, entity_id: str) -> dict[str, str] | None:
        """How the user's own reports write an entity (folded mention text -> as written), or
        None for a user of every case. Names and aliases only other cases' reports use are
        theirs alone."""
        if self.scope.cases is None:
            return None
        if entity_id not in self._written:
            self._written[entity_id] = {
                fold_name(m.text): m.text
                for m in self.inner.mentions_of(entity_id)
                if self.scope.admits_report(m.report_id)
            }
        return self._written[entity_id]

    def _in_my_cases(self, entity: Entity) -> Entity:
        """A person or organisation with only the names and aliases written in the user's cases."""
        if entity.kind not in SCOPED_NAME_KINDS:
            return entity
        written = self.written_in_my_cases(entity.id)
        if written is None or not written:
            return entity
        aliases = [a for a in entity.aliases if fold_name(a) in written]
        name = entity.name
        if fold_name(name) not in written:
            name = max([*aliases, *written.values()], key=len)
        if name == entity.name and aliases == entity.aliases:
            return entity
        return replace(entity, name=name, aliases=[a for a in aliases if a != name])

    def _scoped(self, filters: LinkFilter | None) -> LinkFilter | None:
        """The filter narrowed to the user's one case, when they have exactly one."""
        cases = self.scope.cases
        if cases is not None and len(cases) == 1 and (filters is None or filters.case is None):
            return replace(filters or LinkFilter(), case=next(iter(cases)))
        return filters

    def _view(self, subgraph: Subgraph) -> Subgraph:
        """Scope, redact and translate ids of a Subgraph from the inner store."""
        mine = filter_subgraph(subgraph, self.scope)
        if self.identifiers:  # before the victims' names, so an address is replaced whole
            mine.links = [replace(k, sentence=self._hide_identifiers(k.sentence)) for k in mine.links]
        shown = redact_subgraph(mine, self.redactor, self.victims, self._people, forms=self.forms)
        return Subgraph(
            [self._entity(e) for e in shown.entities],
            [replace(k, source=self.outer_id(k.source), target=self.outer_id(k.target)) for k in shown.links],
            shown.calls,
        )

    def _report(self, report: Report, mentions: list[Mention] | None = None) -> Report:
        return replace(
            report,
            text=self.redact(self._replace_mentions(report.text, mentions or [])),
            title=self.redact(report.title),
            source=self.redact(report.source),
        )

    def _replace_mentions(self, text: str, mentions: list[Mention]) -> str:
        """Mentions of hidden victims and identifiers replaced by position (offsets into ``text``),
        so forms the resolver linked but no alias lists are caught too."""
        pieces, cursor = [], 0
        for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
            if mention.start < cursor or not (0 <= mention.start < mention.end <= len(text)):
                continue
            if self.hidden(mention.entity_id):
                shown = self.redactor.pseudonym(mention.entity_id)
            elif mention.entity_id in self.identifiers:
                shown = self.identifiers[mention.entity_id]
            else:
                continue
            pieces += [text[cursor : mention.start], shown]
            cursor = mention.end
        return "".join(pieces) + text[cursor:]

    # -- the audit log -----------------------------------------------------------------

    def note(self, action: str, subject: str = "", once: bool = True, **detail: object) -> None:
        """Write a routine record (search, profile view); with ``once``, only the first time this session."""
        key = f"{action}|{subject}|{sorted(detail.items(), key=str)}"
        if once and key in self._logged:
            return
        cases = sorted(self.user.cases)
        self.audit.record(self.user.name, action, subject=subject, detail={"cases": cases, **detail})
        self._logged.add(key)

    def reveal(self, entity_id: str, reason: str) -> AuditRecord:
        """Show a victim's real name to this user from now on, for a stated reason (logged)."""
        real = self.inner_id(entity_id)
        if not self.scope.admits_entity(real) or not self.is_victim_id(real):
            raise RevealError("Only a victim in one of your cases can be revealed")
        record = reveal(real, self.user, reason, self.audit, detail={"pseudonym": self.redactor.pseudonym(real)})
        self.redactor.revealed = {*self.redactor.revealed, real}
        self._forms, self._identifiers, self._identifier_pattern, self._nicknames = None, None, None, {}
        return record

    def hidden_victims(self) -> list[Entity]:
        """The victims in the user's cases whose names are hidden from them, as they see them."""
        return [self._entity(v) for v in self.victims if self.scope.admits_entity(v.id) and self.hidden(v.id)]

    def record_export(
        self, recipient: str, reason: str, fmt: str, files: Iterable[str], **detail: object
    ) -> ExportRecord:
        """Check the user may export and write the dissemination record *before* anything leaves."""
        if not self.user.can("export"):
            raise ExportRefused(f"{self.user.name} ({self.user.role}) may not export: ask an administrator")
        if not recipient or not recipient.strip():
            raise ExportRefused("Say who the export is for (recipient): exports are logged for dissemination")
        if not reason or not reason.strip():
            raise ExportRefused("Say why it is being exported (reason): exports are logged for dissemination")
        names = list(files)
        handling = sorted({r.handling_code for r in self.reports() if r.handling_code})
        record = self.audit.record(
            self.user.name,
            "export",
            subject=fmt,
            reason=reason,
            recipient=recipient,
            detail={"files": names, "handling_codes": handling, **detail},
        )
        return ExportRecord(record, names)

    # -- reads -------------------------------------------------------------------------

    def get_report(self, report_id: str) -> Report | None:
        if not self.scope.admits_report(report_id):
            return None
        report = self.inner.get_report(report_id)
        return self._report(report, self.inner.mentions_in(report_id)) if report is not None else None

    def reports(self, case: str | None = None) -> list[Report]:
        if case not in self._reports:
            self._reports[case] = [self._report(r) for r in filter_reports(self.inner.reports(case), self.user)]
        return list(self._reports[case])

    def get_entity(self, entity_id: str) -> Entity | None:
        entity = self.inner.get_entity(self.inner_id(entity_id))
        if entity is None or not self.scope.admits_entity(entity.id):
            return None
        shown = self._entity(entity)
        self.note("show", subject=shown.id)
        return shown

    def entities(self, kinds: list[str] | None = None, case: str | None = None) -> list[Entity]:
        return [self._entity(e) for e in self.inner.entities(kinds, case) if self.scope.admits_entity(e.id)]

    def search(self, text: str, kinds: list[str] | None = None, limit: int = 20) -> list[SearchHit]:
        """Hits in the user's cases; a hidden victim is found by her pseudonym, never her name."""
        hits = redact_hits(filter_hits(self.inner.search(text, kinds, limit), self.scope), self.redactor)
        hits = [h for h in hits if self._matched_in_my_cases(h)]
        found = [
            replace(h, entity=self._entity_shown(self._in_my_cases(h.entity)))
            for h in hits
            if h.entity.id not in self.identifiers
        ]
        if (kinds is None or "PERSON" in kinds) and _PSEUDONYM_QUERY.match(text):
            mine = [v for v in self.victims if self.scope.admits_entity(v.id)]
            seen = {h.entity.id for h in found}
            by_pseudonym = [
                replace(h, entity=self._entity_shown(h.entity)) for h in find_by_pseudonym(text, mine, self.redactor)
            ]
            found = [h for h in by_pseudonym if h.entity.id not in seen] + found
        self.note("search", query=text, results=len(found))
        return found[:limit]

    def _matched_in_my_cases(self, hit: SearchHit) -> bool:
        """Whether a hit was found through a form the user's own reports write (a hidden
        victim's pseudonym always counts): an alias from another case finds nothing."""
        if hit.entity.kind not in SCOPED_NAME_KINDS or self.hidden(hit.entity.id):
            return True
        written = self.written_in_my_cases(hit.entity.id)
        return written is None or not written or fold_name(hit.matched) in written

    def _entity_shown(self, entity: Entity) -> Entity:
        """An entity already redacted by governance (name is the pseudonym) with its id translated."""
        return replace(entity, id=self.outer_id(entity.id)) if self.hidden(entity.id) else entity

    def neighbourhood(self, entity_ids: list[str], hops: int = 1, filters: LinkFilter | None = None) -> Subgraph:
        seeds = [i for i in (self.inner_id(e) for e in entity_ids) if self.scope.admits_entity(i)]
        if not seeds:
            return Subgraph()
        return self._view(self.inner.neighbourhood(seeds, hops=hops, filters=self._scoped(filters)))

    def evidence(self, source: str, target: str, link_type: str | None = None) -> list[Evidence]:
        found = self.inner.evidence(self.inner_id(source), self.inner_id(target), link_type)
        mine = [e for e in found if self.scope.admits_report(e.report_id)]
        return [replace(e, sentence=self.redact(e.sentence), report_title=self.redact(e.report_title)) for e in mine]

    def _mentions(self, mentions: list[Mention]) -> list[Mention]:
        mine = [m for m in mentions if self.scope.admits_report(m.report_id)]
        return [
            replace(
                m,
                entity_id=self.outer_id(m.entity_id),
                text=self._shown_mention(m),
                sentence=self.redact(m.sentence),
            )
            for m in mine
        ]

    def _shown_mention(self, mention: Mention) -> str:
        """A mention's own text as the user sees it: a hidden victim's pseudonym, the label of
        what is tied to her, anyone else as written."""
        if self.hidden(mention.entity_id):
            return self.redactor.pseudonym(mention.entity_id)
        return self.identifiers.get(mention.entity_id, mention.text)

    def mentions_of(self, entity_id: str) -> list[Mention]:
        real = self.inner_id(entity_id)
        return self._mentions(self.inner.mentions_of(real)) if self.scope.admits_entity(real) else []

    def mentions_of_each(self, entity_ids: list[str]) -> dict[str, list[Mention]]:
        return {e: found for e in dict.fromkeys(entity_ids) if (found := self.mentions_of(e))}

    def mentions_in(self, report_id: str) -> list[Mention]:
        return self._mentions(self.inner.mentions_in(report_id)) if self.scope.admits_report(report_id) else []

    def indicators(self, report_id: str | None = None) -> list[Indicator]:
        if report_id is not None and not self.scope.admits_report(report_id):
            return []
        return [
            replace(i, sentence=self.redact(i.sentence))
            for i in self.inner.indicators(report_id)
            if self.scope.admits_report(i.report_id)
        ]

    def calls(self, phone_ids: list[str] | None = None) -> list[Call]:
        found = self.inner.calls(phone_ids)
        if self.scope.cases is None:
            return found
        return [
            c
            for c in found
            if self.scope.admits_entity(phone_entity_id(c.caller)) and self.scope.admits_entity(phone_entity_id(c.callee))
        ]

    def subgraph(self, filters: LinkFilter | None = None) -> Subgraph:
        return self._view(self.inner.subgraph(self._scoped(filters)))

    def stats(self, case: str | None = None) -> StoreStats:
        """Counts of what the user may see (counts name nobody, so every case's user gets them)."""
        if self.scope.cases is None:
            return self.inner.stats(case)
        view = self.subgraph(LinkFilter(case=case))
        cases = sorted(c for c in self.scope.cases if c in set(self.inner.stats().cases))
        return StoreStats(
            reports=len(self.reports(case)),
            entities=dict(Counter(e.kind for e in self.entities(case=case))),
            links=dict(Counter(k.type for k in view.links)),
            mentions=0,
            calls=len(self.calls()),
            cases=[case] if case in cases else cases,
        )

    def has_report(self, report_id: str) -> bool:
        return self.scope.admits_report(report_id) and self.inner.has_report(report_id)

    def reports_mentioning(self, entity_id: str) -> list[Report]:
        """Reports in the user's cases that mention an entity, each once, as the user may read them."""
        return reports_mentioning(self, entity_id)

    def to_networkx(self, filters: LinkFilter | None = None) -> nx.MultiDiGraph:
        """The user's view of the case as a networkx graph for analysis (pseudonyms' ids for hidden victims)."""
        return subgraph_to_networkx(self.subgraph(filters))

    def merges(self) -> list[MergeRecord]:
        shown = []
        for record in self.inner.merges():
            kept = self.inner.get_entity(record.kept)
            if kept is None or not self.scope.admits_entity(kept.id):
                continue
            absorbed = self.inner.get_entity(record.absorbed)
            absorbed_id = record.absorbed
            if absorbed is not None and self.hidden(absorbed.id):
                absorbed_id = self.outer_id(absorbed.id)
            shown.append(
                replace(record, kept=self.outer_id(kept.id), absorbed=absorbed_id, reason=self.redact(record.reason))
            )
        return shown

    # -- report text as the user may read it -------------------------------------------

    def readable_report(self, report_id: str, focus: Iterable[str] = ()) -> ReadableText:
        """A report's stored text with what this user may see of it (``render.highlight`` draws it).

        Mentions keep their offsets into the original text; ``redact``, ``show_mention`` and
        ``show_id`` rewrite each piece as it is written out, so hidden victims never show. A
        report outside the user's cases has no text.
        """
        report = self.inner.get_report(report_id) if self.scope.admits_report(report_id) else None
        return ReadableText(
            text=report.text if report is not None else "",
            mentions=self.inner.mentions_in(report_id) if report is not None else [],
            focus=[self.inner_id(f) for f in focus],
            redact=self.redact,
            show_mention=lambda m, text: (
                self.redactor.pseudonym(m.entity_id)
                if self.hidden(m.entity_id)
                else self.identifiers.get(m.entity_id) or self.redact(text)
            ),
            show_id=self.outer_id,
        )

    # -- writes ------------------------------------------------------------------------

    def _allow(self, operation: str, *entity_ids: str, reason: str = "") -> list[str]:
        """The real ids of ``entity_ids`` once the user may do ``operation`` (the operations table)
        on them: its permission, a reason where one is needed, and every entity in their cases."""
        authorise(self.user, operation, reason)
        real = []
        for given in entity_ids:
            entity_id = self.visible_id(given)
            if entity_id is None or self.inner.get_entity(entity_id) is None:
                raise self.no_such_entity(given, operation)
            real.append(entity_id)
        return real

    @contextmanager
    def _audited(self, operation: str, subject: str = "", reason: str = "", **detail: object) -> Iterator[PendingRecord]:
        """Run a change to the case store with its audit record (the operations table's action):
        the log is locked first, and the change, the record and the chain's head commit in one
        transaction of the case store, or none of them does (governance.audit). The block can
        fill in the record's ``detail`` and ``subject`` (the id the change made)."""
        action = OPERATIONS[operation].audit_action
        if action is None:
            yield PendingRecord(dict(detail), subject=subject)
        else:
            with self.audit.writing(
                self.user.name, action, subject=subject, reason=reason, detail=dict(detail), store=self.inner
            ) as entry:
                yield entry
        self._forget()

    def writable_for(self, case: str) -> GraphStore:
        """The store to add reports of ``case`` to (ingest resolves against every real entity),
        once the user is allowed: the ``ingest`` operation's permission and the case."""
        authorise(self.user, "ingest")
        require_case(self.user, case)
        self._forget()
        return self.inner

    def ingest(self, report: Report, extraction: Extraction) -> IngestResult:
        return self.writable_for(report.case).ingest(report, extraction)

    def ingest_many(
        self,
        items: Iterable[tuple[Report, Extraction]],
        batch_size: int = 100,
        on_error: Callable[[Report, StoreError], None] | None = None,
        on_retry: Callable[[IngestNotice], None] | None = None,
    ) -> list[IngestResult]:
        """Many reports at once (see :meth:`graph.store.GraphStore.ingest_many`), once the user may
        add to every case they belong to."""
        batch = list(items)
        for case in sorted({report.case for report, _ in batch}):
            self.writable_for(case)
        return self.inner.ingest_many(batch, batch_size=batch_size, on_error=on_error, on_retry=on_retry)

    def add_calls(self, calls: Iterable[Call]) -> int:
        authorise(self.user, "add-calls")
        return self.inner.add_calls(calls)

    def set_role(self, entity_id: str, role: str, by: str = "", reason: str = "") -> None:
        (real,) = self._allow("set-role", entity_id, reason=reason)
        before = getattr(self.inner.get_entity(real), "role", None)
        with self._audited("set-role", real, reason, role=role, was=before):
            self.inner.set_role(real, role, by=self.user.name, reason=reason)

    def merge(self, kept: str, absorbed: str, by: str = "", reason: str = "") -> MergeRecord:
        real_kept, real_absorbed = self._allow("merge", kept, absorbed, reason=reason)
        with self._audited("merge", real_kept, reason, absorbed=real_absorbed) as entry:
            record = self.inner.merge(real_kept, real_absorbed, by=self.user.name, reason=reason)
            entry.detail["merge"] = record.id
        return replace(record, kept=self.outer_id(record.kept), absorbed=self.outer_id(record.absorbed))

    def undo_merge(self, merge_id: str, reason: str = "") -> None:
        authorise(self.user, "undo-merge", reason)
        record = next((m for m in self.inner.merges() if m.id == merge_id), None)
        if record is None or not self.scope.admits_entity(getattr(self.inner.get_entity(record.kept), "id", "")):
            raise PermissionDenied(f"No merge {merge_id} in your cases")
        with self._audited("undo-merge", record.kept, reason, absorbed=record.absorbed, merge=merge_id):
            self.inner.undo_merge(merge_id)

    def reject(self, a: str, b: str, by: str = "", reason: str = "") -> Rejection:
        real_a, real_b = self._allow("reject", a, b, reason=reason)
        with self._audited("reject", real_a, reason, other=real_b):
            decision = self.inner.reject(real_a, real_b, by=self.user.name, reason=reason)
        return replace(decision, a=self.outer_id(decision.a), b=self.outer_id(decision.b))

    def rejections(self) -> list[Rejection]:
        return [
            replace(r, a=self.outer_id(r.a), b=self.outer_id(r.b), reason=self.redact(r.reason))
            for r in self.inner.rejections()
            if self.scope.admits_entity(r.a) and self.scope.admits_entity(r.b)
        ]

    def split(
        self, entity_id: str, names: list[str], report_ids: list[str] | None = None, by: str = "", reason: str = ""
    ) -> SplitRecord:
        (real,) = self._allow("split", entity_id, reason=reason)
        with self._audited("split", real, reason) as entry:
            record = self.inner.split(real, names, report_ids, by=self.user.name, reason=reason)
            entry.detail.update(new=record.new_id, split=record.id)
        return self._split(record)

    def _split(self, record: Any) -> Any:
        hidden = self.hidden(record.entity_id) or self.hidden(record.new_id)
        names = [self.redactor.pseudonym(record.entity_id)] if hidden else [self.redact(n) for n in record.names]
        return replace(
            record,
            entity_id=self.outer_id(record.entity_id),
            new_id=self.outer_id(record.new_id),
            names=names,
            reason=self.redact(record.reason),
        )

    def undo_split(self, split_id: str, reason: str = "") -> None:
        authorise(self.user, "undo-split", reason)
        record = next((r for r in self.inner.splits() if r.id == split_id), None)
        if record is None or not self.scope.admits_entity(record.entity_id):
            raise PermissionDenied(f"No split {split_id} in your cases")
        with self._audited("undo-split", record.entity_id, reason, split=split_id, new=record.new_id):
            self.inner.undo_split(split_id)

    def splits(self) -> list[SplitRecord]:
        return [self._split(r) for r in self.inner.splits() if self.scope.admits_entity(r.entity_id)]

    def update_report(self, report_id: str, **fields: str | None) -> Report:
        """Edit a report's metadata (the report's case); a grading or handling-code change is
        written to the audit log with the old and new values."""
        authorise(self.user, "update-report")
        before = self.inner.get_report(report_id) if self.scope.admits_report(report_id) else None
        if before is None:
            raise PermissionDenied(f"No report {report_id} in your cases")
        if fields.get("case"):
            require_case(self.user, str(fields["case"]))
        regrading = any(f in fields and fields[f] != getattr(before, f) for f in GRADING_FIELDS)
        with self._audited("update-report", report_id) if regrading else nullcontext(PendingRecord({})) as entry:
            after = self.inner.update_report(report_id, **fields)
            entry.detail.update(
                {
                    f: {"from": getattr(before, f), "to": getattr(after, f)}
                    for f in GRADING_FIELDS
                    if getattr(before, f) != getattr(after, f)
                }
            )
        self._forget()
        return self._report(after)

    def purge(self, report_id: str, reason: str) -> PurgeResult:
        """Purge a report and exactly what only it supported (a stated reason; logged by retention)."""
        authorise(self.user, "purge", reason)
        if not self.scope.admits_report(report_id):
            raise PermissionDenied(f"No report {report_id} in your cases")
        shown = {v.id: self.outer_id(v.id) for v in self.victims if self.hidden(v.id)}
        result = retention.purge(self.inner, report_id, self.user, reason, self.audit)
        self._forget()
        return replace(result, entities_removed=[shown.get(e, e) for e in result.entities_removed])

    def close(self) -> None:
        """The inner store and the audit log belong to whoever opened them."""

    def __enter__(self) -> GuardedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def guard(
    inner: GraphStore, user: User, audit: AuditLog, since: str | None = None, logged: MutableSet[str] | None = None
) -> GuardedStore:
    """The store as ``user`` may see it (what every page and export reads through)."""
    return GuardedStore(inner, user, audit, since=since, logged=logged)
