"""Audit-integrity rule: pages the crawl could not read are reported as 未能核验
(`audit.unverified`, status `unverified`) rather than judged. See checks/coverage.py for the
matching restraint in the column rules."""

from __future__ import annotations

from typing import Iterator

from checks.coverage import list_failure, navigation_unread, unit_page_failure
from checks.facts import Facts, fetch_failure
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
            rule="audit.unverified", status="unverified",
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
                    rule="audit.unverified", status="unverified",
                    unit_key=unit["key"], unit_name=unit["name"], url=unit.get("url"),
                    message=f"“{unit['name']}”的信息公开页面：{unread}，其栏目设置未能核验",
                    evidence={"page_url": unit.get("url"), "failure": unread,
                              "what": "navigation", "nav_found": unit.get("nav_found")},
                )
            continue
        page = facts.page(unit.get("url"))
        yield Finding(
            rule="audit.unverified", status="unverified",
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
            rule="audit.unverified", status="unverified",
            unit_key=column.get("unit_key"), unit_name=unit_name,
            **column_fields(column), url=column.get("url"),
            message=(f"“{unit_name}”的“{column.get('name')}”栏目列表无法读取（{reason}），"
                     f"{HIDDEN[role]}未能核验"),
            evidence={"page_url": column.get("url"), "failure": reason, "what": role,
                      "list_status": failure,
                      "pages_expected": column.get("pages_expected"),
                      "pages_failed": column.get("pages_failed")},
        )
