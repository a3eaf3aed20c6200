"""The documents/analyses tables: a read document round-trips through the store into Facts."""

from checks.facts import Facts
from crawler.documents import NEEDS_REVIEW, Document, Table
from ground.store import Store


def test_document_round_trip(tmp_path):
    store = Store(tmp_path / "a.db")
    crawl = store.start_crawl("http://x.test/")
    doc = Document(url="http://x.test/a.pdf", kind="pdf", text="一、概述",
                   tables=[Table(rows=[["项目", "数量"], ["行政许可", "42"]], caption="表二", page=3)],
                   pages=4, bytes=1234, sha256="ab" * 32)
    store.record_document(crawl, doc)
    store.record_document(crawl, Document(url="http://x.test/b.doc", kind="doc",
                                          status=NEEDS_REVIEW, note="DOC 格式无法读取"))
    facts = Facts.load(store, crawl)
    again = Document.from_row(facts.document(doc.url), facts.text_of(doc.url))
    assert again == doc
    unread = facts.document("http://x.test/b.doc")
    assert unread["status"] == NEEDS_REVIEW and facts.text_of("http://x.test/b.doc") == ""


def test_analyses_are_kept_per_audit(tmp_path):
    store = Store(tmp_path / "a.db")
    crawl = store.start_crawl("http://x.test/")
    audit = store.start_audit(crawl, "2026-11-27")
    store.record_analyses(audit, [{"url": "http://x.test/r.html", "unit_key": "/u/",
                                   "kind": "annual-report", "year": 2025,
                                   "summary": {"template": "2021"}}])
    assert store.analyses(audit)[0]["summary"] == {"template": "2021"}
    assert store.analyses(audit + 1) == []


def test_runner_stores_registered_analyses(tmp_path):
    from checks import analyses
    from checks.runner import run_checks

    store = Store(tmp_path / "a.db")
    crawl = store.start_crawl("http://x.test/")
    store.finish_crawl(crawl)
    calls = []

    def count_pages(facts, as_of):
        calls.append(as_of)
        yield {"url": "http://x.test/", "unit_key": None, "kind": "test-kind", "year": as_of.year,
               "summary": {"pages": len(facts.pages)}}

    analyses._ANALYSERS["test-kind"] = count_pages
    try:
        audit = run_checks(store, crawl, "2026-11-27")
    finally:
        del analyses._ANALYSERS["test-kind"]
    rows = [a for a in store.analyses(audit) if a["kind"] == "test-kind"]
    assert [(r["year"], r["summary"]) for r in rows] == [(2026, {"pages": 0})]
    assert len(calls) == 1
