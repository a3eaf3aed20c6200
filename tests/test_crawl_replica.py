"""Integration: crawl the replica portal and compare the store with its manifest.

The replica runs as `python -m replica serve` (its own process, loopback, port 0); the crawl runs
in another subprocess because the Twisted reactor cannot be restarted inside the test process.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import sqlite_utils

from tests.loopback import replica_process

AS_OF = "2026-11-27"
# How long this crawl takes is a benchmark (`python -m bench`, docs/benchmarks.md), not a test:
# the timeout below only stops a hung crawl, generously for a loaded machine.
HANG_S = 900


@pytest.fixture(scope="module")
def replica(tmp_path_factory):
    with replica_process(tmp_path_factory.mktemp("replica"), "--as-of", AS_OF) as (url, path):
        yield url, json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def crawl(replica, tmp_path_factory):
    url, manifest = replica
    db_path = tmp_path_factory.mktemp("crawl") / "crawl.db"
    code = ("import sys; from crawler.run import run_crawl; "
            "print('CRAWL_ID', run_crawl(sys.argv[1], sys.argv[2], polite=False, progress=False, allow_private=True))")
    proc = subprocess.run([sys.executable, "-c", code, url, str(db_path)],
                          capture_output=True, text=True, timeout=HANG_S)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    crawl_id = int(proc.stdout.split("CRAWL_ID")[1].split()[0])
    db = sqlite_utils.Database(db_path)
    return db, crawl_id, manifest


def rows(db, table, crawl_id):
    return list(db[table].rows_where("crawl_id = ?", [crawl_id]))


def test_crawl_completes_with_the_site_name(crawl):
    db, crawl_id, _ = crawl
    row = db["crawls"].get(crawl_id)
    assert row["status"] == "complete", row["error"]
    assert row["site_name"] == "示例县人民政府"


def test_every_unit_is_found_with_its_kind(crawl):
    db, crawl_id, manifest = crawl
    stored = {u["key"]: u for u in rows(db, "units", crawl_id)}
    for unit in manifest["units"]:
        got = stored.get(unit["key"])
        assert got is not None, unit
        assert (got["name"], got["kind"]) == (unit["name"], unit["kind"])
    assert len(stored) == len(manifest["units"])


def test_every_column_has_its_unit_category_role_and_tree(crawl):
    db, crawl_id, manifest = crawl
    stored = {c["key"]: c for c in rows(db, "columns", crawl_id)}
    unit_key = {u["name"]: u["key"] for u in manifest["units"]}
    wrong = []
    for col in manifest["columns"]:
        got = stored.get(col["path"])
        if got is None:
            wrong.append(("missing", col["path"]))
            continue
        assert urlsplit(got["url"]).path == col["path"]
        expected = (unit_key[col["unit"]], col["role"], col["level"], col["parent"])
        actual = (got["unit_key"], got["role"], got["level"], got["parent_key"])
        if expected != actual:
            wrong.append((col["path"], actual, expected))
        if col["role"] == "column" and got["category"] != col["category"]:
            wrong.append((col["path"], got["name"], got["category"], col["category"]))
        if got["placeholder"] != col["placeholder"]:
            wrong.append((col["path"], "placeholder", got["placeholder"], col["placeholder"]))
    assert not wrong, wrong
    assert set(stored) == {c["path"] for c in manifest["columns"]}


def test_every_list_page_is_read(crawl):
    db, crawl_id, manifest = crawl
    stored = {c["key"]: c for c in rows(db, "columns", crawl_id)}
    for col in manifest["columns"]:
        if col["role"] != "column":
            continue
        got = stored[col["path"]]
        assert got["list_status"] == "ok", col["path"]
        assert (got["pages_fetched"], got["pages_failed"]) == (col["pages"], 0), col["path"]
        assert got["item_count"] == len(col["items"]), col["path"]
        if col["pages"] > 1:
            assert got["pages_expected"] == col["pages"], col["path"]


def test_every_item_with_its_dates_and_metadata(crawl):
    db, crawl_id, manifest = crawl
    stored = {}
    for item in rows(db, "items", crawl_id):
        stored[(item["column_key"], urlsplit(item["url"]).path)] = item
    wrong = []
    for col in manifest["columns"]:
        for item in col["items"]:
            got = stored.get((col["path"], item["path"]))
            if got is None:
                wrong.append(("missing", col["path"], item["path"]))
                continue
            if (got["title"], got["list_date"]) != (item["title"], item["list_date"]):
                wrong.append((item["path"], got["title"], got["list_date"], item["list_date"]))
            if got["article_status"] != item["status"]:
                wrong.append((item["path"], "status", got["article_status"], item["status"]))
            if item["status"] != 200:
                continue
            facts = (got["pub_date"].replace("T", " ") if got["pub_date"] else None,
                     got["written_date"], got["index_no"], got["publisher"], got["doc_no"],
                     got["attachments"])
            expected = (item["pub_date"], item["written_date"], item["index_no"],
                        item["publisher"], item["doc_no"], len(item["attachments"]))
            if facts != expected:
                wrong.append((item["path"], facts, expected))
    assert not wrong, wrong[:10]


def test_failures_are_recorded_not_dropped(crawl):
    db, crawl_id, manifest = crawl
    pages = {urlsplit(p["url"]).path if "127.0.0.1:1/" not in p["url"] else p["url"]: p
             for p in rows(db, "pages", crawl_id)}
    for defect in manifest["defects"]:
        if defect["rule"] != "link.broken":
            continue
        target = defect["url_path"]
        got = pages.get(target)
        assert got is not None, target
        assert got["error"], got
        if target.startswith("http://127.0.0.1:1/"):
            assert (got["status"], got["error"], got["role"]) == (None, "refused", "external")
        else:
            assert got["status"] == 404
    linked = {link["to_url"] for link in rows(db, "links", crawl_id)}
    assert any("127.0.0.1:1/" in url for url in linked)


def test_every_fetch_and_article_text_is_stored(crawl):
    db, crawl_id, manifest = crawl
    roles = {p["role"] for p in rows(db, "pages", crawl_id)}
    assert {"home", "platform", "unit", "column", "article", "attachment", "external"} <= roles
    texts = rows(db, "texts", crawl_id)
    assert texts and all(t["text"] for t in texts)
    attachments = {urlsplit(a["path"]).path: a["kind"] for col in manifest["columns"]
                   for item in col["items"] for a in item["attachments"]}
    for t in texts:
        assert t["kind"] == attachments.get(urlsplit(t["url"]).path, "html"), t["url"]
    kinds = {link["kind"] for link in rows(db, "links", crawl_id)}
    assert {"nav", "item", "attachment", "external"} <= kinds


def test_every_letter_is_read_from_its_list_row_and_its_page(crawl):
    db, crawl_id, manifest = crawl
    stored = {urlsplit(m["url"]).path: m for m in rows(db, "messages", crawl_id)}
    letters = [(col, i) for col in manifest["columns"] for i in col["items"] if i.get("message")]
    assert letters and len(stored) == len(letters)
    for col, item in letters:
        got, msg = stored[item["path"]], item["message"]
        assert got["column_key"] == col["path"]
        assert (got["list_asked"], got["list_status"]) == (msg["asked"][:10], msg["status"])
        assert got["detail_asked"] == msg["asked"].replace(" ", "T")
        assert (got["detail_status"], got["detail_replied"]) == (msg["status"], msg["replied"])
        assert got["list_replied"] in (msg["replied"], None)  # some lists leave it blank
        assert bool(got["reply_unit"]) == bool(got["has_reply_text"]) == bool(msg["replied"])
    assert any(g["list_replied"] is None and g["detail_replied"] for g in stored.values())


def test_every_document_interpretation_link_is_read(crawl):
    import re

    db, crawl_id, manifest = crawl
    stored = {(urlsplit(r["from_url"]).path, urlsplit(r["to_url"]).path, r["relation"])
              for r in rows(db, "doc_relations", crawl_id)}
    base = db["crawls"].get(crawl_id)["site_url"].rstrip("/")
    import urllib.request

    expected = set()
    for col in manifest["columns"]:
        if col["category"] not in ("policy", "interpretation"):
            continue
        for item in col["items"]:
            html = urllib.request.urlopen(base + item["path"], timeout=10).read().decode()
            for label, relation in (("相关解读", "interpretation"), ("相关文件", "document")):
                for href in re.findall(label + r'：<a href="([^"]+)"', html):
                    expected.add((item["path"], href, relation))
    assert expected and stored == expected


def test_every_html_page_is_saved_once_with_its_hash(crawl):
    """留痕: each fetched HTML page points at its body, stored gzip-compressed by SHA-256."""
    db, crawl_id, _ = crawl
    pages = rows(db, "pages", crawl_id)
    html = [p for p in pages if p["role"] in ("home", "platform", "unit", "column", "article")
            and p["status"] == 200]
    assert html and all(p["sha256"] for p in html)
    # Files are not evidence bodies; an HTML error page served for an attachment link is.
    assert not any(p["sha256"] for p in pages if p["role"] == "external" or
                   p["role"] == "attachment" and "html" not in (p["content_type"] or ""))
    bodies = {r["sha256"]: r for r in db["bodies"].rows}
    for page in html[::25]:
        body = gzip.decompress(bodies[page["sha256"]]["gzip"])
        assert hashlib.sha256(body).hexdigest() == page["sha256"] == bodies[page["sha256"]]["sha256"]
        assert len(body) == page["bytes"]
    # Stored compressed: the bodies take clearly less room than the pages.
    assert sum(len(b["gzip"]) for b in bodies.values()) < 0.6 * sum(b["bytes"] for b in bodies.values())


def test_attachments_are_read_into_the_documents_the_replica_generated(crawl):
    """Every served attachment is downloaded and read: its stored text and tables are exactly
    what reading the replica's generated file gives; dead ones have no document."""
    from crawler.documents import Document, read_document
    from replica.generator import build_site
    import datetime as dt

    db, crawl_id, manifest = crawl
    site = build_site(as_of=dt.date.fromisoformat(AS_OF))
    docs = {urlsplit(d["url"]).path: d for d in rows(db, "documents", crawl_id)}
    texts = {urlsplit(t["url"]).path: t["text"] for t in rows(db, "texts", crawl_id)}
    seen = 0
    for col in manifest["columns"]:
        for item in col["items"]:
            for a in item["attachments"]:
                got = docs.get(a["path"])
                if a["status"] != 200:
                    assert got is None, a["path"]
                    continue
                seen += 1
                _, ctype, body = site.pages[a["path"]]
                want = read_document(body, url="http://x" + a["path"], content_type=ctype)
                stored = Document.from_row(got, texts.get(a["path"], ""))
                status = "needs-review" if a["kind"] == "doc" else "ok"  # legacy Word: unread
                assert want.status == status, (a["path"], want.note)
                assert (stored.kind, stored.status, stored.sha256, stored.bytes) == \
                    (a["kind"], status, want.sha256, len(body)), a["path"]
                assert (stored.text, stored.tables) == (want.text, want.tables), a["path"]
                if a["kind"] == "xlsx" and len(stored.tables) > 1:
                    # A department's budget workbook (replica/budget.py): one sheet per table,
                    # the sheet named after it and its title row taken as the caption.
                    assert [t.caption.split(" ", 1)[1] for t in stored.tables] == \
                        [t.sheet for t in stored.tables]
                    assert "预算" in item["title"] or "决算" in item["title"]
                elif a["kind"] == "xlsx":
                    (table,) = stored.tables
                    assert table.caption == item["title"] and table.rows[0][0] == "序号"
    assert seen >= 5


def test_article_pages_get_a_documents_row_without_repeating_their_text(crawl):
    db, crawl_id, manifest = crawl
    docs = {urlsplit(d["url"]).path: d for d in rows(db, "documents", crawl_id)}
    for col in manifest["columns"]:
        for item in col["items"]:
            if item["status"] == 200 and not item["path"].endswith((".pdf", ".xlsx")):
                got = docs.get(item["path"])
                assert got is not None and (got["kind"], got["status"]) == ("html", "ok")
    texts = rows(db, "texts", crawl_id)
    assert len(texts) == len({t["url"] for t in texts})
