"""Date arithmetic and the display formats of real list pages (portals.md §3.3).

The annual-report deadline logic mirrors docs/architecture.md so that the replica's ground
truth agrees with the `annual-report.*` rules on any audit date.
"""
import calendar
import datetime as dt

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
    """Deadline of the annual report for `year`: departments 1月31日, others 3月31日."""
    if year < 2019 or kind != "department":
        return dt.date(year + 1, 3, 31)
    return dt.date(year + 1, 1, 31)


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
