"""Two-mode data: a person-event list, imported, projects to the person network networkx gives."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest
from networkx.algorithms import bipartite
from typer.testing import CliRunner

from cli.main import app
from graph.analysis.common import AnalysisError
from graph.analysis.two_mode import project_people, shared_ties
from graph.embedded import EmbeddedStore

#: Who was at which gathering: a table of our own making (names fictional).
ATTENDANCE = [
    ("Ricky Grant", "Negril party 3 May"),
    ("Owen Blake", "Negril party 3 May"),
    ("Tanya Hall", "Negril party 3 May"),
    ("Ricky Grant", "Bus park meeting"),
    ("Owen Blake", "Bus park meeting"),
    ("Ricky Grant", "Money drop 12 June"),
    ("Marcia Dunbar", "Money drop 12 June"),
    ("Owen Blake", "Money drop 12 June"),
    ("Marcia Dunbar", "Port Antonio trip"),
    ("Lloyd Peart", "Port Antonio trip"),
    ("Lloyd Peart", "Lone visit"),
]


def slug(name: str) -> str:
    return "_".join(name.lower().split())


@pytest.fixture
def imported(tmp_path):
    table = tmp_path / "attendance.csv"
    with table.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["person", "event"])
        writer.writerows(ATTENDANCE)
    url = f"sqlite:///{tmp_path / 'case.db'}"
    result = CliRunner().invoke(
        app,
        ["import-links", str(table), "--source", "person", "--target", "event", "--source-kind", "PERSON",
         "--target-kind", "EVENT", "--store", url, "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["links"] == len(ATTENDANCE)
    with EmbeddedStore(tmp_path / "case.db") as store:
        return store.to_networkx(), url


def networkx_projection() -> nx.Graph:
    B = nx.Graph()
    people = {"P_" + slug(p) for p, _e in ATTENDANCE}
    B.add_nodes_from(people, bipartite=0)
    B.add_edges_from(("P_" + slug(p), "EV_" + slug(e)) for p, e in ATTENDANCE)
    return bipartite.weighted_projected_graph(B, people)


def test_a_person_event_list_is_stored_as_people_who_attended_events(imported):
    G, _url = imported
    assert {d["kind"] for _n, d in G.nodes(data=True)} == {"PERSON", "EVENT"}
    assert {(G.nodes[u]["kind"], d["type"], G.nodes[v]["kind"]) for u, v, d in G.edges(data=True)} == {
        ("PERSON", "ATTENDED", "EVENT")
    }


def test_the_projection_is_networkx_weighted_projected_graph(imported):
    G, _url = imported
    P = project_people(G, via=["EVENT"])
    expected = networkx_projection()
    assert set(P.nodes) == set(expected.nodes)
    assert {frozenset(e): d["weight"] for *e, d in P.edges(data=True)} == {
        frozenset(e): float(d["weight"]) for *e, d in expected.edges(data=True)
    }


def test_each_tie_names_the_events_behind_it(imported):
    G, _url = imported
    ties = {(t.a_name, t.b_name): t.shared_names for t in shared_ties(project_people(G), G)}
    assert ties[("Owen Blake", "Ricky Grant")] == ["Bus park meeting", "Money drop 12 June", "Negril party 3 May"]
    assert ties[("Lloyd Peart", "Marcia Dunbar")] == ["Port Antonio trip"]


def test_newman_weighting_counts_a_small_meeting_more_than_a_crowd(imported):
    G, _url = imported
    P = project_people(G, weighting="newman")
    B = nx.Graph()
    B.add_edges_from(("P_" + slug(p), "EV_" + slug(e)) for p, e in ATTENDANCE)
    expected = bipartite.collaboration_weighted_projected_graph(B, {"P_" + slug(p) for p, _e in ATTENDANCE})
    assert {frozenset(e): pytest.approx(d["weight"]) for *e, d in P.edges(data=True)} == {
        frozenset(e): d["weight"] for *e, d in expected.edges(data=True)
    }


def test_people_cannot_be_tied_through_people():
    with pytest.raises(AnalysisError, match="PERSON"):
        project_people(nx.Graph(), via=["PERSON"])


def test_both_stores_keep_events_and_project_alike(any_store, tmp_path):
    from extract.link_table import LinkTableSpec, read_link_table

    table = tmp_path / "attendance.csv"
    table.write_text("person,event\n" + "".join(f"{p},{e}\n" for p, e in ATTENDANCE))
    imported = read_link_table(table, LinkTableSpec("person", "event", None, None, "ATTENDED", "PERSON", "EVENT", True))
    any_store.ingest(imported.report, imported.extraction)
    P = project_people(any_store.to_networkx())
    assert {frozenset(e): d["weight"] for *e, d in P.edges(data=True)} == {
        frozenset(e): float(d["weight"]) for *e, d in networkx_projection().edges(data=True)
    }


def test_project_lists_the_ties_with_the_events_behind_them(imported):
    _G, url = imported
    result = CliRunner().invoke(app, ["project", "--via", "EVENT", "--store", url, "--json"])
    assert result.exit_code == 0, result.output
    ties = json.loads(result.output)
    assert (ties[0]["a_name"], ties[0]["b_name"], ties[0]["weight"]) == ("Owen Blake", "Ricky Grant", 3.0)
    assert ties[0]["shared_names"] == ["Bus park meeting", "Money drop 12 June", "Negril party 3 May"]


def test_davis_southern_women_project_as_published(tmp_path):
    # Davis, Gardner and Gardner (1941), Deep South: 18 women at 14 social events, the classic two-mode data
    B = nx.davis_southern_women_graph()
    women = {n for n, d in B.nodes(data=True) if d["bipartite"] == 0}
    table = tmp_path / "davis.csv"
    table.write_text("woman,event\n" + "".join(f"{w},{e}\n" for w, e in B.edges() if w in women) + "".join(
        f"{w},{e}\n" for e, w in B.edges() if w in women
    ))  # fmt: skip
    url = f"sqlite:///{tmp_path / 'davis.db'}"
    args = ["import-links", str(table), "--source", "woman", "--target", "event", "--source-kind", "PERSON"]
    result = CliRunner().invoke(app, [*args, "--target-kind", "EVENT", "--store", url])
    assert result.exit_code == 0, result.output
    with EmbeddedStore(tmp_path / "davis.db") as store:
        G = store.to_networkx()
    P = project_people(G)
    expected = bipartite.weighted_projected_graph(B, women)
    names = {n: G.nodes[n]["name"] for n in P}
    assert {frozenset(names[n] for n in e): d["weight"] for *e, d in P.edges(data=True)} == {
        frozenset(e): float(d["weight"]) for *e, d in expected.edges(data=True)
    }
