"""The acting session: who is acting, on which case store, logged where, under which settings.

(Placeholder of helper h13's module, same dataclass: replaced by theirs when main has it.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from governance.access import Settings, User
from governance.audit import AuditLog
from governance.guard import GuardedStore
from graph.model import now_iso
from graph.store import GraphStore


@dataclass
class CaseSession:
    """One person at work on one case store: the user, the store as they may see it, the audit
    log their actions go to, the deployment's settings, and since when they have been acting."""

    user: User
    store: GuardedStore
    audit: AuditLog
    settings: Settings = field(default_factory=Settings)
    local: bool = False  # single-user mode: no users file, the local analyst
    started: str = field(default_factory=now_iso)

    @property
    def case_store(self) -> GraphStore:
        """The store itself, unguarded: for governance plumbing (resolution, retention), never for display."""
        return self.store.inner

    def close(self) -> None:
        self.store.inner.close()
        self.audit.close()

    def __enter__(self) -> CaseSession:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
