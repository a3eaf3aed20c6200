"""Evidence (留痕): saved page bodies in the store, and the report's safe copies of them."""

from __future__ import annotations

import gzip
import hashlib
import json

import pytest
from bs4 import BeautifulSoup
from scrapy.http import HtmlResponse, Request, Response

from crawler.evidence import snapshot
from reports.evidence import CSP
from reports.render import write_report
from tests.store_builder import BASE, SiteBuilder, by_rule, days_ago

HOSTILE = ("<html><head><title>栏目<script>document.title='PWNED'</script></title></head>"
           "<body><script>document.body.innerHTML='PWNED'</script>"
           "<img src=x onerror=\"document.title='PWNED'\"><p>暂无信息</p></body></html>")


def html_response(body: bytes, url="http://127.0.0.1:8000/a/", headers_only=False,
                  ctype=b"text/html; charset=utf-8"):
    request = Request(url, meta={"headers_only": headers_only})
    return HtmlResponse(url, body=body, headers={"Content-Type": ctype}, request=request)


def test_snapshot_hashes_the_bytes_as_received_and_compresses_them():
    body = HOSTILE.encode("gbk")
    snap = snapshot(html_response(body, ctype=b"text/html; charset=gbk"))
    assert snap.sha256 == hashlib.sha256(body).hexdigest()
    assert gzip.decompress(snap.gzip) == body
    assert snap.size == len(body) and snap.encoding in ("gbk", "gb18030")


def test_snapshot_skips_attachments_and_header_checks():
    assert snapshot(html_response(b"<html></html>", headers_only=True)) is None
    pdf = Response("http://127.0.0.1:8000/a.pdf", body=b"%PDF-1.4 ...",
                   headers={"Content-Type": b"application/pdf"},
                   request=Request("http://127.0.0.1:8000/a.pdf"))
    assert snapshot(pdf) is None
    assert snapshot(html_response(b"")) is None


def test_a_body_is_stored_once_however_often_it_is_seen(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    snap = snapshot(html_response(b"<html><body>same</body></html>"))
    for _ in range(3):
        site.store.record_body(snap.sha256, snap.gzip, snap.size, snap.encoding, snap.content_type)
    assert site.store.db.execute("select count(*) from bodies").fetchone()[0] == 1
    assert gzip.decompress(site.store.body(snap.sha256)["gzip"]) == b"<html><body>same</body></html>"


def save_page(site: SiteBuilder, url: str, html: str, title: str | None = None) -> str:
    snap = snapshot(html_response(html.encode("utf-8"), url=url))
    site.store.record_body(snap.sha256, snap.gzip, snap.size, snap.encoding, snap.content_type)
    site.store.record_page(site.crawl_id, {"url": url, "status": 200, "role": "column",
                                           "title": title, "sha256": snap.sha256})
    return snap.sha256


@pytest.fixture
def report(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    site.compliant_unit("/xxgk/", "示例县人民政府", "county")
    site.compliant_unit("/xxgk/czj/", "县财政局", "department", skip=("guide",))
    # A column that is there but named so that nothing classifies it.
    site.column("/xxgk/czj/", "办事须知", key="/xxgk/czj/bsxz/", category=None,
                items=[{"title": "须知", "list_date": days_ago(1)}])
    site.store.db["columns"].update(
        site.store._id_of("columns", site.crawl_id, "key", "/xxgk/czj/bsxz/"),
        {"classify_trace": json.dumps({"name": "办事须知", "meta_name": None,
                                       "breadcrumb_last": None, "url_dir": "bsxz",
                                       "category": None, "source": None, "container": None})})
    column = site.column("/xxgk/czj/", "财政预决算", key="/xxgk/czj/czyjs/", category="budget",
                         placeholder="暂无信息")
    sha = save_page(site, column["url"], HOSTILE, title="栏目<script>document.title='PWNED'</script>")
    unit_sha = save_page(site, BASE + "/xxgk/czj/", "<html><body>单位页面</body></html>",
                         title="县财政局")
    audit_id, findings = site.audit()
    assert by_rule(findings, "column.empty") and by_rule(findings, "column.missing")
    write_report(site.store, audit_id, tmp_path / "out")
    return tmp_path / "out", sha, unit_sha, by_rule(findings, "column.missing")[0]


def unit_page(out, name="县财政局"):
    for page in (out / "units").iterdir():
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if doc.h1 and doc.h1.get_text() == name:
            return doc
    raise AssertionError(name)


def test_the_report_saves_the_page_a_finding_rests_on(report):
    out, sha, unit_sha, _ = report
    saved = out / "evidence" / f"{sha}.html.gz"
    assert hashlib.sha256(gzip.decompress(saved.read_bytes())).hexdigest() == sha
    doc = unit_page(out)
    empty = next(s for s in doc.select("section.rule") if s.get("id") == "column.empty")
    table = empty.select_one("table.snapshots")
    assert sha in table.get_text() and "抓取时间" in table.get_text()
    hrefs = {a["href"] for a in table.select("a")}
    assert f"../evidence/{sha}.html" in hrefs and f"../evidence/{sha}.html.gz" in hrefs


def test_the_saved_copy_opens_as_escaped_text_that_cannot_run(report):
    out, sha, _, _ = report
    view = (out / "evidence" / f"{sha}.html").read_text(encoding="utf-8")
    doc = BeautifulSoup(view, "html.parser")
    assert doc.find_all("script") == [] and doc.find_all("img") == []
    csp = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp["content"] == CSP and "default-src 'none'" in CSP
    # The source is there, as text.
    assert "document.body.innerHTML='PWNED'" in doc.pre.get_text()
    # No link from the report points at raw HTML: every evidence .html is a safe view.
    for page in [out / "index.html", *(out / "units").iterdir()]:
        for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("a[href]"):
            if "evidence/" in a["href"] and a["href"].endswith(".html"):
                target = (page.parent / a["href"]).resolve()
                assert 'http-equiv="Content-Security-Policy"' in target.read_text(encoding="utf-8")


def test_column_missing_says_where_it_looked_and_why_each_column_was_rejected(report):
    out, _, unit_sha, finding = report
    evidence = finding["evidence"]
    # the unit page and the 法定主动公开内容 container of the compliant unit
    assert evidence["searched_pages"] == [BASE + "/xxgk/czj/", BASE + "/xxgk/czj/fdzdgknr/"]
    by_name = {c["name"]: c for c in evidence["candidates"]}
    assert by_name["办事须知"]["category"] is None
    assert "办事须知" in by_name["办事须知"]["reason"] and "bsxz" in by_name["办事须知"]["reason"]
    assert "未对应任何栏目类别" in by_name["办事须知"]["reason"]
    assert "归类为“财政预决算”" in by_name["财政预决算"]["reason"]
    doc = unit_page(out)
    missing = next(s for s in doc.select("section.rule") if s.get("id") == "column.missing")
    trace = missing.select_one("details.trace")
    rows = [[td.get_text(strip=True) for td in tr.select("td")]
            for tr in trace.select("table.candidates tr")[1:]]
    assert ["办事须知", "未归类", by_name["办事须知"]["reason"]] in rows
    assert unit_sha in missing.select_one("table.snapshots").get_text()
