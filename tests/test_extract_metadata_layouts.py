"""Article metadata however a page lays out its labels and values, the GB/T 42147 meta set in
any spelling, malformed pages that must still be read, and table-layout homepages whose outer
rows are not news entries. The pages are written for these tests (shapes described in the
project's reference notes), not copied from any site."""

from lxml import html as lhtml

from crawler.extract.html import parse, visible_text
from crawler.extract.metadata import extract_article
from crawler.homepage import blocks, news_block

URL = "http://h/xwzx/202309/t20230918_5.html"


def page(block: str, head: str = "", body: str = "<div id='zoom'><p>正文第一段。</p></div>") -> str:
    return (f"<html><head><title>示例新闻_示例县人民政府</title>{head}</head><body>"
            f"<h1>示例新闻</h1>{block}{body}</body></html>")


def test_label_with_its_value_on_the_next_line():
    facts = extract_article(page("<div class='info'><span>时间：2019-09-18 06:23</span><br>"
                                 "<span>来源：</span><br><span>山西日报</span></div>"), URL)
    assert facts.value("source") == "山西日报"
    assert facts.pub_date == "2019-09-18T06:23"


def test_td_pairs_without_colons():
    facts = extract_article(page(
        "<table><tr><td>发布机构</td><td>示例县发展和改革局</td>"
        "<td>成文日期</td><td>2023年09月15日</td></tr>"
        "<tr><td>索引号</td><td>11640422MB1234567X/2023-00031</td><td>文号</td><td></td></tr></table>"), URL)
    assert facts.value("publisher") == "示例县发展和改革局"
    assert facts.written_date == "2023-09-15"
    assert facts.value("index_no") == "11640422MB1234567X/2023-00031"
    assert facts.value("doc_no") is None  # an empty cell stays empty: the title is no 文号


def test_a_row_of_labels_over_a_row_of_values():
    facts = extract_article(page(
        "<table><tr><th>索引号</th><th>发布机构</th><th>发布日期</th></tr>"
        "<tr><td>640422001/2023-00077</td><td>示例县人民政府办公室</td><td>2023-09-18</td></tr></table>"), URL)
    assert facts.value("index_no") == "640422001/2023-00077"
    assert facts.value("publisher") == "示例县人民政府办公室"
    assert facts.pub_date == "2023-09-18"


def test_definition_list():
    facts = extract_article(page(
        "<dl class='xxgk'><dt>发布机构：</dt><dd>示例县教育局</dd><dt>成文日期</dt><dd>2022-01-20</dd>"
        "<dt>主题分类</dt><dd>教育</dd></dl>"), URL)
    assert facts.value("publisher") == "示例县教育局"
    assert facts.written_date == "2022-01-20"
    assert facts.value("subject") == "教育"


def test_same_line_info_line_still_reads():
    facts = extract_article(page("<div>来源:区人民政府办公室 时间:2017-01-12 10:01</div>"), URL)
    assert facts.value("source") == "区人民政府办公室"
    assert facts.pub_date == "2017-01-12T10:01"


def test_gov_meta_set_in_any_case_including_content_source():
    head = ('<meta name="articletitle" content="关于开展秋季防火的通知">'
            '<meta name="pubdate" content="2023-09-18 09:30">'
            '<meta name="contentSource" content="示例县应急管理局">')
    facts = extract_article(page("", head=head), URL)
    assert facts.meta["ArticleTitle"] == "关于开展秋季防火的通知"
    assert facts.title == "关于开展秋季防火的通知"
    assert facts.meta["ContentSource"] == "示例县应急管理局"
    assert facts.value("source") == "示例县应急管理局"
    assert facts.pub_date == "2023-09-18T09:30"


def test_visible_source_wins_over_the_meta():
    head = '<meta name="ContentSource" content="示例县人民政府">'
    facts = extract_article(page("<p>信息来源：示例县财政局</p>", head=head), URL)
    assert facts.value("source") == "示例县财政局"


def test_stray_closing_html_before_the_body_is_read_not_raised():
    html = ('<html><head><meta name="ArticleTitle" content="国务院公报示例"></head></html>\n'
            '<body><div class="position">首页 &gt; 公报</div>'
            '<table><tr><td>发布机构</td><td>国务院办公厅</td></tr></table>'
            '<div id="UCAP-CONTENT"><p>公报正文。</p></div></body></html>')
    facts = extract_article(html, URL)
    assert facts.value("publisher") == "国务院办公厅"
    assert facts.body_text == "公报正文。"
    assert facts.breadcrumb == ["首页", "公报"]


def test_parse_survives_control_characters_and_nothing():
    assert visible_text(parse("<p>a\x00b\x0cc</p>")) == "abc"
    visible_text(parse(b"\xff\xfe<\x00"))  # undecodable bytes: read as far as possible
    assert parse("").tag == "html"


HOME = """<html><body><table width="1000"><tr>
<td><table><tr><td class="tit">县内要闻</td><td><a href="/xwzx/">更多</a></td></tr></table>
<ul><li><a href="/xwzx/1.html">县政府召开常务会议</a><span>2023-09-18</span></li>
<li><a href="/xwzx/2.html">全县秋粮收购工作启动</a><span>2023-09-16</span></li></ul></td>
<td><table><tr><td class="tit">通知公告</td></tr>
<tr><td><a href="/tzgg/1.html">关于国庆节放假的通知</a></td><td>2023-09-20</td></tr></table></td>
</tr></table></body></html>"""


def test_outer_layout_rows_of_a_table_homepage_are_not_news():
    found = blocks(lhtml.document_fromstring(HOME), "http://h/")
    titles = [i.title for b in found for i in b.items]
    assert sorted(titles) == sorted(["关于国庆节放假的通知", "全县秋粮收购工作启动", "县政府召开常务会议"])
    news = news_block(found)
    assert [i.title for i in news.items] == ["县政府召开常务会议", "全县秋粮收购工作启动"]


def test_inline_label_and_value_elements_without_any_separator():
    facts = extract_article(page("<div class='info'><span class='l'>发布机构</span><span>示范县教育局</span>"
                                 "<span class='l'>发布日期</span><span>2023-09-18</span>"
                                 "<b>来源：</b>示范县融媒体中心</div>"), URL)
    assert facts.value("publisher") == "示范县教育局"
    assert facts.pub_date == "2023-09-18"
    assert facts.value("source") == "示范县融媒体中心"


def test_a_label_with_nothing_after_it_does_not_take_the_title():
    facts = extract_article("<html><body><div>有效性：</div><h1>示例新闻</h1>"
                            "<div id='zoom'><p>正文。</p></div></body></html>", URL)
    assert facts.value("validity") is None
