"""Guide rules: the text of each unit's 政府信息公开指南 carries the elements of 条例 第十二条
(`guide.incomplete`) and does not state the pre-2019 reply periods (`guide.outdated`).

Both judge the unit's *current* guide: the newest item of its guide column(s) titled like a
guide (else the newest item), with the text of the attachments linked from it. A unit without a
guide column is `column.missing`'s finding, an empty one `column.empty`'s and an unreadable list
`audit.unverified`'s, so these rules stay silent there (one gap, one finding). A guide whose text
could not be read is reported once, by `guide.incomplete`, as 未能核验. Element patterns and the
outdated wording live in ground/data/guide.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from checks import data
from checks.coverage import columns_hidden, item_date, list_failure
from checks.facts import Facts, Row, fetch_failure
from checks.model import Context, Finding, column_fields
from checks.registry import rule

CLAUSE_END = re.compile(r"[。；;\n]")


@dataclass(frozen=True)
class Element:
    id: str
    label: str
    patterns: tuple[re.Pattern, ...]

    def found_in(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


@lru_cache(maxsize=None)
def elements() -> tuple[Element, ...]:
    return tuple(Element(e["id"], e["label"], tuple(re.compile(p) for p in e["patterns"]))
                 for e in data.load("guide.yaml")["elements"])


@lru_cache(maxsize=None)
def _outdated() -> tuple[tuple[tuple[str, str, re.Pattern], ...], tuple[str, ...]]:
    spec = data.load("guide.yaml")["outdated_reply"]
    patterns = tuple((p["id"], p["label"], re.compile(p["regex"])) for p in spec["patterns"])
    return patterns, tuple(spec.get("exclude_clause") or ())


def normalise(text: str) -> str:
    """Full-width digits and colons (１５、：) read like their ASCII forms."""
    return unicodedata.normalize("NFKC", text or "")


def missing_elements(text: str) -> list[Element]:
    text = normalise(text)
    return [e for e in elements() if not e.found_in(text)]


def _normalised_with_origin(text: str) -> tuple[str, list[int]]:
    """The text normalised character by character, and for each normalised character the
    index of the original one it came from (plus the end): a match found on the normalised
    text is quoted as the guide wrote it (its full-width commas and digits)."""
    parts: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        n = ch if ch.isascii() else unicodedata.normalize("NFKC", ch)
        parts.append(n)
        origin.extend([i] * len(n))
    origin.append(len(text))
    return "".join(parts), origin


def outdated_statements(text: str) -> list[dict]:
    """Each statement of a 15-working-day reply or extension period, with its clause quoted as
    written; the third party's 15 working days (2019 条例 第三十二条) are not among them."""
    original = text or ""
    text, origin = _normalised_with_origin(original)
    patterns, excluded = _outdated()
    found: dict[str, dict] = {}
    for kind, label, pattern in patterns:
        for m in pattern.finditer(text):
            left = max((c.end() for c in CLAUSE_END.finditer(text, 0, m.start())), default=0)
            right = CLAUSE_END.search(text, m.end())
            end = right.start() if right else len(text)
            clause = text[left:end].strip()
            if any(word in clause for word in excluded):
                continue
            quote = original[origin[left]:origin[end]].strip()
            found.setdefault(clause, {"kind": kind, "label": label, "quote": quote[:120]})
    return list(found.values())


@dataclass(frozen=True)
class Guide:
    unit: Row
    column: Row
    item: Row
    text: str  # article text plus the text of its readable attachments
    unreadable: str | None  # why the article itself could not be read
    unread_attachments: tuple[str, ...]  # attachments linked from it whose text is not stored


def _is_guide_title(item: Row) -> bool:
    return "指南" in (item.get("title") or "")


def current_guides(facts: Facts) -> list[Guide]:
    """The current guide of each unit that has a readable, non-empty guide column."""
    chosen = []
    for unit in facts.units:
        if columns_hidden(facts, unit):
            continue
        columns = [c for c in facts.columns_of(unit["key"])
                   if c.get("role") == "column" and c.get("category") == "guide"
                   and not list_failure(c)]
        candidates = [(item, column) for column in columns for item in facts.items_of(column["key"])]
        if not candidates:
            continue
        titled = [c for c in candidates if _is_guide_title(c[0])] or candidates
        # Newest first; an undated guide only when no dated one exists.
        item, column = max(titled, key=lambda c: (item_date(c[0]) is not None,
                                                   item_date(c[0]) or dt.date.min, c[0]["url"]))
        chosen.append((unit, column, item))
    attachments = _attachments(facts, {item["url"] for _, _, item in chosen})
    return [_read(facts, unit, column, item, attachments.get(item["url"], ()))
            for unit, column, item in chosen]


def _attachments(facts: Facts, urls: set[str]) -> dict[str, list[str]]:
    """Attachment URLs linked from each of `urls`, once each, in link order (one pass)."""
    out: dict[str, list[str]] = {}
    for link in facts.links_of_kind("attachment"):
        if link.get("from_url") in urls:
            seen = out.setdefault(link["from_url"], [])
            if link["to_url"] not in seen:
                seen.append(link["to_url"])
    return out


def _read(facts: Facts, unit: Row, column: Row, item: Row, attachments) -> Guide:
    url = item["url"]
    failure = fetch_failure(facts.page(url))
    status = item.get("article_status")
    if not failure and status is not None and status >= 400:
        failure = f"HTTP {status}"
    own = facts.text_of(url)
    parts, unread = [own], []
    for attachment in attachments:
        text = facts.text_of(attachment)
        if text:
            parts.append(text)
        else:
            unread.append(attachment)
    text = "\n".join(p for p in parts if p)
    if not failure and not text.strip():
        failure = "未读取到正文（可能为图片或脚本生成）" if not unread else "附件无法读取"
    return Guide(unit, column, item, text, failure, tuple(unread))


def _where(guide: Guide) -> dict:
    return {"unit_key": guide.unit["key"], "unit_name": guide.unit["name"],
            **column_fields(guide.column), "url": guide.item["url"]}


@rule("guide.incomplete")
def guide_incomplete(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for guide in current_guides(facts):
        name, title = guide.unit["name"], guide.item.get("title") or "政府信息公开指南"
        day = item_date(guide.item)
        base = {"guide_url": guide.item["url"], "guide_title": guide.item.get("title"),
                "guide_date": day.isoformat() if day else None}
        if guide.unreadable:
            yield Finding(
                status="unverified", **_where(guide),
                message=f"“{name}”的政府信息公开指南“{title}”无法读取（{guide.unreadable}），"
                        f"其内容是否完整未能核验",
                evidence={**base, "failure": guide.unreadable},
            )
            continue
        missing = missing_elements(guide.text)
        if not missing:
            continue
        labels = [e.label for e in missing]
        evidence = {**base, "missing": [{"id": e.id, "label": e.label} for e in missing],
                    "present": [e.label for e in elements() if e not in missing],
                    "attachments_unread": list(guide.unread_attachments)}
        if guide.unread_attachments:
            # The missing elements may be in an attachment we could not read.
            yield Finding(
                status="unverified", **_where(guide),
                message=f"“{name}”的政府信息公开指南正文未见{'、'.join(labels)}，其附件无法读取，"
                        f"是否完整未能核验",
                evidence=evidence,
            )
            continue
        yield Finding(
            **_where(guide),
            message=f"“{name}”的政府信息公开指南缺少条例第十二条规定的内容：{'、'.join(labels)}",
            evidence=evidence,
        )


@rule("guide.outdated")
def guide_outdated(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for guide in current_guides(facts):
        if guide.unreadable:
            continue  # guide.incomplete reports the unreadable guide once
        statements = outdated_statements(guide.text)
        if not statements:
            continue
        kinds = sorted({s["label"] for s in statements})
        yield Finding(
            **_where(guide),
            message=f"“{guide.unit['name']}”的政府信息公开指南仍按2019年修订前的条例表述"
                    f"{'、'.join(kinds)}（现行条例第三十三条：20个工作日，延长最长20个工作日）",
            evidence={"guide_url": guide.item["url"], "guide_title": guide.item.get("title"),
                      "statements": statements},
        )
