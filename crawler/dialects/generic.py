"""Fallback adapter for CMSs without their own: dated links in the page's content area.

An entry is a list row whose link has a date shown beside it; articles are recognised by a date
or a numeric id in their address. It is deliberately conservative: better an unread column
(reported as such) than site furniture counted as content.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.dialects.base import Dialect, ListPage
from crawler.extract.dates import date_from_url
from crawler.extract.pager import page_urls, parse_pager
from crawler.extract.urls import is_trs_article

_ARTICLE_RE = re.compile(
    r"/art_\d+_\d+\.html?$|/art_[0-9a-f]{32}\.html?$|content_\d+|/post_\d+\.html?$"
    r"|/info/\d+/\d+\.htm|/\d{5,}\.s?html?$|/[0-9a-f]{32}\.s?html?$", re.I)


class GenericDialect(Dialect):
    name = "generic"

    def detect(self, html: str, url: str) -> bool:
        return True

    def is_article_url(self, url: str) -> bool:
        return is_trs_article(url) or bool(_ARTICLE_RE.search(url)) or bool(date_from_url(url))

    def extract_list(self, tree: etree._Element, html: str, url: str) -> ListPage:
        pager = parse_pager(html, url)
        return ListPage(items=self.rows(tree, url, need_date=True), pager=pager,
                        page_urls=page_urls(url, pager), dialect=self.name)
