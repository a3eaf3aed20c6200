"""Template contexts of the HTML report: turn `AuditData` into what the templates show.

Templates only lay out; ordering, grouping, Chinese labels and the decision which URLs may
become links live here, where they can be tested without rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from checks.verdict import verdict_statement
from ground import config

from reports.labels import EvidenceRow, evidence_rows
from reports.load import AuditData, UnitData

SEVERITY_ORDER = ("veto", "major", "minor", "info")
SEVERITY_LABELS = {"veto": "单项否决", "major": "严重", "minor": "一般", "info": "提示"}
# Finding lifecycle against the previous audit of the same site (checks/lifecycle.py).
LIFECYCLE_LABELS = {"new": "新增", "persisting": "仍存在", "regressed": "复现"}
KIND_LABELS = {"county": "县人民政府", "department": "县政府部门", "town": "乡镇人民政府"}


def rule_title(rule: str) -> str:
    """The pack's Chinese title of a rule (for a verdict reason no finding carries)."""
    from checks.pack import PackError, load_pack

    try:
        return load_pack().meta(rule).title
    except (PackError, KeyError):
        return rule


def safe_href(url: Any) -> str | None:
    """A URL taken from a crawled page may become a link only if it is plain http(s):
    `javascript:` and `data:` URLs are shown as text, never made clickable."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


@dataclass
class FindingView:
    message: str
    column_name: str | None
    column_url: str | None
    url: str | None
    category: str
    evidence: list[EvidenceRow]
    fingerprint: str
    lifecycle: str | None = None  # new | persisting | regressed; None before migration m002
    lifecycle_label: str | None = None
    waiver: dict | None = None  # reason, approved_by, expires of a waived finding
    unit_name: str = ""
    snapshots: list = field(default_factory=list)  # reports.evidence.Snapshot: 留痕
    trace: dict | None = None  # column.missing: {"pages": [...], "candidates": [...]}
    anchor: str = ""  # id of the finding's block; evidence pages link back to it
    answer: dict | None = None  # the department's answer from a returned 整改台账


@dataclass
class RuleGroup:
    rule: str
    title: str
    severity: str
    severity_label: str
    advice: str
    basis: str
    findings: list[FindingView] = field(default_factory=list)


# Evidence keys shown as the "where we looked" table rather than as evidence rows.
TRACE_KEYS = ("searched_pages", "candidates")


def group_findings(findings: list[dict], snapshots: dict | None = None,
                   answers: dict | None = None) -> list[RuleGroup]:
    """Findings grouped by rule, most severe rules first, stable within a rule. `snapshots`:
    finding id → saved pages (reports.evidence.write_evidence)."""
    groups: dict[str, RuleGroup] = {}
    for f in findings:
        group = groups.get(f["rule"])
        if group is None:
            group = groups[f["rule"]] = RuleGroup(
                rule=f["rule"], title=f.get("title") or f["rule"], severity=f["severity"],
                severity_label=SEVERITY_LABELS.get(f["severity"], f["severity"]),
                advice=f.get("advice") or "", basis=f.get("basis") or "")
        group.findings.append(FindingView(
            message=f["message"], column_name=f.get("column_name"),
            column_url=f.get("column_url"), url=f.get("url"),
            category=config.category_label(f.get("category")),
            evidence=evidence_rows(f["rule"], {k: v for k, v in (f.get("evidence") or {}).items()
                                    if not k.startswith("waiver_") and k not in TRACE_KEYS}),
            unit_name=f.get("unit_name") or "",
            snapshots=list((snapshots or {}).get(f.get("id"), ())),
            trace=_trace(f),
            fingerprint=f["fingerprint"], anchor=f"f-{f['fingerprint'][:16]}",
            lifecycle=f.get("lifecycle"),
            lifecycle_label=LIFECYCLE_LABELS.get(f.get("lifecycle") or ""),
            waiver=_waiver(f), answer=(answers or {}).get(f["fingerprint"])))
    rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    return sorted(groups.values(), key=lambda g: (rank.get(g.severity, 9), g.rule))


def by_status(data: AuditData, findings, status: str, snapshots: dict | None) -> list[RuleGroup]:
    """The findings with `status`, grouped by rule, with the departments' answers attached."""
    return group_findings([f for f in findings if f["status"] == status], snapshots,
                          answers=data.answers)


def _trace(f: dict) -> dict | None:
    evidence = f.get("evidence") or {}
    if not any(evidence.get(k) for k in TRACE_KEYS):
        return None
    candidates = [c for c in evidence.get("candidates") or [] if isinstance(c, dict)]
    return {"pages": [p for p in evidence.get("searched_pages") or [] if isinstance(p, str)],
            "candidates": candidates}


def _waiver(f: dict) -> dict | None:
    if f.get("status") != "waived":
        return None
    evidence = f.get("evidence") or {}
    return {"reason": evidence.get("waiver_reason") or "",
            "approved_by": evidence.get("waiver_approved_by") or "",
            "expires": evidence.get("waiver_expires") or ""}


def resolved_rows(resolved) -> list[dict]:
    """已整改: findings of the previous audit that are gone. A page that was unreadable before
    (未能核验) and is readable now was not 整改, so those are left out."""
    return [{"rule": r["rule"], "title": r.get("title") or r["rule"],
             "severity_label": SEVERITY_LABELS.get(r.get("severity"), r.get("severity") or ""),
             "unit": r.get("unit_name") or "", "message": r.get("message") or "",
             "column_name": r.get("column_name"), "column_url": r.get("column_url"),
             "url": r.get("url")}
            for r in resolved if r.get("status") not in ("unverified", "suspected")]


def history(data: AuditData) -> dict:
    """Counts for the overview line 新增 / 仍存在 / 复现 / 已整改: gaps (status `fail`) only."""
    gaps = [f for f in data.findings if f["status"] == "fail"]
    counts = {lc: sum(1 for f in gaps if f.get("lifecycle") == lc) for lc in LIFECYCLE_LABELS}
    return {"previous_audit": data.audit.get("previous_audit_id"),
            **counts, "resolved": len(resolved_rows(data.resolved))}


def waiver_summary(data: AuditData) -> dict | None:
    """The waiver file of the audit (None: run without --waivers): counts and expired ones."""
    record = data.audit.get("waivers")
    if not record:
        return None
    return {"file": record.get("file") or "", "active": record.get("active") or 0,
            "applied": record.get("applied") or 0, "expired": list(record.get("expired") or [])}


def severity_counts(findings) -> list[dict]:
    failing = [f for f in findings if f["status"] == "fail"]
    return [{"severity": s, "label": SEVERITY_LABELS[s],
             "count": sum(1 for f in failing if f["severity"] == s)} for s in SEVERITY_ORDER]


def site_context(data: AuditData) -> dict:
    crawl, audit = data.crawl, data.audit
    return {
        "site_name": crawl.get("site_name") or crawl["site_url"],
        "site_url": crawl["site_url"],
        "as_of": audit["as_of"],
        "audit_id": audit["id"],
        "crawl_id": crawl["id"],
        "tool_version": audit.get("tool_version") or "",
        "rules_version": audit.get("rules_version") or "",
        # Shown in every page's header (base.html) when the crawl or the check did not finish.
        "unfinished_note": unfinished_note(crawl, audit),
    }


def unfinished_note(crawl: dict, audit: dict) -> str | None:
    """Why this report rests on an unfinished crawl or check (issue 14), None when both ended."""
    from ground.store import status_text

    parts = []
    if crawl.get("status") != "complete":
        parts.append(f"抓取记录 #{crawl['id']} {status_text(crawl)}")
    if audit.get("status") != "complete":
        parts.append(f"检查结果 #{audit['id']} 未完成")
    if not parts:
        return None
    return ("本报告基于未完成的运行（" + "；".join(parts) + "）：未抓取或未检查的部分未能核验，"
            "不得据以认定栏目缺失或未更新")


def index_context(data: AuditData, snapshots: dict | None = None) -> dict:
    from markupsafe import Markup

    from reports.overview import charts, grid  # imports this module's labels

    verdict = data.audit.get("verdict") or {}
    site = site_context(data)["site_name"]
    units = sorted(data.units, key=lambda u: (-u.gaps, -u.unverified, u.number))
    titles = {f["rule"]: f.get("title") for f in data.findings}
    return {
        **site_context(data),
        "qualified": bool(verdict.get("qualified", True)),
        "statement": verdict_statement(verdict, data.findings),
        "vetoes": [{"rule": r, "title": titles.get(r) or rule_title(r)}
                   for r in verdict.get("vetoes") or []],
        "reasons": verdict.get("reasons") or [],
        "counts": verdict.get("counts") or {},
        "severity_counts": severity_counts(data.findings),
        "unverified_total": sum(1 for f in data.findings if f["status"] == "unverified"),
        "suspected_total": sum(1 for f in data.findings if f["status"] == "suspected"),
        "site_suspected": by_status(data, data.site_findings, "suspected", snapshots),
        "units": [unit_row(u) for u in units],
        "rules": rule_index(data),
        "site_groups": by_status(data, data.site_findings, "fail", snapshots),
        "site_unverified": by_status(data, data.site_findings, "unverified", snapshots),
        "history": history(data),
        "resolved": resolved_rows(data.resolved),
        "waived": by_status(data, data.findings, "waived", snapshots),
        "waivers": waiver_summary(data),
        "grid": grid(data, site),
        # Built from counts and pack titles only, every text escaped (reports/overview.py).
        "charts": {k: Markup(v) for k, v in charts(data, site).items()},
        "pages_fetched": data.crawl.get("pages_fetched") or 0,
        "fetch_errors": data.crawl.get("fetch_errors") or 0,
    }


def percent(value: float | None) -> str:
    """A score for display: 87.5%, or — when the unit kind requires nothing."""
    return "—" if value is None else f"{value * 100:.1f}%".replace(".0%", "%")


def unit_row(u: UnitData) -> dict:
    return {"number": u.number, "name": u.name, "kind": KIND_LABELS.get(u.kind, u.kind),
            "url": u.url, "columns": u.columns, "gaps": u.gaps, "unverified": u.unverified,
            "waived": u.waived, "suspected": u.suspected,
            "href": f"units/{u.number}.html",
            "coverage": percent(u.coverage), "compliance": percent(u.compliance),
            "required": u.required, "covered": u.covered, "compliant": u.compliant,
            "examined": max(u.examined, u.required), "worst_severity": u.worst_severity,
            "worst_label": SEVERITY_LABELS.get(u.worst_severity or "", "")}


def unit_context(data: AuditData, unit: UnitData, snapshots: dict | None = None) -> dict:
    return {
        **site_context(data),
        "unit": unit_row(unit),
        "groups": by_status(data, unit.findings, "fail", snapshots),
        "unverified": by_status(data, unit.findings, "unverified", snapshots),
        "suspected": by_status(data, unit.findings, "suspected", snapshots),
        "waived": by_status(data, unit.findings, "waived", snapshots),
        "resolved": resolved_rows(unit.resolved),
        "previous_audit": data.audit.get("previous_audit_id"),
    }


def rule_href(rule: str) -> str:
    """Page of one rule, relative to the report root (rule ids are [a-z0-9.-])."""
    return f"rules/{rule}.html"


def rule_index(data: AuditData) -> list[dict]:
    """One row per rule with findings: counts by status and the link to its page."""
    rows: dict[str, dict] = {}
    for f in data.findings:
        row = rows.setdefault(f["rule"], {
            "rule": f["rule"], "title": f.get("title") or f["rule"], "severity": f["severity"],
            "severity_label": SEVERITY_LABELS.get(f["severity"], f["severity"]),
            "fail": 0, "unverified": 0, "suspected": 0, "waived": 0, "units": set(),
            "href": rule_href(f["rule"])})
        if f["status"] in ("fail", "unverified", "suspected", "waived"):
            row[f["status"]] += 1
        row["units"].add(f.get("unit_name") or "")
    rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    out = sorted(rows.values(), key=lambda r: (rank.get(r["severity"], 9), r["rule"]))
    for row in out:
        row["units"] = len(row["units"])
    return out


def rule_context(data: AuditData, rule: str, snapshots: dict | None = None) -> dict:
    findings = [f for f in data.findings if f["rule"] == rule]
    row = next(r for r in rule_index(data) if r["rule"] == rule)
    return {
        **site_context(data),
        "rule": row,
        "groups": by_status(data, findings, "fail", snapshots),
        "unverified": by_status(data, findings, "unverified", snapshots),
        "suspected": by_status(data, findings, "suspected", snapshots),
        "waived": by_status(data, findings, "waived", snapshots),
    }
