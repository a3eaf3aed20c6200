"""The planned portal: units, columns, items and planted defects, before any page is rendered.

Addresses are (host label, path with query). Host labels are `main` (127.0.0.1) and `other`
(127.0.0.2, the same portal's second host); their ports are only known once served, so pages and
the manifest write a cross-host address as `@@HOST:<label>@@/path` and the server / `resolve()`
replace the marker with the real base URL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


def marker(host: str) -> str:
    return f"@@HOST:{host}@@"


def full(host: str, path: str) -> str:
    """The manifest form of an address: host marker + path."""
    return marker(host) + path


@dataclass
class Item:
    docid: int
    title: str
    date: dt.date
    path: str = ""
    served: bool = True          # False: the article answers 404 (link.broken)
    attachment: str | None = None  # path of its attachment, if any
    attachment_served: bool = True
    exposed_id: str | None = None  # an unmasked resident ID in the body (privacy.exposed)
    masked_id: str | None = None   # a masked one (clean: must not be reported)
    written: dt.date | None = None  # 成文日期 shown on the article page (disclosure.late)
    guide: dict | None = None      # a guide's text: {"fax": bool, "reply": "current"|<old form>}
    budget: dict | None = None     # a 预决算 disclosure's content (budget_docs.py): its parts, form
    # Links to related documents shown on the page (interpretation.py): (label, item, its host,
    # in a box or inline).
    related: list = field(default_factory=list)
    interprets: int | None = None  # a 政策解读: the docid of the document it explains
    slip: str | None = None        # a sentence with a 严重表述错误 in the body (documents.py)
    legacy_doc: bool = False       # carries a .doc attachment nothing reads (documents.py)
    report: dict | None = None     # an annual report's year, unit kind, form, fault (reports.py)


@dataclass
class Column:
    id: int
    name: str
    category: str | None
    slug: str
    unit: "Unit"
    role: str = "column"           # column | container
    parent: "Column | None" = None
    items: list[Item] = field(default_factory=list)
    placeholder: bool = False      # an empty list that says 暂无信息
    path: str = ""                 # first list page (or the container page)
    page_paths: list[str] = field(default_factory=list)  # every list page, first included
    children: list["Column"] = field(default_factory=list)


@dataclass
class Unit:
    name: str
    kind: str                      # county | department | town
    slug: str
    host: str = "main"
    base: str = "/"                # directory of its pages
    landing: str = ""              # path of its landing page
    listed: bool = True            # the portal's unit index lists it
    sid: str = ""                  # gkmlpt site id (spa scheme)
    columns: list[Column] = field(default_factory=list)  # top level, in navigation order

    def all_columns(self) -> list[Column]:
        out = []
        for col in self.columns:
            out.append(col)
            out.extend(col.children)
        return out


@dataclass
class Portal:
    seed: int
    as_of: dt.date
    layout: dict
    county: str                    # 青川县
    site_name: str                 # 青川县人民政府
    platform: str = ""             # path of the 政府信息公开 page (county landing)
    indexes: dict = field(default_factory=dict)  # kind -> (host, dir path, name, has page)
    units: list[Unit] = field(default_factory=list)
    defects: list[dict] = field(default_factory=list)

    @property
    def hosts(self) -> list[str]:
        used = {u.host for u in self.units} | {h for h, *_ in self.indexes.values()}
        return ["main"] + (["other"] if "other" in used else [])
