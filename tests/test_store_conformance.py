"""The store contract, run unchanged against every backend (embedded SQLite and a real Neo4j).

Each test gets a fresh, empty store from the ``any_store`` fixture (tests/conftest.py).
"""

from __future__ import annotations

import pytest

from graph.model import Call, Extraction, Link, LinkFilter, Mention, Person, Report
from graph.store import StoreError
from tests.case_builder import build_case, ingest_case


def snapshot(store):
    """Everything a user could see of a store, in a comparable form."""
    sub = store.subgraph()
    return (
        sorted(
            (e.id, e.kind, e.name, tuple(sorted(e.aliases)), tuple(sorted(e.properties().items())))
            for e in sub.entities
        ),
        sorted((k.type, k.source, k.target, k.report_id, k.sentence, k.confidence) for k in sub.links),
        sorted((c.caller, c.callee, c.count, c.total_s) for c in sub.calls),
        sorted(r.id for r in store.reports()),
    )


# -- ingest ---------------------------------------------------------------------------


def test_ingest_stores_report_with_its_metadata(any_store):
    case = ingest_case(any_store)
    report = any_store.get_report(case[0].report.id)
    assert report.text == case[0].report.text
    assert (report.title, report.case, report.reported_at) == ("Intel 1", "ACKEE", "2022-01-15")
    assert (report.source_grading, report.information_grading) == ("B", "2")
    assert report.ingested_at
    assert any_store.has_report(case[0].report.id)
    assert not any_store.has_report("R_missing")


def test_the_store_keeps_how_ocr_read_a_report(any_store):
    scanned, typed = build_case()[:2]
    scanned.report.ocr = "page 1 71% (3 words marked [?]); page 2 88%"
    any_store.ingest(scanned.report, scanned.extraction)
    any_store.ingest(typed.report, typed.extraction)
    assert any_store.get_report(scanned.report.id).ocr == "page 1 71% (3 words marked [?]); page 2 88%"
    assert any_store.get_report(typed.report.id).ocr is None
    assert {r.id: r.ocr for r in any_store.reports()}[scanned.report.id] == scanned.report.ocr


def test_the_store_keeps_the_review_by_date_it_is_given_and_invents_none(any_store):
    dated, undated = build_case()[:2]
    dated.report.review_by = "2031-05-20"
    any_store.ingest(dated.report, dated.extraction)
    any_store.ingest(undated.report, undated.extraction)
    assert any_store.get_report(dated.report.id).review_by == "2031-05-20"
    assert any_store.get_report(undated.report.id).review_by is None


def test_reingesting_the_same_report_changes_nothing(any_store):
    case = ingest_case(any_store)
    before = snapshot(any_store)
    stats_before = any_store.stats()
    result = any_store.ingest(case[0].report, case[0].extraction)
    assert result.created is False
    assert snapshot(any_store) == before
    assert any_store.stats() == stats_before


def test_stats_count_reports_entities_links_and_cases(any_store):
    ingest_case(any_store)
    stats = any_store.stats()
    assert stats.reports == 3
    assert stats.entities == {"PERSON": 3, "LOCATION": 2, "PHONE": 2}
    assert stats.links == {"RECRUITED": 1, "TRANSPORTED": 1, "LOCATED_AT": 1, "USES_PHONE": 2, "EXPLOITED": 1}
    assert stats.mentions == 8 + 3 + 2
    assert stats.cases == ["ACKEE", "OTHER"]
    assert any_store.stats(case="OTHER").reports == 1


def test_entity_gathers_aliases_from_every_report(any_store):
    ingest_case(any_store)
    grant = any_store.get_entity("P_ricky_grant")
    assert grant.kind == "PERSON" and grant.name == "Ricky Grant" and grant.role == "suspect"
    assert {"Slim", 'Ricky "Slim" Grant', "Grant"} <= set(grant.aliases)


def test_location_keeps_its_place_fields(any_store):
    ingest_case(any_store)
    negril = any_store.get_entity("L_negril")
    assert (negril.parish, negril.country, negril.lat, negril.lon) == ("Westmoreland", "JM", 18.27, -78.35)


def test_entities_of_a_kind_and_of_a_case(any_store):
    ingest_case(any_store)
    assert {e.id for e in any_store.entities(kinds=["PHONE"])} == {"PH_+18765550142", "PH_+18765550199"}
    assert {e.id for e in any_store.entities(case="OTHER")} == {"P_ricky_grant", "PH_+18765550199"}


def test_failed_ingest_leaves_nothing_behind(any_store):
    report = Report.from_text("A report naming a ghost.", title="broken")
    bad = Extraction(entities=[], mentions=[Mention(report.id, "P_ghost", 12, 17, "ghost", "PERSON")])
    with pytest.raises(StoreError):
        any_store.ingest(report, bad)
    assert not any_store.has_report(report.id)
    assert any_store.stats().reports == 0 and any_store.stats().mentions == 0


# -- search ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ricky grant", "P_ricky_grant"),
        ("RICK", "P_ricky_grant"),
        ("slim", "P_ricky_grant"),
        ("Tanya Hal", "P_tanya_hall"),
    ],
)
def test_search_is_case_insensitive_prefix_and_alias_aware(any_store, query, expected):
    ingest_case(any_store)
    hits = any_store.search(query)
    assert hits and hits[0].entity.id == expected


def test_search_tolerates_a_misspelling(any_store):
    ingest_case(any_store)
    assert any_store.search("Owen Blacke")[0].entity.id == "P_owen_blake"


@pytest.mark.parametrize("query", ["876-555-0142", "(876) 555 0142", "+1 876 555 0142", "18765550142", "555-0142"])
def test_search_finds_a_phone_in_any_format(any_store, query):
    ingest_case(any_store)
    assert any_store.search(query)[0].entity.id == "PH_+18765550142"


def test_search_by_kind_and_nothing_for_nonsense(any_store):
    ingest_case(any_store)
    assert all(h.entity.kind == "LOCATION" for h in any_store.search("negril", kinds=["LOCATION"]))
    assert any_store.search("negril", kinds=["PERSON"]) == []
    assert any_store.search("zzqqxx") == []


# -- neighbourhood and evidence ----------------------------------------------------------


def test_one_hop_neighbourhood_carries_links_with_evidence(any_store):
    ingest_case(any_store)
    sub = any_store.neighbourhood(["P_tanya_hall"], hops=1)
    assert {e.id for e in sub.entities} == {"P_tanya_hall", "P_ricky_grant", "P_owen_blake"}
    recruited = [k for k in sub.links if k.type == "RECRUITED"]
    assert len(recruited) == 1
    assert recruited[0].source == "P_ricky_grant" and recruited[0].target == "P_tanya_hall"
    assert recruited[0].sentence.startswith('Ricky "Slim" Grant recruited')


def test_two_hops_reach_the_phones(any_store):
    ingest_case(any_store)
    ids = {e.id for e in any_store.neighbourhood(["P_tanya_hall"], hops=2).entities}
    assert {"PH_+18765550142", "PH_+18765550199"} <= ids


def test_neighbourhood_filters_by_kind_type_confidence_grading_date_and_case(any_store):
    ingest_case(any_store)
    ids = lambda f: {e.id for e in any_store.neighbourhood(["P_ricky_grant"], hops=1, filters=f).entities}  # noqa: E731
    assert ids(LinkFilter(kinds=["PERSON"])) == {"P_ricky_grant", "P_tanya_hall"}
    assert ids(LinkFilter(link_types=["USES_PHONE"])) == {"P_ricky_grant", "PH_+18765550142", "PH_+18765550199"}
    assert "PH_+18765550199" not in ids(LinkFilter(min_confidence=0.5))
    assert "PH_+18765550199" not in ids(LinkFilter(min_grading="B2"))
    assert ids(LinkFilter(min_grading="A1")) == {"P_ricky_grant", "P_tanya_hall"}
    assert ids(LinkFilter(since="2022-05-01")) == {"P_ricky_grant", "PH_+18765550199"}
    assert ids(LinkFilter(until="2022-02-01")) == {"P_ricky_grant", "P_tanya_hall", "PH_+18765550142"}
    assert ids(LinkFilter(case="OTHER")) == {"P_ricky_grant", "PH_+18765550199"}


def test_evidence_names_report_sentence_offsets_and_grading(any_store):
    case = ingest_case(any_store)
    evidence = any_store.evidence("P_tanya_hall", "P_ricky_grant")
    assert {e.report_id for e in evidence} == {case[0].report.id, case[1].report.id}
    for item in evidence:
        text = any_store.get_report(item.report_id).text
        assert text[item.start : item.end] == item.sentence
    interview = next(e for e in evidence if e.report_id == case[1].report.id)
    assert (interview.source_grading, interview.information_grading, interview.report_title) == ("A", "1", "Interview")
    assert [e.report_id for e in any_store.evidence("P_ricky_grant", "P_tanya_hall", "EXPLOITED")] == [
        case[1].report.id
    ]


def test_a_links_event_date_is_kept_with_its_evidence(any_store):
    text = "On 2 May 2025 Oneil Brown drove Tricia Lee to Lucea. Oneil Brown and Tricia Lee were seen together."
    report = Report.from_text(text, title="dated")
    drove, seen = text.index("On 2 May"), text.index("Oneil Brown and")
    extraction = Extraction(
        entities=[Person("P_oneil_brown", "Oneil Brown"), Person("P_tricia_lee", "Tricia Lee")],
        mentions=[Mention(report.id, "P_oneil_brown", 14, 25, "Oneil Brown", "PERSON")],
        links=[
            Link("TRANSPORTED", "P_oneil_brown", "P_tricia_lee", report.id, text[drove : seen - 1], drove, seen - 1,
                 event_date="2025-05-02"),
            Link("ASSOCIATE_OF", "P_oneil_brown", "P_tricia_lee", report.id, text[seen:], seen, len(text)),
        ],
    )  # fmt: skip
    any_store.ingest(report, extraction)
    dated = {k.type: k.event_date for k in any_store.subgraph().links}
    assert dated == {"TRANSPORTED": "2025-05-02", "ASSOCIATE_OF": None}
    [evidence] = any_store.evidence("P_oneil_brown", "P_tricia_lee", "TRANSPORTED")
    assert evidence.event_date == "2025-05-02"


def test_mentions_and_reports_of_an_entity(any_store):
    case = ingest_case(any_store)
    mentions = any_store.mentions_of("P_ricky_grant")
    assert len(mentions) == 4
    for mention in mentions:
        assert any_store.get_report(mention.report_id).text[mention.start : mention.end] == mention.text
    assert {r.id for r in any_store.reports_mentioning("P_ricky_grant")} == {c.report.id for c in case}
    in_first = any_store.mentions_in(case[0].report.id)
    assert [m.start for m in in_first] == sorted(m.start for m in in_first)
    assert len(in_first) == 8


def test_the_mentions_of_several_entities_are_read_at_once_as_one_by_one(any_store):
    ingest_case(any_store)
    asked = ["P_ricky_grant", "P_tanya_hall", "P_nobody"]
    each = any_store.mentions_of_each(asked)
    assert set(each) == {"P_ricky_grant", "P_tanya_hall"}
    for entity_id, mentions in each.items():
        assert mentions == any_store.mentions_of(entity_id)


def test_the_mentions_of_a_merged_id_are_read_on_the_kept_entity(any_store):
    ingest_case(any_store)
    any_store.merge("P_ricky_grant", "P_tanya_hall")
    each = any_store.mentions_of_each(["P_tanya_hall"])
    assert {m.entity_id for m in each["P_tanya_hall"]} == {"P_ricky_grant"}
    assert each["P_tanya_hall"] == any_store.mentions_of("P_ricky_grant")


def test_indicators_are_kept_per_report(any_store):
    case = ingest_case(any_store)
    indicators = any_store.indicators(case[0].report.id)
    assert [(i.category, i.name) for i in indicators] == [("means", "deception about the job")]
    assert any_store.indicators(case[1].report.id) == []


def test_reports_lists_every_report_and_by_case(any_store):
    case = ingest_case(any_store)
    assert {r.id for r in any_store.reports()} == {c.report.id for c in case}
    assert [r.id for r in any_store.reports(case="OTHER")] == [case[2].report.id]


# -- purge ----------------------------------------------------------------------------


def test_purge_removes_only_what_the_report_alone_supported(any_store):
    case = ingest_case(any_store)
    result = any_store.purge_report(case[2].report.id)
    assert result.found
    assert result.entities_removed == ["PH_+18765550199"]
    assert any_store.get_entity("PH_+18765550199") is None
    grant = any_store.get_entity("P_ricky_grant")
    assert grant is not None
    assert {e.report_id for e in any_store.evidence("P_ricky_grant", "P_tanya_hall")} == {
        case[0].report.id,
        case[1].report.id,
    }
    assert not any_store.has_report(case[2].report.id)
    assert all(m.report_id != case[2].report.id for m in any_store.mentions_of("P_ricky_grant"))


def test_purge_then_reingest_restores_the_case(any_store):
    case = ingest_case(any_store)
    before = snapshot(any_store)
    any_store.purge_report(case[1].report.id)
    assert snapshot(any_store) != before
    any_store.ingest(case[1].report, case[1].extraction)
    after = snapshot(any_store)
    assert after[1:] == before[1:]
    assert {e[0] for e in after[0]} == {e[0] for e in before[0]}


def test_purging_an_unknown_report_changes_nothing(any_store):
    ingest_case(any_store)
    before = snapshot(any_store)
    assert any_store.purge_report("R_nope").found is False
    assert snapshot(any_store) == before


# -- merges and roles -------------------------------------------------------------------


def _two_owens(store):
    """Ingest the case plus a report naming 'O. Blake' as a separate provisional entity."""
    ingest_case(store)
    sentence = "O. Blake drove a white van to Negril."
    report = Report.from_text(f"SURVEILLANCE\n{sentence}", title="Surveillance", case="ACKEE", reported_at="2022-04-01")
    start = report.text.index(sentence)
    other = Person("P_o_blake", "O. Blake", [], role="unknown")
    extraction = Extraction(
        entities=[other, Person("P_tanya_hall", "Tanya Hall")],
        mentions=[Mention(report.id, other.id, start, start + 8, "O. Blake", "PERSON", sentence)],
        links=[
            Link(
                "ASSOCIATE_OF",
                other.id,
                "P_tanya_hall",
                report.id,
                sentence,
                start,
                start + len(sentence),
                0.3,
                "co-occurrence",
            )
        ],
    )
    store.ingest(report, extraction)
    return report, extraction


def test_merge_makes_one_entity_with_both_mentions_links_and_aliases(any_store):
    _two_owens(any_store)
    record = any_store.merge("P_owen_blake", "P_o_blake", by="analyst1", reason="same driver")
    assert record.kept == "P_owen_blake" and record.absorbed == "P_o_blake"
    merged = any_store.get_entity("P_o_blake")
    assert merged.id == "P_owen_blake"
    assert "O. Blake" in merged.aliases
    assert {m.text for m in any_store.mentions_of("P_owen_blake")} == {"Owen Blake", "O. Blake"}
    assert "P_o_blake" not in {e.id for e in any_store.entities()}
    sub = any_store.neighbourhood(["P_owen_blake"], hops=1)
    assert {k.type for k in sub.links if "P_owen_blake" in (k.source, k.target)} == {"TRANSPORTED", "ASSOCIATE_OF"}
    assert any_store.search("O. Blake")[0].entity.id == "P_owen_blake"
    assert [m.id for m in any_store.merges()] == [record.id]


def test_undo_merge_restores_the_exact_prior_state(any_store):
    _two_owens(any_store)
    before = snapshot(any_store)
    record = any_store.merge("P_owen_blake", "P_o_blake")
    assert snapshot(any_store) != before
    any_store.undo_merge(record.id)
    assert snapshot(any_store) == before
    assert any_store.merges()[0].undone is True
    with pytest.raises(StoreError):
        any_store.undo_merge(record.id)


def test_a_report_ingested_after_a_merge_lands_on_the_kept_entity(any_store):
    report, extraction = _two_owens(any_store)
    any_store.purge_report(report.id)
    first = Report.from_text("Index card: O. Blake.", title="card")
    any_store.ingest(
        first,
        Extraction(
            entities=[Person("P_o_blake", "O. Blake")],
            mentions=[Mention(first.id, "P_o_blake", 12, 20, "O. Blake", "PERSON", "Index card: O. Blake.")],
        ),
    )
    any_store.merge("P_owen_blake", "P_o_blake")
    any_store.ingest(report, extraction)
    assert {m.text for m in any_store.mentions_of("P_owen_blake")} == {"Owen Blake", "O. Blake"}
    assert len(any_store.mentions_of("P_owen_blake")) == 3
    assert "P_o_blake" not in {e.id for e in any_store.entities()}
    assert "P_tanya_hall" in {e.id for e in any_store.neighbourhood(["P_o_blake"], 1).entities}


def test_merging_different_kinds_or_unknown_ids_is_refused(any_store):
    ingest_case(any_store)
    with pytest.raises(StoreError):
        any_store.merge("P_ricky_grant", "PH_+18765550142")
    with pytest.raises(StoreError):
        any_store.merge("P_ricky_grant", "P_nobody")
    with pytest.raises(StoreError):
        any_store.merge("P_ricky_grant", "P_ricky_grant")


def test_an_analysts_role_survives_reingesting(any_store):
    case = ingest_case(any_store)
    any_store.set_role("P_owen_blake", "witness", by="analyst1", reason="cooperating")
    any_store.purge_report(case[0].report.id)
    any_store.ingest(case[2].report, case[2].extraction)
    any_store.ingest(case[1].report, case[1].extraction)
    assert any_store.get_entity("P_ricky_grant").role == "suspect"
    any_store.set_role("P_tanya_hall", "witness")
    any_store.purge_report(case[2].report.id)
    any_store.ingest(case[2].report, case[2].extraction)
    assert any_store.get_entity("P_tanya_hall").role == "witness"
    with pytest.raises(StoreError):
        any_store.set_role("PH_+18765550199", "victim")


# -- calls and the networkx view --------------------------------------------------------


def test_calls_aggregate_and_never_duplicate(any_store):
    ingest_case(any_store)
    calls = [
        Call("+18765550142", "+18765550199", "2022-02-01T10:00:00-05:00", 60, "cdr.csv"),
        Call("+18765550142", "+18765550199", "2022-02-03T11:00:00-05:00", 30, "cdr.csv"),
        Call("+18765550199", "+18765550111", "2022-02-04T12:00:00-05:00", 10, "cdr.csv"),
    ]
    assert any_store.add_calls(calls) == 3
    assert any_store.add_calls(calls) == 0
    assert any_store.stats().calls == 3
    assert any_store.get_entity("PH_+18765550111") is not None
    summaries = {(c.caller, c.callee): c for c in any_store.subgraph().calls}
    pair = summaries[("PH_+18765550142", "PH_+18765550199")]
    assert (pair.count, pair.total_s, pair.first[:10], pair.last[:10]) == (2, 90, "2022-02-01", "2022-02-03")
    assert len(any_store.calls(["PH_+18765550111"])) == 1
    assert "PH_+18765550199" in {e.id for e in any_store.neighbourhood(["PH_+18765550142"], 1).entities}
    without_calls = any_store.neighbourhood(["PH_+18765550111"], 1, LinkFilter(include_calls=False))
    assert {e.id for e in without_calls.entities} == {"PH_+18765550111"}


def test_networkx_view_has_nodes_edges_and_evidence(any_store):
    ingest_case(any_store)
    graph = any_store.to_networkx()
    assert graph.number_of_nodes() == 7
    assert graph.nodes["P_tanya_hall"]["kind"] == "PERSON"
    assert graph.nodes["P_tanya_hall"]["role"] == "victim"
    edges = graph.get_edge_data("P_ricky_grant", "P_tanya_hall")
    assert {d["type"] for d in edges.values()} == {"RECRUITED", "EXPLOITED"}
    assert all(d["sentence"] and d["report_id"] for d in edges.values())
    filtered = any_store.to_networkx(LinkFilter(min_grading="A1"))
    assert filtered.number_of_edges() == 1


# -- hostile input --------------------------------------------------------------------

HOSTILE_NAMES = [
    'O\'Brien "the \\ Boss"',
    "x'}) DETACH DELETE n //",
    "'); DROP TABLE entities; --",
    "<img src=x onerror=alert(1)>",
    "\\u0027 MATCH (n) DETACH DELETE n",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_are_stored_verbatim_and_delete_nothing(any_store, name):
    ingest_case(any_store)
    before = any_store.stats()
    text = f"Report about {name} who met Tanya Hall."
    report = Report.from_text(text, title=name, case=name)
    entity = Person("P_hostile", name, [name + "'"])
    start = text.index(name)
    any_store.ingest(
        report,
        Extraction(
            entities=[entity, Person("P_tanya_hall", "Tanya Hall")],
            mentions=[Mention(report.id, "P_hostile", start, start + len(name), name, "PERSON", text)],
            links=[
                Link("ASSOCIATE_OF", "P_hostile", "P_tanya_hall", report.id, text, 0, len(text), 0.3, "co-occurrence")
            ],
        ),
    )
    stored = any_store.get_entity("P_hostile")
    assert stored.name == name
    assert name + "'" in stored.aliases
    assert any_store.get_report(report.id).title == name
    after = any_store.stats()
    assert after.reports == before.reports + 1
    assert after.entity_total == before.entity_total + 1
    assert any_store.search(name)[0].entity.id == "P_hostile"
    assert any_store.evidence("P_hostile", "P_tanya_hall")[0].sentence == text


def test_case_builder_is_self_consistent():
    for item in build_case():
        for mention in item.extraction.mentions:
            assert item.report.text[mention.start : mention.end] == mention.text
        for link in item.extraction.links:
            assert item.report.text[link.start : link.end] == link.sentence


# -- analyst decisions: reject, split, report edits ----------------------------------------


def test_rejections_are_recorded_once_per_pair(any_store):
    ingest_case(any_store)
    any_store.reject("P_owen_blake", "P_ricky_grant", by="analyst1", reason="different men")
    any_store.reject("P_ricky_grant", "P_owen_blake", by="analyst1", reason="still different")
    rejections = any_store.rejections()
    assert [(r.a, r.b) for r in rejections] == [("P_owen_blake", "P_ricky_grant")]
    assert rejections[0].reason == "still different"
    with pytest.raises(StoreError):
        any_store.reject("P_owen_blake", "P_nobody")


def test_split_moves_chosen_mentions_and_their_links_to_a_new_entity(any_store):
    case = ingest_case(any_store)
    record = any_store.split("P_ricky_grant", ["Slim"], [case[1].report.id], by="analyst1", reason="another Slim")
    slim = any_store.get_entity(record.new_id)
    assert slim.kind == "PERSON" and slim.name == "Slim"
    assert [m.text for m in any_store.mentions_of(record.new_id)] == ["Slim"]
    assert "Slim" not in {m.text for m in any_store.mentions_of("P_ricky_grant")}
    assert [e.report_id for e in any_store.evidence(record.new_id, "P_tanya_hall")] == [case[1].report.id]
    assert [e.report_id for e in any_store.evidence("P_ricky_grant", "P_tanya_hall")] == [case[0].report.id]
    assert [s.id for s in any_store.splits()] == [record.id]
    with pytest.raises(StoreError):
        any_store.split("P_ricky_grant", ["Nobody"])


def test_undo_split_restores_the_exact_prior_state(any_store):
    case = ingest_case(any_store)
    before = snapshot(any_store)
    record = any_store.split("P_ricky_grant", ["Slim"], [case[1].report.id])
    assert snapshot(any_store) != before
    any_store.undo_split(record.id)
    assert snapshot(any_store) == before
    assert any_store.splits()[0].undone is True
    with pytest.raises(StoreError):
        any_store.undo_split(record.id)


def test_a_split_survives_purging_and_reingesting_the_report(any_store):
    case = ingest_case(any_store)
    record = any_store.split("P_ricky_grant", ["Slim"], [case[1].report.id])
    any_store.purge_report(case[1].report.id)
    any_store.ingest(case[1].report, case[1].extraction)
    assert [m.text for m in any_store.mentions_of(record.new_id)] == ["Slim"]
    assert [e.report_id for e in any_store.evidence(record.new_id, "P_tanya_hall")] == [case[1].report.id]
    assert "Slim" not in {m.text for m in any_store.mentions_of("P_ricky_grant")}


def test_report_grading_and_review_date_can_be_edited(any_store):
    case = ingest_case(any_store)
    report = any_store.update_report(
        case[2].report.id, source_grading="B", information_grading="2", review_by="2031-01-01"
    )
    assert (report.source_grading, report.information_grading, report.review_by) == ("B", "2", "2031-01-01")
    assert "PH_+18765550199" in {
        e.id for e in any_store.neighbourhood(["P_ricky_grant"], 1, LinkFilter(min_grading="B2")).entities
    }
    with pytest.raises(StoreError):
        any_store.update_report(case[2].report.id, text="rewritten")
    with pytest.raises(StoreError):
        any_store.update_report("R_missing", title="x")


def test_ingest_many_stores_good_reports_and_hands_back_the_bad_one(any_store):
    case = build_case()
    bad = Report.from_text("A report naming a ghost.", title="broken")
    ghost = Extraction(mentions=[Mention(bad.id, "P_ghost", 12, 17, "ghost", "PERSON")])
    items = [(c.report, c.extraction) for c in case[:2]] + [(bad, ghost), (case[2].report, case[2].extraction)]
    refused = []
    results = any_store.ingest_many(items, batch_size=10, on_error=lambda report, error: refused.append(report.id))
    assert refused == [bad.id]
    assert [r.report_id for r in results] == [c.report.id for c in case]
    assert not any_store.has_report(bad.id)
    assert any_store.stats().reports == 3
    again = any_store.ingest_many([(c.report, c.extraction) for c in case])
    assert [r.created for r in again] == [False, False, False]
    with pytest.raises(StoreError):
        any_store.ingest_many([(bad, ghost)])


def test_a_person_later_assessed_a_victim_becomes_one_unless_an_analyst_decided(any_store):
    ingest_case(any_store)
    sentence = "Owen Blake was forced to drive for Ricky Grant."
    report = Report.from_text(f"INTERVIEW\n{sentence}", title="Later", case="ACKEE")
    start = report.text.index("Owen Blake")
    extraction = Extraction(
        entities=[
            Person("P_owen_blake", "Owen Blake", role="victim"),
            Person("P_tanya_hall", "Tanya Hall", role="victim"),
        ],
        mentions=[Mention(report.id, "P_owen_blake", start, start + 10, "Owen Blake", "PERSON", sentence)],
    )
    any_store.ingest(report, extraction)
    assert any_store.get_entity("P_owen_blake").role == "victim"
    any_store.set_role("P_ricky_grant", "suspect", by="analyst1")
    later = Report.from_text("Ricky Grant was held.", title="Later still", case="ACKEE")
    any_store.ingest(
        later,
        Extraction(
            entities=[Person("P_ricky_grant", "Ricky Grant", role="victim")],
            mentions=[Mention(later.id, "P_ricky_grant", 0, 11, "Ricky Grant", "PERSON", later.text)],
        ),
    )
    assert any_store.get_entity("P_ricky_grant").role == "suspect"


def test_a_batch_that_names_a_new_person_a_suspect_then_a_victim_stores_a_victim(any_store):
    first = Report.from_text("Marcia Dunbar ran the bar.", title="First", case="ACKEE")
    second = Report.from_text("Marcia Dunbar was held at the bar.", title="Second", case="ACKEE")
    items = [
        (
            report,
            Extraction(
                entities=[Person("P_marcia_dunbar", "Marcia Dunbar", role=role)],
                mentions=[Mention(report.id, "P_marcia_dunbar", 0, 13, "Marcia Dunbar", "PERSON", report.text)],
            ),
        )
        for report, role in ((first, "suspect"), (second, "victim"))
    ]
    any_store.ingest_many(items)
    assert any_store.get_entity("P_marcia_dunbar").role == "victim"


# -- writes grouped into one transaction (an audited write and its audit head) ---------------


def _role_of(store, entity_id):
    return store.get_entity(entity_id).role


def test_writes_in_a_block_that_fails_are_all_undone(any_store):
    case = ingest_case(any_store)
    person = next(e for e in any_store.entities(["PERSON"]) if e.role != "victim")
    report_id = case[0].report.id
    before = snapshot(any_store)
    with pytest.raises(RuntimeError):
        with any_store.atomically():
            any_store.set_role(person.id, "victim", by="a.brown")
            assert _role_of(any_store, person.id) == "victim"  # the block reads its own writes
            any_store.purge_report(report_id)
            any_store.anchor_audit_head(1, "f" * 64, "{}")
            assert any_store.get_report(report_id) is None
            raise RuntimeError("the analyst's session ended")
    assert snapshot(any_store) == before and any_store.audit_head() is None


def test_writes_in_a_block_commit_together_at_its_end(any_store):
    case = ingest_case(any_store)
    kept = {m.entity_id for m in any_store.mentions_in(case[1].report.id)}
    person = next(e for e in any_store.entities(["PERSON"]) if e.role != "victim" and e.id in kept)
    with any_store.atomically():
        any_store.set_role(person.id, "victim", by="a.brown")
        with any_store.atomically():  # a nested block joins the outer one
            any_store.purge_report(case[0].report.id)
        any_store.anchor_audit_head(1, "f" * 64, "{}")
    assert _role_of(any_store, person.id) == "victim" and any_store.get_report(case[0].report.id) is None
    assert any_store.audit_head()[:2] == (1, "f" * 64)


def test_a_failed_nested_block_undoes_the_outer_one_too(any_store):
    case = ingest_case(any_store)
    before = snapshot(any_store)
    with pytest.raises(RuntimeError):
        with any_store.atomically():
            any_store.purge_report(case[0].report.id)
            with any_store.atomically():
                raise RuntimeError("refused")
    assert snapshot(any_store) == before
