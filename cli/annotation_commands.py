"""The analyst's hand from the command line: ``threadline link``, ``entity``, ``note``, ``view``, ``watch``,
``alerts`` and ``case owner``. Thin over :mod:`casework.annotations` and :mod:`casework.watch`: parse,
call, print (report text and names are escaped for the terminal's markup)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from casework import annotations as hand
from casework import watch as watching
from cli.common import JsonOption, StoreOption, session  # a CaseSession: `with session(url) as acting`
from governance.access import AccessError
from graph.model import LinkFilter
from graph.store import StoreError

console = Console()
T = TypeVar("T")

link_app = typer.Typer(help="Confirm, reject, correct or add links; undo a decision.", no_args_is_help=True)
entity_app = typer.Typer(help="Mark an entity false, correct its kind, add one by hand.", no_args_is_help=True)
note_app = typer.Typer(help="Notes on entities, links and reports.", no_args_is_help=True)
view_app = typer.Typer(help="Saved views: named selections of the graph, shared in a case.", no_args_is_help=True)
watch_app = typer.Typer(help="Watch a person, phone, plate, e-mail or handle.", no_args_is_help=True)
case_app = typer.Typer(help="Cases: who owns one (other cases are told to contact them).", no_args_is_help=True)

ReportOption = Annotated[str | None, typer.Option("--report", help="Only the link from this report")]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why (kept with the decision and audited)")]
CaseOption = Annotated[str, typer.Option("--case", help="The case (default: your only case)")]


def _do(action: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a use case; a refusal becomes a red message and exit code 1, never a stack trace."""
    try:
        return action(*args, **kwargs)
    except (StoreError, AccessError) as error:
        console.print(f"[red]{escape(str(error))}[/red]")
        raise typer.Exit(1) from error


def _said(what: str, decision: Any) -> None:
    console.print(f"{what} (decision {escape(decision.id)}; undo with `threadline link undo {escape(decision.id)}`).")


# -- links ------------------------------------------------------------------------------------


@link_app.command("confirm")
def link_confirm(
    link_type: str,
    source: str,
    target: str,
    report: ReportOption = None,
    reason: ReasonOption = "",
    store: StoreOption = None,
) -> None:
    """Mark a link analyst-confirmed."""
    with session(store) as acting:
        decision = _do(hand.confirm_link, acting, link_type.upper(), source, target, report, reason)
    _said(f"Confirmed {link_type.upper()} {escape(source)} -> {escape(target)}", decision)


@link_app.command("reject")
def link_reject(
    link_type: str,
    source: str,
    target: str,
    reason: Annotated[str, typer.Option("--reason", help="Why the link is false (required)")],
    report: ReportOption = None,
    store: StoreOption = None,
) -> None:
    """Take a false link out of analysis, paths, exports and the graph (kept with the decision)."""
    with session(store) as acting:
        decision = _do(hand.reject_link, acting, link_type.upper(), source, target, reason, report)
    _said(f"Rejected {link_type.upper()} {escape(source)} -> {escape(target)}", decision)


@link_app.command("correct")
def link_correct(
    link_type: str,
    source: str,
    target: str,
    new_type: Annotated[str | None, typer.Option("--type", help="The right link type")] = None,
    new_source: Annotated[str | None, typer.Option("--source", help="The right source entity")] = None,
    new_target: Annotated[str | None, typer.Option("--target", help="The right target entity")] = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="The link runs the other way")] = False,
    report: ReportOption = None,
    reason: ReasonOption = "",
    store: StoreOption = None,
) -> None:
    """Correct a link's type, direction or an end (its evidence stays with it)."""
    with session(store) as acting:
        decision = _do(
            hand.correct_link,
            acting,
            link_type.upper(),
            source,
            target,
            new_type=new_type.upper() if new_type else None,
            new_source=new_source,
            new_target=new_target,
            reverse=reverse,
            report_id=report,
            reason=reason,
        )
    new = decision.corrected()
    _said(f"Corrected to {new[0]} {escape(new[1])} -> {escape(new[2])}", decision)


@link_app.command("add")
def link_add(
    link_type: str,
    source: str,
    target: str,
    report: Annotated[str | None, typer.Option("--report", help="The report that supports it")] = None,
    sentence: Annotated[str, typer.Option("--sentence", help="The sentence of that report")] = "",
    note: Annotated[str, typer.Option("--note", help="A free note instead of (or beside) a report")] = "",
    grading: Annotated[str, typer.Option("--grading", help="Your grading of the link, e.g. B2")] = "",
    case: CaseOption = "",
    reason: ReasonOption = "",
    store: StoreOption = None,
) -> None:
    """Add a link by hand between two entities, citing a report and sentence or a free note."""
    with session(store) as acting:
        decision = _do(
            hand.add_link,
            acting,
            link_type.upper(),
            source,
            target,
            report_id=report,
            sentence=sentence,
            note=note,
            grading=grading,
            case=case,
            reason=reason,
        )
    _said(f"Added {link_type.upper()} {escape(source)} -> {escape(target)}", decision)


@link_app.command("undo")
def link_undo(decision_id: str, store: StoreOption = None) -> None:
    """Reverse a link decision."""
    with session(store) as acting:
        decision = _do(hand.undo_link_decision, acting, decision_id)
    console.print(
        f"Undid the {decision.action} of {decision.type} {escape(decision.source)} -> {escape(decision.target)}."
    )


@link_app.command("decisions")
def link_decisions(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Every link decision in your cases (undone ones marked)."""
    with session(store) as acting:
        found = hand.link_decisions(acting)
    if as_json:
        print(json.dumps([asdict(d) for d in found], indent=2, ensure_ascii=False))
        return
    table = Table("id", "action", "link", "by", "at", "reason", "state", title="Link decisions")
    for d in found:
        state = "undone" if d.undone else (d.review or "live")
        table.add_row(
            d.id,
            d.action,
            escape(f"{d.type} {d.source} -> {d.target}"),
            escape(d.by),
            d.at,
            escape(d.reason),
            escape(state),
        )
    console.print(table)


# -- entities ---------------------------------------------------------------------------------


@entity_app.command("reject")
def entity_reject(
    entity_id: str,
    reason: Annotated[str, typer.Option("--reason", help="Why it is false (required)")],
    store: StoreOption = None,
) -> None:
    """Mark an entity false: it and its links leave analysis."""
    with session(store) as acting:
        decision = _do(hand.reject_entity, acting, entity_id, reason)
    console.print(f"Marked {escape(entity_id)} false (decision {decision.id}; `threadline entity undo {decision.id}`).")


@entity_app.command("kind")
def entity_kind(entity_id: str, kind: str, reason: ReasonOption = "", store: StoreOption = None) -> None:
    """Correct an entity's kind (PERSON, LOCATION, PHONE, ORG, EMAIL, VEHICLE, HANDLE)."""
    with session(store) as acting:
        decision = _do(hand.correct_kind, acting, entity_id, kind.upper(), reason)
    console.print(f"{escape(entity_id)} is now of kind {decision.kind} (was {decision.before}; decision {decision.id}).")


@entity_app.command("add")
def entity_add(
    kind: str, name: str, case: CaseOption = "", reason: ReasonOption = "", store: StoreOption = None
) -> None:
    """Add an entity by hand."""
    with session(store) as acting:
        decision = _do(hand.add_entity, acting, kind.upper(), name, case, reason)
    console.print(
        f"Added {decision.kind} {escape(decision.name)} as {escape(decision.entity_id)} (decision {decision.id})."
    )


@entity_app.command("undo")
def entity_undo(decision_id: str, store: StoreOption = None) -> None:
    """Reverse an entity decision."""
    with session(store) as acting:
        decision = _do(hand.undo_entity_decision, acting, decision_id)
    console.print(f"Undid the {decision.action} decision on {escape(decision.entity_id)}.")


# -- notes --------------------------------------------------------------------------------------


@note_app.command("add")
def note_add(
    on: Annotated[str, typer.Argument(help="entity, link or report")],
    subject: Annotated[str, typer.Argument(help="Entity id, report id, or TYPE|SOURCE|TARGET for a link")],
    text: Annotated[str, typer.Argument(help="The note (plain text)")],
    case: CaseOption = "",
    store: StoreOption = None,
) -> None:
    """Write a note on an entity, a link or a report."""
    with session(store) as acting:
        note = _do(hand.add_note, acting, on.lower(), subject, text, case)
    console.print(f"Noted on {escape(note.subject)} ({note.id}).")


@note_app.command("list")
def note_list(
    subject: Annotated[str | None, typer.Option("--on", help="Only notes on this subject")] = None,
    search: Annotated[str | None, typer.Option("--search", help="Only notes containing this text")] = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """List notes (on one subject; containing some text)."""
    with session(store) as acting:
        found = hand.notes(acting, subject, search)
    if as_json:
        print(json.dumps([asdict(n) for n in found], indent=2, ensure_ascii=False))
        return
    table = Table("on", "subject", "note", "by", "at", title="Notes")
    for n in found:
        table.add_row(n.subject_kind, escape(n.subject), escape(n.text), escape(n.by), n.at)
    console.print(table)


# -- saved views -----------------------------------------------------------------------------------


@view_app.command("save")
def view_save(
    name: str,
    entity: Annotated[list[str], typer.Option("--entity", help="An entity of the view (repeatable)")],
    hops: Annotated[int, typer.Option("--hops", min=0, help="Links out from them")] = 1,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Only these entity kinds (repeatable)")] = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence")] = 0.0,
    case: CaseOption = "",
    store: StoreOption = None,
) -> None:
    """Save a named view in the case (its users can open it)."""
    filters = LinkFilter(kinds=[k.upper() for k in kind] if kind else None, min_confidence=min_confidence)
    from render.graph_view import pinned_layout  # pyvis and numpy: only when a view is saved

    with session(store) as acting:
        layout = pinned_layout(acting.store.neighbourhood(entity, hops=hops, filters=filters))
        view = _do(hand.save_view, acting, name, entity, hops, filters, layout, case)
    console.print(f"Saved view {escape(view.name)} in case {escape(view.case or '-')}.")


@view_app.command("list")
def view_list(store: StoreOption = None) -> None:
    """The saved views of your cases."""
    with session(store) as acting:
        found = hand.views(acting)
    table = Table("name", "case", "entities", "hops", "by", "at", title="Saved views")
    for v in found:
        table.add_row(escape(v.name), escape(v.case), escape(", ".join(v.entities)), str(v.hops), escape(v.by), v.at)
    console.print(table)


@view_app.command("open")
def view_open(name: str, store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Open a saved view: the entities and links it selects now."""
    with session(store) as acting:
        view, subgraph = _do(hand.open_view, acting, name)
    if as_json:
        print(
            json.dumps({"view": asdict(view), "subgraph": asdict(subgraph)}, indent=2, ensure_ascii=False, default=str)
        )
        return
    console.print(f"View {escape(view.name)}: {len(subgraph.entities)} entities, {len(subgraph.links)} links.")
    for link in subgraph.links:
        console.print(f"  {escape(link.source)} -[{link.type}]-> {escape(link.target)}")


# -- watches and alerts ---------------------------------------------------------------------------


@watch_app.command("add")
def watch_add(
    kind: Annotated[str, typer.Argument(help="person, phone, plate, email or handle")],
    value: Annotated[str, typer.Argument(help="The name, number, plate, address or handle")],
    case: CaseOption = "",
    store: StoreOption = None,
) -> None:
    """Watch an identifier: later ingests that name it alert you."""
    with session(store) as acting:
        item = _do(watching.watch, acting, kind, value, case)
    console.print(f"Watching {item.kind.lower()} {escape(item.label)} ({item.id}).")


@watch_app.command("list")
def watch_list(store: StoreOption = None) -> None:
    """What you watch."""
    with session(store) as acting:
        found = watching.watches(acting)
    table = Table("id", "kind", "watching", "since", title="Your watchlist")
    for w in found:
        table.add_row(w.id, w.kind.lower(), escape(w.label or w.value), w.at)
    console.print(table)


@watch_app.command("remove")
def watch_remove(watch_id: str, store: StoreOption = None) -> None:
    """Stop watching."""
    with session(store) as acting:
        removed = watching.unwatch(acting, watch_id)
    if not removed:
        console.print(f"[red]You have no watch {escape(watch_id)} (see `threadline watch list`).[/red]")
        raise typer.Exit(1)
    console.print(f"Stopped watching ({escape(watch_id)}).")


def alerts(
    all_alerts: Annotated[bool, typer.Option("--all", help="Seen ones too")] = False,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Your alerts: watched identifiers named again, other cases holding one of yours."""
    with session(store) as acting:
        found = watching.alerts(acting, unseen_only=not all_alerts)
        for alert in found:
            watching.mark_seen(acting, alert.id)
    if as_json:
        print(json.dumps([asdict(a) for a in found], indent=2, ensure_ascii=False))
        return
    if not found:
        console.print("No new alerts.")
        return
    for alert in found:
        console.print(f"[bold]{alert.at}[/bold] {alert.kind}: {escape(alert.message)}")


@case_app.command("owner")
def case_owner(
    case: str,
    owner: Annotated[str | None, typer.Argument(help="The new owner (omit to show the current one)")] = None,
    store: StoreOption = None,
) -> None:
    """Show or set who owns a case (admins only set it)."""
    with session(store) as acting:
        if owner is None:
            console.print(escape(acting.store.case_owner(case) or "(no owner recorded)"))
            return
        _do(acting.store.set_case_owner, case, owner)
    console.print(f"{escape(owner)} owns case {escape(case)}.")


def register(app: typer.Typer) -> None:
    app.add_typer(link_app, name="link")
    app.add_typer(entity_app, name="entity")
    app.add_typer(note_app, name="note")
    app.add_typer(view_app, name="view")
    app.add_typer(watch_app, name="watch")
    app.add_typer(case_app, name="case")
    app.command("alerts")(alerts)
