"""Fetch records: error names for failures, blocked answers, charset survival."""

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from twisted.internet import error as net
from twisted.python.failure import Failure

from crawler import fetch


def failure(exc):
    f = Failure(exc)
    f.request = Request("http://h/a/")
    return f


def test_failure_reasons():
    assert fetch.failure_reason(failure(net.TimeoutError())) == "timeout"
    assert fetch.failure_reason(failure(net.ConnectionRefusedError())) == "refused"
    assert fetch.failure_reason(failure(net.DNSLookupError())) == "dns"
    assert fetch.failure_reason(failure(IgnoreRequest("Forbidden by robots.txt"))) == "robots"
    row = fetch.failure_row(failure(net.ConnectionRefusedError()), "external")
    assert (row["url"], row["status"], row["error"], row["role"]) == ("http://h/a/", None,
                                                                     "refused", "external")


def test_blocked_and_http_errors():
    blocked = HtmlResponse("http://h/a/", status=412, body=b"<script>x</script>")
    assert fetch.page_row(blocked, "column")["error"] == "blocked:412"
    challenge = HtmlResponse("http://h/WZWSREL?wzwschallenge=1", status=200, body=b"<html></html>")
    assert fetch.blocked_reason(challenge) == "blocked:wzws"
    missing = HtmlResponse("http://h/a/", status=404, body=b"<html>404</html>")
    assert fetch.page_row(missing, "article")["error"] == "http:404"
    ok = HtmlResponse("http://h/a/", status=200,
                      body='<html><title>通知公告</title><ul><li><a href="/a/1.html">通知一</a>'
                           '</li></ul><p>本栏目发布本县各类通知公告信息。</p></html>'.encode())
    assert (fetch.page_row(ok, "column")["error"], fetch.page_row(ok, "column")["answer"]) == \
        (None, "page")
    # A blank 200 where a column list was expected is no page (see tests/test_answers.py).
    blank = HtmlResponse("http://h/a/", status=200, body=b"<html>ok</html>")
    assert fetch.page_row(blank, "column")["answer"] == "blocked"


def test_wrong_charset_declaration_is_survived():
    body = '<html><head><meta charset="utf-8"></head><body>示例县</body></html>'.encode("gbk")
    response = HtmlResponse("http://h/a/", body=body)
    assert "示例县" in fetch.text_of(response)
