"""The portal's structure as the checks and reports see it: column categories resolved again from what the
crawl stored, with today's data files and the site profile.

The crawler stores, with each column, the signals it classified it on (`classify_trace`: its
name, `ColumnName` meta, last breadcrumb element, URL directory). Resolving them again here means
a synonym added to `categories.yaml`, or a correction in the site profile, takes effect on
`govaudit check` without a recrawl, and every audit says on what it judged: a category that
changed carries source `profile` or the source of the new match, and the crawl's own decision
stays in the crawl's rows (history is never rewritten).
"""

from __future__ import annotations

import json
from types import MappingProxyType
from typing import Iterable, Mapping

from ground.classify import classify_with

Row = Mapping[str, object]


def crawl_profile(crawl: Row) -> dict | None:
    """The site profile the crawl was run with (stored in its settings), or None."""
    try:
        settings = json.loads(crawl.get("settings") or "{}")
    except (TypeError, ValueError):
        return None
    profile = settings.get("profile") if isinstance(settings, dict) else None
    return profile if isinstance(profile, dict) else None


def resolve_columns(columns: Iterable[Row], profile: dict | None) -> tuple[Row, ...]:
    """Columns with their categories resolved again; rows whose category is unchanged are the
    same objects."""
    columns = tuple(columns)
    own: dict[str, tuple[str | None, str | None]] = {}
    for col in columns:
        trace = _trace(col)
        if trace is None or trace.get("container") or col.get("role") == "homepage":
            continue
        result = classify_with(profile, trace.get("name"), meta_name=trace.get("meta_name"),
                               breadcrumb_last=trace.get("breadcrumb_last"), url=col.get("url"))
        if result.container:
            continue
        own[col["key"]] = (result.category, result.source)
    by_key = {c["key"]: c for c in columns}
    out = []
    for col in columns:
        if col["key"] not in own:
            out.append(col)
            continue
        category, source = own[col["key"]]
        if category is None:
            parent = by_key.get(col.get("parent_key") or "")
            inherited = own.get(parent["key"], (parent.get("category"), None))[0] \
                if parent is not None else None
            if inherited:  # year or unit-type sub-columns inherit 年报 etc. from the parent
                category, source = inherited, "parent"
        if category == col.get("category"):
            out.append(col)
            continue
        row = dict(col)
        row["category"], row["category_source"] = category, source
        out.append(MappingProxyType(row))
    return tuple(out)


def _trace(col: Row) -> dict | None:
    raw = col.get("classify_trace")
    if not raw:
        return None
    try:
        trace = json.loads(raw)
    except (TypeError, ValueError):
        return None
    return trace if isinstance(trace, dict) else None
