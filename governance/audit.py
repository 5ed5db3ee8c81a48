"""The append-only audit log: who did what, when and why, in its own SQLite file.

Every record carries an HMAC (SHA-256) of its content and of the record before it, under a key
the log does not hold (``THREADLINE_AUDIT_KEY``, else a key file created 0600 beside it, see
:func:`audit_key`): a record edited, inserted or removed breaks the chain, and re-hashing an
edited log needs the key. The head of the chain (how many records, the last one's HMAC) is
anchored outside the log, in the case store (:class:`AuditAnchor`), each time a record is
written, so a cut tail or a deleted file shows too. :meth:`AuditLog.verify_chain` says where.
Triggers refuse UPDATE and DELETE on the log table. Exports to other people (the
dissemination log) carry a recipient and a reason.

An audited write runs inside :meth:`AuditLog.writing`: the log is locked for writing first
(a log that cannot be written stops the write before it starts); the write, the new head and
the record itself commit in one transaction of the case store, which is where the record is
committed first; the log commits it next. A crash between the two leaves the record in the
case store, and the log takes it back from there at its next write or verification (an
authentic record: its HMAC must chain onto the log's last one). So an audited write and its
record are kept together or not at all.

The file also keeps two small insert-only tables for governance state that the stores have
no place for yet: victim pseudonym numbers (see :mod:`governance.redaction`).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from graph.backends import case_file
from graph.errors import ThreadlineError
from graph.model import now_iso
from graph.store import AuditHead, StoreError

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
    "show": "read an entity's profile or evidence",
    "paths": "followed paths or chains between entities",
    "denied": "was refused (no such entity, or not theirs to see or change)",
    "key-rotation": "rotated the victim-pseudonym key",
    "link-decision": "confirmed, rejected, corrected or added a link",
    "undo-link-decision": "undid a link decision",
    "entity-decision": "marked an entity false, corrected its kind or added one",
    "undo-entity-decision": "undid an entity decision",
    "note": "wrote a note",
    "view-save": "saved a view of the graph",
    "watch": "started or stopped watching an identifier",
    "alert": "was alerted (a watched identifier, or another case holding one)",
    "deconfliction": "was told another case holds an identifier",
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
    """An audit record that cannot be written as asked (missing reason, unknown action, a log
    locked by another program...)."""


class AuditAnchor(Protocol):
    """Where the head of the chain is kept outside the log: the case store (both backends)."""

    def audit_head(self) -> AuditHead | None: ...

    def anchor_audit_head(self, count: int, digest: str, record: str = "") -> None: ...

    def atomically(self) -> AbstractContextManager[None]: ...


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
    head: str = GENESIS  # hash of the last record
    anchored: bool = False  # whether the head was checked against the one the case store keeps


def record_hash(
    key: bytes,
    seq: int,
    prev_hash: str,
    at: str,
    who: str,
    action: str,
    subject: str,
    reason: str,
    recipient: str,
    detail: str,
) -> str:
    """The HMAC-SHA256 of one record under ``key``, chained to the record before it."""
    payload = json.dumps([seq, prev_hash, at, who, action, subject, reason, recipient, detail], ensure_ascii=False)
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def create_private(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only (0600) unless it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def audit_key(log_path: Path, configured: str | None = None) -> bytes:
    """The chain's HMAC key: ``configured``, else ``THREADLINE_AUDIT_KEY``, else the key file
    ``THREADLINE_AUDIT_KEY_FILE`` (default: the log's path + ``.key``), created 0600 with 32
    random bytes the first time. Deployments keep the key away from the log (a secret store,
    another account's file), so whoever can write the log cannot re-hash it."""
    text = configured or os.environ.get("THREADLINE_AUDIT_KEY")
    if text:
        return text.encode("utf-8")
    key_file = Path(os.environ.get("THREADLINE_AUDIT_KEY_FILE") or f"{log_path}.key")
    if not key_file.exists():
        create_private(key_file)
        with key_file.open("w", encoding="ascii") as out:
            out.write(os.urandom(32).hex())
    return key_file.read_text(encoding="ascii").strip().encode("ascii")


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
    """An append-only, HMAC-chained audit log in one SQLite file (created 0600 when missing).

    ``anchor`` (the case store) keeps the head of the chain; ``timeout`` is how long a write
    waits for another program holding the log before it is refused.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = DEFAULT_AUDIT_FILE,
        *,
        key: str | None = None,
        anchor: AuditAnchor | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.path = Path(path)
        create_private(self.path)
        self._key = audit_key(self.path, key)
        self.anchor = anchor
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=timeout)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._lock = threading.RLock()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, serialised against other processes appending."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise AuditError(
                    f"The audit log {self.path} cannot be written ({error}): nothing was changed; try again"
                ) from error
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._commit(self._db)

    def _commit(self, db: sqlite3.Connection) -> None:
        try:
            db.execute("COMMIT")
        except sqlite3.Error as error:
            db.execute("ROLLBACK")
            raise AuditError(
                f"The audit log {self.path} could not commit ({error}). A change already made is kept "
                "with its record in the case store, and the record is copied to the log at its next "
                "write or `threadline audit verify`."
            ) from error

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
        with self.writing(who, action, subject, reason, recipient, detail) as pending:
            pass
        assert pending.record is not None
        return pending.record

    @contextmanager
    def writing(
        self,
        who: str,
        action: str,
        subject: str = "",
        reason: str = "",
        recipient: str = "",
        detail: dict[str, Any] | None = None,
        store: AuditAnchor | None = None,
    ) -> Iterator[PendingRecord]:
        """Run the audited write in the ``with`` block, its record committed with it or not at all.

        ``store`` is the case store the block writes to (default: the log's anchor); it must be
        the very object the block writes through, so that the block's writes, the new head and
        the record are one transaction of it (:meth:`graph.store.GraphStore.atomically`).

        The log is locked first, so a log that cannot be written refuses the write before it
        starts; ``pending.detail`` and ``pending.subject`` can be filled in by the block (what
        the write removed, the id it made...). If the block raises, nothing is written or
        recorded. Otherwise the case store commits the write with the record and its head,
        then the log commits the record::

            with audit.writing(user, "purge", subject=report_id, reason=why, store=store) as pending:
                result = store.purge_report(report_id)
                pending.detail["links_removed"] = result.links_removed
        """
        self._check(who, action, reason, recipient)
        anchor = store if store is not None else self.anchor
        pending = PendingRecord(dict(detail or {}), subject=subject)
        with self.transaction() as db:
            self._restore(db, anchor)
            with anchor.atomically() if anchor is not None else nullcontext():
                yield pending
                record = self._append(db, who, action, pending.subject, reason, recipient, pending.detail)
                if anchor is not None:
                    anchor.anchor_audit_head(*self._head(db))
            pending.record = record

    def _check(self, who: str, action: str, reason: str, recipient: str) -> None:
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

    def _append(
        self,
        db: sqlite3.Connection,
        who: str,
        action: str,
        subject: str,
        reason: str,
        recipient: str,
        detail: dict[str, Any],
    ) -> AuditRecord:
        reason, recipient = (reason or "").strip(), (recipient or "").strip()
        detail_text = json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str)
        at = now_iso()
        row = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        last_seq, prev_hash = row if row else (0, GENESIS)
        seq = max(last_seq, _sequence(db)) + 1
        digest = record_hash(self._key, seq, prev_hash, at, who, action, subject, reason, recipient, detail_text)
        db.execute(
            "INSERT INTO audit (seq, at, who, action, subject, reason, recipient, detail, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, at, who, action, subject, reason, recipient, detail_text, prev_hash, digest),
        )
        return AuditRecord(seq, at, who, action, subject, reason, recipient, json.loads(detail_text), prev_hash, digest)

    def _head(self, db: sqlite3.Connection) -> tuple[int, str, str]:
        """The head to anchor: the records in the log, the last one's HMAC, and that record (JSON)."""
        count = db.execute("SELECT count(*) FROM audit").fetchone()[0]
        last = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM audit ORDER BY seq DESC LIMIT 1").fetchone()  # noqa: S608
        return count, last[-1], json.dumps(dict(zip(_COLUMNS, last, strict=True)), ensure_ascii=False)

    def _restore(self, db: sqlite3.Connection, anchor: AuditAnchor | None) -> AuditRecord | None:
        """Take back the record the case store committed and the log did not (a crash between
        the two commits): the head one record ahead of the log, whose record chains onto the
        log's last one and carries a valid HMAC. Anything else is left for :meth:`verify_chain`."""
        head = anchor.audit_head() if anchor is not None else None
        if head is None or not head.record:
            return None
        count = db.execute("SELECT count(*) FROM audit").fetchone()[0]
        if head.count != count + 1:
            return None
        row = db.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        try:
            kept = json.loads(head.record)
            values = tuple(kept[column] for column in _COLUMNS)
        except (ValueError, KeyError, TypeError):
            return None
        seq, at, who, action, subject, reason, recipient, detail, prev_hash, digest = values
        expected = record_hash(self._key, seq, prev_hash, at, who, action, subject, reason, recipient, detail)
        if (
            prev_hash != (row[0] if row else GENESIS)
            or digest != head.hash
            or not hmac.compare_digest(expected, digest)
        ):
            return None
        db.execute(
            f"INSERT INTO audit ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",  # noqa: S608
            values,
        )
        return _record_from_row(values)

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

    def verify_chain(self, anchor: AuditAnchor | None = None) -> ChainCheck:
        """Recompute every HMAC: a record changed, removed, inserted or re-hashed without the key
        shows as the first bad one; with an anchor (default: the log's), a cut tail or a deleted
        and recreated log shows as records missing from the end. A record the case store
        committed and the log lost in a crash is first taken back (:meth:`_restore`)."""
        anchor = anchor or self.anchor
        head = anchor.audit_head() if anchor is not None else None
        if head is not None and head.count == self._db.execute("SELECT count(*) FROM audit").fetchone()[0] + 1:
            with self.transaction() as db:
                self._restore(db, anchor)
        previous = GENESIS
        count = 0
        hashes: list[str] = []
        for row in self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM audit ORDER BY seq"):  # noqa: S608
            seq, at, who, action, subject, reason, recipient, detail, prev_hash, digest = row
            count += 1
            if seq != count:
                return ChainCheck(False, count, seq, f"record {count} is missing", previous)
            if prev_hash != previous:
                return ChainCheck(False, count, seq, f"record {seq} does not follow the record before it", previous)
            expected = record_hash(self._key, seq, prev_hash, at, who, action, subject, reason, recipient, detail)
            if not hmac.compare_digest(expected, digest):
                return ChainCheck(False, count, seq, f"record {seq} was changed after it was written", previous)
            previous = digest
            hashes.append(digest)
        if head is not None:
            anchored_count, anchored_hash = head.count, head.hash
            if anchored_count > count:
                return ChainCheck(
                    False,
                    count,
                    count + 1,
                    f"{anchored_count - count} record(s) missing from the end: the case store "
                    f"anchored {anchored_count} records, the log holds {count}",
                    previous,
                    anchored=True,
                )
            if anchored_count and not hmac.compare_digest(hashes[anchored_count - 1], anchored_hash):
                return ChainCheck(
                    False,
                    count,
                    anchored_count,
                    f"record {anchored_count} is not the one the case store anchored: the log was rewritten",
                    previous,
                    anchored=True,
                )
        return ChainCheck(True, count, head=previous, anchored=head is not None)

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


class StoreAnchor:
    """The case store at ``url`` as the anchor of its audit log, opened on first use (so a
    command that writes no record opens nothing)."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self._store: AuditAnchor | None = None

    def _opened(self) -> AuditAnchor:
        if self._store is None:
            from graph.backends import open_store

            self._store = open_store(self.url)
        return self._store

    def audit_head(self) -> AuditHead | None:
        return self._opened().audit_head()

    def anchor_audit_head(self, count: int, digest: str, record: str = "") -> None:
        self._opened().anchor_audit_head(count, digest, record)

    def atomically(self) -> AbstractContextManager[None]:
        return self._opened().atomically()


@dataclass
class PendingRecord:
    """The record an audited write will append: its ``detail`` and ``subject`` can be filled in
    by the write (what it removed, the id it made)."""

    detail: dict[str, Any]
    subject: str = ""
    record: AuditRecord | None = None


def _sequence(db: sqlite3.Connection) -> int:
    """The highest number ever given (AUTOINCREMENT's counter), so a cut tail is never re-used."""
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
    return row[0] if row else 0


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
