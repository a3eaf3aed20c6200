"""Fetching for PortalSpider: building requests, recording every answer, links and failures.

Every request goes through `_request` (each URL once, the page cap, size limits); every answer
lands in `pages` through `_record`, every failure through `on_error`, every link in `links`.
"""

from __future__ import annotations

import time

import scrapy
from scrapy.exceptions import StopDownload

from crawler import attachments as att
from crawler import evidence, fetch
from crawler.extract.html import parse, squash
from crawler.extract.navlinks import nav_links
from crawler.extract.urls import absolute, is_attachment, is_column_like
from crawler.reuse import ARTICLE_FIELDS, LEAF_ROLES
from crawler.spiders.locking import structural


class FetchingMixin:
    """Requests and the record of what each one brought back."""

    def home_request(self) -> scrapy.Request:
        return self._request(self.site_url, self.parse_home, "home", force=True)

    def _request(self, url: str, callback, role: str, *, force: bool = False,
                 headers_only: bool = False, **cb_kwargs) -> scrapy.Request | None:
        if not force and url in self.requested:
            return None
        if self.max_pages is not None and len(self.requested) >= self.max_pages:
            return None
        reuse = getattr(self, "reuse", None)
        revalidate = False
        if reuse is not None and not force and role in LEAF_ROLES:
            decision = reuse.decide(url, role, cb_kwargs.get("item_url"))
            if decision == "reuse":
                self._reuse(reuse, url, role, cb_kwargs.get("item_url"))
                return None
            revalidate = decision == "revalidate"
        self.requested.add(url)
        return scrapy.Request(
            url,
            callback=self._bound(callback),
            errback=self._bound(self.on_error),
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
                **({"revalidate": True} if revalidate else {}),
                # Pages are read whole: cap them (compressed and decompressed) well below
                # the attachment limit.
                **({"download_maxsize": self.page_maxsize}
                   if self.page_maxsize and not headers_only else {}),
                **({"playwright": True}
                   if self.render_js and not headers_only and role != "attachment" else {}),
            },
        )

    def _bound(self, method):
        """One bound-method object per callback for the whole crawl. Scrapy checks every
        generator callback for a `return value` by reading and parsing its source
        (`warn_on_generator_with_return_value`), caching the answer under a weak reference to
        the callable: a fresh bound method per request dies with it and the source was parsed
        again for every page (2 % of the crawl's CPU)."""
        bound = self.__dict__.setdefault("_bound_callbacks", {})
        return bound.setdefault(method.__func__, method)

    # -- incremental reuse (crawler/reuse.py) ---------------------------------------------------

    def _reuse(self, reuse, url: str, role: str, item_url: str | None) -> None:
        """Take the base crawl's facts of `url` instead of asking for it; its attachments and
        external links go through the same decision (and are asked for when they must be)."""
        self.requested.add(url)
        reuse.reused[url] = None
        self.pages_done += 1
        if role == "article" or item_url:
            key = item_url or url
            self._set_article(key, dict(zip(ARTICLE_FIELDS, reuse.facts[key])))
        for child, child_role in reuse.children.get(url, ()):
            if child in self.requested:
                continue
            req = self._attachment(child) if child_role == "attachment" \
                else self._check(child, "external")
            if req is not None:
                self.crawler.engine.crawl(req)

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

    def _group(self) -> None:
        """A response's writes join the store's open write group (committed every few dozen
        responses, see Store.begin_group); a worker's remote store sends each fact anyway."""
        begin = getattr(self.store, "begin_group", None)
        if begin is not None:
            begin()

    def _record(self, response, role: str, title: str | None = None) -> dict:
        self._group()
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
        self._group()
        self.store.record_page(self.crawl_id, fetch.failure_row(failure, role))
        self.pages_done += 1
        kwargs = request.meta.get("cb_kwargs") or {}
        name = request.meta.get("cb")
        if name in ("parse_column",):
            self._column_page_failed(kwargs["column_key"], kwargs.get("index", 0),
                                     fetch.failure_reason(failure))
        elif name == "parse_frame" and kwargs.get("column_key"):
            self._column_page_failed(kwargs["column_key"], max(kwargs.get("index", 1), 1),
                                     fetch.failure_reason(failure))
        elif name == "parse_frame" and kwargs.get("unit_key"):
            self._frame_failed(kwargs["unit_key"], fetch.failure_reason(failure))
        elif name in ("parse_check", "parse_attachment") and kwargs.get("item_url"):
            self._set_article(kwargs["item_url"], {"article_status": None})


    def _record_links(self, response, tree, kinds: dict[str, str], entries=()) -> None:
        """Every link on the page, with its kind (item/pager/nav/attachment/external/other)."""
        self._record_links_from(fetch.original_url(response), tree, kinds, response.url,
                                entries)

    def _record_links_from(self, page_url: str, tree, kinds: dict[str, str],
                           base: str | None = None, entries=()) -> None:
        """Links in every form a page writes them (`<a>`, onclick, data-url, select, area,
        iframe), and the list `entries` read from data rather than markup (a Hanweb
        datastore, a JSON list, script rows): each is a link its list page offers, so a dead
        entry is a broken link like any other."""
        rows = []
        base = base or page_url
        found = [(link.url, link.text) for link in nav_links(tree, base, scripts=False)]
        seen = {url for url, _ in found}
        found += [(e.url, e.title) for e in entries if e.url not in seen]
        for url, text in found:
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
            rows.append({"from_url": page_url, "to_url": url, "text": text[:200] or None,
                         "kind": kind})
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

    def _tree(self, response):
        if response.meta.get("headers_only"):
            return parse("")
        return parse(fetch.text_of(response))



def page_title(tree) -> str | None:
    found = tree.xpath("//title")
    return squash(found[0].text_content()) or None if found else None
