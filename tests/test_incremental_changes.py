"""Incremental re-audit of a portal that changed between the runs: what changed is read again,
never copied from the previous run (crawler/reuse.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pytest

from checks.runner import run_checks
from ground.store import Store
from replica.generator import build_site
from replica.server import start

from .test_incremental import DAY, crawl

MARK = "【本文已更正】"


class Edited(Mapping):
    """The replica's pages with some paths answered differently (what a CMS does when an
    editor saves a page)."""

    def __init__(self, pages, edits: dict):
        self.pages, self.edits = pages, edits

    def __getitem__(self, path):
        return self.edits[path] if path in self.edits else self.pages[path]

    def __contains__(self, path):
        return path in self.edits or path in self.pages

    def __iter__(self):
        return iter(set(self.pages) | set(self.edits))

    def __len__(self):
        return len(set(self.pages) | set(self.edits))


def _path(url: str, base: str) -> str:
    assert url.startswith(base), url
    return "/" + url[len(base):].lstrip("/")


def _edited_article(store: Store, crawl_id: int, site, base: str):
    """An article whose entry is on its column's first list page (revalidated on every
    re-audit): that entry's title and the article's text are edited."""
    rows = store.db.execute(
        "select i.url, i.title, c.url, t.text from items i join columns c on c.crawl_id = "
        "i.crawl_id and c.key = i.column_key join pages p on p.crawl_id = i.crawl_id and "
        "p.url = i.url join texts t on t.crawl_id = i.crawl_id and t.url = i.url and "
        "t.kind = 'html' where i.crawl_id = ? and p.role = 'article' and p.status = 200 "
        "and c.category not in ('rules', 'on-request') order by i.id", [crawl_id]).fetchall()
    for url, title, list_url, text in rows:
        status, ctype, listing = site.pages[_path(list_url, base)]
        status_a, ctype_a, article = site.pages[_path(url, base)]
        old_title = title.encode("utf-8")
        words = [w for w in text.split() if len(w) >= 12]
        name = url.rsplit("/", 1)[-1].encode()  # lists link their entries relatively
        if not words or old_title not in listing or listing.count(name) != 1:
            continue
        snippet = words[len(words) // 2][:12].encode("utf-8")
        if article.count(snippet) != 1:
            continue
        new_title = (title + "（修订）").encode("utf-8")
        return url, title + "（修订）", {
            _path(list_url, base): (status, ctype, listing.replace(old_title, new_title)),
            _path(url, base): (status_a, ctype_a,
                               article.replace(snippet, snippet + MARK.encode("utf-8"))),
        }
    pytest.fail("no article entry to edit in the replica")


@pytest.mark.timeout(600)
def test_reaudit_reads_again_what_changed_and_never_replays_a_failure(tmp_path):
    db = tmp_path / "audit.db"
    site = build_site(seed=7, size="small", as_of=DAY)
    with start(site) as server:
        first = crawl(server.url, db)
        store = Store(db)
        try:
            url, new_title, edits = _edited_article(store, first, site, server.url)
            # A link the first audit found broken (404): the portal has repaired it since.
            broken = store.db.execute(
                "select url from pages where crawl_id = ? and status = 404 and role in "
                "('attachment', 'article') and url like ? order by id limit 1",
                [first, server.url + "%"]).fetchone()[0]
            broken_first = {f["url"] for f in store.findings(run_checks(store, first, DAY))
                            if f["rule"] == "link.broken"}
        finally:
            store.close()
        assert broken in broken_first
        edits[_path(broken, server.url)] = (200, "text/html; charset=utf-8",
                                            "<html><body><p>已修复</p></body></html>".encode())
        site.pages = Edited(site.pages, edits)
        second = crawl(server.url, db)
    store = Store(db)
    try:
        settings = json.loads(store.crawl(second)["settings"])
        assert settings["reused_from"] == first and settings["copied_pages"] > 0
        # The edited entry and its article were read again: the new title, the new text.
        text = store.db.execute("select text from texts where crawl_id = ? and url = ? and "
                                "kind = 'html'", [second, url]).fetchone()[0]
        assert MARK in text
        titles = {t for (t,) in store.db.execute(
            "select title from items where crawl_id = ? and url = ?", [second, url])}
        assert new_title in titles
        # The first run's facts are history: untouched.
        old = store.db.execute("select text from texts where crawl_id = ? and url = ? and "
                               "kind = 'html'", [first, url]).fetchone()[0]
        assert MARK not in old
        # The repaired link was asked again (a stored 404 is never replayed): no accusation.
        assert store.page(second, broken)["status"] == 200
        findings = store.findings(run_checks(store, second, DAY))
        assert broken not in {f["url"] for f in findings if f["rule"] == "link.broken"}
    finally:
        store.close()
