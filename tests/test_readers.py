"""Readers: every supported file kind becomes a Document; every broken file a ReadError naming it."""

from __future__ import annotations

import zipfile

import pytest

from extract.readers import ReadError, chunk_text, find_report_files, parse_date, read_document, title_line

HEADER = (
    "TIPU - INTELLIGENCE REPORT\n\nReport No.: TIPU/WR/2022/014\nDate: 2022-02-03\n"
    "Officer: Det. Sgt. Andrea Whyte\nGrading: B2 (source usually reliable / information probably true)\n\n"
    "Campbell uses 876-555-0143.\n"
)


def test_text_report_header_becomes_metadata(tmp_path):
    path = tmp_path / "001_intel.txt"
    path.write_text(HEADER, encoding="utf-8")
    document = read_document(path)
    assert document.reference == "TIPU/WR/2022/014"
    assert document.date == "2022-02-03"
    assert document.author == "Andrea Whyte"
    assert document.grading == "B2"
    assert document.source == "001_intel.txt"
    assert document.kind == "intel report"


def test_report_grading_and_case_reach_the_report(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(HEADER, encoding="utf-8")
    report = read_document(path).to_report(case="SEAGRAPE", handling_code="H2")
    assert (report.source_grading, report.information_grading) == ("B", "2")
    assert report.case == "SEAGRAPE" and report.handling_code == "H2" and report.reported_at == "2022-02-03"


def test_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Señora Ramírez called 876-555-0143".encode("utf-16"))
    assert read_document(path).text == "Señora Ramírez called 876-555-0143"


def test_cp1252_falls_back_without_mojibake(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Caf\xe9 owner \x93Bigga\x94 paid J$50,000".encode("latin-1"))
    assert read_document(path).text == "Café owner “Bigga” paid J$50,000"


def test_windows_line_endings_become_newlines(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"line one\r\nline two\r\n")
    assert read_document(path).text == "line one\nline two\n"


def test_empty_file_is_refused_by_name(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ReadError, match="empty.txt: the file is empty"):
        read_document(path)


def test_binary_junk_is_refused_as_wrong_encoding(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(ReadError, match="junk.txt: wrong encoding"):
        read_document(path)


def make_pdf(text: str) -> bytes:
    """A minimal one-page PDF with ``text`` in Helvetica (built by hand: no PDF writer needed)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def test_pdf_text_layer_is_read(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf("Marlon Campbell uses 876-555-0143."))
    assert read_document(path).text.strip() == "Marlon Campbell uses 876-555-0143."


def test_encrypted_pdf_is_refused_with_what_to_do(tmp_path):
    pdf = make_pdf("secret")
    pdf = pdf.replace(
        b"trailer\n<< /Size 6 /Root 1 0 R >>",
        b"trailer\n<< /Size 7 /Root 1 0 R /Encrypt 6 0 R "
        b"/ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] >>",
    )
    xref = pdf.index(b"xref")
    security = (
        b"6 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>\nendobj\n"
    )
    path = tmp_path / "locked.pdf"
    path.write_bytes(pdf[:xref] + security + pdf[xref:])
    with pytest.raises(ReadError, match="locked.pdf: encrypted PDF: remove the password"):
        read_document(path)


def test_corrupt_pdf_is_refused(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ngarbage without xref\n%%EOF")
    with pytest.raises(ReadError, match="broken.pdf: (corrupt PDF|the PDF has no text)"):
        read_document(path)


def test_file_that_is_not_a_pdf_at_all_is_refused(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_text("just text pretending", encoding="utf-8")
    with pytest.raises(ReadError, match="fake.pdf: corrupt PDF"):
        read_document(path)


def test_docx_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "report.docx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(ReadError, match="report.docx: not a zip"):
        read_document(path)


def test_docx_paragraphs_and_tables_are_read(tmp_path):
    import docx

    word = docx.Document()
    word.add_paragraph("Witness: Errol Daley")
    table = word.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Phone"
    table.rows[0].cells[1].text = "876-555-0108"
    path = tmp_path / "statement.docx"
    word.save(path)
    text = read_document(path).text
    assert "Witness: Errol Daley" in text and "876-555-0108" in text


def test_zip_that_is_not_a_word_document_is_refused(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match="other.docx: corrupt Word document"):
        read_document(path)


def test_email_headers_are_metadata_and_addresses_are_kept(tmp_path):
    path = tmp_path / "tip.eml"
    path.write_text(
        "From: Tip Line <tips@example.org>\nTo: analyst@example.org\nSubject: Farm workers\n"
        "Date: Sat, 9 Apr 2022 21:30:00 -0500\nContent-Type: text/plain; charset=utf-8\n\n"
        "A man name Clive Henry own the farm.\n",
        encoding="utf-8",
    )
    document = read_document(path)
    assert document.title == "Farm workers"
    assert document.date == "2022-04-09"
    assert document.emails == ["tips@example.org", "analyst@example.org"]
    assert "Clive Henry own the farm" in document.text


def test_html_keeps_text_only(tmp_path):
    path = tmp_path / "post.html"
    path.write_text(
        "<html><head><title>Advert</title><script>alert(1)</script></head>"
        "<body><p>Call <b>Auntie Sharon</b> 876-555-0112</p></body></html>",
        encoding="utf-8",
    )
    document = read_document(path)
    assert "alert" not in document.text and "Auntie Sharon" in document.text and document.title == "Advert"


def test_markdown_markup_is_dropped(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Case notes\n\n**Client** met [Auntie Sharon](http://x)", encoding="utf-8")
    assert read_document(path).text == "Case notes\n\nClient met Auntie Sharon"


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000, encoding="utf-8")
    with pytest.raises(ReadError, match="big.txt: the file is too large"):
        read_document(path, limit=1000)


def test_folder_is_searched_for_report_files(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.pdf").write_bytes(b"%PDF")
    (tmp_path / "archive.zip").write_bytes(b"PK\x03\x04")
    assert [p.name for p in find_report_files([tmp_path])] == ["a.txt", "b.pdf"]


def test_scans_and_photos_in_a_folder_are_report_files(tmp_path):
    for name in ("scan.tiff", "photo.JPG", "flyer.png", "phone.heic"):
        (tmp_path / name).write_bytes(b"\x00")
    assert sorted(p.name for p in find_report_files([tmp_path])) == ["flyer.png", "phone.heic", "photo.JPG", "scan.tiff"]


def test_long_text_is_chunked_at_paragraphs_keeping_offsets():
    text = "\n\n".join(f"Paragraph {i} " + "word " * 50 for i in range(100))
    pieces = list(chunk_text(text, max_chars=1000))
    assert len(pieces) > 1
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        assert len(piece) <= 1000
    assert "".join(piece for _, piece in pieces) == text
    assert all(piece.endswith("\n\n") for _, piece in pieces[:-1])


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2022-02-03", "2022-02-03"),
        ("06/04/2022", "2022-04-06"),
        ("30 March 2022, 14:30", "2022-03-30"),
        ("May 10, 2022", "2022-05-10"),
    ],
)
def test_dates_in_headers_read_day_first(written, iso):
    assert parse_date(written) == iso


# --- titles: what the document is, not whose letterhead it is on --------------------------


def test_the_title_skips_an_institutions_letterhead_for_the_line_naming_the_document():
    text = "ST. JAMES PARISH COUNCIL\nWelfare office | Tel: 876-555-0100\nHOME VISIT NOTES\n\nDate: 2024-02-01\n"
    assert title_line(text) == "HOME VISIT NOTES"


def test_an_emails_subject_is_its_title():
    text = "From: A. Person <a@example.org>\nTo: B. Person <b@example.org>\nSubject: Workers for March\n\nHi,\n"
    assert title_line(text) == "Workers for March"


def test_a_field_naming_a_document_kind_is_a_title_but_a_report_number_is_not():
    assert title_line("REGIONAL POLICE\nPATROL REPORT: NIGHT SHIFT\nReport No.: 12\n") == "PATROL REPORT: NIGHT SHIFT"
    assert title_line("NORTHERN DIVISION\nReport No.: 12\nNothing to add.\n") == "Nothing to add."


def test_a_document_that_opens_with_its_own_words_keeps_its_first_line_as_title():
    assert title_line("Seen outside the bar at nine.\nTwo men left in a car.\n") == "Seen outside the bar at nine."
