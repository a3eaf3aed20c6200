"""整改期限: the audit date plus N PRC working days (法定节假日 and 调休 included).

The working-day arithmetic itself is shared with the checks (ground/workdays.py); this module
only fixes the ledger's default period and the shape the ledger rows need.
"""

from __future__ import annotations

import datetime as dt

from ground.workdays import ESTIMATE_NOTE, add_workdays

__all__ = ["DEFAULT_RECTIFY_DAYS", "ESTIMATE_NOTE", "rectify_deadline"]

DEFAULT_RECTIFY_DAYS = 20


def rectify_deadline(as_of: dt.date, days: int = DEFAULT_RECTIFY_DAYS) -> tuple[dt.date, bool]:
    """The `days`-th working day after `as_of` (as_of itself does not count), and whether any
    day of the count had to be estimated as Monday–Friday."""
    if days < 0:
        raise ValueError("days must be >= 0")
    deadline = add_workdays(as_of, days)
    return deadline.day, deadline.estimated
