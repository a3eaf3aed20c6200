"""TRS WCM (拓尔思) adapter: the dominant CMS of county portals (Ningxia's provincial platform).

Columns are directories; a list is `index.html`, `index_1.html` … with the page count in a
pager script; articles are `./YYYYMM/tYYYYMMDD_<id>.html`. Lists come as `ul > li > a + span`,
as table rows, or as rows written by script (`var url = "…"; var title = "…"; document.writeln`);
the script is read with regexes, never run.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.dialects.base import Dialect, ListItem, ListPage
from crawler.extract.dates import parse_date
from crawler.extract.pager import page_urls, parse_pager
from crawler.extract.urls import absolute, is_trs_article

_MARKERS_RE = re.compile(r"createPageHTML|countPage|TRS_Editor|TRS_UEDITOR|/t\d{8}_\d+\.s?html?"
                         r"|trs\.|TRS", re.S)
_SCRIPT_ROW_RE = re.compile(r"""var\s+url\s*=\s*(["'])(?P<url>[^"']+)\1(?P<rest>.*?)(?=var\s+url\s*=|$)""",
                            re.S)
_SCRIPT_VAR_RE = re.compile(r"""var\s+(?P<name>\w+)\s*=\s*(["'])(?P<value>[^"']*)\2""")
_DATE_VARS = {"time", "date", "pubdate", "docreltime", "pubtime", "reltime", "fbrq", "crtime"}


class TrsDialect(Dialect):
    name = "trs"

    def detect(self, html: str, url: str) -> bool:
        return bool(_MARKERS_RE.search(html)) or is_trs_article(url)

    def is_article_url(self, url: str) -> bool:
        return is_trs_article(url)

    def extract_list(self, tree: etree._Element, html: str, url: str) -> ListPage:
        items = self.rows(tree, url, need_date=False)
        known = {item.url for item in items}
        for item in script_rows(tree, url):
            if item.url not in known:
                known.add(item.url)
                items.append(item)
        items = items or self.json_rows(tree, url)
        pager = parse_pager(html, url)
        return ListPage(items=items, pager=pager, page_urls=page_urls(url, pager),
                        dialect=self.name)


def script_rows(tree: etree._Element, base_url: str) -> list[ListItem]:
    """Rows that exist only inside `<script>`: `var url = "./…"; var title = "…"; …`."""
    out = []
    for script in tree.iter("script"):
        code = script.text or ""
        if "var url" not in code.replace("  ", " "):
            continue
        for m in _SCRIPT_ROW_RE.finditer(code):
            url = absolute(base_url, m.group("url"))
            if not url:
                continue
            variables = {v.group("name").lower(): v.group("value")
                         for v in _SCRIPT_VAR_RE.finditer(m.group("rest"))}
            title = variables.get("title") or variables.get("doctitle") or ""
            date = None
            for name in _DATE_VARS:
                if variables.get(name):
                    date = parse_date(variables[name], compact=True)
                    if date:
                        break
            if title:
                out.append(ListItem(url, title.strip(), date))
    return out
