"""Loading and validating a rule pack (checks/packs/*.yaml) into `RuleMeta` objects, and merging
a site or province pack over the national one (`load_site_pack`).

Everything a rule means is declared in its pack entry and validated here: a missing field or an
unknown key is a clear error at load, never a rule silently judged on defaults."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml

from ground.config import yaml_error

from checks.model import (EVIDENCE_STATUSES, SEVERITIES, Basis, Indicator, Membership, RuleMeta,
                          Threshold)

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
    # The verdict's counts in declared order (checks/verdict.py), and what the verdict covers.
    indicators: Mapping[str, Indicator] = field(default_factory=dict)
    verdict_scope: str = ""

    def meta(self, rule_id: str) -> RuleMeta:
        return self.rules.get(rule_id) or self.system[rule_id]


def load_pack(source: str | Path | Mapping | Pack | None = None) -> Pack:
    """Load a pack from a path, an already parsed mapping, or the built-in national pack."""
    if isinstance(source, Pack):
        return source
    if source is None or isinstance(source, (str, Path)):
        data = read_yaml(Path(source) if source is not None else DEFAULT_PACK)
    else:
        data = source
    return parse_pack(data)


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_UniqueKeyLoader)  # noqa: S506 (safe subclass)
    except yaml.YAMLError as exc:
        raise PackError(f"无法读取规则包（格式错误）{yaml_error(path, exc)}") from exc
    except OSError as exc:
        raise PackError(f"无法读取规则包 {path}：{exc.strerror or exc}") from exc
    except ValueError as exc:  # YAML's own date parsing of e.g. 2019-13-01
        raise PackError(f"规则包 {path} 中有无效的值（日期应为 YYYY-MM-DD）：{exc}") from exc


# What a site pack may say about a rule of the base pack. Anything else is a typo we must not
# silently ignore (a misspelt `thresold` would leave the national value in force).
OVERRIDABLE = ("title", "description", "advice", "severity", "basis", "thresholds",
               "applies_from", "applies_until", "enabled")


def load_site_pack(path: str | Path, base: str | Path | Mapping | None = None) -> Pack:
    """The national pack (or `base`) with a site/province pack file merged over it.

    Per rule id: listed fields replace the base's (thresholds and basis merge key by key);
    `enabled: false` switches the rule off; a new id must name an existing rule in `function:`
    and inherits that rule's declaration. `verdict` thresholds merge the same way.
    """
    path = Path(path)
    site = read_yaml(path)
    base_data = read_yaml(Path(base)) if isinstance(base, (str, Path)) else (base or read_yaml(DEFAULT_PACK))
    try:
        merged = merge_pack_data(base_data, site)
    except PackError as exc:
        raise PackError(f"规则包 {path} 有误：{exc}") from exc
    pack = parse_pack(merged)
    from checks import registry  # late: registry imports this module

    functions = registry.registered()
    unknown = sorted({m.function_id for m in pack.rules.values()} - set(functions))
    if unknown:
        raise PackError(f"规则包 {path} 引用了不存在的检查函数：{', '.join(unknown)}")
    try:
        registry.validate_thresholds(pack)
    except PackError as exc:
        raise PackError(f"规则包 {path} 有误：{exc}") from exc
    return pack


def merge_pack_data(base: Any, site: Any) -> dict:
    """Merge a parsed site pack over a parsed base pack, without mutating either (YAML anchors
    make two rules share one thresholds mapping, so in-place edits would leak across rules)."""
    if not isinstance(site, Mapping):
        raise PackError("文件内容应为映射（YAML 字典），至少包含 rules")
    extra = sorted(set(site) - {"version", "rules", "verdict"})
    if extra:
        raise PackError(f"不认识的顶层字段：{', '.join(map(str, extra))}")
    site_rules = site.get("rules") or {}
    if not isinstance(site_rules, Mapping):
        raise PackError("rules 应为以规则编号为键的映射")
    base_rules = dict(base["rules"] or {})
    out_rules = dict(base_rules)
    for rid, body in site_rules.items():
        if not isinstance(body, Mapping):
            raise PackError(f"规则 {rid} 的定义不是映射")
        if rid in base_rules:
            bad = sorted(set(body) - set(OVERRIDABLE))
            if bad:
                raise PackError(f"规则 {rid} 中不能覆盖的字段：{', '.join(map(str, bad))}"
                                f"（可覆盖：{'、'.join(OVERRIDABLE)}）")
            out_rules[rid] = _merge_rule(base_rules[rid], body)
        else:
            target = body.get("function")
            if not target or target not in base_rules:
                raise PackError(f"新规则 {rid} 必须用 function 指定一条已有规则的检查函数"
                                f"（例如 function: disclosure.late）")
            bad = sorted(set(body) - set(OVERRIDABLE) - {"function"})
            if bad:
                raise PackError(f"规则 {rid} 中不认识的字段：{', '.join(map(str, bad))}")
            inherited = _merge_rule(base_rules[target], body)
            inherited["function"] = base_rules[target].get("function") or target
            # A site's own rule counts toward no verdict indicator (it would count the same gap
            # twice) and is planted by no replica defect.
            inherited["indicator"] = None
            inherited["replica_defect"] = None
            out_rules[rid] = inherited
    verdict = dict(base.get("verdict") or {})
    if site.get("verdict"):
        verdict["thresholds"] = _merge_thresholds(verdict.get("thresholds"),
                                                  site["verdict"].get("thresholds"), "verdict")
    version = str(base["version"])
    if site.get("version"):
        version = f"{version}+{site['version']}"
    return {**base, "version": version, "rules": out_rules, "verdict": verdict}


def _merge_rule(base: Mapping, override: Mapping) -> dict:
    out = {**base, **{k: v for k, v in override.items() if k not in ("thresholds", "basis")}}
    if "basis" in override:
        if not isinstance(override["basis"], Mapping):
            raise PackError("basis 应为映射")
        out["basis"] = {**(base.get("basis") or {}), **override["basis"]}
    if "thresholds" in override:
        out["thresholds"] = _merge_thresholds(base.get("thresholds"), override["thresholds"],
                                              "thresholds")
    return out


def _merge_thresholds(base: Any, override: Any, owner: str) -> dict:
    if override is None:
        return dict(base or {})
    if not isinstance(override, Mapping):
        raise PackError(f"{owner} 应为映射")
    out = dict(base or {})
    for name, entry in override.items():
        if not isinstance(entry, Mapping):
            # `window: 7` is shorthand for changing only the value.
            entry = {"value": entry}
        out[name] = {**(out.get(name) or {}), **entry}
    return out


TOP_LEVEL = ("version", "rules", "system", "verdict")
# Every field a rule entry may have; `indicator` and `replica_defect` must be given (null when
# the rule counts toward no verdict indicator, or the replica plants none).
RULE_FIELDS = ("title", "description", "advice", "severity", "basis", "thresholds",
               "applies_from", "applies_until", "enabled", "function", "evidence_labels",
               "indicator", "replica_defect")
REQUIRED_FIELDS = ("title", "description", "advice", "severity", "basis")
STATED_FIELDS = ("indicator", "replica_defect")


def parse_pack(data: Any) -> Pack:
    if not isinstance(data, Mapping) or "rules" not in data or "version" not in data:
        raise PackError("规则包缺少 version 或 rules")
    extra = sorted(map(str, set(data) - set(TOP_LEVEL)))
    if extra:
        raise PackError(f"规则包中不认识的顶层字段：{', '.join(extra)}（可用：{'、'.join(TOP_LEVEL)}）")
    rules = {rid: _rule(rid, body) for rid, body in (data["rules"] or {}).items()}
    system = {rid: _rule(rid, body) for rid, body in (data.get("system") or {}).items()}
    verdict = data.get("verdict") or {}
    if not isinstance(verdict, Mapping):
        raise PackError("verdict 应为映射")
    bad = sorted(map(str, set(verdict) - {"basis", "scope", "thresholds", "indicators"}))
    if bad:
        raise PackError(f"verdict 中不认识的字段：{', '.join(bad)}")
    basis = verdict.get("basis") or {}
    thresholds = _thresholds("verdict", verdict.get("thresholds"))
    all_rules = {**rules, **system}
    indicators = verdict_indicators(verdict.get("indicators"), thresholds, all_rules)
    for rid, meta in all_rules.items():
        unknown = sorted(set(meta.indicators) - set(indicators))
        if unknown:
            raise PackError(f"规则 {rid} 的 indicator 引用了 verdict.indicators 中没有的指标："
                            f"{', '.join(unknown)}")
    return Pack(
        version=str(data["version"]),
        rules=MappingProxyType(rules),
        system=MappingProxyType(system),
        verdict_thresholds=thresholds,
        verdict_basis=f"{basis.get('document', '')} {basis.get('article', '')}".strip(),
        indicators=indicators,
        verdict_scope=str(verdict.get("scope") or ""),
    )


def _rule(rule_id: str, body: Any) -> RuleMeta:
    if not RULE_ID.match(rule_id):
        raise PackError(f"规则编号 {rule_id!r} 不符合 family.name 格式")
    if not isinstance(body, Mapping):
        raise PackError(f"规则 {rule_id} 的定义不是映射")
    unknown = sorted(map(str, set(body) - set(RULE_FIELDS)))
    if unknown:
        raise PackError(f"规则 {rule_id} 中不认识的字段：{', '.join(unknown)}"
                        f"（可用：{'、'.join(RULE_FIELDS)}）")
    missing = [k for k in REQUIRED_FIELDS if not body.get(k)]
    missing += [k for k in STATED_FIELDS if k not in body]
    if missing:
        raise PackError(f"规则 {rule_id} 缺少字段：{', '.join(missing)}"
                        "（indicator、replica_defect 不适用时写 null）")
    if body["severity"] not in SEVERITIES:
        raise PackError(f"规则 {rule_id} 的严重程度 {body['severity']!r} 无效")
    start = _date(rule_id, "applies_from", body.get("applies_from"))
    end = _date(rule_id, "applies_until", body.get("applies_until"))
    if start and end and start > end:
        raise PackError(f"规则 {rule_id} 的 applies_from 晚于 applies_until")
    b = body["basis"]
    if not isinstance(b, Mapping) or not b.get("document") or b.get("status") not in EVIDENCE_STATUSES:
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
        applies_from=start,
        applies_until=end,
        enabled=_enabled(rule_id, body.get("enabled", True)),
        function=str(body["function"]) if body.get("function") else None,
        evidence_labels=_evidence_labels(rule_id, body.get("evidence_labels")),
        indicators=_memberships(rule_id, body["indicator"]),
        replica_defects=_names(rule_id, "replica_defect", body["replica_defect"]),
    )


def _evidence_labels(rule_id: str, raw: Any) -> Mapping[str, Any]:
    """Display labels of a rule's evidence keys: a string, or {label, values, fields, format}."""
    if raw is None:
        return MappingProxyType({})
    if not isinstance(raw, Mapping):
        raise PackError(f"规则 {rule_id} 的 evidence_labels 应为映射")
    for key, spec in raw.items():
        if not isinstance(spec, str) and not (isinstance(spec, Mapping) and spec.get("label")):
            raise PackError(f"规则 {rule_id} 的 evidence_labels.{key} 应为文字或带 label 的映射")
    return MappingProxyType(dict(raw))


def _names(rule_id: str, field: str, raw: Any) -> tuple[str, ...]:
    """null, one name, or a list of names."""
    if raw is None:
        return ()
    names = raw if isinstance(raw, list) else [raw]
    if not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise PackError(f"规则 {rule_id} 的 {field} 应为名称、名称列表或 null，而不是 {raw!r}")
    if len(set(names)) != len(names):
        raise PackError(f"规则 {rule_id} 的 {field} 中有重复的名称")
    return tuple(names)


def _memberships(rule_id: str, raw: Any) -> Mapping[str, Membership]:
    """`indicator`: null, a name, a list of names, or {name: {when: [...], unless: [...]}}."""
    if raw is None or isinstance(raw, (str, list)):
        return MappingProxyType({n: Membership() for n in _names(rule_id, "indicator", raw)})
    if not isinstance(raw, Mapping) or not raw:
        raise PackError(f"规则 {rule_id} 的 indicator 应为指标名、列表、映射或 null")
    out = {}
    for name, spec in raw.items():
        spec = spec or {}
        where = f"规则 {rule_id} 的 indicator.{name}"
        if not isinstance(spec, Mapping) or set(spec) - {"when", "unless"}:
            raise PackError(f"{where} 只能有 when、unless（证据条件列表）")
        out[str(name)] = Membership(when=_conditions(where, spec.get("when")),
                                    unless=_conditions(where, spec.get("unless")))
    return MappingProxyType(out)


def _conditions(where: str, raw: Any) -> tuple[Mapping[str, Any], ...]:
    """A list of evidence conditions; each is {evidence key: value}, all keys must match."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw or not all(
            isinstance(c, Mapping) and c and all(not isinstance(v, (Mapping, list)) for v in c.values())
            for c in raw):
        raise PackError(f"{where} 的条件应为非空列表，每项为“证据键: 值”的映射")
    return tuple(MappingProxyType(dict(c)) for c in raw)


INDICATOR_FIELDS = ("code", "counts", "veto_at", "text")
COUNTS = ("findings", "columns")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def verdict_indicators(raw: Any, thresholds: Mapping[str, Threshold],
                       rules: Mapping[str, RuleMeta]) -> Mapping[str, Indicator]:
    """The pack's `verdict.indicators`, in declared order, each checked against the verdict
    thresholds it names and the rule thresholds its text quotes."""
    if raw is None:
        return MappingProxyType({})
    if not isinstance(raw, Mapping):
        raise PackError("verdict.indicators 应为以指标名为键的映射")
    out = {}
    for name, spec in raw.items():
        where = f"verdict.indicators.{name}"
        if not isinstance(spec, Mapping):
            raise PackError(f"{where} 应为映射")
        bad = sorted(map(str, set(spec) - set(INDICATOR_FIELDS)))
        if bad:
            raise PackError(f"{where} 中不认识的字段：{', '.join(bad)}（可用：{'、'.join(INDICATOR_FIELDS)}）")
        if spec.get("counts") not in COUNTS:
            raise PackError(f"{where}.counts 应为 findings 或 columns")
        veto_at = spec.get("veto_at")
        if veto_at is not None:
            if isinstance(veto_at, str):
                if veto_at not in thresholds:
                    raise PackError(f"{where}.veto_at 引用了 verdict.thresholds 中没有的阈值 {veto_at!r}")
            elif isinstance(veto_at, bool) or not isinstance(veto_at, int) or veto_at < 1:
                raise PackError(f"{where}.veto_at 应为正整数或 verdict.thresholds 中的阈值名")
            if not spec.get("code") or not spec.get("text"):
                raise PackError(f"{where} 有 veto_at 时须写明 code 和 text")
        text = spec.get("text")
        if text is not None:
            _check_text(where, str(text), isinstance(veto_at, str), rules)
        out[str(name)] = Indicator(name=str(name), counts=spec["counts"],
                                   code=str(spec["code"]) if spec.get("code") else None,
                                   veto_at=veto_at, text=str(text) if text is not None else None)
    return MappingProxyType(out)


def _check_text(where: str, text: str, counted: bool, rules: Mapping[str, RuleMeta]) -> None:
    for name in PLACEHOLDER.findall(text):
        if name in ("count", "threshold"):
            if not counted:
                raise PackError(f"{where}.text 中的 {{{name}}} 只能用于 veto_at 为阈值名的指标")
            continue
        rule_id, _, threshold = name.rpartition(".")
        meta = rules.get(rule_id)
        if meta is None or threshold not in meta.thresholds:
            raise PackError(f"{where}.text 中的 {{{name}}} 不是 {{count}}、{{threshold}} "
                            "或“规则编号.阈值名”")


def _date(rule_id: str, field: str, value: Any) -> dt.date | None:
    """An ISO date; YAML already turns an unquoted 2019-05-15 into a date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise PackError(f"规则 {rule_id} 的 {field} 不是有效日期：{value!r}（应为 YYYY-MM-DD）") from None


def _enabled(rule_id: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise PackError(f"规则 {rule_id} 的 enabled 应为 true 或 false，而不是 {value!r}")
    return value


def _thresholds(owner: str, raw: Any) -> Mapping[str, Threshold]:
    out = {}
    for name, entry in (raw or {}).items():
        if not isinstance(entry, Mapping) or "value" not in entry:
            raise PackError(f"{owner} 的阈值 {name} 缺少 value")
        if entry.get("status") not in EVIDENCE_STATUSES:
            raise PackError(f"{owner} 的阈值 {name} 缺少来源状态（CONFIRMED/CORROBORATED/RECALLED）")
        _check_value(owner, name, entry["value"], entry.get("unit"))
        out[name] = Threshold(value=entry["value"], status=entry["status"],
                              unit=entry.get("unit"), note=entry.get("note"))
    return MappingProxyType(out)


# Threshold units and what their values must be: a negative, zero or non-numeric window would
# silently judge every column (3× "超过-5天未更新"), so the pack is refused at load instead.
COUNT_UNITS = ("days", "months", "workdays")
LIST_UNITS = ("categories", "sub-columns", "unit-kinds")
KNOWN_UNITS = (*COUNT_UNITS, "http-status", "report-year", "date", *LIST_UNITS)


def _check_value(owner: str, name: str, value: Any, unit: Any) -> None:
    where = f"{owner} 的阈值 {name}"
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if unit is None:
        if number and value < 0:
            raise PackError(f"{where} 不能为负数：{value!r}")
        return
    if unit not in KNOWN_UNITS:
        raise PackError(f"{where} 的单位 {unit!r} 无效；可用单位：{'、'.join(KNOWN_UNITS)}")
    if unit in COUNT_UNITS:
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise PackError(f"{where} 应为正整数（单位 {unit}），而不是 {value!r}")
    elif unit == "http-status":
        if not isinstance(value, int) or isinstance(value, bool) or not 100 <= value <= 599:
            raise PackError(f"{where} 应为 100–599 之间的 HTTP 状态码，而不是 {value!r}")
    elif unit == "report-year":
        if not isinstance(value, int) or isinstance(value, bool) or not 1990 <= value <= 2100:
            raise PackError(f"{where} 应为年份（如 2019），而不是 {value!r}")
    elif unit == "date":
        try:
            if not isinstance(value, dt.date):
                dt.date.fromisoformat(str(value))
        except ValueError:
            raise PackError(f"{where} 应为日期 YYYY-MM-DD，而不是 {value!r}") from None
    elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PackError(f"{where} 应为文字列表，而不是 {value!r}")
