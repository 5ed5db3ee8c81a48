"""Links a layout states by where things stand, with the stretch that states them as evidence:

* a table row: the person in a name, guest or driver column uses the phone in the phone column
  (USES_PHONE) and controls the plate in the vehicle column (CONTROLS); the sender of a transfer
  paid its receiver (PAID);
* a form: a phone field belongs to the person of the subject field above it (USES_PHONE);
* an e-mail signature: its phone is the signer's, the company the signer directs is the signer's;
* a number in brackets after a person's name (``Maxine ROWE (876.555.0181)``) is that person's.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from extract.doctext import text_of
from extract.layouts.detect import Layout, read_layout
from extract.layouts.forms import Field
from extract.layouts.tables import Cell, Row
from extract.layouts.vocabulary import folded_key, word_list
from extract.recognise import Found
from extract.relations import RelationFound

#: How much a link read off a table row is trusted: the column says it, nobody wrote a sentence.
ROW_CONFIDENCE = 0.8


def _in_cell(mentions: list[Found], cell: Cell, label: str) -> list[Found]:
    return [m for m in mentions if m.label == label and m.key and cell.start <= m.start and m.end <= cell.end]


def row_links(text: str, row: Row, mentions: list[Found]) -> list[RelationFound]:
    """The links one row states (see the module docstring)."""
    people: dict[str, Found] = {}  # role -> the first person in a cell of that role
    phones: list[Found] = []
    vehicles: list[Found] = []
    for cell in row.cells:
        roles = cell.roles
        if "person" in roles:
            found = _in_cell(mentions, cell, "PERSON")
            if found:
                for role in ("payer", "payee", "person"):
                    if role in roles:
                        people.setdefault(role, found[0])
        if "phone" in roles:
            phones += _in_cell(mentions, cell, "PHONE")
        if "vehicle" in roles:
            vehicles += _in_cell(mentions, cell, "VEHICLE")
    owner = next((p for role, p in people.items() if role == "person" and not ({"payer", "payee"} & {role})), None)
    if "payer" in people and "payee" in people:
        owner = None  # a transfer's row names two people: whose the phone is, the columns do not say
    elif owner is None:
        owner = people.get("payer") or people.get("payee")
    evidence = text[row.start : row.end]
    links = []

    def link(kind: str, head: Found, tail: Found) -> None:
        if head.key != tail.key:
            links.append(
                RelationFound(
                    kind, head.key, tail.key, evidence, row.start, row.end, ROW_CONFIDENCE, "rule", "table-row"
                )
            )

    if owner is not None:
        for phone in phones:
            link("USES_PHONE", owner, phone)
        for vehicle in vehicles:
            link("CONTROLS", owner, vehicle)
    if "payer" in people and "payee" in people:
        link("PAID", people["payer"], people["payee"])
    return links


def table_links(doc: Doc, mentions: list[Found], found: list[RelationFound] | None = None) -> list[RelationFound]:
    """Every link the doc's tables, forms and e-mail signatures state that ``found`` does not
    already hold for the same stretch of text."""
    layout: Layout | None = doc._.layout if doc.has_extension("layout") else None
    text = text_of(doc)
    if layout is None:
        layout = read_layout(text)
    stated: list[RelationFound] = []
    for table in layout.tables:
        for row in table.rows:
            stated += row_links(text, row, mentions)
    if layout.fields:
        stated += form_links(text, layout, mentions)
    if layout.messages:
        stated += signature_links(text, layout, mentions)
    stated += bracketed_numbers(text, mentions)
    out: list[RelationFound] = []
    for relation in stated:
        if any(
            (r.type, r.head, r.tail) == (relation.type, relation.head, relation.tail)
            and r.start < relation.end
            and relation.start < r.end
            for r in [*(found or []), *out]
        ):
            continue  # the sentence rules, or another layout reading, already state it here
        out.append(relation)
    return out


# --- forms and e-mail signatures ---------------------------------------------------------------

_BLOCK_BREAK = re.compile(r"\n[ \t]*\n|\n[ \t]*(?:-{3,}|={3,}|\*{3,})")


def _block_of(text: str, at: int) -> int:
    """Which blank-line or rule-separated block of the text ``at`` falls in."""
    return sum(1 for _m in _BLOCK_BREAK.finditer(text, 0, at))


def _line_bounds(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end == -1 else end


def form_links(text: str, layout: Layout, mentions: list[Found]) -> list[RelationFound]:
    """A form's phone field belongs to the person of the nearest subject field above it in the
    same block (``Name: ...`` / ``Tel: ...``), and a phone on a subject field's own line belongs
    to that person (``Proprietor: Jane DOE | Agency tel. 876-...``). The lines between are the evidence."""
    subject_keys = word_list("subject_keys")
    phone_keys = word_list("phone_keys")
    people = [m for m in mentions if m.label == "PERSON" and m.key]
    phones = [m for m in mentions if m.label == "PHONE" and m.key]
    subjects: list[tuple[Field, Found]] = []
    for field_ in layout.fields:
        if field_.folded in subject_keys:
            person = next((m for m in people if field_.value_start <= m.start < field_.value_end), None)
            if person is not None:
                subjects.append((field_, person))
    links = []

    def link(person: Found, phone: Found, start: int, end: int) -> None:
        links.append(
            RelationFound(
                "USES_PHONE", person.key, phone.key, text[start:end], start, end, ROW_CONFIDENCE, "rule", "form-field"
            )
        )

    for field_ in layout.fields:
        if not (field_.folded in phone_keys or field_.folded.split()[-1:] in (["tel"], ["phone"], ["mobile"])):
            continue
        block = _block_of(text, field_.key_start)
        above = [
            (f, p) for f, p in subjects if f.key_start < field_.key_start and _block_of(text, f.key_start) == block
        ]
        if not above:
            continue
        subject, person = above[-1]
        start = _line_bounds(text, subject.key_start)[0]
        end = _line_bounds(text, field_.value_end)[1]
        for phone in phones:
            if field_.value_start <= phone.start < field_.value_end:
                link(person, phone, start, end)
    for subject, person in subjects:
        start, end = _line_bounds(text, subject.key_start)
        for phone in phones:
            if start <= phone.start < end and not any(
                f.value_start <= phone.start < f.value_end for f in layout.fields if f is not subject
            ):
                link(person, phone, start, end)
    return links


def signature_links(text: str, layout: Layout, mentions: list[Found]) -> list[RelationFound]:
    """An e-mail's signature block (its last few short lines, opening with the sender's name):
    the phone in it is the signer's (USES_PHONE), the body the signer directs (``Managing
    Director, Acme Ltd``) is the signer's (CONTROLS)."""
    roles = word_list("signature_roles")
    links = []
    for message in layout.messages:
        if message.kind not in ("email", "quoted"):
            continue
        lines = [
            m for m in re.finditer(r"[^\n]+", text[message.body_start : message.body_end]) if m.group().strip(" >\t")
        ]
        block = lines[-4:]
        first = next(
            (
                n
                for n, line in enumerate(block)
                if len(line.group().strip(" >\t")) <= 40
                and any(
                    m.label == "PERSON"
                    and m.key
                    and message.body_start + line.start() <= m.start < message.body_start + line.end()
                    for m in mentions
                )
            ),
            None,
        )
        if first is None:
            continue
        block = block[first:]
        start = message.body_start + block[0].start()
        end = message.body_start + block[-1].end()
        signer = next(m for m in mentions if m.label == "PERSON" and m.key and start <= m.start < end)
        evidence = text[start:end]
        for m in mentions:
            if not (m.key and start <= m.start < end) or m.key == signer.key:
                continue
            if m.label == "PHONE":
                links.append(
                    RelationFound(
                        "USES_PHONE", signer.key, m.key, evidence, start, end, ROW_CONFIDENCE, "rule", "signature"
                    )
                )
            elif m.label == "ORG":
                line_start, _ = _line_bounds(text, m.start)
                title = folded_key(text[line_start : m.start])
                if any(re.search(rf"\b{re.escape(r)}\b", title) for r in roles):
                    links.append(
                        RelationFound(
                            "CONTROLS", signer.key, m.key, evidence, start, end, ROW_CONFIDENCE, "rule", "signature"
                        )
                    )
    return links


_BRACKET_GAP = re.compile(r"^[^.;()\n]{0,45}(?:\n[ \t]*)?$")


def bracketed_numbers(text: str, mentions: list[Found]) -> list[RelationFound]:
    """A phone number alone in brackets after a person's name, with at most a short phrase between
    (``Albert "Bertie" GRANT in Leeds, UK (+44 7700 900123)``), is that person's (USES_PHONE)."""
    people = [m for m in mentions if m.label == "PERSON" and m.key]
    others = [m for m in mentions if m.label in ("PERSON", "ORG", "PHONE") and m.key]
    links = []
    for phone in (m for m in mentions if m.label == "PHONE" and m.key):
        open_at = phone.start - 1
        while open_at >= 0 and text[open_at] in " \t":
            open_at -= 1
        if open_at < 0 or text[open_at] != "(" or not re.match(r"[ \t]*\)", text[phone.end : phone.end + 3]):
            continue
        before = [p for p in people if p.end <= open_at]
        if not before:
            continue
        person = max(before, key=lambda p: p.end)
        gap = text[person.end : open_at]
        if not _BRACKET_GAP.match(gap) or any(person.end <= o.start < open_at for o in others):
            continue
        start = text.rfind("\n", 0, person.start) + 1
        end = phone.end + 1
        links.append(
            RelationFound(
                "USES_PHONE",
                person.key,
                phone.key,
                text[start:end],
                start,
                end,
                ROW_CONFIDENCE,
                "rule",
                "bracketed-number",
            )
        )
    return links
