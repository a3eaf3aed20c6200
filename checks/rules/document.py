"""Documents the crawler could not read (`document.unreadable`, status 未能核验).

Attachments that are legacy DOC/WPS files, scans, encrypted or corrupt files, or larger than the
download limit were seen but not read: whatever the content checks look for in them (personal
data, report figures) could not be verified. One finding per unit lists them with the reason;
it is never a failure, since an unreadable format is not in itself a breach.
"""

from __future__ import annotations

from typing import Iterator

from checks.facts import Facts
from checks.model import Context, Finding
from checks.registry import rule
from ground.documents import ERROR, NEEDS_REVIEW, TOO_LARGE

UNREADABLE = (NEEDS_REVIEW, ERROR, TOO_LARGE)
STATUS_LABELS = {NEEDS_REVIEW: "需人工核查", ERROR: "文件损坏或无法解析", TOO_LARGE: "文件过大"}
MAX_LISTED = 50  # documents listed in one finding's evidence


def linking_item(facts: Facts, url: str):
    """The list entry of the article that links to an attachment (or lists it directly)."""
    item = next(iter(facts.items_at(url)), None)
    if item is None:
        for link in facts.links_to(url):
            item = next(iter(facts.items_at(link["from_url"])), None)
            if item:
                break
    return item


@rule("document.unreadable")
def document_unreadable(facts: Facts, ctx: Context) -> Iterator[Finding]:
    by_unit: dict[str | None, list[dict]] = {}
    for doc in facts.documents:
        if doc.get("status") not in UNREADABLE or doc.get("kind") == "html":
            continue
        url = doc["url"]
        item = linking_item(facts, url)
        unit = facts.unit(item.get("unit_key")) if item else None
        if unit is None:
            link = next(iter(facts.links_to(url)), None)
            unit = facts.unit_for_url(link["from_url"] if link else url)
        by_unit.setdefault(unit["key"] if unit else None, []).append({
            "url": url, "kind": doc.get("kind"), "status": doc["status"],
            "note": doc.get("note"), "bytes": doc.get("bytes"),
            "article_url": item.get("url") if item else None,
            "article_title": item.get("title") if item else None,
        })
    for unit_key, docs in sorted(by_unit.items(), key=lambda kv: kv[0] or ""):
        unit = facts.unit(unit_key) if unit_key else None
        unit_name = unit["name"] if unit else facts.site_name
        docs.sort(key=lambda d: d["url"])
        counts: dict[str, int] = {}
        for d in docs:
            counts[d["status"]] = counts.get(d["status"], 0) + 1
        why = "、".join(f"{STATUS_LABELS[s]}{n}个" for s, n in counts.items())
        yield Finding(
            rule="document.unreadable", status="unverified",
            unit_key=unit_key, unit_name=unit_name,
            url=unit.get("url") if unit else facts.site_url,
            message=(f"“{unit_name}”有{len(docs)}个附件未能自动读取（{why}），"
                     "其内容（如个人信息是否遮盖、报表数据）未能核验，需人工核查"),
            evidence={"count": len(docs), "by_status": counts, "documents": docs[:MAX_LISTED]},
        )
