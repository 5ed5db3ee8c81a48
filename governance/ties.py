"""What names a hidden victim besides her own name and aliases: nicknames that reports write
beside her name, and e-mail addresses and handles that spell one of her names or that a link
ties to her.

Pure policy over plain data (mentions, entities, links). :class:`governance.guard.GuardedStore`
reads them once per case version and hides what is found here as it hides her name: a
nickname becomes one more written form of her (``governance.redaction.victim_forms``), and an
entity tied to her (the separate person the resolver made of her nickname, her address, her
handle) is shown as what it is to her ("Email of Victim V-017"), never as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from graph.identity import fold_name
from graph.model import Entity, Link, Mention

#: Entity kinds whose written form is an account of someone's (an address, a handle).
IDENTIFIER_KINDS = ("EMAIL", "HANDLE")
#: Link types that tie an identifier to a person. Being named in the same sentence is not one:
#: a suspect's address written beside her name is still his.
NOT_A_TIE = frozenset({"CO_MENTIONED"})

_QUOTED = r"[\"“'‘](?P<quoted>[^\W\d_a-z][^\"“”'‘’()\n]{1,39}?)[\"”'’]"
#: One to three capitalised words (``Nee-Nee``, ``Big Mama``, ``O'Neil``).
_CAPITALISED = r"(?P<plain>[^\W\d_a-z][\w'’\-]*(?:[ \t]+[^\W\d_a-z][\w'’\-]*){0,2})"
#: The phrasings that introduce another name for the person just named.
_MARKER = (
    r"(?i:(?:also\s+|better\s+)?known\s+(?:to\s+\w+\s+)?as|a\.?k\.?a\.?|alias|nicknamed|"
    r"(?:(?:who|that)\s+)?(?:also\s+)?goes\s+by(?:\s+the\s+name(?:\s+of)?)?|(?P<called>(?:also\s+)?called))"
)
#: What may follow a mention of her and introduce a nickname: ``("Nee-Nee")``, ``(aka Nee-Nee)``,
#: ``, known as Nee-Nee``, ``"Nee-Nee"`` between her first name and the rest of it. A bare
#: parenthesis must be quoted: ``Shanice Clarke (Jamaican)`` names no nickname, and a bare quote
#: after her full name is what she said (``Shanice Clarke 'Ok' ...``).
_APPOSITION_TEXT = rf"""[ \t]*(?:
        \([ \t]*{_QUOTED}[ \t]*(?=[),;/])
      | \([ \t]*(?:{_MARKER})[ \t]+(?:{_QUOTED}|{_CAPITALISED})[ \t]*(?=[),;/])
      | (?P<comma>,)?[ \t]*(?:{_MARKER})[ \t]+(?:{_QUOTED}|{_CAPITALISED})
      | {_QUOTED}(?=[ \t]*/|[ \t]+[^\W\d_a-z])
    )"""
#: Another quoted nickname after the first: ``known as "Mr. G" / "Silky"``, ``("Dre" or "Andy")``.
_ONE_MORE = re.compile(r"[ \t]*(?:/|,|or\b)[ \t]*" + _QUOTED.replace("(?P<quoted>", "(?P<more>"))
#: Words that follow a marker without being a name (``known as the woman from...``).
_NOT_A_NAME = frozenset(
    {"the", "a", "an", "her", "his", "she", "he", "they", "them", "it", "him", "by", "to", "on", "at", "in", "and"}
)


def _numbered(pattern: str) -> str:
    """``pattern`` with each ``quoted``/``plain``/``called`` group numbered (a name may occur only once)."""
    counts = {"quoted": 0, "plain": 0, "called": 0}

    def number(match: re.Match[str]) -> str:
        counts[match.group(1)] += 1
        return f"(?P<{match.group(1)}{counts[match.group(1)]}>"

    return re.sub(r"\(\?P<(quoted|plain|called)>", number, pattern)


_APPOSITION = re.compile(_numbered(_APPOSITION_TEXT), re.VERBOSE)
#: A nickname written before her name: ``"Petal" (Rosalind Pryce)`` (quoted, the parenthesis
#: closing right after her name), ``Petal, whose real name is Rosalind Pryce``, ``Petal (real
#: name Rosalind Pryce)``. Unquoted, only one word: a sentence's first words are not a nickname.
_BEFORE = re.compile(
    _numbered(
        rf"""(?:
        {_QUOTED}[ \t]*(?P<paren>\()
      | (?:{_QUOTED}|(?<![\w'’\-])(?P<plain>[^\W\d_a-z][\w'’\-]*))[ \t]*[,(][ \t]*
        (?i:(?:whose|her|his)[ \t]+(?:real|true|legal)[ \t]+name[ \t]+is|(?:real|true|legal)[ \t]+name(?:[ \t]+is)?)[ \t]+
    )\Z"""
    ),
    re.VERBOSE,
)
#: How far before a name the phrasing is looked for.
_BEFORE_WINDOW = 80


def nicknames_after(text: str, end: int) -> list[str]:
    """The nicknames written right after a name that ends at ``end`` in ``text``.

    >>> nicknames_after('Shanice Clarke ("Nee-Nee") was moved', 14)
    ['Nee-Nee']
    >>> nicknames_after('Shanice Clarke, known as "Nee-Nee" / "Shan", was moved', 14)
    ['Nee-Nee', 'Shan']
    >>> nicknames_after("Shanice Clarke called Marcus Reid", 14)
    []
    """
    match = _APPOSITION.match(text, end)
    if match is None:
        return []
    groups = match.groupdict()
    quoted = next((v for k, v in groups.items() if k.startswith("quoted") and v), None)
    plain = next((v for k, v in groups.items() if k.startswith("plain") and v), None)
    called = any(v for k, v in groups.items() if k.startswith("called"))
    if called and not groups.get("comma") and not match.group().lstrip().startswith("("):
        return []  # "Reid called "Keish"", "Shanice Clarke called Marcus": a verb, not her nickname
    found = [_a_name(quoted or plain or "")]
    more = _ONE_MORE.match(text, match.end()) if quoted is not None else None
    while more is not None:
        found.append(_a_name(more.group("more")))
        more = _ONE_MORE.match(text, more.end())
    return [n for n in found if n is not None] if found[0] is not None else []


def nicknames_before(text: str, start: int, end: int) -> list[str]:
    """The nickname written right before a name at ``text[start:end]``, if any.

    >>> nicknames_before('"Petal" (Rosalind Pryce) was moved', 9, 23)
    ['Petal']
    >>> nicknames_before("Petal, whose real name is Rosalind Pryce, was moved", 26, 40)
    ['Petal']
    >>> nicknames_before("Dorian Pryce (Rosalind Pryce's uncle) drove", 14, 28)
    []
    """
    near = text[max(0, start - 24) : start]
    if "(" not in near[-3:] and "name" not in near.lower():
        return []  # most names: no parenthesis just before, no "real name"
    match = _BEFORE.search(text, max(0, start - _BEFORE_WINDOW), start)
    if match is None:
        return []
    if match.group("paren") and not text[end:].lstrip(" \t").startswith(")"):
        return []  # '"Starlight" (Rosalind Pryce worked there)': the quote names something else
    groups = match.groupdict()
    written = next((v for k, v in groups.items() if k.startswith(("quoted", "plain")) and v), None)
    nickname = _a_name(written or "")
    return [nickname] if nickname is not None else []


def _a_name(written: str) -> str | None:
    """``written`` as a nickname, or None when it is no name (a digit, a pronoun, a clause, four words)."""
    nickname = written.strip(" \t.,;:")
    words = nickname.split()
    if not words or words[0].lower() in _NOT_A_NAME or any(ch.isdigit() or ch in ",;!?" for ch in nickname):
        return None  # a number, a pronoun, or words said ('Rosalind Pryce "Yes, I went"')
    if not any(ch.isalpha() for ch in nickname) or len(words) > 3:
        return None
    return nickname


def nicknames_beside(mentions: Iterable[Mention]) -> dict[str, list[str]]:
    """Entity id -> the nicknames its mentions' sentences write right beside it, in the order
    first seen (``Shanice Clarke ("Nee-Nee")``, ``Shanice Clarke, known as Nee-Nee``, ``aka``,
    ``alias``, ``nicknamed``, ``who goes by``, ``, called``). A form equal to one of the
    mentions' own texts is not a nickname."""
    mentions = list(mentions)
    found: dict[str, dict[str, str]] = {}
    seen: set[tuple[str, str, str]] = set()
    for mention in mentions:
        sentence, written = mention.sentence, mention.text
        if not sentence or not written or (mention.entity_id, written, sentence) in seen:
            continue
        seen.add((mention.entity_id, written, sentence))
        at = sentence.find(written)
        while at >= 0:
            beside = nicknames_before(sentence, at, at + len(written)) + nicknames_after(sentence, at + len(written))
            for nickname in beside:
                found.setdefault(mention.entity_id, {}).setdefault(fold_name(nickname), nickname)
            at = sentence.find(written, at + 1)
    result = {}
    for entity_id, nicknames in found.items():
        own = {fold_name(m.text) for m in mentions if m.entity_id == entity_id}
        kept = [n for folded, n in nicknames.items() if folded not in own]
        if kept:
            result[entity_id] = kept
    return result


def letters(text: str) -> str:
    """The letters and digits of a written form, folded: ``@Shanice_C`` -> ``shanicec``."""
    return re.sub(r"[^0-9a-z]", "", fold_name(text))


@dataclass(frozen=True)
class Tie:
    """An entity that names a hidden victim: whose it is, and how (``nickname``, ``spells her
    name``, ``linked to her``)."""

    victim_id: str
    how: str


def spelled_words(victim: Entity, nicknames: Sequence[str] = ()) -> set[str]:
    """The letter runs that, inside an address or handle, spell one of her names: each name,
    alias and nickname whole, and each word of three letters or more of a multi-word name."""
    words: set[str] = set()
    for form in (victim.name, *victim.aliases, *nicknames):
        whole = letters(form)
        if len(whole) >= 3:
            words.add(whole)
        parts = [letters(w) for w in re.findall(r"[^\W\d_]+", form)]
        if len(parts) > 1:
            words.update(p for p in parts if len(p) >= 3)
    return words


def tied_entities(
    hidden: Sequence[Entity],
    nicknames: Mapping[str, Sequence[str]],
    people: Iterable[Entity],
    identifiers: Iterable[Entity],
    links: Iterable[Link],
) -> dict[str, Tie]:
    """Entity id -> the hidden victim it names, for

    - a person (not a victim) whose name is one of her nicknames: the resolver kept the
      nickname apart from her;
    - an e-mail address or handle that spells one of her names or nicknames
      (``shanice.clarke99@…``, ``@neenee876``), unless the letters are those of someone else's
      full name (``joan.clarke@…`` is Joan Clarke's, though she shares the victim's surname);
    - an e-mail address or handle a typed link ties to her or to the person made of her
      nickname (she uses it), whatever it spells.

    ``hidden`` are the victims whose names the user does not see; ``people`` every other
    person (their full names protect their own addresses).
    """
    ties: dict[str, Tie] = {}
    by_nickname = {fold_name(n): v.id for v in hidden for n in nicknames.get(v.id, ())}
    others = []
    for person in people:
        victim_id = by_nickname.get(fold_name(person.name))
        if victim_id is not None and person.id not in {v.id for v in hidden}:
            ties[person.id] = Tie(victim_id, "nickname")
        else:
            others.append(person)
    hers = {v.id: v.id for v in hidden} | {p: t.victim_id for p, t in ties.items()}  # she, and her nickname
    identifiers = list(identifiers)
    kinds = {i.id: i.kind for i in identifiers}
    for link in links:
        if link.type in NOT_A_TIE:
            continue
        for mine, theirs in ((link.source, link.target), (link.target, link.source)):
            if mine in hers and theirs in kinds:
                ties.setdefault(theirs, Tie(hers[mine], "linked to her"))
    if not identifiers:
        return ties
    spelled = [(v.id, spelled_words(v, nicknames.get(v.id, ()))) for v in hidden]
    all_words = set().union(*(words for _, words in spelled))
    whole_names = {letters(form) for p in others for form in (p.name, *p.aliases) if len(form.split()) > 1}
    guarded = sorted((n for n in whole_names if any(w in n for w in all_words)), key=len, reverse=True)
    for identifier in identifiers:
        if identifier.id in ties:
            continue
        for form in (identifier.name, *identifier.aliases):
            written = letters(form)
            for other in guarded:
                written = written.replace(other, "|")
            victim_id = next((v for v, words in spelled if any(w in written for w in words)), None)
            if victim_id is not None:
                ties[identifier.id] = Tie(victim_id, "spells her name")
                break
    return ties


__all__ = ["IDENTIFIER_KINDS", "Tie", "letters", "nicknames_after", "nicknames_before", "nicknames_beside", "spelled_words", "tied_entities"]
