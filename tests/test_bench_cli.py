"""`threadline synth`: the synthetic case as text files or ingested into a store."""

from __future__ import annotations

from typer.testing import CliRunner

from cli.main import app
from graph.embedded import EmbeddedStore

runner = CliRunner()


def test_synth_writes_one_text_file_per_report(tmp_path):
    result = runner.invoke(app, ["synth", "--reports", "12", "--out", str(tmp_path / "case")])
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "case").glob("*.txt"))
    assert len(files) == 12
    assert "Report No.: SYN/" in files[0].read_text()


def test_synth_ingests_reports_and_calls_into_a_store(tmp_path):
    url = f"sqlite:///{tmp_path / 'synth.db'}"
    result = runner.invoke(app, ["synth", "--reports", "16", "--store", url])
    assert result.exit_code == 0, result.output
    with EmbeddedStore(tmp_path / "synth.db") as store:
        stats = store.stats()
    assert stats.reports == 16
    assert stats.calls > 0


def test_synth_twice_into_one_store_adds_nothing_the_second_time(tmp_path):
    url = f"sqlite:///{tmp_path / 'synth.db'}"
    runner.invoke(app, ["synth", "--reports", "8", "--store", url])
    result = runner.invoke(app, ["synth", "--reports", "8", "--store", url])
    assert "Ingested 0 new reports" in result.output


def test_synth_needs_exactly_one_destination(tmp_path):
    result = runner.invoke(app, ["synth", "--reports", "5"])
    assert result.exit_code == 2
