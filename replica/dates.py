"""Date arithmetic and the display formats of real list pages (portals.md §3.3).

Annual-report deadlines are read from the rule pack (replica.declared), so the replica's ground
truth agrees with the `annual-report.*` rules on any audit date.
"""
import calendar
import datetime as dt

from . import declared

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

FORMATS = {
    "iso": "%Y-%m-%d",
    "bracket": "[%Y-%m-%d]",
    "slash": "%Y/%m/%d",
    "dot": "%Y.%m.%d",
    "cn": "%Y年%m月%d日",
    "fullwidth": "%Y-%m-%d",
}


def show(day: dt.date, fmt: str) -> str:
    """Render a list date the way a column of that template shows it."""
    text = day.strftime(FORMATS[fmt])
    return text.translate(FULLWIDTH) if fmt == "fullwidth" else text


def report_deadline(year: int, kind: str) -> dt.date:
    """Deadline of the annual report for `year` as the pack's annual-report.missing thresholds
    declare it (nationally: departments 1月31日, others 3月31日; every unit 3月31日 before the
    2019 reform)."""
    mm_dd = declared.report_deadline_of(kind, year)
    month, day = (int(p) for p in mm_dd.split("-"))
    return dt.date(year + 1, month, day)


def latest_due_year(as_of: dt.date, kind: str) -> int:
    """The latest report year whose deadline has passed on `as_of` (strictly before it)."""
    year = as_of.year
    while not as_of > report_deadline(year, kind):
        year -= 1
    return year


def months_ago(as_of: dt.date, days: int) -> dt.date:
    return as_of - dt.timedelta(days=days)


def months_before(day: dt.date, months: int) -> dt.date:
    """`day` moved back by whole months, the day clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
