"""Units for PortalSpider: the county, departments and towns, their landing pages and the columns
those pages link.

A unit is found where the portal lists it (an index page reached through a 部门信息公开 link,
a block or left-hand tree labelled as the unit index, a `<select>` box), on whatever path or host
it lives; its columns are the links its landing page names as columns (政策文件, 机构职能 …)
plus, as one signal among several, the column-shaped links below its own path. Each unit
records how it was found, whether its landing page was read and how many column links it
offered, so the checks can tell "no such column" from "navigation not fully read".
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler import fetch
from crawler.dialects import detect, is_article_url
from crawler.dialects.base import in_furniture
from crawler.extract import metadata
from ground.classify import classify, classify_trace, classify_with, clean_name
from crawler.extract.navlinks import NavLink, block_mates, nav_links
from crawler.extract.scripted import script_marker
from crawler.extract.unitindex import (UnitLink, index_units, is_unit_name, labelled_units,
                                       unit_kind)
from crawler.extract.urls import (absolute, column_url, is_attachment, is_under, netloc,
                                  path_of)
from crawler.spiders.fetching import page_title
from crawler.spiders.locking import structural
from crawler.spiders.placement import CHILD, LANDING
from crawler.state import ColumnState, UnitState

# Page areas that repeat on every page of a site (header, footer, friend links): a keyword
# match there (教育服务 in a top bar) is no column. Menus and left-hand trees are not chrome:
# they are where a unit lists its columns.
_CHROME_RE = re.compile(r"header|footer|foot|^top|bottom|copyright|friend|yqlj|links|share"
                        r"|search|banner", re.I)


def in_chrome(el) -> bool:
    node = el
    while node is not None and isinstance(node.tag, str):
        if node.tag in ("header", "footer"):
            return True
        marker = f"{node.get('class') or ''} {node.get('id') or ''}".strip()
        if marker and any(_CHROME_RE.search(part) for part in marker.split()):
            return True
        node = node.getparent()
    return False


# How a unit was listed, most authoritative first: the user's profile, the portal's unit index
# page, a labelled block (a left-hand tree or a homepage block under a 部门信息公开 label).
_SOURCE_RANK = {"profile": 0, "index-page": 1, "labelled-block": 2}


class UnitsMixin:
    """Units and their landing pages."""

    home_links: set = frozenset()  # URLs the homepage links: site chrome on every unit page

    def _key(self, url: str) -> str:
        """A unit's or column's key: its path on the portal's own host, host and path on
        another host of the portal (two unit hosts may both have `/col/col1/`)."""
        query = urlsplit(url).query
        key = path_of(url) + (f"?{query}" if query else "")  # ?code=… units share one path
        return key if self.scope.is_primary(url) else f"//{netloc(url)}{key}"

    def _add_unit(self, key: str, name: str, kind: str, url: str, **facts) -> UnitState:
        unit = self.units.get(key)
        if unit is None:
            unit = UnitState(key, name, kind, url)
            self.units[key] = unit
        for field, value in facts.items():
            if value is not None and getattr(unit, field) is None:
                setattr(unit, field, value)
        self.store.upsert_unit(self.crawl_id, unit.row())
        return unit

    @structural
    def parse_unit(self, response, unit_key: str, recorded: bool = False):
        """A unit's landing page (the platform itself for the county): its columns."""
        tree = self._tree(response)
        role = "platform" if unit_key == self.county_key else "unit"
        row = fetch.page_row(response, role) if recorded else \
            self._record(response, role, page_title(tree))
        unit = self.units[unit_key]
        if unit.kind != "county" and not unit.name:
            unit.name = metadata.meta_tags(tree).get("ColumnName") or page_title(tree) or unit_key
        if row["error"]:
            unit.page_status = "blocked" if row["error"].startswith("blocked") else "failed"
            self._add_unit(unit.key, unit.name, unit.kind, unit.url)
            return
        unit.page_status = "ok"
        kinds = {}
        html = fetch.text_of(response)
        links = nav_links(tree, response.url)
        # CMSs with flat or API column addresses (Hanweb, gkmlpt, VSB) name them themselves;
        # the links the page names as columns are read as well (a dialect knows its own link
        # forms, not every onclick or data-url a template adds).
        listed = detect(html, response.url).unit_columns(tree, html, response.url)
        found = dict(listed or [])
        for url, text in self._unit_nav(links, unit):
            found.setdefault(url, text)
        found = list(found.items())
        unit.nav_found = len(found)
        if listed is None:
            marker = script_marker(tree)
            if marker:
                unit.nav_unread = f"栏目导航由页面脚本生成（{marker}）"
        self._add_unit(unit.key, unit.name, unit.kind, unit.url)
        # A left-hand tree (or select box) of units on the platform (or any unit) page: the
        # units first, so their pages are never taken for this unit's columns.
        yield from self._unit_requests(labelled_units(tree, response.url, links), response.url)
        for url, text in found:
            kinds[url] = "nav"
            req = self._column_request(url, text, None, unit_key)
            if req:
                yield req
        # Entry-less pages of this unit that answered before this one adopt now.
        yield from self._adopt_waiting(unit_key)
        yield from self._frame_requests(links, unit_key=unit_key)
        self._offsite_columns(tree, response.url, unit_key, None)
        self._record_links(response, tree, kinds)
        yield from self._external_checks(tree, response.url)

    def _unit_nav(self, links: list[NavLink], unit: UnitState) -> list[tuple[str, str]]:
        """The columns a landing page offers: links named as columns (wherever they point on
        the portal) and column-shaped links below the unit's own path. Site chrome (the
        homepage's links, nav bars, headers, footers) and other units' territory are not this
        unit's columns."""
        below = self._child_links_from(links, unit.url, path_of(unit.url))
        found = dict(below)
        # The county's platform directory, when it has one: a unit's top bar may link the
        # county's columns there. A platform at the site root says nothing about ownership.
        county_path = path_of(self.platform_url) if self.platform_url else "/"
        named = self._named_links(links, exact=False)
        named_urls = {url for url, _ in named}
        # Links in the same menu as the named ones are columns too, named or not.
        menu = block_mates(links, {link.url for link in links
                                   if column_url(link.url) in named_urls})
        mates = [(column_url(link.url), clean_name(link.text)) for link in menu
                 if self.scope.inside(link.url) and not is_attachment(link.url)
                 and not is_article_url(link.url) and clean_name(link.text)
                 and not is_unit_name(link.text) and path_of(link.url) != "/"]
        for url, text in named + mates:
            if url in found or self._key(url) in self.units:
                continue
            if unit.kind != "county":
                if url in self.home_links and not is_under(url, path_of(unit.url)):
                    continue
                if county_path != "/" and is_under(url, county_path) \
                        and not is_under(url, path_of(unit.url)) \
                        and self.scope.is_primary(url) == self.scope.is_primary(unit.url):
                    continue  # the county's own column, linked from the unit's chrome
            found[url] = text
        return list(found.items())

    def _named_links(self, links: list[NavLink], *, exact: bool) -> list[tuple[str, str]]:
        """(url, name) of in-portal links whose text names a column or a container
        (`exact`: whole names only, for homepages full of service links that merely contain a
        keyword). Articles, attachments and links inside page furniture of other pages are
        left out."""
        out: dict[str, str] = {}
        for link in links:
            url = column_url(link.url)
            if url in out or is_attachment(url) or is_article_url(url):
                continue
            text = clean_name(link.text)
            if not text or is_unit_name(text):
                continue  # 卫生健康局 names a unit, not a column of 卫生 (key areas)
            result = classify_with(self.profile, text)
            if result.container == "platform":
                continue
            if not self.scope.inside(url) and result.container != "unit-index":
                continue  # only the portal's own unit index may lead to another host
            if result.container or result.source == "name" or (
                    not exact and result.source == "keyword"
                    and not (link.element is not None and in_chrome(link.element))):
                out[url] = text
        return list(out.items())

    def _offsite_columns(self, tree, base_url: str, unit_key: str,
                         parent: ColumnState | None) -> None:
        """Navigation entries that leave the portal (政府采购 → the provincial 采购网): recorded as
        columns of the unit, never read (only the link is checked), so "the column exists" and
        "its content could not be verified here" both stay true."""
        for a in tree.iter("a"):
            url = absolute(base_url, a.get("href"))
            if not url or self.scope.inside(url) or in_furniture(a):
                continue
            name = clean_name(a.text_content()) or clean_name(a.get("title"))
            result = classify(name)
            if not result.category:
                continue
            claim = (CHILD, parent.key) if parent else (LANDING, unit_key)
            if url in self.columns:
                self._claim(self.columns[url], claim)  # its place is decided over every link
                continue
            col = self._add_column(url, name, unit_key, parent, key=url, claim=claim)
            col.category, col.category_source, col.dialect = result.category, result.source, \
                "offsite"
            col.classify_trace = classify_trace(name, None, None, url, result)
            self._save_column(col)

    # -- units found in indexes ----------------------------------------------------------------

    def _unit_requests(self, found: list[UnitLink], listed_in: str, source: str = "labelled-block"):
        for link in found:
            req = self._unit_request(link.url, link.name, link.kind, listed_in, source)
            if req:
                yield req

    def _unit_request(self, url: str, name: str, kind: str, listed_in: str,
                      source: str = "index-page"):
        """A unit listed by the portal: audited where it lives, on whatever host (the host joins
        the portal's scope: the portal itself sends us there)."""
        url = column_url(url)
        if not self.scope.inside(url):
            self.scope.add(url)
        key = self._key(url)
        if key in self.units:
            self._relist(self.units[key], clean_name(name), kind, listed_in, source)
            return None
        if key in self.columns or key == self._key(self.site_url):
            return None
        unit = self._add_unit(key, clean_name(name), kind, url, source=source,
                              listed_in=listed_in)
        unit.listed_name = unit.name
        return self._request(url, self.parse_unit, "unit", unit_key=key)

    def _relist(self, unit: UnitState, name: str, kind: str, listed_in: str,
                source: str) -> None:
        """A unit listed again: how it was found (and its kind and name as listed) come from
        the most authoritative listing, then the smallest listing URL, never from whichever
        listing page answered first."""
        if unit.kind == "county" or unit.source is None:
            return

        def rank(src, where):
            return (_SOURCE_RANK.get(src, len(_SOURCE_RANK)), where or "")

        if rank(source, listed_in) >= rank(unit.source, unit.listed_in):
            return
        if unit.name == unit.listed_name and name:
            unit.name = name  # the landing page had not renamed it
        unit.kind, unit.source, unit.listed_in, unit.listed_name = kind, source, listed_in, name
        self._add_unit(unit.key, unit.name, unit.kind, unit.url)

    def _index_units(self, tree, url: str, index_col: ColumnState, links: list[NavLink]):
        """The units an index page lists: every link named like a unit; failing that (an index
        of pinyin slugs or icons), the column-shaped links below the index's path."""
        found = index_units(links, index_col.name)
        if found:
            return [(u.url, u.name, u.kind) for u in found]
        below = self._child_links_from(links, url, index_col.key)
        return [(u, t, _unit_kind(index_col, clean_name(t))) for u, t in below]


def _unit_kind(index_col: ColumnState, name: str) -> str:
    """department or town for a unit an index lists: the index's label and the unit's name
    (unitindex.unit_kind), else the index's pinyin directory (乡镇信息公开 is `xzxxgk`)."""
    label = index_col.name or ""
    if not any(w in label for w in ("部门", "单位", "乡", "镇", "街")) \
            and "xzxxgk" in index_col.key and not clean_name(name).endswith(("局", "委", "办")):
        return "town"
    return unit_kind(name, label)
