"""Entity resolution: one real-world person, phone, place or organisation is one entity across every report.

:func:`resolve_batch` takes, per report, an :class:`~graph.model.Extraction` whose entities
carry provisional ids (``R_abc#3``) and returns the same extractions with canonical,
readable ids (``P_marlon_campbell``, ``L_montego_bay``, ``ORG_...``, ``PH_+1876...``), plus
every scored, explained match it considered. The readable ids stay inside resolution and its
evaluation output: :func:`resolve_for_store` gives what it stores opaque ids
(``P_3f9c0a1b2c4d5e6f``, see graph.identity) under a key kept in the case store. Matches above ``auto_merge`` merge; those
between ``review`` and ``auto_merge`` are listed for an analyst and are *not* merged.

How it decides, in order:

1. Identifiers with a deterministic form (phones, e-mails, handles, plates) are one entity
   per normalised value.
2. What the report text itself says: ``Dwayne REID ("Pinchy")``, ``Andre Thompson, alias "Dre"``,
   ``"Shotta" (believed Kevin BAILEY)``, ``Toyota Voxy reg. 5678 HJ``, ``Falmouth, Trelawny``.
3. Fully named entities are compared pairwise (names, acronyms, other place names, shared
   phones) and merged best-first, never joining two that are incompatible (different first
   names with one surname, different parishes, different plates, a rejected pair).
4. Entities named only in part (a surname alone, a nickname, ``Cutlass Bay``, ``Voxy``) join
   the one candidate the context makes clear: named in the same report first, else the
   only one in the batch and store; several candidates are left apart for review unless a
   shared phone or place singles one out.

Phones, e-mails or places linked to implausibly many different people (a police
switchboard, an NGO hotline, a hotel front desk) are *hubs* and are never evidence.
Analyst :class:`Decisions` (forced merges, rejected pairs, splits, roles) are honoured on
every run, so they survive re-ingesting the same reports. Pure functions: no spaCy, no store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from extract.resolution.consistency import PeopleIndex, split_aliases
from extract.resolution.names import fold, ocr_key
from extract.resolution.naming import base_id, best_names, canonical_slug, deterministic_id, qualifier_slug, richness
from extract.resolution.profiles import Profile, index_keys, lookup_keys, profile_of
from extract.resolution.scoring import INCOMPATIBLE, SCORERS, Evidence, Match, MatchReason
from extract.resolution.text import alias_links, place_qualifiers
from extract.roles import decide_role, role_evidence
from graph.identity import opaque_id, phone_number
from graph.model import Entity, Extraction, Link, Mention, Report, make_entity

__all__ = [
    "Decisions",
    "MatchCandidate",
    "MatchReason",
    "ResolutionResult",
    "ResolverConfig",
    "Split",
    "canonical_slug",
    "find_candidates",
    "resolve_batch",
]

# --- the contract ------------------------------------------------------------------------


@dataclass
class ResolverConfig:
    """Thresholds of the resolver (configuration, not code)."""

    auto_merge: float = 0.8  # a match scoring at least this merges
    review: float = 0.5  # a match scoring at least this (and below auto_merge) goes to an analyst
    hub_people: int = 4  # a phone/e-mail/place linked to more different people than this is a hub
    context_bonus: float = 0.3  # added to a partial match when it is the only candidate in context
    dominant_ratio: float = 4.0  # a candidate named this many times more often (and 5+ times) is the clear one


@dataclass
class MatchCandidate:
    """One pair the resolver compared: its score in [0, 1], the reasons behind it, and what it did.

    For ``decision == "review"``, ``a`` and ``b`` are the two canonical ids an analyst may merge
    (``threadline merge A B``). For ``"merged"``, they are the ids that were compared (provisional
    ids of this batch, or stored ids), both now part of one canonical entity.
    """

    a: str
    b: str
    kind: str
    score: float
    reasons: list[MatchReason]
    decision: str  # "merged" | "review"
    a_name: str = ""
    b_name: str = ""


@dataclass
class Split:
    """An analyst's decision that the mentions written ``names`` are not entity ``entity_id``."""

    entity_id: str
    names: list[str]
    report_ids: list[str] = field(default_factory=list)  # only the mentions in these reports (all when empty)


@dataclass
class Decisions:
    """Analyst decisions the resolver honours on every run."""

    merges: list[tuple[str, str]] = field(default_factory=list)  # forced: these two ids are one
    rejected: list[tuple[str, str]] = field(default_factory=list)  # "not the same": never merge these
    splits: list[Split] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # entity id -> role


@dataclass
class ResolutionResult:
    """What :func:`resolve_batch` returns: the extractions in canonical ids, the matches, the entities."""

    extractions: list[Extraction]
    candidates: list[MatchCandidate]
    entities: list[Entity]
    hubs: list[str] = field(default_factory=list)  # phone/e-mail/place ids never used as evidence (too many people)


# --- internal bookkeeping ----------------------------------------------------------------

RESOLVED_KINDS = ("LOCATION", "ORG", "VEHICLE", "PERSON")  # places first: people use them as evidence
PLACE_LINKS = ("LOCATED_AT", "CONTROLS", "HARBOURED")


@dataclass
class _Atom:
    """One entity as it came in: a provisional entity of one report, or one already stored."""

    index: int
    id: str
    entity: Entity
    report_id: str | None  # None for a stored entity
    case: str | None
    profile: Profile
    fixed_id: str | None = None  # deterministic (phones...) or stored id
    mentions: int = 0


class _Groups:
    """Union-find over atoms, keeping the merged profile of each group."""

    def __init__(self, atoms: list[_Atom]) -> None:
        self.parent = list(range(len(atoms)))
        self.atoms = atoms
        self.profiles: dict[int, Profile] = {}
        self.mentions: dict[int, int] = {}
        for atom in atoms:
            self.mentions[atom.index] = atom.mentions
            merged = Profile(kind=atom.profile.kind)
            merged.absorb(atom.profile)
            self.profiles[atom.index] = merged

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> int:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return ri
        keep, gone = min(ri, rj), max(ri, rj)  # the earlier atom stays the root: deterministic
        self.parent[gone] = keep
        self.profiles[keep].absorb(self.profiles.pop(gone))
        self.mentions[keep] += self.mentions.pop(gone)
        return keep

    def profile(self, i: int) -> Profile:
        return self.profiles[self.find(i)]

    def roots(self, kind: str | None = None) -> list[int]:
        return sorted(r for r, p in self.profiles.items() if kind is None or p.kind == kind)

    def members(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for atom in self.atoms:
            out[self.find(atom.index)].append(atom.index)
        return out


# --- the resolver ----------------------------------------------------------------------------


class _Resolver:
    def __init__(
        self,
        items: list[tuple[Report, Extraction]],
        known: list[Entity],
        config: ResolverConfig,
        decisions: Decisions,
    ) -> None:
        self.items = items
        self.compare_stored = not items  # find_candidates: pairs among stored entities are the point
        self.config = config
        self.decisions = decisions
        self.atoms: list[_Atom] = []
        self.atom_of: dict[str, int] = {}  # provisional or stored id -> atom index
        self.assessed_roles: dict[int, str] = {}  # group root -> role the batch assesses (see result)
        self.records: list[tuple[int, int, Match, str]] = []  # (atom, atom, match, decision)
        self.text_unions: list[tuple[int, int, str]] = []
        self.mention_atom: dict[tuple[str, int, int], int] = {}  # mentions moved to a split-off alias
        self.sub_atoms: dict[str, list[int]] = defaultdict(list)
        self._build_atoms(known)
        self.groups = _Groups(self.atoms)
        self.evidence = Evidence()
        self._blocked = self._rejections()

    # -- atoms ----------------------------------------------------------------------------

    def _add_atom(self, entity: Entity, report: Report | None) -> _Atom:
        if report is not None and entity.kind == "LOCATION" and entity.id in self._qualifiers:
            if not (getattr(entity, "parish", None) or getattr(entity, "country", None)):
                entity = replace(entity, parish=self._qualifiers[entity.id])  # type: ignore[call-arg]
        atom = _Atom(
            index=len(self.atoms),
            id=entity.id,
            entity=entity,
            report_id=report.id if report else None,
            case=report.case if report else None,
            profile=profile_of(entity, report.id if report else None),
        )
        if report is None:
            atom.fixed_id = entity.id
        else:
            atom.profile.cases.add(report.case)
            atom.fixed_id = deterministic_id(entity)
        self.atoms.append(atom)
        key = entity.id if report is None else f"{report.id}\x00{entity.id}"
        self.atom_of[key] = atom.index
        return atom

    def _build_atoms(self, known: list[Entity]) -> None:
        self._qualifiers: dict[str, str] = {}
        people = PeopleIndex()
        for entity in known:
            if entity.kind == "PERSON":
                people.add(entity.id, entity)
        for report, extraction in self.items:
            for entity in extraction.entities:
                if entity.kind == "PERSON":
                    people.add(f"{report.id}\x00{entity.id}", entity)
        for entity in known:
            self._add_atom(entity, None)
        for report, extraction in self.items:
            self._qualifiers = place_qualifiers(report, extraction.mentions)
            local: dict[str, int] = {}
            counts = Counter(m.entity_id for m in extraction.mentions)
            for entity in extraction.entities:
                if entity.id in local:  # the same provisional id twice: one atom
                    continue
                split_off = (
                    split_aliases(f"{report.id}\x00{entity.id}", entity, people) if entity.kind == "PERSON" else []
                )
                moved = {alias for group in split_off for alias in group}
                main = replace(entity, aliases=[a for a in entity.aliases if a not in moved]) if moved else entity
                local[entity.id] = self._add_atom(main, report).index
                self.atoms[local[entity.id]].mentions = counts.get(entity.id, 0)
                for n, group in enumerate(split_off, start=1):
                    self._split_alias_atom(report, extraction, entity, group, n)
            for link in extraction.links:
                source, target = local.get(link.source), local.get(link.target)
                if source is None:
                    continue
                if link.type == "USES_PHONE":
                    phone = self._phone_id(extraction, link.target)
                    if phone:
                        self.atoms[source].profile.phones.add(phone)
                elif link.type in PLACE_LINKS and target is not None and self.atoms[target].entity.kind == "LOCATION":
                    self.atoms[source].profile.linked_places.add(str(target))

            def atom_of_mention(mention: Mention, report_id: str = report.id, local: dict = local) -> int | None:
                moved = self.mention_atom.get((report_id, mention.start, mention.end))
                return moved if moved is not None else local.get(mention.entity_id)

            self.text_unions += list(alias_links(report, extraction.mentions, atom_of_mention))

    def _split_alias_atom(
        self, report: Report, extraction: Extraction, entity: Entity, aliases: list[str], n: int
    ) -> None:
        """Resolve aliases that cannot be ``entity``'s on their own, taking their mentions with them."""
        sub = make_entity(entity.kind, f"{entity.id}~{n}", aliases[0], aliases[1:])
        atom = self._add_atom(sub, report)
        folded = {fold(a) for a in aliases}
        for mention in extraction.mentions:
            if mention.entity_id == entity.id and fold(mention.text) in folded:
                self.mention_atom[(report.id, mention.start, mention.end)] = atom.index
                atom.mentions += 1
        self.sub_atoms[f"{report.id}\x00{entity.id}"].append(atom.index)

    def _phone_id(self, extraction: Extraction, entity_id: str) -> str | None:
        if entity_id.startswith("PH_+"):
            return entity_id
        for entity in extraction.entities:
            if entity.id == entity_id and entity.kind in ("PHONE", "EMAIL"):
                return deterministic_id(entity)
        return None

    # -- decisions --------------------------------------------------------------------------

    def _tentative_id(self, atom: _Atom) -> str:
        if atom.fixed_id:
            return atom.fixed_id
        return base_id(atom.entity.kind, [atom.entity.name], atom.profile)

    def _rejections(self) -> dict[int, set[str]]:
        """Atom -> ids it must never be merged with (rejected pairs, splits)."""
        blocked: dict[int, set[str]] = defaultdict(set)
        self._split_off: dict[int, set[str]] = defaultdict(set)
        if not (self.decisions.rejected or self.decisions.splits):
            return blocked
        for atom in self.atoms:
            ids = self._atom_ids(atom)
            for a, b in self.decisions.rejected:
                if a in ids:
                    blocked[atom.index].add(b)
                if b in ids:
                    blocked[atom.index].add(a)
        for split in self.decisions.splits:
            names = {fold(n) for n in split.names}
            for atom in self.atoms:
                if split.report_ids and atom.report_id not in split.report_ids:
                    continue
                if atom.report_id and fold(atom.entity.name) in names:
                    blocked[atom.index].add(split.entity_id)
                    self._split_off[atom.index].add(split.entity_id)
        return blocked

    def _atom_ids(self, atom: _Atom) -> set[str]:
        """The ids an analyst may have used for this atom: stored/provisional, deterministic, tentative canonical."""
        return {atom.id, self._tentative_id(atom)} | ({atom.fixed_id} if atom.fixed_id else set())

    def _blocked_between(self, ri: int, rj: int) -> bool:
        if not self._blocked:
            return False
        members: dict[int, list[_Atom]] = {ri: [], rj: []}
        for atom in self.atoms:
            root = self.groups.find(atom.index)
            if root in members:
                members[root].append(atom)
        for mine, theirs in ((members[ri], members[rj]), (members[rj], members[ri])):
            for atom in mine:
                for blocked_id in self._blocked.get(atom.index, ()):
                    # members split off the same entity are not "that entity" for one another
                    if any(
                        blocked_id in self._atom_ids(other) and blocked_id not in self._split_off.get(other.index, ())
                        for other in theirs
                    ):
                        return True
        return False

    # -- merging ----------------------------------------------------------------------------

    def can_merge(self, i: int, j: int) -> str | None:
        """Why the groups of atoms i and j may not become one, or None."""
        ri, rj = self.groups.find(i), self.groups.find(j)
        if ri == rj:
            return "already one"
        p, q = self.groups.profiles[ri], self.groups.profiles[rj]
        if p.known_ids and q.known_ids and not p.known_ids & q.known_ids:
            return "both already stored: merge them (threadline merge / Review page) if they are one"
        why = INCOMPATIBLE[p.kind](p, q)
        if why:
            return why
        if self._blocked_between(ri, rj):
            return "an analyst said these are not the same"
        return None

    def merge(self, i: int, j: int, match: Match) -> bool:
        if self.can_merge(i, j) is not None:
            return False
        self.records.append((i, j, match, "merged"))
        self.groups.union(i, j)
        return True

    def _review_blocked(self, i: int, j: int, match: Match) -> None:
        """A match strong enough to merge that may not: list it with why (unless the why is that both are stored
        and the store itself is being reviewed, where that goes without saying)."""
        why = self.can_merge(i, j) or ""
        stored_pair = self.compare_stored and self.groups.profile(i).known_ids and self.groups.profile(j).known_ids
        self.review(i, j, match if stored_pair else _with_reason(match, "blocked", why))

    def review(self, i: int, j: int, match: Match) -> None:
        if not self._both_stored_only(i, j):
            self.records.append((i, j, match, "review"))

    # -- phases -----------------------------------------------------------------------------

    def run(self) -> None:
        self._merge_fixed_ids()
        self._merge_text_links()
        for kind in RESOLVED_KINDS:
            if kind == "PERSON":
                self._map_linked_places()
                self._find_hubs()
            self._merge_full_names(kind)
            self._merge_partial_names(kind)
        self._forced_merges()

    def _merge_fixed_ids(self) -> None:
        first: dict[str, int] = {}
        for atom in self.atoms:
            if atom.fixed_id is None:
                continue
            if atom.fixed_id in first:
                self.groups.union(first[atom.fixed_id], atom.index)
            else:
                first[atom.fixed_id] = atom.index

    def _merge_text_links(self) -> None:
        for i, j, detail in self.text_unions:
            match = Match([MatchReason("alias", 0.95, detail)])
            if not self.merge(i, j, match):
                self.review(i, j, match)

    def _map_linked_places(self) -> None:
        """Person -> place links now point at resolved places (so two mentions of one bar count as one)."""
        for root, indexes in self.groups.members().items():
            profile = self.groups.profiles[root]
            if profile.kind != "PERSON":
                continue
            profile.linked_places = set()
            for index in indexes:
                atom = self.atoms[index]
                atom.profile.linked_places = {f"place#{self.groups.find(int(p))}" for p in atom.profile.linked_places}
                profile.linked_places |= atom.profile.linked_places

    def _find_hubs(self) -> None:
        """Phones and places linked to more different people than ``hub_people`` are never evidence."""
        people_by_phone: dict[str, set[str]] = defaultdict(set)
        people_by_place: dict[str, set[str]] = defaultdict(set)
        for atom in self.atoms:
            if atom.entity.kind != "PERSON":
                continue
            key = _person_key(atom.profile)
            for phone in atom.profile.phones:
                people_by_phone[phone].add(key)
            for place in atom.profile.linked_places:
                people_by_place[place].add(key)

        def distinct(keys: set[str]) -> int:
            full = {k for k in keys if " " in k}
            words = {w for k in full for w in k.split()}
            return len(full) + len({k for k in keys if " " not in k and k not in words})

        limit = self.config.hub_people
        self.evidence.hub_phones = {p for p, keys in people_by_phone.items() if distinct(keys) > limit}
        self.evidence.hub_places = {p for p, keys in people_by_place.items() if distinct(keys) > limit}
        self.hubs = sorted(self.evidence.hub_phones)

    def _merge_same_names(self, kind: str) -> None:
        """Fully named groups written the same way (after normalising) are one: merged before any scoring."""
        scorer = SCORERS[kind]
        first: dict[str, int] = {}
        for root in self.groups.roots(kind):
            profile = self.groups.profiles[root]
            if not profile.is_strong or profile.known_ids:
                continue
            key = _same_name_key(profile)
            if key is None:
                continue
            if key not in first:
                first[key] = root
                continue
            match = scorer(self.groups.profiles[self.groups.find(first[key])], profile, self.evidence)
            if match.score >= self.config.auto_merge and not match.partial:
                self.merge(first[key], root, match)

    def _merge_full_names(self, kind: str) -> None:
        """Compare fully named groups pairwise and merge the best matches first."""
        self._merge_same_names(kind)
        roots = [r for r in self.groups.roots(kind) if self.groups.profiles[r].is_strong]
        scorer = SCORERS[kind]
        blocks: dict[str, list[int]] = defaultdict(list)
        for r in roots:
            for key in _blocking_keys(self.groups.profiles[r]):
                blocks[key].append(r)
        pairs: dict[tuple[int, int], Match] = {}
        for members in blocks.values():
            in_batch = [r for r in members if self.groups.profiles[r].reports]
            stored = [r for r in members if not self.groups.profiles[r].reports]
            if self.compare_stored:
                in_batch, stored = in_batch + stored, []
            for x, first in enumerate(in_batch):
                for second in in_batch[x + 1 :] + stored:
                    pair = (min(first, second), max(first, second))
                    if pair in pairs:
                        continue
                    match = scorer(self.groups.profiles[pair[0]], self.groups.profiles[pair[1]], self.evidence)
                    if match.reasons and not match.partial:
                        pairs[pair] = match
        ranked = sorted(pairs.items(), key=lambda item: (-item[1].score, item[0]))
        for (i, j), match in ranked:
            if match.score >= self.config.auto_merge:
                if not self.merge(i, j, match) and self.groups.find(i) != self.groups.find(j):
                    self._review_blocked(i, j, match)
            elif match.score >= self.config.review:
                self.review(i, j, match)

    def _merge_partial_names(self, kind: str) -> None:
        """Entities named in part join the one candidate their context makes clear.

        Repeated while it merges anything: two lone mentions joined in one pass may single out
        a fully named candidate in the next.
        """
        scorer = SCORERS[kind]
        index: dict[str, list[int]] = defaultdict(list)  # key -> atoms found under it
        for atom in self.atoms:
            if atom.entity.kind == kind:
                for key in index_keys(atom.profile):
                    index[key].append(atom.index)
        for _ in range(4):
            changed = False
            done: set[int] = set()
            for atom_index in [a.index for a in self.atoms if a.entity.kind == kind]:
                root = self.groups.find(atom_index)
                if root in done:
                    continue
                done.add(root)
                profile = self.groups.profiles[root]
                if profile.is_strong and kind in ("PERSON", "VEHICLE"):
                    continue
                others = {self.groups.find(i) for key in lookup_keys(profile) for i in index.get(key, ())}
                # a lone name is read within its own case (stored entities carry no case: always candidates)
                others = {
                    o
                    for o in others
                    if not (profile.cases and self.groups.profiles[o].cases)
                    or profile.cases & self.groups.profiles[o].cases
                }
                candidates: list[tuple[int, Match]] = []
                if not (self.compare_stored or profile.reports or any(self.groups.profiles[o].reports for o in others)):
                    continue  # a stored entity with nothing from this batch to gain
                for other in sorted(others - {root}):
                    match = scorer(profile, self.groups.profiles[other], self.evidence)
                    if match.partial and "p" in match.partial_side and match.score > 0:
                        candidates.append((other, match))
                if candidates and self._choose(root, profile, candidates):
                    changed = True
            if not changed:
                break

    def _choose(self, root: int, profile: Profile, candidates: list[tuple[int, Match]]) -> bool:
        """Merge a partly named group into the clear candidate, or list the candidates for review.

        Candidates are looked for in order: fully named ones in the same report, fully named
        ones anywhere, then others named as partly in the same report, then anywhere.
        """
        strong = [(o, m) for o, m in candidates if self.groups.profiles[o].is_strong]
        weak = [(o, m) for o, m in candidates if not self.groups.profiles[o].is_strong]
        pool, where = [], ""
        for group, kind_of in ((strong, ""), (weak, "partly named ")):
            same = [(o, m) for o, m in group if self.groups.profiles[o].reports & profile.reports]
            if same:
                pool, where = same, f"{kind_of}in the same report"
                break
            if group:
                pool, where = (
                    group,
                    f"{kind_of}{'in the store' if self.compare_stored else 'in this batch and the store'}",
                )
                break
        top = max(m.tier for _, m in pool)
        pool = [(o, m) for o, m in pool if m.tier == top]
        if pool[0][0] in [o for o, _ in weak] and all(_exact_partial(m) for _, m in pool):
            pool = pool[:1]  # the same lone name again: join the first
        with_evidence = [
            (o, m) for o, m in pool if any(r.feature in ("phone", "place") and r.weight > 0 for r in m.reasons)
        ]
        dominant = self._dominant(pool)
        bonus = self.config.context_bonus
        if len(pool) == 1:
            other, match = pool[0]
            match.add("context", bonus, f"the only match {where}")
        elif len(with_evidence) == 1:
            other, match = with_evidence[0]
            match.add("context", bonus, f"the only one of {len(pool)} matches {where} with shared evidence")
        elif dominant is not None:
            other, match, times = dominant
            match.add("context", bonus - 0.05, f"named {times}x more often than the other {len(pool) - 1} match(es)")
        else:
            for other, match in pool:
                match.add("context", 0.0, f"one of {len(pool)} matches {where}")
                if match.score >= self.config.review:
                    self.review(root, other, match)
            return False
        if match.score >= self.config.auto_merge:
            if self.merge(root, other, match):
                return True
            self._review_blocked(root, other, match)
        elif match.score >= self.config.review:
            self.review(root, other, match)
        return False

    def _both_stored_only(self, i: int, j: int) -> bool:
        """Two stored entities not named in this batch: listed for review only when reviewing the store itself."""
        if self.compare_stored:
            return False
        return not self.groups.profile(i).reports and not self.groups.profile(j).reports

    def _dominant(self, pool: list[tuple[int, Match]]) -> tuple[int, Match, int] | None:
        """The candidate named far more often than every other one (the subject of the case), if any."""
        if len(pool) < 2:
            return None
        counts = sorted(((self._mentions(o), -o, o, m) for o, m in pool), reverse=True)
        first, second = counts[0][0], counts[1][0]
        ratio = self.config.dominant_ratio
        if first >= 5 and first >= ratio * max(second, 1):
            return counts[0][2], counts[0][3], int(first / max(second, 1))
        return None

    def _mentions(self, root: int) -> int:
        return self.groups.mentions[root]

    def _forced_merges(self) -> None:
        for a, b in self.decisions.merges:
            with_a = [atom.index for atom in self.atoms if a in self._atom_ids(atom)]
            with_b = [atom.index for atom in self.atoms if b in self._atom_ids(atom)]
            for i in with_a[:1]:
                for j in with_b:
                    if self.groups.find(i) != self.groups.find(j):
                        match = Match([MatchReason("analyst", 1.0, f"an analyst merged {a} and {b}")])
                        self.records.append((i, j, match, "merged"))
                        self.groups.union(i, j)

    # -- output -----------------------------------------------------------------------------

    def result(self) -> ResolutionResult:
        self.assessed_roles = self._assess_roles()
        members = self.groups.members()
        ids = self._assign_ids(members)
        batch_roots = sorted({self.groups.find(a.index) for a in self.atoms if a.report_id is not None})
        entities = {root: self._entity_for(root, members[root], ids[root]) for root in batch_roots}
        extractions = [self._rewrite(report, extraction, ids, entities) for report, extraction in self.items]
        return ResolutionResult(
            extractions=extractions,
            candidates=self._candidates(ids),
            entities=list(entities.values()),
            hubs=sorted(self.evidence.hub_phones | {_place_id(p, ids) for p in self.evidence.hub_places}),
        )

    def _assign_ids(self, members: dict[int, list[int]]) -> dict[int, str]:
        ids: dict[int, str] = {}
        taken: set[str] = set()
        roots = sorted(members, key=lambda r: (not self.groups.profiles[r].known_ids, r))
        for root in roots:
            atoms = [self.atoms[i] for i in members[root]]
            stored = sorted({a.id for a in atoms if a.report_id is None})
            fixed = sorted({a.fixed_id for a in atoms if a.fixed_id})
            if stored:
                candidate = stored[0]
            elif fixed:
                candidate = fixed[0]
            else:
                profile = self.groups.profiles[root]
                candidate = base_id(profile.kind, best_names(_sources(atoms)), profile)
                if candidate in taken:
                    qualifier = qualifier_slug(profile)
                    if qualifier and f"{candidate}_{qualifier}" not in taken:
                        candidate = f"{candidate}_{qualifier}"
                    else:
                        n = 2
                        while f"{candidate}_{n}" in taken:
                            n += 1
                        candidate = f"{candidate}_{n}"
            ids[root] = candidate
            taken.add(candidate)
        return ids

    def _entity_for(self, root: int, indexes: list[int], entity_id: str) -> Entity:
        atoms = [self.atoms[i] for i in indexes]
        profile = self.groups.profiles[root]
        kind = profile.kind
        stored = [a for a in atoms if a.report_id is None]
        name = best_names(_sources(atoms))[0]
        surfaces: list[str] = []
        for atom in stored + [a for a in atoms if a.report_id is not None]:
            for s in [atom.entity.name, *atom.entity.aliases]:
                if s and s not in surfaces:
                    surfaces.append(s)
        aliases = [s for s in surfaces if s != name]
        properties: dict[str, object] = {}
        source = stored[0].entity if stored else max(atoms, key=lambda a: richness(a.entity)).entity
        properties.update(source.properties())
        if kind == "PERSON":
            properties["role"] = self._role(entity_id, atoms)
        if kind == "PHONE" and not stored:
            name = phone_number(entity_id)
        return make_entity(kind, entity_id, name, aliases, **properties)

    def _assess_roles(self) -> dict[int, str]:
        """Each group's role as the batch's reports assess it (extract.roles), by group root."""
        weights: dict[int, Counter[str]] = {}
        for report, extraction in self.items:
            for entity_id, evidence in role_evidence(report, extraction).items():
                index = self.atom_of.get(f"{report.id}\x00{entity_id}")
                if index is not None:
                    weights.setdefault(self.groups.find(index), Counter()).update(evidence)
        return {root: decide_role(w) for root, w in weights.items()}

    def _role(self, entity_id: str, atoms: list[_Atom]) -> str:
        """An analyst's decision, else the stored role, else what the reports say (their own role
        field, then the batch's assessment); a person the batch assesses a victim is one, whatever
        was stored (victim protection first; the stores never overwrite an analyst's role)."""
        if entity_id in self.decisions.roles:
            return self.decisions.roles[entity_id]
        assessed = self.assessed_roles.get(self.groups.find(atoms[0].index), "unknown") if atoms else "unknown"
        for atom in atoms:
            stored = getattr(atom.entity, "role", "unknown")
            if atom.report_id is None and stored != "unknown":
                return "victim" if assessed == "victim" else stored
        given = Counter(getattr(a.entity, "role", "unknown") for a in atoms)
        given.pop("unknown", None)
        if assessed == "victim" or not given:
            return assessed
        return given.most_common(1)[0][0]

    def _rewrite(
        self, report: Report, extraction: Extraction, ids: dict[int, str], entities: dict[int, Entity]
    ) -> Extraction:
        def canonical(entity_id: str) -> str:
            index = self.atom_of.get(f"{report.id}\x00{entity_id}")
            return ids[self.groups.find(index)] if index is not None else entity_id

        seen: dict[str, Entity] = {}
        for entity in extraction.entities:
            key = f"{report.id}\x00{entity.id}"
            index = self.atom_of.get(key)
            if index is None:
                continue
            for root in [self.groups.find(i) for i in [index, *self.sub_atoms.get(key, [])]]:
                if ids[root] not in seen:
                    seen[ids[root]] = entities[root]

        def mention_id(mention: Mention) -> str:
            moved = self.mention_atom.get((report.id, mention.start, mention.end))
            return ids[self.groups.find(moved)] if moved is not None else canonical(mention.entity_id)

        mentions = [replace(m, entity_id=mention_id(m)) for m in extraction.mentions]
        links: dict[tuple[str, str, str, str], Link] = {}
        for link in extraction.links:
            new = replace(link, source=canonical(link.source), target=canonical(link.target))
            if new.source == new.target:
                continue
            old = links.get(new.key)
            if old is None or new.confidence > old.confidence:
                links[new.key] = new
        return Extraction(
            entities=list(seen.values()),
            mentions=mentions,
            links=list(links.values()),
            indicators=list(extraction.indicators),
        )

    def _candidates(self, ids: dict[int, str]) -> list[MatchCandidate]:
        out: list[MatchCandidate] = []
        best_review: dict[tuple[str, str], MatchCandidate] = {}
        for i, j, match, decision in self.records:
            ri, rj = self.groups.find(i), self.groups.find(j)
            a_name, b_name = self.atoms[i].entity.name, self.atoms[j].entity.name
            kind = self.atoms[i].entity.kind
            if decision == "merged":  # a and b are the ids that were compared (provisional or stored)
                a_id, b_id = self.atoms[i].id, self.atoms[j].id
                out.append(MatchCandidate(a_id, b_id, kind, match.score, match.reasons, "merged", a_name, b_name))
                continue
            if ri == rj:
                continue  # joined another way after all
            a, b = sorted((ids[ri], ids[rj]))
            if (a, b) != (ids[ri], ids[rj]):
                a_name, b_name = b_name, a_name
            candidate = MatchCandidate(a, b, kind, match.score, match.reasons, "review", a_name, b_name)
            if (a, b) not in best_review or candidate.score > best_review[(a, b)].score:
                best_review[(a, b)] = candidate
        reviews = sorted(best_review.values(), key=lambda c: (-c.score, c.a, c.b))
        return out + reviews


# --- helpers -----------------------------------------------------------------------------


def _sources(atoms: list[_Atom]) -> list[tuple[Entity, bool, int]]:
    return [(a.entity, a.report_id is None, a.mentions) for a in atoms]


def _with_reason(match: Match, feature: str, detail: str) -> Match:
    return Match(
        list(match.reasons) + [MatchReason(feature, 0.0, detail)], match.partial, match.partial_side, match.tier
    )


def _place_id(place: str, ids: dict[int, str]) -> str:
    """``place#12`` (a resolved place group) -> its canonical id."""
    return ids.get(int(place.removeprefix("place#")), place)


def _same_name_key(profile: Profile) -> str | None:
    """One normalised name for a group named a single way, else None (then it is scored pairwise)."""
    keys: set[str] = set()
    if profile.kind == "PERSON":
        keys = {f"{n.given}|{' '.join(n.middle)}|{n.surname}" for n in profile.full_names if n.given}
    elif profile.kind == "LOCATION":
        keys = {f"{p.house_number}|{p.key}|{p.qualifier}" for p in profile.places}
    elif profile.kind == "ORG":
        keys = set(profile.org_keys)
    elif profile.kind == "VEHICLE":
        keys = set(profile.plates)
    return next(iter(keys)) if len(keys) == 1 else None


def _exact_partial(match: Match) -> bool:
    """A partial match on the very same lone name or alias (not a spelling variant)."""
    return any(r.detail.startswith(("same lone name", "alias")) for r in match.reasons)


def _person_key(profile: Profile) -> str:
    for name in profile.full_names:
        if name.given and name.surname:
            return f"{name.given} {name.surname}"
    for name in profile.full_names:
        return f"{name.initial} {name.surname}"
    return sorted(profile.lone)[0] if profile.lone else (sorted(profile.nicknames)[0] if profile.nicknames else "")


def _blocking_keys(profile: Profile) -> set[str]:
    """Keys that put possibly-matching profiles in one block (so not every pair is compared)."""
    keys: set[str] = set()
    if profile.kind == "PERSON":
        for name in profile.full_names:
            keys.add("s:" + ocr_key(name.surname)[:2])
            if name.given:
                keys.add("g:" + ocr_key(name.given)[:3] + ocr_key(name.surname)[-2:])
        keys |= {"n:" + n for n in profile.nicknames}
    elif profile.kind == "LOCATION":
        for place in profile.places:
            keys.add("k:" + place.key[:3])
    elif profile.kind == "ORG":
        for key in profile.org_keys:
            keys.add("k:" + key[:3])
        keys |= {"a:" + a for a in profile.org_acronyms | profile.org_short}
    elif profile.kind == "VEHICLE":
        keys |= {"p:" + p for p in profile.plates} | {"m:" + m.split()[-1] for m in profile.models}
    return keys


# --- entry points ---------------------------------------------------------------------------


def resolve_batch(
    items: list[tuple[Report, Extraction]],
    known: list[Entity] | None = None,
    config: ResolverConfig | None = None,
    decisions: Decisions | None = None,
) -> ResolutionResult:
    """Give every provisional entity of a batch of reports its canonical id.

    Parameters
    ----------
    items
        Per report, its extraction with provisional entity ids unique in the batch; ``name``
        is the fullest surface form in that report, ``aliases`` the others.
    known
        Entities already stored (canonical ids): the batch resolves against them, and a
        stored id is kept whenever a new mention is the same entity.
    config
        Thresholds (:class:`ResolverConfig`).
    decisions
        Analyst decisions to honour (:class:`Decisions`).

    Returns
    -------
    ResolutionResult
        The extractions with canonical ids (entities deduplicated per report, names the best
        full name, aliases the union of surface forms; self-links dropped), every match
        considered (``merged`` or ``review``), and the canonical entities of the batch.

    Notes
    -----
    Deterministic: the same input gives the same ids. Two stored entities are never merged
    here (that is ``store.merge``'s job); their pair is listed for review instead.
    """
    resolver = _Resolver(list(items), list(known or []), config or ResolverConfig(), decisions or Decisions())
    resolver.run()
    return resolver.result()


def find_candidates(entities: list[Entity], config: ResolverConfig | None = None) -> list[MatchCandidate]:
    """Pairs among stored entities that may be one (scored, explained), for an analyst to review."""
    result = resolve_batch([], known=entities, config=config)
    return [c for c in result.candidates if c.decision == "review"]


def decisions_from_records(merges: list, rejections: list, splits: list) -> Decisions:
    """The analyst decisions a store keeps (``store.merges()``, ``rejections()``, ``splits()``)
    in the form :func:`resolve_batch` honours; undone decisions are left out."""
    return Decisions(
        merges=[(m.kept, m.absorbed) for m in merges if not m.undone],
        rejected=[(r.a, r.b) for r in rejections],
        splits=[Split(s.entity_id, list(s.names), list(s.report_ids)) for s in splits if not s.undone],
    )


def resolve_for_store(
    items: list[tuple[Report, Extraction]], store, config: ResolverConfig | None = None
) -> ResolutionResult:
    """Resolve a batch against what ``store`` (any :class:`graph.store.GraphStore`) already holds:
    its entities, and every merge, "not the same" and split decision an analyst has made there."""
    decisions = decisions_from_records(store.merges(), store.rejections(), store.splits())
    known = store.entities()
    result = resolve_batch(items, known=known, config=config, decisions=decisions)
    return with_store_ids(result, {e.id for e in known}, store.case_secret(ENTITY_ID_SECRET).encode("ascii"))


#: The name of the case-store secret that keys opaque entity ids.
ENTITY_ID_SECRET = "entity-ids"


def with_store_ids(result: ResolutionResult, stored: set[str], key: bytes) -> ResolutionResult:
    """The result with every new entity under its opaque store id (graph.identity.opaque_id):
    the readable keys the resolver works with (``P_sasha_lee``) never reach a store. Ids
    already stored (``stored``) and phone ids stay as they are."""

    def store_id(entity_id: str) -> str:
        return entity_id if entity_id in stored else opaque_id(entity_id, key)

    extractions = [
        replace(
            extraction,
            entities=[replace(e, id=store_id(e.id)) for e in extraction.entities],
            mentions=[replace(m, entity_id=store_id(m.entity_id)) for m in extraction.mentions],
            links=[replace(k, source=store_id(k.source), target=store_id(k.target)) for k in extraction.links],
        )
        for extraction in result.extractions
    ]
    return ResolutionResult(
        extractions,
        [replace(c, a=store_id(c.a), b=store_id(c.b)) for c in result.candidates],
        [replace(e, id=store_id(e.id)) for e in result.entities],
        [store_id(h) for h in result.hubs],
    )
