"""Evidence of a finding as the report shows it: every key through the label its rule declares.

The labels live in the rule pack next to each rule (`evidence_labels` in
checks/packs/national.yaml), read through `checks.pack.load_pack()`; this module only applies
them. A label is a string, or a mapping with `label` and optionally `values` (coded value →
wording), `fields` (the sub-keys of a list of records shown as table columns, in order; others
are internal and left out) and `format` (`duration` for {value, unit}, `category` for a
category id shown by its name in ground/data/categories.yaml).

Nothing is ever shown as JSON: a list of records becomes a table, a mapping one "名称：值" line
per entry, a nested list a line of text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping

from checks.pack import PackError, load_pack
from ground import config


@dataclass
class EvidenceRow:
    label: str
    values: list[Any] = field(default_factory=list)  # scalars; URLs become links (safe_href)
    headers: list[str] = field(default_factory=list)  # a table: column headers ...
    rows: list[list[Any]] = field(default_factory=list)  # ... and its rows of scalars

    @property
    def is_table(self) -> bool:
        return bool(self.headers)


@lru_cache(maxsize=1)
def _pack_labels() -> dict[str, Mapping[str, Any]]:
    try:
        pack = load_pack()
    except PackError:  # a broken installed pack is reported by `check`; the report still renders
        return {}
    out = {rid: meta.evidence_labels for rid, meta in {**pack.system, **pack.rules}.items()}
    # A site pack may add a rule id that reuses another rule's function (and evidence).
    for rid, meta in pack.rules.items():
        if meta.function and not meta.evidence_labels:
            out[rid] = pack.rules.get(meta.function, meta).evidence_labels
    return out


def rule_labels(rule: str) -> Mapping[str, Any]:
    return _pack_labels().get(rule, {})


def _spec(labels: Mapping[str, Any], key: str) -> dict:
    spec = labels.get(key)
    if isinstance(spec, str):
        return {"label": spec}
    return dict(spec) if isinstance(spec, Mapping) else {"label": key}


def scalar(value: Any, values: Mapping | None = None) -> Any:
    """One value for display: coded words translated, booleans in Chinese, never JSON."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    if isinstance(value, str) and values and value in values:
        return values[value]
    if isinstance(value, Mapping):
        return "；".join(f"{values.get(k, k) if values else k}：{scalar(v, values)}"
                        for k, v in value.items() if v not in (None, "", []))
    if isinstance(value, (list, tuple)):
        return "、".join(str(scalar(v, values)) for v in value)
    return value


def _duration(value: Any) -> Any:
    if isinstance(value, Mapping):
        unit = {"days": "天", "months": "个月", "years": "年"}.get(value.get("unit"), "")
        return f"{value.get('value')}{unit}"
    return value


def evidence_rows(rule: str, evidence: Mapping[str, Any]) -> list[EvidenceRow]:
    """The evidence of one finding of `rule`, in stored key order, empty values left out."""
    labels = rule_labels(rule)
    rows = []
    for key, value in evidence.items():
        if value is None or value == [] or value == "" or value == {}:
            continue
        spec = _spec(labels, key)
        values = spec.get("values")
        if spec.get("format") == "duration":
            rows.append(EvidenceRow(spec["label"], [_duration(value)]))
        elif spec.get("format") == "category" and isinstance(value, str):
            rows.append(EvidenceRow(spec["label"], [config.category_label(value) or value]))
        elif isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
            rows.append(_records(spec, [v for v in value if isinstance(v, Mapping)]))
        elif isinstance(value, Mapping):  # one "名称：值" line per entry
            rows.append(EvidenceRow(spec["label"], [
                f"{scalar(k, values)}：{scalar(v, values)}" for k, v in value.items()
                if v not in (None, "", [])]))
        else:
            items = value if isinstance(value, list) else [value]
            rows.append(EvidenceRow(spec["label"], [scalar(v, values) for v in items]))
    return rows


def _records(spec: dict, records: list[Mapping]) -> EvidenceRow:
    fields: Mapping[str, str] = spec.get("fields") or {}
    keys = [k for k in fields if any(r.get(k) not in (None, "", []) for r in records)]
    if not keys:  # no fields declared: show every key that has a value, under its own name
        keys = list(dict.fromkeys(k for r in records for k in r))
    values = spec.get("values")
    if len(keys) == 1:  # one column: a plain list reads better than a one-column table
        return EvidenceRow(spec["label"], [scalar(r.get(keys[0]), values) for r in records])
    return EvidenceRow(spec["label"], headers=[fields.get(k, k) for k in keys],
                       rows=[[scalar(r.get(k), values) if r.get(k) is not None else ""
                              for k in keys] for r in records])
