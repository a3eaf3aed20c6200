"""Homepage rule: the homepage news block must have something new within the window
(`homepage.stale`, a veto of the inspection indicators)."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

from checks.coverage import item_date, list_failure, newest_date, unknown_newest
from checks.dates import window_start, window_text
from checks.facts import Facts, fetch_failure
from checks.model import Context, Finding
from checks.registry import rule


def _links_fresh_article(facts: Facts, start) -> bool:
    """Whether the homepage links an article (an item of a column read) dated on or after
    `start`. Only computed for a homepage about to be reported, so the scan of the links is
    paid at most once per audit."""
    for link in facts.links_from_any(facts.homepage_urls()):
        for item in facts.items_at(link.get("to_url")):
            day = item_date(item)
            if day is not None and day >= start:
                return True
    return False


def _linked_article_dates(facts: Facts) -> dict[str, dt.date]:
    """The publication date of every article the homepage links (an item of a column read)."""
    dates: dict[str, dt.date] = {}
    for link in facts.links_from_any(facts.homepage_urls()):
        url = link.get("to_url")
        for item in facts.items_at(url):
            day = item_date(item)
            if day is not None and (url not in dates or day > dates[url]):
                dates[url] = day
    return dates


def _no_dated_block(facts: Facts, ctx: Context, start: dt.date) -> Iterator[Finding]:
    """A homepage that answered but shows no dated list (headlines only, a carousel, news
    built by script): its update cannot be read from the page. The dates of the articles it
    links are known only for those the crawl read in some column, and the page may show others
    (or build its news by script), so even old ones all round are no proof of staleness: the
    finding is 未能核验, naming the newest linked article found. A linked article dated within
    the window shows the homepage was updated: nothing to report."""
    home = facts.page(facts.site_url)
    if home is None or fetch_failure(home):
        return  # audit.unverified reports a homepage that failed
    dates = _linked_article_dates(facts)
    if any(day >= start for day in dates.values()):
        return
    window = ctx.thresholds["window"]
    span = window_text(window.value, window.unit)
    newest = max(dates.values(), default=None)
    seen = f"，首页链接的已读取文章中最新的发布于{newest.isoformat()}" if newest else ""
    yield Finding(
        status="unverified",
        unit_name=facts.site_name, url=facts.site_url,
        message=f"“{facts.site_name}”首页未找到标注日期的信息发布区{seen}，"
                f"首页是否在{span}内更新未能核验，需人工核查",
        evidence={"homepage_url": facts.site_url, "reason": "首页没有标注日期的信息发布区",
                  "newest_linked_article": newest.isoformat() if newest else None,
                  "linked_articles": len(dates),
                  "window": {"value": window.value, "unit": window.unit},
                  "fresh_since": start.isoformat(), "as_of": ctx.as_of.isoformat()},
    )


@rule("homepage.stale")
def homepage_stale(facts: Facts, ctx: Context) -> Iterator[Finding]:
    blocks = [c for c in facts.columns if c.get("role") == "homepage"]
    readable = [c for c in blocks if not list_failure(c)]
    window = ctx.thresholds["window"]
    start = window_start(ctx.as_of, window.value, window.unit)
    # No homepage block (or none readable) is never evidence of staleness: audit.unverified
    # reports a homepage or block that failed, and a homepage that answered without a dated
    # block is 未能核验 (below).
    if not readable:
        if not blocks:
            yield from _no_dated_block(facts, ctx, start)
        return
    items = [i for c in readable for i in facts.items_of(c["key"])]
    newest = newest_date(items)
    if newest is not None and newest >= start:
        return
    if _links_fresh_article(facts, start):
        # The blocks read hold only dated rows; an undated headline (头条, 焦点图) above the news
        # list is not among them. A homepage linking an article dated within the window has
        # been updated, whatever its dated rows say.
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
