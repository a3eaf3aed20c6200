"""Neutralise text before it goes into a spreadsheet cell (XLSX or CSV).

Titles, anchor texts and URLs come from crawled pages, and finding messages quote them. Excel
and LibreOffice treat a cell starting with `=`, `+`, `-` or `@` (and, after a tab or CR, the
same) as a formula, so a page titled `=HYPERLINK(...)` would run in the auditor's spreadsheet
(CSV/formula injection). Prefixing `'` makes the cell plain text, the OWASP recommendation.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Return `value` with a leading `'` when it is a string a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
