"""PortalSpider: walks one portal's 政府信息公开 platform and writes facts into the store.

Order of discovery: the homepage (its news block becomes the `homepage` column, its 更多 links
county columns), the 政府信息公开 entry (the county government's platform), the columns in the
platform's navigation, container columns' children, the 部门/乡镇信息公开 index pages and from
them each unit's landing page and columns. Every list page, article, attachment and external link
is fetched once; every fetch lands in `pages`, every link in `links`.

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

import functools
import time
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import StopDownload
from scrapy.utils.defer import maybe_deferred_to_future

from crawler import attachments as att
from crawler import evidence, fetch, interaction
from crawler.dialects import Dialect, by_name as dialect_by_name, detect
from crawler.dialects.base import in_furniture as _in_furniture
from crawler.extract import metadata
from crawler.extract.classify import classify, classify_trace, clean_name, container_kind
from crawler.extract.dates import date_only
from crawler.extract.html import parse, squash
from crawler.extract.urls import (absolute, column_key, dir_path, is_attachment,
                                  is_column_like, is_list_page_file, is_under, path_of)
from crawler.homepage import blocks, is_more_link, news_block
from crawler.safety import PortalScope
from crawler.state import ColumnState, UnitState
from govaudit import config

PLATFORM_TEXTS = ["政府信息公开", "信息公开", "政务公开"]  # in order of preference
TOWN_MARKERS = ("镇", "乡", "街道", "办事处")


def structural(method):
    """A callback that reads or changes the site structure (units, columns and their counters).

    Alone it is called as it is. In a distributed crawl it runs under the crawl's Redis lock on
    state refreshed from Redis, to completion (its requests are collected in a list), and what it
    touched is written back before the lock is released: two workers never interleave changes
    to the same column's counters."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if self.shared is None:
            return method(self, *args, **kwargs)
        with self.shared.locked(self):
            result = method(self, *args, **kwargs)
            return list(result) if result is not None else None

    return wrapper


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(self, url: str, store, crawl_id: int, max_pages: int | None = None,
                 hosts: list[str] | None = None, **kw):
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

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.page_maxsize = crawler.settings.getint("GOVAUDIT_PAGE_MAXSIZE")
        spider.render_js = crawler.settings.getbool("GOVAUDIT_RENDER_JS")
        spider.max_list_pages = crawler.settings.getint("GOVAUDIT_MAX_LIST_PAGES") or 10 ** 9
        crawler.signals.connect(spider.headers_received, signal=signals.headers_received)
        crawler.signals.connect(spider.bytes_received, signal=signals.bytes_received)
        spider.max_attachment_bytes = att.limit_from(crawler.settings)
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

    def home_request(self) -> scrapy.Request:
        return self._request(self.site_url, self.parse_home, "home", force=True)

    def _request(self, url: str, callback, role: str, *, force: bool = False,
                 headers_only: bool = False, **cb_kwargs) -> scrapy.Request | None:
        if not force and url in self.requested:
            return None
        if self.max_pages is not None and len(self.requested) >= self.max_pages:
            return None
        self.requested.add(url)
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            cb_kwargs=cb_kwargs,
            dont_filter=force,
            meta={
                "role": role,
                "handle_httpstatus_list": fetch.ERROR_STATUSES,
                "headers_only": headers_only,
                "started": time.monotonic(),
                # Our own host:port rule decides what leaves the site (see _follow_external).
                "allow_offsite": True,
                "cb": callback.__name__,
                "cb_kwargs": cb_kwargs,
                # Pages are read whole: cap them (compressed and decompressed) well below
                # the attachment limit.
                **({"download_maxsize": self.page_maxsize}
                   if self.page_maxsize and not headers_only else {}),
                **({"playwright": True}
                   if self.render_js and not headers_only and role != "attachment" else {}),
            },
        )

    def headers_received(self, headers, body_length, request, spider):
        # Attachments and external links are checked, not read: stop after the status line.
        if request.meta.get("headers_only"):
            raise StopDownload(fail=False)
        att.on_headers(request, body_length)

    def bytes_received(self, data, request, spider):
        att.on_bytes(request, data)

    def _check(self, url: str, role: str, item_url: str | None = None):
        return self._request(url, self.parse_check, role, headers_only=True, item_url=item_url)

    def _attachment(self, url: str, item_url: str | None = None):
        """Document files on the portal's own hosts are downloaded and read (see
        crawler/attachments.py); any other attachment is only status-checked."""
        if not self.scope.inside(url) or not att.is_readable(url):
            return self._check(url, "attachment", item_url=item_url)
        req = self._request(url, self.parse_attachment, "attachment", item_url=item_url)
        if req is not None:
            req.meta.update(att.request_meta(self.max_attachment_bytes))
        return req

    # -- bookkeeping ----------------------------------------------------------------------------

    def _record(self, response, role: str, title: str | None = None) -> dict:
        started = response.meta.get("started")
        elapsed = int((time.monotonic() - started) * 1000) if started else None
        if self.shared is not None and "download_latency" in response.meta:
            # `started` may come from another machine's clock: time the download here instead.
            elapsed = int(response.meta["download_latency"] * 1000)
        row = fetch.page_row(response, role, title, elapsed)
        saved = evidence.snapshot(response)
        if saved is not None:
            self.store.record_body(saved.sha256, saved.gzip, saved.size, saved.encoding,
                                   saved.content_type)
            row["sha256"] = saved.sha256
        self.store.record_page(self.crawl_id, row)
        self.pages_done += 1
        return row

    @structural
    def on_error(self, failure):
        request = failure.request
        role = request.meta.get("role", "other")
        self.store.record_page(self.crawl_id, fetch.failure_row(failure, role))
        self.pages_done += 1
        kwargs = request.meta.get("cb_kwargs") or {}
        name = request.meta.get("cb")
        if name in ("parse_column",):
            self._column_page_failed(kwargs["column_key"], kwargs.get("index", 0),
                                     fetch.failure_reason(failure))
        elif name in ("parse_check", "parse_attachment") and kwargs.get("item_url"):
            self._set_article(kwargs["item_url"], {"article_status": None})

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
        for col in self.columns.values():
            self._save_column(col)

    def _record_links(self, response, tree, kinds: dict[str, str]) -> None:
        """Every link on the page, with its kind (item/pager/nav/attachment/external/other)."""
        self._record_links_from(fetch.original_url(response), tree, kinds, response.url)

    def _record_links_from(self, page_url: str, tree, kinds: dict[str, str],
                           base: str | None = None) -> None:
        rows = []
        base = base or page_url
        for a in tree.iter("a"):
            url = absolute(base, a.get("href"))
            if not url:
                continue
            kind = kinds.get(url)
            if kind is None:
                if not self.scope.inside(url):
                    kind = "external"
                elif is_attachment(url):
                    kind = "attachment"
                elif is_column_like(url):
                    kind = "nav"
                else:
                    kind = "other"
            rows.append({"from_url": page_url, "to_url": url,
                         "text": squash(a.text_content())[:200] or a.get("title"), "kind": kind})
        if rows:
            self.store.record_links(self.crawl_id, rows)

    def _external_checks(self, tree, base_url: str):
        """One check request per external link; the crawl never goes further than that."""
        for a in tree.iter("a"):
            url = absolute(base_url, a.get("href"))
            if url and not self.scope.inside(url):
                req = self._check(url, "external")
                if req:
                    yield req

    # -- homepage and platform -------------------------------------------------------------------

    @structural
    def parse_home(self, response):
        tree = self._tree(response)
        meta = metadata.meta_tags(tree)
        title = _title(tree)
        row = self._record(response, "home", title)
        self.site_name = meta.get("SiteName") or (title or "").split("_")[-1].strip() or None
        if self.site_name:
            self.store.update_crawl(self.crawl_id, site_name=self.site_name)
        if row["error"]:
            return
        platform, text = self._platform_link(tree, response.url)
        if platform and text != PLATFORM_TEXTS[0]:
            # 政务公开 / 信息公开 is often a hub that links the real 政府信息公开 platform: look
            # there first, and start the county once the platform is known.
            req = self._request(platform, self.parse_hub, "platform", home_url=response.url)
            if req:
                # The homepage travels with the request: another worker may read the hub.
                req.meta["home_html"] = fetch.text_of(response)
                yield req
                return
        yield from self._start_county(tree, response.url, platform)

    @structural
    def parse_hub(self, response, home_url: str):
        tree = self._tree(response)
        row = self._record(response, "platform", _title(tree))
        hub = fetch.original_url(response)
        found, text = (None, None) if row["error"] else self._platform_link(tree, response.url)
        platform = found if text == PLATFORM_TEXTS[0] and found != _dir_url(hub) else hub
        yield from self._start_county(parse(response.meta.get("home_html") or ""), home_url,
                                      platform,
                                      hub_response=None if platform != hub else response)

    def _start_county(self, tree, home_url: str, platform: str | None, hub_response=None):
        """The county unit (key = its platform path), the homepage block and its columns."""
        self.platform_url = platform
        self.county_key = path_of(platform) if platform else "/"
        self._add_unit(self.county_key, self.site_name or "县人民政府", "county",
                       platform or home_url)
        found = blocks(tree, home_url)
        news = news_block(found)
        if news:
            col = self._add_column(home_url, news.name or "首页要闻", self.county_key,
                                   None, role="homepage", key="/")
            col.first_status, col.pages_fetched, col.pages_requested = "ok", 1, 1
            col.dialect = "homepage"
            self._add_items(col, news.items)
            yield from self._article_requests(news.items)
        kinds = {}
        for block in found:
            for item in block.items:
                kinds[item.url] = "item"
            if block.more_url and self.scope.inside(block.more_url):
                kinds[block.more_url] = "nav"
                req = self._column_request(block.more_url, block.name, None, self.county_key)
                if req:
                    yield req
        # Other homepage links named like a column (通知公告, 政民互动 …) outside the platform.
        for a in tree.iter("a"):
            url = absolute(home_url, a.get("href"))
            text = clean_name(a.text_content())
            if (not url or not self.scope.inside(url) or url == platform
                    or not is_column_like(url) or path_of(url) in ("/", self.county_key)):
                continue
            if platform and is_under(url, path_of(platform)):
                continue
            # Exact names only: homepages are full of service links (教育服务 …) that merely
            # contain a keyword.
            if classify(text).source == "name":
                req = self._column_request(url, text, None, self.county_key)
                if req:
                    yield req
        self._record_links_from(home_url, tree, kinds)
        if hub_response is not None:
            yield from self.parse_unit(hub_response, unit_key=self.county_key, recorded=True)
        elif platform:
            req = self._request(platform, self.parse_unit, "platform", unit_key=self.county_key)
            if req:
                yield req
        yield from self._external_checks(tree, home_url)

    def _platform_link(self, tree, base_url: str) -> tuple[str | None, str | None]:
        candidates: dict[str, str] = {}
        for a in tree.iter("a"):
            text = clean_name(a.text_content()) or clean_name(a.get("title"))
            url = absolute(base_url, a.get("href"))
            if url and text in PLATFORM_TEXTS and self.scope.inside(url):
                candidates.setdefault(text, url)
        for text in PLATFORM_TEXTS:
            if text in candidates:
                return _dir_url(candidates[text]), text
        return None, None

    # -- units ----------------------------------------------------------------------------------

    def _add_unit(self, key: str, name: str, kind: str, url: str) -> UnitState:
        unit = self.units.get(key)
        if unit is None:
            unit = UnitState(key, name, kind, url)
            self.units[key] = unit
        self.store.upsert_unit(self.crawl_id, unit.row())
        return unit

    @structural
    def parse_unit(self, response, unit_key: str, recorded: bool = False):
        """A unit's landing page (the platform itself for the county): its columns."""
        tree = self._tree(response)
        role = "platform" if unit_key == self.county_key else "unit"
        row = fetch.page_row(response, role) if recorded else \
            self._record(response, role, _title(tree))
        unit = self.units[unit_key]
        if unit.kind != "county" and not unit.name:
            unit.name = metadata.meta_tags(tree).get("ColumnName") or _title(tree) or unit_key
            self._add_unit(unit.key, unit.name, unit.kind, unit.url)
        if row["error"]:
            return
        kinds = {}
        # CMSs with flat or API column addresses (Hanweb, gkmlpt, VSB) name them themselves.
        html = fetch.text_of(response)
        listed = detect(html, response.url).unit_columns(tree, html, response.url)
        for url, text in (listed if listed is not None
                          else self._child_links(tree, response.url, unit_key)):
            kinds[url] = "nav"
            req = self._column_request(url, text, None, unit_key)
            if req:
                yield req
        self._offsite_columns(tree, response.url, unit_key, None)
        self._record_links(response, tree, kinds)
        yield from self._external_checks(tree, response.url)

    def _offsite_columns(self, tree, base_url: str, unit_key: str,
                         parent: ColumnState | None) -> None:
        """Navigation entries that leave the portal (政府采购 → the provincial 采购网): recorded as
        columns of the unit, never read (only the link is checked), so "the column exists" and
        "its content could not be verified here" both stay true."""
        for a in tree.iter("a"):
            url = absolute(base_url, a.get("href"))
            if not url or self.scope.inside(url) or url in self.columns or _in_furniture(a):
                continue
            name = clean_name(a.text_content()) or clean_name(a.get("title"))
            result = classify(name)
            if not result.category:
                continue
            col = self._add_column(url, name, unit_key, parent, key=url)
            col.category, col.category_source, col.dialect = result.category, result.source, \
                "offsite"
            col.classify_trace = classify_trace(name, None, None, url, result)
            self._save_column(col)

    def _unit_of(self, path: str) -> str:
        """The unit whose landing path is the longest prefix of `path`; the county otherwise."""
        best = None
        for key in self.units:
            if path.startswith(key) and (best is None or len(key) > len(best)):
                best = key
        return best or self.county_key or "/"

    # -- columns --------------------------------------------------------------------------------

    def _add_column(self, url: str, name: str, unit_key: str, parent: ColumnState | None,
                    role: str = "column", key: str | None = None) -> ColumnState:
        key = key or path_of(url)
        col = ColumnState(key=key, url=url, unit_key=unit_key, name=name,
                          parent_key=parent.key if parent else None,
                          level=(parent.level + 1) if parent else 1, role=role)
        kind = container_kind(name)
        if kind:
            col.container, col.role = kind, ("container" if role == "column" else role)
        self.columns[key] = col
        if parent:
            parent.children += 1
        self._save_column(col)
        return col

    def _column_request(self, url: str, text: str, parent: ColumnState | None, unit_key: str):
        url = _dir_url(url)
        key = column_key(url)
        if key in self.columns or key in self.units:
            return None
        name = clean_name(text)
        if is_more_link(name):
            name = ""
        unit_key = unit_key if not parent else parent.unit_key
        if self.platform_url and is_under(key, path_of(self.platform_url)):
            unit_key = self._unit_of(key)
        col = self._add_column(url, name, unit_key, parent, key=key)
        col.pages_requested = 1
        return self._request(url, self.parse_column, "column", column_key=key, index=0)

    @structural
    def parse_column(self, response, column_key: str, index: int):
        col = self.columns[column_key]
        tree = self._tree(response)
        meta = metadata.meta_tags(tree)
        row = self._record(response, "column" if index == 0 else "list", _title(tree))
        if row["error"]:
            self._column_page_failed(column_key, index, row["error"])
            return
        html = fetch.text_of(response)
        dialect = dialect_by_name(col.dialect) if col.dialect else detect(html, response.url)
        listing = dialect.extract_list(tree, html, response.url)
        interaction.on_list_page(self, col, tree, response.url)
        col.pages_fetched += 1
        kinds = {item.url: "item" for item in listing.items}
        if index == 0:
            col.first_status = "ok"
            col.dialect = dialect.name
            crumbs = metadata.breadcrumb(tree)
            col.breadcrumb = " > ".join(crumbs) or None
            if not col.name:
                col.name = clean_name(meta.get("ColumnName")) or (crumbs[-1] if crumbs else "") \
                    or clean_name(_title(tree))
            self._classify(col, meta.get("ColumnName"), crumbs[-1] if crumbs else None)
            if col.parent_key is None:
                yield from self._parent_from_breadcrumb(col, tree, response.url)
            if listing.pager.source != "none":
                col.pages_expected = listing.pager.total
        # Pages from the pager script, and pager links present in rendered HTML.
        pages = list(listing.page_urls[1:]) if index == 0 else []
        pages += [u for u in self._pager_links(tree, response.url) if u not in pages]
        for url in pages:
            kinds[url] = "pager"
            if url in self.requested:
                continue
            if col.pages_requested >= self.max_list_pages:
                # An endless pager (a calendar-like trap, a broken countPage): stop here. The
                # page counted but never fetched keeps the list `partial`, so no rule judges
                # the column on what was read.
                if not col.capped:
                    col.capped = True
                    col.pages_requested += 1
                continue
            col.pages_requested += 1
            req = self._request(url, self.parse_column, "list", column_key=column_key,
                                index=col.pages_requested - 1)
            if req:
                yield req
            else:
                col.pages_requested -= 1
        new_items = [i for i in listing.items if i.url not in col.item_urls]
        self._add_items(col, new_items)
        if not listing.items and not col.item_urls:
            col.placeholder = dialect.placeholder(tree, self.placeholders)
        if index == 0:
            yield from self._children(col, tree, response.url, dialect, kinds)
        self._save_column(col)
        self._record_links(response, tree, kinds)
        yield from self._article_requests(new_items)
        yield from self._external_checks(tree, response.url)

    def _children(self, col: ColumnState, tree, url: str, dialect: Dialect, kinds: dict):
        """Sub-columns (or, below a 部门/乡镇信息公开 index, unit landing pages)."""
        own = list(self._child_links(tree, url, col.key, dialect))
        children = list(own)
        if col.container == "statutory":
            # 法定主动公开内容 may link columns that live beside it (机构职能 → ../ldzc/). Only
            # there: an ordinary (possibly empty) column must not adopt its side-nav siblings.
            seen = {u for u, _ in children}
            children += [(u, t) for u, t in self._child_links(tree, url, col.unit_key, dialect)
                         if u not in seen and path_of(u) not in self.columns]
        if col.container == "statutory" or (own and not col.item_urls):
            self._offsite_columns(tree, url, col.unit_key, col)
        if col.container == "unit-index":
            for child_url, text in children:
                kinds[child_url] = "nav"
                req = self._unit_request(child_url, text, col)
                if req:
                    yield req
            return
        for child_url, text in children:
            kinds[child_url] = "nav"
            req = self._column_request(child_url, text, col, col.unit_key)
            if req:
                yield req
        # Sub-columns below its own path and no entries of its own: a container (never judged
        # empty itself; its children are).
        if own and not col.item_urls and not col.placeholder and col.role == "column":
            col.role = "container"

    def _parent_from_breadcrumb(self, col: ColumnState, tree, url: str):
        """A column reached from outside its tree (a homepage 更多 link) finds its parent in the
        breadcrumb: 首页 > 新闻中心 > 今日要闻 makes 新闻中心 a (container) column too."""
        steps = [(u, t) for u, t in metadata.breadcrumb_links(tree, url)
                 if self.scope.inside(u) and path_of(u) != col.key]
        if not steps:
            return
        parent_url, text = steps[-1]
        key = path_of(parent_url)
        if key == "/" or key in self.units or not is_under(col.key, key):
            return
        if key not in self.columns:
            req = self._column_request(parent_url, text, None, col.unit_key)
            if req:
                yield req
        if key in self.columns:
            col.parent_key = key
            self.columns[key].children += 1

    def _unit_request(self, url: str, text: str, index_col: ColumnState):
        url = _dir_url(url)
        key = path_of(url)
        if key in self.units or key in self.columns:
            return None
        name = clean_name(text)
        kind = _unit_kind(index_col, name)
        self._add_unit(key, name, kind, url)
        return self._request(url, self.parse_unit, "unit", unit_key=key)

    def _classify(self, col: ColumnState, meta_name: str | None, crumb: str | None) -> None:
        if col.container:
            return
        result = classify(col.name, meta_name=meta_name, breadcrumb_last=crumb, url=col.url)
        col.classify_trace = classify_trace(col.name, meta_name, crumb, col.url, result)
        if result.container:
            col.container = result.container
            if col.role == "column":
                col.role = "container"
            return
        col.category, col.category_source = result.category, result.source
        parent = self.columns.get(col.parent_key) if col.parent_key else None
        if col.category is None and parent is not None and parent.category:
            # Year or unit-type sub-columns (2021/, xzrmzf/) inherit 年报 etc. from the parent.
            col.category, col.category_source = parent.category, "parent"
            col.classify_trace["category"], col.classify_trace["source"] = col.category, "parent"

    def _column_page_failed(self, column_key: str, index: int, error: str) -> None:
        col = self.columns.get(column_key)
        if col is None:
            return
        if index == 0:
            col.first_status = "blocked" if error.startswith("blocked") else "failed"
            if col.category is None and not col.container:
                self._classify(col, None, None)
        else:
            col.pages_failed += 1
        self._save_column(col)

    def _child_links(self, tree, base_url: str, scope: str, dialect: Dialect | None = None):
        """Column-shaped links strictly below `scope`, once each, with their best anchor text."""
        found: dict[str, str] = {}
        for a in tree.iter("a"):
            url = absolute(base_url, a.get("href"))
            if not url or not self.scope.inside(url) or is_attachment(url):
                continue
            if dialect is not None and dialect.is_article_url(url):
                continue
            if not is_column_like(url) or not is_under(url, scope):
                continue
            if is_list_page_file(url) and not url.endswith(("/index.html", "/index.shtml",
                                                            "/index.htm")):
                continue  # index_3.html: a page of some list, not a column
            url = _dir_url(url)
            text = clean_name(a.text_content()) or clean_name(a.get("title"))
            if url not in found or (is_more_link(found[url]) or not found[url]) and text:
                found[url] = text
        return list(found.items())

    def _pager_links(self, tree, base_url: str) -> list[str]:
        """`index_N.html` links in the same directory (a pager rendered into the HTML)."""
        here = dir_path(urlsplit(base_url).path)
        out = []
        for a in tree.iter("a"):
            url = absolute(base_url, a.get("href"))
            if (url and self.scope.inside(url) and is_list_page_file(url)
                    and "_" in url.rsplit("/", 1)[-1] and dir_path(urlsplit(url).path) == here
                    and url not in out):
                out.append(url)
        return out

    # -- items and articles ---------------------------------------------------------------------

    def _add_items(self, col: ColumnState, items) -> None:
        rows = []
        for item in items:
            if item.url in col.item_urls:
                continue
            col.item_urls.add(item.url)
            rows.append({"unit_key": col.unit_key, "column_key": col.key, "url": item.url,
                         "title": item.title, "list_date": item.date,
                         **self.article_facts.get(item.url, {})})
        if rows:
            self.store.insert_items(self.crawl_id, rows)

    def _article_requests(self, items):
        for item in items:
            url = item.url
            if not self.scope.inside(url):
                req = self._check(url, "external", item_url=url)
            elif is_attachment(url):
                req = self._attachment(url, item_url=url)
            else:
                req = self._request(url, self.parse_article, "article")
            if req:
                yield req

    def _set_article(self, url: str, fields: dict) -> None:
        self.article_facts.setdefault(url, {}).update(fields)
        self.store.update_item(self.crawl_id, url, fields)

    def parse_article(self, response):
        tree = self._tree(response)
        row = self._record(response, "article", _title(tree))
        url = fetch.original_url(response)
        if row["error"]:
            self._set_article(url, {"article_status": response.status})
            return
        html = fetch.text_of(response)
        facts = detect(html, response.url).extract_article(html, response.url)
        self._set_article(url, {
            "pub_date": facts.pub_date,
            "written_date": date_only(facts.written_date),
            "index_no": facts.value("index_no"),
            "publisher": facts.value("publisher"),
            "doc_no": facts.value("doc_no"),
            "article_status": response.status,
            "attachments": len(facts.attachments),
        })
        if facts.body_text:
            self.store.record_text(self.crawl_id, url, "html", facts.body_text)
        # The article's tables (its text is already in `texts`).
        self.store.record_document(self.crawl_id, att.article_document(url, tree, response.body))
        interaction.on_article(self, tree, url, response.status)
        kinds = {}
        for att_url, _ in facts.attachments:
            kinds[att_url] = "attachment" if self.scope.inside(att_url) else "external"
            req = self._attachment(att_url)
            if req:
                yield req
        self._record_links(response, tree, kinds)
        yield from self._external_checks(tree, response.url)

    def parse_check(self, response, item_url: str | None = None):
        self._record(response, response.meta.get("role", "external"))
        if item_url:
            self._set_article(item_url, {"article_status": response.status})

    async def parse_attachment(self, response, item_url: str | None = None):
        """A downloaded attachment: its fetch like any check, then what reading it found."""
        row = self._record(response, "attachment")
        if item_url:
            self._set_article(item_url, {"article_status": response.status})
        if row["error"]:
            return
        url = fetch.original_url(response)
        doc = await maybe_deferred_to_future(att.read_in_thread(response, url))
        self.store.record_document(self.crawl_id, doc)

    # -- helpers ----------------------------------------------------------------------------------

    def _tree(self, response):
        if response.meta.get("headers_only"):
            return parse("")
        return parse(fetch.text_of(response))


def column_level(col: ColumnState, columns: dict) -> int:
    """Depth below the unit's platform page (1 = top column); the homepage block is 0."""
    if col.role == "homepage":
        return 0
    level, seen, parent = 1, {col.key}, columns.get(col.parent_key or "")
    while parent is not None and parent.key not in seen and parent.role != "homepage":
        seen.add(parent.key)
        level += 1
        parent = columns.get(parent.parent_key or "")
    return level


def _title(tree) -> str | None:
    found = tree.xpath("//title")
    return squash(found[0].text_content()) or None if found else None


def _dir_url(url: str) -> str:
    """`…/zfxxgkzn/index.html` → `…/zfxxgkzn/`: one address per column."""
    parts = urlsplit(url)
    if is_list_page_file(url) and "_" not in parts.path.rsplit("/", 1)[-1]:
        return urlunsplit((parts.scheme, parts.netloc, dir_path(parts.path), "", ""))
    return url


def _unit_kind(index_col: ColumnState, name: str) -> str:
    """department or town, from the index it was listed in (its name, then its pinyin)."""
    label = index_col.name
    if "乡镇" in label and "部门" not in label:
        return "town"
    if "部门" in label and "乡镇" not in label:
        return "department"
    if "xzxxgk" in index_col.key or "xz" == index_col.key.rstrip("/").rsplit("/", 1)[-1][:2] \
            and "bm" not in index_col.key:
        return "town"
    return "town" if name.endswith(TOWN_MARKERS) else "department"
