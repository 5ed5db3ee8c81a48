"""The store commands of the `threadline` CLI, on an embedded case file."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.embedded import EmbeddedStore
from tests.case_builder import ingest_case

runner = CliRunner()


@pytest.fixture
def case_url(tmp_path):
    path = tmp_path / "case.db"
    with EmbeddedStore(path) as store:
        ingest_case(store)
    return f"sqlite:///{path}"


def test_stats_as_json_counts_the_case(case_url):
    result = runner.invoke(app, ["stats", "--store", case_url, "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["reports"] == 3 and stats["entities"]["PERSON"] == 3


def test_search_finds_a_person_by_alias(case_url):
    result = runner.invoke(app, ["search", "slim", "--store", case_url, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["id"] == "P_ricky_grant"


def test_show_lists_links_with_sentences(case_url):
    from casework.session import open_session

    with open_session(case_url) as local:  # the local analyst sees the victim under her pseudonym id
        victim = next(e.id for e in local.store.entities(["PERSON"]) if e.name.startswith("Victim V-"))
    result = runner.invoke(app, ["show", victim, "--store", case_url, "--json"])
    assert result.exit_code == 0, result.output
    profile = json.loads(result.output)
    assert {link["type"] for link in profile["links"]} == {"RECRUITED", "TRANSPORTED", "EXPLOITED"}
    assert all(link["sentence"] for link in profile["links"])


def test_show_of_an_unknown_entity_says_how_to_find_one(case_url):
    result = runner.invoke(app, ["show", "P_nobody", "--store", case_url])
    assert result.exit_code == 1
    assert "threadline search" in result.output


def test_purge_removes_a_report(case_url):
    reports = json.loads(runner.invoke(app, ["reports", "--store", case_url, "--json", "--case", "OTHER"]).output)
    result = runner.invoke(app, ["purge", reports[0]["id"], "--store", case_url, "--yes", "--reason", "test"])
    assert result.exit_code == 0, result.output
    assert "PH_+18765550199" in result.output
    assert json.loads(runner.invoke(app, ["stats", "--store", case_url, "--json"]).output)["reports"] == 2


def test_an_unknown_store_url_is_a_clear_message():
    result = runner.invoke(app, ["stats", "--store", "mysql://nowhere"])
    assert result.exit_code == 2
    assert "Unknown store URL" in result.output


# -- with a users file: need-to-know and victim protection on the command line ----------------


@pytest.fixture
def governed_cli(case_url, tmp_path, monkeypatch):
    from governance.access import UserDirectory, add_user, save_users

    directory = UserDirectory()
    add_user(directory, "v.only", "viewer", "correct horse battery", ["ACKEE"])
    add_user(directory, "o.only", "analyst", "correct horse battery", ["OTHER"])
    add_user(directory, "a.admin", "admin", "correct horse battery", ["*"])
    monkeypatch.setenv("THREADLINE_USERS", str(save_users(directory, tmp_path / "users.toml")))
    monkeypatch.setenv("THREADLINE_AUDIT", str(tmp_path / "audit.db"))
    monkeypatch.setenv("THREADLINE_PASSWORD", "correct horse battery")
    return case_url


def test_a_viewer_never_sees_a_victims_name_on_the_command_line(governed_cli, monkeypatch):
    monkeypatch.setenv("THREADLINE_USER", "v.only")
    assert json.loads(runner.invoke(app, ["search", "Tanya Hall", "--store", governed_cli, "--json"]).output) == []
    shown = runner.invoke(app, ["show", "P_ricky_grant", "--store", governed_cli])
    assert shown.exit_code == 0, shown.output
    assert "Tanya" not in shown.output and "Victim V-" in shown.output


def test_a_user_sees_only_the_cases_they_are_assigned(governed_cli, monkeypatch):
    monkeypatch.setenv("THREADLINE_USER", "o.only")
    stats = json.loads(runner.invoke(app, ["stats", "--store", governed_cli, "--json"]).output)
    assert stats["reports"] == 1 and stats["cases"] == ["OTHER"]
    assert json.loads(runner.invoke(app, ["search", "Owen Blake", "--store", governed_cli, "--json"]).output) == []


def test_commands_refuse_to_run_without_saying_who_is_acting(governed_cli, monkeypatch):
    monkeypatch.delenv("THREADLINE_USER", raising=False)
    result = runner.invoke(app, ["stats", "--store", governed_cli])
    assert result.exit_code == 2 and "THREADLINE_USER" in result.output


def test_a_wrong_password_is_refused(governed_cli, monkeypatch):
    monkeypatch.setenv("THREADLINE_USER", "v.only")
    monkeypatch.setenv("THREADLINE_PASSWORD", "wrong")
    result = runner.invoke(app, ["stats", "--store", governed_cli])
    assert result.exit_code == 1 and "Wrong user name or password" in result.output


def test_a_purge_with_users_is_made_and_audited_under_the_signed_in_name(governed_cli, monkeypatch):
    monkeypatch.setenv("THREADLINE_USER", "a.admin")
    reports = json.loads(runner.invoke(app, ["reports", "--store", governed_cli, "--json", "--case", "OTHER"]).output)
    result = runner.invoke(app, ["purge", reports[0]["id"], "--store", governed_cli, "--yes", "--reason", "expired"])
    assert result.exit_code == 0, result.output
    records = json.loads(runner.invoke(app, ["audit", "show", "--store", governed_cli, "--json"]).output)
    (purge,) = [r for r in records if r["action"] == "purge"]
    assert (purge["who"], purge["subject"], purge["reason"]) == ("a.admin", reports[0]["id"], "expired")


def test_a_user_without_the_purge_permission_is_refused_without_a_traceback(governed_cli, monkeypatch):
    monkeypatch.setenv("THREADLINE_USER", "o.only")
    reports = json.loads(runner.invoke(app, ["reports", "--store", governed_cli, "--json"]).output)
    result = runner.invoke(app, ["purge", reports[0]["id"], "--store", governed_cli, "--yes", "--reason", "expired"])
    assert result.exit_code == 1 and "purge" in result.output
    assert "Traceback" not in result.output and type(result.exception).__name__ in ("Exit", "SystemExit")


def test_show_of_a_hidden_victims_real_id_answers_like_a_missing_one(case_url):
    hidden = runner.invoke(app, ["show", "P_tanya_hall", "--store", case_url])
    missing = runner.invoke(app, ["show", "P_nobody_at_all", "--store", case_url])
    assert hidden.exit_code == missing.exit_code == 1
    assert hidden.output.replace("P_tanya_hall", "X") == missing.output.replace("P_nobody_at_all", "X")
