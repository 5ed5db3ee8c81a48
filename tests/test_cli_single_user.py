"""The command line with no users file: the local analyst, guarded like any other user.

Victims appear as pseudonyms wherever the workspace shows them so; purges need a reason and are
audited; every decision is written to the audit log under its own action.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.embedded import EmbeddedStore
from tests.case_builder import ingest_case

runner = CliRunner()


@pytest.fixture
def case_url(tmp_path, monkeypatch):
    monkeypatch.delenv("THREADLINE_USER", raising=False)
    monkeypatch.delenv("THREADLINE_USERS", raising=False)  # no users file at all: single-user mode
    monkeypatch.setenv("THREADLINE_AUDIT", str(tmp_path / "audit.db"))
    path = tmp_path / "case.db"
    with EmbeddedStore(path) as store:
        ingest_case(store)
    return f"sqlite:///{path}"


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def victim_id(case_url: str) -> str:
    """The id the local analyst is shown for the case's victim (Tanya Hall)."""
    profile = json.loads(run("show", "P_ricky_grant", "--store", case_url, "--json"))
    (shown,) = {link["target"] for link in profile["links"] if link["type"] == "RECRUITED"}
    return shown


def audit_actions(case_url: str) -> list[str]:
    return [r["action"] for r in json.loads(run("audit", "show", "--store", case_url, "--json"))]


def test_search_finds_the_victim_by_her_pseudonym_never_her_name(case_url):
    assert json.loads(run("search", "Tanya Hall", "--store", case_url, "--json")) == []
    hits = json.loads(run("search", "Victim", "--store", case_url, "--json", "--kind", "PERSON"))
    assert "tanya" not in json.dumps(hits).lower()


def test_show_names_the_victim_by_her_pseudonym(case_url):
    shown = run("show", "P_ricky_grant", "--store", case_url)
    assert "Victim V-" in shown and "tanya" not in shown.lower()
    assert victim_id(case_url).startswith("VICTIM_V-")


def test_paths_to_the_victim_show_her_pseudonym(case_url):
    for args in (["--json"], []):
        shown = run("paths", "P_ricky_grant", victim_id(case_url), "--store", case_url, *args)
        assert "tanya" not in shown.lower()
    assert "Victim V-" in run("paths", "P_ricky_grant", victim_id(case_url), "--store", case_url)


def test_key_players_never_name_the_victim(case_url):
    for args in (["--json"], []):
        assert "tanya" not in run("key-players", "--store", case_url, *args).lower()


def test_the_victims_journey_is_shown_under_her_pseudonym(case_url):
    journey = run("journey", victim_id(case_url), "--store", case_url, "--json")
    assert json.loads(journey)["stops"] and "tanya" not in journey.lower()
    assert "tanya" not in run("journey", victim_id(case_url), "--store", case_url).lower()


def test_the_victims_recruitment_is_shown_under_her_pseudonym(case_url):
    chains = run("recruitment", victim_id(case_url), "--store", case_url, "--json")
    assert json.loads(chains)["chains"] and "tanya" not in chains.lower()
    assert "tanya" not in run("recruitment", victim_id(case_url), "--store", case_url).lower()


def test_a_purge_needs_a_reason_and_is_audited(case_url):
    report_id = json.loads(run("reports", "--store", case_url, "--json", "--case", "OTHER"))[0]["id"]
    refused = runner.invoke(app, ["purge", report_id, "--store", case_url, "--yes", "--reason", " "])
    assert refused.exit_code == 1 and "reason" in refused.output and "Traceback" not in refused.output
    run("purge", report_id, "--store", case_url, "--yes", "--reason", "no longer necessary")
    (record,) = json.loads(run("audit", "show", "--store", case_url, "--json", "--action", "purge"))
    assert (record["who"], record["subject"], record["reason"]) == ("local analyst", report_id, "no longer necessary")


def test_merge_and_undo_merge_are_audited_under_their_own_actions(case_url):
    run("merge", "P_ricky_grant", "P_owen_blake", "--store", case_url, "--reason", "same man")
    (merge,) = json.loads(run("merges", "--store", case_url, "--json"))
    run("undo-merge", merge["id"], "--store", case_url)
    assert audit_actions(case_url) == ["merge", "undo-merge"]


def test_split_undo_split_and_reject_are_audited_under_their_own_actions(case_url):
    run("split", "P_ricky_grant", "--name", "Slim", "--store", case_url, "--reason", "another man")
    (split,) = json.loads(run("splits", "--store", case_url, "--json"))["splits"]
    run("undo-split", split["id"], "--store", case_url)
    run("reject", "P_owen_blake", "P_ricky_grant", "--store", case_url, "--reason", "two men")
    assert audit_actions(case_url) == ["split", "undo-split", "reject"]


def test_a_read_command_refuses_a_case_file_that_does_not_exist(tmp_path):
    missing = tmp_path / "typo" / "case.db"
    result = runner.invoke(app, ["stats", "--store", f"sqlite:///{missing}"])
    assert result.exit_code == 2 and "No case file" in result.output
    assert not missing.exists() and not missing.parent.exists()


def test_reading_the_audit_log_or_the_review_queue_of_a_mistyped_case_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("THREADLINE_AUDIT", raising=False)
    url = f"sqlite:///{tmp_path / 'typo' / 'case.db'}"
    for command in (["audit", "verify"], ["audit", "show"], ["review", "due"]):
        result = runner.invoke(app, [*command, "--store", url])
        assert result.exit_code == 2, (command, result.output)
    assert not (tmp_path / "typo").exists()
