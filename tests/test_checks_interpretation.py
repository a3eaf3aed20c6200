"""interpretation.missing (a 规范性文件 without a linked 政策解读) and interpretation.late (解读
more than 3 working days after its document, PRC calendar with 调休); the per-unit share of
documents interpreted is reported, never judged."""

from __future__ import annotations

import pytest

from checks.pack import load_site_pack
from ground.urls import canonical_url
from tests.store_builder import BASE, SiteBuilder, by_rule, days_ago

UNIT = "/xxgk/bm/fgj/"
DOCS = UNIT + "gfxwj/"
JD = UNIT + "zcjd/"


@pytest.fixture
def site(tmp_path):
    b = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    b.unit(UNIT, "示例县发展和改革局")
    return b


def build(site, docs, interpretations=(), relations=(), doc_pages=True, jd_status=200):
    """docs / interpretations: (name, pub date); relations: (from name, to name, relation)."""
    url = {}
    doc_items = []
    for name, day in docs:
        url[name] = f"{BASE}{DOCS}{name}.html"
        doc_items.append({"title": name, "url": url[name], "list_date": day, "pub_date": day})
    jd_items = []
    for name, day in interpretations:
        url[name] = f"{BASE}{JD}{name}.html"
        jd_items.append({"title": name, "url": url[name], "list_date": day, "pub_date": day})
    site.column(UNIT, "行政规范性文件", key=DOCS, category="policy", items=doc_items)
    if jd_items:
        site.column(UNIT, "政策解读", key=JD, category="interpretation", items=jd_items)
    for item in doc_items if doc_pages else []:
        site.page(item["url"])
    for item in jd_items:
        site.page(item["url"], status=jd_status)
    site.store.record_relations(site.crawl_id, [
        {"from_url": url[a], "to_url": url[b], "relation": rel, "text": "相关"}
        for a, b, rel in relations])
    # The store keeps every URL in one canonical form (percent-encoded, ground/urls.py).
    return {name: canonical_url(u) for name, u in url.items()}


def run(site, rule, pack=None):
    audit_id, findings = site.audit(pack=pack)
    return by_rule(findings, rule), audit_id


def test_document_linking_its_interpretation_passes(site):
    build(site, [("方案", "2026-10-20")], [("方案解读", "2026-10-20")],
          [("方案", "方案解读", "interpretation")])
    assert run(site, "interpretation.missing")[0] == []
    assert run(site, "interpretation.late")[0] == []


def test_interpretation_linking_the_document_counts_too(site):
    build(site, [("方案", "2026-10-20")], [("方案解读", "2026-10-21")],
          [("方案解读", "方案", "document")])
    assert run(site, "interpretation.missing")[0] == []


def test_document_without_interpretation_fails_with_the_unit_share(site):
    url = build(site, [("方案", "2026-10-20"), ("办法", "2026-09-01")], [("方案解读", "2026-10-20")],
                [("方案", "方案解读", "interpretation")])
    [f], audit_id = run(site, "interpretation.missing")
    assert f["status"] == "fail" and f["url"] == url["办法"] and f["severity"] == "minor"
    assert f["evidence"]["unit_coverage"] == {"documents": 2, "interpreted": 1, "share": 0.5}
    assert "1/2" in f["message"] and "80号" in f["basis"]
    [row] = [a for a in site.store.analyses(audit_id) if a["kind"] == "interpretation-coverage"]
    assert row["unit_key"] == UNIT and row["summary"]["share"] == 0.5


def test_unread_document_page_is_unverified(site):
    build(site, [("办法", "2026-09-01")], doc_pages=False)
    [f], _ = run(site, "interpretation.missing")
    assert f["status"] == "unverified" and "无法读取" in f["message"]


def test_unreadable_interpretation_page_makes_missing_unverified(site):
    build(site, [("办法", "2026-09-01")], [("某解读", "2026-09-01")], jd_status=404)
    [f], _ = run(site, "interpretation.missing")
    assert f["status"] == "unverified" and "某解读" in f["message"]


def test_many_unreadable_interpretations_are_counted_and_the_first_named(site):
    jds = [(f"第{n}号解读", "2026-09-01") for n in range(1, 8)]
    build(site, [("办法", "2026-09-01")], jds, jd_status=503)
    [f], _ = run(site, "interpretation.missing")
    assert f["status"] == "unverified" and f["evidence"]["unseen_count"] == 7
    # the first five unreadable 解读, in list order, are named; the others only counted
    assert [r for r in f["evidence"]["reasons"] if "解读" in r] == [
        f"解读“第{n}号解读”无法读取（HTTP 503）" for n in range(1, 6)]
    assert "第6号解读" not in f["message"] and "第5号解读" in f["message"]


def test_interpretations_listed_among_documents_are_not_documents(site):
    build(site, [("方案", "2026-10-20"), ("《方案》政策解读", "2026-10-20")], [],
          [("方案", "《方案》政策解读", "interpretation")])
    assert run(site, "interpretation.missing")[0] == []


def test_documents_before_the_2016_rules_or_undated_are_not_judged(site):
    url = build(site, [("旧办法", "2016-11-09"), ("无日期", None), ("新办法", "2016-11-10")])
    findings, audit_id = run(site, "interpretation.missing")
    assert [f["url"] for f in findings] == [url["新办法"]]
    [row] = [a for a in site.store.analyses(audit_id) if a["kind"] == "interpretation-coverage"]
    assert row["summary"] == {"documents": 1, "interpreted": 0, "share": 0.0}


def test_other_policy_columns_are_not_judged(site):
    site.column(UNIT, "部门文件", key=UNIT + "bmwj/", category="policy",
                items=[{"title": "通知", "list_date": "2026-09-01"}])
    assert run(site, "interpretation.missing")[0] == []


def test_national_day_on_time_interpretation_passes(site):
    # Published Wed 2026-09-30: 10月1日–7日 off; 8 (Thu), 9 (Fri), 10 (Sat, 调休) → deadline 10-10.
    build(site, [("方案", "2026-09-30")], [("解读", "2026-10-09")], [("方案", "解读", "interpretation")])
    assert run(site, "interpretation.late")[0] == []


def test_national_day_one_working_day_late_fails(site):
    url = build(site, [("方案", "2026-09-30")], [("解读", "2026-10-12")],
                [("方案", "解读", "interpretation")])
    [f], _ = run(site, "interpretation.late")
    ev = f["evidence"]
    assert f["url"] == url["方案"] and ev["interpretation_url"] == url["解读"]
    assert ev["deadline"] == "2026-10-10" and ev["workdays_taken"] == 4 and not ev["estimated"]
    assert "3个工作日" in f["message"] and ev["unit_coverage"]["share"] == 1.0


@pytest.mark.parametrize("day,late", [("2026-11-17", False), ("2026-11-18", True)])
def test_weekend_in_between(site, day, late):
    # Thursday 2026-11-12 → Fri, Mon, Tue: the 3rd working day is Tuesday 11-17.
    build(site, [("方案", "2026-11-12")], [("解读", day)], [("方案", "解读", "interpretation")])
    assert bool(run(site, "interpretation.late")[0]) is late


def test_the_earliest_of_several_interpretations_counts(site):
    build(site, [("方案", "2026-09-30")], [("解读", "2026-10-09"), ("图解", "2026-10-20")],
          [("方案", "解读", "interpretation"), ("图解", "方案", "document")])
    assert run(site, "interpretation.late")[0] == []


def test_undated_interpretation_is_not_judged_late(site):
    build(site, [("方案", "2026-09-30")], [], [])
    site.store.record_relations(site.crawl_id, [{
        "from_url": f"{BASE}{DOCS}方案.html", "to_url": BASE + "/elsewhere/jd.html",
        "relation": "interpretation", "text": "相关解读"}])
    assert run(site, "interpretation.late")[0] == []
    assert run(site, "interpretation.missing")[0] == []


def test_working_day_limit_is_configurable(site, tmp_path):
    build(site, [("方案", "2026-09-30")], [("解读", "2026-10-12")], [("方案", "解读", "interpretation")])
    local = tmp_path / "site.yaml"
    local.write_text("rules:\n  interpretation.late:\n    thresholds:\n      workdays: {value: 5}\n",
                     encoding="utf-8")
    assert run(site, "interpretation.late", pack=load_site_pack(local))[0] == []
