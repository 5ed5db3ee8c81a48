"""An audited write and its record commit together or not at all, on both stores: the write,
the chain's head and the record are one transaction of the case store, and a record the log
lost in a crash after that commit is taken back from the case store.

The crashes are real: a child process is killed (``os._exit``) at the point named."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from governance.access import DEFAULT_ROLES, User
from governance.audit import AuditLog
from governance.retention import purge
from graph.embedded import EmbeddedStore
from tests.case_builder import ingest_case

ADMIN = User("admin", "admin", ("*",), permissions=DEFAULT_ROLES["admin"])
KEY = "a deployment's audit key"
REASON = "review: no longer necessary"
ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, os, sys
from governance.access import DEFAULT_ROLES, User
from governance.audit import AuditLog
from governance.retention import purge

args = json.loads(sys.argv[1])
if args["store"] == "embedded":
    from graph.embedded import EmbeddedStore
    store = EmbeddedStore(args["path"])
else:
    from graph.neo4j_store import Neo4jStore
    store = Neo4jStore(args["url"], args["user"], args["password"], args["database"])
admin = User("admin", "admin", ("*",), permissions=DEFAULT_ROLES["admin"])


class KilledBeforeTheLogCommits(AuditLog):
    def _commit(self, db):
        os._exit(9)  # the case store has committed the purge with its record; the log has not


if args["when"] == "after the case commits":
    log = KilledBeforeTheLogCommits(args["audit"], key=args["key"], anchor=store)
    purge(store, args["report"], admin, args["reason"], log)
else:  # before the case commits: the purge is made inside the block, then the process dies
    log = AuditLog(args["audit"], key=args["key"], anchor=store)
    with log.writing("admin", "purge", subject=args["report"], reason=args["reason"], store=store):
        store.purge_report(args["report"])
        os._exit(9)
"""


def _crash(store, request, audit: Path, report_id: str, when: str) -> None:
    """Run a purge in a child process that is killed ``when``."""
    args = {"audit": str(audit), "key": KEY, "report": report_id, "reason": REASON, "when": when}
    if isinstance(store, EmbeddedStore):
        args.update(store="embedded", path=str(store.path))
    else:
        connection = request.getfixturevalue("neo4j_connection")
        args.update(
            store="neo4j",
            url=connection.url,
            user=connection.user,
            password=connection.password,
            database=connection.database,
        )
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(args)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 9, done.stderr


def _state(store, report_id: str) -> tuple:
    return store.get_report(report_id) is not None, len(store.mentions_in(report_id)), len(store.entities())


def test_a_record_the_log_lost_after_the_case_committed_is_taken_back(any_store, request, tmp_path):
    report = ingest_case(any_store)[0].report
    audit = tmp_path / "audit.db"
    with AuditLog(audit, key=KEY, anchor=any_store) as log:
        log.record("a.brown", "search", detail={"query": "negril"})
    _crash(any_store, request, audit, report.id, "after the case commits")
    assert any_store.get_report(report.id) is None  # the purge was made...
    with AuditLog(audit, key=KEY, anchor=any_store) as log:
        check = log.verify_chain()  # ...and its record, kept by the case store, is back in the log
        (record,) = log.records(action="purge")
        assert check.ok and check.anchored and check.records == 2
        assert record.subject == report.id and record.reason == REASON and "links_removed" in record.detail
        log.record("a.brown", "search", detail={"query": "tanya"})
        assert log.verify_chain().ok and len(log.records()) == 3


def test_the_next_write_takes_back_a_lost_record_before_its_own(any_store, request, tmp_path):
    report = ingest_case(any_store)[0].report
    audit = tmp_path / "audit.db"
    _crash(any_store, request, audit, report.id, "after the case commits")
    with AuditLog(audit, key=KEY, anchor=any_store) as log:
        log.record("a.brown", "search", detail={"query": "tanya"})
        assert [r.action for r in log.records()] == ["purge", "search"]
        assert log.verify_chain().ok


def test_a_crash_before_the_case_commits_leaves_neither_the_write_nor_its_record(any_store, request, tmp_path):
    report = ingest_case(any_store)[0].report
    before = _state(any_store, report.id)
    audit = tmp_path / "audit.db"
    with AuditLog(audit, key=KEY, anchor=any_store) as log:
        log.record("a.brown", "search", detail={"query": "negril"})
    _crash(any_store, request, audit, report.id, "before the case commits")
    assert _state(any_store, report.id) == before
    with AuditLog(audit, key=KEY, anchor=any_store) as log:
        check = log.verify_chain()
        assert check.ok and check.records == 1 and log.records(action="purge") == []


def test_a_write_that_fails_is_undone_with_its_record(any_store, tmp_path):
    report = ingest_case(any_store)[0].report
    before = _state(any_store, report.id)
    with AuditLog(tmp_path / "audit.db", key=KEY, anchor=any_store) as log:
        with pytest.raises(RuntimeError, match="the reviewer's session ended"):
            with log.writing("admin", "purge", subject=report.id, reason=REASON, store=any_store):
                any_store.purge_report(report.id)
                raise RuntimeError("the reviewer's session ended")
        assert log.records() == [] and any_store.audit_head() is None
    assert _state(any_store, report.id) == before


def test_the_case_store_keeps_the_last_record_with_the_head(any_store, tmp_path):
    report = ingest_case(any_store)[0].report
    with AuditLog(tmp_path / "audit.db", key=KEY, anchor=any_store) as log:
        purge(any_store, report.id, ADMIN, REASON, log)
        (record,) = log.records()
    head = any_store.audit_head()
    kept = json.loads(head.record)
    assert (head.count, head.hash) == (1, record.hash)
    assert kept["hash"] == record.hash and kept["subject"] == report.id and json.loads(kept["detail"]) == record.detail


def test_a_forged_record_in_the_case_store_is_not_taken_back(any_store, tmp_path):
    """Whoever can write the case store but lacks the key cannot slip a record into the log."""
    audit = tmp_path / "audit.db"
    with AuditLog(audit, key=KEY, anchor=any_store) as log:
        log.record("a.brown", "search", detail={"query": "negril"})
        first = log.records()[0]
    forged = {**first.to_row(), "seq": 2, "prev_hash": first.hash, "detail": json.dumps({"query": "nothing"})}
    any_store.anchor_audit_head(2, first.hash[::-1], json.dumps({**forged, "hash": first.hash[::-1]}))
    with AuditLog(audit, key=KEY, anchor=any_store) as log:
        check = log.verify_chain()
        assert not check.ok and "missing from the end" in check.problem and len(log.records()) == 1


def test_a_guarded_link_decision_commits_with_its_record_named_by_the_decision(any_store, tmp_path):
    from governance.guard import guard
    from graph.decisions import LinkDecision

    ingest_case(any_store)
    with AuditLog(tmp_path / "audit.db", key=KEY, anchor=any_store) as log:
        guarded = guard(any_store, ADMIN, log)
        victim = guarded.outer_id("P_tanya_hall")  # she is shown as a pseudonym
        made = guarded.decide_link(LinkDecision("", "reject", "RECRUITED", "P_ricky_grant", victim, reason="misread"))
        (record,) = log.records()
    (stored,) = any_store.link_decisions()
    assert record.subject == made.id == stored.id and record.detail["type"] == "RECRUITED"
    assert json.loads(any_store.audit_head().record)["subject"] == stored.id


def test_a_guarded_link_decision_with_a_locked_audit_log_is_not_made(any_store, tmp_path):
    import sqlite3

    from governance.audit import AuditError
    from governance.guard import guard
    from graph.decisions import LinkDecision

    ingest_case(any_store)
    log = AuditLog(tmp_path / "audit.db", key=KEY, anchor=any_store, timeout=0.2)
    holder = sqlite3.connect(tmp_path / "audit.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the log
    try:
        with pytest.raises(AuditError, match="nothing was changed"):
            guarded = guard(any_store, ADMIN, log)
            victim = guarded.outer_id("P_tanya_hall")
            guarded.decide_link(LinkDecision("", "reject", "RECRUITED", "P_ricky_grant", victim, reason="misread"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        log.close()
    assert any_store.link_decisions() == []
