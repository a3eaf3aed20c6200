"""What department budget / final-accounts disclosures say (财预〔2016〕143号):

- `budget.mismatch`: the disclosure published as unit U's year-Y budget (final accounts) is about
  another year (its text never names Y, only other years) or another unit (its heading or
  `编制单位` names another unit of the portal and U's name appears nowhere);
- `budget.narrative-incomplete`: the explanations BG-NARRATIVE asks for (职责及机构设置, 收支增减
  变化, 机关运行经费, 政府采购, 名词解释) are not all given; 国有资产占用 and 绩效目标 are only
  "gradually" required and listed in the evidence unless `narrative_gradual_required` is set.

Both read the `budget` analyser (checks/documents/disclosures.py) and judge the same disclosures
as budget.tables-missing (judged units, the required year and later). A disclosure none of whose
documents could be read is left to budget.tables-missing (未能核验 there); a gap that an unread or
failed document might fill is 未能核验 here, never a failure.
"""

from __future__ import annotations

from typing import Iterator

from checks.documents import budget_text
from checks.documents.budget import KIND_LABELS
from checks.facts import Facts
from checks.model import Context, Finding
from checks.registry import rule
from checks.rules.budget import _judged, _locate

# Unit kinds above a department: a disclosure naming them is not another department's.
SUPERIOR_KINDS = {"county"}


def _label(d: dict) -> str:
    return f"{d['year']}年度{KIND_LABELS[d['kind']]}"


def _status(d: dict) -> str:
    return "unverified" if d["unread"] or d["failed"] else "fail"


@rule("budget.mismatch")
def budget_mismatch(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for unit, d in _judged(facts, ctx):
        if not d["readable"]:
            continue
        problems = []
        # None: the text states no year at all (not applicable); False: only other years.
        if d.get("year_in_text") is False:
            years = "、".join(f"{y}年" for y in d.get("text_years") or [])
            problems.append(f"内容所述年度为{years}，未出现{d['year']}年")
        others = [u["name"] for u in d.get("subject_units") or []
                  if u.get("name") != unit["name"] and u.get("kind") not in SUPERIOR_KINDS]
        if others and d.get("unit_named") is False:
            problems.append(f"标题或编制单位写的是“{'、'.join(others)}”，全文未出现“{unit['name']}”")
        if not problems:
            continue
        status = _status(d)
        tail = "" if status == "fail" else "；有文件未能读取，未能核验"
        yield Finding(
            status=status,
            unit_key=unit["key"], unit_name=unit["name"], **_locate(facts, d),
            message=f"以“{unit['name']}”{_label(d)}公开发布的内容与之不符：{'；'.join(problems)}{tail}",
            evidence={
                "disclosure": d["kind"], "year": d["year"],
                "text_years": d.get("text_years"), "year_in_text": d.get("year_in_text"),
                "unit_named": d.get("unit_named"), "other_units": others,
                "titles": [i.get("title") for i in d["items"]],
                "unread": d["unread"] + d["failed"],
            },
        )


@rule("budget.narrative-incomplete")
def budget_narrative_incomplete(facts: Facts, ctx: Context) -> Iterator[Finding]:
    gradual_required = bool(ctx.value("narrative_gradual_required"))
    topics = budget_text.topics()
    for unit, d in _judged(facts, ctx):
        given = d.get("narrative")
        if not d["readable"] or not given:
            continue
        missing = [t["label"] for t in topics
                   if not given.get(t["key"]) and (gradual_required or not t["gradual"])]
        if not missing:
            continue
        gradual_missing = [t["label"] for t in topics if t["gradual"] and not given.get(t["key"])]
        status = _status(d)
        tail = "" if status == "fail" else "；有文件未能读取，其中可能有说明，未能核验"
        yield Finding(
            status=status,
            unit_key=unit["key"], unit_name=unit["name"], **_locate(facts, d),
            message=f"“{unit['name']}”的{_label(d)}公开说明中未见{'、'.join(missing)}{tail}",
            evidence={
                "disclosure": d["kind"], "year": d["year"],
                "narrative_missing": missing,
                "narrative_given": [t["label"] for t in topics if given.get(t["key"])],
                "gradual_missing": gradual_missing,
                "gradual_required": gradual_required,
                "unread": d["unread"] + d["failed"],
            },
        )
