"""站点结构: every unit the crawl found, with its columns, their categories and how each was
recognised, and what was seen but not classified; as text for the terminal and as a YAML site
profile draft the user can correct and pass back with `--profile`.

Column categories are the resolved ones (ground/structure.py), the same the checks judge on.
"""

from __future__ import annotations

import json

import yaml

from ground.config import category_label
from ground.store import Store
from ground.structure import crawl_profile, resolve_columns

SOURCES = {"platform": "政府信息公开平台", "index-page": "单位索引页", "labelled-block": "单位导航区块",
           "profile": "站点配置", None: "按网址层级"}
RECOGNISED = {"name": "栏目名称", "keyword": "栏目名称关键词", "meta": "页面栏目名/面包屑",
              "pinyin": "网址目录名", "parent": "上级栏目", "profile": "站点配置", None: "未归类"}
KINDS = {"county": "县政府", "department": "部门", "town": "乡镇"}


def site_structure(store: Store, crawl_id: int) -> dict:
    """The structure of one stored crawl as plain data."""
    crawl = store.crawl(crawl_id)
    units = list(store.rows("units", crawl_id))
    columns = resolve_columns(store.rows("columns", crawl_id), crawl_profile(crawl))
    out_units = []
    for unit in units:
        cols = [c for c in columns if c.get("unit_key") == unit["key"]
                and c.get("role") in ("column", "container")]
        out_units.append({
            "name": unit["name"], "kind": unit["kind"], "url": unit["url"],
            "found_by": unit.get("source") or ("platform" if unit["kind"] == "county" else None),
            "listed_in": unit.get("listed_in"),
            "navigation": navigation_state(unit),
            "page_read": unit.get("page_status") == "ok",
            "columns": [{
                "name": c.get("name") or "", "url": c.get("url"), "role": c.get("role"),
                "category": c.get("category"), "recognised_by": c.get("category_source"),
                "list_status": c.get("list_status"),
                "container": (_trace(c) or {}).get("container"),
            } for c in cols],
        })
    return {"crawl": crawl_id, "site": crawl.get("site_name"), "url": crawl.get("site_url"),
            "units": out_units}


LIST_STATES = {"ok": "完整读取", "partial": "部分读取", "failed": "读取失败", "blocked": "被拦截",
               "unreadable": "由脚本生成，未能读取", None: "未读取"}


def page_context(data: dict) -> dict:
    """What the report's 站点结构 page shows: the structure with Chinese labels and counts,
    including how many units the portal's indexes listed and how many were read."""
    units = []
    for unit in data["units"]:
        units.append({**unit, "kind_label": KINDS.get(unit["kind"], unit["kind"]),
                      "found_label": SOURCES.get(unit["found_by"], unit["found_by"]),
                      "columns": [{**c, "category_label": category_label(c["category"]),
                                   "recognised_label": "栏目分组名称" if c["role"] == "container"
                                   else RECOGNISED.get(c["recognised_by"], c["recognised_by"]),
                                   "list_label": LIST_STATES.get(c["list_status"],
                                                                 c["list_status"])}
                                  for c in unit["columns"]]})
    listed = [u for u in data["units"] if u["found_by"] in ("index-page", "labelled-block")]
    counts = {"units": len(units),
              **{k: sum(1 for u in units if u["kind"] == k) for k in KINDS},
              "listed": len(listed),
              "read": sum(1 for u in data["units"] if u["page_read"]),
              "nav_read": sum(1 for u in data["units"] if u["navigation"] == "已读取")}
    return {"units": units, "counts": counts}


def navigation_state(unit) -> str:
    if unit.get("page_status") in ("failed", "blocked"):
        return "未能读取单位页面"
    if unit.get("nav_unread"):
        return f"未能完整读取（{unit['nav_unread']}）"
    if unit.get("nav_found") == 0:
        return "未能完整读取（页面上未找到栏目链接）"
    if unit.get("page_status") is None and unit.get("nav_found") is None:
        return "未读取"
    return "已读取"


def _trace(col) -> dict | None:
    try:
        return json.loads(col.get("classify_trace") or "null")
    except ValueError:
        return None


def to_text(data: dict) -> str:
    units = data["units"]
    kinds = {k: sum(1 for u in units if u["kind"] == k) for k in KINDS}
    lines = [f"站点结构：{data['site'] or data['url']}（抓取记录 #{data['crawl']}）",
             f"单位 {len(units)} 个：县政府 {kinds['county']} 个，部门 {kinds['department']} 个，"
             f"乡镇 {kinds['town']} 个；导航已读取 "
             f"{sum(1 for u in units if u['navigation'] == '已读取')} 个", ""]
    for unit in units:
        found = SOURCES.get(unit["found_by"], unit["found_by"])
        lines.append(f"[{KINDS.get(unit['kind'], unit['kind'])}] {unit['name']}  {unit['url']}")
        lines.append(f"    发现方式：{found}"
                     + (f"（{unit['listed_in']}）" if unit.get("listed_in") else "")
                     + f"；导航：{unit['navigation']}")
        unclassified = []
        for col in unit["columns"]:
            if col["role"] == "container":
                lines.append(f"    + {col['name'] or '（无名称）'}（栏目分组）  {col['url']}")
            elif col["category"]:
                lines.append(f"    - {col['name'] or '（无名称）'} → {category_label(col['category'])}"
                             f"（依据：{RECOGNISED.get(col['recognised_by'], col['recognised_by'])}）"
                             f"  {col['url']}")
            else:
                unclassified.append(col)
        for col in unclassified:
            lines.append(f"    ? {col['name'] or '（无名称）'}（未归类）  {col['url']}")
        lines.append("")
    return "\n".join(lines)


def to_profile_yaml(data: dict) -> str:
    """A site profile draft: the units as found, the unclassified columns with a blank category
    to fill in, and empty slots for unit indexes and synonyms."""
    profile = {
        "unit_indexes": [],
        "units": [{"name": u["name"], "url": u["url"], "kind": u["kind"]}
                  for u in data["units"] if u["kind"] in ("department", "town")],
        "column_categories": {c["url"]: None for u in data["units"] for c in u["columns"]
                              if c["role"] == "column" and not c["category"]},
        "synonyms": {},
    }
    head = ("# 站点配置初稿（govaudit structure 生成）：修改后用 --profile 传回。\n"
            "# unit_indexes: 未被发现的单位索引页网址；units: 单位（kind 为 department 或 town）；\n"
            "# column_categories: 栏目网址 → 类别编号（留空表示不更正）；synonyms: 类别编号 → 本站栏目名称列表。\n"
            f"# 站点：{data['site'] or ''} {data['url']}（抓取记录 #{data['crawl']}）\n")
    return head + yaml.safe_dump(profile, allow_unicode=True, sort_keys=False)
