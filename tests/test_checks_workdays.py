"""Working days on the PRC calendar: 国庆, 春节, 调休 weekend working days, and the
Monday–Friday fallback outside the years the calendar package knows."""

from __future__ import annotations

import datetime as dt

from ground.workdays import ESTIMATE_NOTE, add_workdays, calendar_known, is_workday, workdays_between

D = dt.date


def test_national_day_2025_is_skipped_and_tiaoxiu_saturday_counts():
    # 2025 国庆+中秋: 10月1日–8日 off, 9月28日(周日) and 10月11日(周六) are working days.
    assert is_workday(D(2025, 10, 3)) == (False, False)
    assert is_workday(D(2025, 9, 28)) == (True, False)
    assert is_workday(D(2025, 10, 11)) == (True, False)
    # Written on Friday 26 Sep: 28 Sep, 29, 30, 9 Oct, 10, 11 (Sat, 调休), 13 Oct.
    assert add_workdays(D(2025, 9, 26), 7).day == D(2025, 10, 13)


def test_spring_festival_2026_with_two_tiaoxiu_saturdays():
    # 2026 春节: 2月15日–23日 off; 2月14日(周六) and 2月28日(周六) are working days.
    assert add_workdays(D(2026, 2, 13), 1).day == D(2026, 2, 14)
    assert add_workdays(D(2026, 2, 12), 7).day == D(2026, 2, 28)
    assert workdays_between(D(2026, 2, 14), D(2026, 2, 23)) == (0, False)


def test_ordinary_week_counts_monday_to_friday():
    assert add_workdays(D(2026, 11, 2), 5).day == D(2026, 11, 9)
    assert workdays_between(D(2026, 11, 2), D(2026, 11, 9)) == (5, False)
    assert workdays_between(D(2026, 11, 9), D(2026, 11, 2)) == (0, False)


def test_unknown_year_falls_back_to_monday_to_friday_and_says_so():
    assert not calendar_known(D(2099, 1, 1))
    assert is_workday(D(2099, 1, 1)) == (True, True)  # a Thursday; 元旦 unknown here
    deadline = add_workdays(D(2099, 1, 2), 2)  # Friday → Mon 5, Tue 6
    assert deadline.day == D(2099, 1, 6) and deadline.estimated
    assert ESTIMATE_NOTE == "按周一至周五估算"


def test_deadline_crossing_into_unknown_year_is_estimated():
    assert add_workdays(D(2026, 12, 28), 7).estimated
    assert not add_workdays(D(2026, 12, 1), 7).estimated
