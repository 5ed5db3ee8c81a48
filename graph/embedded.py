"""The embedded store: one SQLite file per case, loaded into networkx for traversal.

The default backend: no server, one file (``./threadline.db``). SQLite holds the truth
(WAL journal, one transaction per report, so a killed ingest leaves nothing half
written); a networkx view of the whole case is built on the first read and rebuilt
after any write, from this process or another (``PRAGMA data_version``).

Merges are *redirects*: mentions, links and aliases keep the ids they were written
with, and every read maps absorbed ids to the entity they were merged into. Undoing a
merge therefore restores the exact prior state, and a report re-ingested after a merge
lands on the kept entity without rewriting anything.
"""

from __future__ import annotations

import gc
import json
import os
import secrets
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import networkx as nx

from graph import write_rules
from graph.decisions import (
    ANALYST_METHOD,
    ENTITY_ACTIONS,
    EntityDecision,
    HeldLink,
    LinkDecision,
    added_link,
    apply_kind_corrections,
    corrected_link,
    covers,
    from_json,
    hidden_entities,
    kind_corrections,
    note_report,
    note_report_id,
    route_links,
    to_json,
)
from graph.identity import phone_entity_id, phone_number, split_off_id
from graph.model import (
    ENTITY_KINDS,
    Call,
    Entity,
    Evidence,
    Extraction,
    Indicator,
    IngestNotice,
    IngestResult,
    Link,
    LinkFilter,
    Mention,
    MergeRecord,
    Phone,
    PurgeResult,
    Rejection,
    Report,
    SearchHit,
    SplitRecord,
    StoreStats,
    Subgraph,
    make_entity,
    now_iso,
    strongest_links,
)
from graph.search import NameIndex, fold
from graph.store import (
    EDITABLE_REPORT_FIELDS,
    AuditHead,
    GraphStore,
    StoreError,
    StoreUnavailable,
    apply_splits,
    check_link_decision,
    decision_to_undo,
    name_in_sentence,
    summarise_calls,
)

SQL_IN_CHUNK = 500  # ids per "IN (...)" query, well under SQLite's bound-parameter limit

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY, case_name TEXT NOT NULL, title TEXT, kind TEXT, source TEXT,
    reported_at TEXT, ingested_at TEXT, source_grading TEXT, information_grading TEXT,
    handling_code TEXT, author TEXT, reference TEXT, review_by TEXT, text TEXT NOT NULL, ocr TEXT
);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,
    properties TEXT NOT NULL DEFAULT '{}', role_set_by_analyst INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS aliases (
    entity_id TEXT NOT NULL, alias TEXT NOT NULL, report_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_id, alias, report_id)
);
CREATE TABLE IF NOT EXISTS mentions (
    report_id TEXT NOT NULL, entity_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, label TEXT NOT NULL, sentence TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (report_id, start, "end", entity_id)
);
CREATE INDEX IF NOT EXISTS mentions_by_entity ON mentions (entity_id);
CREATE TABLE IF NOT EXISTS links (
    type TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, report_id TEXT NOT NULL,
    sentence TEXT NOT NULL DEFAULT '', start INTEGER NOT NULL DEFAULT 0, "end" INTEGER NOT NULL DEFAULT 0,
    confidence REAL NOT NULL DEFAULT 0.5, method TEXT NOT NULL DEFAULT 'rule', weight REAL NOT NULL DEFAULT 1.0,
    event_date TEXT,
    PRIMARY KEY (type, source, target, report_id)
);
CREATE INDEX IF NOT EXISTS links_by_source ON links (source);
CREATE INDEX IF NOT EXISTS links_by_target ON links (target);
CREATE INDEX IF NOT EXISTS links_by_report ON links (report_id);
CREATE TABLE IF NOT EXISTS indicators (
    report_id TEXT NOT NULL, category TEXT NOT NULL, name TEXT NOT NULL, sentence TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, confidence REAL NOT NULL,
    PRIMARY KEY (report_id, category, name, start)
);
CREATE TABLE IF NOT EXISTS calls (
    id TEXT PRIMARY KEY, caller TEXT NOT NULL, callee TEXT NOT NULL, start TEXT NOT NULL,
    duration_s INTEGER NOT NULL, source TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS calls_by_caller ON calls (caller);
CREATE INDEX IF NOT EXISTS calls_by_callee ON calls (callee);
CREATE TABLE IF NOT EXISTS merges (
    id TEXT PRIMARY KEY, kept TEXT NOT NULL, absorbed TEXT NOT NULL, by TEXT, reason TEXT,
    at TEXT NOT NULL, undone INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS rejections (
    a TEXT NOT NULL, b TEXT NOT NULL, by TEXT, reason TEXT, at TEXT NOT NULL, PRIMARY KEY (a, b)
);
CREATE TABLE IF NOT EXISTS splits (
    id TEXT PRIMARY KEY, entity_id TEXT NOT NULL, new_id TEXT NOT NULL, names TEXT NOT NULL,
    report_ids TEXT NOT NULL, by TEXT, reason TEXT, at TEXT NOT NULL, undone INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS split_moves (
    split_id TEXT NOT NULL, what TEXT NOT NULL, row_key TEXT NOT NULL, original TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS case_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1), count INTEGER NOT NULL, hash TEXT NOT NULL, record TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, by TEXT, action TEXT NOT NULL,
    subject TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS link_decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entity_decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS held_links (
    decision_id TEXT NOT NULL, type TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    report_id TEXT NOT NULL, sentence TEXT NOT NULL DEFAULT '', start INTEGER NOT NULL DEFAULT 0,
    "end" INTEGER NOT NULL DEFAULT 0, confidence REAL NOT NULL DEFAULT 0.5, method TEXT NOT NULL DEFAULT 'rule',
    weight REAL NOT NULL DEFAULT 1.0, event_date TEXT, PRIMARY KEY (decision_id, type, source, target, report_id)
);
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, case_name TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL, PRIMARY KEY (kind, key)
);
"""

#: Columns added to a table after case files were first written: (table, column, SQL type).
ADDED_COLUMNS = (("links", "event_date", "TEXT"), ("reports", "ocr", "TEXT"), ("audit_head", "record", "TEXT NOT NULL DEFAULT ''"))


def _add_missing_columns(db: sqlite3.Connection) -> None:
    """Bring a case file written by an older Threadline up to the schema (new columns are nullable)."""
    for table, column, sql_type in ADDED_COLUMNS:
        present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}  # noqa: S608 - names from the table above
        if column not in present:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}")


REPORT_COLUMNS = (
    "id",
    "case_name",
    "title",
    "kind",
    "source",
    "reported_at",
    "ingested_at",
    "source_grading",
    "information_grading",
    "handling_code",
    "author",
    "reference",
    "review_by",
    "ocr",
)
# Column lists are fixed here, never taken from input.
SELECT_REPORTS = f"SELECT {', '.join(REPORT_COLUMNS)}, text FROM reports"  # noqa: S608
SELECT_REPORT_METADATA = f"SELECT {', '.join(REPORT_COLUMNS)} FROM reports"  # noqa: S608
INSERT_REPORT = (
    f"INSERT INTO reports ({', '.join(REPORT_COLUMNS)}, text) VALUES ({', '.join('?' * (len(REPORT_COLUMNS) + 1))})"  # noqa: S608
)


@dataclass
class _CaseView:
    """The whole case as read at one ``data_version``: what every read method works from."""

    redirects: dict[str, str]  # absorbed id -> kept id (chains already followed)
    entities: dict[str, Entity]  # canonical id -> entity with the aliases of its whole group
    reports: dict[str, Report]  # report metadata, text left empty
    graph: nx.MultiDiGraph  # canonical ids; link edges keyed TYPE|report, call edges keyed CALLED
    case_entities: dict[str, set[str]] = field(default_factory=dict)  # case -> canonical ids mentioned
    _names: NameIndex | None = None

    @property
    def names(self) -> NameIndex:
        """The search index of every entity's names, built on the first search."""
        if self._names is None:
            self._names = NameIndex(list(self.entities.values()))
        return self._names

    def canonical(self, entity_id: str) -> str:
        return self.redirects.get(entity_id, entity_id)


class EmbeddedStore(GraphStore):
    """A case in one SQLite file. ``EmbeddedStore("case.db")`` creates it when missing."""

    def __init__(self, path: str | Path = "threadline.db") -> None:
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        try:
            if self.path.parent and not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            if str(self.path) != ":memory:" and not self.path.exists():
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # case files 0600
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
            _add_missing_columns(self._db)
        except sqlite3.DatabaseError as error:
            raise StoreUnavailable(
                f"Cannot open the case file {self.path}: {error}. Check the path and that it is a Threadline case."
            ) from error
        self._lock = threading.RLock()
        self._grouping = False  # inside atomically(): writes are savepoints of its transaction
        self._view: _CaseView | None = None
        self._view_version: int | None = None

    # -- plumbing ----------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none of it. Inside
        :meth:`atomically` it is a savepoint of the block's transaction instead."""
        with self._lock:
            if self._grouping:
                self._db.execute("SAVEPOINT store_write")
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK TO store_write")
                    self._db.execute("RELEASE store_write")
                    raise
                self._db.execute("RELEASE store_write")
                self._view = None
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            self._view = None

    @contextmanager
    def atomically(self) -> Iterator[None]:
        with self._lock:
            if self._grouping:
                yield
                return
            self._db.execute("BEGIN IMMEDIATE")
            self._grouping = True
            try:
                yield
            except BaseException:
                self._grouping = False
                self._db.execute("ROLLBACK")
                self._view = None
                raise
            self._grouping = False
            self._db.execute("COMMIT")
            self._view = None

    def _data_version(self) -> int:
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    def _case_view(self) -> _CaseView:
        with self._lock:
            version = self._data_version()
            if self._view is None or version != self._view_version:
                collecting = gc.isenabled()
                gc.disable()  # millions of new objects: the collector would rescan them again and again
                try:
                    self._view = self._load_view()
                finally:
                    if collecting:
                        gc.enable()
                self._view_version = version
            return self._view

    def _redirects(self) -> dict[str, str]:
        direct = dict(self._db.execute("SELECT absorbed, kept FROM merges WHERE undone = 0 ORDER BY at, id").fetchall())
        resolved: dict[str, str] = {}
        for absorbed in direct:
            target, seen = direct[absorbed], {absorbed}
            while target in direct and target not in seen:
                seen.add(target)
                target = direct[target]
            resolved[absorbed] = target
        return resolved

    def _load_view(self) -> _CaseView:
        db = self._db
        redirects = self._redirects()

        def canonical(entity_id: str) -> str:
            return redirects.get(entity_id, entity_id)

        rows = db.execute("SELECT id, kind, name, properties FROM entities").fetchall()
        hidden = {canonical(e) for e in hidden_entities(self._entity_decisions(db))}
        confirms = [d for d in self._link_decisions(db) if d.action == "confirm" and not d.undone]
        aliases: dict[str, set[str]] = {}
        for entity_id, alias in db.execute("SELECT DISTINCT entity_id, alias FROM aliases"):
            aliases.setdefault(canonical(entity_id), set()).add(alias)
        entities: dict[str, Entity] = {}
        for entity_id, kind, name, properties in rows:
            if entity_id in redirects:
                aliases.setdefault(canonical(entity_id), set()).add(name)
                continue
            if entity_id in hidden:  # marked false by an analyst: out of every read and analysis
                continue
            entities[entity_id] = make_entity(kind, entity_id, name, **json.loads(properties))
        for entity_id, entity in entities.items():
            entity.aliases = sorted(a for a in aliases.get(entity_id, set()) if a != entity.name)

        reports = {row[0]: _report_from_row(row, "") for row in db.execute(SELECT_REPORT_METADATA)}

        graph = nx.MultiDiGraph()
        for entity in entities.values():
            graph.add_node(entity.id)
        for row in db.execute(
            'SELECT type, source, target, report_id, sentence, start, "end", confidence, method, weight, event_date FROM links'
        ):
            link = Link(*row)
            source, target = canonical(link.source), canonical(link.target)
            if source == target or source not in entities or target not in entities:
                continue
            key = f"{link.type}|{link.report_id}"
            existing = graph.get_edge_data(source, target, key)
            if existing is not None and existing["link"].confidence >= link.confidence:
                continue
            link.source, link.target = source, target
            if confirms and any(covers(d, link, canonical) for d in confirms):
                link.method = ANALYST_METHOD  # shown as analyst-confirmed (graph/decisions.py)
            graph.add_edge(source, target, key=key, link=link)
        for summary in summarise_calls(self._all_calls()):
            if summary.caller in entities and summary.callee in entities:
                graph.add_edge(summary.caller, summary.callee, key="CALLED", call=summary)

        case_entities: dict[str, set[str]] = {}
        for case_name, entity_id in db.execute(
            "SELECT DISTINCT r.case_name, m.entity_id FROM mentions m JOIN reports r ON r.id = m.report_id"
        ):
            case_entities.setdefault(case_name, set()).add(canonical(entity_id))
        return _CaseView(redirects, entities, reports, graph, case_entities)

    def _all_calls(self) -> list[Call]:
        return [
            Call(*row)
            for row in self._db.execute("SELECT caller, callee, start, duration_s, source FROM calls ORDER BY start")
        ]

    # -- writes ------------------------------------------------------------------------

    def ingest(self, report: Report, extraction: Extraction) -> IngestResult:
        with self._transaction() as db:
            return self._write_report(db, report, extraction)

    def ingest_many(
        self,
        items: Iterable[tuple[Report, Extraction]],
        batch_size: int = 100,
        on_error: Callable[[Report, StoreError], None] | None = None,
        on_retry: Callable[[IngestNotice], None] | None = None,
    ) -> list[IngestResult]:
        """Many reports, ``batch_size`` per transaction; a batch with a bad report is redone one by one.
        (A local file never goes away, so ``on_retry`` is never called.)"""
        results: list[IngestResult] = []
        failures: list[StoreError] = []
        refuse = on_error or (lambda report, error: failures.append(error))
        items = list(items)
        for first in range(0, len(items), batch_size):
            batch = items[first : first + batch_size]
            try:
                with self._transaction() as db:
                    decisions = self._live_decisions(db)  # read once per batch: no report of it changes them
                    written = [self._write_report(db, report, extraction, decisions) for report, extraction in batch]
                results.extend(written)
            except StoreError:  # one bad report: the contract's report-by-report way finds it
                results.extend(super().ingest_many(batch, on_error=refuse))
        if failures:
            raise StoreError("; ".join(str(f) for f in failures))
        return results

    def _write_report(
        self,
        db: sqlite3.Connection,
        report: Report,
        extraction: Extraction,
        decisions: tuple[list[LinkDecision], list[EntityDecision]] | None = None,
    ) -> IngestResult:
        """Write one report inside the caller's transaction (nothing when it is already stored)."""
        if db.execute("SELECT 1 FROM reports WHERE id = ?", (report.id,)).fetchone():
            return IngestResult(report.id, created=False)
        live_splits = [s for s in self._splits(db) if not s.undone]
        if live_splits:
            redirects = self._redirects()
            extraction = apply_splits(extraction, report.id, live_splits, lambda e: redirects.get(e, e))
        extraction, held = self._apply_decisions(db, extraction, decisions or self._live_decisions(db))
        ingested_at = report.ingested_at or now_iso()
        review_by = report.review_by
        db.execute(
            INSERT_REPORT,
            (
                report.id,
                report.case,
                report.title,
                report.kind,
                report.source,
                report.reported_at,
                ingested_at,
                report.source_grading,
                report.information_grading,
                report.handling_code,
                report.author,
                report.reference,
                review_by,
                report.ocr,
                report.text,
            ),
        )
        _upsert_entities(db, extraction.entities)
        known = {entity.id for entity in extraction.entities}
        unknown = {m.entity_id for m in extraction.mentions} - known
        missing = unknown - _stored_ids(db, unknown)
        if missing:
            raise StoreError(f"Mention of unknown entity {min(missing)!r} in report {report.id}")
        db.executemany(
            'INSERT OR IGNORE INTO mentions (report_id, entity_id, start, "end", text, label, sentence) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(report.id, m.entity_id, m.start, m.end, m.text, m.label, m.sentence) for m in extraction.mentions],
        )
        db.executemany(
            "INSERT OR IGNORE INTO aliases (entity_id, alias, report_id) VALUES (?, ?, ?)",
            [
                *((e.id, alias, report.id) for e in extraction.entities for alias in {e.name, *e.aliases} if alias),
                *((m.entity_id, m.text, report.id) for m in extraction.mentions if m.label != "PHONE"),
            ],
        )
        db.executemany(
            "INSERT OR REPLACE INTO links "
            '(type, source, target, report_id, sentence, start, "end", confidence, method, weight, event_date) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    k.type,
                    k.source,
                    k.target,
                    report.id,
                    k.sentence,
                    k.start,
                    k.end,
                    k.confidence,
                    k.method,
                    k.weight,
                    k.event_date,
                )
                for k in extraction.links
            ],
        )
        _hold(db, held)
        db.executemany(
            'INSERT OR IGNORE INTO indicators (report_id, category, name, sentence, start, "end", confidence) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(report.id, i.category, i.name, i.sentence, i.start, i.end, i.confidence) for i in extraction.indicators],
        )
        return IngestResult(
            report.id,
            created=True,
            entities=len(extraction.entities),
            mentions=len(extraction.mentions),
            links=len(extraction.links),
        )

    def add_calls(self, calls: Iterable[Call]) -> int:
        calls = list(calls)
        with self._transaction() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO calls (id, caller, callee, start, duration_s, source) VALUES (?, ?, ?, ?, ?, ?)",
                [(c.id, c.caller, c.callee, c.start, c.duration_s, c.source) for c in calls],
            )
            added = db.total_changes - before
            for number in {n for c in calls for n in (c.caller, c.callee)}:
                _upsert_entity(db, Phone(id=phone_entity_id(number), name=number))
            return added

    def set_role(self, entity_id: str, role: str, by: str = "", reason: str = "") -> None:
        with self._transaction() as db:
            entity_id = self._redirects().get(entity_id, entity_id)
            row = db.execute("SELECT kind, properties FROM entities WHERE id = ?", (entity_id,)).fetchone()
            if row is None:
                raise StoreError(f"No entity {entity_id!r} to set a role on")
            if row[0] != "PERSON":
                raise StoreError(f"{entity_id} is a {row[0]}, not a person: only people have roles")
            properties = json.loads(row[1])
            before = properties.get("role")
            properties["role"] = role
            db.execute(
                "UPDATE entities SET properties = ?, role_set_by_analyst = 1 WHERE id = ?",
                (json.dumps(properties), entity_id),
            )
            _record_decision(db, by, "set_role", entity_id, {"role": role, "before": before, "reason": reason})

    def merge(self, kept: str, absorbed: str, by: str = "", reason: str = "") -> MergeRecord:
        with self._transaction() as db:
            redirects = self._redirects()
            kept, absorbed = redirects.get(kept, kept), redirects.get(absorbed, absorbed)
            if kept == absorbed:
                raise StoreError(f"{kept} and {absorbed} are already one entity")
            kinds = dict(db.execute("SELECT id, kind FROM entities WHERE id IN (?, ?)", (kept, absorbed)).fetchall())
            for entity_id in (kept, absorbed):
                if entity_id not in kinds:
                    raise StoreError(f"No entity {entity_id!r} to merge")
            if kinds[kept] != kinds[absorbed]:
                raise StoreError(
                    f"Cannot merge a {kinds[absorbed]} into a {kinds[kept]}: only entities of one kind merge"
                )
            record = MergeRecord(uuid.uuid4().hex[:12], kept, absorbed, by, reason, now_iso())
            db.execute(
                "INSERT INTO merges (id, kept, absorbed, by, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
                (record.id, kept, absorbed, by, reason, record.at),
            )
            _record_decision(db, by, "merge", record.id, {"kept": kept, "absorbed": absorbed, "reason": reason})
            return record

    def undo_merge(self, merge_id: str) -> None:
        with self._transaction() as db:
            row = db.execute("SELECT undone FROM merges WHERE id = ?", (merge_id,)).fetchone()
            if row is None:
                raise StoreError(f"No merge {merge_id!r}")
            if row[0]:
                raise StoreError(f"Merge {merge_id} was already undone")
            db.execute("UPDATE merges SET undone = 1 WHERE id = ?", (merge_id,))
            _record_decision(db, "", "undo_merge", merge_id, {})

    def merges(self) -> list[MergeRecord]:
        rows = self._db.execute("SELECT id, kept, absorbed, by, reason, at, undone FROM merges ORDER BY at, rowid")
        return [MergeRecord(*row[:6], undone=bool(row[6])) for row in rows]

    def reject(self, a: str, b: str, by: str = "", reason: str = "") -> Rejection:
        with self._transaction() as db:
            for entity_id in (a, b):
                if not _entity_exists(db, entity_id):
                    raise StoreError(f"No entity {entity_id!r}")
            if a == b:
                raise StoreError("An entity cannot be rejected as not itself")
            first, second = sorted((a, b))
            record = Rejection(first, second, by, reason, now_iso())
            db.execute(
                "INSERT OR REPLACE INTO rejections (a, b, by, reason, at) VALUES (?, ?, ?, ?, ?)",
                (first, second, by, reason, record.at),
            )
            _record_decision(db, by, "reject", f"{first}|{second}", {"reason": reason})
            return record

    def rejections(self) -> list[Rejection]:
        rows = self._db.execute("SELECT a, b, by, reason, at FROM rejections ORDER BY at, a, b")
        return [Rejection(*row) for row in rows]

    def split(
        self, entity_id: str, names: list[str], report_ids: list[str] | None = None, by: str = "", reason: str = ""
    ) -> SplitRecord:
        with self._transaction() as db:
            redirects = self._redirects()
            canonical = redirects.get(entity_id, entity_id)
            row = db.execute("SELECT kind FROM entities WHERE id = ?", (canonical,)).fetchone()
            if row is None:
                raise StoreError(f"No entity {entity_id!r} to split")
            group = [canonical, *(a for a, k in redirects.items() if k == canonical)]
            wanted = {fold(name) for name in names}
            marks = ", ".join("?" * len(group))
            mentions = [
                m
                for m in db.execute(
                    f'SELECT report_id, start, "end", entity_id, text FROM mentions WHERE entity_id IN ({marks})',  # noqa: S608
                    group,
                )
                if fold(m[4]) in wanted and (not report_ids or m[0] in report_ids)
            ]
            if not mentions:
                raise StoreError(
                    f"No mention of {entity_id} is written {' or '.join(map(repr, names))}: nothing to split"
                )
            new_id = _free_id(db, split_off_id(canonical, list(names), sorted(report_ids or [])))
            record = SplitRecord(
                uuid.uuid4().hex[:12], canonical, new_id, list(names), sorted(report_ids or []), by, reason, now_iso()
            )
            db.execute(
                "INSERT INTO entities (id, kind, name, properties) VALUES (?, ?, ?, '{}')", (new_id, row[0], names[0])
            )
            moves: list[tuple[str, str, str]] = []
            for report_id, start, end, original, _ in mentions:
                db.execute(
                    'UPDATE mentions SET entity_id = ? WHERE report_id = ? AND start = ? AND "end" = ? AND entity_id = ?',
                    (new_id, report_id, start, end, original),
                )
                moves.append(("mention", json.dumps([report_id, start, end]), original))
            reports = sorted({m[0] for m in mentions})
            for report_id in reports:
                for alias_owner, alias in db.execute(
                    f"SELECT entity_id, alias FROM aliases WHERE report_id = ? AND entity_id IN ({marks})",  # noqa: S608
                    [report_id, *group],
                ).fetchall():
                    if fold(alias) in wanted:
                        db.execute(
                            "UPDATE OR IGNORE aliases SET entity_id = ? WHERE entity_id = ? AND alias = ? AND report_id = ?",
                            (new_id, alias_owner, alias, report_id),
                        )
                        moves.append(("alias", json.dumps([alias, report_id]), alias_owner))
                links = db.execute(
                    f"SELECT type, source, target, sentence FROM links WHERE report_id = ? "  # noqa: S608
                    f"AND (source IN ({marks}) OR target IN ({marks}))",
                    [report_id, *group, *group],
                ).fetchall()
                for link_type, source, target, sentence in links:
                    if not any(name_in_sentence(name, sentence) for name in names):
                        continue
                    end = "source" if source in group else "target"
                    new_source, new_target = (new_id, target) if end == "source" else (source, new_id)
                    db.execute(
                        "UPDATE OR IGNORE links SET source = ?, target = ? "
                        "WHERE type = ? AND source = ? AND target = ? AND report_id = ?",
                        (new_source, new_target, link_type, source, target, report_id),
                    )
                    moves.append(
                        (
                            "link",
                            json.dumps([link_type, new_source, new_target, report_id, end]),
                            source if end == "source" else target,
                        )
                    )
            db.execute(
                "INSERT INTO splits (id, entity_id, new_id, names, report_ids, by, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (record.id, canonical, new_id, json.dumps(names), json.dumps(record.report_ids), by, reason, record.at),
            )
            db.executemany(
                "INSERT INTO split_moves (split_id, what, row_key, original) VALUES (?, ?, ?, ?)",
                [(record.id, *move) for move in moves],
            )
            _record_decision(
                db, by, "split", record.id, {"entity": canonical, "new": new_id, "names": names, "reason": reason}
            )
            return record

    def undo_split(self, split_id: str) -> None:
        with self._transaction() as db:
            row = db.execute("SELECT new_id, undone FROM splits WHERE id = ?", (split_id,)).fetchone()
            if row is None:
                raise StoreError(f"No split {split_id!r}")
            if row[1]:
                raise StoreError(f"Split {split_id} was already undone")
            new_id = row[0]
            for what, key, original in db.execute(
                "SELECT what, row_key, original FROM split_moves WHERE split_id = ?", (split_id,)
            ).fetchall():
                values = json.loads(key)
                if what == "mention":
                    db.execute(
                        'UPDATE mentions SET entity_id = ? WHERE report_id = ? AND start = ? AND "end" = ? AND entity_id = ?',
                        (original, *values, new_id),
                    )
                elif what == "alias":
                    db.execute(
                        "UPDATE OR IGNORE aliases SET entity_id = ? WHERE entity_id = ? AND alias = ? AND report_id = ?",
                        (original, new_id, *values),
                    )
                else:
                    link_type, source, target, report_id, end = values
                    restored = (original, target) if end == "source" else (source, original)
                    db.execute(
                        "UPDATE OR IGNORE links SET source = ?, target = ? "
                        "WHERE type = ? AND source = ? AND target = ? AND report_id = ?",
                        (*restored, link_type, source, target, report_id),
                    )
            db.execute("UPDATE splits SET undone = 1 WHERE id = ?", (split_id,))
            # Mentions written after the split (re-ingested reports) follow the decision back.
            db.execute(
                "UPDATE mentions SET entity_id = (SELECT entity_id FROM splits WHERE id = ?) WHERE entity_id = ?",
                (split_id, new_id),
            )
            db.execute(
                "UPDATE OR IGNORE aliases SET entity_id = (SELECT entity_id FROM splits WHERE id = ?) WHERE entity_id = ?",
                (split_id, new_id),
            )
            for end in ("source", "target"):
                db.execute(
                    f"UPDATE OR IGNORE links SET {end} = (SELECT entity_id FROM splits WHERE id = ?) WHERE {end} = ?",  # noqa: S608
                    (split_id, new_id),
                )
            if not _still_supported(db, new_id):
                db.execute("DELETE FROM entities WHERE id = ?", (new_id,))
                db.execute("DELETE FROM aliases WHERE entity_id = ?", (new_id,))
            _record_decision(db, "", "undo_split", split_id, {})

    def splits(self) -> list[SplitRecord]:
        return self._splits(self._db)

    @staticmethod
    def _splits(db: sqlite3.Connection) -> list[SplitRecord]:
        rows = db.execute(
            "SELECT id, entity_id, new_id, names, report_ids, by, reason, at, undone FROM splits ORDER BY at, rowid"
        )
        return [
            SplitRecord(
                row[0], row[1], row[2], json.loads(row[3]), json.loads(row[4]), row[5], row[6], row[7], bool(row[8])
            )
            for row in rows
        ]

    def update_report(self, report_id: str, **fields: str | None) -> Report:
        unknown = set(fields) - set(EDITABLE_REPORT_FIELDS)
        if unknown:
            raise StoreError(
                f"Cannot edit {', '.join(sorted(unknown))} of a report: editable are {', '.join(EDITABLE_REPORT_FIELDS)}"
            )
        with self._transaction() as db:
            if not db.execute("SELECT 1 FROM reports WHERE id = ?", (report_id,)).fetchone():
                raise StoreError(f"No report {report_id!r}")
            for name, value in fields.items():
                column = "case_name" if name == "case" else name
                db.execute(f"UPDATE reports SET {column} = ? WHERE id = ?", (value, report_id))  # noqa: S608 - whitelisted column
            _record_decision(db, "", "update_report", report_id, dict(fields))
        return self.get_report(report_id)

    def purge_report(self, report_id: str) -> PurgeResult:
        with self._transaction() as db:
            if not db.execute("SELECT 1 FROM reports WHERE id = ?", (report_id,)).fetchone():
                return PurgeResult(report_id, found=False)
            flagged = self._keep_analyst_links_of(db, report_id)
            db.execute("DELETE FROM held_links WHERE report_id = ?", (report_id,))
            touched = {
                row[0]
                for row in db.execute(
                    "SELECT entity_id FROM mentions WHERE report_id = :r UNION SELECT entity_id FROM aliases WHERE report_id = :r "
                    "UNION SELECT source FROM links WHERE report_id = :r UNION SELECT target FROM links WHERE report_id = :r",
                    {"r": report_id},
                )
            }
            mentions = db.execute("DELETE FROM mentions WHERE report_id = ?", (report_id,)).rowcount
            links = db.execute("DELETE FROM links WHERE report_id = ?", (report_id,)).rowcount
            for table in ("aliases", "indicators"):
                db.execute(f"DELETE FROM {table} WHERE report_id = ?", (report_id,))  # noqa: S608 - fixed table names
            db.execute("DELETE FROM reports WHERE id = ?", (report_id,))
            removed = [entity_id for entity_id in sorted(touched) if not _still_supported(db, entity_id)]
            for entity_id in removed:
                db.execute("DELETE FROM entities WHERE id = ?", (entity_id,))
                db.execute("DELETE FROM aliases WHERE entity_id = ?", (entity_id,))
            _record_decision(
                db, "", "purge", report_id, {"entities_removed": removed, "analyst_links_flagged": flagged}
            )
            return PurgeResult(report_id, True, removed, links, mentions)

    # -- the analyst's hand (graph/decisions.py) -----------------------------------------

    @staticmethod
    def _link_decisions(db: sqlite3.Connection) -> list[LinkDecision]:
        return [from_json(LinkDecision, row[0]) for row in db.execute("SELECT data FROM link_decisions ORDER BY seq")]

    @staticmethod
    def _entity_decisions(db: sqlite3.Connection) -> list[EntityDecision]:
        return [
            from_json(EntityDecision, row[0]) for row in db.execute("SELECT data FROM entity_decisions ORDER BY seq")
        ]

    def _live_decisions(self, db: sqlite3.Connection) -> tuple[list[LinkDecision], list[EntityDecision]]:
        """The link decisions that hold links, and every entity decision: what an ingest re-applies."""
        return [d for d in self._link_decisions(db) if d.holds], self._entity_decisions(db)

    def _apply_decisions(
        self,
        db: sqlite3.Connection,
        extraction: Extraction,
        decisions: tuple[list[LinkDecision], list[EntityDecision]],
    ) -> tuple[Extraction, list[HeldLink]]:
        """A report's extraction as the analysts' live decisions leave it: corrected kinds, and the links
        they hold set apart (a rejected link is not resurrected by re-ingesting its report)."""
        links = strongest_links(extraction.links)
        link_decisions, entity_decisions = decisions
        if not link_decisions and not entity_decisions:
            return replace(extraction, links=links), []
        redirects = self._redirects()

        def canonical(entity_id: str) -> str:
            return redirects.get(entity_id, entity_id)

        extraction = apply_kind_corrections(extraction, kind_corrections(entity_decisions), canonical)
        hidden = {canonical(e): d for e, d in hidden_entities(entity_decisions).items()}
        written, held = route_links(links, link_decisions, hidden, canonical)
        return replace(extraction, links=written), held

    def _save_link_decision(self, db: sqlite3.Connection, decision: LinkDecision) -> None:
        db.execute(
            "INSERT INTO link_decisions (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data",
            (decision.id, to_json(decision)),
        )

    def _save_entity_decision(self, db: sqlite3.Connection, decision: EntityDecision) -> None:
        db.execute(
            "INSERT INTO entity_decisions (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data",
            (decision.id, to_json(decision)),
        )

    def _group(self, entity_id: str, redirects: dict[str, str]) -> list[str]:
        canonical = redirects.get(entity_id, entity_id)
        return [canonical, *(a for a, k in redirects.items() if k == canonical)]

    def _release(self, db: sqlite3.Connection, decision_id: str) -> None:
        """Give back the links a decision held: to the graph, or to another live decision still holding them."""
        rows = db.execute(
            'SELECT type, source, target, report_id, sentence, start, "end", confidence, method, weight, event_date '
            "FROM held_links WHERE decision_id = ?",
            (decision_id,),
        ).fetchall()
        db.execute("DELETE FROM held_links WHERE decision_id = ?", (decision_id,))
        redirects = self._redirects()

        def canonical(entity_id: str) -> str:
            return redirects.get(entity_id, entity_id)

        live = [d for d in self._link_decisions(db) if d.holds and d.id != decision_id]
        hidden = {canonical(e): d for e, d in hidden_entities(self._entity_decisions(db)).items() if d != decision_id}
        written, held = route_links([Link(*row) for row in rows], live, hidden, canonical)
        _write_links(db, written, replace_existing=False)
        _hold(db, held)

    def decide_link(self, decision: LinkDecision) -> LinkDecision:
        check_link_decision(decision)
        with self._transaction() as db:
            redirects = self._redirects()
            for entity_id in {decision.source, decision.target, decision.new_source, decision.new_target} - {None}:
                if self._get_live_entity(db, redirects, entity_id) is None:
                    raise StoreError(f"No entity {entity_id!r} in the case")
            decision = replace(decision, id=decision.id or "LD_" + uuid.uuid4().hex[:12], at=decision.at or now_iso())
            if decision.action == "add":
                if not decision.report_id:
                    self._write_report(db, note_report(decision), Extraction())
                elif not db.execute("SELECT 1 FROM reports WHERE id = ?", (decision.report_id,)).fetchone():
                    raise StoreError(f"No report {decision.report_id!r} to cite")
                _write_links(db, [added_link(decision)], replace_existing=True)
            else:
                source_group, target_group = (
                    self._group(decision.source, redirects),
                    self._group(decision.target, redirects),
                )
                rows = [
                    Link(*row)
                    for row in db.execute(
                        f'SELECT type, source, target, report_id, sentence, start, "end", confidence, method, weight, event_date '  # noqa: S608
                        f"FROM links WHERE type = ? AND source IN ({', '.join('?' * len(source_group))}) "
                        f"AND target IN ({', '.join('?' * len(target_group))})",
                        [decision.type, *source_group, *target_group],
                    )
                ]
                canonical = lambda e: redirects.get(e, e)  # noqa: E731
                rows = [k for k in rows if covers(decision, k, canonical)]
                if not rows:
                    where = f" in report {decision.report_id}" if decision.report_id else ""
                    raise StoreError(
                        f"No {decision.type} link from {decision.source} to {decision.target}{where} to {decision.action}"
                    )
                if decision.holds:
                    for link in rows:
                        db.execute(
                            "DELETE FROM links WHERE type = ? AND source = ? AND target = ? AND report_id = ?", link.key
                        )
                    _hold(db, [HeldLink(decision.id, link) for link in rows])
                if decision.action == "correct":
                    _write_links(db, [corrected_link(link, decision) for link in rows], replace_existing=False)
            self._save_link_decision(db, decision)
            _record_decision(db, decision.by, f"link_{decision.action}", decision.id, _decision_detail(decision))
            return decision

    def undo_link_decision(self, decision_id: str, by: str = "") -> LinkDecision:
        with self._transaction() as db:
            decision = decision_to_undo(self._link_decisions(db), decision_id, "link")
            if decision.action == "add":
                _delete_analyst_link(db, added_link(decision))
                if not decision.report_id:  # the note it cited goes with it
                    db.execute("DELETE FROM reports WHERE id = ?", (note_report_id(decision),))
            if decision.action == "correct":
                held = db.execute(
                    'SELECT type, source, target, report_id, sentence, start, "end", confidence, method, weight, event_date '
                    "FROM held_links WHERE decision_id = ?",
                    (decision_id,),
                ).fetchall()
                for row in held:
                    _delete_analyst_link(db, corrected_link(Link(*row), decision))
            decision = replace(decision, undone=True, undone_by=by, undone_at=now_iso())
            self._save_link_decision(db, decision)
            self._release(db, decision_id)
            _record_decision(db, by, "undo_link_decision", decision_id, {"action": decision.action})
            return decision

    def link_decisions(self) -> list[LinkDecision]:
        return self._link_decisions(self._db)

    def held_links(self) -> list[HeldLink]:
        redirects = self._redirects()
        rows = self._db.execute(
            'SELECT decision_id, type, source, target, report_id, sentence, start, "end", confidence, method, weight, '
            "event_date "
            "FROM held_links ORDER BY rowid"
        ).fetchall()
        held = []
        for row in rows:
            link = Link(*row[1:])
            link.source, link.target = redirects.get(link.source, link.source), redirects.get(link.target, link.target)
            held.append(HeldLink(row[0], link))
        return held

    def decide_entity(self, decision: EntityDecision) -> EntityDecision:
        if decision.action not in ENTITY_ACTIONS:
            raise StoreError(f"Unknown entity decision {decision.action!r}: use one of {', '.join(ENTITY_ACTIONS)}")
        if decision.action in ("kind", "add") and decision.kind not in ENTITY_KINDS:
            raise StoreError(f"Unknown entity kind {decision.kind!r}: use one of {', '.join(ENTITY_KINDS)}")
        with self._transaction() as db:
            redirects = self._redirects()
            decision = replace(decision, id=decision.id or "ED_" + uuid.uuid4().hex[:12], at=decision.at or now_iso())
            if decision.action == "add":
                if not decision.name.strip():
                    raise StoreError("A new entity needs a name")
                if _entity_exists(db, decision.entity_id):
                    raise StoreError(f"An entity {decision.entity_id!r} already exists")
                _upsert_entity(db, make_entity(decision.kind, decision.entity_id, decision.name))
            else:
                row = self._get_live_entity(db, redirects, decision.entity_id)
                if row is None:
                    raise StoreError(f"No entity {decision.entity_id!r} in the case")
                entity_id, kind = row
                decision = replace(decision, entity_id=entity_id)
                if decision.action == "kind":
                    if decision.kind == kind:
                        raise StoreError(f"{entity_id} is already a {kind}")
                    decision = replace(decision, before=kind)
                    db.execute("UPDATE entities SET kind = ? WHERE id = ?", (decision.kind, entity_id))
                else:
                    _hold_links_touching(db, self._group(entity_id, redirects), decision.id)
            self._save_entity_decision(db, decision)
            _record_decision(db, decision.by, f"entity_{decision.action}", decision.id, _decision_detail(decision))
            return decision

    def undo_entity_decision(self, decision_id: str, by: str = "") -> EntityDecision:
        with self._transaction() as db:
            decision = decision_to_undo(self._entity_decisions(db), decision_id, "entity")
            decision = replace(decision, undone=True, undone_by=by, undone_at=now_iso())
            self._save_entity_decision(db, decision)
            if decision.action == "kind":
                db.execute("UPDATE entities SET kind = ? WHERE id = ?", (decision.before, decision.entity_id))
            elif decision.action == "false":
                self._release(db, decision_id)
            else:  # an entity added by hand leaves analysis with its links
                _hold_links_touching(db, self._group(decision.entity_id, self._redirects()), decision_id)
            _record_decision(db, by, "undo_entity_decision", decision_id, {"action": decision.action})
            return decision

    def entity_decisions(self) -> list[EntityDecision]:
        return self._entity_decisions(self._db)

    def marked_false(self, kinds: list[str] | None = None) -> list[Entity]:
        hidden = sorted(hidden_entities(self._entity_decisions(self._db)))
        found = []
        for entity_id in hidden:
            row = self._db.execute(
                "SELECT id, kind, name, properties FROM entities WHERE id = ?", (entity_id,)
            ).fetchone()
            if row is not None and (kinds is None or row[1] in kinds):
                found.append(make_entity(row[1], row[0], row[2], **json.loads(row[3])))
        return found

    def _get_live_entity(
        self, db: sqlite3.Connection, redirects: dict[str, str], entity_id: str
    ) -> tuple[str, str] | None:
        """(current id, kind) of an entity in analysis (not marked false), or None."""
        canonical = redirects.get(entity_id, entity_id)
        row = db.execute("SELECT id, kind FROM entities WHERE id = ?", (canonical,)).fetchone()
        if row is None or canonical in {redirects.get(e, e) for e in hidden_entities(self._entity_decisions(db))}:
            return None
        return row[0], row[1]

    def _keep_analyst_links_of(self, db: sqlite3.Connection, report_id: str) -> list[str]:
        """Before a report is purged: the analysts' added links citing it keep the analyst's note (not the
        report's sentence) and are flagged for review. Returns the decisions flagged."""
        flagged = []
        row = db.execute("SELECT case_name FROM reports WHERE id = ?", (report_id,)).fetchone()
        for decision in self._link_decisions(db):
            if decision.action != "add" or decision.undone or decision.report_id != report_id:
                continue
            _delete_analyst_link(db, added_link(decision))
            decision = replace(
                decision,
                report_id=None,
                sentence="",
                case=decision.case or (row[0] if row else ""),
                note=decision.note or "(the report this link cited was purged)",
                review=f"the report it cited ({report_id}) was purged: check the link still stands",
            )
            self._write_report(db, note_report(decision), Extraction())
            _write_links(db, [added_link(decision)], replace_existing=True)
            self._save_link_decision(db, decision)
            flagged.append(decision.id)
        return flagged

    # -- records: notes, views, watches, alerts ---------------------------------------

    def _put_record(self, kind: str, key: str, case: str, data: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO records (seq, kind, key, case_name, data) "
                "VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM records), ?, ?, ?, ?) "
                "ON CONFLICT (kind, key) DO UPDATE SET data = excluded.data, case_name = excluded.case_name",
                (kind, key, case or "", data),
            )
            _record_decision(db, "", f"record_{kind}", key, {"case": case})

    def _records(self, kind: str) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT data FROM records WHERE kind = ? ORDER BY seq", (kind,))]

    def _delete_record(self, kind: str, key: str) -> bool:
        with self._transaction() as db:
            return db.execute("DELETE FROM records WHERE kind = ? AND key = ?", (kind, key)).rowcount > 0

    def case_secret(self, name: str) -> str:
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO case_secrets (name, value) VALUES (?, ?)", (name, secrets.token_hex(32))
            )
            return self._db.execute("SELECT value FROM case_secrets WHERE name = ?", (name,)).fetchone()[0]

    def audit_head(self) -> AuditHead | None:
        row = self._db.execute("SELECT count, hash, record FROM audit_head WHERE id = 1").fetchone()
        return AuditHead(*row) if row else None

    def anchor_audit_head(self, count: int, digest: str, record: str = "") -> None:
        # Not _transaction(): the head names no entity, so the case view stays. Inside
        # atomically() this statement is part of the block's transaction, else its own commit.
        with self._lock:
            self._db.execute(
                "INSERT INTO audit_head (id, count, hash, record) VALUES (1, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET count = excluded.count, hash = excluded.hash, "
                "record = excluded.record",
                (count, digest, record),
            )

    # -- reads -------------------------------------------------------------------------

    def get_report(self, report_id: str) -> Report | None:
        row = self._db.execute(SELECT_REPORTS + " WHERE id = ?", (report_id,)).fetchone()
        return None if row is None else _report_from_row(row[:-1], row[-1])

    def reports(self, case: str | None = None) -> list[Report]:
        view = self._case_view()
        found = [r for r in view.reports.values() if case is None or r.case == case]
        return sorted(found, key=lambda r: (r.ingested_at or "", r.id), reverse=True)

    def get_entity(self, entity_id: str) -> Entity | None:
        view = self._case_view()
        return view.entities.get(view.canonical(entity_id))

    def entities(self, kinds: list[str] | None = None, case: str | None = None) -> list[Entity]:
        view = self._case_view()
        in_case = view.case_entities.get(case, set()) if case is not None else None
        return [
            e
            for e in view.entities.values()
            if (kinds is None or e.kind in kinds) and (in_case is None or e.id in in_case)
        ]

    def search(self, text: str, kinds: list[str] | None = None, limit: int = 20) -> list[SearchHit]:
        return self._case_view().names.search(text, kinds, limit)

    def neighbourhood(self, entity_ids: list[str], hops: int = 1, filters: LinkFilter | None = None) -> Subgraph:
        view = self._case_view()
        filters = filters or LinkFilter()
        seeds = [view.canonical(e) for e in entity_ids if view.canonical(e) in view.entities]
        reached = set(seeds)
        frontier = set(seeds)
        for _ in range(max(hops, 0)):
            following: set[str] = set()
            for node in frontier:
                for neighbour in self._admitted_neighbours(view, node, filters):
                    if neighbour not in reached:
                        following.add(neighbour)
            reached |= following
            frontier = following
            if not frontier:
                break
        return self._subgraph_of(view, reached, filters)

    def evidence(self, source: str, target: str, link_type: str | None = None) -> list[Evidence]:
        view = self._case_view()
        source, target = view.canonical(source), view.canonical(target)
        found: list[Evidence] = []
        for u, v in ((source, target), (target, source)):
            for data in (view.graph.get_edge_data(u, v) or {}).values():
                link = data.get("link")
                if link is None or (link_type is not None and link.type != link_type):
                    continue
                found.append(Evidence.of(link, view.reports.get(link.report_id)))
        return sorted(found, key=lambda e: (-e.confidence, e.report_id))

    def mentions_of(self, entity_id: str) -> list[Mention]:
        view = self._case_view()
        canonical = view.canonical(entity_id)
        group = [canonical, *(a for a, k in view.redirects.items() if k == canonical)]
        rows = self._db.execute(
            f'SELECT report_id, entity_id, start, "end", text, label, sentence FROM mentions '  # noqa: S608 - placeholders only
            f"WHERE entity_id IN ({', '.join('?' * len(group))}) ORDER BY report_id, start",
            group,
        )
        return [Mention(row[0], canonical, *row[2:]) for row in rows]

    def mentions_of_each(self, entity_ids: list[str]) -> dict[str, list[Mention]]:
        view = self._case_view()
        asked = {e: view.canonical(e) for e in dict.fromkeys(entity_ids)}
        current = set(asked.values())
        stored = {a: k for a, k in view.redirects.items() if k in current} | {k: k for k in current}
        found: dict[str, list[Mention]] = {k: [] for k in current}
        ids = sorted(stored)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self._db.execute(
                f'SELECT report_id, entity_id, start, "end", text, label, sentence FROM mentions '  # noqa: S608 - placeholders only
                f"WHERE entity_id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            for row in rows:
                found[stored[row[1]]].append(Mention(row[0], stored[row[1]], *row[2:]))
        for mentions in found.values():
            mentions.sort(key=lambda m: (m.report_id, m.start))
        return {e: found[k] for e, k in asked.items() if found[k]}

    def mentions_in(self, report_id: str) -> list[Mention]:
        view = self._case_view()
        rows = self._db.execute(
            'SELECT report_id, entity_id, start, "end", text, label, sentence FROM mentions WHERE report_id = ? ORDER BY start, "end"',
            (report_id,),
        )
        return [Mention(row[0], view.canonical(row[1]), *row[2:]) for row in rows]

    def indicators(self, report_id: str | None = None) -> list[Indicator]:
        query = 'SELECT report_id, category, name, sentence, start, "end", confidence FROM indicators'
        rows = (
            self._db.execute(query + " WHERE report_id = ? ORDER BY start", (report_id,))
            if report_id is not None
            else self._db.execute(query + " ORDER BY report_id, start")
        )
        return [Indicator(*row) for row in rows]

    def calls(self, phone_ids: list[str] | None = None) -> list[Call]:
        everything = self._all_calls()
        if phone_ids is None:
            return everything
        numbers = {phone_number(p) for p in phone_ids}
        return [c for c in everything if c.caller in numbers or c.callee in numbers]

    def subgraph(self, filters: LinkFilter | None = None) -> Subgraph:
        view = self._case_view()
        filters = filters or LinkFilter()
        keep = {e.id for e in view.entities.values() if filters.kinds is None or e.kind in filters.kinds}
        if filters.case is not None:
            in_case = set(view.case_entities.get(filters.case, set()))
            for u, v, data in view.graph.edges(data=True):
                link = data.get("link")
                if link is not None and filters.admits_link(link, view.reports.get(link.report_id)):
                    in_case |= {u, v}
            keep &= in_case
        return self._subgraph_of(view, keep, filters)

    def stats(self, case: str | None = None) -> StoreStats:
        view = self._case_view()
        part = self.subgraph(LinkFilter(case=case)) if case is not None else None
        entities = part.entities if part is not None else list(view.entities.values())
        links = (
            part.links if part is not None else [d["link"] for _, _, d in view.graph.edges(data=True) if "link" in d]
        )
        by_kind: dict[str, int] = {}
        for entity in entities:
            by_kind[entity.kind] = by_kind.get(entity.kind, 0) + 1
        by_type: dict[str, int] = {}
        for link in links:
            by_type[link.type] = by_type.get(link.type, 0) + 1
        report_ids = [r.id for r in view.reports.values() if case is None or r.case == case]
        mentions = (
            sum(
                self._db.execute("SELECT COUNT(*) FROM mentions WHERE report_id = ?", (rid,)).fetchone()[0]
                for rid in report_ids
            )
            if case is not None
            else self._db.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
        )
        return StoreStats(
            reports=len(report_ids),
            entities=by_kind,
            links=by_type,
            mentions=mentions,
            calls=self._db.execute("SELECT COUNT(*) FROM calls").fetchone()[0],
            cases=sorted({r.case for r in view.reports.values()}),
        )

    def to_networkx(self, filters: LinkFilter | None = None) -> nx.MultiDiGraph:
        return super().to_networkx(filters)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- helpers over the case view ----------------------------------------------------

    @staticmethod
    def _admitted_neighbours(view: _CaseView, node: str, filters: LinkFilter) -> Iterator[str]:
        graph = view.graph
        for u, v, data in [*graph.out_edges(node, data=True), *graph.in_edges(node, data=True)]:
            other = v if u == node else u
            entity = view.entities.get(other)
            if entity is None or (filters.kinds is not None and entity.kind not in filters.kinds):
                continue
            if _edge_admitted(view, data, filters):
                yield other

    @staticmethod
    def _subgraph_of(view: _CaseView, keep: set[str], filters: LinkFilter) -> Subgraph:
        graph = view.graph
        links, calls = [], []
        for _, _, data in graph.subgraph(keep).edges(data=True):
            if not _edge_admitted(view, data, filters):
                continue
            if "link" in data:
                links.append(data["link"])
            else:
                calls.append(data["call"])
        entities = [view.entities[e] for e in sorted(keep) if e in view.entities]
        links.sort(key=lambda k: (k.source, k.target, k.type, k.report_id))
        calls.sort(key=lambda c: (c.caller, c.callee))
        return Subgraph(entities, links, calls)


# -- module helpers ---------------------------------------------------------------------


def _edge_admitted(view: _CaseView, data: dict, filters: LinkFilter) -> bool:
    link = data.get("link")
    if link is None:
        return filters.include_calls and (filters.link_types is None or "CALLED" in filters.link_types)
    return filters.admits_link(link, view.reports.get(link.report_id))


def _report_from_row(row: tuple, text: str) -> Report:
    values = dict(zip(REPORT_COLUMNS, row, strict=True))
    values["case"] = values.pop("case_name")
    return Report(text=text, **values)


def _entity_exists(db: sqlite3.Connection, entity_id: str) -> bool:
    return db.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone() is not None


def _stored_ids(db: sqlite3.Connection, entity_ids: set[str]) -> set[str]:
    """Which of these entity ids are stored (one query per 500 ids)."""
    found: set[str] = set()
    ids = sorted(entity_ids)
    for first in range(0, len(ids), SQL_IN_CHUNK):
        chunk = ids[first : first + SQL_IN_CHUNK]
        marks = ", ".join("?" * len(chunk))
        found.update(row[0] for row in db.execute(f"SELECT id FROM entities WHERE id IN ({marks})", chunk))  # noqa: S608 - placeholders only
    return found


def _upsert_entity(db: sqlite3.Connection, entity: Entity) -> None:
    _upsert_entities(db, [entity])


def _upsert_entities(db: sqlite3.Connection, entities: list[Entity]) -> None:
    """Insert entities, or update stored ones by the shared write rules (:mod:`graph.write_rules`:
    fill in what is unsaid, a victim stays a victim, an analyst's role is final).

    One read for all of them, one insert for the new ones: a report's entities are written
    together, most of them already stored once a case has grown."""
    if not entities:
        return
    stored_rows: dict[str, tuple] = {}
    ids = sorted({entity.id for entity in entities})
    for first in range(0, len(ids), SQL_IN_CHUNK):
        chunk = ids[first : first + SQL_IN_CHUNK]
        marks = ", ".join("?" * len(chunk))
        query = f"SELECT id, kind, properties, role_set_by_analyst FROM entities WHERE id IN ({marks})"  # noqa: S608 - placeholders only
        stored_rows.update((row[0], row[1:]) for row in db.execute(query, chunk))
    new_rows: dict[str, tuple[str, str, str, str]] = {}
    for entity in entities:
        properties = entity.properties()
        row = stored_rows.get(entity.id)
        if row is None:
            if entity.id not in new_rows:
                new_rows[entity.id] = (entity.id, entity.kind, entity.name, json.dumps(properties))
                stored_rows[entity.id] = (entity.kind, new_rows[entity.id][3], 0)
            continue
        kind, stored_json, role_set_by_analyst = row
        if kind != entity.kind:
            raise StoreError(f"Entity {entity.id} is stored as a {kind}, not a {entity.kind}")
        stored = json.loads(stored_json)
        taken = write_rules.changes(stored, properties, role_is_final=bool(role_set_by_analyst))
        if taken:
            stored.update(taken)
            stored_rows[entity.id] = (kind, json.dumps(stored), role_set_by_analyst)
            if entity.id in new_rows:
                new_rows[entity.id] = (*new_rows[entity.id][:3], stored_rows[entity.id][1])
            else:
                db.execute("UPDATE entities SET properties = ? WHERE id = ?", (stored_rows[entity.id][1], entity.id))
    db.executemany("INSERT INTO entities (id, kind, name, properties) VALUES (?, ?, ?, ?)", list(new_rows.values()))


def _still_supported(db: sqlite3.Connection, entity_id: str) -> bool:
    """Whether anything but a purged report still holds this entity in the case."""
    checks = (
        ("SELECT 1 FROM mentions WHERE entity_id = ? LIMIT 1", (entity_id,)),
        ("SELECT 1 FROM links WHERE source = ? OR target = ? LIMIT 1", (entity_id, entity_id)),
        ("SELECT 1 FROM merges WHERE undone = 0 AND (kept = ? OR absorbed = ?) LIMIT 1", (entity_id, entity_id)),
        (
            "SELECT 1 FROM calls WHERE caller = ? OR callee = ? LIMIT 1",
            (phone_number(entity_id), phone_number(entity_id)),
        ),
    )
    return any(db.execute(query, args).fetchone() for query, args in checks)



def _free_id(db: sqlite3.Connection, wanted: str) -> str:
    candidate, n = wanted, 1
    while _entity_exists(db, candidate):
        n += 1
        candidate = f"{wanted}_{n}"
    return candidate


def _write_links(db: sqlite3.Connection, links: list[Link], replace_existing: bool) -> None:
    verb = "INSERT OR REPLACE" if replace_existing else "INSERT OR IGNORE"
    db.executemany(
        f'{verb} INTO links (type, source, target, report_id, sentence, start, "end", confidence, method, weight, '  # noqa: S608 - fixed verbs
        "event_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                k.type,
                k.source,
                k.target,
                k.report_id,
                k.sentence,
                k.start,
                k.end,
                k.confidence,
                k.method,
                k.weight,
                k.event_date,
            )
            for k in links
        ],
    )


def _hold(db: sqlite3.Connection, held: list[HeldLink]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO held_links "
        '(decision_id, type, source, target, report_id, sentence, start, "end", confidence, method, weight, event_date) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                h.decision_id,
                h.link.type,
                h.link.source,
                h.link.target,
                h.link.report_id,
                h.link.sentence,
                h.link.start,
                h.link.end,
                h.link.confidence,
                h.link.method,
                h.link.weight,
                h.link.event_date,
            )
            for h in held
        ],
    )


def _hold_links_touching(db: sqlite3.Connection, group: list[str], decision_id: str) -> None:
    """Move every link with an end in ``group`` (one entity and those merged into it) to the held links."""
    marks = ", ".join("?" * len(group))
    rows = [
        Link(*row)
        for row in db.execute(
            f'SELECT type, source, target, report_id, sentence, start, "end", confidence, method, weight, event_date FROM links '  # noqa: S608
            f"WHERE source IN ({marks}) OR target IN ({marks})",
            [*group, *group],
        )
    ]
    for link in rows:
        db.execute("DELETE FROM links WHERE type = ? AND source = ? AND target = ? AND report_id = ?", link.key)
    _hold(db, [HeldLink(decision_id, link) for link in rows])


def _delete_analyst_link(db: sqlite3.Connection, link: Link) -> None:
    db.execute(
        "DELETE FROM links WHERE type = ? AND source = ? AND target = ? AND report_id = ? AND method = ?",
        (*link.key, ANALYST_METHOD),
    )
    db.execute(
        "DELETE FROM held_links WHERE type = ? AND source = ? AND target = ? AND report_id = ? AND method = ?",
        (*link.key, ANALYST_METHOD),
    )


def _decision_detail(decision: LinkDecision | EntityDecision) -> dict:
    detail = {k: v for k, v in vars(decision).items() if v not in (None, "", False) and k not in ("id", "by", "at")}
    return detail


def _record_decision(db: sqlite3.Connection, by: str, action: str, subject: str, detail: dict) -> None:
    db.execute(
        "INSERT INTO decisions (at, by, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
        (now_iso(), by, action, subject, json.dumps(detail)),
    )


__all__ = ["EmbeddedStore"]
