"""Report pages of analysed budget / final-accounts disclosures: kind, year and unit, the
required tables present or absent (absent ones named by a finding highlighted), the 三公经费
amounts and explanation, the findings; linked from the unit page; crawled content escaped."""

from __future__ import annotations

import datetime as dt
import json

from bs4 import BeautifulSoup

from reports.render import write_report
from tests import budget_samples as samples
from tests.store_builder import BASE, SiteBuilder

NAME = "示例县某某局"


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _site(tmp_path, **text):
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", NAME, "department")
    items = []
    for kind, year, date in (("budget", 2026, "2026-03-20"), ("final-accounts", 2025, "2026-08-20")):
        url = f"{BASE}/u/budget/{kind}-{year}.html"
        site.text(url, samples.disclosure_text(NAME, kind, year, **(text if kind == "budget" else {})))
        items.append({"title": samples.title(NAME, kind, year), "url": url, "list_date": date,
                      "pub_date": date})
    site.column("/u/", "财政预决算", key="/u/budget/", category="budget", items=items)
    return site


def _render(tmp_path, site):
    audit_id, findings = site.audit(as_of=dt.date(2026, 11, 27))
    out = tmp_path / "out"
    write_report(site.store, audit_id, out)
    return out, findings


def _page(out, kind_label):
    return next(p for p in (out / "budgets").glob("*.html") if kind_label in p.read_text(encoding="utf-8"))


def test_each_disclosure_has_a_page_linked_from_its_unit(tmp_path):
    out, findings = _render(tmp_path, _site(tmp_path))
    assert not [f for f in findings if f["rule"].startswith("budget.")]
    pages = sorted((out / "budgets").glob("*.html"))
    assert len(pages) == 2
    soup = _soup(_page(out, "2026年度部门预算公开"))
    text = soup.get_text()
    assert "部门预算" in text and "2026" in text and NAME in text
    for title in samples.BUDGET_TABLES:
        row = next(tr for tr in soup.select("tr") if tr.td and tr.td.get_text(strip=True) == title)
        assert "已公开" in row.get_text()
    assert "公务接待费" in text and "3.8" in text
    assert samples.EXPLANATION.rstrip("。") in text
    assert "未发现问题" in text and not soup.select(".bad")
    [unit_page] = [p for p in (out / "units").glob("*.html") if NAME in p.read_text(encoding="utf-8")]
    unit = _soup(unit_page)
    assert unit.select_one("#budgets") is not None
    hrefs = {a["href"] for a in unit.select("a[href^='../budgets/']")}
    assert hrefs == {f"../budgets/{p.name}" for p in pages}


def test_missing_table_and_unexplained_sangong_are_highlighted(tmp_path):
    missing = "政府性基金预算支出情况表"
    out, findings = _render(tmp_path, _site(tmp_path, skip=(missing,), explained=False))
    rules = sorted(f["rule"] for f in findings if f["rule"].startswith("budget."))
    assert rules == ["budget.sangong-incomplete", "budget.tables-missing"]
    soup = _soup(_page(out, "2026年度部门预算公开"))
    bad = [td.get_text(strip=True) for td in soup.select("td.bad")]
    assert missing in bad and "未见" in bad and "未找到" in bad
    # Present tables are not marked.
    assert "部门收支总体情况表" not in bad
    assert "budget.tables-missing" in soup.get_text() and "budget.sangong-incomplete" in soup.get_text()
    # The findings of the 2026 budget do not leak onto the 2025 final accounts' page.
    final = _soup(_page(out, "2025年度部门决算公开"))
    assert not final.select(".bad") and "budget.tables-missing" not in final.get_text()
    unit_page = next(p for p in (out / "units").glob("*.html") if NAME in p.read_text(encoding="utf-8"))
    assert "2 项" in _soup(unit_page).select_one("#budgets").find_next("table").get_text()


def test_budget_page_escapes_crawled_content(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    hostile = '<img src=x onerror="alert(1)">'
    site.unit("/u/", NAME, "department")
    url = f"{BASE}/u/budget/b.html"
    site.text(url, samples.disclosure_text(NAME, "budget", 2026).replace(
        samples.EXPLANATION, f"“三公”经费预算比上年减少1.2万元，主要原因是{hostile}厉行节约。"))
    site.column("/u/", "财政预决算", key="/u/budget/", category="budget", items=[
        {"title": f"{NAME}2026年度部门预算公开{hostile}", "url": url, "list_date": "2026-03-20",
         "pub_date": "2026-03-20"}])
    out, _ = _render(tmp_path, site)
    [page] = (out / "budgets").glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert "<img" not in html and "&lt;img" in html


def test_demo_report_has_a_page_per_budget_disclosure(demo_run):
    out, _ = demo_run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    pages = list((out / "budgets").glob("*.html"))
    assert pages
    planted = next(d for d in manifest["defects"] if d["rule"] == "budget.tables-missing")
    page = next(p for p in pages if planted["url_path"] in p.read_text(encoding="utf-8"))
    bad = [td.get_text(strip=True) for td in _soup(page).select("td.bad")]
    assert "政府性基金预算支出情况表" in bad


def test_narrative_gaps_and_year_mismatch_are_highlighted(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", NAME, "department")
    url = f"{BASE}/u/budget/b.html"
    site.text(url, samples.disclosure_text(NAME, "budget", 2025, omit=("procurement",)))
    site.column("/u/", "财政预决算", key="/u/budget/", category="budget", items=[
        {"title": samples.title(NAME, "budget", 2026), "url": url, "list_date": "2026-03-20",
         "pub_date": "2026-03-20"}])
    out, findings = _render(tmp_path, site)
    assert {"budget.mismatch", "budget.narrative-incomplete"} <= {f["rule"] for f in findings}
    soup = _soup(_page(out, "2026年度部门预算公开"))
    bad = [td.get_text(strip=True) for td in soup.select("td.bad")]
    assert "政府采购情况" in bad and "2025" in " ".join(bad)
    # Gradual topics are shown for information, never highlighted.
    assert not [b for b in bad if "逐步公开" in b]
    assert "国有资产占用情况（逐步公开，仅供参考）" in soup.get_text()
