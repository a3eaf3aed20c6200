"""Waivers: accepted exceptions, read from a YAML file and applied at check time.

A waived finding stays in the audit with status `waived` and the waiver's reason and approver in
its evidence; it never counts toward the verdict or fails a build. A waiver whose `expires` date
is before the audit date stops applying and is listed as expired, so nobody's exception lives
forever unnoticed. Format: docs/waivers.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

import yaml

from ground.config import yaml_error

WAIVED = "waived"
FIELDS = ("rule", "unit", "column", "url", "reason", "approved_by", "expires")
REQUIRED = ("rule", "unit", "reason", "approved_by", "expires")


class WaiverError(Exception):
    """The waiver file cannot be used; the message is Chinese and names the entry."""


@dataclass(frozen=True)
class Waiver:
    rule: str
    unit: str
    reason: str
    approved_by: str
    expires: dt.date
    column: str | None = None  # column name, exact
    url: str | None = None  # glob on the finding's URL or column URL (full URL or path)
    line: int | None = field(default=None, compare=False)  # where the entry starts in its file

    @property
    def where(self) -> str:
        return f"第 {self.line} 行" if self.line else ""

    def matches(self, finding: dict) -> bool:
        if finding.get("rule") != self.rule or finding.get("unit_name") != self.unit:
            return False
        if self.column and finding.get("column_name") != self.column:
            return False
        if self.url:
            candidates = [u for u in (finding.get("url"), finding.get("column_url")) if u]
            candidates += [urlsplit(u).path for u in candidates]
            if not any(fnmatchcase(c, self.url) for c in candidates):
                return False
        return True

    def describe(self) -> dict:
        out = {"rule": self.rule, "unit": self.unit, "column": self.column, "url": self.url,
               "reason": self.reason, "approved_by": self.approved_by,
               "expires": self.expires.isoformat()}
        return {k: v for k, v in out.items() if v is not None}


def load_waivers(path: str | Path) -> list[Waiver]:
    """Parse and validate a waiver file; raise WaiverError with a Chinese message."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise WaiverError(f"无法读取豁免文件 {path}：{exc.strerror or exc}")
    except yaml.YAMLError as exc:
        raise WaiverError(f"豁免文件不是有效的 YAML：{yaml_error(path, exc)}")
    except (UnicodeDecodeError, ValueError) as exc:  # ValueError: 2027-13-01
        raise WaiverError(f"豁免文件 {path} 不是有效的 YAML：{' '.join(str(exc).split())}")
    if isinstance(data, dict) and "waivers" in data:
        data = data["waivers"]
    if data is None:
        return []
    if not isinstance(data, list):
        raise WaiverError(f"豁免文件 {path} 格式不正确：应为 waivers: 列表（见 docs/waivers.md）")
    lines = _entry_lines(path)
    return [_entry(path, n, raw, lines[n - 1] if n <= len(lines) else None)
            for n, raw in enumerate(data, start=1)]


def _entry_lines(path: Path) -> list[int]:
    """The line each entry of the waiver list starts on (PyYAML's node marks)."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return []
    if isinstance(node, yaml.MappingNode):
        node = next((v for k, v in node.value if getattr(k, "value", None) == "waivers"), None)
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def _entry(path: Path, n: int, raw: Any, line: int | None = None) -> Waiver:
    where = f"豁免文件 {path} 第 {n} 条" + (f"（第 {line} 行）" if line else "")
    if not isinstance(raw, dict):
        raise WaiverError(f"{where} 格式不正确：应为包含 rule、unit、reason、approved_by、expires 的条目")
    unknown = sorted(set(map(str, raw)) - set(FIELDS))
    if unknown:
        raise WaiverError(f"{where} 含有未知字段：{'、'.join(unknown)}")
    missing = [k for k in REQUIRED if raw.get(k) in (None, "")]
    if missing:
        raise WaiverError(f"{where} 缺少必填字段：{'、'.join(missing)}")
    expires = raw["expires"]
    if isinstance(expires, str):
        try:
            expires = dt.date.fromisoformat(expires)
        except ValueError:
            expires = None
    if not isinstance(expires, dt.date) or isinstance(expires, dt.datetime):
        raise WaiverError(f"{where} 的 expires 日期不正确：{raw['expires']!r}，应为 YYYY-MM-DD")
    for key in ("rule", "unit", "reason", "approved_by", "column", "url"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise WaiverError(f"{where} 的 {key} 应为文字")
    return Waiver(rule=raw["rule"], unit=raw["unit"], reason=raw["reason"],
                  approved_by=raw["approved_by"], expires=expires,
                  column=raw.get("column") or None, url=raw.get("url") or None, line=line)


def validate_waivers(waivers: list[Waiver], source: str | None, rule_ids: Iterable[str],
                     unit_names: Iterable[str] | None = None) -> None:
    """Refuse a waiver naming a rule the pack does not have, or (when the crawl's unit names
    are given) a unit the crawl did not find: a misspelt name would otherwise waive nothing,
    silently. The message names the file and line."""
    rules, units = set(rule_ids), set(unit_names) if unit_names is not None else None
    for w in waivers:
        where = f"豁免文件 {source or ''} {w.where}".replace("  ", " ").strip()
        if w.rule not in rules:
            close = sorted(r for r in rules if r.split(".")[0] == w.rule.split(".")[0])
            hint = f"（同类规则：{'、'.join(close)}）" if close else "（规则编号见 govaudit rules list）"
            raise WaiverError(f"{where}：未知的规则 {w.rule}{hint}")
        if units is not None and w.unit not in units:
            raise WaiverError(f"{where}：本次抓取中没有名为“{w.unit}”的单位（单位名称须与报告中一致）")


def apply_waivers(findings: Iterable[dict], waivers: list[Waiver], as_of: dt.date,
                  source: str | None = None) -> dict:
    """Mark failing findings an active waiver covers as `waived` (in place) and return the
    audit's waiver record: file, how many findings were waived, the expired waivers.
    未能核验 findings are never waived: they are not accusations to begin with."""
    active = [w for w in waivers if w.expires >= as_of]
    expired = [w for w in waivers if w.expires < as_of]
    applied = 0
    used: set[int] = set()
    for f in findings:
        if f.get("status") != "fail":
            continue
        index = next((i for i, w in enumerate(active) if w.matches(f)), None)
        if index is None:
            continue
        used.add(index)
        waiver = active[index]
        f["status"] = WAIVED
        f["evidence"] = {**(f.get("evidence") or {}), "waiver_reason": waiver.reason,
                         "waiver_approved_by": waiver.approved_by,
                         "waiver_expires": waiver.expires.isoformat()}
        applied += 1
    unmatched = [{**w.describe(), "line": w.line} for i, w in enumerate(active)
                 if i not in used]
    return {"file": source, "active": len(active), "applied": applied,
            "expired": [w.describe() for w in expired], "unmatched": unmatched}
