"""The replica's ground truth: `manifest.json` of a planned site (docs/architecture.md).

Every unit, column and item with the facts a correct crawl must read, every planted defect
(defects.Recorder) and what each annual report's document holds.
"""
from . import names
from .model import Item


def _item(i: Item) -> dict:
    return {"title": i.title, "path": i.path,
            "list_date": i.list_date.isoformat() if i.list_date else None,
            "pub_date": i.pub.strftime("%Y-%m-%d %H:%M"),
            "written_date": i.written.isoformat() if i.written else None,
            "index_no": i.index_no or None, "publisher": i.publisher or None,
            "doc_no": i.doc_no or None, "status": i.status,
            "attachments": [{"path": a.path, "kind": a.kind, "status": 200 if a.served else 404}
                            for a in i.attachments],
            **({"message": {"asked": i.message.asked.strftime("%Y-%m-%d %H:%M"),
                            "status": i.message.status,
                            "replied": i.message.replied.isoformat() if i.message.replied else None}}
               if i.message else {})}


def manifest(p) -> dict:
    """The manifest of the planned site `p` (a planner.Planner after every step ran)."""
    cols = []
    for c in p.columns:
        newest = c.newest_date
        cols.append({"unit": c.unit.name, "name": c.name, "path": c.path, "role": c.role,
                     "category": c.category, "level": c.level,
                     "parent": c.parent.path if c.parent else None,
                     "placeholder": c.placeholder, "pages": c.pages,
                     "template": c.template, "date_format": c.date_fmt,
                     "newest_date": newest.isoformat() if newest else None,
                     "items": [_item(i) for i in c.items]})
    size = p.size if isinstance(p.size, str) else str(p.size)
    return {
        "schema": "govaudit/replica-manifest@1",
        "seed": p.seed, "size": size, "as_of": p.as_of.isoformat(),
        "switches": {"stale_homepage": p.stale_homepage, "fixed": p.fixed,
                     "unanswered_letter": p.unanswered_letter,
                     "no_channel": p.no_channel},
        "site": {"name": names.SITE_NAME, "home": "/"},
        "units": [{"key": u.key, "name": u.name, "kind": u.kind, "path": u.path} for u in p.units],
        "columns": cols,
        "defects": p.defects.records,
        "annual_reports": p.report_manifest,
    }
