"""The audit trail against an insider, on both stores: the chain's head is anchored in the case
store, so a cut tail, a deleted log, an edited log and a re-hashed log are each detected, and a
purge whose audit record cannot be written is not made at all."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat

import pytest

from governance.access import DEFAULT_ROLES, User
from governance.audit import AuditError, AuditLog
from governance.retention import purge
from tests.case_builder import ingest_case

ADMIN = User("admin", "admin", ("*",), permissions=DEFAULT_ROLES["admin"])


@pytest.fixture
def logged(any_store, tmp_path):
    """A case on each backend and its audit log, anchored in it, with five records written."""
    log = AuditLog(tmp_path / "audit.db", key="a deployment's audit key", anchor=any_store)
    for query in ("slim", "negril", "tanya", "montego", "port royal"):
        log.record("a.brown", "search", detail={"query": query})
    yield any_store, log, tmp_path / "audit.db"
    log.close()


def _reopen(path, store):
    return AuditLog(path, key="a deployment's audit key", anchor=store)


def test_an_untouched_log_verifies_against_the_head_in_the_case_store(logged):
    store, log, _ = logged
    check = log.verify_chain()
    assert check.ok and check.anchored and check.records == 5
    assert store.audit_head()[:2] == (5, log.records()[-1].hash)


def test_a_truncated_tail_is_detected(logged):
    store, log, path = logged
    log.close()
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER audit_no_delete")
    db.execute("DELETE FROM audit WHERE seq > 3")
    db.commit()
    db.close()
    with _reopen(path, store) as again:
        check = again.verify_chain()
    assert not check.ok and "missing from the end" in check.problem


def test_a_deleted_log_is_detected(logged):
    store, log, path = logged
    log.close()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            os.remove(f"{path}{suffix}")
    with _reopen(path, store) as fresh:
        check = fresh.verify_chain()
    assert not check.ok and check.records == 0 and "anchored 5 records" in check.problem


def test_an_edited_record_is_detected(logged):
    store, log, path = logged
    db = log.connection
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit SET detail = ? WHERE seq = 2", (json.dumps({"query": "nothing to see"}),))
    check = log.verify_chain()
    assert not check.ok and check.first_bad_seq == 2 and "changed" in check.problem


def test_an_edited_and_rehashed_log_is_detected(logged):
    """Whoever rewrites the log recomputes every hash as the old sha256 chain did: without the
    key the HMACs do not match."""
    store, log, path = logged
    db = log.connection
    db.execute("DROP TRIGGER audit_no_update")
    previous = "0" * 64
    rows = db.execute("SELECT seq, at, who, action, subject, reason, recipient, detail FROM audit ORDER BY seq")
    for seq, at, who, action, subject, reason, recipient, detail in rows.fetchall():
        if seq == 2:
            detail = json.dumps({"query": "nothing to see"})
        payload = json.dumps([seq, previous, at, who, action, subject, reason, recipient, detail])
        digest = hashlib.sha256(payload.encode()).hexdigest()
        db.execute(
            "UPDATE audit SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?", (detail, previous, digest, seq)
        )
        previous = digest
    check = log.verify_chain()
    assert not check.ok and check.first_bad_seq == 1


def test_a_log_rewritten_with_the_wrong_key_is_detected(logged):
    store, log, path = logged
    log.close()
    with AuditLog(path, key="a guessed key", anchor=store) as wrong:
        assert not wrong.verify_chain().ok


def test_a_purge_with_a_locked_audit_log_fails_whole(any_store, tmp_path):
    case = ingest_case(any_store)
    report = case[0].report
    before = (any_store.get_report(report.id), len(any_store.mentions_in(report.id)))
    log = AuditLog(tmp_path / "audit.db", anchor=any_store, timeout=0.2)
    holder = sqlite3.connect(tmp_path / "audit.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the log
    try:
        with pytest.raises(AuditError, match="nothing was changed"):
            purge(any_store, report.id, ADMIN, "review: no longer necessary", log)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (any_store.get_report(report.id), len(any_store.mentions_in(report.id))) == before
    assert log.records(action="purge") == []
    log.close()


def test_a_purge_and_its_record_commit_together(any_store, tmp_path):
    case = ingest_case(any_store)
    report = case[0].report
    with AuditLog(tmp_path / "audit.db", anchor=any_store) as log:
        result = purge(any_store, report.id, ADMIN, "review: no longer necessary", log)
        (record,) = log.records(action="purge")
        assert any_store.get_report(report.id) is None
        assert record.detail["links_removed"] == result.links_removed
        assert any_store.audit_head()[:2] == (1, record.hash)


def test_the_audit_log_and_its_key_are_readable_by_their_owner_only(tmp_path):
    with AuditLog(tmp_path / "audit.db") as log:
        log.record("admin", "sign-in")
    for name in ("audit.db", "audit.db.key"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name


def test_the_embedded_case_file_is_readable_by_its_owner_only(embedded_store):
    assert stat.S_IMODE(embedded_store.path.stat().st_mode) == 0o600


def test_a_merge_with_a_locked_audit_log_is_not_made(any_store, tmp_path):
    from governance.guard import guard

    ingest_case(any_store)
    log = AuditLog(tmp_path / "audit.db", anchor=any_store, timeout=0.2)
    people = sorted(e.id for e in any_store.entities(["PERSON"]) if e.role == "suspect")
    holder = sqlite3.connect(tmp_path / "audit.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(AuditError, match="nothing was changed"):
            guard(any_store, ADMIN, log).merge(people[0], people[1], reason="same man")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (
        any_store.merges() == []
        and sorted(e.id for e in any_store.entities(["PERSON"]) if e.role == "suspect") == people
    )
    log.close()
