"""PortalSpider: walks one portal's 政府信息公开 platform and writes facts into the store.

Order of discovery: the homepage (its news block becomes the `homepage` column, its 更多 links
county columns), the 政府信息公开 entry (the county government's platform), the columns in the
platform's navigation, container columns' children, the 部门/乡镇信息公开 index pages and from
them each unit's landing page and columns. Every list page, article, attachment and external link
is fetched once; every fetch lands in `pages`, every link in `links`.

The spider is assembled from one module per job: fetching and recording (`fetching.py`), the
homepage and platform (`site.py`), units (`units.py`), columns and their lists (`columns.py`),
articles and attachments (`articles.py`), framed menus and lists (`frames.py`). What a CMS
does differently lives in its dialect
(`crawler/dialects/`), so adding one needs no change here.

Writes go straight to the Store from the callbacks rather than through an item pipeline: the
facts are relational and updated in place (column counters, article facts joined onto list
entries), which a stream of Scrapy items would only pass through.

Distributed mode (`--redis`, crawler/distributed.py): several worker processes run this spider
on one shared request queue. Then the structure (units, columns, the requested-URL set) lives in
Redis (crawler/shared.py): the `@structural` callbacks run one at a time across workers under a
lock, on state refreshed from Redis and written back after; `self.store` forwards every write to
the coordinator, the crawl's one SQLite writer. Alone, the spider keeps all of it in memory.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import scrapy
from scrapy import signals

from crawler import attachments as att
from crawler.documents.read import load_readers
from crawler.safety import PortalScope
from crawler.spiders.articles import ArticlesMixin
from crawler.spiders.columns import ColumnsMixin, column_level
from crawler.spiders.fetching import FetchingMixin
from crawler.spiders.frames import FramesMixin
from crawler.spiders.locking import structural
from crawler.spiders.site import PLATFORM_TEXTS, SiteMixin
from crawler.spiders.units import UnitsMixin
from crawler.state import ColumnState, UnitState
from ground import config

__all__ = ["PLATFORM_TEXTS", "PortalSpider", "column_level", "structural"]


class PortalSpider(FetchingMixin, SiteMixin, UnitsMixin, ColumnsMixin, FramesMixin,
                   ArticlesMixin, scrapy.Spider):
    name = "portal"

    def __init__(self, url: str, store, crawl_id: int, max_pages: int | None = None,
                 hosts: list[str] | None = None, profile: dict | None = None, **kw):
        super().__init__(**kw)
        self.site_url = url if urlsplit(url).path else url + "/"
        # The portal's hosts (start URL + --hosts): read there, only checked elsewhere.
        self.scope = PortalScope(self.site_url, hosts)
        self.store = store
        self.crawl_id = crawl_id
        self.max_pages = max_pages
        self.site_name: str | None = None
        self.county_key: str | None = None
        self.platform_url: str | None = None
        self.units: dict[str, UnitState] = {}
        self.columns: dict[str, ColumnState] = {}
        self.requested: set[str] = set()  # every URL asked for, so each is fetched once
        self.article_facts: dict[str, dict] = {}
        self.pages_done = 0
        self.close_reason: str | None = None
        self.placeholders = config.categories().get("placeholders") or []
        self.page_maxsize = 0  # set from GOVAUDIT_PAGE_MAXSIZE in from_crawler
        self.render_js = False  # GOVAUDIT_RENDER_JS (crawler.render): pages via Chromium
        self.max_list_pages = 10 ** 9  # GOVAUDIT_MAX_LIST_PAGES: pages read per column list
        self.shared = None  # crawler.shared.SharedState in a distributed crawl
        # The user's corrections (ground/profile.py): extra units and unit indexes, column
        # categories, site synonyms.
        self.profile = profile or None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.page_maxsize = crawler.settings.getint("GOVAUDIT_PAGE_MAXSIZE")
        spider.render_js = crawler.settings.getbool("GOVAUDIT_RENDER_JS")
        spider.max_list_pages = crawler.settings.getint("GOVAUDIT_MAX_LIST_PAGES") or 10 ** 9
        crawler.signals.connect(spider.headers_received, signal=signals.headers_received)
        crawler.signals.connect(spider.bytes_received, signal=signals.bytes_received)
        spider.max_attachment_bytes = att.limit_from(crawler.settings)
        load_readers()  # before any attachment is read in a worker thread (see there)
        redis_url = crawler.settings.get("GOVAUDIT_REDIS_URL")
        if redis_url:
            from crawler.shared import SharedState

            spider.use_shared(SharedState.connect(redis_url,
                                                  crawler.settings["GOVAUDIT_REDIS_PREFIX"]))
        return spider

    def use_shared(self, state) -> None:
        """Distributed crawl: the requested-URL set is Redis's, units and columns are local
        copies refreshed from Redis inside each structural callback (crawler/shared.py)."""
        from crawler.shared import TrackingDict

        self.shared = state
        self.requested = state.requested
        self.units = TrackingDict()
        self.columns = TrackingDict()

    # -- requests -------------------------------------------------------------------------------

    async def start(self):
        if self.shared is not None:
            return  # the coordinator seeded the shared queue with the homepage
        yield self.home_request()

    def progress_snapshot(self) -> dict:
        return {"pages": self.pages_done, "units": len(self.units), "columns": len(self.columns)}

    def _save_column(self, col: ColumnState) -> None:
        col.level = self._level(col)
        self.store.upsert_column(self.crawl_id, col.row())

    def _level(self, col: ColumnState) -> int:
        return column_level(col, self.columns)

    def closed(self, reason):
        self.close_reason = reason
        if self.shared is not None:
            return  # the coordinator saves the final columns once every worker is done
        self._settle_columns()  # every claim is in: each column's place, decided once more
        for col in self.columns.values():
            self._save_column(col)
        self.store.flush()  # the last write group (see Store.begin_group)

