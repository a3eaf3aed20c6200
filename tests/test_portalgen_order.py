"""Generated portals crawled in two orders store the same structure, each column under the unit
its manifest names.

One server per seed (one port, so stores compare fact by fact with bench.samefacts); the first
crawl holds back every department's and town's landing page, the second the county's platform
and column pages, so the pages that link a column answer in opposite orders.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
import sqlite_utils

from bench.samefacts import compare
from govaudit.groundtruth import location
from replica.portalgen import build
from replica.portalgen.serve import start

AS_OF = dt.date(2026, 11, 27)
HANG_S = 600
CODE = ("import sys; from crawler.run import run_crawl; "
        "print('CRAWL_ID', run_crawl(sys.argv[1], sys.argv[2], polite=False, progress=False, "
        "allow_private=True))")


def _hold_back(served, slow: set[str]) -> None:
    """Pages whose path is in `slow` answer half a second after being asked."""
    for httpd, _ in served.servers:
        base = httpd.RequestHandlerClass

        class Slow(base):
            def do_GET(self):  # noqa: N802 - stdlib name
                path = urlsplit(self.path).path
                if path in slow or path.removesuffix("index.html") in slow:
                    time.sleep(0.5)
                base.do_GET(self)

        httpd.RequestHandlerClass = Slow


@pytest.mark.parametrize("seed", [2, 6])
def test_two_orders_give_the_same_columns_and_units(seed, tmp_path):
    built = build(seed, AS_OF)
    slow: set[str] = set()
    dbs = []
    with start(built) as served:
        manifest = served.manifest
        county = manifest["units"][0]["name"]
        units = {urlsplit(u["url"]).path for u in manifest["units"] if u["name"] != county}
        own = {urlsplit(c["url"]).path for c in manifest["columns"] if c["unit"] == county}
        own.add(urlsplit(manifest["units"][0]["url"]).path)
        _hold_back(served, slow)
        for name, held in (("units-last", units), ("county-last", own)):
            slow.clear()
            slow.update(held)
            db = tmp_path / f"{name}.db"
            proc = subprocess.run([sys.executable, "-c", CODE, served.url, str(db)],
                                  capture_output=True, text=True, timeout=HANG_S)
            assert proc.returncode == 0, proc.stdout + proc.stderr
            dbs.append(db)
    lines = {line.split(":")[0].split()[1]: line for line in compare(*map(str, dbs))}
    for table in ("columns", "units", "items"):
        assert lines[table].startswith("same"), lines[table]
    # And the one structure both stored is the manifest's: each column under its own unit.
    db = sqlite_utils.Database(dbs[0])
    unit_names = {u["key"]: u["name"] for u in db["units"].rows}
    stored = {location(c["url"]): unit_names.get(c["unit_key"]) for c in db["columns"].rows}
    for column in manifest["columns"]:
        where = location(column["url"])
        if column["role"] == "column" and where in stored:
            assert stored[where] == column["unit"], (column["name"], column["url"])
