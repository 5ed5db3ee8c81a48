"""The workspace on a real Neo4j server: the pages an investigator works in, through AppTest.

The rest of the UI tests run on the embedded store; these check that the same pages work
when ``THREADLINE_STORE`` names a Neo4j server (``tests/neo4j_server.py`` starts one).
"""

from __future__ import annotations

import pytest

from samples.loader import load_sample_case
from tests.test_ui_pages import drawn, open_page, search, texts

PAGES = [
    "overview",
    "reports",
    "explore",
    "paths",
    "recruitment",
    "network_analysis",
    "timeline",
    "review",
    "export",
    "ingest",
    "audit",
    "retention",
    "console",
]


@pytest.fixture
def neo4j_sample_url(neo4j_store, neo4j_connection, monkeypatch) -> str:
    """The sample case (its hand-made extraction and its calls) in the test server, named by the app's settings."""
    load_sample_case(neo4j_store, use_pipeline=False)
    monkeypatch.setenv("THREADLINE_STORE", neo4j_connection.url)
    monkeypatch.setenv("NEO4J_USER", neo4j_connection.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_connection.password)
    if neo4j_connection.database:
        monkeypatch.setenv("NEO4J_DATABASE", neo4j_connection.database)
    return neo4j_connection.url


def test_overview_on_neo4j_counts_the_sample_case(neo4j_sample_url):
    metrics = {m.label: m.value for m in open_page().metric}
    assert metrics["Reports"] == "7"
    assert metrics["Calls"] == "51"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_neo4j(neo4j_sample_url, page):
    at = open_page(page)
    assert not at.exception
    assert not at.error, at.error[0].value


def test_explore_on_neo4j_draws_the_searched_persons_network(neo4j_sample_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    assert {"Desmond Whitfield", "Kimone Gayle"} <= drawn(at)


def test_paths_on_neo4j_join_a_victim_to_her_receiver_with_evidence(neo4j_sample_url):
    at = open_page("paths")
    search(at, "paths_from", "Tashana Rowe")
    search(at, "paths_to", "Desmond Whitfield")
    assert "path(s) found" in at.success[0].value
    assert "Hop 1:" in texts(at)


def test_key_players_on_neo4j_put_the_head_of_the_network_first(neo4j_sample_url):
    players = open_page("network_analysis").dataframe[0].value
    assert "Desmond Whitfield" in list(players["Entity"][:3])


def test_recruitment_on_neo4j_shows_who_recruited_a_victim(neo4j_sample_url):
    at = open_page("recruitment")
    search(at, "recruit_person", "Kimone Gayle")
    assert any(m.value.endswith("→ **Kimone Gayle**") for m in at.markdown)
