"""政策解读: every 行政规范性文件 needs a linked interpretation (`interpretation.missing`), published
with it or at the latest a few working days after it (`interpretation.late`, local default 3).

Documents are the entries of columns named like 规范性文件 (ground/data/interaction.yaml,
`normative`); entries that are themselves 解读 are not documents. A document is interpreted when
its page links a 解读 (相关解读) or a 解读 page links it (相关文件) — the `doc_relations` facts,
migration m005. The share of documents interpreted per unit is not judged (no national number
exists): it is reported in every finding's evidence and as the `interpretation-coverage` analysis
of each unit with documents. Documents dated before `documents_since` (国办发〔2016〕80号, which
introduced 三同步) or undated are not judged: the duty cannot be placed on them.

Dates: the document's 发布日期 (else its list date) and the earliest dated 解读's. Working days
follow the PRC calendar with 调休 (ground/workdays.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterator

from checks.analyses import analyser
from checks.coverage import list_failure
from checks.dates import parse_date
from checks.facts import Facts, Row, fetch_failure
from checks.model import Context, Finding, column_fields
from checks.registry import rule
from ground import config
from ground.workdays import ESTIMATE_NOTE, add_workdays, workdays_between


@dataclass
class Document:
    item: Row  # the ITEM_FIELDS of its list entry
    column: Row
    interpretations: list[str] = field(default_factory=list)  # 解读 URLs, found order
    read: bool = True  # its page was read (so a 相关解读 link on it would have been seen)
    failure: str | None = None


ITEM_FIELDS = ("url", "title", "pub_date", "list_date")


def _item_date(item: Row | None) -> dt.date | None:
    if item is None:
        return None
    return parse_date(item.get("pub_date")) or parse_date(item.get("list_date"))


def normative_columns(facts: Facts) -> list[Row]:
    rules = config.interaction()["normative"]
    out = []
    for c in facts.columns:
        if c.get("role") != "column":
            continue
        segment = (c.get("key") or "").rstrip("/").rsplit("/", 1)[-1]
        if any(n in (c.get("name") or "") for n in rules["names"]) or segment in rules["pinyin"]:
            out.append(c)
    return out


def documents(facts: Facts, since: dt.date | None = None) -> list[Document]:
    """The 行政规范性文件 of the crawl with the 解读 linked to each (once per URL). With `since`,
    only documents dated on or after it (an undated one cannot be placed, so it is left out).
    Found once per snapshot and shared by both rules and the coverage analyser (read-only)."""
    return facts.derived(("interpretation.documents", since), lambda: _documents(facts, since))


def _documents(facts: Facts, since: dt.date | None) -> list[Document]:
    skip = config.interaction()["normative"]["not_documents"]
    linked: dict[str, list[str]] = {}
    for r in facts.relations:
        doc, jd = (r["from_url"], r["to_url"]) if r.get("relation") == "interpretation" \
            else (r["to_url"], r["from_url"])
        if jd not in linked.setdefault(doc, []):
            linked[doc].append(jd)
    out, seen = [], set()
    for column in normative_columns(facts):
        # The four fields the rules read of a document's item, not its whole row: a portal's
        # 规范性文件 columns may list a hundred thousand entries (a row each cost 80 MB there).
        for values in facts.item_fields_of(column["key"], ITEM_FIELDS):
            item = dict(zip(ITEM_FIELDS, values))
            url = item.get("url")
            if url in seen or any(w in (item.get("title") or "") for w in skip):
                continue
            if since and (_item_date(item) is None or _item_date(item) < since):
                continue
            seen.add(url)
            failure = fetch_failure(facts.page(url)) if facts.page(url) else "未抓取"
            out.append(Document(item, column, linked.get(url, []), failure is None, failure))
    return out


# How many reasons a finding names (the count of all is in its evidence).
REASONS_SHOWN = 5


def unseen_interpretations(facts: Facts) -> tuple[list[str], int]:
    """Why some 解读 may exist unseen: the first `REASONS_SHOWN` interpretation lists or pages
    that could not be read, and how many there are in all. The pages are looked up without
    building a row per entry: a portal may list a hundred thousand 解读."""
    shown, count = [], 0
    for c in facts.columns:
        if c.get("category") != "interpretation" or c.get("role") != "column":
            continue
        if list_failure(c) or c.get("list_status") == "partial":
            count += 1
            if len(shown) < REASONS_SHOWN:
                shown.append(f"“{c.get('name')}”列表无法完整读取")
            continue
        for title, url in facts.item_fields_of(c["key"], ("title", "url")):
            page = facts.page(url)
            failure = fetch_failure(page) if page else "未抓取"
            if failure:
                count += 1
                if len(shown) < REASONS_SHOWN:
                    shown.append(f"解读“{title}”无法读取（{failure}）")
    return shown, count


def coverage(docs: list[Document]) -> dict[str, dict]:
    """Per unit key: documents, interpreted, share (None when no documents)."""
    out: dict[str, dict] = {}
    for d in docs:
        c = out.setdefault(d.column.get("unit_key"), {"documents": 0, "interpreted": 0})
        c["documents"] += 1
        c["interpreted"] += bool(d.interpretations)
    for c in out.values():
        c["share"] = round(c["interpreted"] / c["documents"], 3) if c["documents"] else None
    return out


def _where(facts: Facts, d: Document) -> dict:
    unit = facts.unit(d.column.get("unit_key"))
    return dict(unit_key=d.column.get("unit_key"),
                unit_name=unit["name"] if unit else facts.site_name,
                **column_fields(d.column), url=d.item.get("url"))


def _since(ctx: Context) -> dt.date:
    return dt.date.fromisoformat(str(ctx.value("documents_since")))


@rule("interpretation.missing")
def interpretation_missing(facts: Facts, ctx: Context) -> Iterator[Finding]:
    docs = documents(facts, _since(ctx))
    shares = coverage(docs)
    unseen, unseen_count = unseen_interpretations(facts)
    for d in docs:
        if d.interpretations:
            continue
        where = _where(facts, d)
        title = d.item.get("title") or d.item.get("url")
        share = shares[d.column.get("unit_key")]
        published = _item_date(d.item)
        evidence = {"title": title, "published": published.isoformat() if published else None,
                    "unit_coverage": share}
        if not d.read or unseen:
            reasons = ([f"文件页面无法读取（{d.failure}）"] if not d.read else []) + unseen
            yield Finding(
                status="unverified", **where,
                message=f"“{where['unit_name']}”的规范性文件“{title}”未发现关联的政策解读，但"
                        f"{'；'.join(reasons)}，是否已解读未能核验",
                evidence={**evidence, "reasons": reasons, "unseen_count": unseen_count},
            )
            continue
        yield Finding(
            **where,
            message=(f"“{where['unit_name']}”的规范性文件“{title}”没有关联的政策解读"
                     f"（文件页面无“相关解读”链接，也没有解读页面链接到该文件）；该单位规范性文件"
                     f"解读率{share['interpreted']}/{share['documents']}"),
            evidence=evidence,
        )


@rule("interpretation.late")
def interpretation_late(facts: Facts, ctx: Context) -> Iterator[Finding]:
    limit = int(ctx.value("workdays"))
    docs = documents(facts, _since(ctx))
    shares = coverage(docs)
    for d in docs:
        published = _item_date(d.item)
        dated = [(day, url) for url in d.interpretations
                 for day in [min((x for x in map(_item_date, facts.items_at(url)) if x),
                                 default=None)] if day]
        if published is None or not dated:
            continue  # an undated document or 解读 cannot be judged
        first, jd_url = min(dated)
        deadline = add_workdays(published, limit)
        if first <= deadline.day:
            continue
        taken, estimated = workdays_between(published, first)
        estimated = estimated or deadline.estimated
        where = _where(facts, d)
        title = d.item.get("title") or d.item.get("url")
        jd_title = next((i.get("title") for i in facts.items_at(jd_url) if i.get("title")), jd_url)
        note = f"（{ESTIMATE_NOTE}）" if estimated else ""
        yield Finding(
            **where,
            message=(f"“{where['unit_name']}”的规范性文件“{title}”于{published.isoformat()}发布，"
                     f"其政策解读“{jd_title}”{first.isoformat()}才发布，相隔{taken}个工作日，"
                     f"超过{limit}个工作日（应于{deadline.day.isoformat()}前发布）{note}"),
            evidence={
                "title": title, "published": published.isoformat(),
                "interpretation_url": jd_url, "interpretation_title": jd_title,
                "interpretation_published": first.isoformat(), "limit_workdays": limit,
                "deadline": deadline.day.isoformat(), "workdays_taken": taken,
                "estimated": estimated,
                "calendar": ESTIMATE_NOTE if estimated else "国务院办公厅节假日安排（含调休）",
                "unit_coverage": shares[d.column.get("unit_key")],
            },
        )


@analyser("interpretation-coverage", family="interpretation")  # the rules' documents, counted
def interpretation_coverage(facts: Facts, as_of: dt.date) -> Iterator[dict]:
    """One row per unit with 规范性文件: how many have a linked 解读 (reported, never judged).
    Counts the documents `interpretation.missing` judges (dated on or after its
    `documents_since`)."""
    from checks.pack import default_pack

    since = dt.date.fromisoformat(str(
        default_pack().rules["interpretation.missing"].thresholds["documents_since"].value))
    for unit_key, share in sorted(coverage(documents(facts, since)).items(),
                                  key=lambda x: x[0] or ""):
        unit = facts.unit(unit_key)
        yield {"url": unit.get("url") if unit else None, "unit_key": unit_key,
               "kind": "interpretation-coverage", "year": None, "summary": share}
