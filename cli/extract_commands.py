"""Extraction commands: ``extract`` (JSON lines per document), ``evaluate`` (scores against gold)
and ``ingest`` (read, extract, resolve against the store, store one report at a time)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from cli.common import plain
from governance.retention import DEFAULT_REVIEW_YEARS

console = Console(stderr=True)
out = Console()

PathsArgument = Annotated[list[str], typer.Argument(help="Report files or folders (searched recursively)")]
WorkersOption = Annotated[int, typer.Option("--workers", min=1, help="Processes for spaCy (nlp.pipe n_process)")]


def extract(
    paths: PathsArgument,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="One JSON object per document (the gold.jsonl format)")
    ] = False,
    workers: WorkersOption = 1,
) -> None:
    """Extract entities and relations from report files; ids resolved across the whole batch."""
    from extract.batch import extract_batch, read_batch
    from extract.extractor import as_record

    batch = read_batch(paths)
    for failure in batch.failures:
        console.print(Text("skipped ", style="yellow") + plain(failure.reason))
    if not batch.documents:
        console.print("[red]No readable report files.[/red]")
        raise typer.Exit(1)
    reports = [d.to_report() for d in batch.documents]
    extracted = extract_batch(reports, workers=workers)
    for document, extraction in zip(batch.documents, extracted.extractions, strict=True):
        record = as_record(document.source, extraction)
        if jsonl:
            print(json.dumps(record, ensure_ascii=False))
        else:
            table = Table("label", "text", "entity", title=document.source)
            for e in record["entities"]:
                table.add_row(e["label"], e["text"], e["entity_id"])
            out.print(table)
            for r in record["relations"]:
                out.print(f"  {r['head']} -[{r['type']}]-> {r['tail']}")


def evaluate(
    corpus_dir: Annotated[str, typer.Argument(help="Folder with report files and gold.jsonl")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables")] = False,
    baseline: Annotated[bool, typer.Option("--baseline", help="Score the plain model + phonenumbers baseline")] = False,
    workers: WorkersOption = 1,
    docs: Annotated[
        list[str] | None,
        typer.Option("--docs", help="Score only documents whose file names match this pattern (repeatable)"),
    ] = None,
    by_type: Annotated[
        bool, typer.Option("--by-type", help="One table: every label and relation type with gold and found counts")
    ] = False,
    errors: Annotated[
        int, typer.Option("--errors", min=0, help="List the N worst missed and N worst false links, with sentences")
    ] = 0,
) -> None:
    """Score extraction against a gold corpus: spans, phones, identities (B-cubed), relations."""
    from pathlib import Path

    from extract.batch import evaluate_corpus

    if not (Path(corpus_dir) / "gold.jsonl").exists():
        console.print(f"[red]{corpus_dir}: no gold.jsonl in this folder[/red]")
        raise typer.Exit(2)
    report = evaluate_corpus(corpus_dir, baseline=baseline, workers=workers, docs=docs, errors=errors)
    if as_json:
        print(json.dumps({"baseline": baseline, **report.as_dict()}, indent=2))
        return
    title = "baseline (plain model + phonenumbers)" if baseline else "Threadline pipeline"
    spans = Table("label", "precision", "recall", "F1", "tp", "fp", "fn", title=f"Entity spans: {title}")
    for label, score in report.spans.items():
        spans.add_row(label, *_figures(score.as_dict()))
    out.print(spans)
    phones = report.phones.as_dict()
    out.print(
        f"Phones (E.164 per document): P {phones['precision']:.3f} R {phones['recall']:.3f} F1 {phones['f1']:.3f}; "
        f"non-phones read as phones: {len(report.non_phones_as_phones)}"
    )
    for wrong in report.non_phones_as_phones:
        out.print(f"  [red]{wrong}[/red]")
    identity = Table("label", "B3 precision", "B3 recall", "B3 F1", title="Identities (B-cubed over matched mentions)")
    for label, score in report.identity.items():
        d = score.as_dict()
        identity.add_row(label, f"{d['precision']:.3f}", f"{d['recall']:.3f}", f"{d['f1']:.3f}")
    out.print(identity)
    relations = Table("type", "precision", "recall", "F1", "tp", "fp", "fn", title="Relations")
    for link_type, score in report.relations.items():
        relations.add_row(link_type, *_figures(score.as_dict()))
    out.print(relations)
    if by_type:
        _print_by_type(report)
    if errors:
        _print_errors(report)


def _print_by_type(report) -> None:
    table = Table("", "type", "gold", "found", "tp", "fp", "fn", "precision", "recall", "F1", title="By type")
    for what, name, score in report.by_type():
        d = score.as_dict()
        table.add_row(
            what, name, str(d["tp"] + d["fn"]), str(d["tp"] + d["fp"]), str(d["tp"]), str(d["fp"]), str(d["fn"]),
            f"{d['precision']:.3f}", f"{d['recall']:.3f}", f"{d['f1']:.3f}",
        )  # fmt: skip
    out.print(table)


def _print_errors(report) -> None:
    from rich.markup import escape

    for title, listed in (("Worst misses", report.missed), ("Worst false links", report.false_links)):
        out.print(f"[bold]{title}[/bold] ({len(listed)})")
        for e in listed:
            extra = f" conf {e.confidence:.2f}" if e.confidence is not None else ""
            extra += f" rule {e.rule}" if e.rule else ""
            out.print(
                f"  {escape(e.doc)}: {escape(e.head)} -[{e.type}]-> {escape(e.tail)}  ({escape(e.why)}{extra})",
                highlight=False,
            )
            out.print(f"      {escape(' '.join(e.evidence.split()))}", highlight=False)


def _figures(d: dict) -> list[str]:
    return [f"{d['precision']:.3f}", f"{d['recall']:.3f}", f"{d['f1']:.3f}", str(d["tp"]), str(d["fp"]), str(d["fn"])]


def ingest(
    paths: PathsArgument,
    store: Annotated[str | None, typer.Option("--store", help="Store URL (default sqlite:///threadline.db)")] = None,
    case: Annotated[str, typer.Option("--case", help="Case the reports belong to")] = "default",
    workers: WorkersOption = 1,
    grading: Annotated[
        str | None,
        typer.Option("--grading", help="Grading for every report, e.g. B2 (wins over the report header)"),
    ] = None,
    handling: Annotated[str | None, typer.Option("--handling", help="Handling code for every report")] = None,
    scheme: Annotated[
        str | None,
        typer.Option("--scheme", help="Grading scheme (admiralty, 5x5x5); default THREADLINE_GRADING_SCHEME"),
    ] = None,
    review_years: Annotated[
        int, typer.Option("--review-years", min=1, help="Years until each report must be reviewed for retention")
    ] = DEFAULT_REVIEW_YEARS,
    ocr_lang: Annotated[
        str, typer.Option("--ocr-lang", help="OCR languages for scans and photos, Tesseract codes: eng+spa+fra")
    ] = "eng",
) -> None:
    """Read, extract, resolve against the store and store each report (atomic, idempotent).

    Scans and photos (and PDF pages without a text layer) are read by OCR; an e-mail's
    attachments become reports of their own."""
    from casework.ingest import IngestOptions, IngestProgress, ingest_paths
    from cli.common import connect
    from governance.access import AccessError
    from governance.grading import GradingError, scheme_named
    from graph.store import StoreError

    try:
        grading_scheme = scheme_named(scheme) if scheme else None
    except GradingError as error:
        console.print(plain(error), style="red")
        raise typer.Exit(2) from error
    options = IngestOptions(
        case=case,
        grading=grading,
        handling_code=handling,
        scheme=grading_scheme,
        review_years=review_years,
        workers=workers,
        ocr_language=_ocr_language(ocr_lang),
    )
    with (
        connect(store, create=True) as graph_store,
        Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
        ) as progress,
    ):
        tasks: dict[str, TaskID] = {}

        def stage(name: str, total: int | None) -> None:
            if name in tasks:
                progress.update(tasks[name], total=total)
            else:
                tasks[name] = progress.add_task(name, total=total)

        try:
            outcome = ingest_paths(
                graph_store,
                paths,
                options,
                IngestProgress(
                    stage=stage,
                    advance=lambda name, n: progress.advance(tasks[name], n),
                    notice=lambda message: progress.console.print(plain(message), style="yellow"),
                ),
            )
        except (AccessError, StoreError) as error:
            console.print(plain(error), style="red")
            raise typer.Exit(1 if isinstance(error, AccessError) else 2) from error
    table = Table("what", "count", title=f"Ingest into case {case!r}")
    table.add_row("reports stored (new)", str(outcome.new))
    table.add_row("reports already stored", str(outcome.already))
    table.add_row("entities written", str(outcome.entities))
    table.add_row("links written", str(outcome.links))
    table.add_row("failures", str(len(outcome.failures)))
    if outcome.review_candidates:
        table.add_row("merge candidates for review", str(outcome.review_candidates))
    out.print(table)
    for warning in outcome.warnings:
        console.print(f"[yellow]warning: {warning.reason}[/yellow]")
    if outcome.failures:
        problems = Table("file", "reason", title="Not ingested")
        for failure in outcome.failures:
            problems.add_row(plain(failure.path), plain(failure.reason))
        out.print(problems)
    if outcome.new + outcome.already == 0:
        raise typer.Exit(1)


def _ocr_language(ocr_lang: str) -> str | None:
    """The OCR languages once their data is installed (checked once for the batch), or None
    when OCR is not installed: then each scan says so as its own failure."""
    from extract.ocr import OcrError, check_language, tesseract_available

    if not tesseract_available():
        return None
    try:
        return check_language(ocr_lang)
    except OcrError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
    app.command("evaluate")(evaluate)
    app.command("ingest")(ingest)
