"""Homepage and platform for PortalSpider: the site's name, its homepage news block and column
links, the 政府信息公开 platform (through a 政务公开 hub when there is one) and the county unit."""

from __future__ import annotations

from crawler import fetch
from crawler.extract import metadata
from ground.classify import classify, clean_name, container_kind
from crawler.extract.html import parse
from crawler.extract.navlinks import nav_links
from crawler.extract.unitindex import labelled_units
from crawler.extract.urls import column_url, is_under, path_of
from crawler.homepage import blocks, news_block
from crawler.spiders.fetching import page_title
from crawler.spiders.locking import structural
from crawler.spiders.placement import HOME

PLATFORM_TEXTS = ["政府信息公开", "信息公开", "政务公开"]  # in order of preference


class SiteMixin:
    """The homepage and the county government's platform page."""

    @structural
    def parse_home(self, response):
        tree = self._tree(response)
        meta = metadata.meta_tags(tree)
        title = page_title(tree)
        row = self._record(response, "home", title)
        if row["error"]:
            return  # a challenge or error page names nothing (never a site called 安全验证)
        self.site_name = meta.get("SiteName") or (title or "").split("_")[-1].strip() or None
        if self.site_name:
            self.store.update_crawl(self.crawl_id, site_name=self.site_name)
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
        row = self._record(response, "platform", page_title(tree))
        hub = fetch.original_url(response)
        found, text = (None, None) if row["error"] else self._platform_link(tree, response.url)
        platform = found if text == PLATFORM_TEXTS[0] and found != column_url(hub) else hub
        yield from self._start_county(parse(response.meta.get("home_html") or ""), home_url,
                                      platform,
                                      hub_response=None if platform != hub else response)

    def _start_county(self, tree, home_url: str, platform: str | None, hub_response=None):
        """The county unit (key = its platform path), the homepage block and its columns."""
        self.platform_url = platform
        self.county_key = path_of(platform) if platform else "/"
        county = self._add_unit(self.county_key, self.site_name or "县人民政府", "county",
                                platform or home_url)
        if not platform:
            # Without its platform the county's columns are only what the homepage links:
            # never enough to say one is missing.
            county.nav_unread = "未找到政府信息公开平台入口，只读取了首页上的栏目链接"
            self._add_unit(county.key, county.name, county.kind, county.url)
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
                req = self._column_request(block.more_url, block.name, None, self.county_key,
                                           claim=(HOME, ""))
                if req:
                    yield req
        links = nav_links(tree, home_url)
        self.home_links = {link.url for link in links}
        # Other homepage links named like a column (通知公告, 政民互动 …) outside the platform,
        # and the unit index (部门信息公开 …) wherever the homepage puts it.
        for url, text in self._named_links(links, exact=True):
            if url == platform or path_of(url) in ("/", self.county_key):
                continue
            if platform and is_under(url, path_of(platform)):
                continue
            kinds[url] = "nav"
            req = self._column_request(url, text, None, self.county_key, claim=(HOME, ""))
            if req:
                yield req
        # Units listed in a homepage block under a 部门/乡镇信息公开 label.
        yield from self._unit_requests(labelled_units(tree, home_url, links), home_url)
        yield from self._profile_requests()
        self._record_links_from(home_url, tree, kinds)
        if hub_response is not None:
            yield from self.parse_unit(hub_response, unit_key=self.county_key, recorded=True)
        elif platform:
            req = self._request(platform, self.parse_unit, "platform", unit_key=self.county_key)
            if req:
                yield req
        yield from self._external_checks(tree, home_url)

    def _profile_requests(self):
        """What the site profile adds: unit indexes and units the portal does not link."""
        profile = self.profile or {}
        for url in profile.get("unit_indexes", []):
            req = self._column_request(url, "部门信息公开", None, self.county_key,
                                       claim=(HOME, ""))
            if req:
                yield req
        for unit in profile.get("units", []):
            req = self._unit_request(unit["url"], unit["name"], unit["kind"], "profile",
                                     "profile")
            if req:
                yield req

    def _platform_link(self, tree, base_url: str) -> tuple[str | None, str | None]:
        """The link to the 政府信息公开 platform: an exact platform name first (in order of
        preference), else a short name built on one (政府信息公开专栏, 政务公开目录) that names
        no column and no unit index."""
        exact: dict[str, str] = {}
        built_on: list[tuple[str, str]] = []
        for link in nav_links(tree, base_url):
            text = clean_name(link.text)
            if not text or not self.scope.inside(link.url):
                continue
            if text in PLATFORM_TEXTS:
                exact.setdefault(text, link.url)
            elif len(text) <= 12 and any(base in text for base in PLATFORM_TEXTS) \
                    and classify(text).category is None and not container_kind(text):
                built_on.append((text, link.url))
        for text in PLATFORM_TEXTS:
            if text in exact:
                return column_url(exact[text]), text
        if built_on:
            text, url = built_on[0]
            return column_url(url), text
        return None, None

    # -- units ----------------------------------------------------------------------------------
