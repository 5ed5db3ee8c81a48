"""The analyst's decisions on links and entities, run unchanged on both stores (embedded and a real Neo4j).

Each decision, its undo, what re-ingest and purge do with it, and how analysis (paths, key players,
disruption) follows. The case is tests/case_builder.py: Grant recruits and exploits Tanya, Owen drives
her, Grant uses two phones.
"""

from __future__ import annotations

import pytest

from graph.analysis import key_players, shortest_paths, simulate_removal
from graph.decisions import ANALYST_METHOD, EntityDecision, LinkDecision, link_status
from graph.model import LinkFilter
from graph.store import StoreError
from tests.case_builder import ingest_case

GRANT, TANYA, OWEN = "P_ricky_grant", "P_tanya_hall", "P_owen_blake"
PHONE1, PHONE2 = "PH_+18765550142", "PH_+18765550199"
NEGRIL, GUEST_HOUSE = "L_negril", "L_sunset_guest_house"


def links(store) -> set[tuple[str, str, str]]:
    return {(k.type, k.source, k.target) for k in store.subgraph().links}


def reject(store, link_type, source, target, report_id=None, reason="misread sentence"):
    return store.decide_link(
        LinkDecision("", "reject", link_type, source, target, report_id, by="a.brown", reason=reason)
    )


# -- reject -------------------------------------------------------------------------------


def test_a_rejected_link_leaves_the_graph_but_is_kept_with_its_decision(any_store):
    ingest_case(any_store)
    decision = reject(any_store, "USES_PHONE", GRANT, PHONE1)
    assert ("USES_PHONE", GRANT, PHONE1) not in links(any_store)
    assert any_store.evidence(GRANT, PHONE1) == []
    held = any_store.held_links()
    assert [(h.decision_id, h.link.type, h.link.source, h.link.target) for h in held] == [
        (decision.id, "USES_PHONE", GRANT, PHONE1)
    ]
    assert held[0].link.sentence == "Grant uses 876-555-0142."
    stored = any_store.link_decisions()[0]
    assert (stored.action, stored.by, stored.reason, stored.undone) == ("reject", "a.brown", "misread sentence", False)
    assert stored.at


def test_a_rejected_link_is_not_followed_by_the_neighbourhood(any_store):
    ingest_case(any_store)
    reject(any_store, "USES_PHONE", GRANT, PHONE1)
    assert PHONE1 not in {e.id for e in any_store.neighbourhood([GRANT], hops=1).entities}


def test_rejecting_one_reports_evidence_keeps_the_others(any_store):
    case = ingest_case(any_store)
    reject(any_store, "RECRUITED", GRANT, TANYA, report_id=case[0].report.id)
    assert ("EXPLOITED", GRANT, TANYA) in links(any_store)
    assert ("RECRUITED", GRANT, TANYA) not in links(any_store)


def test_undoing_a_rejection_brings_the_link_back(any_store):
    ingest_case(any_store)
    before = links(any_store)
    decision = reject(any_store, "USES_PHONE", GRANT, PHONE1)
    undone = any_store.undo_link_decision(decision.id, by="b.clarke")
    assert links(any_store) == before
    assert any_store.held_links() == []
    assert (undone.undone, undone.undone_by) == (True, "b.clarke")
    assert any_store.link_decisions()[0].undone


def test_a_decision_cannot_be_undone_twice_or_made_on_a_missing_link(any_store):
    ingest_case(any_store)
    decision = reject(any_store, "USES_PHONE", GRANT, PHONE1)
    any_store.undo_link_decision(decision.id)
    with pytest.raises(StoreError, match="already undone"):
        any_store.undo_link_decision(decision.id)
    with pytest.raises(StoreError, match="No PAID link"):
        reject(any_store, "PAID", GRANT, PHONE1)
    with pytest.raises(StoreError, match="Unknown link type"):
        reject(any_store, "KNOWS", GRANT, PHONE1)


def test_reingesting_a_purged_report_does_not_resurrect_a_rejected_link(any_store):
    case = ingest_case(any_store)
    reject(any_store, "USES_PHONE", GRANT, PHONE1)
    any_store.purge_report(case[0].report.id)
    any_store.ingest(case[0].report, case[0].extraction)
    assert ("USES_PHONE", GRANT, PHONE1) not in links(any_store)
    assert ("RECRUITED", GRANT, TANYA) in links(any_store)
    assert [h.link.type for h in any_store.held_links()] == ["USES_PHONE"]


def test_purging_a_report_drops_the_rejected_links_it_alone_supported(any_store):
    case = ingest_case(any_store)
    reject(any_store, "USES_PHONE", GRANT, PHONE1)
    any_store.purge_report(case[0].report.id)
    assert any_store.held_links() == []
    assert any_store.link_decisions()[0].action == "reject"  # the decision stays: re-ingest will obey it


# -- confirm and correct ----------------------------------------------------------------------


def test_a_confirmed_link_shows_as_analyst_confirmed(any_store):
    ingest_case(any_store)
    decision = any_store.decide_link(LinkDecision("", "confirm", "RECRUITED", GRANT, TANYA, by="a.brown"))
    recruited = next(k for k in any_store.subgraph().links if k.type == "RECRUITED")
    assert recruited.method == ANALYST_METHOD and link_status(recruited, any_store.link_decisions()) == "analyst"
    near = next(k for k in any_store.neighbourhood([GRANT]).links if k.type == "RECRUITED")
    assert near.method == ANALYST_METHOD
    assert [e.method for e in any_store.evidence(GRANT, TANYA, "RECRUITED")] == [ANALYST_METHOD]
    assert [e.method for e in any_store.evidence(GRANT, TANYA, "EXPLOITED")] == ["rule"]
    any_store.undo_link_decision(decision.id)
    recruited = next(k for k in any_store.subgraph().links if k.type == "RECRUITED")
    assert recruited.method == "rule" and link_status(recruited, any_store.link_decisions()) == ""


def test_a_confirmed_link_can_still_be_rejected(any_store):
    ingest_case(any_store)
    any_store.decide_link(LinkDecision("", "confirm", "RECRUITED", GRANT, TANYA))
    reject(any_store, "RECRUITED", GRANT, TANYA)
    assert ("RECRUITED", GRANT, TANYA) not in links(any_store)


def test_correcting_a_links_direction_and_type_replaces_it_and_undo_restores_it(any_store):
    ingest_case(any_store)
    before = links(any_store)
    decision = any_store.decide_link(
        LinkDecision(
            "", "correct", "TRANSPORTED", OWEN, TANYA, new_type="ASSOCIATE_OF", new_source=TANYA, new_target=OWEN
        )
    )
    now = links(any_store)
    assert ("TRANSPORTED", OWEN, TANYA) not in now
    assert ("ASSOCIATE_OF", TANYA, OWEN) in now
    corrected = next(k for k in any_store.subgraph().links if k.type == "ASSOCIATE_OF")
    assert corrected.method == ANALYST_METHOD and corrected.sentence.startswith("Owen Blake drove")
    any_store.undo_link_decision(decision.id)
    assert links(any_store) == before


def test_correcting_a_links_end_moves_it_to_the_right_entity(any_store):
    ingest_case(any_store)
    any_store.decide_link(LinkDecision("", "correct", "USES_PHONE", GRANT, PHONE1, new_source=OWEN))
    assert ("USES_PHONE", OWEN, PHONE1) in links(any_store)
    assert ("USES_PHONE", GRANT, PHONE1) not in links(any_store)


def test_a_correction_survives_reingest(any_store):
    case = ingest_case(any_store)
    any_store.decide_link(LinkDecision("", "correct", "USES_PHONE", GRANT, PHONE1, new_source=OWEN))
    any_store.purge_report(case[0].report.id)
    any_store.ingest(case[0].report, case[0].extraction)
    assert ("USES_PHONE", OWEN, PHONE1) in links(any_store)
    assert ("USES_PHONE", GRANT, PHONE1) not in links(any_store)


# -- add -----------------------------------------------------------------------------------------


def test_an_added_link_cites_its_report_and_sentence_and_undo_removes_it(any_store):
    case = ingest_case(any_store)
    sentence = "Owen Blake drove Tanya Hall to the Sunset Guest House in Negril."
    decision = any_store.decide_link(
        LinkDecision(
            "",
            "add",
            "ASSOCIATE_OF",
            OWEN,
            GRANT,
            case[0].report.id,
            by="a.brown",
            sentence=sentence,
            grading="B2",
            case="ACKEE",
        )
    )
    added = next(k for k in any_store.subgraph().links if k.type == "ASSOCIATE_OF")
    assert (added.source, added.target, added.report_id, added.sentence, added.method) == (
        OWEN,
        GRANT,
        case[0].report.id,
        sentence,
        ANALYST_METHOD,
    )
    assert any_store.link_decisions()[0].grading == "B2"
    any_store.undo_link_decision(decision.id)
    assert ("ASSOCIATE_OF", OWEN, GRANT) not in links(any_store)


def test_an_added_link_on_a_free_note_cites_the_note_as_a_graded_report_of_its_case(any_store):
    ingest_case(any_store)
    decision = any_store.decide_link(
        LinkDecision(
            "", "add", "ASSOCIATE_OF", OWEN, GRANT, note="seen together at the port", grading="C3", case="ACKEE", by="a"
        )
    )
    added = next(k for k in any_store.subgraph().links if k.type == "ASSOCIATE_OF")
    assert added.sentence == "seen together at the port"
    note = any_store.get_report(added.report_id)
    assert (note.kind, note.case, note.text, str(note.grading), note.author) == (
        "analyst note",
        "ACKEE",
        "seen together at the port",
        "C3",
        "a",
    )
    assert ("ASSOCIATE_OF", OWEN, GRANT) in {
        (k.type, k.source, k.target) for k in any_store.subgraph(LinkFilter(case="ACKEE")).links
    }
    assert "ASSOCIATE_OF" not in {k.type for k in any_store.subgraph(LinkFilter(min_grading="B2")).links}
    any_store.undo_link_decision(decision.id)
    assert any_store.get_report(added.report_id) is None


def test_an_added_link_needs_a_source(any_store):
    ingest_case(any_store)
    with pytest.raises(StoreError, match="needs a source"):
        any_store.decide_link(LinkDecision("", "add", "ASSOCIATE_OF", OWEN, GRANT))


def test_purging_the_report_an_added_link_cites_flags_it_for_review_instead_of_losing_it(any_store):
    case = ingest_case(any_store)
    any_store.decide_link(
        LinkDecision(
            "",
            "add",
            "ASSOCIATE_OF",
            OWEN,
            GRANT,
            case[0].report.id,
            sentence="Owen Blake drove Tanya Hall to the Sunset Guest House in Negril.",
        )
    )
    any_store.purge_report(case[0].report.id)
    added = [k for k in any_store.subgraph().links if k.type == "ASSOCIATE_OF"]
    assert len(added) == 1 and "Owen Blake drove" not in added[0].sentence
    decision = any_store.link_decisions()[0]
    assert case[0].report.id in decision.review and decision.report_id is None
    assert any_store.get_report(added[0].report_id).case == "ACKEE"  # the note stays in the purged report's case


# -- entities ------------------------------------------------------------------------------------


def test_an_entity_marked_false_leaves_the_case_with_its_links_and_undo_restores_it(any_store):
    ingest_case(any_store)
    before = links(any_store)
    decision = any_store.decide_entity(EntityDecision("", "false", PHONE1, by="a.brown", reason="not a phone"))
    assert any_store.get_entity(PHONE1) is None
    assert PHONE1 not in {e.id for e in any_store.entities()}
    assert PHONE1 not in {e.id for e in any_store.subgraph().entities}
    assert not any(PHONE1 in (k.source, k.target) for k in any_store.subgraph().links)
    assert any_store.search("876-555-0142") == [] or any_store.search("876-555-0142")[0].entity.id != PHONE1
    any_store.undo_entity_decision(decision.id)
    assert any_store.get_entity(PHONE1) is not None
    assert links(any_store) == before


def test_a_false_entity_stays_out_after_its_report_is_reingested(any_store):
    case = ingest_case(any_store)
    any_store.decide_entity(EntityDecision("", "false", PHONE1))
    any_store.purge_report(case[0].report.id)
    any_store.ingest(case[0].report, case[0].extraction)
    assert any_store.get_entity(PHONE1) is None
    assert not any(PHONE1 in (k.source, k.target) for k in any_store.subgraph().links)


def test_correcting_an_entitys_kind_holds_through_reingest_and_undo(any_store):
    case = ingest_case(any_store)
    decision = any_store.decide_entity(EntityDecision("", "kind", GUEST_HOUSE, kind="ORG"))
    assert any_store.get_entity(GUEST_HOUSE).kind == "ORG"
    assert decision.before == "LOCATION"
    any_store.purge_report(case[1].report.id)
    any_store.ingest(case[1].report, case[1].extraction)  # the extraction still calls it a LOCATION
    assert any_store.get_entity(GUEST_HOUSE).kind == "ORG"
    any_store.undo_entity_decision(decision.id)
    assert any_store.get_entity(GUEST_HOUSE).kind == "LOCATION"


def test_an_entity_added_by_hand_can_be_linked_and_undone(any_store):
    ingest_case(any_store)
    decision = any_store.decide_entity(EntityDecision("", "add", "P_dwayne_ross", kind="PERSON", name="Dwayne Ross"))
    assert any_store.get_entity("P_dwayne_ross").name == "Dwayne Ross"
    any_store.decide_link(LinkDecision("", "add", "ASSOCIATE_OF", "P_dwayne_ross", GRANT, note="informant says"))
    assert ("ASSOCIATE_OF", "P_dwayne_ross", GRANT) in links(any_store)
    any_store.undo_entity_decision(decision.id)
    assert any_store.get_entity("P_dwayne_ross") is None
    assert ("ASSOCIATE_OF", "P_dwayne_ross", GRANT) not in links(any_store)


# -- analysis follows ----------------------------------------------------------------------------


def test_paths_stop_crossing_a_rejected_link_and_come_back_on_undo(any_store):
    ingest_case(any_store)
    assert shortest_paths(any_store.to_networkx(), OWEN, PHONE1)
    decision = reject(any_store, "USES_PHONE", GRANT, PHONE1)
    assert shortest_paths(any_store.to_networkx(), OWEN, PHONE1) == []
    any_store.undo_link_decision(decision.id)
    assert [p.nodes for p in shortest_paths(any_store.to_networkx(), OWEN, PHONE1)] == [[OWEN, TANYA, GRANT, PHONE1]]


def test_an_added_link_opens_a_path(any_store):
    ingest_case(any_store)
    assert shortest_paths(any_store.to_networkx(), OWEN, NEGRIL) == []
    any_store.decide_link(LinkDecision("", "add", "LOCATED_AT", OWEN, NEGRIL, note="lives there (surveillance)"))
    assert [p.nodes for p in shortest_paths(any_store.to_networkx(), OWEN, NEGRIL)] == [[OWEN, NEGRIL]]


def test_key_players_follow_a_false_entity(any_store):
    ingest_case(any_store)
    ranked = [p.entity_id for p in key_players(any_store.to_networkx(), "betweenness", top=10).players]
    assert ranked[0] == GRANT
    any_store.decide_entity(EntityDecision("", "false", GRANT))
    ranked = [p.entity_id for p in key_players(any_store.to_networkx(), "betweenness", top=10).players]
    assert GRANT not in ranked


def test_disruption_follows_a_rejected_link(any_store):
    ingest_case(any_store)
    graph = any_store.to_networkx()
    assert simulate_removal(graph, [TANYA]).before.largest_component == 5
    reject(any_store, "TRANSPORTED", OWEN, TANYA)
    assert simulate_removal(any_store.to_networkx(), [TANYA]).before.largest_component == 4


def test_a_link_touching_a_false_entity_cannot_be_resurrected_by_undoing_its_rejection(any_store):
    ingest_case(any_store)
    rejection = reject(any_store, "USES_PHONE", GRANT, PHONE1)
    any_store.decide_entity(EntityDecision("", "false", PHONE1))
    any_store.undo_link_decision(rejection.id)
    assert ("USES_PHONE", GRANT, PHONE1) not in links(any_store)
    assert [h.link.type for h in any_store.held_links()] == ["USES_PHONE"]


# -- notes, views, watches, alerts -------------------------------------------------------------


def test_notes_are_kept_listed_by_subject_and_searchable(any_store):
    from graph.decisions import Note

    ingest_case(any_store)
    note = any_store.add_note(Note("", "entity", GRANT, "Drives a white Probox", by="a.brown", case="ACKEE"))
    any_store.add_note(Note("", "report", "R_x", "Source met twice", by="a.brown", case="ACKEE"))
    assert note.id and note.at
    assert [n.text for n in any_store.notes(subject=GRANT)] == ["Drives a white Probox"]
    assert [n.subject for n in any_store.notes(text="probox")] == [GRANT]
    with pytest.raises(StoreError):
        any_store.add_note(Note("", "entity", GRANT, "   "))


def test_saved_views_are_listed_reopened_and_replaced_by_name(any_store):
    from graph.decisions import SavedView

    any_store.save_view(SavedView("ring", "ACKEE", [GRANT], 2, {"min_confidence": 0.5}, {GRANT: [1.0, 2.0]}, by="a"))
    any_store.save_view(SavedView("ring", "ACKEE", [GRANT, TANYA], 1, by="b"))
    any_store.save_view(SavedView("other", "OTHER", [OWEN]))
    assert [v.name for v in any_store.views("ACKEE")] == ["ring"]
    view = any_store.get_view("ring", "ACKEE")
    assert (view.entities, view.hops, view.by) == ([GRANT, TANYA], 1, "b")


def test_watches_and_alerts_are_kept_per_user(any_store):
    from graph.decisions import Alert, Watch

    watch = any_store.add_watch(Watch("", "a.brown", "PHONE", PHONE1, "876-555-0142", "ACKEE"))
    assert [w.value for w in any_store.watches("a.brown")] == [PHONE1]
    assert any_store.watches("someone else") == []
    alert = any_store.raise_alert(Alert("", "a.brown", "watch", PHONE1, "seen again", "ACKEE"))
    assert [a.id for a in any_store.alerts("a.brown", unseen_only=True)] == [alert.id]
    any_store.mark_alert_seen(alert.id)
    assert any_store.alerts("a.brown", unseen_only=True) == []
    assert any_store.remove_watch(watch.id) and any_store.watches() == []
    any_store.set_case_owner("ACKEE", "d.owner")
    assert any_store.case_owner("ACKEE") == "d.owner" and any_store.case_owner("NONE") is None


def test_stats_leave_out_an_entity_marked_false(any_store):
    ingest_case(any_store)
    any_store.decide_entity(EntityDecision("", "false", PHONE1))
    assert any_store.stats().entities["PHONE"] == 1
    assert "USES_PHONE" in any_store.stats().links and any_store.stats().links["USES_PHONE"] == 1


def test_a_batch_reingest_obeys_the_decisions_too(any_store):
    case = ingest_case(any_store)
    reject(any_store, "USES_PHONE", GRANT, PHONE1)
    any_store.decide_entity(EntityDecision("", "kind", GUEST_HOUSE, kind="ORG"))
    for item in case[:2]:
        any_store.purge_report(item.report.id)
    any_store.ingest_many([(item.report, item.extraction) for item in case[:2]])
    assert ("USES_PHONE", GRANT, PHONE1) not in links(any_store)
    assert ("RECRUITED", GRANT, TANYA) in links(any_store)
    assert any_store.get_entity(GUEST_HOUSE).kind == "ORG"


def test_an_entity_marked_false_is_still_known_as_such(any_store):
    ingest_case(any_store)
    assert any_store.marked_false() == []
    decision = any_store.decide_entity(EntityDecision("", "false", TANYA))
    assert [(e.id, e.role) for e in any_store.marked_false(["PERSON"])] == [(TANYA, "victim")]
    assert any_store.marked_false(["PHONE"]) == []
    any_store.undo_entity_decision(decision.id)
    assert any_store.marked_false() == []


def test_neo4j_decisions_made_through_another_connection_are_seen_within_a_second(neo4j_store, neo4j_connection):
    import time

    from graph.neo4j_store import DECISIONS_TTL_S, Neo4jStore

    ingest_case(neo4j_store)
    assert neo4j_store.get_entity(PHONE1) is not None  # read (and kept) before the other connection decides
    with Neo4jStore(
        neo4j_connection.url, neo4j_connection.user, neo4j_connection.password, neo4j_connection.database
    ) as other:
        other.decide_entity(EntityDecision("", "false", PHONE1))
        assert other.get_entity(PHONE1) is None  # its own write: at once
    time.sleep(DECISIONS_TTL_S)
    assert neo4j_store.get_entity(PHONE1) is None
    assert ("USES_PHONE", GRANT, PHONE1) not in links(neo4j_store)


def test_decisions_follow_a_merge(any_store):
    ingest_case(any_store)
    rejection = reject(any_store, "USES_PHONE", GRANT, PHONE1)
    merge = any_store.merge(GRANT, OWEN, reason="one man")
    assert ("USES_PHONE", GRANT, PHONE1) not in links(any_store)
    assert {(h.link.source, h.link.target) for h in any_store.held_links()} == {(GRANT, PHONE1)}
    any_store.undo_link_decision(rejection.id)
    assert ("USES_PHONE", GRANT, PHONE1) in links(any_store)
    any_store.undo_merge(merge.id)
    assert ("USES_PHONE", GRANT, PHONE1) in links(any_store)
    assert ("TRANSPORTED", OWEN, TANYA) in links(any_store)
