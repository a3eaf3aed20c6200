"""guide.incomplete / guide.outdated: the current 政府信息公开指南 carries the elements of 条例
第十二条 and the 2019 reply periods; unreadable guides are 未能核验, never failures."""

from __future__ import annotations

import datetime as dt

import pytest

from checks.rules.guide import missing_elements, outdated_statements
from tests.store_builder import BASE, COMPLETE_GUIDE, SiteBuilder, by_rule, days_ago

OLD_REPLY = ("行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复。不能当场答复的，"
             "应当自收到申请之日起15个工作日内予以答复；如需延长答复期限的，应当经政府信息公开工作机构"
             "负责人同意，并告知申请人，延长答复的期限最长不得超过15个工作日。")


def guide_site(tmp_path, text: str | None, **column):
    """One department, compliant except for its guide's text (None: no text stored)."""
    site = SiteBuilder(tmp_path / "g.db")
    site.compliant_unit("/u/", "县财政局", skip=("guide",))
    col = site.column("/u/", "政府信息公开指南", key="/u/zn/", category="guide",
                      items=column.pop("items", None) or
                      [{"title": "县财政局政府信息公开指南", "list_date": days_ago(30)}], **column)
    if text is not None:
        site.text(col["items"][0]["url"], text)
    return site, col


def guide_findings(site, **kw):
    _, findings = site.audit(**kw)
    return by_rule(findings, "guide.incomplete"), by_rule(findings, "guide.outdated")


def test_complete_current_guide_passes(tmp_path):
    site, _ = guide_site(tmp_path, COMPLETE_GUIDE)
    _, findings = site.audit()
    assert [f for f in findings if f["rule"].startswith("guide.")] == []


def test_guide_without_fax_lacks_exactly_that_element(tmp_path):
    text = COMPLETE_GUIDE.replace("传真：0951-1234568；", "")
    site, col = guide_site(tmp_path, text)
    [f], outdated = guide_findings(site)
    assert outdated == []
    assert f["status"] == "fail" and f["unit_name"] == "县财政局"
    assert f["url"] == col["items"][0]["url"] and f["column_name"] == "政府信息公开指南"
    assert [m["label"] for m in f["evidence"]["missing"]] == ["传真号码"]
    assert "传真号码" in f["message"] and "第十二条" in f["message"]


def test_bare_guide_lists_every_missing_contact_element(tmp_path):
    site, _ = guide_site(tmp_path, "本机关政府信息分类编排，可通过依申请公开获取。")
    [f], _ = guide_findings(site)
    assert [m["id"] for m in f["evidence"]["missing"]] == [
        "office-name", "address", "hours", "phone", "fax", "internet"]


@pytest.mark.parametrize("element, text", [
    ("hours", "接待时间：工作日上午"),
    ("hours", "9：00—17：00"),
    ("phone", "咨询热线 12345"),
    ("internet", "Email: a@b.example"),
    ("address", "办公地点：县政务服务中心"),
])
def test_elements_are_recognised_in_common_wordings(element, text):
    assert element not in {e.id for e in missing_elements(text)}


def test_pre_2019_reply_and_extension_periods_are_outdated(tmp_path):
    site, _ = guide_site(tmp_path, COMPLETE_GUIDE.replace(
        "本机关收到申请，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；"
        "需要延长答复期限的，延长的期限最长不超过20个工作日。", OLD_REPLY))
    incomplete, [f] = guide_findings(site)
    assert incomplete == []
    assert f["status"] == "fail"
    kinds = sorted(s["kind"] for s in f["evidence"]["statements"])
    assert kinds == ["extension", "reply"]
    assert "20个工作日" in f["message"]


@pytest.mark.parametrize("text", [
    "自收到申请之日起１５个工作日内予以答复。",       # full-width digits
    "答复期限为十五个工作日。",
    "本机关将在15个工作日内答复。",
])
def test_outdated_wordings(text):
    assert outdated_statements(text)


@pytest.mark.parametrize("text", [
    COMPLETE_GUIDE,
    "第三方应当自收到征求意见书之日起15个工作日内提出意见。",   # 2019 条例 第三十二条
    "征求第三方意见的，第三方逾期未提出意见的，由本机关依照条例规定决定；第三方15个工作日内答复本机关。",
    "自收到申请之日起7个工作日内一次性告知补正；20个工作日内予以答复。",
    "本机关在115个工作日内答复。",                                   # not a 15
    "本机关在二十五个工作日内答复。",
])
def test_current_wordings_are_not_outdated(text):
    assert outdated_statements(text) == []


def test_unreadable_guide_is_unverified_once(tmp_path):
    site, col = guide_site(tmp_path, None)
    site.page(col["items"][0]["url"], status=None, error="timeout")
    incomplete, outdated = guide_findings(site)
    assert [f["status"] for f in incomplete] == ["unverified"] and outdated == []
    assert "未能核验" in incomplete[0]["message"]


def test_guide_without_stored_text_is_unverified(tmp_path):
    site, _ = guide_site(tmp_path, None)
    [f], _ = guide_findings(site)
    assert f["status"] == "unverified"


def test_elements_in_a_readable_attachment_count(tmp_path):
    site, col = guide_site(tmp_path, "详见附件。")
    pdf = BASE + "/u/zn/guide.pdf"
    site.link(col["items"][0]["url"], pdf, "指南全文", kind="attachment")
    site.text(pdf, COMPLETE_GUIDE, kind="pdf")
    incomplete, outdated = guide_findings(site)
    assert incomplete == [] and outdated == []


def test_unread_attachment_makes_missing_elements_unverified(tmp_path):
    site, col = guide_site(tmp_path, "详见附件。")
    site.link(col["items"][0]["url"], BASE + "/u/zn/guide.pdf", "指南全文", kind="attachment")
    [f], _ = guide_findings(site)
    assert f["status"] == "unverified"
    assert f["evidence"]["attachments_unread"] == [BASE + "/u/zn/guide.pdf"]


def test_only_the_current_guide_is_judged(tmp_path):
    items = [{"title": "县财政局政府信息公开指南（2024年版）", "list_date": days_ago(10)},
             {"title": "县财政局政府信息公开指南（2015年版）", "list_date": "2015-03-01"}]
    site, col = guide_site(tmp_path, COMPLETE_GUIDE, items=items)
    site.text(col["items"][1]["url"], OLD_REPLY)  # the superseded version may keep 15 days
    incomplete, outdated = guide_findings(site)
    assert incomplete == [] and outdated == []


def test_newest_guide_titled_item_is_current_even_below_a_notice(tmp_path):
    items = [{"title": "关于调整办公地址的说明", "list_date": days_ago(2)},
             {"title": "县财政局政府信息公开指南", "list_date": days_ago(40)}]
    site, col = guide_site(tmp_path, None, items=items)
    site.text(col["items"][0]["url"], "办公地址迁至人民路1号。")
    site.text(col["items"][1]["url"], OLD_REPLY + COMPLETE_GUIDE)
    incomplete, [f] = guide_findings(site)
    assert incomplete == [] and f["url"] == col["items"][1]["url"]


def test_missing_or_empty_guide_column_is_left_to_the_column_rules(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.compliant_unit("/a/", "县财政局", skip=("guide",))
    site.compliant_unit("/b/", "县教育局", skip=("guide",))
    site.column("/b/", "政府信息公开指南", key="/b/zn/", category="guide")
    _, findings = site.audit()
    assert [f for f in findings if f["rule"].startswith("guide.")] == []
    assert [f["unit_name"] for f in by_rule(findings, "column.missing")] == ["县财政局"]
    assert [f["unit_name"] for f in by_rule(findings, "column.empty")] == ["县教育局"]


def test_failed_guide_list_is_left_to_audit_unverified(tmp_path):
    site, _ = guide_site(tmp_path, "无", list_status="failed")
    incomplete, outdated = guide_findings(site)
    assert incomplete == [] and outdated == []


def test_not_judged_before_the_2019_regulations(tmp_path):
    site, _ = guide_site(tmp_path, OLD_REPLY)
    incomplete, outdated = guide_findings(site, as_of=dt.date(2019, 5, 14))
    assert incomplete == [] and outdated == []


def test_an_outdated_statement_is_quoted_as_the_guide_wrote_it():
    text = "四、办理时限\n行政机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起１５个工作日内予以答复。"
    [found] = outdated_statements(text)
    # the full-width comma and digits of the guide, not their normalised forms
    assert found["quote"] == "不能当场答复的，自收到申请之日起１５个工作日内予以答复"
