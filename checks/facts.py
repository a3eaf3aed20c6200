"""A read-only snapshot of one crawl's facts, with the lookups rules need.

Loaded once per audit from the store; rules get the same snapshot and cannot change it (rows are
read-only mappings, collections are tuples), so one rule cannot disturb another.

Speed matters at a million items (docs/benchmarks.md): rows are read with plain sqlite3 cursors in
rowid order and turned into read-only mappings by C-level map/zip (no per-row Python code), the
garbage collector is paused while the snapshot is built (it only allocates, there is no garbage to
find, and each full collection would walk every row built so far), and the lookups are built on
first use, so a rule set that never asks for one never pays for it.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from itertools import compress, groupby, repeat
from operator import contains, is_not, itemgetter, methodcaller
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping
from urllib.parse import urlsplit

from govaudit.store import Store

Row = Mapping[str, object]

# Fetch errors that mean "we were refused", not "the target is broken": such pages are
# 未能核验, never evidence of a broken link or a missing column.
BLOCKED_PREFIX = "blocked"


FACT_TABLES = ("units", "columns", "items", "pages", "links", "texts", "documents", "messages")


def _freeze(rows: Iterable[dict]) -> tuple[Row, ...]:
    return tuple(map(MappingProxyType, map(dict, rows)))


def _read(db, table: str, crawl_id: int) -> tuple[Row, ...]:
    """One crawl's rows of a fact table, in id order, as read-only mappings.

    `+crawl_id` keeps SQLite off the (crawl_id, column_key) index: walking the table in rowid
    order and skipping other crawls is several times faster than an index search followed by a
    sort of a million rows into id order."""
    cursor = db.execute(f"select * from [{table}] where +crawl_id = ? order by id", [crawl_id])
    names = tuple(d[0] for d in cursor.description)
    return tuple(map(MappingProxyType, map(dict, map(zip, repeat(names), cursor))))


class _Groups:
    """Rows grouped by one field, in row order: `get(key, default)` gives a tuple of rows.

    Built without a Python-level step per row (a million items): most keys of a big table are
    unique (item URLs), so their first and only row is kept in a dict built by C-level zip;
    the rows of keys seen more than once are picked out by `compress` and put in key order by a
    stable C-level sort, so each of those keys gets its rows in their original order."""

    __slots__ = ("_first", "_many")

    def __init__(self, rows: tuple[Row, ...], field: str):
        with _gc_paused():
            keys = list(map(itemgetter(field), rows))
            # reversed: the first row of each key is written last, so it is the one kept
            self._first: dict = dict(zip(reversed(keys), reversed(rows)))
            self._many: dict = {}
            if len(self._first) == len(keys):
                return
            last = dict(zip(keys, rows))
            first = self._first
            # a key with more than one row has a first row that is not its last one
            differs = map(is_not, first.values(), map(last.__getitem__, first))
            repeated = {k: n for n, k in enumerate(compress(first, differs))}
            chosen = list(map(repeated.__contains__, keys))
            numbers = list(map(repeated.__getitem__, compress(keys, chosen)))
            picked = list(compress(rows, chosen))
            order = sorted(range(len(picked)), key=numbers.__getitem__)
            self._many = {group: tuple(map(picked.__getitem__, members))
                          for group, members in groupby(order, key=numbers.__getitem__)}
            names = list(repeated)
            self._many = {names[n]: found for n, found in self._many.items()}

    def get(self, key, default=()):
        found = self._many.get(key)
        if found is not None:
            return found
        row = self._first.get(key)
        return default if row is None else (row,)


def _group(rows: tuple[Row, ...], field: str) -> _Groups:
    return _Groups(rows, field)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause cyclic garbage collection while building many containers that are all kept."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@dataclass(frozen=True)
class Facts:
    """Everything the crawler recorded for one crawl."""

    crawl: Row
    units: tuple[Row, ...]
    columns: tuple[Row, ...]
    items: tuple[Row, ...]
    pages: tuple[Row, ...]
    links: tuple[Row, ...]
    texts: tuple[Row, ...]
    documents: tuple[Row, ...] = ()
    messages: tuple[Row, ...] = ()  # 政民互动 letters (list row + detail page facts)
    relations: tuple[Row, ...] = ()  # document ↔ 政策解读 links (`doc_relations`)

    @classmethod
    def load(cls, store: Store, crawl_id: int) -> "Facts":
        crawl = store.crawl(crawl_id)  # raises StoreError for an unknown crawl
        db = store.db.conn
        with _gc_paused():
            tables = {t: _read(db, t, crawl_id) for t in FACT_TABLES}
            relations = _read(db, "doc_relations", crawl_id)
        return cls(MappingProxyType(dict(crawl)), relations=relations, **tables)

    @classmethod
    def build(cls, crawl: dict, units=(), columns=(), items=(), pages=(), links=(),
              texts=(), documents=(), messages=(), relations=()) -> "Facts":
        """A snapshot from rows in memory (tests, tools): every row is copied and frozen."""
        return cls(MappingProxyType(dict(crawl)), _freeze(units), _freeze(columns),
                   _freeze(items), _freeze(pages), _freeze(links), _freeze(texts),
                   _freeze(documents), _freeze(messages), _freeze(relations))

    # Lookups are derived data, built on first use (cached_property writes the instance
    # dict directly, so frozen-ness is kept for everything a rule can assign).

    @cached_property
    def _unit(self) -> Mapping[str, Row]:
        return MappingProxyType({u["key"]: u for u in self.units})

    @cached_property
    def _column(self) -> Mapping[str, Row]:
        return MappingProxyType({c["key"]: c for c in self.columns})

    @cached_property
    def _columns_of(self) -> _Groups:
        return _group(self.columns, "unit_key")

    @cached_property
    def _items_of(self) -> _Groups:
        return _group(self.items, "column_key")

    @cached_property
    def _unit_items(self) -> _Groups:
        return _group(self.items, "unit_key")

    @cached_property
    def _items_at(self) -> _Groups:
        return _group(self.items, "url")

    @cached_property
    def _page(self) -> Mapping[str, Row]:
        pages_by_url: dict[str, Row] = {}
        for page in self.pages:
            pages_by_url.setdefault(page["url"], page)
        for page in self.pages:  # a redirect target is the same page under its final URL
            if page.get("final_url"):
                pages_by_url.setdefault(page["final_url"], page)
        return MappingProxyType(pages_by_url)

    @cached_property
    def _links_to(self) -> _Groups:
        return _group(self.links, "to_url")

    @cached_property
    def _document(self) -> Mapping[str, Row]:
        return MappingProxyType({d["url"]: d for d in self.documents})

    @cached_property
    def _text_at(self) -> Mapping[str, str]:
        texts_at: dict[str, list[str]] = defaultdict(list)
        for text in self.texts:
            texts_at[text["url"]].append(text.get("text") or "")
        return MappingProxyType({u: "\n".join(t) for u, t in texts_at.items()})

    # -- titles (scans of every item, shared by the rules that need them) -------------------

    @cached_property
    def titles(self) -> tuple[str, ...]:
        """Every item's title ("" when none), in item order (parallel to `items`)."""
        return tuple(t or "" for t in map(methodcaller("get", "title"), self.items))

    @cached_property
    def _titled(self) -> dict:
        return {}

    def items_titled(self, chars: str) -> tuple[Row, ...]:
        """The items (in item order) whose title holds every character of `chars`: a cheap
        necessary condition a rule checks before its regexes, computed once per `chars` for
        every rule that asks."""
        key = ("items", chars)
        found = self._titled.get(key)
        if found is None:
            items, titles = self.items, self.titles
            for char in chars:  # C-level filtering, one character at a time
                keep = list(map(contains, titles, repeat(char)))
                items, titles = tuple(compress(items, keep)), tuple(compress(titles, keep))
            found = self._titled[key] = items
        return found

    def items_of_unit_titled(self, unit_key: str, chars: str) -> tuple[Row, ...]:
        """`items_titled(chars)` of one unit (its `unit_key`), in item order."""
        key = ("units", chars)
        groups = self._titled.get(key)
        if groups is None:
            groups = self._titled[key] = _group(self.items_titled(chars), "unit_key")
        return groups.get(unit_key, ())

    # -- site -------------------------------------------------------------------------------

    @property
    def site_name(self) -> str:
        return self.crawl.get("site_name") or self.crawl.get("site_url") or ""

    @property
    def site_url(self) -> str:
        return self.crawl.get("site_url") or ""

    # -- lookups ----------------------------------------------------------------------------

    def unit(self, key: str | None) -> Row | None:
        return self._unit.get(key) if key else None

    def column(self, key: str | None) -> Row | None:
        return self._column.get(key) if key else None

    def columns_of(self, unit_key: str) -> tuple[Row, ...]:
        return self._columns_of.get(unit_key, ())

    def items_of(self, column_key: str) -> tuple[Row, ...]:
        return self._items_of.get(column_key, ())

    def items_of_unit(self, unit_key: str) -> tuple[Row, ...]:
        return self._unit_items.get(unit_key, ())

    def items_at(self, url: str) -> tuple[Row, ...]:
        return self._items_at.get(url, ())

    def page(self, url: str | None) -> Row | None:
        return self._page.get(url) if url else None

    def links_to(self, url: str) -> tuple[Row, ...]:
        return self._links_to.get(url, ())

    def document(self, url: str | None) -> Row | None:
        """The `documents` row (kind, status, tables JSON ...) of an article or attachment."""
        return self._document.get(url) if url else None

    def text_of(self, url: str | None) -> str:
        """All stored text of one article or attachment ("" when none was stored)."""
        return self._text_at.get(url, "") if url else ""

    def unit_for_url(self, url: str | None) -> Row | None:
        """The unit whose key (its platform page path) is the longest prefix of the URL's path."""
        if not url:
            return None
        path = urlsplit(url).path or "/"
        best = None
        for unit in self.units:
            key = unit["key"] or ""
            if key and path.startswith(key) and (best is None or len(key) > len(best["key"])):
                best = unit
        return best


def fetch_failure(page: Row | None) -> str | None:
    """Why a page gave no usable response (`timeout`, `blocked:412`, `HTTP 404` ...), or None."""
    if page is None:
        return None
    status = page.get("status")
    error = str(page.get("error") or "")
    # An HTTP error reads the same whatever spelling the crawler used (`http:404`).
    if status is not None and status >= 400 and not error.startswith(BLOCKED_PREFIX):
        return f"HTTP {status}"
    if error:
        return error
    if status is None:
        return "无响应"
    return None


def is_blocked(page: Row | None) -> bool:
    return bool(page and str(page.get("error") or "").startswith(BLOCKED_PREFIX))
