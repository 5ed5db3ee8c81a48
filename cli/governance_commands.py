"""Governance commands: users (`threadline user`), the audit log (`threadline audit`) and
retention review (`threadline review`). Thin layers over :mod:`governance`.

When the users file (``config/users.toml`` or ``THREADLINE_USERS``) has users, commands that
act on the case ask who is acting (``--user`` or ``THREADLINE_USER``) and for their password
(prompted, or ``THREADLINE_PASSWORD``), check the role's permission, and limit what is shown
to the user's cases. With no users file they run as a single local user.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

import casework.session as casework_session
from cli.common import ConfigOption, JsonOption, StoreOption, UserOption, ask_password, connect_raw, console, plain
from governance import retention
from governance.access import (
    AccessError,
    PermissionDenied,
    User,
    add_user,
    load_users,
    require_admin_to_change_users,
    require_single_user_mode_allowed,
    save_users,
)
from governance.audit import AuditError, AuditLog, audit_path_for
from graph.backends import case_file
from graph.store import StoreError

user_app = typer.Typer(help="Users and roles: who may sign in and what they may see.", no_args_is_help=True)
audit_app = typer.Typer(help="The append-only audit log: show, export, verify.", no_args_is_help=True)
review_app = typer.Typer(help="Retention review: reports due, validate, purge.", no_args_is_help=True)


def open_audit(store: str | None, config: str | None = None, existing: bool = False) -> AuditLog:
    """The audit log of a store (see :func:`casework.session.open_audit`); with ``existing``, exit
    with a message when there is none (reading a log must not create one, nor its folders)."""
    try:
        settings = load_users(config).settings
    except AccessError:
        settings = None
    path = audit_path_for(store, settings.audit_path if settings else None)
    try:
        case = case_file(store)
    except StoreError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    if existing and not path.exists() and case is not None and not case.exists():
        console.print(f"[red]No case file at {case} (nor audit log): check --store or THREADLINE_STORE.[/red]")
        raise typer.Exit(2)
    return casework_session.open_audit(store, settings)


def acting_user(name: str | None, config: str | None, audit: AuditLog, permission: str | None = None) -> User | None:
    """The signed-in user (None when no users are configured); exits with a message otherwise."""
    try:
        directory = load_users(config)
        if not directory.users:
            require_single_user_mode_allowed(audit)
            return None
        user = casework_session.acting_user(directory, name, ask_password, audit)
    except AccessError as error:
        console.print(plain(error), style="red")
        raise typer.Exit(1 if isinstance(error, casework_session.SignInError) and name else 2) from error
    if permission is not None:
        try:
            user.require(permission)
        except PermissionDenied as error:
            console.print(plain(error), style="red")
            raise typer.Exit(1) from error
    return user


# --- users -----------------------------------------------------------------------------------------


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="The user's sign-in name")],
    role: Annotated[str, typer.Option("--role", help="admin, analyst or viewer")] = "viewer",
    case: Annotated[
        list[str] | None, typer.Option("--case", help="A case they are assigned (repeatable; * = all)")
    ] = None,
    display_name: Annotated[str, typer.Option("--display-name", help="Full name shown in the app")] = "",
    email: Annotated[str, typer.Option("--email", help="Address an OIDC sign-in (st.login) gives for them")] = "",
    replace: Annotated[bool, typer.Option("--replace", help="Replace an existing user (e.g. a new password)")] = False,
    config: ConfigOption = None,
    store: StoreOption = None,
    by: Annotated[str, typer.Option("--by", help="Who is making the change (for the audit log)")] = "",
) -> None:
    """Add a user to the users file; the password is asked for and only its bcrypt hash is kept.
    Once the file has users, an administrator signs in first (``--by``, password asked or
    THREADLINE_PASSWORD)."""
    with open_audit(store, config) as audit:
        try:
            directory = load_users(config, missing_ok=True)
            admin = acting_user(by, config, audit, "admin") if directory.users else None
            require_admin_to_change_users(directory, admin)
            password = typer.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True)
            with audit.writing(
                admin.name if admin else (by or os.environ.get("USER", "admin")),
                "user-change",
                subject=name,
                detail={"role": role, "cases": list(case or []), "replaced": replace},
            ):
                user = add_user(
                    directory, name, role, password, case or [], display_name, replace_existing=replace, email=email
                )
                path = save_users(directory)
        except (AccessError, AuditError) as error:
            console.print(str(error), style="red", markup=False)
            raise typer.Exit(1) from error
    console.print(
        f"{'Replaced' if replace else 'Added'} {user.name} ({user.role}; cases: {', '.join(user.cases) or 'none'}) in {path}"
    )


@user_app.command("list")
def user_list(config: ConfigOption = None, as_json: JsonOption = False) -> None:
    """The users in the users file, their roles and cases (never their hashes)."""
    try:
        directory = load_users(config)
    except AccessError as error:
        console.print(plain(error), style="red")
        raise typer.Exit(2) from error
    rows = [
        {"name": u.name, "role": u.role, "cases": list(u.cases), "permissions": sorted(u.permissions)}
        for u in directory.users.values()
    ]
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    table = Table("name", "role", "cases", "permissions")
    for row in rows:
        table.add_row(row["name"], row["role"], ", ".join(row["cases"]), ", ".join(row["permissions"]))
    console.print(table)


# --- audit -----------------------------------------------------------------------------------------


@audit_app.command("show")
def audit_show(
    store: StoreOption = None,
    action: Annotated[str | None, typer.Option(help="Only this action (e.g. reveal, export)")] = None,
    who: Annotated[str | None, typer.Option(help="Only this person")] = None,
    limit: Annotated[int, typer.Option(help="The last N records")] = 50,
    user: UserOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """The latest audit records (admins only when users are configured)."""
    with open_audit(store, config, existing=True) as audit:
        acting_user(user, config, audit, "admin")
        records = audit.records(action=action, who=who, limit=limit)
    if as_json:
        print(json.dumps([asdict(r) for r in records], indent=2, ensure_ascii=False))
        return
    table = Table("#", "when", "who", "action", "subject", "reason", "recipient")
    for r in records:
        table.add_row(str(r.seq), r.at, r.who, r.action, r.subject, r.reason, r.recipient)
    console.print(table)


@audit_app.command("export")
def audit_export(
    path: Annotated[Path, typer.Argument(help="File to write")],
    store: StoreOption = None,
    fmt: Annotated[str, typer.Option("--format", help="csv or jsonl")] = "csv",
    reason: Annotated[str, typer.Option("--reason", help="Why the log is exported (logged)")] = "",
    user: UserOption = None,
    config: ConfigOption = None,
) -> None:
    """Write the whole audit log to CSV or JSON Lines; the export itself is logged."""
    with open_audit(store, config, existing=True) as audit:
        actor = acting_user(user, config, audit, "admin")
        audit.record(
            actor.name if actor else (user or os.environ.get("USER", "admin")),
            "audit-export",
            subject=str(path),
            reason=reason,
            detail={"format": fmt},
        )
        count = audit.export(path, fmt)
    console.print(f"Wrote {count} audit records to {path}")


@audit_app.command("verify")
def audit_verify(store: StoreOption = None, config: ConfigOption = None) -> None:
    """Check the hash chain: exit 0 when intact, 1 (naming the first bad record) when not."""
    with open_audit(store, config, existing=True) as audit:
        check = audit.verify_chain()
    if check.ok:
        anchored = "anchored in the case store" if check.anchored else "no head anchored in the case store yet"
        console.print(f"Audit log intact: {check.records} records; head {check.head[:16]} ({anchored})")
        return
    console.print(f"[red]Audit log tampered with: {check.problem} (checked {check.records} records).[/red]")
    raise typer.Exit(1)


# --- retention review ---------------------------------------------------------------------------------


def _review_years(config: str | None) -> int:
    try:
        return load_users(config).settings.review_years
    except AccessError:
        return retention.DEFAULT_REVIEW_YEARS


@review_app.command("due")
def review_due(
    store: StoreOption = None,
    on: Annotated[str | None, typer.Option(help="Due on this date (YYYY-MM-DD; default today)")] = None,
    case: Annotated[str | None, typer.Option(help="Only this case")] = None,
    user: UserOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """The review queue: reports whose review-by date has come, most overdue first."""
    with connect_raw(store) as graph_store, open_audit(store, config) as audit:
        actor = acting_user(user, config, audit)
        cases = None if actor is None or "*" in actor.cases else list(actor.cases)
        try:
            due = retention.reports_due(graph_store, on, audit, case, cases, _review_years(config))
        except retention.RetentionError as error:
            console.print(plain(error), style="red")
            raise typer.Exit(2) from error
    if as_json:
        rows = [
            {
                "id": d.report.id,
                "title": d.report.title,
                "case": d.report.case,
                "review_by": d.review_by.isoformat(),
                "last_validated": asdict(d.last_validation) if d.last_validation else None,
            }
            for d in due
        ]
        print(json.dumps(rows, indent=2))
        return
    table = Table("id", "title", "case", "review by", "last validated", title=f"{len(due)} report(s) due")
    for d in due:
        last = f"{d.last_validation.at[:10]} by {d.last_validation.reviewer}" if d.last_validation else ""
        table.add_row(d.report.id, d.report.title, d.report.case, d.review_by.isoformat(), last)
    console.print(table)


@review_app.command("validate")
def review_validate(
    report_id: Annotated[str, typer.Argument(help="Report id (see `threadline review due`)")],
    reason: Annotated[str, typer.Option("--reason", help="Why the report is still needed")],
    reviewer: Annotated[str, typer.Option("--reviewer", help="Reviewer's name (default: the signed-in user)")] = "",
    store: StoreOption = None,
    user: UserOption = None,
    config: ConfigOption = None,
) -> None:
    """Keep a report for another review period, recording the reviewer, the date and the reason."""
    with connect_raw(store) as graph_store, open_audit(store, config) as audit:
        actor = acting_user(user, config, audit, "purge")
        name = actor.name if actor else (reviewer or user or "")
        kept = retention.validate(graph_store, report_id, actor or name, reason, audit, _review_years(config))
    console.print(f"Validated {report_id} ({kept.reviewer}, {kept.at[:10]}): next review by {kept.review_by}")


@review_app.command("purge")
def review_purge(
    reason: Annotated[str, typer.Option("--reason", help="Why the reports are purged")],
    report_id: Annotated[list[str] | None, typer.Argument(help="Only these due reports (default: all due)")] = None,
    reviewer: Annotated[str, typer.Option("--reviewer", help="Reviewer's name (default: the signed-in user)")] = "",
    on: Annotated[str | None, typer.Option(help="Due on this date (default today)")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
    store: StoreOption = None,
    user: UserOption = None,
    config: ConfigOption = None,
) -> None:
    """Purge reports due for review, and exactly what only they supported."""
    with connect_raw(store) as graph_store, open_audit(store, config) as audit:
        actor = acting_user(user, config, audit, "purge")
        name = actor.name if actor else (reviewer or user or "")
        cases = None if actor is None or "*" in actor.cases else list(actor.cases)
        years = _review_years(config)
        due = retention.reports_due(graph_store, on, audit, cases=cases, years=years)
        chosen = [d for d in due if not report_id or d.report.id in report_id]
        missing = sorted(set(report_id or []) - {d.report.id for d in due})
        if missing:
            console.print(f"[red]Not due for review (or not yours to review): {', '.join(missing)}[/red]")
            raise typer.Exit(1)
        if not chosen:
            console.print("Nothing is due.")
            return
        if not yes:
            typer.confirm(f"Purge {len(chosen)} report(s) and what only they support?", abort=True)
        results = [retention.purge(graph_store, d.report.id, name, reason, audit) for d in chosen]
    for result in results:
        console.print(
            f"Purged {result.report_id}: {result.mentions_removed} mentions, {result.links_removed} links, "
            f"{len(result.entities_removed)} entities no longer supported"
        )


def pseudonym_key() -> None:
    """Print a fresh random pseudonym key for THREADLINE_PSEUDONYM_SECRET. Setting a new key rotates
    it: victims' V-numbers are drawn again under the new key (still never two on one number)."""
    from governance.redaction import new_secret

    print(new_secret())


def register(app: typer.Typer) -> None:
    app.command("pseudonym-key")(pseudonym_key)
    app.add_typer(user_app, name="user")
    app.add_typer(audit_app, name="audit")
    app.add_typer(review_app, name="review")
