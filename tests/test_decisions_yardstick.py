"""Corrections as a yardstick: scoring extracted links against the analysts' link decisions."""

from __future__ import annotations

from graph.decisions import LinkDecision, score_against_decisions
from graph.model import Link
from tests.test_ui_pages import sample_case_db

__all__ = ["sample_case_db"]  # the fixture used here


def link(link_type: str, source: str, target: str, report: str = "R1") -> Link:
    return Link(link_type, source, target, report, "a sentence")


def test_a_confirmed_link_agrees_only_when_it_is_extracted():
    decision = LinkDecision("d1", "confirm", "RECRUITED", "P_a", "P_b")
    assert score_against_decisions([link("RECRUITED", "P_a", "P_b")], [decision]).agreement == 1.0
    score = score_against_decisions([], [decision])
    assert score.agreement == 0.0 and score.verdicts[0].why == "missed"


def test_a_rejected_link_agrees_only_when_it_is_no_longer_extracted():
    decision = LinkDecision("d1", "reject", "HARBOURED", "P_a", "P_b")
    assert score_against_decisions([link("HARBOURED", "P_a", "P_b")], [decision]).agreement == 0.0
    assert score_against_decisions([link("USES_PHONE", "P_a", "PH_1")], [decision]).agreement == 1.0


def test_a_correction_agrees_when_the_corrected_form_replaces_the_wrong_one():
    decision = LinkDecision("d1", "correct", "USES_PHONE", "P_a", "PH_1", new_source="P_b")
    assert score_against_decisions([link("USES_PHONE", "P_b", "PH_1")], [decision]).agreement == 1.0
    both = score_against_decisions([link("USES_PHONE", "P_b", "PH_1"), link("USES_PHONE", "P_a", "PH_1")], [decision])
    assert both.agreement == 0.0 and "wrong form still extracted" in both.verdicts[0].why


def test_a_decision_naming_a_report_is_checked_in_that_report_only():
    decision = LinkDecision("d1", "confirm", "RECRUITED", "P_a", "P_b", "R2")
    assert score_against_decisions([link("RECRUITED", "P_a", "P_b", "R1")], [decision]).agreement == 0.0


def test_undone_decisions_and_free_note_links_are_not_scored():
    decisions = [
        LinkDecision("d1", "reject", "HARBOURED", "P_a", "P_b", undone=True),
        LinkDecision("d2", "add", "ASSOCIATE_OF", "P_a", "P_b", note="seen together"),
    ]
    score = score_against_decisions([link("HARBOURED", "P_a", "P_b")], decisions)
    assert score.verdicts == [] and score.as_dict()["agreement"] == 1.0


def test_ends_are_compared_as_current_entities():
    decision = LinkDecision("d1", "confirm", "RECRUITED", "P_kept", "P_b")
    merged = {"P_absorbed": "P_kept"}
    score = score_against_decisions([link("RECRUITED", "P_absorbed", "P_b")], [decision], lambda e: merged.get(e, e))
    assert score.agreement == 1.0


def test_evaluate_decisions_re_extracts_the_sample_case_and_scores_the_analysts_decisions(
    sample_case_db, tmp_path, monkeypatch
):
    """The real pipeline on the stored sample reports: a link the analyst rejected is still extracted (a
    disagreement: the extractor has not changed since), a RECRUITED link they confirmed is found (an agreement)."""
    import json
    import shutil

    from typer.testing import CliRunner

    from cli.main import app
    from graph.embedded import EmbeddedStore

    path = tmp_path / "case.db"
    shutil.copy(sample_case_db, path)
    with EmbeddedStore(path) as store:
        extracted = [k for k in store.subgraph().links if k.type != "CO_MENTIONED"]
        rejected = next(k for k in extracted if k.type != "RECRUITED")
        recruited = next(k for k in extracted if k.type == "RECRUITED")
        store.decide_link(LinkDecision("", "reject", rejected.type, rejected.source, rejected.target, reason="no"))
        store.decide_link(LinkDecision("", "confirm", "RECRUITED", recruited.source, recruited.target))
    result = CliRunner().invoke(app, ["evaluate", "--decisions", "--store", f"sqlite:///{path}", "--json"])
    assert result.exit_code == 0, result.output
    score = json.loads(result.output)
    assert score["reject"] == {"decisions": 1, "agrees": 0}
    assert score["confirm"] == {"decisions": 1, "agrees": 1}
    assert score["agreement"] == 0.5
    assert score["disagreements"][0]["why"] == "still extracted"
