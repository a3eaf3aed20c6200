"""Incremental re-audit: the second crawl of a portal asks only what freshness needs.

With `--incremental` every response is kept in a cache file next to the store
(`<db>.httpcache`, SQLite, one row per request fingerprint). The next incremental crawl of the
same site then:

- revalidates the pages whose content decides freshness and structure, the homepage, the
  platform and unit landing pages (a column added or removed) and the first page of every
  column list (its newest items), with a conditional request (If-None-Match / If-Modified-Since
  from the stored ETag / Last-Modified): 304 replays the stored page, 200 brings the new one;
- takes everything else it already read (articles, attachments and link checks) from the
  cache without a request, and a list's deeper pages too when its first page is unchanged and
  the list runs newest-first (crawler/revalidate.py: otherwise they are asked again, with
  validators); only URLs it has never seen (new items on a changed list, a new column) go to
  the network without validators. Unchanged articles, attachments and link
  checks are not even parsed again: their facts are copied from the previous run
  (crawler/reuse.py), and an article whose list entry changed is revalidated and re-read;
- asks again for every page whose stored answer is a failure (404, WAF page, 5xx): an
  accusation rests on a fresh answer, and what was unreadable may be readable now; so is
  every page a `fail` finding of the last audit rests on (crawler/reuse.py `accused_urls`);
- also takes from the cache the first list page of the columns that are judged for presence
  only (`REUSE_CATEGORIES`: 政府信息公开制度, 依申请公开, 机构职能; no freshness window, no rule
  reads their entries' dates or picks their newest entry) when the previous complete crawl of
  the same site read that list completely and found entries in it, none of its entries (nor
  what they link to) was a failure or is accused by the last audit, and no `fail` finding of
  the last audit names its unit (a report found in any list answers annual-report.missing or
  budget.missing, and a department may file it in an odd column). Such a column cannot
  become a new accusation by being reused: it existed and was not empty, and every page it
  lists is either copied (unchanged, unaccused) or was read fine; what the re-audit cannot
  see is that it was emptied or got new entries, as for any page it does not re-request. An
  entry that failed or is accused is asked again (crawler/reuse.py), so its list must be
  fresh too: an entry the department took off the list (the accused page deleted, the dead
  link removed) must not be asked on the word of an old copy and accused again. Such a list
  is stored as a copy (`columns.list_copy`): a report filed there since would go unseen, so
  the absence rules (annual-report.missing, budget.missing) say 未能核验, not fail, for its
  unit.

The spider sees the same responses either way, so an unchanged portal yields the same facts and
the same findings. What an incremental crawl cannot see: edits inside pages it did not
re-request (an article corrected without its list entry changing). Delete the cache file, or
audit without `--incremental`, for a full re-read. Politeness and what a re-audit costs:
docs/politeness.md.

A revalidation that fails (refused, timeout, 5xx) is recorded as the failure it is: the stored
copy is never served in its place, because an audit must not report a page as readable when it
was not.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes

from crawler.revalidate import RunRecord, newest_first_lists
from crawler.state import LIST_COPY

# Roles (request meta, set by the spider) whose pages are re-asked on every incremental crawl.
REVALIDATE_ROLES = frozenset({"home", "platform", "unit", "column"})
# Column categories (ground/data/categories.yaml) checked for presence only: their first list
# page is reused like a deeper one when the previous crawl saw it complete and non-empty. A
# category the data gives a freshness class is never reused (`presence_only_categories`).
REUSE_CATEGORIES = ("rules", "on-request", "org")
# Rows written between commits: one commit per response would dominate a 50,000-page crawl.
COMMIT_EVERY = 500


def cache_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}.httpcache")


def presence_only_categories() -> tuple[str, ...]:
    """REUSE_CATEGORIES without any the category data gives a freshness class: a list whose
    newest entry decides staleness is always asked."""
    from ground import config

    known = config.categories().get("categories") or {}
    return tuple(c for c in REUSE_CATEGORIES
                 if c in known and not (known[c] or {}).get("freshness"))


def presence_only_lists(db_path: str | Path, site_url: str | None) -> list[str]:
    """First-page URLs of the previous complete crawl's presence-only columns (see the module
    docstring) of `site_url`, read completely, non-empty, with no entry (nor a page an entry
    links to) that failed or that a `fail` finding of the last audit rests on, and of a unit no
    such finding names; [] without such a crawl."""
    from crawler.reuse import accused_units, accused_urls

    categories = presence_only_categories()
    if not site_url or not categories or not Path(db_path).exists():
        return []
    marks = ", ".join("?" for _ in categories)
    db = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
    try:
        row = db.execute("select id from crawls where site_url = ? and status = 'complete' "
                         "order by id desc limit 1", [site_url]).fetchone()
        if row is None:
            return []
        crawl = row[0]
        # A unit an accusation names has every list asked: the accusation may rest on what
        # any of them shows (annual-report.missing and budget.missing look for the report in
        # every list, and a department may file it in an odd column).
        named = accused_units(db, crawl)
        lists = [(key, url) for key, url, unit in db.execute(
            f"select key, url, unit_key from columns where crawl_id = ? and role = 'column' "
            f"and category in ({marks}) and list_status = 'ok' and item_count > 0 "
            f"and url is not null order by id", [crawl, *categories]) if unit not in named]
        if not lists:
            return []
        keys = {key for key, _ in lists}
        entries: dict[str, set[str]] = {}
        for key, url in db.execute("select column_key, url from items where crawl_id = ?",
                                   [crawl]):
            if key in keys:
                entries.setdefault(key, set()).add(url)
        listed = set().union(*entries.values()) if entries else set()
        # Pages the re-audit asks again whatever their list says (crawler/reuse.py).
        asked = accused_urls(db, crawl) | {url for (url,) in db.execute(
            "select url from pages where crawl_id = ? and not coalesce(error is null and "
            "answer = 'page' and status >= 200 and status < 400, 0)", [crawl])}
        for src, dst in db.execute("select from_url, to_url from links where crawl_id = ? "
                                   "and kind in ('attachment', 'external')", [crawl]):
            if src in listed and dst in asked:
                asked.add(src)  # an entry whose attachment or link is asked again
    except sqlite3.DatabaseError:  # a store without those tables yet: nothing to reuse
        return []
    finally:
        db.close()
    return [url for key, url in lists
            if url not in asked and not entries.get(key, set()) & asked]


def settings_for(db_path: str | Path, site_url: str | None = None,
                 reuse_from: int | None = None) -> dict:
    """Scrapy settings that turn the incremental cache on for a crawl of `site_url` into
    `db_path`; `reuse_from` is the crawl whose facts unchanged leaf pages copy
    (crawler/reuse.py `base_crawl`), None to parse every cached answer again.

    Component dicts are merged with the project's: a dict given here replaces Scrapy's whole
    setting, which once dropped the private-address guard, the polite retries and the redirect
    record from every incremental crawl."""
    from crawler import settings as defaults

    return {
        "GOVAUDIT_REUSE_LISTS": presence_only_lists(db_path, site_url),
        "GOVAUDIT_NEWEST_FIRST": newest_first_lists(db_path, site_url),
        "GOVAUDIT_REUSE_FROM": reuse_from or 0,
        "EXTENSIONS": {**defaults.EXTENSIONS, "crawler.reuse.ReuseExtension": 100},
        "HTTPCACHE_ENABLED": True,
        "HTTPCACHE_ALWAYS_STORE": True,  # keep pages without validators (and 404s) too
        "HTTPCACHE_POLICY": "crawler.incremental.FreshnessPolicy",
        "HTTPCACHE_STORAGE": "crawler.incremental.SqliteCacheStorage",
        "GOVAUDIT_CACHE_FILE": str(cache_path(db_path)),
        "DOWNLOADER_MIDDLEWARES": {
            **defaults.DOWNLOADER_MIDDLEWARES,
            "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
            "crawler.incremental.CacheMiddleware": 900,
        },
    }


class CacheMiddleware(HttpCacheMiddleware):
    """Scrapy's cache middleware without its error recovery (see the module docstring), which
    also decides per request whether a stored later list page, a URL already asked in this run
    or robots.txt may be trusted (crawler/revalidate.py)."""

    DOWNLOAD_EXCEPTIONS = ()

    def __init__(self, settings, stats):
        super().__init__(settings, stats)
        self.run = RunRecord(settings)

    def process_request(self, request: Request, *args, **kwargs):
        if request.meta.get("dont_cache"):
            return None
        key = self.storage.key(request)
        # Only robots.txt and later list pages are judged by their age (one query each, not
        # one per cached page).
        stored = self.storage.stored_at(key) if request.meta.get("role") == "list" \
            or request.url.endswith("/robots.txt") else None
        self.run.before(request, key, stored)
        return super().process_request(request, *args, **kwargs)

    def process_response(self, request: Request, response: Response, *args, **kwargs):
        old = request.meta.get("cached_response")
        result = super().process_response(request, response, *args, **kwargs)
        if not request.meta.get("dont_cache"):
            changed = self.run.after(request, self.storage.key(request), old, result)
            if changed is not None:
                self.storage.list_changed(changed, self.run.changed_at[changed])
        return result

    def spider_opened(self, spider) -> None:
        super().spider_opened(spider)
        self.run.changed_at = self.storage.list_changes()


class FreshnessPolicy(RFC2616Policy):
    """Revalidate freshness pages, reuse everything else that is stored."""

    def __init__(self, settings):
        super().__init__(settings)
        self.reuse_lists = frozenset(settings.getlist("GOVAUDIT_REUSE_LISTS"))

    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        role = request.meta.get("role")
        if role == "column" and request.url in self.reuse_lists:
            # A presence-only list seen complete and non-empty last time: stored as a copy
            # (columns.list_copy), which no absence rule may rest on.
            request.meta[LIST_COPY] = True
            return True
        if cachedresponse.status >= 400:
            # A stored failure (a 404, a WAF page) is asked again, never replayed: it would
            # accuse on an old answer, and what was unreadable may be readable now.
            return False
        if request.meta.get("cache_fresh"):
            return True  # asked already in this run, or robots.txt younger than a day
        if role in REVALIDATE_ROLES or "role" not in request.meta \
                or request.meta.get("revalidate"):
            # robots.txt and other requests the spider did not tag are revalidated too.
            self._set_conditional_validators(request, cachedresponse)
            return False
        return True

    def is_cached_response_valid(self, cachedresponse: Response, response: Response,
                                 request: Request) -> bool:
        return response.status == 304


class SqliteCacheStorage:
    """Scrapy cache storage in one SQLite file (a filesystem cache would be 300,000 files for a
    50,000-page portal)."""

    def __init__(self, settings):
        self.path = settings.get("GOVAUDIT_CACHE_FILE")
        self.db: sqlite3.Connection | None = None
        self.pending = 0
        self.fingerprinter = None

    def open_spider(self, spider) -> None:
        self.fingerprinter = spider.crawler.request_fingerprinter
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(
            "create table if not exists responses (fingerprint text primary key, url text, "
            "status integer, headers blob, body blob, stored_at real)")
        # When each list's first page last came back changed (crawler/revalidate.py).
        self.db.execute("create table if not exists list_changes (column_key text primary key, "
                        "changed_at real)")
        self.db.commit()

    def close_spider(self, spider) -> None:
        if self.db is not None:
            self.db.commit()
            self.db.close()
            self.db = None

    def key(self, request: Request) -> str:
        return self.fingerprinter.fingerprint(request).hex()

    def stored_at(self, key: str) -> float | None:
        """When the answer stored under `key` was stored (or last revalidated), if it is."""
        row = self.db.execute("select stored_at from responses where fingerprint = ?",
                              [key]).fetchone()
        return row[0] if row else None

    def list_changes(self) -> dict[str, float]:
        return dict(self.db.execute("select column_key, changed_at from list_changes"))

    def list_changed(self, column_key: str, when: float) -> None:
        self.db.execute("insert or replace into list_changes values (?, ?)", [column_key, when])

    def retrieve_response(self, spider, request: Request) -> Response | None:
        row = self.db.execute("select url, status, headers, body from responses "
                              "where fingerprint = ?", [self.key(request)]).fetchone()
        if row is None:
            return None
        url, status, raw_headers, body = row
        headers = Headers({k: [v.encode("latin-1") for v in vs]
                           for k, vs in json.loads(raw_headers).items()})
        respcls = responsetypes.from_args(headers=headers, url=url, body=body)
        return respcls(url=url, headers=headers, status=status, body=body)

    def store_response(self, spider, request: Request, response: Response) -> None:
        # JSON, not pickle: the cache file must never be able to run code when read back.
        headers = json.dumps({k.decode("latin-1"): [v.decode("latin-1") for v in vs]
                              for k, vs in response.headers.items()})
        self.db.execute("insert or replace into responses values (?, ?, ?, ?, ?, ?)",
                        [self.key(request), response.url, response.status, headers,
                         response.body, time.time()])
        self.pending += 1
        if self.pending >= COMMIT_EVERY:
            self.db.commit()
            self.pending = 0


def crawl_counts(stats: dict) -> dict:
    """What one crawl cost the site, from Scrapy's stats: requests that reached it (cache hits
    never do), how many of them the site answered 304, and pages reused without a request
    (served from the cache, or their facts copied: crawler/reuse.py)."""
    hits = stats.get("httpcache/hit", 0)
    return {
        "requests": max(0, stats.get("downloader/request_count", 0) - hits),
        # The cache middleware swaps a 304 for the stored page before the downloader stats see
        # it; with FreshnessPolicy a successful revalidation is exactly a 304.
        "not_modified": stats.get("httpcache/revalidate", 0),
        "reused": hits + stats.get("govaudit/reused_pages", 0),
    }
