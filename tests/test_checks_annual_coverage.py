"""In an audit, a report whose stored text stops early is 未能核验 (an `unverified`
annual-report.incomplete finding saying why), never a failed `incomplete`; a report missing a
part while read to its signature still fails."""

from ground.documents import Document
from tests.store_builder import SiteBuilder
from tests.test_annual_analyse import as_text
from tests.test_checks_annual_content import AS_OF, UNIT, plan


def _site_with_text(tmp_path, rep, text):
    b = SiteBuilder(tmp_path / "g.db")
    b.unit("/u/", UNIT, "department")
    col = b.column("/u/", "政府信息公开年报", key="/u/nb/", category="annual-report",
                   items=[{"title": rep.title, "pub_date": "2026-01-20", "list_date": "2026-01-20"}])
    url = col["items"][0]["url"]
    b.store.record_document(b.crawl_id, Document(url=url, kind="txt", text=text))
    audit_id, findings = b.audit(as_of=AS_OF)
    return b.store.analyses(audit_id), [f for f in findings if f["rule"].startswith("annual-report.")]


def test_truncated_report_is_unverified_with_the_reason(tmp_path):
    rep = plan(2025)
    text = as_text(rep)
    cut = text[:text.index("四、")]
    analyses, findings = _site_with_text(tmp_path, rep, cut)
    [summary] = [a["summary"] for a in analyses]
    assert summary["coverage"]["complete"] is False
    incomplete = [f for f in findings if f["rule"] == "annual-report.incomplete"]
    assert [f["status"] for f in incomplete] == ["unverified"]
    assert "未能完整读取" in incomplete[0]["message"] and "中断" in incomplete[0]["message"]
    assert incomplete[0]["evidence"]["coverage"]["reasons"]
    assert not [f for f in findings if f["status"] == "fail"]


def test_complete_report_missing_a_section_still_fails(tmp_path):
    rep = plan(2025, "missing-section")
    analyses, findings = _site_with_text(tmp_path, rep, as_text(rep))
    incomplete = [f for f in findings if f["rule"] == "annual-report.incomplete"]
    assert [f["status"] for f in incomplete] == ["fail"]
