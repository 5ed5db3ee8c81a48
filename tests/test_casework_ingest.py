"""The one ingest pipeline: grade, date, extract, resolve and store, the same from every front end."""

from __future__ import annotations

from datetime import date

import pytest

from casework.ingest import IngestOptions, IngestProgress, ingest_reports
from governance.access import DEFAULT_ROLES, PermissionDenied, User
from governance.audit import AuditLog
from governance.grading import scheme_named
from governance.guard import LOCAL_ANALYST, guard
from governance.retention import add_years
from graph.embedded import EmbeddedStore
from graph.model import Extraction, Report


def nothing_found(reports, store, options, advance):
    """An extractor that finds nothing: the pipeline's other steps are what these tests look at."""
    advance(len(reports))
    return [Extraction() for _ in reports], []


@pytest.fixture
def case(tmp_path):
    store, audit = EmbeddedStore(tmp_path / "case.db"), AuditLog(tmp_path / "audit.db")
    yield store, audit
    store.close()
    audit.close()


def reports(*texts: str) -> list[tuple[str, Report]]:
    return [(f"report-{n}.txt", Report.from_text(text)) for n, text in enumerate(texts, start=1)]


def test_every_report_gets_the_case_grading_and_a_review_date_from_retention(case):
    store, audit = case
    options = IngestOptions(case="ACKEE", grading="B2", review_years=3, scheme=scheme_named())
    outcome = ingest_reports(guard(store, LOCAL_ANALYST, audit), reports("A tip.", "Another tip."), options,
                             extractor=nothing_found)  # fmt: skip
    assert outcome.new == 2 and outcome.failures == []
    for report in store.reports():
        assert (report.case, str(report.grading)) == ("ACKEE", "B2")
        assert date.fromisoformat(report.review_by) == add_years(date.today(), 3)


def test_a_grading_the_scheme_refuses_is_a_problem_naming_each_file_and_nothing_is_stored(case):
    store, audit = case
    options = IngestOptions(case="ACKEE", handling_code="9", scheme=scheme_named("5x5x5"))
    outcome = ingest_reports(guard(store, LOCAL_ANALYST, audit), reports("A tip.", "Another."), options,
                             extractor=nothing_found)  # fmt: skip
    assert outcome.new == 0 and [p.path for p in outcome.failures] == ["report-1.txt", "report-2.txt"]
    assert all(p.path in p.reason for p in outcome.failures) and store.reports() == []


def test_replacing_the_headers_grading_is_logged_as_a_grading_change_by_the_acting_user(case):
    store, audit = case
    batch = reports("INTEL REPORT\nGrading: C3\n\nMarcia Dunbar recruited a girl.")
    options = IngestOptions(case="ACKEE", grading="B2", scheme=scheme_named())
    ingest_reports(guard(store, LOCAL_ANALYST, audit), batch, options, extractor=nothing_found)
    (change,) = audit.records(action="grading-change")
    assert change.who == LOCAL_ANALYST.name and (change.detail["from"], change.detail["to"]) == ("C3", "B2")


def test_an_ingest_into_a_case_the_user_is_not_assigned_is_refused_before_anything_is_stored(case):
    store, audit = case
    elsewhere = User("o.only", "analyst", ("OTHER",), permissions=DEFAULT_ROLES["analyst"])
    with pytest.raises(PermissionDenied):
        ingest_reports(guard(store, elsewhere, audit), reports("A tip."), IngestOptions(case="ACKEE"),
                       extractor=nothing_found)  # fmt: skip
    assert store.reports() == []


def test_progress_is_reported_stage_by_stage(case):
    store, audit = case
    seen: list[tuple[str, int]] = []
    progress = IngestProgress(advance=lambda stage, n: seen.append((stage, n)))
    ingest_reports(guard(store, LOCAL_ANALYST, audit), reports("One.", "Two."), IngestOptions(case="ACKEE"),
                   progress, extractor=nothing_found)  # fmt: skip
    assert seen == [("extracting", 2), ("storing", 2)]
