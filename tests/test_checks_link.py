"""link.broken: one finding per failing target, with the pages that link to it."""

from __future__ import annotations

import pytest

from tests.store_builder import BASE, SiteBuilder, by_rule, days_ago


@pytest.fixture
def site(tmp_path):
    b = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    b.unit("/xxgk/czj/", "县财政局")
    return b


def test_working_links_pass(site):
    site.page(BASE + "/ok.html", status=200)
    site.link(BASE + "/xxgk/czj/", BASE + "/ok.html")
    _, findings = site.audit()
    assert by_rule(findings, "link.broken") == []


def test_404_target_is_one_finding_listing_all_referrers(site):
    target = BASE + "/xxgk/czj/gone.pdf"
    site.page(target, status=404, role="attachment")
    site.link(BASE + "/xxgk/czj/", target, "预算表", kind="attachment")
    site.link(BASE + "/xxgk/czj/a.html", target, "预算表", kind="attachment")
    site.link(BASE + "/xxgk/czj/a.html", target, "预算表", kind="attachment")
    _, findings = site.audit()
    [f] = by_rule(findings, "link.broken")
    assert f["url"] == target and f["unit_name"] == "县财政局" and f["severity"] == "minor"
    assert f["evidence"]["referrers"] == [BASE + "/xxgk/czj/", BASE + "/xxgk/czj/a.html"]
    assert f["evidence"]["http_status"] == 404
    assert "HTTP 404" in f["message"] and "预算表" in f["message"]


@pytest.mark.parametrize("error", ["refused", "timeout", "dns", "reset", "robots", "private",
                                   "too-large"])
def test_unreachable_targets_are_unverified_not_broken(site, error):
    # Issue 14: only the portal's own error (HTTP >= 400, soft 404) is a broken link; a target
    # we could not reach or did not fetch is 未能核验, with the reason.
    site.page("http://127.0.0.1:1/x", status=None, error=error, role="external")
    site.link(BASE + "/xxgk/czj/", "http://127.0.0.1:1/x", "外部", kind="external")
    _, findings = site.audit()
    assert by_rule(findings, "link.broken") == []
    [note] = [f for f in by_rule(findings, "audit.unverified")
              if f["evidence"].get("what") == "link"]
    assert note["evidence"]["target"] == "http://127.0.0.1:1/x" and error in note["message"]
    assert note["unit_name"] == "县财政局" and "“外部”" in note["message"]


def test_blocked_targets_are_not_broken(site):
    site.page(BASE + "/b.html", status=412, error="blocked:412")
    site.link(BASE + "/xxgk/czj/", BASE + "/b.html")
    _, findings = site.audit()
    assert by_rule(findings, "link.broken") == []


def test_failed_page_nothing_links_to_is_not_a_broken_link(site):
    site.page(BASE + "/orphan.html", status=500)
    _, findings = site.audit()
    assert by_rule(findings, "link.broken") == []


def test_399_is_fine_and_400_is_broken(site):
    site.page(BASE + "/a", status=399)
    site.page(BASE + "/b", status=400)
    site.link(BASE + "/", BASE + "/a")
    site.link(BASE + "/", BASE + "/b")
    _, findings = site.audit()
    assert [f["url"] for f in by_rule(findings, "link.broken")] == [BASE + "/b"]


def test_homepage_links_are_counted_apart_from_other_pages(site):
    """链接可用性 counts the homepage's broken links separately from other pages'."""
    from checks.pack import load_pack
    from checks.verdict import compute_verdict

    site.page(BASE + "/gone-home.html", status=404)
    site.link(site.site_url, BASE + "/gone-home.html", "首页链接")
    site.link(BASE + "/xxgk/czj/", BASE + "/gone-home.html", "首页链接")
    site.page(BASE + "/xxgk/czj/gone.html", status=404)
    site.link(BASE + "/xxgk/czj/", BASE + "/xxgk/czj/gone.html", "内页链接")
    _, findings = site.audit()
    split = {f["url"]: f["evidence"]["on_homepage"] for f in by_rule(findings, "link.broken")}
    assert split == {BASE + "/gone-home.html": True, BASE + "/xxgk/czj/gone.html": False}
    counts = compute_verdict(findings, load_pack())["counts"]
    assert counts["broken_links_homepage"] == 1 and counts["broken_links_other"] == 1
