"""PDF files via pdfplumber: text page by page, ruled tables with their page and caption.

Only ruled tables (drawn cell borders, the norm for budget and report tables) are taken:
pdfplumber's text-alignment strategy turns ordinary prose into false tables. A PDF without any
extractable text is a scan or an image export and needs a human (no OCR here).
"""

from __future__ import annotations

import io

from ground.documents import NEEDS_REVIEW, OK, Document, Table
from crawler.documents.text import cell, clean_lines

MAX_PAGES = 500          # beyond this the rest is not read (noted on the document)
CAPTION_BAND = 48        # points above a table searched for its title
_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def read_pdf(data: bytes, doc: Document) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect:
        doc.status, doc.note = NEEDS_REVIEW, "PDF 文件已加密，无法读取，需人工核查"
        return doc
    with pdf:
        doc.pages = len(pdf.pages)
        texts: list[str] = []
        for number, page in enumerate(pdf.pages[:MAX_PAGES], start=1):
            texts.append(clean_lines(page.extract_text() or ""))
            for found in page.find_tables(_SETTINGS):
                rows = [[cell(c) for c in row] for row in found.extract()]
                if rows and any(any(c for c in r) for r in rows):
                    doc.tables.append(Table(rows=rows, caption=_caption(page, found.bbox),
                                            page=number))
            page.flush_cache()  # pdfplumber keeps every parsed object per page otherwise
        doc.text = "\n".join(t for t in texts if t)
    if not doc.text.strip():
        doc.status = NEEDS_REVIEW
        doc.note = "PDF 中没有可提取的文字（可能是扫描件或图片），需人工核查"
    elif doc.pages > MAX_PAGES:
        doc.note = f"PDF 共{doc.pages}页，只读取了前{MAX_PAGES}页"
    elif not all(t.strip() for t in texts):
        # A page without text (a scanned page, an image export) hides whatever it holds.
        empty = sum(1 for t in texts if not t.strip())
        doc.note = f"PDF 共{doc.pages}页，其中{empty}页未提取到文字，需人工核查"
    else:
        doc.status = OK
    return doc


def _caption(page, bbox) -> str:
    """The last line of text in a band just above the table."""
    x0, top, x1, _ = bbox
    if top <= 1:
        return ""
    band = page.within_bbox((0, max(0, top - CAPTION_BAND), page.width, top))
    lines = [line for line in clean_lines(band.extract_text() or "").split("\n") if line]
    if not lines:
        return ""
    last = lines[-1]
    return last if len(last) <= 60 and not last.endswith(("。", "；")) else ""
