"""Pseudonyms keyed per deployment: the public development key is refused where it would let
anyone compute V-numbers (users configured, a case on a server) and warned about elsewhere; a
new key re-draws numbers without two victims on one number."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.main import app
from governance.audit import AuditLog
from governance.redaction import PseudonymKeyError, PseudonymRegister, check_pseudonym_key, key_scope

runner = CliRunner()


@pytest.fixture
def development_key(monkeypatch):
    monkeypatch.delenv("THREADLINE_PSEUDONYM_SECRET", raising=False)


def test_a_multi_user_deployment_refuses_the_development_key(development_key):
    with pytest.raises(PseudonymKeyError, match="users are configured"):
        check_pseudonym_key(multi_user=True, server_store=False)


def test_a_case_on_a_server_refuses_the_development_key(development_key):
    with pytest.raises(PseudonymKeyError, match="database server"):
        check_pseudonym_key(multi_user=False, server_store=True)


def test_single_user_mode_warns_on_every_start_until_a_key_is_set(development_key, monkeypatch):
    assert "development key" in check_pseudonym_key(multi_user=False, server_store=False)
    monkeypatch.setenv("THREADLINE_PSEUDONYM_SECRET", "our own key")
    assert check_pseudonym_key(multi_user=True, server_store=True) is None


def test_the_cli_warns_in_single_user_mode_with_the_development_key(development_key, tmp_path, monkeypatch):
    (tmp_path / "no-users.toml").write_text("", encoding="utf-8")
    monkeypatch.setenv("THREADLINE_USERS", str(tmp_path / "no-users.toml"))
    from graph.embedded import EmbeddedStore

    EmbeddedStore(tmp_path / "case.db").close()
    result = runner.invoke(app, ["stats", "--store", f"sqlite:///{tmp_path}/case.db"])
    assert "development key" in result.output


def test_rotating_the_key_redraws_numbers_without_collisions(tmp_path):
    with AuditLog(tmp_path / "audit.db") as audit:
        old = PseudonymRegister(audit, "old key", scope=key_scope("old key"))
        new = PseudonymRegister(audit, "new key", scope=key_scope("new key"))
        ids = [f"P_{i:016x}" for i in range(300)]
        assert len({new.pseudonym(i) for i in ids}) == 300
        assert [old.pseudonym(i) for i in ids[:50]] != [new.pseudonym(i) for i in ids[:50]]


def test_the_cli_makes_a_fresh_key():
    first, second = (runner.invoke(app, ["pseudonym-key"]).output.strip() for _ in range(2))
    assert len(first) >= 40 and first != second
