"""Crawler traps: a list whose pager never ends is cut at GOVAUDIT_MAX_LIST_PAGES and reported
as partial (never as complete, so no rule judges it on what was read)."""

from __future__ import annotations


import pytest

from tests.loopback import PortalHandler, serve
from tests.test_crawl_errors import crawl, listing, page


class Handler(PortalHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - stdlib name
        path = self.path.split("?")[0]
        Handler.hits.append(path)
        status = 200
        if path == "/":
            body = page("陷阱县人民政府", '<div class="nav"><a href="/xxgk/">政府信息公开</a></div>')
        elif path == "/xxgk/":
            body = page("政府信息公开", '<ul><li><a href="./tzgg/">通知公告</a></li></ul>')
        elif path.startswith("/xxgk/tzgg/202611/"):
            body = page("通知", '<div class="TRS_Editor">通知</div>')
        elif path.startswith("/xxgk/tzgg/"):
            name = path.rsplit("/", 1)[1] or "index.html"
            n = 0 if name == "index.html" else int(name[len("index_"):-len(".html")])
            rows = (f'<li><a href="./202611/t20261101_{n}.html">通知{n}</a>'
                    "<span>2026-11-01</span></li>")
            # Every page links the next one: an endless, calendar-like pager.
            body = listing(rows).replace(
                "</body>", f'<p><a href="index_{n + 1}.html">下一页</a></p></body>')
        else:
            status, body = 404, page("404", "页面不存在")
        self.answer(status, body)


@pytest.fixture(scope="module")
def portal():
    with serve(Handler) as url:
        yield url


def test_endless_pager_is_cut_and_reported_partial(portal, tmp_path):
    db, crawl_id, _ = crawl(portal, tmp_path / "t.db", progress=False,
                            extra_settings={"GOVAUDIT_MAX_LIST_PAGES": 6})
    col = next(db["columns"].rows_where("crawl_id = ? and key = ?", [crawl_id, "/xxgk/tzgg/"]))
    assert (col["pages_fetched"], col["list_status"]) == (6, "partial")
    assert db["crawls"].get(crawl_id)["status"] == "complete"
    assert len([h for h in Handler.hits if h.startswith("/xxgk/tzgg/index")]) <= 6
