"""Parsing untrusted HTML into lxml trees and visible text.

Government pages are often malformed or mis-declare their charset; these helpers never raise on
bad markup and never run scripts.
"""

from __future__ import annotations

import re
import threading

import lxml.html
from lxml import etree

_BLOCK_TAGS = {
    "p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
    "section", "article", "dd", "dt", "dl", "header", "footer", "form", "blockquote", "pre",
    "tbody", "thead",
}
_CELL_TAGS = {"td", "th"}
_INVISIBLE = {"script", "style", "noscript", "template", "head"}
_SPACES_RE = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_WHITESPACE_RE = re.compile(r"\s+")


# A closing </html> or </body> before the end (gov.cn 公报 pages close the document after
# <head>) makes libxml2 start a second <html> root: the body then lies outside the tree every
# reader walks. The parser closes both at the end of input anyway, so they are dropped.
_EARLY_CLOSE = re.compile(r"</\s*(?:html|body)\s*>", re.I)
# Characters lxml refuses in str input (NUL, C0 controls other than tab/newline/return).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# lxml.html's own parser picks each element's class (FormElement, InputElement …) with a Python
# callback every time an element is touched from Python; nothing here uses those subclasses, so
# every element is a plain HtmlElement, chosen in C (the same tree, the same methods).
# One parser per thread: pages are parsed on the reactor thread, HTML attachments in the
# document reader's thread, and lxml supports a parser object in one thread at a time only.
_PARSERS = threading.local()


def _parser() -> etree.HTMLParser:
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = etree.HTMLParser()
        parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity))
    return parser


def parse(html: str | bytes) -> etree._Element:
    """An lxml tree for any input, an empty `<html>` for nothing parseable. Never raises."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    # lxml refuses str input that carries an XML encoding declaration.
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html or "")
    html = _CONTROL.sub("", _EARLY_CLOSE.sub("", html))
    if not html.strip():
        return lxml.html.fromstring("<html></html>")
    try:
        return lxml.html.document_fromstring(html, parser=_parser())
    except (etree.LxmlError, ValueError, TypeError):
        return lxml.html.fromstring("<html></html>")


def visible_text(el: etree._Element | None, exclude: etree._Element | None = None) -> str:
    """Text as a reader sees it: one line per block element, cells separated by spaces.
    `exclude`: an element inside `el` whose text is left out (its tail is kept)."""
    if el is None:
        return ""
    parts = _parts(el, exclude)[0]
    return _lines(parts)


def visible_texts(el: etree._Element, inner: etree._Element) -> tuple[str, str, str] | None:
    """In one walk, what three visible_text calls would give: the text of `el`, of `el` without
    `inner` (its tail kept) and of `inner` alone. None when the walk does not reach `inner`
    (not inside `el`, or inside a script or style block): ask visible_text then."""
    parts, span = _parts(el, inner, keep=True)
    if span is None:
        return None
    start, end = span
    return (_lines(parts), _lines(parts[:start] + parts[end:]), _lines(parts[start:end]))


def _parts(el: etree._Element, exclude: etree._Element | None, keep: bool = False):
    """The text pieces and separators of `el` in reading order. `exclude` is left out, or,
    with `keep`, walked too and its pieces' span (its tail after it) returned."""
    parts: list[str] = []
    span = None

    def walk(node: etree._Element) -> None:
        nonlocal span
        tag = node.tag if isinstance(node.tag, str) else ""
        if node is exclude:
            start = len(parts)
            if keep and tag and tag not in _INVISIBLE:
                inner_tail = node.tail
                node.tail = None
                try:
                    walk_open(node, tag)
                finally:
                    node.tail = inner_tail
            span = (start, len(parts))
            if node.tail:
                parts.append(node.tail)
            return
        if tag in _INVISIBLE or not isinstance(node.tag, str):
            if node.tail:
                parts.append(node.tail)
            return
        walk_open(node, tag)

    def walk_open(node: etree._Element, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        elif tag in _CELL_TAGS:
            parts.append("  ")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    tail = el.tail
    el.tail = None  # the element's own tail is outside it
    try:
        walk(el)
    finally:
        el.tail = tail
    return parts, span


def _lines(parts: list[str]) -> str:
    lines = (_SPACES_RE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def squash(text: str | None) -> str:
    """Collapse all whitespace (incl. full-width spaces) to single spaces."""
    return _SPACES_RE.sub(" ", (text or "").replace("\n", " ")).strip()


def nospace(text: str | None) -> str:
    """Remove all whitespace: `索 引 号` → `索引号`."""
    return _WHITESPACE_RE.sub("", (text or "").replace("\u3000", "").replace("\u00a0", ""))


def decode_body(body: bytes, declared: str | None) -> str:
    """Decode a page, surviving a wrong charset declaration (UTF-8 vs GBK mix-ups are common)."""
    tried = []
    for enc in (declared, "utf-8", "gb18030"):
        if not enc or enc.lower() in tried:
            continue
        tried.append(enc.lower())
        try:
            return body.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode(declared or "utf-8", "replace") if declared else body.decode("utf-8", "replace")


def is_inside(el: etree._Element, container: etree._Element) -> bool:
    """True when `el` is `container` or lies within it."""
    return el is container or any(a is container for a in el.iterancestors())
