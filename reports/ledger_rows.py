"""The rows of the 整改台账: one per finding, shared by the XLSX ledger and the CSV export.

Keeping one row builder means the two files always have the same columns and values. Values here
are raw (not yet neutralised): each writer neutralises for its own format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reports.context import SEVERITY_LABELS, SEVERITY_ORDER
from reports.load import AuditData
from reports.workdays import DEFAULT_RECTIFY_DAYS, ESTIMATE_NOTE, rectify_deadline

# `waived`: covered by an approved waiver (checks/waivers.py); kept in the ledger, not due.
# `suspected`: 疑似 (e.g. content.serious-error); a person confirms it before anyone must act.
STATUS_LABELS = {"fail": "待整改", "unverified": "未能核验", "suspected": "疑似，待人工核实",
                 "waived": "已豁免"}


@dataclass(frozen=True)
class Column:
    header: str
    width: int  # XLSX column width in characters; CJK counts about double


COLUMNS = (
    Column("单位", 22),
    Column("栏目", 18),
    Column("问题", 60),
    Column("依据", 48),
    Column("发现日期", 12),
    Column("整改期限", 12),
    Column("状态", 10),
    Column("严重程度", 10),
    Column("链接", 50),
    Column("规则编号", 22),
    Column("指纹", 44),
)
HEADERS = tuple(c.header for c in COLUMNS)


def ledger_rows(data: AuditData, rectify_days: int = DEFAULT_RECTIFY_DAYS) -> list[list[str]]:
    """One row per finding, grouped by unit (site-level findings first), worst severity first."""
    as_of = dt.date.fromisoformat(str(data.audit["as_of"])[:10])
    day, estimated = rectify_deadline(as_of, rectify_days)
    deadline = day.isoformat() + (f"（{ESTIMATE_NOTE}）" if estimated else "")
    site = data.crawl.get("site_name") or data.crawl.get("site_url") or ""
    groups = [data.site_findings] + [u.findings for u in data.units]
    rows = []
    for findings in groups:
        for f in sorted(findings, key=_severity_rank):
            rows.append([
                f.get("unit_name") or site,
                f.get("column_name") or "",
                f.get("message") or "",
                f.get("basis") or "",
                as_of.isoformat(),
                deadline,
                STATUS_LABELS.get(f["status"], f["status"]),
                SEVERITY_LABELS.get(f["severity"], f["severity"]),
                f.get("url") or f.get("column_url") or "",
                f["rule"],
                f["fingerprint"],
            ])
    return rows


def _severity_rank(f: dict) -> int:
    sev = f.get("severity")
    return SEVERITY_ORDER.index(sev) if sev in SEVERITY_ORDER else len(SEVERITY_ORDER)
