"""privacy.exposed: unmasked 18-digit resident ID numbers, shown masked in the finding."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from checks.rules.privacy import check_char, find_ids, is_resident_id, mask_id as mask
from tests.store_builder import BASE, SiteBuilder, by_rule

AS_OF = dt.date(2026, 11, 27)
VALID = "11010519491231002X"  # the GB 11643 sample number


def with_check(first17: str) -> str:
    return first17 + check_char(first17)


def test_check_digit_follows_iso_7064_mod_11_2():
    assert check_char("11010519491231002") == "X"
    assert is_resident_id(VALID, AS_OF)
    assert is_resident_id(VALID.lower(), AS_OF)


@pytest.mark.parametrize("number", [
    "110105194912310021",              # wrong check digit
    with_check("11010519491331002"),   # month 13
    with_check("11010519490230002"),   # 30 February
    with_check("11010518991231002"),   # born before 1900
    with_check("11010520300101002"),   # born after the audit date
])
def test_invalid_numbers_are_not_ids(number):
    assert not is_resident_id(number, AS_OF)


@pytest.mark.parametrize("text", [
    "身份证号：640422********123X",
    "身份证号：64*************23X",
    f"订单号 9{VALID}",                # part of a longer number
    f"编号{VALID}7",
])
def test_masked_or_embedded_numbers_pass(text):
    assert find_ids(text, AS_OF) == []


def test_mask_keeps_first_two_and_last_three():
    assert mask(VALID) == "11*************02X"


def test_finding_shows_the_number_masked_never_in_full(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", "县民政局")
    col = site.column("/u/", "通知公告", category="notices",
                      items=[{"title": "低保名单公示", "list_date": "2026-11-20"}])
    article = col["items"][0]["url"]
    site.text(article, f"张三，身份证号{VALID}，李四 640422********123X。")
    _, findings = site.audit()
    [f] = by_rule(findings, "privacy.exposed")
    assert f["unit_name"] == "县民政局" and f["column_name"] == "通知公告"
    assert f["evidence"]["numbers_masked"] == ["11*************02X"]
    assert f["evidence"]["count"] == 1 and "低保名单公示" in f["message"]
    assert VALID not in json.dumps(f, ensure_ascii=False)


def test_attachment_text_is_attributed_to_the_linking_article(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", "县民政局")
    col = site.column("/u/", "通知公告", category="notices",
                      items=[{"title": "补贴名单", "list_date": "2026-11-20"}])
    article = col["items"][0]["url"]
    pdf = BASE + "/u/att/list.xlsx"
    site.link(article, pdf, "名单", kind="attachment")
    site.text(pdf, f"王五 {VALID}", kind="xlsx")
    _, findings = site.audit()
    [f] = by_rule(findings, "privacy.exposed")
    assert f["url"] == pdf and f["evidence"]["article_url"] == article
    assert f["unit_name"] == "县民政局"


def test_clean_text_passes(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.text(BASE + "/a.html", "本通知自发布之日起施行。电话 0951-1234567")
    _, findings = site.audit()
    assert by_rule(findings, "privacy.exposed") == []


# -- mobiles and bank cards, in attachments and tables ------------------------------------------

MOBILE = "13909510417"
CARD = "6228481234567890128"


def _roster_site(tmp_path, rows, kind="xlsx", text=""):
    from crawler.documents import Document, Table

    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", "县农业农村局")
    col = site.column("/u/", "涉农惠农资金", category="key-areas",
                      items=[{"title": "补贴发放公示", "list_date": "2026-11-20"}])
    article = col["items"][0]["url"]
    url = BASE + f"/u/att/list.{kind}"
    site.link(article, url, "名单", kind="attachment")
    site.store.record_document(site.crawl_id, Document(
        url=url, kind=kind, text=text or "\n".join("\t".join(r) for r in rows),
        tables=[Table(rows=rows, caption="发放名单")]))
    return site, article, url


def test_roster_attachment_with_unmasked_mobile_and_card_is_reported_masked(tmp_path):
    rows = [["序号", "姓名", "联系电话", "银行卡号"], ["1", "张某某", MOBILE, CARD],
            ["2", "李某某", "137****2260", "6217 **** **** 5531"]]
    site, article, url = _roster_site(tmp_path, rows)
    _, findings = site.audit()
    [f] = by_rule(findings, "privacy.exposed")
    assert f["url"] == url and f["evidence"]["article_url"] == article
    assert f["column_name"] == "涉农惠农资金" and f["unit_name"] == "县农业农村局"
    assert f["evidence"]["counts"] == {"mobile": 1, "card": 1}
    assert f["evidence"]["numbers_masked"] == ["139****0417", "6228***********0128"]
    assert "1个手机号码、1个银行卡号" in f["message"] and "附件" in f["message"]
    dumped = json.dumps(f, ensure_ascii=False)
    assert MOBILE not in dumped and CARD not in dumped


def test_masked_roster_and_office_numbers_pass(tmp_path):
    rows = [["序号", "姓名", "联系电话", "银行卡号"], ["1", "王某某", "139****0417",
                                                  "6228 **** **** 0128"]]
    text = ("救助对象如有异议，请在公示期内拨打咨询电话：13800951234（县民政局社会救助股）。\n"
            + "\n".join("\t".join(r) for r in rows))
    site, _, _ = _roster_site(tmp_path, rows, kind="docx", text=text)
    _, findings = site.audit()
    assert by_rule(findings, "privacy.exposed") == []


def test_article_tables_are_scanned_too(tmp_path):
    from crawler.documents import Document, Table

    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", "县民政局")
    col = site.column("/u/", "社会救助", category="key-areas",
                      items=[{"title": "临时救助公示", "list_date": "2026-11-20"}])
    article = col["items"][0]["url"]
    site.text(article, "临时救助对象公示如下")
    site.store.record_document(site.crawl_id, Document(
        url=article, kind="html", tables=[Table(rows=[["户主", "电话"], ["赵某", MOBILE]])]))
    _, findings = site.audit()
    [f] = by_rule(findings, "privacy.exposed")
    assert f["url"] == article and f["evidence"]["numbers_masked"] == ["139****0417"]
    assert "附件" not in f["message"]
