"""E-mail attachments are read as reports of their own, linked to the e-mail they came with."""

from __future__ import annotations

import email
import email.policy
import json
from email.message import EmailMessage

from typer.testing import CliRunner

from cli.main import app
from extract.batch import read_batch
from extract.readers import read_document
from extract.safe_read import safe_read_document
from graph.embedded import EmbeddedStore
from graph.model import report_id_for


def statement_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "WITNESS STATEMENT\n\nMarcus Campbell drove Keisha Brown to Spanish Town.")
    return bytes(pdf.output())


def write_email(path, *attachments: tuple[str, str, bytes]):
    message = EmailMessage()
    message["From"] = "Det. Andrea Whyte <a.whyte@tipu.example>"
    message["To"] = "intake@tipu.example"
    message["Date"] = "Mon, 14 Mar 2022 09:30:00 -0500"
    message["Subject"] = "Statement from the Spanish Town visit"
    message.set_content("Statement attached. Campbell uses 876-555-0143.\n")
    for name, mime, data in attachments:
        if mime == "message/rfc822":  # a forwarded e-mail is attached as a message, not as bytes
            message.add_attachment(email.message_from_bytes(data, policy=email.policy.default), filename=name)
            continue
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    path.write_bytes(message.as_bytes())
    return path


def test_a_pdf_attachment_is_a_document_of_its_own_linked_to_the_email(tmp_path):
    mail = read_document(write_email(tmp_path / "visit.eml", ("statement.pdf", "application/pdf", statement_pdf())))
    [attachment] = mail.attachments
    assert "Marcus Campbell drove Keisha Brown" in attachment.text
    assert attachment.source == "visit.eml › statement.pdf"
    assert attachment.attached_to == "visit.eml"
    assert attachment.date == "2022-03-14"  # received with the e-mail
    assert f"statement.pdf: read as report {report_id_for(attachment.text)}" in mail.text
    assert "Marcus Campbell" not in mail.text.split("Attachments:")[0]


def test_an_email_with_a_pdf_attachment_yields_two_linked_reports(tmp_path):
    write_email(tmp_path / "visit.eml", ("statement.pdf", "application/pdf", statement_pdf()))
    url = f"sqlite:///{tmp_path / 'case.db'}"
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "visit.eml"), "--store", url])
    assert result.exit_code == 0, result.output
    reports = json.loads(CliRunner().invoke(app, ["reports", "--store", url, "--json"]).output)
    assert len(reports) == 2
    by_source = {r["source"]: r for r in reports}
    attachment = by_source["visit.eml › statement.pdf"]
    with EmbeddedStore(tmp_path / "case.db") as store:
        email_text = store.get_report(by_source["visit.eml"]["id"]).text
        assert "Marcus Campbell drove" in store.get_report(attachment["id"]).text
    assert f"statement.pdf: read as report {attachment['id']}" in email_text


def test_an_unreadable_attachment_is_a_warning_and_the_email_is_kept(tmp_path):
    path = write_email(
        tmp_path / "visit.eml",
        ("statement.pdf", "application/pdf", statement_pdf()),
        ("tool.exe", "application/octet-stream", b"MZ\x90\x00"),
        ("broken.pdf", "application/pdf", b"%PDF-1.4 garbage"),
    )
    batch = read_batch([path], sandboxed=False)
    assert [d.source for d in batch.documents] == ["visit.eml", "visit.eml › statement.pdf"]
    reasons = " ".join(w.reason for w in batch.warnings)
    assert "tool.exe: not read (.exe files are not read)" in reasons
    assert "broken.pdf: not read (corrupt PDF" in reasons
    assert not batch.failures


def test_attachments_come_back_from_the_sandboxed_reader(tmp_path):
    path = write_email(tmp_path / "visit.eml", ("statement.pdf", "application/pdf", statement_pdf()))
    document = safe_read_document(path)
    assert [a.source for a in document.attachments] == ["visit.eml › statement.pdf"]


def test_an_email_attached_to_an_email_is_read_with_its_own_attachment(tmp_path):
    inner = write_email(tmp_path / "inner.eml", ("statement.pdf", "application/pdf", statement_pdf()))
    outer = write_email(tmp_path / "outer.eml", ("forwarded.eml", "message/rfc822", inner.read_bytes()))
    sources = [d.source for d in read_document(outer).with_attachments()]
    assert sources == ["outer.eml", "outer.eml › forwarded.eml", "outer.eml › forwarded.eml › statement.pdf"]


def test_an_uploaded_email_previews_its_attachment_as_a_second_report_and_stores_both(tmp_path):
    from casework.ingest import IngestOptions, commit_previews, preview_uploads
    from extract.extractor import extraction_pipeline

    path = write_email(tmp_path / "visit.eml", ("statement.pdf", "application/pdf", statement_pdf()))
    with EmbeddedStore(tmp_path / "case.db") as store:
        previews = preview_uploads(store, "visit.eml", path.read_bytes(), extraction_pipeline(), IngestOptions("UP"))
        assert [p.name for p in previews] == ["visit.eml", "visit.eml › statement.pdf"]
        assert all(p.ok for p in previews)
        outcome = commit_previews(store, previews)
        assert not outcome.errors and sum(r.created for r in outcome.results) == 2
        assert {r.source for r in store.reports()} == {"visit.eml", "visit.eml › statement.pdf"}
