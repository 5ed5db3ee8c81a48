"""The named Cypher files of queries/: documented, all used, parameterised, and in step with the model.

No server needed: these read the files and the store's source.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.neo4j_store import QUERY_DIR, cypher, cypher_statements, fulltext_query
from graph.store import StoreError

QUERY_FILES = sorted(QUERY_DIR.glob("*.cypher"))
STORE_SOURCE = (Path(__file__).resolve().parent.parent / "graph" / "neo4j_store.py").read_text()
PLUGIN_AND_TESTS = "".join(p.read_text() for p in Path(__file__).parent.glob("*neo4j*.py"))


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_every_query_file_opens_with_what_it_answers_its_parameters_and_returns(path):
    header = [line for line in path.read_text().splitlines() if line.startswith("//")]
    assert header[0].startswith(f"// {path.stem}: ")
    assert any("Parameters:" in line for line in header)
    assert any("Returns" in line for line in header)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_every_query_file_is_used(path):
    assert f'"{path.stem}"' in STORE_SOURCE + PLUGIN_AND_TESTS


def test_every_query_the_store_names_exists():
    for name in re.findall(r'cypher\("([a-z_]+)"\)', STORE_SOURCE) + re.findall(r'_read\(\s*"([a-z_]+)"', STORE_SOURCE):
        assert (QUERY_DIR / f"{name}.cypher").exists(), name


def test_queries_take_values_as_parameters_only():
    """No query file is a template: values come in as $parameters, never through {placeholders}."""
    for path in QUERY_FILES:
        body = "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("//"))
        assert not re.search(r"\{\d*\}|%s|\{[a-z_]+\}", body), path.name


def test_schema_is_split_into_single_statements():
    statements = cypher_statements("schema")
    assert len(statements) > 10
    assert all(";" not in s and not s.startswith("//") for s in statements)
    assert statements[-1].startswith("CALL db.awaitIndexes")


def test_an_unknown_or_malformed_query_name_is_a_store_error():
    with pytest.raises(StoreError):
        cypher("no_such_query")
    with pytest.raises(StoreError):
        cypher("../pyproject")


@pytest.mark.parametrize(
    "search",
    ["x'}) DETACH DELETE n //", 'name:* OR "x"~', "\\ ( ) [ ] { } ^ ~ * ? : / && || ! + -", "Ricky Grant"],
)
def test_a_search_reaches_lucene_as_words_only(search):
    query = fulltext_query(search)
    assert query is None or re.fullmatch(r"[\w*~ ]+", query)


def test_a_search_matches_each_word_as_substring_and_fuzzy():
    assert fulltext_query("Ricky  GRANT") == "*ricky* OR ricky~2 OR *grant* OR grant~2"
    assert fulltext_query("O. Bob") == "o* OR *bob* OR bob~1"
    assert fulltext_query("!!!") is None
