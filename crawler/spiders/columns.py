"""Columns for PortalSpider: each column's list pages (entries, pager, placeholder), its
sub-columns, its parent from the breadcrumb, its category."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from crawler import fetch, interaction
from crawler.dialects import Dialect, by_name as dialect_by_name, detect
from crawler.extract import metadata
from ground.classify import classify_trace, classify_with, clean_name, container_kind
from crawler.extract.navlinks import nav_links
from crawler.extract.scripted import script_marker
from crawler.extract.unitindex import is_unit_name, labelled_units
from crawler.extract.urls import (absolute, column_key, column_url, dir_path, is_attachment,
                                  is_column_like, is_list_page_file, is_under, netloc, path_of)
from crawler.homepage import is_more_link
from crawler.spiders.fetching import page_title
from crawler.spiders.locking import structural
from crawler.spiders.placement import (ADOPTED, CHILD, CRUMB, CRUMBED, LANDING, Placement,
                                       settle)
from ground import config
from crawler.state import LIST_COPY, ColumnState


def query_page_of(url: str, base_url: str) -> bool:
    """True when `url` is `base_url` with another value of one page-number parameter."""
    a, b = urlsplit(url), urlsplit(base_url)
    # `/col/col1/index.html?page=2` continues `/col/col1/`: compare paths as column keys.
    if (a.netloc, path_of(url)) != (b.netloc, path_of(base_url)) or a.query == b.query:
        return False
    names = set(config.structure().get("pager_params") or [])
    left = {k: v for k, v in parse_qsl(a.query) if k.lower() not in names}
    right = {k: v for k, v in parse_qsl(b.query) if k.lower() not in names}
    paged = [v for k, v in parse_qsl(a.query) if k.lower() in names]
    return left == right and bool(paged) and all(v.isdigit() for v in paged)


class ColumnsMixin:
    """Columns and their list pages."""

    def _add_column(self, url: str, name: str, unit_key: str, parent: ColumnState | None,
                    role: str = "column", key: str | None = None,
                    claim: tuple[str, str] | None = None) -> ColumnState:
        key = key or path_of(url)
        col = ColumnState(key=key, url=url, unit_key=unit_key, name=name,
                          parent_key=parent.key if parent else None,
                          level=(parent.level + 1) if parent else 1, role=role)
        kind = container_kind(name)
        if kind:
            col.container, col.role = kind, ("container" if role == "column" else role)
        self.columns[key] = col
        if claim is not None:
            col.claims.append(list(claim))
            self._place(col, save=False)
        self._save_column(col)
        return col

    def _claim(self, col: ColumnState, claim: tuple[str, str]) -> None:
        """One more page links `col`: decide its place again over every claim so far."""
        if list(claim) in col.claims:
            return  # the same link again (a side menu on every page): nothing new
        col.claims.append(list(claim))
        self._place(col)

    def _place(self, col: ColumnState, save: bool = True) -> None:
        if col.role == "homepage":
            return
        placement = Placement(self.columns, self.units, self.county_key,
                              self.__dict__.setdefault("_nest_cache", {}))
        parent, unit = placement.place(col.key)
        if (parent, unit) != (col.parent_key, col.unit_key):
            col.parent_key, col.unit_key = parent, unit
            if save:
                self._save_column(col)

    def _settle_columns(self) -> None:
        """The crawl is over and every claim is in: each column's final place, its entries
        moved with it, a category inherited from the final parent."""
        settle(self.columns, self.units, self.county_key)
        # Parents first, so a year column under a 年报 column under 年报 inherits through both.
        for col in sorted(self.columns.values(),
                          key=lambda c: (column_level(c, self.columns), c.key)):
            self._inherit(col)
        # An entry-less page is a container when columns sit below its path or it is, in the
        # end, some column's parent; whether it adopted a column that another page (answering
        # later) then placed elsewhere does not count.
        parents = {c.parent_key for c in self.columns.values() if c.parent_key}
        for col in self.columns.values():
            if col.container or col.role not in ("column", "container") or col.item_urls \
                    or col.placeholder or col.first_status != "ok":
                continue
            col.role = "container" if col.groups or col.key in parents else "column"
        for col in self.columns.values():
            if col.item_urls and col.items_unit != col.unit_key:
                self.store.move_items(self.crawl_id, col.key, col.unit_key)
                col.items_unit = col.unit_key

    def _column_key(self, url: str) -> str:
        """The column's path (with the query of a shared list script), host-qualified when
        the column lives on another host of the portal."""
        key = column_key(url)
        return key if self.scope.is_primary(url) else f"//{netloc(url)}{key}"

    def _column_request(self, url: str, text: str, parent: ColumnState | None, unit_key: str,
                        claim: tuple[str, str] | None = None):
        """Request a column a page links, recording the link as a claim on its place
        (crawler/spiders/placement.py): by default a child of `parent`, else a top column of
        the unit whose landing page `unit_key` links it."""
        url = column_url(url)
        if not self.scope.inside(url):
            if container_kind(text) != "unit-index":
                return None
            # The portal's own unit index on another of its hosts: the portal sends us there,
            # as it does for the units it lists.
            self.scope.add(url)
        key = self._column_key(url)
        if key in self.units or self._key(url) in self.units:
            return None
        claim = claim or ((CHILD, parent.key) if parent else (LANDING, unit_key))
        if key in self.columns:
            self._claim(self.columns[key], claim)
            return None
        name = clean_name(text)
        if is_more_link(name):
            name = ""
        unit_key = unit_key if not parent else parent.unit_key
        col = self._add_column(url, name, unit_key, parent, key=key, claim=claim)
        col.pages_requested = 1
        return self._request(url, self.parse_column, "column", column_key=key, index=0)

    @structural
    def parse_column(self, response, column_key: str, index: int):
        col = self.columns[column_key]
        tree = self._tree(response)
        meta = metadata.meta_tags(tree)
        row = self._record(response, "column" if index == 0 else "list", page_title(tree))
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
            col.list_copy = bool(response.meta.get(LIST_COPY))
            col.dialect = dialect.name
            crumbs = metadata.breadcrumb(tree)
            col.breadcrumb = " > ".join(crumbs) or None
            if not col.name:
                col.name = clean_name(meta.get("ColumnName")) or (crumbs[-1] if crumbs else "") \
                    or clean_name(page_title(tree))
            self._classify(col, meta.get("ColumnName"), crumbs[-1] if crumbs else None)
            yield from self._parent_from_breadcrumb(col, tree, response.url)
            if listing.pager.source != "none":
                col.pages_expected = listing.pager.total
        # Pages from the pager script, and pager links present in rendered HTML.
        pages = list(listing.page_urls[1:]) if index == 0 else []
        linked = self._pager_links(tree, response.url)
        if linked and listing.pager.source == "text":
            # A visible 共N页 tells how many pages, not where they are: a list linking its own
            # pages (?page=2) has no index_1.html, and a guessed page answering 404 left the
            # list partial (a budget column read as 未能核验).
            pages = []
        pages += [u for u in linked if u not in pages]
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
            links = nav_links(tree, response.url)
            yield from self._children(col, tree, response.url, dialect, kinds, links)
            yield from self._frame_requests(links, column_key=column_key)
            if not col.item_urls and col.pages_requested <= col.pages_fetched \
                    and not col.placeholder and col.role == "column" and script_marker(tree):
                # Entries the browser would fetch or render: not read, so never "empty".
                col.first_status = "unreadable"
        self._save_column(col)
        self._record_links(response, tree, kinds, listing.items)
        yield from self._article_requests(new_items)
        yield from self._external_checks(tree, response.url)

    def _children(self, col: ColumnState, tree, url: str, dialect: Dialect, kinds: dict,
                  links=None):
        """Sub-columns (or, on a 部门/乡镇信息公开 index, unit landing pages), and units listed
        in a labelled block (a left-hand tree of units) on any column page."""
        links = links if links is not None else nav_links(tree, url)
        yield from self._unit_requests(labelled_units(tree, url, links), url)
        if col.container == "unit-index":
            for child_url, name, kind in self._index_units(tree, url, col, links):
                kinds[child_url] = "nav"
                req = self._unit_request(child_url, name, kind, url, "index-page")
                if req:
                    yield req
            return
        own = self._child_links_from(links, url, col.key, dialect)
        own_nested = list(own)  # below its own path: its children, whoever else links them
        col.groups = col.groups or bool(own_nested)
        unit = self.units.get(col.unit_key)
        if not col.item_urls and not col.container and unit is not None:
            # A page without entries that names columns nobody has linked yet groups them
            # (an unrecognised 法定主动公开内容 with flat column ids): they are its children.
            # Known columns (its side-nav siblings) and site chrome are not. Only once the
            # unit's own navigation has been read: before that, "nobody has linked yet" may
            # just mean the unit's landing page is still on its way (a homepage 新闻中心 page
            # would adopt the platform's columns), so the page waits for it (`_adopt_waiting`)
            # rather than adopting, or not, by which page answered first.
            known = {u for u, _ in own}
            named = [(u, t) for u, t in self._named_links(links, exact=False)
                     if u not in known and u not in self.home_links
                     and self._key(u) not in self.units]
            if unit.nav_found is None:
                self.__dict__.setdefault("_waiting", {}).setdefault(unit.key, []).append(
                    (col.key, named))
            else:
                own += self._adoptable(col, named)
        children = list(own)
        if col.container == "statutory":
            # 法定主动公开内容 may link columns that live beside it (机构职能 → ../ldzc/), or
            # anywhere (flat ids): its own path, its unit's, and whatever it names as a column.
            # Only there: an ordinary (possibly empty) column must not adopt its side-nav
            # siblings.
            seen = {u for u, _ in children}
            extra = self._child_links_from(links, url, path_of(unit.url) if unit else col.key,
                                           dialect)
            named = self._named_links(links, exact=False)
            # The homepage's links are site chrome on a department's or town's pages, but the
            # county's own columns on the county's: its 法定主动公开内容 adopts a column it names
            # even when the homepage links it too (a headline's 更多). Dropping it left the
            # county's 工作动态 unread and accused as missing.
            own_home = {u for u, _ in named} if unit is not None and unit.kind == "county" \
                else set()
            for u, t in extra + named:
                # A column known already gets the adoption as a claim (_column_request).
                if u not in seen and (u not in self.home_links or u in own_home):
                    seen.add(u)
                    children.append((u, t))
        if col.container == "statutory" or (own and not col.item_urls):
            self._offsite_columns(tree, url, col.unit_key, col)
        nested = {u for u, _ in own_nested}
        for child_url, text in children:
            kinds[child_url] = "nav"
            req = self._column_request(child_url, text, col, col.unit_key,
                                       claim=None if child_url in nested else (ADOPTED, col.key))
            if req:
                yield req
        # Sub-columns below its own path and no entries of its own: a container (never judged
        # empty itself; its children are).
        if own and not col.item_urls and not col.placeholder and col.role == "column":
            col.role = "container"

    def _adoptable(self, col: ColumnState, named: list[tuple[str, str]]):
        """The links an entry-less page may adopt: those no page has linked yet. A known one
        gets the adoption as a (weakest) claim, so its place never depends on which of the
        pages linking it answered first."""
        new = []
        for u, t in named:
            known = self.columns.get(self._column_key(u))
            if known is None:
                new.append((u, t))
            elif known.key != col.key:
                self._claim(known, (ADOPTED, col.key))
        return new

    def _adopt_waiting(self, unit_key: str):
        """The unit's navigation is read: the entry-less pages that waited for it adopt now."""
        for col_key, named in self.__dict__.get("_waiting", {}).pop(unit_key, []):
            col = self.columns.get(col_key)
            if col is None or col.item_urls:
                continue
            new = self._adoptable(col, named)
            for u, t in new:
                req = self._column_request(u, t, col, col.unit_key, claim=(ADOPTED, col.key))
                if req:
                    yield req
            if new and not col.placeholder and col.role == "column":
                col.role = "container"
                self._save_column(col)

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
        if is_unit_name(clean_name(text)) \
                and any(container_kind(clean_name(t)) == "unit-index" for _, t in steps[:-1]):
            # 首页 > 部门信息公开 > 示例县教育局 > 政策文件: a unit's landing page, maybe not
            # listed yet (its index still on its way), is never made a column.
            return
        # Whether or not it is known yet (order of answers), the crumb is evidence both ways:
        # the page it names exists, and is this column's parent when nothing better says so.
        req = self._column_request(parent_url, text, None, col.unit_key, claim=(CRUMBED, col.key))
        if req:
            yield req
        ckey = self._column_key(column_url(parent_url))
        if ckey in self.columns:
            self._claim(col, (CRUMB, ckey))


    def _classify(self, col: ColumnState, meta_name: str | None, crumb: str | None) -> None:
        if col.container:
            return
        result = classify_with(self.profile, col.name, meta_name=meta_name,
                               breadcrumb_last=crumb, url=col.url)
        col.classify_trace = classify_trace(col.name, meta_name, crumb, col.url, result)
        if result.container:
            col.container = result.container
            if col.role == "column":
                col.role = "container"
            return
        col.category, col.category_source = result.category, result.source
        self._inherit(col)

    def _inherit(self, col: ColumnState) -> None:
        """Year or unit-type sub-columns (2021/, xzrmzf/) inherit 年报 etc. from the parent."""
        trace = col.classify_trace
        if trace is None or col.container or (col.category and col.category_source != "parent"):
            return
        parent = self.columns.get(col.parent_key) if col.parent_key else None
        category = parent.category if parent is not None else None
        col.category, col.category_source = (category, "parent") if category else (None, None)
        trace["category"], trace["source"] = col.category, col.category_source

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
        return self._child_links_from(nav_links(tree, base_url), base_url, scope, dialect)

    def _child_links_from(self, links, base_url: str, scope: str,
                          dialect: Dialect | None = None) -> list[tuple[str, str]]:
        found: dict[str, str] = {}
        if "?" in scope or not scope.endswith("/"):
            return []  # a script or file address (list.jsp?wbtreeid=…) nests nothing below it
        for link in links:
            url = link.url
            if not self.scope.inside(url) or is_attachment(url):
                continue
            if dialect is not None and dialect.is_article_url(url):
                continue
            if not is_column_like(url) or not is_under(url, scope) \
                    or netloc(url) != netloc(base_url):
                continue
            if is_list_page_file(url) and not url.endswith(("/index.html", "/index.shtml",
                                                            "/index.htm")):
                continue  # index_3.html: a page of some list, not a column
            url = column_url(url)
            text = clean_name(link.text)
            if is_unit_name(text):
                continue  # a unit's own page nested below (示例县教育局), never a column
            if url not in found or (is_more_link(found[url]) or not found[url]) and text:
                found[url] = text
        return list(found.items())

    def _pager_links(self, tree, base_url: str) -> list[str]:
        """Other pages of this list rendered into the HTML: `index_N.html` links in the same
        directory, and links that differ from this page only in a page-number parameter
        (`?page=2`, `&pageNum=3`; the names are data in structure.yaml)."""
        here = dir_path(urlsplit(base_url).path)
        out = []
        for a in tree.iter("a"):
            url = absolute(base_url, a.get("href"))
            if not url or url in out or not self.scope.inside(url):
                continue
            if (is_list_page_file(url) and "_" in url.rsplit("/", 1)[-1]
                    and dir_path(urlsplit(url).path) == here) or query_page_of(url, base_url):
                out.append(url)
        return out

    # -- items and articles ---------------------------------------------------------------------

    def _add_items(self, col: ColumnState, items) -> None:
        rows = []
        reuse = getattr(self, "reuse", None)  # an incremental re-audit (crawler/reuse.py)
        for item in items:
            if item.url in col.item_urls:
                continue
            col.item_urls.add(item.url)
            if reuse is not None and reuse.listed(item.url, item.title, item.date):
                self.requested.discard(item.url)  # reused on another list's word: read it now
            col.items_unit = col.unit_key if col.items_unit in (None, col.unit_key) else ""
            rows.append({"unit_key": col.unit_key, "column_key": col.key, "url": item.url,
                         "title": item.title, "list_date": item.date,
                         **self.article_facts.get(item.url, {})})
        if rows:
            self.store.insert_items(self.crawl_id, rows)



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
