"""Frames for PortalSpider: navigation and lists held in an `<iframe>`.

Some portals put a unit's menu, a unit index or a column's list in a framed document. The frame
is part of the page that holds it: its links are that page's navigation (a unit's columns, an
index's units, a container's sub-columns) and its entries are that column's entries. A frame
that cannot be read leaves the unit's navigation unread (未能核验), or the list partial.
"""

from __future__ import annotations

from crawler import fetch
from crawler.dialects import detect
from crawler.extract.navlinks import NavLink, nav_links
from crawler.extract.unitindex import labelled_units
from crawler.extract.urls import is_attachment
from crawler.spiders.fetching import page_title
from crawler.spiders.locking import structural

MAX_FRAMES = 4  # frames followed per page: menus and lists, not every embedded widget


class FramesMixin:
    """Framed documents read as part of the page that frames them."""

    def _frame_requests(self, links: list[NavLink], *, unit_key: str | None = None,
                        column_key: str | None = None):
        frames = [link.url for link in links if link.form == "iframe"
                  and self.scope.inside(link.url) and not is_attachment(link.url)]
        for url in frames[:MAX_FRAMES]:
            if column_key is not None:
                col = self.columns[column_key]
                col.pages_requested += 1
                req = self._request(url, self.parse_frame, "list", column_key=column_key,
                                    index=col.pages_requested - 1)
                if req is None:
                    col.pages_requested -= 1
            else:
                req = self._request(url, self.parse_frame, "unit", unit_key=unit_key)
            if req:
                yield req

    @structural
    def parse_frame(self, response, unit_key: str | None = None,
                    column_key: str | None = None, index: int = 0):
        tree = self._tree(response)
        if column_key is not None:
            yield from self._column_frame(response, tree, column_key, index)
            return
        row = self._record(response, "unit", page_title(tree))
        unit = self.units.get(unit_key)
        if unit is None:
            return
        if row["error"]:
            self._frame_failed(unit_key, row["error"])
            return
        links = nav_links(tree, response.url)
        found = self._unit_nav(links, unit)
        unit.nav_found = (unit.nav_found or 0) + len(found)
        self._add_unit(unit.key, unit.name, unit.kind, unit.url)
        yield from self._unit_requests(labelled_units(tree, response.url, links), response.url)
        kinds = {}
        for url, text in found:
            kinds[url] = "nav"
            req = self._column_request(url, text, None, unit_key)
            if req:
                yield req
        self._record_links(response, tree, kinds)

    def _column_frame(self, response, tree, column_key: str, index: int):
        """A framed list or menu of a column: its entries and sub-columns are the column's."""
        col = self.columns[column_key]
        row = self._record(response, "list", page_title(tree))
        if row["error"]:
            self._column_page_failed(column_key, max(index, 1), row["error"])
            return
        html = fetch.text_of(response)
        dialect = detect(html, response.url)
        listing = dialect.extract_list(tree, html, response.url)
        col.pages_fetched += 1
        kinds = {item.url: "item" for item in listing.items}
        new_items = [i for i in listing.items if i.url not in col.item_urls]
        self._add_items(col, new_items)
        if new_items and col.role == "container" and col.first_status == "ok" \
                and not col.container:
            col.role = "column"  # its entries were in the frame all along
        if not col.item_urls and not col.placeholder:
            col.placeholder = dialect.placeholder(tree, self.placeholders)
        yield from self._children(col, tree, response.url, dialect, kinds)
        self._save_column(col)
        self._record_links(response, tree, kinds, listing.items)
        yield from self._article_requests(new_items)

    def _frame_failed(self, unit_key: str, error: str) -> None:
        unit = self.units.get(unit_key)
        if unit is not None:
            unit.nav_unread = f"导航框架页面无法读取（{error}）"
            self._add_unit(unit.key, unit.name, unit.kind, unit.url)
