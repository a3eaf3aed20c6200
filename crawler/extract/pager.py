"""Pagination of TRS-style static lists, read from the pager script without running it.

TRS writes the page bar with JavaScript but every page is a static file: `index.html`, then
`index_1.html` … `index_{N-1}.html`. Knowing N is enough. N comes from (in this order)
`createPageHTML(N, i, "index", "html")` and its variants, the older `var countPage = N`, or a
visible `共N页`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

_Q = r"""["']"""
# createPageHTML(9, 0, "index", "html"); createPageHTML(3, 1, 'index', 'shtml');
# createPageHTML('page_div', 5, 1, 'fg', 'shtml', 89)  (container id first, record count last)
_CREATE_PAGE_RE = re.compile(
    rf"createPageHTML\(\s*(?:{_Q}[^\"']*{_Q}\s*,\s*)?(\d+)\s*,\s*(\d+)\s*,\s*{_Q}([\w-]+){_Q}"
    rf"\s*,\s*{_Q}(\w+){_Q}"
)
_COUNT_PAGE_RE = re.compile(r"\bvar\s+countPage\s*=\s*(\d+)")
_TOTAL_TEXT_RE = re.compile(r"共\s*(\d+)\s*页")
# Sanity bound: a county column never has this many pages; larger numbers are template junk.
MAX_PAGES = 2000


@dataclass(frozen=True)
class Pager:
    total: int  # number of list pages, including the first
    prefix: str = "index"
    ext: str = "html"
    source: str = "none"  # createPageHTML | countPage | text | none


def parse_pager(html: str, page_url: str = "") -> Pager:
    """How many pages the list has and how their files are named."""
    ext = _extension(page_url) or "html"
    m = _CREATE_PAGE_RE.search(html)
    if m:
        total = int(m.group(1))
        if 0 < total <= MAX_PAGES:
            return Pager(total, m.group(3), m.group(4), "createPageHTML")
    m = _COUNT_PAGE_RE.search(html)
    if m and 0 < int(m.group(1)) <= MAX_PAGES:
        return Pager(int(m.group(1)), _prefix(page_url), ext, "countPage")
    m = _TOTAL_TEXT_RE.search(html)
    if m and 0 < int(m.group(1)) <= MAX_PAGES:
        return Pager(int(m.group(1)), _prefix(page_url), ext, "text")
    return Pager(1, _prefix(page_url), ext, "none")


def page_urls(page_url: str, pager: Pager) -> list[str]:
    """All list page URLs: `index.html`, `index_1.html` … (`_N` is 0-based: page 2 = `_1`)."""
    first = urljoin(page_url, f"{pager.prefix}.{pager.ext}")
    if page_url.endswith("/") or _basename(page_url) == f"{pager.prefix}.{pager.ext}":
        first = page_url
    return [first] + [urljoin(page_url, f"{pager.prefix}_{i}.{pager.ext}")
                      for i in range(1, pager.total)]


def _basename(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1]


def _extension(url: str) -> str:
    name = _basename(url)
    return name.rsplit(".", 1)[1] if "." in name else ""


def _prefix(url: str) -> str:
    """`index_3.html` → `index`; a directory URL → `index`."""
    name = _basename(url)
    stem = name.rsplit(".", 1)[0] if "." in name else ""
    stem = re.sub(r"_\d+$", "", stem)
    return stem or "index"
