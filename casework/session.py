"""The acting session: who is acting, on which case store, logged where, under which settings.

A :class:`CaseSession` is what every use case runs in, from the command line and the workspace
alike. Its ``store`` is the case as the user may see it (:class:`governance.guard.GuardedStore`:
their cases only, victims as pseudonyms, decisions audited). With no users file, the user is
the single local analyst (:data:`governance.guard.LOCAL_ANALYST`), guarded by the same rules as
anyone else: every permission, every case, and still pseudonyms until a victim is revealed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from governance.access import AccessError, Settings, User, UserDirectory, authenticate, load_users
from governance.audit import AuditLog, audit_path_for
from governance.guard import LOCAL_ANALYST, GuardedStore, guard
from graph.backends import open_store
from graph.model import now_iso
from graph.store import GraphStore


class SignInError(AccessError):
    """Nobody (or the wrong person) is signed in: the message says how to sign in."""


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


def open_audit(store_url: str | None, settings: Settings | None = None) -> AuditLog:
    """The audit log of a store: ``[settings] audit_path``, ``THREADLINE_AUDIT`` or audit.db beside the case."""
    return AuditLog(audit_path_for(store_url, settings.audit_path if settings else None))


def sign_in(directory: UserDirectory, name: str, password: str, audit: AuditLog, via: str) -> User:
    """The user ``name`` if the password is theirs (a sign-in is logged); SignInError otherwise
    (logged as a failed sign-in)."""
    user = authenticate(directory, name, password)
    if user is None:
        audit.record(name or "(no name given)", "sign-in-failed", detail={"via": via})
        raise SignInError("Wrong user name or password.")
    audit.record(user.name, "sign-in", detail={"via": via})
    return user


def acting_user(
    directory: UserDirectory,
    name: str | None,
    password_for: Callable[[str], str],
    audit: AuditLog,
    via: str = "cli",
) -> User:
    """Who is acting: the local analyst when no users are configured, else ``name`` signed in
    with the password ``password_for(name)`` gives."""
    if not directory.users:
        return LOCAL_ANALYST
    if not name:
        raise SignInError("Say who is acting: --user NAME (or THREADLINE_USER).")
    return sign_in(directory, name, password_for(name), audit, via)


def open_session(
    store_url: str | None = None,
    *,
    user: str | None = None,
    password_for: Callable[[str], str] | None = None,
    config: str | None = None,
    create: bool = True,
    via: str = "cli",
) -> CaseSession:
    """Open the store a URL names and sign the user in (the local analyst when there are no users).

    ``create=False`` refuses a case file that does not exist (read commands). Raises
    :class:`graph.store.StoreError` for a store that cannot be opened and
    :class:`governance.access.AccessError` for a users file that cannot be read or a failed sign-in.
    """
    directory = load_users(config)
    store = open_store(store_url, create=create)
    try:
        audit = open_audit(store_url, directory.settings)
    except Exception:
        store.close()
        raise
    try:
        acting = acting_user(directory, user, password_for or _no_password, audit, via)
    except Exception:
        store.close()
        audit.close()
        raise
    return CaseSession(acting, guard(store, acting, audit), audit, directory.settings, local=not directory.users)


def _no_password(name: str) -> str:
    raise SignInError(f"A password is needed for {name}: set THREADLINE_PASSWORD or sign in interactively.")
