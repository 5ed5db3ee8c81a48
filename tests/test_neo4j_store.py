"""What the Neo4j store adds to the shared contract: its schema, atomic writes, and hostile text
that stays data (the shared behaviour is in test_store_conformance.py)."""

from __future__ import annotations

import threading

import neo4j
import pytest

from graph.model import Call, Extraction, Link, LinkFilter, Location, Mention, Person, Report
from graph.neo4j_store import Neo4jStore, cypher
from graph.store import StoreError
from tests.case_builder import build_case, ingest_case
from tests.test_store_conformance import snapshot


def _schema_objects(connection) -> list[tuple[str, str, str | None]]:
    with neo4j.GraphDatabase.driver(connection.url, auth=(connection.user, connection.password)) as driver:
        records, _, _ = driver.execute_query(cypher("schema_objects"), database_=connection.database)
    return [(r["name"], r["type"], r["constraint"]) for r in records]


def _open(connection) -> Neo4jStore:
    return Neo4jStore(connection.url, connection.user, connection.password, connection.database)


def test_schema_has_unique_ids_for_reports_and_every_entity_label(neo4j_store, neo4j_connection):
    constraints = {c for _, _, c in _schema_objects(neo4j_connection) if c}
    assert {"report_id", "entity_id", "person_id", "location_id", "phone_id", "organization_id"} <= constraints
    assert {"email_id", "vehicle_id", "handle_id", "call_id", "merge_id"} <= constraints
    assert ("entity_names", "FULLTEXT", None) in _schema_objects(neo4j_connection)


def test_connecting_twice_creates_the_schema_once(neo4j_store, neo4j_connection):
    before = _schema_objects(neo4j_connection)
    _open(neo4j_connection).close()
    _open(neo4j_connection).close()
    assert _schema_objects(neo4j_connection) == before


def test_a_duplicate_entity_id_is_refused_by_the_database(neo4j_store):
    ingest_case(neo4j_store)
    report = Report.from_text("Ricky Grant again.")
    clash = Location("P_ricky_grant", "Ricky Grant")
    with pytest.raises(StoreError, match="stored as a PERSON"):
        neo4j_store.ingest(
            report, Extraction(entities=[clash], mentions=[Mention(report.id, clash.id, 0, 11, "Ricky Grant", "LOC")])
        )
    assert not neo4j_store.has_report(report.id)
    assert neo4j_store.get_entity("P_ricky_grant").kind == "PERSON"


def test_an_unknown_link_type_is_refused_before_anything_is_written(neo4j_store):
    report = Report.from_text("Ann met Bob.")
    people = [Person("P_ann", "Ann"), Person("P_bob", "Bob")]
    odd = Link("KNOWS]->() DETACH DELETE n //", "P_ann", "P_bob", report.id, "Ann met Bob.", 0, 12)
    with pytest.raises(StoreError, match="Unknown link type"):
        neo4j_store.ingest(report, Extraction(entities=people, links=[odd]))
    assert neo4j_store.stats().reports == 0 and neo4j_store.stats().entity_total == 0


INJECTIONS = [
    "x'}) DETACH DELETE n //",
    'Marlon "Dutty" O\'Connor',
    "back\\slash\\'",
    '"}) MATCH (n) DETACH DELETE n RETURN 1 //',
    "name:* OR id:*",
    "Ricky~ AND (Grant* OR \\",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_cypher_in_ids_and_names_is_stored_verbatim_and_deletes_nothing(neo4j_store, text):
    case = ingest_case(neo4j_store)
    before = neo4j_store.stats()
    report = Report.from_text(f"Note: {text} was seen.", title=text, case=text, source=text)
    entity_id = "P_" + text
    person = Person(entity_id, text, [text + "\\"], role=text)
    start = report.text.index(text)
    neo4j_store.ingest(
        report,
        Extraction(
            entities=[person, Person("P_tanya_hall", "Tanya Hall")],
            mentions=[Mention(report.id, entity_id, start, start + len(text), text, "PERSON", report.text)],
            links=[Link("ASSOCIATE_OF", entity_id, "P_tanya_hall", report.id, report.text, 0, len(report.text))],
        ),
    )
    stored = neo4j_store.get_entity(entity_id)
    assert (stored.name, stored.role, stored.aliases) == (text, text, [text + "\\"])
    assert (neo4j_store.get_report(report.id).title, neo4j_store.reports(case=text)[0].source) == (text, text)
    assert neo4j_store.stats().reports == before.reports + 1
    assert neo4j_store.stats().entity_total == before.entity_total + 1
    assert all(neo4j_store.has_report(item.report.id) for item in case)
    assert neo4j_store.mentions_of(entity_id)[0].text == text


@pytest.mark.parametrize("query", INJECTIONS + ['"', "\\", "*", "~", "AND", "(", "", "   "])
def test_lucene_syntax_in_a_search_is_just_text(neo4j_store, query):
    ingest_case(neo4j_store)
    hits = neo4j_store.search(query)
    assert all(hit.score > 0 for hit in hits)
    assert neo4j_store.stats().reports == 3


def test_search_follows_an_absorbed_name_to_the_kept_entity(neo4j_store):
    ingest_case(neo4j_store)
    report = Report.from_text("Driver Blakey seen in Negril.")
    neo4j_store.ingest(
        report,
        Extraction(
            entities=[Person("P_blakey", "Blakey")],
            mentions=[Mention(report.id, "P_blakey", 7, 13, "Blakey", "PERSON")],
        ),
    )
    neo4j_store.merge("P_owen_blake", "P_blakey")
    hits = neo4j_store.search("Blakey")
    assert [h.entity.id for h in hits][:1] == ["P_owen_blake"]
    assert "P_blakey" not in {h.entity.id for h in hits}


def _chain(store) -> list[str]:
    """Three provisional records of one driver, each in its own report."""
    ids = []
    for index, name in enumerate(["Owen Blake", "O. Blake", "Blakey"]):
        report = Report.from_text(f"Report {index}: {name} drove Tanya Hall.", case="ACKEE", reported_at="2022-01-01")
        entity_id = f"P_driver_{index}"
        start = report.text.index(name)
        store.ingest(
            report,
            Extraction(
                entities=[Person(entity_id, name), Person("P_tanya_hall", "Tanya Hall", role="victim")],
                mentions=[Mention(report.id, entity_id, start, start + len(name), name, "PERSON", report.text)],
                links=[Link("TRANSPORTED", entity_id, "P_tanya_hall", report.id, report.text, 0, len(report.text))],
            ),
        )
        ids.append(entity_id)
    return ids


@pytest.mark.parametrize("undo_order", [(0, 1), (1, 0)])
def test_chained_merges_undo_in_any_order_to_the_exact_prior_state(any_store, undo_order):
    """Run on both stores: B into A, then A into C; undoing either first restores each step."""
    a, b, c = _chain(any_store)
    states = [snapshot(any_store)]
    first = any_store.merge(a, b)
    states.append(snapshot(any_store))
    second = any_store.merge(c, a)
    assert any_store.get_entity(b).id == c
    assert len(any_store.mentions_of(b)) == 3
    records = [first, second]
    for index in undo_order:
        any_store.undo_merge(records[index].id)
    assert snapshot(any_store) == states[0]
    assert [len(any_store.mentions_of(x)) for x in (a, b, c)] == [1, 1, 1]


def test_chained_merges_look_the_same_on_both_stores(neo4j_store, embedded_store):
    views = []
    for store in (embedded_store, neo4j_store):
        a, b, c = _chain(store)
        store.merge(a, b)
        store.merge(c, a)
        views.append((snapshot(store), [m.text for m in store.mentions_of(a)], store.get_entity(b).aliases))
    assert views[0] == views[1]


# -- batch ingest ---------------------------------------------------------------------


def test_ingest_many_leaves_the_same_case_as_ingesting_one_by_one(neo4j_store, embedded_store):
    reports = [(item.report, item.extraction) for item in build_case()]
    for report, extraction in reports:
        embedded_store.ingest(report, extraction)
    results = neo4j_store.ingest_many(reports + reports[:1], batch_size=10)
    assert [r.created for r in results] == [True, True, True, False]
    assert snapshot(neo4j_store) == snapshot(embedded_store)
    assert neo4j_store.stats() == embedded_store.stats()


def test_ingest_many_leaves_out_only_the_bad_report(neo4j_store):
    good = [(item.report, item.extraction) for item in build_case()]
    bad_report = Report.from_text("A report naming a ghost.")
    bad = (bad_report, Extraction(mentions=[Mention(bad_report.id, "P_ghost", 19, 24, "ghost", "PERSON")]))
    refused = []
    results = neo4j_store.ingest_many(
        [good[0], bad, good[1], good[2]], on_error=lambda report, error: refused.append(report.id)
    )
    assert refused == [bad_report.id]
    assert [r.report_id for r in results] == [item[0].id for item in good]
    assert neo4j_store.stats().reports == 3 and not neo4j_store.has_report(bad_report.id)


def test_ingest_many_without_an_error_handler_raises_after_storing_the_rest(neo4j_store):
    good = [(item.report, item.extraction) for item in build_case()]
    bad_report = Report.from_text("Another ghost.")
    bad = (bad_report, Extraction(mentions=[Mention(bad_report.id, "P_ghost", 8, 13, "ghost", "PERSON")]))
    with pytest.raises(StoreError, match="P_ghost"):
        neo4j_store.ingest_many([bad, *good])
    assert neo4j_store.stats().reports == 3


def test_purge_removes_a_link_between_entities_the_report_does_not_list(neo4j_store):
    ingest_case(neo4j_store)
    report = Report.from_text("Analyst note: Grant controls Blake.")
    link = Link(
        "CONTROLS", "P_ricky_grant", "P_owen_blake", report.id, report.text, 0, len(report.text), 0.5, "analyst"
    )
    neo4j_store.ingest(report, Extraction(links=[link]))
    assert neo4j_store.evidence("P_ricky_grant", "P_owen_blake", "CONTROLS")
    assert neo4j_store.purge_report(report.id).links_removed == 1
    assert neo4j_store.evidence("P_ricky_grant", "P_owen_blake") == []


def test_two_writers_ingesting_the_same_reports_store_each_once(neo4j_store, neo4j_connection):
    reports = [(item.report, item.extraction) for item in build_case()]
    outcomes: list[list[bool]] = []
    errors: list[Exception] = []
    start = threading.Barrier(2)

    def writer() -> None:
        with _open(neo4j_connection) as store:
            start.wait()
            try:
                outcomes.append([store.ingest(report, extraction).created for report, extraction in reports])
            except Exception as error:  # collected: the assertion below names it
                errors.append(error)

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [a + b for a, b in zip(*outcomes, strict=True)] == [1, 1, 1]
    assert neo4j_store.stats().reports == 3 and neo4j_store.stats().mentions == 13


# -- the same neighbourhoods as the embedded store ----------------------------------------

NEIGHBOURHOOD_FILTERS = {
    "none": None,
    "people": LinkFilter(kinds=["PERSON"]),
    "phones_only": LinkFilter(link_types=["USES_PHONE", "CALLED"]),
    "strong": LinkFilter(min_confidence=0.7),
    "no_calls": LinkFilter(include_calls=False),
    "case": LinkFilter(case="ACKEE"),
    "graded": LinkFilter(min_grading="B2"),
}


def _rich_case(store) -> None:
    ingest_case(store)
    store.add_calls(
        [
            Call("+18765550142", "+18765550199", "2022-02-01T10:00:00-05:00", 60, "cdr.csv"),
            Call("+18765550199", "+18765550111", "2022-02-04T12:00:00-05:00", 10, "cdr.csv"),
        ]
    )
    report = Report.from_text("O. Blake seen with Tanya Hall.", case="ACKEE", reported_at="2022-04-01")
    store.ingest(
        report,
        Extraction(
            entities=[Person("P_o_blake", "O. Blake"), Person("P_tanya_hall", "Tanya Hall")],
            mentions=[Mention(report.id, "P_o_blake", 0, 8, "O. Blake", "PERSON", report.text)],
            links=[Link("ASSOCIATE_OF", "P_o_blake", "P_tanya_hall", report.id, report.text, 0, 30, 0.3)],
        ),
    )
    store.merge("P_owen_blake", "P_o_blake")


@pytest.mark.parametrize("hops", [1, 2, 3])
@pytest.mark.parametrize("name", NEIGHBOURHOOD_FILTERS)
def test_neighbourhoods_are_the_embedded_stores(neo4j_store, embedded_store, name, hops):
    """Both ways the Neo4j store walks (one query, or hop by hop) give the reference answer."""
    for store in (embedded_store, neo4j_store):
        _rich_case(store)
    for seeds in (["P_tanya_hall"], ["P_o_blake"], ["PH_+18765550111", "L_negril"]):
        views = [
            store.neighbourhood(seeds, hops=hops, filters=NEIGHBOURHOOD_FILTERS[name])
            for store in (embedded_store, neo4j_store)
        ]
        assert views[1] == views[0], seeds


def test_splits_merges_and_purges_leave_what_the_embedded_store_leaves(neo4j_store, embedded_store):
    """One sequence of analyst decisions on both stores; after each step both show the same case."""
    views: list[list] = [[], []]
    for index, store in enumerate((embedded_store, neo4j_store)):
        case = ingest_case(store)
        split = store.split("P_ricky_grant", ["Slim"], [case[1].report.id])
        views[index].append(snapshot(store))
        store.merge("P_owen_blake", split.new_id)
        views[index].append((snapshot(store), [m.text for m in store.mentions_of(split.new_id)]))
        store.purge_report(case[1].report.id)
        store.ingest(case[1].report, case[1].extraction)
        views[index].append((snapshot(store), sorted(m.text for m in store.mentions_of("P_owen_blake"))))
        store.undo_merge(store.merges()[0].id)
        store.undo_split(split.id)
        views[index].append((snapshot(store), sorted(m.text for m in store.mentions_of("P_ricky_grant"))))
    for step, (expected, got) in enumerate(zip(*views, strict=True)):
        assert got == expected, f"step {step}"
