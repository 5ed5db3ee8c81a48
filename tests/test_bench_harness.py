"""The benchmark harness's output form (never its timings): one JSON object, one entry per benchmark."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.__main__ import as_bench_result, as_json, as_table
from bench.common import BenchResult, percentile

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tiny_quick_json() -> dict:
    """``python -m bench --quick --json`` on a tiny scale, our own modules only, Neo4j off."""
    env = {**os.environ, "THREADLINE_BENCH_SCALE": "0.02", "THREADLINE_BENCH_NEO4J": "off"}
    completed = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--json", "--only", "store_ingest", "queries"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(completed.stdout)


def test_quick_json_is_one_object_of_ratio_bar_met_detail(tiny_quick_json):
    assert tiny_quick_json
    for entry in tiny_quick_json.values():
        assert set(entry) == {"ratio", "bar", "met", "detail"}
        assert isinstance(entry["ratio"], float)
        assert isinstance(entry["bar"], float)
        assert isinstance(entry["met"], bool)
        assert isinstance(entry["detail"], str)


def test_quick_json_names_the_ingest_and_query_benchmarks(tiny_quick_json):
    assert {
        "ingest.embedded_vs_executemany",
        "ingest.neo4j_vs_merge_per_row",
        "ingest.neo4j_vs_unwind",
        "query.open_store_vs_read_edgelist",
        "query.neighbourhood_2hop_vs_networkx",
        "query.shortest_path_vs_networkx",
        "query.search_vs_rapidfuzz",
    } <= set(tiny_quick_json)


def test_a_skipped_benchmark_says_why_and_is_not_met(tiny_quick_json):
    neo4j = tiny_quick_json["ingest.neo4j_vs_unwind"]
    assert neo4j["met"] is False
    assert neo4j["detail"].startswith("skipped:")


def test_met_follows_the_direction_of_the_bar():
    assert BenchResult("speed-up", 1.7, 1.6).met
    assert not BenchResult("speed-up", 1.5, 1.6).met
    assert BenchResult("slow-down", 1.9, 2.0, direction="lower").met
    assert not BenchResult("slow-down", 2.1, 2.0, direction="lower").met


def test_a_ratio_that_is_not_a_number_is_never_met_and_prints_as_valid_json():
    result = BenchResult("broken", float("nan"), 2.0, direction="lower")
    assert not result.met
    assert json.loads(as_json([result]))["broken"]["ratio"] == 0.0


def test_another_modules_own_result_dataclass_is_accepted():
    class TheirResult:
        def __init__(self):
            self.name, self.ratio, self.bar, self.met, self.detail = "view.bytes_per_node", 0.4, 1.0, True, "x"

    result = as_bench_result(TheirResult(), "view")
    assert (result.name, result.ratio, result.met) == ("view.bytes_per_node", 0.4, True)


def test_table_has_a_row_per_result():
    table = as_table([BenchResult("a", 1.0, 0.8), BenchResult.skip("b", 50.0, "no server")])
    assert table.splitlines()[2].startswith("a ")
    assert "skipped" in table.splitlines()[3]


def test_percentile_interpolates_between_samples():
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50) == 3.0
    assert percentile([0.0, 10.0], 95) == pytest.approx(9.5)
