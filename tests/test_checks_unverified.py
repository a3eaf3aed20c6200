"""audit.unverified: what the crawl could not read is 未能核验, never an accusation."""

from __future__ import annotations

from tests.store_builder import SiteBuilder, by_rule, days_ago


def test_failed_unit_page_is_unverified_and_hides_its_gaps(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    site.unit("/xxgk/czj/", "县财政局", status=503)
    _, findings = site.audit()
    [u] = by_rule(findings, "audit.unverified")
    assert u["status"] == "unverified" and u["severity"] == "info"
    assert u["evidence"]["failure"] == "HTTP 503" and "未能核验" in u["message"]
    assert by_rule(findings, "column.missing") == []


def test_blocked_column_list_is_unverified(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    site.compliant_unit("/xxgk/czj/", "县财政局")
    site.column("/xxgk/czj/", "通知公告", category="notices", list_status="blocked")
    _, findings = site.audit()
    [u] = by_rule(findings, "audit.unverified")
    assert u["evidence"]["list_status"] == "blocked"
    assert u["evidence"]["failure"] == "blocked:412"
    assert by_rule(findings, "column.empty") == [] and by_rule(findings, "link.broken") == []


def test_unit_never_fetched_and_without_columns_is_unverified(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    site.unit("/xxgk/czj/", "县财政局", record_page=False)
    _, findings = site.audit()
    assert [f["evidence"]["failure"] for f in by_rule(findings, "audit.unverified")] == ["未抓取"]
    assert by_rule(findings, "column.missing") == []


def test_failed_homepage_is_unverified(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.page(site.site_url, status=None, error="timeout", role="home")
    _, findings = site.audit()
    [u] = by_rule(findings, "audit.unverified")
    assert u["evidence"]["what"] == "homepage"


def test_a_readable_site_has_no_unverified_findings(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    site.compliant_unit("/xxgk/czj/", "县财政局")
    _, findings = site.audit()
    assert findings == []
