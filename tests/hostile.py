"""A hostile portal for tests: a loopback proxy in front of any served site (the replica, a
generated portal, a hand-made mini portal) that answers chosen paths the way real portals and
their CDNs misbehave. Each case is a switch: `Hostile(upstream, {"/xxgk/": "waf200"})`.

Cases (the answers seen in the field, see docs/reliability.md):
    waf200          200 "安全验证" JS-challenge page with an acw_tc cookie (Aliyun-style)
    js200           200 "请开启JavaScript并刷新该页" shell
    blank200        200 with an empty body
    nolinks200      200 with text and no link at all
    soft404         200 "您访问的页面不存在"
    retry-after     503 with Retry-After: 3600
    redirect-loop   302 to itself via a query (A → A?r=1 → A)
    redirect-home   302 to the site's root (a page crawled already)
    redirect-real   302 to the path given in `targets[path]` (a column that moved)
    timeout         no answer until the client gives up
    reset           connection closed without an answer
    oversized       a 300 kB page (the tests cap pages at 256 kB)
    robots          Disallow in /robots.txt (the path is served normally otherwise)
Everything else is passed through unchanged (status, type and body; absolute links to the
upstream are rewritten to the proxy).
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from typing import Iterator
from urllib.parse import urlsplit

from tests.loopback import PortalHandler

WAF = ("<html><head><meta charset='utf-8'><title>安全验证</title></head><body>"
       "<p>请完成安全验证后继续访问</p><script>var arg1='6F1C2A';"
       "document.cookie='acw_sc__v2='+arg1;location.reload();</script></body></html>")
JS = ("<html><head><meta charset='utf-8'><title>提示</title></head><body>"
      "<noscript>请开启JavaScript并刷新该页</noscript></body></html>")
NOLINKS = ("<html><head><meta charset='utf-8'><title>信息公开</title></head><body><p>"
           + "本页面内容正在加载，请稍后访问。" * 3 + "</p></body></html>")
SOFT404 = ("<html><head><meta charset='utf-8'><title>您访问的页面不存在</title></head><body>"
           "<p>抱歉，您访问的页面不存在或已被删除。</p><a href='/'>返回首页</a></body></html>")
PAGE_CAP = 256 * 1024  # GOVAUDIT_PAGE_MAXSIZE the hostile tests crawl with


class Hostile:
    """Switches and the upstream they wrap; `hits` counts requests per path."""

    def __init__(self, upstream: str, switches: dict[str, str],
                 targets: dict[str, str] | None = None):
        self.upstream = upstream.rstrip("/")
        self.switches = dict(switches)
        self.targets = dict(targets or {})
        self.hits: dict[str, int] = {}
        self.url = ""

    def handler(self) -> type:
        hostile = self

        class Handler(PortalHandler):
            def do_GET(self):  # noqa: N802 - stdlib name
                parts = urlsplit(self.path)
                path = parts.path or "/"
                hostile.hits[path] = hostile.hits.get(path, 0) + 1
                if path == "/robots.txt":
                    rules = "".join(f"Disallow: {p}\n" for p, case in hostile.switches.items()
                                    if case == "robots")
                    return self.answer(200, "User-agent: *\n" + rules, ctype="text/plain")
                case = hostile.switches.get(path)
                if case and case != "robots":
                    return hostile.serve_case(self, case, path, parts.query)
                return hostile.forward(self)

        return Handler

    def serve_case(self, handler, case: str, path: str, query: str) -> None:
        if case == "waf200":
            return handler.answer(200, WAF, headers={"Set-Cookie": "acw_tc=0a1b2c; path=/"})
        if case == "js200":
            return handler.answer(200, JS)
        if case == "blank200":
            return handler.answer(200, b"")
        if case == "nolinks200":
            return handler.answer(200, NOLINKS)
        if case == "soft404":
            return handler.answer(200, SOFT404)
        if case == "retry-after":
            return handler.answer(503, "服务繁忙", headers={"Retry-After": "3600"})
        if case == "redirect-loop":
            target = path if query else path + "?r=1"
            return handler.answer(302, b"", headers={"Location": target})
        if case == "redirect-home":
            return handler.answer(302, b"", headers={"Location": "/"})
        if case == "redirect-real":
            return handler.answer(302, b"", headers={"Location": self.targets[path]})
        if case == "timeout":
            time.sleep(6)
            handler.close_connection = True
            return None
        if case == "reset":
            handler.close_connection = True
            try:
                handler.connection.shutdown(2)
            except OSError:
                pass
            return None
        if case == "oversized":
            filler = "<p>" + "政务公开内容" * 40 + "</p>\n"
            body = "<html><body><a href='/'>首页</a>" + filler * (PAGE_CAP // len(filler.encode())
                                                                   + 50) + "</body></html>"
            return handler.answer(200, body)
        raise ValueError(f"unknown hostile case {case}")

    def forward(self, handler) -> None:
        try:
            with urllib.request.urlopen(self.upstream + handler.path, timeout=30) as resp:
                status, ctype, body = resp.status, resp.headers.get("Content-Type"), resp.read()
        except urllib.error.HTTPError as err:
            status, ctype, body = err.code, err.headers.get("Content-Type"), err.read()
        body = body.replace(self.upstream.encode() + b"/", self.url.encode())
        try:
            handler.answer(status, body, ctype=ctype or "application/octet-stream")
        except OSError:
            handler.close_connection = True  # the crawler hung up (a headers-only check)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients hanging up mid-answer is what a crawler does; nothing to report


@contextmanager
def hostile_portal(upstream: str, switches: dict[str, str],
                   targets: dict[str, str] | None = None) -> Iterator[Hostile]:
    """Serve the hostile proxy on a free loopback port; yield it (its `url` set)."""
    hostile = Hostile(upstream, switches, targets)
    httpd = _QuietServer(("127.0.0.1", 0), hostile.handler())
    httpd.daemon_threads = True
    hostile.url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield hostile
    finally:
        httpd.shutdown()
        httpd.server_close()
