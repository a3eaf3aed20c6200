"""Message lists, message detail pages and document ↔ 解读 links, as the crawler reads them."""

from __future__ import annotations

from crawler.extract import messages, relations
from crawler.extract.html import parse
from ground import config

BASE = "http://127.0.0.1:8000/zmhd/"
HEADERS = config.interaction()["messages"]["headers"]
LABELS = config.interaction()["relations"]


def rows(html: str):
    return messages.list_rows(parse(html), BASE, HEADERS)


def test_message_table_gives_asked_status_and_reply_dates():
    found = rows("""<table class="hd_list"><tbody>
      <tr><th>留言标题</th><th>留言时间</th><th>办理状态</th><th>回复时间</th></tr>
      <tr><td><a href="./202607/t1.html" title="关于供暖的咨询">关于供暖的咨询</a></td>
          <td>2026-07-20</td><td>未回复</td><td></td></tr>
      <tr><td><a href="./202606/t2.html">咨询社保</a></td><td>2026年06月14日</td><td>已回复</td>
          <td>2026/06/17</td></tr></tbody></table>""")
    assert [(r.url, r.asked, r.status, r.replied) for r in found] == [
        (BASE + "202607/t1.html", "2026-07-20", "未回复", None),
        (BASE + "202606/t2.html", "2026-06-14", "已回复", "2026-06-17")]
    assert found[0].title == "关于供暖的咨询"


def test_other_column_order_and_header_in_td_cells():
    found = rows("""<table><tr><td>序号</td><td>状态</td><td>标 题</td><td>来信时间：</td></tr>
      <tr><td>1</td><td>办理中</td><td><a href="t3.html">反映路灯问题</a></td><td>2026-11-01</td></tr>
      </table>""")
    assert [(r.title, r.asked, r.status, r.replied) for r in found] == \
        [("反映路灯问题", "2026-11-01", "办理中", None)]


def test_a_table_without_an_asked_column_is_not_a_message_list():
    assert rows("""<table><tr><th>标题</th><th>发布日期</th></tr>
      <tr><td><a href="t.html">通知</a></td><td>2026-11-01</td></tr></table>""") == []


def test_rows_of_another_width_are_skipped():
    found = rows("""<table><tr><th>标题</th><th>留言时间</th><th>状态</th></tr>
      <tr><td colspan="3"><a href="index_1.html">下一页</a></td></tr>
      <tr><td><a href="t4.html">咨询</a></td><td>2026-10-01</td><td>已回复</td></tr></table>""")
    assert [r.url for r in found] == [BASE + "t4.html"]


def detail(html: str):
    return messages.detail(parse(html), HEADERS)


def test_detail_page_in_label_value_cells():
    d = detail("""<table><tr><td>留言标题</td><td>咨询社保</td></tr>
      <tr><td>留言时间</td><td>2026-06-14 10:20</td></tr><tr><td>办理状态</td><td>已回复</td></tr>
      <tr><td>回复单位</td><td>示例县人社局</td></tr><tr><td>回复时间</td><td>2026-06-17</td></tr>
      <tr><td>回复内容</td><td>您好，已收悉。</td></tr></table>""")
    assert (d.asked, d.status, d.replied, d.unit, d.has_reply) == \
        ("2026-06-14T10:20", "已回复", "2026-06-17", "示例县人社局", True)


def test_detail_page_with_inline_labels_and_no_reply():
    d = detail("<div><p>来信时间：2026-07-20</p><p>处理状态：办理中</p><p>答复内容：</p></div>")
    assert (d.asked, d.status, d.replied, d.has_reply) == ("2026-07-20", "办理中", None, False)


def test_an_ordinary_article_is_not_a_message():
    assert detail("<p>发布时间：2026-07-20</p><p>关于做好防汛工作的通知</p>") is None


def rels(html: str, url: str = "http://127.0.0.1:8000/gfxwj/t1.html"):
    return [(r.to_url.rsplit("/", 1)[1], r.relation)
            for r in relations.find(parse(html), url, LABELS)]


def test_related_interpretation_and_related_document_labels():
    assert rels('<div class="TRS_Editor"><p>正文</p><div>相关解读：<a href="/zcjd/t9.html">'
                '《方案》政策解读</a></div></div>') == [("t9.html", "interpretation")]
    assert rels('<div>相关文件：<a href="/gfxwj/t1.html">《示例县方案》</a></div>',
                url="http://127.0.0.1:8000/zcjd/t9.html") == [("t1.html", "document")]


def test_the_label_nearest_the_link_wins():
    # 相关政策解读 contains 相关政策 (a document label) but ends with 解读.
    assert rels('<p>相关政策解读：<a href="/zcjd/t9.html">一图读懂</a></p>') == \
        [("t9.html", "interpretation")]
    assert rels('<p>解读文件原文：<a href="/gfxwj/t2.html">《办法》</a></p>') == \
        [("t2.html", "document")]


def test_link_text_alone_can_say_interpretation():
    assert rels('<p><a href="/zcjd/t9.html">图解：示例县方案</a></p>') == [("t9.html", "interpretation")]


def test_navigation_columns_attachments_and_unlabelled_links_are_not_relations():
    html = ('<div class="left-nav"><a href="/zcjd/t8.html">政策解读</a></div>'
            '<p>相关解读：<a href="/zcjd/">政策解读</a></p>'
            '<p>附件：<a href="/f/a.pdf">解读材料.pdf</a></p>'
            '<p>详见政府采购网：<a href="http://127.0.0.1:1/x.html">链接</a></p>')
    assert rels(html) == []


def test_relation_boxes_named_like_link_lists_are_read():
    # A 相关解读 box classed "related-links" is content, not furniture: missing it would accuse
    # the document of having no interpretation.
    assert rels('<div class="related-links"><h4>相关解读</h4><ul><li>相关解读：'
                '<a href="/zcjd/t9.html">《方案》解读</a></li></ul></div>') == [("t9.html", "interpretation")]


def test_a_box_heading_labels_the_links_below_it():
    html = ('<div class="TRS_Editor"><p>' + "正文内容。" * 40 + '</p></div>'
            '<div class="xgwj"><h4>相关文件</h4><ul><li><a href="/gfxwj/t1.html">《办法》</a></li>'
            '<li><a href="/gfxwj/t2.html">《细则》</a></li></ul></div>')
    assert rels(html, url="http://127.0.0.1:8000/zcjd/t9.html") == \
        [("t1.html", "document"), ("t2.html", "document")]


def test_body_text_far_before_a_link_is_not_its_label():
    html = ('<div class="TRS_Editor"><p>相关文件已印发。' + "正文内容。" * 40 + '</p>'
            '<p>详见：<a href="/xwzx/t5.html">新闻稿</a></p></div>')
    assert rels(html) == []


STATUSES = config.interaction()["messages"]["status"]


def items(html: str):
    return [(r.url.rsplit("/", 1)[1], r.asked, r.status, r.replied)
            for r in messages.item_rows(parse(html), BASE, STATUSES)]


def test_li_rows_with_a_date_and_a_status_are_letters():
    assert items("""<ul class="xx"><li><a href="t1.html">咨询供暖</a><span>未回复</span>
      <span>2026-07-20</span></li>
      <li><a href="t2.html">咨询社保</a><span>已回复</span><span>2026-06-14</span>
      <span>2026-06-17</span></li>
      <li><a href="t3.html">关于印发方案的通知</a><span>2026-06-14</span></li></ul>""") == [
        ("t1.html", "2026-07-20", "未回复", None),
        ("t2.html", "2026-06-14", "已回复", "2026-06-17")]


def test_a_pending_li_row_never_gets_a_reply_date():
    assert items('<ul><li><a href="t1.html">咨询</a> 办理中 2026-07-20 2026-07-01</li></ul>') == [
        ("t1.html", "2026-07-01", "办理中", None)]
