"""A column's unit and parent must not depend on which page happens to answer first.

A hand-made loopback portal where the same columns are linked from several places, as real
portals do: the homepage features a department's 政策文件, the county's platform links it too,
the 教育局's landing page lists it, and its own breadcrumb names the 教育局 (首页 > 部门信息公开 >
示例县教育局 > 政策文件); the county's 法定主动公开内容 links each department's 预决算 column
(flat ids, nothing in the path says whose) beside its own columns; a homepage 政策解读 page
without entries groups two columns nothing else links, and must adopt them whether or not the
platform (which tells whose navigation is complete) has answered yet. The portal is crawled twice
with a server that holds back different pages (the 教育局's pages, or the county's), so the
answers come in different orders. PORTAL below is the only oracle: which unit each column is.
"""

from __future__ import annotations

import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
import sqlite_utils

from bench.samefacts import compare
from tests.loopback import PortalHandler, serve

HANG_S = 300
COUNTY = "示例县人民政府"
EDU = "示例县教育局"
FIN = "示例县财政局"

# unit name -> (landing path, {column path: name})
PORTAL = {
    COUNTY: ("/xxgk/", {
        "/xxgk/zn/": "政府信息公开指南",
        "/xxgk/fdzdgknr/": "法定主动公开内容",
        "/xxgk/fdzdgknr/zcwj/": "政策文件",
        "/xxgk/fdzdgknr/czyjs/": "财政预决算",
        "/xxgk/nb/": "政府信息公开年报",
        # Linked only from the homepage; its page has no entries of its own and names two
        # columns nothing else links (it groups them).
        "/zcjd/": "政策解读",
        "/col/col5001/": "图文解读",
        "/col/col5002/": "文字解读",
    }),
    EDU: ("/bm/jyj/", {
        "/bm/jyj/zn/": "政府信息公开指南",
        "/bm/jyj/zcwj/": "政策文件",
        "/col/col3001/": "部门预决算",
        "/col/col3002/": "机构职能",
    }),
    FIN: ("/bm/czj/", {
        "/bm/czj/zn/": "政府信息公开指南",
        "/col/col4001/": "部门预决算",
        "/col/col4002/": "机构职能",
    }),
}
INDEX = "/xxgk/bmxxgk/"


def _page(title: str, body: str, crumbs: list[tuple[str, str]] = ()) -> str:
    trail = " &gt; ".join(f'<a href="{u}">{t}</a>' for u, t in crumbs)
    return (f"<html><head><title>{title}_{COUNTY}</title>"
            f'<meta name="SiteName" content="{COUNTY}"></head><body>'
            f'<div class="crumb">当前位置：{trail}</div>{body}</body></html>')


def _menu(links: dict[str, str]) -> str:
    return '<ul class="nav">' + "".join(f'<li><a href="{u}">{t}</a></li>'
                                        for u, t in links.items()) + "</ul>"


def _list(path: str, name: str) -> str:
    slug = path.strip("/").replace("/", "-")
    return '<ul class="list">' + "".join(
        f'<li><a href="/art/{slug}-{n}.html">{name}第{n}号</a><span>2026-11-0{n}</span></li>'
        for n in (1, 2)) + "</ul>"


def _pages() -> dict[str, str]:
    county_path, county_cols = PORTAL[COUNTY]
    edu_path, edu_cols = PORTAL[EDU]
    fin_path, fin_cols = PORTAL[FIN]
    home = [("/", "首页")]
    pages = {
        "/": _page("首页", _menu({county_path: "政府信息公开", "/bm/jyj/zcwj/": "政策文件",
                                 "/zcjd/": "政策解读"})),
        "/zcjd/": _page("政策解读", _menu({"/col/col5001/": "图文解读",
                                          "/col/col5002/": "文字解读"}),
                        home + [("/zcjd/", "政策解读")]),
        county_path: _page("政府信息公开", _menu({
            **{k: v for k, v in county_cols.items()
               if k.count("/") == 3 and k.startswith(county_path)},
            INDEX: "部门信息公开", "/bm/jyj/zcwj/": "政策文件"})),
        INDEX: _page("部门信息公开", '<div class="units">' + _menu(
            {edu_path: EDU, fin_path: FIN}) + "</div>", home + [(INDEX, "部门信息公开")]),
        "/xxgk/fdzdgknr/": _page("法定主动公开内容", _menu({
            "/xxgk/fdzdgknr/zcwj/": "政策文件", "/xxgk/fdzdgknr/czyjs/": "财政预决算",
            "/col/col3001/": "部门预决算", "/col/col4001/": "部门预决算"}),
            home + [(county_path, "政府信息公开"), ("/xxgk/fdzdgknr/", "法定主动公开内容")]),
    }
    for unit, (landing, cols) in PORTAL.items():
        if unit != COUNTY:
            pages[landing] = _page(unit, _menu(cols),
                                   home + [(INDEX, "部门信息公开"), (landing, unit)])
        for path, name in cols.items():
            if path in pages:
                continue
            crumbs = home + ([(county_path, "政府信息公开")] if unit == COUNTY else
                             [(INDEX, "部门信息公开"), (landing, unit)])
            pages[path] = _page(name, _list(path, name), crumbs + [(path, name)])
    return pages


PAGES = _pages()


def _handler(slow: set[str]):
    class Handler(PortalHandler):
        def do_GET(self):  # noqa: N802 - stdlib name
            path = urlsplit(self.path).path
            if path in slow:
                time.sleep(1.0)  # this page answers after the others
            if path.startswith("/art/"):
                self.answer(200, _page("文章", "<div class='content'><p>正文。</p></div>"))
            elif path in PAGES:
                self.answer(200, PAGES[path])
            else:
                self.answer(404, "<html><body>404</body></html>")

        def do_HEAD(self):  # noqa: N802
            self.do_GET()
    return Handler


CODE = ("import sys; from crawler.run import run_crawl; "
        "print('CRAWL_ID', run_crawl(sys.argv[1], sys.argv[2], polite=False, progress=False, "
        "allow_private=True))")
# Two orders: the 教育局's and 财政局's pages held back (the county's pages answer first), or the
# county's platform pages held back (the departments' pages answer first).
ORDERS = {
    "departments-last": {"/bm/jyj/", "/bm/czj/", "/bm/jyj/zcwj/"},
    "county-last": {"/xxgk/", "/xxgk/fdzdgknr/"},
}


@pytest.fixture(scope="module")
def crawls(tmp_path_factory):
    """One server (one port, so the stores are comparable fact by fact), crawled once per
    order."""
    out = {}
    folder = tmp_path_factory.mktemp("order")
    slow: set[str] = set()

    class Switch(PortalHandler):
        def do_GET(self):  # noqa: N802 - stdlib name
            _handler(slow).do_GET(self)

    with serve(Switch) as url:
        for name, held in ORDERS.items():
            slow.clear()
            slow.update(held)
            db = folder / f"{name}.db"
            proc = subprocess.run([sys.executable, "-c", CODE, url, str(db)],
                                  capture_output=True, text=True, timeout=HANG_S)
            assert proc.returncode == 0, proc.stdout + proc.stderr
            out[name] = db
    return out


def _unit_of_columns(db) -> dict[str, str]:
    db = sqlite_utils.Database(db)
    units = {u["key"]: u["name"] for u in db["units"].rows}
    return {c["key"]: units.get(c["unit_key"]) for c in db["columns"].rows}


@pytest.mark.parametrize("order", list(ORDERS))
def test_each_column_is_charged_to_the_unit_that_owns_it(crawls, order):
    got = _unit_of_columns(crawls[order])
    for unit, (_, cols) in PORTAL.items():
        for path in cols:
            assert got.get(path) == unit, (order, path, got.get(path))


def test_both_orders_store_the_same_structure(crawls):
    """bench.samefacts: the columns, units and list entries are the same rows in both."""
    lines = {line.split(":")[0].split()[1]: line
             for line in compare(*map(str, crawls.values()))}
    for table in ("columns", "units", "items"):
        assert lines[table].startswith("same"), lines[table]


def test_every_unit_listed_by_the_index_is_a_unit(crawls):
    """The 教育局's landing page, named in a breadcrumb before the index listing it answered,
    stays a unit (it was once stored as a column, and the 教育局 vanished)."""
    for db in crawls.values():
        names = {u["name"] for u in sqlite_utils.Database(db)["units"].rows}
        assert names == set(PORTAL)
