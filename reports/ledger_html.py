"""`整改台账.html`: the ledger for printing or "Save as PDF" from a browser (A4 landscape, the
header row repeated on every page), with the same rows as 整改台账.xlsx (reports/ledger_rows.py).
Written beside the XLSX, for offices that print the ledger rather than edit it."""

from __future__ import annotations

from pathlib import Path

from reports.ledger_rows import COLUMNS, MAIN_SHEET, PENDING_SHEET, ledger_sheets
from reports.load import AuditData
from reports.workdays import DEFAULT_RECTIFY_DAYS

FILENAME = "整改台账.html"




def write_ledger_html(data: AuditData, out_dir: str | Path,
                      rectify_days: int = DEFAULT_RECTIFY_DAYS) -> Path:
    from reports.context import site_context
    from reports.render import environment

    sheets = ledger_sheets(data, rectify_days)
    html = environment().get_template("ledger.html").render(
        **site_context(data), columns=COLUMNS,
        sheets=[{"title": title, "rows": rows, "pending": title == PENDING_SHEET}
                for title, rows in sheets.items() if rows or title == MAIN_SHEET])
    path = Path(out_dir) / FILENAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
