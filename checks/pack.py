"""Loading and validating a rule pack (checks/packs/*.yaml) into `RuleMeta` objects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml

from checks.model import EVIDENCE_STATUSES, SEVERITIES, Basis, RuleMeta, Threshold

PACK_DIR = Path(__file__).parent / "packs"
DEFAULT_PACK = PACK_DIR / "national.yaml"
RULE_ID = re.compile(r"^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$")


class PackError(Exception):
    """A rule pack is missing, malformed or disagrees with the registered functions."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys silently; a rule declared twice must fail."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise PackError(f"规则包中 {key!r} 重复定义（第{key_node.start_mark.line + 1}行）")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@dataclass(frozen=True)
class Pack:
    """A loaded pack: rules with functions, runner-emitted (system) rules, verdict thresholds."""

    version: str
    rules: Mapping[str, RuleMeta]
    system: Mapping[str, RuleMeta]
    verdict_thresholds: Mapping[str, Threshold]
    verdict_basis: str

    def meta(self, rule_id: str) -> RuleMeta:
        return self.rules.get(rule_id) or self.system[rule_id]


def load_pack(source: str | Path | Mapping | Pack | None = None) -> Pack:
    """Load a pack from a path, an already parsed mapping, or the built-in national pack."""
    if isinstance(source, Pack):
        return source
    if source is None or isinstance(source, (str, Path)):
        path = Path(source) if source is not None else DEFAULT_PACK
        try:
            with path.open(encoding="utf-8") as fh:
                data = yaml.load(fh, Loader=_UniqueKeyLoader)  # noqa: S506 (safe subclass)
        except (OSError, yaml.YAMLError) as exc:
            raise PackError(f"无法读取规则包 {path}：{exc}") from exc
    else:
        data = source
    return parse_pack(data)


def parse_pack(data: Any) -> Pack:
    if not isinstance(data, Mapping) or "rules" not in data or "version" not in data:
        raise PackError("规则包缺少 version 或 rules")
    rules = {rid: _rule(rid, body) for rid, body in (data["rules"] or {}).items()}
    system = {rid: _rule(rid, body) for rid, body in (data.get("system") or {}).items()}
    verdict = data.get("verdict") or {}
    basis = verdict.get("basis") or {}
    return Pack(
        version=str(data["version"]),
        rules=MappingProxyType(rules),
        system=MappingProxyType(system),
        verdict_thresholds=_thresholds("verdict", verdict.get("thresholds")),
        verdict_basis=f"{basis.get('document', '')} {basis.get('article', '')}".strip(),
    )


def _rule(rule_id: str, body: Any) -> RuleMeta:
    if not RULE_ID.match(rule_id):
        raise PackError(f"规则编号 {rule_id!r} 不符合 family.name 格式")
    if not isinstance(body, Mapping):
        raise PackError(f"规则 {rule_id} 的定义不是映射")
    missing = [k for k in ("title", "description", "advice", "severity", "basis") if not body.get(k)]
    if missing:
        raise PackError(f"规则 {rule_id} 缺少字段：{', '.join(missing)}")
    if body["severity"] not in SEVERITIES:
        raise PackError(f"规则 {rule_id} 的严重程度 {body['severity']!r} 无效")
    b = body["basis"]
    if not b.get("document") or b.get("status") not in EVIDENCE_STATUSES:
        raise PackError(f"规则 {rule_id} 的依据缺少文件名或来源状态")
    return RuleMeta(
        id=rule_id,
        title=str(body["title"]),
        description=str(body["description"]).strip(),
        advice=str(body["advice"]).strip(),
        severity=body["severity"],
        basis=Basis(document=b["document"], article=b.get("article"), url=b.get("url"),
                    url_note=b.get("url_note"), status=b["status"]),
        thresholds=_thresholds(rule_id, body.get("thresholds")),
    )


def _thresholds(owner: str, raw: Any) -> Mapping[str, Threshold]:
    out = {}
    for name, entry in (raw or {}).items():
        if not isinstance(entry, Mapping) or "value" not in entry:
            raise PackError(f"{owner} 的阈值 {name} 缺少 value")
        if entry.get("status") not in EVIDENCE_STATUSES:
            raise PackError(f"{owner} 的阈值 {name} 缺少来源状态（CONFIRMED/CORROBORATED/RECALLED）")
        out[name] = Threshold(value=entry["value"], status=entry["status"],
                              unit=entry.get("unit"), note=entry.get("note"))
    return MappingProxyType(out)
