"""List extraction per dialect (TRS static/table/script lists, generic), homepage blocks."""

from crawler.dialects import DIALECTS, detect
from crawler.dialects.generic import GenericDialect
from crawler.dialects.trs import TrsDialect
from crawler.extract.html import parse
from crawler.homepage import blocks, news_block

URL = "http://h/xxgk/tzgg/"
FRAME = """<html><head><title>通知公告</title></head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/xxgk/">信息公开 2024-01-01</a></li></ul></div>
<div class="left-nav"><ul><li><a href="../zcwj/">政策文件</a><span>2024-01-01</span></li></ul></div>
{}
<div class="page"><script>createPageHTML(3, 0, "index", "html");</script></div></body></html>"""


def extract(body, url=URL):
    html = FRAME.format(body)
    dialect = detect(html, url)
    return dialect, dialect.extract_list(parse(html), html, url)


def test_static_ul_list():
    dialect, page = extract("""<ul class="list">
<li><a href="./202403/t20240305_11.html" title="关于甲的通知">关于甲…</a><span>2024-03-05</span></li>
<li><a href="./202402/t20240201_12.html" title="关于乙的通知">关于乙的通知</a><span>[2024/02/01]</span></li>
<li><a href="./202401/t20240110_13.html" title="无日期条目">无日期条目</a></li></ul>""")
    assert dialect.name == "trs"
    assert [(i.url.rsplit("/", 1)[1], i.title, i.date) for i in page.items] == [
        ("t20240305_11.html", "关于甲的通知", "2024-03-05"),
        ("t20240201_12.html", "关于乙的通知", "2024-02-01"),
        ("t20240110_13.html", "无日期条目", None),  # undated: a fact, never a URL guess
    ]
    assert page.page_urls == [URL, URL + "index_1.html", URL + "index_2.html"]


def test_table_list():
    _, page = extract("""<table class="gl_list"><tr class="gl_title"><th>标题</th><th>发布日期</th></tr>
<tr><td><a href="./202403/t20240305_11.html" title="甲">甲</a></td><td>2024年03月05日</td></tr>
<tr><td><a href="./202402/t20240201_12.html" title="乙">乙</a></td><td>２０２４－０２－０１</td></tr></table>""")
    assert [(i.title, i.date) for i in page.items] == [("甲", "2024-03-05"), ("乙", "2024-02-01")]


def test_script_only_rows():
    _, page = extract("""<ul id="rows"><script>
var url = "./202602/t20260214_2730572.html"; var title = "某规范性文件"; var FILENUM = "示政规〔2026〕4号";
var time = "2026-02-14"; document.writeln("<li><a href='"+url+"'>"+title+"</a></li>");
var url = './202601/t20260105_2730001.html'; var title = '另一文件'; document.writeln(title);
</script></ul>""")
    assert [(i.url.rsplit("/", 1)[1], i.title, i.date) for i in page.items] == [
        ("t20260214_2730572.html", "某规范性文件", "2026-02-14"),
        ("t20260105_2730001.html", "另一文件", None)]


def test_readlabel_and_i_dates():
    _, page = extract("""<ul><li><a href="./202604/t20260417_1.html">甲</a><b readlabel="2026-04-17"></b></li>
<li><a href="./202008/t20200814_2.html">乙</a><i>2020-08-14</i></li></ul>""")
    assert [i.date for i in page.items] == ["2026-04-17", "2020-08-14"]


def test_placeholder_instead_of_items():
    html = FRAME.format('<div class="nodata">暂无信息</div>')
    dialect = detect(html, URL)
    page = dialect.extract_list(parse(html), html, URL)
    assert page.items == []
    assert dialect.placeholder(parse(html), ["暂无信息", "栏目建设中"]) == "暂无信息"


def test_generic_needs_dates():
    html = """<html><body><div class="content"><ul>
<li><a href="/news/12345.html">有日期</a> 2024-05-06</li><li><a href="/about.html">关于我们</a></li>
</ul></div></body></html>"""
    dialect = detect(html, "http://h/news/")
    assert isinstance(dialect, GenericDialect)
    page = dialect.extract_list(parse(html), html, "http://h/news/")
    assert [(i.title, i.date) for i in page.items] == [("有日期", "2024-05-06")]
    assert dialect.is_article_url("http://h/art/2023/1/31/art_19734_1618591.html")
    assert not dialect.is_article_url("http://h/col/col123/index.html")


def test_article_and_column_urls():
    trs = TrsDialect()
    assert trs.is_article_url("http://h/xxgk/zcwj/202403/t20240305_11.html")
    assert trs.is_article_url("http://h/yw/201909/t20190918_693227_1.shtml")
    assert not trs.is_article_url("http://h/xxgk/zcwj/")
    assert trs.is_column_url("http://h/xxgk/zcwj/index.html")
    assert DIALECTS[-1].name == "generic"


def test_homepage_blocks():
    html = """<html><body><div class="yw"><div class="title"><h3>要闻</h3><a class="more" href="/xwzx/jryw/">更多</a></div>
<ul><li><a href="/xwzx/jryw/202611/t20261120_1.html" title="甲">甲</a><span>2026-11-20</span></li></ul></div>
<div class="tzgg"><div class="title"><h3>通知公告</h3><a href="/xwzx/tzgg/">更多&gt;&gt;</a></div>
<ul><li><a href="/xwzx/tzgg/202611/t20261101_2.html">乙</a><span>2026-11-01</span></li></ul></div></body></html>"""
    found = blocks(parse(html), "http://h/")
    assert [(b.name, b.more_url, len(b.items)) for b in found] == [
        ("要闻", "http://h/xwzx/jryw/", 1), ("通知公告", "http://h/xwzx/tzgg/", 1)]
    assert news_block(found).name == "要闻"


# -- Hanweb, gkmlpt, VSB (markup as in /work/shared/reference/portals.md §2.2-2.4) -------------

HANWEB_COLUMN = """<html><head><script src="/module/jslib/jquery/jquery.js"></script></head><body>
<div id="4321"><script type="text/xml"><datastore><recordset>
<record><![CDATA[<li><a href="/art/2026/5/31/art_61490_1.html" title="甲通知">甲通知</a><span>2026-05-31</span></li>]]></record>
<record><![CDATA[<li class="ft14lh30 cf"><font> · </font><a href="/art/2026/4/17/art_61490_2.html" title="乙">乙</a><b readlabel="2026-04-17"></b></li>]]></record>
<record><![CDATA[<li><span>无链接脏数据</span></li>]]></record>
<record><![CDATA[<li><span>1</span><span><a href="/art/2026/art_4a25005ad4da4e0bbca9a04b98caea18.html" title="丙">丙</a></span><span>医保办函〔2026〕1号</span><span>2026-07-17</span></li><li style=<br/>]]></record>
</recordset><totalrecord>31</totalrecord></datastore></script>
<script>$('#4321').jpage({perPage:15, totalRecord:31, columnid:'61490', unitid:'4321', webid:'7', appid:'1', webname:'某局', path:'/', permissiontype:'0'});</script>
</div></body></html>"""


def test_hanweb_datastore_records_and_proxy_pages():
    from crawler.dialects.hanweb import HanwebDialect

    url = "http://h/col/col61490/index.html"
    dialect = detect(HANWEB_COLUMN, url)
    assert isinstance(dialect, HanwebDialect)
    listing = dialect.extract_list(parse(HANWEB_COLUMN), HANWEB_COLUMN, url)
    assert [(i.url.rsplit("/", 1)[1], i.title, i.date) for i in listing.items] == [
        ("art_61490_1.html", "甲通知", "2026-05-31"), ("art_61490_2.html", "乙", "2026-04-17"),
        ("art_4a25005ad4da4e0bbca9a04b98caea18.html", "丙", "2026-07-17")]
    assert listing.pager.total == 3 and len(listing.page_urls) == 3
    second = listing.page_urls[1]
    assert second.startswith("http://h/module/web/jpage/dataproxy.jsp?page=2&")
    assert "columnid=61490" in second and "unitid=4321" in second
    # A POST group answer is the same datastore XML.
    group = ("<datastore><recordset><record><![CDATA[<li><a href=\"/art/2026/1/2/art_61490_9.html\""
             " title=\"丁\">丁</a><span>2026-01-02</span></li>]]></record></recordset></datastore>")
    assert [i.title for i in dialect.extract_list(parse(group), group, second).items] == ["丁"]


def test_gkmlpt_tree_and_api_json():
    from crawler.dialects.gkmlpt import GkmlptDialect

    shell = ("<html><script>window._CONFIG = {SID: '662021', TREE: [{\"id\": 721, \"name\": "
             "\"政策文件\", \"children\": [{\"id\": 722, \"name\": \"规范性文件\"}]}]};</script></html>")
    url = "http://h/yjzjj/gkmlpt/index"
    dialect = detect(shell, url)
    assert isinstance(dialect, GkmlptDialect)
    assert dialect.unit_columns(parse(shell), shell, url) == [
        ("http://h/yjzjj/gkmlpt/api/all/721?page=1&sid=662021", "政策文件"),
        ("http://h/yjzjj/gkmlpt/api/all/722?page=1&sid=662021", "规范性文件")]
    api = ('{"total": 25, "articles": [{"title": "甲", "url": "http://h/yjzjj/gkmlpt/content/0/963/'
           'post_963149.html", "created_at": 1596160800}, {"title": "乙", "post_url": '
           '"/gkmlpt/content/0/963/post_963150.html", "created_at": "2020-07-30 10:00:00"}]}')
    listing = dialect.extract_list(parse(""), api, "http://h/yjzjj/gkmlpt/api/all/721?page=1&sid=1")
    assert [(i.title, i.date) for i in listing.items] == [("甲", "2020-07-31"), ("乙", "2020-07-30")]
    assert listing.pager.total == 13 and listing.page_urls[2].endswith("page=3&sid=1")


def test_vsb_list_and_pager_parameters():
    html = ("<html><head><script src='/system/resource/js/vsbscreen.min.js'></script></head><body>"
            "<ul><li><a href='info/1648/47211.htm' title='甲'>甲</a><span>2026-03-01</span></li></ul>"
            "<div>共9页 <a href='list.jsp?a2t=9&a2p=2&a2c=15&urltype=tree.TreeTempUrl&wbtreeid=1648'>"
            "下页</a></div></body></html>")
    url = "http://h/list.jsp?urltype=tree.TreeTempUrl&wbtreeid=1648"
    dialect = detect(html, url)
    assert dialect.name == "vsb" and dialect.is_article_url("http://h/info/1648/47211.htm")
    listing = dialect.extract_list(parse(html), html, url)
    assert [(i.title, i.date) for i in listing.items] == [("甲", "2026-03-01")]
    assert listing.pager.total == 9 and len(listing.page_urls) == 9
    assert "a2p=9" in listing.page_urls[-1] and "wbtreeid=1648" in listing.page_urls[-1]
