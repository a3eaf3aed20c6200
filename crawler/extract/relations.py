"""Document ↔ 政策解读 links on article pages.

A 规范性文件 page links its interpretation under a label (相关解读：<a>…</a>), and a 解读 page
links the document it explains (相关文件：<a>《…》</a>). The label is the short text right before
the link inside its block, else the heading of the short box holding it (<h4>相关文件</h4><ul>
<li><a>…), else the link text itself ("政策解读：…"). Of the labels
of ground/data/interaction.yaml that occur there, the one ending closest to the link wins, so
"相关政策解读" is an interpretation label, not "相关政策". Site furniture (navigation, breadcrumb)
and links to columns are ignored: they are not relations between two documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from crawler.extract.html import squash
from crawler.extract.urls import absolute, is_attachment, is_column_like

BLOCKS = ("p", "div", "li", "td", "dd", "dt", "span", "section", "tr")
LABEL_SPAN = 20  # characters before the link that can hold its label
# Page furniture that never holds a relation. Narrower than the list dialects' furniture on
# purpose: 相关解读 boxes are often classed "related-links" or "share-box", and missing one
# would accuse a document of having no interpretation.
_FURNITURE_RE = re.compile(r"nav|menu|header|footer|crumb|position|location|pager|pagination",
                           re.I)


def _in_furniture(el: etree._Element) -> bool:
    node = el
    while node is not None and isinstance(node.tag, str):
        if node.tag in ("nav", "header", "footer"):
            return True
        if _FURNITURE_RE.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
        node = node.getparent()
    return False


@dataclass
class Relation:
    to_url: str
    relation: str  # interpretation | document
    text: str


def _before(block: etree._Element, anchor: etree._Element) -> str:
    """Text of `block` that comes before `anchor` in document order."""
    parts: list[str] = []

    def walk(node) -> bool:
        if node is anchor:
            return True
        if not isinstance(node.tag, str) or node.tag in ("script", "style"):
            if node.tail and node is not block:
                parts.append(node.tail)
            return False
        if node.text:
            parts.append(node.text)
        for child in node:
            if walk(child):
                return True
            if child.tail:
                parts.append(child.tail)
        return False

    walk(block)
    return squash("".join(parts))


def _block_of(anchor: etree._Element) -> etree._Element:
    node = anchor.getparent()
    while node is not None and node.tag not in BLOCKS:
        node = node.getparent()
    return node if node is not None else anchor


BOX_LEVELS, BOX_SPAN = 4, 40
# What may stand between the links of a 相关文件 box besides their titles: dates, separators.
_FILLER_RE = re.compile(r"[\d\s\-/.:：年月日\[\]()（）【】·|,，、;；]+")


def _box_label(anchor: etree._Element, labels: dict) -> tuple[str, str | None]:
    """The heading of a box of links the link sits in (<h4>相关文件</h4><ul><li><a>…</a></li>…):
    the short text before the box's first link, accepted only when everything else in the box
    is link text, dates or separators (a paragraph that merely mentions 解读 is no heading)."""
    node = _block_of(anchor)
    for _ in range(BOX_LEVELS):
        node = node.getparent()
        if node is None or not isinstance(node.tag, str):
            break
        links = [x for x in node.iter("a")]
        heading = _before(node, links[0]) if links else ""
        if len(heading) > BOX_SPAN:
            break
        relation = classify(heading, labels) if heading else None
        if relation is None:
            continue
        rest = squash(node.text_content())[len(heading):]
        for x in links:
            rest = rest.replace(squash(x.text_content()), "", 1)
        if _FILLER_RE.sub("", rest):
            break
        return heading[-LABEL_SPAN:], relation
    return "", None


def classify(text: str, labels: dict) -> str | None:
    """interpretation | document | None for a label text, by the label ending closest to its
    end (then the longest)."""
    best: tuple[int, int, str] | None = None
    for relation in ("interpretation", "document"):
        for label in labels.get(relation, ()):
            end = text.rfind(label)
            if end < 0:
                continue
            key = (end + len(label), len(label), relation)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else None


def find(tree: etree._Element, page_url: str, labels: dict) -> list[Relation]:
    out: list[Relation] = []
    seen: set[tuple[str, str]] = set()
    for a in tree.iter("a"):
        url = absolute(page_url, a.get("href"))
        if not url or url == page_url or _in_furniture(a) or is_column_like(url) \
                or is_attachment(url):
            continue
        anchor_text = squash(a.text_content())
        label = _before(_block_of(a), a)[-LABEL_SPAN:]
        relation = classify(label, labels) if label else None
        if relation is None:
            label, relation = _box_label(a, labels)
        if relation is None and anchor_text:
            # No label before it: a link whose own text says what it is (政策解读：…).
            relation = "interpretation" if classify(anchor_text, labels) == "interpretation" \
                else None
        if relation is None or (url, relation) in seen:
            continue
        seen.add((url, relation))
        out.append(Relation(url, relation, squash(f"{label} {anchor_text}")[:200]))
    return out
