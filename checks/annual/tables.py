"""The three statistics tables of a 2019/2021-format annual report, cell by cell.

Input tables are grids (rowspan/colspan expanded, one string per cell, as
`ground.documents.Table` holds them). Output uses the row and column names of the
format (ground/data/annual_report.yaml):

- `t2` (主动公开): {row label: {column: value}}, e.g. {"行政许可": {"本年处理决定数量": 42}}
- `t3` (申请办理): {row key: {column: value}}, keys 一, 二, 三.一 ... 三.三.1 ... 三.七, 四
- `t4` (复议诉讼): {block: {column: value}}

A blank cell is None: the format says 0 should be written, and a blank is not a zero we saw.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Iterable

from ground.annual_format import fmt
from checks.annual.text import flat

_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_BLANK = {"", "-", "—", "/", "／", "—-", "--"}
_SUBITEM = re.compile(r"^(\d{1,2})[.、](.*)$")


def number(cell: str):
    """The value of a numeric cell: int, float, or None for a blank one."""
    ok, value = _number(cell)
    if not ok:
        raise ValueError(value)
    return value


@lru_cache(maxsize=1 << 16)  # pure; a portal's reports repeat the same cells (≈ 900k calls)
def _number(cell: str) -> tuple[bool, object]:
    """(True, the value) of a numeric or blank cell, (False, its flattened text) otherwise."""
    text = flat(cell).replace(",", "")
    if text in _BLANK:
        return True, None
    if not _NUMBER.match(text):
        return False, text
    value = float(text)
    return True, int(value) if value.is_integer() and "." not in text else value


def is_value(cell: str) -> bool:
    try:
        number(cell)
        return True
    except ValueError:
        return False


def _labels(row: list[str], upto: int) -> list[str]:
    """The distinct label cells before the value cells (colspan repeats removed)."""
    out: list[str] = []
    for cell in row[:upto]:
        text = flat(cell)
        if text and not is_value(cell) and (not out or out[-1] != text):
            out.append(text)
    return out


@dataclass
class Tables:
    t2: dict = field(default_factory=dict)
    t3: dict = field(default_factory=dict)
    t4: dict = field(default_factory=dict)
    t2_rows_by_format: dict = field(default_factory=dict)   # format -> labels seen
    markers: dict = field(default_factory=dict)              # outdated/current -> words seen
    found: list = field(default_factory=list)                # which of t2/t3/t4 were present

    def as_json(self) -> dict:
        return {"t2": self.t2, "t3": self.t3, "t4": self.t4}


def parse(tables: Iterable) -> Tables:
    """Read every statistics table found among a document's tables."""
    out = Tables()
    data = fmt()
    for table in tables:
        rows = [list(r) for r in (table.rows if hasattr(table, "rows") else table.get("rows", []))]
        joined = flat("".join("".join(r) for r in rows))
        for kind in ("outdated", "current"):
            for word in data[f"{kind}_markers"]:
                if word in joined:
                    out.markers.setdefault(kind, [])
                    if word not in out.markers[kind]:
                        out.markers[kind].append(word)
        if "本年新收" in joined or "予以公开" in joined:
            _table3(rows, out)
            out.found.append("t3")
        elif "行政复议" in joined and "行政诉讼" in joined:
            _table4(rows, out)
            out.found.append("t4")
        elif _table2(rows, out):
            out.found.append("t2")
    out.found = sorted(set(out.found))
    return out


def _table2(rows: list[list[str]], out: Tables) -> bool:
    spec = fmt()["table2"]
    known = {label for name in ("2021", "2019") for label in spec[name]}
    headers: list[str] = []
    positions: dict[str, int] = {}   # column head -> first grid column it covers
    hit = False
    for row in rows:
        cells = [flat(c) for c in row]
        if "信息内容" in cells:  # the column heads of the next rows (colspan repeats removed)
            headers = [c for i, c in enumerate(cells) if c != "信息内容" and (i == 0 or c != cells[i - 1])]
            positions = {}
            for i, c in enumerate(cells):
                if c and c != "信息内容":
                    positions.setdefault(c, i)
            continue
        idx = [i for i, c in enumerate(cells) if c in known]
        if not idx:
            continue
        label = cells[idx[-1]]
        values = row[idx[-1] + 1:]
        if not values or not all(is_value(v) for v in values):
            continue  # a header row naming the item, not its figures
        choice = _columns_for(label, values, headers)
        if choice is None:
            continue
        fmt_name, cols = choice
        if len(values) < len(cols):
            continue  # fewer figures than columns: which is which cannot be told
        if all(col in positions and idx[-1] < positions[col] < len(row) for col in cols):
            # A grid: each figure sits under its column head, whatever the cells spanning
            # columns before it (a label over two columns, a value over three).
            out.t2[label] = {col: number(row[positions[col]]) for col in cols}
        else:
            # Printed text: spanning cells appear once; a label spanning two columns leaves
            # blank cells before the figures, so the figures are the last ones.
            if len(values) > len(cols) and all(not flat(v) for v in values[:len(values) - len(cols)]):
                values = values[len(values) - len(cols):]
            out.t2[label] = {col: number(v) for col, v in zip(cols, values)}
        out.t2_rows_by_format.setdefault(fmt_name, []).append(label)
        hit = True
    return hit


def _columns_for(label: str, values: list, headers: list[str]):
    """(format, columns) of a table-二 row: the format whose column heads the table shows,
    else the one whose column count fits (labels like 规章 occur in both formats)."""
    spec = fmt()["table2"]
    options = [(name, spec[name][label]) for name in ("2021", "2019") if label in spec[name]]
    for name, cols in options:
        if headers[:len(cols)] == cols:
            return name, cols
    for name, cols in options:
        if len(values) == len(cols):
            return name, cols
    fitting = [(n, c) for n, c in options if len(values) >= len(c)]
    return fitting[0] if fitting else None


def _row_key(labels: list[str], parent: str | None, spec_rows: list[dict]) -> tuple[str | None, str | None]:
    """(row key, new parent) for one table-3 row from its label cells."""
    text = "".join(labels)
    last = labels[-1] if labels else ""
    head = "".join(labels[:-1]) if _SUBITEM.match(last) else text
    for row in spec_rows:
        if any(word in head for word in row["match"]):
            key = row["key"]
            if "items" in row or "items_2021" in row:
                sub = _SUBITEM.match(last)
                return (f"{key}.{sub.group(1)}" if sub else key), key
            return key, None
    if "总计" in text:
        return "三.七", None
    sub = _SUBITEM.match(last)
    if sub and parent:
        return f"{parent}.{sub.group(1)}", parent
    return None, parent


def _table3(rows: list[list[str]], out: Tables) -> None:
    spec = fmt()["table3"]
    columns = spec["columns"]
    parent = None
    for row in rows:
        if len(row) <= len(columns):
            continue
        values = row[-len(columns):]
        if not all(is_value(v) for v in values):
            continue
        labels = _labels(row, len(row) - len(columns))
        if not labels:
            continue
        key, parent = _row_key(labels, parent, spec["rows"])
        if key and key not in out.t3:
            out.t3[key] = {c: number(v) for c, v in zip(columns, values)}


def _table4(rows: list[list[str]], out: Tables) -> None:
    spec = fmt()["table4"]
    width = len(spec["blocks"]) * len(spec["columns"])
    for row in rows:
        if len(row) < width:
            continue
        values = row[-width:]
        if all(is_value(v) for v in values) and any(number(v) is not None for v in values):
            it = iter(values)
            out.t4 = {b: {c: number(next(it)) for c in spec["columns"]} for b in spec["blocks"]}
            return


def parse_text(text: str) -> Tables:
    """The tables as printed in plain text (a web page's text or a PDF's without ruled
    tables): one row per line, cells separated by whitespace. Spanning label cells appear
    once, which the row readers allow for (table 三 tracks its parent rows)."""
    from checks.annual.text import normalise

    rows = _join_broken_rows([line.split() for line in normalise(text).split("\n") if line.strip()])
    rows = [r for r in rows if len(r) >= 2]
    out = Tables()
    if _table2(rows, out):
        out.found.append("t2")
    _table3(rows, out)
    _table4(rows, out)
    out.found += [name for name in ("t3", "t4") if getattr(out, name)]
    only_2019 = set(fmt()["table2"]["2019"]) - set(fmt()["table2"]["2021"])
    heads = {c for r in rows for c in r}
    words = [w for w in fmt()["outdated_markers"] if w in heads or w in only_2019 and w in out.t2]
    if words:
        out.markers["outdated"] = words
    current = [w for w in fmt()["current_markers"] if w in heads]
    if current:
        out.markers["current"] = current
    return out


def _join_broken_rows(rows: list[list[str]]) -> list[list[str]]:
    """A table row whose figures fell onto the next line (PDF text wraps a long label cell):
    a line of labels only followed by a line of figures only is one row."""
    out: list[list[str]] = []
    for row in rows:
        if out and row and all(is_value(c) for c in row) and any(number(c) is not None for c in row) \
                and out[-1] and not any(is_value(c) for c in out[-1]):
            out[-1] = out[-1] + row
        else:
            out.append(row)
    return out
