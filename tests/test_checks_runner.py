"""The runner: isolation of failing rules, fingerprints, verdict, stored audit."""

from __future__ import annotations

import datetime as dt


from checks import registry
from checks.pack import load_pack
from checks.runner import evaluate, fingerprint, run_checks
from checks.facts import Facts
from tests.store_builder import SiteBuilder, by_rule, days_ago


def test_audit_row_records_date_and_versions(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    audit_id, _ = site.audit(as_of="2026-11-27")
    audit = site.store.audit(audit_id)
    assert audit["as_of"] == "2026-11-27" and audit["status"] == "complete"
    assert audit["rules_version"] == load_pack().version
    assert audit["verdict"]["qualified"] is True


def test_findings_carry_pack_metadata(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(30))
    _, findings = site.audit()
    [f] = by_rule(findings, "homepage.stale")
    meta = load_pack().rules["homepage.stale"]
    assert f["title"] == meta.title and f["advice"] == meta.advice
    assert "国办秘函〔2019〕19号" in f["basis"]


def test_fingerprints_are_stable_across_runs_and_distinct(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    site.unit("/u/", "县财政局")
    site.column("/u/", "通知公告", key="/u/tzgg/", category="notices")
    site.column("/u/", "工作动态", key="/u/gzdt/", category="news")
    crawl_id = site.finish()
    first = site.store.findings(run_checks(site.store, crawl_id, "2026-11-27"))
    second = site.store.findings(run_checks(site.store, crawl_id, "2026-11-27"))
    assert [f["fingerprint"] for f in first] == [f["fingerprint"] for f in second]
    assert len({f["fingerprint"] for f in first}) == len(first)
    f = next(f for f in first if f["rule"] == "column.empty" and f["category"] == "news")
    assert f["fingerprint"] == fingerprint("column.empty", "县财政局", "/u/gzdt/", f["url"], "news",
                                           site.site_url)


def test_an_exception_in_one_rule_becomes_an_info_finding(tmp_path, monkeypatch):
    def broken(facts, ctx):
        yield from ()
        raise RuntimeError("boom")

    functions = dict(registry.registered())
    functions["link.broken"] = broken
    monkeypatch.setattr(registry, "registered", lambda: functions)
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(30))
    _, findings = site.audit()
    [err] = by_rule(findings, "audit.rule-error")
    assert err["severity"] == "info" and "boom" in err["message"]
    assert err["evidence"]["failed_rule"] == "link.broken"
    assert by_rule(findings, "homepage.stale"), "the other rules still ran"


def test_rules_never_read_the_clock(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date="2020-01-10")
    crawl_id = site.finish()
    facts = Facts.load(site.store, crawl_id)
    assert evaluate(facts, dt.date(2020, 1, 20)) == []
    assert by_rule(evaluate(facts, dt.date(2020, 2, 20)), "homepage.stale")


def test_site_pack_can_change_thresholds(tmp_path):
    import yaml

    from checks.pack import DEFAULT_PACK

    data = yaml.safe_load(DEFAULT_PACK.read_text(encoding="utf-8"))
    data["rules"]["homepage.stale"]["thresholds"]["window"]["value"] = 60
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(30))
    _, findings = site.audit(pack=data)
    assert by_rule(findings, "homepage.stale") == []


# -- verdict ------------------------------------------------------------------------------------

def verdict_of(site):
    audit_id, _ = site.audit()
    return site.store.audit(audit_id)["verdict"]


def test_homepage_stale_vetoes(tmp_path):
    v = verdict_of(SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(15)))
    assert v["qualified"] is False and v["vetoes"] == ["homepage.stale"]


def stale_columns(site, n, category, level=1):
    for i in range(n):
        site.column(None, f"栏目{i}", key=f"/{category}{i}/", category=category, level=level,
                    items=[{"list_date": "2020-01-01"}])


def test_four_stale_news_columns_pass_five_veto(tmp_path):
    site = SiteBuilder(tmp_path / "a.db", homepage_date=days_ago(1))
    stale_columns(site, 4, "news")
    assert verdict_of(site)["qualified"] is True
    site = SiteBuilder(tmp_path / "b.db", homepage_date=days_ago(1))
    stale_columns(site, 5, "news", level=2)
    v = verdict_of(site)
    assert v["qualified"] is False and v["vetoes"] == ["column.stale"]
    assert v["counts"]["stale_dynamic_notice"] == 5


def test_only_first_level_notice_policy_columns_count_for_veto_a(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    stale_columns(site, 5, "policy", level=2)
    v = verdict_of(site)
    assert v["qualified"] is True and v["counts"]["stale_dynamic_notice"] == 0
    assert v["counts"]["stale"] == 5


def test_ten_stale_or_blank_columns_veto(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    stale_columns(site, 6, "personnel")
    for i in range(4):
        site.column(None, f"空{i}", key=f"/e{i}/", category="guide")
    v = verdict_of(site)
    assert v["qualified"] is False
    assert v["counts"]["stale_or_blank"] == 10 and v["counts"]["blank"] == 4
    assert set(v["vetoes"]) == {"column.stale", "column.empty"}


def test_five_blank_columns_veto(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    for i in range(5):
        site.column(None, f"空{i}", key=f"/e{i}/", category="guide")
    v = verdict_of(site)
    assert v["vetoes"] == ["column.empty"] and v["counts"]["blank"] == 5


def test_unverified_findings_never_count_toward_a_veto(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    for i in range(12):
        site.column(None, f"栏目{i}", key=f"/f{i}/", category="news", list_status="failed")
    v = verdict_of(site)
    assert v["qualified"] is True and v["counts"]["stale_or_blank"] == 0
