"""Platform structure rule (`platform.structure`): each unit's 政府信息公开 platform has the
standard sub-columns of 国办公开办函〔2019〕61号 (指南 / 制度 / 法定主动公开内容 / 年报) and 依申请公开.

One finding per unit lists every standard sub-column it lacks. A sub-column whose category
`requirements.yaml` already requires of the unit's kind is left to `column.missing` (one gap,
one finding), so for the default requirements this rule reports 制度, 依申请公开 and the
法定主动公开内容 container of departments and towns, and only the container of the county.

The standard list is the pack threshold `sub_columns` (RECALLED, configurable): category ids of
ground/data/categories.yaml, or container kinds of its `containers` section (`statutory`).
A sub-column counts as present at any level of the unit's tree, whatever its list shows.
"""

from __future__ import annotations

from typing import Iterator

from ground import config

from checks.coverage import columns_hidden
from checks.facts import Facts, Row
from checks.model import Context, Finding
from checks.registry import rule

CONTAINER_LABELS = {"statutory": "法定主动公开内容", "platform": "政府信息公开"}


def _clean(name: str | None) -> str:
    return "".join((name or "").split())


def _container_names(kind: str) -> set[str]:
    return {_clean(n) for n in (config.categories().get("containers") or {}).get(kind) or ()}


def present(columns: tuple[Row, ...], entry: str, categories) -> bool:
    if entry in categories:
        return any(c.get("category") == entry for c in columns)
    names = _container_names(entry)
    return any(_clean(c.get("name")) in names for c in columns)


def label(entry: str, ctx: Context) -> str:
    if entry in ctx.categories:
        return ctx.category_label(entry)
    return CONTAINER_LABELS.get(entry, entry)


@rule("platform.structure")
def platform_structure(facts: Facts, ctx: Context) -> Iterator[Finding]:
    standard = list(ctx.value("sub_columns") or ())
    kinds = ctx.requirements.get("unit_kinds", {})
    for unit in facts.units:
        # A failed unit page or container may hide the sub-columns (audit.unverified says so).
        if columns_hidden(facts, unit):
            continue
        required = set((kinds.get(unit.get("kind")) or {}).get("required") or ())
        columns = facts.columns_of(unit["key"])
        absent = [e for e in standard
                  if e not in required and not present(columns, e, ctx.categories)]
        if not absent:
            continue
        labels = [label(e, ctx) for e in absent]
        yield Finding(
            rule="platform.structure",
            unit_key=unit["key"], unit_name=unit["name"], url=unit.get("url"),
            message=f"“{unit['name']}”的政府信息公开平台缺少标准子栏目：{'、'.join(labels)}",
            evidence={
                "unit_kind": unit.get("kind"),
                "absent": [{"id": e, "label": label(e, ctx)} for e in absent],
                "standard": [label(e, ctx) for e in standard],
                "left_to_column_missing": [label(e, ctx) for e in standard if e in required],
                "top_level_columns": [c["name"] for c in columns if c.get("level") == 1],
            },
        )
