"""The case network the CLI and the workspace analyse: the analyst's date window and grading, calls included."""

from __future__ import annotations

from casework.analysis import case_network, network_over_time
from graph.embedded import EmbeddedStore
from graph.model import Call, LinkFilter
from tests.case_builder import ingest_case

CALLS = [
    Call("+18765550142", "+18765550199", "2022-01-20T09:00:00", 30),
    Call("+18765550142", "+18765550199", "2022-06-01T09:00:00", 45),
]


def called(G) -> list[dict]:
    return [d for *_e, d in G.edges(data=True) if d["type"] == "CALLED"]


def test_a_date_window_cuts_calls_call_by_call(tmp_path):
    with EmbeddedStore(tmp_path / "case.db") as store:
        ingest_case(store)
        store.add_calls(CALLS)
        assert [c["count"] for c in called(case_network(store))] == [2]
        january = case_network(store, LinkFilter(since="2022-01-01", until="2022-01-31"))
        assert [(c["count"], c["total_s"]) for c in called(january)] == [(1, 30)]


def test_a_minimum_grading_leaves_out_links_of_lower_graded_reports(tmp_path):
    with EmbeddedStore(tmp_path / "case.db") as store:
        ingest_case(store)
        everything = case_network(store)
        graded = case_network(store, LinkFilter(min_grading="A1"))
        assert graded.number_of_edges() < everything.number_of_edges()


def test_the_network_over_time_keeps_each_call_in_its_window(tmp_path):
    with EmbeddedStore(tmp_path / "case.db") as store:
        ingest_case(store)
        store.add_calls(CALLS)
        (june,) = network_over_time(store, LinkFilter(since="2022-06-01", until="2022-06-30"), days=30)
        assert (june.nodes, june.ties) == (2, 1)  # only the June call: no report is dated in June
        (january,) = network_over_time(store, LinkFilter(since="2022-01-16", until="2022-02-14"), days=30)
        assert (january.nodes, january.ties) == (2, 1)  # the January call, after the report of the 15th
