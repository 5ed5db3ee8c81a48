"""What every `threadline` command shares: the common options and opening a case session.

Commands are thin: they parse their options, open a :class:`casework.session.CaseSession`
(:func:`session`, or :func:`connect` for the store alone), call :mod:`casework` or the store,
and format the answer. With a users file configured (see ``threadline user``), the user named by
``--user`` or ``THREADLINE_USER`` signs in (password from ``THREADLINE_PASSWORD`` or a prompt);
without one, commands run as the local analyst. Either way the store is guarded.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console

from casework.session import CaseSession, open_session
from governance.access import AccessError, PermissionDenied
from graph.backends import open_store
from graph.store import GraphStore, StoreError

console = Console()

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="Store URL: sqlite:///case.db (default ./threadline.db) or neo4j://host:port"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")]
ConfigOption = Annotated[
    str | None, typer.Option("--config", help="Users file (default config/users.toml or THREADLINE_USERS)")
]
UserOption = Annotated[
    str | None, typer.Option("--user", envvar="THREADLINE_USER", help="Who is acting (asked for a password)")
]


def ask_password(name: str) -> str:
    """``THREADLINE_PASSWORD``, else a prompt that does not echo."""
    return os.environ.get("THREADLINE_PASSWORD") or typer.prompt(f"Password for {name}", hide_input=True)


def session(
    url: str | None,
    *,
    user: str | None = None,
    config: str | None = None,
    permission: str | None = None,
    create: bool = True,
) -> CaseSession:
    """The acting user's session on the store ``url``, or exit with a message (never a stack trace).

    ``permission`` is checked before anything is read; ``create=False`` refuses a case file
    that does not exist.
    """
    try:
        opened = open_session(
            url,
            user=user or os.environ.get("THREADLINE_USER"),
            password_for=ask_password,
            config=config,
            create=create,
        )
    except StoreError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    except AccessError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1 if "password" in str(error).lower() else 2) from error
    if permission is not None:
        try:
            opened.user.require(permission)
        except PermissionDenied as error:
            opened.close()
            console.print(f"[red]{error}[/red]")
            raise typer.Exit(1) from error
    return opened


def connect(url: str | None, create: bool = True) -> GraphStore:
    """The store as the acting user may see it, closing with its session (see :func:`session`).

    In single-user mode (no users file) this is still the raw store, as the command line has
    always shown it; the workspace shows the local analyst pseudonyms (issue: make them agree).
    """
    opened = session(url, create=create)
    store: GraphStore = opened.case_store if opened.local else opened.store
    close_store = opened.case_store.close

    def close() -> None:  # the command owns the store and the log for its run
        close_store()
        opened.audit.close()

    store.close = close  # type: ignore[method-assign]
    return store


def connect_raw(url: str | None, create: bool = True) -> GraphStore:
    """The store itself, for the retention commands that scope what they show by the reviewer's cases."""
    try:
        return open_store(url, create=create)
    except StoreError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
