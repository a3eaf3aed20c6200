"""Kill and resume: a crawl of the replica killed with SIGKILL half-way and restarted with
`resume=True` replays what it had fetched, asks the portal for the rest, and ends with exactly
the findings of an uninterrupted crawl.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from checks.runner import run_checks
from crawler.resume import state_dir
from ground.store import Store
from tests.conftest import AS_OF
from tests.test_crawl_replica import replica  # noqa: F401 - the served replica fixture

CODE = ("import sys, json; from crawler.run import run_crawl; "
        "print('CRAWL_ID', run_crawl(sys.argv[1], sys.argv[2], polite=False, progress=False, "
        "allow_private=True, resume=json.loads(sys.argv[3])))")


def crawl_args(url, db, resume: bool):
    return [sys.executable, "-c", CODE, url, str(db), json.dumps(resume)]


def findings_of(db, crawl_id) -> set:
    store = Store(str(db))
    try:
        audit_id = run_checks(store, crawl_id, AS_OF)
        return {(f["rule"], f["fingerprint"], f["status"]) for f in store.findings(audit_id)}
    finally:
        store.close()


def page_count(db) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as con:
            return con.execute("select count(*) from pages").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def clean(replica, tmp_path_factory):  # noqa: F811 - pytest fixture injection
    url, _ = replica
    db = tmp_path_factory.mktemp("clean") / "c.db"
    proc = subprocess.run(crawl_args(url, db, False), capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    crawl_id = int(proc.stdout.split("CRAWL_ID")[1].split()[0])
    return db, crawl_id


def test_sigkilled_crawl_resumes_to_the_same_findings(replica, clean, tmp_path):  # noqa: F811
    url, _ = replica
    clean_db, clean_id = clean
    total = page_count(clean_db)
    db = tmp_path / "r.db"
    proc = subprocess.Popen(crawl_args(url, db, False), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while page_count(db) < total // 2 and time.monotonic() < deadline:
            assert proc.poll() is None, "the crawl ended before it could be killed"
            time.sleep(0.05)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    killed_pages = page_count(db)
    assert 0 < killed_pages < total
    assert any((tmp_path / "r.db.resume").iterdir())  # the replay cache survived the kill

    again = subprocess.run(crawl_args(url, db, True), capture_output=True, text=True, timeout=180)
    assert again.returncode == 0, again.stderr
    resumed_id = int(again.stdout.split("CRAWL_ID")[1].split()[0])
    store = Store(str(db))
    try:
        killed, resumed = store.crawl(resumed_id - 1), store.crawl(resumed_id)
    finally:
        store.close()
    assert killed["status"] == "interrupted"
    assert resumed["status"] == "complete"
    settings = json.loads(resumed["settings"])
    assert settings["resumed_from"] == killed["id"]
    # Most of what the killed crawl had fetched was not asked for again.
    assert settings["replayed_pages"] >= killed_pages * 0.8
    assert findings_of(db, resumed_id) == findings_of(clean_db, clean_id)
    assert not (tmp_path / "r.db.resume").exists()  # a complete crawl leaves nothing behind


def test_a_fresh_crawl_discards_an_old_replay_cache(replica, tmp_path):  # noqa: F811
    url, _ = replica
    db = tmp_path / "f.db"
    stale = state_dir(str(db), url) / "junk"
    stale.mkdir(parents=True)
    proc = subprocess.run(crawl_args(url, db, False), capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert not stale.exists() and not (tmp_path / "f.db.resume").exists()
