"""Settling overlapping readings: the strongest wins, and the quick way agrees with reading every pair."""

from __future__ import annotations

import copy
import random

from extract.recognise import Found, _settle_slowly, settle, strength


def _ranked(found: list[Found]) -> list[Found]:
    return sorted(found, key=lambda f: (-strength(f), -(f.end - f.start), f.start))


def test_a_gazetteer_place_beats_the_models_reading_of_the_same_words():
    model = Found(0, 11, "ORG", "Montego Bay", "model")
    place = Found(0, 11, "LOCATION", "Montego Bay", "gazetteer")
    assert settle([model, place]) == [place]


def test_the_same_reading_twice_keeps_one_with_both_props():
    first = Found(0, 5, "PERSON", "Bigga", "nickname-cue", props={"cue": True})
    second = Found(0, 5, "PERSON", "Bigga", "nickname-cue", props={"nickname": "Bigga"})
    (kept,) = settle([first, second])
    assert kept.props == {"cue": True, "nickname": "Bigga"}


def test_bisection_keeps_what_comparing_every_pair_keeps():
    rnd = random.Random(11)
    for _ in range(2000):
        found = []
        for n in range(rnd.randint(0, 25)):
            start = rnd.randint(0, 40)
            end = start + rnd.randint(1, 8)
            label = rnd.choice(["PERSON", "ORG", "LOCATION"])
            text = rnd.choice(["x" * (end - start), "two words"])
            rule = rnd.choice(["model", "gazetteer", "propagated"])
            found.append(Found(start, end, label, text, rule, props={rnd.choice("ab"): n}))
        assert settle(copy.deepcopy(found)) == _settle_slowly(_ranked(copy.deepcopy(found)))
