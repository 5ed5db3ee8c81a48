"""The prosecutor's pack as PDF: read back with pypdf, it holds the cover, every link's sentence
with its report and page, call records, the rationale, and each source report's SHA-256."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from graph.embedded import EmbeddedStore
from graph.model import CallSummary, Link, Person, Phone, Report, Subgraph
from graph.pages import PAGE_BREAK
from graph.pdf_pack import PackCover, build_prosecutor_pack, render_pdf, text_digest
from samples.loader import load_sample_case

COVER = PackCover(
    title="Operation Ackee Tree: target package",
    recipient="Office of the DPP",
    reason="file for charging decision",
    produced_by="analyst.brown",
    produced_at="2023-08-01T09:00:00Z",
    case="ACKEE TREE",
    operation="ACKEE TREE",
    handling_code="H2",
)


def pdf_text(data: bytes) -> str:
    """The PDF's text with runs of white space made single (lines wrap anywhere)."""
    from io import BytesIO

    text = "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def sample_pack(tmp_path_factory):
    path = tmp_path_factory.mktemp("pack") / "case.db"
    with EmbeddedStore(path) as store:
        load_sample_case(store, use_pipeline=False)
        view = store.subgraph()
        reports = {r: store.get_report(r) for r in {link.report_id for link in view.links}}
    pack = build_prosecutor_pack(view, reports, COVER, rationale=["Marcia Dunbar recruits for the whole ring."])
    return pack, pdf_text(render_pdf(pack))


def test_the_pack_quotes_every_link_sentence(sample_pack):
    pack, text = sample_pack
    assert pack.links
    missing = [link.sentence for link in pack.links if flat(link.sentence) not in text]
    assert not missing


def test_the_annex_gives_every_source_reports_sha256(sample_pack):
    pack, text = sample_pack
    assert pack.reports
    for report in pack.reports:
        assert re.fullmatch(r"[0-9a-f]{64}", report.sha256)
        assert report.sha256 in text
        assert report.sha256.startswith(report.id.removeprefix("R_"))  # the id is its first 20 hex digits


def test_the_cover_names_recipient_reason_handling_code_and_producer(sample_pack):
    _, text = sample_pack
    for words in ("Office of the DPP", "file for charging decision", "H2", "analyst.brown", "ACKEE TREE",
                  "2023-08-01T09:00:00Z"):  # fmt: skip
        assert words in text


def test_call_records_and_the_rationale_are_in_the_pack(sample_pack):
    pack, text = sample_pack
    assert pack.calls
    assert f"{pack.calls[0].caller}" in text
    assert "Marcia Dunbar recruits for the whole ring." in text


def test_each_link_cites_the_page_its_sentence_is_on():
    text = "Cover page of the statement." + PAGE_BREAK + "Marcia Dunbar recruited Ann Reid in Negril."
    report = Report.from_text(text, title="Statement", reported_at="2023-06-12", source_grading="B",
                              information_grading="2")  # fmt: skip
    start = text.index("Marcia")
    link = Link("RECRUITED", "P_d", "P_r", report.id, text[start:], start, len(text), 0.9, "rule")
    view = Subgraph([Person("P_d", "Marcia Dunbar"), Person("P_r", "Ann Reid")], [link])
    pack = build_prosecutor_pack(view, {report.id: report}, COVER)
    assert pack.links[0].page == 2
    assert "Statement, page 2" in pdf_text(render_pdf(pack))
    assert pack.reports[0].sha256 == text_digest(text) and pack.reports[0].pages == 2


def test_the_annex_says_how_ocr_read_a_scanned_report():
    text = "Marcia Dunbar recruited Ann Reid in Negril."
    report = Report.from_text(text, title="Scanned statement", ocr="page 1 71% (3 words marked [?])")
    link = Link("RECRUITED", "P_d", "P_r", report.id, text, 0, len(text), 0.9, "rule")
    view = Subgraph([Person("P_d", "Marcia Dunbar"), Person("P_r", "Ann Reid")], [link])
    assert "Read by OCR: page 1 71% (3 words marked [?])" in pdf_text(
        render_pdf(build_prosecutor_pack(view, {report.id: report}, COVER))
    )


def test_report_text_is_set_as_text_not_markup():
    hostile = "<b>Evil</b> & {nb} $(rm -rf) “quoted” Señora Ramírez"
    report = Report.from_text(f"{hostile} paid Ann Reid.", title=hostile)
    link = Link("PAID", "P_e", "P_r", report.id, report.text, 0, len(report.text), 0.8, "rule")
    phones = [Phone("PH_+18765550101", "+18765550101"), Phone("PH_+18765550102", "+18765550102")]
    calls = [CallSummary(phones[0].id, phones[1].id, 4, 300, "2023-05-01", "2023-05-09")]
    view = Subgraph([Person("P_e", hostile), Person("P_r", "Ann Reid"), *phones], [link], calls)
    text = pdf_text(render_pdf(build_prosecutor_pack(view, {report.id: report}, COVER)))
    assert f"{hostile} paid Ann Reid." in text


def test_cli_pdf_pack_quotes_every_link_gives_source_hashes_and_never_a_victims_name(tmp_path):
    from typer.testing import CliRunner

    from casework.exports import view_for
    from cli.main import app
    from governance.audit import AuditLog
    from governance.guard import LOCAL_ANALYST, guard

    db = tmp_path / "case.db"
    with EmbeddedStore(db) as store:
        load_sample_case(store, use_pipeline=False)
        victims = [e.name for e in store.entities(["PERSON"]) if getattr(e, "role", "") == "victim"]
        stored = {r.id: text_digest(store.get_report(r.id).text) for r in store.reports()}
    out = tmp_path / "pack.pdf"
    result = CliRunner().invoke(
        app,
        ["export", "--format", "pdf", "--store", f"sqlite:///{db}", "--entity", "Miss Pearl", "--hops", "2",
         "--out", str(out), "--recipient", "Office of the DPP", "--reason", "file for charging decision",
         "--operation", "ACKEE TREE", "--rationale", "Marcia Dunbar recruits for the ring."],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes())
    with EmbeddedStore(db) as inner, AuditLog(tmp_path / "audit.db") as audit:
        shown = guard(inner, LOCAL_ANALYST, audit)
        dunbar = shown.search("Miss Pearl", limit=1)[0].entity.id
        view = view_for(shown, [dunbar], hops=2)
    assert view.links
    assert [link.sentence for link in view.links if flat(link.sentence) not in text] == []
    for report_id in {link.report_id for link in view.links}:
        assert stored[report_id] in text
    assert victims and not [name for name in victims if name in text or name.split()[0] in text]  # (a relative
    # may share a victim's surname and be named)
    assert "Victim V-" in text
    assert "Marcia Dunbar recruits for the ring." in text and "Office of the DPP" in text
