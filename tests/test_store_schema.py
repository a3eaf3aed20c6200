"""The store's schema is what its migrations create, and it only changes on purpose.

A migration that has shipped must never change (databases already made with it would differ
from new ones), so the SQL of every table and index a fresh store gets is compared with
tests/data/schema.sql. Adding a migration changes that file: regenerate it with
`GOVAUDIT_UPDATE_SCHEMA=1 .venv/bin/python -m pytest tests/test_store_schema.py` and review the
diff, which should show only what the new migration adds.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ground.store import Store

SNAPSHOT = Path(__file__).parent / "data" / "schema.sql"


def schema_sql(db_path: Path) -> str:
    Store(str(db_path)).db.conn.close()
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("select type, name, sql from sqlite_master where sql is not null "
                            "order by type desc, name").fetchall()
    return "".join(f"-- {kind} {name}\n{sql};\n\n" for kind, name, sql in rows)


def test_a_fresh_store_has_the_reviewed_schema(tmp_path):
    sql = schema_sql(tmp_path / "fresh.db")
    if os.environ.get("GOVAUDIT_UPDATE_SCHEMA"):
        SNAPSHOT.write_text(sql, encoding="utf-8")
    assert sql == SNAPSHOT.read_text(encoding="utf-8"), (
        "the schema changed: if a new migration meant it, regenerate tests/data/schema.sql "
        "(see this file's docstring); a shipped migration must never change")


def test_opening_a_store_twice_changes_nothing(tmp_path):
    path = tmp_path / "twice.db"
    first = schema_sql(path)
    assert schema_sql(path) == first


def test_repeated_writes_of_one_shape_each_land_and_unknown_columns_are_still_refused(tmp_path):
    # The store keeps each insert/upsert statement per row shape (ground/store.py
    # _insert_sql): the second write of a shape must behave exactly like the first.
    import pytest

    from ground.store import StoreError

    store = Store(tmp_path / "s.db")
    crawl = store.start_crawl("http://a.example/")
    for status in (200, 404):  # same URL twice: the upsert updates the one row
        store.record_page(crawl, {"url": "http://a.example/x", "status": status, "role": "list"})
    store.record_page(crawl, {"url": "http://a.example/y", "status": 200, "role": "list"})
    for n in range(2):
        store.record_links(crawl, [{"from_url": "http://a.example/x",
                                    "to_url": f"http://a.example/{n}", "kind": "nav"}])
    with pytest.raises(StoreError):
        store.record_links(crawl, [{"from_url": "http://a.example/x", "to_url": "u",
                                    "kind": "nav", "no_such_column": 1}])
    rows = dict(store.db.conn.execute("select url, status from pages where crawl_id = ?",
                                      [crawl]).fetchall())
    links = store.db.conn.execute("select count(*) from links").fetchone()[0]
    store.close()
    assert rows == {"http://a.example/x": 404, "http://a.example/y": 200}
    assert links == 2
