"""Date parsing for list entries, info lines, meta tags and URLs.

All formats of the reference notes (§3.3) end up as ISO `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` when a
time was shown. Impossible dates (month 13, 30 February) are rejected rather than guessed, and a
date found only in a URL is a last resort: portals' list/article/URL dates often disagree.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# Years outside this range are typos or template junk; future dates are kept (a real defect).
MIN_YEAR, MAX_YEAR = 1949, 2099

_DATE_RE = re.compile(
    r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:[\sT]*(\d{1,2})\s*[:时]\s*(\d{2})(?:\s*[:分]\s*(\d{2}))?)?"
)
_COMPACT_RE = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_URL_PATTERNS = [
    re.compile(r"/t(\d{4})(\d{2})(\d{2})_\d+"),  # TRS ./202104/t20210402_123.html
    re.compile(r"/art/(\d{4})/(\d{1,2})/(\d{1,2})/"),  # Hanweb /art/2023/1/31/
    re.compile(r"/(\d{4})-(\d{2})-(\d{2})/"),  # /cms/html/site/2013-01-25/
]


def normalize(text: str) -> str:
    """Full-width digits and punctuation to ASCII (NFKC), non-breaking spaces to spaces."""
    return unicodedata.normalize("NFKC", text or "").replace("\u3000", " ")


def make_iso(year: int, month: int, day: int, hour: int | None = None,
             minute: int | None = None) -> str | None:
    """ISO string for a valid date (and time), None for an impossible one."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if hour is None or minute is None:
        return date.isoformat()
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return date.isoformat()
    return f"{date.isoformat()}T{hour:02d}:{minute:02d}"


def find_dates(text: str) -> list[str]:
    """Every valid date in `text`, in order of appearance."""
    out = []
    for m in _DATE_RE.finditer(normalize(text)):
        hour = int(m.group(4)) if m.group(4) else None
        minute = int(m.group(5)) if m.group(5) else None
        iso = make_iso(int(m.group(1)), int(m.group(2)), int(m.group(3)), hour, minute)
        if iso:
            out.append(iso)
    return out


def parse_date(text: str | None, *, compact: bool = False) -> str | None:
    """The first valid date in `text` (`2020-09-03`, `2024年04月06日 16:40`, `[2021/04/02]` …).

    `compact=True` also accepts `20210402` (only for attribute values that hold nothing else,
    since in free text eight digits are more often an id than a date).
    """
    if not text:
        return None
    dates = find_dates(text)
    if dates:
        return dates[0]
    if compact:
        m = _COMPACT_RE.search(normalize(text))
        if m:
            return make_iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def date_from_url(url: str | None) -> str | None:
    """The date embedded in an article URL (`t20190918_…`, `/art/2023/1/31/`): last resort only."""
    if not url:
        return None
    for pattern in _URL_PATTERNS:
        m = pattern.search(url)
        if m:
            iso = make_iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                return iso
    return None


def date_only(iso: str | None) -> str | None:
    """`2019-09-18T06:23` → `2019-09-18`."""
    return iso[:10] if iso else None


_CHINA = dt.timezone(dt.timedelta(hours=8))


def date_from_value(value) -> str | None:
    """An ISO date from a JSON value: a Unix timestamp in seconds or milliseconds (read in China
    time, as CMS APIs write them), digits holding one, or any text `parse_date` reads."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if value <= 0:
            return None
        seconds = value / 1000 if value > 10 ** 11 else value
        try:
            return dt.datetime.fromtimestamp(seconds, _CHINA).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and len(text) in (10, 13):
            return date_from_value(int(text))
        found = parse_date(text)
        return found[:10] if found else None
    return None
