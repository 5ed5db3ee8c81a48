"""Time windows: the network as it stood in each window, calls cut to the window."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.common import AnalysisError
from graph.analysis.windows import calls_in_window, metrics_by_window, parse_window, windows_between
from graph.model import Call

DATES = {"r_jan": "2023-01-10", "r_feb": "2023-02-10"}


def two_month_case() -> nx.MultiDiGraph:
    """January: Ann - Bob - Cy (Bob brokers). February: Cy - Dee - Eve (Dee brokers, new)."""
    G = nx.MultiDiGraph()
    for node in ("ann", "bob", "cy", "dee", "eve"):
        G.add_node(node, kind="PERSON", name=node.title(), role="suspect")
    for phone in ("PH_+18765550001", "PH_+18765550002"):
        G.add_node(phone, kind="PHONE", name=phone[3:])
    for u, v, report in [
        ("ann", "bob", "r_jan"),
        ("bob", "cy", "r_jan"),
        ("cy", "dee", "r_feb"),
        ("dee", "eve", "r_feb"),
    ]:
        G.add_edge(u, v, key=f"ASSOCIATE_OF|{report}", type="ASSOCIATE_OF", report_id=report)
    G.add_edge("ann", "PH_+18765550001", type="USES_PHONE", report_id="r_jan")
    G.add_edge("PH_+18765550001", "PH_+18765550002", key="CALLED", type="CALLED", count=2)
    return G


CALLS = [
    Call("+18765550001", "+18765550002", "2023-01-05T10:00:00", 60),
    Call("+18765550001", "+18765550002", "2023-03-15T10:00:00", 90),
]


def test_window_lengths_read_as_days():
    assert [parse_window(w) for w in ("30d", "2w", "1m", "1y")] == [30, 14, 30, 365]
    with pytest.raises(AnalysisError, match="30d"):
        parse_window("monthly")


def test_windows_cover_the_period_back_to_back():
    assert windows_between("2023-01-01", "2023-02-15", 30) == [
        ("2023-01-01..2023-01-30", "2023-01-01", "2023-01-30"),
        ("2023-01-31..2023-03-01", "2023-01-31", "2023-03-01"),
    ]


def test_calls_outside_the_window_are_left_out():
    G = calls_in_window(two_month_case(), CALLS, "2023-01-01", "2023-02-28")
    called = [d for _u, _v, d in G.edges(data=True) if d["type"] == "CALLED"]
    assert [(c["count"], c["total_s"], c["last"]) for c in called] == [(1, 60, "2023-01-05T10:00:00")]
    assert not [d for *_e, d in calls_in_window(G, CALLS, "2023-04-01", None).edges(data=True) if d["type"] == "CALLED"]


def test_a_broker_who_appears_only_in_the_second_window():
    first, second = metrics_by_window(two_month_case(), DATES, CALLS, days=31, since="2023-01-01", until="2023-02-28")
    assert "bob" in dict(first.new_brokers) and "dee" not in dict(first.new_brokers)
    assert [n for n, _name in second.new_brokers] == ["dee"]
    assert "dee" not in {n for n, *_ in first.top_brokers}
    assert second.top_brokers[0][0] == "dee"


def test_a_window_holds_only_the_calls_made_in_it():
    (whole,) = metrics_by_window(two_month_case(), DATES, CALLS, since="2023-01-01", until="2023-02-28")
    (march,) = metrics_by_window(two_month_case(), DATES, CALLS, since="2023-03-01", until="2023-03-31")
    # January-February: five people, two phones, four ties between people, Ann's phone, one call tie
    assert (whole.nodes, whole.ties) == (7, 6)
    # March: only the call made then
    assert (march.nodes, march.ties) == (2, 1)
