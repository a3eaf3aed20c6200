"""内容雷同: how much of one report's prose is the previous year's prose again.

Only the narrative is compared (for the 2019/2021 formats: the sections other than the three
table sections; tables repeat their labels every year by design). Digits are removed first,
so changing the year and the figures does not make a copy look new.
"""

from __future__ import annotations

import re

from checks.annual.analyse import classify_section
from checks.annual.text import flat, lines, split_sections

TABLE_SECTIONS = {"proactive", "requests", "review"}
N = 4


def prose(text: str) -> str:
    preamble, sections = split_sections(lines(text))
    keys = [classify_section(s.heading) for s in sections]
    new_format = "requests" in keys and any("收到和处理" in s.heading for s in sections)
    parts = [s.text for s, k in zip(sections, keys) if not (new_format and k in TABLE_SECTIONS)]
    return re.sub(r"\d+", "", flat("".join(parts)))


def shingles(text: str) -> set[str]:
    return {text[i:i + N] for i in range(max(0, len(text) - N + 1))}


def containment(current: str, previous: str) -> float:
    """Share of the current prose's 4-grams found in the previous prose (0..1)."""
    a, b = shingles(current), shingles(previous)
    return len(a & b) / len(a) if a and b else 0.0
