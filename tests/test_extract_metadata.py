"""Article metadata: the 索引号 block in its three layouts, info lines, meta tags, body, files."""

from crawler.extract.metadata import extract_article, fields_from_text

URL = "http://h/xxgk/zcwj/202403/t20240305_1.html"

HEAD = """<html><head>
<meta name="SiteName" content="示例县人民政府"><meta name="ColumnName" content="政策文件">
<meta name="ArticleTitle" content="关于印发某方案的通知"><meta name="PubDate" content="2024-03-05 10:21">
<meta name="ContentSource" content=""><title>关于印发某方案的通知_政策文件_示例县人民政府</title>
</head><body><div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a>
 &gt; <a href="/xxgk/zcwj/">政策文件</a> &gt; 正文</div>"""
BODY = """<h1>关于印发某方案的通知</h1>
<div class="TRS_Editor"><p>第一段。</p><p>第二段。</p></div>
<div class="fj"><span>附件：</span><p><a href="./P020240305123.pdf">1.方案.pdf</a></p>
<p><a href="./P020240305124.xlsx">2.附表.xlsx</a></p><p><a href="/download?id=7">3.说明</a></p></div>
</body></html>"""

EXPECTED = {"index_no": "640422001/2024-00012", "publisher": "示例县人民政府办公室",
            "doc_no": "示政发〔2024〕12号"}


def check(facts):
    for name, value in EXPECTED.items():
        assert facts.value(name) == value, name
    assert facts.written_date == "2024-03-01"
    assert facts.pub_date == "2024-03-05T10:21"  # the meta's time wins over the bare day


def test_four_column_table():
    html = HEAD + """<table class="xxgk_table">
<tr><td>索 引 号：</td><td>640422001/2024-00012</td><td>主题分类：</td><td>综合政务</td></tr>
<tr><td>发布机构：</td><td>示例县人民政府办公室</td><td>成文日期：</td><td>2024年03月01日</td></tr>
<tr><td>文　　号：</td><td>示政发〔2024〕12号</td><td>发布日期：</td><td>2024-03-05</td></tr>
<tr><td>有效性：</td><td></td><td></td><td></td></tr></table>""" + BODY
    facts = extract_article(html, URL)
    check(facts)
    assert facts.value("subject") == "综合政务"
    assert facts.value("validity") is None


def test_two_column_table_with_synonyms():
    html = HEAD + """<table>
<tr><th>索引号</th><td>640422001/2024-00012</td></tr><tr><th>发文机关</th><td>示例县人民政府办公室</td></tr>
<tr><th>发文日期</th><td>2024-03-01</td></tr><tr><th>发文字号</th><td>示政发〔2024〕12号</td></tr>
</table>""" + BODY
    check(extract_article(html, URL))


def test_ul_li_layout():
    html = HEAD + """<ul class="xxgk_info"><li>索 引 号：640422001/2024-00012</li>
<li>所属机构：示例县人民政府办公室</li><li>生成日期：2024-03-01</li><li>文号：示政发〔2024〕12号</li>
<li>发布时间：2024-03-05</li></ul>""" + BODY
    check(extract_article(html, URL))


def test_inline_layout():
    html = HEAD + """<div class="xxgk_inline">索引号：640422001/2024-00012&nbsp;&nbsp;主题分类：综合政务
&nbsp;&nbsp;发布机构：示例县人民政府办公室&nbsp;&nbsp;成文日期：2024-03-01&nbsp;&nbsp;发布日期：2024-03-05
&nbsp;&nbsp;文号：示政发〔2024〕12号&nbsp;&nbsp;有效性：</div>""" + BODY
    check(extract_article(html, URL))


def test_info_lines():
    assert fields_from_text("来源:区人民政府办公室 时间:2017-01-12 10:01") == {
        "source": "区人民政府办公室", "info_time": "2017-01-12 10:01"}
    assert fields_from_text("时间：2019-09-18 06:23  来源：山西日报")["source"] == "山西日报"
    assert fields_from_text("日期 : 2023-01-31  字号 : [ ] 视力保护色:")["info_time"].startswith(
        "2023-01-31")
    assert fields_from_text("发布日期:2019-03-26 16:28")["pub_date"] == "2019-03-26 16:28"
    line = "信息来源:平川区人民政府 / 发布时间:2026-01-27 09:00 / 浏览次数:"
    found = fields_from_text(line)
    assert found["pub_date"].startswith("2026-01-27 09:00")
    assert fields_from_text("归档时间:2023-06-15") == {"archived": "2023-06-15"}


def test_info_line_gives_pub_date_when_no_block():
    html = HEAD.replace('<meta name="PubDate" content="2024-03-05 10:21">', "") + \
        '<div class="info">发布时间：2024-03-05 10:21&nbsp;&nbsp;来源：县政府办</div>' + BODY
    facts = extract_article(html, URL)
    assert facts.pub_date == "2024-03-05T10:21"
    assert facts.value("source") == "县政府办"


def test_meta_body_breadcrumb_attachments():
    facts = extract_article(HEAD + BODY, URL)
    assert facts.meta["ColumnName"] == "政策文件"
    assert facts.meta["SiteName"] == "示例县人民政府"
    assert facts.title == "关于印发某方案的通知"
    assert facts.body_text == "第一段。\n第二段。"
    assert facts.breadcrumb[-2:] == ["政策文件", "正文"]
    urls = [u for u, _ in facts.attachments]
    assert urls == ["http://h/xxgk/zcwj/202403/P020240305123.pdf",
                    "http://h/xxgk/zcwj/202403/P020240305124.xlsx",
                    "http://h/download?id=7"]


def test_prose_in_body_is_not_metadata():
    html = HEAD + '<div class="TRS_Editor"><p>索引号：不是元数据</p></div></body></html>'
    assert extract_article(html, URL).value("index_no") is None


def test_other_body_containers():
    html = "<html><body><div id='zoom'><p>正文</p></div></body></html>"
    assert extract_article(html, URL).body_text == "正文"
