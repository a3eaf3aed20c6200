"""Coverage of one annual report: how much of its expected structure was actually read.

A report whose text stops early (a PDF page without text, a download cut short, an extractor
that lost the second half) lacks its last parts for reasons that have nothing to do with the
report. Such a report cannot show that a part is missing: it is 需人工核查 / 未能核验 with the
reason, never `annual-report.incomplete`.

Signals (thresholds in ground/data/annual_report.yaml `coverage`):
- sections read / sections expected, where expected is what the report's own opening announces
  (`本报告由总体情况、…、其他需要报告的事项六部分组成`) or else what its format requires;
- whether the text reaches its end: a signature block (落款) in the last lines;
- parts missing only at the end (a cut), or an announced part missing while the text has no end;
- PDF pages without text, a file read only in part (the reader's note).
"""

from __future__ import annotations

import re

from ground.annual_format import fmt


def announced_sections(flat_head: str) -> list[str]:
    """Section keys the report's opening lists as its parts, in order ([] when none)."""
    for pattern in fmt().get("announcement", []):
        m = re.search(pattern, flat_head)
        if not m:
            continue
        listed = m.group(1)
        # Each part where the list first names it (a part's title may hold 和/及 itself:
        # 收到和处理…, 存在的主要问题及改进情况), in the list's order.
        where = {}
        for key, spec in fmt()["sections"].items():
            hits = [listed.find(word) for word in spec["match"] if word in listed]
            if hits:
                where[key] = min(hits)
        keys = sorted(where, key=where.get)
        if len(keys) >= 3:
            return keys
    return []


def measure(expected_keys: list[str], present_keys: list[str], covered: dict,
            announced: list[str], signed: bool, pages: tuple[int, int] | None = None,
            note: str = "", tables: dict | None = None) -> dict:
    """{share, complete, reasons, expected, read, announced}: `complete` False means the
    absence of a part cannot be judged (reasons in Chinese, for the user)."""
    spec = fmt().get("coverage", {})
    min_share = float(spec.get("min_share", 0.8))
    min_pages = float(spec.get("min_page_share", 1.0))
    expected = announced or expected_keys
    present = set(present_keys) | set(covered)
    read = [k for k in expected if k in present]
    share = len(read) / len(expected) if expected else 1.0
    reasons: list[str] = []
    if share < min_share:
        reasons.append(f"应有的{len(expected)}个部分只读到{len(read)}个（低于{min_share:.0%}）")
    missing = [k for k in expected if k not in present]
    if missing and not signed:
        last_read = max((expected.index(k) for k in read), default=-1)
        if all(expected.index(k) > last_read for k in missing):
            reasons.append("正文在“" + (fmt()["sections"][expected[last_read]]["title"]
                                       if last_read >= 0 else "开头") + "”之后中断，末尾未见落款")
        elif announced:
            reasons.append("报告开头列明的部分未全部读到，且末尾未见落款")
    if pages and pages[1]:
        page_share = pages[0] / pages[1]
        if page_share < min_pages:
            reasons.append(f"文件共{pages[1]}页，只有{pages[0]}页提取到文字")
    if note:
        reasons.append(note)
    return {"share": round(share, 3), "complete": not reasons, "reasons": reasons,
            "expected": expected, "read": read, "announced": announced,
            "signed_block": signed, "pages": list(pages) if pages else None,
            # Which statistics tables were read (information: a PDF's tables are often lost
            # to extraction, which is why absent tables of a text-only source are not judged).
            "tables": tables or {}}
