"""Where every page of a planned portal lives, from the layout axes.

* unit indexes (`unit_index`): a child of the platform (`/zwgk/xxgk/bmxxgk/`), a sibling beside
  it (`/zwgk/bmxxgk/`), linked from the homepage only (`/bmgk/`), on the other host, or no page
  at all (a left-hand tree or a `<select>` on the platform pages);
* unit pages (`unit_location`): nested below the index directory, at unrelated paths
  (`/bm/jyj/xxgk/`, `/xz/cgz/xxgk/`) or on the other host (`/jyj/xxgk/`);
* columns (`column_scheme`): nested directories (TRS-like `…/zcwj/index.html`, articles
  `…/202506/t20250612_<id>.html`), flat ids (Hanweb-like `/col/col3004/index.html`, articles
  `/art/2025/6/12/art_3004_<id>.html`), query strings (VSB-like `/list.jsp?wbtreeid=3004`,
  articles `/info/3004/<id>.htm`) or a per-unit gkmlpt catalogue (`<unit>/gkmlpt/index`, lists
  from `<unit>/gkmlpt/api/all/<id>?page=N&sid=<sid>`);
* further list pages (`pager`): `index_N.html`, `?page=N` or a Hanweb-like dataproxy.
"""

from __future__ import annotations

import math
import posixpath
import random

from .data import PER_PAGE, names
from .model import Column, Portal, Unit, full

INDEX_DIRS = {"department": "bmxxgk", "town": "xzxxgk"}
HOMEPAGE_DIRS = {"department": "bmgk", "town": "xzgk"}


# Which facts a finding must state to match a planted defect (besides rule and unit), per
# planted defect (plan.DEFECTS): what the accusation is about, not how the crawler happened to
# classify or reach it.
LOCATORS = {
    "missing_category": ("category",),
    "empty_column": ("column",),
    "placeholder_column": ("column",),
    "stale": ("column", "category"),  # the window depends on the category
    "report_missing": ("category",),
    "report_late": ("category", "url"),
    "dead_article": ("url",),
    "dead_attachment": ("url",),
    "privacy": ("url",),
    "late_items": ("url",),          # the late article
    "missing_final_accounts": ("column", "evidence"),  # which disclosure, of which year
    "no-fax": ("url",),              # the unit's current guide
    "old-reply": ("url",),
    "stale_homepage": ("url",),      # the homepage itself
    # The disclosure (its article) and which one it is (kind and year).
    "missing_table": ("column", "url", "evidence"),
    "sangong_unexplained": ("column", "url", "evidence"),
    "narrative_missing": ("column", "url", "evidence"),
    "uninterpreted": ("column", "url"),           # the document
    "interpretation_holiday": ("column", "url"),  # the document, not its late 解读
    "serious_error": ("url",),       # the article holding the slip
    "legacy_doc": (),                # one finding per unit lists its unreadable files
    "missing-section": ("column", "url"),  # the report
    "old-template": ("column", "url"),
    "placeholder": ("column", "url"),
}


def _parent(path: str) -> str:
    parent = posixpath.dirname(path.rstrip("/"))
    return parent.rstrip("/") + "/"


def place_units(p: Portal, rng: random.Random) -> None:
    lay = p.layout
    spa = lay["column_scheme"] == "spa"
    platform = rng.choice(["/zwgk/xxgk/", "/xxgk/", "/zfxxgk/"])
    for kind, d in INDEX_DIRS.items():
        label = (names()["unit_index"][kind][0] if lay["column_names"] == "standard"
                 else rng.choice(names()["unit_index"][kind]))
        where = lay["unit_index"]
        if where == "child":
            p.indexes[kind] = ("main", f"{platform}{d}/", label, True)
        elif where == "sibling":
            p.indexes[kind] = ("main", f"{_parent(platform)}{d}/", label, True)
        elif where == "homepage":
            p.indexes[kind] = ("main", f"/{HOMEPAGE_DIRS[kind]}/", label, True)
        elif where == "other-host":
            p.indexes[kind] = ("other", f"/{d}/", label, True)
        else:  # left-tree, select: no index page; units are listed on the platform pages
            p.indexes[kind] = ("main", f"{platform}{d}/", label, False)
    for n, unit in enumerate(p.units):
        if unit.kind == "county":
            unit.base = platform
        else:
            host, index_dir, _, _ = p.indexes[unit.kind]
            where = lay["unit_location"]
            if where == "nested":
                unit.host, unit.base = host, f"{index_dir}{unit.slug}/"
            elif where == "unrelated":
                unit.base = f"/{'bm' if unit.kind == 'department' else 'xz'}/{unit.slug}/xxgk/"
            else:
                unit.host, unit.base = "other", f"/{unit.slug}/xxgk/"
        unit.sid = str(700 + n)
        unit.landing = unit.base + ("gkmlpt/index" if spa else "index.html")
    p.platform = p.units[0].landing


def _pages(col: Column, scheme: str, pager: str) -> list[str]:
    unit = col.unit
    count = max(1, math.ceil(len(list_items(col)) / PER_PAGE))
    first = col.path
    out = [first]
    for k in range(2, count + 1):
        if scheme == "spa":
            out.append(f"{unit.base}gkmlpt/api/all/{col.id}?page={k}&sid={unit.sid}")
        elif pager == "dataproxy":
            out.append(proxy_url(col, k))
        elif pager == "static":
            out.append(first.replace("index.html", f"index_{k - 1}.html"))
        else:
            out.append(first + ("&" if "?" in first else "?") + f"page={k}")
    return out


def proxy_url(col: Column, page: int) -> str:
    return (f"/module/web/jpage/dataproxy.jsp?page={page}&appid=1&webid=1&path=/"
            f"&columnid={col.id}&unitid={col.id + 50000}&webname={col.unit.slug}"
            "&permissiontype=0")


def list_items(col: Column) -> list:
    """What a column's list shows: its own items; a gkmlpt branch lists its whole subtree."""
    if col.role == "container":
        return [i for c in col.children for i in c.items]
    return col.items


def place_columns(p: Portal) -> None:
    scheme = p.layout["column_scheme"]
    for unit in p.units:
        for col in unit.all_columns():
            if scheme == "spa":
                col.path = f"{unit.base}gkmlpt/api/all/{col.id}?page=1&sid={unit.sid}"
            elif scheme == "nested":
                parent = f"{unit.base}{col.parent.slug}/" if col.parent else unit.base
                col.path = f"{parent}{col.slug}/index.html"
            elif scheme == "flat-id":
                col.path = f"/col/col{col.id}/index.html"
            else:
                col.path = f"/list.jsp?wbtreeid={col.id}"


def place_items(p: Portal) -> None:
    scheme, pager = p.layout["column_scheme"], p.layout["pager"]
    for unit in p.units:
        for col in unit.all_columns():
            for item in col.items:
                item.path = article_path(unit, col, item, scheme)
                if item.attachment:
                    folder = item.path.rsplit("/", 1)[0]
                    item.attachment = f"{folder}/P020{item.date:%Y%m%d}{item.docid % 100000:05d}.pdf"
            # A container is one navigation page, except a gkmlpt branch: an API list.
            col.page_paths = _pages(col, scheme, pager) if (col.role == "column" or
                                                             scheme == "spa") else [col.path]
    for d in p.defects:  # the planner's objects become manifest addresses
        col, target = d.pop("column"), d.pop("url")
        unit = col.unit if col is not None else None
        where = {"column": full(unit.host, col.path) if col is not None else None,
                 "category": d["category"]}
        if isinstance(target, tuple):
            where["url"] = full(unit.host, target[1].attachment)
        elif isinstance(target, str):  # a page of the main host (the homepage)
            where["url"] = full("main", target)
        elif target is not None:
            where["url"] = full(unit.host, target.path)
        uses = LOCATORS[d["defect"]]
        d["category"] = d["category"] if "category" in uses else None
        d["column_url"] = where["column"] if "column" in uses else None
        d["url_path"] = where.get("url") if "url" in uses else None
        evidence = d.pop("evidence", None)
        if "evidence" in uses:
            d["evidence"] = evidence
        d["where"] = where


def article_path(unit: Unit, col: Column, item, scheme: str) -> str:
    d = item.date
    if scheme == "spa":
        return (f"{unit.base}gkmlpt/content/{item.docid // 1000000}/{item.docid // 1000}/"
                f"post_{item.docid}.html")
    if scheme == "nested":
        return col.path.replace("index.html", f"{d:%Y%m}/t{d:%Y%m%d}_{item.docid}.html")
    if scheme == "flat-id":
        return f"/art/{d.year}/{d.month}/{d.day}/art_{col.id}_{item.docid}.html"
    return f"/info/{col.id}/{item.docid}.htm"
