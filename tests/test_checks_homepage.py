"""homepage.stale: the homepage news block within 14 days (a veto)."""

from __future__ import annotations

from tests.store_builder import BASE, SiteBuilder, by_rule, days_ago


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
    site.column(None, "要闻", role="homepage", category="news", items=[{"list_date": None}],
                fetch_items=True)  # the article was read and shows no date either
    _, findings = site.audit()
    [f] = by_rule(findings, "homepage.stale")
    assert f["evidence"]["newest_date"] is None and f["status"] == "fail"


def test_undated_newest_item_whose_article_failed_is_unverified_not_a_veto(tmp_path):
    # Issue 14: only dates that were read may accuse; the newest entry's article timed out.
    site = SiteBuilder(tmp_path / "g.db")
    site.column(None, "要闻", role="homepage", category="news", fetch_items=True, items=[
        {"list_date": None, "url": BASE + "/yw/new.html", "fetched": False},
        {"list_date": days_ago(60)}])
    site.page(BASE + "/yw/new.html", status=None, error="timeout")
    audit_id, findings = site.audit()
    [f] = by_rule(findings, "homepage.stale")
    assert f["status"] == "unverified" and days_ago(60) not in f["message"]
    assert site.store.audit(audit_id)["verdict"]["qualified"] is True


def test_no_dated_homepage_block_is_unverified_never_a_veto(tmp_path):
    """A homepage that answered without a dated list (headlines only, news built by script)
    does not show when it was updated: 未能核验, which never vetoes the site."""
    site = SiteBuilder(tmp_path / "g.db")
    audit_id, findings = site.audit()
    [f] = by_rule(findings, "homepage.stale")
    assert f["status"] == "unverified" and "未找到标注日期的信息发布区" in f["message"]
    assert site.store.audit(audit_id)["verdict"]["qualified"] is True


def test_failed_homepage_block_is_unverified_not_stale(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.column(None, "要闻", role="homepage", category="news", list_status="failed")
    _, findings = site.audit()
    assert by_rule(findings, "homepage.stale") == []
    assert by_rule(findings, "audit.unverified")[0]["status"] == "unverified"
