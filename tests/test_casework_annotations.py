"""The analyst's hand through the guard: who may decide, what is audited, notes and saved views."""

from __future__ import annotations

import pytest

from casework import annotations as hand
from casework.session import CaseSession
from governance.access import PermissionDenied, User
from governance.audit import AuditLog
from governance.guard import guard
from graph.model import LinkFilter
from tests.case_builder import ingest_case

GRANT, TANYA, OWEN, PHONE1 = "P_ricky_grant", "P_tanya_hall", "P_owen_blake", "PH_+18765550142"
ANALYST = User("a.analyst", "analyst", ("ACKEE",), permissions=frozenset({"merge", "export"}))
VIEWER = User("v.viewer", "viewer", ("ACKEE",))
OUTSIDER = User("o.other", "analyst", ("OTHER",), permissions=frozenset({"merge"}))
LOCAL = User("local", "admin", ("*",), permissions=frozenset({"merge"}))


@pytest.fixture
def case(embedded_store, tmp_path):
    ingest_case(embedded_store)
    audit = AuditLog(tmp_path / "audit.db")
    yield embedded_store, audit
    audit.close()


def session_of(case, user: User) -> CaseSession:
    store, audit = case
    return CaseSession(user, guard(store, user, audit), audit)


def test_an_analyst_rejects_a_link_with_a_reason_and_it_is_audited(case):
    session = session_of(case, ANALYST)
    decision = hand.reject_link(session, "USES_PHONE", GRANT, PHONE1, reason="the handset is Owen's")
    assert decision.by == "a.analyst" and decision.case == "ACKEE"  # the user's only case
    assert ("USES_PHONE", GRANT, PHONE1) not in {(k.type, k.source, k.target) for k in session.store.subgraph().links}
    (logged,) = [r for r in case[1].records() if r.action == "link-decision"]
    assert (logged.who, logged.reason, logged.detail["action"]) == ("a.analyst", "the handset is Owen's", "reject")
    (shown,) = hand.rejected_links(session)
    assert (shown.link.type, shown.reason, shown.by) == ("USES_PHONE", "the handset is Owen's", "a.analyst")


def test_undoing_is_audited_as_an_undo(case):
    session = session_of(case, ANALYST)
    decision = hand.reject_link(session, "USES_PHONE", GRANT, PHONE1, reason="misread")
    hand.undo_link_decision(session, decision.id)
    assert [r.action for r in case[1].records()][-2:] == ["link-decision", "undo-link-decision"]


def test_a_viewer_may_not_decide(case):
    with pytest.raises(PermissionDenied):
        hand.reject_link(session_of(case, VIEWER), "USES_PHONE", GRANT, PHONE1, reason="no")


def test_nobody_decides_about_entities_outside_their_cases(case):
    with pytest.raises(PermissionDenied):
        hand.reject_link(session_of(case, OUTSIDER), "TRANSPORTED", OWEN, TANYA, reason="no")


def test_an_added_link_takes_the_case_of_the_report_it_cites(case):
    session = session_of(case, ANALYST)
    report = case[0].reports(case="ACKEE")[0]
    decision = hand.add_link(session, "ASSOCIATE_OF", OWEN, GRANT, report_id=report.id, sentence="...", grading="C3")
    assert decision.case == "ACKEE" and decision.grading == "C3"


def test_an_added_entity_gets_an_id_from_its_kind_and_name(case):
    decision = hand.add_entity(session_of(case, ANALYST), "PERSON", "Dwayne  Ross", case="ACKEE")
    assert decision.entity_id == "P_dwayne_ross" and decision.name == "Dwayne Ross"


def test_notes_are_searchable_and_stay_in_their_case(case):
    session = session_of(case, ANALYST)
    hand.add_note(session, "entity", GRANT, "Drives a white Probox", case="ACKEE")
    assert [n.by for n in hand.notes(session, text="probox")] == ["a.analyst"]
    assert hand.notes(session_of(case, OUTSIDER), text="probox") == []


def test_a_saved_view_reopens_for_another_user_of_the_case(case):
    hand.save_view(
        session_of(case, ANALYST),
        "Grant's ring",
        [GRANT],
        hops=1,
        filters=LinkFilter(kinds=["PERSON"]),
        layout={GRANT: [10.0, 20.0]},
        case="ACKEE",
    )
    other = User("c.colleague", "analyst", ("ACKEE",), permissions=frozenset({"merge"}))
    view, subgraph = hand.open_view(session_of(case, other), "Grant's ring")
    assert view.layout == {GRANT: [10.0, 20.0]} and view.by == "a.analyst"
    assert GRANT in {e.id for e in subgraph.entities} and len(subgraph.entities) == 2  # Grant and his victim
    assert "Tanya Hall" not in {e.name for e in subgraph.entities}  # still under her pseudonym
    assert hand.views(session_of(case, OUTSIDER)) == []


def test_notes_go_in_the_evidence_pack_only_when_the_exporter_chooses(case):
    from graph.exports import build_evidence_pack, render_evidence_pack

    session = session_of(case, ANALYST)
    hand.add_note(session, "entity", GRANT, "Drives a white <b>Probox</b>")
    hand.add_note(session, "link", hand.link_subject("USES_PHONE", GRANT, PHONE1), "Handset seized 3 May")
    without = render_evidence_pack(build_evidence_pack(session.store, [GRANT]))
    assert "Probox" not in without
    pack = build_evidence_pack(session.store, [GRANT], with_notes=True)
    assert [n.text for n in pack.targets[0].notes] == ["Drives a white <b>Probox</b>", "Handset seized 3 May"]
    html = render_evidence_pack(pack)
    assert "Drives a white &lt;b&gt;Probox&lt;/b&gt;" in html and "Handset seized 3 May" in html


def test_a_rejected_link_is_left_out_of_the_evidence_pack(case):
    from graph.exports import build_evidence_pack

    session = session_of(case, ANALYST)
    hand.reject_link(session, "USES_PHONE", GRANT, PHONE1, reason="not his")
    pack = build_evidence_pack(session.store, [GRANT])
    assert "USES_PHONE" not in {(link.type) for link in pack.targets[0].links if link.other_id == PHONE1}


def test_a_link_on_a_free_note_is_seen_by_users_of_its_case_only(case):
    hand.add_link(session_of(case, ANALYST), "ASSOCIATE_OF", OWEN, GRANT, note="seen together at the port")
    mine = session_of(case, User("c.colleague", "analyst", ("ACKEE",), permissions=frozenset({"merge"})))
    assert ("ASSOCIATE_OF", OWEN, GRANT) in {(k.type, k.source, k.target) for k in mine.store.subgraph().links}
    assert [e.sentence for e in mine.store.evidence(OWEN, GRANT)] == ["seen together at the port"]
    outsider = session_of(case, OUTSIDER).store.subgraph().links
    assert "ASSOCIATE_OF" not in {k.type for k in outsider}


def test_entity_decisions_are_shown_only_to_users_who_may_see_the_entity(case):
    local = session_of(case, LOCAL)
    hand.reject_entity(local, local.store.outer_id(TANYA), reason="duplicate record")  # known by her pseudonym
    assert hand.entity_decisions(session_of(case, OUTSIDER)) == []
    (shown,) = hand.entity_decisions(session_of(case, ANALYST))
    assert shown.entity_id.startswith("VICTIM_")  # a victim's id never shows her name


def test_a_victim_marked_false_keeps_her_name_hidden_in_every_sentence(case):
    local = session_of(case, LOCAL)
    hand.reject_entity(local, local.store.outer_id(TANYA), reason="duplicate record")  # known by her pseudonym
    session = session_of(case, ANALYST)
    sentences = " ".join(e.sentence for e in session.store.evidence(OWEN, GRANT)) + " ".join(
        k.sentence for k in session.store.subgraph().links
    )
    report = session.store.get_report(case[0].reports(case="ACKEE")[0].id)
    assert "Tanya Hall" not in sentences and "Tanya Hall" not in report.text


def test_a_note_on_a_link_to_a_hidden_victim_names_her_by_pseudonym_only(case):
    session = session_of(case, ANALYST)
    recruited = next(k for k in session.store.subgraph().links if k.type == "RECRUITED")
    assert recruited.target.startswith("VICTIM_")
    subject = hand.link_subject("RECRUITED", GRANT, recruited.target)
    hand.add_note(session, "link", subject, "Recruited through a bar-work advert")
    (stored,) = case[0].notes()
    assert stored.subject == f"RECRUITED|{GRANT}|{TANYA}"  # kept under the real ids
    assert [n.subject for n in hand.notes(session, subject)] == [subject]
    with pytest.raises(PermissionDenied):
        hand.add_note(session_of(case, OUTSIDER), "link", f"USES_PHONE|{GRANT}|{PHONE1}", "not mine")


def test_an_entity_added_by_hand_is_in_the_case_it_was_added_to(case):
    session = session_of(case, ANALYST)
    added = hand.add_entity(session, "PERSON", "Dwayne Ross")  # the analyst's only case: ACKEE
    assert added.case == "ACKEE"
    fresh = session_of(case, ANALYST)  # a new session: the scope is read again
    assert fresh.store.get_entity("P_dwayne_ross").name == "Dwayne Ross"
    hand.add_link(fresh, "ASSOCIATE_OF", "P_dwayne_ross", GRANT, note="drives for him")
    assert ("ASSOCIATE_OF", "P_dwayne_ross", GRANT) in {
        (k.type, k.source, k.target) for k in session_of(case, ANALYST).store.subgraph().links
    }
    assert session_of(case, OUTSIDER).store.get_entity("P_dwayne_ross") is None


def test_only_an_administrator_sets_a_case_owner_and_it_is_audited(case):
    from governance.guard import LOCAL_ANALYST

    with pytest.raises(PermissionDenied):
        session_of(case, ANALYST).store.set_case_owner("ACKEE", "a.analyst")
    session_of(case, LOCAL_ANALYST).store.set_case_owner("ACKEE", "d.owner")
    assert case[0].case_owner("ACKEE") == "d.owner"
    assert [r.action for r in case[1].records()][-1] == "config-change"
