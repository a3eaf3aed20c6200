"""Column rules: required columns present (`column.missing`), not blank (`column.empty`) and
updated within their class window (`column.stale`)."""

from __future__ import annotations

from typing import Iterator

from checks import trace
from checks.coverage import (columns_hidden, item_date, list_failure, newest_date,
                             unknown_newest)
from checks.dates import window_start, window_text
from checks.facts import Facts
from checks.model import Context, Finding, column_fields
from checks.registry import rule


@rule("column.missing")
def column_missing(facts: Facts, ctx: Context) -> Iterator[Finding]:
    kinds = ctx.requirements.get("unit_kinds", {})
    for unit in facts.units:
        required = (kinds.get(unit.get("kind")) or {}).get("required") or []
        # A unit page or container list that failed may hide exactly the column we would call
        # missing; audit.unverified reports that instead.
        if not required or columns_hidden(facts, unit):
            continue
        columns = [c for c in facts.columns_of(unit["key"]) if c.get("role") == "column"]
        present = {c.get("category") for c in columns}
        for category in required:
            if category in present:
                continue
            label = ctx.category_label(category)
            yield Finding(
                unit_key=unit["key"], unit_name=unit["name"], category=category,
                url=unit.get("url"),
                message=f"“{unit['name']}”未设置“{label}”栏目",
                evidence={
                    "unit_kind": unit.get("kind"),
                    "required_category": category,
                    "required_label": label,
                    "unit_url": unit.get("url"),
                    "columns_found": [c["name"] for c in columns],
                    "searched_pages": trace.searched_pages(facts, unit),
                    "candidates": trace.candidates(facts, unit, category),
                },
            )


@rule("column.empty")
def column_empty(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for column in facts.columns:
        # Only a list read completely can prove emptiness; failed, blocked and partial lists
        # could be hiding items.
        if column.get("role") != "column" or column.get("list_status") != "ok":
            continue
        # item_count guards against a crawler that counted entries without storing them.
        if facts.item_count(column["key"]) or (column.get("item_count") or 0) > 0:
            continue
        unit = facts.unit(column.get("unit_key")) or {}
        unit_name = unit.get("name") or facts.site_name
        placeholder = column.get("placeholder")
        shown = f"（页面显示“{placeholder}”）" if placeholder else ""
        yield Finding(
            unit_key=column.get("unit_key"), unit_name=unit_name,
            **column_fields(column), url=column.get("url"),
            message=f"“{unit_name}”的“{column['name']}”栏目没有任何信息{shown}",
            evidence={
                "column_url": column.get("url"),
                "items": 0,
                "placeholder": placeholder,
                "pages_fetched": column.get("pages_fetched"),
                "list_status": column.get("list_status"),
            },
        )


@rule("column.stale")
def column_stale(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for column in facts.columns:
        if column.get("role") != "column" or list_failure(column):
            continue
        freshness = ctx.freshness_class(column.get("category"))
        if not freshness or freshness not in ctx.thresholds:
            continue
        window = ctx.thresholds[freshness]
        start = window_start(ctx.as_of, window.value, window.unit)
        # Lists run newest first: one fresh item ends the look (read from the store one by
        # one), so only stale columns have all their items read and dated.
        if any(d is not None and d >= start
               for d in map(item_date, facts.iter_items_of(column["key"]))):
            continue
        items = facts.items_of(column["key"])
        if not items:
            continue
        newest = newest_date(items)
        unit = facts.unit(column.get("unit_key")) or {}
        unit_name = unit.get("name") or facts.site_name
        span = window_text(window.value, window.unit)
        unknown = unknown_newest(facts, items)
        if unknown:
            # Only dates that were read may accuse: the newest entries' dates are unknown.
            yield Finding(
                status="unverified",
                unit_key=column.get("unit_key"), unit_name=unit_name,
                **column_fields(column), url=column.get("url"),
                message=(f"“{unit_name}”的“{column['name']}”栏目最新条目的发布日期未能读取"
                         f"（{unknown}），是否在{span}内更新未能核验"),
                evidence={"column_url": column.get("url"), "reason": unknown,
                          "newest_date_read": newest.isoformat() if newest else None,
                          "freshness_class": freshness,
                          "window": {"value": window.value, "unit": window.unit},
                          "as_of": ctx.as_of.isoformat(), "items": len(items),
                          "list_status": column.get("list_status")},
            )
            continue
        if newest is None:
            message = f"“{unit_name}”的“{column['name']}”栏目信息均未标注发布日期，视为超过{span}未更新"
        else:
            message = f"“{unit_name}”的“{column['name']}”栏目最新信息为{newest.isoformat()}，超过{span}未更新"
        yield Finding(
            unit_key=column.get("unit_key"), unit_name=unit_name,
            **column_fields(column), url=column.get("url"),
            message=message,
            evidence={
                "column_url": column.get("url"),
                "newest_date": newest.isoformat() if newest else None,
                "freshness_class": freshness,
                "window": {"value": window.value, "unit": window.unit},
                "fresh_since": start.isoformat(),
                "as_of": ctx.as_of.isoformat(),
                "level": column.get("level"),
                "items": len(items),
                "undated_items": sum(1 for i in items if item_date(i) is None),
                "list_status": column.get("list_status"),
                "pages_fetched": column.get("pages_fetched"),
            },
        )
