"""The resolution commands over a real embedded store: candidates, merge, merges, undo-merge."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.main import app
from extract.resolve import resolve_batch
from graph.embedded import EmbeddedStore
from graph.model import Extraction, Mention, Report, make_entity

runner = CliRunner()


def _ingest(store: EmbeddedStore, text: str, name: str, entity_id: str) -> None:
    report = Report.from_text(text, title=name)
    start = text.index(name)
    extraction = Extraction(
        entities=[make_entity("PERSON", entity_id, name)],
        mentions=[Mention(report.id, entity_id, start, start + len(name), name, "PERSON")],
    )
    store.ingest(report, extraction)


@pytest.fixture
def store_url(tmp_path):
    """A case holding two people the resolver could not tell apart with certainty, plus an unrelated one."""
    path = tmp_path / "case.db"
    store = EmbeddedStore(path)
    _ingest(store, "Marlon Campbell owns the bar.", "Marlon Campbell", "P_marlon_campbell")
    _ingest(store, "Marlon Campbel was seen at the bar.", "Marlon Campbel", "P_marlon_campbel")
    _ingest(store, "Nadine Lewis manages the bar.", "Nadine Lewis", "P_nadine_lewis")
    store.close()
    return f"sqlite:///{path}"


def test_candidates_lists_the_likely_duplicate_with_its_reasons(store_url):
    result = runner.invoke(app, ["candidates", "--store", store_url, "--json"])
    assert result.exit_code == 0, result.output
    (candidate,) = json.loads(result.output)
    assert {candidate["a"], candidate["b"]} == {"P_marlon_campbell", "P_marlon_campbel"}
    assert 0.5 <= candidate["score"] <= 1.0 and {candidate["a_name"], candidate["b_name"]} == {
        "Marlon Campbell",
        "Marlon Campbel",
    }
    assert any("spelling" in r["detail"] for r in candidate["reasons"])


def test_candidates_table_names_both_entities(store_url):
    result = runner.invoke(app, ["candidates", "--store", store_url])
    assert result.exit_code == 0, result.output
    assert "P_marlon_campbel" in result.output and "Nadine" not in result.output


def test_merge_then_undo_restores_two_entities(store_url):
    merged = runner.invoke(
        app,
        [
            "merge",
            "P_marlon_campbell",
            "P_marlon_campbel",
            "--store",
            store_url,
            "--reason",
            "typo",
        ],
    )
    assert merged.exit_code == 0, merged.output
    records = json.loads(runner.invoke(app, ["merges", "--store", store_url, "--json"]).output)
    assert [(r["kept"], r["absorbed"], r["by"], r["reason"]) for r in records] == [
        ("P_marlon_campbell", "P_marlon_campbel", "local analyst", "typo")
    ]
    assert json.loads(runner.invoke(app, ["candidates", "--store", store_url, "--json"]).output) == []
    undone = runner.invoke(app, ["undo-merge", records[0]["id"], "--store", store_url])
    assert undone.exit_code == 0, undone.output
    assert len(json.loads(runner.invoke(app, ["candidates", "--store", store_url, "--json"]).output)) == 1


def test_merging_an_unknown_entity_says_so_and_fails(store_url):
    result = runner.invoke(app, ["merge", "P_marlon_campbell", "P_nobody", "--store", store_url])
    assert result.exit_code == 1
    assert "P_nobody" in result.output


def test_a_report_ingested_after_a_merge_lands_on_the_kept_entity(store_url, tmp_path):
    runner.invoke(app, ["merge", "P_marlon_campbell", "P_marlon_campbel", "--store", store_url])
    store = EmbeddedStore(store_url.removeprefix("sqlite:///"))
    try:
        text = "Marlon Campbel paid the driver."
        report = Report.from_text(text)
        provisional = Extraction(
            entities=[make_entity("PERSON", f"{report.id}#0", "Marlon Campbel")],
            mentions=[Mention(report.id, f"{report.id}#0", 0, 14, "Marlon Campbel", "PERSON")],
        )
        (resolved,) = resolve_batch([(report, provisional)], known=store.entities()).extractions
        assert resolved.mentions[0].entity_id == "P_marlon_campbell"
    finally:
        store.close()


def test_reject_split_and_undo_split_from_the_command_line(tmp_path):
    from graph.embedded import EmbeddedStore
    from tests.case_builder import ingest_case

    path = tmp_path / "decisions.db"
    with EmbeddedStore(path) as store:
        ingest_case(store)
    url = f"sqlite:///{path}"
    assert (
        runner.invoke(app, ["reject", "P_owen_blake", "P_ricky_grant", "--store", url, "--reason", "two men"]).exit_code
        == 0
    )
    result = runner.invoke(app, ["split", "P_ricky_grant", "--name", "Slim", "--store", url, "--reason", "other man"])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(app, ["splits", "--store", url, "--json"]).output)
    assert [r["a"] for r in listed["rejections"]] == ["P_owen_blake"]
    (split_record,) = listed["splits"]
    with EmbeddedStore(path) as store:
        assert [m.text for m in store.mentions_of(split_record["new_id"])] == ["Slim"]
    assert runner.invoke(app, ["undo-split", split_record["id"], "--store", url]).exit_code == 0
    with EmbeddedStore(path) as store:
        assert "Slim" in {m.text for m in store.mentions_of("P_ricky_grant")}
    missing = runner.invoke(app, ["split", "P_ricky_grant", "--name", "Nobody", "--store", url])
    assert missing.exit_code == 1 and "nothing to split" in missing.output


def test_two_victims_with_nearly_one_name_are_offered_as_pseudonyms(store_url):
    """Compared on their real names (as pseudonyms they share nothing), shown only as pseudonyms."""
    with EmbeddedStore(store_url.removeprefix("sqlite:///")) as store:
        for victim in ("P_marlon_campbell", "P_marlon_campbel"):
            store.set_role(victim, "victim", by="test")
    result = runner.invoke(app, ["candidates", "--store", store_url, "--json"])
    assert result.exit_code == 0, result.output
    (candidate,) = json.loads(result.output)
    assert candidate["a_name"].startswith("Victim V-") and candidate["b_name"].startswith("Victim V-")
    assert "marlon" not in result.output.lower() and "campbel" not in result.output.lower()


def test_a_pair_judged_not_the_same_is_not_offered_again(store_url):
    rejected = runner.invoke(
        app, ["reject", "P_marlon_campbell", "P_marlon_campbel", "--store", store_url, "--reason", "two men"]
    )
    assert rejected.exit_code == 0, rejected.output
    assert json.loads(runner.invoke(app, ["candidates", "--store", store_url, "--json"]).output) == []


def test_candidates_of_one_kind_only(store_url):
    assert (
        json.loads(runner.invoke(app, ["candidates", "--store", store_url, "--kind", "phone", "--json"]).output) == []
    )
    assert (
        len(json.loads(runner.invoke(app, ["candidates", "--kind", "person", "--store", store_url, "--json"]).output))
        == 1
    )
