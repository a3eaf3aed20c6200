"""The ground truth of one generated portal (`govaudit/portalgen-manifest@1`).

Addresses are written `@@HOST:<label>@@/path?query`; `resolve(manifest, bases)` turns them into
real URLs once the hosts are served (labels `main` = 127.0.0.1, `other` = 127.0.0.2). Defects
have the record shape of the built-in replica's manifest (`id`, `rule`, `defect`, `unit`, `category`,
`url_path`, `detail`) plus `column_url`, the column's full address; govaudit/groundtruth.py
matches findings against them.
"""

from __future__ import annotations

import json

from .model import Portal, full, marker

SCHEMA = "govaudit/portalgen-manifest@1"
HOST_ADDRESSES = {"main": "127.0.0.1", "other": "127.0.0.2"}


def manifest_of(p: Portal) -> dict:
    columns = []
    for unit in p.units:
        for col in unit.all_columns():
            columns.append({
                "unit": unit.name, "name": col.name, "category": col.category, "role": col.role,
                "parent": col.parent.name if col.parent else None,
                "url": full(unit.host, col.path),
                "pages": [full(unit.host, u) for u in col.page_paths],
                "placeholder": col.placeholder,
                "items": [{"title": i.title, "url": full(unit.host, i.path),
                           "date": i.date.isoformat(), "served": i.served,
                           **({"attachment": full(unit.host, i.attachment),
                               "attachment_served": i.attachment_served}
                              if i.attachment else {})}
                          for i in col.items],
            })
    return {
        "schema": SCHEMA,
        "seed": p.seed,
        "as_of": p.as_of.isoformat(),
        "site": p.site_name,
        "layout": dict(p.layout),
        "hosts": {h: {"address": HOST_ADDRESSES[h], "base": marker(h)} for h in p.hosts},
        "home": full("main", "/"),
        "platform": full(p.units[0].host, p.platform),
        "indexes": {kind: {"name": name, "host": host,
                           "url": full(host, d + "index.html") if page else None}
                    for kind, (host, d, name, page) in p.indexes.items()},
        "units": [{"name": u.name, "kind": u.kind, "host": u.host,
                   "url": full(u.host, u.landing), "listed": u.listed} for u in p.units],
        "columns": columns,
        "defects": [dict(d) for d in p.defects],
    }


def resolve(manifest: dict, bases: dict[str, str]) -> dict:
    """The manifest with every `@@HOST:<label>@@` replaced by the base URL served for it
    (`bases`: label → `http://127.0.0.x:PORT`, no trailing slash)."""
    text = json.dumps(manifest, ensure_ascii=False)
    for label, base in bases.items():
        text = text.replace(marker(label), base.rstrip("/"))
    return json.loads(text)
