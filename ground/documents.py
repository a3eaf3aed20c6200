"""What reading one document yields: its kind, text, tables and whether it could be read.

Shared by the crawler (which stores it), the checks (which analyse it) and `govaudit analyze`.
This module must stay free of Scrapy and of the format libraries, so checks can import it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Document.status values. Anything but OK means "we could not see inside": checks that need
# the content report 未能核验 / 需人工核查 for it, never a pass and never a failure.
OK = "ok"
NEEDS_REVIEW = "needs-review"  # a format no packaged tool reads here (DOC, WPS, scanned PDF ...)
TOO_LARGE = "too-large"        # skipped: larger than the configured limit
ERROR = "error"                # corrupt or truncated file, wrong encoding beyond repair ...


@dataclass
class Table:
    """One table, rowspan/colspan expanded so every row has one string per grid cell."""

    rows: list[list[str]]
    caption: str = ""            # the title printed above the table, when one was found
    page: int | None = None      # 1-based page (PDF) or sheet index (XLSX), when known
    sheet: str = ""              # worksheet name (XLSX/XLS)


@dataclass
class Document:
    url: str
    kind: str                    # html | pdf | docx | doc | xlsx | xls | wps | txt | other
    status: str = OK
    note: str = ""               # why status is not OK, in Chinese (shown to users)
    text: str = ""
    tables: list[Table] = field(default_factory=list)
    pages: int | None = None
    bytes: int | None = None
    sha256: str = ""

    @property
    def readable(self) -> bool:
        return self.status == OK

    def tables_json(self) -> list[dict]:
        return [asdict(t) for t in self.tables]

    @classmethod
    def from_row(cls, row, text: str = "") -> "Document":
        """Rebuild from a `documents` store row (tables as JSON) plus its text from `texts`."""
        import json

        tables = [Table(**t) for t in json.loads(row.get("tables") or "[]")]
        return cls(url=row["url"], kind=row.get("kind") or "other", status=row.get("status") or OK,
                   note=row.get("note") or "", text=text, tables=tables, pages=row.get("pages"),
                   bytes=row.get("bytes"), sha256=row.get("sha256") or "")
