"""The append-only audit log: who did what, when and why, in its own SQLite file.

Every record stores the hash of the record before it, so a record edited, inserted or
removed outside this module breaks the chain and :meth:`AuditLog.verify_chain` says where.
Triggers refuse UPDATE and DELETE on the log table. Exports to other people (the
dissemination log) carry a recipient and a reason.

The file also keeps two small insert-only tables for governance state that the stores have
no place for yet: victim pseudonym numbers (see :mod:`governance.redaction`).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graph.backends import case_file
from graph.errors import ThreadlineError
from graph.model import now_iso
from graph.store import StoreError

DEFAULT_AUDIT_FILE = "audit.db"

#: The actions recorded, in the investigator's words.
ACTIONS: dict[str, str] = {
    "sign-in": "signed in",
    "sign-in-failed": "failed to sign in",
    "sign-out": "signed out",
    "search": "searched",
    "profile-view": "viewed a profile",
    "report-view": "read a report",
    "reveal": "revealed a victim's identity",
    "merge": "merged two entities",
    "undo-merge": "undid a merge",
    "split": "split an entity",
    "undo-split": "undid a split",
    "reject": "recorded that two entities are not the same",
    "set-role": "set a person's role",
    "export": "exported (disseminated) material",
    "purge": "purged a report",
    "review-validate": "validated a report at review",
    "grading-change": "changed a report's grading",
    "config-change": "changed the configuration",
    "user-change": "added or changed a user",
    "cypher-query": "ran a read-only Cypher query",
    "audit-export": "exported the audit log",
}

GENESIS = "0" * 64

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '', recipient TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE IF NOT EXISTS pseudonyms (
    scope TEXT NOT NULL, entity_id TEXT NOT NULL, number INTEGER NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (scope, entity_id), UNIQUE (scope, number)
);
CREATE TRIGGER IF NOT EXISTS pseudonyms_no_update BEFORE UPDATE ON pseudonyms
BEGIN SELECT RAISE(ABORT, 'pseudonym numbers never change'); END;
CREATE TRIGGER IF NOT EXISTS pseudonyms_no_delete BEFORE DELETE ON pseudonyms
BEGIN SELECT RAISE(ABORT, 'pseudonym numbers never change'); END;
"""

_COLUMNS = ("seq", "at", "who", "action", "subject", "reason", "recipient", "detail", "prev_hash", "hash")


class AuditError(ThreadlineError):
    """An audit record that cannot be written as asked (missing reason, unknown action...)."""


@dataclass(frozen=True)
class AuditRecord:
    """One line of the audit log."""

    seq: int
    at: str
    who: str
    action: str
    subject: str = ""
    reason: str = ""
    recipient: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS
    hash: str = ""

    def to_row(self) -> dict[str, Any]:
        row = asdict(self)
        row["detail"] = json.dumps(self.detail, sort_keys=True, ensure_ascii=False)
        return row


@dataclass(frozen=True)
class ChainCheck:
    """The result of checking the hash chain: ``ok``, how many records, and the first bad one."""

    ok: bool
    records: int
    first_bad_seq: int | None = None
    problem: str = ""
    head: str = GENESIS  # hash of the last record: note it down to detect a truncated tail later


def record_hash(
    prev_hash: str, at: str, who: str, action: str, subject: str, reason: str, recipient: str, detail: str
) -> str:
    """The hash of one record, chained to the record before it."""
    payload = json.dumps([prev_hash, at, who, action, subject, reason, recipient, detail], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def audit_path_for(store_url: str | None, configured: str | None = None) -> Path:
    """Where the audit log of a store lives: ``configured`` or ``THREADLINE_AUDIT`` when set,
    else ``audit.db`` beside an embedded case file, else ``./audit.db``."""
    explicit = configured or os.environ.get("THREADLINE_AUDIT")
    if explicit:
        return Path(explicit)
    try:
        case = case_file(store_url)
    except StoreError:
        case = None
    return case.parent / DEFAULT_AUDIT_FILE if case is not None else Path(DEFAULT_AUDIT_FILE)


class AuditLog:
    """An append-only, hash-chained audit log in one SQLite file (created when missing)."""

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_AUDIT_FILE) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._lock = threading.RLock()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, serialised against other processes appending."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # -- writing --------------------------------------------------------------------------

    def record(
        self,
        who: str,
        action: str,
        subject: str = "",
        reason: str = "",
        recipient: str = "",
        detail: dict[str, Any] | None = None,
    ) -> AuditRecord:
        """Append one record. Reveals, exports, purges and validations need a reason; exports
        need a recipient too (the dissemination log)."""
        if action not in ACTIONS:
            raise AuditError(f"Unknown audit action {action!r}: one of {', '.join(ACTIONS)}")
        if not who:
            raise AuditError("An audit record needs to say who acted")
        reason = (reason or "").strip()
        recipient = (recipient or "").strip()
        if action in ("reveal", "export", "purge", "review-validate", "audit-export") and not reason:
            raise AuditError(f"A {action} needs a stated reason")
        if action == "export" and not recipient:
            raise AuditError("An export needs a recipient: who is the material going to?")
        detail_text = json.dumps(detail or {}, sort_keys=True, ensure_ascii=False, default=str)
        at = now_iso()
        with self.transaction() as db:
            row = db.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            prev_hash = row[0] if row else GENESIS
            digest = record_hash(prev_hash, at, who, action, subject, reason, recipient, detail_text)
            cursor = db.execute(
                "INSERT INTO audit (at, who, action, subject, reason, recipient, detail, prev_hash, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (at, who, action, subject, reason, recipient, detail_text, prev_hash, digest),
            )
            seq = cursor.lastrowid
        return AuditRecord(seq, at, who, action, subject, reason, recipient, json.loads(detail_text), prev_hash, digest)

    # -- reading --------------------------------------------------------------------------

    def records(
        self,
        action: str | None = None,
        who: str | None = None,
        subject: str | None = None,
        since: str | None = None,
        limit: int | None = None,
    ) -> list[AuditRecord]:
        """Records oldest first, optionally only one action / person / subject / from a date on."""
        clauses, params = [], []
        for column, value in (("action", action), ("who", who), ("subject", subject)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if since is not None:
            clauses.append("at >= ?")
            params.append(since)
        query = f"SELECT {', '.join(_COLUMNS)} FROM audit"  # noqa: S608 - fixed column names
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        query += " ORDER BY seq"
        rows = self._db.execute(query, params).fetchall()
        if limit is not None:
            rows = rows[-limit:]
        return [_record_from_row(row) for row in rows]

    def verify_chain(self) -> ChainCheck:
        """Recompute every hash: any record changed, removed or inserted shows as the first bad one."""
        previous = GENESIS
        count = 0
        expected_seq = None
        for row in self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM audit ORDER BY seq"):  # noqa: S608
            seq, at, who, action, subject, reason, recipient, detail, prev_hash, digest = row
            count += 1
            if expected_seq is not None and seq != expected_seq:
                return ChainCheck(False, count, seq, f"record {expected_seq} is missing", previous)
            if prev_hash != previous:
                return ChainCheck(False, count, seq, f"record {seq} does not follow the record before it", previous)
            if record_hash(prev_hash, at, who, action, subject, reason, recipient, detail) != digest:
                return ChainCheck(False, count, seq, f"record {seq} was changed after it was written", previous)
            previous = digest
            expected_seq = seq + 1
        return ChainCheck(True, count, head=previous)

    def export(self, path: str | os.PathLike[str], fmt: str = "csv", **filters: Any) -> int:
        """Write the log (or the records ``filters`` select) to CSV or JSON Lines; returns the count."""
        records = self.records(**filters)
        path = Path(path)
        if fmt == "csv":
            with path.open("w", newline="", encoding="utf-8") as out:
                writer = csv.DictWriter(out, fieldnames=list(_COLUMNS))
                writer.writeheader()
                for record in records:
                    writer.writerow({k: _csv_safe(v) for k, v in record.to_row().items()})
        elif fmt == "jsonl":
            with path.open("w", encoding="utf-8") as out:
                for record in records:
                    out.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
        else:
            raise AuditError(f"Unknown export format {fmt!r}: csv or jsonl")
        return len(records)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The SQLite connection, for the insert-only governance tables beside the log."""
        return self._db


def export_audit(log: AuditLog, path: str | os.PathLike[str], fmt: str = "csv", **filters: Any) -> int:
    """Write the audit log to ``path`` as ``csv`` or ``jsonl``; returns how many records."""
    return log.export(path, fmt, **filters)


def _record_from_row(row: tuple) -> AuditRecord:
    values = dict(zip(_COLUMNS, row, strict=True))
    values["detail"] = json.loads(values["detail"] or "{}")
    return AuditRecord(**values)


def _csv_safe(value: Any) -> Any:
    """Stop a spreadsheet from running a cell as a formula (names and reasons are free text)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
