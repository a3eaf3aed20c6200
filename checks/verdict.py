"""The site verdict (合格/不合格) from the 单项否决 indicators the first rule set covers:
首页不更新 (WS-V3), 栏目不更新 (WS-V4 a/b/c) and 互动回应差 (WS-V5: a consultation message
unanswered for more than 3 months, or no consultation channel at all).

Works on finished finding dicts, so it is independent of how the rules found them. Only
findings with status `fail` count: 未能核验 is never an accusation.
"""

from __future__ import annotations

import json
from typing import Iterable, Mapping

from checks.model import Threshold


def _column_id(f: Mapping) -> tuple:
    return (f.get("unit_name"), f.get("column_url") or f.get("url"))


def compute_verdict(findings: Iterable[Mapping], thresholds: Mapping[str, Threshold]) -> dict:
    failed = [f for f in findings if f.get("status") == "fail"]
    homepage = [f for f in failed if f["rule"] == "homepage.stale"]
    stale = [f for f in failed if f["rule"] == "column.stale"]
    blank = [f for f in failed if f["rule"] == "column.empty"]

    def counts_for_a(f: Mapping) -> bool:
        ev = f.get("evidence") or {}
        cls = ev.get("freshness_class")
        # 2019 narrowed the notice/policy clause to first-level columns; news counts at any level.
        return cls == "dynamic" or (cls == "notice-policy" and ev.get("level") == 1)

    stale_a = {_column_id(f) for f in stale if counts_for_a(f)}
    stale_or_blank = {_column_id(f) for f in stale + blank}
    blank_ids = {_column_id(f) for f in blank}

    limit = {name: int(t.value) for name, t in thresholds.items()}
    counts = {
        "homepage_stale": len(homepage),
        "stale_dynamic_notice": len(stale_a),
        "stale_or_blank": len(stale_or_blank),
        "blank": len(blank_ids),
        "stale": len({_column_id(f) for f in stale}),
        # 链接可用性 counts homepage links apart from other pages' (no veto line of its own).
        "broken_links_homepage": sum(1 for f in failed if f["rule"] == "link.broken"
                                     and (f.get("evidence") or {}).get("on_homepage")),
        "broken_links_other": sum(1 for f in failed if f["rule"] == "link.broken"
                                  and not (f.get("evidence") or {}).get("on_homepage")),
        "unanswered_messages": sum(1 for f in failed if f["rule"] == "interaction.unanswered"),
        "no_channel": sum(1 for f in failed if f["rule"] == "interaction.no-channel"),
        "thresholds": limit,
    }
    vetoes: list[str] = []
    if homepage:
        vetoes.append("homepage.stale")
    a = len(stale_a) >= limit["stale_dynamic_notice"]
    b = len(stale_or_blank) >= limit["stale_or_blank"]
    c = len(blank_ids) >= limit["blank"]
    if a or (b and stale):
        vetoes.append("column.stale")
    if c or (b and blank):
        vetoes.append("column.empty")
    unanswered = counts["unanswered_messages"]
    v5a = unanswered >= limit.get("unanswered_messages", 1)
    if v5a:
        vetoes.append("interaction.unanswered")
    if counts["no_channel"]:
        vetoes.append("interaction.no-channel")
    reasons = []
    if homepage:
        reasons.append({"indicator": "WS-V3", "rules": ["homepage.stale"],
                        "text": "首页信息发布区超过2周未更新"})
    if a:
        reasons.append({"indicator": "WS-V4a", "rules": ["column.stale"], "count": len(stale_a),
                        "threshold": limit["stale_dynamic_notice"],
                        "text": f"动态要闻类及一级通知公告、政策文件类栏目未更新{len(stale_a)}个"
                                f"（达到{limit['stale_dynamic_notice']}个即否决）"})
    if b:
        reasons.append({"indicator": "WS-V4b", "rules": ["column.stale", "column.empty"],
                        "count": len(stale_or_blank), "threshold": limit["stale_or_blank"],
                        "text": f"应更新但长期未更新或空白的栏目{len(stale_or_blank)}个"
                                f"（达到{limit['stale_or_blank']}个即否决）"})
    if c:
        reasons.append({"indicator": "WS-V4c", "rules": ["column.empty"], "count": len(blank_ids),
                        "threshold": limit["blank"],
                        "text": f"空白栏目{len(blank_ids)}个（达到{limit['blank']}个即否决）"})
    if v5a:
        reasons.append({"indicator": "WS-V5", "rules": ["interaction.unanswered"], "count": unanswered,
                        "threshold": limit.get("unanswered_messages", 1),
                        "text": f"政务咨询类栏目有效留言超过3个月未回复{unanswered}条（互动回应差）"})
    if counts["no_channel"]:
        reasons.append({"indicator": "WS-V5", "rules": ["interaction.no-channel"],
                        "text": "未提供有效的网上咨询建言渠道（互动回应差）"})
    return {"qualified": not vetoes, "vetoes": vetoes, "counts": counts, "reasons": reasons}


# What the verdict covers, said the same way in the CLI, the HTML report, findings.json and the
# batch 通报: only these 单项否决 indicators decide 合格/不合格; every other gap is listed apart.
VERDICT_SCOPE = ("结论仅依据本工具已检查的单项否决指标（首页不更新、栏目不更新、互动回应差）；"
                 "其他问题不影响结论，但须整改")
UNCHECKED_WORD = "未能检查"
# Severity of a gap as counted in the statement, most severe first.
COUNT_WORDS = (("veto", "否决项问题"), ("major", "严重问题"), ("minor", "一般问题"), ("info", "提示"))
VETO_WORDS = {"homepage.stale": "首页长期未更新", "column.stale": "栏目长期未更新",
              "column.empty": "空白栏目", "interaction.unanswered": "留言超过3个月未回复",
              "interaction.no-channel": "无网上咨询建言渠道"}


def homepage_unreadable(findings: Iterable[Mapping]) -> str | None:
    """Why the homepage could not be read (its audit.unverified note), or None: then the site
    was not checked at all, whatever the other counts say."""
    for f in findings:
        if f.get("rule") != "audit.unverified":
            continue
        evidence = f.get("evidence") or {}
        if isinstance(evidence, str):
            try:
                evidence = json.loads(evidence)
            except ValueError:
                continue
        if isinstance(evidence, Mapping) and evidence.get("what") == "homepage":
            return str(evidence.get("failure") or "首页无法访问")
    return None


def verdict_statement(verdict: Mapping | None, findings: Iterable[Mapping],
                      unreadable: str | None = None) -> dict:
    """The verdict in words, with what it rests on: `word` (合格 / 不合格 / 未能检查), `basis`
    ("单项否决未触发；严重问题 14 项、一般问题 20 项；未能核验 2 项"), `text` (both) and the counts.

    `unreadable`: why the site could not be read at all; the verdict is then 未能检查, never
    合格 (nothing was shown to pass) nor 不合格 (nothing was shown to fail)."""
    findings = list(findings)
    if unreadable is None:
        unreadable = homepage_unreadable(findings)
    gaps = {sev: sum(1 for f in findings if f.get("status") == "fail" and f.get("severity") == sev)
            for sev, _ in COUNT_WORDS}
    unverified = sum(1 for f in findings if f.get("status") == "unverified")
    suspected = sum(1 for f in findings if f.get("status") == "suspected")
    if unreadable:
        word, parts = UNCHECKED_WORD, [f"网站无法读取（{unreadable}），未作结论"]
    else:
        vetoes = list((verdict or {}).get("vetoes") or [])
        qualified = bool((verdict or {}).get("qualified", not vetoes))
        word = "合格" if qualified else "不合格"
        parts = ["单项否决未触发" if qualified else
                 "触发单项否决：" + "、".join(VETO_WORDS.get(v, v) for v in vetoes)]
        counted = [f"{label} {gaps[sev]} 项" for sev, label in COUNT_WORDS if gaps[sev]]
        parts.append("、".join(counted) if counted else "未发现其他问题")
    if unverified:
        parts.append(f"未能核验 {unverified} 项")
    if suspected:
        parts.append(f"疑似问题 {suspected} 项待人工核实")
    basis = "；".join(parts)
    return {"word": word, "basis": basis, "text": f"{word}（{basis}）", "scope": VERDICT_SCOPE,
            "gaps": gaps, "unverified": unverified, "suspected": suspected,
            "tone": "unchecked" if unreadable else
            ("fail" if word == "不合格" else ("pass-gaps" if any(gaps.values()) else "pass"))}
