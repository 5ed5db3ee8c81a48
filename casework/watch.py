"""Watchlists, alerts and cross-case deconfliction.

An analyst watches a person, phone, plate, e-mail address or handle (:func:`watch`). Every later ingest
(reports, link lists, call records) calls :func:`after_ingest` or :func:`after_calls`, which

* raises an alert for each watcher whose identifier the new material names. A watcher assigned the
  case it came in sees which report; a watcher who is not is told only that another case holds it
  and whom to contact (need-to-know);
* deconflicts: when an identifier the user just ingested is also held by a case the user may not
  see, the user is told only that that case holds it and whom to contact (the case's owner), never
  anything of that case; the owner is alerted too, and both are written to the audit log.

The first user to ingest into a case becomes its owner unless one was set (``threadline case owner``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.calls import normalise_number
from extract.link_table import entity_id_for
from governance.access import ALL_CASES, User
from graph.decisions import WATCHABLE_KINDS, Alert, Watch
from graph.model import Call
from graph.phones import phone_entity_id
from graph.store import GraphStore, StoreError

if TYPE_CHECKING:
    from casework.session import CaseSession

#: Kinds whose value identifies one real-world thing: what deconfliction compares across cases.
IDENTIFIER_KINDS = ("PHONE", "EMAIL", "VEHICLE", "HANDLE")

KIND_WORDS = {"PERSON": "person", "PHONE": "phone", "VEHICLE": "plate", "EMAIL": "e-mail address", "HANDLE": "handle"}

NO_OWNER = "the administrator (the case has no recorded owner)"


@dataclass
class Deconfliction:
    """What the user who ingested an identifier is told: which other case holds it and whom to contact."""

    entity_id: str  # the identifier as it stands in the user's own report
    kind: str
    other_case: str
    owner: str
    message: str


# -- watches ------------------------------------------------------------------------------------


def watch(session: CaseSession, kind: str, value: str, case: str = "") -> Watch:
    """Watch an identifier: a phone in any format, a plate, an e-mail address, a handle, or a person's
    name or id. Raises StoreError when it cannot be found in the user's cases (a phone need not be)."""
    kind = kind.upper()
    if kind == "PLATE":
        kind = "VEHICLE"
    if kind not in WATCHABLE_KINDS:
        raise StoreError(f"Cannot watch a {kind.lower()}: watch one of person, phone, plate, email, handle")
    entity_id = _watched_id(session, kind, value)
    return session.store.add_watch(Watch("", session.user.name, kind, entity_id, value, case))


def _watched_id(session: CaseSession, kind: str, value: str) -> str:
    known = session.store.get_entity(value)
    if known is not None and known.kind == kind:
        return value
    if kind == "PHONE":
        try:
            return phone_entity_id(normalise_number(value, "JM"))
        except ValueError as error:
            raise StoreError(f"{value!r} is not a phone number") from error
    hits = [h for h in session.store.search(value, kinds=[kind], limit=1) if h.score >= 0.99]
    if hits:
        return hits[0].entity.id
    try:
        return entity_id_for(kind, value)[0]  # not in the case yet: watched for when it comes
    except ValueError as error:
        raise StoreError(str(error)) from error


def watches(session: CaseSession) -> list[Watch]:
    return session.store.watches(session.user.name)


def unwatch(session: CaseSession, watch_id: str) -> bool:
    return session.store.remove_watch(watch_id)


def alerts(session: CaseSession, unseen_only: bool = False) -> list[Alert]:
    """The user's alerts, oldest first."""
    return session.store.alerts(session.user.name, unseen_only)


def mark_seen(session: CaseSession, alert_id: str) -> None:
    session.store.mark_alert_seen(alert_id)


# -- after an ingest ----------------------------------------------------------------------------


def after_ingest(
    session: CaseSession, report_ids: Iterable[str], users: Callable[[str], User | None] | None = None
) -> list[Deconfliction]:
    """Raise the watchers' alerts and deconflict the identifiers of newly stored reports.

    ``users`` finds a watcher or owner by name (their cases decide what an alert may say); without it
    every watcher is treated as seeing only the cases their watch was made in. Returns what the acting
    user must be told about other cases. With no watches and no case hidden from the user, nothing is
    read beyond the reports' cases (a big ingest pays for what it needs only).
    """
    inner: GraphStore = session.case_store
    wanted = set(report_ids)
    if not wanted:
        return []
    case_of = {r.id: r.case for r in inner.reports() if r.id in wanted}
    for case in sorted(set(case_of.values())):
        _claim_case(session, inner, case)
    watches = inner.watches()
    hidden_cases = _cases_hidden_from(session.user, inner, set(case_of.values()))
    if not watches and not hidden_cases:
        return []
    named: dict[str, list[tuple[str, str]]] = {}  # entity id -> [(report id, case)]
    for report_id, case in case_of.items():
        for mention in inner.mentions_in(report_id):
            named.setdefault(mention.entity_id, []).append((report_id, case))
    _alert_watchers(session, inner, named, users, watches)
    return _deconflict(session, inner, named, hidden_cases)


def after_calls(
    session: CaseSession, calls: Iterable[Call], case: str, users: Callable[[str], User | None] | None = None
) -> list[Deconfliction]:
    """The same for imported call records (they belong to ``case``): their phones are what is named."""
    inner: GraphStore = session.case_store
    _claim_case(session, inner, case)
    named: dict[str, list[tuple[str, str]]] = {}
    for call in calls:
        for number in (call.caller, call.callee):
            named.setdefault(phone_entity_id(number), [("", case)])
    watches = inner.watches()
    hidden_cases = _cases_hidden_from(session.user, inner, {case})
    if watches:
        _alert_watchers(session, inner, named, users, watches)
    return _deconflict(session, inner, named, hidden_cases) if hidden_cases else []


def _cases_hidden_from(user: User, inner: GraphStore, mine: set[str]) -> list[str]:
    """The other cases of the store that ``user`` may not see (none for a user of every case)."""
    if ALL_CASES in user.cases:
        return []
    return [c for c in inner.stats().cases if c not in mine and c not in user.cases]


def _claim_case(session: CaseSession, inner: GraphStore, case: str) -> None:
    if case and inner.case_owner(case) is None:
        inner.set_case_owner(case, session.user.name)


def _sees(user: User | None, case: str, fallback_cases: Iterable[str]) -> bool:
    if user is None:
        return case in set(fallback_cases)
    return ALL_CASES in user.cases or case in user.cases


def _alert_watchers(
    session: CaseSession,
    inner: GraphStore,
    named: dict[str, list[tuple[str, str]]],
    users: Callable[[str], User | None] | None,
    watches: list[Watch],
) -> None:
    if not named or not watches:
        return
    current = {entity_id: _current(inner, entity_id) for entity_id in named}
    by_current: dict[str, list[tuple[str, str]]] = {}
    for entity_id, places in named.items():
        by_current.setdefault(current[entity_id], []).extend(places)
    for item in watches:
        places = by_current.get(_current(inner, item.value))
        if not places:
            continue
        watcher = users(item.user) if users is not None else None
        word = KIND_WORDS.get(item.kind, item.kind.lower())
        for report_id, case in dict.fromkeys(places):
            if _sees(watcher, case, [item.case]):
                report = inner.get_report(report_id) if report_id else None
                where = f"report {report.title or report.id}" if report is not None else "imported call records"
                message = f"The {word} you watch ({item.label}) is named again: {where} in case {case}."
                alert = Alert("", item.user, "watch", item.value, message, case, report_id)
            else:
                owner = inner.case_owner(case) or NO_OWNER
                message = f"The {word} you watch ({item.label}) is held by another case. Contact {owner}."
                alert = Alert("", item.user, "watch", item.value, message, item.case)
            detail = {"kind": "watch", "case": case}
            with session.audit.writing(item.user, "alert", subject=item.id, detail=detail, store=inner):
                inner.raise_alert(alert)


def _deconflict(
    session: CaseSession, inner: GraphStore, named: dict[str, list[tuple[str, str]]], hidden_cases: list[str]
) -> list[Deconfliction]:
    """Tell the user (and each other case's owner) about identifiers a case hidden from them also holds."""
    held_by = {case: {e.id for e in inner.entities(list(IDENTIFIER_KINDS), case=case)} for case in hidden_cases}
    told: list[Deconfliction] = []
    user = session.user
    for entity_id, places in named.items():
        holders = [case for case in hidden_cases if entity_id in held_by[case]]
        if not holders:
            continue
        entity = inner.get_entity(entity_id)
        if entity is None:
            continue
        mine = {case for _, case in places}
        word = KIND_WORDS.get(entity.kind, entity.kind.lower())
        for other in holders:
            owner = inner.case_owner(other) or NO_OWNER
            message = (
                f"Another case ({other}) also holds the {word} {entity.name}. Contact {owner} before acting; "
                "nothing of that case is shown to you."
            )
            shown = session.store.redact(message)  # an address may spell a hidden victim's name
            told.append(Deconfliction(session.store.outer_id(entity_id), entity.kind, other, owner, shown))
            session.audit.record(
                user.name, "deconfliction", subject=entity.id, detail={"other_case": other, "owner": owner}
            )
            if owner != NO_OWNER:
                cases = ", ".join(sorted(mine))
                alert = Alert(
                    "",
                    owner,
                    "deconfliction",
                    entity.id,
                    f"{user.name} (case {cases}) has just ingested the {word} {entity.name}, which your case "
                    f"{other} holds. They were told to contact you.",
                    other,
                )
                detail = {"kind": "deconfliction", "case": other}
                with session.audit.writing(owner, "alert", subject=entity.id, detail=detail, store=inner):
                    inner.raise_alert(alert)
    return told


def _current(inner: GraphStore, entity_id: str) -> str:
    entity = inner.get_entity(entity_id)
    return entity.id if entity is not None else entity_id
