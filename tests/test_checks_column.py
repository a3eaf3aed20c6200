"""column.missing, column.empty and column.stale: pass, fail, not applicable and edge cases."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.store_builder import BASE, SiteBuilder, by_rule, days_ago


@pytest.fixture
def site(tmp_path):
    return SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))


# -- column.missing -----------------------------------------------------------------------------

def test_column_missing_passes_for_a_complete_unit(site):
    site.compliant_unit("/xxgk/czj/", "县财政局", "department")
    _, findings = site.audit()
    assert by_rule(findings, "column.missing") == []


def test_column_missing_fires_per_required_category(site):
    site.compliant_unit("/xxgk/czj/", "县财政局", "department", skip=("budget", "power-list"))
    _, findings = site.audit()
    missing = by_rule(findings, "column.missing")
    assert sorted(f["category"] for f in missing) == ["budget", "power-list"]
    f = next(f for f in missing if f["category"] == "budget")
    assert f["unit_name"] == "县财政局" and "财政预决算" in f["message"]
    assert f["severity"] == "major" and f["status"] == "fail"
    assert f["evidence"]["unit_kind"] == "department"


def test_column_missing_ignores_containers_and_unclassified_columns(site):
    site.compliant_unit("/xxgk/zz/", "某镇人民政府", "town", skip=("budget",))
    site.column("/xxgk/zz/", "财政预决算", category="budget", role="container")
    site.column("/xxgk/zz/", "其他", category=None)
    _, findings = site.audit()
    assert [f["category"] for f in by_rule(findings, "column.missing")] == ["budget"]


def test_column_missing_uses_the_requirements_of_the_unit_kind(site):
    # A town is not required to have power-list; a department is.
    site.compliant_unit("/xxgk/zz/", "某镇人民政府", "town")
    _, findings = site.audit()
    assert by_rule(findings, "column.missing") == []


def test_column_missing_is_suppressed_when_the_unit_page_failed(site):
    site.unit("/xxgk/czj/", "县财政局", "department", status=None, error="timeout")
    _, findings = site.audit()
    assert by_rule(findings, "column.missing") == []
    assert [f["unit_name"] for f in by_rule(findings, "audit.unverified")] == ["县财政局"]


def test_column_missing_is_suppressed_when_a_container_list_failed(site):
    site.compliant_unit("/xxgk/czj/", "县财政局", "department", skip=("budget",))
    site.column("/xxgk/czj/", "法定主动公开内容", role="container", list_status="failed")
    _, findings = site.audit()
    assert by_rule(findings, "column.missing") == []
    assert len(by_rule(findings, "audit.unverified")) == 1


# -- column.empty -------------------------------------------------------------------------------

def test_column_empty_fires_for_a_read_column_without_items(site):
    site.compliant_unit("/xxgk/czj/", "县财政局", "department")
    site.column("/xxgk/czj/", "财政预决算", key="/xxgk/czj/czyjs/", category="budget")
    _, findings = site.audit()
    [f] = by_rule(findings, "column.empty")
    assert f["column_name"] == "财政预决算" and f["category"] == "budget"
    assert f["column_url"].endswith("/xxgk/czj/czyjs/")
    assert "县财政局" in f["message"] and "财政预决算" in f["message"]


def test_column_empty_counts_placeholder_text_as_empty(site):
    site.column(None, "通知公告", category="notices", placeholder="暂无信息")
    _, findings = site.audit()
    [f] = by_rule(findings, "column.empty")
    assert f["evidence"]["placeholder"] == "暂无信息" and "暂无信息" in f["message"]


@pytest.mark.parametrize("status", ["failed", "blocked", "partial"])
def test_column_empty_is_not_judged_unless_the_list_was_read_completely(site, status):
    site.column(None, "通知公告", category="notices", list_status=status)
    _, findings = site.audit()
    assert by_rule(findings, "column.empty") == []


def test_failed_column_list_gives_unverified_and_no_empty(site):
    site.compliant_unit("/xxgk/czj/", "县财政局", "department")
    site.column("/xxgk/czj/", "财政预决算", key="/xxgk/czj/x/", category="budget",
                list_status="failed")
    _, findings = site.audit()
    assert by_rule(findings, "column.empty") == []
    [u] = by_rule(findings, "audit.unverified")
    assert u["status"] == "unverified" and u["column_name"] == "财政预决算"
    assert "未能核验" in u["message"]


def test_containers_and_homepage_blocks_are_never_empty(site):
    site.column(None, "法定主动公开内容", role="container")
    site.column(None, "首页", role="homepage", category="news")
    _, findings = site.audit()
    assert by_rule(findings, "column.empty") == []


# -- column.stale -------------------------------------------------------------------------------

def stale_of(site, category, items, **kw):
    site.column(None, "栏目", key="/c/", category=category, items=items, fetch_items=True, **kw)
    _, findings = site.audit()
    return by_rule(findings, "column.stale")


def test_dynamic_column_exactly_14_days_old_is_fresh(site):
    assert stale_of(site, "news", [{"list_date": days_ago(14)}]) == []


def test_dynamic_column_15_days_old_is_stale(site):
    [f] = stale_of(site, "news", [{"list_date": days_ago(15)}])
    assert f["evidence"]["newest_date"] == days_ago(15)
    assert f["evidence"]["freshness_class"] == "dynamic"
    assert f["evidence"]["window"] == {"value": 14, "unit": "days"}
    assert "超过14天未更新" in f["message"] and days_ago(15) in f["message"]


def test_notice_policy_window_is_six_calendar_months(site):
    # as_of 2026-11-27: 2026-05-27 is exactly six months old (fresh), 2026-05-26 is stale.
    assert stale_of(site, "policy", [{"list_date": "2026-05-27"}]) == []


def test_notice_policy_one_day_past_six_months_is_stale(site):
    [f] = stale_of(site, "policy", [{"list_date": "2026-05-26"}])
    assert "超过6个月未更新" in f["message"]
    assert f["evidence"]["fresh_since"] == "2026-05-27"


def test_month_window_clamps_to_month_end(tmp_path):
    b = SiteBuilder(tmp_path / "g.db", homepage_date="2026-08-30")
    b.column(None, "通知公告", key="/c/", category="notices", items=[{"list_date": "2026-02-28"}])
    _, findings = b.audit(as_of=dt.date(2026, 8, 31))
    assert by_rule(findings, "column.stale") == []  # 31 Aug - 6 months = 28 Feb


def test_personnel_plans_window_is_twelve_months(site):
    assert stale_of(site, "personnel", [{"list_date": "2025-11-27"}]) == []


def test_personnel_plans_older_than_twelve_months_is_stale(site):
    [f] = stale_of(site, "plans", [{"list_date": "2025-11-26"}])
    assert "超过12个月未更新" in f["message"]


def test_newest_item_decides_not_the_first(site):
    items = [{"list_date": days_ago(100)}, {"list_date": days_ago(2)}, {"list_date": None}]
    assert stale_of(site, "news", items) == []


def test_article_date_is_used_when_the_list_shows_none(site):
    assert stale_of(site, "news", [{"list_date": None, "pub_date": days_ago(3) + "T09:30"}]) == []


def test_all_undated_items_count_as_stale(site):
    [f] = stale_of(site, "news", [{"list_date": None}, {"list_date": "not a date"}])
    assert f["evidence"]["newest_date"] is None and f["evidence"]["undated_items"] == 2
    assert "未标注发布日期" in f["message"]


def test_undated_newest_items_whose_articles_failed_leave_freshness_unverified(site):
    # Issue 14: the newest entries carry no list date and their articles could not be read:
    # the newest date is unknown, so the older dates read cannot make the column stale.
    site.column(None, "栏目", key="/c/", category="news", fetch_items=True, items=[
        {"list_date": None, "url": BASE + "/c/new.html", "fetched": False},
        {"list_date": days_ago(400)}])
    site.page(BASE + "/c/new.html", status=None, error="timeout")
    _, findings = site.audit()
    [f] = by_rule(findings, "column.stale")
    assert f["status"] == "unverified" and "timeout" in f["message"]
    assert days_ago(400) not in f["message"]


def test_undated_items_do_not_count_as_fresh(site):
    [f] = stale_of(site, "news", [{"list_date": days_ago(30)}, {"list_date": None}])
    assert f["evidence"]["newest_date"] == days_ago(30)


def test_columns_without_freshness_class_are_not_applicable(site):
    assert stale_of(site, "guide", [{"list_date": "2010-01-01"}]) == []


def test_columns_without_items_are_left_to_column_empty(site):
    assert stale_of(site, "news", []) == []


def test_failed_list_is_not_judged_stale(site):
    assert stale_of(site, "news", [{"list_date": days_ago(400)}], list_status="failed") == []


def test_stale_message_names_unit_column_and_date(site):
    site.unit("/xxgk/czj/", "县财政局")
    site.column("/xxgk/czj/", "财政预决算", category="policy", items=[{"list_date": "2025-12-01"}])
    _, findings = site.audit(as_of=dt.date(2026, 6, 2))
    [f] = by_rule(findings, "column.stale")
    assert f["message"] == "“县财政局”的“财政预决算”栏目最新信息为2025-12-01，超过6个月未更新"
