"""The prosecutor's pack as a PDF: cover, chart, entities, every link with its sentences, call
records, the analyst's rationale, and an annex of every source report with its SHA-256.

Two pure steps: :func:`build_prosecutor_pack` turns a view of the case (already read through
the user's guard, so hidden victims are pseudonyms) into a :class:`ProsecutorPack` of plain
data; :func:`render_pdf` sets it with fpdf2. The chart is drawn with the PDF's own vector
primitives from a networkx layout: no browser, no plotting library. Nothing here decides
who may see what; that is done before the view gets here.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from graph.model import NODE_LABELS, CallSummary, Report, Subgraph
from graph.pages import PAGE_BREAK, page_at, page_count, page_of

#: Fonts the pack is set in (Debian's fonts-dejavu-core, installed by tools/setup.sh): they hold
#: every character a report may quote. Without them the PDF core font is used (Latin-1 only).
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}

#: How each link method is described to a reader outside the team.
METHOD_WORDS = {
    "rule": "extracted by rule (assessment)",
    "co-occurrence": "named in the same sentence (assessment)",
    "analyst": "added or confirmed by an analyst",
    "calls": "call-detail records",
    "import": "imported (assessment)",
}

#: Node colours by entity kind (Okabe-Ito, readable in grey print).
KIND_COLOURS = {
    "PERSON": (0, 114, 178),
    "LOCATION": (0, 158, 115),
    "PHONE": (230, 159, 0),
    "ORG": (204, 121, 167),
    "EMAIL": (86, 180, 233),
    "VEHICLE": (213, 94, 0),
    "HANDLE": (120, 120, 120),
}
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
#: Stands for the page count in the footer: control characters, which report text loses (_clean).
PAGES_ALIAS = "\x01\x02\x03\x04\x05"


@dataclass
class PackCover:
    """Who the pack is for, why, and who made it when (the dissemination record's words)."""

    title: str
    recipient: str
    reason: str
    produced_by: str
    produced_at: str
    case: str = ""
    operation: str = ""
    handling_code: str = ""
    selection: str = ""  # what part of the case: filters, entities asked for


@dataclass
class PackEntity:
    id: str
    name: str
    kind: str
    role: str = ""
    aliases: list[str] = field(default_factory=list)


@dataclass
class PackLink:
    """One piece of evidence for one link: the exact sentence and where it is."""

    type: str
    source_name: str
    target_name: str
    sentence: str
    report_id: str
    report_title: str
    reference: str
    page: int
    reported_at: str
    grading: str
    method: str
    confidence: float


@dataclass
class PackCalls:
    caller: str  # names as shown (a phone's number)
    callee: str
    count: int
    total_s: int
    first: str
    last: str


@dataclass
class PackReport:
    """A source report in the annex: enough to find the original and check it is the same."""

    id: str
    title: str
    reference: str
    source: str
    reported_at: str
    grading: str
    pages: int
    sha256: str  # of the report's text as ingested
    ocr: str = ""  # how OCR read each page, when the text was OCRed


@dataclass
class ProsecutorPack:
    cover: PackCover
    view: Subgraph  # drawn as the chart
    entities: list[PackEntity]
    links: list[PackLink]
    calls: list[PackCalls]
    reports: list[PackReport]
    rationale: list[str] = field(default_factory=list)  # why these entities: path or key-player reasoning


def text_digest(text: str) -> str:
    """SHA-256 of a report's text as ingested (its id is the first 20 hex digits of it)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _grading(report: Report | None) -> str:
    if report is None or (report.source_grading is None and report.information_grading is None):
        return "ungraded"
    return str(report.grading)


def build_prosecutor_pack(
    view: Subgraph,
    reports: dict[str, Report],
    cover: PackCover,
    *,
    digests: dict[str, str] | None = None,
    page_breaks: dict[str, list[int]] | None = None,
    rationale: list[str] | None = None,
) -> ProsecutorPack:
    """The pack of ``view``: ``reports`` are the reports behind its links, with their text
    (``store.get_report``: listings leave it out), which gives each sentence's page; ``digests``
    the SHA-256 of each report's text as stored (default: of the text given); ``page_breaks``
    where each report's pages break in its text as stored, for when the text given is not that
    text (a redacted copy, whose offsets differ)."""
    digests = digests or {}
    page_breaks = page_breaks or {}

    def page(report: Report | None, report_id: str, offset: int) -> int:
        if report_id in page_breaks:
            return page_at(page_breaks[report_id], offset)
        return page_of(report.text, offset) if report is not None else 1

    names = {e.id: e.name for e in view.entities}
    entities = sorted(
        (PackEntity(e.id, e.name, e.kind, str(getattr(e, "role", "") or ""), list(e.aliases)) for e in view.entities),
        key=lambda e: (e.kind, e.name.casefold()),
    )
    links = []
    for link in view.links:
        report = reports.get(link.report_id)
        links.append(
            PackLink(
                type=link.type,
                source_name=names.get(link.source, link.source),
                target_name=names.get(link.target, link.target),
                sentence=_clean(link.sentence),
                report_id=link.report_id,
                report_title=report.title if report else "",
                reference=(report.reference or "") if report else "",
                page=page(report, link.report_id, link.start),
                reported_at=(report.reported_at or "") if report else "",
                grading=_grading(report),
                method=METHOD_WORDS.get(link.method, link.method),
                confidence=float(link.confidence),
            )
        )
    links.sort(key=lambda k: (k.source_name.casefold(), k.type, k.target_name.casefold(), k.reported_at))
    calls = [_calls(c, names) for c in view.calls]
    cited = dict.fromkeys(link.report_id for link in view.links)
    annex = []
    for report_id in cited:
        report = reports.get(report_id)
        if report is None:
            continue
        annex.append(
            PackReport(
                id=report.id,
                title=report.title,
                reference=report.reference or "",
                source=report.source,
                reported_at=report.reported_at or "",
                grading=_grading(report),
                pages=len(page_breaks[report.id]) + 1 if report.id in page_breaks else page_count(report.text),
                sha256=digests.get(report.id) or (text_digest(report.text) if report.text else ""),
                ocr=report.ocr or "",
            )
        )
    annex.sort(key=lambda r: (r.reported_at, r.title))
    return ProsecutorPack(cover, view, entities, links, calls, annex, list(rationale or []))


def _calls(call: CallSummary, names: dict[str, str]) -> PackCalls:
    return PackCalls(
        names.get(call.caller, call.caller.removeprefix("PH_")),
        names.get(call.callee, call.callee.removeprefix("PH_")),
        call.count,
        call.total_s,
        call.first,
        call.last,
    )


def _clean(text: str) -> str:
    """Text as it can be set: page breaks and control characters become spaces."""
    return _CONTROL.sub(" ", (text or "").replace(PAGE_BREAK, " "))


# --- rendering -------------------------------------------------------------------------------------


def render_pdf(pack: ProsecutorPack) -> bytes:
    """The pack as PDF bytes (A4, numbered pages, the handling code on every page)."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    handling = pack.cover.handling_code

    class PackPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(family, "", 8)
            self.set_text_color(90, 90, 90)
            mark = f"{handling} · " if handling else ""
            self.cell(0, 6, text(f"{mark}{pack.cover.title} · page {self.page_no()} of ") + PAGES_ALIAS, align="C")
            self.set_text_color(0, 0, 0)

    pdf = PackPDF(orientation="P", unit="mm", format="A4")
    pdf.alias_nb_pages(PAGES_ALIAS)  # report text can hold fpdf's default "{nb}"; it cannot hold this
    family, text = _fonts(pdf)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_title(text(pack.cover.title))
    pdf.set_author(text(pack.cover.produced_by))
    pdf.set_creator("Threadline")
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def heading(words: str, size: int = 14) -> None:
        pdf.set_font(family, "B", size)
        pdf.multi_cell(width, size * 0.5, text(words), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.ln(2)
        pdf.set_font(family, "", 10)

    def para(words: str, size: float = 10, style: str = "", gap: float = 1.5) -> None:
        pdf.set_font(family, style, size)
        pdf.multi_cell(width, size * 0.5, text(words), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.ln(gap)
        pdf.set_font(family, "", 10)

    # cover
    pdf.add_page()
    pdf.ln(20)
    heading(pack.cover.title, 20)
    para("Prosecutor's evidence pack", 13, "B", 8)
    cover = pack.cover
    rows = [
        ("Case", cover.case or "(all cases the producer may see)"),
        ("Operation", cover.operation or "-"),
        ("Recipient", cover.recipient),
        ("Reason for disclosure", cover.reason),
        ("Handling code", cover.handling_code or "-"),
        ("Produced by", cover.produced_by),
        ("Produced at", cover.produced_at),
        ("Selection", cover.selection or "the whole case"),
        ("Contents", f"{len(pack.entities)} entities, {len(pack.links)} pieces of link evidence, "
         f"{len(pack.calls)} call pairs, {len(pack.reports)} source reports"),
    ]  # fmt: skip
    pdf.set_font(family, "", 10)
    with pdf.table(col_widths=(45, width - 45), text_align="LEFT", first_row_as_headings=False) as table:
        for label, value in rows:
            row = table.row()
            row.cell(text(label))
            row.cell(text(value))
    pdf.ln(6)
    para(
        "Every link below quotes the sentence(s) of the report that support it, with the report, page, "
        "date, grading and how the link was made. Links extracted by machine are assessments, not "
        "facts, until an analyst confirms them. Victims appear under pseudonyms (e.g. 'Victim V-017') "
        "unless revealed to the producer for this export. The annex gives the SHA-256 of each source "
        "report's text as ingested, so each quotation can be checked against the original.",
        9,
    )

    # chart
    pdf.add_page()
    heading("Chart of the selected network")
    _draw_chart(pdf, pack.view, family, text, pdf.l_margin, pdf.get_y() + 2, width, 150)
    _legend(pdf, family, text, pack.view)

    # entities
    pdf.add_page()
    heading("Entities")
    if pack.entities:
        pdf.set_font(family, "", 9)
        with pdf.table(col_widths=(50, 22, 22, width - 94), text_align="LEFT") as table:
            header = table.row()
            for title in ("Name", "Kind", "Role", "Also known as"):
                header.cell(title)
            for entity in pack.entities:
                row = table.row()
                row.cell(text(entity.name))
                row.cell(NODE_LABELS.get(entity.kind, entity.kind))
                row.cell(text(entity.role if entity.kind == "PERSON" else ""))
                row.cell(text(", ".join(entity.aliases)))
    else:
        para("No entities selected.")

    # links
    pdf.add_page()
    heading("Links and the evidence for each")
    if not pack.links:
        para("No links in the selection.")
    previous = None
    for link in pack.links:
        title = f"{link.source_name} {link.type} {link.target_name}"
        if title != previous:
            pdf.ln(1)
            para(title, 10.5, "B", 0.5)
            previous = title
        para(f"“{link.sentence}”", 10, "I", 0.5)
        where = link.report_title or link.report_id
        if link.reference:
            where += f" ({link.reference})"
        para(
            f"Report: {where}, page {link.page} · reported {link.reported_at or 'date not known'} · "
            f"grading {link.grading} · {link.method} · confidence {link.confidence:.2f} · report id {link.report_id}",
            8,
            gap=2.5,
        )

    # calls
    if pack.calls:
        pdf.ln(3)
        heading("Call records between the selected phones")
        pdf.set_font(family, "", 9)
        with pdf.table(col_widths=(38, 38, 16, 22, width - 114), text_align="LEFT") as table:
            header = table.row()
            for title in ("Caller", "Called", "Calls", "Minutes", "First - last"):
                header.cell(title)
            for call in pack.calls:
                row = table.row()
                row.cell(text(call.caller))
                row.cell(text(call.callee))
                row.cell(str(call.count))
                row.cell(f"{call.total_s / 60:.1f}")
                row.cell(text(f"{call.first} - {call.last}"))

    # rationale
    if pack.rationale:
        pdf.ln(3)
        heading("Why these entities")
        for line in pack.rationale:
            para(line, 10)

    # annex
    pdf.add_page()
    heading("Annex: source reports")
    para("SHA-256 of each report's text as ingested; the report id is its first 20 hex digits.", 9)
    for report in pack.reports:
        para(f"{report.title or report.id}", 10, "B", 0.3)
        para(
            f"id {report.id} · reference {report.reference or '-'} · file {report.source or '-'} · "
            f"reported {report.reported_at or '-'} · grading {report.grading} · {report.pages} page(s)",
            8,
            gap=0.3,
        )
        if report.ocr:
            para(f"Read by OCR: {report.ocr}", 8, gap=0.3)
        para(f"SHA-256 {report.sha256 or '(not available: the report text was not read)'}", 8, gap=2.5)
    return bytes(pdf.output())


def _fonts(pdf) -> tuple[str, callable]:
    """The font family to use and how to make text settable in it."""
    if all((FONT_DIR / name).is_file() for name in FONT_FILES.values()):
        for style, name in FONT_FILES.items():
            pdf.add_font("DejaVu", style, str(FONT_DIR / name))
        return "DejaVu", _clean
    return "Helvetica", lambda value: _clean(value).encode("latin-1", "replace").decode("latin-1")


def _draw_chart(pdf, view: Subgraph, family: str, text, x: float, y: float, w: float, h: float) -> None:
    """The view drawn in the box (x, y, w, h): links as lines, entities as coloured dots with names."""
    pdf.set_draw_color(180, 180, 180)
    pdf.rect(x, y, w, h)
    graph = nx.Graph()
    graph.add_nodes_from(e.id for e in view.entities)
    graph.add_edges_from((link.source, link.target) for link in view.links if link.source != link.target)
    graph.add_edges_from((c.caller, c.callee) for c in view.calls if c.caller in graph and c.callee in graph)
    alone = [node for node in graph if graph.degree(node) == 0]
    graph.remove_nodes_from(alone)
    if not graph:
        pdf.set_xy(x + 4, y + 4)
        pdf.cell(0, 6, "No links among the selected entities.")
        pdf.set_xy(x, y + h + 1)
        return
    placed = _component_boxes(graph, x, y, w, h)

    def place(node: str) -> tuple[float, float]:
        return placed[node]

    pdf.set_line_width(0.25)
    pdf.set_draw_color(150, 150, 150)
    for source, target in graph.edges():
        (x1, y1), (x2, y2) = place(source), place(target)
        pdf.line(x1, y1, x2, y2)
    kinds = {e.id: e.kind for e in view.entities}
    names = {e.id: e.name for e in view.entities}
    labelled = set(sorted(graph, key=lambda n: -graph.degree(n))[:60])
    radius = 2.2 if len(graph) <= 60 else 1.3
    pdf.set_font(family, "", 6.5 if len(graph) <= 30 else 5)
    for node in graph:
        cx, cy = place(node)
        pdf.set_fill_color(*KIND_COLOURS.get(kinds.get(node, ""), (120, 120, 120)))
        pdf.set_draw_color(255, 255, 255)
        pdf.circle(cx, cy, radius, style="FD")
        if node in labelled:
            label = names.get(node, node)
            label = label if len(label) <= 28 else label[:27] + "…"
            pdf.text(cx + radius + 0.6, cy + 1.0, text(label))
    pdf.set_draw_color(0, 0, 0)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_xy(x, y + h + 1)
    if alone:
        pdf.set_font(family, "", 7)
        names_alone = ", ".join(sorted(names.get(node, node) for node in alone))
        pdf.multi_cell(w, 3.5, text(f"Not linked to the others in the selection ({len(alone)}): {names_alone}"))


def _component_boxes(graph: nx.Graph, x: float, y: float, w: float, h: float) -> dict[str, tuple[float, float]]:
    """Where each node goes on the page: the largest connected group on the left, the smaller
    groups stacked in a column on the right (one spring layout for all spreads them apart)."""
    groups = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    boxes: list[tuple[list[str], tuple[float, float, float, float]]] = []
    if len(groups) == 1:
        boxes.append((groups[0], (x, y, w, h)))
    else:
        main_w = w * 0.7
        boxes.append((groups[0], (x, y, main_w, h)))
        rest = groups[1:]
        total = sum(len(group) + 1 for group in rest)
        top = y
        for group in rest:
            share = h * (len(group) + 1) / total
            boxes.append((group, (x + main_w, top, w - main_w, share)))
            top += share
    placed: dict[str, tuple[float, float]] = {}
    for group, (bx, by, bw, bh) in boxes:
        sub = graph.subgraph(group)
        if len(sub) == 1:
            positions = {group[0]: (0.5, 0.5)}
        elif len(sub) <= 150:
            positions = nx.kamada_kawai_layout(sub)
        else:
            positions = nx.spring_layout(sub, seed=7, k=2.5 / math.sqrt(len(sub)), iterations=100)
        xs = [p[0] for p in positions.values()]
        ys = [p[1] for p in positions.values()]
        span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        pad_x, pad_y, label_room = min(6.0, bw / 6), min(8.0, bh / 3), min(28.0, bw / 3)  # names go right
        for node, (px, py) in positions.items():
            fx = (px - min(xs)) / span_x if max(xs) > min(xs) else 0.5
            fy = (py - min(ys)) / span_y if max(ys) > min(ys) else 0.5
            placed[node] = (bx + pad_x + fx * (bw - 2 * pad_x - label_room), by + pad_y + fy * (bh - 2 * pad_y))
    return placed


def _legend(pdf, family: str, text, view: Subgraph) -> None:
    kinds = sorted({e.kind for e in view.entities})
    pdf.ln(3)
    pdf.set_font(family, "", 8)
    for kind in kinds:
        pdf.set_fill_color(*KIND_COLOURS.get(kind, (120, 120, 120)))
        x, y = pdf.get_x(), pdf.get_y()
        pdf.circle(x + 1.5, y + 2.0, 1.5, style="F")
        pdf.set_x(x + 4)
        pdf.cell(22, 4, text(NODE_LABELS.get(kind, kind)))
    pdf.ln(6)
    pdf.set_font(family, "", 10)
    pdf.set_fill_color(255, 255, 255)
