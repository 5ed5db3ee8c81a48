"""The acting session: who is acting, on which case store, logged where, under which settings.

A :class:`CaseSession` is what every use case runs in, from the command line and the workspace
alike. Its ``store`` is the case as the user may see it (:class:`governance.guard.GuardedStore`:
their cases only, victims as pseudonyms, decisions audited). With no users file, the user is
the single local analyst (:data:`governance.guard.LOCAL_ANALYST`), guarded by the same rules as
anyone else: every permission, every case, and still pseudonyms until a victim is revealed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from governance.access import AccessError, Settings, User, UserDirectory, load_users, require_single_user_mode_allowed
from governance.access import sign_in as check_password
from governance.audit import AuditAnchor, AuditLog, StoreAnchor, audit_path_for
from governance.guard import LOCAL_ANALYST, GuardedStore, guard
from governance.redaction import check_pseudonym_key
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
    warnings: list[str] = field(default_factory=list)  # to show the user on every start (a development key)

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


def open_audit(
    store_url: str | None, settings: Settings | None = None, anchor: AuditAnchor | None = None
) -> AuditLog:
    """The audit log of a store: ``[settings] audit_path``, ``THREADLINE_AUDIT`` or audit.db beside the case,
    its chain's head anchored in the case store (``anchor``, else the store at ``store_url``)."""
    return AuditLog(
        audit_path_for(store_url, settings.audit_path if settings else None),
        anchor=anchor if anchor is not None else StoreAnchor(store_url),
    )


def sign_in(directory: UserDirectory, name: str, password: str, audit: AuditLog, via: str) -> User:
    """The user ``name`` if the password is theirs (a sign-in is logged); SignInError otherwise
    (logged as a failed sign-in; after repeated failures, refused until a back-off has passed)."""
    try:
        user = check_password(directory, name, password, audit, via)
    except AccessError as error:
        raise SignInError(str(error)) from error
    if user is None:
        raise SignInError("Wrong user name or password.")
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
        require_single_user_mode_allowed(audit)
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
    warning = check_pseudonym_key(bool(directory.users), is_server_url(store_url))
    store = open_store(store_url, create=create)
    try:
        audit = open_audit(store_url, directory.settings, anchor=store)
    except Exception:
        store.close()
        raise
    try:
        acting = acting_user(directory, user, password_for or _no_password, audit, via)
    except Exception:
        store.close()
        audit.close()
        raise
    return CaseSession(
        acting,
        guard(store, acting, audit),
        audit,
        directory.settings,
        local=not directory.users,
        warnings=[warning] if warning else [],
    )


def is_server_url(store_url: str | None) -> bool:
    """Whether the case lives on a database server (Neo4j) rather than in a case file."""
    return (store_url or os.environ.get("THREADLINE_STORE") or "").split(":", 1)[0].startswith(("neo4j", "bolt"))


def _no_password(name: str) -> str:
    raise SignInError(f"A password is needed for {name}: set THREADLINE_PASSWORD or sign in interactively.")
