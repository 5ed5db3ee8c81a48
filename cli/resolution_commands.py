"""Resolution commands: review uncertain matches among stored entities, and the analyst's decisions
about them (merge, undo-merge, "not the same", split, undo-split) and their records.

Thin layer over :mod:`casework.review` (the candidates, as the Review page lists them) and
:mod:`casework.decisions`: each decision
is made by the acting user (``THREADLINE_USER``, or the local analyst), checked against its
permission and written to the audit log under its own action.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from casework import decisions
from casework.review import review_candidates
from cli.common import JsonOption, StoreOption, connect, session
from extract.resolve import ResolverConfig

console = Console()

ReasonOption = Annotated[str, typer.Option("--reason", help="Why (written to the decision and the audit log)")]


def candidates(
    store: StoreOption = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Only entities of this kind (repeatable)")] = None,
    review: Annotated[float, typer.Option(help="Lowest score listed")] = ResolverConfig.review,
    limit: Annotated[int, typer.Option(help="At most this many pairs")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List pairs of stored entities that may be one (scores and reasons), for review: the
    pairs of your cases not yet judged "not the same", compared on the real names and shown
    as you may see them (the Review page's list).

    Merge a pair you agree with by `threadline merge KEPT ABSORBED`.
    """
    with connect(store) as guarded:
        found = review_candidates(guarded, kinds=kind, review=review)[:limit]
    if as_json:
        print(json.dumps([asdict(c) for c in found], indent=2, ensure_ascii=False))
        return
    if not found:
        console.print("No uncertain matches waiting for review.")
        return
    table = Table("score", "kind", "a", "b", "why", title="Merge candidates")
    for candidate in found:
        why = "\n".join(f"{r.weight:+.2f} {r.feature}: {r.detail}" for r in candidate.reasons)
        table.add_row(
            f"{candidate.score:.2f}",
            candidate.kind,
            escape(f"{candidate.a}\n{candidate.a_name}"),
            escape(f"{candidate.b}\n{candidate.b_name}"),
            escape(why),
        )
    console.print(table)


def merge(
    kept: Annotated[str, typer.Argument(help="Entity id that stays")],
    absorbed: Annotated[str, typer.Argument(help="Entity id merged into it")],
    store: StoreOption = None,
    reason: ReasonOption = "",
) -> None:
    """Make two entities one (reversible with `threadline undo-merge MERGE_ID`); logged as a merge."""
    with session(store) as case:
        record = decisions.merge(case, kept, absorbed, reason)
    console.print(f"Merged {escape(record.absorbed)} into {escape(record.kept)} (merge id {escape(record.id)}).")


def undo_merge(
    merge_id: Annotated[str, typer.Argument(help="Merge id (see `threadline merges`)")],
    store: StoreOption = None,
    reason: ReasonOption = "",
) -> None:
    """Reverse one merge, restoring both entities; logged as an undo-merge."""
    with session(store) as case:
        decisions.undo_merge(case, merge_id, reason)
    console.print(f"Undid merge {escape(merge_id)}.")


def merges(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Every merge decision, oldest first (undone ones marked)."""
    with connect(store) as graph_store:
        records = graph_store.merges()
    if as_json:
        print(json.dumps([asdict(r) for r in records], indent=2, ensure_ascii=False))
        return
    table = Table("id", "kept", "absorbed", "by", "reason", "at", "undone", title="Merges")
    for r in records:
        table.add_row(
            *(escape(str(v)) for v in (r.id, r.kept, r.absorbed, r.by, r.reason, r.at)), "yes" if r.undone else ""
        )
    console.print(table)


def reject(
    a: Annotated[str, typer.Argument(help="Entity id")],
    b: Annotated[str, typer.Argument(help="Entity id that is not the same")],
    store: StoreOption = None,
    reason: ReasonOption = "",
) -> None:
    """Record that two entities are NOT the same: the resolver will never merge them; logged as a reject."""
    with session(store) as case:
        record = decisions.reject(case, a, b, reason)
    console.print(f"Recorded: {escape(record.a)} and {escape(record.b)} are not the same.")


def split(
    entity_id: Annotated[str, typer.Argument(help="Entity id to split")],
    name: Annotated[list[str], typer.Option("--name", help="Mentions written so go to a new entity (repeatable)")],
    report: Annotated[
        list[str] | None, typer.Option("--report", help="Only mentions in this report (repeatable; default all)")
    ] = None,
    store: StoreOption = None,
    reason: ReasonOption = "",
) -> None:
    """Move chosen mentions (and the links that name them) to a new entity; survives re-ingest; logged as a split."""
    with session(store) as case:
        record = decisions.split(case, entity_id, name, report, reason)
    console.print(f"Split {escape(record.new_id)} from {escape(record.entity_id)} (split id {escape(record.id)}).")


def undo_split(
    split_id: Annotated[str, typer.Argument(help="Split id (see `threadline splits`)")],
    store: StoreOption = None,
    reason: ReasonOption = "",
) -> None:
    """Reverse one split: the moved mentions and links go back; logged as an undo-split."""
    with session(store) as case:
        decisions.undo_split(case, split_id, reason)
    console.print(f"Undid split {escape(split_id)}.")


def splits(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Every split and "not the same" decision, oldest first."""
    with connect(store) as graph_store:
        split_records, rejections = graph_store.splits(), graph_store.rejections()
    if as_json:
        print(json.dumps({"splits": [asdict(r) for r in split_records], "rejections": [asdict(r) for r in rejections]}))
        return
    table = Table("id", "entity", "new entity", "names", "by", "reason", "undone", title="Splits")
    for r in split_records:
        table.add_row(
            *(escape(str(v)) for v in (r.id, r.entity_id, r.new_id, ", ".join(r.names), r.by, r.reason)),
            "yes" if r.undone else "",
        )
    console.print(table)
    table = Table("a", "b", "by", "reason", "at", title="Not the same")
    for r in rejections:
        table.add_row(*(escape(str(v)) for v in (r.a, r.b, r.by, r.reason, r.at)))
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command()(candidates)
    app.command()(merge)
    app.command("undo-merge")(undo_merge)
    app.command()(merges)
    app.command()(reject)
    app.command()(split)
    app.command("undo-split")(undo_split)
    app.command()(splits)
