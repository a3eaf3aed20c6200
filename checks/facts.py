"""A read-only snapshot of one crawl's facts, with the lookups rules need.

Loaded once per audit from the store; rules get the same snapshot and cannot change it (rows are
read-only mappings, collections are tuples), so one rule cannot disturb another.

Items are the one table that grows to a million rows (docs/benchmarks.md), so they are not held
in memory: `Facts` reads them from its own connection to the store, inside one read transaction
held for the whole audit (so every read sees the same crawl, whatever is written meanwhile), and
only what a rule asks for: one column's items, the items at one URL, the items whose title holds
certain characters, per-column counts. A rule that must look at every item (lateness, serious
errors in titles) asks for a *necessary condition* computed in SQL (`items_published_after`,
`item_titles`) and decides each returned row itself, exactly as before, so SQL only ever skips
rows the rule would have skipped.

The other tables are small and read whole: rows are read with plain sqlite3 cursors in rowid
order and turned into read-only mappings by C-level map/zip, with the garbage collector paused
(it only allocates, there is no garbage to find); their lookups are built on first use.
"""

from __future__ import annotations

import gc
import sqlite3
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress, groupby, repeat
from operator import is_not, itemgetter
from types import MappingProxyType
from typing import Callable, Hashable, Iterable, Iterator, Mapping, TypeVar
from urllib.parse import urlsplit

from ground.store import Store
from ground.structure import crawl_profile, resolve_columns

Row = Mapping[str, object]
T = TypeVar("T")

# Fetch errors that mean "we were refused", not "the target is broken": such pages are
# 未能核验, never evidence of a broken link or a missing column.
BLOCKED_PREFIX = "blocked"

# Tables read whole into memory (items are read on demand, see the module docstring).
FACT_TABLES = ("units", "columns", "pages", "links", "texts", "documents", "messages")

# An ISO date as the crawler stores it. Only such strings are compared as text in SQL: for them
# text order is date order; any other spelling is handed to the rule to parse and decide.
ISO_DATE_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"


def _freeze(rows: Iterable[dict]) -> tuple[Row, ...]:
    return tuple(map(MappingProxyType, map(dict, rows)))


def _rows(cursor: sqlite3.Cursor) -> tuple[Row, ...]:
    """A cursor's rows as read-only mappings, without a Python-level step per row."""
    names = tuple(d[0] for d in cursor.description)
    with gc_paused():
        return tuple(map(MappingProxyType, map(dict, map(zip, repeat(names), cursor))))


def _read(db: sqlite3.Connection, table: str, crawl_id: int) -> tuple[Row, ...]:
    """One crawl's rows of a small fact table, in id order, as read-only mappings.

    `+crawl_id` keeps SQLite off the crawl_id indexes: walking the table in rowid order and
    skipping other crawls is faster than an index search followed by a sort into id order."""
    return _rows(db.execute(f"select * from [{table}] where +crawl_id = ? order by id",
                            [crawl_id]))


class _Groups:
    """Rows grouped by one field, in row order: `get(key, default)` gives a tuple of rows.

    Built without a Python-level step per row: most keys of a big table are unique, so their
    first and only row is kept in a dict built by C-level zip; the rows of keys seen more than
    once are picked out by `compress` and put in key order by a stable C-level sort, so each of
    those keys gets its rows in their original order."""

    __slots__ = ("_first", "_many")

    def __init__(self, rows: tuple[Row, ...], field: str):
        with gc_paused():
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
def gc_paused() -> Iterator[None]:
    """Pause cyclic garbage collection while building many containers that are all kept."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _Items:
    """One crawl's `items` rows, read on demand from a connection that holds a read transaction
    (a snapshot) until `close()`; what was read once is kept, so a rule asking twice pays once."""

    def __init__(self, db: sqlite3.Connection, crawl_id: int, crawl_field: str = "crawl_id",
                 fields: str = "*"):
        self.db = db
        self.crawl_id = crawl_id
        self.crawl_field = crawl_field  # the column that says which snapshot a row is of
        self.fields = fields  # what a row holds
        self.cache: dict = {}

    def select(self, where: str = "1", params: Iterable = (), columns: str | None = None,
               indexed: bool = False) -> sqlite3.Cursor:
        """This crawl's items matching `where` (SQL over the items table), in id order.

        `indexed`: `where` tests an indexed field (column_key, url) for equality, so SQLite
        should search the index; otherwise `+crawl_id` makes it walk the table in rowid order,
        several times faster than fetching most rows one by one through an index."""
        return self.db.execute(f"select {columns or self.fields} from items "
                               f"where {self._of_crawl(indexed)} and ({where}) order by id",
                               [self.crawl_id, *params])

    def _of_crawl(self, indexed: bool) -> str:
        """The condition `this crawl's rows`; unless `indexed`, `+` keeps SQLite off the
        indexes that start with the crawl, so that it walks the table in rowid order."""
        return f"{'' if indexed else '+'}[{self.crawl_field}] = ?"

    def rows(self, where: str = "1", params: Iterable = (), indexed: bool = False
             ) -> tuple[Row, ...]:
        return _rows(self.select(where, params, indexed=indexed))

    def counts(self, field: str, indexed: bool = False) -> Counter:
        """Rows per value of `field` (one aggregate query, kept). `indexed`: an index starts
        with the crawl and `field`, so counting reads the index alone; otherwise a walk of the
        table beats fetching every row through the crawl's index (1.5 s against 0.4 s for a
        million items)."""
        found = self.cache.get(("counts", field))
        if found is None:
            found = self.cache[("counts", field)] = Counter(dict(self.db.execute(
                f"select [{field}], count(*) from items where {self._of_crawl(indexed)} "
                f"group by [{field}]",
                [self.crawl_id])))
        return found

    def close(self) -> None:
        try:
            self.db.rollback()  # ends the read transaction; nothing was written
            self.db.close()
        except sqlite3.Error:
            pass

    @classmethod
    def open(cls, path, crawl_id: int) -> "_Items":
        # A connection of its own: the runner writes the audit on the store's connection while
        # this one keeps reading the crawl as it was when the audit began (WAL snapshot).
        db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        db.execute("pragma query_only = 1")
        db.execute("pragma busy_timeout = 5000")
        # Only under WAL does a reader leave writers alone; in the old journal modes (a file
        # system without WAL support) a held read lock would stop the runner writing the audit.
        if db.execute("pragma journal_mode").fetchone()[0] == "wal":
            db.execute("begin")
        return cls(db, crawl_id)

    @classmethod
    def of_rows(cls, rows: Iterable[Mapping]) -> "_Items":
        """Items held in an in-memory database (snapshots built from rows: tests, tools)."""
        rows = [dict(r) for r in rows]
        names = list(dict.fromkeys(["id", "crawl_id", "unit_key", "column_key", "url", "title",
                                    "list_date", "pub_date", "written_date",
                                    *(k for r in rows for k in r)]))
        columns = ", ".join(f"[{n}]" for n in names)
        db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        # `_snapshot` marks every row as this snapshot's, whatever crawl_id it came with.
        db.execute(f"create table items ({columns}, _snapshot)")
        db.execute("create index items_column on items (_snapshot, column_key)")
        db.execute("create index items_url on items (_snapshot, url)")
        db.executemany(
            f"insert into items ({columns}, _snapshot) values ({', '.join('?' * len(names))}, 0)",
            ([r.get("id", n), *(r.get(k) for k in names[1:])] for n, r in enumerate(rows, 1)))
        return cls(db, 0, crawl_field="_snapshot", fields=columns)


@dataclass(frozen=True)
class Facts:
    """Everything the crawler recorded for one crawl (items on demand: see the module doc)."""

    crawl: Row
    units: tuple[Row, ...]
    columns: tuple[Row, ...]
    pages: tuple[Row, ...]
    links: tuple[Row, ...]
    texts: tuple[Row, ...]
    documents: tuple[Row, ...] = ()
    messages: tuple[Row, ...] = ()  # 政民互动 letters (list row + detail page facts)
    relations: tuple[Row, ...] = ()  # document ↔ 政策解读 links (`doc_relations`)
    _items: _Items = field(default_factory=lambda: _Items.of_rows(()), repr=False,
                           compare=False)

    @classmethod
    def load(cls, store: Store, crawl_id: int, profile: dict | None = None) -> "Facts":
        """The crawl's facts; column categories resolved again from the stored signals with
        today's data files and `profile` (else the profile the crawl ran with)."""
        crawl = store.crawl(crawl_id)  # raises StoreError for an unknown crawl
        items = _Items.open(store.path, crawl_id)
        try:  # the small tables through the same snapshot as the items
            with gc_paused():
                tables = {t: _read(items.db, t, crawl_id) for t in FACT_TABLES}
                relations = _read(items.db, "doc_relations", crawl_id)
            tables["columns"] = resolve_columns(tables["columns"],
                                                profile or crawl_profile(crawl))
        except BaseException:
            items.close()
            raise
        return cls(MappingProxyType(dict(crawl)), relations=relations, _items=items, **tables)

    @classmethod
    def build(cls, crawl: dict, units=(), columns=(), items=(), pages=(), links=(),
              texts=(), documents=(), messages=(), relations=()) -> "Facts":
        """A snapshot from rows in memory (tests, tools): every row is copied and frozen."""
        return cls(MappingProxyType(dict(crawl)), _freeze(units), _freeze(columns),
                   _freeze(pages), _freeze(links), _freeze(texts), _freeze(documents),
                   _freeze(messages), _freeze(relations), _items=_Items.of_rows(items))

    def close(self) -> None:
        """End the snapshot's read transaction (items can no longer be read)."""
        self._items.close()

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

    @cached_property
    def _derived(self) -> dict:
        return {}

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Work several rules share, done once per snapshot: `compute()` the first time `key`
        is asked for, the same value afterwards. The value must be treated as read-only."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    # -- items (read from the store on demand) ---------------------------------------------

    @cached_property
    def items(self) -> tuple[Row, ...]:
        """Every item, in item order. Reads the whole table (a million rows at national
        scale): rules use the narrower lookups below instead."""
        return self._items.rows()

    def items_of(self, column_key: str | None) -> tuple[Row, ...]:
        """The items listed in one column, in list order (kept once read)."""
        if column_key is None:
            return ()
        key = ("column", column_key)
        found = self._items.cache.get(key)
        if found is None:
            found = self._items.cache[key] = self._items.rows("column_key = ?", [column_key],
                                                              indexed=True)
        return found

    def iter_items_of(self, column_key: str | None) -> Iterator[Row]:
        """The items of one column one by one, in list order, read only as far as the caller
        goes (a freshness test usually stops at the first, newest entry)."""
        cached = self._items.cache.get(("column", column_key))
        if cached is not None or column_key is None:
            yield from cached or ()
            return
        cursor = self._items.select("column_key = ?", [column_key], indexed=True)
        names = tuple(d[0] for d in cursor.description)
        for values in cursor:
            yield MappingProxyType(dict(zip(names, values)))

    def item_count(self, column_key: str | None) -> int:
        """How many items one column lists (no rows are read)."""
        if not column_key:
            return 0
        return self._items.counts("column_key", indexed=True).get(column_key, 0)

    def item_total(self) -> int:
        """How many items the crawl stored (no rows are read)."""
        return sum(self._items.counts("column_key", indexed=True).values())

    def item_count_of_unit(self, unit_key: str | None) -> int:
        """How many items one unit's columns list (no rows are read)."""
        return self._items.counts("unit_key").get(unit_key, 0) if unit_key else 0

    def items_at(self, url: str | None) -> tuple[Row, ...]:
        """The list entries pointing at one URL (an article may be listed in several columns)."""
        if not url:
            return ()
        return self._items.rows("url = ?", [url], indexed=True)

    def items_by_id(self, ids: Iterable[int]) -> tuple[Row, ...]:
        """The items with these ids, in item order."""
        ids = sorted(set(ids))
        out: list[Row] = []
        for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit
            chunk = ids[start:start + 500]
            out.extend(self._items.rows(f"id in ({', '.join('?' * len(chunk))})", chunk,
                                        indexed=True))
        return tuple(out)

    def item_titles(self) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """(ids, titles) of every item in item order, "" for no title: the one field a rule
        must scan in full (serious errors), read without building the rows."""
        found = self._items.cache.get("titles")
        if found is None:
            cursor = self._items.select(columns="id, coalesce(title, '')")
            with gc_paused():
                pairs = cursor.fetchall()
                found = (tuple(map(itemgetter(0), pairs)), tuple(map(itemgetter(1), pairs)))
            self._items.cache["titles"] = found
        return found

    @property
    def titles(self) -> tuple[str, ...]:
        """Every item's title ("" when none), in item order."""
        return self.item_titles()[1]

    def items_titled(self, chars: str) -> tuple[Row, ...]:
        """The items (in item order) whose title holds every character of `chars`: a cheap
        necessary condition a rule checks before its regexes, computed once per `chars` (by
        SQLite, so the other items are never read) for every rule that asks."""
        key = ("titled", chars)
        found = self._items.cache.get(key)
        if found is None:
            where = " and ".join(["instr(title, ?) > 0"] * len(chars)) or "1"
            found = self._items.cache[key] = self._items.rows(where, list(chars))
        return found

    def items_of_unit_titled(self, unit_key: str, chars: str) -> tuple[Row, ...]:
        """`items_titled(chars)` of one unit (its `unit_key`), in item order."""
        key = ("titled-units", chars)
        groups = self._items.cache.get(key)
        if groups is None:
            groups = self._items.cache[key] = _group(self.items_titled(chars), "unit_key")
        return groups.get(unit_key, ())

    def items_published_after(self, field: str, dates: tuple[str, ...], days: int
                              ) -> tuple[Row, ...]:
        """The items (in item order) that may have one of `dates` (fields) more than `days`
        calendar days after their `field` date: a necessary condition for lateness.

        A row is left out only when `field` and every non-empty one of `dates` are ISO dates
        (`ISO_DATE_GLOB`, compared as text) and none is more than `days` days after `field`;
        rows with no `field` date are left out too. Anything else (other spellings, invalid
        dates) is returned for the rule to parse and decide."""
        start = f"substr([{field}], 1, 10)"
        later = " or ".join(
            f"(substr([{d}], 1, 10) > {start} and substr([{d}], 1, 10) > date({start}, ?))"
            for d in dates)
        other = " or ".join(f"substr(nullif([{d}], ''), 1, 10) not glob ?"
                            for d in (field, *dates))
        where = f"[{field}] != '' and ({later} or {other})"
        shift = f"+{max(0, int(days))} days"
        return self._items.rows(where, [*[shift] * len(dates),
                                        *[ISO_DATE_GLOB] * (1 + len(dates))])

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
        """The unit a page belongs to, by what the crawl saw rather than by URL nesting: the
        unit of the list entry at that URL (an article), else of the column whose address it
        is or continues (a list page), else the unit whose key is the longest prefix of the
        URL (units on another host have host-qualified keys `//host:port/path`)."""
        if not url:
            return None
        for item in self.items_at(url):
            unit = self.unit(item.get("unit_key"))
            if unit is not None:
                return unit
        column = self._column_at(url)
        if column is not None and self.unit(column.get("unit_key")) is not None:
            return self.unit(column.get("unit_key"))
        parts = urlsplit(url)
        path = parts.path or "/"
        qualified = f"//{parts.netloc}{path}"
        best = None
        for unit in self.units:
            key = unit["key"] or ""
            if key and (qualified.startswith(key) if key.startswith("//")
                        else path.startswith(key) and self._on_site(parts.netloc)) \
                    and (best is None or len(key) > len(best["key"])):
                best = unit
        return best

    def _on_site(self, netloc: str) -> bool:
        site = urlsplit(self.site_url or "")
        return not site.netloc or site.netloc == netloc

    def _column_at(self, url: str) -> Row | None:
        """The column whose URL is `url`, or the longest whose URL (without `index.html`) it
        continues on the same host (`/col/col1/index_2.html`, `list.jsp?…&page=2`)."""
        exact = self._column_urls.get(url)
        if exact is not None:
            return exact
        best = None
        for col_url, column in self._column_urls.items():
            stem = col_url.rsplit("index.", 1)[0] if col_url.rsplit("/", 1)[-1].startswith(
                "index.") else col_url
            if len(stem) > len(urlsplit(stem)._replace(path="", query="").geturl()) + 1 \
                    and url.startswith(stem) and (best is None or len(stem) > best[0]):
                best = (len(stem), column)
        return best[1] if best else None

    @cached_property
    def _column_urls(self) -> Mapping[str, Row]:
        return MappingProxyType({c["url"]: c for c in self.columns
                                 if c.get("url") and c.get("role") in ("column", "container")})


def fetch_failure(page: Row | None) -> str | None:
    """Why a page gave no usable response (`timeout`, `blocked:412`, `HTTP 404` ...), or None.

    The crawler's decision of what the answer was (`pages.answer`, crawler/answers.py) comes
    first: anything but a `page` is a failure, whatever its status (a WAF challenge answered
    with 200 is no page). Crawls stored before that decision existed are read as before."""
    if page is None:
        return None
    status = page.get("status")
    error = str(page.get("error") or "")
    answer = page.get("answer")
    if answer == "page":
        return None
    if answer == "http" and status is not None:
        return f"HTTP {status}"
    if answer is not None:
        return error or answer
    # An HTTP error reads the same whatever spelling the crawler used (`http:404`).
    if status is not None and status >= 400 and not error.startswith(BLOCKED_PREFIX):
        return f"HTTP {status}"
    if error:
        return error
    if status is None:
        return "无响应"
    return None


def is_broken(page: Row | None, error_status: int = 400) -> bool:
    """True when the portal itself said the target does not work: a real HTTP error or a
    "page not found" served with 200. Refusals (robots, private, size), WAF challenges,
    timeouts, resets and "come back later" are 未能核验, never a broken link."""
    if page is None:
        return False
    answer = page.get("answer")
    status = page.get("status")
    if answer is not None:
        return answer == "soft404" or (answer == "http" and status is not None
                                       and status >= error_status)
    # Crawls stored before pages.answer: HTTP errors only (refusals and network faults
    # are not the portal's answer).
    return (status is not None and status >= error_status
            and not str(page.get("error") or "").startswith(BLOCKED_PREFIX))


def is_blocked(page: Row | None) -> bool:
    if page and page.get("answer") is not None:
        return page.get("answer") == "blocked"
    return bool(page and str(page.get("error") or "").startswith(BLOCKED_PREFIX))
