"""URL helpers: keys, site membership, attachment and article recognition.

URLs taken from pages are returned in the store's canonical form (ground.urls.canonical_url).

A unit's or column's `key` is its URL path (stable across runs, independent of the port the
replica happens to use). "Inside the portal" means same scheme-less host *and port*: on loopback
the unreachable external host (`127.0.0.1:1`) shares the host name with the portal.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

from ground.urls import canonical_url

ATTACHMENT_EXTENSIONS = {
    "pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "dps", "ppt", "pptx", "zip", "rar", "7z",
    "txt", "csv", "ofd", "odt", "ods",
}
_TRS_ARTICLE_RE = re.compile(r"/t\d{8}_\d+(?:_\d+)?\.s?html?$", re.I)
_PAGE_FILE_RE = re.compile(r"^(?:index|default)(?:_\d+)?\.s?html?$", re.I)


def absolute(base: str, href: str | None) -> str | None:
    """Absolute http(s) URL for `href`, without fragment; None for javascript:, mailto: …"""
    if not href:
        return None
    bare = href.strip()  # as _absolute reads it
    if (bare[:1] == "/" or bare[:8].lower().startswith(("http://", "https://"))) and \
            base.startswith(("http://", "https://")):
        # urljoin takes only the base's scheme and host for a root-relative (`/a/b.html`),
        # protocol-relative or absolute href: resolved against the site's root, the same
        # menu link is one cache entry for the whole portal instead of one per page.
        base = _origin(base)
    return _absolute(base, href)


@lru_cache(maxsize=4096)
def _origin(base: str) -> str:
    """`http://host:port/` of an http(s) URL: what urljoin reads of a base for such hrefs."""
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


# A page's links are resolved by several readers (attachments, navigation, external checks):
# the cache makes the second and third time a lookup. Pure function of its arguments.
@lru_cache(maxsize=8192)
def _absolute(base: str, href: str) -> str | None:
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    low = href.lower()
    if low.startswith(("javascript:", "mailto:", "tel:", "data:", "about:")):
        return None
    url = urldefrag(urljoin(base, href))[0]
    # The canonical form (as requests and stored rows use): a list entry written with Chinese
    # characters or spaces must name the same page as the request that fetched it.
    return canonical_url(url) if url.startswith(("http://", "https://")) else None


@lru_cache(maxsize=16384)  # asked for every link of every page (scope checks)
def netloc(url: str) -> str:
    """Host and port, with the scheme's default port made explicit."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


def same_site(url: str, site_url: str) -> bool:
    return netloc(url) == netloc(site_url)


@lru_cache(maxsize=16384)  # asked for every link of every page
def path_of(url: str) -> str:
    """URL path used as a key; `…/index.html` counts as its directory."""
    path = urlsplit(url).path or "/"
    return dir_path(path) if _PAGE_FILE_RE.match(posixpath.basename(path)) else path


def dir_path(path: str) -> str:
    """`/a/b/index.html` → `/a/b/`; `/a/b/` → `/a/b/`."""
    if path.endswith("/"):
        return path
    return path.rsplit("/", 1)[0] + "/"


@lru_cache(maxsize=16384)  # asked for every link of every page
def extension(url: str) -> str:
    name = posixpath.basename(urlsplit(url).path)
    return name.rsplit(".", 1)[1].lower() if "." in name else ""


def is_attachment(url: str) -> bool:
    return extension(url) in ATTACHMENT_EXTENSIONS


def is_trs_article(url: str) -> bool:
    return bool(_TRS_ARTICLE_RE.search(urlsplit(url).path))


# Article addresses of every CMS family seen on county portals (TRS t<date>_<id>, Hanweb
# art_<col>_<id>, gkmlpt post_<id>, VSB /info/<col>/<id>.htm, content_<id>, long numeric or hex
# file names).
_ARTICLE_RE = re.compile(
    r"/art_\d+_\d+\.html?$|/art_[0-9a-f]{32}\.html?$|content_\d+|/post_\d+\.html?$"
    r"|/info/\d+/\d+\.htm|/\d{5,}\.s?html?$|/[0-9a-f]{32}\.s?html?$", re.I)


def looks_like_article(url: str) -> bool:
    """An article address in any CMS family's scheme (not a column, not a list page)."""
    from crawler.extract.dates import date_from_url  # dates is the heavier module

    return is_trs_article(url) or bool(_ARTICLE_RE.search(url)) or bool(date_from_url(url))


@lru_cache(maxsize=16384)  # asked for every link of every page
def is_list_page_file(url: str) -> bool:
    """`index.html`, `index_3.html`: a page of a column list rather than another column."""
    return bool(_PAGE_FILE_RE.match(posixpath.basename(urlsplit(url).path)))


@lru_cache(maxsize=16384)  # asked for every link of every page
def is_column_like(url: str) -> bool:
    """A directory URL, or an index page of one: the shape of a TRS column address."""
    path = urlsplit(url).path or "/"
    return path.endswith("/") or bool(_PAGE_FILE_RE.match(posixpath.basename(path)))


def is_under(url_or_path: str, prefix_path: str) -> bool:
    """True when the URL's path lies strictly below the directory `prefix_path`."""
    path = path_of(url_or_path) if "://" in url_or_path else url_or_path
    prefix = dir_path(prefix_path)
    return path.startswith(prefix) and path != prefix


_SCRIPT_EXT = (".jsp", ".do", ".php", ".asp", ".aspx", ".action")


def column_key(url: str) -> str:
    """A column's key: its path, plus the query when the path is a script shared by every
    column (VSB `list.jsp?…&wbtreeid=1001`)."""
    parts = urlsplit(url)
    key = path_of(url)
    if parts.query and parts.path.lower().endswith(_SCRIPT_EXT):
        key += "?" + parts.query
    return key


def column_url(url: str) -> str:
    """`…/zfxxgkzn/index.html` → `…/zfxxgkzn/`: one address per column (a paged
    `index_3.html` keeps its name)."""
    parts = urlsplit(url)
    if is_list_page_file(url) and "_" not in parts.path.rsplit("/", 1)[-1]:
        return urlunsplit((parts.scheme, parts.netloc, dir_path(parts.path), "", ""))
    return url
