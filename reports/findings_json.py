"""`findings.json`: the machine-readable result of one audit (contract `govaudit/findings@1`,
schema in reports/schema/findings.schema.json, documented in docs/findings-json.md)."""

from __future__ import annotations

import json
from pathlib import Path

from ground import __version__
from ground.store import Store

from checks.verdict import verdict_statement

from reports.load import AuditData, load_audit

SCHEMA_ID = "govaudit/findings@1"
SCHEMA_PATH = Path(__file__).parent / "schema" / "findings.schema.json"


def build_document(data: AuditData) -> dict:
    audit, crawl = data.audit, data.crawl
    verdict = audit.get("verdict") or {}
    statement = verdict_statement(verdict, data.findings)
    return {
        "schema": SCHEMA_ID,
        "tool": {"name": "govaudit", "version": audit.get("tool_version") or __version__},
        "site": {"name": crawl.get("site_name") or crawl["site_url"], "url": crawl["site_url"]},
        "as_of": audit["as_of"],
        "run": {
            "id": crawl["id"],
            "started_at": crawl.get("started_at"),
            "finished_at": crawl.get("finished_at"),
            "pages_fetched": crawl.get("pages_fetched") or 0,
            "fetch_errors": crawl.get("fetch_errors") or 0,
        },
        "verdict": {
            "qualified": bool(verdict.get("qualified", True)),
            "vetoes": list(verdict.get("vetoes") or []),
            "counts": dict(verdict.get("counts") or {}),
            "statement": {k: v for k, v in statement.items() if k in ("word", "basis", "text", "scope")},
        },
        "units": [
            {"name": u.name, "kind": u.kind, "url": u.url, "columns": u.columns,
             "findings": len(u.findings), "coverage": u.coverage, "compliance": u.compliance,
             "required_categories": u.required, "gaps": u.gaps, "unverified": u.unverified,
             "worst_severity": u.worst_severity}
            for u in data.units
        ],
        "findings": [_finding(f, crawl) for f in data.findings],
        # history: what changed since the previous audit of the same site (checks/lifecycle.py)
        "previous_audit": audit.get("previous_audit_id"),
        "resolved": [_resolved(r, crawl) for r in data.resolved],
        # the waiver file applied at check time, only when the audit ran with one
        **({"waivers": _waivers(audit["waivers"])} if audit.get("waivers") else {}),
    }


def _unit_name(f: dict, crawl: dict) -> str:
    return f.get("unit_name") or crawl.get("site_name") or crawl["site_url"]


def _column(f: dict) -> dict | None:
    has_column = f.get("column_name") or f.get("column_url")
    return {"name": f.get("column_name"), "url": f.get("column_url")} if has_column else None


def _resolved(r: dict, crawl: dict) -> dict:
    return {"fingerprint": r["fingerprint"], "rule": r["rule"], "unit": _unit_name(r, crawl),
            "category": r.get("category"), "column": _column(r), "url": r.get("url"),
            "message": r.get("message") or ""}


def _waivers(record: dict) -> dict:
    return {"file": record.get("file"), "active": int(record.get("active") or 0),
            "applied": int(record.get("applied") or 0),
            "expired": list(record.get("expired") or [])}


def _finding(f: dict, crawl: dict) -> dict:
    out = {
        "fingerprint": f["fingerprint"],
        "rule": f["rule"],
        "severity": f["severity"],
        "status": f["status"],
        "unit": _unit_name(f, crawl),
        "category": f.get("category"),
        "column": _column(f),
        "url": f.get("url"),
        "message": f["message"],
        "basis": f.get("basis") or "",
        "evidence": f.get("evidence") or {},
    }
    if f.get("lifecycle"):  # audits stored before migration m002 have none
        out["lifecycle"] = f["lifecycle"]
    return out


def write_findings_json(store: Store, audit_id: int, out_dir: str | Path,
                        data: AuditData | None = None) -> Path:
    """Write `out_dir/findings.json` for audit `audit_id` and return its path."""
    data = data or load_audit(store, audit_id)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "findings.json"
    path.write_text(json.dumps(build_document(data), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")
    return path
