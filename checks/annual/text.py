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
from functools import lru_cache
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
    # Pure, and one report's text is normalised by several of its analyses in a row (four
    # times per report): the last few results are kept (the text's hash is computed once per
    # string object, so asking again costs no pass over it).
    return _recent_normalise(text or "")


@lru_cache(maxsize=8)
def _recent_normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line for line in text.split("\n") if not _PAGE_NUMBER.match(line))


def flat(text: str) -> str:
    """The text with every whitespace removed (for phrase matching across broken lines)."""
    # Pure, and called for every table cell of every report (≈ 1.3 million calls for a
    # 745-unit portal, mostly the same few thousand cells): short ones are remembered.
    if text and len(text) > SHORT:
        return _long_flat(text)  # a report's sections are flattened by several checks
    return _short_flat(text)


SHORT = 200  # characters: a cell, a line


def _flat(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))


_short_flat = lru_cache(maxsize=1 << 16)(_flat)
_long_flat = lru_cache(maxsize=64)(_flat)  # whole texts: only the last few are kept


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


_STATS = re.compile(r"(?:统计期限|统计时限|统计时间|统计区间|数据统计期|统计周期)(?:为|是|从|自|:)*(\d{4})年(?:1月1日|度)"
                    r"(?:起)?(?:至|到|-|—|~)?(?:(\d{4})年)?(?:12月31日)?")
# The sentences a dated line in the text may belong to without being a 落款: the statistics
# period (`自2022年1月1日起至2022年12月31日止`), ranges and running prose.
# (Single characters only at the end: 自 and 至 occur in unit names, 自然资源局.)
_NOT_SIGNATURE = re.compile(r"统计|期限|截至|截止|以来|期间|[。；;，,:：！？]|(?:至|起|止|自|从|到|于)$")
_SIGNATURE_LINE = re.compile(r"^(?P<unit>[^\d]{0,40}?)(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日[)]?$")
_BODY_YEAR = re.compile(r"(?<!\d)(\d{4})年(?:度)?[,，]|(?<!\d)(\d{4})年(?:度)?(?:以来|全年|本(?:单位|局|县|镇|乡|部门))")
_CITED = re.compile(r"(?:国办公开办函|国办函)?[〔\[(【](20(?:19|21))[〕\])】](60|30)号")
SIGNATURE_WINDOW = 8


def statistics_year(flat_text: str) -> int | None:
    """The year of the statistics period sentence: `统计期限为2016年1月1日至12月31日`,
    `统计期限自2022年1月1日起至2022年12月31日止` (old and new reports alike)."""
    m = _STATS.search(flat_text)
    return int(m.group(1)) if m else None


def body_year(section_texts: list[str]) -> int | None:
    """The year the body speaks of: `2022年，县政府…` at the start of the first section or the
    most common leading year of its sentences (None when the body names none)."""
    counts: dict[int, int] = {}
    for text in section_texts[:2]:
        for m in _BODY_YEAR.finditer(text[:400]):
            year = int(m.group(1) or m.group(2))
            counts[year] = counts.get(year, 0) + 1
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


def cited_format(flat_text: str) -> str | None:
    """The template a report says it follows: 国办公开办函〔2021〕30号 -> "2021",
    〔2019〕60号 -> "2019" (None when it cites neither)."""
    for m in _CITED.finditer(flat_text):
        if (m.group(1), m.group(2)) == ("2021", "30"):
            return "2021"
        if (m.group(1), m.group(2)) == ("2019", "60"):
            return "2019"
    return None


def _signature_lines(all_lines: list[str]) -> list[tuple[int, str, dt.date]]:
    """(index, unit, date) of every line in the last lines that is a signature block's date
    line: a date alone, or a short signing body followed by a date, with no sentence
    punctuation and nothing of a period (`自…起至…止`, `统计期限…`)."""
    out = []
    start = max(0, len(all_lines) - SIGNATURE_WINDOW)
    for i in range(start, len(all_lines)):
        text = chinese_date(flat(all_lines[i]))
        m = _SIGNATURE_LINE.match(text)
        if not m or _NOT_SIGNATURE.search(m.group("unit")):
            continue
        # A date wrapped out of a sentence (`…起至` / `2022年12月31日` / `止。`) is no 落款.
        before = flat(all_lines[i - 1]) if i > 0 else ""
        after = flat(all_lines[i + 1]) if i + 1 < len(all_lines) else ""
        if re.search(r"(?:至|到|起|自|从|期限|为|是|于|[,，、])$", before) or re.match(r"^(?:止|[。，,；;)）])", after):
            continue
        try:
            day = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
        out.append((i, m.group("unit").strip("("), day))
    return out


_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_DATE = re.compile(r"([〇○零O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")


def _cn_number(text: str) -> int:
    """一 .. 三十一 (month and day numbers written in Chinese)."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def chinese_date(text: str) -> str:
    """`二〇二三年一月十八日` (a signature written in Chinese numerals) as `2023年1月18日`."""
    def repl(m: re.Match) -> str:
        try:
            year = "".join(str(_CN_DIGITS[c]) for c in m.group(1))
            return f"{year}年{_cn_number(m.group(2))}月{_cn_number(m.group(3))}日"
        except KeyError:
            return m.group(0)
    return _CN_DATE.sub(repl, text)


def signature_date(all_lines: list[str]) -> dt.date | None:
    """The 落款日期: the date line of the signature block at the end of the report, never a
    date inside a sentence (the statistics period, a meeting day)."""
    found = _signature_lines(all_lines)
    return found[-1][2] if found else None


def signature_unit(all_lines: list[str]) -> str:
    """The signing body: the short line just before the 落款日期 (`西吉县人民政府`), or the
    name on the date line itself (`西吉县人民政府 2017年1月19日`)."""
    found = _signature_lines(all_lines)
    if not found:
        return ""
    i, unit, _ = found[-1]
    if unit:
        return unit
    if i > 0:
        previous = all_lines[i - 1]
        if len(flat(previous)) <= 30 and not _SENTENCE_END.search(previous) \
                and not _DATE.search(flat(previous)):
            return flat(previous)
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
    body text (a list inside a section), not a heading, except one that skips a number or two
    and names a part of the report not seen yet (`…四、行政复议… 六、其他需要报告的事项` when the
    fifth part was left out): taking it for body text would hide the sixth part in the fourth,
    and the report would seem to stop early instead of lacking its fifth part.
    """
    preamble: list[str] = []
    sections: list[Section] = []
    i = 0
    while i < len(all_lines):
        line = all_lines[i]
        m = _HEADING.match(line)
        expected = len(sections) + 1
        value = numeral_value(m.group(1)) if m else 0
        # A table row printed as text (`四、结转下年度继续办理  1  0  0 …`) is not a heading.
        # and neither is its label alone on a line (the figures broken onto the next lines).
        if m and expected <= value <= expected + _MAX_SKIP and len(_NUMBER_TOKEN.findall(line)) < 2 \
                and not _is_table_row(m.group(2)):
            heading, rest = _heading_and_rest(m.group(2))
            if value != expected and not _names_new_part(heading, sections):
                (sections[-1].body if sections else preamble).append(line)
                i += 1
                continue
            i += 1
            if rest is None:
                while i < len(all_lines) and _continues_heading(heading, all_lines[i]):
                    heading += flat(all_lines[i])
                    i += 1
            sections.append(Section(value, m.group(1), heading, [rest] if rest else []))
            continue
        (sections[-1].body if sections else preamble).append(line)
        i += 1
    return preamble, sections


# How many part numbers a heading may skip and still be one (a report leaving out one part, or two).
_MAX_SKIP = 2


def _names_new_part(heading: str, sections: list["Section"]) -> bool:
    """A short heading naming one of the format's parts (ground/data/annual_report.yaml
    `sections`) that no earlier heading named."""
    from ground.annual_format import fmt

    text = flat(heading)
    if not text or len(text) > 30:
        return False
    spec = fmt()["sections"]
    named = [k for k, part in spec.items() if any(w in text for w in part["match"])]
    if not named:
        return False
    seen = {k for s in sections for k, part in spec.items()
            if any(w in flat(s.heading) for w in part["match"])}
    return named[0] not in seen


def _is_table_row(heading: str) -> bool:
    from ground.annual_format import fmt

    text = flat(heading)
    return any(word in text for word in fmt().get("table_row_headings", []))


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
