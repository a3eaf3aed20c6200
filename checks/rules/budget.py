"""Department budget and final-accounts disclosure rules (财预〔2016〕143号):

- `budget.missing`: the year-Y budget / year-Y−1 final accounts not found once their
  (configurable) publication date has passed;
- `budget.tables-missing`: a disclosure lacks one of the required tables (empty tables must
  still be published, so an empty table with its title counts as published);
- `budget.sangong-incomplete`: the 三公经费 are not split into their four amounts, or their change
  is not explained.

One gap, one finding: no budget column at all is `column.missing`'s, an empty one `column.empty`'s,
a failed list `audit.unverified`'s; a disclosure that is absent is `budget.missing`'s only (its
tables are not also "missing"), and a missing 三公 table is `budget.tables-missing`'s (its four
amounts are not reported again). What sits in unread attachments makes a finding 未能核验.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterator

from checks.analyses import analysed
from checks.coverage import columns_hidden, copied_lists, copied_text, list_failure
from checks.dates import month_day
from checks.documents import disclosures as _disclosures  # noqa: F401  (registers the analyser)
from checks.documents.budget import KIND_LABELS
from checks.facts import Facts, Row
from checks.model import Context, Finding, column_fields
from checks.registry import rule

CATEGORY = "budget"
KINDS = ("budget", "final-accounts")


def due_date(kind: str, year: int, ctx: Context) -> dt.date:
    """The day by which the disclosure for `year` must be online: the budget of year Y by
    `budget_due` of Y, the final accounts of Y by `final_accounts_due` of Y+1."""
    if kind == "budget":
        return month_day(year, ctx.value("budget_due"))
    return month_day(year + 1, ctx.value("final_accounts_due"))


def required_year(kind: str, ctx: Context) -> tuple[int, dt.date]:
    """The latest year whose disclosure is due on as_of (published on the due day is on time,
    so it is due only from the next day on)."""
    year = ctx.as_of.year
    while due_date(kind, year, ctx) >= ctx.as_of:
        year -= 1
    return year, due_date(kind, year, ctx)


def judged_units(facts: Facts, ctx: Context) -> list[Row]:
    kinds = set(ctx.value("unit_kinds"))
    return [u for u in facts.units if u.get("kind") in kinds]


def budget_columns(facts: Facts, unit: Row) -> list[Row]:
    return [c for c in facts.columns_of(unit["key"])
            if c.get("category") == CATEGORY and c.get("role") == "column"]


def _by_unit(facts: Facts, ctx: Context) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in analysed(facts, "budget", ctx.as_of):
        out.setdefault(row["unit_key"], []).append(row["summary"])
    return out


@rule("budget.missing")
def budget_missing(facts: Facts, ctx: Context) -> Iterator[Finding]:
    found = _by_unit(facts, ctx)
    for unit in judged_units(facts, ctx):
        columns = budget_columns(facts, unit)
        # No budget column is column.missing's finding; an unreadable unit page audit.unverified's.
        if not columns or columns_hidden(facts, unit):
            continue
        # A failed or blocked list is audit.unverified's.
        if any(list_failure(c) for c in columns):
            continue
        # An empty column (read completely, nothing listed) is column.empty's.
        if all(c.get("list_status") == "ok" and not facts.item_count(c["key"])
               and not c.get("item_count") for c in columns):
            continue
        complete = all(c.get("list_status") == "ok" for c in columns)
        # A list an incremental re-audit took from the previous crawl's copy, unasked, may
        # have gained the disclosure since.
        copies = copied_lists(facts, unit)
        disclosures = found.get(unit["key"], [])
        for kind in KINDS:
            year, due = required_year(kind, ctx)
            if any(d["kind"] == kind and d["year"] == year and d["has_disclosure"]
                   for d in disclosures):
                continue
            column = columns[0]
            label = KIND_LABELS[kind]
            others = sorted({d["year"] for d in disclosures if d["kind"] == kind and d["has_disclosure"]})
            if complete and copies:
                status, message = "unverified", (
                    f"“{unit['name']}”未找到{year}年度{label}，但{copied_text(copies)}，"
                    f"是否已公开未能核验")
            elif complete:
                status, message = "fail", (f"“{unit['name']}”未公开{year}年度{label}"
                                           f"（应于{due.isoformat()}前公开）")
            else:
                status, message = "unverified", (
                    f"“{unit['name']}”的财政预决算栏目未能完整读取，未找到{year}年度{label}，"
                    f"是否已公开未能核验")
            yield Finding(
                status=status,
                unit_key=unit["key"], unit_name=unit["name"],
                **column_fields(column), url=column.get("url"),
                message=message,
                evidence={
                    "disclosure": kind,
                    "year": year,
                    "due": due.isoformat(),
                    "as_of": ctx.as_of.isoformat(),
                    "years_found": others,
                    "columns_read": {c.get("url"): c.get("list_status") for c in columns},
                    "columns_copied": [c.get("url") for c in copies],
                    "items_searched": facts.item_count_of_unit(unit["key"]),
                },
            )


def _judged(facts: Facts, ctx: Context) -> Iterator[tuple[Row, dict]]:
    """Disclosures of judged units for the required year or later (earlier years were held to
    the rules of their time and are not re-audited)."""
    years = {kind: required_year(kind, ctx)[0] for kind in KINDS}
    found = _by_unit(facts, ctx)
    for unit in judged_units(facts, ctx):
        for d in found.get(unit["key"], []):
            # A 三公-only statement without its disclosure is budget.missing's finding.
            if d["has_disclosure"] and d["year"] >= years[d["kind"]]:
                yield unit, d


def _locate(facts: Facts, d: dict) -> dict:
    column = facts.column(d.get("column_key"))
    return {**column_fields(column), "url": d["url"]}


@rule("budget.tables-missing")
def budget_tables_missing(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for unit, d in _judged(facts, ctx):
        label = f"{d['year']}年度{KIND_LABELS[d['kind']]}"
        if not d["readable"]:
            if not d["unread"]:
                continue  # every document failed to load: link.broken / audit.unverified own it
            yield Finding(
                status="unverified",
                unit_key=unit["key"], unit_name=unit["name"], **_locate(facts, d),
                message=f"“{unit['name']}”的{label}公开内容未能读取，所列报表是否齐全未能核验",
                evidence={"disclosure": d["kind"], "year": d["year"], "unread": d["unread"],
                          "documents": [x["url"] for x in d["documents"]]},
            )
            continue
        if not d["tables_missing"]:
            continue
        missing = "、".join(d["tables_missing"])
        status = "unverified" if d["unread"] else "fail"
        message = (f"“{unit['name']}”的{label}公开缺少{missing}" if status == "fail" else
                   f"“{unit['name']}”的{label}公开正文中未见{missing}，附件未能读取，是否齐全未能核验")
        yield Finding(
            status=status,
            unit_key=unit["key"], unit_name=unit["name"], **_locate(facts, d),
            message=message,
            evidence={
                "disclosure": d["kind"], "year": d["year"],
                "tables_missing": d["tables_missing"],
                "tables_found": d["tables_found"],
                "tables_required": len(d["tables_found"]) + len(d["tables_missing"]),
                "unread": d["unread"],
                "documents": [x["url"] for x in d["documents"]],
            },
        )


@rule("budget.sangong-incomplete")
def budget_sangong_incomplete(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for unit, d in _judged(facts, ctx):
        s = d["sangong"]
        if not d["readable"] or s["none_declared"]:
            continue  # unreadable: budget.tables-missing says so; no 三公 at all: nothing to split
        # Without the 三公 table, budget.tables-missing already reports the missing amounts.
        missing = s["missing"] if s["table_found"] or s["amounts"] else []
        problems = []
        if missing:
            problems.append("未列明" + "、".join(missing))
        if not s["explained"]:
            problems.append("未说明增减变化情况及原因")
        if not problems:
            continue
        label = f"{d['year']}年度{KIND_LABELS[d['kind']]}"
        status = "unverified" if d["unread"] else "fail"
        tail = "" if status == "fail" else "；附件未能读取，未能核验"
        yield Finding(
            status=status,
            unit_key=unit["key"], unit_name=unit["name"], **_locate(facts, d),
            message=f"“{unit['name']}”的{label}公开中“三公”经费{'；'.join(problems)}{tail}",
            evidence={
                "disclosure": d["kind"], "year": d["year"],
                "amounts": s["amounts"], "amounts_missing": missing,
                "explained": s["explained"], "table_found": s["table_found"],
                "unread": d["unread"],
            },
        )
