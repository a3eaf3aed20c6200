"""Every navigation link a page offers, whatever form it takes.

Real portals do not always navigate with `<a href>`: menus jump with
`onclick="location.href='…'"` or `window.open('…')`, keep the target in `data-url`, list units in
a `<select onchange>` box, map an image with `<area>`, hold a list in an `<iframe>`, write links
with `document.write('<a href=…>')` or keep the menu in an inline JSON blob that a script renders.
The crawler cannot run scripts, so it reads each of these forms statically; what it still cannot
read is left for the structure resolver to call "navigation not fully read".

`nav_links(tree, base)` returns one `NavLink` per (url, form), in document order, with the text a
user would see (anchor text, `title`, `alt`, option text, a JSON record's name).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from crawler.extract.html import squash
from crawler.extract.urls import absolute

# A quoted target after a navigation call or assignment in an inline handler or script.
_JUMP_RE = re.compile(
    r"""(?:(?:window|self|top|parent|document)\.)?location(?:\.href)?\s*=\s*(['"])(?P<a>[^'"]+)\1"""
    r"""|(?:window\.)?open\s*\(\s*(['"])(?P<b>[^'"]+)\3"""
    r"""|location\.(?:assign|replace)\s*\(\s*(['"])(?P<c>[^'"]+)\5""")
_DATA_ATTRS = ("data-url", "data-href", "data-link", "data-src")
# `document.write('<a href="…">…</a>')` and HTML fragments held in script strings.
_SCRIPT_A_RE = re.compile(r"""<a\b[^>]*?href\s*=\s*\\?(['"])(?P<href>[^'"\\]+)\\?\1[^>]*>(?P<text>.*?)</a>""",
                          re.I | re.S)
_TAG_RE = re.compile(r"<[^>]+>")
# Keys a JSON menu record uses for its target and its label.
_URL_KEYS = ("url", "href", "link", "linkurl", "path", "redirect", "jumpurl")
_TEXT_KEYS = ("name", "title", "text", "label", "channelname", "colname", "sitename")
_JSON_START_RE = re.compile(r"[\[{]\s*[\[{\"]")
_MAX_SCRIPT = 400_000  # characters of one script scanned for links
_MAX_JSON_VALUES = 50  # JSON values decoded from one script


@dataclass(frozen=True)
class NavLink:
    url: str
    text: str
    form: str  # a | onclick | data | select | area | iframe | script | json
    element: object = None  # the lxml element it came from (None for script/JSON links)


def jump_target(script: str | None) -> str | None:
    """The URL an inline handler or a tiny redirect script navigates to, or None."""
    if not script:
        return None
    match = _JUMP_RE.search(script)
    if not match:
        return None
    return match.group("a") or match.group("b") or match.group("c")


def _text(el) -> str:
    return squash(el.text_content()) or squash(el.get("title")) or squash(el.get("alt")) or ""


def nav_links(tree, base_url: str, *, scripts: bool = True) -> list[NavLink]:
    """Navigation links of every form, once per (url, form), in document order."""
    out: list[NavLink] = []
    seen: set[tuple[str, str]] = set()

    def add(href: str | None, text, form: str, el=None) -> None:
        # `text` is the text or `_text`, called only for a link not seen yet (menus repeat)
        url = absolute(base_url, href)
        if url and (url, form) not in seen:
            seen.add((url, form))
            out.append(NavLink(url, (_text(el) if text is _text else text)[:200], form, el))

    for el in tree.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "a":
            add(el.get("href"), _text, "a", el)
        elif tag == "area":
            add(el.get("href"), squash(el.get("alt")) or squash(el.get("title")) or "", "area", el)
        elif tag in ("iframe", "frame"):
            add(el.get("src"), squash(el.get("title")) or squash(el.get("name")) or "", "iframe",
                el)
        elif tag == "select":
            for option in el.iter("option"):
                value = (option.get("value") or "").strip()
                if _looks_like_target(value):
                    add(value, squash(option.text_content()), "select", option)
        # Most elements carry no attribute at all: nothing more to look for on them.
        keys = el.keys() if tag else None
        if keys:
            if "onclick" in keys:
                target = jump_target(el.get("onclick"))
                if target:
                    add(target, _text, "onclick", el)
            if tag not in ("img", "iframe", "script"):
                for attr in _DATA_ATTRS:
                    if attr in keys and el.get(attr):
                        add(el.get(attr), _text, "data", el)
    if scripts:
        for script in tree.iter("script"):
            body = (script.text or "")[:_MAX_SCRIPT]
            if not body.strip():
                continue
            kind = (script.get("type") or "").lower()
            if "xml" in kind:
                continue  # Hanweb datastores are list entries, read by the dialect
            for href, text in script_links(body):
                add(href, text, "script")
            for href, text in json_links(body):
                add(href, text, "json")
    return out


def _looks_like_target(value: str) -> bool:
    """An option value that is an address rather than a code (`/bm/jyj/`, `http://…`, `a.html`)."""
    if not value or value in ("#", "0", "-1") or value.lower().startswith("javascript:"):
        return False
    return value.startswith(("/", "http://", "https://", "./", "../")) or bool(
        re.search(r"\.(?:s?html?|jsp|php|aspx?|do)(?:[?#]|$)", value, re.I))


def script_links(body: str) -> list[tuple[str, str]]:
    """`<a href>` fragments written by script (`document.write`, `innerHTML = '…'`)."""
    found = []
    for match in _SCRIPT_A_RE.finditer(body):
        text = squash(_TAG_RE.sub("", match.group("text")).replace("\\", ""))
        found.append((match.group("href"), text))
    return found


def json_links(body: str) -> list[tuple[str, str]]:
    """(url, label) of every record in the JSON values a script holds (`var menu = [...]`,
    `<script type="application/json">`) that has both a target and a label key."""
    records = []
    for value in json_values(body):
        for record in json_records(value):
            url = next((record[k] for k in record if k.lower() in _URL_KEYS
                        and isinstance(record[k], str) and record[k].strip()), None)
            text = next((record[k] for k in record if k.lower() in _TEXT_KEYS
                         and isinstance(record[k], str)), None)
            if url and text is not None and _looks_like_target(url.strip()):
                records.append((url.strip(), squash(text)))
    return records


def json_values(body: str) -> list:
    """The JSON arrays and objects found in a script's text (at most a bounded number)."""
    decoder = json.JSONDecoder()
    values, pos = [], 0
    while len(values) < _MAX_JSON_VALUES:
        match = _JSON_START_RE.search(body, pos)
        if not match:
            break
        try:
            value, end = decoder.raw_decode(body, match.start())
        except ValueError:
            pos = match.start() + 1
            continue
        values.append(value)
        pos = end
    return values


def json_records(value, depth: int = 0):
    """Every dict nested in a JSON value (menus nest children under `children`/`nodes`)."""
    if depth > 8:
        return
    if isinstance(value, dict):
        yield value
        for child in value.values():
            if isinstance(child, (dict, list)):
                yield from json_records(child, depth + 1)
    elif isinstance(value, list):
        for child in value:
            yield from json_records(child, depth + 1)


_BLOCK_TAGS = ("ul", "ol", "dl", "table", "tbody", "nav", "div", "select", "map", "td", "tr")


def block_mates(links: list[NavLink], named: set[str], levels: int = 4) -> list[NavLink]:
    """Links that share a menu with at least two `named` links (a link named like a column):
    the smallest enclosing list, table or box holding two named links is a navigation block,
    and its other links are columns too, even under a name no synonym knows (清单公开)."""
    anchors = [link for link in links if link.url in named and link.element is not None]
    blocks: dict[int, object] = {}
    for link in anchors:
        node, depth = link.element.getparent(), 0
        while node is not None and depth < levels:
            if isinstance(node.tag, str) and node.tag in _BLOCK_TAGS:
                inside = {id(el) for el in node.iter()}
                count = sum(1 for other in anchors if id(other.element) in inside)
                if count >= 2:
                    blocks[id(node)] = inside
                    break
            node, depth = node.getparent(), depth + 1
    members: set[int] = set().union(*blocks.values()) if blocks else set()
    return [link for link in links if link.element is not None and id(link.element) in members]
