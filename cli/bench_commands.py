"""Benchmark commands: `threadline bench` (the harness of ``python -m bench``) and `threadline synth`
(a deterministic fictional case of any size, as text files or ingested into a store)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cli.common import connect

console = Console(stderr=True)


def bench(
    quick: Annotated[bool, typer.Option("--quick", help="Small sizes: every benchmark in a few minutes")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object {name: {ratio, bar, met, detail}}")
    ] = False,
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Run only this module (repeatable): store_ingest, queries, ...")
    ] = None,
) -> None:
    """Run the benchmarks: ratios against baselines measured in the same run, with their bars."""
    from bench.__main__ import MODULES, main

    unknown = [name for name in only or [] if name not in MODULES]
    if unknown:
        console.print(f"[red]Unknown benchmark {', '.join(unknown)}[/red]: choose from {', '.join(MODULES)}")
        raise typer.Exit(2)
    arguments = (["--quick"] if quick else []) + (["--json"] if as_json else []) + (["--only", *only] if only else [])
    raise typer.Exit(main(arguments))


def synth(
    reports: Annotated[int, typer.Option("--reports", min=1, help="How many reports to write")] = 100,
    out: Annotated[Path | None, typer.Option("--out", help="Write the reports as .txt files into this folder")] = None,
    store: Annotated[
        str | None, typer.Option("--store", help="Ingest the reports (resolved) into this store URL instead")
    ] = None,
    seed: Annotated[int, typer.Option(help="The same seed always gives the same case")] = 7,
    calls: Annotated[bool, typer.Option("--calls/--no-calls", help="With --store, also import call records")] = True,
) -> None:
    """Write a deterministic fictional case: rings of recruiters, transporters, harbourers and victims."""
    from bench.synth import synth_calls, synth_case, write_texts

    if (out is None) == (store is None):
        console.print("[red]Give exactly one of --out DIR (text files) or --store URL (ingest)[/red]")
        raise typer.Exit(2)
    if out is not None:
        written = write_texts(out, reports, seed)
        console.print(f"Wrote {len(written)} reports to {out}")
        return
    with connect(store, create=True) as graph_store:
        created = 0
        for number, (report, extraction) in enumerate(synth_case(reports, seed), start=1):
            created += graph_store.ingest(report, extraction).created
            if number % 1000 == 0:
                console.print(f"  {number}/{reports} reports")
        added = graph_store.add_calls(synth_calls(reports, seed)) if calls else 0
    console.print(f"Ingested {created} new reports ({reports - created} already stored) and {added} calls into {store}")


def register(app: typer.Typer) -> None:
    app.command()(bench)
    app.command()(synth)
