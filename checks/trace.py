""""Where we looked" (查找过程) for `column.missing`: the pages searched for the unit's columns
and every candidate column with the reason it was not taken as the required one.

A claim that a column is missing is the one users most often dispute ("it is there, under
another name"); the trace lets them see exactly what the crawler found and how it was judged.
Built from facts only (`columns.classify_trace`, written by the crawler's classifier).
"""

from __future__ import annotations

import json

from checks.facts import Facts, Row
from ground import config

MAX_CANDIDATES = 80  # a unit with more columns than this is listed in part (and says so)
SOURCE_TEXT = {
    "name": "栏目名称与该类别的规范名称一致",
    "keyword": "栏目名称含该类别的关键词",
    "meta": "页面标注的栏目名（ColumnName/面包屑）",
    "pinyin": "网址目录名",
    "parent": "沿用上级栏目的类别",
}


LINK_KINDS = {"nav": "导航", "item": "信息条目", "attachment": "附件", "external": "站外链接",
              "pager": "翻页", "other": "其他"}


def searched_pages(facts: Facts, unit: Row) -> list[str]:
    """The unit's own page and its container columns: the pages whose links became columns."""
    urls = [unit.get("url")] if unit.get("url") else []
    for column in facts.columns_of(unit["key"]):
        if column.get("role") == "container" and column.get("url") not in urls:
            urls.append(column.get("url"))
    return [u for u in urls if u]


def candidates(facts: Facts, unit: Row, required: str) -> list[dict]:
    """Every column found for the unit, with why it is not a `required` column."""
    rows = []
    for column in facts.columns_of(unit["key"]):
        if column.get("role") == "homepage":
            continue
        rows.append({"name": column.get("name") or "", "url": column.get("url"),
                     "category": config.category_label(column.get("category")) or None,
                     "reason": reason(column, required)})
    rows += near_links(facts, unit, required)
    if len(rows) > MAX_CANDIDATES:
        rest = len(rows) - MAX_CANDIDATES
        rows = rows[:MAX_CANDIDATES] + [{"name": f"（另有 {rest} 个栏目未列出）", "url": None,
                                         "category": None, "reason": ""}]
    return rows


def near_links(facts: Facts, unit: Row, required: str) -> list[dict]:
    """Links on the searched pages whose text names the required category but that did not
    become a column of the unit (a 指南 published as a single article, a link to another
    site ...): shown so a reader can judge them, never counted as the column."""
    entry = (config.categories().get("categories") or {}).get(required) or {}
    words = [_squash(w) for w in (entry.get("names") or []) + (entry.get("keywords") or [])]
    words = [w for w in words if w]
    if not words:
        return []
    pages = set(searched_pages(facts, unit))
    known = {c.get("url") for c in facts.columns_of(unit["key"])}
    rows, seen = [], set()
    for link in facts.links_from_any(pages):
        url, text = link.get("to_url"), _squash(link.get("text"))
        if not text or url in known or url in seen:
            continue
        if any(w in text for w in words):
            seen.add(url)
            rows.append({"name": link.get("text"), "url": url, "category": None,
                         "reason": f"页面上的链接（类型：{LINK_KINDS.get(link.get('kind'), link.get('kind') or '')}），"
                                   "未被识别为本单位的栏目，请人工核对"})
    return rows[:20]


def _squash(text: str | None) -> str:
    return "".join((text or "").split())


def reason(column: Row, required: str) -> str:
    trace = _trace(column)
    if column.get("role") == "container":
        return "栏目目录：本身不是信息栏目，其下子栏目已逐一判断"
    category = column.get("category")
    if category == required:
        # Only reachable for a column the rule does not count (e.g. not role=column).
        return "类别相符，但不是可计入的信息栏目"
    if category:
        how = SOURCE_TEXT.get(column.get("category_source") or trace.get("source") or "", "")
        where = f"（依据：{how}）" if how else ""
        offsite = "；站外栏目" if column.get("dialect") == "offsite" else ""
        return f"归类为“{config.category_label(category)}”{where}{offsite}"
    seen = [f"栏目名称“{trace.get('name') or column.get('name') or ''}”"]
    if trace.get("meta_name"):
        seen.append(f"页面栏目名“{trace['meta_name']}”")
    if trace.get("breadcrumb_last"):
        seen.append(f"面包屑“{trace['breadcrumb_last']}”")
    if trace.get("url_dir"):
        seen.append(f"网址目录“{trace['url_dir']}”")
    unread = "（栏目页面未能读取）" if column.get("list_status") in ("failed", "blocked") else ""
    return "、".join(seen) + "均未对应任何栏目类别" + unread


def _trace(column: Row) -> dict:
    try:
        value = json.loads(column.get("classify_trace") or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
