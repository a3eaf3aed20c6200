"""Fallback adapter for CMSs without their own: dated links in the page's content area.

An entry is a list row whose link has a date shown beside it; articles are recognised by a date
or a numeric id in their address. It is deliberately conservative: better an unread column
(reported as such) than site furniture counted as content.
"""

from __future__ import annotations


from lxml import etree

from crawler.dialects.base import Dialect, ListPage
from crawler.extract.pager import page_urls, parse_pager
from crawler.extract.urls import looks_like_article



class GenericDialect(Dialect):
    name = "generic"

    def detect(self, html: str, url: str) -> bool:
        return True

    def is_article_url(self, url: str) -> bool:
        return looks_like_article(url)

    def extract_list(self, tree: etree._Element, html: str, url: str) -> ListPage:
        pager = parse_pager(html, url)
        # Dated rows first (a page's other links are rarely dated); an undated list (real
        # portals have them: dates only on the article) is its article-shaped rows instead,
        # never "no entries".
        items = self.rows(tree, url, need_date=True) or self.rows(tree, url, need_date=False) \
            or self.json_rows(tree, url)
        return ListPage(items=items, pager=pager, page_urls=page_urls(url, pager),
                        dialect=self.name)
