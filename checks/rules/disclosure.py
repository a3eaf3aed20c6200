"""Disclosure timeliness: an item published later than its deadline counted in 工作日 from its
成文日期 (`disclosure.late`).

条例 第二十六条 gives 20 working days from when the information is formed; 行政许可 and 行政处罚
decisions (双公示) must be online within 7 working days. The published date is the article's
发布日期 (pub_date), else the list date. An item without both dates cannot be judged and is never
a finding. Working days follow the PRC calendar with 调休 (ground/workdays.py); outside the years
that calendar knows, the count is Monday–Friday and the finding says so.
"""

from __future__ import annotations

from typing import Iterator

from checks.dates import parse_date
from checks.facts import Facts
from checks.model import Context, Finding
from checks.registry import rule
from ground.workdays import ESTIMATE_NOTE, add_workdays, workdays_between

# The homepage news block repeats items of real columns; judging it would report them twice.
SKIP_ROLES = ("homepage",)


@rule("disclosure.late")
def disclosure_late(facts: Facts, ctx: Context) -> Iterator[Finding]:
    general = int(ctx.value("general"))
    strict = int(ctx.value("license_penalty"))
    strict_categories = set(ctx.value("license_penalty_categories") or ())
    seen: set[str] = set()
    # No item can be late unless published more than the shorter limit's count of calendar
    # days after it was written: SQL picks those (and any date it cannot compare) from the
    # store, so the million undated or timely items never reach Python.
    shortest = min(general, strict) if strict_categories else general
    for item in facts.items_published_after("written_date", ("pub_date", "list_date"), shortest):
        if not item.get("written_date"):
            continue
        column = facts.column(item.get("column_key"))
        if column is None or column.get("role") in SKIP_ROLES:
            continue
        url = item.get("url")
        if url in seen:  # one article listed in two columns is one late publication
            continue
        written = parse_date(item.get("written_date"))
        pub = parse_date(item.get("pub_date"))
        source = "pub_date"
        if pub is None:
            pub, source = parse_date(item.get("list_date")), "list_date"
        if written is None or pub is None or pub <= written:
            continue
        category = column.get("category")
        limit = strict if category in strict_categories else general
        deadline = add_workdays(written, limit)
        if pub <= deadline.day:
            continue
        seen.add(url)
        taken, estimated = workdays_between(written, pub)
        estimated = estimated or deadline.estimated
        unit = facts.unit(column.get("unit_key"))
        unit_name = unit["name"] if unit else facts.site_name
        kind = "行政许可、行政处罚决定" if limit == strict and category in strict_categories else "政府信息"
        note = f"（{ESTIMATE_NOTE}）" if estimated else ""
        yield Finding(
            rule="disclosure.late",
            unit_key=column.get("unit_key"), unit_name=unit_name,
            category=category, column_key=column["key"], column_name=column.get("name"),
            column_url=column.get("url"), url=url,
            message=(f"“{unit_name}”的“{item.get('title') or url}”成文于{written.isoformat()}，"
                     f"{pub.isoformat()}才公开，用时{taken}个工作日，超过{kind}{limit}个工作日的"
                     f"公开时限（应于{deadline.day.isoformat()}前公开）{note}"),
            evidence={
                "title": item.get("title"),
                "written_date": written.isoformat(),
                "published_date": pub.isoformat(),
                "published_source": source,
                "limit_workdays": limit,
                "deadline": deadline.day.isoformat(),
                "workdays_taken": taken,
                "calendar": ESTIMATE_NOTE if estimated else "国务院办公厅节假日安排（含调休）",
                "estimated": estimated,
            },
        )
