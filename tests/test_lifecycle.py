"""Finding lifecycle (new / persisting / regressed / resolved) and waivers at check time."""

from __future__ import annotations


import pytest

from checks.lifecycle import classify, site_key
from checks.runner import run_checks
from checks.waivers import WaiverError, load_waivers
from tests import store_builder
from tests.store_builder import SiteBuilder, by_rule, days_ago


def fp(*names):
    return [{"fingerprint": n} for n in names]


def test_classify_marks_new_persisting_regressed_and_resolved():
    changes = classify(fp("a", "b", "c"), fp("a", "d"), earlier={"b", "d"}, previous_id=1)
    assert changes.lifecycle == {"a": "persisting", "b": "regressed", "c": "new"}
    assert [r["fingerprint"] for r in changes.resolved] == ["d"]
    first = classify(fp("a"), None, set())
    assert first.lifecycle == {"a": "new"} and first.resolved == [] and first.previous_id is None


def test_loopback_sites_match_without_their_port():
    assert site_key("http://127.0.0.1:8000/") == site_key("http://127.0.0.1:9999/")
    assert site_key("http://localhost:1/a/") != site_key("http://localhost:1/b/")
    assert site_key("http://www.a.gov.cn/") != site_key("http://www.b.gov.cn/")


def crawl(path, site_url, gzdt_items):
    """One crawl of a tiny site: one unit whose 工作动态 has `gzdt_items` items."""
    store_builder.BASE = site_url.rstrip("/")  # the builder puts every page on BASE
    site = SiteBuilder(path, site_url=site_url, homepage_date=days_ago(1))
    site.unit("/u/", "县财政局")
    site.column("/u/", "工作动态", key="/u/gzdt/", category="news",
                items=[{"title": f"动态{i}", "list_date": days_ago(1)} for i in range(gzdt_items)])
    return site, site.finish()


@pytest.fixture(autouse=True)
def _restore_base(monkeypatch):
    monkeypatch.setattr(store_builder, "BASE", store_builder.BASE)


def test_lifecycle_is_stored_against_the_previous_audit_of_the_same_site(tmp_path):
    db = tmp_path / "g.db"
    site, c1 = crawl(db, "http://127.0.0.1:8000/", 0)
    a1 = run_checks(site.store, c1, "2026-11-27")
    [empty] = by_rule(site.store.findings(a1), "column.empty")
    assert empty["lifecycle"] == "new"
    other, c_other = crawl(db, "http://www.other.gov.cn/", 3)  # another site in between
    run_checks(other.store, c_other, "2026-11-27")
    site2, c2 = crawl(db, "http://127.0.0.1:9123/", 3)  # same replica site, new port
    a2 = run_checks(site2.store, c2, "2026-11-27")
    assert site2.store.audit(a2)["previous_audit_id"] == a1
    assert not by_rule(site2.store.findings(a2), "column.empty")
    [resolved] = site2.store.resolved_findings(a2)
    assert resolved["rule"] == "column.empty" and resolved["fingerprint"] == empty["fingerprint"]
    site3, c3 = crawl(db, "http://127.0.0.1:9555/", 0)
    a3 = run_checks(site3.store, c3, "2026-11-27")
    [back] = by_rule(site3.store.findings(a3), "column.empty")
    assert back["lifecycle"] == "regressed"
    persisting = [f for f in site3.store.findings(a3) if f["rule"] != "column.empty"]
    assert persisting and {f["lifecycle"] for f in persisting} == {"persisting"}


WAIVERS = """\
waivers:
  - rule: column.empty
    unit: 县财政局
    column: 工作动态
    reason: 本年度无相关工作动态
    approved_by: 县政务公开办
    expires: 2027-03-31
  - rule: column.missing
    unit: 县财政局
    url: "*/u/*"
    reason: 已撤并
    approved_by: 县政务公开办
    expires: 2026-01-01
"""


def test_waived_findings_stay_visible_and_do_not_count(tmp_path):
    path = tmp_path / "waivers.yaml"
    path.write_text(WAIVERS, encoding="utf-8")
    waivers = load_waivers(path)
    site, c1 = crawl(tmp_path / "g.db", "http://127.0.0.1:8000/", 0)
    audit_id = run_checks(site.store, c1, "2026-11-27", waivers=waivers, waiver_file=str(path))
    [empty] = by_rule(site.store.findings(audit_id), "column.empty")
    assert empty["status"] == "waived"
    assert empty["evidence"]["waiver_reason"] == "本年度无相关工作动态"
    assert empty["evidence"]["waiver_approved_by"] == "县政务公开办"
    audit = site.store.audit(audit_id)
    assert audit["verdict"]["counts"]["blank"] == 0
    assert audit["waivers"]["applied"] == 1
    assert [w["reason"] for w in audit["waivers"]["expired"]] == ["已撤并"]


@pytest.mark.parametrize("text, words", [
    ("waivers: [1, 2]", "格式不正确"),
    ("waivers:\n  - rule: column.stale\n    unit: x\n", "缺少必填字段"),
    ("waivers:\n  - {rule: a.b, unit: x, reason: r, approved_by: p, expires: 2027-13-01}\n",
     "YAML|expires"),
    ("waivers:\n  - {rule: a.b, unit: x, reason: r, approved_by: p, expires: 2027-01-01, who: y}\n",
     "未知字段"),
    ("waivers: [", "YAML"),
])
def test_malformed_waiver_files_raise_chinese_errors(tmp_path, text, words):
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WaiverError, match=words):
        load_waivers(path)
