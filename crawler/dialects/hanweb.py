"""Hanweb 大汉 JCMS / JPaaS adapter.

Columns are `/col/col<id>/index.html`; the list is not in the HTML body but in a datastore XML
inside `<script type="text/xml">` (first page) rendered by the jpage plugin, and further pages
come from `/module/web/jpage/dataproxy.jsp` (GET `?page=N&…` or POST
`?startrecord=a&endrecord=b&perpage=p`), both answering the same `<datastore>` XML. Records are
CDATA fragments in several template variants (`<span>` / `<i>` / `<b readlabel>` dates, a
`<font> · </font>` prefix, table-like `<span>` cells, link-less "dirty" records, the `<li
style=<br/>` artefact). Articles: `/art/YYYY/M/D/art_<col>_<id>.html` or JPaaS
`/art/YYYY/art_<32 hex>.html`. Nothing is executed: the XML and the jpage call are read with
regexes.
"""

from __future__ import annotations

import math
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from crawler.dialects.base import Dialect, ListPage, in_furniture
from crawler.extract.html import parse, squash
from crawler.extract.pager import Pager
from crawler.extract.urls import absolute

_MARKERS_RE = re.compile(r"<datastore>|/module/web/jpage/|dataproxy\.jsp|/module/jslib/"
                         r"|<!--GS_0001|hanweb", re.I)
_ARTICLE_RE = re.compile(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html?$"
                         r"|/art/\d{4}/art_[0-9a-f]{32}\.html?$", re.I)
_COLUMN_RE = re.compile(r"/col/col\d+/(?:index\.html?)?$", re.I)
_RECORD_RE = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_NUMBER_RE = {name: re.compile(rf"<{name}>\s*(\d+)\s*</{name}>", re.I)
              for name in ("totalrecord", "totalpage")}
_PERPAGE_RE = re.compile(r"""perpage["']?\s*[:=]\s*["']?(\d+)""", re.I)
_NEXTGROUP_RE = re.compile(r"""<nextgroup>.*?href=["']([^"']+)["']""", re.S | re.I)
_PARAM_RE = re.compile(r"""\b(appid|webid|columnid|unitid|webname|path|sourcecontenttype"""
                       r"""|permissiontype)["']?\s*[:=]\s*["']([^"']*)["']""", re.I)
PROXY_PATH = "/module/web/jpage/dataproxy.jsp"


class HanwebDialect(Dialect):
    name = "hanweb"

    def detect(self, html: str, url: str) -> bool:
        return bool(_MARKERS_RE.search(html[:200000])) or bool(
            _COLUMN_RE.search(urlsplit(url).path)) or self.is_article_url(url)

    def is_article_url(self, url: str) -> bool:
        return bool(_ARTICLE_RE.search(urlsplit(url).path))

    def is_column_url(self, url: str) -> bool:
        return bool(_COLUMN_RE.search(urlsplit(url).path))

    def unit_columns(self, tree: etree._Element, html: str, url: str):
        """Columns are flat (`/col/col<id>/`), so a unit page's columns are its `/col/` links
        outside the site furniture, not the links below its own path."""
        here = urlsplit(url).path
        found: dict[str, str] = {}
        for a in tree.iter("a"):
            target = absolute(url, a.get("href"))
            if not target or not self.is_column_url(target) or in_furniture(a):
                continue
            if urlsplit(target).path.rstrip("/").removesuffix("/index.html") == \
                    here.rstrip("/").removesuffix("/index.html"):
                continue
            text = squash(a.text_content()) or squash(a.get("title"))
            if target not in found or not found[target]:
                found[target] = text
        return list(found.items())

    def extract_list(self, tree: etree._Element, html: str, url: str) -> ListPage:
        records = records_of(html)
        if not records and "<datastore" not in html.lower():
            # A Hanweb page without a datastore (a static list template): ordinary rows.
            items = self.rows(tree, url, need_date=False) or self.json_rows(tree, url)
            return ListPage(items=items, dialect=self.name)
        fragment = parse("<html><body><ul>" + "".join(records) + "</ul></body></html>")
        items = self.rows(fragment, url, need_date=False)
        total_pages = datastore_pages(html)
        pager = Pager(total_pages or 1, source="datastore" if total_pages else "none")
        return ListPage(items=items, pager=pager,
                        page_urls=[url] + proxy_page_urls(html, url, total_pages),
                        dialect=self.name)


def records_of(html: str) -> list[str]:
    """The CDATA fragments of a datastore (the first page in a page, a group in a proxy
    answer)."""
    return _RECORD_RE.findall(html)


def datastore_pages(html: str) -> int:
    """Number of list pages from `<totalpage>`, or `<totalrecord>` / perpage."""
    m = _NUMBER_RE["totalpage"].search(html)
    if m:
        return int(m.group(1))
    m = _NUMBER_RE["totalrecord"].search(html)
    per = _PERPAGE_RE.search(html)
    if m and per and int(per.group(1)):
        return math.ceil(int(m.group(1)) / int(per.group(1)))
    return 0


def proxy_page_urls(html: str, url: str, total_pages: int) -> list[str]:
    """GET dataproxy URLs of pages 2..N, built from the `<nextgroup>` link or, failing that,
    from the jpage parameters written in the page."""
    if total_pages <= 1:
        return []
    m = _NEXTGROUP_RE.search(html)
    if m:
        template = urljoin(urljoin(url, PROXY_PATH), m.group(1).replace("&amp;", "&"))
        parts = urlsplit(template)
        params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                  if k != "page"]
    else:
        params = [(k.lower(), v) for k, v in _PARAM_RE.findall(html)]
        if not any(k == "columnid" for k, _ in params):
            return []
        parts = urlsplit(urljoin(url, PROXY_PATH))
    out = []
    for page in range(2, total_pages + 1):
        query = urlencode([("page", str(page)), *params])
        out.append(urlunsplit((parts.scheme, parts.netloc, parts.path, query, "")))
    return out
