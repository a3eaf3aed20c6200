"""What is inside annual reports: the `annual-report` analyser and the rules reading it.

The analyser reads each unit's reports (the article body, or the report attached to it) with
checks.annual once per audit; the rules turn the problems it found into findings, one finding
per report and rule: `incomplete`, `inconsistent`, `outdated-template`, `residue` (seen in the
report alone, plus another unit's name as the report's own subject: checks/annual/wrong_unit.py),
`copied` (内容雷同 with the unit's previous report) and `shuanggongshi` (table 二
counts fewer 行政许可/行政处罚 decisions than the 双公示 records the site published that year;
a discrepancy for review, reported as 未能核验, never as a violation).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterator

from checks.analyses import analysed, analyser
from checks.annual import analyse, titles
from checks.annual.wrong_unit import wrong_unit
from checks.annual.similarity import containment, prose
from checks.annual.text import lines, split_sections
from checks.dates import parse_date
from checks.facts import Facts, Row
from checks.model import Context, Finding, column_fields
from checks.registry import rule

KIND = "annual-report"
CATEGORY = "annual-report"
# Readable attachment kinds that can hold the report itself.
REPORT_FILES = ("pdf", "docx", "doc", "wps", "txt", "ofd")
COPIED_DEFAULT = 0.85


# A cheap necessary condition of a report title, checked before any regex: characters every
# such title holds even when spaced out (公 of 信息公开/政务公开, 报 of 报告/年报; not 年, since
# `政府信息公开工作报告（2025）` has none).
REPORT_CHARS = "报公"


def report_candidates(facts: Facts, unit: Row) -> tuple[Row, ...]:
    """The unit's items whose title may be an annual report's (in item order)."""
    return facts.items_of_unit_titled(unit["key"], REPORT_CHARS)


def report_year(title: str | None) -> int | None:
    """The year a listed title names as an annual report's (checks/annual/titles.py), or None
    (also for an item only about the report, such as its 解读: it is not analysed)."""
    return titles.report_year(title)


def _reports(facts: Facts, unit: Row) -> list[tuple[int, Row]]:
    seen, out = set(), []
    # A title recurs (one report listed in several columns, reposted ...): matched once.
    years: dict[str | None, int | None] = {}
    for item in report_candidates(facts, unit):  # most items cannot be one: no regex for them
        title = item.get("title")
        year = years[title] if title in years else years.setdefault(title, report_year(title))
        if year is not None and item["url"] not in seen:
            seen.add(item["url"])
            out.append((year, item))
    return out


def _source(facts: Facts, item: Row, attachments: dict) -> dict | None:
    """The document holding the report: the article when its body is the report, else the
    first attachment that is one. A report we could not read (no text stored, attachment not
    read or unreadable) gets a status other than ok and is never judged."""
    url = item["url"]
    text = facts.text_of(url)
    # Only the count of top-level sections decides whether the body is the report: split them
    # without analysing the whole text (the report found is analysed once, by the caller).
    if text and len(split_sections(lines(text))[1]) >= 3:
        return {"url": url, "text": text, "tables": _tables(facts.document(url)), "status": "ok",
                "note": ""}
    listed = attachments.get(url)
    if not listed:
        return None  # a page titled as a report with no report in it: nothing to analyse
    for att in listed:
        doc = facts.document(att)
        if doc is None:
            continue
        if (doc.get("kind") or "") not in REPORT_FILES:
            continue
        if doc.get("status") != "ok":
            return {"url": att, "text": "", "tables": None, "status": doc.get("status"),
                    "note": doc.get("note") or ""}
        # The note of a document read in part (pages without text) limits its coverage.
        return {"url": att, "text": facts.text_of(att), "tables": _tables(doc) or None,
                "status": "ok", "note": doc.get("note") or ""}
    return {"url": url, "text": "", "tables": None, "status": "not-read",
            "note": "报告正文在附件中，附件未读取，需人工核查"}


def _tables(row: Row | None):
    import json

    if row is None:
        return None  # the crawler stored no document row: tables not known
    return json.loads(row.get("tables") or "[]")


@analyser(KIND)
def annual_report_analyses(facts: Facts, as_of: dt.date) -> list[dict]:
    attachments: dict[str, list[str]] = defaultdict(list)
    for link in facts.links_of_kind("attachment"):
        attachments[link["from_url"]].append(link["to_url"])
    rows = []
    for unit in facts.units:
        for year, item in _reports(facts, unit):
            source = _source(facts, item, attachments)
            if source is None:
                continue
            if source["status"] != "ok":
                summary = {"status": source["status"], "note": source["note"], "year": year,
                           "problems": []}
            else:
                summary = analyse(source["text"], source["tables"], title_hint=item.get("title"),
                                  year=year, unit_kind=unit.get("kind"), note=source["note"])
                summary["status"] = "ok"
            summary.update(title=summary.get("title") or item.get("title"),
                           list_title=item.get("title"),
                           document_url=source["url"], column_key=item.get("column_key"))
            rows.append({"url": item["url"], "unit_key": unit["key"], "kind": KIND,
                         "year": year, "summary": summary})
    return rows


def _finding(facts: Facts, row: dict, message: str, evidence: dict,
             status: str = "fail") -> Finding:
    unit = facts.unit(row["unit_key"]) or {}
    column = facts.column(row["summary"].get("column_key"))
    return Finding(unit_key=row["unit_key"], unit_name=unit.get("name"),
                   **{**column_fields(column), "category": CATEGORY}, url=row["url"],
                   message=message, status=status, evidence=evidence)


def _own_problems(facts: Facts, ctx: Context, rule_id: str, what: str,
                  extra=lambda facts, row: []) -> Iterator[Finding]:
    for row in analysed(facts, KIND, ctx.as_of):
        s = row["summary"]
        found = [p for p in s.get("problems", []) if p["check"] == rule_id] + extra(facts, row)
        if not found:
            continue
        unit = facts.unit(row["unit_key"]) or {}
        shown = "；".join(p["message"] for p in found[:3]) + ("等" if len(found) > 3 else "")
        yield _finding(facts, row,
                       f"“{unit.get('name')}”{row['year']}年政府信息公开工作年度报告{what}：{shown}",
                       {"report_year": row["year"], "template": s.get("template"),
                        "document_url": s.get("document_url"), "problems": found})


@rule("annual-report.incomplete")
def annual_report_incomplete(facts: Facts, ctx: Context) -> Iterator[Finding]:
    yield from _own_problems(facts, ctx, "annual-report.incomplete", "内容不完整")
    # A report not read in full (text cut short, pages without text): whether it is complete
    # cannot be said; 未能核验 with the reasons, for a person to look at.
    for row in analysed(facts, KIND, ctx.as_of):
        s = row["summary"]
        cover = s.get("coverage") or {}
        if s.get("status") != "ok" or cover.get("complete", True) or s.get("expected_template") == "old":
            continue
        unit = facts.unit(row["unit_key"]) or {}
        yield _finding(facts, row,
                       (f"“{unit.get('name')}”{row['year']}年政府信息公开工作年度报告未能完整读取"
                        f"（{'；'.join(cover.get('reasons') or [])}），是否完整未能核验，需人工核查"),
                       {"report_year": row["year"], "template": s.get("template"),
                        "document_url": s.get("document_url"), "coverage": cover},
                       status="unverified")


@rule("annual-report.inconsistent")
def annual_report_inconsistent(facts: Facts, ctx: Context) -> Iterator[Finding]:
    yield from _own_problems(facts, ctx, "annual-report.inconsistent", "数据勾稽关系不符")


@rule("annual-report.outdated-template")
def annual_report_outdated_template(facts: Facts, ctx: Context) -> Iterator[Finding]:
    yield from _own_problems(facts, ctx, "annual-report.outdated-template", "使用旧格式")


@rule("annual-report.residue")
def annual_report_residue(facts: Facts, ctx: Context) -> Iterator[Finding]:
    yield from _own_problems(facts, ctx, "annual-report.residue", "留有模板或错误内容",
                             extra=_wrong_unit)


def _wrong_unit(facts: Facts, row: dict) -> list[dict]:
    s = row["summary"]
    if s.get("status") != "ok" or s.get("template") == "old":
        return []  # pre-2019 reports are classified, never flagged (catalog §C3)
    return wrong_unit(s, facts.unit(row["unit_key"]) or {}, facts.units)


@rule("annual-report.copied")
def annual_report_copied(facts: Facts, ctx: Context) -> Iterator[Finding]:
    threshold = float(ctx.value("copied_share")) if "copied_share" in ctx.thresholds else COPIED_DEFAULT
    rows = [r for r in analysed(facts, KIND, ctx.as_of) if r["summary"].get("status") == "ok"]
    by_year = {(r["unit_key"], r["year"]): r for r in rows}
    texts: dict[str, str] = {}
    for row in rows:
        previous = by_year.get((row["unit_key"], row["year"] - 1))
        if previous is None:
            continue
        for r in (row, previous):
            if r["url"] not in texts:
                texts[r["url"]] = prose(_text_of(facts, r))
        share = containment(texts[row["url"]], texts[previous["url"]])
        if share < threshold:
            continue
        unit = facts.unit(row["unit_key"]) or {}
        yield _finding(facts, row,
                       (f"“{unit.get('name')}”{row['year']}年年度报告与{previous['year']}年报告"
                        f"内容雷同（{share:.0%}的文字相同，数字除外）"),
                       {"report_year": row["year"], "previous_url": previous["url"],
                        "share": round(share, 3), "threshold": threshold,
                        "document_url": row["summary"].get("document_url")})


def _text_of(facts: Facts, row: dict) -> str:
    return facts.text_of(row["summary"].get("document_url") or row["url"])


@rule("annual-report.shuanggongshi")
def annual_report_shuanggongshi(facts: Facts, ctx: Context) -> Iterator[Finding]:
    # {column key: {year: item count}}: a unit's reports of several years count the same
    # columns, which are counted once.
    by_year: dict[str, dict[int | None, int]] = {}
    for row in analysed(facts, KIND, ctx.as_of):
        s = row["summary"]
        if s.get("status") != "ok" or s.get("template") == "old":
            continue  # old-format reports count records published, not decisions
        for figure, category, label in (("licences", "license", "行政许可"),
                                        ("penalties", "penalty", "行政处罚")):
            fig = (s.get("figures") or {}).get(figure)
            if not fig or (s.get("figures_in") or {}).get(figure) != "表二":
                continue
            columns = [c for c in facts.columns_of(row["unit_key"]) if c.get("category") == category]
            if not columns or any(c.get("list_status") != "ok" for c in columns):
                continue  # a list not read completely cannot be counted
            published = sum(_counts_by_year(facts, c["key"], by_year).get(row["year"], 0)
                            for c in columns)
            if published <= (fig["value"] or 0):
                continue
            unit = facts.unit(row["unit_key"]) or {}
            yield _finding(
                facts, row,
                (f"“{unit.get('name')}”{row['year']}年年度报告表二填报{label}决定{fig['value']}件，"
                 f"而网站{label}公示栏目当年发布了{published}条记录，请核实"),
                {"report_year": row["year"], "figure": label, "reported": fig["value"],
                 "published": published, "columns": [c.get("url") for c in columns],
                 "examples": _examples(facts, columns, row["year"], 5)},
                status="unverified")


def _counts_by_year(facts: Facts, column_key: str, cache: dict) -> dict[int | None, int]:
    """How many of the column's items fall in each year (`_year`), computed once per column
    from its distinct (list date, 发布日期) pairs and their counts (SQL GROUP BY): each pair is
    dated once, no item is read."""
    found = cache.get(column_key)
    if found is None:
        found = cache[column_key] = defaultdict(int)
        for (listed, pub), count in facts.value_counts_of(column_key, YEAR_DATES):
            found[_year({"list_date": listed, "pub_date": pub})] += count
    return found


def _examples(facts: Facts, columns: list[Row], year: int, wanted: int) -> list[str]:
    """The URLs of the first `wanted` items of `year`, in column and list order (read only as
    far as needed)."""
    out: list[str] = []
    for column in columns:
        for item in facts.iter_items_of(column["key"]):
            if _year(item) == year:
                out.append(item["url"])
                if len(out) == wanted:
                    return out
    return out


# The dates that place an item in a year, in `_year`'s order of preference.
YEAR_DATES = ("list_date", "pub_date")


def _year(item: Row) -> int | None:
    day = parse_date(item.get("list_date")) or parse_date(item.get("pub_date"))
    return day.year if day else None
