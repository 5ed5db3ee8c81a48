"""Pages of a report's text: the readers keep each page of a PDF, scan or photo apart with a
form feed (``\\f``, as ``pdftotext`` does), so evidence found at an offset can cite its page.

The one place that spells the page break; readers write it, exports read it.
"""

from __future__ import annotations

#: What separates one page of a report's text from the next.
PAGE_BREAK = "\f"


def page_of(text: str, offset: int) -> int:
    """The page (1-based) holding character ``offset`` of ``text``.

    >>> page_of("first page\\fsecond page", 14)
    2
    """
    return text.count(PAGE_BREAK, 0, max(0, offset)) + 1


def page_count(text: str) -> int:
    """How many pages the text has (1 for text without page breaks)."""
    return text.count(PAGE_BREAK) + 1


def join_pages(pages: list[str]) -> str:
    """Page texts joined with page breaks, so page N of the result is ``pages[N-1]``."""
    return PAGE_BREAK.join(page.replace(PAGE_BREAK, "\n") for page in pages)


def page_at(breaks: list[int], offset: int) -> int:
    """The page (1-based) of ``offset`` in a text whose page breaks are at ``breaks``."""
    import bisect

    return bisect.bisect_left(breaks, offset) + 1


def page_breaks_of(text: str) -> list[int]:
    """Offsets of the page breaks in ``text``: offset ``o`` is on page 1 + the number of them before ``o``
    (``bisect.bisect_left(breaks, o) + 1``). Lets a page be found without the text itself."""
    return [i for i, c in enumerate(text) if c == PAGE_BREAK]
