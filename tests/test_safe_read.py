"""Sandboxed reading of a hostile corpus, generated here: each bad file gets a clear message
naming it and the problem, the batch goes on, and what is already stored does not change.

The readers below (hang, allocate, crash) stand in for a parser that hangs, eats memory or
segfaults on a pathological file; the worker imports them by name like any other reader.
"""

from __future__ import annotations

import os
import signal
import time
import zipfile
from pathlib import Path

import pytest

from extract.readers import ReadError, read_document
from extract.safe_read import Limits, SafeReader, check_zip_bomb, safe_read_document
from graph.embedded import EmbeddedStore
from graph.model import Extraction

HERE = "tests.test_safe_read"

# --- stand-ins for parsers misbehaving on a pathological file (run inside the worker) ------------


def hang_reader(path, limit=None):
    time.sleep(3600)


def allocate_reader(path, limit=None):
    hog = bytearray(4 * 1024 * 1024 * 1024)
    return hog


def crash_reader(path, limit=None):
    os.kill(os.getpid(), signal.SIGSEGV)


def slow_then_fine_reader(path, limit=None):
    if "hang" in Path(path).name:
        time.sleep(3600)
    return read_document(path, limit)


def page_by_page_reader(path, limit=None, progress=None):
    """A long scan: each page takes a while, and says so when it is done (as OCR does)."""
    for _page in range(4):
        time.sleep(0.5)
        progress()
    return read_document(path, limit)


# --- the hostile corpus ---------------------------------------------------------------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def write_zip_bomb_docx(path: Path, megabytes: int = 240) -> Path:
    """A DOCX of a few hundred KB whose document.xml declares and holds ``megabytes`` of XML."""
    run = b"<w:p><w:r><w:t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</w:t></w:r></w:p>" * 13_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            for _ in range(megabytes):
                member.write(run[: 1024 * 1024])
            member.write(b"</w:body></w:document>")
    return path


def write_pdf(path: Path, encrypted: bool = False) -> Path:
    """A one-page PDF; ``encrypted`` adds a Standard security handler whose password is not empty."""
    stream = b"BT /F1 12 Tf 20 100 Td (Surveillance notes) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if encrypted:
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>")
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypted:
        trailer += b" /Encrypt 6 0 R /ID [<" + b"ab" * 16 + b"> <" + b"ab" * 16 + b">]"
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(out)
    return path


def write_docx(path: Path, text: str, extra: dict[str, bytes] | None = None) -> Path:
    """A real Word document (python-docx) with ``extra`` members added to its zip."""
    import docx

    word = docx.Document()
    word.add_paragraph(text)
    word.save(str(path))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


@pytest.fixture
def reader():
    with SafeReader(Limits(seconds=20)) as safe_reader:
        yield safe_reader


def problem_of(reader: SafeReader, path: Path) -> str:
    with pytest.raises(ReadError) as caught:
        reader.read(path)
    assert caught.value.path.endswith(path.name)
    return str(caught.value)


# --- one behaviour each -----------------------------------------------------------------------------


def test_a_plain_report_reads_the_same_as_without_the_sandbox(reader, tmp_path):
    path = tmp_path / "intel.txt"
    path.write_text("INTELLIGENCE REPORT\nGrading: B2\n\nMarlon Campbell drove two women to Negril.\n")
    document = reader.read(path)
    assert document == read_document(path)
    assert document.grading == "B2"


def test_a_zip_bomb_docx_is_refused_before_parsing(reader, tmp_path):
    bomb = write_zip_bomb_docx(tmp_path / "bomb.docx")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    message = problem_of(reader, bomb)
    assert message.startswith("bomb.docx: looks like a zip bomb")


def test_a_bomb_is_found_from_the_directory_alone(tmp_path):
    bomb = write_zip_bomb_docx(tmp_path / "bomb.docx", megabytes=30)
    with pytest.raises(ReadError, match="expands"):
        check_zip_bomb(bomb)


def test_a_docx_over_the_expanded_size_limit_is_refused(tmp_path):
    path = write_docx(tmp_path / "big.docx", "hello", {"word/media/blob.bin": os.urandom(300_000)})
    with pytest.raises(ReadError, match="would expand to"):
        check_zip_bomb(path, Limits(zip_max_uncompressed=200_000))


def test_a_zip_inside_a_docx_is_not_opened(reader, tmp_path):
    inner = write_docx(tmp_path / "inner.docx", "inner")
    outer = write_docx(tmp_path / "outer.docx", "outer", {"word/embeddings/object1.bin": inner.read_bytes()})
    assert "archive inside the document" in problem_of(reader, outer)


def test_an_ordinary_docx_passes_the_bomb_check_and_reads(reader, tmp_path):
    path = write_docx(tmp_path / "statement.docx", "Tanya said the driver took her passport.")
    assert "took her passport" in reader.read(path).text


def test_an_encrypted_pdf_asks_for_the_password_to_be_removed(reader, tmp_path):
    message = problem_of(reader, write_pdf(tmp_path / "locked.pdf", encrypted=True))
    assert "encrypted PDF" in message and "locked.pdf" in message


def test_a_corrupt_pdf_says_it_is_corrupt(reader, tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(write_pdf(tmp_path / "whole.pdf").read_bytes()[:120])
    assert "broken.pdf:" in problem_of(reader, path)


def test_a_file_that_only_calls_itself_pdf_is_refused(reader, tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"this is not a pdf at all")
    assert "corrupt PDF" in problem_of(reader, path)


def test_an_empty_file_says_it_is_empty(reader, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert problem_of(reader, path) == "empty.txt: the file is empty"


def test_binary_junk_is_not_read_as_text(reader, tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 64)
    assert "binary file" in problem_of(reader, path)


def test_utf16_without_a_bom_is_decoded(reader, tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Sighting of the white Noah van at Ocho Rios.".encode("utf-16-le"))
    assert reader.read(path).text.startswith("Sighting of the white Noah van")


def test_cp1252_text_is_decoded(reader, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes("The caf\u00e9 owner \u2013 \u201cMiss Ivy\u201d \u2013 paid the fare.".encode("cp1252"))
    assert "caf\u00e9 owner \u2013 \u201cMiss Ivy\u201d" in reader.read(path).text


def test_an_oversized_file_is_refused_with_its_size(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("x " * 5_000)
    with SafeReader(Limits(max_file_bytes=4_000)) as small:
        assert "too large" in problem_of(small, path)


def test_a_parse_that_hangs_is_stopped_at_the_time_limit(tmp_path):
    path = tmp_path / "tarpit.txt"
    path.write_text("anything")
    with SafeReader(Limits(seconds=1.5), reader=f"{HERE}:hang_reader") as slow:
        message = problem_of(slow, path)
    assert message == "tarpit.txt: timed out: reading took longer than 1.5 s and was stopped"


def test_a_parse_that_eats_memory_is_stopped_at_the_memory_limit(tmp_path):
    path = tmp_path / "balloon.txt"
    path.write_text("anything")
    with SafeReader(Limits(memory_bytes=512 * 1024 * 1024), reader=f"{HERE}:allocate_reader") as hungry:
        assert "ran out of memory" in problem_of(hungry, path)


def test_a_parser_crash_is_a_message_not_a_dead_batch(tmp_path):
    path = tmp_path / "segv.txt"
    path.write_text("anything")
    with SafeReader(reader=f"{HERE}:crash_reader") as crashing:
        assert "the reader crashed on this file (killed by SIGSEGV)" in problem_of(crashing, path)


def test_the_batch_goes_on_after_a_file_that_hangs(tmp_path):
    (tmp_path / "a_first.txt").write_text("First report: Owen Blake drove the van.")
    (tmp_path / "b_hang.txt").write_text("This one hangs the parser.")
    (tmp_path / "c_last.txt").write_text("Last report: the van reached Negril.")
    paths = sorted(tmp_path.glob("*.txt"))
    with SafeReader(Limits(seconds=1.5), reader=f"{HERE}:slow_then_fine_reader") as batch:
        results = list(batch.read_all(paths))
    assert [r.ok for r in results] == [True, False, True]
    assert "timed out" in str(results[1].error)
    assert results[2].document.text.startswith("Last report")


def test_a_hostile_batch_leaves_what_is_stored_unchanged(tmp_path):
    store = EmbeddedStore(tmp_path / "case.db")
    stored = tmp_path / "stored.txt"
    stored.write_text("Earlier report: Ricky Grant uses 876-555-0142.")
    report = safe_read_document(stored).to_report(case="ACKEE")
    store.ingest(report, Extraction())
    before = (store.stats(), store.get_report(report.id))

    incoming = tmp_path / "incoming"
    incoming.mkdir()
    write_zip_bomb_docx(incoming / "bomb.docx", megabytes=30)
    write_pdf(incoming / "locked.pdf", encrypted=True)
    (incoming / "empty.txt").write_bytes(b"")
    (incoming / "junk.txt").write_bytes(os.urandom(4096))
    (incoming / "good.txt").write_text("New report: Tanya Hall was moved to Montego Bay.")
    with SafeReader() as batch:
        results = list(batch.read_all(sorted(incoming.iterdir())))
    for result in results:
        if result.ok:
            store.ingest(result.document.to_report(case="ACKEE"), Extraction())

    assert sorted(r.path.name for r in results if r.ok) == ["good.txt"]
    assert all(r.path.name in str(r.error) for r in results if not r.ok)
    assert store.get_report(report.id) == before[1]
    assert store.stats().reports == before[0].reports + 1
    store.close()


def test_a_scan_read_page_by_page_gets_time_for_each_page(tmp_path):
    (tmp_path / "scan.txt").write_text("Scanned statement: Owen Blake drove the van.")
    with SafeReader(Limits(seconds=1.2), reader=f"{HERE}:page_by_page_reader") as reader:
        document = reader.read(tmp_path / "scan.txt")  # 2 s in all, never 1.2 s without a page
    assert "Owen Blake" in document.text


def test_a_scan_read_page_by_page_still_stops_at_the_overall_limit(tmp_path):
    (tmp_path / "scan.txt").write_text("Scanned statement.")
    with SafeReader(Limits(seconds=1.2, max_seconds=1.0), reader=f"{HERE}:page_by_page_reader") as reader:
        with pytest.raises(ReadError, match="timed out"):
            reader.read(tmp_path / "scan.txt")
