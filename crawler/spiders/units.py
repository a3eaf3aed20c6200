"""Units for PortalSpider: the county, departments and towns, their landing pages and the columns
those pages link."""

from __future__ import annotations

from crawler import fetch
from crawler.dialects import detect
from crawler.dialects.base import in_furniture
from crawler.extract import metadata
from crawler.extract.classify import classify, classify_trace, clean_name
from crawler.extract.urls import absolute, column_url, path_of
from crawler.spiders.fetching import page_title
from crawler.spiders.locking import structural
from crawler.state import ColumnState, UnitState

TOWN_MARKERS = ("镇", "乡", "街道", "办事处")


class UnitsMixin:
    """Units and their landing pages."""

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
            self._record(response, role, page_title(tree))
        unit = self.units[unit_key]
        if unit.kind != "county" and not unit.name:
            unit.name = metadata.meta_tags(tree).get("ColumnName") or page_title(tree) or unit_key
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
            if not url or self.scope.inside(url) or url in self.columns or in_furniture(a):
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

    def _unit_request(self, url: str, text: str, index_col: ColumnState):
        url = column_url(url)
        key = path_of(url)
        if key in self.units or key in self.columns:
            return None
        name = clean_name(text)
        kind = _unit_kind(index_col, name)
        self._add_unit(key, name, kind, url)
        return self._request(url, self.parse_unit, "unit", unit_key=key)



def _unit_kind(index_col: ColumnState, name: str) -> str:
    """department or town, from the index it was listed in (its name, then its pinyin)."""
    label = index_col.name
    if "乡镇" in label and "部门" not in label:
        return "town"
    if "部门" in label and "乡镇" not in label:
        return "department"
    if "xzxxgk" in index_col.key or "xz" == index_col.key.rstrip("/").rsplit("/", 1)[-1][:2] \
            and "bm" not in index_col.key:
        return "department"
    if "xzxxgk" in index_col.key or "xz" == index_col.key.rstrip("/").rsplit("/", 1)[-1][:2] \
            and "bm" not in index_col.key:
        return "town"
    return "town" if name.endswith(TOWN_MARKERS) else "department"
