"""Privacy rule: unmasked personal numbers in published texts and tables (`privacy.exposed`).

Resident ID numbers (valid birth date and check digit), mobile numbers and bank-card numbers
(Luhn) are looked for in article texts, attachment texts (PDF, DOCX, XLSX …) and the tables of
both. Mobiles and cards count only in a personal-data context (see checks/personal_data.py and
ground/data/privacy.yaml): an office's own contact number is not a leak. Masked forms pass.
Numbers never leave this module unmasked.
"""

from __future__ import annotations

import json
from typing import Iterator

from checks.facts import Facts
from checks.model import Context, Finding, column_fields
from checks.personal_data import (LABELS, find_ids, id_check_char, is_resident_id, mask,
                                  may_hold_number_json, scan_table, scan_text, unique)
from checks.registry import rule

__all__ = ["find_ids", "is_resident_id", "check_char", "mask_id", "privacy_exposed"]

check_char = id_check_char  # kept for callers of the ID-only rule


def mask_id(number: str) -> str:
    return mask("id", number)


def _hits(facts: Facts, url: str, text: str, as_of) -> list:
    hits = scan_text(text, as_of)
    doc = facts.document(url)
    # the tables' JSON is decoded only when it may hold a number (most tables are amounts)
    if doc and may_hold_number_json(encoded := doc.get("tables") or "[]"):
        for table in json.loads(encoded):
            hits += scan_table(table.get("rows") or [], as_of)
    return unique(hits)


@rule("privacy.exposed")
def privacy_exposed(facts: Facts, ctx: Context) -> Iterator[Finding]:
    urls = {t["url"]: t for t in facts.texts}
    for doc in facts.documents:
        if doc["url"] not in urls and doc.get("tables") not in (None, "", "[]"):
            urls[doc["url"]] = {"url": doc["url"], "kind": doc.get("kind"), "text": ""}
    for url, text in urls.items():
        hits = _hits(facts, url, text.get("text") or "", ctx.as_of)
        if not hits:
            continue
        item = next(iter(facts.items_at(url)), None)
        if item is None:  # an attachment: attribute it to the article that links to it
            for link in facts.links_to(url):
                item = next(iter(facts.items_at(link["from_url"])), None)
                if item:
                    break
        column = facts.column(item.get("column_key")) if item else None
        unit = facts.unit(item.get("unit_key")) if item else facts.unit_for_url(url)
        unit_name = unit["name"] if unit else facts.site_name
        where = f"“{item['title']}”" if item and item.get("title") else url
        counts = {kind: sum(1 for h in hits if h.kind == kind) for kind in LABELS}
        what = "、".join(f"{n}个{LABELS[k]}" for k, n in counts.items() if n)
        doc_kind = text.get("kind")
        inside = "附件" if doc_kind and doc_kind != "html" and item and item.get("url") != url \
            else ""
        yield Finding(
            unit_key=unit["key"] if unit else None, unit_name=unit_name,
            **column_fields(column),
            url=url,
            message=f"“{unit_name}”公开的{where}{inside}中含有未遮盖的个人信息：{what}",
            evidence={
                "document_url": url,
                "document_kind": doc_kind,
                "article_url": item.get("url") if item else None,
                "article_title": item.get("title") if item else None,
                "count": len(hits),
                "counts": {k: n for k, n in counts.items() if n},
                "numbers_masked": [h.masked for h in hits],
            },
        )
