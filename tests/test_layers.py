"""The structure itself: each package imports only from the layers below it, and no module imports
itself back through others (no import circles). Read from the source with ``ast``, so an import
inside a function counts as much as one at the top of a file.

Layers, lowest first (``docs/ARCHITECTURE.md``)::

    queries                    the Cypher files (package data)
    graph                      the model, the store contract, its backends, analysis
    extract, governance        both stand on graph; neither imports the other
    render                     HTML: the network view, highlighted text (no policy, no Streamlit)
    casework                   the use cases: session, ingest, exports, decisions
    samples                    the bundled sample case, loaded through casework
    bench                      benchmarks
    cli, ui, app               the two interfaces, thin over casework
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

from tests.conftest import REPO_ROOT

LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"queries"}),
    frozenset({"graph"}),
    frozenset({"extract", "governance"}),
    frozenset({"render"}),
    frozenset({"casework"}),
    frozenset({"samples"}),
    frozenset({"bench"}),
    frozenset({"cli", "ui", "app"}),
)
LEVEL = {package: level for level, packages in enumerate(LAYERS) for package in packages}


def project_modules() -> dict[str, Path]:
    """Every module of the project (tests aside), by dotted name."""
    modules = {}
    for path in REPO_ROOT.rglob("*.py"):
        relative = path.relative_to(REPO_ROOT)
        if relative.parts[0] not in LEVEL:
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules a file imports (anywhere in it), resolved to module names."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def import_graph() -> nx.DiGraph:
    known = project_modules()
    graph = nx.DiGraph()
    for module, path in known.items():
        graph.add_node(module)
        for imported in imports_of(path, known):
            if imported != module and not module.startswith(imported + "."):  # a package's own __init__
                graph.add_edge(module, imported)
    return graph


def package(module: str) -> str:
    return module.partition(".")[0]


def test_no_package_imports_from_a_layer_above_it_or_beside_it():
    wrong = sorted(
        f"{a} imports {b}"
        for a, b in import_graph().edges
        if package(a) != package(b) and LEVEL[package(b)] >= LEVEL[package(a)]
    )
    assert wrong == []


def test_no_module_imports_itself_back_through_others():
    circles = [sorted(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]
    assert circles == []


def test_governance_is_pure_policy_without_html_or_interfaces():
    reached = {package(m) for m in nx.descendants(import_graph(), "governance.guard")}
    assert reached <= {"governance", "graph", "queries"}


def test_only_the_workspace_touches_streamlit_and_only_extraction_touches_spacy():
    for module, path in project_modules().items():
        text = path.read_text(encoding="utf-8")
        if "import streamlit" in text or "from streamlit" in text:
            # bench.ui times the pages by driving them through Streamlit's own AppTest, as a user would
            assert package(module) in {"ui", "app"} or module == "bench.ui", module
        if "import spacy" in text or "from spacy" in text:
            assert package(module) == "extract", module


def test_the_walk_sees_the_known_arrows():
    edges = set(import_graph().edges)
    assert ("casework.ingest", "governance.grading") in edges and ("cli.common", "casework.session") in edges
