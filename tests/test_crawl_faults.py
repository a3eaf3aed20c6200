"""Fault mode: the replica misbehaves (5xx bursts, resets, truncated bodies, timeouts, slow
pages, a GBK page labelled UTF-8, tag soup, challenges, traps) and the audit still completes,
retries what is worth retrying, stays inside its limits and reports the clean audit's findings
plus integrity notes (未能核验) for what lay behind pages that never answered.

Both replicas are served from threads of the test process (the fault plan's counters are read
directly); the crawls run in subprocesses.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from checks.runner import run_checks
from ground.store import Store
from replica import server
from replica.faults import plan_for
from replica.generator import build_site
from tests.conftest import AS_OF

CODE = ("import sys, json; from crawler.run import run_crawl; "
        "print('CRAWL_ID', run_crawl(sys.argv[1], sys.argv[2], polite=False, progress=False, "
        "allow_private=True, extra_settings=json.loads(sys.argv[3])))")
SETTINGS = {"DOWNLOAD_TIMEOUT": 2, "GOVAUDIT_PAGE_MAXSIZE": 4 * 1024 * 1024}


def crawl(url: str, db, settings=SETTINGS) -> int:
    proc = subprocess.run([sys.executable, "-c", CODE, url, str(db), json.dumps(settings)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return int(proc.stdout.split("CRAWL_ID")[1].split()[0])


def audit(db, crawl_id):
    store = Store(str(db))
    try:
        return store.findings(run_checks(store, crawl_id, AS_OF))
    finally:
        store.close()


def key(f) -> tuple:
    return f["rule"], f["fingerprint"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    site = build_site(seed=7, size="small", as_of=dt.date.fromisoformat(AS_OF))
    plan = plan_for(site.manifest, timeout_s=3.0)
    tmp = tmp_path_factory.mktemp("faults")
    with server.start(site) as clean_srv:
        clean_id = crawl(clean_srv.url, tmp / "clean.db")
    with server.start(site, faults=plan) as fault_srv:
        fault_id = crawl(fault_srv.url, tmp / "fault.db")
        # Fingerprints use path+query for the site's own URLs: the two ports do not matter.
        yield {"plan": plan, "clean": audit(tmp / "clean.db", clean_id),
               "fault": audit(tmp / "fault.db", fault_id),
               "db": Store(str(tmp / "fault.db")), "crawl_id": fault_id, "url": fault_srv.url}


def test_every_fault_kind_was_injected(runs):
    injected = runs["plan"].injected
    for kind in ("503x2", "502", "reset", "truncate", "timeout", "slow", "gbk", "malformed",
                 "429", "521", "412", "wzws"):
        assert injected.get(kind), (kind, injected)


def test_crawl_completes_and_failures_are_recorded(runs):
    db, crawl_id, url = runs["db"], runs["crawl_id"], runs["url"]
    assert db.crawl(crawl_id)["status"] == "complete"
    pages = {p["url"]: p for p in db.db["pages"].rows_where("crawl_id = ?", [crawl_id])}
    plan = runs["plan"]
    errors = {path: pages[url.rstrip("/") + path]["error"] for path in plan.failing}
    assert errors == {
        next(iter(plan.always_429)): "blocked:429",
        next(iter(plan.challenge_521)): "blocked:521",
        next(iter(plan.challenge_412)): "blocked:412",
        next(iter(plan.wzws)): "blocked:wzws",
    }
    # Transient faults were retried into ordinary pages.
    for path, kind in plan.transient.items():
        page = pages.get(url.rstrip("/") + path)
        if page is not None:
            assert (page["status"], page["error"]) == (200, None), (path, kind, page)
    # Traps in the footer are recorded as links, never walked.
    assert not [u for u in pages if "/calendar/" in u or "/loop/" in u or "huge.zip" in u]


def test_findings_are_the_clean_ones_plus_integrity_notes(runs):
    clean = {key(f): f for f in runs["clean"]}
    fault = {key(f): f for f in runs["fault"]}
    hidden = tuple(runs["plan"].failing)

    def behind_failure(f) -> bool:
        # The evidence counts too: a cross-check (e.g. annual report vs the 双公示 list) rests on
        # another column's list, and is not judged when that list could not be read.
        where = " ".join(str(f.get(k) or "") for k in ("url", "column_url", "unit_key",
                                                       "column_key", "fingerprint", "evidence"))
        return any(path in where for path in hidden)

    extra = [f for k, f in fault.items() if k not in clean]
    assert extra and all(f["rule"] == "audit.unverified" and f["status"] == "unverified"
                         for f in extra), [(f["rule"], f["message"]) for f in extra]
    lost = [f for k, f in clean.items() if k not in fault]
    assert all(behind_failure(f) for f in lost), [(f["rule"], f["message"]) for f in lost]
    assert len(lost) < len(clean) // 4


def test_no_empty_or_missing_column_rests_on_a_failed_page(runs):
    db, crawl_id = runs["db"], runs["crawl_id"]
    failed_pages = {p["url"] for p in db.db["pages"].rows_where(
        "crawl_id = ? and (error is not null or status >= 400)", [crawl_id])}
    columns = {c["key"]: c for c in db.db["columns"].rows_where("crawl_id = ?", [crawl_id])}
    units = {u["key"]: u for u in db.db["units"].rows_where("crawl_id = ?", [crawl_id])}
    for f in runs["fault"]:
        if f["rule"] not in ("column.empty", "column.missing"):
            continue
        col = columns.get(f.get("column_key") or "")
        if col is not None:
            assert col["list_status"] == "ok", f
            assert col["url"] not in failed_pages, f
        unit = units.get(f.get("unit_key") or "")
        if unit is not None:
            assert unit["url"] not in failed_pages, f


def test_limits_hold_on_traps(runs, tmp_path):
    url = runs["url"]
    crawl_id = crawl(url + "download/huge.zip", tmp_path / "huge.db",
                     {**SETTINGS, "DOWNLOAD_MAXSIZE": 8 * 1024 * 1024})
    store = Store(str(tmp_path / "huge.db"))
    try:
        home = next(store.db["pages"].rows_where("crawl_id = ?", [crawl_id]))
        assert home["error"] == "too-large", home
        loop_id = crawl(url + "loop/a/", tmp_path / "huge.db")
        home = next(store.db["pages"].rows_where("crawl_id = ? and role = 'home'", [loop_id]))
        assert home["error"] and home["status"] is None, home
    finally:
        store.close()
