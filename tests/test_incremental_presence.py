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
            audit = run_checks(store, first, DAY)
            found_first = _findings(store, audit)
            named = {f["unit_key"] for f in store.findings(audit) if f["status"] == "fail"}
            org = _lists(store, first, "org")
            units = dict(store.db.execute("select url, unit_key from columns where crawl_id = ?",
                                          [first]))
        finally:
            store.close()
        reused = set(presence_only_lists(db, server.url))
        served.asked.clear()
        second = crawl(server.url, db)
    asked = set(served.asked)
    assert "org" in REUSE_CATEGORIES and len(org) > 10
    quiet = {_path(url, server.url) for url in org if units[url] not in named}
    accused = {_path(url, server.url) for url in org if units[url] in named}
    assert len(quiet) > 10 and accused
    # Every complete, non-empty 机构职能 list of a unit no accusation names was taken from the
    # cache: not one request ...
    assert {_path(url, server.url) for url in reused} >= quiet
    assert not quiet & asked, sorted(quiet & asked)
    # ... while a unit the last audit accuses has its 机构职能 list asked (a report filed there
    # would answer annual-report.missing or budget.missing).
    assert accused <= asked
    # The lists whose newest entries matter were asked again (a 304 each).
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
        # Every list taken unasked is stored as a copy (no absence rule may rest on it), and
        # only those: the first crawl has none, the lists asked again are no copies.
        copies = {_path(url, server.url) for (url,) in store.db.execute(
            "select url from columns where crawl_id = ? and list_copy = 1", [second])}
        assert copies >= quiet and not copies & asked
        assert not store.db.execute("select count(*) from columns where crawl_id = ? "
                                    "and list_copy is not null", [first]).fetchone()[0]
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
            lists = [url for url in _lists(store, first, "org") if _path(url, server.url)
                     in (col.path, col.path + "index.html")]
        finally:
            store.close()
        assert len(lists) == 1
        # Not audited in between: no accusation names the unit, the failure alone decides.
        reused = presence_only_lists(db, server.url)
        # The department takes the dead entry off the list (same URL, one line less).
        status, ctype, body = site.pages[col.path]
        fixed = b"\n".join(line for line in body.split(b"\n") if name not in line)
        assert fixed != body
        served.edits.update({col.path: (status, ctype, fixed),
                             col.path + "index.html": (status, ctype, fixed)})
        served.asked.clear()
        second = crawl(server.url, db)
    dead_url = server.url.rstrip("/") + dead
    store = Store(db)
    try:
        before = store.findings(run_checks(store, first, DAY))
        after = store.findings(run_checks(store, second, DAY))
    finally:
        store.close()
    assert dead_url in {f["url"] for f in before if f["status"] == "fail"}, \
        "the dead 机构职能 article was not accused in the first place"
    # Not accused again of a dead link the portal no longer shows ...
    assert dead_url not in {f["url"] for f in after if f["status"] == "fail"}
    assert dead not in served.asked  # ... not even asked ...
    assert _path(lists[0], server.url) in served.asked  # ... because the list was read again.
    # Why: the list was left out of the reused ones, the other presence-only lists were not.
    assert lists[0] not in reused and len(reused) > 10


@pytest.mark.timeout(600)
def test_a_report_filed_in_the_accused_units_org_list_answers_the_missing_report(tmp_path):
    """A unit accused of a missing annual report files it in its 机构职能 list (an odd column:
    annual-report.missing looks in every list). That list is asked on the re-audit, since an
    accusation names its unit, and the report is found."""
    site = build_site(seed=7, size="small", as_of=DAY)
    site.pages = served = Served(site.pages, {})
    db = tmp_path / "audit.db"
    with start(site) as server:
        first = crawl(server.url, db)
        store = Store(db)
        try:
            missing = [f for f in store.findings(run_checks(store, first, DAY))
                       if f["rule"] == "annual-report.missing" and f["status"] == "fail"]
        finally:
            store.close()
        assert missing, "the replica plants a missing annual report"
        unit_key, unit_name = missing[0]["unit_key"], missing[0]["unit_name"]
        year = missing[0]["evidence"]["report_year"]
        unit = next(u for u in site.units if u.path == unit_key)
        col = next(c for c in _walk(unit.columns) if c.category == "org" and c.items)
        # The report, as a page of the 机构职能 list: a copy of one of its articles and of that
        # article's list entry, retitled and renamed.
        old = col.items[0]
        name = old.path.rsplit("/", 1)[1]
        report = old.path.replace(name, "t20260120_9900001.html")
        title = f"{unit_name}{year}年政府信息公开工作年度报告"
        status, ctype, body = site.pages[old.path]
        page = body.replace(old.title.encode(), title.encode())
        assert page != body
        status, ctype, listing = site.pages[col.path]
        lines = listing.split(b"\n")
        at = next(i for i, line in enumerate(lines) if name.encode() in line)
        entry = lines[at].replace(name.encode(), b"t20260120_9900001.html").replace(
            old.title.encode(), title.encode())
        fixed = b"\n".join(lines[:at] + [entry] + lines[at:])
        served.edits.update({report: (status, ctype, page), col.path: (status, ctype, fixed),
                             col.path + "index.html": (status, ctype, fixed)})
        served.asked.clear()
        second = crawl(server.url, db)
    store = Store(db)
    try:
        after = store.findings(run_checks(store, second, DAY))
    finally:
        store.close()
    assert not [f for f in after if f["rule"] == "annual-report.missing"
                and f["unit_key"] == unit_key and f["status"] == "fail"]
    assert report in served.asked
