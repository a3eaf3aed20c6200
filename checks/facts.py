"""A read-only snapshot of one crawl's facts, with the lookups rules need.

Loaded once per audit from the store; rules get the same snapshot and cannot change it (rows are
read-only mappings, collections are tuples), so one rule cannot disturb another.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterable, Mapping
from urllib.parse import urlsplit

from govaudit.store import Store

Row = Mapping[str, object]

# Fetch errors that mean "we were refused", not "the target is broken": such pages are
# 未能核验, never evidence of a broken link or a missing column.
BLOCKED_PREFIX = "blocked"


def _freeze(rows: Iterable[dict]) -> tuple[Row, ...]:
    return tuple(MappingProxyType(dict(r)) for r in rows)


def _group(rows: Iterable[Row], field: str) -> Mapping[str, tuple[Row, ...]]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row[field]].append(row)
    return MappingProxyType({k: tuple(v) for k, v in groups.items()})


@dataclass(frozen=True)
class Facts:
    """Everything the crawler recorded for one crawl."""

    crawl: Row
    units: tuple[Row, ...]
    columns: tuple[Row, ...]
    items: tuple[Row, ...]
    pages: tuple[Row, ...]
    links: tuple[Row, ...]
    texts: tuple[Row, ...]
    documents: tuple[Row, ...] = ()
    messages: tuple[Row, ...] = ()  # 政民互动 letters (list row + detail page facts)
    relations: tuple[Row, ...] = ()  # document ↔ 政策解读 links (`doc_relations`)

    @classmethod
    def load(cls, store: Store, crawl_id: int) -> "Facts":
        tables = {t: list(store.rows(t, crawl_id))
                  for t in ("units", "columns", "items", "pages", "links", "texts", "documents",
                            "messages")}
        return cls.build(crawl=store.crawl(crawl_id), relations=list(
            store.rows("doc_relations", crawl_id)), **tables)

    @classmethod
    def build(cls, crawl: dict, units=(), columns=(), items=(), pages=(), links=(),
              texts=(), documents=(), messages=(), relations=()) -> "Facts":
        facts = cls(MappingProxyType(dict(crawl)), _freeze(units), _freeze(columns),
                     _freeze(items), _freeze(pages), _freeze(links), _freeze(texts),
                     _freeze(documents), _freeze(messages), _freeze(relations))
        facts._index()
        return facts

    def _index(self) -> None:
        # Indexes are derived data: set once here, bypassing frozen-ness on purpose.
        pages_by_url: dict[str, Row] = {}
        for page in self.pages:
            pages_by_url.setdefault(page["url"], page)
        for page in self.pages:  # a redirect target is the same page under its final URL
            if page.get("final_url"):
                pages_by_url.setdefault(page["final_url"], page)
        set_ = object.__setattr__
        set_(self, "_unit", MappingProxyType({u["key"]: u for u in self.units}))
        set_(self, "_column", MappingProxyType({c["key"]: c for c in self.columns}))
        set_(self, "_columns_of", _group(self.columns, "unit_key"))
        set_(self, "_items_of", _group(self.items, "column_key"))
        set_(self, "_unit_items", _group(self.items, "unit_key"))
        set_(self, "_items_at", _group(self.items, "url"))
        set_(self, "_page", MappingProxyType(pages_by_url))
        set_(self, "_links_to", _group(self.links, "to_url"))
        set_(self, "_document", MappingProxyType({d["url"]: d for d in self.documents}))
        texts_at: dict[str, list[str]] = defaultdict(list)
        for text in self.texts:
            texts_at[text["url"]].append(text.get("text") or "")
        set_(self, "_text_at", MappingProxyType({u: "\n".join(t) for u, t in texts_at.items()}))

    # -- site -------------------------------------------------------------------------------

    @property
    def site_name(self) -> str:
        return self.crawl.get("site_name") or self.crawl.get("site_url") or ""

    @property
    def site_url(self) -> str:
        return self.crawl.get("site_url") or ""

    # -- lookups ----------------------------------------------------------------------------

    def unit(self, key: str | None) -> Row | None:
        return self._unit.get(key) if key else None

    def column(self, key: str | None) -> Row | None:
        return self._column.get(key) if key else None

    def columns_of(self, unit_key: str) -> tuple[Row, ...]:
        return self._columns_of.get(unit_key, ())

    def items_of(self, column_key: str) -> tuple[Row, ...]:
        return self._items_of.get(column_key, ())

    def items_of_unit(self, unit_key: str) -> tuple[Row, ...]:
        return self._unit_items.get(unit_key, ())

    def items_at(self, url: str) -> tuple[Row, ...]:
        return self._items_at.get(url, ())

    def page(self, url: str | None) -> Row | None:
        return self._page.get(url) if url else None

    def links_to(self, url: str) -> tuple[Row, ...]:
        return self._links_to.get(url, ())

    def document(self, url: str | None) -> Row | None:
        """The `documents` row (kind, status, tables JSON ...) of an article or attachment."""
        return self._document.get(url) if url else None

    def text_of(self, url: str | None) -> str:
        """All stored text of one article or attachment ("" when none was stored)."""
        return self._text_at.get(url, "") if url else ""

    def unit_for_url(self, url: str | None) -> Row | None:
        """The unit whose key (its platform page path) is the longest prefix of the URL's path."""
        if not url:
            return None
        path = urlsplit(url).path or "/"
        best = None
        for unit in self.units:
            key = unit["key"] or ""
            if key and path.startswith(key) and (best is None or len(key) > len(best["key"])):
                best = unit
        return best


def fetch_failure(page: Row | None) -> str | None:
    """Why a page gave no usable response (`timeout`, `blocked:412`, `HTTP 404` ...), or None."""
    if page is None:
        return None
    status = page.get("status")
    error = str(page.get("error") or "")
    # An HTTP error reads the same whatever spelling the crawler used (`http:404`).
    if status is not None and status >= 400 and not error.startswith(BLOCKED_PREFIX):
        return f"HTTP {status}"
    if error:
        return error
    if status is None:
        return "无响应"
    return None


def is_blocked(page: Row | None) -> bool:
    return bool(page and str(page.get("error") or "").startswith(BLOCKED_PREFIX))
