"""homepage.stale: the homepage news block within 14 days (a veto)."""

from __future__ import annotations

from tests.store_builder import SiteBuilder, by_rule, days_ago


def audit(tmp_path, homepage_date):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=homepage_date)
    return site.audit()


def test_homepage_exactly_14_days_old_is_fresh(tmp_path):
    _, findings = audit(tmp_path, days_ago(14))
    assert by_rule(findings, "homepage.stale") == []


def test_homepage_15_days_old_is_stale_and_a_veto(tmp_path):
    audit_id, findings = audit(tmp_path, days_ago(15))
    [f] = by_rule(findings, "homepage.stale")
    assert f["severity"] == "veto" and f["unit_name"] == "示例县人民政府"
    assert f["evidence"]["newest_date"] == days_ago(15)
    assert "超过14天未更新" in f["message"]


def test_homepage_with_only_undated_items_is_stale(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.column(None, "要闻", role="homepage", category="news", items=[{"list_date": None}])
    _, findings = site.audit()
    [f] = by_rule(findings, "homepage.stale")
    assert f["evidence"]["newest_date"] is None


def test_no_homepage_block_is_not_applicable(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    _, findings = site.audit()
    assert by_rule(findings, "homepage.stale") == []


def test_failed_homepage_block_is_unverified_not_stale(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.column(None, "要闻", role="homepage", category="news", list_status="failed")
    _, findings = site.audit()
    assert by_rule(findings, "homepage.stale") == []
    assert by_rule(findings, "audit.unverified")[0]["status"] == "unverified"
