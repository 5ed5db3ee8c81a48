"""Case text on a Streamlit page: the one place that makes report-derived text inert.

Streamlit reads Markdown (and its own ``:red[...]`` / ``:material/...:`` directives) in titles,
headers, captions, alerts, widget labels and ``st.markdown``. A name in a report is the
case's data, not the app's markup: ``![b](http://host/x)`` in a heading would make the
analyst's browser fetch from that host, ``:red[...]`` would spoof a warning, a bare URL
would become a link. Every string drawn from the case that reaches one of those calls goes
through :func:`plain` first; tables (``st.dataframe``), select-box options and ``st.text``
show text as it is and need nothing.
"""

from __future__ import annotations

import re

#: Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them
#: all leaves no emphasis, link, image, heading, list, table, HTML or directive syntax.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
#: GitHub-flavoured autolinks are found in the text *after* escapes are read, so a bare URL,
#: ``www.`` name or e-mail address is broken by an invisible word joiner instead.
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"


def plain(text: object) -> str:
    """``text`` (any case-derived value) as Markdown that shows exactly its characters.

    Whitespace runs (newlines included) become one space, so no line can start a heading
    or list; punctuation is backslash-escaped; URLs, ``www.`` names and e-mail addresses
    get a word joiner so they are not turned into links.
    """
    flat = " ".join(str(text).split())
    joined = _AUTOLINK.sub(WORD_JOINER, flat)
    return _PUNCTUATION.sub(r"\\\1", joined)


def quoted(text: object) -> str:
    """:func:`plain` text between typographic quotes, for messages such as Nothing matches “…”."""
    return f"“{plain(text)}”"
