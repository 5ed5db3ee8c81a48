"""Report layouts read as layouts: tables, ``Key: value`` forms, chat and e-mail messages,
interviews and statements, telegraphic messages. :func:`read_layout` finds them all in a text,
with offsets into it; :mod:`extract.layouts.reading` turns them into mentions, first-person
referents and filters, :mod:`extract.layouts.links` into the links a table row states."""

from extract.layouts.detect import Layout, read_layout

__all__ = ["Layout", "read_layout"]
