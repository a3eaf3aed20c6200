"""DOCX files via python-docx: paragraphs and tables in document order, merged cells expanded.

The text holds the paragraphs and, row by row, the tables' cells (a roster in a table is as
public as a paragraph). A table's caption is the paragraph just before it when it is short.
"""

from __future__ import annotations

import io

from ground.documents import Document, Table
from crawler.documents.text import cell, clean_lines

MAX_CAPTION = 60


def read_docx(data: bytes, doc: Document) -> Document:
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    previous = ""
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text
            lines.append(text)
            previous = cell(text) or previous
        elif tag == "tbl":
            rows = _rows(DocxTable(child, document))
            lines += ["\t".join(r) for r in rows]
            if rows:
                caption = previous if len(previous) <= MAX_CAPTION and \
                    not previous.endswith(("。", "；")) else ""
                doc.tables.append(Table(rows=rows, caption=caption))
            previous = ""
    doc.text = clean_lines("\n".join(lines))
    return doc


def _rows(table) -> list[list[str]]:
    """python-docx repeats a merged cell in every grid position it covers (both directions)."""
    try:
        rows = [[cell(c.text) for c in row.cells] for row in table.rows]
    except (ValueError, IndexError, AttributeError):
        # Merges python-docx cannot resolve (a vertical merge under a cell of another width,
        # written by some editors): each cell's text over the columns it spans, merges unresolved.
        rows = [_raw_row(tr) for tr in table._tbl.tr_lst]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return rows if any(any(c for c in r) for r in rows) else []


def _raw_row(tr) -> list[str]:
    out = []
    for tc in tr.tc_lst:
        text = cell("".join(t.text or "" for t in tc.iter() if t.tag.endswith("}t")))
        out += [text] * max(1, int(getattr(tc, "grid_span", 1) or 1))
    return out
