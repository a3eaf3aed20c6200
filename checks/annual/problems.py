"""Problems one annual report shows on its own (no other document needed).

Each problem is a dict {check, message, cells?}: `check` is the rule id that reports it,
`message` is Chinese for the user, `cells` lists the table cells involved
({table, row, column, value}) so the report can highlight them. Old-format (pre-2019)
reports are classified but never flagged (catalog §C3).
"""

from __future__ import annotations

import re

from ground.annual_format import fmt

INCOMPLETE = "annual-report.incomplete"
INCONSISTENT = "annual-report.inconsistent"
OUTDATED = "annual-report.outdated-template"
RESIDUE = "annual-report.residue"

TABLE_NAMES = {"t2": "表二（主动公开政府信息情况）", "t3": "表三（收到和处理政府信息公开申请情况）",
               "t4": "表四（政府信息公开行政复议、行政诉讼情况）"}
SECTION_TABLE = {"proactive": "t2", "requests": "t3", "review": "t4"}
T3_REQUIRED = ["一", "二", "三.一", "三.二", "三.七", "四"]


def _cell(table, row, column, value) -> dict:
    return {"table": table, "row": row, "column": column, "value": value}


def _v(value) -> float:
    return value or 0


def incomplete(report: dict, tables_known: bool) -> list[dict]:
    out = []
    data = fmt()
    found = {s["key"] for s in report["sections"] if s["key"]}
    for key in data["required_sections"][report["expected_template"]]:
        if key in found or key in report["covered_in"]:
            continue
        out.append({"check": INCOMPLETE,
                    "message": f"缺少“{data['sections'][key]['title']}”部分"})
    for s in report["sections"]:
        # Sections 二 to 四 are often just their table: a table read is content.
        table = SECTION_TABLE.get(s["key"])
        if table and (not tables_known or report["tables"].get(table)):
            continue
        if s["key"] and s["chars"] == 0:
            out.append({"check": INCOMPLETE,
                        "message": f"第{s['numeral']}部分“{s['heading']}”没有内容"})
    if not tables_known:
        return out
    for name in ("t2", "t3", "t4"):
        values = report["tables"][name]
        if not values:
            out.append({"check": INCOMPLETE, "message": f"缺少{TABLE_NAMES[name]}"})
        elif all(v is None for row in values.values() for v in row.values()):
            out.append({"check": INCOMPLETE, "message": f"{TABLE_NAMES[name]}全部为空"})
    t3 = report["tables"]["t3"]
    if t3:
        labels = {r["key"]: r["label"] for r in data["table3"]["rows"]}
        for key in T3_REQUIRED:
            if key not in t3:
                out.append({"check": INCOMPLETE,
                            "message": f"{TABLE_NAMES['t3']}缺少“{labels.get(key, key)}”一行"})
    return out


def inconsistent(report: dict) -> list[dict]:
    """The 勾稽 identity 一+二 = 三(七)+四 per column, and the totals of tables 三 and 四."""
    out = []
    t3 = report["tables"]["t3"]
    columns = fmt()["table3"]["columns"]
    if all(k in t3 for k in ("一", "二", "三.七", "四")):
        for col in columns:
            a, b, c, d = (t3[k].get(col) for k in ("一", "二", "三.七", "四"))
            if _v(a) + _v(b) != _v(c) + _v(d):
                out.append({"check": INCONSISTENT,
                            "message": (f"表三“{col}”列：本年新收{_n(a)}＋上年结转{_n(b)}＝{_n(_v(a) + _v(b))}，"
                                        f"而办理结果总计{_n(c)}＋结转下年度{_n(d)}＝{_n(_v(c) + _v(d))}"),
                            "cells": [_cell("t3", k, col, t3[k].get(col))
                                      for k in ("一", "二", "三.七", "四")]})
    # the leaves of 三: keys no other key extends by "." (`o.startswith(k + ".")`), found
    # from each key's dotted prefixes instead of testing every pair of keys
    extended = {o[:n] for o in t3 for n, ch in enumerate(o) if ch == "."}
    parts = [k for k in t3 if k.startswith("三.") and k != "三.七" and k not in extended]
    if "三.七" in t3 and parts:
        for col in columns:
            total = sum(_v(t3[k].get(col)) for k in parts)
            if total != _v(t3["三.七"].get(col)):
                out.append({"check": INCONSISTENT,
                            "message": (f"表三“{col}”列：各项办理结果之和为{_n(total)}，"
                                        f"与“(七)总计”{_n(t3['三.七'].get(col))}不符"),
                            "cells": [_cell("t3", "三.七", col, t3["三.七"].get(col))]
                            + [_cell("t3", k, col, t3[k].get(col)) for k in parts]})
    out += _row_totals("t3", "表三", t3, columns, "各类申请人之和", "行")
    out += _row_totals("t4", "表四", report["tables"]["t4"], fmt()["table4"]["columns"], "各项之和", "")
    return out


def _row_totals(table: str, name: str, rows: dict, columns: list[str], what: str,
                suffix: str) -> list[dict]:
    """Each row's 总计 equals the sum of its other cells. A 总计 left blank in several rows
    is one defect (the column was not filled in): one problem holding every cell of it."""
    out, blank = [], []
    for key, row in rows.items():
        parts_sum = sum(_v(row.get(c)) for c in columns[:-1])
        total = row.get(columns[-1])
        if total is None:
            if parts_sum:
                blank.append((key, row))
            continue
        if _v(total) != parts_sum:
            out.append({"check": INCONSISTENT,
                        "message": f"{name}“{key}”{suffix}：{what}为{_n(parts_sum)}，与总计{_n(total)}不符",
                        "cells": [_cell(table, key, c, row.get(c)) for c in columns]})
    if blank:
        shown = "、".join(f"“{k}”" for k, _ in blank[:3]) + ("等" if len(blank) > 3 else "")
        out.append({"check": INCONSISTENT,
                    "message": (f"{name}“{columns[-1]}”列有{len(blank)}{'行' if suffix else '项'}未填写"
                                f"（{shown}），而同{'行' if suffix else '项'}其他各栏有数字"),
                    "cells": [_cell(table, k, c, row.get(c)) for k, row in blank for c in columns]})
    return out


def outdated(report: dict, text_markers: list[str], table_markers: dict) -> list[dict]:
    words = sorted(set(table_markers.get("outdated", [])) | set(text_markers))
    if not words or report["expected_template"] != "2021":
        return []
    return [{"check": OUTDATED,
             "message": (f"{report['year']}年度报告仍使用国办公开办函〔2019〕60号的旧表格"
                         f"（出现“{'”“'.join(words)}”），应使用〔2021〕30号格式"),
             "words": words}]


def residue(report: dict, flat_text: str, stats_year: int | None, lead_year: int | None,
            year_hint: int | None) -> list[dict]:
    out = []
    found = [(m.start(), m.end(), m.group(0))
             for pattern in fmt()["placeholders"] + [re.escape(w) for w in fmt().get("placeholder_words", [])]
             for m in re.finditer(pattern, flat_text)]
    # One problem per placeholder left, however many patterns see it: the longest match at
    # each place (`XX局` over `XX`), and each text once.
    end, seen = -1, set()
    for start, stop, text in sorted(found, key=lambda f: (f[0], f[0] - f[1])):
        if start < end or text in seen:
            end = max(end, stop)
            continue
        end = stop
        seen.add(text)
        out.append({"check": RESIDUE, "message": f"报告中留有模板占位内容“{text}”", "text": text})
    year = report["year"]
    if year and stats_year and stats_year != year:
        out.append({"check": RESIDUE,
                    "message": f"{year}年度报告的统计期限写成了{stats_year}年"})
    if year and lead_year and lead_year != year:
        out.append({"check": RESIDUE,
                    "message": f"{year}年度报告的总体情况以“{lead_year}年”开头，年份有误"})
    if year and year_hint and year_hint != year:
        out.append({"check": RESIDUE,
                    "message": f"报告标题年份为{year}年，与应报告年度{year_hint}年不符"})
    return out


def _n(value) -> str:
    if value is None:
        return "空"
    return str(int(value)) if float(value).is_integer() else str(value)
