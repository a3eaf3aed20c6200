"""The annual-report format data (ground/data/annual_report.yaml), NFKC-normalised once: the
templates by year, sections, table rows and markers that the checks judge against and the reports
name."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from ground.config import load_yaml


def _nfkc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value)
    if isinstance(value, list):
        return [_nfkc(v) for v in value]
    if isinstance(value, dict):
        return {_nfkc(k): _nfkc(v) for k, v in value.items()}
    return value


@lru_cache(maxsize=None)
def fmt() -> dict:
    """Templates, sections, table rows and markers; keys and words in NFKC form, so they
    compare equal to normalised report text."""
    return _nfkc(load_yaml("annual_report.yaml"))


def template_for_year(year: int | None) -> str | None:
    """The format a report of `year` must use: old | 2019 | 2021."""
    if year is None:
        return None
    if year < fmt()["templates"]["2019"]["first_year"]:
        return "old"
    for name, spec in fmt()["templates"].items():
        if spec.get("first_year", 0) <= year <= spec.get("last_year", 9999):
            return name
    return None
