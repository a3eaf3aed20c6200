"""Date helpers for freshness and deadline rules: parsing stored dates and month arithmetic.

Kept to the standard library on purpose (no dateutil): the only calendar operation needed is
"N months before a date", with the day clamped to the end of a shorter month.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache


def parse_date(value: str | None) -> dt.date | None:
    """The date part of a stored ISO date or datetime (`2026-03-01`, `2026-03-01T09:30`,
    `2026-03-01 09:30`); None when missing or not a real date."""
    if not value or not isinstance(value, str):
        return None
    return _parse(value)


@lru_cache(maxsize=1 << 16)  # a site's million items carry a few thousand distinct dates
def _parse(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def months_before(day: dt.date, months: int) -> dt.date:
    """`day` moved back by whole months; 31 Aug minus 6 months is 28/29 Feb."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def window_start(as_of: dt.date, value: int, unit: str) -> dt.date:
    """The oldest date that still counts as fresh for a window of `value` `unit`s.

    An item dated exactly on the returned day is fresh; one day older is stale. So with a
    14-day window and as_of 2026-11-27, 2026-11-13 (14 days old) is fresh and 2026-11-12 is not.
    """
    if unit == "days":
        return as_of - dt.timedelta(days=int(value))
    if unit == "months":
        return months_before(as_of, int(value))
    raise ValueError(f"unknown window unit {unit!r}")


def month_day(year: int, value: str) -> dt.date:
    """`"01-31"` in `year` as a date."""
    month, day = (int(part) for part in value.split("-"))
    return dt.date(year, month, day)


def window_text(value: int, unit: str) -> str:
    """Chinese wording of a window for messages: 14天, 6个月, 12个月."""
    return f"{value}天" if unit == "days" else f"{value}个月"
