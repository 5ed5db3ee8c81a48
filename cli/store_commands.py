"""Store commands: what is in a case (stats, reports, search, show) and purging a report."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from casework import decisions
from cli.common import JsonOption, StoreOption, connect, console, session


def stats(
    store: StoreOption = None,
    case: Annotated[str | None, typer.Option(help="Only this case")] = None,
    as_json: JsonOption = False,
) -> None:
    """Count reports, entities by kind, links by type and calls."""
    with connect(store) as graph_store:
        result = graph_store.stats(case)
    if as_json:
        print(json.dumps(asdict(result), indent=2))
        return
    table = Table("what", "count", title=f"Case {case}" if case else "All cases")
    table.add_row("reports", str(result.reports))
    for kind, count in sorted(result.entities.items()):
        table.add_row(f"entities: {kind}", str(count))
    for link_type, count in sorted(result.links.items()):
        table.add_row(f"links: {link_type}", str(count))
    table.add_row("mentions", str(result.mentions))
    table.add_row("calls", str(result.calls))
    console.print(table)
    if result.cases:
        console.print("cases: " + ", ".join(result.cases))


def search(
    query: Annotated[str, typer.Argument(help="A name, alias or phone number in any format")],
    store: StoreOption = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Only entities of this kind (repeatable)")] = None,
    limit: int = 20,
    as_json: JsonOption = False,
) -> None:
    """Find entities by name, alias or phone number (case-insensitive, prefix and fuzzy)."""
    with connect(store) as graph_store:
        hits = graph_store.search(query, kinds=kind, limit=limit)
    if as_json:
        print(json.dumps([{"score": h.score, "matched": h.matched, **h.entity.to_dict()} for h in hits], indent=2))
        return
    table = Table("id", "kind", "name", "matched", "score")
    for hit in hits:
        table.add_row(hit.entity.id, hit.entity.kind, hit.entity.name, hit.matched, f"{hit.score:.2f}")
    console.print(table)


def show(
    entity_id: Annotated[str, typer.Argument(help="Entity id (see `threadline search`)")],
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """An entity's profile: aliases, role, links with their evidence, reports."""
    with connect(store) as graph_store:
        entity = graph_store.get_entity(entity_id)
        if entity is None:
            console.print(f"[red]No entity {entity_id!r}[/red]: find ids with `threadline search NAME`.")
            raise typer.Exit(1)
        around = graph_store.neighbourhood([entity.id], hops=1)
        reports = graph_store.reports_mentioning(entity.id)
    names = {e.id: e.name for e in around.entities}
    links = [k for k in around.links if entity.id in (k.source, k.target)]
    if as_json:
        print(
            json.dumps(
                {"entity": entity.to_dict(), "links": [asdict(k) for k in links], "reports": [r.id for r in reports]},
                indent=2,
            )
        )
        return
    console.print(f"[bold]{entity.name}[/bold] ({entity.kind}, {entity.id})")
    for key, value in entity.properties().items():
        if value not in (None, ""):
            console.print(f"  {key}: {value}")
    if entity.aliases:
        console.print("  aliases: " + ", ".join(entity.aliases))
    table = Table("link", "other", "confidence", "method", "sentence", title="Links")
    for link in links:
        other = link.target if link.source == entity.id else link.source
        arrow = f"{link.type} →" if link.source == entity.id else f"← {link.type}"
        table.add_row(arrow, names.get(other, other), f"{link.confidence:.2f}", link.method, link.sentence)
    console.print(table)
    console.print(f"Mentioned in {len(reports)} report(s): " + ", ".join(r.title or r.id for r in reports))


def reports(
    store: StoreOption = None,
    case: Annotated[str | None, typer.Option(help="Only this case")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the reports in the store, newest ingest first."""
    with connect(store) as graph_store:
        found = graph_store.reports(case)
    if as_json:
        print(json.dumps([{k: v for k, v in asdict(r).items() if k != "text"} for r in found], indent=2))
        return
    table = Table("id", "title", "case", "date", "grading", "source")
    for report in found:
        table.add_row(
            report.id, report.title, report.case, report.reported_at or "", str(report.grading), report.source
        )
    console.print(table)


def purge(
    report_id: Annotated[str, typer.Argument(help="Report id (see `threadline reports`)")],
    reason: Annotated[str, typer.Option("--reason", help="Why the report is purged (required; audited)")],
    store: StoreOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
) -> None:
    """Remove a report and exactly what only it supported (needs the purge permission and a reason)."""
    with session(store) as case:
        report = case.store.get_report(report_id)
        if report is None:
            console.print(f"[red]No report {report_id!r}[/red]: list them with `threadline reports`.")
            raise typer.Exit(1)
        if not yes:
            typer.confirm(f"Purge report {report.title or report.id} and what only it supports?", abort=True)
        result = decisions.purge(case, report_id, reason)
    console.print(
        f"Purged {report_id}: {result.mentions_removed} mentions, {result.links_removed} links, "
        f"{len(result.entities_removed)} entities no longer supported ({', '.join(result.entities_removed) or 'none'})."
    )


def register(app: typer.Typer) -> None:
    app.command()(stats)
    app.command()(search)
    app.command()(show)
    app.command()(reports)
    app.command()(purge)
