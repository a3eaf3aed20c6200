"""Attachments on a portal's own host are downloaded and read; the rest are only checked.

A hand-written mini portal (a thread of the test process) links one article to a DOCX, a legacy
DOC, a PDF announced larger than the limit, a file streamed without Content-Length past the
limit, a missing file and an attachment on another host; the crawl runs in a subprocess.
"""

from __future__ import annotations


import pytest

from tests.document_files import cfb_bytes, docx_bytes
from tests.loopback import PortalHandler, serve
from tests.test_crawl_errors import crawl, page

LIMIT = 50_000
ARTICLE = "/xxgk/zcwj/202401/t20240103_2.html"
NOTICE = docx_bytes(["关于2024年补贴发放的通知"], [["乡镇", "户数"], ["城关镇", "12"]])
FILES = {
    "/xxgk/zcwj/202401/notice.docx": NOTICE,
    # The same file attached again under another name (portals re-attach forms and tables).
    "/xxgk/zcwj/202401/notice-again.docx": NOTICE,
    "/xxgk/zcwj/202401/old.doc": cfb_bytes("WordDocument", b"\xec\xa5" + b"\x00" * 64),
    "/xxgk/zcwj/202401/big.pdf": b"%PDF-1.4\n" + b"0" * (LIMIT * 2),
}
STREAMED = "/xxgk/zcwj/202401/stream.xlsx"


def _pages(other_host: str) -> dict[str, str]:
    links = "".join(f'<p><a href="{p}">附件{i}</a></p>' for i, p in
                    enumerate([*FILES, STREAMED, "/xxgk/zcwj/202401/gone.pdf",
                               other_host + "files/x.pdf"], start=1))
    return {
        "/": page("测试县人民政府", '<div class="nav"><a href="/xxgk/">政府信息公开</a></div>'),
        "/xxgk/": page("政府信息公开", '<ul class="tiles"><li><a href="./zcwj/">政策文件</a></li></ul>'),
        "/xxgk/zcwj/": page("列表", '<ul class="list"><li><a href="./202401/t20240103_2.html">'
                                   '文件一</a><span>2024-01-03</span></li></ul>'),
        ARTICLE: page("文件一", '<div class="TRS_Editor"><p>正文</p><table><tr><td>甲</td>'
                              f'<td>乙</td></tr></table>{links}</div>'),
    }


class Handler(PortalHandler):
    pages: dict[str, str] = {}

    def do_GET(self):  # noqa: N802 - stdlib name
        path = self.path.split("?")[0]
        if path in self.pages:
            return self._send(200, "text/html; charset=utf-8", self.pages[path].encode())
        if path in FILES:
            return self._send(200, "application/octet-stream", FILES[path])
        if path == STREAMED:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for _ in range(LIMIT // 4096 * 3):
                    chunk = b"PK" + b"\x00" * 4094
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the crawler hung up at its limit
            return None
        return self._send(404, "text/html; charset=utf-8", b"<html>404</html>")

    def do_HEAD(self):  # noqa: N802
        return self._send(200, "application/pdf", b"")

    def _send(self, status: int, ctype: str, body: bytes):
        self.answer(status, body, ctype=ctype)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    # Two hosts: the portal and another site its pages link to (attachments there are not ours).
    with serve(Handler) as own, serve(Handler) as other_url:
        Handler.pages = _pages(other_url)
        db, crawl_id, _ = crawl(own, tmp_path_factory.mktemp("att") / "c.db",
                                extra_settings={"MAX_ATTACHMENT_BYTES": LIMIT, "RETRY_TIMES": 0})

    def by_path(table):
        return {r["url"].split("/", 3)[3]: r
                for r in db[table].rows_where("crawl_id = ?", [crawl_id])}
    return by_path("pages"), by_path("documents"), by_path("texts")


def test_readable_attachments_are_stored_with_text_and_tables(crawled):
    pages, docs, texts = crawled
    doc = docs["xxgk/zcwj/202401/notice.docx"]
    assert (doc["kind"], doc["status"]) == ("docx", "ok")
    assert '"城关镇"' in doc["tables"]
    assert texts["xxgk/zcwj/202401/notice.docx"]["text"].startswith("关于2024年补贴发放的通知")
    legacy = docs["xxgk/zcwj/202401/old.doc"]
    assert (legacy["kind"], legacy["status"]) == ("doc", "needs-review") and "DOC" in legacy["note"]


def test_files_over_the_limit_are_too_large_but_still_status_checked(crawled):
    pages, docs, _ = crawled
    for path in ("xxgk/zcwj/202401/big.pdf", "xxgk/zcwj/202401/stream.xlsx"):
        assert (docs[path]["status"], pages[path]["status"], pages[path]["error"]) == \
            ("too-large", 200, None), path
        assert "文件过大" in docs[path]["note"]
    assert docs["xxgk/zcwj/202401/big.pdf"]["bytes"] == LIMIT * 2 + 9


def test_missing_and_external_attachments_are_only_checked(crawled):
    pages, docs, _ = crawled
    assert pages["xxgk/zcwj/202401/gone.pdf"]["status"] == 404
    assert "xxgk/zcwj/202401/gone.pdf" not in docs
    external = [p for path, p in pages.items() if path == "files/x.pdf"]
    assert external and external[0]["role"] == "attachment"
    assert "files/x.pdf" not in docs


def test_the_article_gets_a_documents_row_with_its_tables(crawled):
    _, docs, texts = crawled
    doc = docs[ARTICLE.lstrip("/")]
    assert (doc["kind"], doc["status"]) == ("html", "ok") and '["甲", "乙"]' in doc["tables"]
    assert texts[ARTICLE.lstrip("/")]["kind"] == "html"


def test_a_file_attached_twice_is_stored_under_both_names_alike(crawled):
    """Read once per content, but each URL keeps its own documents row and text."""
    pages, docs, texts = crawled
    first, again = docs["xxgk/zcwj/202401/notice.docx"], docs["xxgk/zcwj/202401/notice-again.docx"]
    assert first["sha256"] == again["sha256"]
    same = ("kind", "status", "note", "pages", "bytes", "tables")
    assert {k: again[k] for k in same} == {k: first[k] for k in same}
    assert texts["xxgk/zcwj/202401/notice-again.docx"]["text"] == \
        texts["xxgk/zcwj/202401/notice.docx"]["text"]
    assert pages["xxgk/zcwj/202401/notice-again.docx"]["status"] == 200
