"""`read_document`: any downloaded file into a Document, never an exception.

The real format is sniffed from the bytes (sniff.py); each format has its own small reader
(pdf.py, word.py, sheets.py, html_tables.py, text.py). What no packaged tool here can read
(DOC, WPS, RTF, images, archives) is `needs-review` with a Chinese note; a file over the size
limit is `too-large`; a corrupt file or a zip bomb is `error`. Everything read is untrusted:
nothing is executed, XML entities are not resolved, and archive members are only opened after
their declared sizes were added up (zipfile never reads past a member's declared size).
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile

from ground.documents import ERROR, NEEDS_REVIEW, TOO_LARGE, Document
from crawler.documents.sniff import sniff
from crawler.documents.text import clean_lines, decode

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Office files are zip archives: an XLSX of a few MB can declare gigabytes of XML.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 10000

_LABELS = {"pdf": "PDF", "docx": "DOCX", "doc": "DOC", "wps": "WPS", "xlsx": "XLSX", "xls": "XLS",
           "txt": "文本", "html": "网页", "image": "图片", "ofd": "OFD", "zip": "压缩包", "other": "未知格式"}
_UNSUPPORTED = {
    "doc": "DOC 旧版 Word 格式（或 RTF）无法自动读取，需人工核查",
    "wps": "WPS 文字格式无法自动读取，需人工核查",
    "image": "图片文件无法自动识别文字，需人工核查",
    "ofd": "OFD 版式文件无法自动读取，需人工核查",
    "zip": "压缩包内的文件未自动读取，需人工核查",
    "other": "无法识别的文件格式，未能自动读取，需人工核查",
}


def read_document(data: bytes, *, url: str, content_type: str | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one downloaded file. `url` names it (and hints its format); `content_type` is the
    server's claim, used only when the bytes say nothing."""
    data = data or b""
    size = len(data)
    if max_bytes and size > max_bytes:
        return too_large(url, size, max_bytes, kind=_kind_from_name(url, content_type))
    try:
        kind = sniff(data, url, content_type)
    except Exception as exc:  # damaged bytes can trip the format probes (zip headers) too
        log.info("cannot tell the format of %s: %r", url, exc)
        kind = "other"
    doc = Document(url=url, kind=_model_kind(kind), bytes=size,
                   sha256=hashlib.sha256(data).hexdigest())
    if not data:
        doc.status, doc.note = ERROR, "文件内容为空"
        return doc
    if kind in _UNSUPPORTED:
        doc.status, doc.note = NEEDS_REVIEW, _UNSUPPORTED[kind]
        return doc
    try:
        if kind in ("docx", "xlsx"):
            problem = _zip_problem(data)
            if problem:
                doc.status, doc.note = ERROR, problem
                return doc
        _READERS[kind](data, doc, content_type)
    except Exception as exc:  # corrupt input in any of five parsers: one outcome, no crash
        log.info("cannot read %s as %s: %r", url, kind, exc)
        doc.text, doc.tables = "", []
        doc.status = ERROR
        doc.note = f"{_LABELS.get(kind, kind)} 文件已损坏或格式异常，无法读取（{type(exc).__name__}）"
    return doc


def too_large(url: str, size: int | None, limit: int, kind: str | None = None) -> Document:
    """The record of a file skipped for its size (size may be unknown: announced too large)."""
    shown = f"{size / 1048576:.1f} MB" if size else "超过上限"
    return Document(url=url, kind=kind or _kind_from_name(url, None), status=TOO_LARGE,
                    bytes=size, note=f"文件过大（{shown}，上限 {limit / 1048576:.0f} MB），未下载读取，需人工核查")


def _kind_from_name(url: str, content_type: str | None) -> str:
    return _model_kind(sniff(b"", url, content_type))


def _model_kind(kind: str) -> str:
    return kind if kind in ("html", "pdf", "docx", "doc", "xlsx", "xls", "wps", "txt") else "other"


def load_readers() -> None:
    """Import every reader and the libraries it uses, and look up the codecs they need, in the
    calling thread. The crawl reads attachments in its document-reading thread
    (crawler/attachments.py) while the reactor thread parses pages; left lazy, the first PDF,
    DOCX and XLSX of a crawl imported pdfplumber, python-docx and openpyxl there, concurrently
    with the reactor's own imports (openpyxl's import of defusedxml even swaps
    `xml.etree.ElementTree` out of `sys.modules` for a moment). The spider calls this when it is
    created, on the reactor thread, before any download; reading then imports nothing
    (tests/test_documents_threads.py)."""
    import codecs

    import crawler.documents.html_tables  # noqa: F401
    import crawler.documents.pdf  # noqa: F401
    import crawler.documents.sheets  # noqa: F401
    import crawler.documents.word  # noqa: F401
    import crawler.extract.html  # noqa: F401
    import docx  # noqa: F401
    import docx.table  # noqa: F401
    import docx.text.paragraph  # noqa: F401
    import openpyxl.reader.excel  # noqa: F401
    import openpyxl.worksheet._reader  # noqa: F401
    import openpyxl.worksheet.dimensions  # noqa: F401
    import pdfminer.pdfdocument  # noqa: F401
    import pdfplumber  # noqa: F401
    import xlrd  # noqa: F401

    # zipfile decodes member names as cp437, PDF strings may be UTF-16; decode() tries the rest
    # for text and HTML files.
    for name in ("cp437", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "big5",
                 "latin-1", "cp1252"):
        codecs.lookup(name)


def _zip_problem(data: bytes) -> str | None:
    """A Chinese reason when an Office archive must not be unpacked (a zip bomb)."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError):
        return "压缩格式已损坏，无法读取"
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_MEMBERS or total > MAX_UNPACKED_BYTES:
        return (f"文件解压后过大（{total / 1048576:.0f} MB，{len(infos)}个成员），"
                "疑似压缩炸弹，未读取")
    return None


def _read_pdf(data: bytes, doc: Document, _ct) -> None:
    from crawler.documents.pdf import read_pdf

    read_pdf(data, doc)


def _read_docx(data: bytes, doc: Document, _ct) -> None:
    from crawler.documents.word import read_docx

    read_docx(data, doc)


def _read_xlsx(data: bytes, doc: Document, _ct) -> None:
    from crawler.documents.sheets import read_xlsx

    read_xlsx(data, doc)


def _read_xls(data: bytes, doc: Document, _ct) -> None:
    from crawler.documents.sheets import read_xls

    read_xls(data, doc)


def _declared_charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _read_txt(data: bytes, doc: Document, content_type) -> None:
    text = decode(data, _declared_charset(content_type))
    if text is None:
        doc.status, doc.note = ERROR, "无法识别文本编码，未能读取"
        return
    doc.text = clean_lines(text)


def _read_html(data: bytes, doc: Document, content_type) -> None:
    from crawler.documents.html_tables import tables_of
    from crawler.extract.html import parse, visible_text

    text = decode(data, _declared_charset(content_type))
    if text is None:
        doc.status, doc.note = ERROR, "无法识别网页编码，未能读取"
        return
    tree = parse(text)
    body = tree.find("body")
    root = body if body is not None else tree
    doc.text = visible_text(root)
    doc.tables = tables_of(root)


_READERS = {"pdf": _read_pdf, "docx": _read_docx, "xlsx": _read_xlsx, "xls": _read_xls,
            "txt": _read_txt, "html": _read_html}
assert set(_READERS) | set(_UNSUPPORTED) == set(_LABELS), "every sniffed kind has an outcome"
