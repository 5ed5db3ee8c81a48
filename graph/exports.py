"""Exports of a view of the case: GraphML, GEXF, CSV (nodes, links with evidence) and evidence packs.

Pure functions over :class:`graph.model.Subgraph` (and, for evidence packs, data read
from a store first). Every link exported carries the report and sentence behind it, so a
package handed on still points back to its evidence. Text from reports is escaped for
the format it lands in: XML by the networkx writers, HTML by an autoescaping Jinja2
template, and CSV cells are neutralised against spreadsheet formula injection.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import jinja2
import networkx as nx

from graph.decisions import Note
from graph.model import NODE_LABELS, Entity, Evidence, LinkFilter, Report, Subgraph, now_iso
from graph.store import GraphStore

#: Characters XML 1.0 cannot hold at all (report text sometimes carries them).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NUMBER = re.compile(r"^[+-]?[\d\s().]+$")


def _grading(report: Report | None) -> str:
    """``B2``, ``B-``..., or empty when the report is ungraded."""
    if report is None or (report.source_grading is None and report.information_grading is None):
        return ""
    return str(report.grading)


def _xml_safe(value: Any) -> Any:
    return _XML_INVALID.sub("", value) if isinstance(value, str) else value


def _scalar(value: Any) -> Any:
    """A value GraphML/GEXF can hold: lists joined, None dropped by the caller."""
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return _xml_safe(value)


def export_graph(view: Subgraph, reports: dict[str, Report] | None = None) -> nx.MultiDiGraph:
    """The view as a MultiDiGraph with only scalar attributes, ready for GraphML/GEXF writers.

    Nodes: ``label`` (name), ``kind``, ``aliases`` and the kind's own fields. Edges: one per
    piece of evidence, ``label``/``relation`` (link type), ``report_id``, ``report``
    (title), ``grading``, ``reported_at``, ``sentence``, ``confidence``, ``method``; calls
    as ``relation="CALLED"`` with ``count`` and ``total_s``. (``type``, ``start`` and
    ``end`` are avoided: GEXF reserves them.)
    """
    reports = reports or {}
    graph = nx.MultiDiGraph()
    for entity in view.entities:
        attrs = {"label": _xml_safe(entity.name), "kind": entity.kind, "aliases": _scalar(entity.aliases)}
        attrs.update({k: _scalar(v) for k, v in entity.properties().items() if v is not None})
        graph.add_node(entity.id, **attrs)
    for link in view.links:
        report = reports.get(link.report_id)
        attrs = {
            "label": link.type,
            "relation": link.type,
            "report_id": link.report_id,
            "report": _xml_safe(report.title if report else ""),
            "grading": _grading(report),
            "reported_at": (report.reported_at or "") if report else "",
            "sentence": _xml_safe(link.sentence),
            "confidence": float(link.confidence),
            "method": link.method,
        }
        graph.add_edge(link.source, link.target, key=f"{link.type}|{link.report_id}", **attrs)
    for call in view.calls:
        graph.add_edge(
            call.caller, call.callee, key="CALLED", label="CALLED", relation="CALLED",
            count=int(call.count), total_s=int(call.total_s), first=call.first, last=call.last,
        )  # fmt: skip
    return graph


def to_graphml(view: Subgraph, reports: dict[str, Report] | None = None) -> str:
    """GraphML (e.g. for Gephi, yEd, Cytoscape) of the view, one edge per piece of evidence."""
    return "\n".join(nx.generate_graphml(export_graph(view, reports), named_key_ids=True)) + "\n"


def to_gexf(view: Subgraph, reports: dict[str, Report] | None = None) -> str:
    """GEXF 1.2 (Gephi) of the view, one edge per piece of evidence."""
    return "\n".join(nx.generate_gexf(export_graph(view, reports))) + "\n"


def csv_cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP CSV injection advice).

    Cells starting ``=``, ``@``, tab or carriage return, or ``+``/``-`` followed by
    anything but a number, get a leading apostrophe; ``+18765550143`` stays as it is.
    """
    text = "" if value is None else str(value)
    if text[:1] in ("=", "@", "\t", "\r") or (text[:1] in ("+", "-") and not _NUMBER.match(text)):
        return "'" + text
    return text


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: csv_cell(row.get(c)) for c in columns})
    return out.getvalue()


NODE_COLUMNS = ["id", "kind", "name", "aliases", "role", "place_kind", "parish", "country", "lat", "lon", "region"]
LINK_COLUMNS = [
    "source", "source_name", "type", "target", "target_name", "report_id", "report", "reference",
    "reported_at", "grading", "sentence", "confidence", "method", "calls", "call_seconds",
]  # fmt: skip


def to_csv(view: Subgraph, reports: dict[str, Report] | None = None) -> dict[str, str]:
    """``{"nodes.csv": ..., "links.csv": ...}``: entities, and every link with its evidence."""
    reports = reports or {}
    names = {e.id: e.name for e in view.entities}
    nodes = []
    for entity in view.entities:
        row = {"id": entity.id, "kind": entity.kind, "name": entity.name, "aliases": "; ".join(entity.aliases)}
        row.update({k: v for k, v in entity.properties().items() if k in NODE_COLUMNS})
        nodes.append(row)
    links = []
    for link in view.links:
        report = reports.get(link.report_id)
        links.append(
            {
                "source": link.source, "source_name": names.get(link.source, ""), "type": link.type,
                "target": link.target, "target_name": names.get(link.target, ""), "report_id": link.report_id,
                "report": report.title if report else "", "reference": (report.reference or "") if report else "",
                "reported_at": (report.reported_at or "") if report else "",
                "grading": _grading(report), "sentence": link.sentence,
                "confidence": link.confidence, "method": link.method,
            }
        )  # fmt: skip
    for call in view.calls:
        links.append(
            {
                "source": call.caller, "source_name": names.get(call.caller, ""), "type": "CALLED",
                "target": call.callee, "target_name": names.get(call.callee, ""), "method": "calls",
                "reported_at": call.first, "calls": call.count, "call_seconds": call.total_s,
            }
        )  # fmt: skip
    return {"nodes.csv": _csv(nodes, NODE_COLUMNS), "links.csv": _csv(links, LINK_COLUMNS)}


# --- evidence packs ------------------------------------------------------------------


@dataclass
class EvidenceItem:
    """One sentence behind a link, with the report it is in and how that report is graded."""

    sentence: str
    report_id: str
    report_title: str
    reference: str
    reported_at: str
    grading: str
    confidence: float
    method: str


@dataclass
class DossierLink:
    """One relation of a target with one other entity, and all its evidence."""

    type: str
    outgoing: bool  # target -[type]-> other when True
    other_id: str
    other_name: str
    other_kind: str
    evidence: list[EvidenceItem] = field(default_factory=list)


@dataclass
class TargetDossier:
    """Everything the case holds on one target: who they are, and each link with its sentences."""

    entity: Entity
    links: list[DossierLink]
    reports: list[Report]
    notes: list[Note] = field(default_factory=list)  # the analysts' notes, when the exporter includes them

    @property
    def kind_label(self) -> str:
        return NODE_LABELS.get(self.entity.kind, self.entity.kind)


@dataclass
class EvidencePack:
    title: str
    created: str
    targets: list[TargetDossier]
    filters: str = ""


def _item(evidence: Evidence, reports: dict[str, Report]) -> EvidenceItem:
    report = reports.get(evidence.report_id)
    return EvidenceItem(
        sentence=evidence.sentence,
        report_id=evidence.report_id,
        report_title=evidence.report_title or (report.title if report else ""),
        reference=(report.reference or "") if report else "",
        reported_at=evidence.reported_at or (report.reported_at if report else "") or "",
        grading=str(evidence.grading),
        confidence=float(evidence.confidence),
        method=evidence.method,
    )


def build_evidence_pack(
    store: GraphStore,
    target_ids: Iterable[str],
    filters: LinkFilter | None = None,
    title: str = "Evidence pack",
    with_notes: bool = False,
) -> EvidencePack:
    """Read, for each target, its links (filtered) and every piece of evidence for each; with
    ``with_notes``, the analysts' notes on the target and on its links too."""
    reports = {r.id: r for r in store.reports()}
    dossiers = []
    for target_id in dict.fromkeys(target_ids):
        entity = store.get_entity(target_id)
        if entity is None:
            continue
        view = store.neighbourhood([entity.id], hops=1, filters=filters)
        others = {e.id: e for e in view.entities}
        grouped: dict[tuple[str, bool, str], DossierLink] = {}
        for link in view.links:
            if entity.id not in (link.source, link.target):
                continue
            outgoing = link.source == entity.id
            other_id = link.target if outgoing else link.source
            other = others.get(other_id)
            key = (link.type, outgoing, other_id)
            if key not in grouped:
                grouped[key] = DossierLink(
                    link.type, outgoing, other_id, other.name if other else other_id, other.kind if other else ""
                )
        for (link_type, outgoing, other_id), dossier_link in grouped.items():
            source, target = (entity.id, other_id) if outgoing else (other_id, entity.id)
            items = [_item(e, reports) for e in store.evidence(source, target, link_type)]
            if filters is not None:
                admitted = {link.report_id for link in view.links if link.type == link_type}
                items = [i for i in items if i.report_id in admitted]
            dossier_link.evidence = sorted(items, key=lambda i: (i.reported_at, i.report_title))
        links = sorted(grouped.values(), key=lambda d: (d.type, d.other_name.casefold()))
        notes: list[Note] = []
        if with_notes:
            notes = store.notes(entity.id)
            for link in links:
                source, target = (entity.id, link.other_id) if link.outgoing else (link.other_id, entity.id)
                notes += store.notes(f"{link.type}|{source}|{target}")
        dossiers.append(TargetDossier(entity, links, store.reports_mentioning(entity.id), notes))
    return EvidencePack(title=title, created=now_iso(), targets=dossiers, filters=_describe(filters))


def _describe(filters: LinkFilter | None) -> str:
    if filters is None:
        return "all evidence"
    parts = []
    if filters.link_types:
        parts.append("relations " + ", ".join(filters.link_types))
    if filters.min_confidence:
        parts.append(f"confidence ≥ {filters.min_confidence:.2f}")
    if filters.min_grading:
        parts.append(f"grading {filters.min_grading} or better")
    if filters.since or filters.until:
        parts.append(f"reported {filters.since or '…'} to {filters.until or '…'}")
    if filters.case:
        parts.append(f"case {filters.case}")
    return "; ".join(parts) or "all evidence"


EVIDENCE_PACK_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{ pack.title }}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 1.5rem auto; color: #222; }
h1 { font-size: 1.5rem; } h2 { border-bottom: 2px solid #0072B2; margin-top: 2rem; }
.meta { color: #555; font-size: 0.9rem; } table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 1rem; }
td, th { border: 1px solid #ccc; padding: 0.3rem 0.5rem; vertical-align: top; font-size: 0.9rem; text-align: left; }
blockquote { margin: 0; } .rel { font-weight: 600; }
</style></head><body>
<h1>{{ pack.title }}</h1>
<p class="meta">Created {{ pack.created }} · {{ pack.targets|length }} target(s) · {{ pack.filters }}.
Every link below points back to the sentence and report that support it; co-mentions and
indicators are assessments, not facts.</p>
{% for target in pack.targets %}
<section class="target">
<h2>{{ target.entity.name }} <small>({{ target.kind_label }}{% if target.entity.role is defined and target.entity.role %}, {{ target.entity.role }}{% endif %})</small></h2>
<p class="meta">Id {{ target.entity.id }}{% if target.entity.aliases %} · also known as {{ target.entity.aliases|join(", ") }}{% endif %}
· named in {{ target.reports|length }} report(s).</p>
{% if not target.links %}<p>No links recorded.</p>{% endif %}
{% for link in target.links %}
<h3><span class="rel">{% if link.outgoing %}{{ target.entity.name }} {{ link.type }} {{ link.other_name }}{% else %}{{ link.other_name }} {{ link.type }} {{ target.entity.name }}{% endif %}</span>
<small>({{ link.evidence|length }} piece(s) of evidence)</small></h3>
<table><tr><th>Sentence</th><th>Report</th><th>Reference</th><th>Reported</th><th>Grading</th><th>Confidence</th></tr>
{% for item in link.evidence %}<tr><td><blockquote>{{ item.sentence }}</blockquote></td><td>{{ item.report_title }}</td>
<td>{{ item.reference }}</td><td>{{ item.reported_at }}</td><td>{{ item.grading }}</td><td>{{ "%.2f"|format(item.confidence) }} ({{ item.method }})</td></tr>
{% endfor %}</table>
{% endfor %}
{% if target.notes %}<h3>Analysts' notes</h3>
<table><tr><th>Note</th><th>On</th><th>By</th><th>When</th></tr>
{% for note in target.notes %}<tr><td>{{ note.text }}</td><td>{{ note.subject_kind }} {{ note.subject }}</td><td>{{ note.by }}</td><td>{{ note.at }}</td></tr>
{% endfor %}</table>{% endif %}
<h3>Reports naming {{ target.entity.name }}</h3>
<table><tr><th>Title</th><th>Reference</th><th>Reported</th><th>Grading</th><th>Source</th></tr>
{% for report in target.reports %}<tr><td>{{ report.title }}</td><td>{{ report.reference or "" }}</td><td>{{ report.reported_at or "" }}</td>
<td>{{ report.grading }}</td><td>{{ report.source }}</td></tr>{% endfor %}</table>
</section>
{% endfor %}
</body></html>
"""


def render_evidence_pack(pack: EvidencePack) -> str:
    """The evidence pack as one standalone HTML page (autoescaped, no scripts, no remote content)."""
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.ChainableUndefined)
    return environment.from_string(EVIDENCE_PACK_TEMPLATE).render(pack=pack)


def links_by_target(pack: EvidencePack) -> dict[str, int]:
    """How many pieces of evidence each target's dossier holds (for summaries)."""
    counts: dict[str, int] = defaultdict(int)
    for target in pack.targets:
        counts[target.entity.id] = sum(len(link.evidence) for link in target.links)
    return dict(counts)
