"""Each CMS dialect's replica host (Hanweb datastore + dataproxy, gkmlpt SPA + JSON API, VSB
list.jsp paging) is crawled and 100% of its list entries are extracted, as its manifest says.
Also a portal spread over several hosts (`hosts=`): the sub-site on another port is read.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import sqlite_utils

from replica import dialect_hosts
from tests.conftest import AS_OF

CODE = ("import sys, json; from crawler.run import run_crawl; "
        "print('CRAWL_ID', run_crawl(sys.argv[1], sys.argv[2], polite=False, progress=False, "
        "allow_private=True, hosts=json.loads(sys.argv[3])))")


def crawl(url: str, db, hosts=()) -> tuple[sqlite_utils.Database, int]:
    proc = subprocess.run([sys.executable, "-c", CODE, url, str(db), json.dumps(list(hosts))],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return sqlite_utils.Database(db), int(proc.stdout.split("CRAWL_ID")[1].split()[0])


@pytest.mark.parametrize("kind", ["hanweb", "gkmlpt", "vsb"])
def test_every_list_entry_of_the_dialect_host(kind, tmp_path):
    running, host = dialect_hosts.start(kind, dt.date.fromisoformat(AS_OF))
    with running:
        db, crawl_id = crawl(running.url, tmp_path / "c.db")
    assert db["crawls"].get(crawl_id)["status"] == "complete"
    columns = {c["key"]: c for c in db["columns"].rows_where("crawl_id = ?", [crawl_id])}
    items: dict[str, list] = {}
    for item in db["items"].rows_where("crawl_id = ?", [crawl_id], order_by="id"):
        items.setdefault(item["column_key"], []).append(
            (urlsplit(item["url"]).path, item["title"], item["list_date"]))
    for col in host.manifest["columns"]:
        got = columns.get(col["key"])
        assert got is not None, (col["key"], sorted(columns))
        assert (got["dialect"], got["list_status"], got["name"]) == (kind, "ok", col["name"])
        expected = [(i["path"], i["title"], i["list_date"]) for i in col["items"]]
        assert sorted(items.get(col["key"], [])) == sorted(expected), col["key"]
        assert got["item_count"] == len(expected)
    # Every article behind the entries was read.
    pages = {urlsplit(p["url"]).path: p for p in db["pages"].rows_where(
        "crawl_id = ? and role = 'article'", [crawl_id])}
    for col in host.manifest["columns"]:
        for item in col["items"]:
            assert pages[item["path"]]["status"] == 200, item


def test_a_portal_on_several_hosts(tmp_path):
    """The Hanweb department site linked from the gkmlpt host's homepage is another host of the
    same portal only when given in `hosts`; otherwise it is an external link, checked once."""
    hanweb, _ = dialect_hosts.start("hanweb", dt.date.fromisoformat(AS_OF))
    gk, gk_host = dialect_hosts.start("gkmlpt", dt.date.fromisoformat(AS_OF))
    gk_host.extra_links = [(hanweb.url + "col/col1003/index.html", "政策文件")]
    with hanweb, gk:
        db, alone = crawl(gk.url, tmp_path / "a.db")
        db, both = crawl(gk.url, tmp_path / "a.db", hosts=[urlsplit(hanweb.url).netloc])
    def read(crawl_id):
        return {p["url"]: p["role"] for p in db["pages"].rows_where("crawl_id = ?", [crawl_id])}
    target = hanweb.url + "col/col1003/index.html"
    assert read(alone).get(target) == "external"
    assert not [u for u in read(alone) if u.startswith(hanweb.url) and u != target]
    seen = read(both)
    assert seen.get(hanweb.url + "col/col1003/") == "column"
    assert any("/art/" in u and u.startswith(hanweb.url) for u in seen)
