"""Spreadsheets: XLSX via openpyxl's reader (cached values; each sheet in one lxml pass whose
rows openpyxl's own row parser converts), XLS via xlrd.

Every sheet becomes one Table named after the sheet (`page` = 1-based sheet index). Merged
ranges are expanded like HTML spans (the top-left value fills the range). A first row holding
one title alone (`2025年部门收支总表`, usually merged across the sheet) becomes the caption and
leaves the rows. Empty trailing rows and columns, which spreadsheets report generously, go.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from xml.etree.ElementTree import ParseError

from ground.documents import Document, Table
from crawler.documents.text import cell, clean_lines

MAX_ROWS = 20000   # per sheet; more is noted on the document
MAX_COLS = 200
_REF = re.compile(r"^([A-Z]+)(\d+)$")


def read_xlsx(data: bytes, doc: Document) -> Document:
    from openpyxl.reader.excel import ExcelReader, apply_stylesheet

    # openpyxl's own steps of a read-only, cached-values load, less what is never used here
    # (document properties, theme, defined names, each sheet's relations) and less the
    # worksheet objects, whose set-up scans every sheet once more for its dimension: the one
    # pass below reads the dimension, the rows and the merged ranges together.
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)  # number formats: which cells are dates
        index = 0
        for sheet, rel in reader.parser.find_sheets():
            if rel.target not in reader.valid_files or "chartsheet" in rel.Type:
                continue  # what openpyxl's read_worksheets leaves out of wb.worksheets
            index += 1
            with reader.archive.open(rel.target) as src:
                raw, merges, more = _sheet_rows(src, reader)
            if more:
                doc.note = f"工作表“{sheet.name}”超过{MAX_ROWS}行，只读取了前{MAX_ROWS}行"
            rows = [[value_text(v) for v in r[:MAX_COLS]] for r in raw]
            _expand(rows, merges)
            _add_sheet(doc, sheet.name, index, rows)
    finally:
        reader.archive.close()
    doc.pages = len(doc.tables) or None
    return _with_text(doc)


def _sheet_rows(src, reader) -> tuple[list[tuple], list[tuple[int, int, int, int]], bool]:
    """One sheet's rows (as openpyxl's read-only `iter_rows(values_only=True)` gives them:
    from A1, cut and padded by the sheet's declared dimension), at most MAX_ROWS, whether there
    were more, and its merged ranges: one lxml pass over the sheet's XML, each row's cells
    converted by openpyxl's own WorkSheetParser (types, shared strings, dates)."""
    from lxml import etree
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG, ROW_TAG, WorkSheetParser

    wb = reader.wb
    parser = WorkSheetParser(None, reader.shared_strings, data_only=True, epoch=wb.epoch,
                             date_formats=wb._date_formats,
                             timedelta_formats=wb._timedelta_formats)
    rows: list[tuple] = []
    merges: list[tuple[int, int, int, int]] = []
    events = etree.iterparse(src, events=("end",),
                             tag=(ROW_TAG, DIMENSION_TAG, DATA_TAG, "{*}mergeCell"),
                             resolve_entities=False, no_network=True, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        _walk_sheet(events, parser, rows, merges)
    except etree.XMLSyntaxError as exc:
        if len(rows) > MAX_ROWS:
            raise  # met past the rows read, as the merged-range scan met it before
        # openpyxl's parser (xml.etree) met it first before: the document's note names it
        raise ParseError(str(exc)) from exc
    if _declares_entities(events.root):
        # what openpyxl's defusedxml parser refused (EntitiesForbidden, a ValueError)
        raise ValueError("worksheet declares XML entities")
    more = len(rows) > MAX_ROWS
    return rows[:MAX_ROWS], merges, more


def _walk_sheet(events, parser, rows: list, merges: list) -> None:
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG, ROW_TAG
    from openpyxl.worksheet.dimensions import SheetDimension

    dimension, sheet_data_seen, done = None, False, False
    max_col = max_row = None
    counter = idx = 1
    empty_row: tuple = ()
    for _, el in events:
        tag = el.tag
        if tag == ROW_TAG:
            if not done:
                idx, cells = parser.parse_row(el)
                if max_row is not None and idx > max_row:
                    done = True
                else:
                    while counter < idx and len(rows) <= MAX_ROWS:  # rows the sheet skips
                        counter += 1
                        rows.append(empty_row)
                    if counter <= idx and len(rows) <= MAX_ROWS:
                        rows.append(_row_values(cells, max_col))
                        counter += 1
                    done = len(rows) > MAX_ROWS
        elif tag == DIMENSION_TAG:
            if dimension is None and not sheet_data_seen and not rows:
                dimension = SheetDimension.from_tree(el).boundaries
                _, _, max_col, max_row = dimension
                empty_row = (None,) * max_col if max_col is not None else ()
        elif tag == DATA_TAG:
            sheet_data_seen = True
        else:
            bounds = _range(el.get("ref") or "")
            if bounds:
                merges.append(bounds)
        el.clear()
    if max_row is not None and max_row < idx:  # stopped at the declared last row
        while counter <= max_row and len(rows) <= MAX_ROWS:
            counter += 1
            rows.append(empty_row)


def _declares_entities(root) -> bool:
    dtd = root.getroottree().docinfo.internalDTD if root is not None else None
    return dtd is not None and any(True for _ in dtd.iterentities())


def _row_values(cells: list[dict], max_col: int | None) -> tuple:
    """One row's values from column A, as openpyxl's read-only `_get_row` lays them out."""
    if not cells and not max_col:
        return ()
    width = max_col or cells[-1]["column"]
    out = [None] * width
    for c in cells:
        column = c["column"]
        if 1 <= column <= width:
            out[column - 1] = c["value"]
    return tuple(out)


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
