"""The analyst's hand on the graph: confirm, reject, correct and add links; mark entities false, correct
their kind, add them; notes; saved views.

Each use case takes the acting session (its ``store`` is the case as the user may see it: the guard
checks the ``merge`` permission and the user's cases, and writes the audit log) and returns what the
store recorded. The command line (``threadline link|entity|note|view``) and the workspace (evidence
panel, profile, graph) both call these, so a decision is the same whichever way it was made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.link_table import entity_id_for
from graph.decisions import EntityDecision, LinkDecision, Note, SavedView, link_status
from graph.model import Link, LinkFilter, Subgraph
from graph.store import StoreError

if TYPE_CHECKING:
    from casework.session import CaseSession


def confirm_link(
    session: CaseSession, link_type: str, source: str, target: str, report_id: str | None = None, reason: str = ""
) -> LinkDecision:
    """Mark a link analyst-confirmed (in one report, or wherever it is found)."""
    return session.store.decide_link(LinkDecision("", "confirm", link_type, source, target, report_id, reason=reason))


def reject_link(
    session: CaseSession, link_type: str, source: str, target: str, reason: str, report_id: str | None = None
) -> LinkDecision:
    """Take a false link out of analysis, paths, exports and the graph (kept, with the reason, and reversible)."""
    return session.store.decide_link(LinkDecision("", "reject", link_type, source, target, report_id, reason=reason))


def correct_link(
    session: CaseSession,
    link_type: str,
    source: str,
    target: str,
    *,
    new_type: str | None = None,
    new_source: str | None = None,
    new_target: str | None = None,
    reverse: bool = False,
    report_id: str | None = None,
    reason: str = "",
) -> LinkDecision:
    """Change a link's type, direction (``reverse``) or an end; the corrected link keeps its evidence."""
    if reverse:
        new_source, new_target = new_target or target, new_source or source
    return session.store.decide_link(
        LinkDecision(
            "",
            "correct",
            link_type,
            source,
            target,
            report_id,
            reason=reason,
            new_type=new_type,
            new_source=new_source,
            new_target=new_target,
        )
    )


def add_link(
    session: CaseSession,
    link_type: str,
    source: str,
    target: str,
    *,
    report_id: str | None = None,
    sentence: str = "",
    note: str = "",
    grading: str = "",
    case: str = "",
    reason: str = "",
) -> LinkDecision:
    """Add a link by hand, citing a report and its sentence, or a free note, with the analyst's grading."""
    return session.store.decide_link(
        LinkDecision(
            "",
            "add",
            link_type,
            source,
            target,
            report_id,
            reason=reason,
            case=case,
            sentence=sentence,
            note=note,
            grading=grading,
        )
    )


def undo_link_decision(session: CaseSession, decision_id: str) -> LinkDecision:
    return session.store.undo_link_decision(decision_id)


def reject_entity(session: CaseSession, entity_id: str, reason: str) -> EntityDecision:
    """Mark an entity false: it and its links leave analysis (reversible)."""
    return session.store.decide_entity(EntityDecision("", "false", entity_id, reason=reason))


def correct_kind(session: CaseSession, entity_id: str, kind: str, reason: str = "") -> EntityDecision:
    return session.store.decide_entity(EntityDecision("", "kind", entity_id, reason=reason, kind=kind))


def add_entity(session: CaseSession, kind: str, name: str, case: str = "", reason: str = "") -> EntityDecision:
    """Create an entity by hand (its id made as the extractor would make it, from its kind and name)."""
    entity_id, name = entity_id_for(kind, name)
    return session.store.decide_entity(
        EntityDecision("", "add", entity_id, reason=reason, case=case, kind=kind, name=name)
    )


def undo_entity_decision(session: CaseSession, decision_id: str) -> EntityDecision:
    return session.store.undo_entity_decision(decision_id)


def link_decisions(session: CaseSession) -> list[LinkDecision]:
    return session.store.link_decisions()


def entity_decisions(session: CaseSession) -> list[EntityDecision]:
    return session.store.entity_decisions()


def status_of(session: CaseSession, link: Link) -> str:
    """ "confirmed", "analyst" (added or corrected by an analyst) or "" for a link the user sees."""
    return link_status(link, session.store.link_decisions())


@dataclass
class RejectedLink:
    """A link held out of the graph by a decision: what "show rejected" draws, and why it is out."""

    link: Link
    decision_id: str
    reason: str
    by: str
    at: str


def rejected_links(session: CaseSession, entity_ids: set[str] | None = None) -> list[RejectedLink]:
    """The rejected (or corrected) links, among ``entity_ids`` when given, each with its decision."""
    decisions = {d.id: d for d in session.store.link_decisions()}
    decisions.update({d.id: d for d in session.store.entity_decisions()})  # type: ignore[misc]
    found = []
    for held in session.store.held_links():
        if entity_ids is not None and not {held.link.source, held.link.target} <= entity_ids:
            continue
        decision = decisions.get(held.decision_id)
        found.append(
            RejectedLink(
                held.link,
                held.decision_id,
                getattr(decision, "reason", ""),
                getattr(decision, "by", ""),
                getattr(decision, "at", ""),
            )
        )
    return found


# -- notes ----------------------------------------------------------------------------------


def add_note(session: CaseSession, subject_kind: str, subject: str, text: str, case: str = "") -> Note:
    """A plain-text note on an entity, a link (``TYPE|source|target``) or a report."""
    return session.store.add_note(Note("", subject_kind, subject, text, case=case))


def notes(session: CaseSession, subject: str | None = None, text: str | None = None) -> list[Note]:
    """Notes (on one subject; containing ``text``), oldest first."""
    return session.store.notes(subject, text)


def link_subject(link_type: str, source: str, target: str) -> str:
    """How a note names the link it is about."""
    return f"{link_type}|{source}|{target}"


# -- saved views ------------------------------------------------------------------------------


def save_view(
    session: CaseSession,
    name: str,
    entities: list[str],
    hops: int = 1,
    filters: LinkFilter | None = None,
    layout: dict[str, list[float]] | None = None,
    case: str = "",
) -> SavedView:
    """Save a named selection (entities, hops, filters, pinned layout) in the case, for its users."""
    kept = {k: v for k, v in vars(filters or LinkFilter()).items() if v not in (None, 0.0, True, [])}
    return session.store.save_view(SavedView(name, case, list(entities), hops, kept, dict(layout or {})))


def views(session: CaseSession, case: str | None = None) -> list[SavedView]:
    return session.store.views(case)


def open_view(session: CaseSession, name: str, case: str | None = None) -> tuple[SavedView, Subgraph]:
    """A saved view and the part of the graph it selects, as the user may see it now."""
    view = session.store.get_view(name, case)
    if view is None:
        raise StoreError(f"No saved view {name!r}: `threadline view list` shows them")
    filters = LinkFilter(**view.filters)
    return view, session.store.neighbourhood(view.entities, hops=view.hops, filters=filters)
