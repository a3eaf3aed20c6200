"""Waivers: accepted exceptions, read from a YAML file and applied at check time.

A waived finding stays in the audit with status `waived` and the waiver's reason and approver in
its evidence; it never counts toward the verdict or fails a build. A waiver whose `expires` date
is before the audit date stops applying and is listed as expired, so nobody's exception lives
forever unnoticed. Format: docs/waivers.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

import yaml

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
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:  # ValueError: 2027-13-01
        raise WaiverError(f"豁免文件 {path} 不是有效的 YAML：{exc}")
    if isinstance(data, dict) and "waivers" in data:
        data = data["waivers"]
    if data is None:
        return []
    if not isinstance(data, list):
        raise WaiverError(f"豁免文件 {path} 格式不正确：应为 waivers: 列表（见 docs/waivers.md）")
    return [_entry(path, n, raw) for n, raw in enumerate(data, start=1)]


def _entry(path: Path, n: int, raw: Any) -> Waiver:
    where = f"豁免文件 {path} 第 {n} 条"
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
                  column=raw.get("column") or None, url=raw.get("url") or None)


def apply_waivers(findings: Iterable[dict], waivers: list[Waiver], as_of: dt.date,
                  source: str | None = None) -> dict:
    """Mark failing findings an active waiver covers as `waived` (in place) and return the
    audit's waiver record: file, how many findings were waived, the expired waivers.
    未能核验 findings are never waived: they are not accusations to begin with."""
    active = [w for w in waivers if w.expires >= as_of]
    expired = [w for w in waivers if w.expires < as_of]
    applied = 0
    for f in findings:
        if f.get("status") != "fail":
            continue
        waiver = next((w for w in active if w.matches(f)), None)
        if waiver is None:
            continue
        f["status"] = WAIVED
        f["evidence"] = {**(f.get("evidence") or {}), "waiver_reason": waiver.reason,
                         "waiver_approved_by": waiver.approved_by,
                         "waiver_expires": waiver.expires.isoformat()}
        applied += 1
    return {"file": source, "active": len(active), "applied": applied,
            "expired": [w.describe() for w in expired]}
