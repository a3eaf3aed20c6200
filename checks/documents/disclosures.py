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
from checks.unit_names import UnitNames, unit_of
from ground.budget_format import NEVER_OPENED, UNREAD, stored_summary
from ground.documents import OK, Document

# Document states in a disclosure's summary.
READ = "read"              # text and/or tables seen
# UNREAD: never read inside (e.g. an attachment only checked for reachability), with the note
# NEVER_OPENED; ground/budget_format.py leaves a never-opened member's entry out when storing
UNREADABLE = "unreadable"  # read but not understood (scanned PDF, WPS ...): needs manual review
FAILED = "failed"          # the page itself could not be fetched


def _attachments_of(facts: Facts) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for link in facts.links_of_kind("attachment"):
        if link["to_url"] not in out[link["from_url"]]:
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
    return UNREAD, None, NEVER_OPENED


# What the grouping reads of each item whose title may name a disclosure, as a plain tuple
# (a portal lists ~30 such items per unit and a benchmark store 100,000: a read-only mapping of
# every column per item cost more than the grouping itself).
_FIELDS = ("unit_key", "column_key", "url", "title", "pub_date", "list_date")  # dates last: sliced
_UNIT, _COLUMN, _URL, _TITLE, _PUB, _LISTED = range(len(_FIELDS))
Member = tuple  # an item's _FIELDS


def disclosures(facts: Facts) -> Iterator[dict]:
    """One dict per (unit, kind, year) disclosure found in the crawl (see module docstring)."""
    names = UnitNames(facts.units)
    # (disclosure key, title class) pairs per distinct (listing unit, title): both are pure
    # functions of the two, and a title recurs whenever one document is listed in several
    # columns or reposted, so each is classified and attributed once.
    resolved: dict[tuple[str | None, str], list[tuple[tuple[str, str, int], budget.TitleClass]]] = {}
    groups: dict[tuple[str, str, int], list[tuple[Member, budget.TitleClass]]] = {}
    urls_of: dict[tuple[str, str, int], set[str]] = {}
    # only titles that can be one
    for item in facts.titled_values(budget.TITLE_CHAR, _FIELDS):
        listed = (item[_UNIT], item[_TITLE] or "")
        found = resolved.get(listed)
        if found is None:
            found = resolved[listed] = _resolve(facts, *listed, names)
        for key, cls in found:  # a combined title counts for each disclosure it names
            urls = urls_of.get(key)
            if urls is None:
                urls, groups[key] = urls_of.setdefault(key, set()), []
            url = item[_URL]
            if url in urls:  # listed in two columns: one document
                # ... placed in the budget column when one lists it: a gkmlpt-like parent
                # (法定主动公开内容) lists its children's posts too, and may be read first.
                if _in_budget_column(facts, item[_COLUMN]):
                    members = groups[key]
                    at = next(n for n, (m, _) in enumerate(members) if m[_URL] == url)
                    if not _in_budget_column(facts, members[at][0][_COLUMN]):
                        members[at] = (item, cls)
                continue
            urls.add(url)
            groups[key].append((item, cls))
    attachments = _attachments_of(facts)
    documents = _Documents(facts)
    for (unit_key, kind, year), members in sorted(groups.items()):
        yield _disclosure(facts, facts.unit(unit_key), kind, year, members, attachments,
                          names.units, documents)


def _in_budget_column(facts: Facts, column_key: str | None) -> bool:
    return (facts.column(column_key) or {}).get("category") == "budget"


def _resolve(facts: Facts, unit_key: str | None, title: str,
             names: UnitNames) -> list[tuple[tuple[str, str, int], budget.TitleClass]]:
    """((unit key, kind, year), title class) of each disclosure a title listed by a unit names;
    [] when it is none (or belongs to no known unit)."""
    classes = budget.classify_titles(title)
    if not classes:
        return []
    unit = unit_of(facts, {"unit_key": unit_key}, title, names)
    if unit is None:
        return []
    return [((unit["key"], cls.kind, cls.year), cls) for cls in classes]


class _Documents:
    """What each readable document of one crawl shows for a disclosure of one kind (its tables,
    三公经费 and text), worked out once per URL and kind: the same attachment may be linked from
    several members, and a page listed twice is one document."""

    def __init__(self, facts: Facts):
        self.facts = facts
        self._found: dict[tuple[str, str], tuple[set[str], budget.Sangong, str]] = {}

    def read(self, url: str, kind: str) -> tuple[str, str, tuple[set[str], budget.Sangong, str] | None]:
        """(state, note, (tables, 三公, text) or None when the document is not readable)."""
        found = self._found.get((url, kind))
        if found is not None:
            return READ, "", found
        state, doc, note = load_document(self.facts, url)
        if doc is None:
            return state, note, None
        found = self._found[(url, kind)] = (budget.tables_found(doc, kind), budget.sangong(doc),
                                            doc.text)
        return READ, "", found


def _disclosure(facts: Facts, unit: Row, kind: str, year: int, members, attachments,
                units: list[Row], documents: _Documents | None = None) -> dict:
    documents = documents or _Documents(facts)
    document, page, text_of = facts.document, facts.page, facts.text_of
    docs = []
    found: set[str] = set()
    sangong = budget.Sangong()
    texts = []
    readable = False
    unread: list[str] = []
    failed: list[str] = []
    items = []
    dated: set[tuple] = set()
    first = None
    for item, cls in members:
        item_url = item[_URL]
        sangong_only = cls.sangong_only
        if first is None and not sangong_only:
            first = item
        items.append({"url": item_url, "title": item[_TITLE],
                      "column_key": item[_COLUMN], "sangong_only": sangong_only})
        dated.add(item[_PUB:_LISTED + 1])  # (pub_date, list_date)
        linked = attachments.get(item_url)
        # Most members: one page the crawler never opened, told by three lookups (no document
        # row, no page, no text): unread with nothing to analyse.
        if (not linked and document(item_url) is None and page(item_url) is None
                and not text_of(item_url)):
            docs.append({"url": item_url, "item_url": item_url, "role": "article",
                         "state": UNREAD, "note": NEVER_OPENED, "sangong_only": sangong_only,
                         "tables": []})
            unread.append(item_url)
            continue
        role = "article"
        for url in (item_url, *(linked or ())):
            state, note, shown = documents.read(url, kind)
            entry = {"url": url, "item_url": item_url, "role": role, "state": state, "note": note,
                     "sangong_only": sangong_only, "tables": []}
            role = "attachment"
            if shown is not None:
                tables, doc_sangong, text = shown
                entry["tables"] = sorted(tables)
                found |= tables
                sangong.merge(doc_sangong)
                texts.append(text)
                readable = True
            elif state == UNREAD or state == UNREADABLE:
                unread.append(url)
            elif state == FAILED:
                failed.append(url)
            docs.append(entry)
    required = budget.required_tables(kind)
    # Members share dates (a page reposted, listed twice ...): each pair is parsed once.
    dates = [d for pub, listed in dated if (d := parse_date(pub) or parse_date(listed))]
    has_disclosure = first is not None
    if first is None:
        first = members[0][0]
    labels = {i["key"]: i["label"] for i in budget.sangong_items()}
    years = budget.text_years("\n".join(texts))
    subjects = budget_text.subject_units([line for text in texts
                                          for line in budget_text.subject_lines(text)], units)
    return {
        "unit_key": unit["key"], "unit_name": unit["name"], "kind": kind, "year": year,
        "url": first[_URL], "column_key": first[_COLUMN],
        "items": items,
        "has_disclosure": has_disclosure,
        "published": min(dates).isoformat() if dates else None,
        "documents": docs,
        "readable": readable,
        "unread": unread,
        "failed": failed,
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


@analyser("budget", stored=stored_summary)
def analyse(facts: Facts, as_of: dt.date) -> Iterator[dict]:
    """Rows for `analyses`: one per disclosure; the summary is the disclosure itself."""
    for d in disclosures(facts):
        yield {"url": d["url"], "unit_key": d["unit_key"], "kind": d["kind"], "year": d["year"],
               "summary": d}
