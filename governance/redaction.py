"""Victim protection: people whose role is victim appear as stable pseudonyms ("Victim V-017").

A victim's real name and every alias are replaced everywhere a view draws text from (entity
names and aliases, link sentences, mention text, report text) unless the user has the
``reveal_victims`` permission *and* has revealed that victim with a stated reason, which
:func:`reveal` writes to the audit log. Use these functions on everything before it is
shown, searched or exported.

Numbers are stable and never shared within a scope (a case, or the whole store): the first
time a victim is seen it takes the number its keyed hash points at, or the next free one,
and that assignment is kept for good in the governance file beside the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from governance.access import PermissionDenied, User
from governance.audit import AuditLog, AuditRecord
from graph.errors import ThreadlineError
from graph.identity import fold_name
from graph.model import Entity, Evidence, Link, Mention, Person, Report, SearchHit, Subgraph, now_iso

PSEUDONYM_SLOTS = 1000  # V-000 .. V-999; beyond that the number simply grows
_NAME_TITLES = {"mr", "mrs", "ms", "miss", "dr", "the", "and", "de", "la", "van", "von"}
#: Words nicknames are made of that alone name nobody ("Big Mama", "Lady B", "Baby Girl").
_NICKNAME_WORDS = {"big", "little", "lil", "mama", "baby", "girl", "boy", "lady", "sweet", "aunty", "auntie", "mister"}


class RevealError(ThreadlineError):
    """A reveal that cannot be made as asked (no reason given)."""


def is_victim(entity: Entity) -> bool:
    return isinstance(entity, Person) and (entity.role or "").lower() == "victim"


DEVELOPMENT_KEY = "threadline-development-key"


class PseudonymKeyError(ThreadlineError):
    """The deployment runs on the public development pseudonym key where that is refused."""


def pseudonym_secret(configured: str | None = None) -> str:
    """The key for pseudonym hashes: ``configured``, else ``THREADLINE_PSEUDONYM_SECRET``, else the
    public development key (see :func:`check_pseudonym_key`: deployments set their own)."""
    return configured or os.environ.get("THREADLINE_PSEUDONYM_SECRET") or DEVELOPMENT_KEY


def check_pseudonym_key(multi_user: bool, server_store: bool, configured: str | None = None) -> str | None:
    """Refuse the development key for a multi-user deployment or a case on a database server
    (PseudonymKeyError); in single-user mode on a case file, the warning to show on every start
    (None once a key of the deployment's own is set)."""
    if pseudonym_secret(configured) != DEVELOPMENT_KEY:
        return None
    how = "set THREADLINE_PSEUDONYM_SECRET to a key of your own (`threadline pseudonym-key` makes one)"
    if multi_user or server_store:
        raise PseudonymKeyError(
            "Refusing to start on the public development pseudonym key "
            f"({'users are configured' if multi_user else 'the case is on a database server'}): {how}"
        )
    return f"Victim pseudonyms use the public development key: {how}"


def key_scope(secret: str | None = None) -> str:
    """The register scope of a key: numbers are drawn per key, so rotating the key re-draws them
    (never two victims on one number under any key); the key itself is never stored."""
    return "key:" + hashlib.sha256(pseudonym_secret(secret).encode("utf-8")).hexdigest()[:12]


def _slot(entity_id: str, secret: str) -> int:
    digest = hmac.new(secret.encode("utf-8"), entity_id.encode("utf-8"), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") % PSEUDONYM_SLOTS


def format_pseudonym(number: int) -> str:
    return f"Victim V-{number:03d}"


class PseudonymRegister:
    """The numbers given to victims, kept insert-only in the governance file (the audit db).

    ``number(entity_id)`` is the same forever once assigned; two victims in one scope never
    share a number (the second takes the next free one after its hashed slot).
    """

    def __init__(self, audit: AuditLog, secret: str | None = None, scope: str = "*") -> None:
        self._audit = audit
        self._secret = pseudonym_secret(secret)
        self.scope = scope
        self._cache: dict[str, int] = {}

    def number(self, entity_id: str) -> int:
        if entity_id in self._cache:
            return self._cache[entity_id]
        with self._audit.transaction() as db:
            row = db.execute(
                "SELECT number FROM pseudonyms WHERE scope = ? AND entity_id = ?", (self.scope, entity_id)
            ).fetchone()
            if row is None:
                taken = {n for (n,) in db.execute("SELECT number FROM pseudonyms WHERE scope = ?", (self.scope,))}
                number = _slot(entity_id, self._secret)
                while number in taken:
                    number += 1
                db.execute(
                    "INSERT INTO pseudonyms (scope, entity_id, number, at) VALUES (?, ?, ?, ?)",
                    (self.scope, entity_id, number, now_iso()),
                )
            else:
                number = row[0]
        self._cache[entity_id] = number
        return number

    def pseudonym(self, entity_id: str) -> str:
        return format_pseudonym(self.number(entity_id))


def pseudonym(entity_id: str, secret: str | None = None, register: PseudonymRegister | None = None) -> str:
    """``"Victim V-017"`` for an entity id. With a register the number is persisted and unique in
    its scope; without one it is the keyed hash's slot alone (stable, but two victims may share it)."""
    if register is not None:
        return register.pseudonym(entity_id)
    return format_pseudonym(_slot(entity_id, pseudonym_secret(secret)))


# --- who sees what -------------------------------------------------------------------------------


@dataclass
class Redactor:
    """Redaction for one user: which victims they have revealed, and how pseudonyms are named."""

    user: User
    secret: str | None = None
    register: PseudonymRegister | None = None
    revealed: Collection[str] = frozenset()

    def shows_name(self, entity_id: str) -> bool:
        return self.user.can("reveal_victims") and entity_id in self.revealed

    def pseudonym(self, entity_id: str) -> str:
        return pseudonym(entity_id, self.secret, self.register)


def redact_entity(entity: Entity, redactor: Redactor) -> Entity:
    """The entity as this user may see it: a hidden victim's name is the pseudonym, aliases gone."""
    if not is_victim(entity) or redactor.shows_name(entity.id):
        return entity
    return replace(entity, name=redactor.pseudonym(entity.id), aliases=[])


def name_variants(entity: Entity) -> list[str]:
    """Every written form to hide for a victim: the name, the aliases, and the single words of
    multi-word names (a surname alone still identifies her). Longest first."""
    variants: set[str] = set()
    for name in [entity.name, *entity.aliases]:
        name = name.strip().strip("\"'“”‘’")
        if not name:
            continue
        variants.add(name)
        words = re.findall(r"[^\W\d_][\w'’\-]*", name)
        if len(words) > 1:
            variants.update(w for w in words if len(w) >= 3 and w.lower() not in _NAME_TITLES)
    return sorted(variants, key=lambda v: (-len(v), v))


#: Separators a written name may have between its words (``Shanice_Clarke``, ``shanice.clarke``).
_NAME_GAP = re.compile(r"[\s_.\-]+")
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> tuple[str, ...]:
    return tuple(fold_name(w) for w in _WORD.findall(text))


@dataclass(frozen=True)
class VictimForms:
    """Every written form of the hidden victims, looked up word by word in one pass over a text.

    ``forms`` maps a form's first (folded) word to ``(words, shown)`` pairs, longest first:
    ``shown`` is the pseudonym that replaces the form, or None for the name of someone else
    that must be kept whole (a suspect who shares a victim's surname keeps his name). Words
    are split at spaces and at ``_ . -``, so ``interview_Shanice_Clarke_2024.txt`` names her.
    Built once per case version (:func:`victim_forms`); applying it costs one pass per text.
    """

    forms: dict[str, list[tuple[tuple[str, ...], str | None]]]
    memo: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def replace(self, text: str, protected: Sequence[tuple[int, int]] = ()) -> str:
        """``text`` with every hidden victim's form replaced, outside the ``protected`` spans."""
        if not text or not self.forms:
            return text
        if not protected:
            known = self.memo.get(text)
            if known is None:
                known = self._replace(text, ())
                if len(self.memo) > MEMO_TEXTS:
                    self.memo.clear()
                self.memo[text] = known
            return known
        return self._replace(text, protected)

    def _replace(self, text: str, protected: Sequence[tuple[int, int]]) -> str:
        if text.isascii() and self.forms.keys().isdisjoint(w.lower() for w in _WORD.findall(text)):
            return text  # no word of any form: most sentences
        words = [(m.start(), m.end(), fold_name(m.group())) for m in _WORD.finditer(text)]
        out, cursor, i = [], 0, 0
        while i < len(words):
            start, _, word = words[i]
            best: tuple[int, str | None] | None = None
            for form, shown in self.forms.get(word, ()):
                n = len(form)
                if i + n <= len(words) and all(words[i + k][2] == form[k] for k in range(1, n)):
                    if all(_NAME_GAP.fullmatch(text[words[i + k - 1][1] : words[i + k][0]]) for k in range(1, n)):
                        best = (n, shown)
                        break
            if best is None:
                i += 1
                continue
            n, shown = best
            end = words[i + n - 1][1]
            if shown is not None and not any(s < end and start < e for s, e in protected):
                out += [text[cursor:start], shown]
                cursor = end
            i += n
        out.append(text[cursor:])
        return "".join(out)


_FORMS_CACHE: dict[tuple, VictimForms] = {}
#: Texts whose redaction one VictimForms remembers (link sentences re-read on every rerun).
MEMO_TEXTS = 100_000


def victim_forms(
    victims: Iterable[Entity],
    redactor: Redactor,
    people: Iterable[Entity] = (),
    nicknames: Mapping[str, Sequence[str]] | None = None,
) -> VictimForms:
    """The written forms of the victims whose names ``redactor`` hides: full names, aliases and
    each name's single words (a surname alone still identifies her), and the ``nicknames``
    (victim id -> forms) reports write beside her name, whole; with the names of ``people``
    who share one of those words kept whole. Cached by content, so a case read again at the
    same version (another Streamlit rerun) reuses it."""
    nicknames = nicknames or {}
    hidden = sorted(
        (
            (v.id, v.name, tuple(v.aliases), tuple(nicknames.get(v.id, ())))
            for v in victims
            if is_victim(v) and not redactor.shows_name(v.id)
        ),
    )
    shown = {entity_id: redactor.pseudonym(entity_id) for entity_id, _, _, _ in hidden}
    victim_words = {w for _, name, aliases, nicks in hidden for form in (name, *aliases, *nicks) for w in _words(form)}
    others = sorted(
        {
            form
            for p in people
            if not is_victim(p)
            for form in (p.name, *p.aliases)
            if len(_words(form)) > 1 and victim_words & set(_words(form))
        }
    )
    key = (tuple(hidden), tuple(sorted(shown.items())), tuple(others))
    cached = _FORMS_CACHE.get(key)
    if cached is not None:
        return cached
    pairs: dict[tuple[str, ...], str | None] = {}
    for entity_id, name, aliases, nicks in hidden:
        for form in (name, *aliases):
            words = _words(form.strip().strip("\"'“”‘’"))
            if not words:
                continue
            pairs.setdefault(words, shown[entity_id])
            if len(words) > 1:
                for word in words:
                    if len(word) >= 3 and word not in _NAME_TITLES:
                        pairs.setdefault((word,), shown[entity_id])
        for form in nicks:  # as a name: "Miss Marigold" whole, and "Marigold" alone
            words = _words(form)
            if words:
                pairs.setdefault(words, shown[entity_id])
            if len(words) > 1:
                for word in words:
                    if len(word) >= 3 and word not in _NAME_TITLES and word not in _NICKNAME_WORDS:
                        pairs.setdefault((word,), shown[entity_id])
    for form in others:
        words = _words(form)
        if pairs.get(words) is None:
            pairs[words] = None
    forms: dict[str, list[tuple[tuple[str, ...], str | None]]] = {}
    for words, replacement in pairs.items():
        forms.setdefault(words[0], []).append((words, replacement))
    for candidates in forms.values():
        candidates.sort(key=lambda pair: -len(pair[0]))
    if len(_FORMS_CACHE) > 16:
        _FORMS_CACHE.clear()
    result = _FORMS_CACHE[key] = VictimForms(forms)
    return result


def redact_text(
    text: str,
    redactor: Redactor,
    victims: Iterable[Entity] = (),
    mentions: Sequence[Mention] = (),
    forms: VictimForms | None = None,
) -> str:
    """``text`` with hidden victims' names replaced by their pseudonyms.

    ``mentions`` (offsets into this very text, e.g. a report's mentions) decide first: a
    mention of a hidden victim is replaced by position, so forms the resolver linked but no
    alias lists are caught too, and a mention of anyone else is kept as written. Then every
    form of the victims (``forms``, else built from ``victims``) is replaced elsewhere.
    """
    if not text:
        return text
    victims = list(victims)
    if forms is None:
        forms = victim_forms(victims, redactor)
    hidden_ids = _hidden_ids(victims, redactor) if mentions else frozenset()
    pieces: list[str] = []
    cursor = 0
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if mention.start < cursor or not (0 <= mention.start < mention.end <= len(text)):
            continue
        if mention.entity_id in hidden_ids:
            pieces.append(forms.replace(text[cursor : mention.start]))
            pieces.append(redactor.pseudonym(mention.entity_id))
        else:
            pieces.append(forms.replace(text[cursor : mention.start]))
            pieces.append(text[mention.start : mention.end])  # someone else, named as the resolver read it
        cursor = mention.end
    pieces.append(forms.replace(text[cursor:]))
    return "".join(pieces)


def _hidden_ids(victims: Iterable[Entity], redactor: Redactor) -> frozenset[str]:
    return frozenset(v.id for v in victims if is_victim(v) and not redactor.shows_name(v.id))


def redact_subgraph(
    subgraph: Subgraph,
    redactor: Redactor,
    victims: Iterable[Entity] = (),
    people: Iterable[Entity] = (),
    forms: VictimForms | None = None,
) -> Subgraph:
    """The subgraph with every hidden victim pseudonymised: names, aliases and link sentences.

    ``victims`` adds victims from outside the subgraph whose names may appear in its sentences
    (pass ``store.entities(["PERSON"])`` to be thorough); ``forms``, when given, are the
    victims' written forms already built for the whole case (nicknames included).
    """
    if forms is None:
        everyone = {e.id: e for e in [*victims, *subgraph.entities] if is_victim(e)}
        forms = victim_forms(everyone.values(), redactor, [*people, *subgraph.entities])
    entities = [redact_entity(e, redactor) for e in subgraph.entities]
    links = []
    for link in subgraph.links:
        sentence = forms.replace(link.sentence)
        links.append(link if sentence is link.sentence else replace(link, sentence=sentence))
    return Subgraph(entities, links, list(subgraph.calls))


def redact_link(link: Link, redactor: Redactor, victims: Iterable[Entity]) -> Link:
    return replace(link, sentence=redact_text(link.sentence, redactor, list(victims)))


def redact_evidence(evidence: Iterable[Evidence], redactor: Redactor, victims: Iterable[Entity]) -> list[Evidence]:
    """Evidence with victims' names in its sentences (and report titles) replaced."""
    known = list(victims)
    return [
        replace(
            e,
            sentence=redact_text(e.sentence, redactor, known),
            report_title=redact_text(e.report_title, redactor, known),
        )
        for e in evidence
    ]


def redact_mentions(mentions: Iterable[Mention], redactor: Redactor, victims: Iterable[Entity]) -> list[Mention]:
    """Mentions whose text and sentence no longer name a hidden victim."""
    known = list(victims)
    hidden = {v.id for v in known if is_victim(v) and not redactor.shows_name(v.id)}
    result = []
    for mention in mentions:
        text = redactor.pseudonym(mention.entity_id) if mention.entity_id in hidden else mention.text
        result.append(replace(mention, text=text, sentence=redact_text(mention.sentence, redactor, known)))
    return result


def redact_report(
    report: Report, redactor: Redactor, victims: Iterable[Entity], mentions: Sequence[Mention] = ()
) -> Report:
    """A report as the user may read it: text and title without hidden victims' names.

    The offsets of ``mentions`` refer to the original text; once redacted they no longer match,
    so highlight the original mentions *before* redacting, or redact the highlighted pieces.
    """
    known = list(victims)
    return replace(
        report,
        text=redact_text(report.text, redactor, known, mentions),
        title=redact_text(report.title, redactor, known),
    )


def redact_hits(hits: Iterable[SearchHit], redactor: Redactor) -> list[SearchHit]:
    """Search hits as the user may see them. A hidden victim found through her real name or an
    alias is left out altogether: showing "Victim V-017" for the query "Tanya Hall" would
    confirm who she is. Hidden victims found by their pseudonym stay, pseudonymised."""
    result = []
    for hit in hits:
        if not is_victim(hit.entity) or redactor.shows_name(hit.entity.id):
            result.append(hit)
            continue
        shown = redact_entity(hit.entity, redactor)
        if hit.matched != shown.name:
            continue
        result.append(SearchHit(shown, hit.score, shown.name))
    return result


def find_by_pseudonym(query: str, victims: Iterable[Entity], redactor: Redactor) -> list[SearchHit]:
    """Victims whose pseudonym matches ``query`` (``"V-017"``, ``"victim v-17"``, ``"017"``)."""
    match = re.search(r"(?:v\s*-?\s*)?(\d{1,4})\s*$", query.strip(), re.IGNORECASE)
    if not match:
        return []
    wanted = int(match.group(1))
    hits = []
    for entity in victims:
        if is_victim(entity) and not redactor.shows_name(entity.id):
            name = redactor.pseudonym(entity.id)
            if int(name.rsplit("-", 1)[1]) == wanted:
                shown = redact_entity(entity, redactor)
                hits.append(SearchHit(shown, 1.0, name))
    return hits


# --- revealing -----------------------------------------------------------------------------------


def reveal(entity_id: str, user: User, reason: str, audit: AuditLog, detail: dict | None = None) -> AuditRecord:
    """Record that ``user`` reveals a victim's identity, for the stated ``reason``.

    Raises PermissionDenied without the ``reveal_victims`` permission and RevealError without a
    reason. The caller adds ``entity_id`` to the user's ``Redactor.revealed`` for the session.
    """
    user.require("reveal_victims")
    if not reason or not reason.strip():
        raise RevealError("A reveal needs a stated reason (e.g. 'preparing the victim's witness statement')")
    return audit.record(user.name, "reveal", subject=entity_id, reason=reason.strip(), detail=detail or {})


def revealed_by(audit: AuditLog, user: User, since: str | None = None) -> set[str]:
    """The victims ``user`` has revealed (since a time, e.g. the start of their session)."""
    if not user.can("reveal_victims"):
        return set()
    return {r.subject for r in audit.records(action="reveal", who=user.name, since=since)}


def new_secret() -> str:
    """A fresh random pseudonym key for a deployment's configuration."""
    return secrets.token_urlsafe(32)


__all__ = [
    "PermissionDenied",
    "PseudonymRegister",
    "Redactor",
    "RevealError",
    "find_by_pseudonym",
    "is_victim",
    "name_variants",
    "pseudonym",
    "redact_entity",
    "redact_evidence",
    "redact_hits",
    "redact_link",
    "redact_mentions",
    "redact_report",
    "redact_subgraph",
    "redact_text",
    "reveal",
    "revealed_by",
]
