"""What an export file says, as a person opening it would read it (tests search it for names)."""

from __future__ import annotations

import io
import zipfile


def readable(name: str, content: str | bytes) -> str:
    """An export file's text: the PDF pack's as pypdf reads it, an archive's members (Maltego)."""
    if isinstance(content, str):
        return content
    if name.endswith(".pdf"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(archive.read(member).decode("utf-8") for member in archive.namelist())
