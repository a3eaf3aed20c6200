"""The overview's answer to "which department has which gap": a unit × problem-type grid and
bar charts of gaps per unit and per problem type.

The grid has one row per unit that has a gap, an unverified item or a suspected one, one column
per problem type (rule) with such a finding; a cell holds the number of the unit's gaps of that
type, coloured by the rule's severity, and marks 未能核验 apart (never as a gap). Each row
carries the unit's worst severity. Sorting is done in the browser by a small script of our own
(index.html); without it the rows stay in the default order, worst first.

The charts are inline SVG built from counts and our own labels, every text escaped.
"""

from __future__ import annotations

from html import escape

from reports.context import SEVERITY_LABELS, SEVERITY_ORDER
from reports.load import AuditData

COLOURS = {"veto": "#b71c1c", "major": "#e65100", "minor": "#757575", "info": "#0277bd"}
RANK = {s: i for i, s in enumerate(SEVERITY_ORDER)}
SHOWN = ("fail", "unverified", "suspected")


def _rules(findings) -> list[dict]:
    rules: dict[str, dict] = {}
    for f in findings:
        if f["status"] in SHOWN:
            rules.setdefault(f["rule"], {"rule": f["rule"], "title": f.get("title") or f["rule"],
                                         "severity": f["severity"]})
    return sorted(rules.values(), key=lambda r: (RANK.get(r["severity"], 9), r["rule"]))


def grid(data: AuditData, site_name: str) -> dict:
    """Columns (problem types) and rows (units) of the grid; empty when nothing was found."""
    rules = _rules(data.findings)
    owners = [(site_name, "", data.site_findings)] + [
        (u.name, f"units/{u.number}.html", u.findings) for u in data.units]
    rows = []
    for name, href, findings in owners:
        shown = [f for f in findings if f["status"] in SHOWN]
        if not shown:
            continue
        cells = []
        for r in rules:
            own = [f for f in shown if f["rule"] == r["rule"]]
            gaps = sum(1 for f in own if f["status"] == "fail")
            cells.append({"gaps": gaps, "severity": r["severity"] if gaps else "",
                          "unverified": sum(1 for f in own if f["status"] == "unverified"),
                          "suspected": sum(1 for f in own if f["status"] == "suspected")})
        failing = [f["severity"] for f in shown if f["status"] == "fail"]
        worst = min(failing, key=lambda s: RANK.get(s, 9)) if failing else None
        rows.append({"name": name, "href": href, "cells": cells, "gaps": len(failing),
                     "unverified": sum(1 for f in shown if f["status"] == "unverified"),
                     "worst": worst or "", "worst_label": SEVERITY_LABELS.get(worst or "", "—"),
                     "worst_rank": RANK.get(worst, len(SEVERITY_ORDER)) if worst else 9})
    rows.sort(key=lambda r: (r["worst_rank"], -r["gaps"], -r["unverified"]))
    return {"rules": rules, "rows": rows}


def _bars(title: str, items: list[tuple[str, dict[str, int]]], width: int = 520) -> str:
    """Horizontal stacked bars (one per item, split by severity), largest first."""
    items = [(label, counts) for label, counts in items if sum(counts.values())]
    if not items:
        return ""
    label_w, bar_h, gap, top = 190, 16, 6, 26
    biggest = max(sum(c.values()) for _, c in items)
    scale = (width - label_w - 40) / biggest
    height = top + len(items) * (bar_h + gap) + 4
    parts = [f'<svg class="bars" xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}">',
             f'<text x="0" y="16" font-size="13" font-weight="600">{escape(title)}</text>']
    for i, (label, counts) in enumerate(items):
        y = top + i * (bar_h + gap)
        short = label if len(label) <= 13 else label[:12] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h - 4}" font-size="12" '
                     f'text-anchor="end"><title>{escape(label)}</title>{escape(short)}</text>')
        x = float(label_w)
        for sev in SEVERITY_ORDER:
            n = counts.get(sev, 0)
            if not n:
                continue
            w = n * scale
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                         f'fill="{COLOURS[sev]}"><title>{escape(label)}：{SEVERITY_LABELS[sev]} '
                         f'{n} 项</title></rect>')
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + bar_h - 4}" font-size="12">'
                     f'{sum(counts.values())}</text>')
    parts.append("</svg>")
    return "".join(parts)


def charts(data: AuditData, site_name: str, limit: int = 15) -> dict[str, str]:
    """SVG bar charts of gaps (status fail) per unit (the `limit` with most) and per type."""
    per_unit: dict[str, dict[str, int]] = {}
    per_rule: dict[str, dict[str, int]] = {}
    for f in data.findings:
        if f["status"] != "fail":
            continue
        unit = f.get("unit_name") or site_name
        per_unit.setdefault(unit, {})[f["severity"]] = per_unit.get(unit, {}).get(f["severity"], 0) + 1
        title = f.get("title") or f["rule"]
        per_rule.setdefault(title, {})[f["severity"]] = per_rule.get(title, {}).get(f["severity"], 0) + 1

    def ranked(d: dict[str, dict[str, int]]) -> list[tuple[str, dict[str, int]]]:
        return sorted(d.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))

    units = ranked(per_unit)
    unit_title = "各单位问题数" + (f"（问题最多的 {limit} 个单位）" if len(units) > limit else "")
    return {"units": _bars(unit_title, units[:limit]), "rules": _bars("各类问题数", ranked(per_rule))}
