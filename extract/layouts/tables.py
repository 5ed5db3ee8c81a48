"""Tables in report text, read as tables: pipe-separated (``| Date | Sender | ... |``),
tab-separated, and fixed-width columns under a header and a rule of dashes.

Every cell keeps its offsets into the original text and the header of its column, so a row
can say whose phone, plate or room a cell is, and no reading runs from one column into the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.layouts.vocabulary import roles_of


@dataclass(frozen=True)
class Cell:
    """One cell: ``text[start:end] == value`` (stripped), under the column headed ``header``."""

    start: int
    end: int
    value: str
    header: str

    @property
    def roles(self) -> frozenset[str]:
        return roles_of(self.header)


@dataclass
class Row:
    """One line of a table body; ``start``/``end`` bound the whole line (the evidence of its links)."""

    start: int
    end: int
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Table:
    kind: str  # "pipe", "tab" or "fixed"
    headers: list[str]
    rows: list[Row]
    header_row: Row = field(default_factory=lambda: Row(0, 0))  # the header line (no cells)

    @property
    def cells(self) -> list[Cell]:
        return [cell for row in self.rows for cell in row.cells]


_RULE = re.compile(r"^[ \t]*[|+]?[ \t]*:?-{2,}:?[ \t]*(?:[|+][ \t]*:?-{2,}:?[ \t]*)*[|+]?[ \t]*$")
_DASH_RULE = re.compile(r"^[ \t]*-{2,}(?:[ \t]+-{2,})+[ \t]*$")


def _lines(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, line))
        at += len(line) + 1
    return out


def find_tables(text: str) -> list[Table]:
    """Every pipe, tab and fixed-width table in ``text``, in text order."""
    lines = _lines(text)
    tables = _separated_tables(lines, "|", "pipe") + _separated_tables(lines, "\t", "tab") + _fixed_tables(lines)
    taken = {row.start for t in tables for row in [*t.rows, t.header_row]}
    tables += [t for t in _aligned_tables(lines) if t.header_row.start not in taken]
    tables.sort(key=lambda t: t.rows[0].start if t.rows else 0)
    return tables


def _split(line_start: int, line: str, sep: str) -> list[tuple[int, int, str]]:
    """Cells of a separated line as (start, end, stripped value); the empty edges of ``| a | b |`` dropped."""
    pieces, at = [], 0
    for piece in line.split(sep):
        lead = len(piece) - len(piece.lstrip())
        value = piece.strip()
        pieces.append((line_start + at + lead, line_start + at + lead + len(value), value))
        at += len(piece) + 1
    if line.strip().startswith(sep) and pieces and not pieces[0][2]:
        pieces = pieces[1:]
    if line.strip().endswith(sep) and pieces and not pieces[-1][2]:
        pieces = pieces[:-1]
    return pieces


def _separated_tables(lines: list[tuple[int, str]], sep: str, kind: str) -> list[Table]:
    """Runs of three or more lines (header, rule, rows) each cut into two or more cells by ``sep``."""
    tables = []
    block: list[tuple[int, str]] = []
    for start, line in [*lines, (-1, "")]:
        if start >= 0 and (line.count(sep) >= (2 if sep == "|" else 1) or (block and _RULE.match(line))):
            block.append((start, line))
            continue
        if len(block) >= 3 or (len(block) == 2 and _RULE.match(block[1][1])):
            table = _separated_table(block, sep, kind)
            if table is not None:
                tables.append(table)
        block = []
    return tables


def _separated_table(block: list[tuple[int, str]], sep: str, kind: str) -> Table | None:
    header_start, header_line = block[0]
    headers = [value for _s, _e, value in _split(header_start, header_line, sep)]
    if sum(any(c.isdigit() for c in h) for h in headers) > len(headers) // 2:
        return None  # a first line of figures is a row, not a header: no column can be named
    rows = []
    for start, line in block[1:]:
        if _RULE.match(line) or (sep == "|" and re.fullmatch(r"[\s|+:\-=]*", line)):
            continue
        cells = _split(start, line, sep)
        row = Row(start, start + len(line))
        for n, (s, e, value) in enumerate(cells):
            if value and n < len(headers):
                row.cells.append(Cell(s, e, value, headers[n]))
        rows.append(row)
    if not rows:
        return None
    return Table(kind, headers, rows, Row(header_start, header_start + len(header_line)))


def _fixed_tables(lines: list[tuple[int, str]]) -> list[Table]:
    """A header line, a rule of dash groups under it (``-----  ----``), and the lines below it up
    to a blank line: each column is where its dash group is, the last one running to the line end."""
    tables = []
    for n in range(1, len(lines)):
        rule_start, rule = lines[n]
        if not _DASH_RULE.match(rule) or "|" in rule:
            continue
        header_start, header_line = lines[n - 1]
        spans = [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]
        headers = [
            header_line[a : (spans[i + 1][0] if i + 1 < len(spans) else len(header_line))].strip()
            for i, (a, _b) in enumerate(spans)
        ]
        if not all(headers) or len(headers) < 2:
            continue
        rows = []
        for start, line in lines[n + 1 :]:
            if not line.strip():
                break
            row = Row(start, start + len(line))
            for i, (a, _b) in enumerate(spans):
                stop = spans[i + 1][0] if i + 1 < len(spans) else len(line)
                piece = line[a:stop]
                value = piece.strip()
                if value:
                    lead = len(piece) - len(piece.lstrip())
                    row.cells.append(Cell(start + a + lead, start + a + lead + len(value), value, headers[i]))
            rows.append(row)
        if rows:
            tables.append(Table("fixed", headers, rows, Row(header_start, header_start + len(header_line))))
    return tables


def _aligned_tables(lines: list[tuple[int, str]]) -> list[Table]:
    """Fixed-width columns with no rule under the header: a header of three or more words or
    phrases set two spaces apart, at least one naming a role (``NAME``, ``PHONE``, ``DRIVER``),
    and two or more lines below it with a gap before every column start."""
    tables = []
    n = 0
    while n < len(lines) - 2:
        header_start, header = lines[n]
        heads = list(re.finditer(r"\S+(?: \S+)*", header))
        if (
            len(heads) < 3
            or "|" in header
            or not any(roles_of(h.group()) for h in heads)
            or any(ch.isdigit() for ch in header)
        ):
            n += 1
            continue
        starts = [h.start() for h in heads]
        rows = []
        for start, line in lines[n + 1 :]:
            if not line.strip() or _DASH_RULE.match(line):
                break
            aligned = sum(1 for a in starts[1:] if a <= len(line) and line[a - 1] == " ")
            if aligned < len(starts) - 2:
                break
            row = Row(start, start + len(line))
            for i, a in enumerate(starts):
                stop = starts[i + 1] if i + 1 < len(starts) else len(line)
                piece = line[a:stop]
                value = piece.strip()
                if value:
                    lead = len(piece) - len(piece.lstrip())
                    row.cells.append(Cell(start + a + lead, start + a + lead + len(value), value, heads[i].group()))
            rows.append(row)
        if len(rows) >= 2:
            tables.append(
                Table("fixed", [h.group() for h in heads], rows, Row(header_start, header_start + len(header)))
            )
            n += len(rows) + 1
        else:
            n += 1
    return tables
