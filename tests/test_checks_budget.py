"""budget.missing, budget.tables-missing and budget.sangong-incomplete (财预〔2016〕143号) over
stored crawls: pass, fail, not applicable, unverified and the deadline boundaries."""

from __future__ import annotations

import datetime as dt

from ground.documents import Document, Table
from tests import budget_samples as samples
from tests.store_builder import BASE, SiteBuilder, by_rule

RULES = ("budget.missing", "budget.tables-missing", "budget.sangong-incomplete")
NAME = "示例县某某局"


def disclosure(site, kind, year, date=None, **text):
    url = f"{BASE}/u/budget/{kind}-{year}.html"
    site.text(url, samples.disclosure_text(NAME, kind, year, **text))
    date = date or (f"{year}-03-20" if kind == "budget" else f"{year + 1}-08-20")
    return {"title": samples.title(NAME, kind, year), "url": url, "list_date": date, "pub_date": date}


def audit(site, as_of=dt.date(2026, 11, 27)):
    _, findings = site.audit(as_of=as_of)
    return {rule: by_rule(findings, rule) for rule in RULES}


def unit_with(tmp_path, items, kind="department", list_status="ok"):
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", NAME, kind)
    site.column("/u/", "财政预决算", key="/u/budget/", category="budget",
                items=items(site) if callable(items) else items, list_status=list_status)
    return site


def test_compliant_department_has_no_budget_findings(tmp_path):
    site = unit_with(tmp_path, lambda s: [disclosure(s, "budget", 2026),
                                          disclosure(s, "final-accounts", 2025)])
    assert audit(site) == {rule: [] for rule in RULES}


def test_compliant_unit_of_the_store_builder_is_clean(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.compliant_unit("/u/", NAME)
    assert audit(site) == {rule: [] for rule in RULES}


def test_missing_final_accounts_is_a_finding_on_the_budget_column(tmp_path):
    site = unit_with(tmp_path, lambda s: [disclosure(s, "budget", 2026),
                                          disclosure(s, "final-accounts", 2024)])
    [f] = audit(site)["budget.missing"]
    assert f["status"] == "fail" and f["category"] == "budget"
    assert f["evidence"]["disclosure"] == "final-accounts" and f["evidence"]["year"] == 2025
    assert f["evidence"]["due"] == "2026-09-30" and f["evidence"]["years_found"] == [2024]
    assert "2025年度部门决算" in f["message"] and NAME in f["message"]
    assert f["url"] == BASE + "/u/budget/"


def test_final_accounts_deadline_boundary(tmp_path):
    def items(s):
        return [disclosure(s, "budget", 2026), disclosure(s, "final-accounts", 2024)]
    on_due_day = audit(unit_with(tmp_path / "a", items), dt.date(2026, 9, 30))
    assert on_due_day["budget.missing"] == []
    [f] = audit(unit_with(tmp_path / "b", items), dt.date(2026, 10, 1))["budget.missing"]
    assert f["evidence"]["year"] == 2025


def test_budget_deadline_boundary_and_the_year_turn(tmp_path):
    def items(s):
        return [disclosure(s, "budget", 2025), disclosure(s, "final-accounts", 2024)]
    assert audit(unit_with(tmp_path / "a", items), dt.date(2026, 4, 30))["budget.missing"] == []
    [f] = audit(unit_with(tmp_path / "b", items), dt.date(2026, 5, 1))["budget.missing"]
    assert (f["evidence"]["disclosure"], f["evidence"]["year"]) == ("budget", 2026)
    # On 1 January the year-Y budget is not due yet: the previous year's is the one required.
    assert audit(unit_with(tmp_path / "c", items), dt.date(2026, 1, 1))["budget.missing"] == []


def test_a_partly_read_column_makes_absence_unverified(tmp_path):
    site = unit_with(tmp_path, lambda s: [disclosure(s, "budget", 2026)], list_status="partial")
    [f] = audit(site)["budget.missing"]
    assert f["status"] == "unverified" and "未能核验" in f["message"]


def test_failed_empty_or_absent_budget_columns_belong_to_other_rules(tmp_path):
    failed = unit_with(tmp_path / "a", [], list_status="failed")
    assert audit(failed)["budget.missing"] == []
    empty = unit_with(tmp_path / "b", [])
    assert audit(empty)["budget.missing"] == []
    site = SiteBuilder(tmp_path / "c.db")
    site.unit("/u/", NAME)
    assert audit(site)["budget.missing"] == []


def test_towns_and_the_county_are_not_held_to_department_disclosure(tmp_path):
    for n, kind in enumerate(("town", "county")):
        site = unit_with(tmp_path / str(n), [{"title": "财务公开", "list_date": "2026-01-01"}], kind=kind)
        assert audit(site) == {rule: [] for rule in RULES}


def test_a_disclosure_listed_elsewhere_under_the_unit_name_counts(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", NAME)
    site.unit("/czj/", "示例县财政局")
    site.column("/u/", "财政预决算", key="/u/budget/", category="budget",
                items=[disclosure(site, "budget", 2026)])
    url = f"{BASE}/czj/yjs/final.html"
    site.text(url, samples.disclosure_text(NAME, "final-accounts", 2025))
    site.column("/czj/", "预决算公开平台", key="/czj/yjs/", category="budget",
                items=[{"title": samples.title(NAME, "final-accounts", 2025), "url": url,
                        "list_date": "2026-08-01", "pub_date": "2026-08-01"},
                       {"title": "示例县财政局2026年部门预算公开", "url": f"{BASE}/czj/yjs/b.html",
                        "list_date": "2026-03-01"}])
    site.text(f"{BASE}/czj/yjs/b.html", samples.disclosure_text("示例县财政局", "budget", 2026))
    result = audit(site)
    # The unit's final accounts listed on the finance bureau's platform count for the unit; the
    # bureau itself has only its budget.
    assert [(f["unit_name"], f["evidence"]["disclosure"]) for f in result["budget.missing"]] == [
        ("示例县财政局", "final-accounts")]


def test_a_sangong_statement_alone_is_not_the_disclosure(tmp_path):
    def items(s):
        url = f"{BASE}/u/budget/sg.html"
        s.text(url, samples.sangong_paragraph(2026))
        return [{"title": f"{NAME}2026年“三公”经费预算情况说明", "url": url, "list_date": "2026-03-01"},
                disclosure(s, "final-accounts", 2025)]
    result = audit(unit_with(tmp_path, items))
    [f] = result["budget.missing"]
    assert f["evidence"]["disclosure"] == "budget"
    assert result["budget.tables-missing"] == [] and result["budget.sangong-incomplete"] == []


def test_a_missing_table_is_a_finding_and_an_empty_one_is_not(tmp_path):
    site = unit_with(tmp_path, lambda s: [
        disclosure(s, "budget", 2026, skip=("政府性基金预算支出情况表",)),
        disclosure(s, "final-accounts", 2025, empty=("国有资本经营预算财政拨款支出决算表",
                                                      "政府性基金预算财政拨款收入支出决算表"))])
    result = audit(site)
    [f] = result["budget.tables-missing"]
    assert f["status"] == "fail" and f["url"] == f"{BASE}/u/budget/budget-2026.html"
    assert f["evidence"]["tables_missing"] == ["政府性基金预算支出情况表"]
    assert f["evidence"]["tables_required"] == 8
    assert "缺少政府性基金预算支出情况表" in f["message"]
    assert result["budget.missing"] == [] and result["budget.sangong-incomplete"] == []


def test_older_years_are_not_judged_for_tables(tmp_path):
    site = unit_with(tmp_path, lambda s: [
        disclosure(s, "budget", 2026), disclosure(s, "final-accounts", 2025),
        disclosure(s, "budget", 2024, skip=("部门收入总体情况表",))])
    assert audit(site)["budget.tables-missing"] == []


def test_a_table_not_in_the_text_with_an_unread_attachment_is_unverified(tmp_path):
    def items(s):
        item = disclosure(s, "budget", 2026, skip=("部门支出总体情况表",))
        s.link(item["url"], f"{BASE}/u/budget/tables.xlsx", "附件", kind="attachment")
        return [item, disclosure(s, "final-accounts", 2025)]
    [f] = audit(unit_with(tmp_path, items))["budget.tables-missing"]
    assert f["status"] == "unverified" and f["evidence"]["unread"] == [f"{BASE}/u/budget/tables.xlsx"]


def test_tables_in_a_read_workbook_attachment_count(tmp_path):
    def items(s):
        item = disclosure(s, "budget", 2026, skip=("部门支出总体情况表", "政府性基金预算支出情况表"))
        xlsx = f"{BASE}/u/budget/tables.xlsx"
        s.link(item["url"], xlsx, "附件", kind="attachment")
        s.store.record_document(s.crawl_id, Document(url=xlsx, kind="xlsx", tables=[
            Table(rows=[["部门支出总体情况表"], ["项目", "合计"], ["合计", "10"]], sheet="表3"),
            Table(rows=[["项目", "金额"]], sheet="政府性基金预算支出情况表")]))
        return [item, disclosure(s, "final-accounts", 2025)]
    assert audit(unit_with(tmp_path, items))["budget.tables-missing"] == []


def test_an_attachment_that_cannot_be_read_keeps_the_gap_unverified(tmp_path):
    def items(s):
        item = disclosure(s, "final-accounts", 2025, skip=("收入决算表",))
        scan = f"{BASE}/u/budget/scan.pdf"
        s.link(item["url"], scan, "附件", kind="attachment")
        s.store.record_document(s.crawl_id, Document(url=scan, kind="pdf", status="needs-review",
                                                     note="扫描件，无文字层"))
        return [disclosure(s, "budget", 2026), item]
    [f] = audit(unit_with(tmp_path, items))["budget.tables-missing"]
    assert f["status"] == "unverified"


def test_sangong_without_explanation_is_a_finding(tmp_path):
    site = unit_with(tmp_path, lambda s: [disclosure(s, "budget", 2026),
                                          disclosure(s, "final-accounts", 2025, explained=False)])
    [f] = audit(site)["budget.sangong-incomplete"]
    assert f["status"] == "fail" and f["evidence"]["explained"] is False
    assert f["evidence"]["amounts_missing"] == []
    assert "增减变化" in f["message"] and "2025年度部门决算" in f["message"]


def test_vehicle_costs_not_split_is_a_finding(tmp_path):
    site = unit_with(tmp_path, lambda s: [disclosure(s, "budget", 2026, split_vehicle=False),
                                          disclosure(s, "final-accounts", 2025)])
    [f] = audit(site)["budget.sangong-incomplete"]
    assert f["evidence"]["amounts_missing"] == ["公务用车购置费", "公务用车运行费"]


def test_a_missing_sangong_table_is_one_finding_not_two(tmp_path):
    def items(s):
        url = f"{BASE}/u/budget/b.html"
        text = samples.disclosure_text(NAME, "budget", 2026, skip=("一般公共预算“三公”经费支出情况表",))
        s.text(url, text.replace(samples.sangong_paragraph(2026), "三、“三公”经费与上年持平。"))
        return [{"title": samples.title(NAME, "budget", 2026), "url": url, "list_date": "2026-03-01"},
                disclosure(s, "final-accounts", 2025)]
    result = audit(unit_with(tmp_path, items))
    assert [f["evidence"]["tables_missing"] for f in result["budget.tables-missing"]] == [
        ["一般公共预算“三公”经费支出情况表"]]
    assert result["budget.sangong-incomplete"] == []


def test_no_sangong_at_all_needs_no_split(tmp_path):
    def items(s):
        url = f"{BASE}/u/budget/b.html"
        text = samples.disclosure_text(NAME, "budget", 2026, empty=("一般公共预算“三公”经费支出情况表",))
        s.text(url, text.replace(samples.sangong_paragraph(2026), "三、本部门2026年无“三公”经费预算。"))
        return [{"title": samples.title(NAME, "budget", 2026), "url": url, "list_date": "2026-03-01"},
                disclosure(s, "final-accounts", 2025)]
    assert audit(unit_with(tmp_path, items)) == {rule: [] for rule in RULES}


def test_the_analysis_is_stored_with_the_audit(tmp_path):
    site = unit_with(tmp_path, lambda s: [disclosure(s, "budget", 2026),
                                          disclosure(s, "final-accounts", 2025, explained=False)])
    audit_id, _ = site.audit(as_of=dt.date(2026, 11, 27))
    rows = {(r["kind"], r["year"]): r["summary"] for r in site.store.analyses(audit_id)}
    assert set(rows) == {("budget", 2026), ("final-accounts", 2025)}
    assert len(rows[("budget", 2026)]["tables_found"]) == 8
    assert rows[("final-accounts", 2025)]["sangong"]["explained"] is False
    assert rows[("budget", 2026)]["unit_name"] == NAME and rows[("budget", 2026)]["year_in_text"]
