"""政民互动 message lists and message detail pages (领导信箱, 咨询, 留言).

A message list is a table whose header names a 留言时间-like column; each row gives the message's
link, its asked date, and where the portal shows them its 办理状态 and 回复时间. Lists without
headers (ul/li) count only where a row shows a date and a known 办理状态 word (`item_rows`). A detail page
labels the same facts ("留言时间：…", "回复单位：…", "回复时间：…", "回复内容：…"), in label/value
table cells or inline. Header and label words come from ground/data/interaction.yaml.

Only what the page shows is returned (raw status text, ISO dates): deciding what a status means
is the checks' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from crawler.dialects.base import in_furniture
from crawler.extract.dates import find_dates, parse_date
from crawler.extract.html import nospace, squash, visible_text
from crawler.extract.urls import absolute

FIELDS = ("title", "asked", "status", "replied", "unit", "reply")
_COLON = "：:"


@dataclass
class MessageRow:
    url: str
    title: str
    asked: str | None
    status: str | None
    replied: str | None


@dataclass
class MessageDetail:
    asked: str | None = None
    status: str | None = None
    replied: str | None = None
    unit: str | None = None
    has_reply: bool = False


def _label_field(text: str, headers: dict) -> str | None:
    """The field a header cell or label names (exact match without spaces and colons)."""
    key = nospace(text).strip(_COLON)
    for name in FIELDS:
        if key in headers.get(name, ()):
            return name
    return None


def _labels(headers: dict) -> dict[str, str]:
    """Label word → field, as `_label_field` decides it (the first field naming the word)."""
    out: dict[str, str] = {}
    for name in FIELDS:
        for word in headers.get(name, ()):
            out.setdefault(word, name)
    return out


def _cells(row: etree._Element) -> list[etree._Element]:
    return [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]


def list_rows(tree: etree._Element, base_url: str, headers: dict) -> list[MessageRow]:
    """Rows of every table on the page whose header has an asked-date column."""
    out: list[MessageRow] = []
    seen: set[str] = set()
    for table in tree.iter("table"):
        rows = [r for r in table.iter("tr") if r.getparent() is table or
                r.getparent().getparent() is table]  # tr directly or inside tbody/thead
        header, columns = None, {}
        for i, row in enumerate(rows):
            fields = [_label_field(squash(c.text_content()), headers) for c in _cells(row)]
            if "asked" in fields:
                header, columns = i, {f: n for n, f in enumerate(fields) if f}
                break
        if header is None:
            continue
        width = len(_cells(rows[header]))
        for row in rows[header + 1:]:
            cells = _cells(row)
            if len(cells) != width:
                continue
            where = cells[columns["title"]] if "title" in columns else row
            links = [a for a in where.iter("a") if a.get("href")]
            if not links:
                continue
            anchor = max(links, key=lambda a: len(squash(a.text_content())))
            url = absolute(base_url, anchor.get("href"))
            if not url or url in seen:
                continue
            seen.add(url)

            def cell(name: str) -> str | None:
                n = columns.get(name)
                return squash(cells[n].text_content()) or None if n is not None else None

            out.append(MessageRow(
                url=url, title=squash(anchor.get("title") or anchor.text_content()),
                asked=parse_date(cell("asked")), status=cell("status"),
                replied=parse_date(cell("replied"))))
    return out


def item_rows(tree: etree._Element, base_url: str, statuses: dict) -> list[MessageRow]:
    """Letters of a ul/li list without headers: rows whose text beside the link shows a date and
    a known 办理状态 word. One date is the asked date; with two, the earlier is asked and the
    later the reply (only when the status says answered: a pending letter has no reply)."""
    words = sorted((str(w) for ws in statuses.values() for w in ws), key=len, reverse=True)
    answered = [str(w) for w in statuses.get("answered", ())]
    out: list[MessageRow] = []
    for row in tree.iter("li", "dd"):
        links = [a for a in row.iter("a") if a.get("href")]
        if len(links) != 1 or in_furniture(row) or any(x is not row for x in row.iter("li", "dd")):
            continue
        anchor = links[0]
        rest = squash(row.text_content().replace(anchor.text_content(), " ", 1))
        status = next((w for w in words if w in rest), None)
        dates = sorted(d[:10] for d in find_dates(rest))
        url = absolute(base_url, anchor.get("href"))
        if not status or not dates or not url or len(dates) > 2:
            continue
        is_answered = status in answered or any(w in status for w in answered) and \
            not any(w in rest for w in statuses.get("pending", ()))
        out.append(MessageRow(url=url, title=squash(anchor.get("title") or anchor.text_content()),
                              asked=dates[0], status=status,
                              replied=dates[1] if len(dates) == 2 and is_answered else None))
    return out


_GAP_RE = re.compile(r"\s{2,}|\u3000")
_INLINE_RE = re.compile(r"^\s*([^：:\n]{2,8})\s*[：:]\s*(.*)$")


def detail(tree: etree._Element, headers: dict, text: str | None = None) -> MessageDetail | None:
    """The labelled facts of a message detail page, or None when the page has no asked-date
    label (it is not a message page). `text`: the visible text of the page's body when the
    caller has it already (extract_article reads it in its own walk)."""
    found: dict[str, str] = {}
    labels = _labels(headers)
    # Label/value cells: <td>留言时间</td><td>2026-03-01</td>.
    for row in tree.iter("tr"):
        cells = _cells(row)
        for n, c in enumerate(cells[:-1]):
            # nospace(squash(x)) is nospace(x): the label is compared without any space.
            name = labels.get(nospace(c.text_content()).strip(_COLON))
            if name and name not in found:
                found[name] = squash(visible_text(cells[n + 1]).replace("\n", " "))
    # Inline labels: 留言时间：2026-03-01 on a line of its own (or several on one line).
    if text is None:
        body = tree.find("body")
        text = visible_text(body if body is not None else tree)
    for line in text.split("\n"):
        for part in _GAP_RE.split(line):
            m = _INLINE_RE.match(part)
            if not m:
                continue
            name = _label_field(m.group(1), headers)
            if name and name not in found and m.group(2).strip():
                found[name] = m.group(2).strip()
    if "asked" not in found or not parse_date(found["asked"]):
        return None
    return MessageDetail(
        asked=parse_date(found.get("asked")), status=found.get("status") or None,
        replied=parse_date(found.get("replied")), unit=found.get("unit") or None,
        has_reply=bool(found.get("reply")))
