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
from rich.text import Text

from casework.session import CaseSession, open_session
from governance.access import AccessError, PermissionDenied
from governance.guard import GuardedStore
from governance.redaction import PseudonymKeyError
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


def plain(text: object) -> Text:
    """Text for the terminal exactly as written: never read as Rich markup (``[/bold]`` in a file
    name or an error stays those characters) and control characters (ANSI escapes) shown as
    ``\\x1b`` rather than sent to the terminal."""
    shown = "".join(c if c.isprintable() or c in "\n\t" else repr(c)[1:-1] for c in str(text))
    return Text(shown)


def ask_password(name: str) -> str:
    """``THREADLINE_PASSWORD``, else a prompt that does not echo."""
    return os.environ.get("THREADLINE_PASSWORD") or typer.prompt(f"Password for {name}", hide_input=True)


def session(
    url: str | None,
    *,
    user: str | None = None,
    config: str | None = None,
    permission: str | None = None,
    create: bool = False,
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
    except (StoreError, PseudonymKeyError) as error:
        console.print(str(error), style="red", markup=False)
        raise typer.Exit(2) from error
    except AccessError as error:
        console.print(str(error), style="red", markup=False)
        raise typer.Exit(1 if "password" in str(error).lower() else 2) from error
    for warning in opened.warnings:
        typer.echo(f"Warning: {warning}", err=True)
    if permission is not None:
        try:
            opened.user.require(permission)
        except PermissionDenied as error:
            opened.close()
            console.print(plain(error), style="red")
            raise typer.Exit(1) from error
    return opened


def connect(url: str | None, create: bool = False) -> GuardedStore:
    """The store as the acting user may see it, closing with its session (see :func:`session`).

    Single-user mode is the local analyst, guarded like anyone else: victims appear as
    pseudonyms here exactly as in the workspace. Only commands that add to a case pass
    ``create=True``; the others refuse a case file that does not exist.
    """
    opened = session(url, create=create)
    guarded = opened.store
    guarded.close = opened.close  # type: ignore[method-assign]  # the command owns store and log for its run
    return guarded


def connect_raw(url: str | None, create: bool = False) -> GraphStore:
    """The store itself, for the retention commands that scope what they show by the reviewer's cases."""
    try:
        return open_store(url, create=create)
    except StoreError as error:
        console.print(plain(error), style="red")
        raise typer.Exit(2) from error
