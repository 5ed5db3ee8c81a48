"""Watchlists, alerts and cross-case deconfliction, on both stores.

Case ACKEE (reports 1-2 of tests/case_builder.py) and case OTHER (report 3: Ricky Grant uses
876-555-0199), each ingested by its own analyst, who becomes the case's owner.
"""

from __future__ import annotations

import pytest

from casework.session import CaseSession
from casework.watch import after_calls, after_ingest, alerts, unwatch, watch, watches
from governance.access import User
from governance.audit import AuditLog
from governance.guard import guard
from graph.model import Call, Extraction, Mention, Phone, Report
from graph.store import StoreError
from tests.case_builder import build_case

PHONE2 = "PH_+18765550199"
ANALYST = frozenset({"merge", "export"})
USERS = {
    "a.analyst": User("a.analyst", "analyst", ("ACKEE",), permissions=ANALYST),
    "b.owner": User("b.owner", "analyst", ("OTHER",), permissions=ANALYST),
    "w.watcher": User("w.watcher", "analyst", ("ACKEE",), permissions=ANALYST),
}


@pytest.fixture
def audit(tmp_path):
    log = AuditLog(tmp_path / "audit.db")
    yield log
    log.close()


def session_of(store, audit, name: str) -> CaseSession:
    user = USERS[name]
    return CaseSession(user, guard(store, user, audit), audit)


def ingest(session: CaseSession, report: Report, extraction: Extraction):
    session.store.ingest(report, extraction)
    return after_ingest(session, [report.id], USERS.get)


@pytest.fixture
def two_cases(any_store, audit):
    """ACKEE ingested by a.analyst, OTHER by b.owner."""
    case = build_case()
    for item in case[:2]:
        ingest(session_of(any_store, audit, "a.analyst"), item.report, item.extraction)
    ingest(session_of(any_store, audit, "b.owner"), case[2].report, case[2].extraction)
    return any_store


def report_naming_phone2(case: str = "ACKEE") -> tuple[Report, Extraction]:
    sentence = "A caller rang the stash house from 876-555-0199."
    report = Report.from_text(f"SURVEILLANCE LOG\n\n{sentence}", title="Stash house log", case=case)
    start = report.text.index("876-555-0199")
    phone = Phone(PHONE2, "+18765550199", region="JM")
    mention = Mention(report.id, PHONE2, start, start + 12, "876-555-0199", "PHONE", sentence)
    return report, Extraction(entities=[phone], mentions=[mention])


def test_the_first_analyst_to_ingest_a_case_owns_it(two_cases):
    assert two_cases.case_owner("ACKEE") == "a.analyst"
    assert two_cases.case_owner("OTHER") == "b.owner"


def test_a_watched_phone_named_in_a_later_ingest_raises_an_alert_for_the_watcher(two_cases, audit):
    watcher = session_of(two_cases, audit, "w.watcher")
    watch(watcher, "phone", "(876) 555-0199", case="ACKEE")
    assert alerts(watcher) == []
    ingest(session_of(two_cases, audit, "a.analyst"), *report_naming_phone2())
    found = alerts(watcher)
    assert len(found) == 1
    assert found[0].kind == "watch" and found[0].case == "ACKEE"
    assert "Stash house log" in found[0].message and "(876) 555-0199" in found[0].message
    assert alerts(session_of(two_cases, audit, "a.analyst")) == []  # the alert is the watcher's own


def test_a_watched_phone_in_imported_call_records_raises_an_alert(two_cases, audit):
    watcher = session_of(two_cases, audit, "w.watcher")
    watch(watcher, "phone", "876-555-0142", case="ACKEE")
    calls = [Call("+18765550142", "+18765550100", "2022-06-01T10:00:00", 60, "cdr.csv")]
    analyst = session_of(two_cases, audit, "a.analyst")
    two_cases.add_calls(calls)
    after_calls(analyst, calls, "ACKEE", USERS.get)
    assert [a.message for a in alerts(watcher)] == [
        "The phone you watch (876-555-0142) is named again: imported call records in case ACKEE."
    ]


def test_a_watcher_not_assigned_the_case_is_told_only_whom_to_contact(two_cases, audit):
    watcher = session_of(two_cases, audit, "w.watcher")
    watch(watcher, "phone", "876-555-0199", case="ACKEE")
    report, extraction = report_naming_phone2(case="OTHER")
    ingest(session_of(two_cases, audit, "b.owner"), report, extraction)
    (alert,) = alerts(watcher)
    assert "b.owner" in alert.message and "Stash house" not in alert.message and "OTHER" not in alert.message


def test_unwatching_stops_the_alerts(two_cases, audit):
    watcher = session_of(two_cases, audit, "w.watcher")
    item = watch(watcher, "phone", "876-555-0199")
    assert [w.id for w in watches(watcher)] == [item.id]
    assert unwatch(watcher, item.id)
    ingest(session_of(two_cases, audit, "a.analyst"), *report_naming_phone2())
    assert alerts(watcher) == []


def test_watching_something_that_is_not_a_phone_number_is_refused(two_cases, audit):
    with pytest.raises(StoreError, match="not a phone number"):
        watch(session_of(two_cases, audit, "w.watcher"), "phone", "call me")


def test_ingesting_a_phone_another_case_holds_says_only_which_case_and_whom_to_contact(two_cases, audit):
    told = ingest(session_of(two_cases, audit, "a.analyst"), *report_naming_phone2())
    assert [(t.other_case, t.owner, t.entity_id) for t in told] == [("OTHER", "b.owner", PHONE2)]
    message = told[0].message
    assert "OTHER" in message and "b.owner" in message
    for content in ("Ricky Grant", "Tip", "also uses", "tip.txt", "2022-05-20"):
        assert content not in message
    logged = [r for r in audit.records() if r.action == "deconfliction"]
    assert [(r.who, r.subject) for r in logged] == [("a.analyst", PHONE2)]


def test_the_other_cases_owner_is_told_who_ingested_it(two_cases, audit):
    ingest(session_of(two_cases, audit, "a.analyst"), *report_naming_phone2())
    (alert,) = alerts(session_of(two_cases, audit, "b.owner"))
    assert alert.kind == "deconfliction" and alert.case == "OTHER"
    assert "a.analyst" in alert.message and "ACKEE" in alert.message
    assert "Stash house" not in alert.message  # the owner learns who to expect a call from, not A's report


def test_a_user_who_sees_both_cases_is_not_deconflicted(two_cases, audit):
    admin = User("admin", "admin", ("*",), permissions=ANALYST)
    session = CaseSession(admin, guard(two_cases, admin, audit), audit)
    report, extraction = report_naming_phone2()
    session.store.ingest(report, extraction)
    assert after_ingest(session, [report.id], USERS.get) == []


def test_the_ingest_use_case_alerts_watchers_and_says_which_other_case_holds_a_phone(two_cases, audit):
    """Through casework.ingest (what `threadline ingest` and the Ingest page run), not by hand."""
    from casework.ingest import IngestOptions, ingest_reports

    watcher = session_of(two_cases, audit, "w.watcher")
    watch(watcher, "phone", "876-555-0199", case="ACKEE")
    report, extraction = report_naming_phone2()
    analyst = session_of(two_cases, audit, "a.analyst")
    outcome = ingest_reports(
        analyst.store,
        [("log.txt", report)],
        IngestOptions(case="ACKEE"),
        extractor=lambda reports, store, options, advance: ([extraction], []),
    )
    assert outcome.new == 1
    assert len(outcome.other_cases) == 1 and "b.owner" in outcome.other_cases[0]
    assert [a.kind for a in alerts(watcher)] == ["watch"]
    assert [a.kind for a in alerts(session_of(two_cases, audit, "b.owner"))] == ["deconfliction"]
