"""One page per analysed document: what was found inside it.

`write_documents` renders `documents/<n>.html` for every annual-report row of `analyses`: year,
format, dating, sections, the extracted tables (cells named in a failing finding highlighted)
and the findings on it; and `budgets/<n>.html` for every budget / final-accounts disclosure
(reports/budget_page.py). Everything shown comes from crawled documents and is escaped by the
template environment (autoescape on).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ground.annual_format import fmt
from ground.store import Store
from reports import budget_page

TABLE_NAMES = {"t2": "表二 主动公开政府信息情况", "t3": "表三 收到和处理政府信息公开申请情况",
               "t4": "表四 政府信息公开行政复议、行政诉讼情况"}
SECTION_NAMES = {"overview": "总体情况", "proactive": "主动公开", "requests": "依申请公开",
                 "review": "行政复议、行政诉讼", "fees": "收费及减免", "problems": "存在的主要问题及改进情况",
                 "other": "其他需要报告的事项", None: "未归类"}
KIND_NAMES = {"annual-report": "政府信息公开工作年度报告"}


def _table_view(name: str, rows: dict, bad: set) -> dict:
    columns: list[str] = []
    for cells in rows.values():
        for col in cells:
            if col not in columns:
                columns.append(col)
    return {"name": TABLE_NAMES.get(name, name), "columns": columns,
            "rows": [{"label": label,
                      "cells": [{"value": "" if cells.get(c) is None else cells.get(c),
                                 "bad": (name, label, c) in bad} for c in columns]}
                     for label, cells in rows.items()]}


def document_context(analysis: dict, findings: list[dict]) -> dict:
    # Every key the template reads, so a summary missing one (unreadable report) still renders.
    s = {**dict.fromkeys(("title", "document_url", "status", "note", "template", "expected_template",
                          "signed_by", "signed", "deadline", "on_time")), **(analysis["summary"] or {})}
    bad = {(c.get("table"), c.get("row"), c.get("column"))
           for f in findings for p in (f.get("evidence") or {}).get("problems", [])
           for c in p.get("cells", [])}
    templates = fmt()["templates"]
    return {
        "analysis": analysis,
        "kind_name": KIND_NAMES.get(analysis["kind"], analysis["kind"]),
        "s": s,
        "readable": s.get("status") == "ok",
        "template_label": templates.get(s.get("template"), {}).get("label", ""),
        "expected_label": templates.get(s.get("expected_template"), {}).get("label", ""),
        "sections": [{**sec, "name": SECTION_NAMES.get(sec.get("key"), "未归类")}
                     for sec in s.get("sections", [])],
        "covered": [(SECTION_NAMES.get(k, k), v) for k, v in (s.get("covered_in") or {}).items()],
        "missing": [SECTION_NAMES.get(k, k) for k in s.get("missing_sections", [])],
        "tables": [_table_view(n, rows, bad) for n, rows in (s.get("tables") or {}).items() if rows],
        "figures": s.get("figures") or {},
        "findings": findings,
    }


def _findings_at(store: Store, audit_id: int) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for f in store.findings(audit_id):
        if f.get("url"):
            out[f["url"]].append(f)
    return out


def write_documents(store: Store, audit_id: int, out: Path, env, site: dict) -> dict:
    """Render every analysed document; returns {unit_key: [{group, title, year, href, problems}]}
    where group is "annual" (annual reports) or "budget" (预决算公开)."""
    analyses = store.analyses(audit_id)
    listed: dict[str, list[dict]] = defaultdict(list)
    if not analyses:
        return listed
    findings_at = _findings_at(store, audit_id)
    annual = [a for a in analyses if a["kind"] in KIND_NAMES]
    if annual:
        (out / "documents").mkdir(parents=True, exist_ok=True)
        template = env.get_template("document.html")
    for n, analysis in enumerate(annual, 1):
        findings = [f for f in findings_at.get(analysis["url"], [])
                    if f["rule"].startswith(analysis["kind"] + ".")]
        html = template.render(**site, **document_context(analysis, findings), root="../")
        (out / "documents" / f"{n}.html").write_text(html, encoding="utf-8")
        s = analysis["summary"] or {}
        listed[analysis["unit_key"]].append({
            "group": "annual", "title": s.get("title") or analysis["url"], "year": analysis["year"],
            "href": f"../documents/{n}.html", "problems": len(findings),
            "status": s.get("status")})
    budgets = [a for a in analyses if a["kind"] in budget_page.KINDS]
    if budgets:
        (out / "budgets").mkdir(parents=True, exist_ok=True)
        template = env.get_template("budget.html")
    for n, analysis in enumerate(budgets, 1):
        # A unit's disclosures may share a first item URL with nothing else, but findings of one
        # kind and year must not land on the other: match them on the evidence too.
        findings = [f for f in findings_at.get(analysis["url"], [])
                    if f["rule"].startswith(budget_page.RULE_PREFIX)
                    and (f.get("evidence") or {}).get("disclosure", analysis["kind"]) == analysis["kind"]
                    and (f.get("evidence") or {}).get("year", analysis["year"]) == analysis["year"]]
        context = budget_page.budget_context(analysis, findings)
        html = template.render(**site, **context, root="../")
        (out / "budgets" / f"{n}.html").write_text(html, encoding="utf-8")
        listed[analysis["unit_key"]].append({
            "group": "budget", "title": context["title"], "year": analysis["year"],
            "href": f"../budgets/{n}.html", "problems": len(findings),
            "status": "ok" if context["readable"] else "unreadable"})
    return listed
