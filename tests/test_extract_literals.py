"""A trie-shaped alternation matches what the plain longest-first alternation of the same words matches."""

from __future__ import annotations

import random
import re

from extract.literals import literal_alternation


def _plain(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _spans(pattern: str, text: str) -> list[tuple]:
    return [(m.span(), m.groups()) for m in re.finditer(pattern, text)]


def test_longest_word_wins_and_shorter_ones_are_tried_when_the_rest_fails():
    words = ["Montego", "Montego Bay", "Mon"]
    pattern = rf"(?<![\w])(?:{literal_alternation(words)})(?![\w])"
    assert [m.group() for m in re.finditer(pattern, "Montego Bay, Montego Bayside, Mon.")] == [
        "Montego Bay",
        "Montego",
        "Mon",
    ]


def test_same_matches_as_the_plain_alternation_in_any_surrounding_pattern():
    rnd = random.Random(8)
    alphabet = "ab.c "
    wrappers = ("(?:{})", r"(?<![\w])(?:{})(?![\w])", r"(?:{})b", r"x(?:{})\s+(?:{})", r"((?:{})+)c")
    for _ in range(500):
        words = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 5))) for _ in range(rnd.randint(1, 12))]
        text = "".join(rnd.choice(alphabet + "xd") for _ in range(60))
        for wrapper in wrappers:
            ours = wrapper.format(literal_alternation(words), literal_alternation(words))
            plain = wrapper.format(_plain(words), _plain(words))
            assert _spans(ours, text) == _spans(plain, text), (words, text, wrapper)


def test_special_characters_are_literal():
    pattern = literal_alternation(["St.", "a+b", "(x)", "St"])
    assert [m.group() for m in re.finditer(pattern, "Sta St. a+b (x) aab")] == ["St", "St.", "a+b", "(x)"]
