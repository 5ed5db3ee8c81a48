"""Report text as HTML with its entity mentions highlighted: everything escaped, offsets kept.

Pure functions (no Streamlit) so the Reports page, the Ingest preview and the evidence
pack all mark text the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from governance.guard import ReadableText
from graph.model import Evidence, Mention
from render.graph_view import KIND_STYLES, UNKNOWN_KIND


def mark_colour(kind: str) -> str:
    """A light tint of the kind's colour from the graph view, so text and picture agree."""
    return KIND_STYLES.get(kind, UNKNOWN_KIND).colour + "40"  # 25 % alpha


def _same(text: str) -> str:
    return text


def highlight_mentions(
    text: str,
    mentions: Iterable[Mention],
    focus: Iterable[str] = (),
    *,
    redact: Callable[[str], str] = _same,
    show_mention: Callable[[Mention, str], str] | None = None,
    show_id: Callable[[str], str] = _same,
) -> str:
    """``text`` as escaped HTML, each mention wrapped in ``<mark>`` coloured by kind.

    Overlapping mentions keep the first (longest at the same start). Mentions of entities
    in ``focus`` are also underlined. Newlines become ``<br>``. Mentions are placed on the
    original text; ``redact`` rewrites each plain piece, ``show_mention`` each mention's
    text and ``show_id`` the entity id in its tooltip, before escaping (victim protection).
    """
    focus_ids = set(focus)
    shown = show_mention or (lambda _mention, piece: redact(piece))
    ordered = sorted((m for m in mentions if 0 <= m.start < m.end <= len(text)), key=lambda m: (m.start, -m.end))
    parts: list[str] = []
    cursor = 0
    for mention in ordered:
        if mention.start < cursor:
            continue
        parts.append(escape(redact(text[cursor : mention.start])))
        style = f"background:{mark_colour(mention.label)}"
        if mention.entity_id in focus_ids:
            style += ";text-decoration:underline;font-weight:600"
        parts.append(
            f'<mark style="{style}" title="{escape(mention.label)}: {escape(show_id(mention.entity_id))}">'
            f"{escape(shown(mention, text[mention.start : mention.end]))}</mark>"
        )
        cursor = mention.end
    parts.append(escape(redact(text[cursor:])))
    return "".join(parts).replace("\n", "<br>")


def highlight_sentence(report_text: str, start: int, end: int, sentence: str = "") -> str:
    """The evidence sentence in bold inside a little escaped context from its report."""
    if not (0 <= start < end <= len(report_text)):
        return f"<b>{escape(sentence)}</b>"
    before = report_text[max(0, start - 120) : start]
    after = report_text[end : end + 120]
    return f"…{escape(before)}<b>{escape(report_text[start:end])}</b>{escape(after)}…".replace("\n", " ")


def report_html(report: ReadableText) -> str:
    """A report as one user may read it, as escaped HTML with its mentions highlighted."""
    return highlight_mentions(
        report.text,
        report.mentions,
        focus=report.focus,
        redact=report.redact,
        show_mention=report.show_mention,
        show_id=report.show_id,
    )


def evidence_html(report: ReadableText, item: Evidence, context: int = 120) -> str:
    """The evidence sentence in bold inside a little of its report, escaped and redacted piece by
    piece (the offsets point into the original text)."""
    text, redact = report.text, report.redact
    if not (0 <= item.start < item.end <= len(text)):
        return f"<b>{escape(redact(item.sentence))}</b>"
    before = redact(text[max(0, item.start - context) : item.start])
    after = redact(text[item.end : item.end + context])
    sentence = redact(text[item.start : item.end])
    return f"…{escape(before)}<b>{escape(sentence)}</b>{escape(after)}…".replace("\n", " ")




