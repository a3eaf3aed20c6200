"""The layout axes of a generated portal and how one seed draws a value on each.

Each axis is drawn from its own random stream (`Random("portalgen:<seed>:<axis>")`), so axes
are independent of each other and adding an axis never changes the others' draws. A few
combinations cannot exist on a real site (a gkmlpt catalogue has no HTML list markup, a
`list.jsp?wbtreeid=` column has no static `index_N.html` pages, a Hanweb dataproxy answers
`<li>` records); `effective()` says what the portal then really does, and the manifest records
that effective value, never a value the pages do not show.
"""

from __future__ import annotations

import random

AXES: dict[str, tuple[str, ...]] = {
    # where the department / town indexes are
    "unit_index": ("child", "sibling", "homepage", "left-tree", "select", "other-host"),
    # where a unit's pages live
    "unit_location": ("nested", "unrelated", "other-host"),
    # how column addresses look
    "column_scheme": ("nested", "flat-id", "query", "spa"),
    # how column and unit links are written
    "nav_form": ("a-href", "onclick-location", "onclick-window-open", "data-url", "select",
                 "area", "iframe", "document-write", "json-blob"),
    "list_markup": ("ul", "table", "json-blob"),
    "date_format": ("iso", "cjk", "dotted", "month-day", "undated"),
    "pager": ("static", "query", "dataproxy"),
    "encoding": ("utf-8", "gbk-header", "gbk-meta"),
    # "standard": the most common name of each category, index and container; "synonyms": any
    # real variant
    "column_names": ("standard", "synonyms"),
    "container": ("statutory", "flat"),
    # the text of the homepage's link to the 政府信息公开 platform
    "platform_name": ("政府信息公开", "政务公开", "信息公开", "政府信息公开专栏", "政务公开专栏"),
    # how an article page shows its dates: an 索引号 metadata table (gkmlpt / TRS 公开目录), a
    # `<ul><li>` metadata list under a TRS 发布时间 line, a Hanweb-like inline info bar
    "article_meta": ("xxgk-table", "meta-list", "info-bar"),
    # the dates written on article pages (2026-03-05, 2026年3月5日, 2026/03/05)
    "article_date": ("iso", "cjk", "slash"),
    # how the homepage shows its latest news: dated list, table with 年月日 dates, an undated
    # headline above a list of bracketed dates
    "homepage_news": ("list", "table", "headline"),
    # how department budget disclosures are titled: `XX局2026年部门预算`, `2026年XX局部门预算公开`,
    # or one item for both, `XX局2026年部门预算和2025年部门决算`
    "budget_title": ("unit-year", "year-unit", "combined"),
}

# Values that only appear as the effective value of a forced combination.
FORCED_VALUES = {"list_markup": ("json-api",), "date_format": ("timestamp",), "pager": ("api",)}


def draw(seed: int) -> dict[str, str]:
    """The raw draw of every axis for `seed`."""
    return {axis: random.Random(f"portalgen:{seed}:{axis}").choice(values)
            for axis, values in AXES.items()}


def effective(raw: dict[str, str]) -> dict[str, str]:
    """What the pages really do for a raw draw (see the module docstring)."""
    out = dict(raw)
    if out["column_scheme"] == "spa":
        # Lists come from the catalogue's JSON API, with epoch dates and its own paging.
        out.update(list_markup="json-api", date_format="timestamp", pager="api")
    else:
        if out["pager"] == "dataproxy":
            out["list_markup"] = "ul"  # datastore records are <li> fragments
            if out["date_format"] == "month-day":
                out["date_format"] = "iso"  # records have no year heading to lean on
        if out["column_scheme"] == "query" and out["pager"] == "static":
            out["pager"] = "query"  # a dynamic list.jsp has no static page files
    return out


def layout(seed: int, overrides: dict | None = None) -> dict[str, str]:
    """The effective layout of `seed`, with some axes forced to a value (`overrides`, e.g. to
    study one form on otherwise seeded portals)."""
    raw = {**draw(seed), **(overrides or {})}
    unknown = {a: v for a, v in raw.items() if a not in AXES or v not in AXES[a]}
    if unknown:
        raise ValueError(f"unknown axis values: {unknown}")
    return effective(raw)
