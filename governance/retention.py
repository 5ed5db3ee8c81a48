"""Retention review: every report has a review-by date; reports due are validated or purged.

The review-by date is set on ingest (``Report.review_by``: 5 years from ingest by default,
``[settings] review_years`` in the users file). A reviewer either *validates* a report (name,
date, reason; the review-by date moves forward) or *purges* it through the store, which
removes exactly what only that report supported. Both are written to the audit log; until
the stores can update a report's review-by date, validations are read back from the log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from governance.access import User
from governance.audit import AuditLog
from graph.errors import ThreadlineError
from graph.model import PurgeResult, Report

DEFAULT_REVIEW_YEARS = 5


class RetentionError(ThreadlineError):
    """A review step that cannot be done as asked; the message says why."""


def add_years(day: date, years: int) -> date:
    """``day`` plus whole years (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _as_date(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value[:10])
    except ValueError:
        return None


def default_review_by(report: Report, years: int = DEFAULT_REVIEW_YEARS) -> date:
    """The review-by date a report gets when none was set: ``years`` after it was ingested
    (or after today, for a report not yet stored)."""
    ingested = _as_date(report.ingested_at) or date.today()
    return add_years(ingested, years)


@dataclass(frozen=True)
class Validation:
    """A reviewer's decision to keep a report: who, when, why, and the new review-by date."""

    report_id: str
    reviewer: str
    at: str
    reason: str
    review_by: str  # ISO date


@dataclass(frozen=True)
class DueReport:
    """A report in the review queue, with the date it was due and any earlier validation."""

    report: Report
    review_by: date
    last_validation: Validation | None = None

    @property
    def overdue_days(self) -> int:
        return (date.today() - self.review_by).days


def validations(audit: AuditLog, report_id: str | None = None) -> list[Validation]:
    """Every validation recorded (for one report), oldest first."""
    found = []
    for record in audit.records(action="review-validate", subject=report_id):
        found.append(
            Validation(
                report_id=record.subject,
                reviewer=record.who,
                at=record.at,
                reason=record.reason,
                review_by=str(record.detail.get("review_by", "")),
            )
        )
    return found


def effective_review_by(
    report: Report, audit: AuditLog | None = None, years: int = DEFAULT_REVIEW_YEARS
) -> tuple[date, Validation | None]:
    """When a report is next due: the latest validation's date, else its own review-by date,
    else ``years`` after ingest."""
    last = None
    if audit is not None:
        found = validations(audit, report.id)
        last = found[-1] if found else None
    if last is not None and _as_date(last.review_by) is not None:
        return _as_date(last.review_by), last  # type: ignore[return-value]
    return _as_date(report.review_by) or default_review_by(report, years), last


def reports_due(
    store,
    on: date | str | None = None,
    audit: AuditLog | None = None,
    case: str | None = None,
    cases: Iterable[str] | None = None,
    years: int = DEFAULT_REVIEW_YEARS,
) -> list[DueReport]:
    """The review queue: reports whose review-by date is on or before ``on`` (default today),
    most overdue first. ``cases`` limits it to a user's cases (see ``access.visible_cases``)."""
    day = _as_date(on) if on is not None else date.today()
    if day is None:
        raise RetentionError(f"{on!r} is not a date: use YYYY-MM-DD")
    allowed = set(cases) if cases is not None else None
    due = []
    for report in store.reports(case):
        if allowed is not None and report.case not in allowed:
            continue
        review_by, last = effective_review_by(report, audit, years)
        if review_by <= day:
            due.append(DueReport(report, review_by, last))
    return sorted(due, key=lambda d: (d.review_by, d.report.id))


def validate(
    store,
    report_id: str,
    reviewer: User | str,
    reason: str,
    audit: AuditLog,
    years: int = DEFAULT_REVIEW_YEARS,
    on: date | None = None,
) -> Validation:
    """Keep a report for another ``years``: records the reviewer, the date and the reason.

    A reviewer given as a User needs the ``purge`` permission (retention decisions).
    """
    name = _reviewer_name(reviewer)
    if not reason or not reason.strip():
        raise RetentionError("A validation needs a reason: why is this report still needed?")
    report = _report_of_reviewer(store, report_id, reviewer)
    if report is None:
        raise RetentionError(f"No report {report_id!r}: list the queue with `threadline review due`")
    previous, _ = effective_review_by(report, audit, years)
    day = on or date.today()
    new_date = add_years(day, years)  # the review found it still needed today
    record = audit.record(
        name,
        "review-validate",
        subject=report_id,
        reason=reason.strip(),
        detail={"review_by": new_date.isoformat(), "previous_review_by": previous.isoformat(), "case": report.case},
    )
    return Validation(report_id, name, record.at, record.reason, new_date.isoformat())


def purge(store, report_id: str, reviewer: User | str, reason: str, audit: AuditLog) -> PurgeResult:
    """Purge one report (and what only it supported) through the store, and log it."""
    name = _reviewer_name(reviewer)
    if not reason or not reason.strip():
        raise RetentionError("A purge needs a reason (e.g. 'review: no longer necessary')")
    report = _report_of_reviewer(store, report_id, reviewer)
    if report is None:
        raise RetentionError(f"No report {report_id!r} to purge")
    # The log is locked before the store is touched (a log that cannot be written refuses the purge),
    # and the purge commits in one transaction of the store with its record (governance.audit).
    with audit.writing(
        name, "purge", subject=report_id, reason=reason.strip(), detail={"case": report.case}, store=store
    ) as entry:
        result = store.purge_report(report_id)
        entry.detail.update(
            entities_removed=result.entities_removed,
            links_removed=result.links_removed,
            mentions_removed=result.mentions_removed,
        )
    return result


def purge_due(
    store,
    reviewer: User | str,
    reason: str,
    audit: AuditLog,
    on: date | str | None = None,
    report_ids: Iterable[str] | None = None,
    cases: Iterable[str] | None = None,
    years: int = DEFAULT_REVIEW_YEARS,
) -> list[PurgeResult]:
    """Purge the reports due on ``on`` (only ``report_ids`` among them, when given)."""
    _reviewer_name(reviewer)
    chosen = set(report_ids) if report_ids is not None else None
    results = []
    for item in reports_due(store, on=on, audit=audit, cases=cases, years=years):
        if chosen is None or item.report.id in chosen:
            results.append(purge(store, item.report.id, reviewer, reason, audit))
    return results


def _report_of_reviewer(store, report_id: str, reviewer: User | str):
    """The report, or None when it does not exist or is in a case the reviewer (a User) is not
    assigned: retention decisions are scoped by case, and another case's report answers like a
    missing one."""
    report = store.get_report(report_id)
    if report is not None and isinstance(reviewer, User) and not reviewer.sees_case(report.case):
        return None
    return report


def _reviewer_name(reviewer: User | str) -> str:
    if isinstance(reviewer, User):
        reviewer.require("purge")
        return reviewer.name
    if not reviewer or not reviewer.strip():
        raise RetentionError("A review decision needs the reviewer's name")
    return reviewer.strip()


def review_by_on_ingest(ingested: date | None = None, years: int = DEFAULT_REVIEW_YEARS) -> str:
    """The review-by date to store with a report ingested on ``ingested`` (default today)."""
    return add_years(ingested or date.today(), years).isoformat()


__all__ = [
    "DueReport",
    "RetentionError",
    "Validation",
    "default_review_by",
    "effective_review_by",
    "purge",
    "purge_due",
    "reports_due",
    "review_by_on_ingest",
    "validate",
    "validations",
]
