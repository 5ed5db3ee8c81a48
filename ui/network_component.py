"""The network you can work in: vis-network as a Streamlit custom component that talks back.

A pyvis page in an iframe can only be looked at. This view is a Streamlit *components v2*
element (``st.components.v2.component``: our HTML/JS, no iframe, no build step, vis-network
inlined from the installed pyvis package so nothing is fetched) that tells the page what the
analyst did:

* **click** a node: it becomes ``selected`` (the page shows its profile and evidence);
* **double-click** it, or select and press *Expand*: ``expand`` (the page adds its neighbours
  in place: nodes already drawn keep their positions);
* *Pin* fixes the selected node where it is, *Hide* takes it out of the view (``hidden``; *Show
  hidden* brings them back), *Fit* zooms to the whole view;
* **drag** a node: ``positions`` holds where every node is drawn from then on, so a view saved
  afterwards reopens as the analyst arranged it.

Nodes and edges come from :func:`render.graph_view.build_network` (styles, tooltips, seeded
layout with physics off past a few hundred nodes); here labels are cut to
:data:`LABEL_CHARS` (the tooltip keeps the full name) and a node with neighbours not drawn
says how many (``+N``). Case text reaches the browser only as JSON data and is put on the
page with ``textContent`` or as vis-network tooltip strings, which it shows as text.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import networkx as nx
import streamlit as st

from graph.model import Subgraph
from render.graph_view import RejectedEdge, as_graph, build_network, legend_items, vis_library

COMPONENT_NAME = "threadline_network"
LABEL_CHARS = 28
#: In a view of more than this many nodes only the :data:`LABELLED` biggest (and the highlighted)
#: carry a label on the canvas; every node keeps its tooltip.
CROWDED = 60
LABELLED = 40
EVENTS = ("selected", "expand", "hidden", "pinned", "positions")

_JS = r"""
export default function (component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  if (!data) { return; }
  let ui = parentElement.__threadline;
  if (!ui) {
    ui = parentElement.__threadline = { signature: null, network: null, pinned: new Set(), hidden: new Set() };
    const root = document.createElement("div");
    root.className = "tl-root";
    const bar = document.createElement("div");
    bar.className = "tl-bar";
    const button = (label, title, action) => {
      const b = document.createElement("button");
      b.type = "button"; b.textContent = label; b.title = title; b.className = "tl-button";
      b.dataset.action = label.toLowerCase().replace(/\s+/g, "-");
      b.addEventListener("click", action);
      bar.appendChild(b);
      return b;
    };
    const selected = () => (ui.network ? ui.network.getSelectedNodes()[0] : undefined);
    button("Fit", "Zoom to the whole view", () => ui.network && ui.network.fit({ animation: false }));
    button("Expand", "Add the selected node's neighbours (or double-click a node)", () => {
      const id = selected(); if (id !== undefined) { setTriggerValue("expand", id); }
    });
    button("Pin", "Fix the selected node where it is (again to unpin)", () => {
      const id = selected(); if (id === undefined) { return; }
      if (ui.pinned.has(id)) { ui.pinned.delete(id); } else { ui.pinned.add(id); }
      ui.nodes.update({ id: id, fixed: ui.pinned.has(id), borderWidth: ui.pinned.has(id) ? 5 : 1 });
      setStateValue("pinned", Array.from(ui.pinned));
    });
    button("Hide", "Take the selected node out of the view", () => {
      const id = selected(); if (id === undefined) { return; }
      ui.hidden.add(id); ui.nodes.remove(id);
      setStateValue("hidden", Array.from(ui.hidden));
    });
    ui.showHidden = button("Show hidden", "Bring hidden nodes back", () => {
      ui.hidden.clear(); setStateValue("hidden", []);
    });
    ui.status = document.createElement("span");
    ui.status.className = "tl-status";
    bar.appendChild(ui.status);
    ui.legend = document.createElement("div");
    ui.legend.className = "tl-legend";
    ui.canvas = document.createElement("div");
    ui.canvas.className = "tl-network";
    root.appendChild(bar); root.appendChild(ui.legend); root.appendChild(ui.canvas);
    parentElement.appendChild(root);
  }
  if (ui.signature === data.signature) { return; }
  ui.signature = data.signature;
  (data.hidden || []).forEach((id) => ui.hidden.add(id));
  if (!(data.hidden || []).length) { ui.hidden.clear(); }
  (data.pinned || []).forEach((id) => ui.pinned.add(id));
  ui.canvas.style.height = data.height + "px";
  ui.legend.replaceChildren();
  for (const item of data.legend) {
    const span = document.createElement("span");
    const swatch = document.createElement("i");
    swatch.className = "tl-swatch " + item.css;
    if (["dashed", "dotted", "dashdot", "line"].includes(item.css)) {
      swatch.style.borderTopColor = item.colour;
    } else { swatch.style.background = item.colour; }
    span.appendChild(swatch);
    span.appendChild(document.createTextNode(item.label));
    ui.legend.appendChild(span);
  }
  ui.status.textContent = data.status || "";
  ui.showHidden.disabled = !(data.hidden || []).length;
  const before = ui.network ? ui.network.getPositions() : {};
  const nodes = data.nodes.map((n) => {
    const node = Object.assign({}, n);
    const old = before[node.id];
    if (old && !node.fixed) { node.x = old.x; node.y = old.y; }  // a saved view's layout wins
    if (ui.pinned.has(node.id)) { node.fixed = true; node.borderWidth = 5; }
    return node;
  });
  if (ui.network) { ui.network.destroy(); }
  ui.nodes = new vis.DataSet(nodes);
  const network = new vis.Network(ui.canvas, { nodes: ui.nodes, edges: new vis.DataSet(data.edges) }, data.options);
  ui.network = network;
  parentElement.threadlineNetwork = network;
  network.on("click", (params) => {
    if (params.nodes.length) { setStateValue("selected", params.nodes[0]); }
  });
  network.on("doubleClick", (params) => {
    if (params.nodes.length) { setTriggerValue("expand", params.nodes[0]); }
  });
  // A saved view's entities are fixed where they were saved while physics places the rest; then
  // they are let go (physics is off), so the analyst can drag them again. Hand-pinned ones stay.
  const release = () => {
    const held = ui.nodes.get({ filter: (n) => n.fixed && !ui.pinned.has(n.id) });
    if (held.length) { ui.nodes.update(held.map((n) => ({ id: n.id, fixed: false }))); }
  };
  const physics = data.options.physics;
  if (physics && physics.enabled === false) { release(); }
  network.once("stabilizationIterationsDone", () => { network.setOptions({ physics: false }); release(); });
  // Where the analyst left the nodes: every position once a node has been dragged, so a saved view
  // keeps the picture as drawn (ui.decisions_panel.saved_views_controls).
  network.on("dragEnd", (params) => {
    if (!params.nodes.length) { return; }
    const drawn = {};
    for (const [id, p] of Object.entries(network.getPositions())) {
      drawn[id] = [Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10];
    }
    setStateValue("positions", drawn);
  });
  network.once("afterDrawing", () => {
    parentElement.setAttribute("data-network-ready", String(nodes.length));
  });
  if (data.selected && ui.nodes.get(data.selected)) { network.selectNodes([data.selected]); }
}
"""

_CSS = """
.tl-root { font-family: inherit; }
.tl-bar { display: flex; gap: 0.4rem; align-items: center; flex-wrap: wrap; margin-bottom: 0.3rem; }
.tl-button { font: inherit; font-size: 0.85rem; padding: 0.15rem 0.6rem; border: 1px solid #bbb;
  border-radius: 0.4rem; background: #fafafa; cursor: pointer; }
.tl-button:disabled { opacity: 0.4; cursor: default; }
.tl-status { font-size: 0.8rem; color: #555; margin-left: 0.5rem; }
.tl-legend { display: flex; flex-wrap: wrap; gap: 0.2rem 0.8rem; font-size: 0.78rem; margin-bottom: 0.3rem; }
.tl-legend span { display: inline-flex; align-items: center; gap: 0.3rem; }
.tl-swatch { display: inline-block; width: 0.75rem; height: 0.75rem; border: 1px solid #555; }
.tl-swatch.dot { border-radius: 50%; }
.tl-swatch.line, .tl-swatch.dashed, .tl-swatch.dotted, .tl-swatch.dashdot { width: 1.6rem; height: 0;
  border: none; border-top: 0.22rem solid; background: none !important; }
.tl-swatch.dashdot { border-top-style: dashed; border-top-width: 0.16rem; }
.tl-swatch.dashed { border-top-style: dashed; }
.tl-swatch.dotted { border-top-style: dotted; }
.tl-network { width: 100%; border: 1px solid #ddd; box-sizing: border-box; }
div.vis-tooltip { white-space: pre-wrap; max-width: 28rem; font-size: 0.8rem; }
"""


@lru_cache(maxsize=1)
def _component() -> Any:
    js, css = vis_library()
    return st.components.v2.component(
        COMPONENT_NAME,
        html="",
        css=str(css) + _CSS,
        js=str(js) + "\n" + _JS,
        isolate_styles=False,
    )


@dataclass
class NetworkEvents:
    """What the analyst did in the view: the selected node, one to expand, nodes pinned and hidden,
    and where the nodes are drawn once one has been dragged (``positions``, ids of the view only)."""

    selected: str | None = None
    expand: str | None = None
    hidden: list[str] = field(default_factory=list)
    pinned: list[str] = field(default_factory=list)
    positions: dict[str, list[float]] = field(default_factory=dict)


#: Positions further out than this are not a drawing (the browser's answer is not trusted).
FARTHEST = 1_000_000.0


def drawn_positions(raw: Any, shown: Iterable[str]) -> dict[str, list[float]]:
    """The browser's node positions for the entities of the view ``shown``: ids it does not hold and
    anything but two finite numbers are dropped."""
    if not isinstance(raw, Mapping):
        return {}
    allowed = set(shown)
    positions = {}
    for node_id, point in raw.items():
        if node_id not in allowed or not isinstance(point, list | tuple) or len(point) != 2:
            continue
        if not all(isinstance(c, int | float) and not isinstance(c, bool) for c in point):
            continue
        if all(math.isfinite(c) and abs(c) <= FARTHEST for c in point):
            positions[str(node_id)] = [round(float(point[0]), 1), round(float(point[1]), 1)]
    return positions


def short_label(name: str, limit: int = LABEL_CHARS) -> str:
    """A node's label: the name cut to ``limit`` characters (the tooltip keeps it whole)."""
    name = " ".join(name.split())
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def view_data(
    view: Subgraph | nx.Graph,
    *,
    measure: Mapping[str, float] | None = None,
    highlight: Iterable[str] = (),
    more: Mapping[str, int] | None = None,
    hidden: Iterable[str] = (),
    selected: str | None = None,
    height: int = 620,
    status: str = "",
    hierarchical: bool = False,
    rejected: Iterable[RejectedEdge] = (),
    pinned: Mapping[str, Sequence[float]] | None = None,
) -> dict[str, Any]:
    """The JSON the component draws: vis-network nodes, edges and options, legend, status line.

    ``more[id]`` is how many neighbours of that node are not drawn (shown as ``+N`` on its
    label and explained in its tooltip). ``hidden`` ids are left out. ``hierarchical`` draws
    links top-down (a recruiter above the people they recruited) instead of by forces.
    ``rejected`` links (the page's "Show rejected links" on) are drawn thin, grey and dashed.
    ``pinned`` positions (a reopened saved view's layout) place those entities where they were saved.
    """
    graph = as_graph(view)
    highlight = list(highlight)
    hidden_ids = set(hidden)
    if hidden_ids:
        graph = graph.subgraph([n for n in graph.nodes if n not in hidden_ids]).copy()
    net = build_network(
        graph, measure=measure, highlight=highlight, height=f"{height}px", rejected=rejected, pinned=pinned
    )
    more = more or {}
    labelled = None
    if len(net.nodes) > CROWDED:
        ranked = sorted(net.nodes, key=lambda n: -float(n.get("value", 0.0)))
        labelled = {n["id"] for n in ranked[:LABELLED]} | set(highlight)
    nodes = []
    for node in net.nodes:
        node = dict(node)
        extra = int(more.get(node["id"], 0))
        node["label"] = short_label(str(node.get("label", ""))) + (f" +{extra}" if extra else "")
        if labelled is not None and node["id"] not in labelled:
            node["label"] = ""
        if extra:
            node["title"] = f"{node.get('title', '')}\n{extra} more linked entities not drawn: double-click to expand"
        nodes.append(node)
    options = net.options
    if hierarchical:
        for node in nodes:
            node.pop("x", None), node.pop("y", None)
        options = dict(options)
        options["layout"] = {
            "hierarchical": {"enabled": True, "direction": "UD", "sortMethod": "directed", "levelSeparation": 110}
        }
        options["physics"] = {"enabled": False}
        options["edges"] = {**options["edges"], "smooth": {"type": "cubicBezier", "forceDirection": "vertical"}}
    kinds, links = legend_items(graph)
    legend = [{"label": f"{k['label']} ({k['count']})", "colour": k["colour"], "css": k["css"]} for k in kinds]
    legend += [{"label": k["label"], "colour": k["colour"], "css": k.get("css") or _dash_css(k)} for k in links]
    data: dict[str, Any] = {
        "nodes": nodes,
        "edges": net.edges,
        "options": options,
        "legend": legend,
        "height": height,
        "status": status,
        "hidden": sorted(hidden_ids),
        "selected": selected,
    }
    digest = hashlib.blake2s(json.dumps(data, sort_keys=True, default=str).encode("utf-8"), digest_size=10)
    data["signature"] = digest.hexdigest()
    return data


def network_view(view: Subgraph | nx.Graph, *, key: str, **options: Any) -> NetworkEvents:
    """Draw ``view`` as a workable network (see the module docstring) and return what the analyst did."""
    state = st.session_state.get(key)
    hidden = list(_value(state, "hidden") or [])
    data = view_data(view, hidden=hidden, selected=_value(state, "selected"), **options)
    result = _component()(
        key=key,
        data=data,
        default={"selected": None, "hidden": [], "pinned": [], "positions": {}},
        height="content",
        **{f"on_{event}_change": _ignore for event in EVENTS},
    )
    return NetworkEvents(
        selected=_value(result, "selected"),
        expand=_value(result, "expand"),
        hidden=list(_value(result, "hidden") or []),
        pinned=list(_value(result, "pinned") or []),
        positions=drawn_positions(_value(result, "positions"), (str(node["id"]) for node in data["nodes"])),
    )


def _dash_css(item: Mapping[str, Any]) -> str:
    dashes = item.get("dashes")
    if dashes is True or item.get("dashed"):
        return "dashed"
    if isinstance(dashes, list | tuple) and dashes and dashes[0] <= 3:
        return "dotted"
    return "dashed" if dashes else "line"


def _ignore() -> None:
    """The component's change callbacks: the page reads the result instead."""


def _value(result: Any, name: str) -> Any:
    if result is None:
        return None
    if isinstance(result, Mapping):
        return result.get(name)
    return getattr(result, name, None)
