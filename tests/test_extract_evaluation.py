"""Scoring against gold: the pure functions, then the floor the pipeline must hold on the dev corpus."""

from __future__ import annotations

import pytest

from extract.evaluation import bcubed, evaluate, phone_scores, relation_errors, relation_scores, span_scores
from tests.conftest import DEV_CORPUS

TEXT = "Campbell uses 876-555-0143. Reid drives."


def doc(entities, relations=()):
    return {"doc": "a.txt", "entities": list(entities), "relations": list(relations)}


def ent(start, end, label, entity_id):
    return {"start": start, "end": end, "text": TEXT[start:end], "label": label, "entity_id": entity_id}


GOLD = doc(
    [ent(0, 8, "PERSON", "P_campbell"), ent(14, 26, "PHONE", "PH_+18765550143"), ent(28, 32, "PERSON", "P_reid")],
    [
        {
            "type": "USES_PHONE",
            "head": "P_campbell",
            "tail": "PH_+18765550143",
            "evidence": "Campbell uses 876-555-0143.",
        }
    ],
)


def test_exact_span_scores_count_only_exact_boundaries():
    predicted = doc([ent(0, 8, "PERSON", "x"), ent(28, 33, "PERSON", "y")])
    scores = span_scores([GOLD], [predicted])
    assert (scores["PERSON"].tp, scores["PERSON"].fp, scores["PERSON"].fn) == (1, 1, 1)
    assert scores["PHONE"].fn == 1


def test_phone_scores_compare_numbers_and_list_decoys():
    predicted = doc([ent(14, 26, "PHONE", "PH_+18765550143"), ent(33, 39, "PHONE", "PH_+18765550000")])
    score, wrong = phone_scores([GOLD], [predicted])
    assert (score.tp, score.fp) == (1, 1)
    assert wrong == ["a.txt: 'drives'"]


def test_bcubed_penalises_merging_two_people():
    merged = doc([ent(0, 8, "PERSON", "same"), ent(28, 32, "PERSON", "same")])
    apart = doc([ent(0, 8, "PERSON", "one"), ent(28, 32, "PERSON", "two")])
    assert bcubed([GOLD], [merged], "PERSON").precision == 0.5
    assert bcubed([GOLD], [apart], "PERSON").precision == 1.0
    assert bcubed([GOLD], [apart], "PERSON").recall == 1.0


def test_relation_matches_through_predicted_ids_mapped_by_mentions():
    predicted = doc(
        [ent(0, 8, "PERSON", "R#1"), ent(14, 26, "PHONE", "PH_+18765550143")],
        [{"type": "USES_PHONE", "head": "R#1", "tail": "PH_+18765550143", "evidence": "Campbell uses 876-555-0143."}],
    )
    assert relation_scores([GOLD], [predicted], {"a.txt": TEXT})["ALL"].tp == 1


def test_relation_in_the_wrong_direction_does_not_match():
    predicted = doc(
        [ent(0, 8, "PERSON", "R#1"), ent(14, 26, "PHONE", "PH_+18765550143")],
        [{"type": "USES_PHONE", "head": "PH_+18765550143", "tail": "R#1", "evidence": "Campbell uses 876-555-0143."}],
    )
    scores = relation_scores([GOLD], [predicted], {"a.txt": TEXT})
    assert (scores["ALL"].tp, scores["ALL"].fp, scores["ALL"].fn) == (0, 1, 1)


def test_relation_with_evidence_elsewhere_does_not_match():
    predicted = doc(
        [ent(0, 8, "PERSON", "R#1"), ent(14, 26, "PHONE", "PH_+18765550143")],
        [{"type": "USES_PHONE", "head": "R#1", "tail": "PH_+18765550143", "evidence": "Reid drives."}],
    )
    assert relation_scores([GOLD], [predicted], {"a.txt": TEXT})["ALL"].tp == 0


@pytest.mark.slow
def test_pipeline_holds_the_floor_on_the_dev_corpus():
    from extract.batch import evaluate_corpus

    report = evaluate_corpus(DEV_CORPUS)
    assert report.spans["PERSON"].f1 >= 0.90
    assert report.spans["LOCATION"].f1 >= 0.85
    assert report.phones.f1 >= 0.98
    assert report.non_phones_as_phones == []
    assert report.relations["ALL"].f1 >= 0.60
    assert report.identity["ALL"].f1 >= 0.92


@pytest.mark.slow
def test_pipeline_beats_the_baseline_on_the_dev_corpus():
    from extract.batch import evaluate_corpus

    ours, baseline = evaluate_corpus(DEV_CORPUS), evaluate_corpus(DEV_CORPUS, baseline=True)
    assert ours.spans["ALL"].f1 > baseline.spans["ALL"].f1
    assert ours.relations["ALL"].f1 > baseline.relations["ALL"].f1


def test_errors_name_a_miss_whose_entities_were_both_found_as_the_rules_own():
    predicted = doc([ent(0, 8, "PERSON", "R#1"), ent(14, 26, "PHONE", "PH_+18765550143")])
    missed, false = relation_errors([GOLD], [predicted], {"a.txt": TEXT})
    assert [(e.type, e.head, e.tail, e.why) for e in missed] == [("USES_PHONE", "Campbell", "876-555-0143", "no link")]
    assert false == []


def test_errors_say_when_a_miss_comes_from_an_entity_not_found():
    predicted = doc([ent(14, 26, "PHONE", "PH_+18765550143")])
    missed, _ = relation_errors([GOLD], [predicted], {"a.txt": TEXT})
    assert missed[0].why == "source not found"


def test_errors_list_a_false_link_with_its_sentence_and_the_gold_type_it_should_have_had():
    predicted = doc(
        [ent(0, 8, "PERSON", "R#1"), ent(14, 26, "PHONE", "PH_+18765550143")],
        [{"type": "CONTROLS", "head": "R#1", "tail": "PH_+18765550143", "evidence": "Campbell uses 876-555-0143.",
          "confidence": 0.6}],
    )  # fmt: skip
    missed, false = relation_errors([GOLD], [predicted], {"a.txt": TEXT})
    assert [(e.type, e.why, e.confidence, e.evidence) for e in false] == [
        ("CONTROLS", "gold says USES_PHONE", 0.6, "Campbell uses 876-555-0143.")
    ]
    assert missed[0].why == "linked as CONTROLS"


def test_errors_put_false_acts_of_trafficking_before_other_false_links():
    reid = {"type": "RECRUITED", "head": "R#2", "tail": "R#1", "evidence": "Reid drives.", "confidence": 0.4}
    phone = {"type": "USES_PHONE", "head": "R#2", "tail": "PH_+18765550143", "evidence": "Reid drives.",
             "confidence": 0.9}  # fmt: skip
    predicted = doc(
        [ent(0, 8, "PERSON", "R#1"), ent(14, 26, "PHONE", "PH_+18765550143"), ent(28, 32, "PERSON", "R#2")],
        [phone, reid],
    )
    _, false = relation_errors([GOLD], [predicted], {"a.txt": TEXT}, limit=1)
    assert [e.type for e in false] == ["RECRUITED"]


def test_by_type_rows_give_every_label_the_phones_and_every_relation_type():
    predicted = doc(
        [ent(0, 8, "PERSON", "R#1"), ent(14, 26, "PHONE", "PH_+18765550143")],
        [{"type": "USES_PHONE", "head": "R#1", "tail": "PH_+18765550143", "evidence": "Campbell uses 876-555-0143."}],
    )
    rows = evaluate([GOLD], [predicted], {"a.txt": TEXT}).by_type()
    names = [(what, name) for what, name, _ in rows]
    assert ("entity", "PERSON") in names and ("phone", "E.164") in names and ("relation", "USES_PHONE") in names
    person = next(score for what, name, score in rows if name == "PERSON")
    assert (person.tp, person.fn) == (1, 1)
