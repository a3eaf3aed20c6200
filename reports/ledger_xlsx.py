"""`整改台账.xlsx`: the rectification ledger a county office works through, one row per finding.

Every text cell is neutralised (reports/cells.py) and stored as a string, so nothing taken from a
crawled page can become a formula. The header row is frozen and carries an auto-filter.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from govaudit.store import Store

from reports.cells import neutralise
from reports.ledger_rows import COLUMNS, HEADERS, ledger_rows
from reports.load import AuditData, load_audit
from reports.workdays import DEFAULT_RECTIFY_DAYS

FILENAME = "整改台账.xlsx"
SHEET_TITLE = "整改台账"
WRAPPED = {"问题", "依据"}


def write_ledger_xlsx(store: Store, audit_id: int, out_dir: str | Path,
                      data: AuditData | None = None,
                      rectify_days: int = DEFAULT_RECTIFY_DAYS) -> Path:
    """Write `out_dir/整改台账.xlsx` for audit `audit_id` and return its path."""
    data = data or load_audit(store, audit_id)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for row in ledger_rows(data, rectify_days):
        ws.append([None] * len(row))
        for col, (header, value) in enumerate(zip(HEADERS, row), start=1):
            cell = ws.cell(row=ws.max_row, column=col)
            # openpyxl stores any str starting with "=" as a formula; neutralise() first, so
            # what reaches the setter is plain text, and data_type stays "s".
            cell.value = neutralise(value)
            cell.alignment = wrap if header in WRAPPED else top
    for col, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / FILENAME
    wb.save(path)
    return path
