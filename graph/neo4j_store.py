"""The Neo4j store: a Threadline case in a Neo4j 5.26+ server, through the official driver.

Every query is a named, parameterised file in ``queries/`` (see :func:`cypher`). The data model
is DESIGN.md's: ``(Report)-[:MENTIONS]->(entity)``, one typed relationship per link and report,
``(Phone)-[:CALLED]->(Phone)`` summaries over raw ``(:Call)`` nodes, ``(:Indicator)`` nodes
hanging off their report, ``(:Merge)`` records and an audit trail of ``(:Decision)`` nodes.
``(Report)-[:NAMES {aliases}]->(entity)`` records which names each report gave each entity it
uses, so a purge takes back exactly those.

Writes: ``ingest`` is one transaction per report; ``ingest_many`` checks a batch of reports in
one read and writes it in one statement of ``UNWIND`` batches, in one transaction, which is the
way to load a case. Both are idempotent (the report id is a hash of its text).

Analyst decisions are nodes too: ``(:Rejection)`` (two entities are not the same) and ``(:Split)``
(mentions written some way belong to a new entity: they are moved onto it, marked so the split can
be undone, and re-applied to reports ingested later).

Merges move relationships. ``merge(kept, absorbed)`` moves every mention and link of
``absorbed`` onto ``kept`` and hides ``absorbed`` behind ``(absorbed)-[:MERGED_INTO]->(kept)``;
each moved relationship keeps the entity id it was written with (``MENTIONS.entity_id``, link
``source_id`` / ``target_id``), so ``undo_merge`` moves exactly those back. Reads therefore see
only current entities and need no redirect table; ids that were merged away are followed along
``MERGED_INTO`` where a caller names them.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    ConstraintError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

import queries
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
    from_json,
    hidden_entities,
    kind_corrections,
    note_report,
    note_report_id,
    route_links,
    shown_confirmed,
    to_json,
)
from graph.identity import phone_entity_id, phone_number, split_off_id
from graph.model import (
    ENTITY_KINDS,
    LINK_TYPES,
    NODE_LABELS,
    Call,
    CallSummary,
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
from graph.search import fold, phone_query, rank_entities
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
)

T = TypeVar("T")

QUERY_DIR = Path(queries.__file__).resolve().parent  # installed as package data

#: Node properties the store keeps for itself (not fields of the entity dataclasses).
INTERNAL_ENTITY_PROPERTIES = frozenset({"id", "kind", "name", "aliases", "role_set_by_analyst"})

#: Reports per write transaction in :meth:`Neo4jStore.ingest_many`.
INGEST_BATCH = 250

#: How long ``ingest_many`` keeps retrying a batch while Neo4j is away (a restart takes 10-30 s;
#: the driver's own retry of each transaction, ``max_transaction_retry_time``, runs inside this).
INGEST_RETRY_S = 180.0

#: First wait between two tries of a batch, doubled each time up to the last.
RETRY_FIRST_WAIT_S, RETRY_LONGEST_WAIT_S = 1.0, 15.0

#: Failures that mean "Neo4j is away or busy for now": the batch is tried again.
LOST_CONNECTION = (StoreUnavailable, ServiceUnavailable, SessionExpired, TransientError, IncompleteCommit)


class CommitUnknown(StoreUnavailable):
    """The connection dropped while a write was committing: it may or may not be stored."""


log = logging.getLogger("threadline.neo4j")

#: Call-detail rows per write transaction in :meth:`Neo4jStore.add_calls`.
CALLS_BATCH = 5000

#: Seconds a store keeps the analysts' decisions it read (its own writes forget them at once).
DECISIONS_TTL_S = 1.0

#: How many full-text index hits a search considers before ranking them.
SEARCH_CANDIDATES = 500

MINIMUM_SERVER_VERSION = (5, 26)

REPORT_FIELDS = tuple(f.name for f in fields(Report))
LINK_PROPERTIES = ("sentence", "start", "end", "confidence", "method", "weight", "event_date")


# -- named queries ------------------------------------------------------------------------


@cache
def cypher(name: str) -> str:
    """The text of ``queries/NAME.cypher`` (read once). Raises StoreError for an unknown name."""
    if not re.fullmatch(r"[a-z_]+", name):
        raise StoreError(f"Not a query name: {name!r}")
    path = QUERY_DIR / f"{name}.cypher"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise StoreError(f"No query {name!r}: expected {path}") from error


def cypher_statements(name: str) -> list[str]:
    """The statements of a multi-statement query file (separated by ``;`` at a line end), comments dropped."""
    body = "\n".join(line for line in cypher(name).splitlines() if not line.lstrip().startswith("//"))
    return [statement.strip() for statement in re.split(r";\s*$", body, flags=re.MULTILINE) if statement.strip()]


def fulltext_query(text: str) -> str | None:
    """A Lucene query over the words of a search, or None when it has none.

    Only word characters reach Lucene (after :func:`graph.search.fold`), so the user's text can
    never be read as query syntax. Each word matches as a substring, and (from three letters)
    as a fuzzy term, which is enough to find every candidate :func:`graph.search.match_score`
    accepts; the ranking itself is done by :func:`graph.search.rank_entities`.
    """
    words = list(dict.fromkeys(re.findall(r"\w+", fold(text))))
    clauses: list[str] = []
    for word in words:
        clauses.append(f"*{word}*" if len(word) > 1 else f"{word}*")
        if len(word) >= 3:
            clauses.append(f"{word}~{1 if len(word) < 5 else 2}")
    return " OR ".join(clauses) or None


# -- the store ----------------------------------------------------------------------------


class Neo4jStore(GraphStore):
    """A case in a Neo4j 5.26+ server. ``Neo4jStore("neo4j://127.0.0.1:7687", "neo4j", "secret")``.

    Connecting checks the server and the credentials, and creates the constraints and indexes
    (idempotently). Raises :class:`StoreUnavailable` saying what to check when it cannot.
    """

    def __init__(self, url: str, user: str, password: str, database: str | None = None) -> None:
        self.url = url
        self.database = database
        self._decision_cache: tuple[float, list[LinkDecision], list[EntityDecision]] | None = None
        self._units = threading.local()  # each thread's open atomically() transaction
        try:
            self._driver = GraphDatabase.driver(
                url,
                auth=(user, password),
                connection_timeout=10,
                max_transaction_retry_time=15,  # each transaction; ingest_many retries batches for longer
                notifications_min_severity="OFF",
            )
        except (ConfigurationError, ValueError, ImportError) as error:
            raise StoreUnavailable(
                f"Cannot use the Neo4j URL {url!r}: {error}. Use neo4j://host:port or bolt://host:port."
            ) from error
        try:
            self._driver.verify_connectivity()
            self._check_server_version()
            self._create_schema()
        except AuthError as error:
            self._driver.close()
            raise StoreUnavailable(
                f"Neo4j at {url} refused user {user!r}: check NEO4J_USER and NEO4J_PASSWORD."
            ) from error
        except (ServiceUnavailable, OSError, DriverError) as error:
            self._driver.close()
            raise StoreUnavailable(
                f"Cannot reach Neo4j at {url}: {error}. Check the URL and that the server is running "
                "(for the local one: tools/neo4j/neo4j-server start)."
            ) from error
        except Neo4jError as error:
            self._driver.close()
            raise StoreUnavailable(
                f"Neo4j at {url} could not prepare the Threadline schema: {error.message}. "
                f"Check NEO4J_DATABASE ({database or 'the default database'}) and the user's rights."
            ) from error

    # -- plumbing ----------------------------------------------------------------------

    def _read(self, name: str, **parameters: Any) -> list[neo4j.Record]:
        """Run a named read query in its own managed transaction (retried on transient errors),
        or inside this thread's :meth:`atomically` block, in its transaction (seeing its writes)."""
        unit = self._unit()
        if unit is not None:
            return list(unit.run(cypher(name), parameters))
        try:
            result = self._driver.execute_query(
                cypher(name), parameters, database_=self.database, routing_=RoutingControl.READ
            )
        except (ServiceUnavailable, SessionExpired) as error:
            raise StoreUnavailable(f"Lost Neo4j at {self.url}: {error}. Is the server still running?") from error
        return result.records

    def _write(self, work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        """Run ``work`` as one write transaction: committed whole or not at all, retried on transient
        errors; inside this thread's :meth:`atomically` block, as part of its transaction."""
        self._decision_cache = None
        unit = self._unit()
        if unit is not None:
            return work(unit)
        try:
            with self._write_session() as session:
                return session.execute_write(work)
        except (IncompleteCommit, ServiceUnavailable, SessionExpired) as error:
            raise self._lost_during_write(error) from error

    def _write_once(self, work: Callable[[neo4j.Transaction], T]) -> T:
        """Run ``work`` as one write transaction, tried once: for ingest, whose own retries check what
        was stored before writing again and tell the user (the driver's retries would be silent)."""
        self._decision_cache = None
        unit = self._unit()
        if unit is not None:
            return work(unit)
        try:
            with self._write_session() as session, session.begin_transaction() as tx:
                value = work(tx)
                tx.commit()
                return value
        except (IncompleteCommit, ServiceUnavailable, SessionExpired) as error:
            raise self._lost_during_write(error) from error

    def _unit(self) -> neo4j.Transaction | None:
        """This thread's open :meth:`atomically` transaction, if any."""
        return getattr(self._units, "tx", None)

    @contextmanager
    def atomically(self) -> Iterator[None]:
        if self._unit() is not None:
            yield
            return
        self._decision_cache = None
        try:
            with self._write_session() as session, session.begin_transaction() as tx:
                self._units.tx = tx
                try:
                    yield
                finally:
                    self._units.tx = None
                    self._decision_cache = None
                tx.commit()
        except (IncompleteCommit, ServiceUnavailable, SessionExpired) as error:
            raise self._lost_during_write(error) from error

    def _write_session(self) -> neo4j.Session:
        # The bookmark manager execute_query uses, so reads after a write see it (causal consistency on clusters).
        return self._driver.session(
            database=self.database, bookmark_manager=self._driver.execute_query_bookmark_manager
        )

    def _lost_during_write(self, error: Exception) -> StoreError:
        """What a write that lost the server becomes: unknown outcome if it died committing."""
        if isinstance(error, IncompleteCommit):
            return CommitUnknown(
                f"Lost Neo4j at {self.url} while committing: the write may or may not be stored ({error})."
            )
        return StoreUnavailable(f"Lost Neo4j at {self.url}: {error}. Is the server still running?")

    def _check_server_version(self) -> None:
        for record in self._read("server_version"):
            if record["name"] != "Neo4j Kernel":
                continue
            version = record["versions"][0]
            numbers = tuple(int(part) for part in re.findall(r"\d+", version)[:2])
            if numbers < MINIMUM_SERVER_VERSION:
                raise StoreUnavailable(
                    f"Neo4j at {self.url} is version {version}; Threadline needs 5.26 or newer "
                    "(tools/neo4j/neo4j-server start runs one)."
                )

    def _create_schema(self) -> None:
        for statement in cypher_statements("schema"):
            self._driver.execute_query(statement, database_=self.database)

    # -- writes ------------------------------------------------------------------------

    def ingest(self, report: Report, extraction: Extraction) -> IngestResult:
        return self._ingest_batch([(report, extraction)])[0]

    def ingest_many(
        self,
        items: Iterable[tuple[Report, Extraction]],
        batch_size: int = INGEST_BATCH,
        on_error: Callable[[Report, StoreError], None] | None = None,
        on_retry: Callable[[IngestNotice], None] | None = None,
    ) -> list[IngestResult]:
        """Store many reports, ``batch_size`` per transaction: the fast way to load a case.

        Each report is still stored whole or not at all, and idempotently. A batch holding a bad
        report is rolled back and stored again report by report, so only the bad one is left out;
        its StoreError goes to ``on_error`` (report, error), or, without one, all such errors are
        raised together once the good reports are stored. Returns one result per stored report.

        When Neo4j goes away or restarts mid-load, the batch is tried again with growing waits for
        up to ``INGEST_RETRY_S``; each try first checks which of its reports are already stored (a
        commit whose answer was lost), so none is written twice. Every wait and every recovery is
        told to ``on_retry`` (an :class:`IngestNotice`) and logged as a warning on
        ``threadline.neo4j``; StoreUnavailable when Neo4j does not come back in time.
        """
        results: list[IngestResult] = []
        failures: list[StoreError] = []
        for batch in _chunks(items, batch_size):
            try:
                results.extend(self._ingest_retrying(batch, on_retry))
                continue
            except StoreUnavailable:
                raise
            except StoreError:
                pass
            for report, extraction in batch:
                try:
                    results.append(self._ingest_retrying([(report, extraction)], on_retry)[0])
                except StoreUnavailable:
                    raise
                except StoreError as error:
                    if on_error is None:
                        failures.append(error)
                    else:
                        on_error(report, error)
        if failures:
            raise StoreError("; ".join(str(f) for f in failures))
        return results

    def _ingest_retrying(
        self, batch: list[tuple[Report, Extraction]], on_retry: Callable[[IngestNotice], None] | None
    ) -> list[IngestResult]:
        """``_ingest_batch``, tried again while Neo4j is away (see :meth:`ingest_many`)."""

        def tell(notice: IngestNotice) -> None:
            log.warning("%s", notice.message)
            if on_retry is not None:
                on_retry(notice)

        deadline = time.monotonic() + INGEST_RETRY_S
        tries, outcome_unknown = 0, False
        while True:
            try:
                results = self._ingest_batch(batch)
            except LOST_CONNECTION as error:
                tries += 1
                outcome_unknown = outcome_unknown or isinstance(error, (CommitUnknown, IncompleteCommit))
                wait = min(RETRY_LONGEST_WAIT_S, RETRY_FIRST_WAIT_S * 2 ** (tries - 1))
                if time.monotonic() + wait > deadline:
                    raise StoreUnavailable(
                        f"Neo4j at {self.url} did not come back within {INGEST_RETRY_S:.0f} s while storing a batch "
                        f"of {len(batch)} reports (first {batch[0][0].id}): {_reason(error)}. Reports stored before "
                        "it went away are kept; run the same ingest again once the server is up, it adds only what "
                        "is missing."
                    ) from error
                tell(IngestNotice.waiting(len(batch), tries, wait, _reason(error), outcome_unknown))
                time.sleep(wait)
                continue
            if tries:
                already = sum(1 for result in results if not result.created)
                tell(IngestNotice.recovered(len(batch), tries, already, outcome_unknown))
            return results

    def _ingest_batch(self, items: list[tuple[Report, Extraction]]) -> list[IngestResult]:
        """One write transaction for these reports; StoreError (and nothing written) if any is bad.

        Everything it reads (live splits, what is stored) is read inside that transaction, so one try
        is one round of the server's answers, and a try after a lost commit sees what that commit stored.
        """

        def work(tx: neo4j.Transaction) -> tuple[set[str], list[tuple[Report, Extraction]]]:
            split, held = _with_live_decisions(tx, _with_live_splits(tx, items))
            prepared: list[_PreparedReport] = []
            seen: set[str] = set()
            for report, extraction in split:
                if report.id not in seen:
                    seen.add(report.id)
                    prepared.append(_prepare(report, extraction))
            # Following ids merged away costs a path search per id: only when some entity was merged.
            merged = tx.run(cypher("any_merged")).single(strict=True)["merged"]
            check = tx.run(
                cypher("ingest_check" if merged else "ingest_check_unmerged"),
                report_ids=[p.report.id for p in prepared],
                entities=[{"id": e.id, "kind": e.kind} for p in prepared for e in p.extraction.entities],
                used=sorted({entity_id for p in prepared for entity_id in p.used}),
            ).single(strict=True)
            stored = set(check["stored"])
            fresh = [p for p in prepared if p.report.id not in stored]
            _check_batch(fresh, dict(check["kinds"]), set(check["existing"]))
            if fresh:
                rows = _ingest_rows(fresh, dict(check["current"]), dict(check["properties"]))
                tx.run(cypher("ingest_new_reports"), reports=rows.reports).consume()
                if rows.new_entities:
                    tx.run(cypher("ingest_new_entities"), entities=rows.new_entities).consume()
                if rows.known_entities:
                    tx.run(cypher("ingest_known_entities"), entities=rows.known_entities).consume()
                # One small statement each: each plans quickly, and none waits on another's rows (Eager).
                for name, statement_rows in (
                    ("ingest_names", rows.names),
                    ("ingest_mentions", rows.mentions),
                    ("ingest_links", rows.links),
                    ("ingest_indicators", rows.indicators),
                ):
                    if statement_rows:
                        tx.run(cypher(name), rows=statement_rows).consume()
                fresh_ids = {p.report.id for p in fresh}
                _create_held(tx, [h for h in held if h.link.report_id in fresh_ids])
            return stored, split

        if not items:
            return []
        try:
            stored, split = self._write_once(work)
        except ConstraintError:
            # Another writer stored one of these reports (or entities) since the check: once
            # more, and the check sees it. A second clash is a real problem and surfaces.
            stored, split = self._write_once(work)
        results, written = [], set()
        for report, extraction in split:
            if report.id in stored or report.id in written:
                results.append(IngestResult(report.id, created=False))
                continue
            written.add(report.id)
            results.append(
                IngestResult(
                    report.id,
                    created=True,
                    entities=len(extraction.entities),
                    mentions=len(extraction.mentions),
                    links=len(extraction.links),
                )
            )
        return results

    def add_calls(self, calls: Iterable[Call]) -> int:
        """Store call rows, CALLS_BATCH per transaction; re-importing after a failure adds only what is missing."""
        unique = {call.id: call for call in calls}
        added = 0
        for chunk in _chunks(unique.values(), CALLS_BATCH):
            rows = [
                {"call": {"id": c.id, **asdict(c)}, "caller_id": phone_entity_id(c.caller), "callee_id": phone_entity_id(c.callee)}
                for c in chunk
            ]
            phone_ids = sorted({r["caller_id"] for r in rows} | {r["callee_id"] for r in rows})

            def work(tx: neo4j.ManagedTransaction, rows: list[dict] = rows, phone_ids: list[str] = phone_ids) -> int:
                for record in tx.run(cypher("phone_kinds"), ids=phone_ids):
                    if record["kind"] != "PHONE":
                        raise StoreError(f"Entity {record['id']} is stored as a {record['kind']}, not a PHONE")
                return tx.run(cypher("add_calls"), calls=rows).single(strict=True)["added"]

            added += self._write(work)
        return added

    def set_role(self, entity_id: str, role: str, by: str = "", reason: str = "") -> None:
        def work(tx: neo4j.ManagedTransaction) -> None:
            current = _canonical(tx, [entity_id]).get(entity_id)
            if current is None:
                raise StoreError(f"No entity {entity_id!r} to set a role on")
            if current[1] != "PERSON":
                raise StoreError(f"{current[0]} is a {current[1]}, not a person: only people have roles")
            before = tx.run(cypher("set_role"), id=current[0], role=role).single(strict=True)["before"]
            _record_decision(tx, by, "set_role", current[0], {"role": role, "before": before, "reason": reason})

        self._write(work)

    def merge(self, kept: str, absorbed: str, by: str = "", reason: str = "") -> MergeRecord:
        def work(tx: neo4j.ManagedTransaction) -> MergeRecord:
            current = _canonical(tx, [kept, absorbed])
            for entity_id in (kept, absorbed):
                if entity_id not in current:
                    raise StoreError(f"No entity {entity_id!r} to merge")
            (kept_id, kept_kind), (absorbed_id, absorbed_kind) = current[kept], current[absorbed]
            if kept_id == absorbed_id:
                raise StoreError(f"{kept_id} and {absorbed_id} are already one entity")
            if kept_kind != absorbed_kind:
                raise StoreError(f"Cannot merge a {absorbed_kind} into a {kept_kind}: only entities of one kind merge")
            record = MergeRecord(uuid.uuid4().hex[:12], kept_id, absorbed_id, by, reason, now_iso())
            origins = _origins(tx, absorbed_id)
            tx.run(cypher("record_merge"), **asdict(record), seq=time.time_ns()).consume()
            _rehome(tx, absorbed_id, kept_id, origins)
            _record_decision(tx, by, "merge", record.id, {"kept": kept_id, "absorbed": absorbed_id, "reason": reason})
            return record

        return self._write(work)

    def undo_merge(self, merge_id: str) -> None:
        def work(tx: neo4j.ManagedTransaction) -> None:
            record = _live_decision(tx, "merge_by_id", "merge", merge_id)
            tx.run(cypher("undo_merge"), id=merge_id).consume()
            now_holding = _canonical(tx, [record["kept"]])[record["kept"]][0]
            _rehome(tx, now_holding, record["absorbed"], _origins(tx, record["absorbed"]))
            _record_decision(tx, "", "undo_merge", merge_id, {})

        self._write(work)

    def merges(self) -> list[MergeRecord]:
        return [
            MergeRecord(**{f.name: r["merge"].get(f.name) for f in fields(MergeRecord)}) for r in self._read("merges")
        ]

    def reject(self, a: str, b: str, by: str = "", reason: str = "") -> Rejection:
        def work(tx: neo4j.ManagedTransaction) -> Rejection:
            stored = _canonical(tx, [a, b])
            for entity_id in (a, b):
                if entity_id not in stored:
                    raise StoreError(f"No entity {entity_id!r}")
            if a == b:
                raise StoreError("An entity cannot be rejected as not itself")
            first, second = sorted((a, b))
            record = Rejection(first, second, by, reason, now_iso())
            tx.run(cypher("record_rejection"), **asdict(record)).consume()
            _record_decision(tx, by, "reject", f"{first}|{second}", {"reason": reason})
            return record

        return self._write(work)

    def rejections(self) -> list[Rejection]:
        return [
            Rejection(**{f.name: r["rejection"].get(f.name) for f in fields(Rejection)})
            for r in self._read("rejections")
        ]

    def split(
        self, entity_id: str, names: list[str], report_ids: list[str] | None = None, by: str = "", reason: str = ""
    ) -> SplitRecord:
        wanted = {fold(name) for name in names}

        def work(tx: neo4j.ManagedTransaction) -> SplitRecord:
            current = _canonical(tx, [entity_id]).get(entity_id)
            if current is None:
                raise StoreError(f"No entity {entity_id!r} to split")
            holder, kind = current
            group = _origins(tx, holder)
            found = tx.run(cypher("split_candidates"), id=holder, link_types=list(LINK_TYPES)).single(strict=True)
            mentions = [
                m
                for m in found["mentions"]
                if fold(m["text"]) in wanted and (not report_ids or m["report"] in report_ids)
            ]
            if not mentions:
                raise StoreError(
                    f"No mention of {entity_id} is written {' or '.join(map(repr, names))}: nothing to split"
                )
            reports = sorted({m["report"] for m in mentions})
            links = [
                {"element": k["element"], "source": k["source"], "target": not k["source"]}
                for k in found["links"]
                if k["report"] in reports and any(name_in_sentence(name, k["sentence"] or "") for name in names)
            ]
            kept_names, moved_names, alias_moves = [], {}, []
            for row in tx.run(cypher("split_names"), reports=reports, ids=group):
                moved = [alias for alias in row["aliases"] if fold(alias) in wanted]
                if moved:
                    kept_names.append(
                        {"element": row["element"], "aliases": [a for a in row["aliases"] if a not in moved]}
                    )
                    moved_names.setdefault(row["report"], {}).update(dict.fromkeys(moved))
                    alias_moves += [[row["report"], row["entity"], alias] for alias in moved]
            new_id = _free_id(tx, split_off_id(holder, list(names), sorted(report_ids or [])))
            record = SplitRecord(
                uuid.uuid4().hex[:12], holder, new_id, list(names), sorted(report_ids or []), by, reason, now_iso()
            )
            tx.run(
                cypher("split_entity"),
                split={**asdict(record), "seq": time.time_ns(), "alias_moves": json.dumps(alias_moves)},
                entity={"id": new_id, "kind": kind, "name": names[0], "aliases": []},
                label=NODE_LABELS[kind],
                mentions=[m["element"] for m in mentions],
                links=links,
                names=kept_names,
                new_names=[{"report": r, "aliases": list(moved_names.get(r, {}))} for r in reports],
                touched=[*group, new_id],
            ).consume()
            _record_decision(
                tx, by, "split", record.id, {"entity": holder, "new": new_id, "names": names, "reason": reason}
            )
            return record

        return self._write(work)

    def undo_split(self, split_id: str) -> None:
        def work(tx: neo4j.ManagedTransaction) -> None:
            record = _live_decision(tx, "split_by_id", "split", split_id)
            holder = _canonical(tx, [record["entity_id"]])[record["entity_id"]][0]
            moves = [
                {"report": report, "entity": entity, "alias": alias}
                for report, entity, alias in json.loads(record.get("alias_moves") or "[]")
            ]
            touched = sorted({m["entity"] for m in moves} | {record["entity_id"], holder})
            tx.run(
                cypher("undo_split"),
                id=split_id,
                holder=holder,
                link_types=list(LINK_TYPES),
                alias_moves=moves,
                touched=touched,
            ).consume()
            _record_decision(tx, "", "undo_split", split_id, {})

        self._write(work)

    def splits(self) -> list[SplitRecord]:
        return [_split_record(r["split"]) for r in self._read("splits", live=False)]

    def update_report(self, report_id: str, **changes: str | None) -> Report:
        unknown = sorted(set(changes) - set(EDITABLE_REPORT_FIELDS))
        if unknown:
            raise StoreError(
                f"Cannot change {', '.join(unknown)} of a report: only {', '.join(EDITABLE_REPORT_FIELDS)} can change"
            )

        def work(tx: neo4j.ManagedTransaction) -> Report:
            found = tx.run(cypher("update_report"), id=report_id, fields=changes).single()
            if found is None:
                raise StoreError(f"No report {report_id!r} to update")
            _record_decision(tx, "", "update_report", report_id, dict(changes))
            return _report(found["report"])

        return self._write(work)

    def purge_report(self, report_id: str) -> PurgeResult:
        def work(tx: neo4j.ManagedTransaction) -> PurgeResult:
            flagged = _keep_analyst_links_of(tx, report_id)
            tx.run(cypher("purge_held_links"), report_id=report_id).consume()
            outcome = tx.run(
                cypher("purge_report"),
                report_id=report_id,
                link_types=list(LINK_TYPES),
            ).single()
            if outcome is None:
                return PurgeResult(report_id, found=False)
            removed = sorted(outcome["removed"])
            _record_decision(
                tx, "", "purge", report_id, {"entities_removed": removed, "analyst_links_flagged": flagged}
            )
            return PurgeResult(report_id, True, removed, outcome["links"], outcome["mentions"])

        return self._write(work)

    # -- the analyst's hand (graph/decisions.py) -----------------------------------------

    def _decisions(self) -> tuple[list[LinkDecision], list[EntityDecision]]:
        """Every link and every entity decision, in one read, kept for :data:`DECISIONS_TTL_S`: reads then
        cost no extra round trip. Any write through this store forgets them at once; decisions written by
        another process are seen within the TTL."""
        cached = self._decision_cache
        if cached is not None and time.monotonic() - cached[0] < DECISIONS_TTL_S:
            return cached[1], cached[2]
        records = self._read("analyst_decisions_all")
        links = [from_json(LinkDecision, r["data"]) for r in records if r["kind"] == "link"]
        entities = [from_json(EntityDecision, r["data"]) for r in records if r["kind"] == "entity"]
        self._decision_cache = (time.monotonic(), links, entities)
        return links, entities

    def _hidden(self, decisions: list[EntityDecision] | None = None) -> set[str]:
        """Current ids of the entities analysts marked false (or whose addition they undid)."""
        hidden = hidden_entities(self._decisions()[1] if decisions is None else decisions)
        if not hidden:
            return set()
        return set(self._canonical(list(hidden)).values()) | set(hidden)

    def decide_link(self, decision: LinkDecision) -> LinkDecision:
        check_link_decision(decision)
        decision = replace(decision, id=decision.id or "LD_" + uuid.uuid4().hex[:12], at=decision.at or now_iso())

        def work(tx: neo4j.ManagedTransaction) -> LinkDecision:
            ends = [e for e in (decision.source, decision.target, decision.new_source, decision.new_target) if e]
            current = _canonical(tx, ends)
            hidden = _hidden_in(tx)
            for entity_id in ends:
                if entity_id not in current or current[entity_id][0] in hidden:
                    raise StoreError(f"No entity {entity_id!r} in the case")
            if decision.action == "add":
                if not decision.report_id:
                    _write_note_report(tx, decision)
                elif tx.run(cypher("report_by_id"), id=decision.report_id).single() is None:
                    raise StoreError(f"No report {decision.report_id!r} to cite")
                _write_links(tx, [added_link(decision)])
            else:
                found = list(
                    tx.run(
                        cypher("link_decision_targets"),
                        type=decision.type,
                        source=current[decision.source][0],
                        target=current[decision.target][0],
                        report=decision.report_id,
                        analyst=ANALYST_METHOD,
                    )
                )
                if not found:
                    where = f" in report {decision.report_id}" if decision.report_id else ""
                    raise StoreError(
                        f"No {decision.type} link from {decision.source} to {decision.target}{where} "
                        f"to {decision.action}"
                    )
                if decision.holds:
                    tx.run(cypher("hold_links"), elements=[r["element"] for r in found], decision=decision.id).consume()
                if decision.action == "correct":
                    _write_links(tx, [corrected_link(_held_link(decision.type, r["link"]), decision) for r in found])
            _save_decision(tx, "link", decision)
            _record_decision(tx, decision.by, f"link_{decision.action}", decision.id, _decision_detail(decision))
            return decision

        return self._write(work)

    def undo_link_decision(self, decision_id: str, by: str = "") -> LinkDecision:
        def work(tx: neo4j.ManagedTransaction) -> LinkDecision:
            decision = decision_to_undo(_link_decisions(tx), decision_id, "link")
            if decision.action == "add":
                _delete_analyst_links(tx, [added_link(decision)])
                if not decision.report_id:  # the note it cited goes with it
                    tx.run(
                        cypher("purge_report"), report_id=note_report_id(decision), link_types=list(LINK_TYPES)
                    ).consume()
            decision = replace(decision, undone=True, undone_by=by, undone_at=now_iso())
            _save_decision(tx, "link", decision)
            released = [
                _held_link(r["link"]["type"], r["link"])
                for r in tx.run(cypher("release_held_links"), decision=decision_id)
            ]
            if decision.action == "correct":
                _delete_analyst_links(tx, [corrected_link(link, decision) for link in released])
            _route_back(tx, released, decision_id)
            _record_decision(tx, by, "undo_link_decision", decision_id, {"action": decision.action})
            return decision

        return self._write(work)

    def link_decisions(self) -> list[LinkDecision]:
        return [from_json(LinkDecision, r["data"]) for r in self._read("analyst_decisions", kind="link")]

    def held_links(self) -> list[HeldLink]:
        held = []
        for record in self._read("held_links"):
            link = _held_link(record["link"]["type"], record["link"])
            link.source, link.target = record["source"] or link.source, record["target"] or link.target
            held.append(HeldLink(record["link"]["decision"], link))
        return held

    def decide_entity(self, decision: EntityDecision) -> EntityDecision:
        if decision.action not in ENTITY_ACTIONS:
            raise StoreError(f"Unknown entity decision {decision.action!r}: use one of {', '.join(ENTITY_ACTIONS)}")
        if decision.action in ("kind", "add") and decision.kind not in ENTITY_KINDS:
            raise StoreError(f"Unknown entity kind {decision.kind!r}: use one of {', '.join(ENTITY_KINDS)}")
        decision = replace(decision, id=decision.id or "ED_" + uuid.uuid4().hex[:12], at=decision.at or now_iso())

        def work(tx: neo4j.ManagedTransaction) -> EntityDecision:
            nonlocal decision
            current = _canonical(tx, [decision.entity_id]).get(decision.entity_id)
            if decision.action == "add":
                if not decision.name.strip():
                    raise StoreError("A new entity needs a name")
                if current is not None:
                    raise StoreError(f"An entity {decision.entity_id!r} already exists")
                entity = make_entity(decision.kind, decision.entity_id, decision.name)
                row = {
                    "id": entity.id,
                    "kind": entity.kind,
                    "label": NODE_LABELS[entity.kind],
                    "name": entity.name,
                    "properties": entity.properties(),
                    "aliases": [],
                }
                tx.run(cypher("ingest_new_entities"), entities=[row]).consume()
            else:
                if current is None or current[0] in _hidden_in(tx):
                    raise StoreError(f"No entity {decision.entity_id!r} in the case")
                entity_id, kind = current
                decision = replace(decision, entity_id=entity_id)
                if decision.action == "kind":
                    if decision.kind == kind:
                        raise StoreError(f"{entity_id} is already a {kind}")
                    decision = replace(decision, before=kind)
                    _set_kind(tx, entity_id, kind, decision.kind)
                else:
                    _hold_entity_links(tx, entity_id, decision.id)
            _save_decision(tx, "entity", decision)
            _record_decision(tx, decision.by, f"entity_{decision.action}", decision.id, _decision_detail(decision))
            return decision

        return self._write(work)

    def undo_entity_decision(self, decision_id: str, by: str = "") -> EntityDecision:
        def work(tx: neo4j.ManagedTransaction) -> EntityDecision:
            decision = decision_to_undo(_entity_decisions(tx), decision_id, "entity")
            decision = replace(decision, undone=True, undone_by=by, undone_at=now_iso())
            _save_decision(tx, "entity", decision)
            if decision.action == "kind":
                _set_kind(tx, decision.entity_id, decision.kind, decision.before)
            elif decision.action == "false":
                released = [
                    _held_link(r["link"]["type"], r["link"])
                    for r in tx.run(cypher("release_held_links"), decision=decision_id)
                ]
                _route_back(tx, released, decision_id)
            else:
                current = _canonical(tx, [decision.entity_id]).get(decision.entity_id)
                if current is not None:
                    _hold_entity_links(tx, current[0], decision_id)
            _record_decision(tx, by, "undo_entity_decision", decision_id, {"action": decision.action})
            return decision

        return self._write(work)

    def entity_decisions(self) -> list[EntityDecision]:
        return [from_json(EntityDecision, r["data"]) for r in self._read("analyst_decisions", kind="entity")]

    def marked_false(self, kinds: list[str] | None = None) -> list[Entity]:
        hidden = sorted(hidden_entities(self.entity_decisions()))
        if not hidden:
            return []
        records = self._read("entities_by_id", ids=hidden)
        entities = (_entity(r["entity"], r["absorbed"]) for r in records)
        return [e for e in entities if kinds is None or e.kind in kinds]

    # -- records: notes, views, watches, alerts ---------------------------------------

    def _put_record(self, kind: str, key: str, case: str, data: str) -> None:
        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run(cypher("put_record"), kind=kind, key=key, case=case or "", data=data, seq=time.time_ns()).consume()
            _record_decision(tx, "", f"record_{kind}", key, {"case": case})

        self._write(work)

    def _records(self, kind: str) -> list[str]:
        return [r["data"] for r in self._read("records", kind=kind)]

    def _delete_record(self, kind: str, key: str) -> bool:
        return (
            self._write(lambda tx: tx.run(cypher("delete_record"), kind=kind, key=key).single(strict=True)["deleted"])
            > 0
        )

    def case_secret(self, name: str) -> str:
        def work(tx: neo4j.ManagedTransaction) -> str:
            return tx.run(cypher("case_secret"), name=name, value=secrets.token_hex(32)).single()["value"]

        return self._write(work)

    def audit_head(self) -> AuditHead | None:
        records = self._read("audit_head")
        return AuditHead(records[0]["count"], records[0]["hash"], records[0]["record"]) if records else None

    def anchor_audit_head(self, count: int, digest: str, record: str = "") -> None:
        self._write(lambda tx: tx.run(cypher("anchor_audit_head"), count=count, hash=digest, record=record).consume())

    # -- reads -------------------------------------------------------------------------

    def get_report(self, report_id: str) -> Report | None:
        records = self._read("report_by_id", id=report_id)
        return _report(records[0]["report"]) if records else None

    def reports(self, case: str | None = None) -> list[Report]:
        return [_report(r["report"]) for r in self._read("reports", case=case)]

    def get_entity(self, entity_id: str) -> Entity | None:
        found = self._entities_by_id([entity_id])
        return next(iter(found.values()), None)

    def entities(self, kinds: list[str] | None = None, case: str | None = None) -> list[Entity]:
        hidden = self._hidden()
        records = self._read("entities", kinds=kinds, case=case)
        return [_entity(r["entity"], r["absorbed"]) for r in records if r["entity"]["id"] not in hidden]

    def search(self, text: str, kinds: list[str] | None = None, limit: int = 20) -> list[SearchHit]:
        query = fulltext_query(text)
        if query is None:
            candidates = self.entities(kinds)
        else:
            records = self._read("search_entities", query=query, limit=SEARCH_CANDIDATES, kinds=kinds)
            hidden = self._hidden()
            found = {e.id: e for e in (_entity(r["entity"], r["absorbed"]) for r in records) if e.id not in hidden}
            phone_id = phone_query(text)
            if phone_id is not None:
                for entity in self._entities_by_id([phone_id]).values():
                    if kinds is None or entity.kind in kinds:
                        found[entity.id] = entity
            candidates = list(found.values())
        return rank_entities(text, candidates, limit)

    def neighbourhood(self, entity_ids: list[str], hops: int = 1, filters: LinkFilter | None = None) -> Subgraph:
        """Entities within ``hops`` links of any of ``entity_ids`` (see :meth:`_neighbourhood`), without the
        entities analysts marked false (their links are held, so no path leads through them)."""
        link_decisions, entity_decisions = self._decisions()
        hidden = self._hidden(entity_decisions)
        found = self._neighbourhood([e for e in entity_ids if e not in hidden], hops, filters)
        found.links = shown_confirmed(found.links, link_decisions)
        if not hidden:
            return found
        return Subgraph(
            [e for e in found.entities if e.id not in hidden],
            [k for k in found.links if k.source not in hidden and k.target not in hidden],
            [c for c in found.calls if c.caller not in hidden and c.callee not in hidden],
        )

    def _neighbourhood(self, entity_ids: list[str], hops: int = 1, filters: LinkFilter | None = None) -> Subgraph:
        """Breadth-first: one query per hop (filtered as the embedded store does), one for the rest.

        Each hop's query returns the links of its frontier, so the last query only fetches the
        entities, the links of those reached at the last hop, and the calls.
        """
        filters = filters or LinkFilter()
        if hops in (1, 2) and not (filters.case or filters.min_grading or filters.since or filters.until):
            return self._near_neighbourhood(entity_ids, hops, filters)
        step = {
            "link_types": list(LINK_TYPES),
            "only_types": filters.link_types,
            "min_confidence": filters.min_confidence,
            "include_calls": filters.include_calls,
        }
        link_records: list[Any] = []
        reached: set[str] = set()
        explored: set[str] = set()
        frontier = list(dict.fromkeys(entity_ids))
        for hop in range(max(hops, 0) + 1):
            if not frontier or (hop > 0 and hop == hops):
                break  # the links of the last frontier come with the rest
            records = self._read("neighbours", ids=frontier, **step)
            if hop == 0:
                frontier = [r["neighbour"] for r in records if r["type"] == "SEED"]
                reached.update(frontier)
            explored.update(frontier)
            following: set[str] = set()
            for record in records:
                if record["type"] == "SEED":
                    continue
                if record["link"] is not None:
                    link_records.append(record)
                    if not filters.admits_link(*_link(record)):
                        continue
                if filters.kinds is None or record["neighbour_kind"] in filters.kinds:
                    following.add(record["neighbour"])
            frontier = sorted(following - reached)
            reached.update(frontier)
        rest = self._read(
            "neighbourhood_rest",
            ids=sorted(reached),
            unexplored=sorted(reached - explored),
            link_types=list(LINK_TYPES),
        )[0]
        entities = {e.id: e for e in (_entity(r["entity"], r["absorbed"]) for r in rest["entities"])}
        return _assemble(entities, set(entities), link_records + rest["links"], rest["calls"], filters)

    def _near_neighbourhood(self, entity_ids: list[str], hops: int, filters: LinkFilter) -> Subgraph:
        """One query for a neighbourhood whose filter needs no report: the common, interactive case."""
        records = self._read(
            "neighbourhood_near",
            ids=list(dict.fromkeys(entity_ids)),
            hops=hops,
            link_types=list(LINK_TYPES),
            only_types=filters.link_types,
            min_confidence=filters.min_confidence,
            kinds=filters.kinds,
            calls=filters.include_calls and (filters.link_types is None or "CALLED" in filters.link_types),
        )
        entities = {e.id: e for e in (_entity(r["entity"], r["absorbed"]) for r in records)}
        links = [link for r in records for link in r["links"]]
        calls = [call for r in records for call in r["calls"]]
        return _assemble(entities, set(entities), links, calls, filters)

    def evidence(self, source: str, target: str, link_type: str | None = None) -> list[Evidence]:
        current = self._canonical([source, target])
        if source not in current or target not in current:
            return []
        records = self._read(
            "links_between", a=current[source], b=current[target], type=link_type, link_types=list(LINK_TYPES)
        )
        strongest = _strongest(_link(record) for record in records)
        decisions = self._decisions()[0]
        found = [Evidence.of(shown_confirmed([link], decisions)[0], report) for link, report in strongest]
        return sorted(found, key=lambda e: (-e.confidence, e.report_id))

    def mentions_of(self, entity_id: str) -> list[Mention]:
        current = self._canonical([entity_id]).get(entity_id)
        if current is None:
            return []
        return [_mention(r["report_id"], current, r["mention"]) for r in self._read("mentions_of", id=current)]

    def mentions_of_each(self, entity_ids: list[str]) -> dict[str, list[Mention]]:
        asked = self._canonical(list(entity_ids)) if entity_ids else {}
        found: dict[str, list[Mention]] = {}
        for r in self._read("mentions_of_each", ids=sorted(set(asked.values()))):
            found.setdefault(r["entity_id"], []).append(_mention(r["report_id"], r["entity_id"], r["mention"]))
        return {e: found[k] for e, k in asked.items() if k in found}

    def mentions_in(self, report_id: str) -> list[Mention]:
        return [_mention(report_id, r["entity_id"], r["mention"]) for r in self._read("mentions_in", id=report_id)]

    def indicators(self, report_id: str | None = None) -> list[Indicator]:
        return [
            Indicator(i["report"], i["category"], i["name"], i["sentence"], i["start"], i["end"], i["confidence"])
            for i in (r["indicator"] for r in self._read("indicators", report_id=report_id))
        ]

    def calls(self, phone_ids: list[str] | None = None) -> list[Call]:
        numbers = None if phone_ids is None else sorted({phone_number(p) for p in phone_ids})
        return [
            Call(c["caller"], c["callee"], c["start"], c["duration_s"], c.get("source") or "")
            for c in (r["call"] for r in self._read("calls", numbers=numbers))
        ]

    def subgraph(self, filters: LinkFilter | None = None) -> Subgraph:
        filters = filters or LinkFilter()
        entities = {e.id: e for e in self.entities()}
        links = self._read("case_links", link_types=list(LINK_TYPES))
        keep = {e.id for e in entities.values() if filters.kinds is None or e.kind in filters.kinds}
        if filters.case is not None:
            in_case = {e.id for e in self.entities(case=filters.case)}
            for link, report in _strongest(_link(record) for record in links):
                if filters.admits_link(link, report):
                    in_case |= {link.source, link.target}
            keep &= in_case
        found = _assemble(entities, keep, links, self._read("case_calls"), filters)
        found.links = shown_confirmed(found.links, self._decisions()[0])
        return found

    def stats(self, case: str | None = None) -> StoreStats:
        counts = self._read("stats", case=case, link_types=list(LINK_TYPES))[0]
        if case is None:
            entities = {kind: n for kind, n in counts["entities"]}
            links = {link_type: n for link_type, n in counts["links"]}
            if self._hidden():  # entities marked false are out of the counts, as out of every read
                entities = {}
                for entity in self.entities():
                    entities[entity.kind] = entities.get(entity.kind, 0) + 1
        else:
            part = self.subgraph(LinkFilter(case=case))
            entities, links = {}, {}
            for entity in part.entities:
                entities[entity.kind] = entities.get(entity.kind, 0) + 1
            for link in part.links:
                links[link.type] = links.get(link.type, 0) + 1
        return StoreStats(
            reports=counts["reports"],
            entities=entities,
            links=links,
            mentions=counts["mentions"],
            calls=counts["calls"],
            cases=sorted(c for c in counts["cases"] if c is not None),
        )

    def clear(self) -> None:
        """Delete everything in the database (used by tests; never on real case data)."""
        self._write(lambda tx: tx.run(cypher("clear_database")).consume())

    def close(self) -> None:
        self._driver.close()

    # -- helpers -----------------------------------------------------------------------

    def _canonical(self, entity_ids: list[str]) -> dict[str, str]:
        """Requested id -> the current entity id it stands for (stored ids only)."""
        records = self._read("canonical_entities", ids=list(dict.fromkeys(entity_ids)))
        return {r["requested"]: r["id"] for r in records}

    def _entities_by_id(self, entity_ids: list[str]) -> dict[str, Entity]:
        """The current entities these ids stand for, by their own id."""
        if not entity_ids:
            return {}
        records = self._read("entities_by_id", ids=list(dict.fromkeys(entity_ids)))
        entities = (_entity(r["entity"], r["absorbed"]) for r in records)
        hidden = self._hidden()
        return {e.id: e for e in entities if e.id not in hidden}


# -- module helpers ---------------------------------------------------------------------


def _reason(error: Exception) -> str:
    """A one-line account of a lost-connection error."""
    text = getattr(error, "message", None) or str(error) or type(error).__name__
    return f"{type(error).__name__}: {text.splitlines()[0][:200].rstrip(' .?:')}"


@dataclass
class _PreparedReport:
    """One report's rows before the batch write: deduplicated as the embedded store does."""

    report: Report
    extraction: Extraction
    stored: dict[str, Any]  # the Report node's properties
    entities: list[Entity]  # one per id, in the order named
    names: dict[str, list[str]]  # entity id -> the names and aliases this report gives it
    mentions: list[Mention]
    links: list[Link]
    indicators: list[Indicator]
    referenced: set[str]  # ids mentions use that the extraction does not name: must be stored

    @property
    def used(self) -> set[str]:
        return {m.entity_id for m in self.mentions} | {end for k in self.links for end in (k.source, k.target)}


def _prepare(report: Report, extraction: Extraction) -> _PreparedReport:
    stored = asdict(report)
    stored["ingested_at"] = report.ingested_at or now_iso()
    entities: dict[str, Entity] = {}
    names: dict[str, dict[str, None]] = {}
    for entity in extraction.entities:
        entities.setdefault(entity.id, entity)
        for alias in (entity.name, *entity.aliases):
            if alias:
                names.setdefault(entity.id, {})[alias] = None
    mentions: dict[tuple[int, int, str], Mention] = {}
    for mention in extraction.mentions:
        mentions.setdefault((mention.start, mention.end, mention.entity_id), mention)
        if mention.label != "PHONE" and mention.text:
            names.setdefault(mention.entity_id, {})[mention.text] = None
    links = strongest_links(extraction.links)
    for entity_id in [m.entity_id for m in mentions.values()] + [end for k in links for end in (k.source, k.target)]:
        names.setdefault(entity_id, {})  # a purge finds the report's links from the entities it names
    for link in links:
        if link.type not in LINK_TYPES:
            raise StoreError(
                f"Unknown link type {link.type!r} in report {report.id}: use one of {', '.join(LINK_TYPES)}"
            )
    indicators: dict[tuple[str, str, int], Indicator] = {}
    for indicator in extraction.indicators:
        indicators.setdefault((indicator.category, indicator.name, indicator.start), indicator)
    return _PreparedReport(
        report,
        extraction,
        stored,
        list(entities.values()),
        {entity_id: list(aliases) for entity_id, aliases in names.items()},
        list(mentions.values()),
        links,
        list(indicators.values()),
        {m.entity_id for m in extraction.mentions} - set(entities),
    )


def _check_batch(fresh: list[_PreparedReport], stored_kinds: dict[str, str], existing: set[str]) -> None:
    """Raise StoreError for the first report that names a stored entity as another kind, or mentions
    an entity neither stored nor named by it or a report before it in the batch."""
    kinds = dict(stored_kinds)
    for prepared in fresh:
        for entity in prepared.extraction.entities:
            known = kinds.setdefault(entity.id, entity.kind)
            if known != entity.kind:
                raise StoreError(
                    f"Report {prepared.report.id}: {entity.id} is stored as a {known}, not a {entity.kind}"
                )
        for entity_id in sorted(prepared.referenced):
            if entity_id not in existing and entity_id not in kinds:
                raise StoreError(f"Mention of unknown entity {entity_id!r} in report {prepared.report.id}")


@dataclass
class _IngestRows:
    """The parameters of the ``queries/ingest_*.cypher`` statements for a checked batch of new reports."""

    reports: list[dict[str, Any]]
    new_entities: list[dict[str, Any]]  # ids not stored yet: created
    known_entities: list[dict[str, Any]]  # stored ids the batch names: they gain missing properties and names
    names: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    links: list[dict[str, Any]]
    indicators: list[dict[str, Any]]


def _ingest_rows(
    fresh: list[_PreparedReport], current: dict[str, str], stored: dict[str, dict[str, Any]]
) -> _IngestRows:
    """The rows to write for checked, not yet stored reports.

    An entity named by several reports of the batch becomes one row: the first report's name and,
    per property, the first value that says something (what ingesting them one by one would leave).
    Ids merged away (``current``: id -> the entity it was merged into) are resolved for attaching;
    ``stored`` are the named entities already in the store, with their properties (updated by
    :mod:`graph.write_rules`, not created).
    """
    entities: dict[str, dict[str, Any]] = {}
    aliases: dict[str, dict[str, None]] = {}
    for prepared in fresh:
        for entity in prepared.entities:
            row = entities.get(entity.id)
            if row is None:
                entities[entity.id] = {
                    "id": entity.id,
                    "kind": entity.kind,
                    "label": NODE_LABELS[entity.kind],
                    "name": entity.name,
                    "properties": entity.properties(),
                }
                continue
            row["properties"] = write_rules.combined(row["properties"], entity.properties())
        for entity_id, names in prepared.names.items():
            aliases.setdefault(entity_id, {}).update(dict.fromkeys(names))
    for entity_id, names in aliases.items():
        entities.setdefault(entity_id, {"id": entity_id, "properties": {}})["aliases"] = list(names)
    for row in entities.values():
        row.setdefault("aliases", [])
    new = [row for entity_id, row in entities.items() if entity_id not in stored and "kind" in row]
    known = [row for entity_id, row in entities.items() if entity_id in stored or "kind" not in row]
    for row in known:  # only what the stored node takes by the shared write rules is written
        node = stored.get(row["id"], {})
        row["properties"] = write_rules.changes(node, row["properties"], bool(node.get("role_set_by_analyst")))
    known = [row for row in known if row["aliases"] or row["properties"]]

    def holder(entity_id: str) -> str:
        return current.get(entity_id, entity_id)

    return _IngestRows(
        reports=[p.stored for p in fresh],
        new_entities=new,
        known_entities=known,
        names=[
            {"report": p.report.id, "entity": entity_id, "aliases": names}
            for p in fresh
            for entity_id, names in p.names.items()
        ],
        mentions=[
            {
                "report": p.report.id,
                "holder": holder(m.entity_id),
                "properties": {
                    "entity_id": m.entity_id,
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "label": m.label,
                    "sentence": m.sentence,
                },
            }
            for p in fresh
            for m in p.mentions
        ],
        links=[
            {
                "type": k.type,
                "source": holder(k.source),
                "target": holder(k.target),
                "properties": {
                    "report": p.report.id,
                    "source_id": k.source,
                    "target_id": k.target,
                    **{name: getattr(k, name) for name in LINK_PROPERTIES},
                },
            }
            for p in fresh
            for k in p.links
        ],
        indicators=[{**asdict(i), "report": p.report.id} for p in fresh for i in p.indicators],
    )


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last may be shorter), read lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, max(size, 1))):
        yield chunk


def _with_live_splits(tx: neo4j.Transaction, items: list[tuple[Report, Extraction]]) -> list[tuple[Report, Extraction]]:
    """The reports with the analysts' live splits applied, so a split survives re-ingest."""
    splits = [_split_record(r["split"]) for r in tx.run(cypher("splits"), live=True)]
    if not splits:
        return items
    ids = {s.entity_id for s in splits}
    for _, extraction in items:
        ids |= {m.entity_id for m in extraction.mentions}
        ids |= {end for k in extraction.links for end in (k.source, k.target)}
    current = {requested: held[0] for requested, held in _canonical(tx, sorted(ids)).items()}
    return [
        (report, apply_splits(extraction, report.id, splits, lambda i: current.get(i, i)))
        for report, extraction in items
    ]


def _canonical(tx: neo4j.ManagedTransaction, entity_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Requested id -> (current entity id, kind), inside a write transaction."""
    records = tx.run(cypher("canonical_entities"), ids=list(dict.fromkeys(entity_ids)))
    return {r["requested"]: (r["id"], r["kind"]) for r in records}


def _origins(tx: neo4j.ManagedTransaction, entity_id: str) -> list[str]:
    record = tx.run(cypher("merge_origins"), id=entity_id).single(strict=True)
    return list(record["origins"])


def _rehome(tx: neo4j.ManagedTransaction, source: str, target: str, origins: list[str]) -> None:
    tx.run(
        cypher("rehome_relationships"), **{"from": source, "to": target}, origins=origins, link_types=list(LINK_TYPES)
    ).consume()


def _live_decision(tx: neo4j.ManagedTransaction, query: str, what: str, decision_id: str) -> dict:
    """The merge or split record ``decision_id`` (read by ``query``): it must exist and not be undone yet."""
    found = tx.run(cypher(query), id=decision_id).single()
    if found is None:
        raise StoreError(f"No {what} {decision_id!r}")
    record = found[what]
    if record["undone"]:
        raise StoreError(f"{what.capitalize()} {decision_id} was already undone")
    return record


# -- the analyst's decisions inside a transaction -------------------------------------------


def _link_decisions(tx: neo4j.ManagedTransaction) -> list[LinkDecision]:
    return [from_json(LinkDecision, r["data"]) for r in tx.run(cypher("analyst_decisions"), kind="link")]


def _entity_decisions(tx: neo4j.ManagedTransaction) -> list[EntityDecision]:
    return [from_json(EntityDecision, r["data"]) for r in tx.run(cypher("analyst_decisions"), kind="entity")]


def _hidden_in(tx: neo4j.ManagedTransaction, but: str = "") -> dict[str, str]:
    """Current id of each entity marked false -> the decision (leaving out decision ``but``)."""
    hidden = {e: d for e, d in hidden_entities(_entity_decisions(tx)).items() if d != but}
    if not hidden:
        return {}
    current = _canonical(tx, list(hidden))
    return {current.get(e, (e, ""))[0]: d for e, d in hidden.items()}


def _save_decision(tx: neo4j.ManagedTransaction, kind: str, decision: LinkDecision | EntityDecision) -> None:
    tx.run(
        cypher("save_analyst_decision"), id=decision.id, kind=kind, data=to_json(decision), seq=time.time_ns()
    ).consume()


def _decision_detail(decision: LinkDecision | EntityDecision) -> dict:
    return {k: v for k, v in vars(decision).items() if v not in (None, "", False) and k not in ("id", "by", "at")}


def _held_link(link_type: str, properties: dict[str, Any]) -> Link:
    """A Link from the properties of a link relationship or a (:HeldLink) node."""
    return Link(
        type=link_type,
        source=properties["source_id"],
        target=properties["target_id"],
        report_id=properties["report"],
        **{name: properties[name] for name in LINK_PROPERTIES if properties.get(name) is not None},
    )


def _held_row(held: HeldLink) -> dict[str, Any]:
    link = held.link
    return {
        "decision": held.decision_id,
        "type": link.type,
        "source_id": link.source,
        "target_id": link.target,
        "report": link.report_id,
        **{name: getattr(link, name) for name in LINK_PROPERTIES},
    }


def _create_held(tx: neo4j.ManagedTransaction, held: list[HeldLink]) -> None:
    if held:
        tx.run(cypher("create_held_links"), rows=[_held_row(h) for h in held]).consume()


def _write_links(tx: neo4j.ManagedTransaction, links: list[Link]) -> None:
    """Write links (analysts' or given back by an undo) between the current entities of their ids."""
    if not links:
        return
    current = _canonical(tx, [end for k in links for end in (k.source, k.target)])
    rows = [
        {
            "type": k.type,
            "source": current[k.source][0],
            "target": current[k.target][0],
            "properties": {
                "report": k.report_id,
                "source_id": k.source,
                "target_id": k.target,
                **{name: getattr(k, name) for name in LINK_PROPERTIES},
            },
        }
        for k in links
        if k.source in current and k.target in current
    ]
    _delete_analyst_links(tx, [k for k in links if k.method == ANALYST_METHOD], held_too=False)
    tx.run(cypher("ingest_links"), rows=rows).consume()


def _delete_analyst_links(tx: neo4j.ManagedTransaction, links: list[Link], held_too: bool = True) -> None:
    """Remove analysts' links from the graph (and, with ``held_too``, from the held links)."""
    if not links:
        return
    current = _canonical(tx, [end for k in links for end in (k.source, k.target)])
    rows = [
        {
            "type": k.type,
            "source": current.get(k.source, (k.source, ""))[0],
            "target": current.get(k.target, (k.target, ""))[0],
            "source_id": k.source,
            "target_id": k.target,
            "report": k.report_id,
        }
        for k in links
    ]
    tx.run(cypher("delete_analyst_links"), rows=rows, analyst=ANALYST_METHOD, held=held_too).consume()


def _route_back(tx: neo4j.ManagedTransaction, released: list[Link], decision_id: str) -> None:
    """Links an undone decision held: back to the graph, or held by another live decision."""
    if not released:
        return
    live = [d for d in _link_decisions(tx) if d.holds and d.id != decision_id]
    hidden = _hidden_in(tx, but=decision_id)
    current = _canonical(tx, [end for k in released for end in (k.source, k.target)])
    written, held = route_links(released, live, hidden, lambda e: current.get(e, (e, ""))[0])
    _write_links(tx, written)
    _create_held(tx, held)


def _hold_entity_links(tx: neo4j.ManagedTransaction, entity_id: str, decision_id: str) -> None:
    elements = [r["element"] for r in tx.run(cypher("entity_link_elements"), id=entity_id, link_types=list(LINK_TYPES))]
    if elements:
        tx.run(cypher("hold_links"), elements=elements, decision=decision_id).consume()


def _set_kind(tx: neo4j.ManagedTransaction, entity_id: str, old: str, new: str) -> None:
    tx.run(
        cypher("set_entity_kind"), id=entity_id, kind=new, old_label=NODE_LABELS[old], new_label=NODE_LABELS[new]
    ).consume()


def _with_live_decisions(
    tx: neo4j.Transaction, items: list[tuple[Report, Extraction]]
) -> tuple[list[tuple[Report, Extraction]], list[HeldLink]]:
    """The reports as the analysts' live decisions leave them (corrected kinds, held links set apart)."""
    link_decisions = [d for d in _link_decisions(tx) if d.holds]
    entity_decisions = _entity_decisions(tx)
    if not link_decisions and not entity_decisions:
        return items, []
    ids = {e for d in link_decisions for e in (d.source, d.target)} | {d.entity_id for d in entity_decisions}
    for _, extraction in items:
        ids |= {e.id for e in extraction.entities}
        ids |= {end for k in extraction.links for end in (k.source, k.target)}
    current = {requested: held[0] for requested, held in _canonical(tx, sorted(ids)).items()}

    def canonical(entity_id: str) -> str:
        return current.get(entity_id, entity_id)

    kinds = {canonical(e): k for e, k in kind_corrections(entity_decisions).items()}
    hidden = {canonical(e): d for e, d in hidden_entities(entity_decisions).items()}
    routed, held = [], []
    for report, extraction in items:
        extraction = apply_kind_corrections(extraction, kinds, canonical)
        written, kept = route_links(strongest_links(extraction.links), link_decisions, hidden, canonical)
        routed.append((report, replace(extraction, links=written)))
        held += [HeldLink(h.decision_id, replace(h.link, report_id=report.id)) for h in kept]
    return routed, held


def _write_note_report(tx: neo4j.ManagedTransaction, decision: LinkDecision) -> None:
    """The free note an analyst's link cites, stored as a small report of the decision's case."""
    tx.run(cypher("ingest_new_reports"), reports=[_prepare(note_report(decision), Extraction()).stored]).consume()


def _keep_analyst_links_of(tx: neo4j.ManagedTransaction, report_id: str) -> list[str]:
    """Before a report is purged: analysts' added links citing it keep the analyst's note (not the report's
    sentence) and are flagged for review. Returns the decisions flagged."""
    flagged = []
    purged = tx.run(cypher("report_by_id"), id=report_id).single()
    case = (purged["report"].get("case") if purged is not None else "") or ""
    for decision in _link_decisions(tx):
        if decision.action != "add" or decision.undone or decision.report_id != report_id:
            continue
        _delete_analyst_links(tx, [added_link(decision)])
        decision = replace(
            decision,
            report_id=None,
            sentence="",
            case=decision.case or case,
            note=decision.note or "(the report this link cited was purged)",
            review=f"the report it cited ({report_id}) was purged: check the link still stands",
        )
        _write_note_report(tx, decision)
        _write_links(tx, [added_link(decision)])
        _save_decision(tx, "link", decision)
        flagged.append(decision.id)
    return flagged


def _record_decision(tx: neo4j.ManagedTransaction, by: str, action: str, subject: str, detail: dict) -> None:
    tx.run(
        cypher("record_decision"), at=now_iso(), by=by, action=action, subject=subject, detail=json.dumps(detail)
    ).consume()



def _free_id(tx: neo4j.ManagedTransaction, wanted: str) -> str:
    """``wanted``, or ``wanted_2``, ``wanted_3``... : the first id no entity has (as the embedded store names them)."""
    candidate, n = wanted, 1
    while _canonical(tx, [candidate]):
        n += 1
        candidate = f"{wanted}_{n}"
    return candidate


def _split_record(properties: dict[str, Any]) -> SplitRecord:
    values = {f.name: properties.get(f.name) for f in fields(SplitRecord)}
    values["names"], values["report_ids"] = list(values["names"] or []), list(values["report_ids"] or [])
    return SplitRecord(**values)


def _report(properties: dict[str, Any]) -> Report:
    values = {name: properties.get(name) for name in REPORT_FIELDS if properties.get(name) is not None}
    values.setdefault("text", "")
    return Report(**values)


def _entity(properties: dict[str, Any], absorbed: list[dict[str, Any]]) -> Entity:
    """An entity from its node, carrying the names and aliases of the entities merged into it."""
    names = set(properties.get("aliases") or [])
    for other in absorbed:
        names.add(other["name"])
        names.update(other.get("aliases") or [])
    extra = {k: v for k, v in properties.items() if k not in INTERNAL_ENTITY_PROPERTIES}
    entity = make_entity(properties["kind"], properties["id"], properties["name"], **extra)
    entity.aliases = sorted(name for name in names if name and name != entity.name)
    return entity


def _link(record: Any) -> tuple[Link, Report | None]:
    """A link (between current entities) and the report behind it, from a link-returning query."""
    properties = record["link"]
    link = Link(
        type=record["type"],
        source=record.get("source") or properties["source_id"],
        target=record.get("target") or properties["target_id"],
        report_id=properties["report"],
        **{name: properties[name] for name in LINK_PROPERTIES if properties.get(name) is not None},
    )
    return link, (_report(record["report"]) if record["report"] is not None else None)


def _strongest(pairs: Iterable[tuple[Link, Report | None]]) -> list[tuple[Link, Report | None]]:
    """One link per (type, source, target, report): after a merge two may coincide; the stronger stays."""
    best: dict[tuple[str, str, str, str], tuple[Link, Report | None]] = {}
    for link, report in pairs:
        if link.key not in best or link.confidence > best[link.key][0].confidence:
            best[link.key] = (link, report)
    return list(best.values())


def _assemble(
    entities: dict[str, Entity],
    keep: set[str],
    link_records: list[Any],
    call_records: list[Any],
    filters: LinkFilter,
) -> Subgraph:
    """The Subgraph of the ``keep`` entities: the links and calls among them that ``filters`` admits."""
    links = [
        link
        for link, report in _strongest(_link(record) for record in link_records)
        if link.source in keep and link.target in keep and filters.admits_link(link, report)
    ]
    calls_admitted = filters.include_calls and (filters.link_types is None or "CALLED" in filters.link_types)
    calls = [
        CallSummary(r["caller"], r["callee"], r["count"], r["total_s"], r["first"], r["last"])
        for r in call_records
        if calls_admitted and r["caller"] in keep and r["callee"] in keep
    ]
    links.sort(key=lambda k: (k.source, k.target, k.type, k.report_id))
    calls.sort(key=lambda c: (c.caller, c.callee))
    return Subgraph([entities[e] for e in sorted(keep) if e in entities], links, calls)


def _mention(report_id: str, entity_id: str, properties: dict[str, Any]) -> Mention:
    return Mention(
        report_id,
        entity_id,
        properties["start"],
        properties["end"],
        properties["text"],
        properties["label"],
        properties.get("sentence") or "",
    )


__all__ = ["CommitUnknown", "IngestNotice", "Neo4jStore", "cypher", "cypher_statements", "fulltext_query"]
