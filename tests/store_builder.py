"""Test helper: build small govaudit stores through the public Store API.

`SiteBuilder` writes one crawl of a fake portal: units, columns, items, pages, links and texts,
with defaults that make a *compliant* baseline (`compliant_unit`), so a test changes only the
fact it is about. Used by tests/test_checks_*.py and tests/test_report*.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ground import config
from ground.store import Store

BASE = "http://127.0.0.1:8000"
AS_OF = dt.date(2026, 11, 27)


# A 政府信息公开指南 with every element of 条例 第十二条 and the current (2019) reply periods.
COMPLETE_GUIDE = (
    "一、主动公开。本机关政府信息按照机构职能、政策文件、财政预决算等类别分类编排，"
    "公众可通过政府门户网站查阅获取。\n"
    "二、依申请公开。申请人可通过网上申请、信函等方式提出申请。本机关收到申请，能够当场答复的当场答复；"
    "不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，延长的期限最长不超过"
    "20个工作日。征求第三方意见的，第三方应当自收到征求意见书之日起15个工作日内提出意见。\n"
    "三、工作机构。政府信息公开工作机构：本机关办公室；办公地址：示例县人民路1号；"
    "办公时间：周一至周五 8:30-12:00，14:30-18:00（法定节假日除外）；联系电话：0951-1234567；"
    "传真：0951-1234568；电子邮箱：xxgk@shilixian.example。"
)


def days_ago(n: int, as_of: dt.date = AS_OF) -> str:
    return (as_of - dt.timedelta(days=n)).isoformat()


class SiteBuilder:
    """One crawl of a fake county portal, written through `Store`."""

    def __init__(self, path: str | Path, site_name: str = "示例县人民政府",
                 site_url: str = BASE + "/", homepage_date: str | None = None):
        self.store = Store(path)
        self.site_url = site_url
        self.crawl_id = self.store.start_crawl(site_url, site_name)
        self.page(site_url, role="home", title=site_name)
        # A compliant portal offers a consultation channel (interaction.no-channel, WS-V5).
        self.link(site_url, site_url.rstrip("/") + "/zmhd/", "政民互动", kind="nav")
        self._n = 0
        if homepage_date is not None:
            self.column(None, "要闻", key="/#yw", role="homepage", category="news", level=0,
                        url=site_url, items=[{"title": "首页要闻", "list_date": homepage_date}],
                        fetch_page=False)

    # -- facts ------------------------------------------------------------------------------

    def page(self, url: str, status: int | None = 200, error: str | None = None,
             role: str = "article", title: str | None = None) -> str:
        self.store.record_page(self.crawl_id, {"url": url, "status": status, "error": error,
                                               "role": role, "title": title})
        return url

    def link(self, from_url: str, to_url: str, text: str = "", kind: str = "item") -> None:
        self.store.record_links(self.crawl_id, [{"from_url": from_url, "to_url": to_url,
                                                 "text": text, "kind": kind}])

    def unit(self, key: str, name: str, kind: str = "department", status: int | None = 200,
             error: str | None = None, record_page: bool = True) -> dict:
        url = BASE + key
        unit = {"key": key, "name": name, "kind": kind, "url": url}
        self.store.upsert_unit(self.crawl_id, unit)
        if record_page:
            self.page(url, status=status, error=error, role="unit", title=name)
            self.link(self.site_url, url, name, kind="nav")
        return unit

    def column(self, unit_key: str | None, name: str, key: str | None = None,
               category: str | None = None, role: str = "column", level: int = 1,
               list_status: str = "ok", placeholder: str | None = None,
               items: list[dict] | None = None, url: str | None = None,
               parent_key: str | None = None, fetch_page: bool = True,
               fetch_items: bool = False) -> dict:
        self._n += 1
        key = key or f"{unit_key or '/'}col{self._n}/"
        url = url or BASE + key
        items = items or []
        column = {
            "unit_key": unit_key, "key": key, "parent_key": parent_key, "name": name, "url": url,
            "role": role, "level": level, "category": category, "category_source": "name",
            "list_status": list_status, "pages_expected": 1,
            "pages_fetched": 0 if list_status in ("failed", "blocked") else 1,
            "pages_failed": 1 if list_status in ("failed", "blocked") else 0,
            "item_count": len(items), "placeholder": placeholder,
        }
        self.store.upsert_column(self.crawl_id, column)
        if fetch_page:
            failed = list_status in ("failed", "blocked")
            self.page(url, role="column",
                      status=None if failed else 200,
                      error=("blocked:412" if list_status == "blocked" else "timeout")
                      if failed else None, title=name)
        rows = []
        for n, item in enumerate(items):
            self._n += 1
            item_url = item.get("url") or f"{url}t{self._n}_{n}.html"
            rows.append({"unit_key": unit_key, "column_key": key, "url": item_url,
                         "title": item.get("title", f"信息{self._n}"),
                         "list_date": item.get("list_date"), "pub_date": item.get("pub_date"),
                         "written_date": item.get("written_date"), "article_status": 200})
            self.link(url, item_url, item.get("title", ""), kind="item")
            if fetch_items and item.get("fetched", True):
                # The article was read (as a crawl reads every entry's article).
                self.page(item_url, role="article")
        self.store.insert_items(self.crawl_id, rows)
        column["items"] = rows
        return column

    def text(self, url: str, text: str, kind: str = "html") -> None:
        self.store.record_text(self.crawl_id, url, kind, text)

    def compliant_unit(self, key: str, name: str, kind: str = "department",
                       as_of: dt.date = AS_OF, skip: tuple[str, ...] = ()) -> dict:
        """A unit with every required column of its kind, each with a fresh dated item and,
        for the annual-report column, an on-time report for the latest due year; its guide
        carries every element of 条例 第十二条, and the unit has the platform's standard
        sub-columns (制度, 依申请公开, 法定主动公开内容) as well."""
        unit = self.unit(key, name, kind)
        required = list(config.requirements()["unit_kinds"][kind]["required"])
        required += [c for c in ("rules", "on-request") if c not in required and c not in skip]
        if "statutory" not in skip:
            self.column(key, "法定主动公开内容", key=f"{key}fdzdgknr/", role="container",
                        fetch_page=False)
        for category in required:
            if category in skip:
                continue
            label = config.category_label(category)
            items = [{"title": f"{label}信息", "list_date": days_ago(1, as_of)}]
            if category == "annual-report":
                year = as_of.year - 1 if as_of > dt.date(as_of.year, 3, 31) else as_of.year - 2
                items = [{"title": f"{name}{year}年政府信息公开工作年度报告",
                          "list_date": f"{year + 1}-01-15", "pub_date": f"{year + 1}-01-15"}]
            if category == "budget" and kind == "department":
                items = self.budget_items(key, name, as_of)
            column = self.column(key, label, key=f"{key}{category}/", category=category,
                                 items=items)
            if category == "guide":
                self.text(column["items"][0]["url"], COMPLETE_GUIDE)
        return unit

    def budget_items(self, key: str, name: str, as_of: dt.date = AS_OF) -> list[dict]:
        """A compliant department's budget column: this year's budget and last year's final
        accounts once due (default 4月30日 / 9月30日), each with the full text; see
        tests/budget_samples.py."""
        from tests import budget_samples

        budget_year = as_of.year if as_of > dt.date(as_of.year, 4, 30) else as_of.year - 1
        final_year = as_of.year - 1 if as_of > dt.date(as_of.year, 9, 30) else as_of.year - 2
        items = []
        for kind, year, day in (("budget", budget_year, f"{budget_year}-03-20"),
                                ("final-accounts", final_year, f"{final_year + 1}-08-20")):
            url = f"{BASE}{key}budget/{kind}-{year}.html"
            self.text(url, budget_samples.disclosure_text(name, kind, year))
            items.append({"title": budget_samples.title(name, kind, year), "url": url,
                          "list_date": day, "pub_date": day})
        return items

    # -- running ----------------------------------------------------------------------------

    def finish(self) -> int:
        self.store.finish_crawl(self.crawl_id)
        return self.crawl_id

    def audit(self, as_of: dt.date | str = AS_OF, pack=None) -> tuple[int, list[dict]]:
        from checks.runner import run_checks

        self.finish()
        audit_id = run_checks(self.store, self.crawl_id, as_of, pack=pack)
        return audit_id, self.store.findings(audit_id)


def by_rule(findings: list[dict], rule: str) -> list[dict]:
    return [f for f in findings if f["rule"] == rule]
