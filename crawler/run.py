"""Running one crawl: `run_crawl(url, db_path)` → crawl id.

The crawl runs in the current process (a Twisted reactor cannot be restarted, so callers that
crawl more than once per process, like the tests, run this in a subprocess). Whatever happens,
the crawl row is closed: `complete`, `interrupted` (Ctrl-C, page cap) or `failed` with the error,
and everything stored so far is kept.
"""

from __future__ import annotations

import logging

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler import settings as default_settings
from crawler.incremental import crawl_counts, settings_for as incremental_settings
from crawler.spiders.portal import PortalSpider
from govaudit import __version__
from govaudit.store import Store


def build_settings(url: str, *, polite: bool, progress: bool, extra: dict | None) -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    overrides = default_settings.settings_for(url, polite=polite, progress=progress, extra=extra)
    # Callers (the CLI, tests) own the root logger; Scrapy must not add its own handler.
    overrides.setdefault("LOG_INSTALL_ROOT_HANDLER", False)
    settings.setdict(overrides, priority="cmdline")
    return settings


def run_crawl(url: str, db_path: str, *, polite: bool = True, progress: bool = True,
              max_pages: int | None = None, extra_settings: dict | None = None,
              incremental: bool = False) -> int:
    """Crawl the portal at `url` into the store at `db_path`; return the crawl id.
    `incremental`: reuse and refresh the response cache next to the store (crawler/incremental.py)."""
    if "://" not in url:
        url = "http://" + url
    store = Store(db_path)
    # One commit per fact: in WAL mode NORMAL sync skips an fsync per commit and stays
    # consistent after a crash (at worst the last few facts are lost, never the file).
    store.db.execute("PRAGMA synchronous=NORMAL")
    options = {"polite": polite, "max_pages": max_pages, **(extra_settings or {})}
    if incremental:
        options["incremental"] = True
        extra_settings = {**incremental_settings(db_path), **(extra_settings or {})}
    crawl_id = store.start_crawl(url, settings=options, tool_version=__version__)
    settings = build_settings(url, polite=polite, progress=progress, extra=extra_settings)
    status, error = "failed", None
    process = CrawlerProcess(settings)
    logging.getLogger("scrapy").setLevel(settings.get("LOG_LEVEL"))
    crawler = process.create_crawler(PortalSpider)
    try:
        process.crawl(crawler, url=url, store=store, crawl_id=crawl_id, max_pages=max_pages)
        process.start()
        spider = crawler.spider
        reason = getattr(spider, "close_reason", None)
        if reason == "finished":
            status = "complete"
        elif reason == "shutdown":
            status, error = "interrupted", "用户中断（shutdown）"
        elif reason in ("closespider_pagecount", "closespider_timeout"):
            status, error = "interrupted", reason
        else:
            error = f"抓取异常结束：{reason}"
        if status == "complete" and max_pages is not None and len(spider.requested) >= max_pages:
            status, error = "interrupted", f"已达到页面上限 {max_pages}"
    except KeyboardInterrupt:
        status, error = "interrupted", "用户中断"
    except Exception as exc:  # keep what was stored, say why it stopped
        status, error = "failed", f"{type(exc).__name__}: {exc}"
        raise
    finally:
        spider = crawler.spider
        store.finish_crawl(crawl_id, status=status, error=error,
                           site_name=getattr(spider, "site_name", None))
        if crawler.stats is not None:
            store.update_crawl(crawl_id, **crawl_counts(crawler.stats.get_stats()))
        store.close()
    return crawl_id
