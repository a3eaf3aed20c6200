"""Plain-text side of an annual report: normalising extracted text, title, year, signature date
and the top-level sections.

Text extracted from PDFs breaks lines anywhere (even inside headings), inserts page numbers
(`- 7 -`) and mixes full- and half-width characters. Everything here works on NFKC-normalised
lines; "flat" text (all whitespace removed) is used for phrase matching, because Chinese needs
no spaces and `2016 年` must read as `2016年`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

NUMERALS = "一二三四五六七八九十"
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")
_HEADING = re.compile(rf"^\s*([{NUMERALS}]{{1,3}})\s*[、.．]\s*(\S.*)$")
_NUMBER_TOKEN = re.compile(r"(?<!\S)[+-]?\d+(?:\.\d+)?(?!\S)")
_SENTENCE_END = re.compile(r"[。；;：:，,！!？?]")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_SPACES = re.compile(r"\s+")  # compiled once: flat() runs for every cell of every table
_TITLE_YEAR = re.compile(r"(\d{4})年(?:度)?.{0,30}?政府信息公开(?:工作)?(?:年度报告|年报)")


def normalise(text: str) -> str:
    """NFKC (full-width digits and brackets to ASCII), unified newlines, page numbers dropped."""
    text = unicodedata.normalize("NFKC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line for line in text.split("\n") if not _PAGE_NUMBER.match(line))


def flat(text: str) -> str:
    """The text with every whitespace removed (for phrase matching across broken lines)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))


def lines(text: str) -> list[str]:
    return [line.strip() for line in normalise(text).split("\n") if line.strip()]


def numeral_value(numeral: str) -> int:
    """一 -> 1 ... 十 -> 10, 十一 -> 11 (enough for section numbers)."""
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + NUMERALS.index(numeral[1]) + 1
    if len(numeral) == 2 and numeral.endswith("十"):
        return (NUMERALS.index(numeral[0]) + 1) * 10
    return NUMERALS.index(numeral[0]) + 1 if len(numeral) == 1 else 0


@dataclass
class Title:
    text: str
    unit: str
    year: int | None


def find_title(all_lines: list[str], hint: str | None = None) -> Title:
    """The report's own title (`西吉县2016年政府信息公开工作年度报告`), from the first lines,
    else from `hint` (the article title on the portal)."""
    candidates = [flat(line) for line in all_lines[:8]] + ([flat(hint)] if hint else [])
    for text in candidates:
        m = _TITLE_YEAR.search(text)
        if m:
            return Title(text=text, unit=text[:m.start()].strip("《》\"“”"), year=int(m.group(1)))
    return Title(text=flat(all_lines[0]) if all_lines else "", unit="", year=None)


def statistics_year(flat_text: str) -> int | None:
    """The year of `统计期限为2016年1月1日至12月31日` (old-format reports say it explicitly)."""
    m = re.search(r"(?:统计期限|统计时限|数据统计期)[为是:]?(\d{4})年1月1日(?:起)?至(?:(\d{4})年)?12月31日", flat_text)
    return int(m.group(1)) if m else None


def signature_date(all_lines: list[str]) -> dt.date | None:
    """The 落款日期: the last full date in the last lines of the report."""
    for line in reversed(all_lines[-8:]):
        found = _DATE.findall(flat(line))
        for y, m, d in reversed(found):
            try:
                return dt.date(int(y), int(m), int(d))
            except ValueError:
                continue
    return None


def signature_unit(all_lines: list[str]) -> str:
    """The signing body: the short line just before the 落款日期 (`西吉县人民政府`)."""
    tail = all_lines[-6:]
    for i in range(len(tail) - 1, 0, -1):
        if _DATE.search(flat(tail[i])) and len(flat(tail[i - 1])) <= 30 \
                and not _SENTENCE_END.search(tail[i - 1]):
            return flat(tail[i - 1])
    return ""


@dataclass
class Section:
    number: int
    numeral: str
    heading: str            # heading text after `三、`, continuation lines joined
    body: list[str] = field(default_factory=list)
    key: str | None = None  # overview | proactive | requests | review | fees | problems | other

    @property
    def text(self) -> str:
        return "".join(self.body)


def split_sections(all_lines: list[str]) -> tuple[list[str], list[Section]]:
    """Preamble lines and the top-level `一、` `二、` ... sections, numbered in sequence.

    A heading broken by PDF extraction (`三、办理政府信息依` / `申请公开情况`) is joined with the
    following short lines until a line reads like running text. A numeral out of sequence is
    body text (a list inside a section), not a heading.
    """
    preamble: list[str] = []
    sections: list[Section] = []
    i = 0
    while i < len(all_lines):
        line = all_lines[i]
        m = _HEADING.match(line)
        expected = len(sections) + 1
        # A table row printed as text (`四、结转下年度继续办理  1  0  0 …`) is not a heading.
        if m and numeral_value(m.group(1)) == expected and len(_NUMBER_TOKEN.findall(line)) < 2:
            heading, rest = _heading_and_rest(m.group(2))
            i += 1
            if rest is None:
                while i < len(all_lines) and _continues_heading(heading, all_lines[i]):
                    heading += flat(all_lines[i])
                    i += 1
            sections.append(Section(expected, m.group(1), heading, [rest] if rest else []))
            continue
        (sections[-1].body if sections else preamble).append(line)
        i += 1
    return preamble, sections


def _heading_and_rest(text: str) -> tuple[str, str | None]:
    """`总体情况。2016年，…` (heading and text on one line) -> (`总体情况`, `2016年，…`)."""
    text = flat(text).rstrip("。；;:：")
    m = re.match(r"([^。；;:：]{1,40}?)[。；;:：](.+)$", text)
    if m:
        return m.group(1), m.group(2)
    m = _SENTENCE_END.search(text)
    if m and m.start() > 0 and len(text) > 40:  # a long running line: heading up to the comma
        return text[:m.start()], text[m.start() + 1:]
    return text, None if len(text) <= 40 else ""


def _continues_heading(heading: str, line: str) -> bool:
    text = flat(line)
    if not text or len(heading) + len(text) > 40 or len(text) > 16:
        return False
    if _SENTENCE_END.search(text) or re.match(r"^[(（]?[一二三四五六七八九十\d]+[)）、.]", text):
        return False
    return heading[-1:] not in "况项"  # a heading ending 情况/事项 is complete
