"""Annual report rules (条例 第四十九条): the latest report whose deadline has passed must be
published (`annual-report.missing`) and on time (`annual-report.late`)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Iterator

from checks.dates import month_day, parse_date
from checks.facts import Facts, Row
from checks.model import Context, Finding
from checks.registry import rule

CATEGORY = "annual-report"


def deadline(year: int, kind: str | None, ctx: Context) -> dt.date:
    """Publication deadline of the report for `year` for a unit of `kind`."""
    if year < int(ctx.value("reform_first_year")):
        return month_day(year + 1, ctx.value("deadline_before_reform"))
    key = f"deadline_{kind}"
    # Unknown kinds get the later (county) deadline: never accuse earlier than the law does.
    value = ctx.value(key) if key in ctx.thresholds else ctx.value("deadline_county")
    return month_day(year + 1, value)


def latest_due_year(kind: str | None, ctx: Context) -> tuple[int, dt.date]:
    """The latest report year whose deadline has passed on as_of (publishing on the deadline
    day itself is on time, so the deadline has passed only from the next day on)."""
    year = ctx.as_of.year - 1
    while deadline(year, kind, ctx) >= ctx.as_of:
        year -= 1
    return year, deadline(year, kind, ctx)


@lru_cache(maxsize=64)
def title_pattern(year: int) -> re.Pattern:
    # `2025年度…`, `2025年…政府信息公开工作年度报告`, `…政府信息公开年报`; whitespace removed first.
    return re.compile(rf"(?<!\d){year}年.*政府信息公开.*(年度报告|年报)")


SPACES = re.compile(r"\s+")


# A cheap necessary condition of a report title, checked before any regex: characters every
# such title holds even when spaced out (年, 政 of 政府信息公开, 报 of 年报/年度报告).
REPORT_CHARS = "报政年"


def report_candidates(facts: Facts, unit: Row) -> tuple[Row, ...]:
    """The unit's items whose title may be an annual report's (in item order)."""
    return facts.items_of_unit_titled(unit["key"], REPORT_CHARS)


def find_reports(facts: Facts, unit: Row, year: int) -> list[Row]:
    pattern = title_pattern(year)
    return [i for i in report_candidates(facts, unit)
            if pattern.search(SPACES.sub("", i.get("title") or ""))]


def report_date(item: Row) -> dt.date | None:
    """The article's own date first: the list date may be a later re-listing."""
    return parse_date(item.get("pub_date")) or parse_date(item.get("list_date"))


def report_columns(facts: Facts, unit: Row) -> list[Row]:
    return [c for c in facts.columns_of(unit["key"])
            if c.get("category") == CATEGORY and c.get("role") == "column"]


@rule("annual-report.missing")
def annual_report_missing(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for unit in facts.units:
        columns = report_columns(facts, unit)
        # Only a completely read report column can show absence; no column at all is
        # column.missing's finding, a failed one is audit.unverified's.
        read = [c for c in columns if c.get("list_status") == "ok"]
        if not read:
            continue
        year, due = latest_due_year(unit.get("kind"), ctx)
        if find_reports(facts, unit, year):
            continue
        column = read[0]
        yield Finding(
            rule="annual-report.missing",
            unit_key=unit["key"], unit_name=unit["name"], category=CATEGORY,
            column_key=column["key"], column_name=column.get("name"),
            column_url=column.get("url"), url=column.get("url"),
            message=(f"“{unit['name']}”未公布{year}年政府信息公开工作年度报告"
                     f"（应于{due.isoformat()}前公布）"),
            evidence={
                "report_year": year,
                "deadline": due.isoformat(),
                "unit_kind": unit.get("kind"),
                "as_of": ctx.as_of.isoformat(),
                "columns_read": [c.get("url") for c in read],
                "items_searched": len(facts.items_of_unit(unit["key"])),
            },
        )


@rule("annual-report.late")
def annual_report_late(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for unit in facts.units:
        year, due = latest_due_year(unit.get("kind"), ctx)
        reports = find_reports(facts, unit, year)
        dated = sorted(((d, i) for i in reports if (d := report_date(i)) is not None),
                       key=lambda pair: pair[0])
        if not dated:
            continue  # absent or undated: nothing to say about lateness
        published, item = dated[0]  # listed in several columns: the first publication counts
        if published <= due:
            continue
        column = facts.column(item.get("column_key")) or {}
        yield Finding(
            rule="annual-report.late",
            unit_key=unit["key"], unit_name=unit["name"], category=CATEGORY,
            column_key=column.get("key"), column_name=column.get("name"),
            column_url=column.get("url"), url=item.get("url"),
            message=(f"“{unit['name']}”的{year}年政府信息公开工作年度报告于{published.isoformat()}"
                     f"公布，晚于{due.isoformat()}的期限{(published - due).days}天"),
            evidence={
                "report_year": year,
                "deadline": due.isoformat(),
                "published": published.isoformat(),
                "days_late": (published - due).days,
                "title": item.get("title"),
                "report_url": item.get("url"),
                "unit_kind": unit.get("kind"),
            },
        )
