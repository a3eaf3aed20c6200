"""`findings.sarif`: the audit as SARIF 2.1.0, for code-scanning dashboards and CI annotations.

Rules come from the rule pack (id, title, description, basis link, severity); each finding is a
result located at the finding's URL, with our fingerprint as `partialFingerprints` so a dashboard
tracks the same gap across audits. Severity maps to SARIF level: veto/major → error,
minor → warning, info → note. A 未能核验 finding is an open question, not a gap: SARIF calls that
`kind: "review"`, and the spec then requires `level: "none"`.
"""

from __future__ import annotations

import json
from pathlib import Path

from ground import __version__
from ground.store import Store

from checks.model import RuleMeta
from checks.pack import Pack, load_pack
from reports.load import AuditData, load_audit

FILENAME = "findings.sarif"
SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"veto": "error", "major": "error", "minor": "warning", "info": "note"}
FINGERPRINT_KEY = "govaudit/v1"
INFORMATION_URI = "https://github.com/govaudit/govaudit"


def build_sarif(data: AuditData, pack: Pack | None = None) -> dict:
    pack = pack or load_pack()
    metas = {**dict(pack.rules), **dict(pack.system)}
    # A stored audit may name a rule the current pack no longer has; describe it minimally
    # rather than emit a result whose ruleIndex points nowhere.
    order = list(metas)
    for f in data.findings:
        if f["rule"] not in metas:
            order.append(f["rule"])
    index = {rule_id: i for i, rule_id in enumerate(order)}
    audit = data.audit
    verdict = audit.get("verdict") or {}
    run = {
        "tool": {"driver": {
            "name": "govaudit",
            "version": audit.get("tool_version") or __version__,
            "semanticVersion": audit.get("tool_version") or __version__,
            "informationUri": INFORMATION_URI,
            "language": "zh-CN",
            "rules": [_rule(rule_id, metas.get(rule_id), data) for rule_id in order],
            "properties": {"rulePack": audit.get("rules_version") or pack.version},
        }},
        "language": "zh-CN",
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index) for f in data.findings],
        "properties": {
            "site": {"name": data.crawl.get("site_name") or data.crawl["site_url"],
                     "url": data.crawl["site_url"]},
            "asOf": audit["as_of"],
            "qualified": bool(verdict.get("qualified", True)),
            "vetoes": list(verdict.get("vetoes") or []),
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _rule(rule_id: str, meta: RuleMeta | None, data: AuditData) -> dict:
    if meta is None:
        sample = next(f for f in data.findings if f["rule"] == rule_id)
        title = sample.get("title") or rule_id
        return {"id": rule_id, "name": title, "shortDescription": {"text": title},
                "properties": {"severity": sample["severity"]}}
    basis = " ".join(p for p in (meta.basis.document, meta.basis.article) if p)
    rule = {
        "id": rule_id,
        "name": meta.title,
        "shortDescription": {"text": meta.title},
        "fullDescription": {"text": meta.description},
        "help": {"text": f"整改建议：{meta.advice}\n依据：{basis}"},
        "defaultConfiguration": {"level": LEVELS.get(meta.severity, "warning")},
        "properties": {"severity": meta.severity, "basis": basis},
    }
    if meta.basis.url:
        rule["helpUri"] = meta.basis.url
    return rule


def _result(f: dict, index: dict[str, int]) -> dict:
    result = {
        "ruleId": f["rule"],
        "ruleIndex": index[f["rule"]],
        "message": {"text": f.get("message") or f.get("title") or f["rule"]},
        "partialFingerprints": {FINGERPRINT_KEY: f["fingerprint"]},
        "properties": {"severity": f["severity"], "status": f["status"],
                       "unit": f.get("unit_name") or "", "category": f.get("category") or ""},
    }
    if f["status"] == "unverified":
        result["kind"] = "review"
        result["level"] = "none"
    elif f["status"] == "suspected":
        # 疑似: a person must look at it; SARIF's "review" kind, never an error level.
        result["kind"] = "review"
        result["level"] = "note"
    elif f["status"] == "waived":
        # Still a gap, but an approved waiver covers it: SARIF's suppression, so dashboards
        # hide it while keeping it on record.
        result["kind"] = "fail"
        result["level"] = LEVELS.get(f["severity"], "warning")
        evidence = f.get("evidence") or {}
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": str(evidence.get("waiver_reason") or "已豁免")}]
    else:
        result["kind"] = "fail"
        result["level"] = LEVELS.get(f["severity"], "warning")
    url = f.get("url") or f.get("column_url")
    if url:
        result["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": url}}}]
    return result


def write_sarif(store: Store, audit_id: int, out_dir: str | Path,
                data: AuditData | None = None, pack: Pack | None = None) -> Path:
    """Write `out_dir/findings.sarif` for audit `audit_id` and return its path."""
    data = data or load_audit(store, audit_id)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / FILENAME
    path.write_text(json.dumps(build_sarif(data, pack), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")
    return path
