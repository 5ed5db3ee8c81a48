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

from casework.analysis import case_network, confirmed_suspects, network_over_time, report_dates, reports_by_id
from casework.ingest import after_storing
from casework.watch import after_calls
from cli.common import JsonOption, StoreOption, connect, session
from graph.analysis import (
    AnalysisError,
    communities,
    connecting_network,
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
from graph.analysis.centrality import CI_RADIUS
from graph.analysis.disruption import ATTACK_NAMES, DISRUPTION_MEASURES, attack_of
from graph.analysis.journeys import journey_legs
from graph.analysis.key_players import KEY_PLAYER_MEASURES
from graph.analysis.paths import Hop
from graph.analysis.target_score import parse_weights, ranked_targets
from graph.analysis.targets import without_hubs
from graph.analysis.two_mode import SHARED_KINDS, project_people, shared_ties
from graph.analysis.windows import parse_window
from graph.model import LinkFilter
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
SinceOption = Annotated[
    str | None, typer.Option("--from", help="Only evidence dated on or after this ISO date (calls included)")
]
UntilOption = Annotated[str | None, typer.Option("--to", help="Only evidence dated on or before this ISO date")]
GradingOption = Annotated[
    str | None, typer.Option("--min-grading", help="Only links from reports graded at least this, e.g. B2")
]
CaseOption = Annotated[str | None, typer.Option("--case", help="Only this case")]
WithHubsOption = Annotated[
    bool,
    typer.Option(
        "--with-hubs", help="Keep hubs (numbers or places shared by many people: hotlines, hotels); default: left out"
    ),
]
TargetsOption = Annotated[
    str,
    typer.Option(
        "--targets",
        help="Who may be proposed: people (suspects and people shown acting; never victims, witnesses, officers, "
        "caseworkers) | phones | places | all",
    ),
]
EvidenceOption = Annotated[
    str,
    typer.Option(
        "--evidence",
        help="acting: a suspect or unknown person must be shown acting (recruiting, moving, harbouring, exploiting) "
        "| role: the role alone decides",
    ),
]
WeightAsOption = Annotated[
    str,
    typer.Option(
        "--weight-as",
        help="With --weighted: strength (more calls or evidence = closer) | distance (the weight is a length)",
    ),
]
AlphaOption = Annotated[
    float | None, typer.Option("--alpha", help="Katz attenuation (default 0.85 / largest eigenvalue)")
]
RadiusOption = Annotated[int, typer.Option("--radius", min=0, help="Collective influence ball radius l")]


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
        return _logged_path_read(store, entity.id)
    hits = store.search(text, limit=5)
    if not hits:
        raise _fail(f"No entity matches {text!r}: find ids with `threadline search NAME`.")
    if len(hits) > 1 and hits[1].score >= hits[0].score:
        names = "; ".join(f"{h.entity.id} ({h.entity.name})" for h in hits)
        raise _fail(f"{text!r} matches several entities equally well: {names}. Give an id instead.")
    return _logged_path_read(store, hits[0].entity.id)


def _logged_path_read(store: GraphStore, entity_id: str) -> str:
    """Paths, chains and journeys read from an entity are written to the audit log (guarded stores)."""
    note = getattr(store, "note", None)
    if note is not None:
        note("paths", subject=entity_id)
    return entity_id


def _graph(
    store: GraphStore,
    since: str | None = None,
    until: str | None = None,
    min_grading: str | None = None,
    case: str | None = None,
):
    """The case as a networkx graph, links cut to the window and grading, calls cut to the window row by row."""
    return case_network(store, LinkFilter(since=since, until=until, min_grading=min_grading, case=case))


def metrics(
    since: SinceOption = None,
    until: UntilOption = None,
    window: Annotated[
        str | None,
        typer.Option("--window", help="Per window of this length (30d, 2w, 3m, 1y): size, density, brokers"),
    ] = None,
    cumulative: Annotated[
        bool, typer.Option("--cumulative", help="Each window holds everything known up to its end")
    ] = False,
    min_grading: GradingOption = None,
    case: CaseOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Nodes, links, density, Freeman degree centralisation and components; --window: window by window.

    Per window: entities, ties, density, centralisation, the top brokers and the brokers new in that window.
    """
    try:
        days = parse_window(window) if window else None
    except AnalysisError as error:
        raise _fail(str(error), 2) from error
    with connect(store) as graph_store:
        if days is None:
            summary = network_summary(_graph(graph_store, since, until, min_grading, case))
        else:
            filters = LinkFilter(since=since, until=until, min_grading=min_grading, case=case)
            windows = network_over_time(graph_store, filters, days=days, cumulative=cumulative)
    if days is not None:
        if as_json:
            _print_json([asdict(w) for w in windows])
            return
        table = Table("window", "entities", "ties", "density", "centralisation", "top brokers", "new brokers")
        for w in windows:
            table.add_row(
                w.label,
                str(w.nodes),
                str(w.ties),
                f"{w.density:.3f}",
                f"{w.centralisation:.3f}",
                escape(", ".join(f"{name} ({score:.2f})" for _n, name, score in w.top_brokers)),
                escape(", ".join(name for _n, name in w.new_brokers)),
            )
        console.print(table)
        return
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
    targets: TargetsOption = "people",
    evidence: EvidenceOption = "acting",
    with_hubs: WithHubsOption = False,
    weight_as: WeightAsOption = "strength",
    alpha: AlphaOption = None,
    radius: RadiusOption = CI_RADIUS,
    combined: Annotated[
        bool,
        typer.Option(
            "--combined", help="Rank by the combined target score (position, indicators, evidence, confirmed role)"
        ),
    ] = False,
    weights: Annotated[
        str | None,
        typer.Option(
            "--weights", help="Combined score weights, e.g. position=0.4,indicators=0.2,evidence=0.2,role=0.2"
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_grading: GradingOption = None,
    case: CaseOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rank the suspects whose removal would most disrupt the network, each with why.

    Victims, witnesses, officers and caseworkers are never ranked; the measure is computed on the whole network.
    """
    with connect(store) as graph_store:
        G = _graph(graph_store, since, until, min_grading, case)
        all_indicators = graph_store.indicators()
        reports = reports_by_id(graph_store) if combined else {}
    confirmed: set[str] = set()
    if combined:
        with session(store) as opened:
            confirmed = confirmed_suspects(opened.audit)
    indicators = indicators_by_entity(G, all_indicators)
    options = {
        "weighted": weighted,
        "kinds": [k.upper() for k in kind] if kind else None,
        "k": sample,
        "seed": seed,
        "targets": targets,
        "evidence": evidence,
        "with_hubs": with_hubs,
        "weight_as": weight_as,
        "alpha": alpha,
        "radius": radius,
    }
    try:
        if combined:
            scores = ranked_targets(
                G,
                measure,
                top,
                reports=reports,
                indicators=all_indicators,
                confirmed=confirmed,
                weights=parse_weights(weights) if weights else None,
                **options,
            )
        else:
            report = key_players(G, measure, top, indicators=indicators, **options)
    except AnalysisError as error:
        raise _fail(str(error), 2) from error
    if combined:
        if as_json:
            _print_json({"measure": measure, "targets": [asdict(t) | {"explanation": t.explanation} for t in scores]})
            return
        factors = [f.name for f in scores[0].factors] if scores else []
        table = Table("#", "name", "id", "score", *(f"{f} (value x weight)" for f in factors), title="Targets")
        for rank, t in enumerate(scores, start=1):
            table.add_row(
                str(rank),
                escape(t.name),
                escape(t.entity_id),
                f"{t.score:.2f}",
                *(f"{f.value:.2f} x {f.weight:.2f}" for f in t.factors),
            )
        console.print(table)
        for rank, t in enumerate(scores, start=1):
            console.print(f"{rank}. {escape(t.name)}: {escape(t.explanation)}")
        return
    if as_json:
        _print_json(asdict(report))
        return
    held = targets != "people" or bool(kind)
    columns = ["#", "name", "id", "role", *(["held by"] if held else []), measure, "largest comp. if removed", "ranks"]
    table = Table(*columns, title="Key players")
    for p in report.players:
        table.add_row(
            str(p.rank),
            escape(p.name),
            escape(p.entity_id),
            p.role or p.kind.lower(),
            *([escape(", ".join(p.owner_names))] if held else []),
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
    attack: Annotated[
        str,
        typer.Option(
            "--attack",
            "--removal",
            help="initial (initial-ranking attack: rank once, remove the top k) | recalculated (recalculated attack: "
            "re-rank after every step); block and sequential are the older names",
        ),
    ] = "recalculated",
    step: Annotated[int, typer.Option(help="Entities removed per step (S)")] = 1,
    max_k: Annotated[int, typer.Option("--max", help="Stop after removing this many")] = 10,
    weighted: WeightedOption = False,
    sample: SampleOption = None,
    seed: SeedOption = 0,
    targets: TargetsOption = "people",
    evidence: EvidenceOption = "acting",
    with_hubs: WithHubsOption = False,
    weight_as: WeightAsOption = "strength",
    alpha: AlphaOption = None,
    radius: RadiusOption = CI_RADIUS,
    since: SinceOption = None,
    until: UntilOption = None,
    min_grading: GradingOption = None,
    case: CaseOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """The disruption curve: the largest component as the top targets are removed.

    The initial-ranking attack ranks once; the recalculated attack re-ranks after every step. Never removes a victim, witness, officer or caseworker.
    """
    with connect(store) as graph_store:
        G = _graph(graph_store, since, until, min_grading, case)
    try:
        curve = disruption_curve(
            G,
            measure,
            attack,
            step,
            max_k,
            weighted=weighted,
            k=sample,
            seed=seed,
            targets=targets,
            evidence=evidence,
            with_hubs=with_hubs,
            weight_as=weight_as,
            alpha=alpha,
            radius=radius,
        )
    except AnalysisError as error:
        raise _fail(str(error), 2) from error
    if as_json:
        _print_json([asdict(p) for p in curve])
        return
    title = f"{ATTACK_NAMES[attack_of(attack)]} by {measure}"
    table = Table("k", "removed", "largest component", "fraction", "components", "recruiter-victim links", title=title)
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
    with_hubs: WithHubsOption = False,
    since: SinceOption = None,
    until: UntilOption = None,
    min_grading: GradingOption = None,
    case: CaseOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """How two entities are connected: the k shortest paths (or all up to N hops), with evidence per hop."""
    with connect(store) as graph_store:
        source, target = resolve(graph_store, a), resolve(graph_store, b)
        G = _graph(graph_store, since, until, min_grading, case)
    if not with_hubs:
        G = without_hubs(G, keep=(source, target))
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
            _print_hop(hop)


def connect_command(
    entities: Annotated[list[str], typer.Argument(help="Two or more entity ids or names")],
    method: Annotated[
        str, typer.Option(help="steiner (smallest tree joining them) | pairwise (a shortest path for every pair)")
    ] = "steiner",
    weighted: WeightedOption = False,
    with_hubs: WithHubsOption = False,
    since: SinceOption = None,
    until: UntilOption = None,
    min_grading: GradingOption = None,
    case: CaseOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """The network connecting several entities: who sits between them, with the evidence for every hop."""
    with connect(store) as graph_store:
        chosen = [resolve(graph_store, e) for e in entities]
        G = _graph(graph_store, since, until, min_grading, case)
    if not with_hubs:
        G = without_hubs(G, keep=chosen)
    try:
        found = connecting_network(G, chosen, method=method, weighted=weighted)
    except AnalysisError as error:
        raise _fail(str(error), 2) from error
    if as_json:
        _print_json(asdict(found))
        return
    name = lambda n: escape(str(G.nodes[n].get("name", n)))  # noqa: E731 - local shorthand
    console.print("[bold]Go-betweens[/bold]: " + (", ".join(name(n) for n in found.intermediaries) or "none"))
    if found.unreachable:
        console.print("[yellow]Not connected to the others[/yellow]: " + ", ".join(name(n) for n in found.unreachable))
    for hop in found.hops:
        _print_hop(hop)


def _print_hop(hop: Hop) -> None:
    """One hop of a path or connecting network, each piece of evidence on its own line (case text escaped)."""
    console.print(f"  {escape(hop.source_name)} — {escape(hop.target_name)}")
    for e in hop.evidence:
        if e.type == "CALLED":
            console.print(f"    CALLED {escape(e.source)} → {escape(e.target)}: {e.count} calls")
        else:
            console.print(f"    {e.type} ({e.confidence:.2f}) {escape(e.report_id)}: {escape(e.sentence)}")


def communities_command(
    resolution: Annotated[float, typer.Option(help="Above 1: smaller groups; below 1: larger ones")] = 1.0,
    seed: Annotated[int, typer.Option(help="Seed of Louvain's visiting order")] = 0,
    with_hubs: WithHubsOption = False,
    since: SinceOption = None,
    until: UntilOption = None,
    min_grading: GradingOption = None,
    case: CaseOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Groups more tied to each other than to the rest (Louvain), largest first; hubs left out by default."""
    with connect(store) as graph_store:
        G = _graph(graph_store, since, until, min_grading, case)
    result = communities(G, resolution=resolution, seed=seed, with_hubs=with_hubs)
    if as_json:
        _print_json(asdict(result))
        return
    table = Table(
        "#", "size", "density", "best connected", "members", title=f"Communities (modularity {result.modularity:.3f})"
    )
    for c in result.communities:
        table.add_row(
            str(c.index + 1),
            str(c.size),
            f"{c.density:.2f}",
            escape(str(G.nodes[c.hub].get("name", c.hub))),
            escape(", ".join(c.names[:12]) + (" ..." if c.size > 12 else "")),
        )
    console.print(table)


def project(
    via: Annotated[
        list[str] | None, typer.Option("--via", help=f"Tie people through these kinds ({'|'.join(SHARED_KINDS)})")
    ] = None,
    weighting: Annotated[
        str, typer.Option(help="count (shared events) | newman (a small meeting ties more than a crowd)")
    ] = "count",
    with_hubs: WithHubsOption = False,
    top: Annotated[int, typer.Option(help="How many ties to list")] = 20,
    since: SinceOption = None,
    until: UntilOption = None,
    min_grading: GradingOption = None,
    case: CaseOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """People tied through the events, addresses or phones they share (two-mode data projected), with what they share."""
    with connect(store) as graph_store:
        G = _graph(graph_store, since, until, min_grading, case)
    try:
        P = project_people(G, via or ["EVENT"], weighting=weighting, with_hubs=with_hubs)
    except AnalysisError as error:
        raise _fail(str(error), 2) from error
    ties = shared_ties(P, G)[:top]
    if as_json:
        _print_json([asdict(t) for t in ties])
        return
    table = Table(
        "person", "person", "weight", "shared", title=f"People tied through {', '.join(P.graph['projected_via'])}"
    )
    for t in ties:
        table.add_row(escape(t.a_name), escape(t.b_name), f"{t.weight:.2f}", escape(", ".join(t.shared_names)))
    console.print(table)


def recruitment(
    person: Annotated[str, typer.Argument(help="Entity id or name")],
    since: SinceOption = None,
    until: UntilOption = None,
    min_grading: GradingOption = None,
    case: CaseOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Who recruited this person (chains back to the first recruiter) and whom they recruited."""
    with connect(store) as graph_store:
        node = resolve(graph_store, person)
        G = _graph(graph_store, since, until, min_grading, case)
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
    since: SinceOption = None,
    until: UntilOption = None,
    min_grading: GradingOption = None,
    case: CaseOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """The places a person was recruited from, moved through, harboured and exploited at, in the order of events.

    Each stop is dated by the event (the extraction's date, or a date in the sentence), else by its report, flagged "report date"; a leg told by several reports is listed once with all its evidence.
    """
    with connect(store) as graph_store:
        node = resolve(graph_store, person)
        G = _graph(graph_store, since, until, min_grading, case)
        dates = report_dates(graph_store)
    result = victim_journey(G, node, dates)
    legs = journey_legs(result)
    if as_json:
        _print_json(asdict(result) | {"route": result.route, "legs": [asdict(leg) for leg in legs]})
        return
    table = Table("date", "dated by", "place", "what", "by", "sentence", title=f"Journey of {escape(result.name)}")
    for stop in result.stops:
        by = ", ".join(escape(G.nodes[p].get("name", p)) for p in stop.by)
        table.add_row(
            stop.date or "?",
            {"report": "report date", "": "unknown"}.get(stop.date_from, stop.date_from),
            escape(stop.place_name),
            ", ".join(stop.stages),
            by,
            escape(stop.sentence),
        )
    console.print(table)
    for number, leg in enumerate(legs, start=1):
        flag = " (report date)" if leg.date_from == "report" else ""
        times = f", told {leg.times_told} times" if leg.times_told > 1 else ""
        console.print(
            f"[bold]Leg {number}[/bold]: {escape(leg.origin_name)} → {escape(leg.destination_name)}, "
            f"{leg.date or 'date unknown'}{flag}{times}"
        )
        for reports, sentence in sorted({(s.report_id, s.sentence) for s in leg.evidence}):
            console.print(f"    {escape(reports)}: {escape(sentence)}")


def calls(
    file: Annotated[Path, typer.Argument(help="Call-detail record CSV")],
    region: Annotated[str, typer.Option(help="Default region of numbers without country code")] = "JM",
    case: Annotated[str, typer.Option("--case", help="The case the record belongs to")] = "default",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import a call-detail record: rows become calls between phones; bad rows are listed, not fatal."""
    from extract.calls import CallFileError, read_calls  # the phone rules load spaCy: only when needed

    try:
        record = read_calls(file, region)
    except CallFileError as error:
        raise _fail(str(error), 2) from error
    with session(store, create=True) as acting:
        try:
            added = acting.store.add_calls(record.calls)
        except StoreError as error:
            raise _fail(str(error), 2) from error
        told = after_calls(acting, record.calls, case)  # watchers alerted, other cases deconflicted
    if as_json:
        _print_json(
            {
                "file": str(file),
                "read": len(record.calls),
                "added": added,
                "bad_rows": [asdict(b) for b in record.bad_rows],
                "other_cases": [item.message for item in told],
            }
        )
        return
    console.print(f"{escape(file.name)}: {len(record.calls)} calls read, {added} new in the store.")
    for bad in record.bad_rows:
        console.print(f"[yellow]{escape(file.name)} line {bad.line}: {escape(bad.message)}[/yellow]")
    for item in told:
        console.print(f"[bold yellow]{escape(item.message)}[/bold yellow]")


#: The link a two-mode row makes, by the kind of its target column.
TWO_MODE_LINKS: dict[str, str] = {
    "EVENT": "ATTENDED",
    "LOCATION": "LOCATED_AT",
    "PHONE": "USES_PHONE",
    "ORG": "ASSOCIATE_OF",
    "VEHICLE": "CONTROLS",
}


def import_links(
    file: Annotated[Path, typer.Argument(help="CSV link list with a header row")],
    source: Annotated[str, typer.Option("--source", help="Column of the link's source")],
    target: Annotated[str, typer.Option("--target", help="Column of the link's target")],
    weight: Annotated[str | None, typer.Option("--weight", help="Column of a numeric weight")] = None,
    type_column: Annotated[str | None, typer.Option("--type", help="Column of each row's link type")] = None,
    rel_type: Annotated[
        str | None,
        typer.Option(
            "--rel-type", help="Link type of every row (default: by the target kind, e.g. ATTENDED for EVENT)"
        ),
    ] = None,
    kind: Annotated[
        str,
        typer.Option(
            "--kind", "--source-kind", help="Entity kind of the source column (and of the target unless given)"
        ),
    ] = "PERSON",
    target_kind: Annotated[
        str | None,
        typer.Option(
            "--target-kind",
            help="Entity kind of the target column: EVENT, LOCATION, PHONE, ORG... (two-mode lists: person-event, "
            "person-address, person-phone)",
        ),
    ] = None,
    directed: Annotated[bool, typer.Option("--directed", help="A,B and B,A are different links")] = False,
    case: Annotated[str, typer.Option(help="Case the import belongs to")] = "default",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import a link list (i2-style): each row links two entities; repeated rows add weight.

    With --target-kind the columns hold different kinds (two-mode data): person-event rows become ATTENDED links, person-address LOCATED_AT, person-phone USES_PHONE, person-organisation ASSOCIATE_OF, each from the person; `threadline project` then ties the people who share them.
    """
    from extract.link_table import LinkTableError, LinkTableSpec, read_link_table  # loads spaCy: only when needed

    ends = target_kind.upper() if target_kind else None
    link = rel_type or TWO_MODE_LINKS.get(ends or "", "ASSOCIATE_OF")
    # a two-mode link reads from the person to what they share, whatever the ids' order
    spec = LinkTableSpec(
        source, target, weight, type_column, link, kind.upper(), ends, directed or bool(ends), case=case
    )
    try:
        imported = read_link_table(file, spec)
    except LinkTableError as error:
        raise _fail(str(error), 2) from error
    with session(store, create=True) as acting:
        try:
            result = acting.store.ingest(imported.report, imported.extraction)
        except StoreError as error:
            raise _fail(str(error), 2) from error
        told = after_storing(acting.store, [result.report_id] if result.created else [])
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
                "other_cases": told,
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
    for message in told:
        console.print(f"[bold yellow]{escape(message)}[/bold yellow]")


def register(app: typer.Typer) -> None:
    app.command()(metrics)
    app.command("key-players")(key_players_command)
    app.command()(disrupt)
    app.command()(paths)
    app.command("connect")(connect_command)
    app.command("communities")(communities_command)
    app.command()(project)
    app.command()(recruitment)
    app.command()(journey)
    app.command()(calls)
    app.command("import-links")(import_links)
