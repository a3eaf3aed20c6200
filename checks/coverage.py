"""What the crawl could and could not see: the one place that decides which facts are too
incomplete to accuse anyone.

`audit.unverified` reports exactly these failures, and the column rules consult the same
functions before claiming something is missing or empty, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from checks.dates import parse_date
from checks.facts import Facts, Row, fetch_failure

FAILED_LIST = ("failed", "blocked", "unreadable")
# Roles whose failed list can hide columns beneath them.
HIDING_ROLES = ("container",)


def unit_page_failure(facts: Facts, unit: Row) -> str | None:
    """Why the unit's landing page could not be read, or None if it was (or nothing says
    otherwise). A unit whose page was never recorded and that has no columns is unreadable too:
    judging it would accuse it of lacking everything."""
    page = facts.page(unit.get("url"))
    if page is None:
        return None if facts.columns_of(unit["key"]) else "未抓取"
    return fetch_failure(page)


def navigation_unread(unit: Row) -> str | None:
    """Why the unit's navigation was not read completely though its page answered, or None:
    a landing page that offered no column link at all, one whose navigation is built by script
    the crawler does not run, or a navigation frame that could not be read (the crawler's
    reason, `units.nav_unread`). Crawls before m009 carry neither fact (None)."""
    if unit.get("nav_unread"):
        return f"{unit['nav_unread']}，栏目导航未能完整读取"
    if unit.get("nav_found") == 0:
        return "页面上未找到任何栏目链接"
    return None


def list_failure(column: Row) -> str | None:
    """Why a column's list could not be read (`failed`/`blocked`), or None."""
    status = column.get("list_status")
    return status if status in FAILED_LIST else None


def columns_hidden(facts: Facts, unit: Row) -> bool:
    """True when a failure may hide columns of this unit, so `column.missing` must not judge it."""
    if unit_page_failure(facts, unit) or navigation_unread(unit):
        return True
    # A container whose list failed, or was never reached (a capped or stopped crawl), may hold
    # exactly the column we would call missing.
    return any(c.get("role") in HIDING_ROLES and (list_failure(c) or c.get("list_status") is None)
               for c in facts.columns_of(unit["key"]))


def copied_lists(facts: Facts, unit: Row) -> list[Row]:
    """The unit's lists an incremental re-audit took from the previous crawl's copy, unasked
    (presence-only lists, `columns.list_copy`): not read in this audit, so whatever was filed
    there since is unseen and no absence may rest on them."""
    return [c for c in facts.columns_of(unit["key"]) if c.get("list_copy")]


def copied_text(copies: list[Row]) -> str:
    """How a finding names them: 本次增量检查沿用了“制度”等2个栏目上次读取的列表（未重新请求）."""
    first = copies[0].get("name") or copies[0].get("url")
    return f"本次增量检查沿用了“{first}”等{len(copies)}个栏目上次读取的列表（未重新请求）"


def item_date(item: Row) -> dt.date | None:
    """An item's date for freshness: the list date, else the article's publication date."""
    return parse_date(item.get("list_date")) or parse_date(item.get("pub_date"))


def newest_date(items: Iterable[Row]) -> dt.date | None:
    dates = [d for d in map(item_date, items) if d]
    return max(dates) if dates else None


def date_unread(facts: Facts, item: Row) -> str | None:
    """Why an undated list entry's date is unknown: its article could not be read (a fault, a
    challenge, never fetched), so its 发布日期 was never seen. None when the item has a date or
    its article was read as a page (then it truly shows none)."""
    if item_date(item) is not None:
        return None
    url = item.get("url")
    page = facts.page(url)
    if page is None:
        # Never fetched (page cap, interrupted crawl, attachment only checked).
        return "未抓取"
    return fetch_failure(page)


def unknown_newest(facts: Facts, items: Iterable[Row]) -> str | None:
    """Why the newest date of a list is unknown, or None. Lists run newest first: an undated
    entry above the newest date read whose article could not be read may be newer than
    everything seen, so the column's freshness cannot be judged on what was read."""
    for item in items:
        if item_date(item) is not None:
            return None  # entries below a read date are older (lists run newest first)
        reason = date_unread(facts, item)
        if reason:
            return reason
    return None