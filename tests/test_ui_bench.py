"""bench/ui.py times pages through AppTest on a synthetic case, as ratios to the raw store read."""

from __future__ import annotations

from bench import ui as bench_ui


def test_the_workspace_benchmark_reports_each_step_as_a_ratio_to_the_raw_read():
    results = bench_ui.run(reports=20, pages=["overview", "network_analysis"])
    names = [r.name for r in results]
    assert names == [
        "ui.overview.first",
        "ui.overview.visit",
        "ui.network_analysis.first",
        "ui.network_analysis.visit",
        "ui.network_analysis.change",
    ]
    assert all(r.ratio > 0 and r.direction == "lower" for r in results)
    assert all("raw read" in r.detail and "20 reports" in r.detail for r in results)
