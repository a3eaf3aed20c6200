"""Annual report rules (条例 第四十九条): the latest report whose deadline has passed must be
published (`annual-report.missing`) and on time (`annual-report.late`).

Lateness is decided by the publication date when it is after the deadline; otherwise by the
落款日期 (signature date) the annual-report analyser read at the end of the report: a report
cannot be published before it is signed, so a 落款 after the deadline proves lateness even when
the page shows no date or an earlier one. A report with no publication date and a 落款 within the
deadline is 未能核验, never late.

Reports are recognised by checks/annual/titles.py and count for the unit whose full name their
title gives wherever they are listed (many counties list every department's report in one
county column: a department must not be accused of not publishing what the portal shows).
Absence is 未能核验 when a report titled without a year may be the one, or when a report column
that could hold it was not read completely."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterator

from checks.analyses import analysed
from checks.annual import titles
from checks.annual.titles import ReportTitle
from checks.coverage import copied_lists, copied_text
from checks.dates import month_day, parse_date
from checks.facts import Facts, Row
from checks.model import Context, Finding
from checks.registry import rule
from checks.rules import annual_content
from checks.unit_names import UnitNames, unit_of

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


def _listed_reports(facts: Facts) -> dict[str | None, list[tuple[ReportTitle, Row]]]:
    """Every listed annual report title (checks/annual/titles.py) by the unit it is for: the unit
    whose full name the title gives (a county 年报 column listing each department's report under
    the department's name), else the unit whose column lists it. Worked out once per audit."""
    def compute() -> dict[str | None, list[tuple[ReportTitle, Row]]]:
        names = UnitNames(facts.units)
        out: dict[str | None, list[tuple[ReportTitle, Row]]] = defaultdict(list)
        # A title recurs (one report listed in several columns, reposted ...): attributed once.
        attributed: dict[tuple, str | None] = {}
        for item in facts.items_titled(annual_content.REPORT_CHARS):
            title = item.get("title") or ""
            found = titles.recognise(title)
            if found is None:
                continue
            listed = (item.get("unit_key"), title)
            if listed not in attributed:
                unit = unit_of(facts, item, title, names)
                attributed[listed] = unit["key"] if unit is not None else None
            if attributed[listed] is not None:
                out[attributed[listed]].append((found, item))
        return dict(out)
    return facts.derived("annual-report.listed", compute)


def find_reports(facts: Facts, unit: Row, year: int, about: bool = False) -> list[Row]:
    """The unit's listed reports of `year`, wherever on the portal they are listed; with
    `about`, also items only about the report (its 解读), which show it is published."""
    return [item for found, item in _listed_reports(facts).get(unit["key"], ())
            if found.year == year and (about or not found.about)]


def _hosting_columns(facts: Facts) -> list[Row]:
    """Report columns that may list other units' reports: the county government's and the
    site's own (not under any unit), as where a county collects every department's 年报."""
    def compute() -> list[Row]:
        hosts = {u["key"] for u in facts.units if u.get("kind") == "county"}
        return [c for c in facts.columns if c.get("category") == CATEGORY
                and c.get("role") == "column" and (not c.get("unit_key") or c["unit_key"] in hosts)]
    return facts.derived("annual-report.hosting-columns", compute)


def _without_year(facts: Facts, unit: Row, year: int) -> list[Row]:
    """The unit's listed report titles naming no year that may be the report of `year`: not
    dated, or dated in the year after it (when that year's report is published)."""
    out = []
    for found, item in _listed_reports(facts).get(unit["key"], ()):
        if found.year is None:
            day = report_date(item)
            if day is None or day.year == year + 1:
                out.append(item)
    return out


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
        # A report listed anywhere on the portal under the unit's name, or only its 解读, shows
        # it is published: the unit is not accused of not publishing it.
        if find_reports(facts, unit, year, about=True):
            continue
        # A report titled with no year (`政府信息公开工作年度报告`), undated or published in the
        # year after the report year, may be that year's: absence cannot be told.
        untold = [item.get("title") for item in _without_year(facts, unit, year)]
        # A report column of the unit, or one where the county lists every unit's report, that
        # was not read completely may hold the report.
        unread = [c for c in columns if c.get("list_status") != "ok"] + [
            c for c in _hosting_columns(facts) if c.get("unit_key") != unit["key"]
            and c.get("list_status") != "ok"]
        # A list an incremental re-audit took from the previous crawl's copy, unasked, may
        # have gained the report since.
        copies = copied_lists(facts, unit)
        column = read[0]
        if untold:
            status = "unverified"
            message = (f"“{unit['name']}”的年报栏目中未见标明{year}年度的政府信息公开工作年度报告，"
                       f"但有未标明年度的年度报告“{untold[0]}”，是否已公布未能核验")
        elif unread:
            status = "unverified"
            message = (f"“{unit['name']}”的年报栏目中未见{year}年政府信息公开工作年度报告，"
                       f"但“{unread[0].get('name') or unread[0].get('url')}”栏目未能完整读取，"
                       f"是否已公布未能核验")
        elif copies:
            status = "unverified"
            message = (f"“{unit['name']}”的年报栏目中未见{year}年政府信息公开工作年度报告，"
                       f"但{copied_text(copies)}，是否已公布未能核验")
        else:
            status = "fail"
            message = (f"“{unit['name']}”未公布{year}年政府信息公开工作年度报告"
                       f"（应于{due.isoformat()}前公布）")
        yield Finding(
            status=status,
            unit_key=unit["key"], unit_name=unit["name"], category=CATEGORY,
            column_key=column["key"], column_name=column.get("name"),
            column_url=column.get("url"), url=column.get("url"),
            message=message,
            evidence={
                "titles_without_year": untold[:5],
                "columns_unread": [c.get("url") for c in unread],
                "columns_copied": [c.get("url") for c in copies],
                "report_year": year,
                "deadline": due.isoformat(),
                "unit_kind": unit.get("kind"),
                "as_of": ctx.as_of.isoformat(),
                "columns_read": [c.get("url") for c in read],
                "items_searched": facts.item_count_of_unit(unit["key"]),
            },
        )


def _first_published(reports: list[Row]) -> tuple[dt.date | None, Row | None]:
    """The earliest report date of these items and the first item dated so."""
    days: dict[tuple, dt.date | None] = {}  # items share dates: each pair parsed once
    first: tuple[dt.date | None, Row | None] = (None, None)
    for item in reports:
        dates = (item.get("pub_date"), item.get("list_date"))
        day = days[dates] if dates in days else days.setdefault(dates, report_date(item))
        if day is not None and (first[0] is None or day < first[0]):
            first = (day, item)
    return first


def signature(facts: Facts, ctx: Context, reports: list[Row]) -> tuple[dt.date | None, Row | None]:
    """The earliest 落款日期 the analyser read at the end of one of these reports, with its item.

    Only a date under a signing body counts (the short line naming the signer just before it),
    never one after as_of: a date picked up elsewhere must not accuse anyone."""
    items = {i["url"]: i for i in reports}
    signed_at = _signed_dates(facts, ctx.as_of)
    # (position among the analyses, day, item): the analyses' order, as a walk of them gives
    signed = sorted((n, day, items[url]) for url in items for n, day in signed_at.get(url, ()))
    if not signed:
        return None, None
    _, day, item = min(signed, key=lambda found: found[1])
    return day, item


def _signed_dates(facts: Facts, as_of: dt.date) -> dict[str, list[tuple[int, dt.date]]]:
    """The usable 落款日期 of each analysed report URL, with the analysis's position: worked out
    once per audit instead of walking every analysis for every unit."""
    def compute() -> dict[str, list[tuple[int, dt.date]]]:
        out: dict[str, list[tuple[int, dt.date]]] = {}
        for n, row in enumerate(analysed(facts, annual_content.KIND, as_of)):
            s = row["summary"] or {}
            if s.get("status") != "ok" or not s.get("signed_by"):
                continue
            day = parse_date(s.get("signed"))
            if day is not None and day <= as_of:
                out.setdefault(row["url"], []).append((n, day))
        return out
    return facts.derived(("annual-report.signed", as_of), compute)


def _late_message(unit: Row, year: int, due: dt.date, published, signed, decided_by: str) -> str:
    name = f"“{unit['name']}”的{year}年政府信息公开工作年度报告"
    if decided_by == "published":
        return f"{name}于{published.isoformat()}公布，晚于{due.isoformat()}的期限{(published - due).days}天"
    shown = (f"页面所示发布日期{published.isoformat()}早于落款日期，以落款日期为准" if published
             else "页面未标明发布日期")
    return (f"{name}落款日期为{signed.isoformat()}，晚于{due.isoformat()}的期限"
            f"{(signed - due).days}天（报告不可能在落款之前公布；{shown}）")


@rule("annual-report.late")
def annual_report_late(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for unit in facts.units:
        year, due = latest_due_year(unit.get("kind"), ctx)
        reports = find_reports(facts, unit, year)
        if not reports:
            continue  # absent: annual-report.missing's
        # Listed in several columns: the first publication counts (the first such item when
        # several share that day).
        published, item = _first_published(reports)
        signed, signed_item = signature(facts, ctx, reports)
        status = "fail"
        if published is not None and published > due:
            decided_by, day = "published", published
        elif signed is not None and signed > due:
            decided_by, day, item = "signed", signed, signed_item
        elif published is None and signed is not None:
            decided_by, day, item, status = None, None, signed_item, "unverified"
        else:
            continue  # on time, or undated and unsigned: nothing to judge lateness with
        column = facts.column(item.get("column_key")) or {}
        # Seen only where another unit lists it (the county collecting every department's
        # 年报, often weeks later): that listing's date is not the unit's own publication.
        elsewhere = decided_by == "published" and item.get("unit_key") != unit["key"]
        if elsewhere:
            status = "unverified"
            message = (f"“{unit['name']}”的{year}年政府信息公开工作年度报告只见于其他单位的"
                       f"“{column.get('name') or column.get('url')}”栏目，该处发布日期"
                       f"{published.isoformat()}晚于{due.isoformat()}的期限；单位自行公布的日期未能核验")
        elif status == "unverified":
            message = (f"“{unit['name']}”的{year}年政府信息公开工作年度报告页面未标明发布日期，"
                       f"落款日期{signed.isoformat()}在{due.isoformat()}的期限之内，是否按期公布未能核验")
        else:
            message = _late_message(unit, year, due, published, signed, decided_by)
        yield Finding(
            status=status,
            unit_key=unit["key"], unit_name=unit["name"], category=CATEGORY,
            column_key=column.get("key"), column_name=column.get("name"),
            column_url=column.get("url"), url=item.get("url"),
            message=message,
            evidence={
                "report_year": year,
                "deadline": due.isoformat(),
                "published": published.isoformat() if published else None,
                "signed": signed.isoformat() if signed else None,
                "decided_by": decided_by,
                "days_late": (day - due).days if day else None,
                "title": item.get("title"),
                "report_url": item.get("url"),
                "unit_kind": unit.get("kind"),
            },
        )
