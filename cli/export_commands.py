"""`threadline export`: the case (or one entity's network) as HTML, GraphML, GEXF, CSV, an evidence pack,
the prosecutor's PDF pack, FollowTheMoney, an i2 chart or a Maltego graph; `threadline import-ftm`.

Goes through the same gate as the workspace's Export page (:func:`casework.exports.export_files` over a
:class:`governance.guard.GuardedStore`): the acting user's cases only, victims as pseudonyms, and a
recipient and reason written to the audit log (the dissemination log) before anything is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from casework.exchange import PackDetails
from casework.exports import FORMATS, export_files, view_for
from cli.common import ConfigOption, UserOption, session
from governance.guard import GuardedStore
from graph.model import LinkFilter

console = Console()


def _resolve(store: GuardedStore, names: list[str]) -> list[str]:
    """Entity ids for names, aliases, numbers or ids given on the command line (best match each)."""
    ids = []
    for name in names:
        entity = store.get_entity(name)
        if entity is None:
            hits = store.search(name, limit=1)
            if not hits:
                console.print(f"[red]No entity matches {name!r}.[/red] Try `threadline search {name!r}`.")
                raise typer.Exit(1)
            entity = hits[0].entity
            console.print(f"{name!r} → {entity.name} ({entity.id})")
        ids.append(entity.id)
    return ids


def export(
    out: Annotated[Path, typer.Option("--out", help="File to write (for csv: a folder for nodes.csv and links.csv)")],
    fmt: Annotated[
        str, typer.Option("--format", help="html | graphml | gexf | csv | evidence | pdf | ftm | anx | mtgx")
    ] = "html",
    store: Annotated[
        str | None, typer.Option("--store", help="Store URL (default THREADLINE_STORE or ./threadline.db)")
    ] = None,
    entity: Annotated[
        list[str] | None, typer.Option("--entity", help="Name, alias, number or id of an entity (repeatable)")
    ] = None,
    hops: Annotated[int, typer.Option("--hops", min=1, max=5, help="Hops around --entity")] = 1,
    min_confidence: Annotated[float, typer.Option("--min-confidence", help="Leave out weaker links")] = 0.0,
    min_grading: Annotated[
        str | None, typer.Option("--min-grading", help="e.g. B2: only evidence graded so or better")
    ] = None,
    case: Annotated[str | None, typer.Option("--case", help="Only this case")] = None,
    title: Annotated[str, typer.Option("--title", help="Heading of HTML exports")] = "Threadline export",
    recipient: Annotated[
        str, typer.Option("--recipient", help="Who the export goes to (required: dissemination log)")
    ] = "",
    reason: Annotated[str, typer.Option("--reason", help="Why it is exported (required: dissemination log)")] = "",
    operation: Annotated[str, typer.Option("--operation", help="Operation named on the PDF pack's cover")] = "",
    rationale: Annotated[
        list[str] | None, typer.Option("--rationale", help="Why these entities, for the PDF pack (repeatable)")
    ] = None,
    user: UserOption = None,
    config: ConfigOption = None,
) -> None:
    """Export the case, or the network around some entities, with the evidence for every link.

    pdf: the prosecutor's pack; ftm: FollowTheMoney (Aleph); anx: i2 Analyst's Notebook; mtgx: Maltego."""
    if fmt not in FORMATS:
        console.print(f"[red]Unknown format {fmt!r}[/red]: use one of {', '.join(FORMATS)}.")
        raise typer.Exit(1)
    if not recipient.strip() or not reason.strip():
        console.print("[red]Say who the export is for and why: --recipient and --reason (they are logged).[/red]")
        raise typer.Exit(1)
    filters = LinkFilter(min_confidence=min_confidence, min_grading=min_grading, case=case)
    with session(store, user=user, config=config, permission="export", create=False) as case:
        graph_store = case.store
        ids = _resolve(graph_store, entity or [])
        view = view_for(graph_store, ids, hops, filters)
        files = export_files(  # an ExportError is shown by the command's error handler (cli/main.py)
            graph_store,
            fmt,
            view,
            recipient=recipient,
            reason=reason,
            targets=ids,
            filters=filters,
            title=title,
            highlight=ids,
            details=PackDetails(operation=operation, rationale=tuple(rationale or ())),
        )
    if fmt == "csv":
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / name for name in files]
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        paths = [out]
    for path, content in zip(paths, files.values(), strict=True):
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        path.write_bytes(data)
        console.print(f"wrote {path} ({len(data):,} bytes)")
    console.print(f"{len(view.entities)} entities, {len(view.links)} links, {len(view.calls)} call pairs")


def import_ftm(
    file: Annotated[
        Path, typer.Argument(help="FollowTheMoney entities, one JSON object a line (Aleph, OpenSanctions)")
    ],
    store: Annotated[
        str | None, typer.Option("--store", help="Store URL (default THREADLINE_STORE or ./threadline.db)")
    ] = None,
    case: Annotated[str, typer.Option("--case", help="Case the imported reports belong to")] = "default",
) -> None:
    """Import FollowTheMoney entities as entities, links and calls, each link with the document it came from.

    Entities get ids from their names as `import-links` gives them (the same name is the same
    entity); review merge candidates afterwards for the rest."""
    from casework.exchange import import_ftm_file
    from cli.common import connect
    from extract.ftm_import import FtmImportError
    from governance.access import AccessError
    from graph.store import StoreError

    with connect(store, create=True) as graph_store:
        try:
            outcome = import_ftm_file(graph_store, file, case=case)
        except FtmImportError as error:
            console.print(f"[red]{error}[/red]")
            raise typer.Exit(2) from error
        except (StoreError, AccessError) as error:
            console.print(f"[red]{file.name}: {error}[/red]")
            raise typer.Exit(2) from error
    console.print(
        f"{file.name}: {outcome.documents} source documents ({outcome.new} new), {outcome.entities} entities, "
        f"{outcome.links} links, {outcome.calls} new calls; case {case!r}"
    )
    for skipped in outcome.skipped:
        console.print(f"[yellow]{file.name}: left out {skipped}[/yellow]")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import-ftm")(import_ftm)
