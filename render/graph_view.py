"""The network picture: a Subgraph (or networkx graph) drawn as a self-contained vis-network page.

``render_network`` is a pure function returning HTML. pyvis builds the node and edge
records; the page itself comes from our own autoescaping template (pyvis 0.3.2 renders
its template without escaping and pulls Bootstrap and vis-network from CDNs), with
vis-network's JS/CSS inlined from the installed pyvis package so the view works on an
air-gapped machine. Everything drawn from report text reaches the page either escaped by
Jinja2 or inside a ``<script>`` as JSON with ``<``, ``>``, ``&``, U+2028 and U+2029
escaped, and vis-network shows tooltip strings as text, never as HTML.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import numpy as np
from markupsafe import Markup
from pyvis.network import Network
from scipy.spatial import cKDTree
from scipy.spatial.distance import cdist

from governance.grading import CONFIRMED, assessment_label
from graph.model import NODE_LABELS, Subgraph
from graph.store import subgraph_to_networkx

#: Over this many nodes the layout is computed here (seeded) and physics is switched off.
SERVER_LAYOUT_THRESHOLD = 300
TOOLTIP_SENTENCE_CHARS = 180
TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class KindStyle:
    """How one entity kind is drawn: fill colour, vis-network shape, legend swatch."""

    colour: str
    shape: str
    legend: str = "square"  # css class of the legend swatch


#: Okabe-Ito colours (safe for colour-blind readers), one shape per kind.
KIND_STYLES: dict[str, KindStyle] = {
    "PERSON": KindStyle("#0072B2", "dot", "dot"),
    "LOCATION": KindStyle("#009E73", "square"),
    "PHONE": KindStyle("#E69F00", "triangle"),
    "ORG": KindStyle("#CC79A7", "hexagon"),
    "EMAIL": KindStyle("#56B4E9", "diamond"),
    "VEHICLE": KindStyle("#D55E00", "triangleDown"),
    "HANDLE": KindStyle("#F0E442", "star"),
}
UNKNOWN_KIND = KindStyle("#999999", "dot", "dot")


@dataclass(frozen=True)
class LinkStyle:
    """How one relation is drawn: its colour and its family's line pattern (vis-network ``dashes``)."""

    colour: str
    dashes: tuple[int, ...] = ()  # () solid; (8, 5) dashed; (2, 5) dotted; (10, 4, 2, 4) dash-dot
    family: str = ""

    @property
    def dashed(self) -> bool:
        return bool(self.dashes)

    @property
    def pattern(self) -> str:
        """The legend's name for the line pattern: line, dashed, dotted or dashdot."""
        if not self.dashes:
            return "line"
        if len(self.dashes) > 2:
            return "dashdot"
        return "dotted" if self.dashes[0] <= 3 else "dashed"


SOLID, DASHED, DOTTED, DASH_DOT = (), (8, 5), (2, 5), (10, 4, 2, 4)

#: One line pattern per relation family and a clearly different colour per relation (Okabe-Ito
#: and ColorBrewer Dark2 hues, told apart by colour-blind readers too): the trafficking act
#: solid, exploitation and control dashed, association dotted, co-mention and calls dash-dot.
LINK_STYLES: dict[str, LinkStyle] = {
    "RECRUITED": LinkStyle("#D55E00", SOLID, "act"),
    "TRANSPORTED": LinkStyle("#0072B2", SOLID, "act"),
    "TRANSFERRED": LinkStyle("#56B4E9", SOLID, "act"),
    "HARBOURED": LinkStyle("#CC79A7", SOLID, "act"),
    "RECEIVED": LinkStyle("#009E73", SOLID, "act"),
    "EXPLOITED": LinkStyle("#B2182B", DASHED, "exploitation"),
    "CONTROLS": LinkStyle("#7570B3", DASHED, "exploitation"),
    "PAID": LinkStyle("#1B7837", DASHED, "exploitation"),
    "ASSOCIATE_OF": LinkStyle("#2166AC", DOTTED, "association"),
    "USES_PHONE": LinkStyle("#666666", DOTTED, "association"),
    "LOCATED_AT": LinkStyle("#A6761D", DOTTED, "association"),
    "CO_MENTIONED": LinkStyle("#BABABA", DASH_DOT, "mention"),
    "CALLED": LinkStyle("#E69F00", DASH_DOT, "calls"),
}
UNKNOWN_LINK = LinkStyle("#777777")

#: Relations drawn without a text label (dashed in the legend instead): they are many and
#: weak, and their labels would hide the typed links. The tooltip still names them.
UNLABELLED_LINKS = frozenset({"CO_MENTIONED"})


@dataclass
class ViewEdge:
    """All evidence for one (source, type, target) drawn as a single edge."""

    source: str
    target: str
    type: str
    evidence_count: int = 0
    top_sentence: str = ""
    top_confidence: float = -1.0
    reports: set[str] = field(default_factory=set)
    call_count: int = 0
    call_seconds: int = 0
    first: str = ""
    last: str = ""
    labels: set[str] = field(default_factory=set)  # assessment / confirmed (governance.grading.assessment_label)


def script_json(value: Any) -> Markup:
    """JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>``, ``&`` and ``'`` become ``\\u003c``... so no ``</script>`` or ``<!--`` can
    close or confuse the element, and U+2028/U+2029 (line breaks to old JavaScript parsers) are
    escaped too. The result is marked safe for Jinja2 because it is already escaped.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("'", "\\u0027"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return Markup(text)  # noqa: S704 - escaped above for the script context


@lru_cache(maxsize=1)
def template_environment() -> jinja2.Environment:
    """The Jinja2 environment for Threadline pages: autoescaping always on."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


@lru_cache(maxsize=1)
def vis_library() -> tuple[Markup, Markup]:
    """vis-network's JS and CSS from the installed pyvis package, to inline (no CDN)."""
    import pyvis

    folder = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():  # would end the element early
        raise RuntimeError(f"vis-network files in {folder} cannot be inlined safely")
    return Markup(js), Markup(css)  # noqa: S704 - trusted library code, checked above


def as_graph(view: Subgraph | nx.Graph) -> nx.MultiDiGraph:
    """The view as the MultiDiGraph layout of :func:`graph.store.subgraph_to_networkx`."""
    if isinstance(view, Subgraph):
        return subgraph_to_networkx(view)
    if isinstance(view, nx.MultiDiGraph):
        return view
    return nx.MultiDiGraph(view)


def collapse_edges(graph: nx.MultiDiGraph) -> list[ViewEdge]:
    """One ViewEdge per (source, type, target): evidence counted, best sentence kept."""
    edges: dict[tuple[str, str, str], ViewEdge] = {}
    for source, target, data in graph.edges(data=True):
        link_type = str(data.get("type", "LINK"))
        key = (source, link_type, target)
        edge = edges.get(key)
        if edge is None:
            edge = edges[key] = ViewEdge(source, target, link_type)
        if link_type == "CALLED":
            edge.call_count += int(data.get("count", 1) or 1)
            edge.call_seconds += int(data.get("total_s", 0) or 0)
            edge.first = min(filter(None, [edge.first, str(data.get("first", ""))]), default="")
            edge.last = max([edge.last, str(data.get("last", ""))])
            edge.evidence_count = edge.call_count
            continue
        edge.evidence_count += 1
        edge.labels.add(assessment_label(str(data.get("method", "") or "")))
        if data.get("report_id"):
            edge.reports.add(str(data["report_id"]))
        confidence = float(data.get("confidence", 0.0) or 0.0)
        sentence = str(data.get("sentence", "") or "")
        if sentence and confidence > edge.top_confidence:
            edge.top_confidence, edge.top_sentence = confidence, sentence
    return list(edges.values())


def shorten(text: str, limit: int = TOOLTIP_SENTENCE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def node_tooltip(node_id: str, data: Mapping[str, Any], link_count: int) -> str:
    """Plain text (vis-network shows strings as text): name, kind, role, aliases, links."""
    kind = str(data.get("kind", ""))
    lines = [str(data.get("name") or node_id)]
    detail = NODE_LABELS.get(kind, kind or "Entity")
    if data.get("role") and data.get("role") != "unknown":
        detail += f" · {data['role']}"
    if data.get("parish"):
        detail += f" · {data['parish']}"
    lines.append(detail)
    aliases = [a for a in data.get("aliases") or [] if a != data.get("name")]
    if aliases:
        more = f" (+{len(aliases) - 3})" if len(aliases) > 3 else ""
        lines.append("Also: " + ", ".join(aliases[:3]) + more)
    lines.append(f"{link_count} link{'s' if link_count != 1 else ''}")
    return "\n".join(lines)


def edge_tooltip(edge: ViewEdge, names: Mapping[str, str]) -> str:
    head = f"{names.get(edge.source, edge.source)} {edge.type} {names.get(edge.target, edge.target)}"
    if edge.type == "CALLED":
        minutes = round(edge.call_seconds / 60)
        span = f"{edge.first[:10]} to {edge.last[:10]}" if edge.first else ""
        return f"{head}\n{edge.call_count} call(s), {minutes} min {span}".rstrip()
    basis = " · confirmed by an analyst" if CONFIRMED in edge.labels else " · assessment (machine-extracted)"
    lines = [head, f"{edge.evidence_count} piece(s) of evidence in {len(edge.reports) or 1} report(s){basis}"]
    if edge.top_sentence:
        lines.append("“" + shorten(edge.top_sentence) + "”")
    return "\n".join(lines)


def degree_measure(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Distinct neighbours of each node: the default node size."""
    simple = nx.Graph(graph)
    return {node: float(simple.degree(node)) for node in simple.nodes}


def server_layout(graph: nx.MultiDiGraph, seed: int, iterations: int = 60) -> dict[str, tuple[float, float]]:
    """Seeded force-directed positions in pixels, for views too big for browser physics.

    Fruchterman-Reingold forces (springs along links, repulsion between all entities) with
    the repulsion approximated as in Barnes-Hut: exact from the 8 nearest entities (k-d
    tree), and from the centre of mass of each cell of a coarse grid beyond that. One
    iteration is ``O(n log n + n sqrt(n) / 9)`` instead of ``O(n^2)``, so 2,000 entities lay
    out in well under a second where ``nx.spring_layout`` takes many. Same seed, same picture.

    References: T. Fruchterman and E. Reingold, "Graph drawing by force-directed placement",
    Software: Practice and Experience 21(11), 1991; J. Barnes and P. Hut, "A hierarchical
    O(N log N) force-calculation algorithm", Nature 324, 1986.
    """
    simple = nx.Graph(graph)
    nodes = list(simple.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in simple.edges if u != v], dtype=np.int64).reshape(-1, 2)
    side = math.sqrt(n)
    pos = np.random.default_rng(seed).random((n, 2)) * side
    k, radius = 1.0, 3.0  # ideal link length; beyond radius, repulsion comes from grid cells
    temperature = side / 8
    cooling = temperature / (iterations + 1)
    centre = np.full(2, side / 2)
    cells = max(2, int(side / 3))
    for _ in range(iterations):
        disp = np.zeros_like(pos)
        if n > 1:
            _, nearest = cKDTree(pos).query(pos, k=min(9, n))
            delta = pos[:, None, :] - pos[nearest[:, 1:]]
            disp += (delta * (k * k / np.maximum((delta**2).sum(-1), 1e-4))[..., None]).sum(1)
            low, high = pos.min(0), pos.max(0) + 1e-9
            cell = np.minimum(((pos - low) / (high - low) * cells).astype(int), cells - 1)
            flat = cell[:, 0] * cells + cell[:, 1]
            mass = np.bincount(flat, minlength=cells * cells).astype(float)
            sums = np.zeros((cells * cells, 2))
            np.add.at(sums, flat, pos)
            used = mass > 0
            centres, mass = sums[used] / mass[used, None], mass[used]
            dist2 = cdist(pos, centres, "sqeuclidean")
            weight = np.where(dist2 > radius * radius, mass[None, :] * k * k / np.maximum(dist2, 1e-4), 0.0)
            disp += pos * weight.sum(1)[:, None] - weight @ centres
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            pull = delta * (np.sqrt(np.maximum((delta**2).sum(1), 1e-4)) / k)[:, None]
            np.add.at(disp, edges[:, 0], -pull)
            np.add.at(disp, edges[:, 1], pull)
        disp -= 0.01 * (pos - centre)  # gravity keeps separate groups in one picture
        length = np.sqrt(np.maximum((disp**2).sum(1), 1e-9))
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    scale = 60.0  # pixels per ideal link length
    return {node: (float(pos[i, 0] * scale), float(pos[i, 1] * scale)) for node, i in index.items()}


def view_options(physics: bool, height: str) -> dict[str, Any]:
    groups = {
        kind: {"shape": s.shape, "color": {"background": s.colour, "border": "#333333"}}
        for kind, s in KIND_STYLES.items()
    }
    return {
        "height": height,
        "groups": groups,
        "nodes": {
            "scaling": {"min": 10, "max": 40, "label": {"enabled": False}},
            "font": {"size": 14, "strokeWidth": 3},
            "borderWidth": 1,
        },
        "edges": {
            "scaling": {"min": 1, "max": 8, "label": {"enabled": False}},
            "font": {"size": 10, "align": "middle", "color": "#444444", "strokeWidth": 3},
            "smooth": {"type": "continuous"} if physics else False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        },
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -9000, "springLength": 190, "avoidOverlap": 0.3},
            "stabilization": {"enabled": physics, "iterations": 300},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "layout": {"randomSeed": 7, "improvedLayout": physics},
    }


def build_network(
    view: Subgraph | nx.Graph,
    *,
    measure: Mapping[str, float] | None = None,
    highlight: Iterable[str] = (),
    physics: bool | None = None,
    seed: int = 7,
    height: str = "640px",
    rejected: Iterable[RejectedEdge] = (),
    pinned: Mapping[str, Sequence[float]] | None = None,
) -> Network:
    """The pyvis Network for a view: nodes styled by kind, edges collapsed by type.

    ``measure`` sizes the nodes (e.g. betweenness scores); by default, distinct neighbours.
    ``physics=None`` lets the browser lay out small views and lays out big ones here.
    ``rejected`` links (analysts' "show rejected") are drawn thin, grey and dashed between entities in view.
    ``pinned`` positions (a saved view's layout, see :func:`pinned_layout`) fix those entities in place.
    """
    pinned = dict(pinned or {})
    graph = as_graph(view)
    sizes = dict(measure) if measure is not None else degree_measure(graph)
    physics = graph.number_of_nodes() <= SERVER_LAYOUT_THRESHOLD if physics is None else physics
    positions = {} if physics else server_layout(graph, seed)
    seeds = set(highlight)
    edges = collapse_edges(graph)
    links_per_node: dict[str, int] = defaultdict(int)
    for edge in edges:
        links_per_node[edge.source] += 1
        links_per_node[edge.target] += 1

    net = Network(height=height, width="100%", directed=True)
    names: dict[str, str] = {}
    for node_id, data in graph.nodes(data=True):
        kind = str(data.get("kind", ""))
        style = KIND_STYLES.get(kind, UNKNOWN_KIND)
        name = str(data.get("name") or node_id)
        names[node_id] = name
        options: dict[str, Any] = {
            "group": kind if kind in KIND_STYLES else "OTHER",
            "title": node_tooltip(node_id, data, links_per_node[node_id]),
            "value": round(float(sizes.get(node_id, 0.0)), 4),
        }
        if node_id in seeds:
            options["borderWidth"] = 4
            options["font"] = {"size": 18, "strokeWidth": 3}
        if node_id in positions:
            options["x"], options["y"] = (round(c, 1) for c in positions[node_id])
        if node_id in pinned:  # a saved view's pinned layout: drawn where it was saved, not moved by physics
            options["x"], options["y"] = (round(float(c), 1) for c in pinned[node_id][:2])
            options["fixed"] = True
        net.add_node(str(node_id), label=name, shape=style.shape, **options)
        if kind not in KIND_STYLES:
            net.node_map[str(node_id)]["color"] = UNKNOWN_KIND.colour
    parallel: dict[frozenset[str], int] = defaultdict(int)
    for edge in edges:
        style = LINK_STYLES.get(edge.type, UNKNOWN_LINK)
        options = {
            "label": "" if edge.type in UNLABELLED_LINKS else edge.type,
            "title": edge_tooltip(edge, names),
            "value": edge.evidence_count,
            "color": style.colour,
        }
        if style.dashes:
            options["dashes"] = list(style.dashes)
        pair = frozenset((edge.source, edge.target))
        parallel[pair] += 1
        if parallel[pair] > 1:  # bend each further relation between the same two so labels do not overlap
            nth = parallel[pair] - 1
            options["smooth"] = {
                "enabled": True,
                "type": "curvedCW" if nth % 2 else "curvedCCW",
                "roundness": 0.25 * ((nth + 1) // 2),
            }
        net.add_edge(str(edge.source), str(edge.target), **options)
    for edge in rejected:
        if edge.source in names and edge.target in names:
            net.add_edge(
                str(edge.source),
                str(edge.target),
                label=f"rejected {edge.type}",
                title=f"Rejected {edge.type}: {edge.why}" if edge.why else f"Rejected {edge.type}",
                color=REJECTED_COLOUR,
                dashes=True,
                width=1,
            )
    net.options = view_options(physics, height)
    return net


@dataclass(frozen=True)
class RejectedEdge:
    """A link an analyst rejected, drawn only when "show rejected" is on (text shown as plain text)."""

    source: str
    target: str
    type: str
    why: str = ""


def pinned_layout(view: Subgraph | nx.Graph, seed: int = 7) -> dict[str, list[float]]:
    """Positions to pin a view's entities at when it is saved: the seeded layout of this view, so the
    saved view reopens as it was drawn and entities added since find their place around it."""
    return {str(node): [round(x, 1), round(y, 1)] for node, (x, y) in server_layout(as_graph(view), seed).items()}


def saved_layout(view: Subgraph, drawn: Mapping[str, Sequence[float]] | None = None) -> dict[str, list[float]]:
    """The layout a view is saved with: where the analyst left its entities in the browser
    (``drawn``, every node once one was dragged), else :func:`pinned_layout`. Entities the
    drawing lacks (hidden ones) take their seeded place."""
    ids = {e.id for e in view.entities}
    placed = {node: [float(x), float(y)] for node, (x, y) in (drawn or {}).items() if node in ids}
    return placed if ids <= placed.keys() else {**pinned_layout(view), **placed}


#: Colour of rejected links (grey: out of analysis).
REJECTED_COLOUR = "#9e9e9e"


def legend_items(graph: nx.MultiDiGraph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    kinds: dict[str, int] = defaultdict(int)
    for _, kind in graph.nodes(data="kind"):
        kinds[str(kind or "")] += 1
    link_types = sorted({str(t) for _, _, t in graph.edges(data="type")})
    legend_kinds = [
        {
            "label": NODE_LABELS.get(kind, kind or "Other"),
            "colour": KIND_STYLES.get(kind, UNKNOWN_KIND).colour,
            "css": KIND_STYLES.get(kind, UNKNOWN_KIND).legend,
            "count": count,
        }
        for kind, count in sorted(
            kinds.items(), key=lambda kc: list(KIND_STYLES).index(kc[0]) if kc[0] in KIND_STYLES else 99
        )
    ]
    legend_links = [
        {
            "label": t,
            "colour": LINK_STYLES.get(t, UNKNOWN_LINK).colour,
            "dashed": LINK_STYLES.get(t, UNKNOWN_LINK).dashed,
            "css": LINK_STYLES.get(t, UNKNOWN_LINK).pattern,
        }
        for t in link_types
    ]
    return legend_kinds, legend_links


def render_network(
    view: Subgraph | nx.Graph,
    *,
    measure: Mapping[str, float] | None = None,
    highlight: Iterable[str] = (),
    physics: bool | None = None,
    heading: str = "",
    note: str = "",
    height: str = "640px",
    seed: int = 7,
    rejected: Iterable[RejectedEdge] = (),
    pinned: Mapping[str, Sequence[float]] | None = None,
) -> str:
    """A standalone, air-gapped HTML page drawing ``view`` (Subgraph or networkx graph).

    Nodes are coloured and shaped by entity kind (legend on top) and sized by ``measure``
    (default: distinct neighbours); each (source, type, target) is one edge labelled with
    the relation type, as wide as its evidence count, with the best evidence sentence as
    tooltip. ``highlight`` ids (e.g. the searched person) get a thick border. Views of more
    than :data:`SERVER_LAYOUT_THRESHOLD` nodes are laid out here with a seeded spring
    layout and drawn without physics. ``heading`` and ``note`` are escaped.
    """
    graph = as_graph(view)
    net = build_network(
        graph,
        measure=measure,
        highlight=highlight,
        physics=physics,
        seed=seed,
        height=height,
        rejected=rejected,
        pinned=pinned,
    )
    legend_kinds, legend_links = legend_items(graph)
    vis_js, vis_css = vis_library()
    return (
        template_environment()
        .get_template("network.html")
        .render(
            title=heading or "Threadline network",
            heading=heading,
            note=note,
            height=height,
            legend_kinds=legend_kinds,
            legend_links=legend_links,
            nodes_json=script_json(net.nodes),
            edges_json=script_json(net.edges),
            options_json=script_json(net.options),
            vis_js=vis_js,
            vis_css=vis_css,
        )
    )


def library_bytes() -> int:
    """Size of the inlined vis-network JS + CSS: counted apart from per-node bytes."""
    js, css = vis_library()
    return len(js.encode("utf-8")) + len(css.encode("utf-8"))
