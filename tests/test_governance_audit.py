"""The append-only, hash-chained audit log and its exports."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest

from governance.audit import AuditError, AuditLog, audit_path_for


@pytest.fixture
def log(tmp_path):
    with AuditLog(tmp_path / "audit.db") as audit:
        yield audit


def test_a_record_says_who_when_what_and_why(log):
    record = log.record("a.brown", "reveal", subject="P_tanya_hall", reason="witness statement")
    again = log.records()[0]
    assert (again.who, again.action, again.subject, again.reason) == (
        "a.brown",
        "reveal",
        "P_tanya_hall",
        "witness statement",
    )
    assert again.at == record.at and again.hash == record.hash


def test_each_record_carries_the_hash_of_the_one_before(log):
    first = log.record("admin", "sign-in")
    second = log.record("admin", "search", detail={"query": "slim"})
    assert second.prev_hash == first.hash


def test_an_export_needs_a_recipient_and_a_reason(log):
    with pytest.raises(AuditError, match="recipient"):
        log.record("a.brown", "export", subject="target package", reason="disruption planning")
    with pytest.raises(AuditError, match="reason"):
        log.record("a.brown", "export", subject="target package", recipient="TCIU")


def test_the_dissemination_log_lists_exports_with_recipients(log):
    log.record("a.brown", "export", subject="package-7", reason="joint operation", recipient="Border Force liaison")
    log.record("a.brown", "search", detail={"query": "negril"})
    exports = log.records(action="export")
    assert [(r.subject, r.recipient) for r in exports] == [("package-7", "Border Force liaison")]


def test_an_unknown_action_is_refused(log):
    with pytest.raises(AuditError, match="Unknown audit action"):
        log.record("admin", "deleted-everything")


def test_updating_a_record_is_refused_by_the_database(log):
    log.record("admin", "sign-in")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        log.connection.execute("UPDATE audit SET who = 'someone else'")


def test_deleting_a_record_is_refused_by_the_database(log):
    log.record("admin", "sign-in")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        log.connection.execute("DELETE FROM audit")


def test_an_untouched_chain_verifies(log):
    for action in ("sign-in", "search", "profile-view"):
        log.record("admin", action)
    check = log.verify_chain()
    assert check.ok and check.records == 3 and check.head == log.records()[-1].hash


def test_a_record_edited_behind_the_triggers_breaks_the_chain(log):
    for who in ("admin", "a.brown", "v.reid"):
        log.record(who, "sign-in")
    db = log.connection
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit SET who = 'nobody' WHERE seq = 2")
    check = log.verify_chain()
    assert not check.ok and check.first_bad_seq == 2 and "changed" in check.problem


def test_a_record_removed_behind_the_triggers_breaks_the_chain(log):
    for who in ("admin", "a.brown", "v.reid"):
        log.record(who, "sign-in")
    db = log.connection
    db.execute("DROP TRIGGER audit_no_delete")
    db.execute("DELETE FROM audit WHERE seq = 2")
    check = log.verify_chain()
    assert not check.ok and check.first_bad_seq == 3


def test_the_log_survives_reopening(tmp_path):
    with AuditLog(tmp_path / "audit.db") as first:
        first.record("admin", "config-change", subject="review_years", detail={"from": 5, "to": 7})
    with AuditLog(tmp_path / "audit.db") as second:
        second.record("admin", "sign-in")
        assert second.verify_chain().ok and len(second.records()) == 2


def test_export_as_csv_has_every_record(log, tmp_path):
    log.record("admin", "sign-in")
    log.record("a.brown", "export", subject="pkg", reason="=HYPERLINK(evil)", recipient="TCIU")
    assert log.export(tmp_path / "audit.csv", "csv") == 2
    rows = list(csv.DictReader((tmp_path / "audit.csv").open()))
    assert [r["action"] for r in rows] == ["sign-in", "export"]
    assert rows[1]["reason"] == "'=HYPERLINK(evil)"  # not run as a formula by a spreadsheet


def test_export_as_json_lines_keeps_the_detail(log, tmp_path):
    log.record("a.brown", "search", detail={"query": "slim", "hits": 3})
    log.export(tmp_path / "audit.jsonl", "jsonl")
    line = json.loads((tmp_path / "audit.jsonl").read_text().splitlines()[0])
    assert line["detail"] == {"query": "slim", "hits": 3}


def test_the_audit_file_sits_beside_an_embedded_case(tmp_path, monkeypatch):
    monkeypatch.delenv("THREADLINE_AUDIT", raising=False)
    assert audit_path_for(f"sqlite:///{tmp_path}/cases/ackee.db") == tmp_path / "cases" / "audit.db"
