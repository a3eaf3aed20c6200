"""Spreadsheets: XLSX via openpyxl (read-only, cached values), XLS via xlrd.

Every sheet becomes one Table named after the sheet (`page` = 1-based sheet index). Merged
ranges are expanded like HTML spans (the top-left value fills the range). A first row holding
one title alone (`2025年部门收支总表`, usually merged across the sheet) becomes the caption and
leaves the rows. Empty trailing rows and columns, which spreadsheets report generously, go.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from itertools import islice

from ground.documents import Document, Table
from crawler.documents.text import cell, clean_lines

MAX_ROWS = 20000   # per sheet; more is noted on the document
MAX_COLS = 200
_REF = re.compile(r"^([A-Z]+)(\d+)$")


def read_xlsx(data: bytes, doc: Document) -> Document:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for index, ws in enumerate(wb.worksheets, start=1):
            raw = [list(r[:MAX_COLS]) for r in islice(ws.iter_rows(values_only=True),
                                                      MAX_ROWS + 1)]
            if len(raw) > MAX_ROWS:
                raw = raw[:MAX_ROWS]
                doc.note = f"工作表“{ws.title}”超过{MAX_ROWS}行，只读取了前{MAX_ROWS}行"
            rows = [[value_text(v) for v in r] for r in raw]
            _expand(rows, _xlsx_merges(ws))
            _add_sheet(doc, ws.title, index, rows)
    finally:
        wb.close()
    doc.pages = len(doc.tables) or None
    return _with_text(doc)


def read_xls(data: bytes, doc: Document) -> Document:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except (NotImplementedError, xlrd.XLRDError):
        # formatting_info (needed for merged ranges) fails on some writers' files.
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    try:
        for index in range(book.nsheets):
            sh = book.sheet_by_index(index)
            rows = []
            for r in range(min(sh.nrows, MAX_ROWS)):
                rows.append([_xls_value(sh.cell(r, c), book.datemode)
                             for c in range(min(sh.ncols, MAX_COLS))])
            if sh.nrows > MAX_ROWS:
                doc.note = f"工作表“{sh.name}”超过{MAX_ROWS}行，只读取了前{MAX_ROWS}行"
            merges = [(rlo, rhi - 1, clo, chi - 1) for rlo, rhi, clo, chi in sh.merged_cells]
            _expand(rows, merges)
            _add_sheet(doc, sh.name, index + 1, rows)
            book.unload_sheet(index)
    finally:
        book.release_resources()
    doc.pages = len(doc.tables) or None
    return _with_text(doc)


def value_text(value) -> str:
    """A cell value as a reader sees it: 3.0 → 3, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        return format(value, "f").rstrip("0").rstrip(".") if "e" in text else text
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else \
            value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return cell(value)


def _xls_value(c, datemode: int) -> str:
    import xlrd

    if c.ctype == xlrd.XL_CELL_DATE:
        try:
            return value_text(xlrd.xldate.xldate_as_datetime(c.value, datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value_text(c.value)
    if c.ctype == xlrd.XL_CELL_BOOLEAN:
        return value_text(bool(c.value))
    if c.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return value_text(c.value)


def _xlsx_merges(ws) -> list[tuple[int, int, int, int]]:
    """Merged ranges (0-based, inclusive) of a read-only sheet, read from its XML: openpyxl
    does not expose them in read-only mode, and loading the whole sheet to get them costs far
    more memory than a scan of `<mergeCell ref=…>` elements."""
    from lxml import etree

    archive, path = getattr(ws.parent, "_archive", None), getattr(ws, "_worksheet_path", None)
    if archive is None or path is None:
        return []
    out = []
    with archive.open(path) as src:
        for _, el in etree.iterparse(src, events=("end",), tag="{*}mergeCell",
                                     resolve_entities=False, no_network=True, huge_tree=False):
            bounds = _range(el.get("ref") or "")
            if bounds:
                out.append(bounds)
            el.clear()
    return out


def _range(ref: str) -> tuple[int, int, int, int] | None:
    parts = ref.upper().split(":")
    if len(parts) != 2:
        return None
    a, b = _REF.match(parts[0]), _REF.match(parts[1])
    if not a or not b:
        return None
    return int(a.group(2)) - 1, int(b.group(2)) - 1, _col(a.group(1)), _col(b.group(1))


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _expand(rows: list[list[str]], merges) -> None:
    for r0, r1, c0, c1 in merges:
        if r0 >= len(rows) or c0 >= MAX_COLS:
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, MAX_COLS - 1) + 1):
                if c >= len(row):
                    row.extend([""] * (c + 1 - len(row)))
                row[c] = value


def _add_sheet(doc: Document, name: str, index: int, rows: list[list[str]]) -> None:
    rows = _trim(rows)
    caption = ""
    if len(rows) > 1:
        title = {v for v in rows[0] if v}
        if len(title) == 1:
            only = next(iter(title))
            if not _is_number(only):
                caption, rows = only, rows[1:]
    if rows or caption:
        doc.tables.append(Table(rows=rows, caption=caption, page=index, sheet=name))


def _trim(rows: list[list[str]]) -> list[list[str]]:
    while rows and not any(rows[-1]):
        rows.pop()
    while rows and not any(rows[0]):
        rows.pop(0)
    width = max((max((i + 1 for i, v in enumerate(r) if v), default=0) for r in rows), default=0)
    return [(r + [""] * width)[:width] for r in rows]


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _with_text(doc: Document) -> Document:
    lines = []
    for t in doc.tables:
        lines.append(t.sheet)
        if t.caption:
            lines.append(t.caption)
        lines += ["\t".join(r) for r in t.rows]
    doc.text = clean_lines("\n".join(lines))
    return doc
