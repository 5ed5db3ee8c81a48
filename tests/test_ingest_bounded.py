"""Ingest that cannot exhaust the machine, on both stores: a batch stored in slices as it is
resolved, so a crash loses at most the slice in flight and a re-run gives the graph a clean
ingest gives; long reports read in windows; links out of the input folder refused; failure
messages shown as text, never as markup."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casework.ingest import IngestOptions, ingest_paths, pipeline_extractor
from cli.main import app
from extract.extractor import WINDOW_CHARS, extract_reports
from graph.model import Report

DATA = Path(__file__).parent / "data"
SLICE = 4


class Crash(Exception):
    """The process dying: not a StoreError, so nothing catches it."""


@pytest.fixture(scope="module")
def reports_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    for source in ("sample_case_gold", "holdout"):
        for path in sorted((DATA / source).glob("*.txt")):
            shutil.copy(path, folder / f"{source}_{path.name}")
    return folder


def _graph(store) -> tuple:
    """The stored graph with each entity named by what it is, not by its id (ids are keyed per store)."""
    entities = {e.id: (e.kind, e.name, tuple(sorted(e.aliases)), getattr(e, "role", None)) for e in store.entities()}
    links = sorted((k.type, entities[k.source], entities[k.target], k.report_id) for k in store.subgraph().links)
    mentions = sorted(
        (m.report_id, m.start, m.end, entities.get(m.entity_id))
        for r in store.reports()
        for m in store.mentions_in(r.id)
    )
    return sorted(entities.values()), links, mentions


def _ingest(store, folder, extractor=pipeline_extractor):
    return ingest_paths(store, [folder], IngestOptions(case="ACKEE"), extractor=extractor, slice_size=SLICE)


def test_a_crash_mid_batch_then_a_rerun_gives_the_graph_of_a_clean_ingest(any_store, reports_folder, tmp_path):
    from graph.embedded import EmbeddedStore

    calls = {"n": 0}

    def crashing(reports, store, options, advance):
        calls["n"] += 1
        if calls["n"] == 3:  # two slices stored, the third in flight
            raise Crash()
        return pipeline_extractor(reports, store, options, advance)

    with pytest.raises(Crash):
        _ingest(any_store, reports_folder, crashing)
    assert len(any_store.reports()) == 2 * SLICE  # the slices before the crash are kept whole
    outcome = _ingest(any_store, reports_folder)
    assert outcome.already == 2 * SLICE and not outcome.failures
    with EmbeddedStore(tmp_path / "clean.db") as clean:
        _ingest(clean, reports_folder)
        assert _graph(any_store) == _graph(clean)


def test_a_crash_while_a_slice_is_written_loses_that_slice_whole(embedded_store, reports_folder, monkeypatch):
    original = embedded_store._write_report
    written = {"n": 0}

    def dying(db, report, extraction, *rest):
        written["n"] += 1
        if written["n"] == SLICE + 2:  # inside the second slice's transaction
            raise Crash()
        return original(db, report, extraction, *rest)

    monkeypatch.setattr(embedded_store, "_write_report", dying)
    with pytest.raises(Crash):
        _ingest(embedded_store, reports_folder)
    assert len(embedded_store.reports()) == SLICE


def test_a_long_report_is_read_in_windows_with_offsets_into_the_whole_text():
    paragraph = (DATA / "sample_case_gold" / "01_intel_report.txt").read_text(encoding="utf-8")
    text = "\n\n".join([paragraph] * (2 * WINDOW_CHARS // len(paragraph) + 2))
    report = Report.from_text(text, title="long", case="X")
    (extraction,) = extract_reports([report])
    assert extraction.mentions and max(m.start for m in extraction.mentions) > WINDOW_CHARS
    assert all(text[m.start : m.end] == m.text for m in extraction.mentions)


def test_a_link_leading_out_of_the_input_folder_is_refused(tmp_path, embedded_store):
    folder = tmp_path / "in"
    folder.mkdir()
    secret = tmp_path / "outside.txt"
    secret.write_text("Marcia Brown recruited Kim Lee in Negril.", encoding="utf-8")
    (folder / "innocent.txt").symlink_to(secret)
    outcome = ingest_paths(embedded_store, [folder], IngestOptions(case="ACKEE"))
    assert embedded_store.reports() == []
    assert any("outside the input folder" in f.reason for f in outcome.failures)


def test_failure_messages_and_file_names_are_printed_as_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad[red]name[bold]\x1b[31m.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    result = CliRunner().invoke(
        app, ["ingest", str(folder), "--store", f"sqlite:///{tmp_path}/case.db", "--case", "ACKEE"]
    )
    assert "bad[red]name[bold]" in result.output and "\x1b[31m" not in result.output and "\\x1b" in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
