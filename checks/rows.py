"""Read-only rows and their groupings, built without a Python-level step per row.

The facts snapshot (checks/facts.py) reads up to a million rows: they become read-only mappings
through C-level map/zip, with the cyclic garbage collector paused while containers that are all
kept are built (there is no garbage to find, and each pass would walk every row)."""

from __future__ import annotations

import gc
import sqlite3
from contextlib import contextmanager
from itertools import compress, groupby, repeat
from operator import is_not, itemgetter
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping

Row = Mapping[str, object]


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
