"""Audit-integrity rule: pages the crawl could not read are reported as 未能核验
(`audit.unverified`, status `unverified`) rather than judged. See checks/coverage.py for the
matching restraint in the column rules.

Also noted: lists read only in part (a failed page 2: the column's entries beyond it unseen),
and linked pages that could not be checked for a reason other than the portal's own error
(WAF, robots.txt, private address, size limit, timeout, reset, refused connection, 503 +
Retry-After), one note per target: they are not broken links (link.broken), and not proof of
working ones either."""

from __future__ import annotations

from typing import Iterator

from checks.coverage import list_failure, navigation_unread, unit_page_failure
from checks.facts import Facts, fetch_failure, is_broken
from checks.model import Context, Finding, column_fields
from checks.registry import rule

HIDDEN = {
    "unit": "其栏目设置、内容和更新情况",
    "container": "其下级栏目的设置和内容",
    "column": "该栏目是否有内容、是否及时更新",
    "homepage": "首页信息是否及时更新",
}


@rule("audit.unverified")
def audit_unverified(facts: Facts, ctx: Context) -> Iterator[Finding]:
    home = facts.page(facts.site_url)
    home_failure = fetch_failure(home)
    if home_failure:
        yield Finding(
            status="unverified",
            unit_name=facts.site_name, url=facts.site_url,
            message=f"“{facts.site_name}”首页无法访问（{home_failure}），{HIDDEN['homepage']}未能核验",
            evidence={"page_url": facts.site_url, "failure": home_failure, "what": "homepage",
                      "http_status": home.get("status") if home else None},
        )
    for unit in facts.units:
        failure = unit_page_failure(facts, unit)
        if not failure:
            unread = navigation_unread(unit)
            if unread:
                yield Finding(
                    status="unverified",
                    unit_key=unit["key"], unit_name=unit["name"], url=unit.get("url"),
                    message=f"“{unit['name']}”的信息公开页面：{unread}，其栏目设置未能核验",
                    evidence={"page_url": unit.get("url"), "failure": unread,
                              "what": "navigation", "nav_found": unit.get("nav_found")},
                )
            continue
        page = facts.page(unit.get("url"))
        yield Finding(
            status="unverified",
            unit_key=unit["key"], unit_name=unit["name"], url=unit.get("url"),
            message=f"“{unit['name']}”的信息公开页面无法访问（{failure}），{HIDDEN['unit']}未能核验",
            evidence={"page_url": unit.get("url"), "failure": failure, "what": "unit",
                      "http_status": page.get("status") if page else None},
        )
    for column in facts.columns:
        failure = list_failure(column)
        if not failure:
            continue
        unit = facts.unit(column.get("unit_key")) or {}
        unit_name = unit.get("name") or facts.site_name
        role = column.get("role") if column.get("role") in HIDDEN else "column"
        page = facts.page(column.get("url"))
        reason = fetch_failure(page) or {"blocked": "被拦截",
                                         "unreadable": "列表内容由页面脚本生成，未能读取"}.get(
            failure, "读取失败")
        yield Finding(
            status="unverified",
            unit_key=column.get("unit_key"), unit_name=unit_name,
            **column_fields(column), url=column.get("url"),
            message=(f"“{unit_name}”的“{column.get('name')}”栏目列表无法读取（{reason}），"
                     f"{HIDDEN[role]}未能核验"),
            evidence={"page_url": column.get("url"), "failure": reason, "what": role,
                      "list_status": failure,
                      "pages_expected": column.get("pages_expected"),
                      "pages_failed": column.get("pages_failed")},
        )
    yield from _partial_lists(facts)
    yield from _unchecked_links(facts)


def _partial_lists(facts: Facts) -> Iterator[Finding]:
    for column in facts.columns:
        if column.get("list_status") != "partial":
            continue
        unit = facts.unit(column.get("unit_key")) or {}
        unit_name = unit.get("name") or facts.site_name
        expected, fetched = column.get("pages_expected"), column.get("pages_fetched")
        seen = f"，共{expected}页只读到{fetched}页" if expected else ""
        yield Finding(
            status="unverified",
            unit_key=column.get("unit_key"), unit_name=unit_name,
            **column_fields(column), url=column.get("url"),
            message=(f"“{unit_name}”的“{column.get('name')}”栏目列表只读取了一部分{seen}，"
                     "未读到的条目及其发布日期未能核验"),
            evidence={"page_url": column.get("url"), "failure": "partial", "what": "list",
                      "list_status": "partial", "pages_expected": expected,
                      "pages_fetched": fetched, "pages_failed": column.get("pages_failed")},
        )


# Roles whose failure already has its own note above (homepage, units, column lists).
_NOTED_ROLES = ("home", "platform", "unit", "column", "list")


def _unchecked_links(facts: Facts) -> Iterator[Finding]:
    """One note per link target that could not be checked (not the portal's own error), under
    the unit whose page links it, as link.broken would name it."""
    for page in facts.pages:
        if page.get("role") in _NOTED_ROLES or is_broken(page):
            continue
        failure = fetch_failure(page)
        if not failure:
            continue
        links = facts.links_to(page["url"])
        if not links:
            continue
        referrers = sorted({link["from_url"] for link in links})
        unit = facts.unit_for_url(referrers[0]) or facts.unit_for_url(page["url"])
        unit_name = unit["name"] if unit else facts.site_name
        anchor = next((link["text"] for link in links if link.get("text")), None)
        what = f"“{anchor}”" if anchor else page["url"]
        yield Finding(
            status="unverified",
            unit_key=unit["key"] if unit else None, unit_name=unit_name, url=page["url"],
            message=f"“{unit_name}”页面上的链接{what}无法读取（{failure}），是否可以访问未能核验",
            evidence={"target": page["url"], "failure": failure, "what": "link",
                      "role": page.get("role"), "answer": page.get("answer"),
                      "referrers": referrers[:20], "referrer_count": len(referrers)},
        )
