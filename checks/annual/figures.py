"""Key figures stated in the prose of an annual report (old-format reports have no tables).

Each finder runs over the flat text (whitespace removed) of one section at a time, so the
result also says which section reports it: an old-format report often states fees and
reconsideration/litigation inside its 依申请公开 section instead of sections of their own.
"""

from __future__ import annotations

import re

_COUNT = r"(\d+)(余|多)?(条|件|份|次|宗)"

APPLICATIONS = [
    re.compile(r"(?:受理|收到|接到|办理)[^。；]{0,12}?依申请公开(?:政府信息|信息)?(?:申请)?" + _COUNT),
    re.compile(r"(?:受理|收到|接到)[^。；]{0,10}?政府信息公开申请" + _COUNT),
]
PENALTIES = re.compile(r"行政处罚(?:信息|决定|案件|结果)?(?:公示)?" + _COUNT)
LICENCES = re.compile(r"行政许可(?:信息|决定|事项|结果)?(?:公示)?" + _COUNT)
INTERACTION_PAIR = re.compile(r"(\d+)件[,，]?(?:已|共)?(?:办结|回复|答复)(?:回复|答复|办理)?(\d+)件")
INTERACTION_ONE = re.compile(r"(\d+)件")
NO_FEES = re.compile(r"(?:没有|未|不|无)[^。；]{0,25}?收取[^。；]{0,25}?费")
FEES = re.compile(r"收取[^。；]{0,20}?费[^。；]{0,10}?(\d+(?:\.\d+)?)(万)?元")
NO_REVIEW = re.compile(r"(?:没有|没|未|无)[^。；]{0,40}?行政复议[^。；]*")


def _count(m: re.Match, offset: int = 1) -> dict:
    value, approx, unit = m.group(offset), m.group(offset + 1), m.group(offset + 2)
    return {"value": int(value), "approx": bool(approx), "unit": unit,
            "text": f"{value}{approx or ''}{unit}"}


def find(parts: list[tuple[str, str]]) -> tuple[dict, dict]:
    """(figures, where): `parts` are (section numeral or "", flat text); `where` maps each
    figure to the numeral of the section that states it."""
    figures: dict = {}
    where: dict = {}

    def put(name, value, numeral):
        if name not in figures:
            figures[name] = value
            where[name] = numeral

    for numeral, text in parts:
        for pattern in APPLICATIONS:
            m = pattern.search(text)
            if m:
                put("applications", _count(m), numeral)
        m = PENALTIES.search(text)
        if m:
            put("penalties", _count(m), numeral)
        m = LICENCES.search(text)
        if m:
            put("licences", _count(m), numeral)
        for m in re.finditer(r"政民互动", text):
            window = text[m.end(): m.end() + 60].split("。")[0]
            pair = INTERACTION_PAIR.search(window)
            if pair:
                figures["interactions"] = {"received": int(pair.group(1)),
                                           "answered": int(pair.group(2))}
                where["interactions"] = numeral
                break
            one = INTERACTION_ONE.search(window)
            if one:
                put("interactions", {"received": int(one.group(1)), "answered": None}, numeral)
        m = NO_FEES.search(text)
        if m:
            put("fees", {"charged": False, "text": m.group(0)}, numeral)
        else:
            m = FEES.search(text)
            if m:
                amount = float(m.group(1)) * (10000 if m.group(2) else 1)
                put("fees", {"charged": True, "amount_yuan": amount, "text": m.group(0)}, numeral)
        m = NO_REVIEW.search(text)
        if m:
            put("review", {"reconsideration": 0, "litigation": 0 if "诉讼" in m.group(0) else None,
                           "text": m.group(0)}, numeral)
    return figures, where
