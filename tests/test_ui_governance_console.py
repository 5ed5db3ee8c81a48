"""The Cypher console page on a real Neo4j store: offered to a user with the console permission,
read-only, audited, and victims' names in its rows replaced by their pseudonyms."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from governance.access import UserDirectory, add_user, save_users
from governance.audit import AuditLog
from samples.loader import load_sample_case
from tests.test_ui_pages import APP

PASSWORD = "correct horse battery staple"


@pytest.fixture
def console_workspace(neo4j_store, neo4j_connection, tmp_path, monkeypatch):
    """The hand-made sample case (victims recorded as such) on Neo4j, and an administrator."""
    load_sample_case(neo4j_store, use_pipeline=False)
    directory = UserDirectory()
    add_user(directory, "admin", "admin", PASSWORD, ["*"])
    save_users(directory, tmp_path / "users.toml")
    monkeypatch.setenv("THREADLINE_STORE", neo4j_connection.url)
    monkeypatch.setenv("NEO4J_USER", neo4j_connection.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_connection.password)
    if neo4j_connection.database:
        monkeypatch.setenv("NEO4J_DATABASE", neo4j_connection.database)
    monkeypatch.setenv("THREADLINE_USERS", str(tmp_path / "users.toml"))
    monkeypatch.setenv("THREADLINE_AUDIT", str(tmp_path / "audit.db"))
    return tmp_path / "audit.db"


def signed_in_console() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.text_input(key="signin_name").input("admin")
    at.text_input(key="signin_password").input(PASSWORD)
    at.button[0].click().run()
    at.switch_page("ui/pages/console.py").run()
    assert not at.exception, at.exception
    return at


def test_console_rows_show_victims_as_pseudonyms_and_the_query_is_audited(console_workspace):
    at = signed_in_console()
    at.text_area(key="console_query").input("MATCH (p:Person) RETURN p.name AS name, p.role AS role").run()
    at.button(key="console_run").click().run()
    assert not at.exception, at.exception
    rows = at.dataframe[0].value
    victims = rows[rows["role"] == "victim"]
    assert len(victims) >= 2 and victims["name"].str.startswith("Victim V-").all()
    assert not rows["name"].str.contains("Kimone").any()
    with AuditLog(console_workspace) as audit:
        (record,) = audit.records(action="cypher-query")
    assert record.detail["query"].startswith("MATCH (p:Person)")


def test_console_refuses_a_query_that_writes(console_workspace):
    at = signed_in_console()
    at.text_area(key="console_query").input("CREATE (p:Person {name: 'x'}) RETURN p").run()
    at.button(key="console_run").click().run()
    assert "Refused" in at.error[0].value
