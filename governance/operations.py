"""What each change to a case needs and how it is logged: one table, read wherever a change is made.

Every write the guard lets through (:class:`governance.guard.GuardedStore`) and every decision
:mod:`casework.decisions` offers looks its permission, its audit action and whether it needs a
stated reason up here, so a new operation is one row and an undo is never logged as its opposite.
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.access import PERMISSIONS, PermissionDenied, User
from governance.audit import ACTIONS


@dataclass(frozen=True)
class Operation:
    """One kind of change: the permission it takes, the audit action it is logged under (None:
    not logged on its own), and whether the user must say why."""

    name: str
    permission: str
    audit_action: str | None
    needs_reason: bool = False


#: Every change a user can make to a case, by name.
OPERATIONS: dict[str, Operation] = {
    op.name: op
    for op in (
        Operation("merge", "merge", "merge"),
        Operation("undo-merge", "merge", "undo-merge"),
        Operation("split", "merge", "split"),
        Operation("undo-split", "merge", "undo-split"),
        Operation("reject", "merge", "reject"),
        Operation("set-role", "merge", "set-role"),
        Operation("update-report", "merge", "grading-change"),
        Operation("ingest", "merge", None),
        Operation("add-calls", "merge", None),
        Operation("purge", "purge", "purge", needs_reason=True),
        Operation("export", "export", "export", needs_reason=True),
        Operation("reveal", "reveal_victims", "reveal", needs_reason=True),
    )
}


class ReasonMissing(PermissionDenied):
    """A change that must say why was asked for without a reason."""


def operation(name: str) -> Operation:
    """The row for ``name`` (a KeyError names an operation nobody declared: a bug, not a user error)."""
    return OPERATIONS[name]


def authorise(user: User, name: str, reason: str = "") -> Operation:
    """The operation ``name`` if ``user`` may do it with this reason; PermissionDenied otherwise."""
    op = operation(name)
    user.require(op.permission)
    if op.needs_reason and not (reason or "").strip():
        raise ReasonMissing(f"Say why ({name} --reason ...): a {name} is written to the audit log with its reason")
    return op


def table_problems() -> list[str]:
    """Rows naming a permission or an audit action that does not exist (none, in a sound table)."""
    return [
        f"{op.name}: unknown {what} {value!r}"
        for op in OPERATIONS.values()
        for what, value, known in (
            ("permission", op.permission, PERMISSIONS),
            ("audit action", op.audit_action, ACTIONS),
        )
        if value is not None and value not in known
    ]
