"""Links a table row states by its columns: the person in a name, guest or driver column uses
the phone in the phone column (USES_PHONE) and controls the plate in the vehicle column
(CONTROLS); the sender of a transfer paid its receiver (PAID). The row is the evidence."""

from __future__ import annotations

from spacy.tokens import Doc

from extract.doctext import text_of
from extract.layouts.detect import Layout, read_layout
from extract.layouts.tables import Cell, Row
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
    """Every row link of the doc's tables not already among ``found`` for the same row."""
    layout: Layout | None = doc._.layout if doc.has_extension("layout") else None
    text = text_of(doc)
    if layout is None:
        layout = read_layout(text)
    if not layout.tables:
        return []
    seen = {(r.type, r.head, r.tail, r.start) for r in found or []}
    out = []
    for table in layout.tables:
        for row in table.rows:
            for relation in row_links(text, row, mentions):
                overlapping = any(
                    (r.type, r.head, r.tail) == (relation.type, relation.head, relation.tail)
                    and r.start < row.end
                    and row.start < r.end
                    for r in found or []
                )
                key = (relation.type, relation.head, relation.tail, relation.start)
                if not overlapping and key not in seen:
                    seen.add(key)
                    out.append(relation)
    return out
