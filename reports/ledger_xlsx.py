"""`整改台账.xlsx`: the rectification ledger a county office sends to each department and gets
back filled in (`govaudit ledger import` reads it back).

Two sheets: 整改台账 (gaps, with 整改期限) and 未能核验及疑似事项 (no deadline: not gaps the
department made). Every text cell is cleaned and neutralised (reports/cells.py) and stored as a
string, so nothing taken from a crawled page can become a formula or break the file; a link
becomes a hyperlink only when it is plain http(s). The columns a department fills are shaded;
each sheet prints on A4 landscape, one page wide, with the header row repeated on every page.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ground.store import Store

from reports.cells import neutralise
from reports.context import safe_href
from reports.ledger_rows import COLUMNS, HEADERS, PENDING_SHEET, ledger_sheets
from reports.load import AuditData, load_audit
from reports.workdays import DEFAULT_RECTIFY_DAYS

FILENAME = "整改台账.xlsx"
SHEET_TITLE = "整改台账"
WRAPPED = {"问题", "依据", "整改措施", "完成情况", "栏目", "单位"}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
UNIT_FILL = PatternFill("solid", fgColor="FFF2CC")  # columns the department fills in
LINK_FONT = Font(color="0563C1", underline="single")


def write_ledger_xlsx(store: Store, audit_id: int, out_dir: str | Path,
                      data: AuditData | None = None,
                      rectify_days: int = DEFAULT_RECTIFY_DAYS) -> Path:
    """Write `out_dir/整改台账.xlsx` for audit `audit_id` and return its path."""
    data = data or load_audit(store, audit_id)
    wb = Workbook()
    first = True
    for title, rows in ledger_sheets(data, rectify_days).items():
        ws = wb.active if first else wb.create_sheet()
        ws.title = title
        _fill(ws, rows, note=title == PENDING_SHEET)
        first = False
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / FILENAME
    wb.save(path)
    return path


def _fill(ws: Worksheet, rows: list[list], note: bool) -> None:
    ws.append(list(HEADERS))
    for col, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=col)
        cell.font = Font(bold=True)
        cell.fill = UNIT_FILL if column.filled_by_unit else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    link_col = HEADERS.index("链接")
    for row in rows:
        ws.append([None] * len(row))
        r = ws.max_row
        for col, (header, value) in enumerate(zip(HEADERS, row), start=1):
            cell = ws.cell(row=r, column=col)
            # openpyxl stores any str starting with "=" as a formula; neutralise() first, so
            # what reaches the setter is plain text, and data_type stays "s".
            cell.value = neutralise(value)
            cell.alignment = wrap if header in WRAPPED else top
            if col - 1 == link_col and safe_href(value):
                cell.hyperlink = value
                cell.font = LINK_FONT
    for col, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = column.width
    last = get_column_letter(len(COLUMNS))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{max(ws.max_row, 1)}"
    # Print: A4 landscape, fit to one page wide, header row on every page.
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.oddHeader.center.text = ws.title
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    if note and not rows:
        ws.append(["", "本次检查没有未能核验或疑似事项。"])
