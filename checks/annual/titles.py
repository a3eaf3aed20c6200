"""Which listed titles are annual reports (政府信息公开工作年度报告), and of which year.

Portals title the report in many ways (see `report_titles` in ground/data/annual_report.yaml):
the year before or after the subject, 年 / 年度 or neither, full-width digits, 二〇二五年,
`政务公开` instead of `政府信息公开`, `工作报告` instead of `年度报告`. The words are data; this
module only builds the two patterns (year first, subject first) from them.

A title recognised too narrowly declares a published report missing (a wrong accusation), so the
patterns are broad; the `exclude` words keep notices and quarterly reports out, and the `about`
words mark items that show the report exists without being the report (a 解读).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ground.annual_format import fmt

# Dropped before matching: whitespace and quotation marks vary between portals.
_DROP = re.compile(r"[\s\u3000\u00a0“”\"'‘’「」『』《》〈〉]+")
# A year in Chinese numerals (二〇二五年, 二零二五年度), read as digits.
_CN_DIGITS = "〇一二三四五六七八九"
_CN_YEAR = re.compile(r"([〇○零一二三四五六七八九]{4})(?=年)")
_YEAR = r"(?<!\d)(?P<year>(?:19|20)\d{2})(?!\d)"


@dataclass(frozen=True)
class ReportTitle:
    year: int | None  # None: a report title naming no year (`政府信息公开工作年度报告`)
    about: bool  # about the report (a 解读 ...), not the report itself


def normalise(title: str | None) -> str:
    """NFKC (full-width digits and brackets to ASCII), no whitespace or quotes, years in digits."""
    text = _DROP.sub("", unicodedata.normalize("NFKC", title or ""))
    if "年" in text:
        text = _CN_YEAR.sub(lambda m: "".join(str(_CN_DIGITS.index("〇" if c in "○零" else c))
                                               for c in m.group(1)), text)
    return text


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


@lru_cache(maxsize=None)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    spec = fmt()["report_titles"]
    subject, report, gap = _words(spec["subjects"]), _words(spec["reports"]), int(spec["gap"])
    # 2025年度 … 政府信息公开 … 报告
    before = re.compile(rf"{_YEAR}(?:年度?)?[^\d]{{0,{gap}}}?(?:{subject})[^\d]{{0,{gap}}}?(?:{report})")
    # 政府信息公开 … 报告（2025年度）; a date after the title (2026年1月20日, 2026-01-20) is no year.
    after = re.compile(rf"(?:{subject})[^\d]{{0,{gap}}}?(?:{report})[^\d]{{0,4}}?{_YEAR}"
                       rf"(?!年\d|[-/.]\d)")
    # 政府信息公开工作年度报告 with no year anywhere (some portals file reports by year folders).
    bare = re.compile(rf"(?:{subject})[^\d]{{0,{gap}}}?(?:{report})")
    return (before, after, re.compile(_words(spec["exclude"])), re.compile(_words(spec["about"])),
            bare)


@lru_cache(maxsize=4096)
def recognise(title: str | None) -> ReportTitle | None:
    """The report year a listed title names (None when it names none: `示例县政府信息公开工作
    年度报告`), and whether it is about the report rather than the report; None when the title
    is no annual report's."""
    text = normalise(title)
    before, after, exclude, about, bare = _patterns()
    m = before.search(text) or after.search(text)
    year = int(m.group("year")) if m else None
    if m is None:
        # A report title whose year cannot be told (none, or a date: `…年度报告 2026-01-20`).
        m = bare.search(text)
    # Only what follows the publisher's name is judged: an organ may be called 考核办 or hold
    # 计划 (卫生和计划生育局) without its report being about something else.
    if m is None or exclude.search(text, m.start()):
        return None
    return ReportTitle(year, about.search(text) is not None)


def report_year(title: str | None) -> int | None:
    """The year of the annual report this title is (not merely about), or None (also when it
    names no year)."""
    found = recognise(title)
    return found.year if found is not None and not found.about else None
