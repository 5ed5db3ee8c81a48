"""Analysis commands: network metrics, key players, disruption, paths, recruitment, journeys, and CSV imports.

Each command opens the store, pulls the case as a networkx graph, calls one function of
:mod:`graph.analysis` (or an ``extract`` reader) and prints a table or JSON.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cli.common import JsonOption, StoreOption, connect
from graph.analysis import (
    AnalysisError,
    disruption_curve,
    indicators_by_entity,
    k_shortest_paths,
    key_players,
    network_summary,
    paths_up_to,
    recruitment_chains,
    recruitment_tree,
    victim_journey,
)
from graph.analysis.disruption import DISRUPTION_MEASURES
from graph.analysis.key_players import KEY_PLAYER_MEASURES
from graph.store import GraphStore, StoreError

console = Console()

WeightedOption = Annotated[bool, typer.Option("--weighted", help="Use tie strength (evidence count) as weight")]
SampleOption = Annotated[
    int | None,
    typer.Option(
        "--sample",
        min=1,
        help="Betweenness from this many sampled sources (default: exact when it fits a few seconds, else sampled)",
    ),
]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed of the betweenness sample")]


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, default=str))


def _fail(message: str, code: int = 1) -> typer.Exit:
    console.print(f"[red]{escape(message)}[/red]")
    return typer.Exit(code)


def resolve(store: GraphStore, text: str) -> str:
    """The entity id ``text`` names: an id as is, else the one clearly best search hit.

    Raises typer.Exit with the candidates when the name is unknown or ambiguous.
    """
    entity = store.get_entity(text)
    if entity is not None:
        return entity.id
    hits = store.search(text, limit=5)
    if not hits:
        raise _fail(f"No entity matches {text!r}: find ids with `threadline search NAME`.")
    if len(hits) > 1 and hits[1].score >= hits[0].score:
        names = "; ".join(f"{h.entity.id} ({h.entity.name})" for h in hits)
        raise _fail(f"{text!r} matches several entities equally well: {names}. Give an id instead.")
    return hits[0].entity.id


def _graph(store: GraphStore):
    return store.to_networkx()


def metrics(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Nodes, links, density, Freeman degree centralisation and components of the whole case."""
    with connect(store) as graph_store:
        summary = network_summary(_graph(graph_store))
    if as_json:
        _print_json(asdict(summary))
        return
    table = Table("measure", "value", title="Network")
    for key, value in asdict(summary).items():
        table.add_row(key.replace("_", " "), f"{value:.4f}" if isinstance(value, float) else str(value))
    console.print(table)


def key_players_command(
    measure: Annotated[str, typer.Option(help="|".join(KEY_PLAYER_MEASURES))] = "fragmentation",
    top: Annotated[int, typer.Option(help="How many to list")] = 10,
    weighted: WeightedOption = False,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", help="Rank only these entity kinds (default: people, if any)")
    ] = None,
    sample: SampleOption = None,
    seed: SeedOption = 0,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rank the people whose removal would most disrupt the network, each with why."""
    with connect(store) as graph_store:
        G = _graph(graph_store)
        indicators = indicators_by_entity(G, graph_store.indicators())
    try:
        report = key_players(
            G,
            measure,
            top,
            weighted=weighted,
            indicators=indicators,
            kinds=[k.upper() for k in kind] if kind else None,
            k=sample,
            seed=seed,
        )
    except AnalysisError as error:
        raise _fail(str(error), 2) from error
    if as_json:
        _print_json(asdict(report))
        return
    table = Table("#", "name", "id", "role", measure, "largest comp. if removed", "ranks", title="Key players")
    for p in report.players:
        table.add_row(
            str(p.rank),
            escape(p.name),
            escape(p.entity_id),
            p.role,
            f"{p.score:.4f}",
            f"{p.alone.largest_component}/{report.before.largest_component}",
            ", ".join(f"{m} #{r}" for m, r in p.ranks.items()),
        )
    console.print(table)
    for p in report.players:
        console.print(f"{p.rank}. {escape(p.explanation)}")
    for note in report.notes:
        console.print(f"[dim]{escape(note)}[/dim]")


def disrupt(
    measure: Annotated[str, typer.Option(help="|".join(DISRUPTION_MEASURES))] = "betweenness",
    removal: Annotated[
        str, typer.Option(help="sequential (recompute after each step) | block (rank once)")
    ] = "sequential",
    step: Annotated[int, typer.Option(help="Entities removed per step")] = 1,
    max_k: Annotated[int, typer.Option("--max", help="Stop after removing this many")] = 10,
    weighted: WeightedOption = False,
    sample: SampleOption = None,
    seed: SeedOption = 0,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """The disruption curve: the largest component as top entities are removed."""
    with connect(store) as graph_store:
        G = _graph(graph_store)
    try:
        curve = disruption_curve(G, measure, removal, step, max_k, weighted=weighted, k=sample, seed=seed)
    except AnalysisError as error:
        raise _fail(str(error), 2) from error
    if as_json:
        _print_json([asdict(p) for p in curve])
        return
    table = Table("k", "removed", "largest component", "fraction", "components", "recruiter-victim links")
    for p in curve:
        names = ", ".join(escape(str(G.nodes[n].get("name", n))) for n in p.removed)
        table.add_row(
            str(p.k),
            names,
            str(p.largest_component),
            f"{p.fraction:.2f}",
            str(p.components),
            str(p.recruiter_victim_pairs),
        )
    console.print(table)


def paths(
    a: Annotated[str, typer.Argument(help="Entity id or name")],
    b: Annotated[str, typer.Argument(help="Entity id or name")],
    max_hops: Annotated[int | None, typer.Option(help="All paths of at most this many hops")] = None,
    k: Annotated[int, typer.Option(help="The k shortest paths")] = 3,
    link_type: Annotated[
        list[str] | None, typer.Option("--type", help="Follow only links of this type (repeatable)")
    ] = None,
    directed: Annotated[bool, typer.Option("--directed", help="Follow links only from source to target")] = False,
    weighted: WeightedOption = False,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """How two entities are connected: the k shortest paths (or all up to N hops), with evidence per hop."""
    with connect(store) as graph_store:
        source, target = resolve(graph_store, a), resolve(graph_store, b)
        G = _graph(graph_store)
    try:
        types = [t.upper() for t in link_type] if link_type else None
        if max_hops is not None:
            found = paths_up_to(G, source, target, max_hops, link_types=types, directed=directed)
        else:
            found = k_shortest_paths(G, source, target, k, link_types=types, directed=directed, weighted=weighted)
    except AnalysisError as error:
        raise _fail(str(error), 2) from error
    if as_json:
        _print_json([asdict(p) | {"length": p.length} for p in found])
        return
    if not found:
        console.print(f"No path between {escape(source)} and {escape(target)}.")
        return
    for number, path in enumerate(found, start=1):
        console.print(f"[bold]Path {number}[/bold] ({path.length} hops): " + escape(" → ".join(path.names)))
        for hop in path.hops:
            console.print(f"  {escape(hop.source_name)} — {escape(hop.target_name)}")
            for e in hop.evidence:
                if e.type == "CALLED":
                    console.print(f"    CALLED {e.source} → {e.target}: {e.count} calls")
                else:
                    console.print(f"    {e.type} ({e.confidence:.2f}) {escape(e.report_id)}: {escape(e.sentence)}")


def recruitment(
    person: Annotated[str, typer.Argument(help="Entity id or name")],
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Who recruited this person (chains back to the first recruiter) and whom they recruited."""
    with connect(store) as graph_store:
        node = resolve(graph_store, person)
        G = _graph(graph_store)
    chains = recruitment_chains(G, node)
    tree = recruitment_tree(G, node)
    if as_json:
        _print_json({"person": node, "chains": [asdict(c) for c in chains], "tree": asdict(tree)})
        return
    console.print(f"[bold]Recruited {escape(tree.root_name)}[/bold]:")
    if not chains:
        console.print("  nobody on record")
    for chain in chains:
        console.print("  " + escape(" → ".join(chain.names)))
        for step in chain.steps:
            for e in step.evidence:
                console.print(
                    f"    {escape(step.recruiter_name)} → {escape(step.recruited_name)}: {escape(e.sentence)}"
                )
    console.print(f"[bold]Recruited by {escape(tree.root_name)}[/bold]:")
    if not tree.recruits:
        console.print("  nobody on record")
    for recruit in tree.recruits:
        by = ", ".join(escape(G.nodes[p].get("name", p)) for p in recruit.recruited_by)
        console.print(f"  {'  ' * (recruit.depth - 1)}{escape(recruit.name)} (by {by})")


def journey(
    person: Annotated[str, typer.Argument(help="Entity id or name")],
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """The places a person was recruited from, moved through, harboured and exploited at, in time order."""
    with connect(store) as graph_store:
        node = resolve(graph_store, person)
        G = _graph(graph_store)
        dates = {r.id: r.reported_at for r in graph_store.reports()}
    result = victim_journey(G, node, dates)
    if as_json:
        _print_json(asdict(result) | {"route": result.route})
        return
    table = Table("date", "place", "what", "by", "sentence", title=f"Journey of {escape(result.name)}")
    for stop in result.stops:
        by = ", ".join(escape(G.nodes[p].get("name", p)) for p in stop.by)
        table.add_row(stop.date or "?", escape(stop.place_name), ", ".join(stop.stages), by, escape(stop.sentence))
    console.print(table)
    console.print("Route: " + escape(" → ".join(G.nodes[p].get("name", p) for p in result.route)))


def calls(
    file: Annotated[Path, typer.Argument(help="Call-detail record CSV")],
    region: Annotated[str, typer.Option(help="Default region of numbers without country code")] = "JM",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import a call-detail record: rows become calls between phones; bad rows are listed, not fatal."""
    from extract.calls import CallFileError, read_calls  # the phone rules load spaCy: only when needed

    try:
        record = read_calls(file, region)
    except CallFileError as error:
        raise _fail(str(error), 2) from error
    with connect(store, create=True) as graph_store:
        try:
            added = graph_store.add_calls(record.calls)
        except StoreError as error:
            raise _fail(str(error), 2) from error
    if as_json:
        _print_json(
            {
                "file": str(file),
                "read": len(record.calls),
                "added": added,
                "bad_rows": [asdict(b) for b in record.bad_rows],
            }
        )
        return
    console.print(f"{escape(file.name)}: {len(record.calls)} calls read, {added} new in the store.")
    for bad in record.bad_rows:
        console.print(f"[yellow]{escape(file.name)} line {bad.line}: {escape(bad.message)}[/yellow]")


def import_links(
    file: Annotated[Path, typer.Argument(help="CSV link list with a header row")],
    source: Annotated[str, typer.Option("--source", help="Column of the link's source")],
    target: Annotated[str, typer.Option("--target", help="Column of the link's target")],
    weight: Annotated[str | None, typer.Option("--weight", help="Column of a numeric weight")] = None,
    type_column: Annotated[str | None, typer.Option("--type", help="Column of each row's link type")] = None,
    rel_type: Annotated[str, typer.Option("--rel-type", help="Link type of every row")] = "ASSOCIATE_OF",
    kind: Annotated[str, typer.Option("--kind", help="Entity kind of both ends (PERSON, PHONE, ORG...)")] = "PERSON",
    directed: Annotated[bool, typer.Option("--directed", help="A,B and B,A are different links")] = False,
    case: Annotated[str, typer.Option(help="Case the import belongs to")] = "default",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import a link list (i2-style): each row links two entities; repeated rows add weight."""
    from extract.link_table import LinkTableError, LinkTableSpec, read_link_table  # loads spaCy: only when needed

    spec = LinkTableSpec(source, target, weight, type_column, rel_type, kind.upper(), None, directed, case=case)
    try:
        imported = read_link_table(file, spec)
    except LinkTableError as error:
        raise _fail(str(error), 2) from error
    with connect(store, create=True) as graph_store:
        try:
            result = graph_store.ingest(imported.report, imported.extraction)
        except StoreError as error:
            raise _fail(str(error), 2) from error
    if as_json:
        _print_json(
            {
                "file": str(file),
                "report_id": result.report_id,
                "created": result.created,
                "rows": imported.rows,
                "entities": len(imported.extraction.entities),
                "links": len(imported.extraction.links),
                "bad_rows": [asdict(b) for b in imported.bad_rows],
            }
        )
        return
    state = "imported" if result.created else "already imported (nothing changed)"
    console.print(
        f"{escape(file.name)} {state}: {imported.rows} rows, {len(imported.extraction.entities)} entities, "
        f"{len(imported.extraction.links)} links (report {result.report_id})."
    )
    for bad in imported.bad_rows:
        console.print(f"[yellow]{escape(file.name)} line {bad.line}: {escape(bad.message)}[/yellow]")


def register(app: typer.Typer) -> None:
    app.command()(metrics)
    app.command("key-players")(key_players_command)
    app.command()(disrupt)
    app.command()(paths)
    app.command()(recruitment)
    app.command()(journey)
    app.command()(calls)
    app.command("import-links")(import_links)
