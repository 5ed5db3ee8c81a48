"""The combined target score: every factor shown with its value and weight, weights changeable."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.common import AnalysisError
from graph.analysis.target_score import DEFAULT_WEIGHTS, grade_quality, parse_weights, target_scores
from graph.model import Indicator, Report


def case() -> tuple[nx.MultiDiGraph, dict[str, Report], list[Indicator]]:
    """Ricky is central on one thin report; Owen is less central, on three well-graded reports with indicators."""
    G = nx.MultiDiGraph()
    G.add_node("ricky", kind="PERSON", name="Ricky", role="suspect")
    G.add_node("owen", kind="PERSON", name="Owen", role="suspect", role_confirmed=True)
    G.add_node("tanya", kind="PERSON", name="Tanya", role="victim")
    reports = {
        "r1": Report("r1", "x", author="DC Brown", source_grading="E", information_grading="5"),
        "r2": Report("r2", "x", author="DC Lee", source_grading="A", information_grading="1"),
        "r3": Report("r3", "x", author="DC Ray", source_grading="B", information_grading="2"),
        "r4": Report("r4", "x", author="DC Sam", source_grading="A", information_grading="2"),
    }
    G.add_edge("ricky", "tanya", type="ASSOCIATE_OF", report_id="r1", start=0, end=10)
    for r in ("r2", "r3", "r4"):
        G.add_edge("owen", "tanya", type="RECRUITED", report_id=r, start=0, end=10)
    indicators = [Indicator("r2", "means", "debt bondage", "s", 2, 5), Indicator("r3", "minor", "aged 16", "s", 1, 4)]
    return G, reports, indicators


def test_position_alone_ranks_the_most_central_first():
    G, reports, indicators = case()
    ranked = target_scores(G, {"ricky": 1.0, "owen": 0.5}, reports=reports, indicators=indicators,
                           weights={"position": 1, "indicators": 0, "evidence": 0, "role": 0})  # fmt: skip
    assert [t.entity_id for t in ranked] == ["ricky", "owen"]
    assert [f.name for f in ranked[0].factors] == ["position"]


def test_evidence_indicators_and_a_confirmed_role_lift_a_less_central_suspect():
    G, reports, indicators = case()
    ranked = target_scores(G, {"ricky": 1.0, "owen": 0.5}, reports=reports, indicators=indicators)
    assert [t.entity_id for t in ranked] == ["owen", "ricky"]
    owen = {f.name: f for f in ranked[0].factors}
    assert owen["indicators"].value == pytest.approx(0.5)  # means and minor of four categories
    assert owen["role"].value == 1.0
    assert owen["evidence"].value == pytest.approx(sum(grade_quality(reports[r]) for r in ("r2", "r3", "r4")) / 3)
    assert {f.name: f.weight for f in ranked[0].factors} == DEFAULT_WEIGHTS


def test_the_explanation_shows_each_factor_with_value_and_weight():
    G, reports, indicators = case()
    ricky = target_scores(G, {"ricky": 1.0, "owen": 0.5}, reports=reports, indicators=indicators)[1]
    assert "0.40 x position 1.00" in ricky.explanation
    assert "1 reports, 1 independent" in ricky.explanation


def test_score_weights_are_read_and_checked():
    assert parse_weights("position=1,role=0")["position"] == 1.0
    with pytest.raises(AnalysisError, match="Unknown score factor"):
        parse_weights("charisma=1")
    with pytest.raises(AnalysisError, match="factor=number"):
        parse_weights("position=high")
