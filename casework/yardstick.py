"""Corrections as a yardstick: how current extraction agrees with the analysts' link decisions.

``threadline evaluate --decisions`` re-extracts a case's stored reports with the current pipeline
(resolved against the store, as an ingest would be) and scores the links found against the case's
confirmed, rejected, corrected and added links (:func:`graph.decisions.score_against_decisions`), so an
engineer sees whether a change to the extractor agrees with the analysts.
"""

from __future__ import annotations

from graph.decisions import DecisionScore, score_against_decisions
from graph.store import GraphStore


def score_extraction(store: GraphStore, case: str | None = None, workers: int = 1) -> DecisionScore:
    """Re-extract the stored reports (of ``case``) and score them against the live link decisions."""
    from extract.batch import extract_batch

    decisions = [d for d in store.link_decisions() if case is None or d.case in ("", case)]
    reports = [store.get_report(r.id) for r in store.reports(case)]
    reports = [r for r in reports if r is not None]
    extracted = extract_batch(reports, store=store) if reports else None
    links = [k for e in (extracted.extractions if extracted else []) for k in e.links]

    def canonical(entity_id: str) -> str:
        entity = store.get_entity(entity_id)
        return entity.id if entity is not None else entity_id

    return score_against_decisions(links, decisions, canonical)
