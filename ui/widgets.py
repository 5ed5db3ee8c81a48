"""Streamlit building blocks the pages share: entity search, link filters, evidence panel, reveal, views of the case."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from typing import Any

import streamlit as st

from governance.access import AccessError
from governance.grading import assessment_label, evidence_support, scheme_named
from governance.guard import GuardedStore
from governance.redaction import RevealError
from graph.model import ENTITY_KINDS, LINK_TYPES, NODE_LABELS, Entity, Evidence, Grading, LinkFilter, Subgraph
from graph.store import GraphStore
from render.highlight import evidence_html, highlight_sentence
from ui.focus import entity_label, neighbour_sets
from ui.text import plain, quoted

ANY = "any"


def keyed(base: str, *shown: object) -> str:
    """A widget key tied to what the widget shows (a query, an entity id, a view).

    A selectbox keeps its position and label across reruns under one key; when its options
    are the answer to a query, a new query must get a new widget, or the old position would
    pick a different entity from the new list. Same parts, same key (so going back to a
    query finds its choice again).
    """
    digest = hashlib.blake2s(repr(shown).encode("utf-8"), digest_size=6).hexdigest()
    return f"{base}_{digest}"


def entity_search(store: GraphStore, label: str, key: str, kinds: list[str] | None = None) -> Entity | None:
    """A search box and a pick-list of matches; returns the chosen entity (or None).

    The pick-list's key is the query's and its answer's (:func:`keyed`) and its options are
    entity ids, so the entity returned is always one of the matches of what is in the box now,
    and a new answer to the same words (after a merge or a reveal) starts at its best match.
    """
    query = st.text_input(label, key=f"{key}_query", placeholder="A name, alias or phone number")
    text = " ".join(query.split())
    if not text:
        return None
    hits = store.search(text, kinds=kinds, limit=15)
    if not hits:
        st.info(f"Nothing in the case matches {quoted(text)}. Try part of a name, an alias or a number.")
        return None
    by_id = {hit.entity.id: hit for hit in hits}
    choice = st.selectbox(
        "Matches",
        options=list(by_id),
        format_func=lambda i: (
            entity_label(by_id[i].entity)
            + (f" — matched “{by_id[i].matched}”" if by_id[i].matched != by_id[i].entity.name else "")
        ),
        key=keyed(f"{key}_pick", text, tuple(kinds or ()), tuple(by_id)),  # a new answer starts at its best match
    )
    return by_id[choice].entity if choice in by_id else None


def link_filter_controls(key: str, cases: list[str] | None = None, in_url: bool = False) -> LinkFilter:
    """Filters by entity kind, relation type, report date, confidence and grading.

    With ``in_url`` the entity kinds, relation types and minimum grading are read from and
    written to the query string (``kinds=…&types=…&grade=…``) so a shared link shows the same view.
    """
    from ui.navigation import keep_in_url, url_value

    def from_url(name: str, allowed: list[str]) -> list[str]:
        asked = [v for v in (url_value(name) or "").split(",") if v in allowed] if in_url else []
        return asked or list(allowed)

    with st.expander("Filters", expanded=False):
        kinds = st.multiselect(
            "Entity kinds",
            ENTITY_KINDS,
            default=from_url("kinds", list(ENTITY_KINDS)),
            format_func=lambda k: NODE_LABELS[k],
            key=f"{key}_kinds",
        )
        types = st.multiselect(
            "Relation types", LINK_TYPES, default=from_url("types", list(LINK_TYPES)), key=f"{key}_types"
        )
        include_calls = st.checkbox("Include phone calls", value=True, key=f"{key}_calls")
        use_dates = st.checkbox("Only evidence reported between two dates", key=f"{key}_use_dates")
        since = until = None
        if use_dates:
            dates = st.date_input("Reported between", value=(date(2000, 1, 1), date.today()), key=f"{key}_dates")
            if isinstance(dates, tuple | list) and len(dates) == 2:
                since, until = dates[0].isoformat(), dates[1].isoformat()
        confidence = st.slider("Minimum confidence", 0.0, 1.0, 0.0, 0.05, key=f"{key}_conf")
        grading = grading_filter(key, url_value("grade") if in_url else None)
        case = None
        if cases and len(cases) > 1:
            picked = st.selectbox("Case", ["all cases", *cases], key=f"{key}_case")
            case = None if picked == "all cases" else picked
    if in_url:
        keep_in_url(
            kinds=",".join(kinds) if set(kinds) != set(ENTITY_KINDS) else None,
            types=",".join(types) if set(types) != set(LINK_TYPES) else None,
            grade=grading,
        )
    return LinkFilter(
        kinds=None if set(kinds) == set(ENTITY_KINDS) else list(kinds),
        link_types=None if set(types) == set(LINK_TYPES) else list(types),
        since=since,
        until=until,
        min_confidence=confidence,
        min_grading=grading,
        case=case,
        include_calls=include_calls,
    )


def restore_filters(key: str, saved: Mapping[str, Any]) -> None:
    """Set the widgets of :func:`link_filter_controls` (under ``key``) to a saved view's filters
    (``LinkFilter`` fields; a missing field is no restriction). Call it before the widgets are drawn."""
    state = st.session_state
    state[f"{key}_kinds"] = list(saved.get("kinds") or ENTITY_KINDS)
    state[f"{key}_types"] = list(saved.get("link_types") or LINK_TYPES)
    state[f"{key}_calls"] = bool(saved.get("include_calls", True))
    since, until = saved.get("since"), saved.get("until")
    state[f"{key}_use_dates"] = bool(since or until)
    if since or until:
        state[f"{key}_dates"] = (
            date.fromisoformat(since) if since else date(2000, 1, 1),
            date.fromisoformat(until) if until else date.today(),
        )
    state[f"{key}_conf"] = float(saved.get("min_confidence") or 0.0)
    grade = Grading.parse(saved.get("min_grading"))
    state[f"{key}_grading_source"] = grade.source or ANY
    state[f"{key}_grading_information"] = grade.information or ANY
    state[f"{key}_case"] = saved.get("case") or "all cases"


def grading_filter(key: str, start: str | None = None) -> str | None:
    """Minimum source and information grades in the deployment's scheme (Admiralty A-F / 1-6, or
    UK 5x5x5 A-E / 1-5), each with its meaning; returns e.g. ``"B2"``, ``"B"``, ``"2"`` or None.
    ``start`` (e.g. from a shared link) is the first choice shown."""
    scheme = scheme_named()
    sources, informations = dict(scheme.source_grades), dict(scheme.information_grades)
    first = Grading.parse(start)
    cols = st.columns(2)
    source = cols[0].selectbox(
        f"Source at least ({scheme.title})",
        [ANY, *sources],
        index=1 + list(sources).index(first.source) if first.source in sources else 0,
        format_func=lambda g: g if g == ANY else f"{g}: {sources[g]}",
        key=f"{key}_grading_source",
    )
    information = cols[1].selectbox(
        "Information at least",
        [ANY, *informations],
        index=1 + list(informations).index(first.information) if first.information in informations else 0,
        format_func=lambda g: g if g == ANY else f"{g}: {informations[g]}",
        key=f"{key}_grading_information",
    )
    chosen = (source if source != ANY else "") + (information if information != ANY else "")
    return chosen or None


def evidence_panel(store: GraphStore, evidence: list[Evidence], key: str = "evidence") -> None:
    """Each piece of evidence: the sentence in its report context, the report, its grading, a way to
    open the report at that sentence, and what the link rests on altogether (weakest grading,
    independent reports)."""
    if not evidence:
        st.info("No evidence recorded for this link.")
        return
    st.caption("This link rests on: " + plain(evidence_support(evidence).describe()))
    for number, item in enumerate(evidence):
        evidence_item(store, item, keyed(key, item.report_id, item.start, number))


def evidence_item(store: GraphStore, item: Evidence, key: str) -> None:
    """One piece of evidence: its sentence in context, where it comes from, and "Open the report"."""
    report = store.get_report(item.report_id)
    title = item.report_title or (report.title if report else item.report_id)
    if isinstance(store, GuardedStore):  # offsets point into the original text: redact piece by piece
        context = evidence_html(store.readable_report(item.report_id), item)
    else:
        context = highlight_sentence(report.text if report else "", item.start, item.end, item.sentence)
    st.html(f'<div class="threadline-evidence">{context}</div>')  # escaped by render.highlight
    cols = st.columns([5, 1])
    cols[0].caption(
        f"{plain(title)} · reported {item.reported_at or 'date unknown'} · grading {item.grading} · "
        f"confidence {item.confidence:.2f} · {item.method} ({assessment_label(item.method)})"
    )
    if report is not None and cols[1].button("Open the report", key=key, help="Read the report at this sentence"):
        from ui.navigation import RowTarget, follow

        follow(RowTarget(report_id=item.report_id, sentence=item.sentence))


def reveal_control(store: GuardedStore) -> None:
    """Sidebar: reveal one hidden victim's name to yourself, with a stated reason (audited)."""
    if not store.user.can("reveal_victims"):
        return
    hidden = store.hidden_victims()
    if not hidden:
        return
    with st.sidebar.expander("Reveal a victim's identity"):
        st.caption("Only for a stated need (e.g. preparing her witness statement). Every reveal is audited.")
        pick = st.selectbox(
            "Victim",
            [v.id for v in hidden],
            format_func=lambda i: next(v.name for v in hidden if v.id == i),
            key="reveal_pick",
        )
        reason = st.text_input("Reason", key="reveal_reason")
        if st.button("Reveal", key="reveal_go", disabled=not reason.strip()):
            try:
                store.reveal(pick, reason)
            except (AccessError, RevealError) as error:
                st.error(plain(str(error)))
            else:
                st.rerun()


def missing_neighbours(reads, view, filters: LinkFilter | None = None) -> dict[str, int]:  # noqa: ANN001
    """For each entity drawn (a Subgraph or networkx view), how many entities it is linked to in the
    case (under ``filters``) are not drawn."""
    neighbours = reads.cached("neighbours", lambda: neighbour_sets(reads.graph(filters)), filters)  # ui.focus
    drawn = {e.id for e in view.entities} if isinstance(view, Subgraph) else set(view.nodes)
    return {node: len(neighbours.get(node, set()) - drawn) for node in drawn if neighbours.get(node)}
