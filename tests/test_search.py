"""Search ranking, and the name index that narrows candidates without changing results."""

from __future__ import annotations

import random

import pytest

from graph.model import Email, Handle, Location, Organization, Person, Phone
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


def _mixed_case(seed: int = 11) -> list:
    """People (some with diacritics, nicknames and non-Latin names), places, phones, emails and handles."""
    rng = random.Random(seed)
    given = ["Ricky", "Tanya", "José", "Owen", "Marcia", "Kerry-Ann", "Shanice", "O'Neil", "Zoë", "Jodi"]
    family = ["Grant", "Hall", "Blake", "Brown", "McKenzie", "Campbell", "Lewis", "Morgan", "Gayle", "Dunbar"]
    nicknames = ["Boss Dez", "Tallboy", "Miss Pearl", "Slim", "Ras", '"Dutty"', "Big Man"]
    foreign = ["王伟", "李娜", "Иван Петров", "Ольга Смирнова", "محمد علي", "Γιώργος Παπαδόπουλος", "Nguyễn Văn An"]
    entities: list = []
    for i in range(300):
        aliases = [rng.choice(nicknames)] if i % 4 == 0 else []
        if i % 5 == 0:
            aliases.append(rng.choice(family))
        entities.append(Person(f"P_{i}", f"{rng.choice(given)} {rng.choice(family)}", aliases))
    entities += [Person(f"P_f{i}", name, [name.split()[0]] if " " in name else []) for i, name in enumerate(foreign)]
    entities += [
        Location(f"L_{i}", name) for i, name in enumerate(["Kingston", "Half Way Tree", "Spanish Town", "Négril"])
    ]
    entities += [Organization("O_1", "Red Hibiscus Models"), Organization("O_2", "Blue Mahoe Staffing Ltd.")]
    entities += [Phone(f"PH_+1876555{n:04d}", f"+1876555{n:04d}") for n in (142, 143, 199, 1234)]
    entities += [Email("E_1", "ricky.grant@gmail.com"), Email("E_2", "bossdez876@yahoo.com")]
    entities += [Handle("H_1", "@slim_ting"), Handle("H_2", "@miss.pearl.876")]
    return entities


FAST_PATH_QUERIES = [
    "Ricky Grant",  # exact
    "Rikcy Grnat",  # typos
    "Tanya Hal",  # a letter missing
    "R Grant",  # an initial
    "R. G.",  # initials only
    "TH",  # short: two letters
    "Om",
    "x",
    "kenz",  # a piece of a surname
    "Kerry Ann McKenzie",  # hyphen dropped
    "oneil",  # apostrophe dropped
    "Jose",  # diacritic dropped
    "zoe",
    '"Dutty"',
    "boss",
    "876-555-0142",  # phones in several forms
    "555 0143",
    "+1 (876) 555-1234",
    "5550199",
    "ricky.grant@gmail.com",  # emails
    "@gmail",
    "bossdez",
    "slim_ting",
    "王伟",  # non-Latin
    "王",
    "Иван",
    "Ольга Смирнва",
    "محمد",
    "Παπαδόπουλος",
    "nguyen van an",
    "Kingston",
    "Spanish Twn",
    "Blue Mahoe Staffing",
    "",
    "   ",
    "zzzzzz",
]


@pytest.mark.parametrize("query", FAST_PATH_QUERIES)
def test_fast_search_ranks_exactly_as_scoring_every_entity(query):
    entities = _mixed_case()
    index = NameIndex(entities)
    for kinds in (None, ["PERSON"], ["PHONE", "EMAIL", "HANDLE"]):
        chosen = [e for e in entities if kinds is None or e.kind in kinds]
        for limit in (1, 5, 20, 500, 0, -3):
            assert index.search(query, kinds, limit) == rank_entities(query, chosen, limit)


def test_a_name_many_entities_share_is_scored_once_and_found_for_each():
    entities = [Person(f"P_{i}", "Ricky Grant") for i in range(30)] + [Person("P_x", "Ricky Grants")]
    hits = NameIndex(entities).search("Ricky Grant", limit=100)
    assert [h.entity.id for h in hits] == sorted((f"P_{i}" for i in range(30)), key=str) + ["P_x"]
    assert [h.score for h in hits[:30]] == [1.0] * 30


def test_names_sharing_too_few_letters_with_the_query_are_never_scored():
    index = NameIndex(_mixed_case())
    ratio_ok, partial_ok = index._possible("ricky grant")  # noqa: SLF001 - the prefilter itself
    considered = {index.names[i] for i in [*ratio_ok, *partial_ok]}
    assert "ricky grant" in considered
    assert "王伟" not in considered and "+18765550142" not in considered
    assert len(considered) < len(index.names) / 2
