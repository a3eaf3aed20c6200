"""The data generated portals are drawn from: this package's own names (data/names.yaml) and
the duties the project declares (required columns per unit kind, freshness windows, report
deadlines), read through replica.declared from their YAML declarations rather than from the
auditor's code."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import yaml

from replica import declared

DATA = Path(__file__).parent / "data" / "names.yaml"
PER_PAGE = 5


@lru_cache(maxsize=1)
def names() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def duties() -> dict:
    """Required categories per unit kind, freshness windows in days per category, deadlines."""
    windows = {}
    for cat in declared.categories():
        cls = declared.freshness_class(cat)
        if cls:
            windows[cat] = declared.window_days(cls)
    return {"required": declared.required_columns(), "windows": windows,
            "deadlines": declared.report_deadlines()}


def deadline(kind: str, year: int) -> dt.date:
    """Publication deadline of the report for `year` for a unit of `kind`."""
    mm_dd = duties()["deadlines"].get(kind) or duties()["deadlines"]["county"]
    month, day = (int(p) for p in mm_dd.split("-"))
    return dt.date(year + 1, month, day)


def due_report(kind: str, as_of: dt.date) -> tuple[int, dt.date]:
    """The latest report year whose deadline has passed on as_of, and that deadline."""
    year = as_of.year - 1
    while deadline(kind, year) >= as_of:
        year -= 1
    return year, deadline(kind, year)
