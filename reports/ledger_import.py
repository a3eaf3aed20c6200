"""Read a filled 整改台账 back: the departments' answers (整改措施, 责任人, 完成情况, 复核), matched to
findings by the 指纹 column and stored (table `ledger_answers`, migration m009) so the next report
and the next ledger show them.

A ledger comes back from many hands: sheets may be reordered, columns moved, rows sorted or
deleted, an Excel "'" prefix added. So every sheet is read, columns are found by their header
text, and a row counts only when its fingerprint belongs to a finding of a stored audit. Nothing
in it is trusted: values are stored as text and escaped wherever they are shown.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ground.store import Store, now_iso

from reports.ledger_rows import ANSWER_FIELDS

MAX_ANSWER = 2000  # characters kept per cell: a pasted document is not an answer


class LedgerFileError(ValueError):
    """The file is not a readable ledger; the message is shown to the user."""


@dataclass
class ImportResult:
    imported: int = 0  # rows with at least one answer, matched to a finding
    unchanged: int = 0  # matched rows without any answer filled in
    unknown: list[str] = field(default_factory=list)  # fingerprints no stored finding has
    sites: set[str] = field(default_factory=set)


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    if text.startswith("'"):  # our own formula guard, or Excel's text marker
        text = text[1:]
    return text[:MAX_ANSWER]


def read_answers(path: str | Path) -> list[dict]:
    """Rows of every sheet that has a 指纹 column: {fingerprint, measures, owner, progress, review}."""
    path = Path(path)
    if not path.is_file():
        raise LedgerFileError(f"整改台账文件不存在：{path}")
    try:
        wb = load_workbook(path, read_only=True, data_only=False)  # a typed "=..." stays text
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise LedgerFileError(f"无法读取整改台账 {path}：不是有效的 .xlsx 文件（{exc}）") from None
    rows: list[dict] = []
    found = False
    for ws in wb.worksheets:
        header_row = None
        for values in ws.iter_rows(values_only=True):
            cells = [_text(v) for v in values]
            if header_row is None:
                if "指纹" in cells:
                    header_row = {name: i for i, name in enumerate(cells) if name}
                    found = True
                continue
            fp = cells[header_row["指纹"]] if header_row["指纹"] < len(cells) else ""
            if not fp:
                continue
            answer = {"fingerprint": fp}
            for header, key in ANSWER_FIELDS.items():
                i = header_row.get(header)
                answer[key] = cells[i] if i is not None and i < len(cells) else ""
            rows.append(answer)
    wb.close()
    if not found:
        raise LedgerFileError(f"{path} 中没有“指纹”列，无法与检查结果对应；请使用 govaudit 生成的整改台账")
    return rows


def import_answers(store: Store, path: str | Path) -> ImportResult:
    """Store the answers of the ledger at `path`; the latest import of a finding wins."""
    result = ImportResult()
    sites = store.finding_sites()
    now = now_iso()
    for answer in read_answers(path):
        site = sites.get(answer["fingerprint"])
        if site is None:
            result.unknown.append(answer["fingerprint"])
            continue
        if not any(answer[k] for k in ANSWER_FIELDS.values()):
            result.unchanged += 1
            continue
        store.save_ledger_answer(
            {"site_url": site, **answer, "source_file": Path(path).name, "imported_at": now})
        result.imported += 1
        result.sites.add(site)
    return result
