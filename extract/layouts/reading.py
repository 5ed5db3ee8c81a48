"""What a report's layout says about its mentions, read by the ``threadline_layouts`` component:

* cells of name, driver, guest, sender and receiver columns are people; cells of address,
  pick-up and destination columns are places; plates in a vehicle column are vehicles;
* form values under person keys (``Laid by: R. MALABRE, Det. Insp.``) are people; form keys
  (``Place Last Seen``, ``Signature``) are never entities;
* message speakers (chat names, e-mail senders, quoted authors, the interviewee) are people, and
  "I", "me", "my" in their messages refer to them (``Doc._.referents``);
* no reading runs across a table's columns, and a number in an MTCN, account or ID column is no phone.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from extract.layouts.detect import Layout
from extract.layouts.forms import is_person_key, value_name
from extract.layouts.tables import Cell
from extract.layouts.telegraphic import capitalised_names
from extract.layouts.vocabulary import word_list
from extract.lexicon import lexicon, lookup_place, word_set
from extract.recognise import Found, found_at

_NAME_WORD = r"(?:Mc|Mac|O['’])?[A-ZÀ-Þ][A-Za-zß-ÿ'’\-]*\.?"
_CELL_NAME = re.compile(rf"{_NAME_WORD}(?:,?[ \t]+{_NAME_WORD}){{0,4}}")
_PLATE = re.compile(r"\b(?:[A-Z]{2,3}[ \t]?\d{3,4}|\d{4}[ \t]?[A-Z]{2})\b")


def _not_name(word: str) -> bool:
    bare = word.strip(",.")
    return (
        bare.lower() in STOP_WORDS
        or bare in word_set("not_persons")
        or bare.rstrip(".") in {t.rstrip(".") for t in word_set("titles")}
    )


def _pieces(cell: Cell) -> list[tuple[int, str]]:
    """A cell's parts: brackets and ``+3`` counts dropped, split at ``/`` and, for places, commas."""
    out = []
    for m in re.finditer(r"[^/()]+(?:\([^)]*\))?", cell.value):
        piece = re.sub(r"\([^)]*\)|\+\d+\b", lambda x: " " * len(x.group()), m.group())
        if piece.strip():
            out.append((cell.start + m.start(), piece))
    return out


def cell_mentions(text: str, layout: Layout) -> list[Found]:
    """People, places and plates the columns of the layout's tables hold."""
    found: list[Found] = []
    for table in layout.tables:
        for cell in table.cells:
            roles = cell.roles
            pieces = _pieces(cell)
            if "person" in roles and pieces:
                at, piece = pieces[0]
                m = _CELL_NAME.match(piece.strip())
                if m:
                    lead = len(piece) - len(piece.lstrip())
                    start = at + lead
                    words = m.group().replace(",", " ").split()
                    acronym = len(words) == 1 and words[0].isupper() and len(words[0]) <= 4
                    known_org = m.group() in lexicon()["known_orgs"]
                    if not (
                        _not_name(words[0]) or acronym or known_org or lookup_place(m.group()) or len(m.group()) < 3
                    ):
                        f = found_at(text, start, start + len(m.group()), "PERSON", "table-cell")
                        if f:
                            found.append(f)
                pieces = pieces[1:]
            if "place" in roles:  # "Receiver / destination": a person, then a place
                for at, piece in pieces:
                    offset = 0
                    for part in piece.split(","):
                        lead = len(part) - len(part.lstrip())
                        value = part.strip()
                        start = at + offset + lead
                        offset += len(part) + 1
                        if value and (value[0].isupper() or value[0].isdigit()) and any(c.isupper() for c in value):
                            if value.isdigit() or _not_name(value.split()[0]) and not value[0].isdigit():
                                continue
                            f = found_at(text, start, start + len(value), "LOCATION", "table-cell")
                            if f:
                                place = lookup_place(f.text)
                                if place is not None:
                                    f.props["canonical"] = place.name
                                found.append(f)
            if "vehicle" in roles:
                for m in _PLATE.finditer(cell.value):
                    plate = re.sub(r"\s+", "", m.group()).lower()
                    found.append(
                        Found(
                            cell.start + m.start(),
                            cell.start + m.end(),
                            "VEHICLE",
                            m.group(),
                            "plate",
                            key="V_" + plate,
                        )
                    )
    return found


def field_mentions(text: str, layout: Layout) -> list[Found]:
    """People named at the start of a person field's value."""
    titles = word_set("titles")
    not_names = word_set("not_persons") | frozenset(lexicon()["org_heads"])
    found = []
    for field_ in layout.fields:
        if not is_person_key(field_):
            continue
        span = value_name(text, field_, titles, not_names)
        if span is None or lookup_place(text[span[0] : span[1]]):
            continue
        f = found_at(text, span[0], span[1], "PERSON", "form-value")
        if f is not None and (len(f.text.split()) >= 2 or text[f.start - 1 : f.start] in '"“'):
            found.append(f)
    return found


def speaker_mentions(text: str, layout: Layout) -> list[Found]:
    """Each message's speaker, once per place it is written."""
    found, seen = [], set()
    for message in layout.messages:
        span = (message.speaker_start, message.speaker_end)
        if span in seen or not message.speaker.strip():
            continue
        seen.add(span)
        words = message.speaker.replace(",", " ").split()
        if _not_name(words[0]) or words[-1] in lexicon()["org_suffixes"] or lookup_place(message.speaker):
            continue
        if "@" in message.speaker or sum(c.isdigit() for c in message.speaker) > 2:
            continue  # a number or an address, not a name (one scanned digit for a letter is)
        f = found_at(text, span[0], span[1], "PERSON", "chat-speaker")
        if f is not None:
            found.append(f)
    # "LENNY -> KIKI" heads a message log entry: from whom, to whom
    for m in _ARROW.finditer(text):
        for group in ("a", "b"):
            name = m[group]
            if not (_not_name(name) or lookup_place(name) or lookup_place(name.title())):
                found.append(Found(m.start(group), m.end(group), "PERSON", name, "chat-speaker"))
    if layout.telegram is not None:
        for start, end in capitalised_names(text, layout.telegram):
            if not any(_not_name(w) for w in text[start:end].split()) and not lookup_place(text[start:end].title()):
                found.append(Found(start, end, "PERSON", text[start:end], "telegram-name"))
    return found


_ARROW = re.compile(r"(?<![\w-])(?P<a>[A-Z][A-Za-z]{2,})[ \t]*(?:->|→|=>)[ \t]*(?P<b>[A-Z][A-Za-z]{2,})\b")

#: A reading with a column gap inside it runs over two cells of a table or a form.
_WIDE_GAP = re.compile(r"[ \u00a0]{3,}|\t")


def key_spans(layout: Layout) -> list[tuple[int, int]]:
    """Stretches that are labels, never entities: form keys and table header lines."""
    spans = [(f.key_start, f.key_end) for f in layout.fields]
    spans += [(t.header_row.start, t.header_row.end) for t in layout.tables]
    return spans


def keep_candidate(found: Found, keys: list[tuple[int, int]], cells: list[tuple[int, int]]) -> bool:
    """Whether a reading survives the layout: not inside a label, not across two table cells."""
    if found.label in ("PHONE", "EMAIL", "HANDLE"):
        return True
    if _WIDE_GAP.search(found.text):
        return False
    if any(s <= found.start and found.end <= e for s, e in keys):
        return False
    touching = [(s, e) for s, e in cells if s < found.end and found.start < e]
    return not touching or (len(touching) == 1 and touching[0][0] <= found.start and found.end <= touching[0][1])


def not_phone_cells(layout: Layout) -> list[tuple[int, int]]:
    """Cells of columns that hold other numbers (MTCN, account, ID, amount) and not a phone."""
    return [
        (c.start, c.end) for t in layout.tables for c in t.cells if "not_phone" in c.roles and "phone" not in c.roles
    ]


def first_person_referents(tokens, layout: Layout) -> dict[int, tuple[int, int]]:
    """Token index -> speaker span, for each first-person word inside a message."""
    singular = word_list("first_person")
    out: dict[int, tuple[int, int]] = {}
    messages = sorted(layout.messages, key=lambda m: m.body_start)
    if not messages:
        return out
    for token in tokens:
        lower = token.lower_
        if lower not in singular:
            continue
        if lower == "i" and token.text != "I":
            continue  # a lower-case "i" is a list numeral or a typo far more often than a speaker
        for message in messages:
            if message.body_start <= token.idx < message.body_end:
                out[token.i] = (message.speaker_start, message.speaker_end)
                break
    return out
