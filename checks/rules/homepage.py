"""Homepage rule: the homepage news block must have something new within the window
(`homepage.stale`, a veto of the inspection indicators)."""

from __future__ import annotations

from typing import Iterator

from checks.coverage import item_date, list_failure, newest_date, unknown_newest
from checks.dates import window_start, window_text
from checks.facts import Facts
from checks.model import Context, Finding
from checks.registry import rule


@rule("homepage.stale")
def homepage_stale(facts: Facts, ctx: Context) -> Iterator[Finding]:
    blocks = [c for c in facts.columns if c.get("role") == "homepage"]
    readable = [c for c in blocks if not list_failure(c)]
    # No homepage block (or none readable) is not evidence of staleness; audit.unverified
    # reports a homepage that failed.
    if not readable:
        return
    items = [i for c in readable for i in facts.items_of(c["key"])]
    window = ctx.thresholds["window"]
    start = window_start(ctx.as_of, window.value, window.unit)
    newest = newest_date(items)
    if newest is not None and newest >= start:
        return
    span = window_text(window.value, window.unit)
    name = facts.site_name
    first = readable[0]
    unknown = next((r for r in (unknown_newest(facts, facts.items_of(c["key"]))
                                for c in readable) if r), None)
    if unknown:
        # The newest entries' dates were never read (their articles failed): a veto must not
        # rest on the older dates that were.
        yield Finding(
            status="unverified",
            unit_name=name, category=first.get("category"),
            column_key=first["key"], column_name=first.get("name"),
            column_url=first.get("url"), url=facts.site_url,
            message=f"“{name}”首页信息发布区最新条目的发布日期未能读取（{unknown}），"
                    f"是否在{span}内更新未能核验",
            evidence={"homepage_url": facts.site_url, "reason": unknown,
                      "newest_date_read": newest.isoformat() if newest else None,
                      "window": {"value": window.value, "unit": window.unit},
                      "as_of": ctx.as_of.isoformat(), "items": len(items)},
        )
        return
    if newest is None:
        message = f"“{name}”首页信息发布区没有标注日期的信息，视为超过{span}未更新"
    else:
        message = f"“{name}”首页信息发布区最新信息为{newest.isoformat()}，超过{span}未更新"
    yield Finding(
        unit_name=name, category=first.get("category"),
        column_key=first["key"], column_name=first.get("name"), column_url=first.get("url"),
        url=facts.site_url,
        message=message,
        evidence={
            "homepage_url": facts.site_url,
            "blocks": [{"name": c.get("name"), "url": c.get("url")} for c in readable],
            "newest_date": newest.isoformat() if newest else None,
            "window": {"value": window.value, "unit": window.unit},
            "fresh_since": start.isoformat(),
            "as_of": ctx.as_of.isoformat(),
            "items": len(items),
            "undated_items": sum(1 for i in items if item_date(i) is None),
        },
    )
