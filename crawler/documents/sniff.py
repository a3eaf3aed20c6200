"""What a downloaded file really is: magic bytes first, then its extension and content type.

Portals serve `.doc` files that are really DOCX, XLSX files as `application/octet-stream`, and
HTML error pages under a `.pdf` name; the bytes decide. Kinds are those of Document.kind.
"""

from __future__ import annotations

import io
import zipfile
from urllib.parse import unquote, urlsplit

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_BY_EXTENSION = {
    "pdf": "pdf", "docx": "docx", "doc": "doc", "wps": "wps", "xlsx": "xlsx", "xls": "xls",
    "et": "xls", "txt": "txt", "csv": "txt", "html": "html", "htm": "html", "shtml": "html",
}
_BY_TYPE = {
    "application/pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "text/plain": "txt", "text/csv": "txt", "text/html": "html",
    "application/xhtml+xml": "html",
}


def extension(url: str) -> str:
    name = unquote(urlsplit(url).path).rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def sniff(data: bytes, url: str = "", content_type: str | None = None) -> str:
    """html | pdf | docx | doc | xlsx | xls | wps | txt | ofd | image | zip | other."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    guess = _BY_EXTENSION.get(extension(url)) or _BY_TYPE.get(_mime(content_type))
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        found = _zip_kind(data)
        # A damaged archive named .docx/.xlsx goes to its reader, which reports it as corrupt.
        return guess if found == "zip" and guess in ("docx", "xlsx") else found
    if data.startswith(OLE2):
        return _ole_kind(data, url)
    if data.startswith(_IMAGES):
        return "image"
    if data.startswith(b"{\\rtf"):
        return "doc"  # RTF: a word-processor file no reader here handles
    if _looks_like_html(head):
        # An HTML page served for a PDF/DOC link is usually an error or login page.
        return "html"
    if guess in ("txt", "html"):
        return guess
    if guess is None and _mime(content_type).startswith("text/"):
        return "txt"
    # A claimed binary format without its magic bytes: its reader reports the file as corrupt
    # (a truncated download keeps its name but not its structure).
    return guess or "other"


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta")) or \
        (start.startswith(b"<") and b"<html" in head.lower())


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError):
        # NotImplementedError: a damaged header claiming an unknown zip version or compression.
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names:
        return "ofd"
    return "zip"


def _ole_kind(data: bytes, url: str) -> str:
    """OLE2 compound files hold Word, Excel and WPS documents; their directory names the
    streams in UTF-16: `WordDocument` for Word and WPS, `Workbook`/`Book` for Excel. Word
    first: Excel stores ASCII cell text 8-bit, so a UTF-16 `WordDocument` is never cell text."""
    ext = extension(url)
    if "WordDocument".encode("utf-16-le") in data:
        return "wps" if ext == "wps" else "doc"
    if "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data:
        return "xls"
    return {"wps": "wps", "xls": "xls", "et": "xls"}.get(ext, "doc")
