"""Working-day (工作日) arithmetic on the PRC official calendar.

Deadlines of the 条例 are counted in 工作日: statutory holidays (国庆, 春节 …) do not count and the
weekend days moved to working days by 调休 do. The official calendar comes from the
`chinesecalendar` package (import name `chinese_calendar`), which only knows the years the State
Council has already announced. Outside those years we fall back to Monday–Friday and say so: a
result computed that way carries `estimated=True`, and findings quote ESTIMATE_NOTE, because a
deadline that spans an unknown holiday could be wrong by days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar

ESTIMATE_NOTE = "按周一至周五估算"


def _known(day: dt.date) -> bool:
    # The package raises NotImplementedError for years it has no announcement for.
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


# Cached: chinese_calendar scans its whole holiday table on every call (≈0.1 ms), and an audit
# of a million items asks about the same few hundred days again and again.
@lru_cache(maxsize=None)
def is_workday(day: dt.date) -> tuple[bool, bool]:
    """(is it a working day, was that estimated as Monday–Friday)."""
    try:
        return bool(chinese_calendar.is_workday(day)), False
    except NotImplementedError:
        return day.weekday() < 5, True


@dataclass(frozen=True)
class Deadline:
    """The last day that still meets an `n` working-day deadline, and whether it is estimated."""

    day: dt.date
    estimated: bool


@lru_cache(maxsize=65536)
def add_workdays(start: dt.date, n: int) -> Deadline:
    """The `n`-th working day after `start` (start itself does not count, as in 条例 期限:
    "自…之日起20个工作日内" counts from the following working day)."""
    day, counted, estimated = start, 0, False
    while counted < n:
        day += dt.timedelta(days=1)
        work, guessed = is_workday(day)
        estimated = estimated or guessed
        if work:
            counted += 1
    return Deadline(day, estimated)


def workdays_between(start: dt.date, end: dt.date) -> tuple[int, bool]:
    """Working days after `start` up to and including `end` (0 when end <= start), and whether
    any day was estimated."""
    count, estimated, day = 0, False, start
    while day < end:
        day += dt.timedelta(days=1)
        work, guessed = is_workday(day)
        estimated = estimated or guessed
        count += work
    return count, estimated


def calendar_known(day: dt.date) -> bool:
    """Whether the official calendar covers `day`'s year."""
    return _known(day)
