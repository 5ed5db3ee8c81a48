"""The guard over the analyst's hand: link and entity decisions, notes, saved views, watches and alerts.

:class:`GuardedDecisions` is mixed into :class:`governance.guard.GuardedStore`. A decision needs the
``merge`` permission (the analyst decisions) and entities and reports in the user's cases; it is written
with the acting user's name and to the audit log. Reads show only what is in the user's cases, ids as the
user sees them (a hidden victim under her pseudonym id) and free text redacted. Notes, views and alerts
stay in their case; watches and alerts belong to one user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from governance.access import PermissionDenied
from governance.operations import authorise
from graph.decisions import Alert, EntityDecision, HeldLink, LinkDecision, Note, SavedView, Watch
from graph.model import Entity
from graph.store import check_link_decision

if TYPE_CHECKING:
    from governance.access import CaseScope, User
    from governance.audit import AuditLog
    from graph.store import GraphStore


class GuardedDecisions:
    """Decision, note, view, watch and alert methods of the guarded store (see the module docstring)."""

    inner: GraphStore
    user: User
    audit: AuditLog
    scope: CaseScope  # or the guard's EveryCase: the same two questions

    # GuardedStore provides inner_id, outer_id, redact, _allow (permission, reason, cases: the operations
    # table), _audited (the change and its audit record, committed together) and _forget.

    # -- checks -------------------------------------------------------------------------

    def _decider(self, operation: str, *entity_ids: str | None, reason: str = "") -> list[str | None]:
        """The real ids of entities the user may decide about (the operation's row: permission, reason,
        and every entity in their cases)."""
        given = [e for e in entity_ids if e]
        real = iter(self._allow(operation, *given, reason=reason))
        return [next(real) if e else None for e in entity_ids]

    def _case_of(self, report_id: str | None, case: str) -> str:
        """The case a decision or note belongs to: its report's, the one given, or the user's only case."""
        if report_id:
            if not self.scope.admits_report(report_id):
                raise PermissionDenied(f"No report {report_id} in your cases")
            report = self.inner.get_report(report_id)
            return report.case if report is not None else case
        if case:
            if not self.user.sees_case(case):
                raise PermissionDenied(f"{self.user.name} is not assigned case {case!r}: ask an administrator")
            return case
        cases = self.scope.cases
        return next(iter(cases)) if cases is not None and len(cases) == 1 else ""

    def _sees_case(self, case: str) -> bool:
        return not case or self.user.sees_case(case)

    # -- link and entity decisions --------------------------------------------------------

    def decide_link(self, decision: LinkDecision) -> LinkDecision:
        check_link_decision(decision)
        source, target, new_source, new_target = self._decider(
            f"{decision.action}-link",
            decision.source,
            decision.target,
            decision.new_source,
            decision.new_target,
            reason=decision.reason,
        )
        case = self._case_of(decision.report_id, decision.case)
        real = replace(
            decision,
            source=source,
            target=target,
            new_source=new_source,
            new_target=new_target,
            by=self.user.name,
            case=case,
        )
        with self._audited(
            f"{decision.action}-link", "", decision.reason, action=decision.action, source=source, target=target
        ) as entry:
            record = self.inner.decide_link(real)
            entry.subject = record.id
            entry.detail["type"] = record.type
        return self._link_decision(record)

    def undo_link_decision(self, decision_id: str, by: str = "") -> LinkDecision:
        authorise(self.user, "undo-link-decision")
        record = next((d for d in self.inner.link_decisions() if d.id == decision_id), None)
        if record is None or not self._sees_case(record.case):
            raise PermissionDenied(f"No link decision {decision_id} in your cases")
        with self._audited("undo-link-decision", decision_id, action=record.action):
            undone = self.inner.undo_link_decision(decision_id, by=self.user.name)
        return self._link_decision(undone)

    def _link_decision(self, record: LinkDecision) -> LinkDecision:
        return replace(
            record,
            source=self.outer_id(record.source),
            target=self.outer_id(record.target),
            new_source=self.outer_id(record.new_source) if record.new_source else None,
            new_target=self.outer_id(record.new_target) if record.new_target else None,
            reason=self.redact(record.reason),
            sentence=self.redact(record.sentence),
            note=self.redact(record.note),
        )

    def link_decisions(self) -> list[LinkDecision]:
        return [
            self._link_decision(d)
            for d in self.inner.link_decisions()
            if self._sees_case(d.case) and self.scope.admits_entity(d.source) and self.scope.admits_entity(d.target)
        ]

    def held_links(self) -> list[HeldLink]:
        return [
            HeldLink(
                h.decision_id,
                replace(
                    h.link,
                    source=self.outer_id(h.link.source),
                    target=self.outer_id(h.link.target),
                    sentence=self.redact(h.link.sentence),
                ),
            )
            for h in self.inner.held_links()
            if self.scope.admits_report(h.link.report_id)
        ]

    def decide_entity(self, decision: EntityDecision) -> EntityDecision:
        operation = {"false": "reject-entity", "kind": "correct-kind", "add": "add-entity"}.get(decision.action)
        if operation is None:
            return self.inner.decide_entity(decision)  # the store says what is wrong with it
        if decision.action == "add":
            authorise(self.user, operation, decision.reason)
            real_id = decision.entity_id
        else:
            (real_id,) = self._decider(operation, decision.entity_id, reason=decision.reason)
        case = self._case_of(None, decision.case)
        with self._audited(operation, "", decision.reason, action=decision.action, entity=real_id) as entry:
            record = self.inner.decide_entity(replace(decision, entity_id=real_id, by=self.user.name, case=case))
            entry.subject = record.id
            entry.detail["kind"] = record.kind
        return replace(record, entity_id=self.outer_id(record.entity_id), reason=self.redact(record.reason))

    def undo_entity_decision(self, decision_id: str, by: str = "") -> EntityDecision:
        authorise(self.user, "undo-entity-decision")
        record = next((d for d in self.inner.entity_decisions() if d.id == decision_id), None)
        if record is None or not self._sees_entity_decision(record):
            raise PermissionDenied(f"No entity decision {decision_id} in your cases")
        with self._audited("undo-entity-decision", decision_id, action=record.action):
            undone = self.inner.undo_entity_decision(decision_id, by=self.user.name)
        return replace(undone, entity_id=self.outer_id(undone.entity_id), reason=self.redact(undone.reason))

    def entity_decisions(self) -> list[EntityDecision]:
        return [
            replace(d, entity_id=self.outer_id(d.entity_id), reason=self.redact(d.reason), name=self.redact(d.name))
            for d in self.inner.entity_decisions()
            if self._sees_entity_decision(d)
        ]

    def _sees_entity_decision(self, decision: EntityDecision) -> bool:
        """A decision of the user's cases about an entity they may see (an entity marked false is
        out of every read, so its decision is judged by its case and the reports naming it)."""
        if not self._sees_case(decision.case):
            return False
        if self.scope.admits_entity(decision.entity_id):
            return True
        return any(self.scope.admits_report(m.report_id) for m in self.inner.mentions_of(decision.entity_id))

    # -- notes and saved views ------------------------------------------------------------

    def add_note(self, note: Note) -> Note:
        authorise(self.user, "note")
        subject = note.subject
        report_id = None
        if note.subject_kind == "entity":
            subject = self.inner_id(subject)
            if not self.scope.admits_entity(subject):
                raise PermissionDenied(f"{note.subject} is not in one of your cases")
        elif note.subject_kind == "report":
            report_id = subject
        elif note.subject_kind == "link":
            subject = self._link_subject(subject, self.inner_id)
            ends = subject.split("|")[1:]
            if len(ends) != 2 or not all(self.scope.admits_entity(e) for e in ends):
                raise PermissionDenied(f"{note.subject} is not a link in one of your cases (TYPE|SOURCE|TARGET)")
        case = self._case_of(report_id, note.case)
        with self._audited("note", on=note.subject_kind, case=case) as entry:
            record = self.inner.add_note(replace(note, subject=subject, by=self.user.name, case=case))
            entry.subject = record.id
        return self._note(record)

    def _note(self, note: Note) -> Note:
        subject = note.subject
        if note.subject_kind == "entity":
            subject = self.outer_id(subject)
        elif note.subject_kind == "link":
            subject = self._link_subject(subject, self.outer_id)
        return replace(note, subject=subject, text=self.redact(note.text))

    @staticmethod
    def _link_subject(subject: str, translate: Callable[[str], str]) -> str:
        """``TYPE|source|target`` with both ends translated (real ids in, shown ids out)."""
        parts = subject.split("|")
        return "|".join([parts[0], *(translate(p) for p in parts[1:])]) if len(parts) == 3 else subject

    def notes(self, subject: str | None = None, text: str | None = None) -> list[Note]:
        real = None
        if subject is not None:
            real = self._link_subject(subject, self.inner_id) if subject.count("|") == 2 else self.inner_id(subject)
        return [self._note(n) for n in self.inner.notes(real, text) if self._sees_case(n.case)]

    def save_view(self, view: SavedView) -> SavedView:
        authorise(self.user, "save-view")
        case = self._case_of(None, view.case)
        real = [self.inner_id(e) for e in view.entities]
        for entity_id in real:
            if not self.scope.admits_entity(entity_id):
                raise PermissionDenied(f"{entity_id} is not in one of your cases")
        layout = {self.inner_id(e): xy for e, xy in view.layout.items()}
        with self._audited("save-view", view.name, case=case) as entry:
            saved = self.inner.save_view(replace(view, case=case, entities=real, layout=layout, by=self.user.name))
            entry.subject = saved.name
        return self._saved_view(saved)

    def _saved_view(self, view: SavedView) -> SavedView:
        return replace(
            view,
            entities=[self.outer_id(e) for e in view.entities],
            layout={self.outer_id(e): xy for e, xy in view.layout.items()},
        )

    def views(self, case: str | None = None) -> list[SavedView]:
        return [self._saved_view(v) for v in self.inner.views(case) if self._sees_case(v.case)]

    def get_view(self, name: str, case: str | None = None) -> SavedView | None:
        return next((v for v in self.views(case) if v.name == name), None)

    # -- watches and alerts: each user's own ------------------------------------------------

    def add_watch(self, watch: Watch) -> Watch:
        authorise(self.user, "watch")
        real = self.inner_id(watch.value)
        if real != watch.value and not self.scope.admits_entity(real):  # a number, plate or address the user
            real = watch.value  # typed, held only by cases they may not see: watched as written, never shown
        with self._audited("watch", kind=watch.kind) as entry:
            saved = self.inner.add_watch(replace(watch, user=self.user.name, value=real))
            entry.subject = saved.id
        return replace(saved, value=self.outer_id(saved.value))

    def watches(self, user: str | None = None) -> list[Watch]:
        return [replace(w, value=self.outer_id(w.value)) for w in self.inner.watches(self.user.name)]

    def remove_watch(self, watch_id: str) -> bool:
        if not any(w.id == watch_id for w in self.inner.watches(self.user.name)):
            return False
        with self._audited("watch", watch_id, removed=True):
            removed = self.inner.remove_watch(watch_id)
        return removed

    def alerts(self, user: str | None = None, unseen_only: bool = False) -> list[Alert]:
        return [
            replace(a, subject=self.outer_id(a.subject), message=self.redact(a.message))
            for a in self.inner.alerts(self.user.name, unseen_only)
        ]

    def mark_alert_seen(self, alert_id: str) -> None:
        if any(a.id == alert_id for a in self.inner.alerts(self.user.name)):
            self.inner.mark_alert_seen(alert_id)

    def raise_alert(self, alert: Alert) -> Alert:
        """An alert for the acting user themself (the use cases raise others' through the store)."""
        return self.inner.raise_alert(replace(alert, user=self.user.name))

    def case_owner(self, case: str) -> str | None:
        return self.inner.case_owner(case)

    def set_case_owner(self, case: str, owner: str) -> None:
        """Record who owns a case (administrators: the ``set-case-owner`` operation)."""
        authorise(self.user, "set-case-owner")
        with self._audited("set-case-owner", case, case_owner=owner):
            self.inner.set_case_owner(case, owner)

    def marked_false(self, kinds: list[str] | None = None) -> list[Entity]:
        """The entities marked false that a report of the user's cases names, as the user may see them."""
        return [
            self._entity(e)
            for e in self.inner.marked_false(kinds)
            if any(self.scope.admits_report(m.report_id) for m in self.inner.mentions_of(e.id))
        ]
