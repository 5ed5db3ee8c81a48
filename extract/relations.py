"""Typed links between the entities of one report, found sentence by sentence.

Rules read trigger words (``extract/data/relations.json``) and the order and grammar around
them: the active subject is the source (``Reid drove Keisha``), the agent of a passive is the
source (``Keisha was driven by Pinchy``). Phones go to the person whose they are
(``Campbell uses ...``, ``Keisha's own phone (...)``, ``... (from Bailey)``); vehicles to the
person driving them. People named together with no rule get a low-confidence CO_MENTIONED.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from extract.doctext import per_doc, text_of, tokens_of
from extract.lexicon import relation_rules
from extract.recognise import Found


@dataclass
class RelationFound:
    """One typed link found in a report: head/tail are mention cluster keys."""

    type: str
    head: str
    tail: str
    sentence: str
    start: int  # sentence offsets in the report text
    end: int
    confidence: float
    method: str  # "rule" or "co-occurrence"
    rule: str


@dataclass
class Unit:
    """A stretch of text evidence can cite: a sentence, cut at line breaks."""

    start: int
    end: int
    text: str


def evidence_units(doc: Doc, mentions: list[Found] | None = None) -> list[Unit]:
    """Sentences of the doc, split at line breaks (log lines, list items, chat messages), but
    never inside a mention (a number broken across two lines stays in one unit)."""
    units = _split_units(doc)
    text = text_of(doc)
    for mention in mentions or []:
        if "\n" not in text[mention.start : mention.end]:
            continue
        joined = [u for u in units if u.start < mention.end and mention.start < u.end]
        if len(joined) > 1:
            start, end = joined[0].start, joined[-1].end
            units = [u for u in units if u not in joined]
            units.append(Unit(start, end, text[start:end]))
            units.sort(key=lambda u: u.start)
    return units


def _split_units(doc: Doc) -> list[Unit]:
    """The doc's sentences cut at line breaks (worked out once per doc: relations and indicators both read them)."""
    return list(per_doc(doc, "units", _sentence_lines))


def _sentence_lines(doc: Doc) -> list[Unit]:
    units: list[Unit] = []
    text = text_of(doc)
    bounds = [(s.start_char, s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START") else [(0, len(text))]
    for start, end in bounds:
        pos = start
        wrapped = False  # the last piece ran on onto this line (hard-wrapped prose)
        for piece in re.split(r"(\n+)", text[start:end]):
            if piece.startswith("\n"):
                wrapped = piece == "\n" and bool(units) and _runs_on(text, units[-1], pos + len(piece))
            elif piece:
                lead = len(piece) - len(piece.lstrip())
                body = piece.strip()
                if body and wrapped and units:
                    last = units.pop()
                    units.append(Unit(last.start, pos + lead + len(body), text[last.start : pos + lead + len(body)]))
                elif body:
                    units.append(Unit(pos + lead, pos + lead + len(body), body))
            pos += len(piece)
    return _rejoin_abbreviations(text, units)


#: A line that starts something of its own: a list item, a quoted reply, a table row, a timestamp,
#: a numbered point, a "Label:" or a speaker's turn.
_LINE_OF_ITS_OWN = re.compile(
    r"^[ \t]*(?:[-*•>|\[]|\(\w{1,3}\)\s|\d{1,3}[.)]\s|\d{1,2}[/:.]\d|[A-Z][\w .'/&-]{0,30}:(?!\d))"
)


def _runs_on(text: str, last: Unit, next_start: int) -> bool:
    """Whether the line after ``last`` goes on with its sentence: hard-wrapped prose, where the
    line broken is long, does not end a clause, and the next line starts nothing of its own."""
    line_start = text.rfind("\n", 0, last.end) + 1
    if last.end - line_start < 60 or text[last.end - 1] in ".:;!?|":
        return False
    return not _LINE_OF_ITS_OWN.match(text[next_start : next_start + 40])


def _rejoin_abbreviations(text: str, units: list[Unit]) -> list[Unit]:
    """Pieces the model cut after an abbreviation ("tel.", "No.", "Prop.", "approx.") joined again
    when the next piece goes on along the same line: "GRIZZLE, foreman, tel. (876) 555-0115"."""
    abbreviations = relation_rules().get("abbreviations", [])
    if not abbreviations or len(units) < 2:
        return units
    ends = re.compile(rf"(?:^|[\s(,;:])(?:{'|'.join(re.escape(a) for a in abbreviations)})\.$", re.I)
    joined = [units[0]]
    for unit in units[1:]:
        last = joined[-1]
        if ends.search(last.text) and "\n" not in text[last.end : unit.start]:
            joined[-1] = Unit(last.start, unit.end, text[last.start : unit.end])
        else:
            joined.append(unit)
    return joined


def _confidence(link_type: str, rule: str | None = None) -> float:
    rules = relation_rules()
    measured = rules.get("measured", {})
    if rule and rule in measured:
        return measured[rule]
    return rules["confidence"].get(link_type, 0.3)


def find_relations(doc: Doc, mentions: list[Found]) -> list[RelationFound]:
    """Every link the rules find in ``doc`` (deduplicated per sentence), plus co-mentions."""
    found: list[RelationFound] = []
    units = evidence_units(doc, mentions)
    text = text_of(doc)
    doc_tokens = tokens_of(doc)
    found.extend(_labelled_numbers(text, units, mentions))
    narrator = _narrator(text, mentions)
    referred = _referred(doc, units, mentions)
    for index, stand_ins in _plural_referred(doc, units, mentions).items():
        referred.setdefault(index, []).extend(stand_ins)
    officers = _officers(text, mentions)
    previous_topic: Found | None = None  # the first person of the unit before (a subjectless note's)
    previous_end = 0
    for index, unit in enumerate(units):
        inside = [m for m in mentions if unit.start <= m.start and m.end <= unit.end and m.key]
        speaker = _speaker(text, unit, inside, narrator)
        tokens = doc_tokens.between(unit.start, unit.end)
        pronouns = referred.get(index, [])
        if speaker is not None:
            read = {p.start for p in pronouns}
            pronouns += [p for p in _first_person(doc, unit, speaker, tokens) if p.start not in read]
        topic = previous_topic if "\n\n" not in text[previous_end : unit.start] else None
        previous_end = unit.end
        previous_topic = next(
            (
                m
                for m in sorted(inside + pronouns, key=lambda m: m.start)
                if m.label == "PERSON" and not m.props.get("possessive")
            ),
            None,
        )
        if len(inside) + len(pronouns) + (speaker is not None) < 2 and not (
            inside and _title_pattern().search(unit.text)  # a signature's title line names only the company
        ):
            continue
        links: dict[tuple[str, str, str], RelationFound] = {}

        def add(link_type: str, head: Found, tail: Found, rule: str, links=links, unit=unit) -> None:
            if head.key == tail.key or (link_type == "USES_PHONE" and head.props.get("pronoun")):
                return
            if link_type == "ASSOCIATE_OF" and "pronoun" in (head.rule, tail.rule):
                return  # "she called her mother from Mr. K's phone": contact read through a pronoun is too loose
            if link_type in ACT_LINKS and head.key in officers:
                return  # "met at the airport by Det. Sgt. Whyte": an officer taking charge is no trafficking act
            key = (link_type, head.key, tail.key)
            if key not in links:
                links[key] = RelationFound(
                    link_type,
                    head.key,
                    tail.key,
                    unit.text,
                    unit.start,
                    unit.end,
                    _confidence(link_type, rule),
                    "rule",
                    rule,
                )

        _phones(text, unit, inside, add, doc)
        _possessive_pronoun_phones(text, pronouns, inside, add)
        _call_me(text, unit, inside, speaker, add)
        _vehicles(doc, unit, inside, add, text)
        _located(text, inside, add)
        _owned_by(text, inside, add)
        _kinship(text, inside, add)
        _custody_and_staff(text, inside, add)
        if _title_pattern().search(unit.text):
            _office_holders(text, unit, inside, _earlier_lines(text, units, index, mentions), add)
        _premises(text, inside, add)
        readable = [p for p in pronouns if not p.props.get("possessive")]
        _nominalisations(text, unit, sorted(inside + readable, key=lambda m: m.start), add)
        _triggers(text, unit, tokens, sorted(inside + readable, key=lambda m: m.start), add, topic)
        _debts_and_locks(tokens, sorted(inside + readable, key=lambda m: m.start), add)
        _call_them_on(text, tokens, sorted(inside + readable, key=lambda m: m.start), add)
        _organisation_phones(text, unit, inside, add)
        _paid_to_possessive(text, unit, tokens, sorted(inside + pronouns, key=lambda m: m.start), add)
        people = _distinct([m for m in inside if m.label == "PERSON"])
        typed_pairs = {frozenset((h, t)) for (_, h, t) in links}
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                if frozenset((a.key, b.key)) not in typed_pairs:
                    links[("CO_MENTIONED", a.key, b.key)] = RelationFound(
                        "CO_MENTIONED",
                        a.key,
                        b.key,
                        unit.text,
                        unit.start,
                        unit.end,
                        _confidence("CO_MENTIONED"),
                        "co-occurrence",
                        "co-mention",
                    )
        found.extend(links.values())
    return _share_out_joint_acts(text, mentions, found)


def _coordinated_before(token) -> bool:
    """Whether ``token`` is the second or later of verbs joined by commas and "and"."""
    return token.dep_ == "conj" and token.head.pos_ in ("VERB", "AUX") and token.head.i < token.i


@lru_cache(maxsize=1)
def _occupation_patterns() -> dict[str, re.Pattern]:
    return {
        act: re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in words)})\b")
        for act, words in relation_rules()["occupation_acts"].items()
    }


def _occupation_acts(text: str, mentions: list[Found]) -> dict[str, set[str]]:
    """Person key -> the acts their stated occupation implies, from the words written right after a
    mention on its line ("MULLINGS, Lennox, 44, taxi operator" -> TRANSPORTED; "61, proprietor of
    the Coral Vine Guest House" -> HARBOURED). Occupation words per act are data."""
    occupations = _occupation_patterns()
    found: dict[str, set[str]] = {}
    for m in mentions:
        if m.label != "PERSON" or not m.key:
            continue
        line_end = text.find("\n", m.end)
        described = text[m.end : min(m.end + 70, line_end if line_end != -1 else len(text))].lower()
        described = re.split(r"[;.]\s|\bof\s+\d", described)[0]
        for act, pattern in occupations.items():
            if pattern.search(described):
                found.setdefault(m.key, set()).add(act)
    return found


def _share_out_joint_acts(text: str, mentions: list[Found], found: list[RelationFound]) -> list[RelationFound]:
    """Several people charged with several acts together ("A, B and C recruited, transported and
    harboured X") did not each do every act: a person whose stated occupation implies some of
    those acts (a taxi operator transports, a guest-house proprietor or caretaker harbours) keeps
    those; the others share the acts nobody's occupation claims. With no occupation stated at all,
    every link stays."""
    joint = [r for r in found if r.rule.endswith("-joint")]
    if not joint:
        return found
    occupations = _occupation_acts(text, mentions)
    keep: set[int] = set()
    groups: dict[tuple[int, str], list[RelationFound]] = {}
    for r in joint:
        groups.setdefault((r.start, r.tail), []).append(r)
    for group in groups.values():
        acts = {r.type for r in group}
        agents = {r.head for r in group}
        claimed = {a: occupations.get(a, set()) & acts for a in agents}
        unclaimed = acts - set().union(*claimed.values())
        for r in group:
            if not any(claimed.values()) or r.type in (claimed[r.head] or unclaimed or acts):
                keep.add(id(r))
    return [r for r in found if not r.rule.endswith("-joint") or id(r) in keep]


#: Links that say someone carried out an act of trafficking on a person.
ACT_LINKS = frozenset({"RECRUITED", "TRANSPORTED", "TRANSFERRED", "HARBOURED", "RECEIVED", "EXPLOITED"})
_RANK_BEFORE = re.compile(
    r"(?:\b(?:Det|Sgt|Cpl|Cst|Const|Insp|Supt|DCP|ACP|SSP|ASP|DSP|PC|DC|DS|DI)\.?"
    r"|\b(?:Detective|Sergeant|Corporal|Constable|Inspector|Superintendent|Officer))[ \t]+$"
)


def _officers(text: str, mentions: list[Found]) -> set[str]:
    """Keys of the people the report names after a police rank (``Det. Sgt. Whyte``, ``Cpl. Lindsay``)."""
    return {
        m.key
        for m in mentions
        if m.label == "PERSON" and m.key and _RANK_BEFORE.search(text[max(0, m.start - 25) : m.start])
    }


# --- first person: who "I", "me", "mi" and "we" are --------------------------------------------

#: Header roles whose person is the one speaking in a statement, interview or call, best first.
_NARRATOR_ROLES = (
    "interviewee", "witness", "statement of", "deponent", "caller", "complainant", "informant", "client", "subject",
    "passenger", "traveller", "applicant", "respondent", "name",
)  # fmt: skip
#: Lines spoken by someone else than the narrator: the interviewer's questions, the call taker.
_OTHER_SPEAKER = re.compile(r"^\W{0,3}(?:Q|Q\d+|call[- ]taker|interviewer|officer|operator|det\.?|cpl\.?)\s*:", re.I)
_FIRST_PERSON = {"i", "me", "mi", "we", "us", "meself", "myself"}


def _narrator(text: str, mentions: list[Found]) -> Found | None:
    """The person a first-person statement is by: the one named on an ``Interviewee:``,
    ``Witness:`` or ``Caller:`` header line (the first such role the report has)."""
    people = [m for m in mentions if m.label == "PERSON" and m.key]
    for role in _NARRATOR_ROLES:
        for line in re.finditer(rf"(?im)^[ \t]*{role}[ \t]*:[^\n]*", text):
            named = next((m for m in people if line.start() <= m.start < line.end()), None)
            if named is not None:
                return named
    return None


def _speaker(text: str, unit: Unit, inside: list[Found], narrator: Found | None) -> Found | None:
    """Who "I" is in this piece of text: the person a chat line or transcript line starts with
    (``Tamika Ellis: mi reach``), nobody on a question or call-taker line, else the narrator."""
    line_start = text.rfind("\n", 0, unit.start) + 1
    line = text[line_start : text.find("\n", unit.start) if "\n" in text[unit.start :] else len(text)]
    if _OTHER_SPEAKER.match(line):
        return None
    first = next((m for m in inside if m.label == "PERSON" and m.start - line_start <= 3), None)
    if first is not None and re.match(r"^\s*:", text[first.end : first.end + 3]):
        return first
    if re.match(r"^\W{0,3}(?:[A-Z][A-Za-z]+[ \t]?){1,3}:", line) and not re.match(
        r"^\W{0,3}(?:A|CALLER|WITNESS|INTERVIEWEE|CLIENT|VICTIM)\s*:", line, re.I
    ):
        return None  # a line spoken by someone the report does not name as a person
    return narrator


def _first_person(doc: Doc, unit: Unit, speaker: Found, tokens=None) -> list[Found]:
    """Stand-in mentions of ``speaker`` at each first-person pronoun of the unit, so the link
    rules read "I bring one more, Alicia" and "she brought me" like sentences naming them."""
    stand_ins = []
    for token in doc if tokens is None else tokens:  # ``tokens``: the unit's own, when the caller has them
        if token.idx < unit.start or token.idx >= unit.end:
            continue
        if token.lower_ in _FIRST_PERSON and (token.lower_ != "us" or token.text == "us"):
            stand_ins.append(
                Found(
                    token.idx,
                    token.idx + len(token.text),
                    "PERSON",
                    token.text,
                    "first-person",
                    key=speaker.key,
                    props={"pronoun": True},
                )
            )
    return stand_ins


# --- who a pronoun or role noun is: ``Doc._.referents`` ---------------------------------------


def _referred(doc: Doc, units: list[Unit], mentions: list[Found]) -> dict[int, list[Found]]:
    """Stand-in mentions, per unit, for the words ``Doc._.referents`` says stand for a person
    (pronouns and role nouns resolved by :mod:`extract.coref`, a speaker's "I" by a layout reader),
    each carrying the key of the person mention it refers to."""
    referents = doc._.referents or {}
    if not referents:
        return {}
    by_span = {(m.start, m.end): m for m in mentions if m.label == "PERSON" and m.key}
    found: dict[int, list[Found]] = {}
    unit_starts = [u.start for u in units]
    for index, span in sorted(referents.items()):
        person = by_span.get(tuple(span)) or next(
            (m for m in mentions if m.label == "PERSON" and m.key and m.start < span[1] and span[0] < m.end), None
        )
        if person is None:
            continue
        token = doc[index]
        at = bisect.bisect_right(unit_starts, token.idx) - 1
        if at < 0 or token.idx >= units[at].end:
            continue
        lower = token.lower_
        rule = "first-person" if lower in _FIRST_PERSON else "pronoun" if token.pos_ == "PRON" else "role-noun"
        props: dict = {"pronoun": True}
        if token.dep_ == "poss" or token.tag_ == "PRP$" or lower == "his":
            props["possessive"] = True
        found.setdefault(at, []).append(
            Found(token.idx, token.idx + len(token.text), "PERSON", token.text, rule, key=person.key, props=props)
        )
    return found


_PLURAL = {"they", "them", "dem", "themselves"}
_GROUP_GAP = re.compile(r"\s*(?:\([^()]{0,30}\))?\s*(?:,|and|&|an|nor|or|,\s*and)\s+(?:Miss\s+|Mr\.?\s+|Ms\.?\s+)?")


def _groups(text: str, people: list[Found]) -> list[list[Found]]:
    """Runs of two or more people joined by "and", "nor" or commas ("Neither Miss Reid nor Kezia")."""
    groups: list[list[Found]] = []
    current: list[Found] = []
    for person in people:
        if current and _GROUP_GAP.fullmatch(text[current[-1].end : person.start]) and person.key != current[-1].key:
            current.append(person)
            continue
        if len(_distinct(current)) >= 2:
            groups.append(current)
        current = [person]
    if len(_distinct(current)) >= 2:
        groups.append(current)
    return groups


def _plural_referred(doc: Doc, units: list[Unit], mentions: list[Found]) -> dict[int, list[Found]]:
    """Stand-ins for "they"/"them" as subject or object: each person of the last group of people
    named together before it in the paragraph ("Neither Reid nor Kezia boarded. Instead they were
    kept at a house ..."). The referents map holds one person per word, so the group is read here."""
    text = text_of(doc)
    doc_tokens = tokens_of(doc)
    if not any(t.lower_ in _PLURAL for t in doc_tokens.tokens):
        return {}
    people = sorted((m for m in mentions if m.label == "PERSON" and m.key), key=lambda m: m.start)
    found: dict[int, list[Found]] = {}
    last_group: list[Found] = []
    previous_end = 0
    for index, unit in enumerate(units):
        if "\n\n" in text[previous_end : unit.start] or re.match(r"^\W{0,3}\w[\w .]{0,20}:", unit.text):
            last_group = []
        previous_end = unit.end
        here = [p for p in people if unit.start <= p.start and p.end <= unit.end]
        for token in doc_tokens.between(unit.start, unit.end):
            if token.lower_ not in _PLURAL or not (token.dep_.startswith("nsubj") or token.dep_.endswith("obj")):
                continue
            before = [p for p in here if p.end <= token.idx]
            groups = _groups(text, before)
            if groups:
                group = groups[-1]
            elif len({p.key for p in before}) > 1:
                continue  # "received Ricardo and the other men ... and locked them": them is of this sentence
            else:
                group = last_group
            for person in _distinct(group):
                found.setdefault(index, []).append(
                    Found(token.idx, token.idx + len(token.text), "PERSON", token.text, "pronoun", key=person.key,
                          props={"pronoun": True, "plural": True})
                )  # fmt: skip
        groups = _groups(text, here)
        if groups:
            last_group = groups[-1]
    return found


def _distinct(mentions: list[Found]) -> list[Found]:
    seen: dict[str, Found] = {}
    for m in mentions:
        seen.setdefault(m.key, m)
    return list(seen.values())


# --- phones ---------------------------------------------------------------------------------

_NUMBER_LABEL = re.compile(
    r"^\W{0,3}(?:call[- ]?back number|contact number|number|tel\.?|telephone|phone|mobile|cell|whatsapp)\b",
    re.IGNORECASE,
)


def _labelled_numbers(text: str, units: list[Unit], mentions: list[Found]) -> list[RelationFound]:
    """A number whose owner is named just before it in another piece of text: a line ending
    "... Auntie Sharon:" above "(876) 555 0112", or "Caller: Hyacinth Morgan, ... Call-back number 876 555 0103"."""
    found = []
    for previous, unit in zip(units, units[1:], strict=False):
        inside = [m for m in mentions if unit.start <= m.start and m.end <= unit.end and m.key]
        if not inside or any(m.label == "PERSON" for m in inside) or not any(m.label == "PHONE" for m in inside):
            continue
        people = [m for m in mentions if previous.start <= m.start and m.end <= previous.end and m.label == "PERSON"]
        if not people:
            continue
        between = text[previous.end : unit.start]
        if (
            re.sub(r"[\s\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]+$", "", previous.text).endswith(":")
            and between.count("\n") <= 1
        ):
            owner, rule = people[-1], "phone-label-line"
        elif "\n" not in between and _NUMBER_LABEL.match(unit.text):
            owner, rule = people[0], "phone-label-sentence"
        else:
            continue
        sentence = text[previous.start : unit.end]
        for phone in (m for m in inside if m.label == "PHONE"):
            found.append(
                RelationFound(
                    "USES_PHONE",
                    owner.key,
                    phone.key,
                    sentence,
                    previous.start,
                    unit.end,
                    _confidence("USES_PHONE", rule),
                    "rule",
                    rule,
                )
            )
    return found


_POSSESSIVE_PHONE = re.compile(
    r"^['’]s?\s+(?:\w+\s+){0,3}?(?:phone|number|handset|mobile|line|cell|sim|whatsapp|primary|second|own)"
    r"(?!\s*(?:list|book|contacts?|records?|bill|logs?)\b)",  # "McKenzie's phone list contains ...": not his
    re.IGNORECASE,
)


_PHONE_VERBS = {"use", "keep", "have", "answer", "carry", "own"}  # calling a number is not owning it


_CALL_ME = re.compile(
    r"\b(?:call|text|whatsapp|ring|reach|inbox|dm|contact|link)\s+(?:mi|me|us)\b(?:(?!\bfrom\b|\bby\b)[^.\n]){0,20}$",
    re.I,
)


def _call_me(text: str, unit: Unit, inside: list[Found], speaker: Found | None, add) -> None:
    """``Yolanda Grant: @Kadian call mi now +1 876 555 0122``: the number the speaker asks to be
    called on is the speaker's."""
    if speaker is None:
        return
    for phone in (m for m in inside if m.label == "PHONE"):
        if _CALL_ME.search(text[max(unit.start, phone.start - 40) : phone.start]):
            add("USES_PHONE", speaker, phone, "phone-call-me")


def _possessive_pronoun_phones(text: str, pronouns: list[Found], inside: list[Found], add) -> None:
    """``Her advert line is (876) 555-0122`` after a sentence about Grant: Grant's number."""
    for pronoun in (p for p in pronouns if p.props.get("possessive")):
        phone = next((m for m in inside if m.label == "PHONE" and 0 < m.start - pronoun.end <= 40), None)
        if phone is not None:
            add("USES_PHONE", dataclasses.replace(pronoun, props={}), phone, "phone-possessive")


def _phones(text: str, unit: Unit, inside: list[Found], add, doc: Doc | None = None) -> None:
    # a person tagged in a post ("@Kadian Malcolm") is spoken to, not the owner of what follows
    people = [m for m in inside if m.label == "PERSON" and text[max(0, m.start - 1) : m.start] != "@"]
    phones = [m for m in inside if m.label == "PHONE"]
    if not people:
        return
    for phone in phones:
        after = text[phone.end : unit.end]
        owner: Found | None = None
        rule = ""
        # "... 876-555-0171 (from Bailey)", "(Campbell)", "- Marlon CAMPBELL (primary handset)"
        m = re.match(r"^\s*(?:\((?:from\s+|subscriber\s+)?|[-–:]\s+)", after)
        if m:
            first_after = next(
                (p for p in people if p.start >= phone.end and p.start - phone.end <= len(m.group()) + 1), None
            )
            if first_after is not None:
                owner, rule = first_after, "phone-owner-after"
        if owner is None:
            # "Keisha's own phone (876 555 0148)", "REID's handset 876-555-0156"
            candidates = [
                p
                for p in people
                if p.end <= phone.start
                and phone.start - p.end <= 45
                and _POSSESSIVE_PHONE.match(text[p.end : phone.start])
            ]
            if candidates:
                owner, rule = candidates[-1], "phone-possessive"
        if owner is None and doc is not None:
            subject = _subject_of_governing_verb(doc, phone, people, _PHONE_VERBS)
            if subject is not None:
                owner, rule = subject, "phone-subject"
        if owner is None:
            before = [p for p in people if p.end <= phone.start]
            if before:
                nearest = before[-1]
                between = text[nearest.end : phone.start]
                other_phone = any(nearest.end <= q.start < phone.start for q in phones)
                caller = re.match(
                    r"^['’]?s?\s+(?:\w+\s+)?(?:call(?:s|ed)?|dial(?:s|led|ed)?|text(?:s|ed)?)\s+(?:the|a|an)\b", between
                )
                speaker = between.startswith(":") and between.strip(" :\t\U0001f4f1\U0001f4f2\u260e\ufe0f")
                if caller or speaker:
                    pass  # "STEWART calls the London number ...", "Natalie Gordon: The Toronto number ..."
                elif not re.search(r"\b(?:to|calling|called|from|between|and\s+(?:is|was)|with)\b", between) or (
                    not other_phone and re.search(r"\b(?:uses?|used|number|phone|handset|line|from)\b", between)
                ):
                    if not other_phone or re.search(r"\band\s+keeps?\b|,\s*$", between):
                        owner, rule = nearest, "phone-nearest-before"
        if owner is None:
            m = re.match(
                r"^[^.;]{0,40}?\b(?:attributed to|belongs to|registered to|subscribed to|used by|answered by)\s+", after
            )
            if m:
                first_after = next((p for p in people if p.start >= phone.end), None)
                if first_after is not None:
                    owner, rule = first_after, "phone-attributed"
        if owner is not None:
            add("USES_PHONE", owner, phone, rule)


# --- vehicles -------------------------------------------------------------------------------


def _vehicles(doc: Doc, unit: Unit, inside: list[Found], add, text: str | None = None) -> None:
    """The person in charge of a vehicle: the subject of "drives/arrives in ...", the agent of
    "driven by ...", the owner in "REID's Voxy", else the person just before it on a line
    that says how the vehicle is used."""
    text = text_of(doc) if text is None else text
    people = [m for m in inside if m.label == "PERSON"]
    if not people:
        return
    verbs = set(relation_rules()["vehicle_verbs"])
    done: set[str] = set()
    for vehicle in (m for m in inside if m.label == "VEHICLE"):
        if vehicle.key in done:
            continue
        owner = _subject_of_governing_verb(doc, vehicle, people, verbs)
        rule = "vehicle-subject"
        after = text[vehicle.end : unit.end]
        by = re.match(r"^[^.;]{0,90}?\b(?:driven|owned|used|operated)(?:\s+\w+){0,2}\s+by\b", after)
        if by is None and re.search(r"\bdriv", text[unit.start : vehicle.start]):
            by = re.match(r"^\s+by\b", after)
        if owner is None and by:
            owner = next((p for p in people if p.start >= vehicle.end + by.end()), None)
            if owner is not None and owner.start - (vehicle.end + by.end()) > 60:
                owner = None
            rule = "vehicle-agent"
        if owner is None:
            before = [p for p in people if p.end <= vehicle.start and vehicle.start - p.end <= 4]
            if before and text[before[-1].end : vehicle.start].startswith(("'s", "’s")):
                owner, rule = before[-1], "vehicle-possessive"
        if owner is None:
            owner = _driver_of_clause(doc, unit, vehicle, people, verbs)
            rule = "vehicle-clause-subject"
        if owner is None:
            before = [p for p in people if p.end <= vehicle.start and vehicle.start - p.end <= 70]
            gap = text[before[-1].end : vehicle.start] if before else ""
            if before and re.search(
                r"\b(?:driv\w*|arriv\w*|operator|owner|in (?:a|his|her|the|white|black|silver|grey)\b|comes?)", gap
            ):
                owner, rule = before[-1], "vehicle-nearest"
        if owner is not None:
            done.add(vehicle.key)
            add("CONTROLS", owner, vehicle, rule)


def _driver_of_clause(doc: Doc, unit: Unit, vehicle: Found, people: list[Found], verbs: set[str]) -> Found | None:
    """``Andre Thompson drove Ricardo, Omar ... in a white Toyota Hiace``: the subject of a driving
    verb earlier in the same sentence, when the parse did not attach the vehicle to it."""
    driving = verbs - {"in", "use", "plate"}
    for token in tokens_of(doc).between(max(unit.start, vehicle.start - 160), vehicle.start):
        if token.pos_ == "VERB" and token.lemma_.lower() in driving:
            for child in token.children:
                if child.dep_ == "nsubj":
                    owner = next((p for p in people if p.start <= child.idx < p.end), None)
                    if owner is not None:
                        return owner
    return None


def _subject_of_governing_verb(doc: Doc, mention: Found, people: list[Found], verbs: set[str]) -> Found | None:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in verbs:
            for child in token.children:
                if child.dep_ in ("nsubj",):
                    owner = next((p for p in people if p.start <= child.idx < p.end), None)
                    if owner is not None:
                        return owner
            return None
        if token.head is token:
            return None
        token = token.head
    return None


# --- where people and venues are ------------------------------------------------------------

_LOCATED_GAP = re.compile(
    r"^(?:,?\s+(?:of|from|in|at|resident of|based in|living in|who lives in)\s+|\s*\((?:[^()]*,\s*)?|,\s+)$"
)


def _located(text: str, inside: list[Found], add) -> None:
    """``Sharon McFarlane of Falmouth``, ``Omar (26, Spanish Town)``, ``Starlight Lounge, Nassau``:
    a person or venue placed in a town, parish or country written right after it."""
    ordered = sorted(inside, key=lambda m: m.start)
    for first, second in zip(ordered, ordered[1:], strict=False):
        if second.label != "LOCATION" or first.label not in ("PERSON", "LOCATION"):
            continue
        if first.label == "LOCATION" and not _is_venue(first):
            continue
        if _is_venue(second) and first.label == "LOCATION":
            continue
        gap = text[first.end : second.start]
        if len(gap) <= 40 and _LOCATED_GAP.match(gap):
            add("LOCATED_AT", first, second, "located")


_OWNED = re.compile(r"^[\"”]?,?\s+(?:of which|which is (?:owned|run|operated) by|owned by|run by|operated by)\s+$")


def _owned_by(text: str, inside: list[Found], add) -> None:
    """``"Bigga Entertainment Ltd", of which Marlon Campbell is sole director``."""
    ordered = sorted(inside, key=lambda m: m.start)
    for first, second in zip(ordered, ordered[1:], strict=False):
        if first.label not in ("ORG", "LOCATION") or second.label != "PERSON":
            continue
        if first.label == "LOCATION" and not _is_venue(first):
            continue
        gap = text[first.end : second.start]
        after = text[second.end : second.end + 40]
        if _OWNED.match(gap) and (
            not gap.strip().endswith("which")
            or re.match(
                r"^\s+(?:is|was)\s+(?:the\s+)?(?:sole\s+|managing\s+)?(?:director|owner|operator|licensee|manager|proprietor)",
                after,
            )
        ):
            add("CONTROLS", second, first, "owned-by")


_CUSTODY = re.compile(r"\b(?:in|into|under)\s+the\s+(?:custody|care|control|keeping|charge)\s+of\s+$", re.I)
_STAFF = re.compile(
    r"^['’]s?\s+(?:\w+\s+)?(?:foreman|driver|guard|watchman|bouncer|enforcer|manager|worker|employee|runner|"
    r"handler|henchman|right-hand man|bodyguard|collector)\s*,?\s*(?:(?:a\.?k\.?a\.?|known\s+as|called|named)\s*)?"
    r"[\"“]?\s*$",
    re.I,
)


def _custody_and_staff(text: str, inside: list[Found], add) -> None:
    """``Tamika ... is believed to be in the custody of Tricia Ramsaran``: held by her;
    ``Henry's foreman, known as "Bulla"``: Henry controls Bulla."""
    people = sorted((m for m in inside if m.label == "PERSON"), key=lambda m: m.start)
    for index, person in enumerate(people):
        if _CUSTODY.search(text[max(0, person.start - 40) : person.start]):
            held = next((m for m in reversed(people[:index]) if m.key != person.key), None)
            if held is not None:
                add("HARBOURED", person, held, "custody-of")
        if index + 1 < len(people) and _STAFF.match(text[person.end : people[index + 1].start]):
            add("CONTROLS", person, people[index + 1], "staff-of")


def _earlier_lines(text: str, units: list[Unit], index: int, mentions: list[Found], back: int = 2) -> list[Found]:
    """The mentions of up to ``back`` units before ``units[index]`` in the same block of text (no
    blank line between): a form's header line, a signature's name line."""
    found: list[Found] = []
    start = units[index].start
    for unit in reversed(units[max(0, index - back) : index]):
        if "\n\n" in text[unit.end : start]:
            break
        found = [m for m in mentions if unit.start <= m.start and m.end <= unit.end and m.key] + found
        start = unit.start
    return found


@lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern:
    titles = sorted(relation_rules()["office_titles"], key=len, reverse=True)
    return re.compile(rf"(?<![\w.])(?:{'|'.join(re.escape(t) for t in titles)})(?![\w])", re.I)


def _controlled_by(title: str):
    """Whether a mention is of a kind the holder of ``title`` runs (a place only when a venue or address)."""
    titles = {t.casefold(): kinds for t, kinds in relation_rules()["office_titles"].items()}
    kinds = titles.get(" ".join(title.casefold().split()), ["ORG", "LOCATION", "VEHICLE"])
    return lambda m: m.label in kinds and (m.label != "LOCATION" or _is_venue(m))


def _best_target(candidates: list[Found]) -> Found | None:
    """The nearest business, venue or vehicle before a title, a named venue before a street address."""
    named = [m for m in candidates if m.label != "LOCATION" or m.props.get("place_kind") not in ("address", "street")]
    return (named or candidates or [None])[-1]


def _office_holders(text: str, unit: Unit, inside: list[Found], earlier: list[Found], add) -> None:
    """Who runs a business, a venue or a vehicle, as forms, registers and signatures write it: a
    title right before a name (``Director: Lennox Hall``, ``Prop. Gloria Reid``, ``Manager "Sweets" =
    Tashana Bloom``, ``reg. owner Ann Lee``, ``skipper Carl Nugent``) controls the business, venue
    or vehicle named before it on the line (or on the line above); ``Ann Lee, 61, proprietor of the
    Coral Guest House`` controls what follows "of"; a name line above ``Director, Sunward Ltd``
    (an e-mail signature) controls that company."""
    ordered = sorted(inside, key=lambda m: m.start)
    people = [m for m in ordered if m.label == "PERSON"]
    for title in _title_pattern().finditer(text, unit.start, unit.end):
        _controlled = _controlled_by(title.group())
        after = text[title.end() : unit.end]
        gap = re.match(r"^\.?\s*[:=\-–]?\s*[\"“]?", after)
        at = title.end() + (gap.end() if gap else 0)
        holder = next((p for p in people if p.start == at), None)
        if holder is not None:
            target = _best_target([m for m in ordered if _controlled(m) and m.end <= title.start()])
            line_before = text[text.rfind("\n", 0, title.start()) + 1 : title.start()]
            form_like = (gap is not None and re.search(r"[:=]", gap.group())) or not re.split(r"[*|•·;]", line_before)[
                -1
            ].strip(" \t>-")  # a title opening its line or a field of it: "... * Tel 876 ... * Prop. Ann Lee"
            if target is None and form_like:  # "Proprietor: Ann Lee" under the business's own line
                target = _best_target([m for m in earlier if _controlled(m)])
            if target is not None:
                add("CONTROLS", holder, target, "office-holder")
            continue
        of = re.match(r"^\s+of\s+(?:the\s+)?", after)
        before = [p for p in people if p.end <= title.start()]
        if of and before:
            person = before[-1]
            between = text[person.end : title.start()]
            target = next((m for m in ordered if m.start == title.end() + of.end() and _controlled(m)), None)
            if target is not None and re.fullmatch(
                r"\s*(?:\([^()]{0,40}\))?,\s*(?:[^,.;]{1,30},\s*){0,3}(?:the\s+|a\s+)?(?:[\w-]+\s+)?", between
            ):
                add("CONTROLS", person, target, "office-holder")
            continue
        signature = re.match(r"^\s*,\s*", after)
        if signature and not text[unit.start : title.start()].strip(" >\t"):
            target = next((m for m in ordered if m.start == title.end() + signature.end() and _controlled(m)), None)
            named = [m for m in earlier if m.label == "PERSON"]
            if target is not None and named:
                add("CONTROLS", named[-1], target, "office-holder")


@lru_cache(maxsize=1)
def _nominal_pattern() -> re.Pattern:
    words = "|".join(sorted((re.escape(n) for n in relation_rules()["nominalisations"]), key=len, reverse=True))
    return re.compile(rf"\b({words})\s+of\s+(?:the\s+)?", re.I)


def _nominalisations(text: str, unit: Unit, mentions: list[Found], add) -> None:
    """Acts written as nouns: "the transport of the girls by Ashby", "the recruitment of Kezia
    Brown and Joy Clarke by Dorrett Bailey", "Bailey's recruitment of Kezia" (nouns and their link
    types are data: relations.json "nominalisations")."""
    nouns = relation_rules()["nominalisations"]
    people = [m for m in mentions if m.label == "PERSON"]
    if not people:
        return
    for found in _nominal_pattern().finditer(text, unit.start, unit.end):
        link_type = nouns[found.group(1).lower()] if found.group(1).lower() in nouns else None
        if link_type is None:
            continue
        start = found.end()
        patients: list[Found] = []
        last_end = start
        for person in (p for p in people if p.start >= start):
            gap = text[last_end : person.start]
            if (patients and not _GROUP_GAP.fullmatch(gap)) or len(gap) > 30:
                break
            patients.append(person)
            last_end = person.end
        by = (
            re.match(r"^[^.;]{0,40}?\bby\s+(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?", text[last_end : unit.end])
            if patients
            else None
        )
        agent = None
        if by is not None:
            agent = next((p for p in people if p.start == last_end + by.end()), None)
        if agent is None:
            owner = next(
                (
                    p
                    for p in people
                    if p.end <= found.start() and re.fullmatch(r"['’]s?\s+", text[p.end : found.start()])
                ),
                None,
            )
            agent = owner
        if agent is not None:
            for patient in patients:
                add(link_type, agent, patient, "nominal")


def _premises(text: str, inside: list[Found], add) -> None:
    """Whose a place is: ``Reid's house at 4 Palm Lane``, ``the home of Ann Lee at 4 Palm Lane``,
    ``Ann Lee's bar, the Blue Note``: the person controls the address or venue."""
    nouns = "|".join(relation_rules()["premises_nouns"])
    ordered = sorted(inside, key=lambda m: m.start)
    for first, second in zip(ordered, ordered[1:], strict=False):
        gap = text[first.end : second.start]
        if first.label == "PERSON" and second.label == "LOCATION" and _is_venue(second):
            if re.fullmatch(
                rf"['’]s?\s+(?:[\w-]+\s+)?(?:{nouns})\s*(?:,\s*(?:the\s+)?|\s+(?:at|on|in|called|named)\s+)", gap, re.I
            ):
                add("CONTROLS", first, second, "premises-of")
    for index, person in enumerate(ordered):
        if person.label != "PERSON":
            continue
        before = text[max(0, person.start - 40) : person.start]
        if not re.search(rf"\b(?:{nouns})\s+of\s+$", before, re.I):
            continue
        place = next((m for m in ordered[index + 1 :] if m.label == "LOCATION"), None)
        if (
            place is not None
            and _is_venue(place)
            and re.fullmatch(r"\s+(?:at|on|in)\s+", text[person.end : place.start])
        ):
            add("CONTROLS", person, place, "premises-of")


_KIN = r"(?:brother|sister|cousin|mother|father|son|daughter|wife|husband|partner|girlfriend|boyfriend|uncle|aunt|nephew|niece|half-brother|half-sister|stepbrother|stepsister|common-law partner)"
_KIN_POSSESSIVE = re.compile(r"^,\s*$|^\s*\([^()]*\),\s*$")


def _kinship(text: str, inside: list[Found], add) -> None:
    """Family ties: ``Garfield Campbell (DOB ...), Marlon Campbell's older brother`` and
    ``Garfield CAMPBELL, London (brother of Marlon)``: the two people are associates."""
    people = sorted((m for m in inside if m.label == "PERSON"), key=lambda m: m.start)
    for first, second in zip(people, people[1:], strict=False):
        if first.key == second.key:
            continue
        gap = text[first.end : second.start]
        after = text[second.end : second.end + 40]
        if _KIN_POSSESSIVE.match(gap) and re.match(rf"^['’]s\s+(?:\w+\s+)?{_KIN}\b", after):
            add("ASSOCIATE_OF", first, second, "kinship")
        elif len(gap) <= 60 and re.search(rf"\(?\b{_KIN}\s+of\s+$", gap):
            add("ASSOCIATE_OF", first, second, "kinship")


# --- trigger words ----------------------------------------------------------------------------


def lemma_parts_of_speech() -> list[str]:
    """The parts of speech whose lemmas these rules read: the trigger rules' own, plus the verbs
    (and auxiliaries) the vehicle-driver and governing-verb rules look at."""
    wanted = {"VERB", "AUX"}
    for rule in relation_rules()["rules"]:
        wanted.update(rule.get("pos", ["VERB"]))
    return sorted(wanted)


@lru_cache(maxsize=1)
def _rules_by_word() -> dict[str, tuple[int, ...]]:
    """Trigger word (lemma or form) -> the numbers of the rules listing it, in rule order."""
    index: dict[str, list[int]] = {}
    for number, rule in enumerate(relation_rules()["rules"]):
        for word in rule["lemmas"]:
            if number not in index.setdefault(word, []):
                index[word].append(number)
    return {word: tuple(numbers) for word, numbers in index.items()}


def _triggers(text: str, unit: Unit, tokens, inside: list[Found], add, topic: Found | None = None) -> None:
    """The verb-class rules of relations.json over one unit. ``topic`` is the person the sentence
    before is about: a note that leaves its subject out ("Weekends since Jan: collected by taxi
    driver Lenny from the square") is about them."""
    rules = relation_rules()["rules"]
    entity_at = sorted(inside, key=lambda m: m.start)
    money = bool(re.search(_MONEY, unit.text, re.IGNORECASE))
    by_word = _rules_by_word()
    for token in tokens:
        word = token.lower_
        lemma = token.lemma_.lower()
        if lemma not in by_word and word not in by_word:
            continue
        numbers = sorted({*by_word.get(lemma, ()), *by_word.get(word, ())})
        for rule in (rules[n] for n in numbers):
            if token.pos_ not in rule.get("pos", ["VERB"]) and not _acts_as_verb(token, rule):
                continue
            if rule.get("money") and not money:
                continue
            if (
                rule.get("no_money")
                and money
                and re.search(
                    _MONEY, text[max(unit.start, token.idx - 30) : token.idx + len(token.text) + 50], re.IGNORECASE
                )
            ):
                continue  # "took the cash to Reid" moves money, not a person (money further off is another clause's)
            if not _fits_frame(rule, token, text[token.idx + len(token.text) : unit.end]):
                continue
            if any(m.start <= token.idx < m.end for m in inside):
                continue  # the trigger word is part of a name ("Maple Leaf Agri-Staffing")
            if lemma == "call" and (
                (token.tag_ == "VBN" and _names_someone(token, inside))
                or re.match(r"^\s*(?:him|her|them|me|it)?\s*[\"“]", text[token.idx + len(token.text) : unit.end])
            ):
                continue  # "a man called Leroy", "heard Reid call "Miss Paulette"": naming, not contact
            heads_ok, tails_ok = set(rule["head"]), set(rule["tail"])
            # a person tagged at the head of a post ("@Kadian call mi") is spoken to, not acting
            before = [m for m in entity_at if m.end <= token.idx and text[max(0, m.start - 1) : m.start] != "@"]
            after = [m for m in entity_at if m.start >= token.idx + len(token.text)]
            rest = text[token.idx + len(token.text) : unit.end]
            if rule.get("needs_to") and not any(
                t.lower_ == "to" and t.pos_ != "PART" and 0 < t.idx - token.idx <= 90 for t in tokens
            ):
                continue  # "took her to Sav" moves her; "took her passport and forced her to work" does not
            if rule.get("reverse_to"):
                # "handed over to Mr. Clive": the person after "to" took charge of the subjects
                to = re.match(r"^[\"”’']?\s+(?:[\w\"“”]+\s+){0,3}?(?:over\s+)?to\s+", rest)
                if not to or (lemma in _MOVING and re.match(r"^\s+by\s", rest)):
                    continue  # "taken by Reid to the house": Reid moved her (take-to), nobody received her
                to_end = token.idx + len(token.text) + to.end()
                receiver = next((m for m in after if m.label in heads_ok and 0 <= m.start - to_end <= 12), None)
                if receiver is not None:
                    not_agents = [m for m in before if not re.search(r"\bby\s+$", text[max(0, m.start - 4) : m.start])]
                    handed = _subjects(text, not_agents, tails_ok)
                    for subject in handed:
                        add(rule["type"], receiver, subject, rule["name"])
                    servitude = "|".join(relation_rules()["servitude_nouns"])
                    if re.match(
                        rf"^(?:(?!\.\s)[^;]){{0,50}}?\bas\s+(?:a|an|the|their|his|her)\s+(?:[\w-]+\s+)?(?:{servitude})\b",
                        text[receiver.end : unit.end],
                        re.I,
                    ):
                        for subject in handed:  # "given to Rowe as a yard boy": kept to serve
                            add("EXPLOITED", receiver, subject, "handed-into-service")
                continue
            reduced = token.tag_ == "VBN" and re.match(r"^(?:\s+[\w\-]+){0,6}?\s+by\s", rest)
            passive = (token.tag_ == "VBN" or any(c.dep_ == "agent" for c in token.children)) and (
                any(c.dep_ in ("auxpass", "agent") for c in token.children)
                or (token.dep_ == "conj" and any(c.dep_ == "auxpass" for c in token.head.children))
                or re.search(
                    r"\b(?:was|were|is|are|be|been|being|get|got)\s+(?:\w+\s+)?$",
                    text[max(0, token.idx - 25) : token.idx],
                )
                or reduced
            )
            agent = None
            named_patients: list[Found] = []
            if passive:
                by = re.search(r"\bby\s+", rest[:80])
                if by:
                    agent_start = token.idx + len(token.text) + by.end()
                    agent = next((m for m in after if m.start >= agent_start and m.label in heads_ok), None)
                    if agent is not None and agent.start - agent_start > 30:
                        agent = None
                    if agent is not None:
                        # "by Lindo's cousin, Tashana Lindo": the agent is the person the phrase names
                        appositive = re.match(r"^['’]s\s+(?:\w+\s+)?\w+,\s*", text[agent.end : unit.end])
                        if appositive:
                            named = next(
                                (m for m in after if m.start == agent.end + appositive.end() and m.label in heads_ok),
                                None,
                            )
                            agent = named or agent
            if passive and agent is None and rule["type"] == "EXPLOITED":
                # "Shanice was made to dance ... for Bigga", "forced to work for Henry"
                for_ = re.search(r"\bfor\s+", rest[:90])
                if for_:
                    agent_start = token.idx + len(token.text) + for_.end()
                    agent = next((m for m in after if m.start == agent_start and m.label in heads_ok), None)
            if (
                passive
                and agent is None
                and rule["type"] in ("RECRUITED", "EXPLOITED")
                and "by" not in rest[:80].split()
                and not _same_kind_before(tokens, token, rule, rules)
                and not _thing_as_subject(token, entity_at)
            ):
                # "Shanice says she met "Auntie Sharon" ... and was promised bar work": with no agent
                # named, the one other person in the sentence is the one who promised
                patients = _dependency_subjects(tokens, token, before, tails_ok, ("nsubjpass", "nsubj"))
                patients = patients or [m for m in before if m.label in tails_ok][:1]
                others = _distinct(
                    [m for m in entity_at if m.label in heads_ok and m.key not in {p.key for p in patients}]
                )
                if patients and len(others) == 1 and not others[0].props.get("pronoun"):
                    agent, named_patients = others[0], patients
            if rule.get("reverse_from"):
                subject = _nearest(before, heads_ok | tails_ok)
                frm = [m.start() + token.idx for m in re.finditer(r"\bfrom\s+", text[token.idx : unit.end])]
                payers = [m for m in after if m.label in heads_ok and any(0 <= m.start - f <= 25 for f in frm)]
                for payer in payers:
                    if subject is not None:
                        add(rule["type"], payer, subject, rule["name"])
                continue
            if rule.get("reverse_prep"):
                # "Foster stay a Pepper wid Tallboy": the one stayed with houses the subject
                words = "|".join(re.escape(w) for w in rule["reverse_prep"])
                preps = [m.end() + token.idx + len(token.text) for m in re.finditer(rf"\b(?:{words})\s+", rest[:60])]
                hosts = [m for m in after if m.label in heads_ok and m.start in preps]
                stayers = _dependency_subjects(tokens, token, before, tails_ok) or _subjects(text, before, tails_ok)
                for host in hosts[:1]:
                    for stayer in stayers:
                        add(rule["type"], host, stayer, rule["name"])
                continue
            if passive and agent is not None:
                patients = named_patients or _dependency_subjects(
                    tokens, token, before, tails_ok, ("nsubjpass", "nsubj")
                )
                if (
                    not patients
                    and topic is not None
                    and rule["type"] in ("TRANSPORTED", "HARBOURED", "EXPLOITED")
                    and (token.dep_ == "ROOT" or (token.dep_ == "acl" and not _modifies_a_thing(token, entity_at)))
                    and not any(c.dep_.startswith("nsubj") for c in token.children)
                    and not any(m.start < token.idx for m in entity_at if m.label in ("PERSON", "VEHICLE"))
                ):
                    patients = [topic]  # "Weekends since Jan: collected by taxi driver Lenny": the note's person
                if (
                    not patients
                    and tails_ok == {"PERSON"}
                    and (
                        _thing_as_subject(token, entity_at)
                        or (rule["type"] != "PAID" and token.dep_ == "acl" and _modifies_a_thing(token, entity_at))
                    )
                ):
                    continue  # "the fare was paid by Bigga": a thing was paid, no person named
                for subject in patients or _subjects(text, before, tails_ok):
                    if subject.label == "LOCATION" and not _is_venue(subject):
                        continue  # "a house at Lime Tree Close, Waterford, controlled by X": X runs no town
                    add(rule["type"], agent, subject, rule["name"] + "-passive")
                continue
            if passive or lemma in rule.get("passive_only", []):
                continue
            subjects = _dependency_subjects(tokens, token, before, heads_ok) or _subjects(text, before, heads_ok)
            thing = _thing_object(token, entity_at) if rule["type"] == "HARBOURED" else None
            if thing is not None:
                after = [m for m in after if m.start < thing.idx]  # "keeps a second handset ... to call Ebanks"
            acting = _shared_object_verb(token)
            if acting is not token:
                after = [m for m in entity_at if m.start >= acting.idx + len(acting.text)]
            objects = _objects(
                text, acting, after, tails_ok, unit, rule.get("max_gap", 45), rule.get("stop_objects_at", ())
            )
            if "LOCATION" in tails_ok:
                objects = [o for o in objects if o.label != "LOCATION" or _is_venue(o)]
            if (
                "PERSON" in tails_ok
                and re.match(r"^\s+(?:her|him|them)\b", rest)
                and not any(m.props.get("pronoun") and m.start > token.idx for m in objects[:1])
            ):
                topic = _topic(inside, exclude={s.key for s in subjects})
                if topic is not None:
                    objects = [topic, *objects]
            if rule.get("reverse"):
                for obj in objects[:1]:
                    for subject in subjects[:1]:
                        add(rule["type"], obj, subject, rule["name"])
                continue
            meet = re.search(r"\b(?:to|go|fi|come)\s+meet\b", rest[:50])
            if rule["type"] == "TRANSPORTED" and meet:
                # "carry her go meet Auntie Sharon": bringing someone to meet a recruiter is recruiting
                # them, and the person met was not moved anywhere
                cut = token.idx + len(token.text) + meet.start()
                for subject in subjects:
                    for obj in (o for o in objects if o.start < cut):
                        add("RECRUITED", subject, obj, "bring-to-meet")
                continue
            if rule["type"] in ACT_LINKS:
                _acting_for(text, token, rest, after, subjects, add)
            joint = len(_distinct(subjects)) > 1 and (
                _coordinated_before(token) or _shared_object_verb(token, True) is not token
            )
            for subject in subjects:
                for obj in objects:
                    add(rule["type"], subject, obj, rule["name"] + ("-joint" if joint else ""))
            if rule["type"] == "ASSOCIATE_OF" and not objects and len(subjects) >= 2:
                # "Reid and Campbell were in contact": the people joined as subjects
                for i, a in enumerate(subjects):
                    for b in subjects[i + 1 :]:
                        add(rule["type"], a, b, rule["name"] + "-together")


def _thing_object(token, mentions: list[Found]):
    """The verb's direct object when it is a thing, not a person ("keeps a second handset",
    "took her passport"): a person named after it is not what the verb acts on."""
    for child in token.children:
        if child.dep_ == "dobj" and child.pos_ == "NOUN" and not any(m.start <= child.idx < m.end for m in mentions):
            if child.lower_ not in _PERSON_NOUNS:
                return child
    return None


_PERSON_NOUNS = {
    "girl", "girls", "woman", "women", "man", "men", "boy", "boys", "child", "children", "worker", "workers",
    "victim", "victims", "people", "person", "persons", "female", "females", "gyal", "youth", "youths", "minor", "minors",
}  # fmt: skip


_TIME_NOUNS = {"weekend", "night", "day", "evening", "morning", "week", "month", "time", "occasion", "trip"}


def _modifies_a_thing(token, mentions: list[Found]) -> bool:
    """Whether a participle describes a thing ("a mobile wallet held by Nugent", "a Honda driven by
    Lewis"), not a person or a time ("Weekends since Jan: collected by ...")."""
    head = token.head
    return (
        head.pos_ == "NOUN"
        and head.ent_type_ not in ("DATE", "TIME")
        and head.lemma_.lower() not in _TIME_NOUNS
        and head.lower_ not in _PERSON_NOUNS
        and not any(m.start <= head.idx < m.end for m in mentions)
    )


def _thing_as_subject(token, mentions: list[Found]) -> bool:
    """Whether a passive verb's subject is a thing, not a person ("a report was made")."""
    subjects = [c for c in token.children if c.dep_ == "nsubjpass"]
    return bool(subjects) and all(_mention_of(s, mentions) is None and s.pos_ in ("NOUN", "PROPN") for s in subjects)


def _acting_for(text: str, token, rest: str, after: list[Found], subjects: list[Found], add) -> None:
    """ "recruited the girls for Gallimore": the one an act is done for is no victim of it, but an
    associate of the one who does it."""
    found = re.match(r"^\s+(?:[\w'’-]+\s+){0,4}?for\s+", rest)
    if not found:
        return
    at = token.idx + len(token.text) + found.end()
    beneficiary = next((m for m in after if m.start == at and m.label == "PERSON"), None)
    if beneficiary is not None:
        for subject in subjects:
            add("ASSOCIATE_OF", subject, beneficiary, "acting-for")


def _names_someone(token, mentions: list[Found]) -> bool:
    """Whether a participle "called" names someone ("a man called Leroy", "the page called X") rather
    than reports a call ("SINCLAIR (555-0152) called NUGENT"): it follows a noun that is no name."""
    previous = next((t for t in reversed(token.doc[max(0, token.i - 3) : token.i]) if not t.is_punct), None)
    named = any(m.start <= previous.idx < m.end for m in mentions) if previous is not None else False
    return previous is None or (previous.pos_ in ("NOUN", "PRON", "NUM", "ADJ", "DET") and not named)


def _acts_as_verb(token, rule: dict) -> bool:
    """A verb the tagger took for a noun ("A man name Bredda drive we from May Pen"): it still
    governs a direct object, which no noun does."""
    return (
        "VERB" in rule.get("pos", ["VERB"]) and token.pos_ == "NOUN" and any(c.dep_ == "dobj" for c in token.children)
    )


def _fits_frame(rule: dict, token, rest: str) -> bool:
    """Whether the verb's own frame is the rule's: its particle ("sign up", "pick up", "pass on"),
    and the words that must (or must not) follow it in its clause ("send ... to clients",
    "bring ... from May Pen" is moving, not recruiting)."""
    particles = rule.get("particle")
    if particles:
        following = token.doc[token.i + 1 : token.i + 4]
        if not any(c.dep_ == "prt" and c.lower_ in particles for c in token.children) and not any(
            t.lower_ in particles for t in following
        ):
            return False
    window = rest[:90]
    if rule.get("needs_after") and not re.search(rule["needs_after"], window, re.I):
        return False
    return not (rule.get("unless_after") and re.search(rule["unless_after"], window, re.I))


def _mention_of(word, mentions: list[Found]) -> Found | None:
    return next((m for m in mentions if m.label == "PERSON" and m.start <= word.idx < m.end), None)


def _subject_mention(verb, mentions: list[Found]) -> Found | None:
    """The person a verb's subject names, or (the parse lost it in a run-on answer) the person
    written right before the verb."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            found = _mention_of(child, mentions)
            if found is not None:
                return found
    if (
        verb.dep_ == "conj"
        and verb.head.pos_ in ("VERB", "AUX")
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    ):
        return _subject_mention(verb.head, mentions)  # "Kiki arranges the trips and sends her money"
    text = verb.doc.text
    return next(
        (m for m in mentions if m.label == "PERSON" and m.end <= verb.idx and not text[m.end : verb.idx].strip()), None
    )


@lru_cache(maxsize=1)
def _control_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    words = relation_rules()
    return (
        frozenset(words["debt"]["debt_words"]),
        frozenset(words["debt"]["say_verbs"]),
        frozenset(words["locking"]["verbs"]),
        frozenset(words["locking"]["barriers"]),
    )


def _debts_and_locks(tokens, mentions: list[Found], add) -> None:
    """Two signs of control written without a person as object: a debt someone is told they owe
    ("Watler say we owe US$2,400", "he told us each of us has a debt") - the one who says it
    EXPLOITED the debtor; and a gate or door someone locks on the people of the sentence ("and
    Watler lock the gate at night") - HARBOURED. Words are data (relations.json "debt", "locking")."""
    debt, say, lock, barriers = _control_words()
    for token in tokens:
        lemma = token.lemma_.lower()
        if lemma in debt or token.lower_ in debt:
            teller_verb = next((h for h in _heads(token, 3) if h.lemma_.lower() in say or h.lower_ in say), None)
            if teller_verb is None:
                continue
            teller = _subject_mention(teller_verb, mentions)
            owing = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")] if token.pos_ == "VERB" else []
            owing += [c for c in teller_verb.children if c.dep_ in ("dobj", "dative", "iobj")]
            debtor = next((_mention_of(w, mentions) for w in owing if _mention_of(w, mentions)), None)
            if teller is not None and debtor is not None:
                add("EXPLOITED", teller, debtor, "debt-told")
        elif lemma in lock and any(c.dep_ == "dobj" and c.lemma_.lower() in barriers for c in token.children):
            subject = _subject_mention(token, mentions)
            if subject is None:
                continue
            for held in _distinct([m for m in mentions if m.label == "PERSON" and m.key != subject.key]):
                add("HARBOURED", subject, held, "locked-in")


#: Verbs of moving someone: with a by-agent and "to", the agent moved them (nobody received them).
_MOVING = {"take", "bring", "carry", "tek", "drive", "move"}

_CALL_VERBS = {"call", "text", "ring", "reach", "contact", "whatsapp", "phone", "message", "dial"}


def _call_them_on(text: str, tokens, mentions: list[Found], add) -> None:
    """ "Call him on 555-0121", "I call Teacha, Mr. Mullings, on 876 ...": the number someone is to
    be called on is theirs (through a pronoun too: the person it stands for)."""
    phones = [m for m in mentions if m.label == "PHONE"]
    if not phones:
        return
    for token in tokens:
        if token.lemma_.lower() not in _CALL_VERBS:
            continue
        for child in (c for c in token.children if c.dep_ in ("dobj", "obj", "dative")):
            person = _mention_of(child, mentions)
            if person is None:
                continue
            phone = next((p for p in phones if 0 <= p.start - person.end <= 50), None)
            gap = text[person.end : phone.start] if phone else ""
            if phone is not None and re.fullmatch(
                r"\s*(?:,[^,.;\n]{1,30},\s*)?(?:on|at|pon|via)\s+(?:the\s+|di\s+|his\s+|her\s+)?(?:\w+\s+)?(?:number|line|phone|cell)?\s*:?\s*",
                gap,
            ):
                add("USES_PHONE", dataclasses.replace(person, props={}), phone, "phone-call-on")


_ORG_PHONE_GAP = re.compile(
    r"^[^.;\n]{0,60}?(?:\b(?:tel|telephone|phone|dispatch|hotline|helpline|office|contact|call|whatsapp|fax|mobile)\b"
    r"[^.;\n\d+(]{0,20}|\bat\s+)$",
    re.I,
)


def _organisation_phones(text: str, unit: Unit, inside: list[Found], add) -> None:
    """A line or sentence naming no person but a company or unit and its number ("TRU-RIDE TAXI
    LTD - Dispatch 876-555-0105", "contact the TIP Unit at 876-555-0198"): the number is the
    organisation's."""
    if any(m.label == "PERSON" for m in inside):
        return
    organisations = [m for m in inside if m.label == "ORG"]
    for phone in (m for m in inside if m.label == "PHONE"):
        before = [o for o in organisations if o.end <= phone.start]
        if before and _ORG_PHONE_GAP.match(text[before[-1].end : phone.start]):
            add("USES_PHONE", before[-1], phone, "phone-organisation")


_PAY_LEMMAS = {"send", "sen", "pay", "transfer", "wire", "remit", "give", "gi", "gie"}


def _paid_to_possessive(text: str, unit: Unit, tokens, mentions: list[Found], add) -> None:
    """Money sent to a person named by a possessive: "sends her money via the wallet app", "sends
    money to her phone" - the one "her" stands for is paid."""
    if not any(m.props.get("possessive") for m in mentions) or not re.search(_MONEY, unit.text, re.IGNORECASE):
        return
    for token in tokens:
        if token.lemma_.lower() not in _PAY_LEMMAS:
            continue
        end = token.idx + len(token.text)
        payee = next(
            (
                m
                for m in mentions
                if m.props.get("possessive")
                and (
                    0 < m.start - end <= 2
                    or (
                        re.fullmatch(r"\s+(?:\w+\s+){0,2}?to\s+", text[end : m.start])
                        and re.match(
                            r"^\s+(?:\w+\s+)?(?:phone|wallet|account|number|line|cell)\b", text[m.end : m.end + 30]
                        )
                    )
                )
            ),
            None,
        )
        payer = _subject_mention(token, mentions) if payee is not None else None
        if payer is not None and payer.key != payee.key:
            add("PAID", dataclasses.replace(payer, props={}), dataclasses.replace(payee, props={}), "pay-possessive")


def _heads(token, depth: int) -> list:
    found, current = [], token
    for _ in range(depth):
        if current.head is current:
            break
        current = current.head
        found.append(current)
    return found


def _same_kind_before(tokens, token, rule: dict, rules: list[dict]) -> bool:
    """Whether an earlier verb of the sentence already states a link of this kind ("Whitfield
    exploited Kimone ..., where she was made to dance"): then a later agentless passive adds nothing."""
    kinds = [r for r in rules if r["type"] == rule["type"] and not r.get("needs_after") and not r.get("particle")]
    return any(
        t.idx < token.idx and t.pos_ == "VERB" and any(t.lemma_.lower() in r["lemmas"] for r in kinds) for t in tokens
    )


_MONEY = "|".join(relation_rules()["money_words"])


def _subjects(text: str, before: list[Found], kinds: set[str]) -> list[Found]:
    """The nearest mention of the right kind before the trigger, with those joined to it by
    "and" or commas (``Omar (26, Spanish Town) and Delroy (31, Linstead) both paid``)."""
    nearest = _nearest(before, kinds)
    if nearest is None:
        return []
    found = [nearest]
    earlier = [m for m in before if m.end <= nearest.start]
    current = nearest
    for mention in reversed(earlier):
        gap = text[mention.end : current.start]
        gap = re.sub(r"\([^()]*\)", "", gap)
        inside_brackets = text.rfind("(", 0, mention.start) > text.rfind(")", 0, mention.start)
        if mention.label in kinds and re.fullmatch(r"\s*(?:,|and|&|,\s*and)\s*", gap):
            found.append(mention)
            current = mention
        elif inside_brackets:
            continue
        else:
            break
    return found


def _dependency_subjects(
    doc_tokens, token, inside: list[Found], kinds: set[str], deps: tuple[str, ...] = ("nsubj",)
) -> list[Found]:
    """The grammatical subject(s) of the trigger verb (or of the verb it is coordinated with)."""
    verb = token
    for _ in range(2):
        subjects = [c for c in verb.children if c.dep_ in deps]
        if subjects:
            found = []
            for subject in subjects:
                for word in _joined(subject):
                    for mention in (m for m in inside if m.start <= word.idx < m.end and m.label in kinds):
                        if mention not in found:
                            found.append(mention)
                        if not mention.props.get("plural"):
                            break  # one reading per word, but "they" stands for each of its people
            return found
        if (
            verb.dep_ == "conj" or (verb.dep_ == "dep" and verb.head.pos_ in ("VERB", "AUX"))
        ) and verb.head is not verb:
            verb = verb.head  # "was driven ..., kept three nights ...": the verbs share their subject
        else:
            break
    return []


def _joined(word) -> list:
    """A subject word with those coordinated with it, through an apposition too ("COUNT 1: Hall,
    Reid and Lee recruited ...": the subject is the count, the people its apposition)."""
    found = [word]
    for child in word.children:
        if child.dep_ in ("conj", "appos") and child.pos_ in ("PROPN", "NOUN"):
            found.extend(_joined(child))
    return found


def _shared_object_verb(token, even_with_object: bool = False):
    """The last verb coordinated after ``token`` when ``token`` has no object of its own:
    in "recruited, transported and harboured Ann" all three act on Ann, written after the last."""
    if not even_with_object and any(c.dep_ in ("dobj", "obj", "dative") for c in token.children):
        return token
    last = token
    while True:
        following = [
            c
            for c in last.children
            if c.dep_ == "conj"
            and c.pos_ in ("VERB", "AUX")
            and c.i > last.i
            and all(t.dep_ in ("cc", "punct") or t.is_space for t in c.doc[last.i + 1 : c.i])
        ]
        if not following:
            return last
        last = following[-1]


def _topic(inside: list[Found], exclude: set[str]) -> Found | None:
    """Who "her/him/them" most likely is: the first person the sentence names who is not the subject."""
    return next(
        (m for m in sorted(inside, key=lambda m: m.start) if m.label == "PERSON" and m.key not in exclude), None
    )


def _nearest(before: list[Found], kinds: set[str]) -> Found | None:
    for mention in reversed(before):
        if mention.label in kinds:
            return mention
    return None


def _is_venue(mention: Found) -> bool:
    return (
        mention.rule in ("venue", "address")
        or mention.props.get("place_kind") in ("venue", "address", "street")
        or (mention.rule == "propagated" and bool(mention.props.get("short_of")))
    )


def _objects(
    text: str, token, after: list[Found], kinds: set[str], unit: Unit, max_gap: int = 45, more_stops=()
) -> list[Found]:
    """Mentions the trigger acts on: those right after it, through lists joined by commas and "and"
    (up to a word that starts another phrase: the rule's own stop words and the shared ones)."""
    objects: list[Found] = []
    last_end = token.idx + len(token.text)
    stops = "|".join([*relation_rules().get("stop_objects_at", []), *more_stops])
    for mention in after:
        gap = text[last_end : mention.start]
        if len(gap) > max_gap or re.search(
            r"(?<!\b[A-Z])[.;:]\s|\bwho\b|\bwhich\b|\bwhere\b|\bbut\b", text[max(0, last_end - 2) : mention.start]
        ):
            break
        if (
            objects
            and objects[-1].label == "LOCATION"
            and mention.label == "LOCATION"
            and re.fullmatch(r"\s*(?:,|on|at|in|off)\s+", gap)
        ):
            break  # "runs the Blue Lagoon Lounge on Norman Manley Boulevard": where the venue is
        if stops and re.search(rf"\b(?:{stops})\b", gap):
            break
        if mention.label in kinds:
            objects.append(mention)
        last_end = mention.end
    return objects
