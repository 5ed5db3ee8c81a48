"""Which layouts a report is made of: one pass of every reader over the text, kept together."""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.layouts.forms import Field, find_fields
from extract.layouts.messages import Message, find_messages, narrator_of
from extract.layouts.tables import Table, find_tables
from extract.layouts.telegraphic import Telegram, find_telegram


@dataclass
class Layout:
    """The layouts of one text: its tables, form fields, messages (who said what) and, for an
    all-capitals telegraphic message, its header lines."""

    tables: list[Table] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    telegram: Telegram | None = None

    @property
    def kinds(self) -> set[str]:
        """The layout kinds present: ``table``, ``form``, ``chat``, ``email``, ``statement``, ``telegram``."""
        kinds = {"table"} if self.tables else set()
        if self.fields:
            kinds.add("form")
        for message in self.messages:
            kinds.add({"quoted": "email", "answer": "statement"}.get(message.kind, message.kind))
        if self.telegram is not None:
            kinds.add("telegram")
        return kinds


def read_layout(text: str) -> Layout:
    """Every layout in ``text`` (pure; offsets are into ``text``)."""
    tables = find_tables(text)
    in_table = [(row.start, row.end) for t in tables for row in [*t.rows, t.header_row]]
    fields = [f for f in find_fields(text) if not any(s <= f.key_start < e for s, e in in_table)]
    messages = find_messages(text, narrator_of(text, fields))
    return Layout(tables, fields, messages, find_telegram(text))
