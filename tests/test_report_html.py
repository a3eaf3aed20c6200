"""The HTML report: structure (verdict, unit table, per-unit pages), offline use, escaping."""

from __future__ import annotations

import base64
import hashlib

import pytest
from bs4 import BeautifulSoup

from reports.context import safe_href
from reports.render import write_report
from tests.store_builder import SiteBuilder, days_ago

EVIL = "<script>alert(1)</script>"


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def report(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(30))
    site.compliant_unit("/xxgk/", "示例县人民政府", "county")
    site.unit("/xxgk/czj/", f"县财政局{EVIL}", "department")
    site.column("/xxgk/czj/", f"工作动态{EVIL}", key="/xxgk/czj/gzdt/", category="news",
                items=[{"title": EVIL, "list_date": "2026-01-01"}])
    site.column("/xxgk/czj/", "通知公告", category="notices", list_status="blocked")
    site.page("javascript:alert(2)", status=404)
    site.link("http://127.0.0.1:8000/xxgk/czj/", "javascript:alert(2)", EVIL, kind="other")
    audit_id, _ = site.audit()
    index = write_report(site.store, audit_id, tmp_path / "out")
    return tmp_path / "out", index


def test_writes_index_unit_pages_and_findings_json(report):
    out, index = report
    assert index == out / "index.html"
    assert (out / "findings.json").exists()
    assert sorted(p.name for p in (out / "units").iterdir()) == ["1.html", "2.html"]


def test_index_shows_site_verdict_with_reasons(report):
    out, _ = report
    page = soup(out / "index.html")
    verdict = page.select_one("#verdict")
    assert "不合格" in verdict.get_text()
    assert "首页长期未更新" in verdict.select_one("ul.vetoes").get_text()
    # Each veto line says what decided it (the indicator's counts), on the same line.
    [line] = [li for li in verdict.select("ul.vetoes li") if "首页长期未更新" in li.get_text()]
    assert line.select_one(".reason") and "首页" in line.select_one(".reason").get_text()
    assert "示例县人民政府" in page.select_one("h1").get_text()
    assert "2026-11-27" in page.get_text()
    assert "不是违规认定" in page.select_one("p.note").get_text()


def test_unit_table_is_sorted_by_gaps_and_links_to_unit_pages(report):
    out, _ = report
    rows = soup(out / "index.html").select("table.units tbody tr")
    assert len(rows) == 2
    gaps = [int(r.find_all("td")[3].get_text()) for r in rows]
    assert gaps == sorted(gaps, reverse=True) and gaps[0] > 0
    for row in rows:
        href = row.find("a")["href"]
        assert href.startswith("units/") and (out / href).exists()


def test_unit_page_groups_gaps_by_rule_with_basis_and_advice(report):
    out, _ = report
    page = soup(out / "units/2.html")
    rule = page.select_one("section.rule#column\\.stale")
    assert rule is not None
    text = rule.get_text()
    assert "依据" in text and "国办秘函〔2019〕19号" in text and "整改建议" in text
    assert "2026-01-01" in text  # the newest date found
    assert "http://127.0.0.1:8000/xxgk/czj/gzdt/" in text  # where the crawler looked
    assert "未能核验" in page.select("h2")[-1].get_text()
    assert page.select_one(".unverified section.rule#audit\\.unverified")


def test_everything_from_pages_is_escaped(report):
    out, _ = report
    for path in [out / "index.html", *(out / "units").iterdir()]:
        html = path.read_text(encoding="utf-8")
        page = BeautifulSoup(html, "html.parser")
        # The only script is the report's own grid sorter, allowed by hash in the page's CSP.
        assert [t.get("id") for t in page.find_all("script")] in ([], ["govaudit-sort"]), path
        csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        for script in page.find_all("script"):  # the hash allows exactly the script shown
            digest = base64.b64encode(hashlib.sha256(script.string.encode()).digest()).decode()
            assert f"script-src 'sha256-{digest}'" in csp
        assert EVIL not in html
    unit = (out / "units/2.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in unit
    assert EVIL in soup(out / "units/2.html").get_text()  # shown as text


def test_non_http_urls_are_never_links(report):
    out, _ = report
    for path in [out / "index.html", *(out / "units").iterdir()]:
        for a in soup(path).find_all("a", href=True):
            assert not a["href"].lower().startswith(("javascript:", "data:")), path


def test_report_is_self_contained(report):
    out, _ = report
    for path in [out / "index.html", *(out / "units").iterdir()]:
        page = soup(path)
        assert page.find("style") and not page.find("script", src=True)
        assert not page.find("link", rel="stylesheet")
        assert page.find("html")["lang"] == "zh-CN"


def test_qualified_site_says_so(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    site.compliant_unit("/xxgk/czj/", "县财政局")
    audit_id, _ = site.audit()
    out = tmp_path / "out"
    write_report(site.store, audit_id, out)
    assert "合格" in soup(out / "index.html").select_one("#verdict .word").get_text()
    assert "未发现问题" in soup(out / "units/1.html").get_text()


@pytest.mark.parametrize("url,expected", [
    ("http://a/b", "http://a/b"), ("HTTPS://a", "HTTPS://a"),
    ("javascript:alert(1)", None), (" data:text/html,x", None), (None, None), (3, None)])
def test_safe_href(url, expected):
    assert safe_href(url) == expected
