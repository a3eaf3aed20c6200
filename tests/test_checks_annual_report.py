"""annual-report.missing and annual-report.late (条例 第四十九条 deadlines)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.store_builder import SiteBuilder, by_rule


def audit(tmp_path, kind, items, as_of, list_status="ok", columns=True):
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", "某单位", kind)
    if columns:
        site.column("/u/", "政府信息公开年报", key="/u/nb/", category="annual-report",
                    items=items, list_status=list_status)
    _, findings = site.audit(as_of=as_of)
    return by_rule(findings, "annual-report.missing"), by_rule(findings, "annual-report.late")


def report(year, date, **kw):
    return {"title": f"某单位{year}年政府信息公开工作年度报告", "pub_date": date, **kw}


def test_department_report_published_on_31_january_is_on_time(tmp_path):
    missing, late = audit(tmp_path, "department", [report(2025, "2026-01-31")], dt.date(2026, 11, 27))
    assert missing == [] and late == []


def test_department_report_published_on_1_february_is_late(tmp_path):
    missing, late = audit(tmp_path, "department", [report(2025, "2026-02-01")], dt.date(2026, 11, 27))
    assert missing == []
    [f] = late
    assert f["evidence"]["deadline"] == "2026-01-31" and f["evidence"]["days_late"] == 1
    assert "2026-02-01" in f["message"] and "某单位" in f["message"]


def test_county_deadline_is_31_march(tmp_path):
    missing, late = audit(tmp_path, "county", [report(2025, "2026-03-31")], dt.date(2026, 11, 27))
    assert missing == [] and late == []
    _, late = audit(tmp_path / "b", "county", [report(2025, "2026-04-01")], dt.date(2026, 11, 27))
    assert late[0]["evidence"]["deadline"] == "2026-03-31"


def test_town_deadline_is_31_march(tmp_path):
    _, late = audit(tmp_path, "town", [report(2025, "2026-03-31")], dt.date(2026, 11, 27))
    assert late == []


def test_missing_report_of_latest_due_year(tmp_path):
    missing, late = audit(tmp_path, "department", [report(2024, "2025-01-10")], dt.date(2026, 11, 27))
    [f] = missing
    assert f["evidence"]["report_year"] == 2025 and f["evidence"]["deadline"] == "2026-01-31"
    assert "2025年" in f["message"] and late == []


def test_deadline_day_itself_has_not_passed(tmp_path):
    # On 31 January the department's 2025 report is not yet due, so 2024's is the latest due.
    missing, _ = audit(tmp_path, "department", [report(2024, "2025-01-10")], dt.date(2026, 1, 31))
    assert missing == []
    missing, _ = audit(tmp_path / "b", "department", [report(2024, "2025-01-10")], dt.date(2026, 2, 1))
    assert [f["evidence"]["report_year"] for f in missing] == [2025]


def test_county_between_deadlines_is_judged_on_the_previous_year(tmp_path):
    # 15 Feb 2026: the county's 2025 report is not due until 31 March.
    missing, _ = audit(tmp_path, "county", [report(2024, "2025-03-20")], dt.date(2026, 2, 15))
    assert missing == []


def test_pre_2019_years_use_31_march_for_everyone(tmp_path):
    # A department's 2018 report was due 2019-03-31 under the 2007 Regulations.
    missing, late = audit(tmp_path, "department", [report(2018, "2019-03-31")], dt.date(2019, 6, 1))
    assert missing == [] and late == []
    _, late = audit(tmp_path / "b", "department", [report(2018, "2019-04-01")], dt.date(2019, 6, 1))
    assert late[0]["evidence"]["deadline"] == "2019-03-31"


def test_pre_2019_latest_due_year_steps_back(tmp_path):
    # On 15 Feb 2019 the 2018 report (due 31 March) is not due yet: 2017 is the latest due.
    missing, _ = audit(tmp_path, "department", [report(2017, "2018-03-01")], dt.date(2019, 2, 15))
    assert missing == []


def test_title_variants_are_recognised(tmp_path):
    items = [{"title": "某局 2025年度 政府信息公开 年报", "list_date": "2026-01-20"}]
    missing, late = audit(tmp_path, "department", items, dt.date(2026, 11, 27))
    assert missing == [] and late == []


def test_other_years_do_not_count(tmp_path):
    items = [{"title": "12025年政府信息公开工作年度报告", "list_date": "2026-01-20"}]
    missing, _ = audit(tmp_path, "department", items, dt.date(2026, 11, 27))
    assert len(missing) == 1


def test_report_in_another_column_of_the_unit_counts(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", "某单位", "department")
    site.column("/u/", "政府信息公开年报", category="annual-report")
    site.column("/u/", "通知公告", category="notices", items=[report(2025, "2026-01-05")])
    _, findings = site.audit()
    assert by_rule(findings, "annual-report.missing") == []


def test_article_date_wins_over_list_date(tmp_path):
    items = [report(2025, "2026-02-10", list_date="2026-01-10")]
    _, late = audit(tmp_path, "department", items, dt.date(2026, 11, 27))
    assert late[0]["evidence"]["published"] == "2026-02-10"


def test_undated_report_is_neither_missing_nor_late(tmp_path):
    missing, late = audit(tmp_path, "department", [report(2025, None)], dt.date(2026, 11, 27))
    assert missing == [] and late == []


@pytest.mark.parametrize("status", ["failed", "blocked", "partial"])
def test_unread_report_column_is_not_judged_missing(tmp_path, status):
    missing, _ = audit(tmp_path, "department", [], dt.date(2026, 11, 27), list_status=status)
    assert missing == []


def test_no_report_column_is_left_to_column_missing(tmp_path):
    missing, _ = audit(tmp_path, "department", [], dt.date(2026, 11, 27), columns=False)
    assert missing == []
