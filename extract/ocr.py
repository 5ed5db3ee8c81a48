"""OCR of scanned pages and photos with Tesseract (Debian's ``tesseract-ocr``, driven by pytesseract).

Each page comes back as an :class:`OcrPage`: its number, its text, Tesseract's mean word
confidence, and how many words it read with low confidence. Those words are marked in the
text itself with ``[?]`` (the transcriber's mark for a doubtful reading), so the mark travels
with any sentence quoted as evidence. A page that cannot be read is a warning for that page,
never an exception that loses the rest of the report.

Languages are Tesseract's codes joined by ``+`` (``eng+spa+fra``); each needs its data
installed (Debian: ``apt-get install tesseract-ocr-spa``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.errors import ThreadlineError

if TYPE_CHECKING:  # Pillow is imported only when a page is read
    from PIL.Image import Image

DEFAULT_LANGUAGE = "eng"
#: Words Tesseract reads with a confidence (0-100) below this are marked ``[?]``.
LOW_CONFIDENCE = 60
#: Marks a word read with low confidence.
DOUBT_MARK = "[?]"
#: Resolution PDF pages are rendered at for OCR.
RENDER_DPI = 300
#: File suffixes read as images.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".heic", ".heif", ".bmp", ".gif", ".webp")

_LANGUAGE_CODE = re.compile(r"^[A-Za-z_]{3,20}$")


class OcrError(ThreadlineError):
    """OCR cannot run as asked (Tesseract or a language's data missing); the message says what to install."""


@dataclass
class OcrPage:
    """What OCR read on one page."""

    number: int  # 1-based
    text: str = ""
    confidence: float | None = None  # mean word confidence 0-100, None when nothing was read
    low_confidence_words: int = 0
    words: int = 0
    warning: str = ""  # why the page gave no text, when it did not

    @property
    def ok(self) -> bool:
        return not self.warning


@dataclass
class OcrSummary:
    """What OCR did to a report: which pages it read, how sure it was, what it could not read."""

    language: str
    pages: list[OcrPage] = field(default_factory=list)

    def doubtful_pages(self) -> list[str]:
        """A warning for each page read with a mean confidence under LOW_CONFIDENCE: check the scan."""
        return [
            f"page {page.number}: OCR read it with {page.confidence:.0f}% confidence; check it against the scan"
            for page in self.pages
            if page.ok and page.confidence is not None and page.confidence < LOW_CONFIDENCE
        ]

    def describe(self) -> str:
        """One line for the report's metadata, e.g. ``page 1 93%, page 2 41% (3 words marked [?]) (eng)``."""
        parts = []
        for page in self.pages:
            if page.warning:
                parts.append(f"page {page.number} unreadable")
            elif page.confidence is None:
                parts.append(f"page {page.number} blank")
            else:
                note = f" ({page.low_confidence_words} words marked {DOUBT_MARK})" if page.low_confidence_words else ""
                parts.append(f"page {page.number} {page.confidence:.0f}%{note}")
        return ", ".join(parts) + f" ({self.language})"


# --- setup -------------------------------------------------------------------------------------


def tesseract_available() -> bool:
    """Whether the Tesseract program can be run."""
    try:
        import pytesseract

        pytesseract.get_tesseract_version()
    except Exception:  # noqa: BLE001 - not installed, not on PATH, or broken: all mean "no OCR"
        return False
    return True


@lru_cache(maxsize=1)
def installed_languages() -> tuple[str, ...]:
    """The language codes whose Tesseract data is installed (``osd`` is not a language)."""
    import pytesseract

    try:
        return tuple(sorted(code for code in pytesseract.get_languages(config="") if code != "osd"))
    except Exception as error:  # noqa: BLE001 - pytesseract raises several kinds when tesseract is missing
        raise OcrError(
            f"Tesseract is not installed ({error}): run tools/setup.sh or apt-get install tesseract-ocr"
        ) from None


def check_language(language: str | None) -> str:
    """``language`` (default ``eng``) once every one of its ``+``-joined codes is installed; else OcrError."""
    language = (language or DEFAULT_LANGUAGE).strip()
    codes = [code.strip() for code in language.split("+") if code.strip()]
    bad = [code for code in codes if not _LANGUAGE_CODE.match(code)]
    if not codes or bad:
        raise OcrError(f"OCR language {language!r} is not a list of Tesseract codes like eng+spa+fra")
    missing = [code for code in codes if code not in installed_languages()]
    if missing:
        packages = " ".join(f"tesseract-ocr-{code.lower().replace('_', '-')}" for code in missing)
        raise OcrError(
            f"OCR language data not installed: {', '.join(missing)} "
            f"(installed: {', '.join(installed_languages()) or 'none'}); install it with: apt-get install {packages}"
        )
    return "+".join(codes)


# --- reading -----------------------------------------------------------------------------------


def ocr_image(image: Image, number: int = 1, language: str = DEFAULT_LANGUAGE) -> OcrPage:
    """The text Tesseract reads on one page image, low-confidence words marked ``[?]``.

    Never raises for a bad page: the page's ``warning`` says what went wrong.
    """
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per page: the machine is shared
    try:
        prepared = _prepare(image)
        data = pytesseract.image_to_data(prepared, lang=language, output_type=pytesseract.Output.DICT)
    except Exception as error:  # noqa: BLE001 - Tesseract/Pillow failures belong to this page only
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return OcrPage(number, warning=f"page {number}: OCR failed ({message})")
    return _page_from_data(number, data)


def _prepare(image: Image) -> Image:
    """Upright, grey, and large enough for Tesseract (small text is read better scaled up)."""
    from PIL import ImageOps

    image = ImageOps.exif_transpose(image) or image
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    image = image.convert("L")
    if image.width < 1200:
        factor = 2
        image = image.resize((image.width * factor, image.height * factor))
    return image


def _page_from_data(number: int, data: dict[str, list]) -> OcrPage:
    """Rebuild lines from Tesseract's word table, marking doubtful words; a blank line where
    the page leaves a gap taller than a line (Tesseract's own blocks split sentences)."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    extents: dict[tuple[int, int, int], tuple[int, int]] = {}  # top, bottom of each line
    confidences: list[float] = []
    doubtful = 0
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        try:
            confidence = float(data["conf"][i])
        except (TypeError, ValueError):
            confidence = -1.0
        if not word or confidence < 0:
            continue
        confidences.append(confidence)
        if confidence < LOW_CONFIDENCE:
            doubtful += 1
            word += DOUBT_MARK
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        lines.setdefault(key, []).append(word)
        top, bottom = int(data["top"][i]), int(data["top"][i]) + int(data["height"][i])
        old_top, old_bottom = extents.get(key, (top, bottom))
        extents[key] = (min(top, old_top), max(bottom, old_bottom))
    text_lines: list[str] = []
    previous_bottom: int | None = None
    for key, words in lines.items():
        top, bottom = extents[key]
        if previous_bottom is not None and top - previous_bottom > (bottom - top):
            text_lines.append("")
        text_lines.append(" ".join(words))
        previous_bottom = bottom
    mean = sum(confidences) / len(confidences) if confidences else None
    return OcrPage(
        number, text="\n".join(text_lines), confidence=mean, low_confidence_words=doubtful, words=len(confidences)
    )


def image_frames(data: bytes) -> Iterator[Image]:
    """Every page of an image file (one for PNG/JPEG/HEIC, one per frame of a multi-page TIFF)."""
    from io import BytesIO

    from PIL import Image as PILImage
    from PIL import ImageSequence

    _register_heif()
    with PILImage.open(BytesIO(data)) as image:
        for frame in ImageSequence.Iterator(image):
            yield frame.copy()


def render_pdf_page(data: bytes, index: int, dpi: int = RENDER_DPI) -> Image:
    """Page ``index`` (0-based) of a PDF as an image, rendered by PDFium (no system tools needed)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        page = pdf[index]
        try:
            return page.render(scale=dpi / 72).to_pil()
        finally:
            page.close()
    finally:
        pdf.close()


@lru_cache(maxsize=1)
def _register_heif() -> bool:
    """Let Pillow open HEIC/HEIF photos when pillow-heif is installed."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return False
    register_heif_opener()
    return True
