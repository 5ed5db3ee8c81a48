"""Access control the caller cannot choose: a named users file must exist, passwords have a
minimum length, failed sign-ins back off, changing users needs an administrator, and a case
that had users refuses single-user mode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from cli.main import app
from governance.access import (
    AccessError,
    SignInRefused,
    UserDirectory,
    add_user,
    load_users,
    require_single_user_mode_allowed,
    save_users,
    sign_in,
    sign_in_wait,
)
from governance.audit import AuditLog

runner = CliRunner()
PASSWORD = "correct horse battery staple"


@pytest.fixture
def audit(tmp_path):
    with AuditLog(tmp_path / "audit.db") as log:
        yield log


@pytest.fixture
def users(tmp_path):
    directory = UserDirectory()
    add_user(directory, "root", "admin", PASSWORD, ["*"])
    add_user(directory, "a.brown", "analyst", PASSWORD, ["ACKEE"])
    return save_users(directory, tmp_path / "users.toml")


def test_a_named_users_file_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(AccessError, match="does not exist"):
        load_users(tmp_path / "nonexistent.toml")


def test_a_users_file_named_in_the_environment_that_does_not_exist_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("THREADLINE_USERS", str(tmp_path / "nonexistent.toml"))
    with pytest.raises(AccessError, match="does not exist"):
        load_users()


def test_the_cli_refuses_a_missing_config_instead_of_running_as_admin(tmp_path):
    from graph.embedded import EmbeddedStore

    EmbeddedStore(tmp_path / "case.db").close()
    result = runner.invoke(
        app,
        ["audit", "show", "--config", str(tmp_path / "nonexistent.toml"), "--store", f"sqlite:///{tmp_path}/case.db"],
    )
    assert result.exit_code != 0 and "does not exist" in result.output


def test_a_one_character_password_is_refused():
    with pytest.raises(AccessError, match="at least 12 characters"):
        add_user(UserDirectory(), "x", "viewer", "a")


def test_sign_ins_back_off_after_three_failures_even_with_the_right_password(users, audit):
    directory = load_users(users)
    for _ in range(3):
        assert sign_in(directory, "root", "guess", audit, via="test") is None
    with pytest.raises(SignInRefused, match="wait"):
        sign_in(directory, "root", PASSWORD, audit, via="test")
    refused = audit.records(action="sign-in-failed")[-1]
    assert refused.who == "root" and refused.detail["refused"] == "back-off"


def test_the_wait_doubles_with_each_failure_and_runs_out():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert sign_in_wait(2, now, now) == 0
    assert (sign_in_wait(3, now, now), sign_in_wait(4, now, now), sign_in_wait(5, now, now)) == (2, 4, 8)
    assert sign_in_wait(4, now, now + timedelta(seconds=5)) == 0


def test_adding_an_admin_without_authentication_is_refused_once_users_exist(users, tmp_path):
    result = runner.invoke(
        app,
        [
            "user",
            "add",
            "mallory",
            "--role",
            "admin",
            "--case",
            "*",
            "--config",
            str(users),
            "--store",
            f"sqlite:///{tmp_path}/case.db",
        ],
        input="mallory's passphrase\nmallory's passphrase\n",
    )
    assert result.exit_code != 0
    assert load_users(users).get("mallory") is None


def test_an_analyst_may_not_replace_the_admin(users, tmp_path, monkeypatch):
    before = load_users(users).get("root").password_hash
    monkeypatch.setenv("THREADLINE_PASSWORD", PASSWORD)
    result = runner.invoke(
        app,
        [
            "user",
            "add",
            "root",
            "--role",
            "admin",
            "--replace",
            "--case",
            "*",
            "--config",
            str(users),
            "--by",
            "a.brown",
            "--store",
            f"sqlite:///{tmp_path}/case.db",
        ],
        input="taken over phrase\ntaken over phrase\n",
    )
    assert result.exit_code != 0 and "may not manage users" in result.output
    assert load_users(users).get("root").password_hash == before


def test_an_authenticated_admin_adds_a_user(users, tmp_path, monkeypatch):
    monkeypatch.setenv("THREADLINE_PASSWORD", PASSWORD)
    result = runner.invoke(
        app,
        [
            "user",
            "add",
            "v.reid",
            "--role",
            "viewer",
            "--case",
            "ACKEE",
            "--config",
            str(users),
            "--by",
            "root",
            "--store",
            f"sqlite:///{tmp_path}/case.db",
        ],
        input="v.reid's passphrase\nv.reid's passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert load_users(users).get("v.reid").role == "viewer"
    with AuditLog(tmp_path / "audit.db") as log:
        assert log.records(action="user-change")[-1].who == "root"


def test_a_case_that_had_users_refuses_single_user_mode(audit):
    require_single_user_mode_allowed(audit)  # a fresh case: fine
    audit.record("root", "user-change", subject="a.brown")
    with pytest.raises(AccessError, match="has users"):
        require_single_user_mode_allowed(audit)


def test_a_reviewer_of_another_case_cannot_extend_a_reports_retention(any_store, audit):
    from governance.access import DEFAULT_ROLES, User
    from governance.retention import RetentionError, validate
    from tests.case_builder import ingest_case

    report = ingest_case(any_store)[0].report  # case ACKEE
    bravo_admin = User("b.admin", "admin", ("BRAVO",), permissions=DEFAULT_ROLES["admin"])
    with pytest.raises(RetentionError, match="No report"):
        validate(any_store, report.id, bravo_admin, "still needed", audit)
    assert audit.records(action="review-validate") == []
    ackee_admin = User("a.admin", "admin", ("ACKEE",), permissions=DEFAULT_ROLES["admin"])
    assert validate(any_store, report.id, ackee_admin, "still needed", audit).reviewer == "a.admin"
