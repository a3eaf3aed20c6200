"""The homepage's dated blocks (要闻, 通知公告 …) and their 更多 links.

A homepage shows several lists side by side; the news block is the one whose heading reads as
news (要闻/动态), else the first dated block. Each block's 更多 link leads to its column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from crawler.dialects.base import ListItem, in_furniture as _in_furniture, row_date
from ground.classify import by_name, clean_name
from crawler.extract.html import is_inside, squash
from crawler.extract.urls import absolute

_MORE_RE = re.compile(r"^(更多|more|查看更多|更多>+|>>|more>+)", re.I)
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "strong", "b"}
_HEADING_CLASS_RE = re.compile(r"tit|title|hd|head|name|tab", re.I)


@dataclass
class Block:
    name: str
    more_url: str | None
    items: list[ListItem] = field(default_factory=list)


def is_more_link(text: str) -> bool:
    return bool(_MORE_RE.match(clean_name(text)))


def blocks(tree: etree._Element, url: str) -> list[Block]:
    groups: dict[etree._Element, list[ListItem]] = {}
    order: list[etree._Element] = []
    for row in tree.iter("li", "tr"):
        if _is_layout(row):
            continue  # an outer layout row holds whole lists: its own entries are read instead
        links = [a for a in row.iter("a") if a.get("href")]
        if not links or _in_furniture(row):
            continue
        anchor = max(links, key=lambda a: len(squash(a.text_content())))
        target = absolute(url, anchor.get("href"))
        title = squash(anchor.get("title") or anchor.text_content())
        date = row_date(row, anchor)
        if not target or not title or not date or is_more_link(title):
            continue
        parent = row.getparent()
        if parent not in groups:
            groups[parent] = []
            order.append(parent)
        groups[parent].append(ListItem(target, title, date))
    out = []
    for parent in order:
        name, more = _heading(parent, url)
        out.append(Block(name or "", more, groups[parent]))
    return out


def _is_layout(row: etree._Element) -> bool:
    """A row that contains other rows or tables (table-layout homepages nest the news lists
    inside the cells of an outer table): never a news entry itself."""
    for el in row.iterdescendants("li", "tr", "table", "ul", "ol"):
        return True
    return False


def news_block(found: list[Block]) -> Block | None:
    for block in found:
        if by_name(block.name)[0] == "news":
            return block
    return found[0] if found else None


def _heading(list_el: etree._Element, base_url: str) -> tuple[str | None, str | None]:
    """Walk up from the list to the block holding its heading and 更多 link."""
    node = list_el
    for _ in range(4):
        node = node.getparent()
        if node is None:
            break
        more = None
        for a in node.iter("a"):
            if is_more_link(squash(a.text_content())) or is_more_link(a.get("title") or ""):
                more = absolute(base_url, a.get("href"))
                break
        heading = None
        for el in node.iter():
            if not isinstance(el.tag, str) or is_inside(el, list_el):
                continue
            marker = el.get("class") or ""
            if el.tag in _HEADING_TAGS or (marker and _HEADING_CLASS_RE.search(marker)):
                text = squash(el.text_content())
                text = re.sub(r"(更多|more).*$", "", text, flags=re.I).strip(" >»")
                if text and len(text) <= 12:
                    heading = text
                    break
        if heading or more:
            return heading, more
    return None, None
