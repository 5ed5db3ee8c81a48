"""OCR of scans and photos: image-only PDF pages and images are read by Tesseract, page by page.

Every scan here is made in the test: Pillow draws known text into an image, saved as an
image-only PDF (no text layer) or as PNG/TIFF, so what OCR must find is known.
"""

from __future__ import annotations

import json

import pytest
from PIL import Image, ImageDraw, ImageFont
from typer.testing import CliRunner

from cli.main import app
from extract.ocr import DOUBT_MARK, OcrError, _page_from_data, check_language, ocr_image, tesseract_available
from extract.readers import ReadError, read_document
from graph.backends import open_store
from graph.pages import page_of

pytestmark = pytest.mark.skipif(not tesseract_available(), reason="Tesseract is installed by tools/setup.sh")

STATEMENT = [
    "WITNESS STATEMENT",
    "",
    "Date: 2022-03-14",
    "",
    "Marcus Campbell drove Keisha Brown to",
    "a house in Spanish Town on 12 March.",
    "Campbell uses 876-555-0143.",
]


def page_image(lines: list[str]) -> Image.Image:
    """A white A4-ish page at 200 dpi with ``lines`` typed on it."""
    font = ImageFont.load_default(size=40)
    image = Image.new("RGB", (1700, 2200), "white")
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((150, 150 + 70 * number), line, fill="black", font=font)
    return image


def scanned_pdf(path, *pages: list[str]):
    images = [page_image(lines) for lines in pages]
    images[0].save(path, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return path


def text_layer_pdf(path, text: str):
    """A PDF with a real text layer (what a word processor exports)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


def test_image_only_pdf_is_read_by_ocr_with_its_header(tmp_path):
    document = read_document(scanned_pdf(tmp_path / "statement.pdf", STATEMENT))
    assert "Marcus Campbell drove Keisha Brown" in document.text
    assert "876-555-0143" in document.text
    assert document.date == "2022-03-14"
    assert document.metadata["ocr"].startswith("page 1 ")
    assert document.to_report().ocr == document.metadata["ocr"]  # kept with the report, page by page


def test_scanned_pdf_is_ingested_and_the_names_in_it_are_found(tmp_path):
    scanned_pdf(tmp_path / "statement.pdf", STATEMENT)
    url = f"sqlite:///{tmp_path / 'case.db'}"
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "statement.pdf"), "--store", url, "--case", "SCAN"])
    assert result.exit_code == 0, result.output
    hits = json.loads(CliRunner().invoke(app, ["search", "Marcus Campbell", "--store", url, "--json"]).output)
    assert hits and hits[0]["name"] == "Marcus Campbell"
    # the one driven is a victim: search never confirms her name, so read the store itself
    with open_store(url, create=False) as store:
        names = {entity.name for entity in store.entities(kinds=["PERSON"])}
        (report,) = store.reports()
    assert {"Marcus Campbell", "Keisha Brown"} <= names
    assert report.ocr.startswith("page 1 ") and "%" in report.ocr  # how well each page was read, kept


def test_a_pdf_with_a_text_layer_is_not_ocred(tmp_path):
    document = read_document(text_layer_pdf(tmp_path / "typed.pdf", "Marcus Campbell paid Keisha Brown."))
    assert "Marcus Campbell paid Keisha Brown." in document.text
    assert "ocr" not in document.metadata


def test_each_page_keeps_its_number_so_evidence_can_cite_it(tmp_path):
    path = scanned_pdf(tmp_path / "two.pdf", ["Page one names nobody."], ["Delroy Francis met the driver."])
    document = read_document(path)
    assert document.pages == 2
    assert page_of(document.text, document.text.index("Delroy Francis")) == 2
    assert page_of(document.text, document.text.index("nobody")) == 1


def test_a_png_photo_is_read_by_ocr(tmp_path):
    page_image(STATEMENT).save(tmp_path / "flyer.png")
    assert "Spanish Town" in read_document(tmp_path / "flyer.png").text


def test_every_frame_of_a_multipage_tiff_is_a_page(tmp_path):
    first, second = page_image(["Alpha page names Ann Reid."]), page_image(["Beta page names Tom Gayle."])
    first.save(tmp_path / "scan.tiff", save_all=True, append_images=[second])
    document = read_document(tmp_path / "scan.tiff")
    assert document.pages == 2
    assert page_of(document.text, document.text.index("Tom Gayle")) == 2


def test_a_page_that_fails_ocr_is_a_warning_and_the_other_pages_are_kept(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "Typed page: Marcus Campbell paid the driver.")
    pdf.add_page()
    pdf.image(page_image(["Scanned page: Keisha Brown"]), x=0, y=0, w=210)
    pdf.output(str(tmp_path / "mixed.pdf"))
    document = read_document(tmp_path / "mixed.pdf", ocr_language="qqq")  # no such language data
    assert "Marcus Campbell paid the driver." in document.text
    assert document.pages == 2
    assert document.warnings and document.warnings[0].startswith("page 2: OCR failed")


def test_words_read_with_low_confidence_are_marked():
    table = {  # Tesseract's word table for one line: two sure words and one doubtful
        "text": ["Keisha", "Brovvn", "left"],
        "conf": [96, 31, 90],
        "block_num": [1, 1, 1],
        "par_num": [1, 1, 1],
        "line_num": [1, 1, 1],
        "top": [10, 10, 10],
        "height": [30, 30, 30],
    }
    page = _page_from_data(1, table)
    assert page.text == f"Keisha Brovvn{DOUBT_MARK} left"
    assert page.low_confidence_words == 1 and round(page.confidence) == 72


def test_ocr_of_a_blank_page_gives_no_text_and_no_error():
    page = ocr_image(Image.new("RGB", (800, 1000), "white"))
    assert page.ok and page.text == ""


def test_a_language_without_installed_data_is_refused_naming_the_package():
    with pytest.raises(OcrError, match="tesseract-ocr-zzz"):
        check_language("eng+zzz")
    assert check_language("eng") == "eng"


def test_ingest_refuses_an_ocr_language_that_is_not_installed(tmp_path):
    (tmp_path / "r.txt").write_text("Marcus Campbell called.", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["ingest", str(tmp_path / "r.txt"), "--store", f"sqlite:///{tmp_path / 'c.db'}", "--ocr-lang", "eng+zzz"]
    )
    assert result.exit_code == 2
    assert "zzz" in result.output


def test_an_image_that_is_not_an_image_is_refused_by_name(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"not really a jpeg at all")
    with pytest.raises(ReadError, match="photo.jpg: not a readable image"):
        read_document(tmp_path / "photo.jpg")


def test_a_page_read_with_low_confidence_is_a_warning_to_check_the_scan():
    from extract.ocr import OcrPage, OcrSummary

    summary = OcrSummary("eng", [OcrPage(1, "clear", 94.0), OcrPage(2, "sm[?]udged", 38.0)])
    assert summary.doubtful_pages() == ["page 2: OCR read it with 38% confidence; check it against the scan"]
    assert summary.describe() == "page 1 94%, page 2 38% (eng)"


def test_a_heic_phone_photo_is_read_by_ocr(tmp_path):
    from pillow_heif import register_heif_opener

    register_heif_opener()  # lets Pillow write the HEIC a phone would take
    page_image(["Flyer: call Miss Pearl on 876-555-0122"]).save(tmp_path / "IMG_0412.heic", quality=95)
    assert "Miss Pearl on 876-555-0122" in read_document(tmp_path / "IMG_0412.heic").text
