"""Grading schemes, gradings read from report headers, and what evidence is worth."""

from __future__ import annotations

import pytest

from governance.grading import (
    ADMIRALTY,
    UK_5X5X5,
    GradingError,
    assessment_label,
    evidence_support,
    filter_evidence,
    independent_reports,
    link_grading,
    parse_header_grading,
    path_support,
    scheme_named,
    weakest_grading,
)
from graph.model import Evidence, Grading


def evidence(report_id: str, grading: str, sentence: str = "", method: str = "rule") -> Evidence:
    graded = Grading.parse(grading)
    return Evidence(
        report_id,
        sentence or f"sentence of {report_id}",
        0,
        10,
        0.8,
        method,
        source_grading=graded.source,
        information_grading=graded.information,
    )


def test_admiralty_is_the_default_scheme(monkeypatch):
    monkeypatch.delenv("THREADLINE_GRADING_SCHEME", raising=False)
    assert scheme_named() is ADMIRALTY


def test_a_deployment_selects_5x5x5_by_configuration(monkeypatch):
    monkeypatch.setenv("THREADLINE_GRADING_SCHEME", "5x5x5")
    assert scheme_named() is UK_5X5X5


def test_5x5x5_has_five_grades_on_each_axis_and_five_handling_codes():
    assert UK_5X5X5.sources == ("A", "B", "C", "D", "E")
    assert UK_5X5X5.informations == ("1", "2", "3", "4", "5")
    assert UK_5X5X5.handlings == ("1", "2", "3", "4", "5")


def test_5x5x5_refuses_an_admiralty_only_grade():
    with pytest.raises(GradingError, match="not one of A, B, C, D, E"):
        UK_5X5X5.check("F", "6")


def test_a_grade_is_explained_in_words():
    assert ADMIRALTY.meaning(Grading("B", "2")) == "B2: usually reliable; probably true"


def test_grading_line_with_explanation_is_read():
    header = "INTELLIGENCE REPORT\nReport No.: JCF/2023/114\nGrading: B2 (usually reliable, probably true)\n\nBody."
    found = parse_header_grading(header, ADMIRALTY)
    assert found.grading == Grading("B", "2") and found.scheme == "admiralty"


def test_a_5x5x5_line_gives_source_information_and_handling():
    found = parse_header_grading("5x5x5: 2/B/1\n\nBody")
    assert (found.scheme, found.grading, found.handling_code) == ("5x5x5", Grading("B", "2"), "1")


def test_a_5x5x5_line_in_the_usual_order_reads_the_same():
    assert parse_header_grading("5x5x5: B/2/1").grading == parse_header_grading("5x5x5: 2/B/1").grading


def test_a_separate_handling_line_is_read():
    found = parse_header_grading("Grading: C3\nHandling code: H4 (police only)\n", ADMIRALTY)
    assert found.handling_code == "H4"


def test_a_report_without_a_grading_line_has_none():
    assert parse_header_grading("Job advert\nCall 876-555-0143\n") is None


def test_a_grade_outside_the_scheme_is_left_ungraded():
    found = parse_header_grading("Grading: F6", UK_5X5X5)
    assert found.grading == Grading(None, None)


def test_weakest_grading_takes_each_axis_at_its_worst():
    assert weakest_grading([evidence("R1", "A3"), evidence("R2", "C1")]) == Grading("C", "3")


def test_ungraded_evidence_makes_the_weakest_ungraded():
    assert weakest_grading([evidence("R1", "A1"), evidence("R2", "")]) == Grading(None, None)


def test_a_link_is_as_good_as_its_best_report():
    assert link_grading([evidence("R1", "D4"), evidence("R2", "B2")]) == Grading("B", "2")


def test_independent_reports_count_distinct_reports():
    assert independent_reports([evidence("R1", "B2"), evidence("R1", "B2", "other"), evidence("R2", "C3")]) == 2


def test_a_sentence_copied_into_another_report_is_not_corroboration():
    copied = "Slim collects the girls' wages every Friday."
    items = [evidence("R1", "B2", copied), evidence("R2", "C3", copied.upper()), evidence("R3", "B2")]
    assert independent_reports(items) == 2


def test_a_path_shows_its_weakest_hop_and_its_independent_reports():
    hops = [[evidence("R1", "A1"), evidence("R2", "D4")], [evidence("R3", "C3")]]
    support = path_support(hops)
    assert support.weakest == Grading("C", "3")
    assert (support.independent_reports, support.reports) == (3, 3)
    assert support.describe() == "weakest grading C3, 3 independent report(s) of 3; assessment"


def test_a_path_an_analyst_confirmed_throughout_is_not_an_assessment():
    support = path_support([[evidence("R1", "B2", method="analyst")], [evidence("R2", "B2", method="analyst")]])
    assert support.labels == ("confirmed",) and not support.is_assessment


def test_machine_extracted_links_are_assessments_and_analyst_links_are_confirmed():
    assert [assessment_label(m) for m in ("rule", "co-occurrence", "import", "analyst", "calls")] == [
        "assessment",
        "assessment",
        "assessment",
        "confirmed",
        "record",
    ]


def test_a_key_player_explanation_reports_its_weakest_support():
    support = evidence_support([evidence("R1", "B2"), evidence("R2", "E5")])
    assert (str(support.weakest), support.independent_reports) == ("E5", 2)


def test_evidence_below_a_minimum_grading_is_filtered_out():
    kept = filter_evidence([evidence("R1", "B2"), evidence("R2", "C2"), evidence("R3", "")], "B3")
    assert [e.report_id for e in kept] == ["R1"]


def test_on_ingest_the_header_grading_is_used():
    from governance.grading import apply_grading
    from graph.model import Report

    report = apply_grading(Report.from_text("INTEL\n5x5x5: B/2/4\n\nText."))
    assert (report.source_grading, report.information_grading, report.handling_code) == ("B", "2", "4")


def test_a_grading_given_by_the_user_wins_over_the_header():
    from governance.grading import apply_grading
    from graph.model import Report

    report = apply_grading(Report.from_text("INTEL\nGrading: C3\n\nText."), grading="A1", handling_code="H2")
    assert (str(report.grading), report.handling_code) == ("A1", "H2")


def test_a_grading_the_scheme_does_not_allow_is_refused_on_ingest():
    from governance.grading import apply_grading
    from graph.model import Report

    with pytest.raises(GradingError, match="handling code '9'"):
        apply_grading(Report.from_text("Text."), grading="B2", handling_code="9", scheme=UK_5X5X5)
