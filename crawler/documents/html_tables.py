"""HTML tables as grids: rowspan/colspan expanded, &nbsp; cells emptied, captions found.

A spanning cell's text is repeated in every grid cell it covers, so a row header that spans
three rows labels all three (what a reader of the printed table sees). The caption is the
table's `<caption>`, else the nearest short text before it (`表一 收到和处理政府信息公开申请
情况`), the way Chinese documents title their tables.
"""

from __future__ import annotations

import re

from lxml import etree

from ground.documents import Table
from crawler.documents.text import cell

MAX_SPAN = 200          # a colspan="10000" typo must not blow up the grid
MAX_CAPTION = 60        # longer text before a table is prose, not its title
_SENTENCE_END = ("。", "；", ";", "：", ":")
_TEXT_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "strong", "b", "center",
              "font", "caption"}


def tables_of(root: etree._Element | None) -> list[Table]:
    """Every data table under `root` (outermost tables holding only layout are skipped)."""
    if root is None:
        return []
    out = []
    for table in root.iter("table"):
        if any(True for _ in table.iter("table") if _ is not table):
            continue  # a layout table wrapping other tables: its inner tables are the data
        rows = grid(table)
        if not rows or not any(any(c for c in r) for r in rows):
            continue
        out.append(Table(rows=rows, caption=caption_of(table)))
    return out


def grid(table: etree._Element) -> list[list[str]]:
    """The table's rows with spans expanded; every row as wide as the widest."""
    pending: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text)
    rows: list[list[str]] = []
    for tr in _rows(table):
        row: list[str] = []
        col = 0
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]

        def fill_pending():
            nonlocal col
            while col in pending:
                left, text = pending[col]
                row.append(text)
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (left - 1, text)
                col += 1

        for td in cells:
            fill_pending()
            text = cell(td.text_content())
            colspan = _span(td.get("colspan"))
            rowspan = _span(td.get("rowspan"))
            for _ in range(colspan):
                row.append(text)
                if rowspan > 1:
                    pending[col] = (rowspan - 1, text)
                col += 1
        fill_pending()
        # Spans reaching past the row's last cell still cover their columns.
        for extra in sorted(k for k in pending if k >= col):
            while col < extra:
                row.append("")
                col += 1
            fill_pending()
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _rows(table: etree._Element):
    """The table's own rows (thead/tbody/tfoot included, nested tables' rows not)."""
    for child in table:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if isinstance(tr.tag, str) and tr.tag == "tr")


def _span(value: str | None) -> int:
    if not value:
        return 1  # most cells: no span attribute (what the substitution below gives too)
    try:
        n = int(re.sub(r"[^\d]", "", value or "") or 1)
    except ValueError:
        return 1
    return max(1, min(n, MAX_SPAN))


def caption_of(table: etree._Element) -> str:
    found = table.find("caption")
    if found is not None and cell(found.text_content()):
        return cell(found.text_content())
    # Walk backwards through the document from the table: text between elements (tails),
    # preceding elements, then the enclosing element's own leading text, then up a level.
    node, steps = table, 0
    while node is not None and steps < 4:
        for prev in node.itersiblings(preceding=True):
            if prev.tail and cell(prev.tail):
                text = cell(prev.tail)
                return text if _short(text) else ""
            if not isinstance(prev.tag, str):
                continue
            if prev.tag == "table" or prev.find(".//table") is not None:
                return ""  # another table sits between: no title of ours
            text = cell(prev.text_content())
            if text:
                return text if prev.tag in _TEXT_TAGS and _short(text) else ""
        parent = node.getparent()
        if parent is not None and parent.text and cell(parent.text):
            text = cell(parent.text)
            return text if _short(text) else ""
        node, steps = parent, steps + 1
    return ""


def _short(text: str) -> bool:
    return len(text) <= MAX_CAPTION and not text.endswith(_SENTENCE_END)
