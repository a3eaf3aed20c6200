"""Do two stores hold the same facts? `python -m bench.samefacts A.db B.db`.

Used before and after a change to the crawler's speed (docs/crawl-performance.md): every table
present in both stores is compared row by row as a multiset, leaving out what differs from run
to run by nature: row ids, timestamps (`*_at`, `started`, `finished`) and measured durations
(`elapsed_ms`). Prints one line per table and exits 1 if any table differs.
"""

from __future__ import annotations

import sqlite3
import sys
from collections import Counter

VOLATILE = {"id", "elapsed_ms", "started", "finished", "started_at", "finished_at",
            "fetched_at", "created_at", "updated_at", "settings"}


def _rows(con: sqlite3.Connection, table: str) -> tuple[list[str], Counter]:
    cols = [r[1] for r in con.execute(f'pragma table_info("{table}")')
            if r[1] not in VOLATILE and not r[1].endswith("_at")]
    select = ", ".join(f'"{c}"' for c in cols)
    return cols, Counter(con.execute(f'select {select} from "{table}"').fetchall())


def compare(a: str, b: str) -> list[str]:
    """One line per table; a line starting with `DIFF` is a table whose facts differ."""
    ca, cb = sqlite3.connect(a), sqlite3.connect(b)
    query = "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
    tables = sorted({r[0] for r in ca.execute(query)} & {r[0] for r in cb.execute(query)})
    lines = []
    for table in tables:
        cols_a, rows_a = _rows(ca, table)
        cols_b, rows_b = _rows(cb, table)
        if cols_a != cols_b:
            lines.append(f"DIFF {table}: columns {cols_a} / {cols_b}")
        elif rows_a != rows_b:
            only_a, only_b = rows_a - rows_b, rows_b - rows_a
            sample = next(iter(only_a or only_b))
            lines.append(f"DIFF {table}: {sum(only_a.values())} rows only in A, "
                         f"{sum(only_b.values())} only in B, e.g. {str(sample)[:300]}")
        else:
            lines.append(f"same {table}: {sum(rows_a.values())} rows")
    return lines


def main() -> int:
    lines = compare(*sys.argv[1:3])
    print("\n".join(lines))
    return 1 if any(line.startswith("DIFF") for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
