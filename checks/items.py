"""One crawl's `items` rows, read on demand (checks/facts.py).

Items are the one table that grows to a million rows (docs/benchmarks.md): the checks never
hold them all in memory, but read them from a connection of their own inside one read
transaction held for the whole audit, so every read sees the same crawl whatever is written
meanwhile (WAL snapshot), and only what a rule asks for.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Iterable, Iterator, Mapping

from checks.rows import Row, _rows


# SQLite's limit on bound parameters (999 in older builds): `IN (…)` lists are sent in parts.
IN_CHUNK = 500


def in_chunks(values: Iterable) -> Iterator[tuple[str, list]]:
    """(`(?, ?, …)`, the values) for each part of `values` short enough to bind at once."""
    values = list(values)
    for start in range(0, len(values), IN_CHUNK):
        chunk = values[start:start + IN_CHUNK]
        yield f"({', '.join('?' * len(chunk))})", chunk


def holding_all(chars: str) -> str:
    """The condition "the title holds every character of `chars`" (one parameter each)."""
    return " and ".join(["instr(title, ?) > 0"] * len(chars)) or "1"


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
        db.execute("create index items_unit on items (_snapshot, unit_key)")
        db.execute("create index items_dates on items "
                   "(_snapshot, written_date, pub_date, list_date)")
        db.executemany(
            f"insert into items ({columns}, _snapshot) values ({', '.join('?' * len(names))}, 0)",
            ([r.get("id", n), *(r.get(k) for k in names[1:])] for n, r in enumerate(rows, 1)))
        return cls(db, 0, crawl_field="_snapshot", fields=columns)
