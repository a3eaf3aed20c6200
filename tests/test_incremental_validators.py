"""Incremental re-audit of portals that do not help it: no ETag or Last-Modified at all, or a
Last-Modified that changes on every answer (both common on real TRS, Hanweb and home-grown
portals). Nothing can be answered 304, so the re-audit asks every structural page outright;
it must still find exactly what the first audit found, and still trust the deeper list pages
of a list whose first page shows the same entries (crawler/revalidate.py)."""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from email.utils import formatdate

import pytest

from ground.store import Store
from replica.generator import build_site
from replica.server import Counts, _handler

from .loopback import serve
from .test_incremental import DAY, assert_same_facts, audit, crawl
from .test_incremental_changes import Edited, _entries, _pages_of, _relist

LATER_PAGE = re.compile(r"/index_\d+\.html$")


def _portal(site, validators: str):
    """A handler serving `site` that ignores conditional requests and sends no ETag, and no
    Last-Modified (`none`) or a new one on every answer (`churning`); with the paths asked."""
    asked: list[str] = []
    lock = threading.Lock()
    tick = itertools.count()

    class Portal(_handler(site, Counts())):
        def _answer(self, with_body):
            for name in ("If-None-Match", "If-Modified-Since"):
                del self.headers[name]
            with lock:
                asked.append(self.path)
            super()._answer(with_body)

        def send_header(self, keyword, value):
            if keyword == "ETag" or (keyword == "Last-Modified" and validators == "none"):
                return
            if keyword == "Last-Modified":
                value = formatdate(time.time() + next(tick), usegmt=True)
            super().send_header(keyword, value)

    return Portal, asked


@pytest.mark.timeout(900)
@pytest.mark.parametrize("validators", ["none", "churning"])
def test_reaudit_without_validators_finds_the_same_and_trusts_unchanged_lists(tmp_path,
                                                                             validators):
    db = tmp_path / "audit.db"
    site = build_site(seed=7, size="small", as_of=DAY)
    # One list sorted oldest-first, as some portals do: its order says nothing about where a
    # new entry would go.
    oldest = "/xxgk_13648/fdzdgknr/zfwj/xzfwj/"
    rows = [r for p in _pages_of(site, oldest) for r in _entries(site.pages[p][2])]
    site.pages = Edited(site.pages, _relist(site, oldest, rows[::-1]))
    handler, asked = _portal(site, validators)
    with serve(handler) as url:
        first = crawl(url, db)
        full = len(asked)
        second = crawl(url, db)
        again = asked[full:]
    assert any(LATER_PAGE.search(path) for path in asked[:full])  # the replica has paged lists
    # Every structural page was asked outright (no 304 possible) ...
    store = Store(db)
    try:
        row = store.crawl(second)
        assert row["not_modified"] == 0 and row["requests"] >= len(again)
        work = json.loads(row["settings"])
    finally:
        store.close()
    assert work["reused_from"] == first and work["copied_pages"] > 0
    # ... the deeper pages of newest-first lists whose first page showed the same entries
    # were not, nor any unchanged article: the re-audit still asks far less than the first
    # audit. The oldest-first list has its deeper pages asked again.
    assert "/xwzx/jryw/index_1.html" in asked[:full]
    assert [path for path in again if LATER_PAGE.search(path)] == [oldest + "index_1.html"]
    assert len(again) < 0.5 * full
    # And it found exactly what the first audit found, fact for fact.
    assert_same_facts(db, first, second)
    found_first, verdict_first = audit(db, first)
    found_second, verdict_second = audit(db, second)
    assert found_first and found_second == found_first
    assert verdict_second == verdict_first


def _page(body: str, url: str = "http://127.0.0.1:1/xwzx/tzgg/"):
    from scrapy.http import HtmlResponse

    return HtmlResponse(url, status=200, body=body.encode("utf-8"), encoding="utf-8")


LIST = ('<html><body><p>访问量：{hits}</p><ul class="list">{rows}</ul>'
        '<script>createPageHTML({pages}, 0, "index", "html");</script></body></html>')
ROW = '<li><a href="./202611/t2026111{n}_{n}.html" title="通知{n}">通知{n}</a><span>2026-11-1{n}</span></li>'


def test_a_first_page_with_a_visit_counter_is_unchanged_when_its_entries_are():
    from crawler.revalidate import same_list

    rows = "".join(ROW.format(n=n) for n in (5, 4, 3))
    old = _page(LIST.format(hits=101, rows=rows, pages=3))
    assert same_list(old, _page(LIST.format(hits=102, rows=rows, pages=3)))
    newer = "".join(ROW.format(n=n) for n in (6, 5, 4))
    assert not same_list(old, _page(LIST.format(hits=102, rows=newer, pages=3)))
    assert not same_list(old, _page(LIST.format(hits=102, rows=rows, pages=4)))  # a page more
    assert not same_list(None, old)  # nothing stored: nothing to compare with
