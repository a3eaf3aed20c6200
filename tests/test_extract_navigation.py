"""Navigation links in every form a portal writes them, and unit indexes found by their label
wherever they sit (crawler/extract/navlinks.py, unitindex.py, scripted.py)."""

from crawler.extract.html import parse
from crawler.extract.navlinks import jump_target, nav_links
from crawler.extract.scripted import script_marker
from crawler.extract.unitindex import index_units, is_unit_name, labelled_units, unit_kind

BASE = "http://gov.test/zwgk/"


def _forms(html):
    return {(link.url, link.text, link.form) for link in nav_links(parse(html), BASE)}


def test_every_navigation_form_is_read():
    html = """<html><body>
    <a href="a/">政策文件</a>
    <li onclick="location.href='/b/index.html'">机构职能</li>
    <div onclick="window.open('http://gov.test/c/')">规划计划</div>
    <span data-url="/d/">财政资金</span>
    <select onchange="window.open(this.value)"><option value="">请选择</option>
      <option value="/e/">人事信息</option></select>
    <map><area href="/f/" alt="行政许可"></map>
    <iframe src="/g/list.html" title="通知公告"></iframe>
    <script>document.write('<a href="/h/">行政处罚</a>');</script>
    <script>var menu = {"children": [{"title": "公开指南", "url": "/i/"}]};</script>
    <a href="javascript:void(0)">空链接</a><a href="mailto:x@gov.test">信箱</a>
    </body></html>"""
    found = _forms(html)
    assert ("http://gov.test/zwgk/a/", "政策文件", "a") in found
    assert ("http://gov.test/b/index.html", "机构职能", "onclick") in found
    assert ("http://gov.test/c/", "规划计划", "onclick") in found
    assert ("http://gov.test/d/", "财政资金", "data") in found
    assert ("http://gov.test/e/", "人事信息", "select") in found
    assert ("http://gov.test/f/", "行政许可", "area") in found
    assert ("http://gov.test/g/list.html", "通知公告", "iframe") in found
    assert ("http://gov.test/h/", "行政处罚", "script") in found
    assert ("http://gov.test/i/", "公开指南", "json") in found
    assert not any("javascript" in url or "mailto" in url for url, _, _ in found)
    # The placeholder option of a select box is no target.
    assert not any(text == "请选择" for _, text, _ in found)


def test_jump_targets_in_handlers():
    assert jump_target("self.location='/x/';return false") == "/x/"
    assert jump_target('window.location.href = "/y/"') == "/y/"
    assert jump_target("location.replace('/z/')") == "/z/"
    assert jump_target("alert(1)") is None


def test_hanweb_datastore_is_not_navigation():
    html = """<script type="text/xml"><datastore><recordset><record><![CDATA[
    <li><a href="/art/2026/1/2/art_1_2.html">某通知</a></li>]]></record></recordset></datastore>
    </script>"""
    assert not any(form == "script" for _, _, form in _forms(html))


def test_unit_names_and_kinds():
    for name in ("示例县教育局", "城关镇", "县发展和改革委员会", "东城街道办事处", "县人民法院",
                 "县供销合作社", "县妇联", "县科协", "县融媒体中心", "县档案馆"):
        assert is_unit_name(name), name
    for text in ("政策文件", "通知公告", "部门信息公开", "更多", "", "关于调整示例县教育局", "示例县教育局、财政局"):
        assert not is_unit_name(text), text
    assert unit_kind("城关镇") == "town"
    assert unit_kind("示例县教育局") == "department"
    assert unit_kind("示例县卫生院", "乡镇街道信息公开") == "town"
    assert unit_kind("城关镇", "部门信息公开") == "department"  # the index's word decides


def test_unit_index_found_by_label_in_a_left_tree_and_a_select_box():
    html = """<html><body>
    <div class="main"><ul><li><a href="/zwgk/zcwj/">政策文件</a></li></ul>
      <p>本县将于2026年召开会议。<a href="/t/20260101_1.html">示例县教育局</a></p></div>
    <div class="tree"><h3>部门信息公开</h3>
      <ul><li><a href="/bm/jyj/">示例县教育局</a></li>
          <li><span onclick="location.href='/bm/czj/'">示例县财政局</span></li></ul></div>
    <div class="box"><select onchange="location.href=this.value">
      <option value="">乡镇街道</option>
      <option value="http://gov2.test/cgz/">城关镇</option></select></div>
    </body></html>"""
    units = {(u.url, u.name, u.kind) for u in labelled_units(parse(html), BASE)}
    assert units == {("http://gov.test/bm/jyj/", "示例县教育局", "department"),
                     ("http://gov.test/bm/czj/", "示例县财政局", "department"),
                     ("http://gov2.test/cgz/", "城关镇", "town")}


def test_unit_links_without_a_label_are_not_units():
    html = """<html><body><div class="links"><h3>友情链接</h3>
      <a href="http://other.test/">示例市教育局</a><a href="/x/">示例县财政局</a></div></body></html>"""
    assert labelled_units(parse(html), BASE) == []


def test_an_index_page_lists_units_by_name():
    html = """<html><body><a href="/">首页</a><a href="/zwgk/">政府信息公开</a>
      <table><tr><td><a href="/jyj/xxgk/">示例县教育局</a></td>
      <td><a href="http://jtj.gov.test/">示例县交通运输局</a></td></tr></table></body></html>"""
    links = nav_links(parse(html), BASE)
    assert {(u.url, u.kind) for u in index_units(links, "部门公开")} == {
        ("http://gov.test/jyj/xxgk/", "department"), ("http://jtj.gov.test/", "department")}


def test_script_built_pages_are_recognised():
    spa = """<html><body><div id="app"><li v-for="item in list">{{ item.title }}</li></div>
      </body></html>"""
    ajax = """<html><body><ul id="list"></ul><script>$.ajax({url: '/api/list'});</script>
      </body></html>"""
    static = """<html><body><ul><li><a href="/a.html">通知</a></li></ul>
      <script src="/js/jquery.js"></script><script>var countPage = 3;</script></body></html>"""
    assert script_marker(parse(spa)) is not None
    assert script_marker(parse(ajax)) == "$.ajax"
    assert script_marker(parse(static)) is None
