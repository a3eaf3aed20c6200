"""A read-only snapshot of one crawl's facts, with the lookups rules need.

Loaded once per audit from the store; rules get the same snapshot and cannot change it (rows are
read-only mappings, collections are tuples), so one rule cannot disturb another.

Items are the one table that grows to a million rows (docs/benchmarks.md), so they are not held
in memory: `Facts` reads them from its own connection to the store, inside one read transaction
held for the whole audit (so every read sees the same crawl, whatever is written meanwhile), and
only what a rule asks for: one column's items, the items at one URL, the items whose title holds
certain characters, per-column and per-unit counts (from indexes alone). Set work is done in SQL:
a rule that must judge every item by its dates (lateness) asks for the distinct combinations of
those dates (`distinct_values`), decides each combination once in Python with the same pure
code as before, and reads only the rows of the combinations it picked (`items_with_values`);
serious errors are searched in the titles joined by SQLite into one string (`joined_titles`),
and only the rows of the titles that may hold one are read (`items_with_titles`).

The other tables are small and read whole (checks/items.py reads the items): rows are read with
plain sqlite3 cursors in rowid order and turned into read-only mappings by C-level map/zip, with
the garbage collector paused (it only allocates, there is no garbage to find); their lookups are
built on first use. Links, the largest of them (hundreds of thousands), are read whole only when
a rule asks for all of them; the links of one kind, to one URL or from a few pages are read
alone through the snapshot until then.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from types import MappingProxyType
from typing import Callable, Hashable, Iterable, Iterator, Mapping, TypeVar
from urllib.parse import urlsplit

from checks.items import _Items, holding_all, in_chunks
from checks.rows import Row, _freeze, _group, _Groups, _read, _rows, gc_paused
from ground.store import Store
from ground.structure import crawl_profile, resolve_columns

__all__ = ["Facts", "Row", "fetch_failure", "is_broken", "is_blocked", "gc_paused", "_Groups"]

T = TypeVar("T")

# Fetch errors that mean "we were refused", not "the target is broken": such pages are
# 未能核验, never evidence of a broken link or a missing column.
BLOCKED_PREFIX = "blocked"

# Tables read whole into memory when the snapshot is loaded (items are read on demand, see the
# module docstring; links when first asked for, see `Facts.links`).
FACT_TABLES = ("units", "columns", "pages", "texts", "documents", "messages")


@dataclass(frozen=True)
class Facts:
    """Everything the crawler recorded for one crawl (items on demand: see the module doc)."""

    crawl: Row
    units: tuple[Row, ...]
    columns: tuple[Row, ...]
    pages: tuple[Row, ...]
    # None when loaded from the store: read on first use (`links`)
    read_links: tuple[Row, ...] | None
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
        return cls(MappingProxyType(dict(crawl)), relations=relations, _items=items,
                   read_links=None, **tables)

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
    def links(self) -> tuple[Row, ...]:
        """Every link of the crawl, in id order. The largest of the small tables (415,557
        rows, half the loading time, for a 745-unit portal), so a snapshot loaded from the
        store reads it on first use: a check process whose rules only ask for the links of
        one kind or to one URL (`links_of_kind`, `links_to`; checks/parallel.py) never builds
        them all."""
        if self.read_links is not None:
            return self.read_links
        with gc_paused():
            return _read(self._items.db, "links", self._items.crawl_id)

    def _links_read(self) -> bool:
        return self.read_links is not None or "links" in self.__dict__

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

    def value_counts_of(self, column_key: str | None, fields: tuple[str, ...]
                        ) -> tuple[tuple[tuple, int], ...]:
        """(combination of `fields`, how many items hold it) among one column's items, one
        GROUP BY query (kept): a rule counting a column's items per date class decides each
        distinct date once instead of reading every item."""
        if not column_key:
            return ()
        key = ("value-counts", column_key, fields)
        found = self._items.cache.get(key)
        if found is None:
            names = ", ".join(f"[{f}]" for f in fields)
            found = self._items.cache[key] = tuple(
                (tuple(row[:-1]), row[-1]) for row in self._items.db.execute(
                    f"select {names}, count(*) from items where {self._items._of_crawl(True)} "
                    f"and column_key = ? group by {names} order by {names}",
                    [self._items.crawl_id, column_key]))
        return found

    def item_fields_of(self, column_key: str | None, fields: tuple[str, ...]
                       ) -> Iterator[tuple]:
        """`fields` of one column's items, in list order, as plain tuples read one by one (no
        row object is built or kept): for a rule that only looks through a column's entries,
        such as a hundred thousand 解读 copied across a portal."""
        cached = self._items.cache.get(("column", column_key))
        if cached is not None or column_key is None:
            for row in cached or ():
                yield tuple(row.get(f) for f in fields)
            return
        names = ", ".join(f"[{f}]" for f in fields)
        yield from self._items.select("column_key = ?", [column_key], columns=names,
                                      indexed=True)

    def item_total(self) -> int:
        """How many items the crawl stored (no rows are read)."""
        return sum(self._items.counts("column_key", indexed=True).values())

    def item_count_of_unit(self, unit_key: str | None) -> int:
        """How many items one unit's columns list (no rows are read)."""
        if not unit_key:
            return 0
        return self._items.counts("unit_key", indexed=True).get(unit_key, 0)

    def items_at(self, url: str | None) -> tuple[Row, ...]:
        """The list entries pointing at one URL (an article may be listed in several columns)."""
        if not url:
            return ()
        return self._items.rows("url = ?", [url], indexed=True)

    def items_by_id(self, ids: Iterable[int]) -> tuple[Row, ...]:
        """The items with these ids, in item order."""
        ids = sorted(set(ids))
        out: list[Row] = []
        for marks, chunk in in_chunks(ids):
            out.extend(self._items.rows(f"id in {marks}", chunk, indexed=True))
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

    def joined_titles(self) -> tuple[str, int]:
        """(every distinct item title, "" for none, joined by NUL; how many distinct titles):
        the one field a rule must search in full (serious errors), joined by SQLite
        (group_concat) without a Python object per item. Whether a title holds a hit depends
        on its text alone, so each distinct title is searched once: a title recurs whenever a
        document is listed in several columns or reposted, and a store's reading of the
        column costs the same with DISTINCT (a million items: 0.6 s either way) while the
        joined text shrinks with the repeats. The titles' order is not defined: a rule asks
        `items_with_titles` for the rows of the titles it picked."""
        found = self._items.cache.get("joined-titles")
        if found is None:
            joined, count = self._items.db.execute(
                f"select group_concat(title, char(0)), count(*) from (select distinct "
                f"coalesce(title, '') as title from items where {self._items._of_crawl(False)})",
                [self._items.crawl_id]).fetchone()
            found = self._items.cache["joined-titles"] = (joined or "", count)
        return found

    def items_with_titles(self, titles: Iterable[str]) -> tuple[Row, ...]:
        """The items (in item order) whose title is one of `titles` (one walk of the table)."""
        titles = sorted(set(titles))
        rows: list[Row] = []
        for marks, chunk in in_chunks(titles):
            rows.extend(self._items.rows(f"title in {marks}", chunk))
        return tuple(sorted(rows, key=itemgetter("id")))

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
            found = self._items.cache[key] = self._items.rows(holding_all(chars), list(chars))
        return found

    def titled_values(self, chars: str, fields: tuple[str, ...]) -> list[tuple]:
        """`fields` of the items (in item order) whose title holds every character of `chars`,
        as plain tuples: for a caller that needs a few fields of a hundred thousand items and
        would otherwise pay for a read-only mapping of every column per item. Not kept (the
        caller asks once)."""
        columns = ", ".join(f"[{f}]" for f in fields)
        return self._items.select(holding_all(chars), list(chars), columns=columns).fetchall()

    def items_of_unit_titled(self, unit_key: str, chars: str) -> tuple[Row, ...]:
        """`items_titled(chars)` of one unit (its `unit_key`), in item order."""
        key = ("titled-units", chars)
        groups = self._items.cache.get(key)
        if groups is None:
            groups = self._items.cache[key] = _group(self.items_titled(chars), "unit_key")
        return groups.get(unit_key, ())

    def distinct_values(self, fields: tuple[str, ...]) -> tuple[tuple, ...]:
        """The distinct combinations of `fields` among the items whose first field is a
        non-empty text, in field order: one aggregate query (read from an index that starts
        with the crawl and these fields, migration m010), so a rule can decide each
        combination once instead of each item (a million items share a few thousand dates)."""
        names = ", ".join(f"[{f}]" for f in fields)
        return tuple(self._items.db.execute(
            f"select distinct {names} from items where {self._items._of_crawl(True)} "
            f"and [{fields[0]}] > '' order by {names}", [self._items.crawl_id]))

    def items_with_values(self, fields: tuple[str, ...], values: Iterable[tuple]
                          ) -> tuple[Row, ...]:
        """The items (in item order) whose `fields` hold exactly one of the `values` tuples
        (NULL matches None): the rows of the combinations a rule picked by `distinct_values`."""
        where = " and ".join(f"[{f}] is ?" for f in fields)
        rows: list[Row] = []
        for value in dict.fromkeys(map(tuple, values)):
            rows.extend(self._items.rows(where, value, indexed=True))
        return tuple(sorted(rows, key=itemgetter("id")))

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

    def homepage_urls(self) -> set[str]:
        """The site's homepage under every URL it was seen as (start URL, role `home`,
        redirect)."""
        urls = {self.site_url} if self.site_url else set()
        for page in self.pages:
            if page.get("role") == "home":
                urls.update(u for u in (page.get("url"), page.get("final_url")) if u)
        return urls

    def links_to(self, url: str) -> tuple[Row, ...]:
        """The links to `url`, in id order: from the links read, else read alone (through the
        index on the crawl and the target) and kept."""
        if self._links_read():
            return self._links_to.get(url, ())
        key = ("links-to", url)
        found = self._items.cache.get(key)
        if found is None:
            found = self._items.cache[key] = _rows(self._items.db.execute(
                "select * from links where crawl_id = ? and to_url = ? order by id",
                [self._items.crawl_id, url]))
        return found

    def links_from_any(self, urls: Iterable[str]) -> tuple[Row, ...]:
        """The links found on any of the pages `urls`, in id order: from the links read, else
        read alone through the index on the crawl and the source page."""
        wanted = sorted({u for u in urls if u})
        if self._links_read():
            chosen = set(wanted)
            return tuple(link for link in self.links if link.get("from_url") in chosen)
        rows: list[Row] = []
        for marks, chunk in in_chunks(wanted):
            rows.extend(_rows(self._items.db.execute(
                f"select * from links where crawl_id = ? and from_url in {marks}",
                [self._items.crawl_id, *chunk])))
        return tuple(sorted(rows, key=itemgetter("id")))

    def link_texts(self) -> Iterator[str | None]:
        """The text of every link, in id order, one by one: a rule looking for one kind of
        link stops at the first without a row being built for each of the others."""
        if self._links_read():
            yield from (link.get("text") for link in self.links)
            return
        for (text,) in self._items.db.execute(
                "select text from links where +crawl_id = ? order by id",
                [self._items.crawl_id]):
            yield text

    def link_count(self) -> int:
        if self._links_read():
            return len(self.links)
        return self._items.db.execute("select count(*) from links where crawl_id = ?",
                                      [self._items.crawl_id]).fetchone()[0]

    def links_of_kind(self, kind: str) -> tuple[Row, ...]:
        """The links of one `kind` (attachment …), in id order: from the links read, else
        picked by SQLite in one walk of the table without a row object for the others."""
        key = ("links-kind", kind)
        found = self._items.cache.get(key)
        if found is None:
            if self._links_read():
                found = tuple(link for link in self.links if link.get("kind") == kind)
            else:
                with gc_paused():
                    found = _rows(self._items.db.execute(
                        "select * from links where +crawl_id = ? and kind = ? order by id",
                        [self._items.crawl_id, kind]))
            self._items.cache[key] = found
        return found

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
