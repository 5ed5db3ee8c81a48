"""Who "he", "she", "the driver" and "the woman" are: third-person pronouns and role nouns bound to
the person mention they stand for, within one report, by rules over the parse.

The registered component ``threadline_coref`` runs after the mentions are settled and fills
``Doc._.referents`` (:mod:`extract.referents`) for the tokens it resolves, never over an entry a
layout reader made (first-person words in a speaker's message). Relation rules then read a
sentence like "He drove her to Negril" as naming the two people it is about.

Rules (vocabulary in ``extract/data/coreference.json``):

- a subject pronoun (she/he) is the first person of the nearest earlier sentence of the paragraph
  whose gender does not clash; an object pronoun (her/him) the latest such person who is not the
  subject of its own verb; a possessive (her/his) only before a phone ("Her line is ...");
- a role noun is bound where the report introduces it, next to a name ("the driver, Neville
  Ashby,", "Neville Ashby, the driver,", "a taxi man named Lenny", "the driver is known as
  Lenny"), and a later "the driver" is that person;
- a definite gendered noun not introduced ("the woman", "the boy") is read like a pronoun;
- each pronoun read fixes its person's gender for later ones; a new paragraph, or a line said by
  someone (a transcript, a chat), starts afresh.

``coreferee`` (PyPI) was measured as the alternative: version 1.5.0 supports English models up to
3.5 only (this pipeline's model is 3.8) and needs its own trained model downloaded separately, so
the rules here stand alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from extract.doctext import text_of, tokens_of
from extract.lexicon import DATA
from extract.recognise import Found
from extract.referents import referents_of
from extract.relations import Unit, evidence_units

#: ``doc.user_data`` key listing the token indices this step filled (so a second run replaces them).
_OWNED = "threadline_coref_owned"


@dataclass(frozen=True)
class Vocabulary:
    pronouns: dict[str, str]
    role_nouns: dict[str, str | None]
    naming: tuple[str, ...]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = json.loads((DATA / "coreference.json").read_text(encoding="utf-8"))
    return Vocabulary(data["pronouns"], data["role_nouns"], tuple(data["naming"]))


@dataclass(frozen=True)
class Person:
    """A person as coreference sees one: their cluster key, where this reference to them is, and
    the span of the named mention a reference resolves to."""

    key: str
    start: int
    end: int
    named: tuple[int, int]


_FEMALE_BEFORE = re.compile(r"\b(?:Mrs|Ms|Miss|Madam|Madame|Sister|Auntie|Aunty|Mother|Sra|Señora)\.?\s+$")
_MALE_BEFORE = re.compile(r"\b(?:Mr|Mister|Brother|Father|Uncle|Sr|Señor)\.?\s+$")


def genders(text: str, mentions: list[Found]) -> dict[str, str]:
    """Person key -> "F"/"M" where the report says: ``(F, 20)`` after a name, or a title before it."""
    found: dict[str, str] = {}
    for m in mentions:
        if m.label != "PERSON" or not m.key:
            continue
        after = re.match(r"^\s*\(\s*([FM])\b", text[m.end : m.end + 8])
        before = text[max(0, m.start - 12) : m.start]
        if after:
            found.setdefault(m.key, after.group(1))
        elif _FEMALE_BEFORE.search(before):
            found.setdefault(m.key, "F")
        elif _MALE_BEFORE.search(before):
            found.setdefault(m.key, "M")
    return found


def _verb_subject_keys(pronoun: Token, earlier: list[Person]) -> set[str]:
    """Who cannot be the object pronoun of a verb: that verb's own subject (a named person, or the
    person a "who" clause hangs on, or the nearest person before when the verb has no subject)."""
    verb = pronoun.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    before_verb = [m for m in earlier if m.end <= verb.idx]
    if not subjects or subjects[0].lower_ in ("who", "that", "which"):
        return {before_verb[-1].key} if before_verb else set()
    named = next((m for m in earlier if m.start <= subjects[0].idx < m.end), None)
    return {named.key} if named is not None else set()


_POSSESSIVE_LINE = re.compile(
    r"^\s+(?:\w+\s+){0,2}?(?:phone|number|line|handset|cell|mobile|whatsapp)\b(?:\s+(?:is|was|number))?\s*:?\s*"
    r"(?=[\d(+])",
    re.I,
)
_DEFINITE = {"the", "that", "this"}
_INTRODUCING = {"the", "a", "an", "that", "this", "his", "her", "their", "our", "one"}


@lru_cache(maxsize=1)
def _role_heads() -> frozenset[str]:
    """The last word of every role noun ("man" of "taxi man"): the only words worth a closer look."""
    return frozenset(role.split()[-1] for role in vocabulary().role_nouns)


@lru_cache(maxsize=1)
def _introducing_after() -> re.Pattern:
    names = "|".join(re.escape(n) for n in sorted(vocabulary().naming, key=len, reverse=True))
    return re.compile(rf"^\s*(?:[,(]\s*|\s(?:{names})\s+|\s(?:is|was)\s+(?:(?:{names})\s+)?)[\"“']?", re.I)


def _role_at(tokens: list[Token], i: int, roles: dict[str, str | None]) -> tuple[str, int] | None:
    """The role noun phrase ending at ``tokens[i]`` (one or two words), and the index of its first word."""
    token = tokens[i]
    if token.lower_ not in _role_heads() or token.pos_ not in ("NOUN", "PROPN") or token.tag_ in ("NNS", "NNPS"):
        return None
    if i > 0 and f"{tokens[i - 1].lower_} {token.lower_}" in roles:
        return f"{tokens[i - 1].lower_} {token.lower_}", i - 1
    if token.lower_ in roles:
        return token.lower_, i
    return None


def _introduced(text: str, phrase_start: int, phrase_end: int, people: list[Person], naming: tuple[str, ...]):
    """The person a role noun phrase is introduced with, right beside it: "the driver, Ashby,",
    "Ashby, the driver", "the driver (Ashby)", "a driver named Ashby", "the driver is known as Ashby"."""
    after = text[phrase_end : phrase_end + 60]
    link = _introducing_after().match(after)
    if link:
        at = phrase_end + link.end()
        person = next((p for p in people if p.start == at), None)
        if person is not None:
            return person
    for person in people:
        gap = text[person.end : phrase_start]
        if person.end <= phrase_start and re.fullmatch(
            r"[\"”']?\s*(?:\([^()]{0,30}\))?\s*,\s*(?:the|a|an|his|her|their)?\s*(?:[\w-]+\s+){0,2}", gap
        ):
            return person
    return None


def resolve_references(doc: Doc, mentions: list[Found]) -> dict[int, tuple[int, int]]:
    """Token index -> span of the named person mention, for the third-person pronouns and role
    nouns of ``doc`` these rules can resolve."""
    words = vocabulary()
    text = text_of(doc)
    doc_tokens = tokens_of(doc)
    known_genders = genders(text, mentions)
    people = sorted((m for m in mentions if m.label == "PERSON" and m.key), key=lambda m: m.start)
    units: list[Unit] = evidence_units(doc, mentions)
    history: list[list[Person]] = []  # persons per earlier unit of this paragraph, stand-ins included
    roles: dict[str, Person] = {}  # role noun -> the person the report introduced with it
    found: dict[int, tuple[int, int]] = {}
    previous_end = 0
    for unit in units:
        if "\n\n" in text[previous_end : unit.start] or re.match(r"^\W{0,3}\w[\w .]{0,20}:", unit.text):
            history = []  # a new paragraph, or a line said by someone (a transcript, a chat)
        previous_end = unit.end
        named = [
            Person(m.key, m.start, m.end, (m.start, m.end))
            for m in people
            if unit.start <= m.start and m.end <= unit.end
        ]
        stand_ins: list[Person] = []
        tokens = list(doc_tokens.between(unit.start, unit.end))
        for i, token in enumerate(tokens):
            role = _role_at(tokens, i, words.role_nouns)
            if role is not None:
                phrase, first = role
                if any(m.start <= token.idx < m.end for m in named):
                    continue  # part of a name
                determiner = tokens[first - 1].lower_ if first > 0 else ""
                introduced = _introduced(text, tokens[first].idx, token.idx + len(token.text), named, words.naming)
                if introduced is not None and determiner in _INTRODUCING | {""}:
                    roles[phrase] = introduced
                    person = introduced
                elif determiner in _DEFINITE and phrase in roles:
                    person = roles[phrase]
                elif determiner in _DEFINITE and words.role_nouns[phrase] is not None:
                    gender = words.role_nouns[phrase]
                    fits = [m for earlier in reversed(history[-2:]) for m in earlier[:1]]
                    fits = [m for m in fits if known_genders.get(m.key) == gender]
                    if not fits:
                        continue
                    person = fits[0]
                else:
                    continue
                stand_ins.append(Person(person.key, token.idx, token.idx + len(token.text), person.named))
                found[token.i] = person.named
                continue
            gender = words.pronouns.get(token.lower_)
            if gender is None:
                continue
            possessive = token.dep_ == "poss" or token.tag_ == "PRP$" or token.lower_ == "his"
            if possessive:
                # "Her advert line is (876) 555-0122": only a phone's owner is read through a possessive
                if not _POSSESSIVE_LINE.match(text[token.idx + len(token.text) : unit.end]) or named:
                    continue
                fits = [m for earlier in reversed(history[-2:]) for m in earlier[:1]]
                fits = [m for m in fits if known_genders.get(m.key, gender) == gender]
                if fits:
                    stand_ins.append(Person(fits[0].key, token.idx, token.idx + len(token.text), fits[0].named))
                    found[token.i] = fits[0].named
                continue
            subject = token.dep_ in ("nsubj", "nsubjpass")
            if subject and any(m.start < token.idx for m in named):
                continue  # "Shanice says she ...": the sentence names her already
            if not subject and not token.dep_.endswith("obj") and token.dep_ not in ("dative", "obj"):
                continue
            fits = [
                m for earlier in reversed(history[-3:]) for m in earlier if known_genders.get(m.key, gender) == gender
            ]
            if not subject:
                earlier_here = sorted((m for m in named + stand_ins if m.start < token.idx), key=lambda m: m.start)
                not_this = _verb_subject_keys(token, earlier_here)
                earlier_here = [
                    m for m in earlier_here if m.key not in not_this and known_genders.get(m.key, gender) == gender
                ]
                fits = earlier_here + [m for m in fits if m.key not in not_this]  # the sentence's own people first
            if not fits:
                continue
            person = fits[0]
            known_genders.setdefault(person.key, gender)
            stand_ins.append(Person(person.key, token.idx, token.idx + len(token.text), person.named))
            found[token.i] = person.named
        everyone = sorted(named + stand_ins, key=lambda m: m.start)
        if everyone:
            history.append(everyone)
    return found


class Coreference:
    """``threadline_coref``: third-person pronouns and role nouns -> ``Doc._.referents``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        referents = referents_of(doc)
        for index in doc.user_data.get(_OWNED, []):
            referents.pop(index, None)  # a second run (the batch's names changed the mentions) starts afresh
        owned = []
        for index, span in resolve_references(doc, doc._.mentions or []).items():
            if index not in referents:  # a layout reader's reading (a speaker's "I") stands
                referents[index] = span
                owned.append(index)
        doc.user_data[_OWNED] = owned
        return doc


@Language.factory("threadline_coref")
def make_coreference(nlp: Language, name: str) -> Coreference:
    return Coreference(nlp, name)
