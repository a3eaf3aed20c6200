"""disclosure.late: published more than 20 (or, for 行政许可/行政处罚, 7) working days after the
成文日期, counted on the PRC calendar with 调休; undated items are never findings."""

from __future__ import annotations

import pytest

from tests.store_builder import SiteBuilder, by_rule, days_ago


@pytest.fixture
def site(tmp_path):
    b = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    b.unit("/xxgk/scj/", "县市场监管局")
    return b


def late(site, category, **item):
    site.column("/xxgk/scj/", "栏目", category=category, items=[{"title": "决定书", **item}])
    _, findings = site.audit()
    return by_rule(findings, "disclosure.late")


def test_general_item_within_20_working_days_passes(site):
    # 2026-11-02 (Mon) + 20 working days = 2026-11-30
    assert late(site, "policy", written_date="2026-11-02", pub_date="2026-11-27 09:00") == []


def test_general_item_after_20_working_days_fails(site):
    [f] = late(site, "policy", written_date="2026-10-08", pub_date="2026-11-06")
    ev = f["evidence"]
    assert ev["limit_workdays"] == 20 and ev["deadline"] == "2026-11-04"
    assert ev["workdays_taken"] == 22 and not ev["estimated"]
    assert f["severity"] == "minor" and "20个工作日" in f["message"] and "第二十六条" in f["basis"]


def test_penalty_seven_days_on_time_only_because_of_national_day(site):
    # Written Wed 2026-09-30: 10月1日–7日 off, 10月10日 (Sat) is a 调休 working day:
    # 8, 9, 10, 12, 13, 14, 15 → deadline 2026-10-15, 15 calendar days later.
    assert late(site, "penalty", written_date="2026-09-30", pub_date="2026-10-15") == []


def test_penalty_one_day_past_the_holiday_deadline_fails(site):
    [f] = late(site, "penalty", written_date="2026-09-30", pub_date="2026-10-16")
    assert f["evidence"]["deadline"] == "2026-10-15" and f["evidence"]["limit_workdays"] == 7
    assert "7个工作日" in f["message"] and "行政许可、行政处罚" in f["message"]


def test_license_spring_festival_with_tiaoxiu_saturday(site):
    # Written Thu 2026-02-12: 13, 14 (Sat, 调休), 春节 15–23 off, 24, 25, 26, 27, 28 (Sat, 调休)
    # → the deadline is the 调休 Saturday 2026-02-28; Monday 2 March is the 8th working day.
    assert late(site, "license", written_date="2026-02-12", pub_date="2026-02-28") == []


def test_license_the_monday_after_the_tiaoxiu_saturday_is_late(site):
    [f] = late(site, "license", written_date="2026-02-12", pub_date="2026-03-02")
    assert f["evidence"]["workdays_taken"] == 8 and f["evidence"]["deadline"] == "2026-02-28"


def test_list_date_used_when_no_pub_date(site):
    [f] = late(site, "penalty", written_date="2026-11-02", list_date="2026-11-20")
    assert f["evidence"]["published_source"] == "list_date"


@pytest.mark.parametrize("item", [
    {"list_date": "2026-11-20"},
    {"written_date": "2026-01-01"},
    {},
])
def test_undated_items_are_not_applicable(site, item):
    assert late(site, "penalty", **item) == []


def test_unknown_calendar_year_is_estimated_and_says_so(tmp_path):
    b = SiteBuilder(tmp_path / "g.db", homepage_date="2099-12-30")
    b.unit("/xxgk/scj/", "县市场监管局")
    b.column("/xxgk/scj/", "行政处罚", category="penalty",
             items=[{"title": "决定书", "written_date": "2099-11-02", "pub_date": "2099-11-20"}])
    _, findings = b.audit(as_of="2099-12-31")
    [f] = by_rule(findings, "disclosure.late")
    assert f["evidence"]["estimated"] and "按周一至周五估算" in f["message"]


def test_threshold_is_configurable_by_site_pack(site, tmp_path):
    from checks.pack import load_site_pack

    path = tmp_path / "local.yaml"
    path.write_text("rules:\n  disclosure.late:\n    thresholds:\n      general: 30\n",
                    encoding="utf-8")
    site.column("/xxgk/scj/", "政策", category="policy",
                items=[{"title": "文件", "written_date": "2026-10-08", "pub_date": "2026-11-06"}])
    _, findings = site.audit(pack=load_site_pack(path))
    assert by_rule(findings, "disclosure.late") == []


def test_rule_not_applied_before_2019_regulation(site):
    site.column("/xxgk/scj/", "政策", category="policy",
                items=[{"title": "文件", "written_date": "2019-01-02", "pub_date": "2019-04-01"}])
    _, findings = site.audit(as_of="2019-05-14")
    assert by_rule(findings, "disclosure.late") == []
    _, findings = site.audit(as_of="2019-05-15")
    assert len(by_rule(findings, "disclosure.late")) == 1
