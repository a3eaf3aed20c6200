"""What the spider knows about the site while crawling: units and columns with their counters.

Column rows are rewritten (upsert by key) whenever their counters change, so an interrupted crawl
still leaves every column found so far in the store with honest counts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


# Request meta set by the incremental cache on a list it serves unasked (crawler/incremental.py);
# the spider stores it on the column (`list_copy`).
LIST_COPY = "list_copy"

@dataclass
class UnitState:
    key: str
    name: str
    kind: str  # county | department | town
    url: str
    source: str | None = None  # how it was found: platform | index-page | labelled-block ...
    listed_in: str | None = None  # the page that listed it
    page_status: str | None = None  # ok | failed | blocked once its landing page answered
    nav_found: int | None = None  # column links its landing page offered (None: not read)
    # Why its navigation was not read completely (built by script, a frame that failed), Chinese
    nav_unread: str | None = None
    listed_name: str | None = None  # the name its chosen listing gave (not stored)

    def row(self) -> dict:
        return {"key": self.key, "name": self.name, "kind": self.kind, "url": self.url,
                "source": self.source, "listed_in": self.listed_in,
                "page_status": self.page_status, "nav_found": self.nav_found,
                "nav_unread": self.nav_unread}


@dataclass
class ColumnState:
    key: str
    url: str
    unit_key: str
    name: str
    parent_key: str | None = None
    level: int = 1
    role: str = "column"  # homepage | column | container
    breadcrumb: str | None = None
    category: str | None = None
    category_source: str | None = None
    container: str | None = None  # platform | statutory | unit-index
    pages_expected: int | None = None
    pages_requested: int = 0
    pages_fetched: int = 0
    pages_failed: int = 0
    # ok | failed | blocked | unreadable (entries built by script), once the first page answered
    first_status: str | None = None
    item_urls: set = field(default_factory=set)
    placeholder: str | None = None
    dialect: str | None = None
    children: int = 0
    # What the classifier was shown (name, ColumnName meta, breadcrumb, URL directory) and what
    # it concluded: lets a column.missing finding say why this column was not the one.
    classify_trace: dict | None = None
    # An endless pager was cut at GOVAUDIT_MAX_LIST_PAGES (counted once as a page not read).
    capped: bool = False
    # Every page that linked it, as [kind, via] (crawler/spiders/placement.py): its parent and
    # unit are decided over all of them, never by whichever page answered first.
    claims: list = field(default_factory=list)
    # The unit its list entries were stored under (moved with the column if that changes).
    items_unit: str | None = None
    groups: bool = False  # its page links column-shaped pages below its own path
    # An incremental re-audit took the first page from the previous crawl's copy, unasked.
    list_copy: bool = False

    @property
    def list_status(self) -> str | None:
        if self.first_status is None:
            return None  # not read yet (crawl interrupted or page cap reached)
        if self.first_status in ("failed", "blocked", "unreadable"):
            return self.first_status
        if self.pages_failed or self.pages_fetched < self.pages_requested:
            return "partial"
        return "ok"

    def row(self) -> dict:
        return {
            "key": self.key,
            "unit_key": self.unit_key,
            "parent_key": self.parent_key,
            "name": self.name,
            "url": self.url,
            "role": self.role,
            "level": self.level,
            "breadcrumb": self.breadcrumb,
            "category": self.category,
            "category_source": self.category_source,
            "list_status": self.list_status,
            "pages_expected": self.pages_expected,
            "pages_fetched": self.pages_fetched,
            "pages_failed": self.pages_failed,
            "item_count": len(self.item_urls),
            "placeholder": self.placeholder,
            "dialect": self.dialect,
            "classify_trace": json.dumps(self.classify_trace, ensure_ascii=False)
            if self.classify_trace else None,
            "list_copy": 1 if self.list_copy else None,
        }
