"""The guard against a careful insider, on both stores: ids a user may not see answer exactly
like ids that do not exist, and every such attempt is in the audit log."""

from __future__ import annotations

import pytest

from governance.access import DEFAULT_ROLES, User
from governance.audit import AuditLog
from governance.guard import guard
from graph.store import StoreError
from tests.case_builder import ingest_case

OTHER_ANALYST = User("o.only", "analyst", ("OTHER",), permissions=DEFAULT_ROLES["analyst"])
ACKEE_VIEWER = User("v.reid", "viewer", ("ACKEE",), permissions=DEFAULT_ROLES["viewer"])
ACKEE_ANALYST = User("a.brown", "analyst", ("ACKEE",), permissions=DEFAULT_ROLES["analyst"])


@pytest.fixture
def case(any_store, tmp_path):
    ingest_case(any_store)
    victim = next(e for e in any_store.entities(["PERSON"]) if e.role == "victim")
    with AuditLog(tmp_path / "audit.db", anchor=any_store) as audit:
        yield any_store, audit, victim


def _error(action) -> str:
    with pytest.raises(StoreError) as caught:
        action()
    return str(caught.value)


def test_the_pseudonym_loop_from_another_case_recovers_nothing_and_is_logged(case):
    store, audit, victim = case
    other = guard(store, OTHER_ANALYST, audit)
    messages = {
        n: _error(lambda n=n: other.merge(f"VICTIM_V-{n:03d}", "NO_SUCH_ENTITY", reason="loop"))
        for n in range(1000)
    }
    for n, message in messages.items():
        assert message == f"No entity 'VICTIM_V-{n:03d}' to merge"  # word for word a missing id's answer
    assert not any(victim.id in m or victim.name in m for m in messages.values())
    denied = audit.records(action="denied", who="o.only")
    assert {r.subject for r in denied} >= {f"VICTIM_V-{n:03d}" for n in range(1000)}
    assert all(r.detail["cases"] == ["OTHER"] for r in denied)


def test_a_merge_refused_for_another_cases_entity_reads_like_a_missing_one(case):
    store, audit, victim = case
    other = guard(store, OTHER_ANALYST, audit)
    hidden = _error(lambda: other.merge(victim.id, "NO_SUCH_ENTITY", reason="guess"))
    missing = _error(lambda: other.merge("P_0000000000000000", "NO_SUCH_ENTITY", reason="guess"))
    assert hidden.replace(victim.id, "X") == missing.replace("P_0000000000000000", "X")


def test_show_of_a_guessed_hidden_victim_id_answers_like_a_missing_one(case):
    store, audit, victim = case
    viewer = guard(store, ACKEE_VIEWER, audit)
    assert viewer.get_entity(victim.id) is None
    assert viewer.get_entity("P_0000000000000000") is None
    assert viewer.mentions_of(victim.id) == [] and viewer.neighbourhood([victim.id]).entities == []
    assert victim.id in {r.subject for r in audit.records(action="denied", who="v.reid")}


def test_in_her_own_case_a_victim_is_reached_through_her_pseudonym_id(case):
    store, audit, victim = case
    analyst = guard(store, ACKEE_ANALYST, audit)
    (shown,) = [e for e in analyst.entities(["PERSON"]) if e.name.startswith("Victim V-")]
    assert shown.id.startswith("VICTIM_V-") and analyst.get_entity(shown.id).name == shown.name
    assert analyst.neighbourhood([shown.id]).entities


def test_reading_a_profile_is_logged_with_the_user_and_their_cases(case):
    store, audit, victim = case
    analyst = guard(store, ACKEE_ANALYST, audit)
    suspect = next(e for e in analyst.entities(["PERSON"]) if not e.name.startswith("Victim V-"))
    analyst.get_entity(suspect.id)
    (record,) = audit.records(action="show", who="a.brown")
    assert record.subject == suspect.id and record.detail["cases"] == ["ACKEE"]


def test_the_command_line_logs_show_and_paths(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from cli.main import app
    from governance.access import UserDirectory, add_user, save_users
    from graph.embedded import EmbeddedStore

    directory = UserDirectory()
    add_user(directory, "a.brown", "analyst", "correct horse battery", ["ACKEE"])
    monkeypatch.setenv("THREADLINE_USERS", str(save_users(directory, tmp_path / "users.toml")))
    monkeypatch.setenv("THREADLINE_USER", "a.brown")
    monkeypatch.setenv("THREADLINE_PASSWORD", "correct horse battery")
    monkeypatch.delenv("THREADLINE_AUDIT", raising=False)
    url = f"sqlite:///{tmp_path}/case.db"
    with EmbeddedStore(tmp_path / "case.db") as store:
        ingest_case(store)
        ids = [e.id for e in store.entities(["PERSON"]) if e.role == "suspect"]
    runner = CliRunner()
    assert runner.invoke(app, ["show", ids[0], "--store", url]).exit_code == 0
    runner.invoke(app, ["paths", ids[0], ids[1], "--store", url])
    with AuditLog(tmp_path / "audit.db") as audit:
        assert audit.records(action="show", who="a.brown") and audit.records(action="paths", who="a.brown")


def test_an_alias_written_only_in_another_case_is_neither_shown_nor_searchable(case):
    store, audit, victim = case
    assert "Slim" in store.get_entity("P_ricky_grant").aliases  # written in ACKEE reports only
    other = guard(store, OTHER_ANALYST, audit)
    grant = other.get_entity("P_ricky_grant")
    assert grant.name == "Ricky Grant" and "Slim" not in grant.aliases
    assert [h.entity.id for h in other.search("Slim")] == []
    assert "P_ricky_grant" in [h.entity.id for h in other.search("Ricky Grant")]
    ackee = guard(store, ACKEE_ANALYST, audit)
    assert "Slim" in ackee.get_entity("P_ricky_grant").aliases
    assert "P_ricky_grant" in [h.entity.id for h in ackee.search("Slim")]
