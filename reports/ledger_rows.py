"""The rows of the 整改台账, shared by the XLSX ledger and the CSV export.

The ledger is what a county office sends to each department and gets back filled in: 序号, where
and what the gap is, its basis, then the columns the department fills (整改措施, 责任人, 完成情况)
and the office's own 复核, then the 整改期限. Findings that are not gaps the department made
(未能核验: a page we could not read; 疑似: a person must confirm first) are listed apart
(`PENDING_SHEET`) without a deadline. Answers imported from a returned ledger
(`govaudit ledger import`) are filled back in by fingerprint.

Keeping one row builder means the two files always have the same columns and values. Values here
are raw (not yet neutralised): each writer neutralises for its own format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ground import config

from reports.context import SEVERITY_LABELS, SEVERITY_ORDER
from reports.load import AuditData
from reports.workdays import DEFAULT_RECTIFY_DAYS, ESTIMATE_NOTE, rectify_deadline

# `waived`: covered by an approved waiver (checks/waivers.py); kept in the ledger, not due.
# `suspected`: 疑似 (e.g. content.serious-error); a person confirms it before anyone must act.
STATUS_LABELS = {"fail": "待整改", "unverified": "未能核验", "suspected": "疑似，待人工核实",
                 "waived": "已豁免"}
MAIN_SHEET = "整改台账"
PENDING_SHEET = "未能核验及疑似事项"
PENDING_STATUSES = ("unverified", "suspected")  # on PENDING_SHEET, never with a deadline
NO_COLUMN = "（不涉及具体栏目）"


@dataclass(frozen=True)
class Column:
    header: str
    width: int  # XLSX column width in characters; CJK counts about double
    filled_by_unit: bool = False  # a column the department fills in and sends back


COLUMNS = (
    Column("序号", 6),
    Column("单位", 20),
    Column("栏目", 16),
    Column("问题", 50),
    Column("依据", 36),
    Column("整改措施", 30, True),
    Column("责任人", 10, True),
    Column("完成情况", 20, True),
    Column("复核", 12),
    Column("整改期限", 12),
    Column("发现日期", 12),
    Column("状态", 10),
    Column("严重程度", 9),
    Column("链接", 40),
    Column("规则编号", 20),
    Column("指纹", 14),
)
HEADERS = tuple(c.header for c in COLUMNS)
# Header → key of an imported answer (reports/ledger_import.py).
ANSWER_FIELDS = {"整改措施": "measures", "责任人": "owner", "完成情况": "progress", "复核": "review"}


def ledger_sheets(data: AuditData, rectify_days: int = DEFAULT_RECTIFY_DAYS
                  ) -> dict[str, list[list]]:
    """Sheet name → rows, numbered from 1 on each sheet: gaps (and waived ones) on the main
    sheet, 未能核验 and 疑似 on their own without a deadline."""
    main, pending = [], []
    for f, row in _rows(data, rectify_days):
        (pending if f["status"] in PENDING_STATUSES else main).append(row)
    for rows in (main, pending):
        for number, row in enumerate(rows, start=1):
            row[0] = number
    return {MAIN_SHEET: main, PENDING_SHEET: pending}


def ledger_rows(data: AuditData, rectify_days: int = DEFAULT_RECTIFY_DAYS) -> list[list]:
    """All rows in one list (the CSV export): the main sheet's, then the pending ones."""
    sheets = ledger_sheets(data, rectify_days)
    return sheets[MAIN_SHEET] + sheets[PENDING_SHEET]


def _rows(data: AuditData, rectify_days: int):
    as_of = dt.date.fromisoformat(str(data.audit["as_of"])[:10])
    day, estimated = rectify_deadline(as_of, rectify_days)
    deadline = day.isoformat() + (f"（{ESTIMATE_NOTE}）" if estimated else "")
    site = data.crawl.get("site_name") or data.crawl.get("site_url") or ""
    answers = data.answers or {}
    groups = [data.site_findings] + [u.findings for u in data.units]
    for findings in groups:
        for f in sorted(findings, key=_severity_rank):
            answer = answers.get(f["fingerprint"]) or {}
            yield f, [
                0,  # 序号, set per sheet
                f.get("unit_name") or site,
                column_text(f),
                f.get("message") or "",
                f.get("basis") or "",
                answer.get("measures") or "",
                answer.get("owner") or "",
                answer.get("progress") or "",
                answer.get("review") or "",
                deadline if f["status"] == "fail" else "",  # only a gap is due
                as_of.isoformat(),
                STATUS_LABELS.get(f["status"], f["status"]),
                SEVERITY_LABELS.get(f["severity"], f["severity"]),
                f.get("url") or f.get("column_url") or "",
                f["rule"],
                f["fingerprint"],
            ]


def column_text(f: dict) -> str:
    """The 栏目 cell: the column's name, else its category, else that no column is concerned
    (a broken link, a platform-wide gap): never an empty cell a reader must guess about."""
    if f.get("column_name"):
        return f["column_name"]
    if f.get("category"):
        return f"（{config.category_label(f['category'])}）"
    return NO_COLUMN


def _severity_rank(f: dict) -> int:
    sev = f.get("severity")
    return SEVERITY_ORDER.index(sev) if sev in SEVERITY_ORDER else len(SEVERITY_ORDER)
