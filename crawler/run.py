"""Running one crawl: `run_crawl(url, db_path)` → crawl id.

The crawl runs in the current process (a Twisted reactor cannot be restarted, so callers that
crawl more than once per process, like the tests, run this in a subprocess). Whatever happens,
the crawl row is closed: `complete`, `stopped` (Ctrl-C), `capped` (page cap) or `failed` with
the error, and everything stored so far is kept. A crawl killed outright stays `running` until
a resume marks it `interrupted`; `check` and `report` refuse every status but `complete` unless
asked (see ground.store.FINISHED).
"""

from __future__ import annotations

import gc
import json
import logging
from contextlib import contextmanager

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler import resume as resumable
from crawler import settings as default_settings
from crawler.render import render_settings
from crawler.reuse import base_crawl
from crawler.safety import check_start_url
from crawler.incremental import crawl_counts, settings_for as incremental_settings
from crawler.spiders.portal import PortalSpider
from ground import __version__
from ground.store import CAPPED, STOPPED, Store


def build_settings(url: str, *, polite: bool, progress: bool, extra: dict | None,
                   allow_private: bool = False) -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    overrides = default_settings.settings_for(url, polite=polite, progress=progress, extra=extra,
                                              allow_private=allow_private)
    # Callers (the CLI, tests) own the root logger; Scrapy must not add its own handler.
    overrides.setdefault("LOG_INSTALL_ROOT_HANDLER", False)
    settings.setdict(overrides, priority="cmdline")
    return settings


def run_crawl(url: str, db_path: str, *, polite: bool = True, progress: bool = True,
              max_pages: int | None = None, extra_settings: dict | None = None,
              allow_private: bool = False, hosts: list[str] | None = None,
              resume: bool = False, render_js: bool = False, incremental: bool = False,
              profile: dict | None = None) -> int:
    """Crawl the portal at `url` into the store at `db_path`; return the crawl id.

    `allow_private` permits loopback/private addresses (refused otherwise, CrawlRefused for the
    start URL); `hosts` are further host[:port]s of the same portal (read, not just checked);
    `resume` replays what an interrupted crawl of the same URL already fetched (see
    crawler.resume) instead of starting from nothing; `render_js` renders pages in headless
    Chromium (crawler.render; CrawlRefused when scrapy-playwright is missing); `incremental`
    reuses and refreshes the response cache next to the store (crawler/incremental.py);
    `profile` is a validated site profile (ground/profile.py), stored with the crawl so the
    checks apply the same corrections.
    """
    if "://" not in url:
        url = "http://" + url
    check_start_url(url, allow_private)
    rendering = render_settings(render_js)
    for host in hosts or []:
        check_start_url(host if "://" in host else "http://" + host, allow_private)
    cache_dir = resumable.state_dir(db_path, url)
    if not resume:
        resumable.discard(cache_dir)
    store = Store(db_path)
    # One commit per fact: in WAL mode NORMAL sync skips an fsync per commit and stays
    # consistent after a crash (at worst the last few facts are lost, never the file).
    store.fewer_fsyncs()
    options = {"polite": polite, "max_pages": max_pages, **(extra_settings or {})}
    if hosts:
        options["hosts"] = list(hosts)
    if render_js:
        options["render_js"] = True
    if resume:
        options["resumed_from"] = _close_abandoned(store, url)
    if profile:
        options["profile"] = profile
    if incremental:
        options["incremental"] = True
        # Unchanged pages copy the facts of the previous incremental crawl (crawler/reuse.py).
        base = base_crawl(db_path, url, options, __version__)
        extra_settings = merge_settings(incremental_settings(db_path, url, base), extra_settings)
        if extra_settings.get("GOVAUDIT_REUSE_FROM"):  # a caller may turn copying off (0)
            options["reused_from"] = extra_settings["GOVAUDIT_REUSE_FROM"]
    crawl_id = store.start_crawl(url, settings=options, tool_version=__version__)
    settings = build_settings(url, polite=polite, progress=progress,
                              extra={**resumable.cache_settings(cache_dir), **rendering,
                                     **(extra_settings or {})},
                              allow_private=allow_private)
    status, error = "failed", None
    process = CrawlerProcess(settings)
    logging.getLogger("scrapy").setLevel(settings.get("LOG_LEVEL"))
    crawler = process.create_crawler(PortalSpider)
    try:
        process.crawl(crawler, url=url, store=store, crawl_id=crawl_id, max_pages=max_pages,
                      hosts=hosts, profile=profile)
        with fewer_collections():
            process.start()
        spider = crawler.spider
        reason = getattr(spider, "close_reason", None)
        if reason == "finished":
            status = "complete"
        elif reason == "shutdown":
            status, error = STOPPED, "用户中断（Ctrl-C）"
        elif reason in ("closespider_pagecount", "closespider_timeout"):
            status, error = CAPPED, reason
        else:
            error = f"抓取异常结束：{reason}"
        if status == "complete" and max_pages is not None and len(spider.requested) >= max_pages:
            status, error = CAPPED, f"已达到页面上限 {max_pages}"
    except KeyboardInterrupt:
        status, error = STOPPED, "用户中断（Ctrl-C）"
    except Exception as exc:  # keep what was stored, say why it stopped
        status, error = "failed", f"{type(exc).__name__}: {exc}"
        raise
    finally:
        spider = crawler.spider
        replayed = crawler.stats.get_value("httpcache/hit") if crawler.stats else None
        if resume:
            # How much came from the interrupted crawl rather than the portal (for the user
            # and the resume test).
            options["replayed_pages"] = replayed or 0
        if incremental and crawler.stats is not None:
            # The work the re-audit did: answers the spider parsed, pages whose facts it
            # copied from the base crawl without parsing (crawler/reuse.py).
            options["parsed_pages"] = crawler.stats.get_value("response_received_count") or 0
            options["copied_pages"] = crawler.stats.get_value("govaudit/reused_pages") or 0
        if resume or incremental:
            store.update_crawl(crawl_id, settings=json.dumps(options, ensure_ascii=False))
        store.finish_crawl(crawl_id, status=status, error=error,
                           site_name=getattr(spider, "site_name", None))
        if crawler.stats is not None:
            store.update_crawl(crawl_id, **crawl_counts(crawler.stats.get_stats()))
        store.close()
        if status == "complete":
            resumable.discard(cache_dir)  # nothing left to resume
    return crawl_id


# Young-generation size while crawling (Python's default is 700). See fewer_collections.
GC_THRESHOLD = (5000, 20, 20)


@contextmanager
def fewer_collections():
    """Run the crawl with the cyclic garbage collector working less often.

    A crawl allocates millions of short-lived objects (requests, deferreds, answers, parsed
    trees) next to a few hundred thousand long-lived ones (the modules and objects of Scrapy,
    Twisted and lxml, set up before the first request). With the default thresholds the
    collector ran every 700 allocations and its older generations kept walking the long-lived
    objects again: the objects present at the start are frozen (never examined again; they
    live as long as the process anyway) and the young generation is larger. Garbage is still
    collected, a little later: on the 80-unit benchmark replica the collector's CPU fell from
    about 3.3 to 1.2 s and peak memory rose from about 143 to 165 MB (docs/crawl-performance.md,
    fifth pass). The previous settings come back afterwards.
    """
    previous = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


def merge_settings(base: dict, extra: dict | None) -> dict:
    """`extra` over `base`, component dicts (EXTENSIONS, DOWNLOADER_MIDDLEWARES ...) merged key by
    key: a caller adding one extension must not drop the ones incremental mode adds (the reuse
    extension; a benchmark's stats dump once turned reuse off that way)."""
    merged = dict(base)
    for name, value in (extra or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(name), dict):
            merged[name] = {**merged[name], **value}
        else:
            merged[name] = value
    return merged


def _close_abandoned(store: Store, url: str) -> int | None:
    """The latest earlier crawl of `url`; if it still says `running` (killed), it becomes
    `interrupted` so no report mistakes it for a finished crawl."""
    row = store.last_crawl(url)
    if row is None:
        return None
    if row["status"] == "running":
        store.finish_crawl(row["id"], status="interrupted", error="进程被终止；已续抓")
    return row["id"]
