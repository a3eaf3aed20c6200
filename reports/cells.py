"""Make text safe for a spreadsheet cell (XLSX or CSV).

Titles, anchor texts and URLs come from crawled pages, and finding messages quote them. Two
things can go wrong:

* Excel and LibreOffice treat a cell starting with `=`, `+`, `-` or `@` (and, after a tab or CR,
  the same) as a formula, so a page titled `=HYPERLINK(...)` would run in the auditor's
  spreadsheet (CSV/formula injection). Prefixing `'` makes the cell plain text, the OWASP
  recommendation.
* XML 1.0, and so XLSX, forbids most control characters; a crawled title holding one (a stray
  \\x0b from a CMS) made openpyxl refuse the whole ledger. They are removed (tab, line feed and
  carriage return are allowed and kept).
"""

from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Return `value` without forbidden characters, with a leading `'` when it is a string a
    spreadsheet would evaluate."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
