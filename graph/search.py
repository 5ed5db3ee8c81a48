"""How a search query is matched against names and aliases: one ranking for both stores."""

from __future__ import annotations

from operator import itemgetter

import numpy as np
from rapidfuzz import fuzz, process

from graph.identity import fold_search, phone_search_id
from graph.model import Entity, SearchHit

FUZZY_THRESHOLD = 80.0  # rapidfuzz ratio (0-100) below which a name is not a match
PARTIAL_MIN_LENGTH = 4  # shorter queries are matched by fuzz.ratio and substrings only


fold = fold_search  # how search compares a query with a name (graph.identity)


def phone_query(text: str, region: str = "JM") -> str | None:
    """The phone entity id a query names, when it reads as a phone number in any format."""
    return phone_search_id(text, region)


def _word_score(q: str, n: str) -> float | None:
    """1.0 exact, 0.9 prefix (of the name or a word in it), 0.8 substring, for folded ``q`` and ``n``."""
    if q == n:
        return 1.0
    if n.startswith(q) or any(word.startswith(q) for word in n.split()):
        return 0.9
    if q in n:
        return 0.8
    return None


def _fuzzy_score(ratio: float) -> float | None:
    """Up to 0.75 for a fuzzy match scored ``ratio`` (0-100) by rapidfuzz, None below the threshold."""
    return round(0.75 * ratio / 100.0, 4) if ratio >= FUZZY_THRESHOLD else None


def match_score(query: str, name: str) -> float | None:
    """How well ``name`` answers ``query``: 1.0 exact, 0.9 prefix (of the name or a word in
    it), 0.8 substring, else up to 0.75 for a fuzzy match, or None."""
    q, n = fold(query), fold(name)
    if not q or not n:
        return None
    score = _word_score(q, n)
    if score is not None:
        return score
    return _fuzzy_score(max(fuzz.ratio(q, n), fuzz.partial_ratio(q, n) if len(q) >= PARTIAL_MIN_LENGTH else 0.0))


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


class _LetterCounts:
    """How many of each character every name holds, for an upper bound on what rapidfuzz can score.

    The 63 characters most used in the names have a column each; all others share the last.
    Lumping characters together only raises the bound, so it never drops a name rapidfuzz
    would accept (min(a + b, c + d) >= min(a, c) + min(b, d)).
    """

    COLUMNS = 64

    def __init__(self, names: list[str]) -> None:
        self.lengths = np.fromiter(map(len, names), dtype=np.int64, count=len(names))
        codes = np.frombuffer("".join(names).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        frequency = np.bincount(codes) if len(codes) else np.zeros(1, dtype=np.int64)
        common = np.argsort(-frequency, kind="stable")[: self.COLUMNS - 1]
        common = common[frequency[common] > 0]
        self.column_of = np.full(len(frequency), self.COLUMNS - 1, dtype=np.uint8)
        self.column_of[common] = np.arange(len(common), dtype=np.uint8)
        rows = np.repeat(np.arange(len(names), dtype=np.int64), self.lengths)
        counts = np.bincount(rows * self.COLUMNS + self.column_of[codes], minlength=len(names) * self.COLUMNS).reshape(
            len(names), self.COLUMNS
        )
        # one contiguous array per column (a query reads a few columns); uint8, so counts saturate at 255
        self.columns = [np.minimum(counts[:, c], 255).astype(np.uint8) for c in range(self.COLUMNS)]

    def shared(self, q: str) -> np.ndarray | None:
        """For every name, at least the number of ``q``'s characters it holds (a multiset overlap).

        None when ``q`` repeats a character more than 255 times (the counts saturate there).
        """
        wanted: dict[int, int] = {}
        last = len(self.column_of)
        for char in q:
            code = ord(char)
            column = int(self.column_of[code]) if code < last else self.COLUMNS - 1
            wanted[column] = wanted.get(column, 0) + 1
        if any(k > 255 for k in wanted.values()):
            return None
        overlap = np.zeros(len(self.lengths), dtype=np.int64)
        for column, k in wanted.items():
            overlap += np.minimum(self.columns[column], np.uint8(k))
        return overlap


class NameIndex:
    """Every folded name and alias of a case, searched with rapidfuzz's C++ scorers.

    Gives exactly the hits of :func:`rank_entities` over every entity, at a fraction of the
    cost on a large case:

    - each distinct folded name is scored once, however many entities bear it;
    - a name rapidfuzz cannot score 80 is skipped before any string is compared: both
      ``fuzz.ratio`` and ``fuzz.partial_ratio`` are at most what the characters the name
      shares with the query allow (see :meth:`_possible`), counted with numpy;
    - the rest are scored in one ``process.cdist`` call per scorer, exact, prefix and
      substring matches are told apart only where ``partial_ratio`` is 100, and only the
      best ``limit`` entities (by score, then name, as :func:`rank_entities` orders them)
      are handed to :func:`rank_entities`, which names the alias each one matched by.
    """

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities
        self.by_id = {entity.id: entity for entity in entities}
        distinct: dict[str, int] = {}
        row_name: list[int] = []
        row_owner: list[int] = []
        folded: dict[str, str] = {}  # a case repeats names: each is folded once
        for index, entity in enumerate(entities):
            for name in {folded.get(n) or folded.setdefault(n, fold(n)) for n in (entity.name, *entity.aliases)}:
                if name:
                    row_name.append(distinct.setdefault(name, len(distinct)))
                    row_owner.append(index)
        self.names: list[str] = list(distinct)  # distinct folded names
        self.row_name = np.array(row_name, dtype=np.int64)  # one row per (entity, folded name)
        self.row_owner = np.array(row_owner, dtype=np.int64)
        self.counts = _LetterCounts(self.names)
        # position of each entity in rank_entities' tie order (name, then id)
        order = sorted(range(len(entities)), key=lambda i: (entities[i].name.casefold(), entities[i].id))
        self.tie_rank = np.empty(len(entities), dtype=np.int64)
        self.tie_rank[order] = np.arange(len(entities), dtype=np.int64)
        self.position = {entity.id: index for index, entity in enumerate(entities)}
        self.kind_codes: dict[str, int] = {}
        self.kind_of = np.array(
            [self.kind_codes.setdefault(entity.kind, len(self.kind_codes)) for entity in entities], dtype=np.int64
        )
        # every name on one line each, for substring search of short queries
        self.joined = "\n".join(self.names) + "\n"
        self.starts = np.cumsum([0] + [len(n) + 1 for n in self.names[:-1]], dtype=np.int64)

    # --- scoring distinct names -----------------------------------------------------------

    def _possible(self, q: str) -> tuple[np.ndarray, np.ndarray]:
        """Names ``fuzz.ratio`` could score 80 and names ``fuzz.partial_ratio`` could, for ``q``.

        With ``m`` characters of the name shared with ``q`` (as a multiset), the longest
        common subsequence of ``q`` and the name, or of ``q`` and any part of it, is at
        most ``m``. ``ratio`` is ``200 LCS / (len q + len name)``; ``partial_ratio`` compares
        the shorter string with windows of the longer one of at most its length ``s``,
        ``200 LCS / (s + len window)`` with ``len window >= LCS``, so at most
        ``200 m / (s + m)``. Both bounds are loosened by one in integers.
        """
        n = len(self.names)
        shared = self.counts.shared(q)
        if shared is None:
            everything = np.arange(n)
            return everything, everything
        lengths, size = self.counts.lengths, len(q)
        ratio_ok = np.flatnonzero(5 * shared >= 2 * (lengths + size) - 1)
        if size < PARTIAL_MIN_LENGTH:
            return ratio_ok, np.arange(0)
        partial_ok = np.flatnonzero(3 * shared >= 2 * np.minimum(lengths, size) - 1)
        return ratio_ok, partial_ok

    def _containing(self, q: str) -> np.ndarray:
        """Distinct names that contain ``q`` (``q`` has no newline: fold turns it into a space)."""
        found: list[int] = []
        at = self.joined.find(q)
        while at >= 0:
            found.append(at)
            at = self.joined.find(q, self.joined.find("\n", at) + 1)
        return np.searchsorted(self.starts, np.array(found, dtype=np.int64), side="right") - 1

    def _fuzzy(self, q: str, scorer, chosen: np.ndarray) -> np.ndarray:
        """``scorer(q, name)`` for the chosen names, 0 where it is under the threshold."""
        if len(chosen) == 0:
            return np.zeros(0)
        names = itemgetter(*chosen.tolist())(self.names) if len(chosen) > 1 else (self.names[int(chosen[0])],)
        return process.cdist([q], names, scorer=scorer, score_cutoff=FUZZY_THRESHOLD, dtype=np.float64)[0]

    def name_scores(self, query: str) -> np.ndarray:
        """:func:`match_score` of ``query`` for every distinct name (0 where it is None)."""
        q = fold(query)
        scores = np.zeros(len(self.names))
        if not q:
            return scores
        fuzzy = np.zeros(len(self.names))
        ratio_ok, partial_ok = self._possible(q)
        fuzzy[ratio_ok] = self._fuzzy(q, fuzz.ratio, ratio_ok)
        fuzzy[partial_ok] = np.maximum(fuzzy[partial_ok], self._fuzzy(q, fuzz.partial_ratio, partial_ok))
        if len(q) >= PARTIAL_MIN_LENGTH:
            # a name containing q has partial_ratio 100; any other scores only as a fuzzy match
            worded = np.flatnonzero(fuzzy == 100.0)
        else:
            worded = self._containing(q)
        matched = np.flatnonzero(fuzzy)
        for ratio in np.unique(fuzzy[matched]).tolist():
            scores[matched[fuzzy[matched] == ratio]] = _fuzzy_score(ratio) or 0.0
        for i in worded.tolist():
            score = _word_score(q, self.names[i])
            if score is not None:
                scores[i] = score
        return scores

    # --- entities ------------------------------------------------------------------------

    def _ranked(self, query: str, kinds: list[str] | None, limit: int | None) -> list[int]:
        """Indexes of the best entities for ``query``, in :func:`rank_entities`' order."""
        scores = self.name_scores(query)
        rows = np.flatnonzero(scores[self.row_name] > 0)
        owners, row_scores = self.row_owner[rows], scores[self.row_name[rows]]
        phone_id = phone_query(query)
        if phone_id is not None and phone_id in self.by_id:
            owners = np.append(owners, self.position[phone_id])
            row_scores = np.append(row_scores, 1.0)
        if kinds is not None:
            wanted = [self.kind_codes[k] for k in kinds if k in self.kind_codes]
            keep = np.isin(self.kind_of[owners], np.array(wanted, dtype=np.int64))
            owners, row_scores = owners[keep], row_scores[keep]
        if len(owners) == 0:
            return []
        order = np.lexsort((self.tie_rank[owners], -row_scores))
        ranked_owners = owners[order]
        _, first = np.unique(ranked_owners, return_index=True)  # each entity at its best score
        first.sort()
        return ranked_owners[first[:limit]].tolist()

    def candidates(self, query: str) -> list[Entity]:
        """Every entity :func:`rank_entities` gives a score for ``query``, best first."""
        return [self.entities[i] for i in self._ranked(query, None, None)]

    def search(self, query: str, kinds: list[str] | None = None, limit: int = 20) -> list[SearchHit]:
        """The best ``limit`` hits for ``query``, as :func:`rank_entities` over every entity gives them."""
        best = [self.entities[i] for i in self._ranked(query, kinds, limit if limit >= 0 else None)]
        return rank_entities(query, best, limit)
