"""Per-unit scores (栏目覆盖率, 合规率) and the homepage/other-page split of broken links, as the
HTML report and findings.json show them."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from ground import config
from reports.load import load_audit
from reports.render import write_report
from tests.store_builder import BASE, SiteBuilder, days_ago


def build(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    site.compliant_unit("/xxgk/", "示例县人民政府", "county")
    required = config.requirements()["unit_kinds"]["department"]["required"]
    # The 财政局 lacks one required category and has another one empty.
    site.compliant_unit("/xxgk/czj/", "县财政局", "department", skip=tuple(required[:2]))
    site.column("/xxgk/czj/", "空栏目", key="/xxgk/czj/empty/", category=required[1])
    site.page(BASE + "/dead.html", status=404)
    site.link(site.site_url, BASE + "/dead.html", "首页坏链")
    audit_id, _ = site.audit()
    return site, audit_id, len(required)


def test_scores_from_facts_and_findings(tmp_path):
    site, audit_id, n = build(tmp_path)
    units = {u.name: u for u in load_audit(site.store, audit_id).units}
    county = units["示例县人民政府"]
    assert county.coverage == 1.0 and county.compliance == 1.0
    czj = units["县财政局"]
    assert (czj.required, czj.covered) == (n, n - 2)
    assert czj.coverage == round((n - 2) / n, 4) and czj.compliance <= czj.coverage


def test_report_shows_scores_and_link_split(tmp_path):
    site, audit_id, n = build(tmp_path)
    out = tmp_path / "out"
    write_report(site.store, audit_id, out)
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "栏目覆盖率" in index.select_one("table.units").get_text()
    assert "100%" in index.select_one("table.units").get_text()
    counts = index.select_one("table.counts").get_text()
    assert "首页不可用链接" in counts and "其他页面不可用链接" in counts
    unit_pages = " ".join(p.read_text(encoding="utf-8") for p in (out / "units").iterdir())
    assert "合规率" in unit_pages and f"{n - 2}/{n}" in unit_pages
    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    czj = next(u for u in doc["units"] if u["name"] == "县财政局")
    assert czj["coverage"] == round((n - 2) / n, 4) and czj["required_categories"] == n
    assert doc["verdict"]["counts"]["broken_links_homepage"] == 1
