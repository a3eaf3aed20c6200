"""What a fetched answer is (crawler/answers.py): the one decision every later stage reads.

Each case is an answer a real portal or its CDN gives (the markers are in
ground/data/answers.yaml); the test asserts the kind a user's report depends on: only `page`
may show a gap, only `http`/`soft404` may be a broken link.
"""

from __future__ import annotations

import pytest

from checks.facts import fetch_failure, is_broken
from crawler import answers

NAV = ('<div class="nav"><a href="/">首页</a><a href="/xxgk/">政府信息公开</a>'
       '<a href="/hdjl/">互动交流</a></div>')


def html(title: str, body: str) -> bytes:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>".encode()


REAL = html("测试县人民政府", NAV + "<p>" + "测试县人民政府门户网站欢迎您。" * 5 + "</p>")

CASES = [
    # (status, body, role, kwargs, kind, reason)
    (200, REAL, "home", {}, "page", None),
    # Aliyun-style JS challenge answered with 200 on the homepage
    (200, html("安全验证", "<script>var arg1='3F0A';document.cookie='acw_sc__v2='+x</script>"),
     "home", {}, "blocked", "blocked:challenge"),
    # 请开启JavaScript shell (WZWS family) with 200
    (200, html("提示", "<p>请开启JavaScript并刷新该页</p>"), "platform", {}, "blocked",
     "blocked:challenge"),
    # the challenge cookie alone gives it away
    (200, REAL, "column", {"set_cookie": "__jsl_clearance=1; path=/"}, "blocked",
     "blocked:challenge"),
    (412, html("", "<script>$_ts=window['$_ts'];</script>"), "column", {}, "blocked",
     "blocked:412"),
    (521, b"<script>document.cookie=1</script>", "home", {}, "blocked", "blocked:521"),
    (493, b"blocked", "article", {}, "blocked", "blocked:493"),
    (403, html("403", "Forbidden"), "external", {}, "blocked", "blocked:403"),
    # blank and link-less 200 where navigation was expected
    (200, b"", "home", {}, "blocked", "blocked:blank"),
    (200, b"<html><body>  </body></html>", "column", {}, "blocked", "blocked:blank"),
    (200, html("栏目", "<p>" + "这里只有文字没有任何链接。" * 5 + "</p>"), "unit", {}, "blocked",
     "blocked:no-links"),
    # ... but an article or a checked link needs no navigation
    (200, html("文章", "<p>正文</p>"), "article", {}, "page", None),
    (200, b"", "external", {"headers_only": True}, "page", None),
    # a JSON list API (gkmlpt) carries no HTML links and is a page
    (200, b'{"articles": [{"url": "/a/1.html"}]}', "column", {"content_type": "application/json"},
     "page", None),
    # soft 404
    (200, html("您访问的页面不存在", NAV + "<p>" + "返回首页" * 80 + "</p>"), "article", {},
     "soft404", "soft404"),
    (200, html("提示", "<p>404 找不到该页面</p>"), "article", {}, "soft404", "soft404"),
    # a short article whose 索引号 happens to hold the digits 404 is a page
    (200, html("信息公开指南", NAV + "<p>索引号：640422000/2026-30002</p><p>正文。</p>"), "article",
     {}, "page", None),
    # an article that merely talks about verification is a page
    (200, html("关于开展网络安全检查的通知", NAV + "<p>" + "各单位应完成安全验证工作。" * 30 + "</p>"),
     "article", {}, "page", None),
    # come back later
    (503, b"busy", "article", {"retry_after": True}, "transient", "unavailable:503"),
    (503, b"busy", "article", {}, "http", "http:503"),
    (404, html("404", "Not Found"), "article", {}, "http", "http:404"),
]


@pytest.mark.parametrize("status,body,role,kwargs,kind,reason", CASES)
def test_answer_kinds(status, body, role, kwargs, kind, reason):
    answer = answers.of_response(status, body, role, **kwargs)
    assert (answer.kind, answer.reason) == (kind, reason)
    assert (answer.hint is None) == (kind == "page")


@pytest.mark.parametrize("reason,kind", [
    ("robots", "refused"), ("private", "refused"), ("too-large", "refused"),
    ("timeout", "transient"), ("reset", "transient"), ("dns", "transient"),
    ("redirect-loop", "transient"), ("blocked:429", "blocked")])
def test_failures_are_never_the_portals_answer(reason, kind):
    answer = answers.of_failure(reason)
    assert answer.kind == kind and answer.hint
    page = {"url": "http://h/x", "status": None, "error": reason, "answer": answer.kind}
    assert fetch_failure(page) == reason
    assert not is_broken(page)


def test_only_http_errors_and_soft_404_are_broken():
    assert is_broken({"status": 404, "error": "http:404", "answer": "http"})
    assert is_broken({"status": 200, "error": "soft404", "answer": "soft404"})
    assert not is_broken({"status": 200, "error": "blocked:challenge", "answer": "blocked"})
    assert not is_broken({"status": 503, "error": "unavailable:503", "answer": "transient"})
    assert fetch_failure({"status": 200, "error": "blocked:challenge", "answer": "blocked"}) \
        == "blocked:challenge"
    assert fetch_failure({"status": 200, "error": None, "answer": "page"}) is None
    # Rows stored before pages.answer: network faults were never the portal's answer.
    assert not is_broken({"status": None, "error": "timeout"})
    assert is_broken({"status": 404, "error": "http:404"})


def test_every_reason_has_a_chinese_hint():
    for reason in ("blocked:412", "blocked:blank", "soft404", "robots", "private", "too-large",
                   "timeout", "reset", "unavailable:503", "redirect-loop", "something-else"):
        hint = answers.hint_for(reason)
        assert hint and any("\u4e00" <= ch <= "\u9fff" for ch in hint), reason
