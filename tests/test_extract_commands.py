"""The extract, evaluate and ingest commands, run as a user runs them (typer's CliRunner)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.backends import open_store

runner = CliRunner()

REPORT = (
    "Report No.: TIPU/WR/2022/099\nDate: 2022-02-03\nGrading: B2\n\n"
    'Marlon "Bigga" Campbell uses 876-555-0143. Dwayne Reid drives the women in a silver Toyota Voxy 5678 HJ.\n'
)


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT, encoding="utf-8")
    (folder / "b.txt").write_text(
        "Bigga was seen with Reid at the Cutlass Bay Sports Bar in MoBay.\n", encoding="utf-8"
    )
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_extract_prints_one_gold_format_line_per_document(reports):
    result = runner.invoke(app, ["extract", str(reports / "a.txt"), str(reports / "b.txt"), "--jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [line["doc"] for line in lines] == ["a.txt", "b.txt"]
    first = lines[0]
    assert set(first) == {"doc", "entities", "relations"}
    phone = next(e for e in first["entities"] if e["label"] == "PHONE")
    assert phone["entity_id"] == "PH_+18765550143" and phone["text"] == "876-555-0143"
    assert all(r["type"] != "CO_MENTIONED" for line in lines for r in line["relations"])


def test_ingest_stores_reports_and_reports_the_bad_file(reports, tmp_path):
    url = f"sqlite:///{tmp_path / 'case.db'}"
    result = runner.invoke(app, ["ingest", str(reports), "--store", url, "--case", "SEAGRAPE"])
    assert result.exit_code == 0, result.output
    assert "empty.txt" in result.output
    with open_store(url) as store:
        assert len(store.reports(case="SEAGRAPE")) == 2
        assert store.get_entity("PH_+18765550143") is not None


def test_ingesting_the_same_reports_twice_changes_nothing(reports, tmp_path):
    url = f"sqlite:///{tmp_path / 'case.db'}"
    runner.invoke(app, ["ingest", str(reports), "--store", url])
    with open_store(url) as store:
        before = store.stats()
    again = runner.invoke(app, ["ingest", str(reports), "--store", url])
    assert again.exit_code == 0
    with open_store(url) as store:
        after = store.stats()
    assert (after.reports, after.entity_total, after.link_total) == (
        before.reports,
        before.entity_total,
        before.link_total,
    )


def test_ingest_fails_only_when_nothing_could_be_ingested(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(tmp_path / "empty.txt"), "--store", f"sqlite:///{tmp_path / 'c.db'}"])
    assert result.exit_code == 1
    assert "the file is empty" in result.output


def test_ingest_grading_flag_wins_over_the_report_header(reports, tmp_path):
    url = f"sqlite:///{tmp_path / 'case.db'}"
    result = runner.invoke(
        app, ["ingest", str(reports / "a.txt"), "--store", url, "--grading", "C3", "--handling", "1"]
    )
    assert result.exit_code == 0, result.output
    with open_store(url) as store:
        (report,) = store.reports()
    assert (report.source_grading, report.information_grading, report.handling_code) == ("C", "3", "1")


def test_ingest_keeps_the_header_grading_when_no_flag_is_given(reports, tmp_path):
    url = f"sqlite:///{tmp_path / 'case.db'}"
    runner.invoke(app, ["ingest", str(reports / "a.txt"), "--store", url])
    with open_store(url) as store:
        (report,) = store.reports()
    assert (report.source_grading, report.information_grading) == ("B", "2")


def test_ingest_sets_the_review_date_the_given_years_ahead(reports, tmp_path):
    from datetime import date

    url = f"sqlite:///{tmp_path / 'case.db'}"
    runner.invoke(app, ["ingest", str(reports / "b.txt"), "--store", url, "--review-years", "2"])
    with open_store(url) as store:
        (report,) = store.reports()
    assert report.review_by is not None
    assert date.fromisoformat(report.review_by).year == date.today().year + 2


def test_ingest_refuses_a_grading_the_scheme_does_not_allow(reports, tmp_path):
    url = f"sqlite:///{tmp_path / 'case.db'}"
    result = runner.invoke(app, ["ingest", str(reports / "b.txt"), "--store", url, "--grading", "Z9"])
    assert result.exit_code == 1
    assert "not stored" in result.output


def test_evaluate_by_type_and_errors_show_counts_and_the_missed_sentence(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "Tremaine Brooks uses 876-555-0199.\nOn Friday Tremaine Brooks drove Yanique Hall to Negril.\n"
    (corpus / "r.txt").write_text(text, encoding="utf-8")

    def span(words, label, entity_id):
        start = text.index(words)
        return {"start": start, "end": start + len(words), "text": words, "label": label, "entity_id": entity_id}

    gold = {
        "doc": "r.txt",
        "entities": [span("876-555-0199", "PHONE", "PH_+18765550199"), span("Yanique Hall", "PERSON", "P_hall")],
        "relations": [
            {"type": "USES_PHONE", "head": "P_brooks", "tail": "PH_+18765550199", "evidence": text.splitlines()[0]},
            {"type": "PAID", "head": "P_hall", "tail": "P_brooks", "evidence": text.splitlines()[1]},
        ],
    }
    gold["entities"].insert(0, span("Tremaine Brooks", "PERSON", "P_brooks"))
    (corpus / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(corpus), "--by-type", "--errors", "3"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "By type" in result.output and "E.164" in result.output
    assert "Worst misses (1)" in result.output
    assert "Yanique Hall -[PAID]-> Tremaine Brooks" in result.output
    assert "drove Yanique Hall to Negril" in result.output
