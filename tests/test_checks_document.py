"""document.unreadable: attachments that could not be read are listed per unit as 未能核验."""

from __future__ import annotations

from crawler.documents import ERROR, NEEDS_REVIEW, OK, TOO_LARGE, Document
from tests.store_builder import BASE, SiteBuilder, by_rule


def _site(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", "县应急管理局")
    col = site.column("/u/", "应急预案", category="emergency",
                      items=[{"title": "县森林火灾应急预案", "list_date": "2026-11-20"}])
    return site, col["items"][0]["url"]


def _attach(site, article: str, name: str, **doc) -> str:
    url = BASE + "/u/att/" + name
    site.link(article, url, name, kind="attachment")
    site.page(url, role="attachment")
    site.store.record_document(site.crawl_id, Document(url=url, **doc))
    return url


def test_unreadable_attachments_are_listed_per_unit_as_unverified(tmp_path):
    site, article = _site(tmp_path)
    doc = _attach(site, article, "a.doc", kind="doc", status=NEEDS_REVIEW,
                  note="DOC 旧版 Word 格式（或 RTF）无法自动读取，需人工核查")
    big = _attach(site, article, "b.pdf", kind="pdf", status=TOO_LARGE, note="文件过大")
    bad = _attach(site, article, "c.xlsx", kind="xlsx", status=ERROR, note="已损坏")
    _attach(site, article, "d.pdf", kind="pdf", status=OK, text="正文")
    site.store.record_document(site.crawl_id, Document(url=article, kind="html"))
    _, findings = site.audit()
    [f] = by_rule(findings, "document.unreadable")
    assert (f["status"], f["severity"], f["unit_name"]) == ("unverified", "info", "县应急管理局")
    assert f["evidence"]["count"] == 3
    assert [d["url"] for d in f["evidence"]["documents"]] == [doc, big, bad]
    assert f["evidence"]["documents"][0]["article_title"] == "县森林火灾应急预案"
    assert f["evidence"]["by_status"] == {NEEDS_REVIEW: 1, TOO_LARGE: 1, ERROR: 1}
    assert "3个附件未能自动读取" in f["message"] and "需人工核查" in f["message"]


def test_readable_documents_give_no_finding(tmp_path):
    site, article = _site(tmp_path)
    _attach(site, article, "d.pdf", kind="pdf", status=OK, text="正文")
    _, findings = site.audit()
    assert by_rule(findings, "document.unreadable") == []
