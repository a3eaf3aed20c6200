"""整改期限: the audit date plus N PRC working days (法定节假日 and 调休 included).

The shared working-day arithmetic lives in checks/workdays.py (the 条例 deadline rules use it);
we use it when it is there. The fallback below does the same with `chinesecalendar`: years the
package does not know yet (it raises NotImplementedError) count Monday–Friday, and the result is
marked estimated so the ledger can say so.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar

DEFAULT_RECTIFY_DAYS = 20
ESTIMATE_NOTE = "按周一至周五估算"


def _is_workday(day: dt.date) -> tuple[bool, bool]:
    try:
        return bool(chinese_calendar.is_workday(day)), False
    except NotImplementedError:  # year not yet published in the package
        return day.weekday() < 5, True


def _add_workdays(start: dt.date, days: int) -> tuple[dt.date, bool]:
    day, left, estimated = start, days, False
    while left > 0:
        day += dt.timedelta(days=1)
        work, guessed = _is_workday(day)
        estimated = estimated or guessed
        left -= work
    return day, estimated


def rectify_deadline(as_of: dt.date, days: int = DEFAULT_RECTIFY_DAYS) -> tuple[dt.date, bool]:
    """The `days`-th working day after `as_of` (as_of itself does not count), and whether any
    day of the count was estimated as Monday–Friday."""
    if days < 0:
        raise ValueError("days must be >= 0")
    try:
        from checks.workdays import add_workdays
    except ImportError:
        return _add_workdays(as_of, days)
    deadline = add_workdays(as_of, days)
    return deadline.day, deadline.estimated
