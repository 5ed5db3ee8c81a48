"""The governance commands of the `threadline` CLI: users, audit log, retention review."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.main import app
from governance.access import load_users
from governance.audit import AuditLog
from graph.embedded import EmbeddedStore
from tests.case_builder import build_case

runner = CliRunner()


@pytest.fixture
def case_url(tmp_path, monkeypatch):
    """The hand-built case (review-by 2024, 2026, 2031) with no users configured."""
    (tmp_path / "no-users.toml").write_text("", encoding="utf-8")  # a users file without users
    monkeypatch.setenv("THREADLINE_USERS", str(tmp_path / "no-users.toml"))
    monkeypatch.delenv("THREADLINE_AUDIT", raising=False)
    monkeypatch.delenv("THREADLINE_USER", raising=False)
    path = tmp_path / "case.db"
    with EmbeddedStore(path) as store:
        for item, review_by in zip(build_case(), ("2024-01-15", "2026-03-02", "2031-05-20"), strict=True):
            item.report.review_by = review_by
            store.ingest(item.report, item.extraction)
    return f"sqlite:///{path}"


def test_user_add_writes_a_hash_from_the_prompted_password(tmp_path):
    users = tmp_path / "users.toml"
    result = runner.invoke(
        app,
        [
            "user",
            "add",
            "a.brown",
            "--role",
            "analyst",
            "--case",
            "ACKEE",
            "--config",
            str(users),
            "--store",
            f"sqlite:///{tmp_path}/case.db",
        ],
        input="s3cret words\ns3cret words\n",
    )
    assert result.exit_code == 0, result.output
    assert "s3cret words" not in users.read_text()
    added = load_users(users).get("a.brown")
    assert (added.role, added.cases) == ("analyst", ("ACKEE",))
    with AuditLog(tmp_path / "audit.db") as audit:
        assert audit.records()[-1].action == "user-change"


def test_user_add_refuses_an_unknown_role(tmp_path):
    result = runner.invoke(
        app, ["user", "add", "x", "--role", "boss", "--config", str(tmp_path / "u.toml")], input="pw\npw\n"
    )
    assert result.exit_code == 1 and "Unknown role 'boss'" in result.output


def test_review_due_lists_the_queue(case_url):
    result = runner.invoke(app, ["review", "due", "--store", case_url, "--on", "2026-06-01", "--json"])
    assert result.exit_code == 0, result.output
    assert [row["title"] for row in json.loads(result.output)] == ["Intel 1", "Interview"]


def test_review_validate_takes_a_report_off_the_queue(case_url):
    due = json.loads(runner.invoke(app, ["review", "due", "--store", case_url, "--on", "2026-06-01", "--json"]).output)
    result = runner.invoke(
        app,
        ["review", "validate", due[0]["id"], "--store", case_url, "--reviewer", "j.campbell", "--reason", "open trial"],
    )
    assert result.exit_code == 0, result.output
    again = json.loads(
        runner.invoke(app, ["review", "due", "--store", case_url, "--on", "2026-06-01", "--json"]).output
    )
    assert [row["title"] for row in again] == ["Interview"]


def test_review_purge_removes_the_due_reports_and_logs_it(case_url, tmp_path):
    result = runner.invoke(
        app,
        [
            "review",
            "purge",
            "--store",
            case_url,
            "--on",
            "2026-06-01",
            "--reviewer",
            "admin",
            "--reason",
            "expired",
            "--yes",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("Purged ") == 2
    shown = json.loads(runner.invoke(app, ["audit", "show", "--store", case_url, "--json"]).output)
    assert [r["action"] for r in shown] == ["purge", "purge"]


def test_audit_verify_says_intact_then_catches_tampering(case_url, tmp_path):
    with AuditLog(tmp_path / "audit.db") as audit:
        audit.record("a.brown", "search", detail={"query": "slim"})
        audit.record("a.brown", "profile-view", subject="P_ricky_grant")
    assert runner.invoke(app, ["audit", "verify", "--store", case_url]).exit_code == 0
    with AuditLog(tmp_path / "audit.db") as audit:
        audit.connection.execute("DROP TRIGGER audit_no_update")
        audit.connection.execute("UPDATE audit SET who = 'someone' WHERE seq = 1")
    result = runner.invoke(app, ["audit", "verify", "--store", case_url])
    assert result.exit_code == 1 and "record 1 was changed" in result.output


def test_audit_export_needs_a_reason_and_writes_the_file(case_url, tmp_path):
    out = tmp_path / "audit.jsonl"
    refused = runner.invoke(app, ["audit", "export", str(out), "--store", case_url, "--format", "jsonl"])
    assert refused.exit_code == 1 and "reason" in refused.output
    result = runner.invoke(
        app, ["audit", "export", str(out), "--store", case_url, "--format", "jsonl", "--reason", "inspection"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text().splitlines()[-1])["action"] == "audit-export"


def test_with_users_configured_a_viewer_may_not_read_the_audit_log(case_url, tmp_path, monkeypatch):
    users = tmp_path / "users.toml"
    runner.invoke(
        app,
        ["user", "add", "v.reid", "--role", "viewer", "--case", "ACKEE", "--config", str(users), "--store", case_url],
        input="pw one is long\npw one is long\n",
    )
    monkeypatch.setenv("THREADLINE_USERS", str(users))
    monkeypatch.setenv("THREADLINE_PASSWORD", "pw one is long")
    result = runner.invoke(app, ["audit", "show", "--store", case_url, "--user", "v.reid"])
    assert result.exit_code == 1 and "may not manage users" in result.output


def test_with_users_configured_a_wrong_password_is_refused_and_logged(case_url, tmp_path, monkeypatch):
    users = tmp_path / "users.toml"
    runner.invoke(
        app,
        ["user", "add", "root", "--role", "admin", "--case", "*", "--config", str(users), "--store", case_url],
        input="right pw is long\nright pw is long\n",
    )
    monkeypatch.setenv("THREADLINE_USERS", str(users))
    monkeypatch.setenv("THREADLINE_PASSWORD", "wrong pw")
    result = runner.invoke(app, ["audit", "show", "--store", case_url, "--user", "root"])
    assert result.exit_code == 1 and "Wrong user name or password" in result.output
    with AuditLog(tmp_path / "audit.db") as audit:
        assert audit.records()[-1].action == "sign-in-failed"


def test_the_review_queue_shows_only_the_users_cases(case_url, tmp_path, monkeypatch):
    users = tmp_path / "users.toml"
    runner.invoke(
        app,
        ["user", "add", "boss", "--role", "admin", "--case", "OTHER", "--config", str(users), "--store", case_url],
        input="pw two is long\npw two is long\n",
    )
    monkeypatch.setenv("THREADLINE_USERS", str(users))
    monkeypatch.setenv("THREADLINE_PASSWORD", "pw two is long")
    result = runner.invoke(
        app, ["review", "due", "--store", case_url, "--on", "2032-01-01", "--user", "boss", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert [row["case"] for row in json.loads(result.output)] == ["OTHER"]
