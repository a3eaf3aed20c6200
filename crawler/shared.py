"""The site structure of one distributed crawl, shared by its workers through Redis.

PortalSpider builds the structure of a portal while it crawls: units, columns with their page
counters and item sets, the site name and platform, and the set of URLs already asked for. In a
distributed crawl any worker may read any page, so this state cannot stay in one process:

- the requested-URL set is a Redis set (`RedisSet`), checked and extended by every callback;
- units and columns are JSON values in two Redis hashes. A worker keeps a local copy; each
  structural callback (`@structural` in crawler/spiders/locking.py) runs under one Redis lock per
  crawl, first applies the changes other workers logged since its last look (`changes`, a list
  of touched keys), then runs, then writes back the entries it touched and logs their keys.

So structural callbacks run one at a time across all workers, exactly as they do in one process,
and see the same state; article, attachment and link-check callbacks (most of the pages) never
touch the structure and run in parallel. Why a lock and not per-field atomic updates: a list
page changes a dozen interdependent fields of its column (counters, item set, pager, children,
classification) and of its parent; serialising those callbacks keeps the single-process logic
unchanged, at the cost of a few Redis round trips per list page.

Every key of a crawl starts with its prefix (`govaudit:<token>:`), see crawler/distributed.py.
"""

from __future__ import annotations

import dataclasses
import json
from contextlib import contextmanager

from crawler.state import ColumnState, UnitState

LOCK_TIMEOUT_S = 120  # a worker killed while holding the lock frees it after this


class TrackingDict(dict):
    """A dict that remembers which keys a callback read or wrote through `[]` or `.get`: only
    those entries are written back to Redis when the callback ends."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.touched: set = set()

    def __getitem__(self, key):
        self.touched.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        if key in self:
            self.touched.add(key)
        return super().get(key, default)

    def __setitem__(self, key, value):
        self.touched.add(key)
        super().__setitem__(key, value)

    def load(self, key, value) -> None:
        """Replace an entry with another worker's version (not a change of this callback)."""
        super().__setitem__(key, value)


class RedisSet:
    """The requested-URL set of the crawl, as the spider uses a Python set."""

    def __init__(self, server, key: str):
        self.server, self.key = server, key

    def __contains__(self, value: str) -> bool:
        return bool(self.server.sismember(self.key, value))

    def add(self, value: str) -> None:
        self.server.sadd(self.key, value)

    def __len__(self) -> int:
        return int(self.server.scard(self.key))


def column_to_json(col: ColumnState) -> str:
    data = dataclasses.asdict(col)
    data["item_urls"] = sorted(col.item_urls)
    return json.dumps(data, ensure_ascii=False)


def column_from_json(text: str) -> ColumnState:
    data = json.loads(text)
    data["item_urls"] = set(data["item_urls"])
    return ColumnState(**data)


def unit_to_json(unit: UnitState) -> str:
    return json.dumps(dataclasses.asdict(unit), ensure_ascii=False)


def unit_from_json(text: str) -> UnitState:
    return UnitState(**json.loads(text))


SITE_FIELDS = ("site_name", "county_key", "platform_url")


class SharedState:
    def __init__(self, server, prefix: str):
        self.server = server
        self.prefix = prefix
        self.requested = RedisSet(server, self.key("requested"))
        self._lock = server.lock(self.key("lock"), timeout=LOCK_TIMEOUT_S, sleep=0.005,
                                 thread_local=False)
        self._depth = 0
        self._seen = 0  # entries of the change log already applied to the local copy

    @classmethod
    def connect(cls, redis_url: str, prefix: str) -> "SharedState":
        import redis

        return cls(redis.Redis.from_url(redis_url, decode_responses=True), prefix)

    def key(self, name: str) -> str:
        return f"{self.prefix}{name}"

    @contextmanager
    def locked(self, spider):
        """Run a structural callback alone across workers, on fresh state."""
        if self._depth:  # parse_hub calls parse_unit: already ours
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._lock.acquire(blocking=True)
        self._depth = 1
        try:
            self._pull(spider)
            spider.columns.touched.clear()
            spider.units.touched.clear()
            try:
                yield
            finally:
                # Also after an exception: what the callback changed stays, as in one process.
                self._push(spider)
        finally:
            self._depth = 0
            self._lock.release()

    def _pull(self, spider) -> None:
        entries = self.server.lrange(self.key("changes"), self._seen, -1)
        self._seen += len(entries)
        columns, units = set(), set()
        for entry in entries:
            data = json.loads(entry)
            columns.update(data["c"])
            units.update(data["u"])
        if columns:
            keys = sorted(columns)
            for key, value in zip(keys, self.server.hmget(self.key("columns"), keys)):
                if value is not None:
                    spider.columns.load(key, column_from_json(value))
        if units:
            keys = sorted(units)
            for key, value in zip(keys, self.server.hmget(self.key("units"), keys)):
                if value is not None:
                    spider.units.load(key, unit_from_json(value))
        site = self.server.hgetall(self.key("site"))
        for name in SITE_FIELDS:
            if site.get(name):
                setattr(spider, name, site[name])

    def _push(self, spider) -> None:
        columns = sorted(k for k in spider.columns.touched if k in spider.columns)
        units = sorted(k for k in spider.units.touched if k in spider.units)
        site = {name: getattr(spider, name) for name in SITE_FIELDS if getattr(spider, name)}
        pipe = self.server.pipeline()
        if columns:
            pipe.hset(self.key("columns"), mapping={
                k: column_to_json(dict.__getitem__(spider.columns, k)) for k in columns})
        if units:
            pipe.hset(self.key("units"), mapping={
                k: unit_to_json(dict.__getitem__(spider.units, k)) for k in units})
        if site:
            pipe.hset(self.key("site"), mapping=site)
        if columns or units:
            pipe.rpush(self.key("changes"), json.dumps({"c": columns, "u": units},
                                                       ensure_ascii=False))
        pipe.execute()
        if columns or units:
            self._seen += 1  # our own entry: the lock kept every other writer out

    def columns(self) -> dict[str, ColumnState]:
        """Every column as the workers left it (for the coordinator's final save)."""
        return {k: column_from_json(v)
                for k, v in self.server.hgetall(self.key("columns")).items()}

    def units(self) -> dict[str, UnitState]:
        """Every unit as the workers left it (for the coordinator's final placement)."""
        return {k: unit_from_json(v) for k, v in self.server.hgetall(self.key("units")).items()}

    def site(self) -> dict:
        return self.server.hgetall(self.key("site"))
