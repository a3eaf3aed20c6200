"""Presence-only lists on a re-audit (crawler/incremental.py `presence_only_lists`): the first
page of a complete, non-empty 制度 / 依申请公开 / 机构职能 list is taken from the cache, and a
list one of whose entries is asked again anyway (a failure, an accused page) is asked too, so an
entry the department took off the list is not accused again from an old copy."""

from __future__ import annotations

import pytest

from checks.runner import run_checks
from crawler.incremental import REUSE_CATEGORIES, presence_only_lists
from ground.store import Store
from replica.generator import build_site
from replica.server import start

from .test_incremental import DAY, crawl
from .test_incremental_changes import Edited

GONE = (404, "text/html; charset=utf-8", "<html><body>页面不存在</body></html>".encode())


class Served(Edited):
    """The replica's pages, recording every path the server answered (304s included)."""

    def __init__(self, pages, edits: dict):
        super().__init__(pages, edits)
        self.asked: list[str] = []

    def __getitem__(self, path):
        self.asked.append(path)
        return super().__getitem__(path)


def _walk(columns):
    for col in columns:
        yield col
        yield from _walk(col.children)


def _findings(store: Store, audit_id: int) -> set:
    return {(f["rule"], f["fingerprint"], f["status"]) for f in store.findings(audit_id)}


def _lists(store: Store, crawl_id: int, category: str) -> list[str]:
    return [url for (url,) in store.db.execute(
        "select url from columns where crawl_id = ? and category = ? and role = 'column' "
        "and list_status = 'ok' and item_count > 0", [crawl_id, category])]


def _path(url: str, base: str) -> str:
    return "/" + url[len(base):].lstrip("/")


@pytest.mark.timeout(600)
def test_org_lists_are_not_asked_again_and_the_findings_are_the_same(tmp_path):
    db = tmp_path / "audit.db"
    site = build_site(seed=7, size="small", as_of=DAY)
    site.pages = served = Served(site.pages, {})
    with start(site) as server:
        first = crawl(server.url, db)
        store = Store(db)
        try:
            found_first = _findings(store, run_checks(store, first, DAY))
            org = _lists(store, first, "org")
        finally:
            store.close()
        reused = set(presence_only_lists(db, server.url))
        served.asked.clear()
        second = crawl(server.url, db)
    asked = set(served.asked)
    assert "org" in REUSE_CATEGORIES and len(org) > 10
    org_paths = {_path(url, server.url) for url in org}
    # Every complete, non-empty 机构职能 list was taken from the cache: not one request.
    assert {_path(url, server.url) for url in reused} >= org_paths
    assert not org_paths & asked, sorted(org_paths & asked)
    # ... while the lists whose newest entries matter were asked again (a 304 each).
    store = Store(db)
    try:
        judged = _lists(store, first, "policy") + _lists(store, first, "annual-report")
        assert judged and {_path(url, server.url) for url in judged} <= asked
        # The re-audit holds the same 机构职能 lists, entry for entry, and the same findings.
        for crawl_id in (first, second):
            assert sorted(_lists(store, crawl_id, "org")) == sorted(org)
        entries = [store.db.execute(
            "select count(*) from items i join columns c on c.crawl_id = i.crawl_id "
            "and c.key = i.column_key where i.crawl_id = ? and c.category = 'org'",
            [crawl_id]).fetchone()[0] for crawl_id in (first, second)]
        assert entries[0] == entries[1] > len(org)
        assert _findings(store, run_checks(store, second, DAY)) == found_first
    finally:
        store.close()


@pytest.mark.timeout(600)
def test_a_dead_entry_taken_off_a_presence_only_list_is_not_accused_again(tmp_path):
    """A 机构职能 article answers 404 (link.broken); the department then takes its entry off the
    list. The list is asked again on the re-audit (a copy would still show the entry, the
    404 would be asked again and accused again) and the dead page is no longer asked."""
    site = build_site(seed=7, size="small", as_of=DAY)
    col = next(c for u in site.units for c in _walk(u.columns) if c.category == "org"
               and c.role == "column" and c.template == "ul_new" and len(c.items) >= 2
               and not c.placeholder)
    dead = col.items[0].path
    name = dead.rsplit("/", 1)[1].encode()
    site.pages = served = Served(site.pages, {dead: GONE})
    db = tmp_path / "audit.db"
    with start(site) as server:
        first = crawl(server.url, db)
        store = Store(db)
        try:
            audit = run_checks(store, first, DAY)
            accused = {f["url"] for f in store.findings(audit) if f["status"] == "fail"}
            lists = [url for url in _lists(store, first, "org") if _path(url, server.url)
                     in (col.path, col.path + "index.html")]
        finally:
            store.close()
        dead_url = server.url.rstrip("/") + dead
        assert dead_url in accused, "the dead 机构职能 article is not accused"
        assert len(lists) == 1
        reused = presence_only_lists(db, server.url)
        # The department takes the dead entry off the list (same URL, one line less).
        status, ctype, body = site.pages[col.path]
        fixed = b"\n".join(line for line in body.split(b"\n") if name not in line)
        assert fixed != body
        served.edits.update({col.path: (status, ctype, fixed),
                             col.path + "index.html": (status, ctype, fixed)})
        served.asked.clear()
        second = crawl(server.url, db)
    store = Store(db)
    try:
        findings = store.findings(run_checks(store, second, DAY))
    finally:
        store.close()
    # Not accused again of a dead link the portal no longer shows ...
    assert dead_url not in {f["url"] for f in findings if f["status"] == "fail"}
    assert dead not in served.asked  # ... not even asked ...
    assert _path(lists[0], server.url) in served.asked  # ... because the list was read again.
    # Why: the list was left out of the reused ones, the other presence-only lists were not.
    assert lists[0] not in reused and len(reused) > 10
