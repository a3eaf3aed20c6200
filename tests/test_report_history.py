"""Finding history and waivers in the HTML report: lifecycle badges, the 已整改 section (overview
and unit page), the 已豁免 section with reason, approver and expiry, and expired waivers."""

from __future__ import annotations

import json

import jsonschema
import pytest
from bs4 import BeautifulSoup

from checks.runner import run_checks
from checks.waivers import load_waivers
from reports.findings_json import SCHEMA_PATH
from reports.render import write_report
from tests.store_builder import SiteBuilder, days_ago

EVIL = "<script>alert(1)</script>"
WAIVERS = f"""\
waivers:
  - rule: column.empty
    unit: 县财政局
    column: 通知公告
    reason: "本年度无通知{EVIL}"
    approved_by: 县政务公开办 张某
    expires: 2027-03-31
  - rule: link.broken
    unit: 县财政局
    reason: 旧系统下线
    approved_by: 县政务公开办 李某
    expires: 2026-01-01
"""


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def crawl(db, budget: bool, personnel_empty: bool, notices_empty: bool, policy_stale: bool):
    site = SiteBuilder(db, homepage_date=days_ago(1))
    site.compliant_unit("/xxgk/czj/", "县财政局", skip=() if budget else ("budget",))
    site.column("/xxgk/czj/", "工作动态", key="/xxgk/czj/gzdt/", category="news",
                items=[{"title": "旧动态", "list_date": "2026-01-01"}])  # stale every time
    if personnel_empty:
        site.column("/xxgk/czj/", "人事信息", key="/xxgk/czj/rsxx/", category="personnel")
    if notices_empty:
        site.column("/xxgk/czj/", "通知公告", key="/xxgk/czj/tzgg/", category="notices")
    if policy_stale:
        site.column("/xxgk/czj/", "政策文件", key="/xxgk/czj/zcwj/", category="policy",
                    items=[{"title": "旧文件", "list_date": "2025-01-01"}])
    return site, site.finish()


@pytest.fixture
def report(tmp_path):
    """Three audits: budget missing; then budget filled but 人事信息 empty; then budget missing
    again (复现), 人事信息 filled (已整改), 通知公告 empty (新增, waived), 政策文件 stale (新增)."""
    db = tmp_path / "g.db"
    site, c1 = crawl(db, budget=False, personnel_empty=False, notices_empty=False,
                     policy_stale=False)
    run_checks(site.store, c1, "2026-11-27")
    site, c2 = crawl(db, budget=True, personnel_empty=True, notices_empty=False,
                     policy_stale=False)
    a2 = run_checks(site.store, c2, "2026-11-27")
    site, c3 = crawl(db, budget=False, personnel_empty=False, notices_empty=True,
                     policy_stale=True)
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(WAIVERS, encoding="utf-8")
    a3 = run_checks(site.store, c3, "2026-11-27", waivers=load_waivers(waivers),
                    waiver_file=str(waivers))
    out = tmp_path / "out"
    write_report(site.store, a3, out)
    return out, a2, site.store.findings(a3)


def test_lifecycles_of_the_scenario(report):
    _, _, findings = report
    got = {(f["rule"], f.get("category")): (f["lifecycle"], f["status"]) for f in findings}
    assert got[("column.missing", "budget")] == ("regressed", "fail")
    assert got[("column.stale", "news")] == ("persisting", "fail")
    assert got[("column.stale", "policy")] == ("new", "fail")
    assert got[("column.empty", "notices")] == ("new", "waived")


def test_each_finding_carries_a_lifecycle_badge(report):
    out, _, _ = report
    page = soup(out / "units/1.html")
    badges = {}
    for finding in page.select("section.rule .finding"):
        badge = finding.select_one("p.msg span.lc")
        assert badge is not None
        badges[finding.select_one("p.msg").get_text()] = badge
    labels = sorted(b.get_text() for b in badges.values())
    assert labels == sorted(["复现", "仍存在", "新增", "新增"])
    classes = {c for b in badges.values() for c in b["class"]}
    assert {"lc-new", "lc-persisting", "lc-regressed"} <= classes
    regressed = page.select_one("section.rule#column\\.missing span.lc")
    assert regressed.get_text() == "复现" and "lc-regressed" in regressed["class"]


def test_overview_counts_history_without_waived_findings(report):
    out, a2, _ = report
    page = soup(out / "index.html")
    line = page.select_one("p.history")
    assert f"检查编号 {a2}" in line.get_text()
    assert line.select_one(".lc-count-new").get_text() == "1"  # the waived empty column is no gap
    assert line.select_one(".lc-count-persisting").get_text() == "1"
    assert line.select_one(".lc-count-regressed").get_text() == "1"
    assert line.select_one(".lc-count-resolved").get_text() == "1"
    assert "新增 1，仍存在 1，复现 1，已整改 1" in " ".join(line.get_text().split())
    # the unit table does not count the waived finding as a gap
    [row] = page.select("table.units tbody tr")
    assert row.find_all("td")[3].get_text() == "3"


def test_resolved_section_on_overview_and_unit_page(report):
    out, _, _ = report
    for path, unit_column in ((out / "index.html", True), (out / "units/1.html", False)):
        page = soup(path)
        heading = page.select_one("h2#resolved")
        assert heading is not None and heading.get_text() == "已整改"
        [row] = page.select("table.resolved tr")[1:]
        text = row.get_text()
        assert "空白栏目" in text or "column.empty" in text
        assert "人事信息" in text
        assert row.select_one("span.lc-resolved").get_text() == "已整改"
        assert ("县财政局" in [td.get_text() for td in row.find_all("td")]) is unit_column


def test_waived_section_shows_reason_approver_and_expiry(report):
    out, _, _ = report
    for path in (out / "index.html", out / "units/1.html"):
        page = soup(path)
        assert page.select_one("h2#waived").get_text() == "已豁免"
        [finding] = page.select(".waived .finding")
        assert "通知公告" in finding.select_one("p.msg").get_text()
        waiver = finding.select_one("p.waiver").get_text()
        assert f"本年度无通知{EVIL}" in waiver  # text, escaped in the HTML
        assert "县政务公开办 张某" in waiver and "2027-03-31" in waiver
        assert not page.find_all("script", id=lambda v: v != "govaudit-sort")
        # the waived finding is not listed among the gaps
        gaps = [f for f in page.select("section.rule .finding")
                if not f.find_parent(class_="waived")]
        assert all("通知公告" not in f.select_one("p.msg").get_text() for f in gaps)
    unit_meta = soup(out / "units/1.html").select_one("p.meta").get_text()
    assert "问题数：3" in unit_meta and "已豁免：1" in unit_meta


def test_expired_waivers_are_listed_on_the_overview(report):
    out, _, _ = report
    page = soup(out / "index.html")
    section = page.select_one("section.expired-waivers")
    assert section.select_one("h3").get_text() == "已过期的豁免，不再生效"
    [row] = section.select("table.expired tr")[1:]
    cells = [td.get_text() for td in row.find_all("td")]
    assert cells[0] == "link.broken" and cells[1] == "县财政局"
    assert "县政务公开办 李某" in cells and "2026-01-01" in cells
    assert "有效豁免 1 条" in page.select_one("p.waivers").get_text()


def test_findings_json_of_the_scenario_validates(report):
    out, a2, _ = report
    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["previous_audit"] == a2
    assert sorted(f["lifecycle"] for f in doc["findings"]) == sorted(
        ["new", "new", "persisting", "regressed"])
    assert {f["status"] for f in doc["findings"]} == {"fail", "waived"}
    assert [r["column"]["name"] for r in doc["resolved"]] == ["人事信息"]
    assert doc["waivers"]["expired"][0]["approved_by"] == "县政务公开办 李某"
    bad = json.loads(json.dumps(doc))
    bad["findings"][0]["lifecycle"] = "resolved"
    assert not jsonschema.Draft202012Validator(schema).is_valid(bad)


def test_first_audit_says_there_is_nothing_to_compare(tmp_path):
    site, c1 = crawl(tmp_path / "g.db", budget=True, personnel_empty=False,
                     notices_empty=False, policy_stale=False)
    audit_id = run_checks(site.store, c1, "2026-11-27")
    write_report(site.store, audit_id, tmp_path / "out")
    page = soup(tmp_path / "out/index.html")
    assert "首次检查" in page.select_one("p.history").get_text()
    assert page.select_one("#resolved") is None and page.select_one("#waived") is None
    assert page.select_one("section.expired-waivers") is None
    unit = soup(tmp_path / "out/units/1.html")
    assert unit.select_one("span.lc-new").get_text() == "新增"  # the stale 工作动态
