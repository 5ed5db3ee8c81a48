"""An analyst's decisions about a case: merge, undo a merge, split, undo a split, "not the same",
a person's role, purging a report.

Each takes the acting :class:`casework.session.CaseSession` and a reason, and is checked and
logged by the guard against the one operations table (:data:`governance.operations.OPERATIONS`:
its permission, its audit action, whether a reason is required). The command line and the
workspace both call these, so a decision is the same whichever way it was made.
"""

from __future__ import annotations

from casework.session import CaseSession
from governance.operations import OPERATIONS, Operation
from graph.model import MergeRecord, PurgeResult, Rejection, SplitRecord

#: The decisions offered here, each a row of the operations table.
DECISIONS: dict[str, Operation] = {
    name: OPERATIONS[name] for name in ("merge", "undo-merge", "split", "undo-split", "reject", "set-role", "purge")
}


def merge(session: CaseSession, kept: str, absorbed: str, reason: str = "") -> MergeRecord:
    """Make two entities one (reversible with :func:`undo_merge`)."""
    return session.store.merge(kept, absorbed, by=session.user.name, reason=reason)


def undo_merge(session: CaseSession, merge_id: str, reason: str = "") -> None:
    """Reverse one merge, restoring both entities."""
    session.store.undo_merge(merge_id, reason=reason)


def split(
    session: CaseSession, entity_id: str, names: list[str], report_ids: list[str] | None = None, reason: str = ""
) -> SplitRecord:
    """Move the mentions written as ``names`` (in ``report_ids``, default all) to a new entity."""
    return session.store.split(entity_id, names, report_ids, by=session.user.name, reason=reason)


def undo_split(session: CaseSession, split_id: str, reason: str = "") -> None:
    """Reverse one split: the moved mentions and links go back."""
    session.store.undo_split(split_id, reason=reason)


def reject(session: CaseSession, a: str, b: str, reason: str = "") -> Rejection:
    """Record that two entities are NOT the same: the resolver will never merge them."""
    return session.store.reject(a, b, by=session.user.name, reason=reason)


def set_role(session: CaseSession, entity_id: str, role: str, reason: str = "") -> None:
    """Set a person's role as the analyst assessed it (final: re-extraction never overrides it)."""
    session.store.set_role(entity_id, role, by=session.user.name, reason=reason)


def purge(session: CaseSession, report_id: str, reason: str) -> PurgeResult:
    """Remove a report and exactly what only it supported; the reason is required and logged."""
    return session.store.purge(report_id, reason)
