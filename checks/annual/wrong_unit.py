"""Another unit's name left in an annual report (`annual-report.residue`): the report published on
unit A's column names unit B of the same portal as its own subject, as when it was copied from a
sister department and not corrected.

Only the report's own subject counts: the heading the document itself starts with and the signing
body of its 落款. A department's report naming the county government (上级) or quoting other units
in its body is normal and never flagged, and neither is
- a county government's column (it may host its departments' reports);
- a report whose portal title names B (B's report, listed on A's column on purpose);
- a subject naming A as well, or naming a unit only by a short name (not matched: unknowable).
"""

from __future__ import annotations

from typing import Iterable

RESIDUE = "annual-report.residue"
# Unit kinds that stand above the others (a report naming them is not another department's).
SUPERIOR_KINDS = {"county"}


def _named(text: str, units: Iterable[dict]) -> dict | None:
    """The unit with the longest full name contained in `text` (a 局 over the 县 it belongs to)."""
    found = [u for u in units if u.get("name") and u["name"] in text]
    return max(found, key=lambda u: len(u["name"])) if found else None


def wrong_unit(summary: dict, own: dict, units: Iterable[dict]) -> list[dict]:
    """Problems (as in checks/annual/problems.py) for each of the report's own subjects that
    names another unit of the portal; [] when nothing can be said for sure."""
    name = own.get("name") or ""
    if not name or own.get("kind") in SUPERIOR_KINDS:
        return []
    units = list(units)
    list_title = summary.get("list_title") or ""
    out = []
    for field, where in (("heading_unit", "标题"), ("signed_by", "落款")):
        subject = (summary.get(field) or "").strip()
        if not subject or name in subject:
            continue
        other = _named(subject, units)
        if other is None or other.get("key") == own.get("key") or other.get("kind") in SUPERIOR_KINDS:
            continue
        if other["name"] in list_title:
            continue  # B's own report, listed here under B's name
        out.append({"check": RESIDUE, "text": subject, "unit": other["name"], "where": field,
                    "message": f"报告{where}写的是“{subject}”，而该报告发布在“{name}”的栏目中，单位名称有误"})
    return out
