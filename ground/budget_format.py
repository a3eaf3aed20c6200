"""The department budget / final-accounts disclosure format (ground/data/budget.yaml): the two
kinds of disclosure and their names, and the narrative topics BG-NARRATIVE asks for. The checks
judge disclosures against it (checks/documents/budget.py) and the reports name its parts. Also
the form in which an audit stores a disclosure's summary (`stored_summary`), which the reports
read back through `full_summary`."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ground import config

KINDS = ("budget", "final-accounts")
KIND_LABELS = {"budget": "部门预算", "final-accounts": "部门决算"}


@lru_cache(maxsize=None)
def data(data_dir: str | None = None) -> dict:
    return config.load_sections("budget.yaml", ("titles", "tables", "sangong"), data_dir)


def topics(data_dir: str | None = None) -> list[dict]:
    """Every narrative topic with `gradual` set for the ones only gradually required."""
    spec = data(data_dir).get("narrative") or {}
    return ([{**t, "gradual": False} for t in spec.get("required", [])]
            + [{**t, "gradual": True} for t in spec.get("gradual", [])])


# -- the stored form of a disclosure's summary (the `budget` analyser's rows in `analyses`) --------

UNREAD = "unread"             # a document never read inside
NEVER_OPENED = "未读取内容"    # the note of a listed page the crawler never opened
OMITTED = "never_opened_omitted"  # key of the stored form: how many entries were left out


def _never_opened(item: dict) -> dict:
    """The one document entry of a member whose page the crawl never opened: a fixed shape,
    told by the item alone (checks/documents/disclosures.py writes it so)."""
    return {"url": item["url"], "item_url": item["url"], "role": "article", "state": UNREAD,
            "note": NEVER_OPENED, "sangong_only": item.get("sangong_only"), "tables": []}


def stored_summary(summary: dict) -> dict:
    """The summary as stored: the document entries of members never opened (one each, of the
    fixed shape `_never_opened`) are left out and counted under `OMITTED`; `full_summary` puts
    them back. A disclosure listed in many columns, or a benchmark's copied items, has hundreds
    of such members, whose entries were most of an audit's stored bytes (86 MB of 150 for a
    million items) and only repeated `items`. Left whole unless the round trip gives it back
    exactly."""
    docs = summary.get("documents") or []
    entries = Counter(doc.get("item_url") for doc in docs)
    items = {item["url"]: item for item in summary.get("items") or ()}
    kept = [doc for doc in docs
            if entries[url := doc.get("item_url")] != 1 or url not in items
            or doc != _never_opened(items[url])]
    if len(kept) == len(docs):
        return summary
    stored = {**summary, "documents": kept, OMITTED: len(docs) - len(kept)}
    return stored if full_summary(stored) == summary else summary


def full_summary(stored: dict) -> dict:
    """The summary as the analyser gave it, from its stored form (`stored_summary`): each item
    without a document entry gets its never-opened entry back, in item order, which is the
    order the analyser wrote the entries in. A summary stored whole is returned as it is."""
    if not stored.get(OMITTED):
        return stored
    docs = stored.get("documents") or []
    by_item: dict = {}
    for doc in docs:
        by_item.setdefault(doc.get("item_url"), []).append(doc)
    documents = []
    for item in stored.get("items") or ():
        documents.extend(by_item.pop(item["url"], None) or [_never_opened(item)])
    for rest in by_item.values():  # entries of no listed item (not written so): kept, last
        documents.extend(rest)
    full = {k: v for k, v in stored.items() if k != OMITTED}
    full["documents"] = documents
    return full
