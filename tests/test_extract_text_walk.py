"""The crawler's one-walk readings give exactly what the separate readings gave: the page's,
the around-the-body and the body's visible text (crawler/extract/html.py `visible_texts`),
and the article reader chosen without fingerprinting (crawler/dialects `article_reader`)."""

from __future__ import annotations

import pytest

from crawler import dialects
from crawler.dialects.base import Dialect
from crawler.extract.html import parse, visible_text, visible_texts
from crawler.extract.metadata import ArticleFacts, body_element

PAGES = [
    # metadata table around a body div, tails after the body
    """<html><body><table><tr><td>索引号：</td><td>11640000/2026-001</td></tr></table>
    <div id="zoom"><p>第一段　正文</p><table><tr><td>甲</td><td>1</td></tr></table></div>尾巴文字
    <p>发布机构：某县人民政府</p><script>var x = '留言时间：2026-01-01';</script></body></html>""",
    # body inline (span) in a line of text: the line joins around it
    """<html><body><p>前文<span class="TRS_Editor">正文<b>粗体</b></span>后文</p></body></html>""",
    # the body element hidden in a script-less invisible block
    """<html><body><noscript><div id="zoom">看不见</div></noscript><p>可见</p></body></html>""",
    # no body tag at all, text only
    "<div>留言时间：2026-03-01</div><div id='zoom'>回复内容：已办理</div>",
]


@pytest.mark.parametrize("html", PAGES)
def test_one_walk_equals_three(html):
    tree = parse(html)
    top = tree.find("body") if tree.find("body") is not None else tree
    for inner in [body_element(tree), top, *top.iter("p", "td", "span", "div")]:
        if inner is None:
            continue
        got = visible_texts(top, inner)
        expected = (visible_text(top), visible_text(top, exclude=inner), visible_text(inner))
        if got is None:  # only where the walk cannot reach the element
            assert any(a.tag in ("script", "style", "noscript", "template", "head")
                       for a in inner.iterancestors())
        else:
            assert got == expected
        # the tree is left as it was (tails restored)
        assert visible_text(top) == expected[0]


def test_article_reader_uses_a_dialect_that_reads_articles_its_own_way(monkeypatch):
    assert dialects.article_reader("<html></html>", "http://x.test/a.html").name == "generic"

    class Own(Dialect):
        name = "own"

        def detect(self, html, url):
            return "own-cms" in html

        def extract_article(self, html, url, tree=None):
            return ArticleFacts(title="own")

    monkeypatch.setattr(dialects, "DIALECTS", [Own(), *dialects.DIALECTS])
    assert dialects.article_reader("<html>own-cms</html>", "http://x.test/a.html").name == "own"
    assert dialects.article_reader("<html></html>", "http://x.test/a.html").name == "generic"
