"""VSB 博达 adapter.

Lists are `list.jsp?urltype=tree.TreeTempUrl&wbtreeid=<col>` (or static `<col>/list.htm`),
paged by `a<module>t=<pages>&a<module>p=<page>&a<module>c=<per page>` parameters in the pager
links; articles are `/info/<col>/<id>.htm`. Columns are known by their `wbtreeid`, so a unit
page's columns are its `wbtreeid` links (the path `/list.jsp` is the same for all).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree

from crawler.dialects.base import Dialect, ListPage, in_furniture
from crawler.extract.html import squash
from crawler.extract.pager import Pager
from crawler.extract.urls import absolute

_MARKERS_RE = re.compile(r"/system/resource/|wbtreeid=|_sitegray|vsbscreen|/info/\d+/\d+\.htm",
                         re.I)
_ARTICLE_RE = re.compile(r"/info/\d+/\d+\.html?$", re.I)
_PAGER_RE = re.compile(r"^a(\d+)([tpc])$")


class VsbDialect(Dialect):
    name = "vsb"

    def detect(self, html: str, url: str) -> bool:
        return bool(_MARKERS_RE.search(html[:200000])) or "wbtreeid=" in url

    def is_article_url(self, url: str) -> bool:
        return bool(_ARTICLE_RE.search(urlsplit(url).path))

    def is_column_url(self, url: str) -> bool:
        return "wbtreeid=" in urlsplit(url).query or urlsplit(url).path.endswith("/list.htm")

    def unit_columns(self, tree: etree._Element, html: str, url: str):
        found: dict[str, str] = {}
        for a in tree.iter("a"):
            target = absolute(url, a.get("href"))
            if not target or not self.is_column_url(target) or in_furniture(a):
                continue
            target = column_url(target)
            text = squash(a.text_content()) or squash(a.get("title"))
            if target != column_url(url) and (target not in found or not found[target]):
                found[target] = text
        return list(found.items())

    def extract_list(self, tree: etree._Element, html: str, url: str) -> ListPage:
        items = self.rows(tree, url, need_date=False) or self.json_rows(tree, url)
        pages, template = 1, None
        for a in tree.iter("a"):
            target = absolute(url, a.get("href"))
            if not target:
                continue
            params = dict(parse_qsl(urlsplit(target).query))
            module = next((m.group(1) for k in params if (m := _PAGER_RE.match(k))), None)
            if module and params.get(f"a{module}t", "").isdigit():
                pages = max(pages, int(params[f"a{module}t"]))
                template = (target, module)
        page_urls = [url]
        if template and pages > 1:
            target, module = template
            page_urls += [_with_params(target, {f"a{module}p": str(n)})
                          for n in range(2, pages + 1)]
        return ListPage(items=items, pager=Pager(pages, source="vsb" if template else "none"),
                        page_urls=page_urls, dialect=self.name)


def column_url(url: str) -> str:
    """A column's address without pager parameters (`…&a2p=3` → the column itself)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not _PAGER_RE.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _with_params(url: str, changes: dict) -> str:
    parts = urlsplit(url)
    query = [(k, changes.pop(k) if k in changes else v)
             for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query += list(changes.items())
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
