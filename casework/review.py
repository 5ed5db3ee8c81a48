"""The merge candidates an analyst reviews: scored on the real names, shown as the analyst may see them.

Scoring pseudonyms compares "Victim V-100" with "Victim V-1000"; scoring what the analyst may
not see would leak it. So pairs are found by :func:`extract.resolve.find_candidates` over the
real entities of the cases the user may see (the guard's scope), pairs already judged "not
the same" are left out, and each pair is then translated to what the user sees: outer ids,
names as shown (pseudonyms for hidden victims), and reasons with hidden names redacted.
Also the side-by-side context of one entity (reports, phones, places, people named with it).
The Review page and ``threadline candidates`` both list these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from extract.resolve import MatchReason, ResolverConfig, find_candidates
from governance.guard import GuardedStore
from graph.model import Entity


@dataclass
class ShownCandidate:
    """A pair that may be one entity, as the reviewing user may see it."""

    a: str  # outer ids (what the user was shown)
    b: str
    kind: str
    score: float
    a_name: str
    b_name: str
    reasons: list[MatchReason]  # feature, weight and why, with hidden names redacted

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass
class Context:
    """What the case says about one entity: where it is named and what it is linked to."""

    entity: Entity
    reports: list[str] = field(default_factory=list)  # titles, most recent first
    phones: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)


def review_candidates(
    store: GuardedStore, kinds: Iterable[str] | None = None, review: float | None = None
) -> list[ShownCandidate]:
    """Every pair waiting for review in the user's cases, best score first: of ``kinds`` only
    when given, scoring at least ``review`` (default: the resolver's review threshold)."""
    wanted = {k.upper() for k in kinds} if kinds else None
    visible = [
        e for e in store.inner.entities() if store.scope.admits_entity(e.id) and (wanted is None or e.kind in wanted)
    ]
    rejected = {frozenset((r.a, r.b)) for r in store.inner.rejections()}
    config = ResolverConfig(review=review) if review is not None else None
    shown: list[ShownCandidate] = []
    # names as the user is shown them, read once: get_entity per pair would log a profile view for each
    as_shown = {e.id: e for e in store.entities()}
    for candidate in find_candidates(visible, config):
        if frozenset((candidate.a, candidate.b)) in rejected:
            continue
        a, b = store.outer_id(candidate.a), store.outer_id(candidate.b)
        a_entity, b_entity = as_shown.get(a), as_shown.get(b)
        shown.append(
            ShownCandidate(
                a=a,
                b=b,
                kind=candidate.kind,
                score=candidate.score,
                a_name=a_entity.name if a_entity else a,
                b_name=b_entity.name if b_entity else b,
                reasons=[replace(r, detail=store.redact(r.detail)) for r in candidate.reasons],
            )
        )
    return sorted(shown, key=lambda c: (-c.score, c.a_name, c.b_name))


def entity_context(store: GuardedStore, entity_id: str, limit: int = 8) -> Context | None:
    """The side-by-side context of one entity (``entity_id`` as the user was shown it)."""
    entity = store.get_entity(entity_id)
    if entity is None:
        return None
    reports = sorted(store.reports_mentioning(entity_id), key=lambda r: r.reported_at or "", reverse=True)
    context = Context(
        entity, reports=[f"{r.reported_at or 'undated'} · {r.title or r.source}" for r in reports[:limit]]
    )
    around = store.neighbourhood([entity_id], hops=1)
    buckets = {"PHONE": context.phones, "LOCATION": context.places, "PERSON": context.people}
    for neighbour in sorted(around.entities, key=lambda e: e.name.casefold()):
        if neighbour.id == entity.id:
            continue
        bucket = buckets.get(neighbour.kind, context.other)
        if len(bucket) < limit:
            bucket.append(neighbour.name)
    return context
