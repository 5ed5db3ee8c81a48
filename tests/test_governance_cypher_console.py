"""The read-only Cypher console, against the real Neo4j server of the tests."""

from __future__ import annotations

import neo4j
import pytest

from governance.access import DEFAULT_ROLES, PermissionDenied, User
from governance.audit import AuditLog
from governance.cypher_console import ConsoleRefused, run_console_query
from tests.case_builder import ingest_case

ANALYST = User("a.brown", "analyst", ("*",), permissions=DEFAULT_ROLES["analyst"])


@pytest.fixture
def console(neo4j_connection, neo4j_store, tmp_path):
    """A driver on the test server holding the hand-built case, and an audit log."""
    ingest_case(neo4j_store)
    driver = neo4j.GraphDatabase.driver(neo4j_connection.url, auth=(neo4j_connection.user, neo4j_connection.password))
    with AuditLog(tmp_path / "audit.db") as audit:
        yield driver, audit, neo4j_connection.database
    driver.close()


def run(console, query, user=ANALYST, **options):
    driver, audit, database = console
    return run_console_query(driver, query, user, audit, database=database, **options)


def count_people(console) -> int:
    return run(console, "MATCH (p:Person) RETURN count(p) AS n").rows[0]["n"]


def test_a_read_query_returns_rows(console):
    result = run(console, "MATCH (p:Person) RETURN p.name AS name ORDER BY name")
    assert result.columns == ["name"]
    assert [row["name"] for row in result.rows] == ["Owen Blake", "Ricky Grant", "Tanya Hall"]


def test_rows_past_the_limit_are_left_off_and_said_so(console):
    result = run(console, "UNWIND range(1, 50) AS n RETURN n", row_limit=10)
    assert len(result.rows) == 10 and result.truncated


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (:Person {name: 'Intruder'})",
        "MATCH (p:Person) SET p.name = 'x'",
        "MATCH (p:Person) DETACH DELETE p",
        "MERGE (p:Person {name: 'Intruder'}) RETURN p",
        "MATCH (p:Person) WITH p LIMIT 1 CALL { WITH p CREATE (:Note {about: p.name}) } RETURN 1",
    ],
)
def test_a_query_that_writes_is_refused_and_writes_nothing(console, query):
    before = count_people(console)
    with pytest.raises(ConsoleRefused, match="only reads"):
        run(console, query)
    assert count_people(console) == before


def test_load_csv_is_refused(console):
    with pytest.raises(ConsoleRefused, match="LOAD CSV"):
        run(console, "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line")


def test_a_schema_change_is_refused(console):
    with pytest.raises(ConsoleRefused, match="only reads"):
        run(console, "CREATE INDEX sneaky IF NOT EXISTS FOR (p:Person) ON (p.nickname)")


def test_only_harmless_procedures_may_be_called(console):
    assert run(console, "CALL db.labels() YIELD label RETURN label").rows
    with pytest.raises(ConsoleRefused):
        run(console, "CALL dbms.listConfig() YIELD name RETURN name")


def test_a_slow_query_is_stopped_at_the_timeout(console):
    with pytest.raises(ConsoleRefused, match="took longer than 1 s"):
        run(console, "UNWIND range(1, 1000000000) AS n WITH n WHERE n = -1 RETURN count(n)", timeout_s=1)


def test_victims_names_in_rows_go_through_the_redaction(console):
    result = run(console, "MATCH (p:Person {role: 'victim'}) RETURN p.name AS name", redact=lambda s: "[hidden]")
    assert result.rows == [{"name": "[hidden]"}]


def test_every_query_is_audited_with_its_text(console):
    _, audit, _ = console
    run(console, "MATCH (n) RETURN count(n) AS n")
    with pytest.raises(ConsoleRefused):
        run(console, "CREATE (:X)")
    records = audit.records(action="cypher-query")
    assert [r.detail["query"] for r in records] == ["MATCH (n) RETURN count(n) AS n", "CREATE (:X)"]
    assert "refused" in records[1].detail


def test_a_user_assigned_only_some_cases_may_not_use_it(console):
    with pytest.raises(PermissionDenied, match="every case"):
        run(console, "MATCH (n) RETURN n", user=User("c", "analyst", ("ACKEE",), permissions=DEFAULT_ROLES["analyst"]))


def test_a_viewer_may_not_use_it(console):
    with pytest.raises(PermissionDenied):
        run(console, "MATCH (n) RETURN n", user=User("v", "viewer", ("*",), permissions=DEFAULT_ROLES["viewer"]))


@pytest.mark.parametrize(
    "query",
    [
        "SHOW TRANSACTIONS",
        "show transactions yield transactionId, currentQuery",
        "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
        "SHOW USERS",
        "CALL { SHOW TRANSACTIONS } RETURN 1",
        "USE system MATCH (n) RETURN n",
    ],
)
def test_administration_commands_are_refused_by_command_family_and_logged(console, query):
    with pytest.raises(ConsoleRefused, match="only reads"):
        run(console, query)
    _, audit, _ = console
    assert audit.records(action="cypher-query")[-1].detail["refused"]


def test_the_words_show_and_terminate_inside_strings_and_properties_are_not_commands(console):
    result = run(console, "MATCH (p:Person) WHERE p.name <> 'SHOW TRANSACTIONS' RETURN count(p) AS n // terminate")
    assert result.rows[0]["n"] == 3
