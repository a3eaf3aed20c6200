"""URLs in one canonical form, and freshness judged only on dates that were read.

A mini portal whose list entries are written with Chinese characters and spaces (as many CMSs
publish attachments and articles) and whose lists show no dates, so every date comes from the
article page. Before the fix, list entries were stored as written while fetched pages were
stored percent-encoded: no article date ever joined its entry ("均未标注发布日期") and a 404
under a Chinese name was never reported. An undated list whose newest article failed must not
be judged on the older dates that were read.
"""

from __future__ import annotations

import sqlite3

import pytest

from checks.runner import run_checks
from ground.store import Store
from tests.conftest import AS_OF
from tests.loopback import PortalHandler, serve
from tests.test_crawl_errors import page
from tests.test_hostile import crawl

NAV = '<div class="nav"><a href="/">首页</a><a href="/xxgk/">政府信息公开</a></div>'


def article(title: str, day: str) -> str:
    return page(title, NAV + f"""<table><tr><td>发布日期：</td><td>{day}</td></tr></table>
<div class="TRS_Editor"><p>{title}正文内容。</p></div>""")


def undated(rows: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in rows)
    return page("列表", NAV + f'<ul class="list">{items}</ul>'
                '<div class="page"><script>var countPage = 1//共多少页</script></div>')


PAGES = {
    "/": page("测试县人民政府", NAV),
    "/xxgk/": page("政府信息公开", NAV + """<ul class="tiles">
<li><a href="./tzgg/">通知公告</a></li><li><a href="./zcwj/">政策文件</a></li></ul>"""),
    "/xxgk/tzgg/": undated([("./通知 公告/t20261121_1.html", "关于开展检查的通知"),
                            ("./公告/t20261008_2.html", "公告二"),
                            ("./缺失 文件/t20261001_3.html", "缺失文件")]),
    "/xxgk/tzgg/通知 公告/t20261121_1.html": article("关于开展检查的通知", "2026-11-21"),
    "/xxgk/tzgg/公告/t20261008_2.html": article("公告二", "2026-10-08"),
    "/xxgk/zcwj/": undated([("./202611/t20261125_9.html", "最新文件"),
                            ("./202512/t20251222_8.html", "旧文件")]),
    "/xxgk/zcwj/202512/t20251222_8.html": article("旧文件", "2025-12-22"),
}


class Handler(PortalHandler):
    def do_GET(self):  # noqa: N802 - stdlib name
        from urllib.parse import unquote
        path = unquote(self.path.split("?")[0])
        if path == "/xxgk/zcwj/202611/t20261125_9.html":  # the newest article never answers
            self.close_connection = True
            self.connection.shutdown(2)
            return None
        if path not in PAGES:
            return self.answer(404, page("404", "Not Found"))
        return self.answer(200, PAGES[path])


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    db = tmp_path_factory.mktemp("urls") / "a.db"
    with serve(Handler) as url:
        crawl_id = crawl(url, db)
    store = Store(str(db))
    try:
        findings = store.findings(run_checks(store, crawl_id, AS_OF))
    finally:
        store.close()
    return url, sqlite3.connect(db), findings


def test_list_entries_links_and_pages_share_one_url_form(audited):
    url, db, _ = audited
    encoded = url + "xxgk/tzgg/%E9%80%9A%E7%9F%A5%20%E5%85%AC%E5%91%8A/t20261121_1.html"
    assert db.execute("select pub_date from items where url = ?", [encoded]).fetchone() == \
        ("2026-11-21",)
    assert db.execute("select count(*) from links where to_url = ?", [encoded]).fetchone()[0]
    assert db.execute("select status from pages where url = ?", [encoded]).fetchone() == (200,)
    raw = db.execute("select count(*) from items where url like '%公告%' or url like '% %'")
    assert raw.fetchone()[0] == 0


def test_dates_read_from_chinese_named_articles_count(audited):
    _, _, findings = audited
    stale = [f for f in findings if f["rule"] == "column.stale"
             and f.get("column_name") == "通知公告"]
    assert stale == [], [f["message"] for f in stale]


def test_a_404_under_a_chinese_name_is_a_broken_link(audited):
    _, _, findings = audited
    broken = [f for f in findings if f["rule"] == "link.broken"]
    assert [f["evidence"]["anchor_text"] for f in broken] == ["缺失文件"]


def test_unknown_newest_date_is_unverified_not_stale(audited):
    _, _, findings = audited
    [f] = [f for f in findings if f["rule"] == "column.stale"
           and f.get("column_name") == "政策文件"]
    assert f["status"] == "unverified", f["message"]
    assert "2025-12-22" not in f["message"] and "未能核验" in f["message"]
