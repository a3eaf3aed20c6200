"""广东 gkmlpt (政府信息公开目录平台) adapter.

The entry `/gkmlpt/index` is a single-page-app shell: the column tree is JSON in
`window._CONFIG = {SID: '…', TREE: […]}` and every list comes from
`GET /gkmlpt/api/all/<catid>?page=N&sid=<sid>` as JSON `{total, articles: [{title, url |
post_url, created_at …}]}`. Each catalogue category becomes a column whose address is its API
URL (page 1). Details are `/gkmlpt/content/<a>/<b>/post_<id>.html`. The shell's script is read,
never run.
"""

from __future__ import annotations

import json
import math
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from crawler.dialects.base import Dialect, ListItem, ListPage
from crawler.extract.dates import date_from_value
from crawler.extract.pager import Pager
from crawler.extract.urls import absolute

_SID_RE = re.compile(r"""\bSID\s*:\s*['"]?(\d+)['"]?""")
_TREE_RE = re.compile(r"""\bTREE\s*:\s*(?=\[)""")
_ARTICLE_RE = re.compile(r"/gkmlpt/content/\d+/\d+/post_\d+\.html?$|/content/post_\d+\.html?$")
_API_RE = re.compile(r"/gkmlpt/api/all/(\d+)$")


class GkmlptDialect(Dialect):
    name = "gkmlpt"

    def detect(self, html: str, url: str) -> bool:
        path = urlsplit(url).path
        return "/gkmlpt/" in path or ("gkmlpt" in html[:200000] and bool(_SID_RE.search(html)))

    def is_article_url(self, url: str) -> bool:
        return bool(_ARTICLE_RE.search(urlsplit(url).path))

    def is_column_url(self, url: str) -> bool:
        return bool(_API_RE.search(urlsplit(url).path))

    def unit_columns(self, tree: etree._Element, html: str, url: str):
        """Every category of the shell's TREE (leaves and branches with their own posts) as
        (API URL of page 1, name)."""
        sid = _SID_RE.search(html)
        found = _TREE_RE.search(html)
        if not sid or not found:
            return None
        try:  # the JSON array that starts there (raw_decode stops at its end)
            nodes, _ = json.JSONDecoder().raw_decode(html, found.end())
        except ValueError:
            return None
        base = urljoin(url, "/gkmlpt/") if "/gkmlpt/" not in urlsplit(url).path else \
            urljoin(url, urlsplit(url).path.split("/gkmlpt/")[0] + "/gkmlpt/")
        out = []

        def walk(items):
            for node in items or []:
                if not isinstance(node, dict) or "id" not in node:
                    continue
                api = urljoin(base, f"api/all/{int(node['id'])}?page=1&sid={sid.group(1)}")
                out.append((api, str(node.get("name") or "")))
                walk(node.get("children"))

        walk(nodes)
        return out

    def extract_list(self, tree: etree._Element, html: str, url: str) -> ListPage:
        try:
            data = json.loads(html)
        except ValueError:
            return ListPage(dialect=self.name)
        if not isinstance(data, dict):
            return ListPage(dialect=self.name)
        articles = data.get("articles") or []
        items = []
        for art in articles:
            if not isinstance(art, dict):
                continue
            target = absolute(url, art.get("url") or art.get("post_url"))
            title = str(art.get("title") or "").strip()
            if target and title:
                items.append(ListItem(target, title, _date(art)))
        total = data.get("total")
        if total is None:
            total = (data.get("classify") or {}).get("post_count")
        per_page = int(data.get("per_page") or 0) or len(articles)
        pages = math.ceil(int(total) / per_page) if total and per_page else 1
        return ListPage(items=items, pager=Pager(pages, source="api" if total else "none"),
                        page_urls=[_with_page(url, n) for n in range(1, pages + 1)],
                        dialect=self.name)


def _date(article: dict) -> str | None:
    for key in ("display_publish_time", "publish_time", "created_at", "first_publish_time"):
        found = date_from_value(article.get(key))
        if found:
            return found
    return None


def _with_page(url: str, page: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    return urlunsplit((parts.scheme, parts.netloc, parts.path,
                       urlencode([("page", str(page)), *query]), ""))
