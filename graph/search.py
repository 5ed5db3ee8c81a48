"""How a search query is matched against names and aliases: one ranking for both stores."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz, process

from graph.model import Entity, SearchHit
from graph.phones import phone_entity_id, to_e164

FUZZY_THRESHOLD = 80.0  # rapidfuzz ratio (0-100) below which a name is not a match


def fold(text: str) -> str:
    """Lower-case, strip diacritics and quotes, collapse spaces: the form names are compared in."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\"'“”‘’`]", "", text.casefold())
    return re.sub(r"\s+", " ", text).strip()


def phone_query(text: str, region: str = "JM") -> str | None:
    """The phone entity id a query names, when it reads as a phone number in any format."""
    digits = re.sub(r"\D", "", text)
    if len(digits) < 7 or re.search(r"[A-Za-z]", text):
        return None
    e164 = to_e164(text, region)
    return None if e164 is None else phone_entity_id(e164)


def match_score(query: str, name: str) -> float | None:
    """How well ``name`` answers ``query``: 1.0 exact, 0.9 prefix (of the name or a word in
    it), 0.8 substring, else up to 0.75 for a fuzzy match, or None."""
    q, n = fold(query), fold(name)
    if not q or not n:
        return None
    if q == n:
        return 1.0
    if n.startswith(q) or any(word.startswith(q) for word in n.split()):
        return 0.9
    if q in n:
        return 0.8
    ratio = max(fuzz.ratio(q, n), fuzz.partial_ratio(q, n) if len(q) >= 4 else 0.0)
    if ratio >= FUZZY_THRESHOLD:
        return round(0.75 * ratio / 100.0, 4)
    return None


def rank_entities(query: str, candidates: list[Entity], limit: int = 20) -> list[SearchHit]:
    """Score each candidate by its best-matching name or alias; best first, ties by name."""
    phone_id = phone_query(query)
    hits: list[SearchHit] = []
    for entity in candidates:
        if phone_id is not None and entity.id == phone_id:
            hits.append(SearchHit(entity, 1.0, entity.name))
            continue
        best: tuple[float, str] | None = None
        for name in [entity.name, *entity.aliases]:
            score = match_score(query, name)
            if score is not None and (best is None or score > best[0]):
                best = (score, name)
        if best is not None:
            hits.append(SearchHit(entity, best[0], best[1]))
    hits.sort(key=lambda h: (-h.score, h.entity.name.casefold(), h.entity.id))
    return hits[:limit]


class NameIndex:
    """Every folded name and alias of a case, searched with rapidfuzz's C++ scorers.

    It only narrows the candidates: :func:`rank_entities` still scores them, so results are
    exactly those of ranking every entity, at a fraction of the cost on large cases.
    """

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities
        self.by_id = {entity.id: entity for entity in entities}
        self.names: list[str] = []
        self.owners: list[int] = []
        for index, entity in enumerate(entities):
            for name in {fold(n) for n in (entity.name, *entity.aliases)}:
                if name:
                    self.names.append(name)
                    self.owners.append(index)

    def candidates(self, query: str) -> list[Entity]:
        """Entities with a name or alias that :func:`match_score` could accept for ``query``."""
        q = fold(query)
        found: set[int] = set()
        if q:
            if len(q) < 4:  # substring, prefix and exact matches; longer queries: partial_ratio finds them
                found.update(self.owners[i] for i, name in enumerate(self.names) if q in name)
            scorers = (fuzz.ratio, fuzz.partial_ratio) if len(q) >= 4 else (fuzz.ratio,)
            for scorer in scorers:
                for _, _, i in process.extract(q, self.names, scorer=scorer, score_cutoff=FUZZY_THRESHOLD, limit=None):
                    found.add(self.owners[i])
        chosen = [self.entities[i] for i in sorted(found)]
        phone_id = phone_query(query)
        if phone_id is not None and phone_id in self.by_id and self.by_id[phone_id] not in chosen:
            chosen.append(self.by_id[phone_id])
        return chosen

    def search(self, query: str, kinds: list[str] | None = None, limit: int = 20) -> list[SearchHit]:
        candidates = [e for e in self.candidates(query) if kinds is None or e.kind in kinds]
        return rank_entities(query, candidates, limit)
