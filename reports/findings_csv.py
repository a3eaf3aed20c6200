"""`findings.csv`: the ledger's rows as CSV, UTF-8 with BOM so Excel opens the Chinese text.

Same columns as the XLSX ledger (reports/ledger_rows.py), every value neutralised against formula
injection (reports/cells.py): a CSV opened in Excel evaluates `=...` just like a typed cell.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ground.store import Store

from reports.cells import neutralise
from reports.ledger_rows import HEADERS, ledger_rows
from reports.load import AuditData, load_audit
from reports.workdays import DEFAULT_RECTIFY_DAYS

FILENAME = "findings.csv"


def write_findings_csv(store: Store, audit_id: int, out_dir: str | Path,
                       data: AuditData | None = None,
                       rectify_days: int = DEFAULT_RECTIFY_DAYS) -> Path:
    """Write `out_dir/findings.csv` for audit `audit_id` and return its path."""
    data = data or load_audit(store, audit_id)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / FILENAME
    # utf-8-sig writes the BOM; newline="" lets the csv module write its own CRLF line ends.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        for row in ledger_rows(data, rectify_days):
            writer.writerow([neutralise(v) for v in row])
    return path
