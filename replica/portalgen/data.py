"""The data generated portals are drawn from: this package's own names (data/names.yaml) and
the duties the project declares (required columns per unit kind, freshness windows, report
deadlines), read from their YAML declarations rather than from the auditor's code."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data" / "names.yaml"
PER_PAGE = 5


@lru_cache(maxsize=1)
def names() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def duties() -> dict:
    """Required categories per unit kind, freshness windows in days per category, deadlines."""
    req = yaml.safe_load((ROOT / "ground/data/requirements.yaml").read_text(encoding="utf-8"))
    cats = yaml.safe_load((ROOT / "ground/data/categories.yaml").read_text(encoding="utf-8"))
    pack = yaml.safe_load((ROOT / "checks/packs/national.yaml").read_text(encoding="utf-8"))
    stale = pack["rules"]["column.stale"]["thresholds"]
    days = {"days": 1, "months": 31}  # months counted long: a margin, never a borderline
    windows = {}
    for cat, spec in cats["categories"].items():
        cls = spec.get("freshness")
        if cls and cls in stale:
            windows[cat] = int(stale[cls]["value"]) * days[stale[cls]["unit"]]
    report = pack["rules"]["annual-report.missing"]["thresholds"]
    return {"required": {k: list(v["required"]) for k, v in req["unit_kinds"].items()},
            "windows": windows,
            "deadlines": {k.removeprefix("deadline_"): v["value"] for k, v in report.items()
                          if k.startswith("deadline_") and k != "deadline_before_reform"}}


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
