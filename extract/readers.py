"""Readers: turn a report file (txt, pdf, docx, eml, html, md, or a scan or photo) into a Document.

Every problem a user can act on (empty file, corrupt or encrypted PDF, a .docx that is not a
zip, undecodable text, a file over the size limit) raises :class:`ReadError` naming the file.

Pages are kept: a PDF's or multi-page scan's pages are separated by :data:`graph.pages.PAGE_BREAK`,
so evidence can cite "page 3". A PDF page without a text layer, and every image, is read by
OCR (:mod:`extract.ocr`); a page OCR cannot read is a warning on the Document, not a lost
report. An e-mail's attachments are read as Documents of their own, linked to the e-mail.
"""

from __future__ import annotations

import email
import email.policy
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extract.ocr import DEFAULT_LANGUAGE, IMAGE_SUFFIXES, OcrPage, OcrSummary
from graph.errors import ThreadlineError
from graph.identity import UndecodableText
from graph.identity import decode_text as decode_policy
from graph.model import Grading, Report, report_id_for
from graph.pages import PAGE_BREAK, join_pages

#: Largest file read, in bytes (override with THREADLINE_MAX_FILE_BYTES).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

#: Longest piece of text handed to spaCy at once (spaCy's own default limit is 1,000,000).
MAX_CHUNK_CHARS = 200_000

SUPPORTED_SUFFIXES = (
    ".txt", ".text", ".log", ".pdf", ".docx", ".eml", ".html", ".htm", ".md", ".markdown"
) + IMAGE_SUFFIXES  # fmt: skip

#: How deep e-mails attached to e-mails are read.
MAX_ATTACHMENT_DEPTH = 3
#: Separates an e-mail's file name from an attachment's in the attachment's ``source``.
ATTACHMENT_SEPARATOR = " › "


class ReadError(ThreadlineError):
    """A report file that cannot be read; the message names the file and the problem."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{Path(path).name}: {problem}")


@dataclass
class Document:
    """The text of one report file and what its header says about it."""

    text: str
    source: str  # file name
    title: str = ""
    kind: str = "report"
    date: str | None = None  # ISO date when the header gives one
    author: str | None = None  # reporting officer
    reference: str | None = None  # report number as written
    grading: str | None = None  # e.g. "B2"
    emails: list[str] = field(default_factory=list)  # addresses from e-mail headers
    metadata: dict[str, str] = field(default_factory=dict)  # every header line found
    pages: int = 1  # pages in the text (separated by graph.pages.PAGE_BREAK)
    warnings: list[str] = field(default_factory=list)  # what could not be read, e.g. one page's OCR
    attachments: list[Document] = field(default_factory=list)  # an e-mail's attachments, read on their own
    attached_to: str | None = None  # source of the e-mail this came attached to

    @classmethod
    def from_dict(cls, data: dict) -> Document:
        """The Document ``dataclasses.asdict`` made ``data`` from (attachments included)."""
        data = dict(data)
        data["attachments"] = [cls.from_dict(child) for child in data.get("attachments", [])]
        return cls(**data)

    def with_attachments(self) -> list[Document]:
        """This document, then each attachment (and theirs), each a report of its own."""
        found = [self]
        for child in self.attachments:
            found.extend(child.with_attachments())
        return found

    def to_report(self, case: str = "default", grading: str | None = None, handling_code: str | None = None) -> Report:
        """The Report this document becomes (id = hash of its text)."""
        graded = Grading.parse(grading or self.grading)
        return Report.from_text(
            self.text,
            title=self.title,
            kind=self.kind,
            source=self.source,
            case=case,
            reported_at=self.date,
            source_grading=graded.source,
            information_grading=graded.information,
            handling_code=handling_code,
            author=self.author,
            reference=self.reference,
            ocr=self.metadata.get("ocr"),
        )


# --- file discovery --------------------------------------------------------------------


def find_report_files(paths: list[str | os.PathLike[str]]) -> list[Path]:
    """The report files named by ``paths`` (files as given, folders searched recursively), sorted.
    A link in a folder that leads outside it is left out (see :func:`links_leaving`)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(p for p in _candidates(path) if not _leaves(p, path))
        else:
            found.append(path)
    return found


def links_leaving(paths: list[str | os.PathLike[str]]) -> list[Path]:
    """Files in the folders of ``paths`` that are links (or inside linked folders) leading
    outside the folder: refused, so a link to /etc/passwd is never read as a report."""
    return [p for raw in paths if Path(raw).is_dir() for p in _candidates(Path(raw)) if _leaves(p, Path(raw))]


def _candidates(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUPPORTED_SUFFIXES
        and not p.name.startswith(".")
        and p.name.lower() != "readme.md"
    )


def _leaves(path: Path, folder: Path) -> bool:
    return not path.resolve().is_relative_to(folder.resolve())


# --- reading -----------------------------------------------------------------------------


def max_bytes() -> int:
    try:
        return int(os.environ.get("THREADLINE_MAX_FILE_BYTES", DEFAULT_MAX_BYTES))
    except ValueError:
        return DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class ReadOptions:
    """How to read: the size limit and the OCR languages (Tesseract codes, ``eng+spa+fra``)."""

    limit: int
    ocr_language: str = DEFAULT_LANGUAGE
    depth: int = 0  # how many e-mails this file came attached to
    progress: Callable[[], None] | None = None  # called after each page OCR reads (a sandbox's heartbeat)

    def page_done(self) -> None:
        if self.progress is not None:
            self.progress()


def read_document(
    path: str | os.PathLike[str],
    limit: int | None = None,
    ocr_language: str | None = None,
    progress: Callable[[], None] | None = None,
) -> Document:
    """Read one report file into a Document; raise ReadError for anything unreadable.

    ``ocr_language`` is used for scans and photos (default ``eng``); check it first with
    :func:`extract.ocr.check_language` to get one clear message for a batch. ``progress`` is
    called after each page OCR reads (slow work that is still moving).
    """
    path = Path(path)
    if not path.exists():
        raise ReadError(path, "file not found")
    if not path.is_file():
        raise ReadError(path, "not a file")
    size = path.stat().st_size
    limit = max_bytes() if limit is None else limit
    if size == 0:
        raise ReadError(path, "the file is empty")
    if size > limit:
        raise ReadError(path, f"the file is too large ({size:,} bytes; the limit is {limit:,})")
    options = ReadOptions(limit=limit, ocr_language=ocr_language or DEFAULT_LANGUAGE, progress=progress)
    return read_bytes(path, path.read_bytes(), options)


def read_bytes(path: Path, data: bytes, options: ReadOptions) -> Document:
    """Read the bytes of a file named ``path`` (an e-mail attachment needs no file on disk)."""
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix, _read_text)
    if suffix in IMAGE_SUFFIXES:
        reader = _read_image
    document = reader(path, data, options)
    document.text = normalise_newlines(document.text)
    if not document.text.replace(PAGE_BREAK, "").strip():
        raise ReadError(path, "no text could be found in the file" + _why(document))
    document.pages = document.text.count(PAGE_BREAK) + 1
    _apply_header(document)
    return document


def _why(document: Document) -> str:
    return f" ({'; '.join(document.warnings)})" if document.warnings else ""


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, path: str | os.PathLike[str] = "text") -> str:
    """Decode bytes by the project's one policy (:func:`graph.identity.decode_text`), naming the file on failure."""
    try:
        return decode_policy(data)
    except UndecodableText as error:
        raise ReadError(path, str(error)) from None


def _read_text(path: Path, data: bytes, options: ReadOptions) -> Document:
    return Document(text=decode_text(data, path), source=path.name)


def _read_markdown(path: Path, data: bytes, options: ReadOptions) -> Document:
    text = decode_text(data, path)
    # keep the words, drop the markup that is not part of them
    text = re.sub(r"^#{1,6}\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return Document(text=text, source=path.name)


def _read_html(path: Path, data: bytes, options: ReadOptions) -> Document:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if soup.title:
        soup.title.decompose()
    text = soup.get_text("\n")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return Document(text=text, source=path.name, title=title)


def _read_pdf(path: Path, data: bytes, options: ReadOptions) -> Document:
    """Each page's text layer; a page without one is read by OCR (a warning when that fails)."""
    from io import BytesIO

    from pdfminer.high_level import extract_text
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError(path, "corrupt PDF: the file does not start with a PDF header")
    try:
        text = extract_text(BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise ReadError(path, f"encrypted PDF: remove the password and try again ({type(error).__name__})") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError) as error:
        message = str(error) or type(error).__name__
        if "encrypt" in message.lower() or "password" in message.lower():
            raise ReadError(path, "encrypted PDF: remove the password and try again") from None
        raise ReadError(path, f"corrupt PDF: {message}") from None
    except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds for broken files
        if "encrypt" in str(error).lower() or "password" in str(error).lower():
            raise ReadError(path, "encrypted PDF: remove the password and try again") from None
        raise ReadError(path, f"corrupt PDF: {type(error).__name__}: {error}") from None
    pages = text.split("\f")  # pdfminer ends every page with a form feed
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    document = Document(text="", source=path.name)
    scanned = [i for i, page in enumerate(pages) if len(page.strip()) < MIN_TEXT_LAYER_CHARS]
    if scanned:
        summary = OcrSummary(options.ocr_language)
        for index in scanned:
            page = _ocr_pdf_page(data, index, options.ocr_language)
            options.page_done()
            summary.pages.append(page)
            if page.warning:
                document.warnings.append(page.warning)
            else:
                pages[index] = page.text
        document.metadata["ocr"] = summary.describe()
        document.warnings.extend(summary.doubtful_pages())
    document.text = join_pages(pages)
    return document


#: A PDF page with fewer visible characters than this in its text layer is read by OCR.
MIN_TEXT_LAYER_CHARS = 3


def _ocr_pdf_page(data: bytes, index: int, language: str) -> OcrPage:
    from extract.ocr import ocr_image, render_pdf_page, tesseract_available

    number = index + 1
    if not tesseract_available():
        return OcrPage(number, warning=f"page {number} has no text layer and OCR is not installed (run tools/setup.sh)")
    try:
        image = render_pdf_page(data, index)
    except Exception as error:  # noqa: BLE001 - PDFium failures belong to this page only
        return OcrPage(number, warning=f"page {number}: could not be rendered for OCR ({error})")
    return ocr_image(image, number, language)


def _read_image(path: Path, data: bytes, options: ReadOptions) -> Document:
    """A scan or photo (PNG, JPEG, TIFF with one page per frame, HEIC): its text by OCR."""
    from extract.ocr import image_frames, ocr_image, tesseract_available

    if not tesseract_available():
        raise ReadError(path, "an image is read by OCR, and OCR is not installed: run tools/setup.sh")
    summary = OcrSummary(options.ocr_language)
    try:
        for number, frame in enumerate(image_frames(data), start=1):
            summary.pages.append(ocr_image(frame, number, options.ocr_language))
            options.page_done()
    except Exception as error:  # noqa: BLE001 - Pillow raises many kinds for broken images
        if not summary.pages:
            raise ReadError(path, f"not a readable image ({type(error).__name__}: {error})") from None
        summary.pages.append(OcrPage(len(summary.pages) + 1, warning=f"page {len(summary.pages) + 1}: {error}"))
    document = Document(text=join_pages([page.text for page in summary.pages]), source=path.name)
    document.warnings.extend(page.warning for page in summary.pages if page.warning)
    document.warnings.extend(summary.doubtful_pages())
    document.metadata["ocr"] = summary.describe()
    return document


def _read_docx(path: Path, data: bytes, options: ReadOptions) -> Document:
    import zipfile
    from io import BytesIO

    if not zipfile.is_zipfile(BytesIO(data)):
        raise ReadError(path, "not a zip: a .docx file is a zip archive and this one is not (corrupt or misnamed?)")
    import docx

    try:
        word = docx.Document(BytesIO(data))
    except Exception as error:  # noqa: BLE001 - python-docx raises KeyError/ValueError/BadZipFile...
        raise ReadError(path, f"corrupt Word document: {type(error).__name__}: {error}") from None
    lines = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    props = word.core_properties
    document = Document(text="\n".join(lines), source=path.name, title=props.title or "")
    if props.author:
        document.metadata["author"] = props.author
    return document


def _read_eml(path: Path, data: bytes, options: ReadOptions) -> Document:
    message = email.message_from_bytes(data, policy=email.policy.default)
    headers = {k: str(v) for k, v in message.items()}
    if not headers:
        raise ReadError(path, "not an e-mail: no headers found")
    body_part = message.get_body(preferencelist=("plain", "html"))
    body = ""
    if body_part is not None:
        try:
            body = body_part.get_content()
        except (LookupError, UnicodeDecodeError):
            body = decode_text(body_part.get_payload(decode=True) or b"", path)
        if body_part.get_content_type() == "text/html":
            from bs4 import BeautifulSoup

            body = BeautifulSoup(body, "html.parser").get_text("\n")
    header_lines = [f"{name}: {headers[name]}" for name in ("From", "To", "Cc", "Date", "Subject") if name in headers]
    attachments, listing, warnings = _read_attachments(path, message, options)
    text = "\n".join(header_lines) + "\n\n" + body
    if listing:
        text = text.rstrip("\n") + "\n\nAttachments:\n" + "\n".join(listing) + "\n"
    addresses: list[str] = []
    for name in ("From", "To", "Cc", "Reply-To"):
        for _display, address in email.utils.getaddresses(message.get_all(name, [])):
            if address and address not in addresses:
                addresses.append(address)
    document = Document(
        text=text,
        source=path.name,
        title=headers.get("Subject", ""),
        kind="email",
        emails=addresses,
        warnings=warnings,
        attachments=attachments,
    )
    document.metadata.update({k.lower(): v for k, v in headers.items() if k in ("From", "To", "Cc", "Date", "Subject")})
    if "Date" in headers:
        try:
            document.date = email.utils.parsedate_to_datetime(headers["Date"]).date().isoformat()
        except (TypeError, ValueError):
            pass
    for child in attachments:
        child.date = child.date or document.date
    return document


def _read_attachments(
    path: Path, message: email.message.EmailMessage, options: ReadOptions
) -> tuple[list[Document], list[str], list[str]]:
    """Each attachment read as a Document of its own (``source`` "mail.eml › statement.pdf",
    ``attached_to`` the e-mail), the e-mail's listing of them (naming each one's report id),
    and a warning for each attachment that could not be read."""
    documents: list[Document] = []
    listing: list[str] = []
    warnings: list[str] = []
    for number, part in enumerate(message.iter_attachments(), start=1):
        name = Path(str(part.get_filename() or "")).name
        if part.get_content_type() == "message/rfc822":
            name = name or f"attached-message-{number}.eml"
            inner = part.get_payload(0) if part.is_multipart() else None
            payload = inner.as_bytes() if inner is not None else (part.get_payload(decode=True) or b"")
        else:
            payload = part.get_payload(decode=True) or b""
        if not Path(name).suffix:
            import mimetypes

            name = (name or f"attachment-{number}") + (mimetypes.guess_extension(part.get_content_type()) or "")
        source = path.name + ATTACHMENT_SEPARATOR + name
        problem = _attachment_problem(name, payload, options)
        if problem is None:
            try:
                if Path(name).suffix.lower() in ZIP_BASED_SUFFIXES:
                    check_zip_bomb(Path(source), data=payload)
                child_options = ReadOptions(options.limit, options.ocr_language, options.depth + 1, options.progress)
                child = read_bytes(Path(name), payload, child_options)
            except ReadError as error:
                problem = error.problem
        if problem is not None:
            listing.append(f"- {name}: not read ({problem})")
            warnings.append(f"attachment {name}: not read ({problem})")
            continue
        child.source = source
        child.attached_to = path.name
        for grandchild in child.attachments:
            grandchild.source = path.name + ATTACHMENT_SEPARATOR + grandchild.source
        child.warnings = [f"{name}: {warning}" for warning in child.warnings]
        documents.append(child)
        listing.append(f"- {name}: read as report {report_id_for(child.text)}")
    return documents, listing, warnings


#: Attachment types checked for zip bombs before they are opened.
ZIP_BASED_SUFFIXES = (".docx",)


def _attachment_problem(name: str, payload: bytes, options: ReadOptions) -> str | None:
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return f"{suffix or 'this'} files are not read"
    if not payload:
        return "the attachment is empty"
    if len(payload) > options.limit:
        return f"too large ({len(payload):,} bytes; the limit is {options.limit:,})"
    if suffix == ".eml" and options.depth + 1 >= MAX_ATTACHMENT_DEPTH:
        return f"e-mails attached more than {MAX_ATTACHMENT_DEPTH - 1} deep are not read"
    return None


_READERS = {
    ".pdf": _read_pdf,
    ".docx": _read_docx,
    ".eml": _read_eml,
    ".html": _read_html,
    ".htm": _read_html,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
}


# --- header parsing ----------------------------------------------------------------------

_HEADER_LINE = re.compile(r"^\s*(?P<key>[A-Za-z][A-Za-z ./]{1,40}?)\s*:\s*(?P<value>\S.*?)\s*$", re.MULTILINE)

_HEADER_KEYS = {
    "report no.": "reference",
    "report no": "reference",
    "report number": "reference",
    "ref": "reference",
    "call ref": "reference",
    "date": "date",
    "date of interview": "date",
    "date/time": "date",
    "received": "date",
    "officer": "author",
    "reporting officer": "author",
    "analyst": "author",
    "observer": "author",
    "recorded by": "author",
    "statement taken by": "author",
    "caseworker": "author",
    "interviewing officer": "author",
    "interviewer": "author",
    "grading": "grading",
    "subject": "title",
}

_TITLE_PREFIX = re.compile(
    r"^(?:(?:Det\.?|Detective|Sgt\.?|Sergeant|Cpl\.?|Corporal|Cst\.?|Const\.?|Constable|Insp\.?|Inspector|"
    r"Supt\.?|Superintendent|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?)\s+)+"
)

_MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}


def parse_date(text: str) -> str | None:
    """An ISO date from ``2022-02-03``, ``06/04/2022`` (day first), ``30 March 2022`` or ``March 30, 2022``."""
    if m := re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := re.search(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b", text):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    elif m := re.search(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b", text):
        d, mo, y = int(m[1]), _MONTHS.get(m[2][:3].lower(), 0), int(m[3])
    elif m := re.search(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b", text):
        mo, d, y = _MONTHS.get(m[1][:3].lower(), 0), int(m[2]), int(m[3])
    else:
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def parse_header(text: str, lines: int = 25) -> dict[str, str]:
    """The ``Key: value`` lines at the top of a report (first ``lines`` lines), keys lower-cased."""
    head = "\n".join(text.split("\n")[:lines])
    found: dict[str, str] = {}
    for m in _HEADER_LINE.finditer(head):
        key = m["key"].strip().lower()
        found.setdefault(key, m["value"].strip())
    return found


#: Words that name what a document is ("INTELLIGENCE REPORT", "Witness statement", "Station diary").
_DOCUMENT_WORDS = re.compile(
    r"\b(report|statement|log|transcript|transcription|notes?|minutes|interview|debrief(?:ing)?|record|register|"
    r"sheet|diary|referral|letter|release|remarks|advert(?:isement)?|form|summary|memo(?:randum)?|"
    r"message|signal|bulletin|briefing|assessment|chat|export|thread|conference|meeting|agenda|ledger)\b",
    re.IGNORECASE,
)
#: A letterhead line: contact details, a column rule, or an institution's name alone in capitals.
_LETTERHEAD = re.compile(r"\b(tel|fax|phone|e-?mail|www)\b|[\w.+-]+@[\w-]+\.\w|https?:", re.IGNORECASE)
_INSTITUTION_WORDS = re.compile(
    r"\b(force|ministry|department|dept|school|college|unit|agency|police|constabulary|service|services|"
    r"office|court|hospital|clinic|council|foundation|embassy|authority|bureau|branch|division)\b",
    re.IGNORECASE,
)


def title_line(text: str, lines: int = 8) -> str:
    """The line that names the document among its first ``lines`` non-empty lines.

    Reports open with letterheads ("JAMAICA CONSTABULARY FORCE", "SCHOOL | Tel: ..."), so the
    first line names who wrote it, not what it is. The title is an e-mail's subject; else the
    first line naming a kind of document (report, statement, log, minutes...) that is not a
    ``Key: value`` field or contact details; else the first line unless it is letterhead
    (contact details, an institution's name alone in capitals), then the first line that is not."""
    candidates = [line.strip() for line in text.split("\n") if line.strip()][:lines]
    if not candidates:
        return ""
    fields = {m["key"].strip().lower(): m["value"] for m in map(_HEADER_LINE.fullmatch, candidates) if m}
    if {"from", "to", "subject"} <= fields.keys():  # an e-mail: its subject names it
        return fields["subject"]

    def field(line: str) -> bool:  # "Date: ...", "Report No.: ..." but not "OPERATIONAL REPORT: OPERATION X"
        m = _HEADER_LINE.fullmatch(line)
        return bool(m) and (m["key"].strip().lower() in _HEADER_KEYS or not _DOCUMENT_WORDS.search(m["key"]))

    def letterhead(line: str) -> bool:
        alone = line.upper() == line and _INSTITUTION_WORDS.search(line) and not _DOCUMENT_WORDS.search(line)
        return bool(_LETTERHEAD.search(line) or alone)

    for line in candidates:
        if _DOCUMENT_WORDS.search(line) and not field(line) and not _LETTERHEAD.search(line) and line[0] != "|":
            return line
    if not letterhead(candidates[0]):
        return candidates[0]
    return next((line for line in candidates if not letterhead(line) and not field(line)), candidates[0])


def _apply_header(document: Document) -> None:
    header = parse_header(document.text)
    for key, value in header.items():
        document.metadata.setdefault(key, value)
        field_name = _HEADER_KEYS.get(key)
        if field_name == "reference" and not document.reference:
            document.reference = value.split()[0] if value else None
        elif field_name == "date" and not document.date:
            document.date = parse_date(value)
        elif field_name == "author" and not document.author:
            name = re.split(r"[,;(]| with | - ", value)[0].strip()
            document.author = _TITLE_PREFIX.sub("", name).strip() or None
        elif field_name == "grading" and not document.grading:
            m = re.match(r"\s*([A-F])\s*([1-6])?", value, flags=re.IGNORECASE)
            if m:
                document.grading = (m[1] + (m[2] or "")).upper()
        elif field_name == "title" and not document.title:
            document.title = value
    if not document.title:
        document.title = title_line(document.text)[:120]
    if document.kind == "report":
        document.kind = guess_kind(document.text[:600], document.source)


_KINDS = (
    ("intel report", ("intelligence report", "intel report", "liaison report", "operational report")),
    ("phone analysis", ("telephone analysis", "phone analysis", "call detail")),
    ("tip-line", ("tip line", "tip-line", "crime stop")),
    ("interview", ("interview",)),
    ("witness statement", ("witness statement",)),
    ("surveillance log", ("surveillance log",)),
    ("advert", ("now hiring", "advert", "broadcast message", "instagram post", "facebook post")),
    ("case notes", ("case notes",)),
    ("news", ("news", "bureau")),
)


def guess_kind(head: str, source: str = "") -> str:
    """What sort of document this is, from its first lines or its file name."""
    lowered = (head + " " + source.replace("_", " ")).lower()
    for kind, words in _KINDS:
        if any(word in lowered for word in words):
            return kind
    return "report"


# --- chunking ------------------------------------------------------------------------------


def chunk_text(text: str, max_chars: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Split ``text`` at paragraph (else line, else space) boundaries into pieces of at most
    ``max_chars``; yields ``(offset, piece)`` with ``text[offset:offset+len(piece)] == piece``."""
    start = 0
    n = len(text)
    while start < n:
        end = min(start + max_chars, n)
        if end < n:
            cut = -1
            for separator in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(separator, start + max_chars // 2, end)
                if cut != -1:
                    end = cut + len(separator)
                    break
        yield start, text[start:end]
        start = end


ZIP_MAGIC = b"PK\x03\x04"
ZIP_SUFFIXES = (".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".odt", ".ods", ".odp", ".epub", ".zip")
NESTED_ARCHIVE_SUFFIXES = ZIP_SUFFIXES + (".jar", ".gz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".tgz")


@dataclass(frozen=True)
class Limits:
    """How much one file may cost: wall time, worker memory, and what a zip may expand to."""

    seconds: float = 60.0  # per file; OCR gets this again after each page it reads...
    max_seconds: float = 900.0  # ...up to this in all
    memory_bytes: int = 1024 * 1024 * 1024  # address space of the worker process
    max_file_bytes: int | None = None  # None: the readers' limit (THREADLINE_MAX_FILE_BYTES)
    zip_max_uncompressed: int = 200 * 1024 * 1024  # sum of the declared sizes of all members
    zip_max_ratio: float = 100.0  # uncompressed / compressed, for members over zip_ratio_floor
    zip_ratio_floor: int = 1024 * 1024
    zip_max_members: int = 10_000


def check_zip_bomb(path: str | os.PathLike[str], limits: Limits = Limits(), data: bytes | None = None) -> None:
    """Raise ReadError when a zip container would expand too far, without extracting it.

    Looks only at the central directory and the first bytes of members: too many members,
    a total declared size over the limit, a member compressed suspiciously well, members
    overlapping each other (the "overlapping files" bomb), encrypted members, and archives
    nested inside (zip-in-zip bombs). ``data``: the bytes of a zip that is not a file of its
    own (an e-mail's attachment), named ``path`` in messages.
    """
    path = Path(path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
    except zipfile.BadZipFile as error:
        raise ReadError(path, f"corrupt archive: not a readable zip ({error})") from None
    except OSError as error:
        raise ReadError(path, f"cannot open the file ({error.strerror or error})") from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.zip_max_members:
            raise ReadError(
                path, f"looks like a zip bomb: {len(members):,} files inside (the limit is {limits.zip_max_members:,})"
            )
        total = sum(m.file_size for m in members)
        if total > limits.zip_max_uncompressed:
            raise ReadError(
                path,
                f"looks like a zip bomb: it would expand to {_megabytes(total)} "
                f"(the limit is {_megabytes(limits.zip_max_uncompressed)})",
            )
        for member in members:
            if member.flag_bits & 0x1:
                raise ReadError(path, "encrypted document: remove the password and try again")
            if member.file_size > limits.zip_ratio_floor:
                ratio = member.file_size / max(member.compress_size, 1)
                if ratio > limits.zip_max_ratio:
                    raise ReadError(
                        path,
                        f"looks like a zip bomb: {member.filename!r} expands {ratio:,.0f} times "
                        f"to {_megabytes(member.file_size)} (the limit is {limits.zip_max_ratio:,.0f} times)",
                    )
        ordered = sorted(members, key=lambda m: m.header_offset)
        for first, second in zip(ordered, ordered[1:], strict=False):
            if first.header_offset + first.compress_size > second.header_offset:
                raise ReadError(path, "looks like a zip bomb: files inside the archive overlap each other")
        for member in members:
            name = member.filename.lower()
            if name.endswith(NESTED_ARCHIVE_SUFFIXES):
                raise ReadError(
                    path, f"an archive inside the document ({member.filename!r}) is not read: unpack it first"
                )
            if member.file_size >= 4 and not member.is_dir():
                try:
                    with archive.open(member) as inner:
                        head = inner.read(4)
                except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as error:
                    raise ReadError(path, f"corrupt archive: {member.filename!r} cannot be read ({error})") from None
                if head == ZIP_MAGIC:
                    raise ReadError(
                        path, f"an archive inside the document ({member.filename!r}) is not read: unpack it first"
                    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"
