"""The site verdict (合格/不合格) from the 单项否决 indicators the rule pack declares.

Which rules count toward which indicator (and which of their findings: `indicator.when`), what
is counted, the count that vetoes and the words of each reason all come from the pack (`indicator`
on each rule, `verdict.indicators`), so this module names no rule and no threshold.

Works on finished finding dicts, so it is independent of how the rules found them. Only
findings with status `fail` count: 未能核验 is never an accusation.
"""

from __future__ import annotations

import json
import re
from typing import Iterable, Mapping

from checks.model import Indicator, Threshold
from checks.pack import PLACEHOLDER, Pack, PackError, default_pack, load_pack


def _column_id(f: Mapping) -> tuple:
    return (f.get("unit_name"), f.get("column_url") or f.get("url"))


def _evidence(f: Mapping) -> Mapping:
    evidence = f.get("evidence") or {}
    if isinstance(evidence, str):  # a stored row
        try:
            evidence = json.loads(evidence)
        except ValueError:
            return {}
    return evidence if isinstance(evidence, Mapping) else {}


def _members(pack: Pack) -> dict[str, list[str]]:
    """Indicator → the rules that count toward it, in the order the verdict names them: by the
    first veto indicator each rule counts toward, then pack order."""
    metas = {**dict(pack.rules), **dict(pack.system)}
    vetoing = [name for name, ind in pack.indicators.items() if ind.veto_at is not None]

    def rank(rule_id: str) -> int:
        own = metas[rule_id].indicators
        return min((i for i, name in enumerate(vetoing) if name in own), default=len(vetoing))

    ordered = sorted(metas, key=rank)  # stable: pack order within one rank
    return {name: [r for r in ordered if name in metas[r].indicators] for name in pack.indicators}


def compute_verdict(findings: Iterable[Mapping], pack: Pack | None = None) -> dict:
    """{qualified, vetoes (rule ids), counts (per indicator, and the thresholds), reasons}."""
    pack = load_pack(pack) if pack is not None else default_pack()
    metas = {**dict(pack.rules), **dict(pack.system)}
    counted: dict[str, list[Mapping]] = {name: [] for name in pack.indicators}
    for f in findings:
        meta = metas.get(f.get("rule"))
        if f.get("status") != "fail" or meta is None:
            continue
        for name, membership in meta.indicators.items():
            if membership.takes(_evidence(f)):
                counted[name].append(f)
    counts: dict = {}
    for name, ind in pack.indicators.items():
        found = counted[name]
        counts[name] = len({_column_id(f) for f in found}) if ind.counts == "columns" else len(found)
    counts["thresholds"] = {name: int(t.value) for name, t in pack.verdict_thresholds.items()}

    members = _members(pack)
    vetoed: set[str] = set()
    reasons = []
    for name, ind in pack.indicators.items():
        if ind.veto_at is None:
            continue
        limit = _limit(ind, pack.verdict_thresholds)
        if counts[name] < limit:
            continue
        vetoed |= {f["rule"] for f in counted[name]}
        reason = {"indicator": ind.code, "rules": members[name]}
        if isinstance(ind.veto_at, str):  # a named threshold: say the count and the limit
            reason.update(count=counts[name], threshold=limit)
        reason["text"] = reason_text(ind, counts[name], limit, pack)
        reasons.append(reason)
    order = [r for rules in members.values() for r in rules]
    vetoes = sorted(vetoed, key=order.index)
    return {"qualified": not vetoes, "vetoes": vetoes, "counts": counts, "reasons": reasons}


def _limit(ind: Indicator, thresholds: Mapping[str, Threshold]) -> int:
    return int(thresholds[ind.veto_at].value) if isinstance(ind.veto_at, str) else int(ind.veto_at)


def reason_text(ind: Indicator, count: int, limit: int, pack: Pack) -> str:
    """The indicator's `text` with {count}, {threshold} and {<rule>.<threshold>} filled in."""

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name == "count":
            return str(count)
        if name == "threshold":
            return str(limit)
        rule_id, _, threshold = name.rpartition(".")
        return duration(pack.meta(rule_id).thresholds[threshold])

    return PLACEHOLDER.sub(fill, ind.text or ind.code or ind.name)


def duration(t: Threshold) -> str:
    """A threshold as the inspection indicators word it: 14 days → 2周, 3 months → 3个月."""
    value = t.value
    if t.unit == "days":
        return f"{value // 7}周" if value % 7 == 0 else f"{value}天"
    if t.unit == "months":
        return f"{value // 12}年" if value % 12 == 0 else f"{value}个月"
    if t.unit == "workdays":
        return f"{value}个工作日"
    return str(value)


def verdict_scope(pack: Pack | None = None) -> str:
    """What the verdict covers, said the same way in the CLI, the HTML report, findings.json and
    the batch 通报: only the pack's 单项否决 indicators decide 合格/不合格."""
    try:
        return (pack or default_pack()).verdict_scope
    except PackError:
        return ""


UNCHECKED_WORD = "未能检查"
# Severity of a gap as counted in the statement, most severe first.
COUNT_WORDS = (("veto", "否决项问题"), ("major", "严重问题"), ("minor", "一般问题"), ("info", "提示"))


def _rule_title(rule_id: str, findings: list[Mapping]) -> str:
    """A vetoed rule's title: the one its findings carry (a site pack's), else the pack's."""
    for f in findings:
        if f.get("rule") == rule_id and f.get("title"):
            return str(f["title"])
    try:
        return default_pack().meta(rule_id).title
    except (PackError, KeyError):
        return rule_id


def homepage_unreadable(findings: Iterable[Mapping], pack: Pack | None = None) -> str | None:
    """Why the site could not be read at all (the finding the pack's `verdict.unchecked` names:
    the homepage's 未能核验 note), or None. When it could not, the site was not checked at all,
    whatever the other counts say."""
    unchecked = (pack or default_pack()).unchecked
    if unchecked is None:
        return None
    for f in findings:
        if f.get("rule") != unchecked.rule:
            continue
        evidence = _evidence(f)
        if unchecked.match.takes(evidence):
            return str(evidence.get(unchecked.reason) or unchecked.otherwise)
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
                 "触发单项否决：" + "、".join(_rule_title(v, findings) for v in vetoes)]
        counted = [f"{label} {gaps[sev]} 项" for sev, label in COUNT_WORDS if gaps[sev]]
        parts.append("、".join(counted) if counted else "未发现其他问题")
    if unverified:
        parts.append(f"未能核验 {unverified} 项")
    if suspected:
        parts.append(f"疑似问题 {suspected} 项待人工核实")
    basis = "；".join(parts)
    return {"word": word, "basis": basis, "text": f"{word}（{basis}）", "scope": verdict_scope(),
            "gaps": gaps, "unverified": unverified, "suspected": suspected,
            "tone": "unchecked" if unreadable else
            ("fail" if word == "不合格" else ("pass-gaps" if any(gaps.values()) else "pass"))}
