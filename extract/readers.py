"""Readers: turn a report file (txt, pdf, docx, eml, html, md) into a Document of text and metadata.

Every problem a user can act on (empty file, corrupt or encrypted PDF, a .docx that is not a
zip, undecodable text, a file over the size limit) raises :class:`ReadError` naming the file.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import ThreadlineError
from graph.model import Grading, Report

#: Largest file read, in bytes (override with THREADLINE_MAX_FILE_BYTES).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

#: Longest piece of text handed to spaCy at once (spaCy's own default limit is 1,000,000).
MAX_CHUNK_CHARS = 200_000

SUPPORTED_SUFFIXES = (".txt", ".text", ".log", ".pdf", ".docx", ".eml", ".html", ".htm", ".md", ".markdown")


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
        )


# --- file discovery --------------------------------------------------------------------


def find_report_files(paths: list[str | os.PathLike[str]]) -> list[Path]:
    """The report files named by ``paths`` (files as given, folders searched recursively), sorted."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in SUPPORTED_SUFFIXES
                    and not p.name.startswith(".")
                    and p.name.lower() != "readme.md"
                )
            )
        else:
            found.append(path)
    return found


# --- reading -----------------------------------------------------------------------------


def max_bytes() -> int:
    try:
        return int(os.environ.get("THREADLINE_MAX_FILE_BYTES", DEFAULT_MAX_BYTES))
    except ValueError:
        return DEFAULT_MAX_BYTES


def read_document(path: str | os.PathLike[str], limit: int | None = None) -> Document:
    """Read one report file into a Document; raise ReadError for anything unreadable."""
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
    data = path.read_bytes()
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix, _read_text)
    document = reader(path, data)
    document.text = normalise_newlines(document.text)
    if not document.text.strip():
        raise ReadError(path, "no text could be found in the file")
    _apply_header(document)
    return document


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, path: str | os.PathLike[str] = "text") -> str:
    """Decode bytes: a BOM decides (UTF-8/UTF-16/UTF-32), else UTF-8, else a detected encoding, else cp1252."""
    boms = (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ReadError(
                    path, f"wrong encoding: starts like {encoding} but does not decode ({error.reason})"
                ) from None
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM: every other byte of ASCII text is zero
        zeros_even = data[0:4096:2].count(0)
        zeros_odd = data[1:4096:2].count(0)
        if max(zeros_even, zeros_odd) > len(data[:4096]) // 4:
            encoding = "utf-16-be" if zeros_even > zeros_odd else "utf-16-le"
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
        raise ReadError(path, "wrong encoding: this looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding not in ("utf_8", "ascii"):
            text = str(best)
            if _looks_like_text(text):
                return text
    except Exception:  # noqa: BLE001 - detection is a best effort; cp1252 is the fallback
        pass
    text = data.decode("cp1252", errors="replace")
    if not _looks_like_text(text):
        raise ReadError(path, "wrong encoding: this looks like a binary file, not text")
    return text


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    return bad / len(text) < 0.02


def _read_text(path: Path, data: bytes) -> Document:
    return Document(text=decode_text(data, path), source=path.name)


def _read_markdown(path: Path, data: bytes) -> Document:
    text = decode_text(data, path)
    # keep the words, drop the markup that is not part of them
    text = re.sub(r"^#{1,6}\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return Document(text=text, source=path.name)


def _read_html(path: Path, data: bytes) -> Document:
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


def _read_pdf(path: Path, data: bytes) -> Document:
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
    text = text.replace("\f", "\n")
    if not text.strip():
        raise ReadError(path, "the PDF has no text layer (a scan?): run OCR on it first")
    return Document(text=text, source=path.name)


def _read_docx(path: Path, data: bytes) -> Document:
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


def _read_eml(path: Path, data: bytes) -> Document:
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
    text = "\n".join(header_lines) + "\n\n" + body
    addresses: list[str] = []
    for name in ("From", "To", "Cc", "Reply-To"):
        for _display, address in email.utils.getaddresses(message.get_all(name, [])):
            if address and address not in addresses:
                addresses.append(address)
    document = Document(text=text, source=path.name, title=headers.get("Subject", ""), kind="email", emails=addresses)
    document.metadata.update({k.lower(): v for k, v in headers.items() if k in ("From", "To", "Cc", "Date", "Subject")})
    if "Date" in headers:
        try:
            document.date = email.utils.parsedate_to_datetime(headers["Date"]).date().isoformat()
        except (TypeError, ValueError):
            pass
    return document


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
        first = next((line.strip() for line in document.text.split("\n") if line.strip()), "")
        document.title = first[:120]
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
