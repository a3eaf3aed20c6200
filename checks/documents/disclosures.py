"""The `budget` analyser: every department budget / final-accounts disclosure of a crawl, grouped
per unit, kind and year, with what its documents contain.

A disclosure is one or more listed items whose titles classify as the same kind and year for
the same unit (an article with the tables, a separate 三公经费 statement ...), plus the
attachments linked from those articles. Its content is the union of what the readable documents
show. Documents that could not be read are listed, so the rules can say 未能核验 instead of
accusing a unit of lacking what may sit in an unread attachment.

An item counts for the unit whose full name its title gives when that is another unit (a
department's disclosure listed on the finance bureau's 预决算公开平台), else for its own unit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterator

from checks.analyses import analyser
from checks.dates import parse_date
from checks.documents import budget, budget_text
from checks.facts import Facts, Row, fetch_failure
from crawler.documents.model import OK, Document

# Document states in a disclosure's summary.
READ = "read"              # text and/or tables seen
UNREAD = "unread"          # never read inside (e.g. an attachment only checked for reachability)
UNREADABLE = "unreadable"  # read but not understood (scanned PDF, WPS ...): needs manual review
FAILED = "failed"          # the page itself could not be fetched


def _attachments_of(facts: Facts) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for link in facts.links:
        if link.get("kind") == "attachment" and link["to_url"] not in out[link["from_url"]]:
            out[link["from_url"]].append(link["to_url"])
    return out


def load_document(facts: Facts, url: str) -> tuple[str, Document | None, str]:
    """(state, document, note) of one article or attachment of the crawl."""
    row = facts.document(url)
    text = facts.text_of(url)
    page = facts.page(url)
    failure = fetch_failure(page) if page is not None else None
    if row is not None:
        doc = Document.from_row(dict(row), text)
        if doc.status != OK:
            return UNREADABLE, None, doc.note or doc.status
        return READ, doc, ""
    if failure:
        return FAILED, None, failure
    if text:
        return READ, Document(url=url, kind="html", text=text), ""
    return UNREAD, None, "未读取内容"


def _unit_of(facts: Facts, item: Row, title: str, units_by_name: list[Row]) -> Row | None:
    own = facts.unit(item.get("unit_key"))
    named = [u for u in units_by_name if u["name"] and u["name"] in title]
    if named and (own is None or own not in named):
        return named[0]
    return own


def disclosures(facts: Facts) -> Iterator[dict]:
    """One dict per (unit, kind, year) disclosure found in the crawl (see module docstring)."""
    units_by_name = sorted((u for u in facts.units if u.get("name")), key=lambda u: -len(u["name"]))
    groups: dict[tuple[str, str, int], list[tuple[Row, budget.TitleClass]]] = defaultdict(list)
    seen: set[tuple[str, str, int, str]] = set()
    for item in facts.items:
        title = item.get("title") or ""
        cls = budget.classify_title(title)
        if cls is None:
            continue
        unit = _unit_of(facts, item, title, units_by_name)
        if unit is None:
            continue
        key = (unit["key"], cls.kind, cls.year)
        if (*key, item["url"]) in seen:  # listed in two columns: one document
            continue
        seen.add((*key, item["url"]))
        groups[key].append((item, cls))
    attachments = _attachments_of(facts)
    for (unit_key, kind, year), members in sorted(groups.items()):
        yield _disclosure(facts, facts.unit(unit_key), kind, year, members, attachments, units_by_name)


def _disclosure(facts: Facts, unit: Row, kind: str, year: int, members, attachments,
                units: list[Row]) -> dict:
    docs = []
    found: set[str] = set()
    sangong = budget.Sangong()
    texts = []
    for item, cls in members:
        urls = [item["url"], *attachments.get(item["url"], [])]
        for n, url in enumerate(urls):
            state, doc, note = load_document(facts, url)
            entry = {"url": url, "item_url": item["url"], "role": "article" if n == 0 else "attachment",
                     "state": state, "note": note, "sangong_only": cls.sangong_only, "tables": []}
            if doc is not None:
                tables = budget.tables_found(doc, kind)
                entry["tables"] = sorted(tables)
                found |= tables
                sangong.merge(budget.sangong(doc))
                texts.append(doc.text)
            docs.append(entry)
    required = budget.required_tables(kind)
    dates = [d for item, _ in members
             if (d := parse_date(item.get("pub_date")) or parse_date(item.get("list_date")))]
    main = [item for item, cls in members if not cls.sangong_only]
    first = (main or [m[0] for m in members])[0]
    labels = {i["key"]: i["label"] for i in budget.sangong_items()}
    years = budget.text_years("\n".join(texts))
    subjects = budget_text.subject_units([line for text in texts
                                          for line in budget_text.subject_lines(text)], units)
    return {
        "unit_key": unit["key"], "unit_name": unit["name"], "kind": kind, "year": year,
        "url": first["url"], "column_key": first.get("column_key"),
        "items": [{"url": item["url"], "title": item.get("title"), "column_key": item.get("column_key"),
                   "sangong_only": cls.sangong_only} for item, cls in members],
        "has_disclosure": bool(main),
        "published": min(dates).isoformat() if dates else None,
        "documents": docs,
        "readable": any(d["state"] == READ for d in docs),
        "unread": [d["url"] for d in docs if d["state"] in (UNREAD, UNREADABLE)],
        "failed": [d["url"] for d in docs if d["state"] == FAILED],
        "tables_found": [t.title for t in required if t.title in found],
        "tables_missing": [t.title for t in required if t.title not in found and not t.optional],
        "tables_optional_missing": [t.title for t in required if t.title not in found and t.optional],
        "sangong": {
            "amounts": {labels[k]: v for k, v in sangong.amounts.items()},
            "missing": [labels[k] for k in labels if k not in sangong.amounts],
            "explained": sangong.explained,
            "explanation": sangong.explanation,
            "none_declared": sangong.none_declared,
            "table_found": sangong_table(kind) in found,
        },
        "text_years": years[:3],
        "year_in_text": year in years if years else None,
        "unit_named": unit["name"] in "\n".join(texts) if texts else None,
        # Units named where the documents state their own subject (heading, 编制单位).
        "subject_units": [{"name": u["name"], "kind": u.get("kind")} for u in subjects],
        # BG-NARRATIVE topics given ({key: bool}); None when nothing was read.
        "narrative": budget_text.narrative("\n".join(texts)) if texts else None,
    }


def sangong_table(kind: str) -> str:
    """The title of the 三公 table of this kind (the required table naming 三公)."""
    return next(t.title for t in budget.required_tables(kind) if "三公" in t.title)


@analyser("budget")
def analyse(facts: Facts, as_of: dt.date) -> Iterator[dict]:
    """Rows for `analyses`: one per disclosure; the summary is the disclosure itself."""
    for d in disclosures(facts):
        yield {"url": d["url"], "unit_key": d["unit_key"], "kind": d["kind"], "year": d["year"],
               "summary": d}
