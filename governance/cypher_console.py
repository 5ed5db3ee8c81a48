"""A read-only Cypher console for analysts on the Neo4j store.

Neo4j's READ access mode alone does not stop a query from writing, so every query is first
checked by command family (it must start with a reading clause, ``MATCH``, ``RETURN``...; the
administration commands ``SHOW``, ``TERMINATE`` and ``USE`` are refused wherever they occur,
since ``SHOW TRANSACTIONS`` plans as a read and lists other users' queries) and then
planned with ``EXPLAIN``: anything whose query type is not ``"r"`` (read only) is refused, as
are plans that load files or URLs (``LOAD CSV``) or call procedures outside a short list of
harmless ones. What passes runs in a READ transaction that is always rolled back, with a
server-side timeout and a row limit, and every query is written to the audit log.

Need-to-know cannot be enforced on arbitrary Cypher, so only users assigned every case
(``"*"``) with the ``cypher`` permission may use it. Victims' names in the rows are replaced
through the ``redact`` function the caller passes (see :mod:`governance.redaction`), but a
query can always spell a name out piecemeal (``substring(p.name, 0, 1)``...), so the console
also needs the ``reveal_victims`` permission, and the text of every query is audited.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j.exceptions import ClientError, Neo4jError

from governance.access import ALL_CASES, PermissionDenied, User
from governance.audit import AuditLog
from graph.errors import ThreadlineError

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_ROW_LIMIT = 1000

#: Procedures a console query may call: schema look-ups only.
ALLOWED_PROCEDURES = ("db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization")
_REFUSED_OPERATORS = {"LoadCSV": "LOAD CSV reads files and URLs from the server"}
#: The clauses a console query may start with.
READING_CLAUSES = frozenset({"MATCH", "OPTIONAL", "WITH", "RETURN", "UNWIND", "CALL"})
#: Command words refused anywhere in a query (administration, other databases).
REFUSED_COMMANDS = frozenset({"SHOW", "TERMINATE", "USE", "ALTER", "GRANT", "DENY", "REVOKE", "START", "STOP"})
_CYPHER_NOISE = re.compile(
    r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", re.DOTALL
)
_WORD = re.compile(r"(?<![.:$\w])[A-Za-z_]\w*")


class ConsoleRefused(ThreadlineError):
    """A console query that was not run; the message says why."""


@dataclass
class ConsoleResult:
    """The rows of a console query (at most the row limit) and whether more were left off."""

    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False


def _operators(plan: dict[str, Any] | None) -> Iterator[dict[str, Any]]:
    if not plan:
        return
    yield plan
    for child in plan.get("children", []) or []:
        yield from _operators(child)


def check_command_family(query: str) -> None:
    """Raise ConsoleRefused unless the query starts with a reading clause and names no
    administration command (comments, strings and quoted names are not read as words)."""
    words = [w.upper() for w in _WORD.findall(_CYPHER_NOISE.sub(" ", query))]
    if "LOAD" in words:
        raise ConsoleRefused(f"Refused: {_REFUSED_OPERATORS['LoadCSV']}")
    refused = sorted(set(words) & REFUSED_COMMANDS)
    if refused:
        raise ConsoleRefused(f"Refused: {', '.join(refused)} is an administration command; the console only reads")
    if not words or words[0] not in READING_CLAUSES:
        first = words[0] if words else "nothing"
        raise ConsoleRefused(
            f"Refused: a console query starts with {', '.join(sorted(READING_CLAUSES))}, not {first}; "
            "the console only reads"
        )


def check_read_only(session: neo4j.Session, query: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
    """Raise ConsoleRefused unless the command family is a read and ``EXPLAIN query`` says the query only reads."""
    check_command_family(query)
    try:
        summary = session.run(neo4j.Query("EXPLAIN " + query, timeout=timeout_s)).consume()
    except ClientError as error:
        raise ConsoleRefused(f"Not a valid query: {error.message}") from None
    if summary.query_type != "r":
        kinds = {"w": "writes", "rw": "reads and writes", "s": "changes the schema or the server"}
        raise ConsoleRefused(
            f"Refused: the query {kinds.get(summary.query_type, 'is not read-only')}; the console only reads"
        )
    for operator in _operators(summary.plan):
        name = str(operator.get("operatorType", "")).split("@")[0]
        if name.startswith(("Show", "Terminate")):
            raise ConsoleRefused("Refused: administration commands are not read queries; the console only reads")
        if name in _REFUSED_OPERATORS:
            raise ConsoleRefused(f"Refused: {_REFUSED_OPERATORS[name]}")
        if name == "ProcedureCall":
            details = str((operator.get("args") or {}).get("Details", ""))
            if not details.startswith(ALLOWED_PROCEDURES):
                raise ConsoleRefused(f"Refused: only these procedures may be called: {', '.join(ALLOWED_PROCEDURES)}")


def run_console_query(
    driver: neo4j.Driver,
    query: str,
    user: User,
    audit: AuditLog,
    database: str | None = None,
    parameters: dict[str, Any] | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    row_limit: int = DEFAULT_ROW_LIMIT,
    redact: Callable[[str], str] | None = None,
) -> ConsoleResult:
    """Run one analyst query read-only (see the module docstring); raises ConsoleRefused."""
    user.require("cypher")
    user.require("reveal_victims")
    if ALL_CASES not in user.cases:
        raise PermissionDenied(
            f"{user.name} is assigned only some cases; the Cypher console sees every case, so it needs '*'"
        )
    query = query.strip().rstrip(";").strip()
    if not query:
        raise ConsoleRefused("Type a query, e.g. MATCH (p:Person) RETURN p.name LIMIT 10")
    if query.split(None, 1)[0].upper() in ("EXPLAIN", "PROFILE"):
        raise ConsoleRefused("Leave out EXPLAIN/PROFILE: the console plans every query itself")
    detail = {"query": query, "row_limit": row_limit, "timeout_s": timeout_s}
    try:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
            check_read_only(session, query, timeout_s)
            transaction = session.begin_transaction(timeout=timeout_s)
            try:
                result = transaction.run(query, parameters or {})
                columns = list(result.keys())
                records = result.fetch(row_limit + 1)
            finally:
                transaction.rollback()  # never commit anything from the console
    except ConsoleRefused as refused:
        audit.record(user.name, "cypher-query", detail={**detail, "refused": str(refused)})
        raise
    except Neo4jError as error:
        code = error.code or ""
        if "TransactionTimedOut" in code or "Terminated" in code or "timed out" in (error.message or "").lower():
            message = f"Stopped: the query took longer than {timeout_s:g} s. Narrow it (a LIMIT, a label, an id)."
        else:
            message = f"The query failed: {error.message}"
        audit.record(user.name, "cypher-query", detail={**detail, "failed": message})
        raise ConsoleRefused(message) from None
    rows = [_plain(record.data(), redact) for record in records[:row_limit]]
    audit.record(user.name, "cypher-query", detail={**detail, "rows": len(rows), "truncated": len(records) > row_limit})
    return ConsoleResult(columns, rows, truncated=len(records) > row_limit)


def _plain(value: Any, redact: Callable[[str], str] | None) -> Any:
    """Record values as JSON-able data, with ``redact`` applied to every string."""
    if isinstance(value, str):
        return redact(value) if redact else value
    if isinstance(value, dict):
        return {key: _plain(item, redact) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item, redact) for item in value]
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return _plain(str(value), redact)
