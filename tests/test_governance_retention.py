"""Retention review: reports come due at their review-by date and are validated or purged."""

from __future__ import annotations

from datetime import date

import pytest

from governance.access import DEFAULT_ROLES, PermissionDenied, User
from governance.audit import AuditLog
from governance.retention import (
    RetentionError,
    add_years,
    default_review_by,
    purge_due,
    reports_due,
    validate,
    validations,
)
from graph.model import Extraction, Report
from tests.case_builder import build_case


@pytest.fixture
def audit(tmp_path):
    with AuditLog(tmp_path / "audit.db") as log:
        yield log


@pytest.fixture
def case(embedded_store):
    """The hand-built case with review-by dates 2024, 2026 and 2031."""
    for item, review_by in zip(build_case(), ("2024-01-15", "2026-03-02", "2031-05-20"), strict=True):
        item.report.review_by = review_by
        embedded_store.ingest(item.report, item.extraction)
    return embedded_store


def titles(due) -> list[str]:
    return [d.report.title for d in due]


def test_a_new_report_is_due_five_years_after_ingest(embedded_store):
    from casework.ingest import IngestOptions, govern_report

    report, _ = govern_report(Report.from_text("Tip: a van at the Negril roundabout.", case="ACKEE"), IngestOptions())
    embedded_store.ingest(report, Extraction())
    stored = embedded_store.get_report(report.id)
    assert date.fromisoformat(stored.review_by) == add_years(date.today(), 5)


def test_a_stored_report_without_a_review_date_is_due_five_years_after_it_was_ingested(embedded_store):
    report = Report.from_text("Tip: a van at the Negril roundabout.", case="ACKEE")
    embedded_store.ingest(report, Extraction())
    stored = embedded_store.get_report(report.id)
    assert default_review_by(stored) == add_years(date.fromisoformat(stored.ingested_at[:10]), 5)


def test_the_review_period_is_configurable():
    report = Report.from_text("x", ingested_at="2025-02-28T10:00:00+00:00")
    assert default_review_by(report, years=7) == date(2032, 2, 28)


def test_a_leap_day_review_falls_on_the_28th():
    assert add_years(date(2024, 2, 29), 5) == date(2029, 2, 28)


def test_the_queue_lists_reports_due_most_overdue_first(case):
    assert titles(reports_due(case, on="2026-06-01")) == ["Intel 1", "Interview"]


def test_the_queue_can_be_limited_to_a_users_cases(case):
    assert titles(reports_due(case, on="2032-01-01", cases=["OTHER"])) == ["Tip"]


def test_validating_moves_the_report_out_of_the_queue(case, audit):
    intel = reports_due(case, on="2026-06-01")[0].report
    kept = validate(case, intel.id, "j.campbell", "linked to an open prosecution", audit, on=date(2026, 6, 1))
    assert kept.review_by == "2031-06-01"
    assert titles(reports_due(case, on="2026-06-01", audit=audit)) == ["Interview"]
    assert "Intel 1" in titles(reports_due(case, on="2031-06-01", audit=audit))
    assert "Intel 1" not in titles(reports_due(case, on="2031-05-31", audit=audit))


def test_a_validation_records_reviewer_date_and_reason(case, audit):
    intel = reports_due(case, on="2026-06-01")[0].report
    validate(case, intel.id, "j.campbell", "linked to an open prosecution", audit)
    (recorded,) = validations(audit, intel.id)
    assert (recorded.reviewer, recorded.reason) == ("j.campbell", "linked to an open prosecution")
    assert recorded.at[:10] == date.today().isoformat()
    assert audit.records(action="review-validate")[0].detail["previous_review_by"] == "2024-01-15"


def test_a_validation_needs_a_reason(case, audit):
    intel = reports_due(case, on="2026-06-01")[0].report
    with pytest.raises(RetentionError, match="reason"):
        validate(case, intel.id, "j.campbell", "", audit)


def test_an_analyst_may_not_decide_retention():
    analyst = User("a.brown", "analyst", ("*",), permissions=DEFAULT_ROLES["analyst"])
    with pytest.raises(PermissionDenied):
        validate(None, "R_x", analyst, "keep", None)


def test_purging_due_reports_removes_exactly_what_only_they_supported(case, audit):
    purged = purge_due(case, "admin", "review: no longer necessary", audit, on="2026-06-01")
    assert len(purged) == 2 and all(p.found for p in purged)
    assert [r.title for r in case.reports()] == ["Tip"]
    remaining = {e.id for e in case.entities()}
    assert remaining == {"P_ricky_grant", "PH_+18765550199"}  # the Tip report still names them
    assert [r.action for r in audit.records()] == ["purge", "purge"]
    assert all(r.reason == "review: no longer necessary" for r in audit.records())


def test_purging_only_the_chosen_report_leaves_the_other_due_one(case, audit):
    due = reports_due(case, on="2026-06-01")
    purge_due(case, "admin", "review", audit, on="2026-06-01", report_ids=[due[1].report.id])
    assert sorted(r.title for r in case.reports()) == ["Intel 1", "Tip"]
