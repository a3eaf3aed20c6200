"""docs/datasette-metadata.yml describes exactly the tables and columns a govaudit store has."""

from __future__ import annotations

from pathlib import Path

import yaml

from ground.store import Store

METADATA = Path(__file__).resolve().parent.parent / "docs" / "datasette-metadata.yml"


def test_metadata_describes_every_table_and_column_of_the_store(tmp_path):
    store = Store(tmp_path / "govaudit.db")  # every migration applied
    schema = {t: set(store.db[t].columns_dict) for t in store.db.table_names()}
    store.close()
    doc = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    tables = doc["databases"]["govaudit"]["tables"]
    assert set(tables) == set(schema)
    for name, table in tables.items():
        assert table["description"].strip(), name
        assert set(table["columns"]) == schema[name], name
        assert all(str(text).strip() for text in table["columns"].values()), name
