"""One page per analysed department budget / final-accounts disclosure (部门预算/部门决算公开).

`budget_context` turns an `analyses` row of the `budget` analyser (checks/documents/disclosures.py)
and the findings on it into what templates/budget.html shows: kind, year and unit, the documents
read, each required table by title (present / absent, absent ones named in a finding
highlighted), the 三公经费 amounts and the sentence explaining their change, the explanations
BG-NARRATIVE asks for (given / not seen), the year and unit the documents speak of, and the
findings.
Everything shown comes from crawled documents and is escaped by the template environment.
"""

from __future__ import annotations

from ground.budget_format import KIND_LABELS, full_summary, topics

KINDS = tuple(KIND_LABELS)
RULE_PREFIX = "budget."
STATE_LABELS = {"read": "已读取", "unread": "未读取", "unreadable": "无法识别，需人工核查",
                "failed": "无法访问"}


def _named(findings: list[dict], key: str) -> set[str]:
    """Values listed under evidence[key] by any finding (the tables or amounts it blames)."""
    return {v for f in findings for v in (f.get("evidence") or {}).get(key) or []
            if isinstance(v, str)}


def _tables(s: dict, findings: list[dict]) -> list[dict]:
    blamed = _named(findings, "tables_missing")
    rows = [{"title": t, "present": True, "optional": False, "bad": False}
            for t in s.get("tables_found") or []]
    rows += [{"title": t, "present": False, "optional": False, "bad": t in blamed}
             for t in s.get("tables_missing") or []]
    rows += [{"title": t, "present": False, "optional": True, "bad": False}
             for t in s.get("tables_optional_missing") or []]
    return rows


def _sangong(s: dict, findings: list[dict]) -> dict:
    sangong = s.get("sangong") or {}
    blamed = _named(findings, "amounts_missing")
    amounts = [{"label": label, "value": value, "bad": False}
               for label, value in (sangong.get("amounts") or {}).items()]
    amounts += [{"label": label, "value": None, "bad": label in blamed}
                for label in sangong.get("missing") or []]
    unexplained = any(f["rule"] == "budget.sangong-incomplete"
                      and (f.get("evidence") or {}).get("explained") is False for f in findings)
    return {"amounts": amounts, "explanation": sangong.get("explanation") or "",
            "explained": bool(sangong.get("explained")), "explanation_bad": unexplained,
            "none_declared": bool(sangong.get("none_declared")),
            "table_found": bool(sangong.get("table_found"))}


def _narrative(s: dict, findings: list[dict]) -> list[dict]:
    given = s.get("narrative")
    if not given:
        return []
    blamed = _named(findings, "narrative_missing")
    return [{"label": t["label"], "given": bool(given.get(t["key"])), "gradual": t["gradual"],
             "bad": t["label"] in blamed} for t in topics()]


def budget_context(analysis: dict, findings: list[dict]) -> dict:
    s = full_summary(analysis["summary"] or {})
    label = KIND_LABELS.get(analysis["kind"], analysis["kind"])
    return {
        "analysis": analysis,
        "kind_name": label,
        "title": f"{s.get('unit_name') or ''}{analysis['year']}年度{label}公开",
        "s": s,
        "items": s.get("items") or [],
        "documents": [{**d, "state_label": STATE_LABELS.get(d.get("state"), d.get("state"))}
                      for d in s.get("documents") or []],
        "readable": bool(s.get("readable")),
        "tables": _tables(s, findings),
        "sangong": _sangong(s, findings),
        "narrative": _narrative(s, findings),
        "mismatch": any(f["rule"] == "budget.mismatch" for f in findings),
        "subject_units": [u.get("name") for u in s.get("subject_units") or []],
        "findings": findings,
    }
