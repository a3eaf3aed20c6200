"""Which report files to write: `--format html,json,xlsx,csv,sarif,junit`.

One place maps format names to writers, so the CLI only passes the user's list through. All
writers share one `AuditData`, read once, so the files of one run cannot disagree.

Reports are written into a temporary folder beside the output folder and moved into place
when every file is written: a report killed midway (or failing in one writer) leaves the
previous report whole, never a new `index.html` beside an old `findings.json`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from ground.store import Store

from reports.findings_csv import write_findings_csv
from reports.findings_json import write_findings_json
from reports.junit import write_junit
from reports.ledger_xlsx import write_ledger_xlsx
from reports.load import AuditData, load_audit
from reports.sarif import write_sarif
from reports.workdays import DEFAULT_RECTIFY_DAYS

ALL_FORMATS = ("html", "json", "xlsx", "csv", "sarif", "junit")
DEFAULT_FORMATS = ("html", "json", "xlsx")
DEFAULT_FORMAT_OPTION = ",".join(DEFAULT_FORMATS)


class FormatError(ValueError):
    """An unknown format name; the message is shown to the user."""


def parse_formats(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """`"html, xlsx"` → `("html", "xlsx")` in canonical order; unknown names are refused."""
    if value is None:
        return DEFAULT_FORMATS
    names = value.split(",") if isinstance(value, str) else list(value)
    wanted = {n.strip().lower() for n in names if n.strip()}
    unknown = sorted(wanted - set(ALL_FORMATS))
    if unknown:
        raise FormatError(f"不支持的报告格式：{', '.join(unknown)}；可选：{', '.join(ALL_FORMATS)}")
    if not wanted:
        raise FormatError(f"未指定报告格式；可选：{', '.join(ALL_FORMATS)}")
    return tuple(f for f in ALL_FORMATS if f in wanted)


def _html(store: Store, audit_id: int, out: Path, data: AuditData, **_) -> Path:
    from reports.render import write_report  # Jinja2 only when HTML is wanted

    # write_report also writes findings.json, as it always has: the HTML links to it.
    return write_report(store, audit_id, out)


def _ledger(store: Store, audit_id: int, out: Path, data: AuditData, rectify_days: int) -> Path:
    """整改台账.xlsx, and the same ledger as 整改台账.html for printing."""
    from reports.ledger_html import write_ledger_html

    path = write_ledger_xlsx(store, audit_id, out, data=data, rectify_days=rectify_days)
    write_ledger_html(data, out, rectify_days)
    return path


# Writers take (store, audit_id, out, data, **options); options: rectify_days (整改期限).
WRITERS: dict[str, Callable[..., Path]] = {
    "html": _html,
    "json": lambda store, audit_id, out, data, **_: write_findings_json(
        store, audit_id, out, data=data),
    "xlsx": lambda store, audit_id, out, data, rectify_days=DEFAULT_RECTIFY_DAYS, **_:
        _ledger(store, audit_id, out, data, rectify_days),
    "csv": lambda store, audit_id, out, data, rectify_days=DEFAULT_RECTIFY_DAYS, **_:
        write_findings_csv(store, audit_id, out, data=data, rectify_days=rectify_days),
    "sarif": lambda store, audit_id, out, data, **_: write_sarif(store, audit_id, out, data=data),
    "junit": lambda store, audit_id, out, data, **_: write_junit(store, audit_id, out, data=data),
}


def write_formats(store: Store, audit_id: int, out_dir: str | Path,
                  formats: Iterable[str] = DEFAULT_FORMATS,
                  rectify_days: int = DEFAULT_RECTIFY_DAYS) -> dict[str, Path]:
    """Write the chosen formats of audit `audit_id` into `out_dir`; return format → path.
    `rectify_days`: the ledger's 整改期限 in working days after the audit date."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = load_audit(store, audit_id)
    names = parse_formats(formats)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name or 'report'}.writing-", dir=out.parent))
    try:
        written = {name: WRITERS[name](store, audit_id, staging, data, rectify_days=rectify_days)
                   for name in names}
        move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {name: out / path.relative_to(staging) for name, path in written.items()}


def move_into_place(staging: Path, out: Path) -> None:
    """Move every entry of `staging` into `out`, replacing what is there under the same name
    (files by an atomic rename; folders moved aside first, then removed). Other files the user
    keeps in `out` (a database, notes) are left alone."""
    for entry in sorted(staging.iterdir()):
        target = out / entry.name
        if entry.is_dir():
            old = None
            if target.exists():
                old = out / f".{entry.name}.old-{os.getpid()}"
                shutil.rmtree(old, ignore_errors=True)
                os.replace(target, old)
            os.replace(entry, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        else:
            if target.is_dir():
                shutil.rmtree(target)
            os.replace(entry, target)
