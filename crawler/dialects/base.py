"""The dialect interface: what a CMS adapter must answer about a portal's pages.

A dialect recognises its CMS, reads a list page (entries, the other pages of the list, a
placeholder such as 暂无信息), tells article addresses from column addresses and reads an article.
Supporting a new CMS (Hanweb, gkmlpt, VSB …) means adding one adapter module and registering it
in `crawler.dialects.DIALECTS`; the spider does not change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from crawler.extract import metadata
from crawler.extract.dates import parse_date
from crawler.extract.html import nospace, squash, visible_text
from crawler.extract.pager import Pager
from crawler.extract.urls import (absolute, is_column_like, is_list_page_file,
                                  looks_like_article)

# Page areas whose links are site furniture, never list entries.
_FURNITURE_RE = re.compile(
    r"nav|menu|header|footer|foot|crumb|position|location|pager|pagebar|page_bar|pagination"
    r"|friend|yqlj|links|share|search|top|bottom|banner", re.I)
_READLABEL_ATTRS = ("readlabel", "data-date", "datetime")


@dataclass
class ListItem:
    url: str
    title: str
    date: str | None  # ISO as displayed in the list


@dataclass
class ListPage:
    items: list[ListItem] = field(default_factory=list)
    pager: Pager = field(default_factory=lambda: Pager(1))
    page_urls: list[str] = field(default_factory=list)  # every page of the list, this one first
    placeholder: str | None = None
    dialect: str = ""


class Dialect:
    """Base adapter; subclasses override what their CMS does differently."""

    name = "base"

    def detect(self, html: str, url: str) -> bool:
        raise NotImplementedError

    def extract_list(self, tree: etree._Element, html: str, url: str) -> ListPage:
        raise NotImplementedError

    def is_article_url(self, url: str) -> bool:
        raise NotImplementedError

    def is_column_url(self, url: str) -> bool:
        return is_column_like(url) and not self.is_article_url(url)

    def unit_columns(self, tree: etree._Element, html: str, url: str) -> list | None:
        """The columns a unit's landing page links, as (url, name), for CMSs whose column
        addresses are not directories below the unit (Hanweb `/col/col<id>/`, gkmlpt API
        categories, VSB `wbtreeid`). None: the spider's directory rule applies."""
        return None

    def extract_article(self, html: str, url: str, tree=None) -> metadata.ArticleFacts:
        return metadata.extract_article(html, url, tree)

    # -- shared helpers -----------------------------------------------------------------------

    def placeholder(self, tree: etree._Element, placeholders: list[str]) -> str | None:
        """The placeholder text the list shows (暂无信息 …), outside the page furniture."""
        body = tree.find("body")
        text = nospace(visible_text(_strip_furniture(body if body is not None else tree)))
        for label in placeholders:
            if nospace(label) in text:
                return label
        return None

    def rows(self, tree: etree._Element, url: str, *, need_date: bool) -> list[ListItem]:
        """Entries of `li` / `tr` rows: one link each, with the date shown next to it.

        Rows without a date count only when `need_date` is False and the link looks like an
        article in any CMS's scheme (undated entries are a fact the checks need to see; a
        Hanweb datastore may well hold TRS-style article addresses).
        """
        items: list[ListItem] = []
        seen: set[str] = set()
        for row in tree.iter("li", "tr", "dd"):
            if _in_furniture(row):
                continue
            links = [a for a in row.iter("a") if a.get("href")]
            if not links or any(sub is not row and sub.tag in ("li", "tr")
                                for sub in row.iter("li", "tr")):
                continue  # nested lists: the inner rows are the entries
            anchor = max(links, key=lambda a: len(squash(a.text_content())))
            target = absolute(url, anchor.get("href"))
            if not target or target in seen or is_list_page_file(target) and not \
                    self.is_article_url(target):
                continue
            title = squash(anchor.get("title") or anchor.text_content())
            date = row_date(row, anchor)
            if date is None and (need_date or not (self.is_article_url(target)
                                                   or looks_like_article(target))):
                continue
            if not title:
                continue
            seen.add(target)
            items.append(ListItem(target, title, date))
        return items


    def json_rows(self, tree: etree._Element, url: str) -> list[ListItem]:
        """Entries a script would draw from an inline JSON value (crawler/extract/jsonlist.py)."""
        from crawler.extract.jsonlist import json_entries  # jsonlist imports navlinks

        return [ListItem(u, title, date) for u, title, date in json_entries(tree, url)]


def row_date(row: etree._Element, anchor: etree._Element) -> str | None:
    """The date displayed in a list row: a `readlabel`-like attribute, the row's text outside
    the link, or the link text itself."""
    for el in row.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in _READLABEL_ATTRS:
            if el.get(attr):
                found = parse_date(el.get(attr), compact=True)
                if found:
                    return found
    outside = "".join(_text_outside(row, anchor))
    return parse_date(outside) or parse_date(anchor.text_content())


def _text_outside(node: etree._Element, skip: etree._Element):
    if node is skip:
        return
    if not isinstance(node.tag, str) or node.tag in ("script", "style"):
        return
    if node.text:
        yield node.text
    for child in node:
        yield from _text_outside(child, skip)
        if child.tail:
            yield child.tail


def in_furniture(el: etree._Element) -> bool:
    """True inside navigation bars, headers, footers, pagers, friend-link boxes."""
    return _in_furniture(el)


def _in_furniture(el: etree._Element) -> bool:
    node = el
    while node is not None and isinstance(node.tag, str):
        if node.tag in ("nav", "header", "footer"):
            return True
        marker = f"{node.get('class') or ''} {node.get('id') or ''}"
        if marker.strip() and _FURNITURE_RE.search(marker):
            return True
        node = node.getparent()
    return False


def _strip_furniture(root: etree._Element) -> etree._Element:
    import copy

    clone = copy.deepcopy(root)
    for el in list(clone.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        marker = f"{el.get('class') or ''} {el.get('id') or ''}"
        if el.tag in ("nav", "header", "footer", "script", "style") or (
                marker.strip() and _FURNITURE_RE.search(marker)):
            el.getparent().remove(el)
    return clone
