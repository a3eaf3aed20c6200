"""Pager scripts are read, never run: createPageHTML variants, countPage, 共N页."""

from crawler.extract.pager import page_urls, parse_pager

BASE = "http://h/xxgk/zcwj/"


def test_create_page_html_double_quotes():
    pager = parse_pager('<script>createPageHTML(9, 0, "index", "html");</script>', BASE)
    assert (pager.total, pager.prefix, pager.ext, pager.source) == (9, "index", "html",
                                                                   "createPageHTML")
    urls = page_urls(BASE, pager)
    assert urls[0] == BASE and urls[1] == BASE + "index_1.html" and urls[-1] == BASE + "index_8.html"
    assert len(urls) == 9


def test_create_page_html_single_quotes_and_shtml():
    pager = parse_pager("createPageHTML(3, 1, 'index', 'shtml')", BASE + "index_1.shtml")
    assert page_urls(BASE + "index_1.shtml", pager) == [
        BASE + "index.shtml", BASE + "index_1.shtml", BASE + "index_2.shtml"]


def test_create_page_html_container_id_first():
    pager = parse_pager("createPageHTML('page_div',5, 1,'fg','shtml',89)", BASE)
    assert (pager.total, pager.prefix, pager.ext) == (5, "fg", "shtml")
    assert page_urls(BASE, pager)[-1] == BASE + "fg_4.shtml"


def test_old_count_page_script():
    html = """<script language="JavaScript">
var currentPage = 0;//所在页从0开始
var prevPage = currentPage-1//上一页
var countPage = 4//共多少页
document.write("共"+countPage+"页");</script>"""
    pager = parse_pager(html, BASE + "index.html")
    assert (pager.total, pager.source) == (4, "countPage")
    assert page_urls(BASE + "index.html", pager) == [
        BASE + "index.html", BASE + "index_1.html", BASE + "index_2.html", BASE + "index_3.html"]


def test_visible_total_is_the_fallback():
    assert parse_pager("<span>共 3 页</span>", BASE).total == 3


def test_no_pager_means_one_page():
    pager = parse_pager("<ul><li>x</li></ul>", BASE)
    assert (pager.total, pager.source) == (1, "none")
    assert page_urls(BASE, pager) == [BASE]


def test_absurd_counts_are_ignored():
    assert parse_pager('createPageHTML(999999, 0, "index", "html")', BASE).total == 1
