"""Plain data classes of the replica plan: units, columns, items, attachments, the Site.

The generator fills these in one seeded pass; rendering later reads them and never draws
random numbers, so pages can be rendered lazily in any order and stay byte-identical.
"""
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Callable, Optional


@dataclass
class Attachment:
    path: str          # absolute path on the server
    kind: str          # "pdf" | "xlsx"
    label: str         # link text shown under 附件：
    served: bool = True  # False = dead link (an injected link.broken defect)
    seed: int = 0
    # (title, rows) tables of a budget workbook (replica/budget.py); empty = the generic sheet
    tables: list = field(default_factory=list)
    variant: str = ""    # planted content (attachments.VARIANTS); "" = the ordinary file
    body: Optional[Callable[[], bytes]] = None  # renders the file (annual reports); else generic


@dataclass
class Item:
    title: str
    path: str
    docid: int
    pub: dt.datetime                  # PubDate / 发布日期
    list_date: Optional[dt.date]      # the date shown on the list page (None = undated)
    written: Optional[dt.date]        # 成文日期
    index_no: str
    publisher: str                    # may be "" (real portals often leave it empty)
    doc_no: str = ""
    theme: str = ""
    subject: str = "综合政务"
    valid: str = "有效"
    layout: int = 0                   # metadata block: 0 table, 1 ul/li, 2 inline
    info: int = 0                     # info line variant
    status: int = 200                 # 404 = listed but dead (link.broken defect)
    attachments: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)
    extra_html: list = field(default_factory=list)  # appended raw HTML (links, IDs ...)
    # Rendered on first request (annual reports with their tables): planning stays fast.
    body_html: Optional[Callable[[], list]] = None
    message: Optional["Message"] = None  # set on 政民互动 messages (rendered as a letter page)

    @property
    def effective_date(self) -> dt.date:
        """The date freshness is judged on: list date, else article date."""
        return self.list_date or self.pub.date()


@dataclass
class Message:
    """A 政民互动 letter: asked by a citizen, answered (or not) by a unit."""

    asked: dt.datetime
    status: str                       # 已回复 | 办理中 | 未回复, as the list shows it
    question: str
    replied: Optional[dt.date] = None
    reply_unit: str = ""
    reply: str = ""
    list_shows_reply: bool = True     # False: the list leaves 回复时间 blank (only the letter has it)


@dataclass
class Unit:
    key: str
    name: str
    kind: str          # county | department | town
    path: str
    short: str         # name used inside titles
    abbr: str          # 文号 abbreviation: 示<abbr>发〔Y〕N号
    code: str          # 索引号 prefix
    slug: str = ""
    columns: list = field(default_factory=list)   # top-level columns (tree roots)


@dataclass
class Column:
    unit: Unit
    name: str
    path: str
    role: str                          # column | container | homepage
    category: Optional[str]
    level: int
    parent: Optional["Column"] = None
    children: list = field(default_factory=list)
    items: list = field(default_factory=list)
    placeholder: Optional[str] = None
    template: str = "ul_new"            # ul_new | ul_old | table
    date_fmt: str = "iso"
    per_page: int = 20
    theme: str = ""
    crumbs: list = field(default_factory=list)  # [(name, path)] from 首页 down to the parent

    @property
    def pages(self) -> int:
        if self.role != "column":
            return 1
        return max(1, -(-len(self.items) // self.per_page))

    @property
    def newest_date(self) -> Optional[dt.date]:
        dates = [i.effective_date for i in self.items]
        return max(dates) if dates else None


class LazyPages(Mapping):
    """path -> (status, content_type, body) where bodies are rendered on first access.

    Large replicas have tens of thousands of pages; rendering only what is fetched keeps
    start-up fast. Renderers are pure, so the order of access never changes the bytes.
    """

    def __init__(self):
        self._spec: dict[str, tuple[int, str, Callable[[], bytes]]] = {}
        self._cache: dict[str, tuple[int, str, bytes]] = {}

    def add(self, path: str, ctype: str, render: Callable[[], bytes], status: int = 200):
        self._spec[path] = (status, ctype, render)

    def __getitem__(self, path):
        hit = self._cache.get(path)
        if hit is None:
            status, ctype, render = self._spec[path]
            hit = (status, ctype, render())
            self._cache[path] = hit
        return hit

    def __contains__(self, path):
        return path in self._spec

    def __iter__(self):
        return iter(self._spec)

    def __len__(self):
        return len(self._spec)


@dataclass
class Site:
    pages: LazyPages
    manifest: dict
    units: list = field(default_factory=list)
