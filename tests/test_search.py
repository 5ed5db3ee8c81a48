"""Search ranking, and the name index that narrows candidates without changing results."""

from __future__ import annotations

import random

import pytest

from graph.model import Person, Phone
from graph.search import NameIndex, match_score, phone_query, rank_entities


def test_exact_beats_prefix_beats_substring_beats_fuzzy():
    assert match_score("Ricky Grant", "ricky grant") == 1.0
    assert match_score("gra", "Ricky Grant") == 0.9
    assert match_score("cky gr", "Ricky Grant") == 0.8
    assert 0 < match_score("Rikcy Grant", "Ricky Grant") < 0.8
    assert match_score("zzz", "Ricky Grant") is None


def test_diacritics_and_quotes_are_ignored():
    assert match_score("jose", "José") == 1.0
    assert match_score('Ricky "Slim" Grant', "ricky slim grant") == 1.0


@pytest.mark.parametrize("text", ["876-555-0142", "555 0142", "+1 (876) 555-0142"])
def test_phone_queries_read_as_e164(text):
    assert phone_query(text) == "PH_+18765550142"


def test_names_are_not_phone_queries():
    assert phone_query("Ricky 555") is None


def _population(n: int, seed: int = 7) -> list:
    rng = random.Random(seed)
    given = ["Ann", "Ricky", "Tanya", "Owen", "Marcia", "Dwight", "Kemar", "Shanice", "Omar", "Jodi"]
    family = ["Grant", "Hall", "Blake", "Brown", "Reid", "Campbell", "Lewis", "Morgan", "Gayle", "Dunbar"]
    people = [
        Person(f"P_{i}", f"{rng.choice(given)} {rng.choice(family)}{'' if i % 7 else 'son'}", [rng.choice(family)])
        for i in range(n)
    ]
    return people + [Phone("PH_+18765550142", "+18765550142")]


@pytest.mark.parametrize(
    "query", ["Ricky Grant", "gra", "Om", "Shanise Walker", "campbel", "Dunbarson", "555-0142", "x"]
)
def test_name_index_gives_exactly_the_results_of_ranking_everyone(query):
    entities = _population(400)
    index = NameIndex(entities)
    assert index.search(query, limit=50) == rank_entities(query, entities, limit=50)
