"""The operations table, and the guard held to it: each change's permission, audit action and reason."""

from __future__ import annotations

import inspect

import pytest

from governance.access import DEFAULT_ROLES, PermissionDenied, User
from governance.audit import AuditLog
from governance.guard import GuardedStore, guard
from governance.operations import OPERATIONS, ReasonMissing, authorise, table_problems
from graph.embedded import EmbeddedStore
from graph.store import GraphStore
from tests.case_builder import ingest_case


def user(role: str, cases: tuple[str, ...] = ("*",)) -> User:
    return User(name=f"{role}-user", role=role, cases=cases, permissions=DEFAULT_ROLES[role])


@pytest.fixture
def case(tmp_path):
    store, audit = EmbeddedStore(tmp_path / "case.db"), AuditLog(tmp_path / "audit.db")
    ingest_case(store)
    yield store, audit
    store.close()
    audit.close()


def test_every_row_names_a_real_permission_and_audit_action():
    assert table_problems() == []


def test_an_undo_is_logged_under_its_own_action_never_its_opposite():
    assert OPERATIONS["undo-merge"].audit_action == "undo-merge"
    assert OPERATIONS["undo-split"].audit_action == "undo-split"
    assert OPERATIONS["reject"].audit_action == "reject"


def test_a_purge_needs_a_reason_even_from_an_administrator():
    with pytest.raises(ReasonMissing):
        authorise(user("admin"), "purge", "  ")
    assert authorise(user("admin"), "purge", "review: no longer necessary").audit_action == "purge"


def test_a_viewer_may_make_no_decision(case):
    store, audit = case
    viewer = guard(store, user("viewer"), audit)
    for attempt in (
        lambda: viewer.merge("P_ricky_grant", "P_owen_blake"),
        lambda: viewer.reject("P_ricky_grant", "P_owen_blake"),
        lambda: viewer.split("P_ricky_grant", ["Slim"]),
        lambda: viewer.set_role("P_owen_blake", "witness"),
        lambda: viewer.purge(store.reports()[0].id, "expired"),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert audit.records(action="merge") == [] and store.merges() == []


def test_an_analyst_may_not_purge_and_nothing_is_removed(case):
    store, audit = case
    analyst = guard(store, user("analyst"), audit)
    report = store.reports()[0]
    with pytest.raises(PermissionDenied):
        analyst.purge(report.id, "expired")
    assert store.has_report(report.id) and audit.records(action="purge") == []


def test_each_decision_is_logged_under_the_action_the_table_gives_it(case):
    store, audit = case
    analyst = guard(store, user("analyst"), audit)
    merge = analyst.merge("P_ricky_grant", "P_owen_blake", reason="same man")
    analyst.undo_merge(merge.id)
    split = analyst.split("P_ricky_grant", ["Slim"], reason="another man")
    analyst.undo_split(split.id)
    analyst.reject("P_owen_blake", "P_ricky_grant", reason="two men")
    analyst.set_role("P_owen_blake", "witness", reason="cooperating")
    logged = [r.action for r in audit.records()]
    assert logged == ["merge", "undo-merge", "split", "undo-split", "reject", "set-role"]
    assert {r.who for r in audit.records()} == {"analyst-user"}


def test_a_user_may_not_decide_about_an_entity_outside_their_cases(case):
    store, audit = case
    elsewhere = guard(store, user("analyst", ("OTHER",)), audit)
    with pytest.raises(PermissionDenied):
        elsewhere.merge("P_ricky_grant", "P_owen_blake")


def test_the_guard_answers_every_read_of_the_store_contract():
    reads = {
        name
        for name, member in inspect.getmembers(GraphStore, inspect.isfunction)
        if not name.startswith("_")
        and name not in {"ingest", "ingest_many", "add_calls", "close", "purge_report"}
        and name not in {"audit_head", "anchor_audit_head", "atomically", "case_secret"}  # governance plumbing
        and not any(word in name for word in ("merge", "split", "reject", "set_role", "update"))
    }
    missing = {name for name in reads if not callable(getattr(GuardedStore, name, None))}
    assert missing == set()


def test_the_guard_does_not_pretend_to_be_a_store():
    assert not issubclass(GuardedStore, GraphStore)
    assert not hasattr(GuardedStore, "purge_report")  # a purge says why: purge(report_id, reason)
