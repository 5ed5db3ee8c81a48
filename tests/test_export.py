"""Exports: every link leaves with its evidence, report text is escaped for each format, the CLI writes files."""

from __future__ import annotations

import csv
import io
import re

import networkx as nx
import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.embedded import EmbeddedStore
from graph.exports import build_evidence_pack, csv_cell, render_evidence_pack, to_csv, to_gexf, to_graphml
from graph.model import CallSummary, Extraction, Link, Mention, Person, Phone, Report, Subgraph
from samples.loader import load_sample_case

HOSTILE = "<img src=x onerror=alert(1)>"
DISSEMINATION = ["--recipient", "DPP", "--reason", "file for charging decision"]
SCRIPT = "</script><script>alert(1)</script>"


def small_view() -> tuple[Subgraph, dict[str, Report]]:
    report = Report.from_text(
        "Marcia Dunbar recruited Kimone Gayle.", title="Intel 31", reference="CTIP/WM/2023/031",
        reported_at="2023-06-12", source_grading="B", information_grading="2",
    )  # fmt: skip
    dunbar = Person("P_dunbar", "Marcia Dunbar", ["Miss Pearl"], role="suspect")
    evil = Person("P_evil", HOSTILE, ['=HYPERLINK("http://x")'])
    phone = Phone("PH_+18765550122", "+18765550122")
    links = [
        Link("RECRUITED", dunbar.id, evil.id, report.id, "Marcia Dunbar recruited Kimone Gayle.", 0, 37, 0.9, "rule"),
        Link("USES_PHONE", dunbar.id, phone.id, report.id, f"{SCRIPT} uses \x07 876-555-0122", 0, 10, 0.7, "rule"),
    ]
    calls = [CallSummary(phone.id, phone.id, 3, 120, "2023-05-01T10:00:00-05:00", "2023-05-03T10:00:00-05:00")]
    return Subgraph([dunbar, evil, phone], links, calls), {report.id: report}


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "case.db"
    with EmbeddedStore(path) as store:
        load_sample_case(store, use_pipeline=False)
    return path


def test_graphml_keeps_every_link_with_its_sentence_and_report():
    view, reports = small_view()
    graph = nx.read_graphml(io.StringIO(to_graphml(view, reports)))
    edges = list(graph.edges(data=True))
    recruited = next(d for _, _, d in edges if d["relation"] == "RECRUITED")
    assert recruited["sentence"] == "Marcia Dunbar recruited Kimone Gayle."
    assert recruited["report"] == "Intel 31" and recruited["grading"] == "B2"
    assert graph.nodes["P_evil"]["label"] == HOSTILE  # the XML writer escaped it; it reads back intact
    assert any(d["relation"] == "CALLED" and d["count"] == 3 for _, _, d in edges)


def test_graphml_drops_characters_xml_cannot_hold():
    view, reports = small_view()
    assert "\x07" not in to_graphml(view, reports)


def test_gexf_loads_in_networkx_with_relation_labels():
    view, reports = small_view()
    graph = nx.read_gexf(io.StringIO(to_gexf(view, reports)))
    assert graph.number_of_nodes() == 3
    assert {d["label"] for _, _, d in graph.edges(data=True)} == {"RECRUITED", "USES_PHONE", "CALLED"}


def test_csv_links_carry_evidence_and_report_reference():
    view, reports = small_view()
    rows = list(csv.DictReader(io.StringIO(to_csv(view, reports)["links.csv"])))
    recruited = next(r for r in rows if r["type"] == "RECRUITED")
    assert recruited["reference"] == "CTIP/WM/2023/031"
    assert recruited["sentence"] == "Marcia Dunbar recruited Kimone Gayle."
    assert recruited["source_name"] == "Marcia Dunbar"


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    view, reports = small_view()
    nodes = list(csv.DictReader(io.StringIO(to_csv(view, reports)["nodes.csv"])))
    evil = next(n for n in nodes if n["id"] == "P_evil")
    assert evil["aliases"].startswith("'=HYPERLINK")
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("-2.5") == "-2.5"  # a number stays a number
    assert csv_cell("-2+3") == "'-2+3"  # arithmetic is a formula
    assert csv_cell("-cmd|' /C calc'!A0") == "'-cmd|' /C calc'!A0"


def test_csv_keeps_phone_numbers_as_written():
    view, reports = small_view()
    nodes = list(csv.DictReader(io.StringIO(to_csv(view, reports)["nodes.csv"])))
    assert "+18765550122" in {n["name"] for n in nodes}


def test_evidence_pack_lists_each_link_with_sentence_reference_and_grading(sample_db):
    with EmbeddedStore(sample_db) as store:
        html = render_evidence_pack(build_evidence_pack(store, ["P_desmond_whitfield"]))
    assert "Desmond Whitfield EXPLOITED Kimone Gayle" in html
    assert "Desmond Whitfield exploited Kimone Gayle at the Red Hibiscus Lounge" in html
    assert "CTIP/WM/2023/037" in html and "A2" in html


def test_evidence_pack_respects_the_minimum_grading(sample_db):
    from graph.model import LinkFilter

    with EmbeddedStore(sample_db) as store:
        pack = build_evidence_pack(store, ["P_desmond_whitfield"], LinkFilter(min_grading="B2"))
    gradings = {item.grading for target in pack.targets for link in target.links for item in link.evidence}
    assert gradings and gradings <= {"A2", "B2", "B1"}


def test_evidence_pack_escapes_names_and_sentences(tmp_path):
    report = Report.from_text(f"{HOSTILE} met {SCRIPT}.", title=HOSTILE)
    people = [Person("P_a", HOSTILE), Person("P_b", SCRIPT)]
    mentions = [Mention(report.id, "P_a", 0, len(HOSTILE), HOSTILE, "PERSON")]
    link = Link("ASSOCIATE_OF", "P_a", "P_b", report.id, report.text, 0, len(report.text), 0.9)
    with EmbeddedStore(tmp_path / "evil.db") as store:
        store.ingest(report, Extraction(people, mentions, [link]))
        html = render_evidence_pack(build_evidence_pack(store, ["P_a", "P_b"]))
    assert HOSTILE not in html and SCRIPT not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script" not in html.lower()


def test_cli_exports_an_evidence_pack_for_a_named_target_with_victims_pseudonymised(sample_db, tmp_path):
    out = tmp_path / "pack.html"
    result = CliRunner().invoke(
        app,
        [
            "export",
            "--format",
            "evidence",
            "--store",
            f"sqlite:///{sample_db}",
            "--entity",
            "Miss Pearl",
            "--out",
            str(out),
            *DISSEMINATION,
        ],
    )
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "Marcia Dunbar RECRUITED Victim V-" in html  # the victim leaves as her pseudonym
    assert "Kimone" not in html


def test_cli_exports_a_standalone_air_gapped_view(sample_db, tmp_path):
    out = tmp_path / "view.html"
    result = CliRunner().invoke(
        app,
        ["export", "--store", f"sqlite:///{sample_db}", "--entity", "Whitfield", "--hops", "2", "--out", str(out)]
        + DISSEMINATION,
    )
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert '"label":"Desmond Whitfield"' in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?https?:""", html)


def test_cli_csv_export_writes_nodes_and_links(sample_db, tmp_path):
    result = CliRunner().invoke(
        app,
        ["export", "--format", "csv", "--store", f"sqlite:///{sample_db}", "--out", str(tmp_path / "csv")]
        + DISSEMINATION,
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["links.csv", "nodes.csv"]


def test_cli_evidence_pack_without_a_target_says_what_to_add(sample_db, tmp_path):
    result = CliRunner().invoke(
        app,
        ["export", "--format", "evidence", "--store", f"sqlite:///{sample_db}", "--out", str(tmp_path / "p.html")]
        + DISSEMINATION,
    )
    assert result.exit_code == 1
    assert "--entity" in result.output


def test_cli_unknown_entity_is_reported(sample_db, tmp_path):
    result = CliRunner().invoke(
        app,
        ["export", "--store", f"sqlite:///{sample_db}", "--entity", "Nobody Atall", "--out", str(tmp_path / "x.html")]
        + DISSEMINATION,
    )
    assert result.exit_code == 1
    assert "No entity matches" in result.output


def test_cli_export_without_a_recipient_and_reason_is_refused(sample_db, tmp_path):
    out = tmp_path / "view.html"
    result = CliRunner().invoke(app, ["export", "--store", f"sqlite:///{sample_db}", "--out", str(out)])
    assert result.exit_code == 1
    assert "--recipient" in result.output and "--reason" in result.output
    assert not out.exists()


def test_cli_export_is_written_to_the_dissemination_log(sample_db, tmp_path):
    from governance.audit import AuditLog, audit_path_for

    url = f"sqlite:///{sample_db}"
    out = tmp_path / "view.html"
    result = CliRunner().invoke(app, ["export", "--store", url, "--out", str(out), *DISSEMINATION])
    assert result.exit_code == 0, result.output
    with AuditLog(audit_path_for(url)) as audit:
        (record, *_) = reversed(audit.records(action="export"))
    assert record.recipient == "DPP" and record.reason == "file for charging decision"
    assert record.detail["files"] == ["network.html"]
